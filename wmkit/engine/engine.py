"""The engine: WorkManager's scheduler state machine on the virtual clock.

The engine sequences parts with one job each: the :class:`~wmkit.engine.table.WorkTable`
(the stored rows, their only writer), the :class:`~wmkit.engine.schedule.Schedule` (when
each work is next looked at), :class:`~wmkit.engine.admission.Admission` (what the phone
lets run), :class:`~wmkit.engine.runs.Runs` (the runs going now: starting and ending
them, with the :class:`~wmkit.engine.runner.Runner` running each worker) and
:class:`~wmkit.engine.results.Results` (what a result does to the work). Live state
stays in memory; the manager writes one snapshot to the store per public call.

How an instant is processed (``_run_instant``): fire every timer due now (runs ending,
run limits, works becoming due), then start ready works in order — earliest due first,
then enqueue order — while worker slots are free; repeat until nothing more happens
at this instant. A chain of zero-duration workers therefore completes in one instant.
"""

from __future__ import annotations

import gc
import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .. import registry, versions
from ..clock import VirtualClock
from ..enums import State
from ..phone.device import Device
from ..phone.rules import Phone
from ..trace.history import History
from ..trace.kinds import EventKind
from ..trace.payloads import CascadeCancelled
from ..versions import AndroidxProfile
from ..work.configuration import Configuration
from ..work.work_spec import WorkSpec
from .admission import Admission
from .interrupts import Interruption, Interrupts
from .results import Results, resolutions_for
from .runner import Run
from .runs import Runs
from .schedule import Schedule
from .table import WorkTable

ENQUEUED, RUNNING, SUCCEEDED, FAILED = (
    State.ENQUEUED,
    State.RUNNING,
    State.SUCCEEDED,
    State.FAILED,
)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the clock runs, and let what it
    made skip the young generations when it stops.

    The engine makes no reference cycles, and what it makes lives long: trace entries
    (two per run), rows, timers. A full collection while the clock runs rescans the
    whole growing trace (it cost a fifth of a long advance, bench ``engine``); once the
    clock stops, the young generations would scan each new entry twice more on its way
    to the oldest one (a tenth of a 15-minute step at 10,000 works, bench ``step10k``).
    So everything goes straight to the oldest generation then (``gc.freeze`` and
    ``gc.unfreeze``, as opening a store does), where only full collections look. A
    cycle a worker made meanwhile is collected by the next full collection (or
    ``gc.collect()``)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if _FREEZE is not None:  # CPython and Pyodide have it
            _FREEZE()
            gc.unfreeze()
        gc.enable()


_FREEZE = getattr(gc, "freeze", None)


