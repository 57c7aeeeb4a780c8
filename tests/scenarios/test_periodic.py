"""Periodic work: clamping, flex, drift, period_count, retries, override (§3, §4, §6, §18)."""

from __future__ import annotations

import warnings
from datetime import timedelta

import pytest

from wmkit import Data, PeriodicWorkRequest, WorkManager

from .workers import (
    HOUR,
    LONG_MAX,
    MINUTE,
    AlwaysRetry,
    Echo,
    FailWithReason,
    OneMinute,
    RetryFirstAttempt,
    State,
    Succeed,
    info_of,
    runs_of,
    starts,
)

FIFTEEN_MINUTES = 15 * MINUTE  # PeriodicWorkRequest.MIN_PERIODIC_INTERVAL_MILLIS


def _enqueue(manager, request):
    manager.enqueue(request)
    return request


def test_interval_under_fifteen_minutes_is_clamped_with_a_warning(manager):
    """A 10-minute interval becomes 900 000 ms, flex 900 000, with a warning (§4 clamping)."""
    with pytest.warns(Warning):
        request = PeriodicWorkRequest.Builder(Succeed, timedelta(minutes=10)).build()
    _enqueue(manager, request)
    periodicity = info_of(manager, request).periodicity_info
    assert periodicity.repeat_interval_millis == FIFTEEN_MINUTES
    assert periodicity.flex_interval_millis == FIFTEEN_MINUTES
    manager.advance_to(FIFTEEN_MINUTES)
    assert starts(manager, request.id) == [0, FIFTEEN_MINUTES]


