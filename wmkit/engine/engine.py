"""The engine: WorkManager's scheduler state machine on the virtual clock.

The engine sequences four parts with one job each: the :class:`~wmkit.engine.table.WorkTable`
(the stored rows, their only writer), the :class:`~wmkit.engine.schedule.Schedule` (when
each work is next looked at), :class:`~wmkit.engine.admission.Admission` (what the phone
lets run) and the runner (:mod:`wmkit.engine.runner`, which runs one worker). Live state
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
from ..phone.rules import Blocker, Phone
from ..trace.details import (
    cancelled_because,
    failed_because,
    period_detail,
    retry_detail,
    started_detail,
    waiting_detail,
)
from ..trace.history import History
from ..units import MAX_RUN_MILLIS, to_millis
from ..work.constraints import Constraints
from ..work.data import Data
from ..work.mergers import OverwritingInputMerger, merge_inputs
from ..work.work_spec import WorkSpec
from ..work.worker import CoroutineWorker, ListenableWorker, Result, Sleep
from .admission import Admission
from .runner import Run, describe_exception, normalise_result, stop_worker
from .schedule import Schedule
from .table import WorkTable

ENQUEUED, RUNNING, SUCCEEDED, FAILED, BLOCKED, CANCELLED = (
    State.ENQUEUED,
    State.RUNNING,
    State.SUCCEEDED,
    State.FAILED,
    State.BLOCKED,
    State.CANCELLED,
)
FINISH, LIMIT, DEVICE = TimerQueue.FINISH, TimerQueue.LIMIT, TimerQueue.DEVICE
_NOT_STOPPED = int(StopReason.NOT_STOPPED)
_NO_CONSTRAINTS = Constraints.NONE
_FAILURE = Result.failure()
_SUCCESS, _FAILURE_KIND, _RETRY = Result.SUCCESS, Result.FAILURE, Result.RETRY
_BASE_INIT = ListenableWorker.__init__
_new = object.__new__


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
        self.admission = Admission(Phone(device or Device()), self._record)
        self._running: dict[WorkSpec, Run] = {}
        self._durations: dict[Any, int] = {}
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

    def emit(self, kind: str, spec: WorkSpec | None, detail: Any = "") -> None:
        """Record an event (``detail`` may be ``(function, *args)``, formatted lazily).
        Logging saves nothing: the table marks the rows that changed."""
        work_id = None if spec is None else spec.id
        if type(detail) is tuple:
            self._record((self.clock.now_millis, kind, work_id, *detail))
        else:
            self._record((self.clock.now_millis, kind, work_id, detail))

    # --------------------------------------------------------------- inserting
    def insert(self, spec: WorkSpec) -> None:
        """Store a new row and give it its first state from its prerequisites
        (ANDROID_SEMANTICS §2: ENQUEUED, BLOCKED, or at once FAILED/CANCELLED)."""
        now = self.clock.now_millis
        table = self.table
        table.add(spec)
        states = table.states_of(spec.prerequisites)
        name = registry.qualified_name(spec.worker_class) if spec.worker_class else ""
        if FAILED in states:
            detail = f"{name} enqueued after a FAILED prerequisite"
            table.fail(spec, now, None, None, detail, first=True)
        elif CANCELLED in states:
            detail = f"{name} enqueued after a CANCELLED prerequisite"
            table.transition(spec, CANCELLED, now, "cancelled", detail, first=True)
        elif any(s is not SUCCEEDED for s in states):
            table.block(spec, now, f"{name} waits for its prerequisites")
        else:
            table.enqueue(spec, now, "enqueued", name, first=True)
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
        return self.schedule.next_time(
            self.clock.now_millis, len(self._running) < self.max_workers
        )

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
                self._park(spec, blockers, now)
                return
        self._start(spec, cls, now, expedited_run)

    def _merged_input(self, spec: WorkSpec) -> Data:
        """A one-time work's input: its merger applied to ``[own input] + parents' outputs``."""
        merger = spec.input_merger
        if merger is None:
            merger = registry.lookup(spec.input_merger_name)
            if merger is None:
                raise LookupError(
                    f"input merger {spec.input_merger_name} is not defined in this process; "
                    "run the cell that defines it"
                )
            spec.input_merger = merger
        if merger is OverwritingInputMerger and not spec.prerequisites:
            return spec.input  # what merging [own input] alone gives, without the work
        table = self.table
        parents = [table[p].output for p in spec.prerequisites if p in table]
        return merge_inputs(merger(), [spec.input, *parents])

    def _start(
        self,
        spec: WorkSpec,
        cls: type,
        now: int,
        expedited_run: bool = False,
        replay_from: int | None = None,
    ) -> None:
        """ENQUEUED -> RUNNING: make a fresh worker and call ``do_work``.

        ``replay_from``: re-create a run that was going at a checkpoint, as if it had
        started then (see ``replay_run``)."""
        if spec.interval:
            input_data = spec.input  # periodic work reads its own input, unmerged
        else:
            try:
                input_data = self._merged_input(spec)
            except Exception as error:
                where = f"the input merger of {cls.__qualname__}"
                self._fail_to_start(spec, describe_exception(error, where))
                return
        started = now if replay_from is None else replay_from
        run = Run(spec, started, spec.override_generation)
        run.expedited = expedited_run
        worker: ListenableWorker = _new(cls)
        worker.id = spec.id
        worker.tags = spec.tags
        worker.input_data = input_data
        worker.run_attempt_count = spec.run_attempt_count - (replay_from is not None)
        worker.generation = spec.generation
        worker.random = self.rng
        worker._stop_reason = _NOT_STOPPED
        worker._engine = self
        # No worker -> run reference: a cycle per run would leave every finished run to
        # the cyclic GC, which then dominates the cost of a long advance().
        if cls.__init__ is not _BASE_INIT:  # type: ignore[misc]
            try:
                cls.__init__(worker)  # type: ignore[misc]
            except Exception as error:
                self._fail_to_start(spec, describe_exception(error, f"creating {cls.__qualname__}"))
                return
        run.worker = worker
        self.schedule.invalidate(spec)
        self._running[spec] = run
        if replay_from is None:
            self.table.begin_run(spec, now, (started_detail, cls, spec.run_attempt_count + 1))
            if self.phone.quota_applies:
                self.admission.count_start(expedited_run, now)
                self._recheck_when_rules_change(now)
        if isinstance(worker, CoroutineWorker):
            self._start_coroutine(run)
            return
        try:
            value = worker.do_work()  # type: ignore[attr-defined]
        except Exception as error:
            where = f"{cls.__qualname__}.do_work"
            self.finish(run, _FAILURE, describe_exception(error, where))
            return
        if type(value) is Result:
            note = None
        else:
            value, note = normalise_result(value, worker)
        duration = worker.duration
        length = self._durations.get(duration)
        if length is None:
            try:
                length = to_millis(duration, name=f"{cls.__qualname__}.duration")
            except Exception as error:
                self.finish(run, _FAILURE, str(error))
                return
            self._durations[duration] = length
        if length == 0:
            self.finish(run, value, note)
        elif length > MAX_RUN_MILLIS:
            self.schedule.add_timer(now + MAX_RUN_MILLIS, LIMIT, self._on_timeout, run)
        else:
            run.result = (value, note)
            self.schedule.add_timer(now + length, FINISH, self._on_finish, run)

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
        if spec.interval:
            self._next_period(spec, Result.FAILURE, note, spec.override_generation)
        else:
            self.fail(spec, None, note)

    def _start_coroutine(self, run: Run) -> None:
        worker = run.worker
        try:
            coro = worker.do_work()  # type: ignore[attr-defined]
        except Exception as error:
            where = f"{type(worker).__qualname__}.do_work"
            self.finish(run, _FAILURE, describe_exception(error, where))
            return
        if not hasattr(coro, "send"):
            # Forgot `async`: take the returned value as the result.
            result, note = normalise_result(coro, worker)
            self.finish(run, result, note)
            return
        run.coro = coro
        self.schedule.add_timer(run.started_at + MAX_RUN_MILLIS, LIMIT, self._on_timeout, run)
        self._resume(run)

    def _resume(self, run: Run) -> None:
        """Drive a coroutine until it awaits a sleep that ends later, or returns."""
        worker = run.worker
        where = f"{type(worker).__qualname__}.do_work"
        now = self.clock.now_millis
        while True:
            try:
                awaited = run.coro.send(None)  # type: ignore[union-attr]
            except StopIteration as done:
                result, note = normalise_result(done.value, worker)
                self.finish(run, result, note)
                return
            except Exception as error:
                self.finish(run, _FAILURE, describe_exception(error, where))
                return
            if not isinstance(awaited, Sleep):
                run.coro.close()  # type: ignore[union-attr]
                self.finish(
                    run,
                    _FAILURE,
                    f"{where} awaited {awaited!r}; a CoroutineWorker on the virtual clock can "
                    "only await self.sleep(...) and self.set_progress(...) (not asyncio.sleep).",
                )
                return
            run.clock_at += awaited.millis
            if run.clock_at > now:
                run.resume_step += 1
                self.schedule.add_timer(
                    run.clock_at, FINISH, self._on_resume, run, run.resume_step
                )
                return
            # A sleep that already ended (sleep(0), or a run replayed from a checkpoint).

    def _on_resume(self, run: Run, step: int) -> None:
        if not run.ended and run.resume_step == step:
            self._resume(run)

    def _on_finish(self, run: Run, _: None) -> None:
        if not run.ended:
            self.finish(run, *run.result)

    def _on_timeout(self, run: Run, _: None) -> None:
        if not run.ended:
            self.interrupt(
                run, StopReason.TIMEOUT, "reached the 10-minute execution limit (JobScheduler)"
            )

    def _on_progress(self, worker: ListenableWorker, data: Data) -> None:
        spec = self.table.get(worker.id)
        run = None if spec is None else self._running.get(spec)
        if spec is None or run is None or run.worker is not worker:
            return  # a finished or stopped run's progress is ignored
        self.table.set_progress(spec, data)
        if run.clock_at >= self.clock.now_millis:  # not a replayed past step (replay_run)
            self.emit("progress", spec, (repr, data))

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
            self.emit("finished", None, f"{spec.id}: its row was deleted; result ignored")
            return None
        return spec

    def finish(self, run: Run, result: Result, note: str | None = None) -> None:
        """Apply a run's result (ANDROID_SEMANTICS §2, §5, §6)."""
        current = self._running.get(run.spec) is run
        spec = self._end_run(run)
        if spec is None or not current:
            return  # the slot or the row went away meanwhile: nothing to apply
        self.table.clear_progress(spec)
        kind = result.kind
        if spec.interval:
            # A periodic work's failure(), even a raised exception, just ends the period
            # (WorkerWrapper.onWorkFailed -> resetPeriodic in current androidx).
            if kind == _RETRY:
                self._retry(spec, note, run.override_generation)
            else:
                self._next_period(spec, kind, note, run.override_generation)
        elif kind == _SUCCESS:
            self._succeed(spec, result.output_data, note)
        elif kind == _FAILURE_KIND:
            self.fail(spec, result.output_data, note)
        else:
            self._retry(spec, note, run.override_generation)

    def _succeed(self, spec: WorkSpec, output: Data, note: str | None) -> None:
        now = self.clock.now_millis
        self.table.succeed(spec, now, output, note)
        self.schedule.take_back(spec, now)
        if self.table.has_dependents(spec.id):
            self._unblock_dependents(spec, now)

    def _unblock_dependents(self, spec: WorkSpec, now: int) -> None:
        table = self.table
        for dependent_id in table.dependents_of(spec.id):
            dependent = table.get(dependent_id)
            if dependent is None or dependent.state is not BLOCKED:
                continue
            if all(s is SUCCEEDED for s in table.states_of(dependent.prerequisites)):
                table.enqueue(dependent, now, "unblocked", "every prerequisite SUCCEEDED")
                self.schedule.queue(dependent, now)

    def _re_enqueue(
        self,
        spec: WorkSpec,
        override_generation: int,
        kind: str,
        describe: Callable[[Any, int, int], str],
        period: bool,
        note: str | None,
    ) -> None:
        """RUNNING -> ENQUEUED at this instant (a retry, the next period), queued for
        when it is due."""
        now = self.clock.now_millis
        due = self.table.re_enqueue(spec, now, override_generation, kind, describe, period, note)
        schedule = self.schedule
        if schedule.limit is not None:
            schedule.take_back(spec, now)
        schedule.queue_at(spec, due, now)

    def _retry(self, spec: WorkSpec, note: str | None, override_generation: int) -> None:
        self._re_enqueue(spec, override_generation, "retry", retry_detail, False, note)

    def _next_period(
        self, spec: WorkSpec, kind: str, note: str | None, override_generation: int
    ) -> None:
        word = "succeeded" if kind == _SUCCESS else "failed"
        self._re_enqueue(spec, override_generation, word, period_detail, True, note)

    def fail(self, spec: WorkSpec, output: Data | None, note: str | None) -> None:
        """FAILED, and every transitive dependent FAILED unless CANCELLED (§9)."""
        now = self.clock.now_millis
        table = self.table
        table.fail(spec, now, output, note, note or "")
        self.schedule.take_back(spec, now)
        for dependent in table.with_dependents(spec.id):
            if dependent is not spec and not dependent.state.is_finished:
                table.fail(dependent, now, None, None, (failed_because, spec.id))
                self.schedule.forget(dependent, now)

    # --------------------------------------------------------------- stopping
    def interrupt(self, run: Run, reason: int, why: str) -> None:
        """Stop a run without cancelling it: back to ENQUEUED, attempt counted,
        ``lastEnqueueTime`` unchanged, progress kept, result ignored (§7, §16)."""
        spec = self._end_run(run)
        stop_worker(run, reason, self._report)
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
                        spec, why if spec.id == start else (cancelled_because, why, start)
                    )

    def _cancel_one(self, spec: WorkSpec, why: Any) -> None:
        was = spec.state
        run = self._running.get(spec)
        if run is not None:
            self._end_run(run)
            stop_worker(run, StopReason.CANCELLED_BY_APP, self._report)
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
        self.emit("error", None, text)

    # ------------------------------------------------------------------ device
    def _park(self, spec: WorkSpec, blockers: list[Blocker], now: int) -> None:
        """Hold a due work until what blocks it changes."""
        untils = [b.until for b in blockers if b.until is not None]
        if not self.schedule.is_parked(spec):
            text = "; ".join(b.what for b in blockers)
            self.emit("waiting", spec, (waiting_detail, text, min(untils) if untils else None))
        self.schedule.park(spec, blockers)
        if untils:
            self._want_recheck(max(untils), now)

    def _want_recheck(self, at: int, now: int) -> None:
        """Make sure the rules are looked at again at ``at``."""
        if self.admission.wants_recheck(at, now):
            self.schedule.add_timer(at, DEVICE, self._on_recheck, at)

    def _recheck_when_rules_change(self, now: int) -> None:
        upcoming = self.admission.next_change(now)
        if upcoming is not None:
            self._want_recheck(upcoming, now)

    def _on_recheck(self, at: int, _: None) -> None:
        self.admission.recheck_done(at)
        self.reevaluate()

    def reevaluate(self) -> None:
        """Look at every running and waiting work again (device or time changed): one
        pass over the works the device affects, never a rescan of every stored work."""
        now = self.clock.now_millis
        admission = self.admission
        admission.note_doze_phase(now)
        for run in list(self._running.values()):
            blocker = admission.running_blocker(run, now)
            if blocker is not None:
                self.interrupt(run, blocker.stop_reason, blocker.what)
        for spec, held in self.schedule.parked():
            if held is None or admission.is_dropped(spec):
                continue  # a missing class, or dropped: no device change helps
            blockers, _ = admission.admit(spec, now)
            if blockers:
                self._park(spec, blockers, now)
            else:
                self.schedule.unpark(spec)
                self.schedule.requeue(spec)
        self._recheck_when_rules_change(now)

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

    def waiting_reasons(self, spec: WorkSpec) -> list[str]:
        """Why a due ENQUEUED work is not running now (empty when nothing holds it)."""
        now = self.clock.now_millis
        if spec.state is not ENQUEUED or spec.next_run_time() > now:
            return []
        reasons = []
        if self.schedule.misses_class(spec):
            reasons.append(f"worker class {spec.worker_class_name} is not defined")
        reasons.extend(f"{b.kind}: {b.what}" for b in self.admission.blockers_for(spec, now))
        if not self.schedule.is_handed_over(spec):
            reasons.append(
                f"not handed to JobScheduler yet: {self.scheduler_limit} works hold its slots"
            )
        if not reasons and len(self._running) >= self.max_workers:
            reasons.append(f"all {self.max_workers} worker slots are busy")
        return reasons

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
