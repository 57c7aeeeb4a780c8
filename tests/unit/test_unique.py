"""Unit tests for wmkit.manager.unique: inserting works behind prerequisites, under unique names."""

from __future__ import annotations

import uuid
from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, State, Worker
from wmkit.engine.engine import Engine
from wmkit.enums import ExistingWorkPolicy
from wmkit.manager.unique import enqueue_with_prerequisites

KEEP, REPLACE = ExistingWorkPolicy.KEEP, ExistingWorkPolicy.REPLACE
APPEND, APPEND_OR_REPLACE = ExistingWorkPolicy.APPEND, ExistingWorkPolicy.APPEND_OR_REPLACE


class Job(Worker):
    """Succeeds 10 s after it starts."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


def insert(engine: Engine, name: str | None, policy: ExistingWorkPolicy, *prereqs: uuid.UUID):
    request = OneTimeWorkRequest(Job)
    inserted = enqueue_with_prerequisites(engine, [request], list(prereqs), name, policy)
    return request, inserted


def test_plain_insert_is_enqueued_at_now() -> None:
    """Without prerequisites or name a work is inserted ENQUEUED, E = now; True is returned."""
    engine = Engine(start_millis=500)
    request, inserted = insert(engine, None, KEEP)
    spec = engine.table[request.id]
    assert inserted is True
    assert (spec.state, spec.last_enqueue_time, spec.unique_name) == (State.ENQUEUED, 500, None)


def test_the_stored_row_is_a_copy_of_the_template() -> None:
    """The engine stores a copy: the request's work_spec stays unenqueued."""
    engine = Engine()
    request, _ = insert(engine, None, KEEP)
    assert engine.table[request.id] is not request.work_spec
    assert request.work_spec.last_enqueue_time == -1


def test_missing_prerequisite_skips_the_whole_insert() -> None:
    """A prerequisite id that is not stored: nothing inserted, a 'skipped' event, False."""
    engine = Engine()
    ghost = uuid.UUID(int=99)
    request, inserted = insert(engine, None, KEEP, ghost)
    assert inserted is False
    assert request.id not in engine.table
    assert engine.history.view().kinds() == ["skipped"]
    assert engine.history.event(0).detail == f"prerequisite {ghost} doesn't exist; not enqueuing"


def test_an_already_stored_id_is_ignored() -> None:
    """Inserting a request whose id is stored leaves the row as it is (IGNORE)."""
    engine = Engine()
    request, _ = insert(engine, None, KEEP)
    row = engine.table[request.id]
    enqueue_with_prerequisites(engine, [request], [], None, KEEP)
    assert engine.table[request.id] is row
    assert engine.history.view().kinds() == ["enqueued"]


def test_keep_with_pending_work_inserts_nothing() -> None:
    """KEEP over an ENQUEUED work of the name: False and a 'kept' event."""
    engine = Engine()
    old, _ = insert(engine, "sync", KEEP)
    new, inserted = insert(engine, "sync", KEEP)
    assert inserted is False
    assert new.id not in engine.table
    assert engine.table.ids_named("sync") == [old.id]
    assert engine.history.view().kinds() == ["enqueued", "kept"]


def test_replace_cancels_then_deletes_the_old_rows() -> None:
    """REPLACE: the old work is cancelled, then deleted; the new one holds the name."""
    engine = Engine()
    old, _ = insert(engine, "sync", KEEP)
    new, inserted = insert(engine, "sync", REPLACE)
    assert inserted is True
    assert old.id not in engine.table
    assert engine.table.ids_named("sync") == [new.id]
    assert engine.history.view().kinds() == ["enqueued", "cancelled", "deleted", "enqueued"]


def test_append_hangs_the_new_work_on_the_leaves() -> None:
    """APPEND: the new work depends on the name's leaves and is BLOCKED behind them."""
    engine = Engine()
    root, _ = insert(engine, "chain", KEEP)
    leaf, _ = insert(engine, "chain", APPEND)
    tail, _ = insert(engine, "chain", APPEND)
    assert engine.table[leaf.id].prerequisites == (root.id,)
    assert engine.table[tail.id].prerequisites == (leaf.id,)
    assert engine.table[tail.id].state is State.BLOCKED
    assert engine.table.ids_named("chain") == [root.id, leaf.id, tail.id]


def test_append_or_replace_over_a_cancelled_leaf_deletes_without_prerequisites() -> None:
    """APPEND_OR_REPLACE over a CANCELLED leaf deletes the chain; the new work starts fresh."""
    engine = Engine()
    old, _ = insert(engine, "chain", KEEP)
    engine.cancel([old.id], "test")
    new, _ = insert(engine, "chain", APPEND_OR_REPLACE)
    assert old.id not in engine.table
    assert engine.table[new.id].prerequisites == ()
    assert engine.table[new.id].state is State.ENQUEUED


def test_the_name_applies_only_to_the_first_continuation() -> None:
    """With prerequisites, a named insert ignores the policy and inherits the name."""
    engine = Engine()
    root, _ = insert(engine, "chain", KEEP)
    child, inserted = insert(engine, "chain", KEEP, root.id)
    assert inserted is True
    assert engine.table[child.id].unique_name == "chain"
    assert engine.table[child.id].prerequisites == (root.id,)
