"""The engine: WorkManager's scheduler state machine on the virtual clock.

The engine sequences parts with one job each: the :class:`~wmkit.engine.table.WorkTable`
(the stored rows, their only writer), the :class:`~wmkit.engine.schedule.Schedule` (when
each work is next looked at), :class:`~wmkit.engine.admission.Admission` (what the phone
lets run), the :class:`~wmkit.engine.runner.Runner` (runs one worker, says how it ended)
and :class:`~wmkit.engine.results.Results` (what a result does to the work). Live state
stays in memory; the manager writes one snapshot to the store per public call.

How an instant is processed (``_run_instant``): fire every timer due now (runs ending,
run limits, works becoming due), then start ready works in order — earliest due first,
then enqueue order — while worker slots are free; repeat until nothing more happens
at this instant. A chain of zero-duration workers therefore completes in one instant.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from .. import registry
from ..clock import TimerQueue, VirtualClock
from ..enums import State, StopReason
from ..phone.device import Device
from ..phone.rules import Phone
from ..trace.history import History
from ..trace.kinds import EventKind
from ..trace.payloads import CascadeCancelled, Progress, Started
from ..units import MAX_RUN_MILLIS
from ..work.data import Data
from ..work.work_spec import WorkSpec
from ..work.worker import ListenableWorker, Result
from .admission import Admission
from .results import CRASHED, Results
from .runner import Crashed, Done, Outcome, Run, Runner, Sleeping, describe_exception
from .schedule import Schedule
from .table import WorkTable

ENQUEUED, RUNNING, SUCCEEDED, FAILED = (
    State.ENQUEUED,
    State.RUNNING,
    State.SUCCEEDED,
    State.FAILED,
)
FINISH, LIMIT = TimerQueue.FINISH, TimerQueue.LIMIT
_FAILURE = Result.failure()


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
    ) -> None:
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
        self.results = Results(self.table, self.schedule)
        self.runner = Runner(self.rng, self.report_progress)
        self._running: dict[WorkSpec, Run] = {}
        self.meta_changed = False  # device, quotas...: the next commit must save meta
        self.on_instant: Callable[[], None] | None = None

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
        return self._running.get(spec)

    def runs(self) -> list[Run]:
        """The runs going now, oldest first."""
        return list(self._running.values())

    @property
    def running_count(self) -> int:
        return len(self._running)

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
        while True:
            self._run_instant()
            upcoming = self.next_event_time()
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
        self._run_instant()
        return True

    def next_event_time(self) -> int | None:
        """When something next happens: now if a due work can start now, else when the
        next live timer fires."""
        return self.schedule.next_time(self.clock.now_millis, len(self._running) < self.max_workers)

    def _run_instant(self) -> None:
        now = self.clock.now_millis
        schedule = self.schedule
        while True:
            schedule.fire_due(now)
            if schedule.has_ready() and len(self._running) < self.max_workers:
                self._start_ready(now)
            if not schedule.has_due(now):
                break
        if self.on_instant is not None:
            self.on_instant()

    def _on_due(self, spec: WorkSpec, token: int) -> None:
        """A work's due timer fired: start it, unless others wait before it."""
        if spec.timer_token != token or spec.state is not ENQUEUED:
            return
        now = self.clock.now_millis
        schedule = self.schedule
        if (
            schedule.has_ready()
            or len(self._running) >= self.max_workers
            or schedule.has_missing_classes()
        ):
            schedule.push_ready(spec, now)
        else:  # nobody waits before it: start it without queueing
            self._try_start(spec, now)

    # ---------------------------------------------------------------- starting
    def _start_ready(self, now: int) -> None:
        schedule = self.schedule
        if schedule.has_missing_classes():
            self._recheck_missing_classes()
        while len(self._running) < self.max_workers:
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
        self._start(spec, cls, now, expedited_run)

    def _start(
        self,
        spec: WorkSpec,
        cls: type,
        now: int,
        expedited_run: bool = False,
        replay_from: int | None = None,
    ) -> None:
        """ENQUEUED -> RUNNING: make a fresh worker, run it, apply how it ended.

        ``replay_from``: re-create a run that was going at a checkpoint, as if it had
        started then (see ``replay_run``)."""
        if spec.interval:
            input_data = spec.input  # periodic work reads its own input, unmerged
        else:
            table = self.table
            parents = [table[p].output for p in spec.prerequisites if p in table]
            try:
                input_data = self.runner.merged_input(spec, parents)
            except Exception as error:
                where = f"the input merger of {cls.__qualname__}"
                self._fail_to_start(spec, describe_exception(error, where))
                return
        replaying = replay_from is not None
        attempt = spec.run_attempt_count - replaying  # what the worker sees: before this run
        worker = self.runner.create(cls, spec, input_data, attempt)
        if type(worker) is Crashed:
            self._fail_to_start(spec, worker.text)
            return
        started = now if replay_from is None else replay_from
        run = Run(spec, started, spec.override_generation, expedited_run, worker)  # type: ignore[arg-type]
        self.schedule.invalidate(spec)
        self._running[spec] = run
        if not replaying:
            self.table.begin_run(spec, now, (Started, cls, attempt + 1))
            if self.phone.quota_applies:
                self.admission.count_start(expedited_run, now)
        outcome = self.runner.start(run, now)
        if run.coro is not None:  # a coroutine: JobScheduler's limit counts from its start
            self.schedule.add_timer(started + MAX_RUN_MILLIS, LIMIT, self._on_timeout, run)
        self._apply(run, outcome)

    def _apply(self, run: Run, outcome: Outcome) -> None:
        """Act on how a run's worker ended (or paused)."""
        if type(outcome) is Result:
            self.finish(run, outcome, None)
        elif type(outcome) is Done:
            after = outcome.after
            if after == 0:
                self.finish(run, outcome.result, outcome.note)
            elif after > MAX_RUN_MILLIS:
                self.schedule.add_timer(
                    run.started_at + MAX_RUN_MILLIS, LIMIT, self._on_timeout, run
                )
            else:
                run.result = (outcome.result, outcome.note)
                self.schedule.add_timer(run.started_at + after, FINISH, self._on_finish, run)
        elif type(outcome) is Sleeping:
            self.schedule.add_timer(outcome.until, FINISH, self._on_resume, run, outcome.step)
        else:
            self.finish(run, _FAILURE, outcome.text, crashed=True)  # type: ignore[union-attr]

    def replay_run(self, spec: WorkSpec, started_at: int, expedited_run: bool) -> None:
        """Re-create a run that was going at a checkpoint: a new worker, ``do_work``
        called again, the run's time counted from ``started_at`` (a coroutine is driven
        through the sleeps that had already ended). Exact for deterministic workers."""
        now = self.clock.now_millis
        cls = spec.worker_class or registry.lookup(spec.worker_class_name)
        if cls is None:
            due = self.table.stop(spec, now, StopReason.UNKNOWN, None, reorder=False)
            self.schedule.queue_at(spec, due, now)
            return
        spec.worker_class = cls
        self.schedule.hand_over(spec)
        self._start(spec, cls, now, expedited_run, replay_from=started_at)

    def _fail_to_start(self, spec: WorkSpec, note: str) -> None:
        """The worker or its input merger could not be created: no attempt is counted;
        one-time work FAILS, periodic work skips to its next period (WorkerWrapper)."""
        self.schedule.invalidate(spec)
        now = self.clock.now_millis
        if spec.interval:
            self.results.next_period(spec, now, False, note, spec.override_generation)
        else:
            self.results.fail(spec, now, None, note)

    def _on_resume(self, run: Run, step: int) -> None:
        if not run.ended and run.resume_step == step:
            self._apply(run, self.runner.resume(run, self.clock.now_millis))

    def _on_finish(self, run: Run, _: None) -> None:
        if not run.ended:
            self.finish(run, *run.result)

    def _on_timeout(self, run: Run, _: None) -> None:
        if not run.ended:
            self.interrupt(
                run, StopReason.TIMEOUT, "reached the 10-minute execution limit (JobScheduler)"
            )

    def report_progress(self, worker: ListenableWorker, data: Data) -> None:
        """A worker published progress (the runner hands workers this callback)."""
        spec = self.table.get(worker.id)
        run = None if spec is None else self._running.get(spec)
        if spec is None or run is None or run.worker is not worker:
            return  # a finished or stopped run's progress is ignored
        self.table.set_progress(spec, data)
        if run.clock_at >= self.clock.now_millis:  # not a replayed past step (replay_run)
            self.emit(EventKind.PROGRESS, spec, (Progress, data))

    # ---------------------------------------------------------------- results
    def _end_run(self, run: Run) -> WorkSpec | None:
        """Free the run's slot; the row, or None when it was deleted meanwhile."""
        run.ended = True
        spec = run.spec
        if self._running.get(spec) is run:
            del self._running[spec]
            if self.phone.quota_applies:
                self.admission.count_end(run.expedited, self.clock.now_millis)
        if not spec.stored:
            self.emit(EventKind.FINISHED, None, f"{spec.id}: its row was deleted; result ignored")
            return None
        return spec

    def finish(
        self, run: Run, result: Result, note: str | None = None, crashed: bool = False
    ) -> None:
        """Apply a run's result (ANDROID_SEMANTICS §2, §5, §6); ``crashed``: do_work raised."""
        current = self._running.get(run.spec) is run
        spec = self._end_run(run)
        if spec is None or not current:
            return  # the slot or the row went away meanwhile: nothing to apply
        self.table.clear_progress(spec)
        kind = CRASHED if crashed else result.kind
        self.results.apply(
            spec, self.clock.now_millis, kind, result.output_data, note, run.override_generation
        )

    # --------------------------------------------------------------- stopping
    def interrupt(self, run: Run, reason: int, why: str) -> None:
        """Stop a run without cancelling it: back to ENQUEUED, attempt counted,
        ``lastEnqueueTime`` unchanged, progress kept, result ignored (§7, §16)."""
        spec = self._end_run(run)
        self.runner.stop(run, reason, self._report)
        if spec is None:
            return
        now = self.clock.now_millis
        due = self.table.stop(spec, now, reason, why)
        schedule = self.schedule
        if schedule.limit is not None:
            schedule.take_back(spec, now)
        schedule.queue_at(spec, due, now)

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
        run = self._running.get(spec)
        if run is not None:
            self._end_run(run)
            self.runner.stop(run, StopReason.CANCELLED_BY_APP, self._report)
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

    def _report(self, text: str) -> None:
        self.emit(EventKind.ERROR, None, text)

    # ------------------------------------------------------------------ device
    def _on_recheck(self, at: int, _: None) -> None:
        self.admission.recheck_done(at)
        self.reevaluate()

    def reevaluate(self) -> None:
        """Look at every running and waiting work again (the device or the rules
        changed): stop the runs the device forbids now, wake the parked works it allows."""
        now = self.clock.now_millis
        admission = self.admission
        admission.note_doze_phase(now)
        for run in list(self._running.values()):
            blocker = admission.running_blocker(run, now)
            if blocker is not None:
                self.interrupt(run, blocker.stop_reason, blocker.what)
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
        expedited = sum(1 for run in self._running.values() if run.expedited)
        running = (len(self._running) - expedited, expedited)
        self.admission.change_device(device, self.clock.now_millis, running, detail)
        self.meta_changed = True
        self.reevaluate()

    # ------------------------------------------------------------- life cycle
    def drop_schedule(self) -> None:
        """End every run without a stop (nothing of the process runs any more) and
        forget every timer, queue, parked work and JobScheduler decision."""
        for run in self._running.values():
            run.ended = True
            run.coro = None  # dropped, not closed: the process is gone
        self._running.clear()
        self.schedule.clear()
        self.admission.forget()