def test_minimum_interval_and_flex_are_kept_silently(manager):
    """An interval of 15 min and a flex of 5 min are within bounds: no warning (§1, §4)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        request = PeriodicWorkRequest.Builder(
            Succeed, timedelta(minutes=15), timedelta(minutes=5)
        ).build()
    periodicity = info_of(manager, _enqueue(manager, request)).periodicity_info
    assert periodicity.repeat_interval_millis == FIFTEEN_MINUTES
    assert periodicity.flex_interval_millis == 5 * MINUTE


def test_flex_under_five_minutes_is_raised_to_five(manager):
    """Flex 1 min (interval 1 h) becomes 300 000 with a warning; first run 3 300 000 (§4)."""
    with pytest.warns(Warning):
        request = PeriodicWorkRequest.Builder(
            Succeed, timedelta(hours=1), timedelta(minutes=1)
        ).build()
    info = info_of(manager, _enqueue(manager, request))
    assert info.periodicity_info.flex_interval_millis == 5 * MINUTE
    assert info.next_schedule_time_millis == HOUR - 5 * MINUTE


def test_flex_over_the_interval_is_lowered_to_it(manager):
    """Flex 2 h (interval 1 h) becomes 3 600 000, i.e. no flex: first run at once (§4)."""
    with pytest.warns(Warning):
        request = PeriodicWorkRequest.Builder(
            Succeed, timedelta(hours=1), timedelta(hours=2)
        ).build()
    info = info_of(manager, _enqueue(manager, request))
    assert info.periodicity_info.flex_interval_millis == HOUR
    assert info.next_schedule_time_millis == 0


def test_clamped_interval_keeps_a_flex_that_fits(manager):
    """Builder(10 min, 10 min): interval 900 000, flex 600 000, first run at 300 000 (§4)."""
    with pytest.warns(Warning):
        request = PeriodicWorkRequest.Builder(
            Succeed, timedelta(minutes=10), timedelta(minutes=10)
        ).build()
    info = info_of(manager, _enqueue(manager, request))
    assert info.periodicity_info.repeat_interval_millis == FIFTEEN_MINUTES
    assert info.periodicity_info.flex_interval_millis == 10 * MINUTE
    assert info.next_schedule_time_millis == 5 * MINUTE


def test_first_period_runs_at_once_without_delay_or_flex(manager):
    """Without delay or flex the first period runs at once; the work stays ENQUEUED (§2, §6)."""
    request = _enqueue(manager, PeriodicWorkRequest.Builder(Succeed, timedelta(minutes=15)).build())
    manager.advance(timedelta(0))
    assert starts(manager, request.id) == [0]
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.period_count == 1
    assert info.run_attempt_count == 0
    assert info.next_schedule_time_millis == FIFTEEN_MINUTES


def test_flex_shifts_only_the_first_period(manager):
    """Interval 1 h, flex 15 min: runs at 2 700 000, then finish + 1 h = 6 300 000 (§4, §6)."""
    request = PeriodicWorkRequest.Builder(
        Succeed, timedelta(hours=1), timedelta(minutes=15)
    ).build()
    _enqueue(manager, request)
    assert info_of(manager, request).next_schedule_time_millis == 2_700_000
    manager.advance_to(2_700_000)
    assert info_of(manager, request).next_schedule_time_millis == 6_300_000
    manager.advance_to(6_300_000)
    assert starts(manager, request.id) == [2_700_000, 6_300_000]


def test_later_periods_drift_by_the_run_duration(manager):
    """A period starts at previous finish + interval: 0, 960 000, 1 920 000 for 1 min runs (§4)."""
    request = PeriodicWorkRequest.Builder(OneMinute, timedelta(minutes=15)).build()
    _enqueue(manager, request)
    manager.advance_to(1_920_000)
    assert starts(manager, request.id) == [0, 960_000, 1_920_000]


def test_a_running_period(manager):
    """While a period runs: run_attempt_count 1, period_count unchanged, next MAX (§3, §18)."""
    request = PeriodicWorkRequest.Builder(OneMinute, timedelta(minutes=15)).build()
    _enqueue(manager, request)
    manager.advance(timedelta(seconds=30))
    info = info_of(manager, request)
    assert info.state is State.RUNNING
    assert info.run_attempt_count == 1
    assert info.period_count == 0
    assert info.next_schedule_time_millis == LONG_MAX
    manager.advance_to(MINUTE)
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.period_count == 1
    assert info.run_attempt_count == 0
    assert info.next_schedule_time_millis == MINUTE + FIFTEEN_MINUTES


def test_failure_ends_the_period_but_not_the_work(manager):
    """failure() counts the period and re-enqueues: never FAILED, output not kept (§2, §6)."""
    request = PeriodicWorkRequest.Builder(FailWithReason, timedelta(minutes=15)).build()
    _enqueue(manager, request)
    manager.advance(timedelta(0))
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.period_count == 1
    assert info.run_attempt_count == 0
    assert info.output_data == Data.EMPTY
    manager.advance_to(FIFTEEN_MINUTES)
    assert starts(manager, request.id) == [0, FIFTEEN_MINUTES]
    assert info_of(manager, request).period_count == 2


def test_periodic_output_is_never_stored(manager):
    """A periodic success's output is dropped: WorkInfo.output_data stays EMPTY (§6, §18)."""
    request = (
        PeriodicWorkRequest.Builder(Echo, timedelta(minutes=15))
        .set_input_data({"photo": "cat.jpg"})
        .build()
    )
    _enqueue(manager, request)
    manager.advance(timedelta(0))
    assert runs_of(request.id)[0].input_data == Data({"photo": "cat.jpg"})
    assert info_of(manager, request).output_data == Data.EMPTY


def test_retry_backs_off_without_counting_a_period(manager):
    """A periodic retry uses backoff (0, 30 000, 90 000) and leaves period_count at 0 (§3, §4)."""
    request = PeriodicWorkRequest.Builder(AlwaysRetry, timedelta(minutes=15)).build()
    _enqueue(manager, request)
    manager.advance_to(90_000)
    assert starts(manager, request.id) == [0, 30_000, 90_000]
    info = info_of(manager, request)
    assert info.period_count == 0
    assert info.run_attempt_count == 3
    assert info.next_schedule_time_millis == 210_000


def test_completed_period_resets_the_attempt_count(manager):
    """After a retried period succeeds, run_attempt_count is 0, next is finish + I (§2, §3)."""
    request = PeriodicWorkRequest.Builder(RetryFirstAttempt, timedelta(minutes=15)).build()
    _enqueue(manager, request)
    manager.advance_to(30_000)
    info = info_of(manager, request)
    assert info.period_count == 1
    assert info.run_attempt_count == 0
    assert info.next_schedule_time_millis == 30_000 + FIFTEEN_MINUTES
    manager.advance_to(30_000 + FIFTEEN_MINUTES)
    assert [run.run_attempt_count for run in runs_of(request.id)] == [0, 1, 0]


