"""Hypothesis laws of wmkit's scheduling rules: backoff, first-run times and flex."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from wmkit import (
    BackoffPolicy,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    Worker,
    WorkManager,
)
from wmkit.work.backoff import backoff_delay

SECOND = 1_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
CAP = 5 * HOUR

policies = st.sampled_from(list(BackoffPolicy))
bases = st.integers(10 * SECOND, CAP)
attempts = st.integers(1, 1000)
starts = st.integers(0, 10**12)
LAWS = settings(max_examples=100, deadline=None)
#: Laws that build a manager and drive its clock: fewer examples keep the suite fast.
RUNS = settings(max_examples=50, deadline=None)


class Tick(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


class Lasting(Worker):
    """Succeeds after input 'ms' of virtual time."""

    def do_work(self) -> Result:
        self.duration = timedelta(milliseconds=self.input_data.get_long("ms"))
        return Result.success()


def start_times(manager: WorkManager, work_id: object) -> list[int]:
    return [e.millis for e in manager.trace if e.kind == "started" and e.work_id == work_id]


@LAWS
@given(policies, bases, attempts, attempts)
def test_backoff_is_monotone_in_the_attempt_count(
    policy: BackoffPolicy, base: int, n: int, m: int
) -> None:
    """More attempts never wait less: n ≤ m implies backoff(n) ≤ backoff(m)."""
    low, high = sorted((n, m))
    assert backoff_delay(policy, base, low) <= backoff_delay(policy, base, high)


@LAWS
@given(policies, bases, attempts)
def test_backoff_is_capped_at_five_hours_and_starts_at_the_base(
    policy: BackoffPolicy, base: int, n: int
) -> None:
    """Every delay lies in [base, 5 h], and the first retry waits exactly the base."""
    assert base <= backoff_delay(policy, base, n) <= CAP
    assert backoff_delay(policy, base, 1) == base


@LAWS
@given(bases, attempts)
def test_backoff_matches_androids_formulas(base: int, n: int) -> None:
    """LINEAR is min(B·n, 5 h); EXPONENTIAL is min(B·2^(n−1), 5 h) (§4)."""
    assert backoff_delay(BackoffPolicy.LINEAR, base, n) == min(base * n, CAP)
    assert backoff_delay(BackoffPolicy.EXPONENTIAL, base, n) == min(base * 2 ** (n - 1), CAP)


@RUNS
@given(starts, st.integers(0, 30 * DAY))
def test_a_fresh_one_time_work_is_due_at_enqueue_time_plus_initial_delay(
    enqueued_at: int, delay: int
) -> None:
    """next_schedule_time_millis is E + D, and the work starts at exactly E + D (§4, §5)."""
    manager = WorkManager(start_millis=enqueued_at)
    request = OneTimeWorkRequest(Tick, initial_delay=timedelta(milliseconds=delay))
    manager.enqueue(request)
    due = enqueued_at + delay
    assert manager.get_work_info_by_id(request.id).next_schedule_time_millis == due
    if delay:
        manager.advance_to(due - 1)
        assert start_times(manager, request.id) == []
    manager.advance_to(due)
    assert start_times(manager, request.id) == [due]


interval_and_flex = st.integers(15 * MINUTE, DAY).flatmap(
    lambda interval: st.tuples(st.just(interval), st.integers(5 * MINUTE, interval - 1))
)


@RUNS
@given(starts, st.integers(0, DAY), interval_and_flex)
def test_flex_first_run_is_at_the_start_of_the_flex_window(
    enqueued_at: int, delay: int, interval_flex: tuple[int, int]
) -> None:
    """With F < I the first run is due and starts at E + D + (I − F) (§4, §6)."""
    interval, flex = interval_flex
    manager = WorkManager(start_millis=enqueued_at)
    request = PeriodicWorkRequest(
        Tick,
        timedelta(milliseconds=interval),
        timedelta(milliseconds=flex),
        initial_delay=timedelta(milliseconds=delay),
    )
    manager.enqueue(request)
    first = enqueued_at + delay + interval - flex
    assert manager.get_work_info_by_id(request.id).next_schedule_time_millis == first
    manager.advance_to(first - 1)
    assert start_times(manager, request.id) == []
    manager.advance_to(first)
    assert start_times(manager, request.id) == [first]


@RUNS
@given(starts, st.integers(15 * MINUTE, DAY), st.integers(0, 10 * MINUTE - 1))
def test_later_periods_start_one_interval_after_the_previous_run_finished(
    enqueued_at: int, interval: int, duration: int
) -> None:
    """Without flex or delay, runs start at E, E + R + I, E + 2(R + I) for a run time R (§6)."""
    manager = WorkManager(start_millis=enqueued_at)
    request = PeriodicWorkRequest(
        Lasting, timedelta(milliseconds=interval), input_data={"ms": duration}
    )
    manager.enqueue(request)
    cycle = duration + interval
    manager.advance_to(enqueued_at + 2 * cycle + duration)
    assert start_times(manager, request.id) == [
        enqueued_at,
        enqueued_at + cycle,
        enqueued_at + 2 * cycle,
    ]
    assert manager.get_work_info_by_id(request.id).period_count == 3
