"""The life cycle of an engine's state: snapshots, rewinds, process death and restart.

Functions over an :class:`~wmkit.engine.engine.Engine`: they turn the clock, counters,
device and quotas into a JSON-safe record and back, forget everything for a rewind,
and do what a dead app process leaves behind (RUNNING works back to ENQUEUED with
``StopReason.UNKNOWN``, as Android's ForceStopRunnable does at the next start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..enums import State, StopReason
from ..phone.device import Device
from ..phone.rules import Phone
from ..work.work_spec import WorkSpec

if TYPE_CHECKING:
    from .engine import Engine

ENQUEUED, RUNNING = State.ENQUEUED, State.RUNNING


def meta_record(engine: Engine) -> dict[str, Any]:
    """Clock, counters, device, quotas and the random generator, JSON-safe."""
    version, state, gauss = engine.rng.getstate()
    return {
        "now": engine.clock.now_millis,
        "seq": engine.table.seq,
        "next_doc_id": engine.table.next_doc_id,
        "device": engine.device.to_record(),
        "phone": engine.phone.to_record(),
        "rng": [version, list(state), gauss],
    }


def load_meta(engine: Engine, meta: dict[str, Any]) -> None:
    engine.clock.rewind_to(meta["now"])
    engine.table.seq = meta["seq"]
    engine.table.next_doc_id = meta["next_doc_id"]
    phone = Phone(Device.from_record(meta["device"]))
    phone.restore(meta.get("phone", {}))
    if phone.device.doze and phone.doze_since is None:
        phone.doze_since = engine.clock.now_millis
    engine.admission.phone = phone
    if "rng" in meta:
        version, state, gauss = meta["rng"]
        engine.rng.setstate((version, tuple(state), gauss))


def load_rows(
    engine: Engine,
    meta: dict[str, Any],
    records: dict[int, dict[str, Any]],
    classes: dict[int, tuple[type | None, type | None]] | None = None,
) -> None:
    """Take the clock, counters and device from ``meta`` and store every row of
    ``records`` as it is (a reopen, a rewind). ``classes``: live worker and merger
    classes by doc id, when they are known (a rewind in the same process)."""
    load_meta(engine, meta)
    for doc_id in sorted(records):
        spec = WorkSpec.from_record(records[doc_id])
        spec.doc_id = doc_id
        if classes is not None:
            spec.worker_class, spec.input_merger = classes.get(doc_id, (None, None))
        engine.table.restore(spec)


def abandon_everything(engine: Engine) -> None:
    """Forget every row and schedule (a rewind): runs are dropped without a stop."""
    engine.drop_schedule()
    for spec in engine.table.clear():
        engine.schedule.invalidate(spec)


def recount_quota_sessions(engine: Engine) -> None:
    """Open quota sessions for the runs going now (after a rewind)."""
    runs = engine.runs()
    expedited = sum(1 for run in runs if run.expedited)
    engine.admission.resume_quotas(engine.clock.now_millis, len(runs) - expedited, expedited)


def kill_process(engine: Engine) -> None:
    """What a dead app process leaves behind: RUNNING rows back to ENQUEUED with
    ``StopReason.UNKNOWN``, attempt counted, no ``on_stopped`` (a dead process runs
    nothing). Android's ForceStopRunnable does this at the next start; a new process
    schedules every ENQUEUED work again (dropped expedited work included)."""
    engine.drop_schedule()
    now = engine.clock.now_millis
    engine.admission.pause_quotas(now)  # the dead process's jobs ended now
    why = "the app process died while it ran"
    for spec in engine.table:
        if spec.state is RUNNING:
            engine.table.stop(spec, now, StopReason.UNKNOWN, why, reorder=False)
    reschedule_all(engine)


def reschedule_all(engine: Engine) -> None:
    """Queue every ENQUEUED row again (after a restart or a reopen)."""
    now = engine.clock.now_millis
    for spec in sorted(
        (s for s in engine.table if s.state is ENQUEUED),
        key=lambda s: (s.last_enqueue_time, s.enqueue_seq),
    ):
        engine.schedule.queue(spec, now)
    engine.reevaluate()
