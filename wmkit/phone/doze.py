"""Doze as a schedule: idle periods that grow, separated by maintenance windows.

**Deep Doze** (the phone lies still, screen off, on battery): idle 1 h, a 5-minute
maintenance window, idle 2 h, a 10-minute window, idle 4 h, then 6 h at a time.
**Light Doze** (screen off on battery, the phone moving: in a pocket): idle 5 min, a
1-minute window, idle 10 min, then 15 min at a time, each followed by a 1-minute window.
(AOSP defaults, in :mod:`wmkit.phone.defaults`.) In an idle period of either,
JobScheduler runs no regular jobs and apps have no network; in a maintenance window
pending jobs run and the network is back. Charging or turning the screen on ends Doze
at once.

SIM: the schedule starts with an idle period at the instant Doze is entered; a phone
first waits (screen off for a while, and for deep Doze, still) before its first one.

>>> [(p.maintenance, p.start // 60_000, p.end // 60_000) for p in doze_phases(0, 0, 4)]
[(False, 0, 60), (True, 60, 65), (False, 65, 185), (True, 185, 195)]
>>> [(p.maintenance, p.start // 60_000) for p in doze_phases(0, 0, 6, "light")]
[(False, 0), (True, 5), (False, 6), (True, 16), (False, 17), (True, 32)]
>>> doze_phase_at(0, 62 * 60_000).maintenance
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal, NamedTuple

from .defaults import (
    DOZE_FIRST_IDLE_MILLIS,
    DOZE_FIRST_MAINTENANCE_MILLIS,
    DOZE_IDLE_FACTOR,
    DOZE_MAINTENANCE_FACTOR,
    DOZE_MAX_IDLE_MILLIS,
    DOZE_MAX_MAINTENANCE_MILLIS,
    LIGHT_FIRST_IDLE_MILLIS,
    LIGHT_IDLE_FACTOR,
    LIGHT_MAINTENANCE_MIN_MILLIS,
    LIGHT_MAX_IDLE_MILLIS,
)

DozeMode = Literal["light", "deep"]


class DozePhase(NamedTuple):
    """One stretch of Doze: idle (``maintenance=False``) or a maintenance window."""

    maintenance: bool
    start: int
    end: int


class DozeSchedule(NamedTuple):
    """How one kind of Doze paces its idle periods and windows (each grows by its
    factor up to its maximum)."""

    first_idle: int
    idle_factor: int
    max_idle: int
    first_window: int
    window_factor: int
    max_window: int


SCHEDULES: dict[str, DozeSchedule] = {
    "deep": DozeSchedule(
        DOZE_FIRST_IDLE_MILLIS,
        DOZE_IDLE_FACTOR,
        DOZE_MAX_IDLE_MILLIS,
        DOZE_FIRST_MAINTENANCE_MILLIS,
        DOZE_MAINTENANCE_FACTOR,
        DOZE_MAX_MAINTENANCE_MILLIS,
    ),
    # stepLightIdleStateLocked: the idle delay grows by LIGHT_IDLE_FACTOR up to
    # LIGHT_MAX_IDLE_TIMEOUT; each window gets the maintenance budget (its minimum here).
    "light": DozeSchedule(
        LIGHT_FIRST_IDLE_MILLIS,
        LIGHT_IDLE_FACTOR,
        LIGHT_MAX_IDLE_MILLIS,
        LIGHT_MAINTENANCE_MIN_MILLIS,
        1,
        LIGHT_MAINTENANCE_MIN_MILLIS,
    ),
}


def doze_phases(
    since: int, start: int = 0, count: int | None = None, mode: DozeMode = "deep"
) -> Iterator[DozePhase]:
    """The phases of a ``mode`` Doze that began at ``since``, skipping those that end
    by ``start``."""
    pace = SCHEDULES[mode]
    idle, window, t, produced = pace.first_idle, pace.first_window, since, 0
    while count is None or produced < count:
        if idle == pace.max_idle and window == pace.max_window and t + idle + window <= start:
            # Steady pace from here on: skip the whole cycles that end by ``start``.
            t += (start - t) // (idle + window) * (idle + window)
        for phase in (DozePhase(False, t, t + idle), DozePhase(True, t + idle, t + idle + window)):
            if phase.end > start:
                yield phase
                produced += 1
                if count is not None and produced >= count:
                    return
        t += idle + window
        idle = min(idle * pace.idle_factor, pace.max_idle)
        window = min(window * pace.window_factor, pace.max_window)


def doze_phase_at(since: int, now: int, mode: DozeMode = "deep") -> DozePhase:
    """The phase of a ``mode`` Doze that began at ``since`` that holds at ``now``."""
    return next(doze_phases(since, now, None, mode))
