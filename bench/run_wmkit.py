"""The benchmark model driven through wmkit's public API, and nothing else.

Importing this module imports wmkit; if the engine is missing or incomplete the
import fails and the harness reports that benchmark as unavailable. Only names from
/work/shared/API.md are used, so the numbers describe what a student's notebook pays.

The worker classes live at module level on purpose: a TinyDB store records a worker
by its qualified name, and ``bench.run_wmkit.OneTimeBenchWorker`` can always be found
again.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta

from bench import model
from wmkit import (
    BackoffPolicy,
    Data,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    Worker,
    WorkManager,
)

PERIODIC_TAG = "bench-periodic"
ONE_TIME_TAG = "bench-one-time"
INTERVAL = timedelta(milliseconds=model.INTERVAL_MILLIS)
BACKOFF = timedelta(milliseconds=model.BACKOFF_BASE_MILLIS)


#: Runs of each bench worker: [periodic, one-time, mixed one-time]. Counted in a list,
#: not in class attributes: writing a class attribute on every run would invalidate
#: CPython's attribute caches for that class each time, a cost no real worker pays and
#: the small engine's worker function does not pay either.
EXECUTIONS = [0, 0, 0]


class PeriodicBenchWorker(Worker):
    """The model's periodic work: zero duration, always succeeds, counts its runs."""

    duration = timedelta(0)

    def do_work(self) -> Result:
        EXECUTIONS[0] += 1
        return Result.success()


class OneTimeBenchWorker(Worker):
    """The model's one-time work: fails by :func:`bench.model.fails`, five runs at most.

    The index comes from the input data and the attempt from ``run_attempt_count``,
    exactly the inputs the small engine hands its worker function.
    """

    duration = timedelta(0)

    def do_work(self) -> Result:
        EXECUTIONS[1] += 1
        outcome = model.one_time_outcome(self.input_data.get_long("i"), self.run_attempt_count)
        if outcome == model.SUCCESS:
            return Result.success()
        if outcome == model.RETRY:
            return Result.retry()
        return Result.failure()


class MixedBenchWorker(Worker):
    """The mixed model's one-time work: :func:`bench.model.mixed_outcome`."""

    duration = timedelta(0)

    def do_work(self) -> Result:
        EXECUTIONS[2] += 1
        outcome = model.mixed_outcome(self.input_data.get_long("i"), self.run_attempt_count)
        if outcome == model.SUCCESS:
            return Result.success()
        if outcome == model.RETRY:
            return Result.retry()
        return Result.failure()


def reset_counters() -> None:
    """Zero the class-level run counters before a fresh run of the model."""
    EXECUTIONS[:] = [0, 0, 0]


def build_requests(
    n_periodic: int, n_one_time: int, initial_delay: timedelta | None = None
) -> list[object]:
    """The model's requests, built with Android's builders: periodic first, then one-time.

    Building is the user's side of the API, so callers do it outside the timed region;
    the engine is timed from ``enqueue`` on.
    """
    requests: list[object] = [
        PeriodicWorkRequest.Builder(PeriodicBenchWorker, INTERVAL).add_tag(PERIODIC_TAG).build()
        for _ in range(n_periodic)
    ]
    for index in range(n_one_time):
        builder = (
            OneTimeWorkRequest.Builder(OneTimeBenchWorker)
            .set_input_data(Data({"i": index}))
            .set_backoff_criteria(BackoffPolicy.EXPONENTIAL, BACKOFF)
            .add_tag(ONE_TIME_TAG)
        )
        if initial_delay is not None:
            builder = builder.set_initial_delay(initial_delay)
        requests.append(builder.build())
    return requests


def build_workload(workload: model.Workload) -> list[object]:
    """A workload's requests (see :class:`bench.model.Workload`), built with Android's
    builders: periodic first, then one-time, each one-time work tagged ONE_TIME_TAG."""
    requests: list[object] = [
        PeriodicWorkRequest.Builder(PeriodicBenchWorker, INTERVAL).add_tag(PERIODIC_TAG).build()
        for _ in range(workload.n_periodic)
    ]
    worker = OneTimeBenchWorker if workload.name == "classic" else MixedBenchWorker
    for index in range(workload.n_one_time):
        builder = (
            OneTimeWorkRequest.Builder(worker)
            .set_input_data(Data({"i": index}))
            .set_backoff_criteria(BackoffPolicy.EXPONENTIAL, BACKOFF)
            .add_tag(ONE_TIME_TAG)
        )
        delay = workload.delay(index)
        if delay:
            builder = builder.set_initial_delay(timedelta(milliseconds=delay))
        requests.append(builder.build())
    return requests


def open_manager(path: str | os.PathLike[str] | None = None) -> WorkManager:
    """``WorkManager(path)``: in memory for None, else a TinyDB store at ``path``."""
    return WorkManager(path) if path is not None else WorkManager()


def now_millis(manager: WorkManager) -> int:
    """The manager's virtual now."""
    return int(manager.clock.now_millis)


def counts(manager: WorkManager) -> model.ModelCounts:
    """Executions from the worker counters, bookkeeping from ``WorkInfo``s, per tag."""
    result = model.ModelCounts(
        periodic_executions=EXECUTIONS[0],
        one_time_executions=EXECUTIONS[1] + EXECUTIONS[2],
    )
    states: Counter[str] = Counter()
    for info in manager.get_work_infos_by_tag(PERIODIC_TAG):
        states[info.state.name] += 1
        result.period_count_sum += info.period_count
    for info in manager.get_work_infos_by_tag(ONE_TIME_TAG):
        states[info.state.name] += 1
        result.one_time_attempt_sum += info.run_attempt_count
    result.states = dict(states)
    return result


def start_histogram(manager: WorkManager) -> Counter[int]:
    """How many ``started`` events the trace holds at each instant."""
    return Counter(event.millis for event in manager.trace if event.kind == "started")


def stored_work_count(manager: WorkManager, tag: str = ONE_TIME_TAG) -> tuple[int, dict[str, int]]:
    """Number of works with ``tag`` and their states, to check that a reopened store is whole."""
    infos = manager.get_work_infos_by_tag(tag)
    return len(infos), dict(Counter(info.state.name for info in infos))
