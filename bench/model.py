"""The benchmark model, shared by the bare loop, the small heapq engine and wmkit.

The three implementations must agree on every execution, or a speed ratio between
them means nothing. So everything that decides *what* happens lives here, as pure
functions of (work index, attempt): no random stream whose draws would depend on the
order in which an engine happens to run works that are due at the same instant.

The model (the issue's wording, made exact):

* ``N`` periodic works, interval 15 minutes, no flex, no initial delay, duration 0,
  always ``Result.success()``. Android runs the first period at enqueue time and each
  later one at ``finish + interval`` (ANDROID_SEMANTICS §4, §6).
* ``N`` one-time works, no initial delay, duration 0, exponential backoff with
  Android's default 30 s base. Attempt ``a`` (the worker's ``run_attempt_count``,
  0 on the first run) of work ``i`` fails iff :func:`fails` says so, which is true for
  about 30 % of (i, a) pairs. A failing attempt returns ``Result.retry()`` unless it is
  the fifth run, which returns ``Result.failure()``; a non-failing attempt succeeds.
  After the n-th run a retry is due ``30 000 * 2**(n-1)`` ms after the retry time.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field

INTERVAL_MILLIS = 15 * 60 * 1000
"""Repeat interval of the periodic works: Android's minimum, 15 minutes."""

DAY_MILLIS = 24 * 60 * 60 * 1000
"""One virtual day, the horizon of the throughput benchmark."""

STEP_MILLIS = INTERVAL_MILLIS
"""One scheduling step of the step benchmark: a full periodic interval."""

BACKOFF_BASE_MILLIS = 30_000
"""Android's ``WorkRequest.DEFAULT_BACKOFF_DELAY_MILLIS``."""

MAX_BACKOFF_MILLIS = 18_000_000
"""Android's ``WorkRequest.MAX_BACKOFF_MILLIS`` (5 h); never reached by this model."""

FAIL_PERCENT = 30
"""Share of (work, attempt) pairs that fail, in percent."""

MAX_ATTEMPTS = 5
"""Runs a one-time work gets at most; the fifth failing run is terminal."""

SUCCESS = "success"
RETRY = "retry"
FAILURE = "failure"

# WorkInfo.State member names, so that state counts compare directly with wmkit's.
ENQUEUED = "ENQUEUED"
RUNNING = "RUNNING"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"


def fails(work_index: int, attempt: int) -> bool:
    """Whether attempt ``attempt`` (0-based) of one-time work ``work_index`` fails.

    A hash rather than an RNG: the answer depends only on the pair, never on how many
    draws some other work made first, so every engine sees the same failures whatever
    order it runs simultaneous works in.
    """
    return zlib.crc32(f"{work_index}:{attempt}".encode()) % 100 < FAIL_PERCENT


def one_time_outcome(work_index: int, attempt: int) -> str:
    """The result the one-time worker returns: :data:`SUCCESS`, :data:`RETRY` or :data:`FAILURE`.

    ``attempt`` is the worker's ``run_attempt_count`` (the count *before* this run), so
    attempt 4 is the fifth and last run.
    """
    if not fails(work_index, attempt):
        return SUCCESS
    return RETRY if attempt + 1 < MAX_ATTEMPTS else FAILURE


def periodic_outcome(work_index: int, attempt: int) -> str:
    """The periodic worker always succeeds; the signature matches :func:`one_time_outcome`."""
    return SUCCESS


def exponential_backoff_millis(
    run_attempt_count: int, base_millis: int = BACKOFF_BASE_MILLIS
) -> int:
    """Android's EXPONENTIAL backoff after ``run_attempt_count`` runs (``Math.scalb`` on a float).

    Capped at five hours as ``WorkSpec.calculateNextRunTime`` does.
    """
    return min(int(float(base_millis) * 2.0 ** (run_attempt_count - 1)), MAX_BACKOFF_MILLIS)


