"""When a work may run next: Android's ``WorkSpec.calculateNextRunTime``, as pure functions.

``next_run_time`` is "the earliest time at which constraints should be monitored":
it ignores constraints, Doze and quotas, exactly like Android's.

>>> [backoff_delay(BackoffPolicy.EXPONENTIAL, 30_000, n) for n in (1, 2, 3, 4)]
[30000, 60000, 120000, 240000]
>>> backoff_delay(BackoffPolicy.LINEAR, 30_000, 3)
90000
"""

from __future__ import annotations

from typing import Protocol

from ..enums import BackoffPolicy
from ..units import LONG_MAX, MAX_BACKOFF_MILLIS, MIN_PERIODIC_INTERVAL_MILLIS


def backoff_delay(policy: BackoffPolicy, base_millis: int, run_attempt_count: int) -> int:
    """The wait after the ``run_attempt_count``-th run, capped at 5 hours.

    EXPONENTIAL doubles from the base (``base * 2**(n-1)``, Android's ``Math.scalb`` on a
    float); LINEAR adds the base each time (``base * n``).
    """
    if policy is BackoffPolicy.LINEAR:
        delay = base_millis * run_attempt_count
    else:
        exponent = run_attempt_count - 1
        # Past 2**40 the cap is certain; avoid building huge floats.
        delay = MAX_BACKOFF_MILLIS if exponent > 40 else int(float(base_millis) * 2.0**exponent)
    return min(delay, MAX_BACKOFF_MILLIS)


class SchedulingFields(Protocol):
    """The fields of a stored work that decide when it may run (a ``WorkSpec`` has them)."""

    @property
    def state_is_enqueued(self) -> bool: ...
    @property
    def last_enqueue_time(self) -> int: ...
    @property
    def run_attempt_count(self) -> int: ...
    @property
    def backoff_policy(self) -> BackoffPolicy: ...
    @property
    def backoff_delay(self) -> int: ...
    @property
    def initial_delay(self) -> int: ...
    @property
    def interval(self) -> int: ...
    @property
    def flex(self) -> int: ...
    @property
    def period_count(self) -> int: ...
    @property
    def override(self) -> int: ...


def next_run_time(w: SchedulingFields, enqueued: bool | None = None) -> int:
    """Android's next-run formula (ANDROID_SEMANTICS §4), branch for branch.

    ``enqueued``: compute it as if the row were (True) or were not (False) ENQUEUED, for
    a row about to change state; None reads the row's own state.

    >>> from types import SimpleNamespace as Row
    >>> one_time = Row(state_is_enqueued=True, last_enqueue_time=1000, run_attempt_count=0,
    ...                backoff_policy=BackoffPolicy.EXPONENTIAL, backoff_delay=30_000,
    ...                initial_delay=2000, interval=0, flex=0, period_count=0, override=LONG_MAX)
    >>> next_run_time(one_time)
    3000
    >>> next_run_time(Row(**{**vars(one_time), "run_attempt_count": 2}))
    61000
    """
    interval = w.interval
    if interval and w.override != LONG_MAX:
        # The override wins over backoff, for periodic work only (2.9+).
        if w.period_count == 0:
            return w.override
        return max(w.override, w.last_enqueue_time + MIN_PERIODIC_INTERVAL_MILLIS)
    if w.run_attempt_count > 0 and (w.state_is_enqueued if enqueued is None else enqueued):
        return w.last_enqueue_time + backoff_delay(
            w.backoff_policy, w.backoff_delay, w.run_attempt_count
        )
    if interval:
        if w.period_count:
            return w.last_enqueue_time + interval
        start = w.last_enqueue_time + w.initial_delay
        if w.flex != interval:
            start += interval - w.flex  # flex applies to the first period only
        return start
    if w.last_enqueue_time == -1:
        return LONG_MAX  # never enqueued: BLOCKED behind a prerequisite
    return w.last_enqueue_time + w.initial_delay
