"""In-process baselines that wmkit's speed is measured against.

Absolute numbers from a shared, noisy two-core machine say little; a ratio against
code that runs in the same process, on the same interpreter, a moment apart, says a
lot. Two baselines bracket what a Python WorkManager simulator can cost:

* :func:`bare_event_loop` — only ``heapq`` pops and pushes and a trivial callback per
  event. No Python engine can schedule events faster; it is the floor.
* :class:`SmallEngine` — the least a *correct* WorkManager-like engine has to do for
  this model: a record per work (state, run attempt count, last enqueue time, period
  count), Android's next-run-time formula, a worker call per execution and the result
  handling of ``WorkerWrapper``. No store, no trace, no constraints, no observers,
  no API objects. wmkit does all of those, so the ratio shows what they cost.

The engine must produce exactly the executions and final states that wmkit produces
(the harness checks both against :func:`bench.model.expected_counts`), so that a
faster engine can never be faster by doing less.
"""

from __future__ import annotations

import gc
import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench import model

WorkerFn = Callable[[int, int], str]
"""``(work_index, run_attempt_count) -> outcome`` as in :mod:`bench.model`."""

LONG_MAX = 2**63 - 1
"""Android's ``Long.MAX_VALUE``: the next run time of work that was never enqueued."""


def bare_event_loop(n_live: int, n_events: int, interval: int = model.INTERVAL_MILLIS) -> int:
    """Pop and re-push ``n_events`` events from a heap of ``n_live`` recurring timers.

    Each event is ``(time, seq, callback)``; the callback returns the event's next
    time, and the loop pushes it back, as an engine must for periodic work. The heap
    size matches the model's number of live works so the ``log n`` cost is the same.
    Returns the number of events processed so the caller can check it.
    """

    def tick(now: int) -> int:
        return now + interval

    heap: list[tuple[int, int, Callable[[int], int]]] = [(0, seq, tick) for seq in range(n_live)]
    heapq.heapify(heap)
    seq = n_live
    pop, push = heapq.heappop, heapq.heappush
    for _ in range(n_events):
        now, _seq, callback = pop(heap)
        push(heap, (callback(now), seq, callback))
        seq += 1
    return n_events


@dataclass(frozen=True)
class WorkSpec:
    """What a request carries into the engine: the shape of Android's ``WorkSpec`` fields used here.

    ``interval_millis == 0`` means one-time, as in Android (``isPeriodic = interval != 0``).
    """

    index: int
    worker: WorkerFn
    interval_millis: int = 0
    flex_millis: int = 0
    initial_delay_millis: int = 0
    backoff_millis: int = model.BACKOFF_BASE_MILLIS
    exponential: bool = True


@dataclass(slots=True)
class WorkRecord:
    """The mutable row of one work, as Android keeps it in its ``WorkSpec`` table."""

    spec: WorkSpec
    state: str = model.ENQUEUED
    run_attempt_count: int = 0
    last_enqueue_millis: int = -1
    period_count: int = 0


def next_run_time(record: WorkRecord) -> int:
    """Android's ``WorkSpec.calculateNextRunTime`` without the 2.9 schedule override.

    Kept general (linear backoff, flex, initial delay) rather than special-cased to the
    model, so that the engine pays for the same decisions a real engine makes.
    """
    spec = record.spec
    enqueue = record.last_enqueue_millis
    attempts = record.run_attempt_count
    if record.state == model.ENQUEUED and attempts > 0:
        if spec.exponential:
            delay = int(float(spec.backoff_millis) * 2.0 ** (attempts - 1))
        else:
            delay = spec.backoff_millis * attempts
        return enqueue + min(delay, model.MAX_BACKOFF_MILLIS)
    interval = spec.interval_millis
    if interval:
        if record.period_count == 0:
            first = enqueue + spec.initial_delay_millis
            flex = spec.flex_millis or interval
            if flex != interval:
                first += interval - flex
            return first
        return enqueue + interval
    if enqueue == -1:
        return LONG_MAX
    return enqueue + spec.initial_delay_millis