@dataclass
class ModelCounts:
    """What a run of the model produced; equal across implementations, or one of them lies.

    ``period_count_sum`` and ``one_time_attempt_sum`` are the sums of ``WorkInfo.period_count``
    over the periodic works and of ``WorkInfo.run_attempt_count`` over the one-time ones:
    they check the engine's bookkeeping, not only how often it called a worker.
    """

    periodic_executions: int = 0
    one_time_executions: int = 0
    states: dict[str, int] = field(default_factory=dict)
    period_count_sum: int = 0
    one_time_attempt_sum: int = 0

    @property
    def executions(self) -> int:
        """All worker runs, periodic and one-time."""
        return self.periodic_executions + self.one_time_executions

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly copy, states sorted so two dicts print alike."""
        return {
            "executions": self.executions,
            "periodic_executions": self.periodic_executions,
            "one_time_executions": self.one_time_executions,
            "states": dict(sorted(self.states.items())),
            "period_count_sum": self.period_count_sum,
            "one_time_attempt_sum": self.one_time_attempt_sum,
        }

    def differences(self, other: ModelCounts) -> list[str]:
        """Human-readable list of fields where ``other`` differs from ``self``; empty if equal."""
        mine, theirs = self.as_dict(), other.as_dict()
        return [f"{key}: {mine[key]} != {theirs[key]}" for key in mine if mine[key] != theirs[key]]


def one_time_schedule(index: int, enqueue_millis: int, end_millis: int) -> tuple[list[int], str]:
    """Start instants of one-time work ``index`` up to ``end_millis``, and its state then.

    Each retry is due ``exponential_backoff_millis(n)`` after the run that asked for it
    (duration 0, so the retry is recorded at the run's own instant).
    """
    starts: list[int] = []
    due, state = enqueue_millis, ENQUEUED
    while due <= end_millis:
        attempt = len(starts)
        starts.append(due)
        outcome = one_time_outcome(index, attempt)
        if outcome == SUCCESS:
            state = SUCCEEDED
            break
        if outcome == FAILURE:
            state = FAILED
            break
        due += exponential_backoff_millis(attempt + 1)
    return starts, state


def periodic_starts(enqueue_millis: int, end_millis: int) -> range:
    """Start instants of a periodic work: at enqueue, then every interval (finish + interval)."""
    return range(enqueue_millis, end_millis + 1, INTERVAL_MILLIS)


def expected_counts(
    n_periodic: int, n_one_time: int, end_millis: int, start_millis: int = 0
) -> ModelCounts:
    """The model's outcome, computed in closed form without any event loop.

    Everything is enqueued at ``start_millis`` and the clock is driven to ``end_millis``
    inclusive (``advance`` processes what is due at or before the target). This is the
    third, independent opinion that keeps the small engine honest even before wmkit runs.
    """
    counts = ModelCounts()
    states: Counter[str] = Counter()
    runs_each = len(periodic_starts(start_millis, end_millis))
    counts.periodic_executions = counts.period_count_sum = runs_each * n_periodic
    states[ENQUEUED] += n_periodic
    for index in range(n_one_time):
        starts, state = one_time_schedule(index, start_millis, end_millis)
        counts.one_time_executions += len(starts)
        counts.one_time_attempt_sum += len(starts)
        states[state] += 1
    counts.states = dict(states)
    return counts


def expected_start_histogram(
    n_periodic: int, n_one_time: int, end_millis: int, start_millis: int = 0
) -> Counter[int]:
    """How many runs start at each instant: catches a wrong backoff or period formula.

    Final counts alone cannot: every one-time work finishes within minutes whatever its
    backoff, so only *when* the runs happen shows whether the next-run formula is Android's.
    """
    histogram: Counter[int] = Counter()
    for instant in periodic_starts(start_millis, end_millis):
        histogram[instant] += n_periodic
    for index in range(n_one_time):
        histogram.update(one_time_schedule(index, start_millis, end_millis)[0])
    return +histogram


def histogram_differences(want: Counter[int], got: Counter[int], limit: int = 5) -> list[str]:
    """The first few instants where two start histograms differ, for a readable report."""
    instants = sorted(set(want) | set(got))
    return [
        f"at {instant} ms expected {want[instant]} starts, got {got[instant]}"
        for instant in instants
        if want[instant] != got[instant]
    ][:limit]


# --- workloads: the classic model and the mixed one, at any number of works -----------------

MIXED_FAIL_PERCENT = 60
"""Share of the mixed model's one-time attempts that fail, in percent."""

MIXED_MAX_ATTEMPTS = 8
"""Runs a mixed-model one-time work gets at most; the eighth failing run is terminal."""

MIXED_PERIODIC_SHARE = 10
"""One work in this many of the mixed model is periodic; the rest are one-time."""


def mixed_outcome(work_index: int, attempt: int) -> str:
    """The mixed model's one-time worker: fails 60 % of attempts (by a hash of the pair,
    as :func:`fails`), retrying with exponential backoff, at most eight runs."""
    failing = zlib.crc32(f"mixed {work_index}:{attempt}".encode()) % 100 < MIXED_FAIL_PERCENT
    if not failing:
        return SUCCESS
    return RETRY if attempt + 1 < MIXED_MAX_ATTEMPTS else FAILURE


@dataclass(frozen=True)
class Workload:
    """A model of ``works`` works over one virtual day, enqueued at time 0.

    ``classic`` is the model above (half periodic, half one-time works that all finish
    within minutes). ``mixed`` is what an app's day looks like when retries matter:
    one work in ten is periodic, the others are one-time works whose initial delays
    spread them over the day and which retry with exponential backoff (60 % of attempts
    fail, eight runs at most), so runs fall at many different instants."""

    name: str
    works: int

    @property
    def n_periodic(self) -> int:
        return self.works // 2 if self.name == "classic" else self.works // MIXED_PERIODIC_SHARE

    @property
    def n_one_time(self) -> int:
        return self.works - self.n_periodic

    def outcome(self, work_index: int, attempt: int) -> str:
        """What one-time work ``work_index`` returns on its ``attempt``-th run (0-based)."""
        if self.name == "classic":
            return one_time_outcome(work_index, attempt)
        return mixed_outcome(work_index, attempt)

    def delay(self, work_index: int) -> int:
        """The initial delay of one-time work ``work_index`` (ms)."""
        if self.name == "classic":
            return 0
        return work_index * DAY_MILLIS // max(1, self.n_one_time)

    def one_time_schedule(self, index: int, end_millis: int) -> tuple[list[int], str]:
        """Start instants of one-time work ``index`` up to ``end_millis``, and its state."""
        starts: list[int] = []
        due, state = self.delay(index), ENQUEUED
        while due <= end_millis:
            attempt = len(starts)
            starts.append(due)
            outcome = self.outcome(index, attempt)
            if outcome == SUCCESS:
                return starts, SUCCEEDED
            if outcome == FAILURE:
                return starts, FAILED
            due += exponential_backoff_millis(attempt + 1)
        return starts, state

    def expected_counts(self, end_millis: int = DAY_MILLIS) -> ModelCounts:
        """Executions and final states, in closed form (no event loop)."""
        counts = ModelCounts()
        states: Counter[str] = Counter()
        runs_each = len(periodic_starts(0, end_millis))
        counts.periodic_executions = counts.period_count_sum = runs_each * self.n_periodic
        states[ENQUEUED] += self.n_periodic
        for index in range(self.n_one_time):
            starts, state = self.one_time_schedule(index, end_millis)
            counts.one_time_executions += len(starts)
            counts.one_time_attempt_sum += len(starts)
            states[state] += 1
        counts.states = dict(states)
        return counts

    def expected_start_histogram(self, end_millis: int = DAY_MILLIS) -> Counter[int]:
        """How many runs start at each instant."""
        histogram: Counter[int] = Counter()
        for instant in periodic_starts(0, end_millis):
            histogram[instant] += self.n_periodic
        for index in range(self.n_one_time):
            histogram.update(self.one_time_schedule(index, end_millis)[0])
        return +histogram
