"""``TinyDBStore``: the works in a TinyDB JSON file that a killed process cannot tear.

TinyDB's own ``JSONStorage`` rewrites its file in place, so a process killed mid-write
leaves half a file. Here every snapshot is written to a temporary file and renamed over
the store (``os.replace`` is atomic on POSIX), so the file on disk is always the last
complete snapshot. The file keeps TinyDB's layout (tables of documents keyed by id), so
``TinyDB(path)`` can read it.

Documents are encoded in chunks of 128 ids and each chunk's JSON is cached: a save
re-encodes only the chunks that hold changed works.

A sidecar ``<path>.lock`` (``flock``) refuses a second opener, in this process or another;
the lock dies with its process, so a killed kernel never leaves a store locked. Where
there are no file locks (Windows; Pyodide in JupyterLite, whose ``fcntl`` has no
``flock`` and whose browser tab is a single process) no lock file is made, and the
manager's own check still refuses a path already open in this kernel.
A file that is not a wmkit store (empty, corrupt, foreign) is refused before anything is
written, and left byte-for-byte untouched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from ..errors import StoreError
from .base import STORE_FORMAT, STORE_VERSION, StoredState

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks
    fcntl = None  # type: ignore[assignment]

_CHUNK = 128
_dumps = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


class _SnapshotStorage(Storage):
    """A TinyDB storage that reads a pre-validated document and writes atomically."""

    def __init__(self, path: str, preloaded: dict[str, Any] | None = None) -> None:
        self._path = Path(path)
        self._data = preloaded

    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self.write_text(_dumps(data))
        self._data = data

    def write_text(self, text: str) -> None:
        tmp = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, self._path)

    def close(self) -> None:
        self._data = None


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
        parsed = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _refuse(path, f"not valid JSON: {error}") from None
    meta_table = parsed.get("meta") if isinstance(parsed, dict) else None
    meta = meta_table.get("1") if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict) or meta.get("format") != STORE_FORMAT:
        raise _refuse(path, "it has no wmkit 'meta' document")
    if not isinstance(meta.get("version"), int) or meta["version"] > STORE_VERSION:
        raise StoreError(
            f"{path} was written by a newer wmkit (store version {meta.get('version')}); "
            f"this wmkit reads version {STORE_VERSION}. Upgrade wmkit."
        )
    if meta["version"] < STORE_VERSION:
        raise StoreError(
            f"{path} was written by an older wmkit (store version {meta['version']}); this "
            f"wmkit reads version {STORE_VERSION} and left the file untouched. Open a new "
            "path (e.g. 'mine2.wmk.json'), or delete the old file to start afresh."
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

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(os.fspath(path))
        if not self.path.parent.is_dir():
            raise StoreError(
                f"Cannot open {self.path}: the folder {self.path.parent} does not exist. "
                "Create it first (os.makedirs) or use a path in an existing folder."
            )
        # Check the file before taking the lock, so a foreign file never gets a lock file
        # beside it; then read it again if another process changed it meanwhile.
        seen = _identity(self.path)
        parsed = read_store_file(self.path)
        self._lock = _FileLock(self.path)
        if _identity(self.path) != seen:
            try:
                parsed = read_store_file(self.path)
            except BaseException:
                self._lock.release()
                raise
        self._db = TinyDB(str(self.path), storage=_SnapshotStorage, preloaded=parsed)
        self._storage: _SnapshotStorage = self._db.storage  # type: ignore[assignment]
        self._chunks: dict[int, dict[str, dict[str, Any]]] = {}
        self._chunk_text: dict[int, str] = {}

    def load(self) -> StoredState | None:
        if self._storage.read() is None:
            return None
        meta = dict(self._db.table("meta").get(doc_id=1) or {})
        # The works table straight from TinyDB's storage: 20 000 Documents wrapped and
        # copied again would double the cost of a reopen.
        table = self._storage.read() or {}
        works = {int(doc_id): record for doc_id, record in table.get("works", {}).items()}
        for doc_id, record in works.items():
            self._chunks.setdefault(doc_id // _CHUNK, {})[str(doc_id)] = record
        return StoredState(meta, works)

    def save(
        self, meta: dict[str, Any], changed: dict[int, dict[str, Any]], deleted: set[int]
    ) -> None:
        dirty: set[int] = set()
        for doc_id in deleted:
            chunk = self._chunks.get(doc_id // _CHUNK)
            if chunk is not None and chunk.pop(str(doc_id), None) is not None:
                dirty.add(doc_id // _CHUNK)
        for doc_id, record in changed.items():
            self._chunks.setdefault(doc_id // _CHUNK, {})[str(doc_id)] = record
            dirty.add(doc_id // _CHUNK)
        texts = self._chunk_text
        for key in dirty:
            chunk = self._chunks[key]
            if chunk:
                texts[key] = _dumps(chunk)[1:-1]
            else:
                texts.pop(key, None)
                del self._chunks[key]
        for key in self._chunks.keys() - texts.keys():  # loaded, never encoded yet
            texts[key] = _dumps(self._chunks[key])[1:-1]
        works = ",".join(texts[key] for key in sorted(texts))
        self._storage.write_text(
            f'{{"meta":{{"1":{_dumps(meta)}}},"works":{{{works}}}}}'
        )

    def close(self) -> None:
        self._db.close()
        self._lock.release()
