"""The runs going now: starting a work's run, and ending it every way a run ends.

``Runs`` makes a run (the worker from the :class:`~wmkit.engine.runner.Runner`, the
ENQUEUED -> RUNNING transition, quota time), acts on the runner's outcome (a result
now or after ``duration``, a coroutine's next wake-up, a crash), and ends runs: by
their result (:class:`~wmkit.engine.results.Results` decides what it does to the work),
by a stop that is not a cancel (constraint lost, Doze, quota, the 10-minute limit),
or by an interrupt (Ctrl-C in student code). The engine decides *when* to start one.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, NoReturn

from .. import registry, versions
from ..clock import VirtualClock
from ..enums import State, StopReason
from ..errors import AppCrashError
from ..trace.kinds import EventKind
from ..trace.payloads import Progress
from ..units import MAX_RUN_MILLIS
from ..versions import AndroidxProfile
from ..work.configuration import Configuration
from ..work.constraints import Constraints
from ..work.data import Data
from ..work.mergers import OverwritingInputMerger
from ..work.work_spec import WorkSpec
from ..work.worker import ListenableWorker, Result
from .admission import Admission
from .going import Going
from .interrupts import Interruption, Interrupts
from .results import CRASHED, Results
from .runner import (
    Crashed,
    Done,
    Interrupted,
    Outcome,
    Run,
    Runner,
    Sleeping,
    describe_exception,
)
from .schedule import Schedule
from .table import WorkTable
from .worker_exceptions import call_handler, merger_crash_message

RUNNING = State.RUNNING
FINISH, LIMIT = Schedule.FINISH, Schedule.LIMIT
_FAILURE = Result.failure()
_EMPTY = Data.EMPTY
_OVERWRITING = OverwritingInputMerger
_NO_CONSTRAINTS = Constraints.NONE


class Runs:
    """Every run going now, keyed by its row."""

    def __init__(
        self,
        clock: VirtualClock,
        rng: random.Random,
        table: WorkTable,
        schedule: Schedule,
        admission: Admission,
        results: Results,
        interrupts: Interrupts,
        record: Callable[[tuple[Any, ...]], None],
        max_workers: int,
        profile: AndroidxProfile | None = None,
        configuration: Configuration | None = None,
    ) -> None:
        self._clock = clock
        self._table = table
        self._schedule = schedule
        self._admission = admission
        self._results = results
        self._interrupts = interrupts
        self._record = record
        #: The androidx release simulated, and the app's Configuration (its handlers).
        self.profile = profile or versions.profile(None)
        self.configuration = configuration or Configuration()
        self.runner = Runner(rng, self.report_progress, interrupts)
        self._plain = self.runner.plain  # class -> its zero duration, or False
        self._periodic, self._one_time = results.periodic, results.one_time
        #: The runs going now and the worker slots they hold.
        self.going = Going(max_workers, self.runner)
        self._interruptions: dict[WorkSpec, Interruption] = {}
        self.stopped = False  # a run was stopped (not cancelled) since the engine last looked

    # ------------------------------------------------------------------ reading
    def of(self, spec: WorkSpec) -> Run | None:
        """The run going for this row now, if any."""
        return self.going.of(spec)

    def all(self) -> list[Run]:
        """The runs going now, oldest first."""
        return self.going.all()

    def __len__(self) -> int:
        return len(self.going)

    def interruption(self, spec: WorkSpec) -> Interruption | None:
        """What interrupted the work's last run or start, if an interrupt did."""
        return self._interruptions.get(spec)

    def forget(self, spec: WorkSpec) -> None:
        """The row is gone: nothing about it is kept."""
        self.going.forget(spec)
        self._interruptions.pop(spec, None)

    def drop_all(self) -> None:
        """End every run without a stop: nothing of the process runs any more."""
        self.going.drop_all()
        self._interruptions.clear()

    def _emit(self, kind: EventKind, spec: WorkSpec | None, detail: Any) -> None:
        work_id = None if spec is None else spec.id
        if type(detail) is tuple:
            self._record((self._clock.now_millis, kind, work_id, *detail))
        else:
            self._record((self._clock.now_millis, kind, work_id, detail))

    # ----------------------------------------------------------------- starting
    def start(self, spec: WorkSpec, cls: type, now: int, expedited_run: bool = False) -> None:
        """ENQUEUED -> RUNNING now: make a fresh worker, run it, apply how it ended."""
        if spec.fast is not cls and not self.may_run_fast(spec, cls):
            self._start(spec, cls, now, expedited_run, None)
        elif not self._admission.phone.quota_applies:
            self.run_fast(spec, cls, now)
        else:  # the run's job time counts against a quota
            self._admission.count_start(expedited_run, now)
            self.going.pending_expedited = expedited_run
            if self.run_fast(spec, cls, now):
                self._admission.count_end(expedited_run, now)
            self.going.pending_expedited = False

    def may_run_fast(self, spec: WorkSpec, cls: type) -> bool:
        """Whether a run of ``spec`` may take the fast path (:meth:`run_fast`): its worker
        class is plain (synchronous, no ``__init__`` of its own, zero duration) and its
        input needs no merging. Once its input merger is known this is kept in
        ``spec.fast`` (the table resets it when the row's fields change), together with
        the admission's part: the class there means that, due, the work starts at once
        on the fast path unless the phone restricts (no constraints, not expedited)."""
        plain = self._plain.get(cls)
        if plain is None:
            plain = self.runner.plain_duration(cls)
        if spec.input_merger is None and not spec.interval:
            return False  # not resolved yet (a reopened store): the general path does it
        fast = plain is not False and bool(
            spec.interval or (not spec.prerequisites and spec.input_merger is _OVERWRITING)
        )
        unheld = spec.constraints is _NO_CONSTRAINTS and not spec.expedited
        spec.fast = cls if fast and unheld else False
        return fast

    def run_fast(self, spec: WorkSpec, cls: type, now: int) -> bool:
        """The commonest run, ``spec.fast`` being its class: a plain worker is made and
        called in one step and, done at once, its result is applied without a Run
        object ever being made (see :class:`~wmkit.engine.going.Going`). True when it
        ended so; False when it became an ordinary run (it may go on)."""
        if self._interruptions:
            self._interruptions.pop(spec, None)  # a new run: the last one's story is over
        generation = spec.override_generation
        # Its queued entries need no invalidating (Schedule.invalidate): the one that
        # fired was taken out, and any other is stale as soon as the row is RUNNING.
        going = self.going  # the run is only pending there: no Run, no slot (see Going)
        going.pending = spec
        going.pending_at = now
        self._table.begin_run(spec, now, cls)
        outcome = self.runner.run_plain(spec, cls, self._plain[cls])
        if going.pending is not spec or type(outcome) is not Result:
            # Anything but done-now, or do_work asked about runs (cancelled or deleted its
            # own work, say): the run may outlive this call, so it is made an ordinary one.
            self._apply(going.take_settled(), outcome)  # type: ignore[arg-type]
            return False
        going.pending = None  # end(), inlined
        if spec.progress is not _EMPTY:
            self._table.clear_progress(spec)
        handlers = self._periodic if spec.interval else self._one_time
        handlers[outcome.kind](spec, now, outcome.output_data, None, generation)
        return True

    def replay(self, spec: WorkSpec, started_at: int, expedited_run: bool) -> None:
        """Re-create a run that was going at a checkpoint: a new worker, ``do_work``
        called again, the run's time counted from ``started_at`` (a coroutine is driven
        through the sleeps that had already ended). Exact for deterministic workers."""
        now = self._clock.now_millis
        cls = spec.worker_class or registry.lookup(spec.worker_class_name)
        if cls is None:
            due = self._table.stop(spec, now, StopReason.UNKNOWN, None, reorder=False)
            self._schedule.queue_at(spec, due, now)
            return
        spec.worker_class = cls
        self._schedule.hand_over(spec)
        self._start(spec, cls, now, expedited_run, started_at)

    def _start(
        self,
        spec: WorkSpec,
        cls: type,
        now: int,
        expedited_run: bool,
        replay_from: int | None,
    ) -> None:
        """The general path of :meth:`start` (and of :meth:`replay`, ``replay_from``: a
        run re-created as if it had started then)."""
        if spec.interval:
            input_data = spec.input  # periodic work reads its own input, unmerged
        else:
            table = self._table
            parents = [table[p].output for p in spec.prerequisites if p in table]
            where = f"the input merger of {cls.__qualname__}"
            try:
                input_data = self.runner.merged_input(spec, parents)
            except Exception as error:
                self._merger_raised(spec, describe_exception(error, where))
                return
            except BaseException as error:
                self._start_interrupted(spec, Interrupted(error, where))
        replaying = replay_from is not None
        attempt = spec.run_attempt_count - replaying  # what the worker sees: before this run
        worker = self.runner.create(cls, spec, input_data, attempt)
        if type(worker) is Crashed:
            handler = self.configuration.worker_initialization_exception_handler
            call_handler(handler, spec, input_data, attempt, worker, self._interrupts, self._report)
            self._fail_to_start(spec, worker.text)
            return
        if type(worker) is Interrupted:
            self._start_interrupted(spec, worker)
        if self._interruptions:
            self._interruptions.pop(spec, None)  # a new run: the last one's story is over
        started = now if replay_from is None else replay_from
        run = Run(spec, started, spec.override_generation, expedited_run, worker)  # type: ignore[arg-type]
        self._schedule.invalidate(spec)
        self.going.add(run)
        if not replaying:
            self._table.begin_run(spec, now, cls)
            if self._admission.phone.quota_applies:
                self._admission.count_start(expedited_run, now)
        outcome = self.runner.start(run, now)
        if run.coro is not None:  # a coroutine: JobScheduler's limit counts from its start
            self._schedule.add_timer(started + MAX_RUN_MILLIS, LIMIT, self._on_timeout, run)
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
                self._schedule.add_timer(
                    run.started_at + MAX_RUN_MILLIS, LIMIT, self._on_timeout, run
                )
            else:
                run.result = (outcome.result, outcome.note)
                self._schedule.add_timer(run.started_at + after, FINISH, self._on_finish, run)
        elif type(outcome) is Sleeping:
            self._schedule.add_timer(outcome.until, FINISH, self._on_resume, run, outcome.step)
        elif type(outcome) is Crashed:
            worker = run.worker
            call_handler(
                self.configuration.worker_execution_exception_handler,
                run.spec,
                worker.input_data,
                worker.run_attempt_count,
                outcome,  # type: ignore[arg-type]
                self._interrupts,
                self._report,
            )
            self.finish(run, _FAILURE, outcome.text, crashed=True)
        else:
            self._run_interrupted(run, outcome)  # type: ignore[arg-type]

    def _run_interrupted(self, run: Run, outcome: Interrupted) -> NoReturn:
        """Ctrl-C (or another BaseException) stopped ``do_work``: end the run, then let
        the interrupt go on to the notebook.

        SIM: the closest Android analogue is the app process dying mid-run, and this
        does what ForceStopRunnable then does: the work goes back to ENQUEUED with
        STOP_REASON_UNKNOWN, its attempt counted and ``lastEnqueueTime`` unchanged, and
        runs again when due; ``on_stopped`` is not called (no student code runs after
        the student stopped it). Other runs go on."""
        spec = self.end(run)
        run.worker._stop_reason = int(StopReason.UNKNOWN)  # later progress is dropped
        error, where = outcome
        if spec is not None:
            now = self._clock.now_millis
            why = f"interrupted by {type(error).__name__} in {where}"
            due = self._table.stop(spec, now, StopReason.UNKNOWN, why, reorder=False)
            if self._schedule.limit is not None:
                self._schedule.take_back(spec, now)
            self._schedule.queue_at(spec, due, now)
            self._interruptions[spec] = Interruption(type(error).__name__, where, now, False)
        raise error

    def _start_interrupted(self, spec: WorkSpec, outcome: Interrupted) -> NoReturn:
        """Ctrl-C (or another BaseException) stopped the making of a work's worker or
        input: it never started, no attempt counts; it stays ENQUEUED, ready to start
        when the clock is driven again. The interrupt goes on to the notebook."""
        error, where = outcome
        now = self._clock.now_millis
        name = type(error).__name__
        if spec.state is RUNNING:  # a run being re-created by a rewind
            why = f"interrupted by {name} in {where}"
            due = self._table.stop(spec, now, StopReason.UNKNOWN, why, reorder=False)
            self._schedule.queue_at(spec, due, now)
        else:
            self._emit(
                EventKind.ERROR,
                spec,
                f"{name} in {where} interrupted its start; it stays ENQUEUED and starts "
                "when the clock is driven again",
            )
            self._schedule.queue(spec, now)
        self._interruptions[spec] = Interruption(name, where, now, True)
        raise error

    def _merger_raised(self, spec: WorkSpec, text: str) -> None:
        """The input merger raised: the release decides (versions.BEHAVIOURS
        "input_merger_raised"). 2.10+ FAIL the work before it starts; in 2.9 the
        exception escapes WorkerWrapper and the app process dies."""
        if self.profile.input_merger_raised != versions.APP_CRASH:
            self._fail_to_start(spec, text)
            return
        message = merger_crash_message(text, spec.id, self.profile.version)
        self._emit(EventKind.ERROR, spec, message + "\n" + text)
        raise AppCrashError(message)

    def _fail_to_start(self, spec: WorkSpec, note: str) -> None:
        """The worker or its input merger could not be created: no attempt is counted and
        the work FAILS, periodic or not, with its dependents: 2.9 ``worker == null ->
        setFailedAndResolve``, 2.10/2.11 ``Resolution.Failed -> setFailed``, neither
        checks for periodic work (WorkerWrapper.kt @ aa889ef, @ 07c9725)."""
        self._schedule.invalidate(spec)
        self._results.fail(spec, self._clock.now_millis, None, note)

    def _on_resume(self, now: int, run: Run, step: int) -> None:
        if not run.ended and run.resume_step == step:
            self._apply(run, self.runner.resume(run, now))

    def _on_finish(self, now: int, run: Run, _: None) -> None:
        if not run.ended:
            self.finish(run, *run.result)

    def _on_timeout(self, now: int, run: Run, _: None) -> None:
        if not run.ended:
            self.interrupt(
                run, StopReason.TIMEOUT, "reached the 10-minute execution limit (JobScheduler)"
            )

    def report_progress(self, worker: ListenableWorker, data: Data) -> None:
        """A worker published progress (the runner hands workers this callback)."""
        spec = self._table.get(worker.id)
        run = None if spec is None else self.of(spec)
        if spec is None or run is None or run.worker is not worker:
            return  # a finished or stopped run's progress is ignored
        self._table.set_progress(spec, data)
        if run.clock_at >= self._clock.now_millis:  # not a replayed past step (replay)
            self._emit(EventKind.PROGRESS, spec, (Progress, data))

    # ------------------------------------------------------------------ ending
    def end(self, run: Run) -> WorkSpec | None:
        """Free the run's slot; the row, or None when it was deleted meanwhile."""
        run.ended = True
        spec = run.spec
        if self.going.remove(run) and self._admission.phone.quota_applies:
            self._admission.count_end(run.expedited, self._clock.now_millis)
        if not spec.stored:
            self._emit(EventKind.FINISHED, None, f"{spec.id}: its row was deleted; result ignored")
            return None
        return spec

    def finish(
        self, run: Run, result: Result, note: str | None = None, crashed: bool = False
    ) -> None:
        """Apply a run's result (ANDROID_SEMANTICS §2, §5, §6); ``crashed``: do_work raised."""
        current = self.going.runs.get(run.spec) is run
        spec = self.end(run)
        if spec is None or not current:
            return  # the slot or the row went away meanwhile: nothing to apply
        self._table.clear_progress(spec)
        kind = CRASHED if crashed else result.kind
        self._results.apply(
            spec, self._clock.now_millis, kind, result.output_data, note, run.override_generation
        )

    def cancel(self, spec: WorkSpec) -> None:
        """The work is being cancelled: stop its run, if it has one (CANCELLED_BY_APP)."""
        run = self.of(spec)
        if run is not None:
            self.end(run)
            self._stop(run, StopReason.CANCELLED_BY_APP)

    def interrupt(self, run: Run, reason: int, why: str) -> None:
        """Stop a run without cancelling it: back to ENQUEUED, attempt counted,
        ``lastEnqueueTime`` unchanged, progress kept, result ignored (§7, §16); a request
        built with ``set_backoff_for_system_interruptions()`` backs off from now."""
        spec = self.end(run)
        self._stop(run, reason)
        if spec is None:
            return
        now = self._clock.now_millis
        due = self._table.stop(
            spec,
            now,
            reason,
            why,
            backoff_from_now=spec.backoff_on_system_interruptions,
            override_generation=run.override_generation,
        )
        self.stopped = True
        schedule = self._schedule
        if schedule.limit is not None:
            schedule.take_back(spec, now)
        schedule.queue_at(spec, due, now)

    def _stop(self, run: Run, reason: int) -> None:
        """Stop the run's worker (``on_stopped``); an interrupt there is raised once the
        engine has stopped everything it is stopping."""
        interrupted = self.runner.stop(run, reason, self._report)
        if interrupted is not None:
            self._interrupts.defer(interrupted)

    def _report(self, text: str) -> None:
        self._emit(EventKind.ERROR, None, text)
