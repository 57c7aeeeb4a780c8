"""Retries and backoff: exact rerun instants from WorkSpec.calculateNextRunTime (digest §3, §4)."""

from __future__ import annotations

import warnings
from datetime import timedelta

import pytest

from wmkit import BackoffPolicy, OneTimeWorkRequest, StopReason

from .workers import (
    HOUR,
    SECOND,
    AlwaysRetry,
    RetryTwice,
    SlowRetry30s,
    State,
    events_of,
    info_of,
    runs_of,
    starts,
)

FIVE_HOURS = 5 * HOUR  # WorkRequest.MAX_BACKOFF_MILLIS = 18 000 000


def _retrying(manager, policy=None, delay=None, cls=AlwaysRetry):
    builder = OneTimeWorkRequest.Builder(cls)
    if policy is not None:
        builder.set_backoff_criteria(policy, delay)
    request = builder.build()
    manager.enqueue(request)
    return request


def test_default_exponential_backoff_doubles_from_thirty_seconds(manager):
    """Default EXPONENTIAL backoff: E + 30 000·2^(n−1), runs at 0, 30 s, 90 s … 930 s (§4)."""
    request = _retrying(manager)
    manager.advance_to(930_000)
    assert starts(manager, request.id) == [0, 30_000, 90_000, 210_000, 450_000, 930_000]


def test_backed_off_work_waits_enqueued_until_its_next_time(manager):
    """After retry n the work is ENQUEUED, run_attempt_count n, due at E + delay (§2, §4)."""
    request = _retrying(manager)
    manager.advance(timedelta(0))
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 30_000
    assert info.stop_reason == StopReason.NOT_STOPPED
    manager.advance_to(30_000)
    info = info_of(manager, request)
    assert info.run_attempt_count == 2
    assert info.next_schedule_time_millis == 90_000
    manager.advance_to(89_999)
    assert starts(manager, request.id) == [0, 30_000]


def test_worker_sees_the_count_of_earlier_attempts(manager):
    """The worker's own run_attempt_count is 0, 1, 2, 3 on successive attempts (§3)."""
    request = _retrying(manager)
    manager.advance_to(210_000)
    assert [run.run_attempt_count for run in runs_of(request.id)] == [0, 1, 2, 3]


def test_backoff_counts_from_the_retry_not_from_the_start(manager):
    """E is the retry instant: a 30 s worker that retries starts at 0, 60 000, 150 000 (§4)."""
    request = _retrying(manager, cls=SlowRetry30s)
    manager.advance_to(150_000)
    assert starts(manager, request.id) == [0, 60_000, 150_000]
    assert [e.millis for e in events_of(manager, request.id, "retry")] == [30_000, 90_000]


def test_linear_backoff_grows_by_the_base(manager):
    """LINEAR backoff reruns at E + 30 000·n: 0, 30 000, 90 000, 180 000, 300 000 (§4 table)."""
    request = _retrying(manager, BackoffPolicy.LINEAR, timedelta(seconds=30))
    manager.advance_to(300_000)
    assert starts(manager, request.id) == [0, 30_000, 90_000, 180_000, 300_000]


def test_linear_backoff_with_a_ten_second_base(manager):
    """LINEAR with the minimum 10 s base reruns at 0, 10 000, 30 000, 60 000 (§4)."""
    request = _retrying(manager, BackoffPolicy.LINEAR, timedelta(seconds=10))
    manager.advance_to(60_000)
    assert starts(manager, request.id) == [0, 10_000, 30_000, 60_000]


def test_exponential_backoff_is_capped_at_five_hours(manager):
    """EXPONENTIAL delays stop growing at 18 000 000 ms from the 11th retry on (§4 table)."""
    request = _retrying(manager)
    manager.advance_to(66_690_000)
    runs = starts(manager, request.id)
    assert len(runs) == 13
    # 10 doublings sum to 30 000·(2^10 − 1) = 30 690 000; then +5 h per retry.
    assert runs[-4:] == [15_330_000, 30_690_000, 48_690_000, 66_690_000]
    info = info_of(manager, request)
    assert info.run_attempt_count == 13
    assert info.next_schedule_time_millis == 66_690_000 + FIVE_HOURS


def test_linear_backoff_is_capped_at_five_hours(manager):
    """With a 5 h LINEAR base the second delay (10 h) is capped at 18 000 000 ms (§4)."""
    request = _retrying(manager, BackoffPolicy.LINEAR, timedelta(hours=5))
    manager.advance_to(2 * FIVE_HOURS)
    assert starts(manager, request.id) == [0, FIVE_HOURS, 2 * FIVE_HOURS]


def test_retry_then_success(manager):
    """Retrying twice then succeeding ends SUCCEEDED at 90 000, run_attempt_count 3 (§2, §3)."""
    request = _retrying(manager, cls=RetryTwice)
    manager.advance_to(90_000)
    info = info_of(manager, request)
    assert info.state is State.SUCCEEDED
    assert info.run_attempt_count == 3
    assert starts(manager, request.id) == [0, 30_000, 90_000]


def test_each_retry_is_a_retry_event(manager):
    """Each Result.retry() is a `retry` event at the instant it was returned (§2, API trace)."""
    request = _retrying(manager)
    manager.advance_to(90_000)
    assert [e.millis for e in events_of(manager, request.id, "retry")] == [0, 30_000, 90_000]


@pytest.mark.parametrize(
    ("delay", "base_millis"),
    [(timedelta(seconds=5), 10 * SECOND), (timedelta(hours=6), FIVE_HOURS)],
    ids=["under-10s", "over-5h"],
)
def test_backoff_outside_the_bounds_is_clamped_with_a_warning(manager, delay, base_millis):
    """A backoff under 10 s or over 5 h is clamped to the bound with a warning (§4)."""
    with pytest.warns(Warning):
        request = (
            OneTimeWorkRequest.Builder(AlwaysRetry)
            .set_backoff_criteria(BackoffPolicy.LINEAR, delay)
            .build()
        )
    manager.enqueue(request)
    manager.advance(timedelta(0))
    assert info_of(manager, request).next_schedule_time_millis == base_millis


@pytest.mark.parametrize("delay", [timedelta(seconds=10), timedelta(hours=5)], ids=["10s", "5h"])
def test_backoff_at_the_bounds_is_kept_silently(manager, delay):
    """A backoff of exactly 10 s or 5 h is within Android's bounds: no warning (§1, §4)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        request = (
            OneTimeWorkRequest.Builder(AlwaysRetry)
            .set_backoff_criteria(BackoffPolicy.EXPONENTIAL, delay)
            .build()
        )
    manager.enqueue(request)
    manager.advance(timedelta(0))
    assert info_of(manager, request).next_schedule_time_millis == delay // timedelta(milliseconds=1)