class Engine:
    """All works, the clock, the device and the schedule of one simulated app."""

    def __init__(
        self,
        *,
        start_millis: int = 0,
        device: Device | None = None,
        seed: int = 0,
        max_concurrent_workers: int = 4,
        scheduler_limit: int | None = None,
        profile: AndroidxProfile | None = None,
        configuration: Configuration | None = None,
    ) -> None:
        #: The androidx release whose behaviour this engine follows (wmkit.versions).
        self.profile = profile or versions.profile(None)
        self.clock = VirtualClock(start_millis)
        self.rng = random.Random(seed)
        self.max_workers = max_concurrent_workers
        self.history = History()
        self._record = self.history.raw.append  # (millis, kind, work_id, detail...)
        self.table = WorkTable(self._record)
        self.schedule = Schedule(scheduler_limit, self._on_due)
        self.admission = Admission(
            Phone(device or Device()), self._record, self.schedule, self._on_recheck
        )
        self.results = Results(self.table, self.schedule, resolutions_for(self.profile))
        self.interrupts = Interrupts()
        self.running = Runs(
            self.clock,
            self.rng,
            self.table,
            self.schedule,
            self.admission,
            self.results,
            self.interrupts,
            self._record,
            max_concurrent_workers,
            self.profile,
            configuration,
        )
        self.going = self.running.going  # the runs going now and the free worker slots
        #: When cancel_all_work was last called (virtual ms); 0 before any (stored).
        self.last_cancel_all_millis = 0
        self.meta_changed = False  # device, quotas...: the next commit must save meta
        self.on_instant: Callable[[], None] | None = None
        # Called when a run was stopped at this instant, before anything starts again:
        # a stopped work's ENQUEUED row (its stop reason, its next run) is a state of its
        # own that observers must see, even when the work restarts in the same instant.
        self.on_stop: Callable[[], None] | None = None

    # ------------------------------------------------------------------ reading
    @property
    def now(self) -> int:
        return self.clock.now_millis

    @property
    def phone(self) -> Phone:
        return self.admission.phone

    @property
    def device(self) -> Device:
        return self.admission.phone.device

    @property
    def scheduler_limit(self) -> int | None:
        return self.schedule.limit

    def run_of(self, spec: WorkSpec) -> Run | None:
        """The run going for this row now, if any."""
        return self.running.of(spec)

    def runs(self) -> list[Run]:
        """The runs going now, oldest first."""
        return self.running.all()

    @property
    def running_count(self) -> int:
        return len(self.running)

    def interruption(self, spec: WorkSpec) -> Interruption | None:
        """What interrupted the work's last run or start, if an interrupt did."""
        return self.running.interruption(spec)

    def replay_run(self, spec: WorkSpec, started_at: int, expedited_run: bool) -> None:
        """Re-create a run that was going at a checkpoint (see ``Runs.replay``)."""
        self.running.replay(spec, started_at, expedited_run)

    def emit(self, kind: EventKind, spec: WorkSpec | None, detail: Any = "") -> None:
        """Record an event (``detail`` words, or a payload recipe ``(Payload, *args)``).
        Logging saves nothing: the table marks the rows that changed."""
        work_id = None if spec is None else spec.id
        if type(detail) is tuple:
            self._record((self.clock.now_millis, kind, work_id, *detail))
        else:
            self._record((self.clock.now_millis, kind, work_id, detail))

    # --------------------------------------------------------------- inserting
    def insert(self, spec: WorkSpec) -> None:
        """Store a new row, in its first state (ENQUEUED ones are queued)."""
        now = self.clock.now_millis
        if self.table.insert(spec, now):
            self.schedule.queue(spec, now)

    def reschedule(self, spec: WorkSpec) -> None:
        """Queue an ENQUEUED work again after its row changed (an update)."""
        self.schedule.queue(spec, self.clock.now_millis)

    # ---------------------------------------------------------- driving time
    def advance_to(self, target: int) -> None:
        """Process every instant up to and including ``target``, then stop there."""
        clock = self.clock
        if target < clock.now_millis:
            clock.move_to(target)  # raises: time can't go backwards
        schedule, going = self.schedule, self.going
        with collector_paused():
            while True:
                self._run_instant()
                upcoming = schedule.next_time(clock.now_millis, going.free > 0)  # next_event_time
                if upcoming is None or upcoming > target:
                    break
                clock.jump(upcoming)
        clock.jump(target)

    def step(self) -> bool:
        """Process the next instant at which anything happens (now, if a work can start
        now); False when nothing is scheduled."""
        upcoming = self.next_event_time()
        if upcoming is None:
            return False
        self.clock.jump(upcoming)
        with collector_paused():
            self._run_instant()
        return True

    def next_event_time(self) -> int | None:
        """When something next happens: now if a due work can start now, else when the
        next live timer fires."""
        return self.schedule.next_time(self.clock.now_millis, self.going.free > 0)

    def _run_instant(self) -> None:
        now = self.clock.now_millis
        schedule = self.schedule
        running = self.running
        while True:
            schedule.fire_due(now)
            if running.stopped:
                self._publish_stop()
            if schedule.backlog and self.going.free:
                self._start_ready(now)
            if not schedule.has_due(now):
                break
        on_instant = self.on_instant  # called from a local: see WorkTable.__init__
        if on_instant is not None:
            on_instant()
        if self.interrupts.pending is not None:  # a deferred Ctrl-C: now all is consistent
            raise self.interrupts.take()  # type: ignore[misc]

    def _publish_stop(self) -> None:
        """On a phone a stop and the next run are two database writes with a JobScheduler
        round trip between them (SystemJobService.onStopJob, WorkerWrapper's
        resetWorkerStatus, then Schedulers.registerRescheduling schedules a new job), so
        LiveData delivers the ENQUEUED row with its stop reason before the rerun."""
        self.running.stopped = False
        if self.on_stop is not None:
            self.on_stop()

    def _on_due(self, now: int, spec: WorkSpec, token: int) -> None:
        """A work's due timer fired: start it, unless others wait before it."""
        if spec.timer_token != token or spec.state is not ENQUEUED:
            return
        if self.schedule.backlog or not self.going.free:
            self.schedule.push_ready(spec, now)  # others wait before it, or no slot is free
        elif (cls := spec.fast) and not self.admission.phone.restricting:
            # Nothing outside the clock can hold it (Admission.may_restrict: spec.fast
            # says no constraints, not expedited), and its run takes the fast path.
            self.running.run_fast(spec, cls, now)  # type: ignore[arg-type]
        else:
            self._try_start(spec, now)

    # ---------------------------------------------------------------- starting
    def _start_ready(self, now: int) -> None:
        schedule = self.schedule
        if schedule.has_missing_classes():
            self._recheck_missing_classes()
        while self.going.free:
            spec = schedule.pop_ready()
            if spec is None:
                break
            self._try_start(spec, now)

    def _try_start(self, spec: WorkSpec, now: int) -> None:
        """Start a due work now, or park it while something outside the clock blocks it."""
        cls = spec.worker_class
        if cls is None:
            cls = registry.lookup(spec.worker_class_name)
            if cls is None:
                self.schedule.park_missing_class(spec)
                return
            spec.worker_class = cls
        expedited_run = False
        if self.admission.may_restrict(spec):
            blockers, expedited_run = self.admission.admit(spec, now)
            if blockers:
                self.admission.park(spec, blockers, now)
                return
        self.running.start(spec, cls, now, expedited_run)

    # --------------------------------------------------------------- stopping
    def cancel(self, ids: Iterable[uuid.UUID], why: str) -> None:
        """Cancel each id and, through finished nodes, every unfinished dependent (§9)."""
        for start in ids:
            for spec in self.table.with_dependents(start):
                if spec.state is not SUCCEEDED and spec.state is not FAILED:
                    self._cancel_one(
                        spec, why if spec.id == start else (CascadeCancelled, why, start)
                    )

    def _cancel_one(self, spec: WorkSpec, why: Any) -> None:
        was = spec.state
        self.running.cancel(spec)
        now = self.clock.now_millis
        self.table.cancel(spec, now, was is RUNNING, why)
        self.schedule.forget(spec, now)

    def delete(self, ids: Iterable[uuid.UUID], why: str) -> None:
        """Remove rows for good (REPLACE, KEEP over finished work, pruning): their
        WorkInfo becomes None. A RUNNING worker is *not* stopped here; its result is
        ignored when it ends, as on Android."""
        now = self.clock.now_millis
        for work_id in list(ids):
            spec = self.table.remove(work_id, now, why)
            if spec is not None:
                self.schedule.forget(spec, now)
                self.running.forget(spec)

    # ------------------------------------------------------------------ device
    def _on_recheck(self, now: int, at: int, _: None) -> None:
        self.admission.recheck_done(at)
        self.reevaluate()

    def reevaluate(self) -> None:
        """Look at every running and waiting work again (the device or the rules
        changed): stop the runs the device forbids now, wake the parked works it allows."""
        now = self.clock.now_millis
        admission = self.admission
        admission.note_doze_phase(now)
        for run in self.running.all():
            blocker = admission.running_blocker(run, now)
            if blocker is not None:
                self.running.interrupt(run, blocker.stop_reason, blocker.what)
        admission.wake_parked(now)

    def _recheck_missing_classes(self) -> None:
        schedule = self.schedule
        for work_id in schedule.defined_again():
            spec = self.table.get(work_id)
            if spec is not None and schedule.is_parked(spec):
                schedule.unpark(spec)
                if spec.state is ENQUEUED:
                    schedule.requeue(spec)

    def set_device(self, device: Device, detail: str) -> None:
        """Apply a new device state: stop runs it forbids, wake waiting ones."""
        expedited = sum(1 for run in self.running.all() if run.expedited)
        running = (len(self.running) - expedited, expedited)
        self.admission.change_device(device, self.clock.now_millis, running, detail)
        self.meta_changed = True
        self.reevaluate()

    # ------------------------------------------------------------- life cycle
    def drop_schedule(self) -> None:
        """End every run without a stop (nothing of the process runs any more) and
        forget every timer, queue, parked work and JobScheduler decision."""
        self.running.drop_all()
        self.schedule.clear()
        self.admission.forget()
