"""Deep Doze as a schedule: idle periods that grow, separated by maintenance windows.

After the phone enters deep Doze it stays idle 1 h, wakes for a 5-minute maintenance
window, sleeps 2 h, wakes 10 min, sleeps 4 h, then 6 h at a time (AOSP defaults in
:mod:`wmkit.phone.defaults`). During idle periods JobScheduler runs no regular jobs
and apps have no network; in a maintenance window pending jobs run and the network is
back. Charging, turning the screen on or leaving Doze ends it at once.

>>> [(p.maintenance, p.start // 60_000, p.end // 60_000) for p in doze_phases(0, 0, 4)]
[(False, 0, 60), (True, 60, 65), (False, 65, 185), (True, 185, 195)]
>>> doze_phase_at(0, 62 * 60_000).maintenance
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .defaults import (
    DOZE_FIRST_IDLE_MILLIS,
    DOZE_FIRST_MAINTENANCE_MILLIS,
    DOZE_IDLE_FACTOR,
    DOZE_MAINTENANCE_FACTOR,
    DOZE_MAX_IDLE_MILLIS,
    DOZE_MAX_MAINTENANCE_MILLIS,
)


class DozePhase(NamedTuple):
    """One stretch of Doze: idle (``maintenance=False``) or a maintenance window."""

    maintenance: bool
    start: int
    end: int


def doze_phases(since: int, start: int = 0, count: int | None = None) -> Iterator[DozePhase]:
    """The phases of a Doze that began at ``since``, skipping those that end by ``start``."""
    idle, window, t, produced = DOZE_FIRST_IDLE_MILLIS, DOZE_FIRST_MAINTENANCE_MILLIS, since, 0
    while count is None or produced < count:
        for phase in (DozePhase(False, t, t + idle), DozePhase(True, t + idle, t + idle + window)):
            if phase.end > start:
                yield phase
                produced += 1
                if count is not None and produced >= count:
                    return
        t += idle + window
        idle = min(idle * DOZE_IDLE_FACTOR, DOZE_MAX_IDLE_MILLIS)
        window = min(window * DOZE_MAINTENANCE_FACTOR, DOZE_MAX_MAINTENANCE_MILLIS)


def doze_phase_at(since: int, now: int) -> DozePhase:
    """The phase of a Doze that began at ``since`` that holds at ``now``."""
    return next(doze_phases(since, now))
