"""Unit tests for wmkit.manager.pruning: prune_work and the prune when a store is opened."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, State, Worker
from wmkit.engine.engine import Engine
from wmkit.enums import ExistingWorkPolicy
from wmkit.manager.pruning import prune_finished, prune_on_open
from wmkit.manager.unique import enqueue_with_prerequisites

DAY = 86_400_000


class Job(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


def chain(engine: Engine, length: int) -> list:
    """``length`` works, each depending on the one before."""
    requests = [OneTimeWorkRequest(Job) for _ in range(length)]
    before: list = []
    for request in requests:
        enqueue_with_prerequisites(engine, [request], before, None, ExistingWorkPolicy.KEEP)
        before = [request.id]
    return requests


def test_prune_finished_keeps_finished_rows_with_unfinished_dependents() -> None:
    """In a → b → c with a, b SUCCEEDED and c ENQUEUED, only a is pruned (§17)."""
    engine = Engine()
    a, b, c = chain(engine, 3)
    engine.specs[a.id].state = State.SUCCEEDED
    engine.specs[b.id].state = State.SUCCEEDED
    engine.specs[c.id].state = State.ENQUEUED
    prune_finished(engine)
    assert list(engine.specs) == [b.id, c.id]


def test_prune_finished_deletes_every_finished_row_when_nothing_waits() -> None:
    """With every work finished, prune_finished deletes them all."""
    engine = Engine()
    works = chain(engine, 3)
    for request, state in zip(works, (State.SUCCEEDED, State.FAILED, State.CANCELLED), strict=True):
        engine.specs[request.id].state = state
    prune_finished(engine)
    assert engine.specs == {}
    assert engine.history.view().kinds()[-3:] == ["deleted"] * 3


def test_prune_on_open_uses_last_enqueue_time_plus_keep_and_one_day() -> None:
    """On open a finished row goes iff E + keep < now − 1 day: 1 ms makes the difference."""
    engine = Engine(start_millis=0)
    old, edge = OneTimeWorkRequest(Job), OneTimeWorkRequest(Job)
    kept = OneTimeWorkRequest(Job, keep_results_for=timedelta(days=1))
    for request in (old, edge, kept):
        enqueue_with_prerequisites(engine, [request], [], None, ExistingWorkPolicy.KEEP)
        engine.specs[request.id].state = State.SUCCEEDED
    engine.specs[old.id].last_enqueue_time = 0
    engine.specs[edge.id].last_enqueue_time = 1
    engine.specs[kept.id].last_enqueue_time = 0
    engine.clock._now = DAY + 1
    prune_on_open(engine)
    assert list(engine.specs) == [edge.id, kept.id]


def test_prune_on_open_ignores_unfinished_work() -> None:
    """An ENQUEUED row enqueued long ago is not pruned."""
    engine = Engine()
    (request,) = chain(engine, 1)
    engine.clock._now = 10 * DAY
    prune_on_open(engine)
    assert list(engine.specs) == [request.id]
