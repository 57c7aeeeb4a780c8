"""Virtual-time units and Android's numeric constants, as integer milliseconds.

The core never uses floats or the wall clock for time: every instant is an ``int`` of
virtual milliseconds, like Android's ``System.currentTimeMillis()``.

>>> 15 * MINUTE
900000
>>> to_millis(timedelta(seconds=1.5))
1500
"""

from __future__ import annotations

from datetime import timedelta

from .errors import IllegalArgumentError

SECOND = 1_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR

#: Kotlin's ``Long.MAX_VALUE``: "never" in Android's scheduling fields.
LONG_MAX = 2**63 - 1

# androidx.work WorkRequest / PeriodicWorkRequest companions (ANDROID_SEMANTICS §1).
DEFAULT_BACKOFF_DELAY_MILLIS = 30 * SECOND
MIN_BACKOFF_MILLIS = 10 * SECOND
MAX_BACKOFF_MILLIS = 5 * HOUR
MIN_PERIODIC_INTERVAL_MILLIS = 15 * MINUTE
MIN_PERIODIC_FLEX_MILLIS = 5 * MINUTE
#: JobScheduler's execution window for one run (ListenableWorker javadoc).
MAX_RUN_MILLIS = 10 * MINUTE
#: WorkDatabase's auto-prune threshold (``PRUNE_THRESHOLD_MILLIS``).
PRUNE_THRESHOLD_MILLIS = DAY
#: The worker thread pool: ``max(2, min(cpus - 1, 4))`` threads on Android.
DEFAULT_MAX_CONCURRENT_WORKERS = 4


def to_millis(value: timedelta, *, name: str = "duration", allow_negative: bool = False) -> int:
    """Convert a ``timedelta`` to whole milliseconds, refusing anything else.

    The API takes ``timedelta`` everywhere so that ``timedelta(minutes=15)`` reads
    like Kotlin's ``15, TimeUnit.MINUTES``; a bare number would hide its unit.
    """
    if not isinstance(value, timedelta):
        raise IllegalArgumentError(
            f"{name} must be a datetime.timedelta, got {value!r} ({type(value).__name__}). "
            f"Write e.g. timedelta(minutes=15)."
        )
    millis = value // timedelta(milliseconds=1)
    if millis < 0 and not allow_negative:
        raise IllegalArgumentError(f"{name} must not be negative, got {value!r}.")
    return millis


def format_millis(millis: int) -> str:
    """Format a virtual instant as ``T+d hh:mm:ss(.mmm)`` for messages and views.

    >>> format_millis(90_061_500)
    'T+1d 01:01:01.500'
    >>> format_millis(LONG_MAX)
    'never'
    """
    if millis >= LONG_MAX:
        return "never"
    sign = "-" if millis < 0 else "+"
    days, rest = divmod(abs(millis), DAY)
    hours, rest = divmod(rest, HOUR)
    minutes, rest = divmod(rest, MINUTE)
    seconds, ms = divmod(rest, SECOND)
    text = f"T{sign}{days}d {hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{ms:03d}" if ms else text


def format_duration(millis: int) -> str:
    """Format a length of virtual time compactly: ``'30s'``, ``'15m'``, ``'1h 30m'``.

    >>> format_duration(5_430_000)
    '1h 30m 30s'
    >>> format_duration(250)
    '250ms'
    """
    if millis < SECOND:
        return f"{millis}ms"
    parts = []
    for unit, label in ((DAY, "d"), (HOUR, "h"), (MINUTE, "m"), (SECOND, "s")):
        count, millis = divmod(millis, unit)
        if count:
            parts.append(f"{count}{label}")
    if millis:
        parts.append(f"{millis}ms")
    return " ".join(parts)
