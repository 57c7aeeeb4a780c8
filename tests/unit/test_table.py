"""Unit tests for wmkit.engine.table: rows, indexes, the transition choke point, changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import pytest

from wmkit import (
    Constraints,
    MemoryStore,
    NetworkType,
    OneTimeWorkRequest,
    Result,
    Worker,
    WorkManager,
)
from wmkit.engine.table import WorkTable
from wmkit.enums import State
from wmkit.errors import IllegalStateError
from wmkit.work.work_spec import WorkSpec


class Job(Worker):
    def do_work(self) -> Result:
        return Result.success()


def row(tags: tuple[str, ...] = (), name: str | None = None, after: tuple = ()) -> WorkSpec:
    spec = OneTimeWorkRequest(Job, tags=list(tags)).work_spec.copy()
    spec.unique_name = name
    spec.prerequisites = tuple(p.id for p in after)
    return spec


def table_with(*specs: WorkSpec) -> tuple[WorkTable, list[tuple[Any, ...]]]:
    events: list[tuple[Any, ...]] = []
    table = WorkTable(events.append)
    for spec in specs:
        table.add(spec)
        table.enqueue(spec, 0, "enqueued", "", first=True)
    return table, events


def test_rows_are_found_by_id_tag_name_and_prerequisite() -> None:
    """A row is indexed by its id, each tag, its unique name and each prerequisite."""
    a = row(tags=("red",), name="sync")
    b = row(tags=("red", "blue"), name="sync", after=(a,))
    table, _ = table_with(a, b)
    assert table[a.id] is a and table.get(b.id) is b and len(table) == 2
    assert table.ids_with_tag("red") == [a.id, b.id]
    assert table.ids_with_tag("blue") == [b.id]
    assert table.ids_named("sync") == [a.id, b.id]
    assert table.dependents_of(a.id) == [b.id]
    assert [s.id for s in table.with_dependents(a.id)] == [a.id, b.id]


def test_removing_a_row_drops_its_index_entries_and_the_dependency_rows_naming_it() -> None:
    """Deleting a prerequisite also deletes its dependents' dependency rows (FK cascade)."""
    a = row(tags=("red",), name="sync")
    b = row(name="sync", after=(a,))
    table, events = table_with(a, b)
    table.take_changes()
    assert table.remove(a.id, 5, "pruned") is a
    assert a.id not in table and not a.stored
    assert table.ids_with_tag("red") == [] and table.ids_named("sync") == [b.id]
    assert b.prerequisites == ()
    assert table.take_changes() == ([b], {a.doc_id})
    assert events[-1] == (5, "deleted", a.id, "pruned")
    assert table.remove(a.id, 5, "again") is None


def test_a_transition_is_checked_recorded_and_marks_the_row_changed() -> None:
    """transition() refuses a pair the table forbids and changes nothing then."""
    spec = row()
    table, events = table_with(spec)
    table.take_changes()
    table.transition(spec, State.RUNNING, (7, "started", spec.id, "run 1"))
    assert spec.state is State.RUNNING
    assert events[-1] == (7, "started", spec.id, "run 1")
    assert table.take_changes() == ([spec], set())
    table.transition(spec, State.SUCCEEDED, (8, "succeeded", spec.id, ""))
    with pytest.raises(IllegalStateError, match="from SUCCEEDED to ENQUEUED"):
        table.transition(spec, State.ENQUEUED, (9, "retry", spec.id, ""))
    assert spec.state is State.SUCCEEDED
    assert len(events) == 3 and table.take_changes() == ([spec], set())


def test_take_changes_hands_out_each_change_once() -> None:
    spec = row()
    table, _ = table_with(spec)
    assert table.has_changes()
    assert table.take_changes() == ([spec], set())
    assert not table.has_changes() and table.take_changes() == ([], set())


class SpyStore(MemoryStore):
    """A memory store that remembers which documents each save wrote."""

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[set[int]] = []

    def save(self, meta: Any, changed: Iterable[WorkSpec], deleted: set[int]) -> None:
        rows = list(changed)
        self.saved.append({spec.doc_id for spec in rows})
        super().save(meta, rows, deleted)


def test_an_event_alone_saves_no_row() -> None:
    """A work that only logs 'waiting' (its row unchanged) is not written again."""
    store = SpyStore()
    manager = WorkManager(store=store)
    manager.set_device(network="none")
    needs_network = Constraints(required_network_type=NetworkType.CONNECTED)
    waiting = OneTimeWorkRequest(Job, constraints=needs_network)
    manager.enqueue(waiting)
    manager.enqueue(other := OneTimeWorkRequest(Job, initial_delay=timedelta(seconds=1)))
    store.saved.clear()
    events = manager.advance(timedelta(seconds=1))
    assert [e.kind for e in events] == ["waiting", "started", "succeeded"]
    assert store.saved == [{manager.describe_work(other.id).enqueue_order}]
