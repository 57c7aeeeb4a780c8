"""The engine: WorkManager's scheduler state machine on the virtual clock.

One stateful driver sequences the pure rules of the other modules (``backoff``,
``constraints``, ``runner``, ``transitions``). Live state stays in memory; the manager
writes one snapshot to the store per public call.

How an instant is processed (``_run_instant``): fire every timer due now (runs ending,
run limits, works becoming due), then start ready works in order — earliest due first,
then enqueue order — while worker slots are free; repeat until nothing more happens
at this instant. A chain of zero-duration workers therefore completes in one instant.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import registry
from ..clock import TimerQueue, VirtualClock
from ..enums import State, StopReason
from ..phone.device import Device
from ..phone.doze import DozePhase
from ..phone.rules import Blocker, Phone
from ..trace.details import (
    cancelled_because,
    failed_because,
    period_detail,
    retry_detail,
    started_detail,
    stopped_detail,
)
from ..trace.history import History
from ..units import LONG_MAX, MAX_RUN_MILLIS, to_millis
from ..work.backoff import next_run_time
from ..work.constraints import Constraints
from ..work.data import Data
from ..work.mergers import OverwritingInputMerger, merge_inputs
from ..work.work_spec import WorkSpec
from ..work.worker import CoroutineWorker, ListenableWorker, Result, Sleep
from .admission import DeviceRules
from .lifecycle import Lifecycle
from .runner import Run, describe_exception, normalise_result, stop_worker
from .transitions import check_transition

ENQUEUED, RUNNING, SUCCEEDED, FAILED, BLOCKED, CANCELLED = (
    State.ENQUEUED,
    State.RUNNING,
    State.SUCCEEDED,
    State.FAILED,
    State.BLOCKED,
    State.CANCELLED,
)
_NOT_STOPPED = int(StopReason.NOT_STOPPED)
_NO_CONSTRAINTS = Constraints.NONE
_EMPTY = Data.EMPTY
_FAILURE = Result.failure()
_SUCCESS, _FAILURE_KIND, _RETRY = Result.SUCCESS, Result.FAILURE, Result.RETRY
_BASE_INIT = ListenableWorker.__init__
_new = object.__new__


class Engine(DeviceRules, Lifecycle):
    """All works, the clock, the device and the schedule of one simulated app.

    The device rules (:mod:`wmkit.engine.admission`) and the snapshot and process-death
    life cycle (:mod:`wmkit.engine.lifecycle`) are mixins in their own modules."""

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
        self.phone = Phone(device or Device())
        self.rng = random.Random(seed)
        self.max_workers = max_concurrent_workers
        # Android hands at most maxSchedulerLimit (20) unfinished works to JobScheduler at
        # a time, oldest enqueue first, and takes each back after every run. None: no
        # limit (the in-process GreedyScheduler covers far more while the app lives).
        self.scheduler_limit = scheduler_limit
        self.scheduled: dict[WorkSpec, None] = {}
        self.unscheduled: list[tuple[int, int, int, WorkSpec]] = []
        self.specs: dict[uuid.UUID, WorkSpec] = {}
        self.dependents: dict[uuid.UUID, list[uuid.UUID]] = {}
        self.by_tag: dict[str, set[uuid.UUID]] = {}
        self.by_name: dict[str, list[uuid.UUID]] = {}
        self.timers = TimerQueue()
        self.ready: list[tuple[int, int, int, WorkSpec]] = []
        # Keyed by the WorkSpec object itself: identity hashing is C-fast, UUID's is not.
        self.parked: dict[WorkSpec, list[Blocker] | None] = {}
        self.missing_classes: dict[str, set[uuid.UUID]] = {}
        self.dropped: set[WorkSpec] = set()  # expedited work JobScheduler refused
        self._rechecks: set[int] = set()  # instants with a "recheck" timer pending
        self._doze_phase_seen: DozePhase | None = None
        self.running: dict[WorkSpec, Run] = {}
        self._durations: dict[Any, int] = {}
        self.history = History()
        self._append_event = self.history.raw.append  # (millis, kind, work_id, detail)
        self.seq = 0  # enqueue order: the same-instant tie-break, persisted
        self.next_doc_id = 1
        self.dirty: set[WorkSpec] = set()
        self.meta_changed = False  # device, quotas...: the next commit must save meta
        self.deleted_doc_ids: set[int] = set()
        self.on_instant: Callable[[], None] | None = None
        self._handlers: dict[str, Callable[[Any, Any], None]] = {
            "finish": self._on_finish,
            "resume": self._on_resume,
            "timeout": self._on_timeout,
            "recheck": self._on_recheck,
        }

    # ------------------------------------------------------------------ events
    @property
    def now(self) -> int:
        return self.clock._now

    @property
    def device(self) -> Device:
        return self.phone.device

    def emit(self, kind: str, spec: WorkSpec | None, detail: Any = "") -> None:
        """Record an event (``detail`` may be ``(function, *args)``, formatted lazily)."""
        work_id = None
        if spec is not None:
            self.dirty.add(spec)
            work_id = spec.id
        if type(detail) is tuple:
            self._append_event((self.clock._now, kind, work_id, *detail))
        else:
            self._append_event((self.clock._now, kind, work_id, detail))

    def _set_state(self, spec: WorkSpec, state: State) -> None:
        check_transition(spec.state, state, spec.id)
        spec.state = state

    # --------------------------------------------------------------- inserting
    def insert(self, spec: WorkSpec) -> None:
        """Store a new row and give it its first state from its prerequisites
        (ANDROID_SEMANTICS §2: ENQUEUED, BLOCKED, or at once FAILED/CANCELLED)."""
        spec.doc_id = self.next_doc_id
        self.next_doc_id += 1
        self.restore(spec)
        states = [self.specs[p].state for p in spec.prerequisites if p in self.specs]
        name = registry.qualified_name(spec.worker_class) if spec.worker_class else ""
        if FAILED in states:
            spec.state = FAILED
            self.emit("failed", spec, f"{name} enqueued after a FAILED prerequisite")
        elif CANCELLED in states:
            spec.state = CANCELLED
            self.emit("cancelled", spec, f"{name} enqueued after a CANCELLED prerequisite")
        elif any(s is not SUCCEEDED for s in states):
            spec.state = BLOCKED
            spec.last_enqueue_time = -1
            self.emit("blocked", spec, f"{name} waits for its prerequisites")
        else:
            self.enqueue_now(spec, "enqueued", name)

    def restore(self, spec: WorkSpec) -> None:
        """Add a row to the indexes as it is (no transition, no event): for reopening."""
        self.specs[spec.id] = spec
        spec.stored = True
        for tag in spec.tags:
            self.by_tag.setdefault(tag, set()).add(spec.id)
        if spec.unique_name is not None:
            self.by_name.setdefault(spec.unique_name, []).append(spec.id)
        for prerequisite in spec.prerequisites:
            self.dependents.setdefault(prerequisite, []).append(spec.id)

    def retag(self, spec: WorkSpec, tags: frozenset[str]) -> None:
        """Replace a row's tags, keeping the tag index right (update_work)."""
        for tag in spec.tags - tags:
            members = self.by_tag[tag]
            members.discard(spec.id)
            if not members:
                del self.by_tag[tag]
        for tag in tags - spec.tags:
            self.by_tag.setdefault(tag, set()).add(spec.id)
        spec.tags = tags
        spec.static_record = None

    def enqueue_now(self, spec: WorkSpec, kind: str, detail: str) -> None:
        """Enter ENQUEUED at this instant (enqueue, unblock): ``lastEnqueueTime = now``."""
        spec.state = ENQUEUED
        spec.last_enqueue_time = self.clock._now
        self.seq += 1
        spec.enqueue_seq = self.seq
        self.emit(kind, spec, detail)
        self.schedule(spec)

    def schedule(self, spec: WorkSpec) -> int:
        """(Re)compute when an ENQUEUED work is due, queue it for that instant, return it."""
        token = spec.timer_token = spec.timer_token + 1
        if self.parked and spec in self.parked:
            del self.parked[spec]
        due = next_run_time(spec)
        if self.scheduler_limit is not None and spec not in self.scheduled:
            if len(self.scheduled) >= self.scheduler_limit:
                entry = (spec.last_enqueue_time, spec.enqueue_seq, token, spec)
                heapq.heappush(self.unscheduled, entry)
                return due  # waits for a scheduler slot; nothing fires for it until then
            self.scheduled[spec] = None
        self._queue_due(spec, due, token)
        return due

    def _queue_due(self, spec: WorkSpec, due: int, token: int) -> None:
        """Ready now, or a timer for the instant it is due."""
        if due <= self.clock._now:
            heapq.heappush(self.ready, (due, spec.enqueue_seq, token, spec))
        else:
            self.timers.push(due, TimerQueue.DUE, "due", spec, token)

    def unschedule(self, spec: WorkSpec) -> None:
        """Take a work back from the scheduler (after a run, a cancel, a delete) and
        hand the freed slot to the oldest waiting work."""
        if self.scheduler_limit is None or self.scheduled.pop(spec, 0) is not None:
            return
        limit = self.scheduler_limit
        while self.unscheduled and len(self.scheduled) < limit:
            _, _, token, waiting = heapq.heappop(self.unscheduled)
            if waiting.timer_token == token and waiting.state is ENQUEUED and waiting.stored:
                self.scheduled[waiting] = None
                self._queue_due(waiting, next_run_time(waiting), token)

    # ---------------------------------------------------------- driving time
    def advance_to(self, target: int) -> None:
        """Process every instant up to and including ``target``, then stop there."""
        if target < self.clock._now:
            self.clock._move_to(target)  # raises: time can't go backwards
        while True:
            self._run_instant()
            upcoming = self.next_event_time()
            if upcoming is None or upcoming > target:
                break
            self.clock._now = upcoming
        self.clock._now = target

    def step(self) -> bool:
        """Process the next instant at which anything happens (now, if a work can start
        now); False when nothing is scheduled."""
        upcoming = self.next_event_time()
        if upcoming is None:
            return False
        self.clock._now = upcoming
        self._run_instant()
        return True

    def next_event_time(self) -> int | None:
        """When something next happens: now if a due work can start now, else when the
        next live timer fires (stale timers at the head are dropped)."""
        ready = self.ready
        while ready:
            _, _, token, spec = ready[0]
            if spec.timer_token == token and spec.state is ENQUEUED and spec.stored:
                break
            heapq.heappop(ready)
        if ready and len(self.running) < self.max_workers:
            return self.clock._now
        if self.missing_classes and any(registry.lookup(n) for n in self.missing_classes):
            return self.clock._now
        timers = self.timers
        while True:
            head = timers.peek()
            if head is None:
                return None
            if self._timer_live(head[3], head[4:]):
                return head[0]
            timers.pop()

    def _timer_live(self, kind: str, payload: Any) -> bool:
        if kind == "due":
            return payload[0].timer_token == payload[1] and payload[0].state is ENQUEUED
        if kind == "resume":
            return not payload[0].ended and payload[0].resume_step == payload[1]
        if kind in ("finish", "timeout"):
            return not payload[0].ended
        return True

    def _run_instant(self) -> None:
        now = self.clock._now
        heap = self.timers._heap
        handlers = self._handlers
        ready = self.ready
        running = self.running
        pop, push = heapq.heappop, heapq.heappush
        while True:
            while heap and heap[0][0] <= now:
                due, _, _, kind, a, b = pop(heap)
                if kind == "due":  # the commonest timer, handled inline
                    if a.timer_token == b and a.state is ENQUEUED:
                        if ready or len(running) >= self.max_workers or self.missing_classes:
                            push(ready, (due, a.enqueue_seq, b, a))
                        else:  # nobody waits before it: start it without queueing
                            self._try_start(a)
                else:
                    handlers[kind](a, b)
            if ready and len(self.running) < self.max_workers:
                self._start_ready()
            if not heap or heap[0][0] > now:
                break
        if self.on_instant is not None:
            self.on_instant()

    # ---------------------------------------------------------------- starting
    def _start_ready(self) -> None:
        if self.missing_classes:
            self._recheck_missing_classes()
        ready = self.ready
        running = self.running
        pop = heapq.heappop
        while ready and len(running) < self.max_workers:
            _, _, token, spec = pop(ready)
            if spec.timer_token == token and spec.state is ENQUEUED and spec.stored:
                self._try_start(spec)

    def _try_start(self, spec: WorkSpec) -> None:
        """Start a due work now, or park it while something outside the clock blocks it."""
        cls = spec.worker_class
        if cls is None:
            cls = registry.lookup(spec.worker_class_name)
            if cls is None:
                self.park_missing_class(spec)
                return
            spec.worker_class = cls
        expedited_run = False
        if spec.constraints is not _NO_CONSTRAINTS or spec.expedited or self.phone.restricting:
            blockers, expedited_run = self.admit(spec)
            if blockers:
                self.park(spec, blockers)
                return
        self._start(spec, cls, expedited_run)

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
        specs = self.specs
        inputs = [spec.input] + [specs[p].output for p in spec.prerequisites if p in specs]
        return merge_inputs(merger(), inputs)

    def _start(
        self,
        spec: WorkSpec,
        cls: type,
        expedited_run: bool = False,
        replay_from: int | None = None,
    ) -> None:
        """ENQUEUED -> RUNNING: make a fresh worker and call ``do_work``.

        This is the hot path of every run, written for speed: no per-run validation
        beyond what a student's code can get wrong. ``replay_from``: re-create a run
        that was going at a checkpoint, as if it had started then (see ``restore``).
        """
        if spec.interval:
            input_data = spec.input  # periodic work reads its own input, unmerged
        else:
            try:
                input_data = self._merged_input(spec)
            except Exception as error:
                where = f"the input merger of {cls.__qualname__}"
                self._fail_to_start(spec, describe_exception(error, where))
                return
        now = self.clock._now if replay_from is None else replay_from
        run = Run(spec, now, spec.override_generation)
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
        spec.timer_token += 1
        self.running[spec] = run
        if replay_from is None:
            spec.run_attempt_count += 1
            spec.state = RUNNING
            spec.stop_reason = _NOT_STOPPED
            if self.phone.quota_applies:
                self._count_start(run)
            self.dirty.add(spec)
            attempt = spec.run_attempt_count
            self._append_event((now, "started", spec.id, started_detail, cls, attempt))
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
            self.timers.push(now + MAX_RUN_MILLIS, TimerQueue.LIMIT, "timeout", run)
        else:
            run.result = (value, note)
            self.timers.push(now + length, TimerQueue.FINISH, "finish", run)

    def replay_run(self, spec: WorkSpec, started_at: int, expedited_run: bool) -> None:
        """Re-create a run that was going at a checkpoint: a new worker, ``do_work``
        called again, the run's time counted from ``started_at`` (a coroutine is driven
        through the sleeps that had already ended). Exact for deterministic workers."""
        cls = spec.worker_class or registry.lookup(spec.worker_class_name)
        if cls is None:
            spec.state = ENQUEUED
            spec.stop_reason = int(StopReason.UNKNOWN)
            self.schedule(spec)
            return
        spec.worker_class = cls
        if self.scheduler_limit is not None:
            self.scheduled[spec] = None
        self._start(spec, cls, expedited_run, replay_from=started_at)

    def _fail_to_start(self, spec: WorkSpec, note: str) -> None:
        """The worker or its input merger could not be created: no attempt is counted;
        one-time work FAILS, periodic work skips to its next period (WorkerWrapper)."""
        spec.timer_token += 1
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
        self.timers.push(run.started_at + MAX_RUN_MILLIS, TimerQueue.LIMIT, "timeout", run)
        self._resume(run)

    def _resume(self, run: Run) -> None:
        """Drive a coroutine until it awaits a sleep that ends later, or returns."""
        worker = run.worker
        where = f"{type(worker).__qualname__}.do_work"
        now = self.clock._now
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
                self.timers.push(run.clock_at, TimerQueue.FINISH, "resume", run, run.resume_step)
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
        spec = self.specs.get(worker.id)
        run = None if spec is None else self.running.get(spec)
        if spec is None or run is None or run.worker is not worker:
            return  # a finished or stopped run's progress is ignored
        spec.progress = data
        if run.clock_at >= self.clock._now:  # not a replayed past step (see replay_run)
            self.emit("progress", spec, (repr, data))

    # ---------------------------------------------------------------- results
    def _end_run(self, run: Run) -> WorkSpec | None:
        """Free the run's slot; the row, or None when it was deleted meanwhile."""
        run.ended = True
        spec = run.spec
        if self.running.get(spec) is run:
            del self.running[spec]
            if self.phone.quota_applies:
                self._count_end(run)
        if not spec.stored:
            self.emit("finished", None, f"{spec.id}: its row was deleted; result ignored")
            return None
        return spec

    def finish(self, run: Run, result: Result, note: str | None = None) -> None:
        """Apply a run's result (ANDROID_SEMANTICS §2, §5, §6)."""
        spec = run.spec
        if self.running.get(spec) is not run or not spec.stored:
            self._end_run(run)  # the slot or the row went away meanwhile: nothing to apply
            return
        run.ended = True
        del self.running[spec]
        if self.phone.quota_applies:
            self._count_end(run)
        if spec.state is not RUNNING:
            check_transition(spec.state, RUNNING, spec.id)  # raises: a finished run's row moved
        if spec.progress is not _EMPTY:
            spec.progress = _EMPTY  # progress is deleted when a run finishes normally
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
        spec.state = SUCCEEDED
        if self.scheduler_limit is not None:
            self.unschedule(spec)
        spec.output = output
        self.emit("succeeded", spec, note or ((repr, output) if len(output) else ""))
        if spec.id in self.dependents:
            self._unblock_dependents(spec)

    def _unblock_dependents(self, spec: WorkSpec) -> None:
        specs = self.specs
        for dependent_id in self.dependents.get(spec.id, ()):
            dependent = specs.get(dependent_id)
            if dependent is None or dependent.state is not BLOCKED:
                continue
            if all(
                specs[p].state is SUCCEEDED for p in dependent.prerequisites if p in specs
            ):
                self.enqueue_now(dependent, "unblocked", "every prerequisite SUCCEEDED")

    def _re_enqueue(
        self,
        spec: WorkSpec,
        override_generation: int,
        kind: str,
        describe: Callable[[Any, int, int], str],
        note: str | None,
        number: int,
    ) -> int:
        """RUNNING -> ENQUEUED at this instant (a retry, the next period): record the event
        (its detail ``describe(note, number, due)``, formatted when read) and queue the
        work for when it is due, which this returns.

        ``schedule`` and ``_queue_due`` are inlined: this runs once per periodic run, the
        hottest path."""
        now = self.clock._now
        spec.state = ENQUEUED
        spec.last_enqueue_time = now
        spec.stop_reason = _NOT_STOPPED
        if spec.override != LONG_MAX and spec.override_generation == override_generation:
            # A run uses the override once; it is cleared only if no update_work() set a
            # new one meanwhile (Android compares the override generation).
            spec.override = LONG_MAX
        self.seq += 1
        spec.enqueue_seq = self.seq
        if self.scheduler_limit is not None:
            self.unschedule(spec)
            due = self.schedule(spec)
        else:
            token = spec.timer_token = spec.timer_token + 1
            due = next_run_time(spec)
            if due <= now:
                heapq.heappush(self.ready, (due, spec.enqueue_seq, token, spec))
            else:
                self.timers.push(due, TimerQueue.DUE, "due", spec, token)
        self.dirty.add(spec)
        self._append_event((now, kind, spec.id, describe, note, number, due))
        return due

    def _retry(self, spec: WorkSpec, note: str | None, override_generation: int) -> None:
        self._re_enqueue(spec, override_generation, "retry", retry_detail, note, self.now)

    def _next_period(
        self, spec: WorkSpec, kind: str, note: str | None, override_generation: int
    ) -> None:
        spec.run_attempt_count = 0
        spec.period_count += 1
        word = "succeeded" if kind == _SUCCESS else "failed"
        self._re_enqueue(spec, override_generation, word, period_detail, note, spec.period_count)

    def fail(self, spec: WorkSpec, output: Data | None, note: str | None) -> None:
        """FAILED, and every transitive dependent FAILED unless CANCELLED (§9)."""
        self._set_state(spec, FAILED)
        self.unschedule(spec)
        if output is not None:
            spec.output = output
        if note:
            spec.failure = note
        self.emit("failed", spec, note or "")
        for dependent in self._with_dependents(spec.id):
            if dependent is not spec and not dependent.state.is_finished:
                dependent.state = FAILED
                dependent.timer_token += 1
                self.parked.pop(dependent, None)
                self.emit("failed", dependent, (failed_because, spec.id))

    def _with_dependents(self, work_id: uuid.UUID) -> Iterator[WorkSpec]:
        """The row of ``work_id``, then every transitive dependent's, each once, depth
        first, through finished rows too (both cascades walk the graph this way)."""
        stack = [work_id]
        seen: set[uuid.UUID] = set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            spec = self.specs.get(current)
            if spec is not None:
                yield spec
                stack.extend(self.dependents.get(current, ()))

    # --------------------------------------------------------------- stopping
    def interrupt(self, run: Run, reason: int, why: str) -> None:
        """Stop a run without cancelling it: back to ENQUEUED, attempt counted,
        ``lastEnqueueTime`` unchanged, progress kept, result ignored (§7, §16)."""
        spec = self._end_run(run)
        stop_worker(run, reason, self._report)
        if spec is None:
            return
        self._set_state(spec, ENQUEUED)
        spec.stop_reason = int(reason)
        self.seq += 1
        spec.enqueue_seq = self.seq
        self.unschedule(spec)
        due = self.schedule(spec)
        self.emit("stopped", spec, (stopped_detail, reason, why, due))

    def cancel(self, ids: Iterable[uuid.UUID], why: str) -> None:
        """Cancel each id and, through finished nodes, every unfinished dependent (§9)."""
        for start in ids:
            for spec in self._with_dependents(start):
                if spec.state is not SUCCEEDED and spec.state is not FAILED:
                    self._cancel_one(
                        spec, why if spec.id == start else (cancelled_because, why, start)
                    )

    def _cancel_one(self, spec: WorkSpec, why: Any) -> None:
        was = spec.state
        run = self.running.get(spec)
        if run is not None:
            self._end_run(run)
            stop_worker(run, StopReason.CANCELLED_BY_APP, self._report)
        spec.state = CANCELLED
        spec.stop_reason = int(
            StopReason.CANCELLED_BY_APP if was is RUNNING else StopReason.NOT_STOPPED
        )
        spec.timer_token += 1
        self.parked.pop(spec, None)
        self.unschedule(spec)
        self.dirty.add(spec)
        if was is not CANCELLED:
            self.emit("cancelled", spec, why)

    def delete(self, ids: Iterable[uuid.UUID], why: str) -> None:
        """Remove rows for good (REPLACE, KEEP over finished work, pruning): their
        WorkInfo becomes None. A RUNNING worker is *not* stopped here; its result is
        ignored when it ends, as on Android."""
        for work_id in list(ids):
            spec = self.specs.pop(work_id, None)
            if spec is None:
                continue
            spec.timer_token += 1
            spec.stored = False
            self.parked.pop(spec, None)
            self.unschedule(spec)
            self.retag(spec, frozenset())
            if spec.unique_name is not None:
                names = self.by_name.get(spec.unique_name)
                if names is not None and work_id in names:
                    names.remove(work_id)
                    if not names:
                        del self.by_name[spec.unique_name]
            for prerequisite in spec.prerequisites:
                siblings = self.dependents.get(prerequisite)
                if siblings is not None and work_id in siblings:
                    siblings.remove(work_id)
            # Dependency rows naming it as a prerequisite go too (foreign-key cascade).
            for dependent_id in self.dependents.pop(work_id, ()):
                dependent = self.specs.get(dependent_id)
                if dependent is not None:
                    dependent.prerequisites = tuple(
                        p for p in dependent.prerequisites if p != work_id
                    )
                    dependent.static_record = None
                    self.dirty.add(dependent)
            self.dirty.discard(spec)
            self.deleted_doc_ids.add(spec.doc_id)
            self._append_event((self.clock._now, "deleted", work_id, why))

    def _report(self, text: str) -> None:
        self.emit("error", None, text)
