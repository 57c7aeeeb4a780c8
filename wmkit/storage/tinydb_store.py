"""``TinyDBStore``: the works in a TinyDB-layout JSON file that a killed process cannot tear.

What TinyDB does here, and what it does not. The store file has TinyDB's layout: a
table ``meta`` holding the meta document (id 1) and a table ``works`` holding one
document per work, keyed by its doc id. So ``TinyDB(path)`` opens a closed store,
queries it and may even change it (wmkit reads such a file like its own). wmkit itself
reads and writes the file without TinyDB: TinyDB's ``JSONStorage`` rewrites the whole
file in place on every write, which a killed process can tear and which costs a full
encode of every document per step.

Instead, a step's changes are appended to a journal beside the file
(:mod:`wmkit.storage.journal`): one checksummed line with the changed meta keys, the
works whose static part changed in full (``put``), only the dynamic part of the others
(``set``, see :mod:`wmkit.storage.codec`) and the deleted doc ids. Each step is atomic:
a line torn by a kill is ignored on reopen, which then replays every whole line. When
the journal would grow past twice the file (``journal_to_file_ratio``), the store
*compacts* inside that save: it writes the whole state to a temporary file, renames it
over the store (``os.replace`` is atomic on POSIX) and starts an empty journal. The
file's meta carries a random ``base`` token and the journal's header names it, so a
journal left from before a compaction is never replayed twice. ``close`` folds the
journal into the file too, so after it the file alone is the whole store and the
journal is gone. A power cut (not a killed process) may lose the last steps, as
nothing is fsynced.

A sidecar ``<path>.lock`` (``flock``) refuses a second opener, in this process or another;
the lock dies with its process, so a killed kernel never leaves a store locked. Where
there are no file locks (Windows; Pyodide in JupyterLite, whose ``fcntl`` has no
``flock`` and whose browser tab is a single process) no lock file is made, and the
manager's own check still refuses a path already open in this kernel.
A file that is not a wmkit store (empty, corrupt, foreign) is refused before anything is
written, and left byte-for-byte untouched.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..engine.lifecycle import EngineMeta
from ..errors import StoreError
from ..work.work_spec import WorkSpec
from . import codec, jsonio
from .base import StoredState
from .documents import Documents
from .journal import Journal, encode_line
from .open_rows import OpenRows

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks
    fcntl = None  # type: ignore[assignment]


def _refuse(path: Path, why: str) -> StoreError:
    return StoreError(
        f"{path} is not a wmkit store ({why}); it was left untouched. "
        "Pass a new path (e.g. 'lesson.wmk.json') or delete the file if it is yours."
    )


def read_store_file(path: Path) -> dict[str, Any] | None:
    """Parse and check an existing store file without changing it; None if absent."""
    if not path.exists():
        return None
    if path.is_dir():
        raise StoreError(f"{path} is a directory; give WorkManager a file path.")
    raw = path.read_bytes()
    if not raw.strip():
        raise _refuse(path, "the file is empty")
    try:
        parsed = jsonio.loads(raw)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        raise _refuse(path, f"not valid JSON: {error}") from None
    meta_table = parsed.get("meta") if isinstance(parsed, dict) else None
    meta = meta_table.get("1") if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != codec.STORE_FORMAT:
        raise _refuse(path, "it has no wmkit 'meta' document")
    version = meta.get("version")
    if type(version) is int and version < min(codec.READABLE_VERSIONS):
        raise StoreError(
            f"{path} was written by an older wmkit (store version {version}); this wmkit "
            f"reads versions {min(codec.READABLE_VERSIONS)} to {codec.STORE_VERSION} and left the "
            "file untouched. Open a new path "
            "(e.g. 'mine2.wmk.json'), or delete the old file to start afresh."
        )
    if type(version) is not int or version not in codec.READABLE_VERSIONS:
        raise StoreError(
            f"{path} was written by a newer wmkit (store version {version}); "
            f"this wmkit reads versions up to {codec.STORE_VERSION}. Upgrade wmkit."
        )
    if not isinstance(parsed.get("works", {}), dict):
        raise _refuse(path, "its 'works' table is not a table")
    return parsed


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What changes when a store file is replaced or rewritten (None: no file)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns)


class _FileLock:
    """An exclusive ``flock`` on ``<store>.lock``, held while the store is open."""

    def __init__(self, path: Path) -> None:
        self._fd: int | None = None
        flock = getattr(fcntl, "flock", None)  # Pyodide's fcntl has none
        if flock is None:
            return
        lock_path = path.with_name(path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise StoreError(
                f"{path} is already open in another WorkManager (in this process or "
                "another). Close that one first with manager.close(), or restart its kernel."
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


class TinyDBStore:
    """A file store. ``WorkManager("lesson.wmk.json")`` opens one."""

    #: The journal may grow to this many times the file's size (and to at least
    #: ``min_journal_bytes``) before the store writes the whole file again: the larger,
    #: the rarer that write, and the more a reopen after a crash reads (1 + ratio files).
    journal_to_file_ratio = 2.0
    min_journal_bytes = 256 * 1024

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(os.fspath(path))
        self._lock: _FileLock | None = None
        self._journal = Journal(self.path)
        self._rows = OpenRows({}, ())
        self._file_bytes = 0

    def open(self) -> StoredState | None:
        """Lock the file and read it, its journal replayed; None for a new store."""
        if self._lock is not None:
            raise StoreError(f"This TinyDBStore for {self.path} is open already.")
        if not self.path.parent.is_dir():
            raise StoreError(
                f"Cannot open {self.path}: the folder {self.path.parent} does not exist. "
                "Create it first (os.makedirs) or use a path in an existing folder."
            )
        # Check the file before taking the lock, so a foreign file never gets a lock file
        # beside it; then read it again if another process changed it meanwhile.
        seen = _identity(self.path)
        parsed = read_store_file(self.path)
        lock = _FileLock(self.path)
        try:
            if _identity(self.path) != seen:
                parsed = read_store_file(self.path)
            stored: StoredState | None = None
            self._rows = OpenRows({}, ())
            if parsed is not None:
                stored, meta_record = self._read(parsed)
                self._rows = OpenRows(meta_record, stored.works)
        except BaseException:
            self._journal.forget()
            lock.release()
            raise
        self._lock = lock
        return stored

    def _read(self, parsed: dict[str, Any]) -> tuple[StoredState, dict[str, Any]]:
        documents = self._replayed(parsed)
        try:
            meta, rows = codec.meta_from_record(documents.meta), documents.rows()
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StoreError(
                f"{self.path} holds a document that is not a wmkit record ({error!r}); "
                "it was left untouched. Was it edited by hand? Undo that edit to open it."
            ) from None
        if self._journal.size:
            self._journal.resume()  # appends go after the last whole line
        return StoredState(meta, rows), documents.meta

    def _replayed(self, parsed: dict[str, Any]) -> Documents:
        """The file's documents with the steps of its journal (if any) replayed."""
        self._file_bytes = self.path.stat().st_size
        documents = Documents(parsed)
        base = documents.meta.get("base")
        if isinstance(base, str):  # version 2: a journal may carry steps beyond the file
            try:
                documents.replay(self._journal.read(base))
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise StoreError(
                    f"The journal {self._journal.path} does not fit its store file "
                    f"({error!r}); both were left untouched. Move the journal away to open "
                    "the store as it was when its file was last written whole."
                ) from None
        return documents

    def save(self, meta: EngineMeta, changed: Iterable[WorkSpec], deleted: Iterable[int]) -> None:
        """Append one step's changes to the journal, or compact when it has grown."""
        rows, journal = self._rows, self._journal
        change = rows.change(meta, changed, deleted)
        if journal.size:
            line = encode_line(change.frame)
            limit = max(self._file_bytes * self.journal_to_file_ratio, self.min_journal_bytes)
            if journal.size + len(line) <= limit:
                journal.append_line(line)
                rows.apply(change)
                return
        rows.apply(change)
        base = rows.meta["base"] = secrets.token_hex(8)
        self._write_file(rows.file_text(), base)

    def _write_file(self, text: bytes, base: str, *, then_journal: bool = True) -> None:
        """Write ``text`` (whose meta names ``base``) as the whole store file, and start an
        empty journal for it. If that fails, the disk still holds the last step that was
        saved, and the next save writes the whole file again."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "wb") as handle:
                handle.write(text)
            os.replace(tmp, self.path)
        except BaseException:
            self._journal.forget()
            tmp.unlink(missing_ok=True)
            raise
        self._file_bytes = len(text)
        if then_journal:
            self._journal.start(base)

    def close(self) -> None:
        """Fold the journal into the file (so the file alone is the store) and unlock.

        The fold reads the file and the journal back from disk rather than the rows: a
        manager dropped in the middle of a step may hold rows that were never saved."""
        if self._lock is None:
            return
        try:
            if self._journal.has_frames:
                self._journal.close()
                parsed = read_store_file(self.path)
                assert parsed is not None, "the store file vanished while it was open"
                documents = self._replayed(parsed)
                base = documents.meta["base"] = secrets.token_hex(8)
                self._write_file(jsonio.dumps(documents.layout()), base, then_journal=False)
            self._journal.remove()
        finally:
            self._lock.release()
            self._lock = None
            self._rows = OpenRows({}, ())