class SmallEngine:
    """A minimal, honest WorkManager-like engine on a virtual clock.

    One heap entry per ENQUEUED work, keyed ``(next_run_time, seq, id)``; ``seq`` keeps
    ties in enqueue order, as wmkit's deterministic tie rule needs some order too.
    Durations are 0 in the model, so a run's result is applied at its start instant;
    for the same reason the concurrency limit changes no instant and is not modelled.
    """

    def __init__(self, start_millis: int = 0) -> None:
        self.now_millis = start_millis
        self.records: dict[int, WorkRecord] = {}
        self.executions = 0
        self.start_log: list[int] | None = None
        """Set to a list to record each run's start instant (for verification runs only)."""
        self._heap: list[tuple[int, int, int]] = []
        self._seq = 0

    def enqueue(self, specs: Iterable[WorkSpec]) -> list[int]:
        """Store each spec as an ENQUEUED work with ``lastEnqueueTime = now``; return the ids."""
        ids = []
        records = self.records
        for spec in specs:
            work_id = len(records)
            record = WorkRecord(spec, last_enqueue_millis=self.now_millis)
            records[work_id] = record
            self._schedule(work_id, record)
            ids.append(work_id)
        return ids

    def _schedule(self, work_id: int, record: WorkRecord) -> None:
        heapq.heappush(self._heap, (next_run_time(record), self._seq, work_id))
        self._seq += 1

    def advance_to(self, target_millis: int) -> int:
        """Run everything due at or before ``target_millis``; return how many runs that was."""
        heap, records, log = self._heap, self.records, self.start_log
        before = self.executions
        while heap and heap[0][0] <= target_millis:
            due, _seq, work_id = heapq.heappop(heap)
            record = records[work_id]
            if record.state != model.ENQUEUED:
                continue  # a stale entry; cannot happen in this model, but an engine must check
            self.now_millis = due
            self._run(work_id, record)
            if log is not None:
                log.append(due)
        self.now_millis = max(self.now_millis, target_millis)
        return self.executions - before

    def advance(self, delta_millis: int) -> int:
        """Move the clock forward by ``delta_millis``, processing what falls due."""
        return self.advance_to(self.now_millis + delta_millis)

    def _run(self, work_id: int, record: WorkRecord) -> None:
        """Start, run and finish one work, mirroring ``WorkerWrapper``'s state changes."""
        record.state = model.RUNNING
        attempt = record.run_attempt_count  # the worker sees the count before this run
        record.run_attempt_count = attempt + 1
        spec = record.spec
        outcome = spec.worker(spec.index, attempt)
        self.executions += 1
        now = self.now_millis  # duration 0: the run finishes at its start instant
        if spec.interval_millis:
            # resetPeriodic for success and failure alike; a periodic retry backs off instead.
            record.state = model.ENQUEUED
            record.last_enqueue_millis = now
            if outcome != model.RETRY:
                record.run_attempt_count = 0
                record.period_count += 1
            self._schedule(work_id, record)
        elif outcome == model.RETRY:
            record.state = model.ENQUEUED
            record.last_enqueue_millis = now
            self._schedule(work_id, record)
        elif outcome == model.SUCCESS:
            record.state = model.SUCCEEDED
        else:
            record.state = model.FAILED

    def counts(self) -> model.ModelCounts:
        """Executions and final bookkeeping, in the shape the harness compares."""
        result = model.ModelCounts()
        states: Counter[str] = Counter()
        for record in self.records.values():
            states[record.state] += 1
            if record.spec.interval_millis:
                result.period_count_sum += record.period_count
                # Periodic runs: completed periods plus any runs of the current one.
                result.periodic_executions += record.period_count + record.run_attempt_count
            else:
                result.one_time_attempt_sum += record.run_attempt_count
                result.one_time_executions += record.run_attempt_count
        result.states = dict(states)
        if result.executions != self.executions:
            raise AssertionError(
                f"engine ran {self.executions} works but its records account for "
                f"{result.executions}"
            )
        return result


def model_specs(n_periodic: int, n_one_time: int) -> list[WorkSpec]:
    """The model's works as engine specs: periodic first, then one-time, indices from 0."""
    specs = [
        WorkSpec(index, model.periodic_outcome, interval_millis=model.INTERVAL_MILLIS)
        for index in range(n_periodic)
    ]
    specs.extend(WorkSpec(index, model.one_time_outcome) for index in range(n_one_time))
    return specs


def workload_specs(workload: model.Workload) -> list[WorkSpec]:
    """A workload's works as engine specs: periodic first, then one-time, indices from 0."""
    outcome = model.one_time_outcome if workload.name == "classic" else model.mixed_outcome
    specs = [
        WorkSpec(index, model.periodic_outcome, interval_millis=model.INTERVAL_MILLIS)
        for index in range(workload.n_periodic)
    ]
    specs.extend(
        WorkSpec(index, outcome, initial_delay_millis=workload.delay(index))
        for index in range(workload.n_one_time)
    )
    return specs


class _Worker:
    """What a run's worker object holds in wmkit, for :class:`ObligedEngine`."""


_ALLOWED = {
    (model.ENQUEUED, model.RUNNING),
    (model.RUNNING, model.ENQUEUED),
    (model.RUNNING, model.SUCCEEDED),
    (model.RUNNING, model.FAILED),
}


class ObligedEngine(SmallEngine):
    """The small engine, plus what wmkit is obliged to do for every run and the small
    engine is not, written inline in one loop: a fresh worker object per run with its
    parameters set (Android's rule), two trace events (started, then the outcome),
    each state change checked against a transition table, the row marked changed.

    No call boundaries, no store, no views: the least any engine with wmkit's
    obligations can cost, so a ratio to it says what wmkit's own structure costs."""

    def __init__(self, start_millis: int = 0) -> None:
        super().__init__(start_millis)
        self.history: list[tuple[object, ...]] = []
        self.changed: set[int] = set()

    def advance_to(self, target_millis: int) -> int:
        """As the small engine's, with the cyclic GC paused as wmkit pauses it."""
        gc.disable()
        try:
            return super().advance_to(target_millis)
        finally:
            gc.enable()

    def _run(self, work_id: int, record: WorkRecord) -> None:
        now = self.now_millis
        if (record.state, model.RUNNING) not in _ALLOWED:
            raise AssertionError("refused transition")
        record.state = model.RUNNING
        attempt = record.run_attempt_count
        record.run_attempt_count = attempt + 1
        self.changed.add(work_id)
        self.history.append((now, "started", work_id, _Worker, attempt + 1))
        spec = record.spec
        worker = _Worker()
        worker.id, worker.tags, worker.input_data = work_id, (), spec.index
        worker.run_attempt_count, worker.generation, worker.random = attempt, 0, None
        worker.report = None
        outcome = spec.worker(spec.index, worker.run_attempt_count)
        self.executions += 1
        if spec.interval_millis or outcome == model.RETRY:
            new = model.ENQUEUED
            record.last_enqueue_millis = now
            if spec.interval_millis and outcome != model.RETRY:
                record.run_attempt_count = 0
                record.period_count += 1
        else:
            new = model.SUCCEEDED if outcome == model.SUCCESS else model.FAILED
        if (record.state, new) not in _ALLOWED:
            raise AssertionError("refused transition")
        record.state = new
        self.history.append((now, outcome, work_id, None, record.period_count, now))
        if new == model.ENQUEUED:
            self._schedule(work_id, record)
