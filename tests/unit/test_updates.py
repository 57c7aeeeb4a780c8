"""Unit tests for wmkit.manager.updates: update_work and unique periodic policies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import OneTimeWorkRequest, PeriodicWorkRequest, Result, State, Worker
from wmkit.engine.engine import Engine
from wmkit.enums import ExistingPeriodicWorkPolicy, ExistingWorkPolicy, UpdateResult
from wmkit.errors import IllegalArgumentError, UnsupportedOperationError
from wmkit.manager.unique import enqueue_with_prerequisites
from wmkit.manager.updates import enqueue_unique_periodic, update_work


class Job(Worker):
    """Succeeds 10 s after it starts."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


def stored(engine: Engine, request: object) -> None:
    enqueue_with_prerequisites(engine, [request], [], None, ExistingWorkPolicy.KEEP)  # type: ignore[list-item]


def test_update_of_an_unknown_id_is_refused() -> None:
    """update_work of an id that is not stored raises, naming the id and set_id."""
    engine = Engine()
    request = OneTimeWorkRequest(Job)
    with pytest.raises(IllegalArgumentError) as caught:
        update_work(engine, request)
    assert str(caught.value).startswith(f"Worker with {request.id} doesn't exist")
    assert ".set_id(existing_request.id)" in str(caught.value)


def test_update_in_place_keeps_counters_and_replaces_fields() -> None:
    """APPLIED_IMMEDIATELY: same row, generation + 1, new delay and tags, E and state kept."""
    engine = Engine(start_millis=100)
    old = OneTimeWorkRequest(Job, tags=["old"], initial_delay=timedelta(minutes=1))
    stored(engine, old)
    new = OneTimeWorkRequest(Job, tags=["new"], initial_delay=timedelta(minutes=2), id=old.id)
    assert update_work(engine, new) is UpdateResult.APPLIED_IMMEDIATELY
    spec = engine.table[old.id]
    assert (spec.generation, spec.initial_delay, spec.last_enqueue_time) == (1, 120_000, 100)
    assert spec.state is State.ENQUEUED
    assert engine.table.ids_with_tag("old") == []
    assert engine.table.ids_with_tag("new") == [old.id]
    assert spec.next_run_time() == 120_100


def test_update_of_a_running_work_applies_for_next_run() -> None:
    """A RUNNING work: APPLIED_FOR_NEXT_RUN and it keeps running."""
    engine = Engine()
    old = OneTimeWorkRequest(Job)
    stored(engine, old)
    engine.advance_to(1)
    assert update_work(engine, OneTimeWorkRequest(Job, id=old.id)) is (
        UpdateResult.APPLIED_FOR_NEXT_RUN
    )
    assert engine.table[old.id].state is State.RUNNING


def test_update_of_finished_work_is_not_applied() -> None:
    """A finished work: NOT_APPLIED and nothing changes (generation stays 0)."""
    engine = Engine()
    old = OneTimeWorkRequest(Job)
    stored(engine, old)
    engine.cancel([old.id], "test")
    assert update_work(engine, OneTimeWorkRequest(Job, id=old.id)) is UpdateResult.NOT_APPLIED
    assert engine.table[old.id].generation == 0


def test_update_across_kinds_is_unsupported() -> None:
    """Updating one-time work with a periodic request raises UnsupportedOperationError."""
    engine = Engine()
    old = OneTimeWorkRequest(Job)
    stored(engine, old)
    with pytest.raises(UnsupportedOperationError) as caught:
        update_work(engine, PeriodicWorkRequest(Job, timedelta(hours=1), id=old.id))
    assert str(caught.value) == (
        "Can't update OneTime Worker to Periodic Worker. Update operation must preserve "
        "worker's type."
    )


def test_override_needs_update_or_keep() -> None:
    """An override with REPLACE or CANCEL_AND_REENQUEUE is refused in Android's words."""
    engine = Engine()
    request = PeriodicWorkRequest(Job, timedelta(hours=1), next_schedule_time_override=5)
    for policy in (
        ExistingPeriodicWorkPolicy.REPLACE,
        ExistingPeriodicWorkPolicy.CANCEL_AND_REENQUEUE,
    ):
        with pytest.raises(IllegalArgumentError, match="must be used with ExistingPeriodicWork"):
            enqueue_unique_periodic(engine, "p", policy, request)
    assert len(engine.table) == 0


def test_unique_update_keeps_the_id_and_bumps_generation() -> None:
    """UPDATE over a pending periodic work updates that row: same id, generation 1."""
    engine = Engine()
    first = PeriodicWorkRequest(Job, timedelta(hours=1))
    enqueue_unique_periodic(engine, "p", ExistingPeriodicWorkPolicy.UPDATE, first)
    second = PeriodicWorkRequest(Job, timedelta(hours=2))
    enqueue_unique_periodic(engine, "p", ExistingPeriodicWorkPolicy.UPDATE, second)
    assert engine.table.ids() == [first.id]
    assert (engine.table[first.id].interval, engine.table[first.id].generation) == (7_200_000, 1)


def test_unique_update_over_a_chain_or_one_time_work_is_unsupported() -> None:
    """UPDATE over two rows, or over one-time work, raises UnsupportedOperationError."""
    engine = Engine()
    for _ in range(2):
        enqueue_with_prerequisites(
            engine, [OneTimeWorkRequest(Job)], [], "two", ExistingWorkPolicy.APPEND
        )
    stored_one = OneTimeWorkRequest(Job)
    enqueue_with_prerequisites(engine, [stored_one], [], "one", ExistingWorkPolicy.KEEP)
    request = PeriodicWorkRequest(Job, timedelta(hours=1))
    with pytest.raises(UnsupportedOperationError, match="chains of work: 'two' names 2 works"):
        enqueue_unique_periodic(engine, "two", ExistingPeriodicWorkPolicy.UPDATE, request)
    with pytest.raises(UnsupportedOperationError, match="Can't update OneTimeWorker to Periodic"):
        enqueue_unique_periodic(engine, "one", ExistingPeriodicWorkPolicy.UPDATE, request)
