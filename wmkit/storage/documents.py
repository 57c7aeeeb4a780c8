"""What a file store holds, kept in memory in the form that is cheapest to update.

A work that has not changed since the file was read (or last compacted) is kept as the
whole record read from the file. A work saved since is kept as its two parts
(:mod:`wmkit.storage.codec`): its static part, the very dict cached in its row, and its
dynamic part. A save of a row whose cached static part is the one held here writes only
the dynamic part: one identity test instead of comparing every field.

A save is two moves: :meth:`Documents.change` describes the step as a journal frame
without touching anything, and :meth:`Documents.apply` takes it in once the frame is
on disk, so a write that fails leaves the documents as the file has them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..engine.lifecycle import EngineMeta
from ..work.work_spec import WorkSpec
from . import codec

Record = dict[str, Any]
_DYNAMIC_KEYS = codec.DYNAMIC_KEYS


def _static_part(record: Record) -> Record:
    return {k: v for k, v in record.items() if k not in _DYNAMIC_KEYS}


@dataclass
class Change:
    """One step, described: the journal frame and what :meth:`Documents.apply` takes in."""

    frame: dict[str, Any]
    meta: Record
    dynamic: list[tuple[int, Record]] = field(default_factory=list)
    static: dict[int, Record] = field(default_factory=dict)
    gone: list[int] = field(default_factory=list)


class Documents:
    """The meta document and every work's record, by doc id."""

    def __init__(self, meta: Record, records: dict[int, Record]) -> None:
        self.meta = meta
        self._records = records  # whole records, as read or compacted
        self._static: dict[int, Record] = {}  # parts of the works saved since
        self._dynamic: dict[int, Record] = {}

    @classmethod
    def of_file(cls, parsed: dict[str, Any]) -> Documents:
        """The documents of a checked store file (``read_store_file``)."""
        works = parsed.get("works", {})
        return cls(parsed["meta"]["1"], {int(key): record for key, record in works.items()})

    def replay(self, frames: Iterable[dict[str, Any]]) -> None:
        """Take in journal frames, oldest first (KeyError: a frame about a missing work)."""
        records, statics, dynamics = self._records, self._static, self._dynamic
        for frame in frames:
            self.meta.update(frame["meta"])
            for doc_id, record in frame.get("put", ()):
                records[doc_id] = record
                statics.pop(doc_id, None)
                dynamics.pop(doc_id, None)
            for doc_id, dynamic in frame.get("set", ()):
                if doc_id not in statics:
                    statics[doc_id] = _static_part(records.pop(doc_id))
                dynamics[doc_id] = dynamic
            for doc_id in frame.get("del", ()):
                self._forget(doc_id)

    def rows(self) -> list[WorkSpec]:
        """Every work as a new row."""
        read = codec.work_from_record
        rows = [read(record, doc_id) for doc_id, record in self._records.items()]
        dynamics = self._dynamic
        rows += [read({**s, **dynamics[doc_id]}, doc_id) for doc_id, s in self._static.items()]
        return rows

    def change(
        self, meta: EngineMeta, changed: Iterable[WorkSpec], deleted: Iterable[int]
    ) -> Change:
        """The step that saves ``meta``, the ``changed`` rows and the ``deleted`` doc ids."""
        meta_record = codec.meta_record(meta)
        meta_record["base"] = self.meta.get("base")
        held = self.meta.get
        change = Change(
            {"meta": {k: v for k, v in meta_record.items() if held(k) != v}}, meta_record
        )
        moved = change.static
        dynamic_rows = change.dynamic
        puts: list[tuple[int, Record]] = []
        held_static = self._static.get
        dynamic_record = codec.dynamic_record
        for spec in changed:
            doc_id = spec.doc_id
            dynamic = dynamic_record(spec)
            dynamic_rows.append((doc_id, dynamic))
            static = spec.static_record
            if static is None or held_static(doc_id) is not static:
                static = codec.static_record(spec)
                moved[doc_id] = static
                if self._static_of(doc_id) != static:
                    puts.append((doc_id, {**static, **dynamic}))
        if puts:
            put_ids = {doc_id for doc_id, _ in puts}
            change.frame["put"] = puts
            change.frame["set"] = [row for row in dynamic_rows if row[0] not in put_ids]
        elif dynamic_rows:
            change.frame["set"] = dynamic_rows
        records, statics = self._records, self._static
        change.gone = [
            d for d in deleted if (d in records or d in statics) and d not in moved
        ]
        if change.gone:
            change.frame["del"] = change.gone
        return change

    def _static_of(self, doc_id: int) -> Record | None:
        static = self._static.get(doc_id)
        if static is None:
            record = self._records.get(doc_id)
            static = None if record is None else _static_part(record)
        return static

    def apply(self, change: Change) -> None:
        """Take in a step whose frame is on disk."""
        self.meta = change.meta
        self._dynamic.update(change.dynamic)
        self._static.update(change.static)
        records = self._records
        for doc_id in change.static:
            records.pop(doc_id, None)
        for doc_id in change.gone:
            self._forget(doc_id)

    def _forget(self, doc_id: int) -> None:
        self._records.pop(doc_id, None)
        self._static.pop(doc_id, None)
        self._dynamic.pop(doc_id, None)

    def snapshot(self) -> dict[str, Any]:
        """The whole store in TinyDB's layout: ``{"meta": {"1": ...}, "works": {...}}``."""
        works = {str(doc_id): record for doc_id, record in self._records.items()}
        dynamics = self._dynamic
        works.update((str(doc_id), {**s, **dynamics[doc_id]}) for doc_id, s in self._static.items())
        return {"meta": {"1": self.meta}, "works": works}
