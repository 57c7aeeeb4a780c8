"""The rows an open file store holds, and a step's journal frame built from them.

While a file store is open it holds the engine's own row objects, by doc id (the rows
it read, then each row a save named), and for each the static part it last wrote: the
very dict cached in the row (:mod:`wmkit.storage.codec`). So a save of a row whose
cached static part is the one written needs only its dynamic part, after a single
identity test; and a compaction, which happens inside a save, encodes the rows as they
are at that commit, reusing the encoded entry of every row unchanged since the last
file. It keeps no record dicts (20 000 of them would be 80 000 more objects for every
cyclic collection to scan); encoded entries are bytes, which the collector ignores.

A save is two moves: :meth:`OpenRows.change` describes the step as a journal frame
without changing anything, and :meth:`OpenRows.apply` takes it in once the frame is on
disk, so a write that fails leaves the store as the disk has it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ..engine.lifecycle import EngineMeta
from ..work.work_spec import WorkSpec
from . import codec, jsonio

Record = dict[str, Any]
_DOC_ID = attrgetter("doc_id")


@dataclass
class Change:
    """One step, described: the journal frame and what :meth:`OpenRows.apply` takes in."""

    frame: dict[str, Any]
    meta: Record
    rows: list[WorkSpec] = field(default_factory=list)
    static: dict[int, Record] = field(default_factory=dict)
    gone: list[int] = field(default_factory=list)


class OpenRows:
    """The meta document last written and the engine's rows, by doc id."""

    def __init__(self, meta: Record, rows: Iterable[WorkSpec]) -> None:
        self.meta = meta
        self._rows = {spec.doc_id: spec for spec in rows}
        self._written: dict[int, Record] = {}  # static parts written since opening
        self._encoded: dict[int, bytes] = {}  # each row's entry in the last file written
        self._stale: set[int] = set()  # rows saved since then: their entries are old

    def change(
        self, meta: EngineMeta, changed: Iterable[WorkSpec], deleted: Iterable[int]
    ) -> Change:
        """The step that saves ``meta``, the ``changed`` rows and the ``deleted`` doc ids."""
        meta_record = codec.meta_record(meta)
        meta_record["base"] = self.meta.get("base")
        held = self.meta.get
        changed_meta = {k: v for k, v in meta_record.items() if held(k) != v}
        change = Change({"meta": changed_meta}, meta_record)
        change.rows = rows = list(changed)
        moved = change.static
        sets: list[tuple[int, Record]] = []
        puts: list[tuple[int, Record]] = []
        written = self._written.get
        dynamic_record = codec.dynamic_record
        for spec in rows:
            doc_id = spec.doc_id
            static = spec.static_record
            if static is not None and written(doc_id) is static:
                sets.append((doc_id, dynamic_record(spec)))
            else:
                static = moved[doc_id] = codec.static_record(spec)
                puts.append((doc_id, {**static, **dynamic_record(spec)}))
        if puts:
            change.frame["put"] = puts
        if sets:
            change.frame["set"] = sets
        held_rows = self._rows
        change.gone = [d for d in deleted if d in held_rows and d not in moved]
        if change.gone:
            change.frame["del"] = change.gone
        return change

    def apply(self, change: Change) -> None:
        """Take in a step whose frame is on disk."""
        self.meta = change.meta
        doc_ids = list(map(_DOC_ID, change.rows))
        self._rows.update(zip(doc_ids, change.rows, strict=True))
        self._stale.update(doc_ids)
        self._written.update(change.static)
        for doc_id in change.gone:
            del self._rows[doc_id]
            self._written.pop(doc_id, None)
            self._encoded.pop(doc_id, None)

    def file_text(self) -> bytes:
        """The whole store file, in TinyDB's layout, from the rows as they are now.

        A row's entry is encoded again only if it changed since the last file was
        written; then every row's static part counts as written."""
        encoded, stale = self._encoded, self._stale
        dumps, work_record = jsonio.dumps, codec.work_record
        for doc_id, spec in self._rows.items():
            if doc_id in stale or doc_id not in encoded:
                encoded[doc_id] = b'"%d":%s' % (doc_id, dumps(work_record(spec)))
        stale.clear()
        static_record = codec.static_record
        self._written = {doc_id: static_record(spec) for doc_id, spec in self._rows.items()}
        works = b",".join(encoded.values())
        return b'{"meta":{"1":%s},"works":{%s}}' % (dumps(self.meta), works)
