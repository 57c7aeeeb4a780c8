"""Checkpoints: the whole simulated app at one step, to rewind to later.

An instructor replays a moment: the Studio takes a checkpoint after every step and
``manager.restore_checkpoint(cp)`` puts the works, the clock, the device, the quotas,
the random generator and the trace back as they were. A checkpoint keeps each row's
field values (every field is immutable or a number, so a tuple of them is a copy) and
the engine's :class:`~wmkit.engine.lifecycle.EngineMeta`: cheap to take and to keep,
and nothing is turned into JSON.

Works that were RUNNING at the checkpoint are run again from the instant they started:
a new worker, ``do_work`` called again, a coroutine driven through the sleeps that had
already ended. For a deterministic worker that is exactly the run it was.

>>> from datetime import timedelta
>>> from wmkit import WorkManager, Worker, Result, OneTimeWorkRequest
>>> class Slow(Worker):
...     duration = timedelta(minutes=1)
...     def do_work(self):
...         return Result.success()
>>> wm = WorkManager()
>>> work = OneTimeWorkRequest(Slow)
>>> wm.enqueue(work)
>>> _ = wm.advance(timedelta(seconds=30))
>>> cp = wm.checkpoint()
>>> _ = wm.advance(timedelta(minutes=5))
>>> wm.get_work_info_by_id(work.id).state.name
'SUCCEEDED'
>>> _ = wm.restore_checkpoint(cp)
>>> wm.clock.now_millis, wm.get_work_info_by_id(work.id).state.name
(30000, 'RUNNING')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..enums import State
from ..units import format_millis
from ..work.work_spec import WorkSpec
from . import lifecycle
from .lifecycle import EngineMeta

if TYPE_CHECKING:
    from .engine import Engine


@dataclass(frozen=True)
class Checkpoint:
    """The state of one manager at one step. Opaque: pass it back to the same manager."""

    millis: int
    meta: EngineMeta = field(repr=False)
    rows: tuple[tuple[Any, ...], ...] = field(repr=False)  # WorkSpec.field_values() each
    running: tuple[tuple[int, int, bool], ...] = field(repr=False)
    history_length: int = field(repr=False)
    owner: int = field(repr=False)
    label: str = ""

    def __str__(self) -> str:
        return f"{format_millis(self.millis)} {self.label}".strip()


def take(engine: Engine, owner: int, label: str = "") -> Checkpoint:
    return Checkpoint(
        millis=engine.clock.now_millis,
        meta=lifecycle.meta_state(engine),
        rows=tuple(map(WorkSpec.field_values, engine.table)),
        running=tuple((run.spec.doc_id, run.started_at, run.expedited) for run in engine.runs()),
        history_length=len(engine.history),
        owner=owner,
        label=label,
    )


def restore(engine: Engine, checkpoint: Checkpoint) -> None:
    """Put ``engine`` back to ``checkpoint`` (whose owner the caller has checked)."""
    old_doc_ids = {spec.doc_id for spec in engine.table}
    lifecycle.abandon_everything(engine)
    lifecycle.load_rows(engine, checkpoint.meta, map(WorkSpec.from_field_values, checkpoint.rows))
    engine.history.truncate(checkpoint.history_length)
    by_doc = {spec.doc_id: spec for spec in engine.table}
    engine.table.mark_all_changed(deleted=old_doc_ids - set(by_doc))
    for doc_id, started_at, expedited in checkpoint.running:
        spec = by_doc[doc_id]
        if spec.state is State.RUNNING:
            engine.replay_run(spec, started_at, expedited)
    lifecycle.recount_quota_sessions(engine)
    lifecycle.reschedule_all(engine)
