"""Unit tests for wmkit.units: integer milliseconds, Android's constants, and formatting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import units
from wmkit.errors import IllegalArgumentError, WorkManagerError
from wmkit.units import format_duration, format_millis, to_millis


def test_time_units_are_integer_milliseconds() -> None:
    """SECOND, MINUTE, HOUR and DAY are 1 000, 60 000, 3 600 000 and 86 400 000 ints."""
    assert (units.SECOND, units.MINUTE, units.HOUR, units.DAY) == (
        1_000,
        60_000,
        3_600_000,
        86_400_000,
    )
    assert all(type(v) is int for v in (units.SECOND, units.MINUTE, units.HOUR, units.DAY))


def test_android_constants_have_androids_values() -> None:
    """The WorkRequest, PeriodicWorkRequest and scheduler constants match androidx.work (§1)."""
    assert units.LONG_MAX == 9_223_372_036_854_775_807
    assert units.DEFAULT_BACKOFF_DELAY_MILLIS == 30_000
    assert units.MIN_BACKOFF_MILLIS == 10_000
    assert units.MAX_BACKOFF_MILLIS == 18_000_000
    assert units.MIN_PERIODIC_INTERVAL_MILLIS == 900_000
    assert units.MIN_PERIODIC_FLEX_MILLIS == 300_000
    assert units.MAX_RUN_MILLIS == 600_000
    assert units.PRUNE_THRESHOLD_MILLIS == 86_400_000
    assert units.DEFAULT_MAX_CONCURRENT_WORKERS == 4


@pytest.mark.parametrize(
    ("delta", "millis"),
    [
        (timedelta(0), 0),
        (timedelta(milliseconds=1), 1),
        (timedelta(seconds=1.5), 1_500),
        (timedelta(minutes=15), 900_000),
        (timedelta(days=2, hours=3), 183_600_000),
        (timedelta(microseconds=1_999), 1),
    ],
)
def test_to_millis_converts_whole_milliseconds(delta: timedelta, millis: int) -> None:
    """to_millis gives whole milliseconds, dropping sub-millisecond parts."""
    result = to_millis(delta)
    assert result == millis
    assert type(result) is int


@pytest.mark.parametrize("value", [5, 1.5, "15m", None, 900_000])
def test_to_millis_refuses_anything_but_timedelta(value: object) -> None:
    """A bare number or a string is refused, naming the value and suggesting timedelta."""
    with pytest.raises(IllegalArgumentError) as caught:
        to_millis(value, name="repeat_interval")  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith("repeat_interval must be a datetime.timedelta, got ")
    assert repr(value) in message
    assert "timedelta(minutes=15)" in message


def test_to_millis_refuses_negative_unless_allowed() -> None:
    """A negative duration is refused by default and converted when allow_negative=True."""
    with pytest.raises(IllegalArgumentError, match="initial delay must not be negative"):
        to_millis(timedelta(seconds=-1), name="initial delay")
    assert to_millis(timedelta(seconds=-1), allow_negative=True) == -1_000


def test_to_millis_refusal_is_a_work_manager_value_error() -> None:
    """The refusal is both a WorkManagerError and a ValueError."""
    with pytest.raises(WorkManagerError):
        to_millis(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        to_millis(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("millis", "text"),
    [
        (0, "T+0d 00:00:00"),
        (1, "T+0d 00:00:00.001"),
        (90_061_500, "T+1d 01:01:01.500"),
        (3_600_000, "T+0d 01:00:00"),
        (-1_500, "T-0d 00:00:01.500"),
        (2**63 - 1, "never"),
    ],
)
def test_format_millis(millis: int, text: str) -> None:
    """format_millis writes T±d hh:mm:ss, adds .mmm only when needed, and 'never' for MAX."""
    assert format_millis(millis) == text


@pytest.mark.parametrize(
    ("millis", "text"),
    [
        (0, "0ms"),
        (250, "250ms"),
        (1_000, "1s"),
        (900_000, "15m"),
        (5_430_000, "1h 30m 30s"),
        (86_400_001, "1d 1ms"),
        (18_000_000, "5h"),
    ],
)
def test_format_duration(millis: int, text: str) -> None:
    """format_duration lists only the non-zero units, largest first."""
    assert format_duration(millis) == text
