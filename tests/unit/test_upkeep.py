"""Unit tests for wmkit.manager.pruning: prune_work and the prune when a store is opened."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, State, Worker
from wmkit.engine.engine import Engine
from wmkit.manager.pruning import prune_finished, prune_on_open
from wmkit.work.work_spec import WorkSpec

DAY = 86_400_000


class Job(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


def stored(
    engine: Engine, state: State, *, after: WorkSpec | None = None, enqueued_at: int = 0, keep=None
) -> WorkSpec:
    """A row as a reopened store holds it: in ``state``, enqueued at ``enqueued_at``,
    depending on ``after``."""
    request = OneTimeWorkRequest(Job, keep_results_for=keep or timedelta(0))
    spec = request.work_spec.copy()
    spec.state = state
    spec.last_enqueue_time = enqueued_at
    spec.prerequisites = () if after is None else (after.id,)
    spec.doc_id = engine.table.next_doc_id
    engine.table.next_doc_id += 1
    engine.table.restore(spec)
    return spec


def test_prune_finished_keeps_finished_rows_with_unfinished_dependents() -> None:
    """In a → b → c with a, b SUCCEEDED and c ENQUEUED, only a is pruned (§17)."""
    engine = Engine()
    a = stored(engine, State.SUCCEEDED)
    b = stored(engine, State.SUCCEEDED, after=a)
    c = stored(engine, State.ENQUEUED, after=b)
    prune_finished(engine)
    assert engine.table.ids() == [b.id, c.id]


def test_prune_finished_deletes_every_finished_row_when_nothing_waits() -> None:
    """With every work finished, prune_finished deletes them all."""
    engine = Engine()
    a = stored(engine, State.SUCCEEDED)
    b = stored(engine, State.FAILED, after=a)
    stored(engine, State.CANCELLED, after=b)
    prune_finished(engine)
    assert len(engine.table) == 0
    assert engine.history.view().kinds()[-3:] == ["deleted"] * 3


def test_prune_on_open_uses_last_enqueue_time_plus_keep_and_one_day() -> None:
    """On open a finished row goes iff E + keep < now − 1 day: 1 ms makes the difference."""
    engine = Engine(start_millis=DAY + 1)
    stored(engine, State.SUCCEEDED, enqueued_at=0)
    edge = stored(engine, State.SUCCEEDED, enqueued_at=1)
    kept = stored(engine, State.SUCCEEDED, enqueued_at=0, keep=timedelta(days=1))
    prune_on_open(engine)
    assert engine.table.ids() == [edge.id, kept.id]


def test_prune_on_open_ignores_unfinished_work() -> None:
    """An ENQUEUED row enqueued long ago is not pruned."""
    engine = Engine(start_millis=10 * DAY)
    request = stored(engine, State.ENQUEUED)
    prune_on_open(engine)
    assert engine.table.ids() == [request.id]
