"""Reading instants back out of event details, and choosing tick marks for time axes.

The engine writes instants into event details with ``format_millis`` ("due
T+0d 00:01:00", "until T+0d 01:00:00"). The timeline needs them as numbers to draw a
backoff or a Doze window, so :func:`parse_millis` is the exact inverse of
``format_millis``.

>>> parse_millis("T+1d 01:01:01.500")
90061500
>>> instant_after("backoff 30s, due T+0d 00:00:40", "due")
40000
>>> [label_for_tick(t, 15 * 60_000) for t in (0, 900_000)]
['00:00', '00:15']
"""

from __future__ import annotations

import re

from ...units import DAY, HOUR, LONG_MAX, MINUTE, SECOND

_INSTANT = r"(T[+-]\d+d \d{2}:\d{2}:\d{2}(?:\.\d{3})?|never)"
_INSTANT_RE = re.compile(_INSTANT)
_PARTS_RE = re.compile(r"T([+-])(\d+)d (\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?$")

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


def parse_millis(text: str) -> int | None:
    """The instant a ``format_millis`` string names, or None if it is not one."""
    if text == "never":
        return LONG_MAX
    match = _PARTS_RE.match(text.strip())
    if match is None:
        return None
    sign, days, hours, minutes, seconds, millis = match.groups()
    value = (
        int(days) * DAY
        + int(hours) * HOUR
        + int(minutes) * MINUTE
        + int(seconds) * SECOND
        + int(millis or 0)
    )
    return -value if sign == "-" else value


def instant_after(detail: str, word: str) -> int | None:
    """The instant written right after ``word`` in an event detail ("due", "until")."""
    match = re.search(rf"\b{re.escape(word)} {_INSTANT}", detail)
    return None if match is None else parse_millis(match.group(1))


def any_instant(detail: str) -> int | None:
    """The last instant written anywhere in a detail, or None."""
    found = _INSTANT_RE.findall(detail)
    return parse_millis(found[-1]) if found else None


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
    """A compact axis label: ``'00:15'``, ``'01:02:30'`` or ``'1d 06:00'``."""
    sign = "-" if millis < 0 else ""
    days, rest = divmod(abs(millis), DAY)
    hours, rest = divmod(rest, HOUR)
    minutes, rest = divmod(rest, MINUTE)
    seconds = rest // SECOND
    clock = f"{hours:02d}:{minutes:02d}"
    if step < MINUTE:
        clock += f":{seconds:02d}"
    return f"{sign}{days}d {clock}" if days else f"{sign}{clock}"
