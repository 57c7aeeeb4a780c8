"""The life cycle of an engine's state: snapshots, rewinds, process death, force stop.

Functions over an :class:`~wmkit.engine.engine.Engine`: they hand out the clock,
counters, device and quotas as an :class:`EngineMeta` value and take one back (a store or
a checkpoint keeps it; :mod:`wmkit.storage.codec` turns it into JSON), forget everything
for a rewind, and do what a dead app process leaves behind and what a new one repairs
(Android's ``ForceStopRunnable``, which runs at every start of WorkManager:
androidx work-runtime impl/utils/ForceStopRunnable.java, ``cleanUp`` and
``forceStopRunnable``):

* a **process death** (low memory, a swipe away; ``restart_app``): JobScheduler keeps the
  app's jobs and starts the process again when one is due; the new process puts RUNNING
  rows back to ENQUEUED with ``STOP_REASON_UNKNOWN``, deletes every work's progress and
  schedules what it found;
* a **force stop** (Settings, ``adb shell am force-stop``; ``force_stop``): the process is
  killed the same way, but ``JobSchedulerService`` also cancels every job of the package
  ("app force stopped") and AlarmManager its alarms, and the package stays *stopped*: no
  job, alarm or broadcast starts it again. Only the user opening it (``open_app``) does;
  ForceStopRunnable then sees the force stop (``isForceStopped``: the
  ``REASON_USER_REQUESTED`` exit on API 30+, its own missing alarm before) and calls
  ``rescheduleEligibleWork``: every unfinished work is scheduled again from its stored
  row, so overdue work runs at once and periodic work keeps its schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..enums import State, StopReason
from ..phone.device import Device
from ..phone.quota import QuotaLedger
from ..phone.rules import Phone
from ..work.work_spec import WorkSpec

if TYPE_CHECKING:
    from .engine import Engine

ENQUEUED, RUNNING = State.ENQUEUED, State.RUNNING
_BY_DOC_ID = attrgetter("doc_id")

Sessions = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class EngineMeta:
    """The engine's own state beside its rows, as plain values: what a store keeps in its
    meta document and a checkpoint keeps to rewind to."""

    now: int
    seq: int
    next_doc_id: int
    device: Device
    doze_since: int | None = None
    regular_sessions: Sessions = ()  # closed App Standby quota sessions, oldest first
    expedited_sessions: Sessions = ()
    rng_state: tuple[Any, ...] | None = None  # None: keep the seeded generator
    last_cancel_all_millis: int = 0  # getLastCancelAllTimeMillis: 0 before any cancel-all
    androidx: str | None = None  # the release simulated; None: a store from before versions
    force_stopped_at: int | None = None  # when the user force-stopped the app, if so


def _sessions(ledger: QuotaLedger) -> Sessions:
    return tuple((start, end) for start, end in ledger.sessions)


def meta_state(engine: Engine) -> EngineMeta:
    """Clock, counters, device, quotas and the random generator, as values."""
    phone = engine.phone
    return EngineMeta(
        now=engine.clock.now_millis,
        seq=engine.table.seq,
        next_doc_id=engine.table.next_doc_id,
        device=phone.device,
        doze_since=phone.doze_since,
        regular_sessions=_sessions(phone.regular),
        expedited_sessions=_sessions(phone.expedited),
        rng_state=engine.rng.getstate(),
        last_cancel_all_millis=engine.last_cancel_all_millis,
        androidx=engine.profile.version,
        force_stopped_at=phone.force_stopped_at,
    )


def load_meta(engine: Engine, meta: EngineMeta) -> None:
    engine.clock.rewind_to(meta.now)
    engine.table.seq = meta.seq
    engine.table.next_doc_id = meta.next_doc_id
    engine.last_cancel_all_millis = meta.last_cancel_all_millis
    phone = Phone(meta.device)
    phone.doze_since = meta.doze_since
    phone.regular.sessions = [[start, end] for start, end in meta.regular_sessions]
    phone.expedited.sessions = [[start, end] for start, end in meta.expedited_sessions]
    if phone.device.doze and phone.doze_since is None:
        phone.doze_since = engine.clock.now_millis
    phone.set_force_stopped(meta.force_stopped_at)
    engine.admission.phone = phone
    if meta.rng_state is not None:
        engine.rng.setstate(meta.rng_state)


def load_rows(engine: Engine, meta: EngineMeta, rows: Iterable[WorkSpec]) -> None:
    """Take the clock, counters and device from ``meta`` and store every row as it is
    (a reopen, a rewind). The rows become the engine's: nobody else may hold them."""
    load_meta(engine, meta)
    for spec in sorted(rows, key=_BY_DOC_ID):
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


