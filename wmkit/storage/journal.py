"""The journal beside a store file: one checksummed line of changes per step, appended.

Rewriting a whole 2.5 MB store file after every step costs more than the step itself;
appending what the step changed costs a fraction of it. ``<store>.journal`` holds lines
of ``<crc32 as 8 hex digits> <JSON>\\n``: the first is a header naming the snapshot the
journal continues (its ``base`` token), each further line is one step's frame. JSON
escapes every newline inside strings, so a line is a frame.

A process killed while appending leaves at most one torn last line: its checksum (or
its missing newline) gives it away, and reading stops there, so the store reopens as it
was after the last whole step. A journal whose header names another snapshot is stale
(the process died between writing a new snapshot and starting its journal) and is
ignored.

In a browser (JupyterLite's Pyodide) a file reaches the browser's storage only when it
is closed, so there the journal is opened for each line and closed again after it;
elsewhere it stays open while the store is.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path
from typing import Any

from . import jsonio

JOURNAL_FORMAT = "wmkit-journal"


def encode_line(value: Any) -> bytes:
    payload = jsonio.dumps(value)
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def _decode_lines(raw: bytes) -> tuple[list[Any], list[int]]:
    """The decoded whole, intact lines from the start, and the offset where each ends."""
    values: list[Any] = []
    ends: list[int] = []
    end = 0
    while True:
        newline = raw.find(b"\n", end)
        if newline < 0:
            break
        line = raw[end:newline]
        payload = line[9:]
        try:
            intact = line[8:9] == b" " and int(line[:8], 16) == zlib.crc32(payload)
            value = jsonio.loads(payload) if intact else None
        except ValueError:
            intact = False
        if not intact:
            break
        values.append(value)
        end = newline + 1
        ends.append(end)
    return values, ends


class Journal:
    """``<store>.journal``: read once at open, then appended to while the store is open."""

    def __init__(self, store_path: Path) -> None:
        self.path = store_path.with_name(store_path.name + ".journal")
        self._fd: int | None = None
        # JupyterLite keeps what a file holds only once it is closed (see above).
        self._close_after_each_line = sys.platform == "emscripten"
        self.size = 0  # bytes of whole lines, header included; 0: no journal in use
        self._header_size = 0

    def read(self, base: str) -> list[Any]:
        """The frames written after the snapshot ``base``; [] if there is no journal for it.

        Remembers how far the intact lines go, so that :meth:`resume` cuts a torn tail.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        lines, ends = _decode_lines(raw)
        header = lines[0] if lines else None
        if (
            not isinstance(header, dict)
            or header.get("format") != JOURNAL_FORMAT
            or header.get("base") != base
        ):
            return []
        self._header_size, self.size = ends[0], ends[-1]
        return lines[1:]

    @property
    def has_frames(self) -> bool:
        """True when the journal holds a step that its snapshot does not."""
        return self.size > self._header_size

    def resume(self) -> None:
        """Append after the intact lines :meth:`read` found (cutting a torn tail off)."""
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            os.ftruncate(fd, self.size)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._release()

    def start(self, base: str) -> None:
        """Begin an empty journal for the snapshot ``base`` (replacing any older one)."""
        self.forget()
        header = encode_line({"format": JOURNAL_FORMAT, "version": 1, "base": base})
        # A new file rather than a truncated one: ext4 flushes a file truncated to zero
        # and rewritten when it is closed, which costs milliseconds.
        self.path.unlink(missing_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o644)
        self._fd = fd
        self.append_line(header)
        self._header_size = self.size

    def _release(self) -> None:
        """Close the file between lines where only a closed file is kept (a browser)."""
        if self._close_after_each_line:
            self.close()

    def append_line(self, line: bytes) -> None:
        """Write one line from :func:`encode_line` whole, or leave the file as it was."""
        if self._fd is None:  # closed after the last line (a browser)
            assert self.size, "the journal was not started or resumed"
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            view = memoryview(line)
            try:
                while view:
                    view = view[os.write(self._fd, view) :]
            except BaseException:
                os.ftruncate(self._fd, self.size)  # no half line for the next to follow
                raise
            self.size += len(line)
        finally:
            self._release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def forget(self) -> None:
        """Stop using the journal, leaving its file as it is (the next save compacts)."""
        self.close()
        self.size = self._header_size = 0

    def remove(self) -> None:
        """Close and delete the journal (its snapshot now holds everything)."""
        self.forget()
        self.path.unlink(missing_ok=True)