def test_initial_delay_applies_to_the_first_period_only(manager):
    """With a 5 min initial delay the runs are at 300 000 and then 300 000 + 900 000 (§4, §6)."""
    request = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(minutes=15))
        .set_initial_delay(timedelta(minutes=5))
        .build()
    )
    _enqueue(manager, request)
    manager.advance_to(1_200_000)
    assert starts(manager, request.id) == [300_000, 1_200_000]


def test_initial_delay_and_flex_add_up_for_the_first_period(manager):
    """First run at E + D + (I − F): delay 10 min, interval 1 h, flex 15 min → 3 300 000 (§6)."""
    request = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1), timedelta(minutes=15))
        .set_initial_delay(timedelta(minutes=10))
        .build()
    )
    assert info_of(manager, _enqueue(manager, request)).next_schedule_time_millis == 3_300_000


def test_override_sets_the_first_run_and_is_then_cleared(manager):
    """An override of 600 000 runs the first period then; the next is finish + interval (§4, §6)."""
    request = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_next_schedule_time_override(10 * MINUTE)
        .build()
    )
    _enqueue(manager, request)
    assert info_of(manager, request).next_schedule_time_millis == 10 * MINUTE
    manager.advance_to(10 * MINUTE)
    assert info_of(manager, request).next_schedule_time_millis == 10 * MINUTE + HOUR
    manager.advance_to(10 * MINUTE + HOUR)
    assert starts(manager, request.id) == [10 * MINUTE, 10 * MINUTE + HOUR]


def test_override_replaces_initial_delay_and_flex(manager):
    """The override wins over initial delay and flex for the run it sets (§4, §6)."""
    request = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1), timedelta(minutes=15))
        .set_initial_delay(timedelta(minutes=30))
        .set_next_schedule_time_override(10 * MINUTE)
        .build()
    )
    _enqueue(manager, request)
    assert info_of(manager, request).next_schedule_time_millis == 10 * MINUTE
    manager.advance_to(10 * MINUTE)
    assert starts(manager, request.id) == [10 * MINUTE]


def test_override_in_the_past_runs_at_once():
    """A first-period override earlier than now is used verbatim, so the work runs at once (§6)."""
    manager = WorkManager(start_millis=1_000_000)
    request = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_next_schedule_time_override(500_000)
        .build()
    )
    _enqueue(manager, request)
    assert info_of(manager, request).next_schedule_time_millis == 500_000
    manager.advance(timedelta(0))
    assert starts(manager, request.id) == [1_000_000]


def test_retry_at_the_override_run_backs_off_from_the_retry(manager):
    """A retry at the override run clears it: next at O + 30 000, period_count 0, rac 1 (§4, §6)."""
    request = (
        PeriodicWorkRequest.Builder(AlwaysRetry, timedelta(hours=1))
        .set_next_schedule_time_override(10 * MINUTE)
        .build()
    )
    _enqueue(manager, request)
    manager.advance_to(10 * MINUTE)
    info = info_of(manager, request)
    assert info.period_count == 0
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 10 * MINUTE + 30_000


def test_periodicity_info_and_initial_delay_fields(manager):
    """periodicity_info holds interval and flex in ms; initial_delay_millis the delay (§18)."""
    request = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=2), timedelta(minutes=30))
        .set_initial_delay(timedelta(minutes=7))
        .build()
    )
    info = info_of(manager, _enqueue(manager, request))
    assert info.periodicity_info.repeat_interval_millis == 2 * HOUR
    assert info.periodicity_info.flex_interval_millis == 30 * MINUTE
    assert info.initial_delay_millis == 7 * MINUTE
    assert info.period_count == 0


def test_periodic_work_never_idles(manager):
    """run_until_idle returns at max_events with the periodic work still ENQUEUED (API Time)."""
    request = _enqueue(manager, PeriodicWorkRequest.Builder(Succeed, timedelta(minutes=15)).build())
    manager.run_until_idle(max_events=50)
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.period_count >= 1