def _end_process(engine: Engine, why: str) -> None:
    """Nothing of the process runs any more: runs dropped without ``on_stopped`` (a dead
    process calls nothing), every timer forgotten, quota sessions closed, and RUNNING
    rows back to ENQUEUED with ``StopReason.UNKNOWN``, attempt counted.

    SIM: on a phone the database says RUNNING until the next process start, whose
    ForceStopRunnable.cleanUp writes ENQUEUED and STOP_REASON_UNKNOWN; no app code can
    read the row in between, so wmkit writes it at once and views never show a run that
    nothing runs."""
    engine.drop_schedule()
    now = engine.clock.now_millis
    engine.admission.pause_quotas(now)  # the dead process's jobs ended now
    for spec in engine.table:
        if spec.state is RUNNING:
            engine.table.stop(spec, now, StopReason.UNKNOWN, why, reorder=False)


def start_process(engine: Engine) -> None:
    """A new process starts WorkManager: ForceStopRunnable deletes every work's progress
    (``cleanUp``: ``workProgressDao.deleteAll()``), then everything is scheduled again."""
    for spec in engine.table:
        engine.table.clear_progress(spec)
    reschedule_all(engine)


def kill_process(engine: Engine) -> None:
    """A process death and the next start (a low-memory kill, a crash, a reopened store):
    RUNNING rows back to ENQUEUED with ``StopReason.UNKNOWN``, attempt counted, no
    ``on_stopped``; a new process schedules every ENQUEUED work again (dropped expedited
    work included). A force-stopped app's process stays down (see ``force_stop``)."""
    _end_process(engine, "the app process died while it ran")
    if not engine.phone.force_stopped:
        start_process(engine)


def force_stop(engine: Engine) -> None:
    """The user force-stopped the app: its process killed as in ``kill_process``, and its
    jobs cancelled (JobSchedulerService, on ACTION_PACKAGE_RESTARTED: "app force
    stopped"), so nothing is scheduled until ``open_after_force_stop``."""
    _end_process(engine, "the app was force-stopped while it ran")
    engine.phone.set_force_stopped(engine.clock.now_millis)
    engine.meta_changed = True


def open_after_force_stop(engine: Engine) -> None:
    """The user opened a force-stopped app: its process starts, and ForceStopRunnable,
    seeing the force stop, reschedules every unfinished work (``rescheduleEligibleWork``:
    the stored rows decide when each is due, so overdue work runs at once)."""
    engine.phone.set_force_stopped(None)
    engine.meta_changed = True
    start_process(engine)


def reschedule_all(engine: Engine) -> None:
    """Queue every ENQUEUED row again (after a restart, a reopen or a rewind); nothing
    while the app is force-stopped: JobScheduler holds none of its jobs."""
    now = engine.clock.now_millis
    if not engine.phone.force_stopped:
        for spec in sorted(
            (s for s in engine.table if s.state is ENQUEUED),
            key=lambda s: (s.last_enqueue_time, s.enqueue_seq),
        ):
            engine.schedule.queue(spec, now)
    engine.reevaluate()
