"""Tick marks for the time axis: natural spacings and labels a class reads aloud.

>>> [label_for_tick(t, 30_000) for t in (0, 30_000, 90_000)]
['0:00', '0:30', '1:30']
>>> [label_for_tick(t, 6 * HOUR) for t in (6 * HOUR, DAY, DAY + 6 * HOUR)]
['6h', '1d', '1d 6h']
"""

from __future__ import annotations

from ...units import DAY, HOUR, MINUTE, SECOND
from ..text import short_instant

#: Tick spacings a reader finds natural, smallest first.
NICE_STEPS: tuple[int, ...] = (
    SECOND,
    5 * SECOND,
    10 * SECOND,
    30 * SECOND,
    MINUTE,
    5 * MINUTE,
    10 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
)


def tick_step(span: int, target: int = 8) -> int:
    """The smallest natural spacing that gives at most about ``target`` ticks."""
    for step in NICE_STEPS:
        if span / step <= target:
            return step
    step = NICE_STEPS[-1]
    while span / step > target:
        step *= 2
    return step


def ticks(start: int, end: int, target: int = 8) -> list[int]:
    """Instants of the tick marks between ``start`` and ``end`` (multiples of the step)."""
    step = tick_step(max(end - start, 1), target)
    first = -(-start // step) * step
    return list(range(first, end + 1, step))


def label_for_tick(millis: int, step: int) -> str:
    """A compact axis label: ``'1:30'`` (m:ss) in the first hour, ``'1:15:00'`` later,
    and whole hours and days (``'6h'``, ``'1d 6h'``) when ticks are hours apart."""
    if step < HOUR:
        return short_instant(millis)
    sign = "-" if millis < 0 else ""
    days, rest = divmod(abs(millis), DAY)
    hours = rest // HOUR
    if not days:
        return f"{sign}{hours}h"
    return f"{sign}{days}d {hours}h" if hours else f"{sign}{days}d"
