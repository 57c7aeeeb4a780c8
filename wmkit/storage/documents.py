"""A store file's documents as dicts: read, with the journal's steps replayed, and laid out.

Used when a file store opens (to build the rows) and when it closes (to fold the
journal into the file from what is on disk, whatever state the rows are in by then).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..work.work_spec import WorkSpec
from . import codec

Record = dict[str, Any]
_DYNAMIC_KEYS = codec.DYNAMIC_KEYS


class Documents:
    """The meta document and every work's record, by doc id."""

    def __init__(self, parsed: dict[str, Any]) -> None:
        """The documents of a checked store file (``read_store_file``)."""
        self.meta: Record = parsed["meta"]["1"]
        works = parsed.get("works", {})
        self.records = {int(key): record for key, record in works.items()}

    def replay(self, frames: Iterable[dict[str, Any]]) -> None:
        """Take in journal frames, oldest first (KeyError: a frame about a missing work)."""
        records = self.records
        for frame in frames:
            self.meta.update(frame["meta"])
            records.update((doc_id, record) for doc_id, record in frame.get("put", ()))
            for doc_id, dynamic in frame.get("set", ()):
                static = {k: v for k, v in records[doc_id].items() if k not in _DYNAMIC_KEYS}
                records[doc_id] = {**static, **dynamic}
            for doc_id in frame.get("del", ()):
                records.pop(doc_id, None)

    def rows(self) -> list[WorkSpec]:
        """Every work as a new row."""
        read = codec.work_from_record
        return [read(record, doc_id) for doc_id, record in self.records.items()]

    def layout(self) -> dict[str, Any]:
        """The store file, in TinyDB's layout: tables of documents keyed by id."""
        works = {str(doc_id): record for doc_id, record in self.records.items()}
        return {"meta": {"1": self.meta}, "works": works}
