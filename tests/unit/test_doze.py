"""The deep Doze schedule: idle periods 1 h doubling to 6 h, windows 5 then 10 min."""

from __future__ import annotations

import itertools

from wmkit.phone.doze import DozePhase, doze_phase_at, doze_phases

MINUTE = 60_000
HOUR = 60 * MINUTE


def test_the_aosp_schedule_from_entry() -> None:
    """Idle 1 h, window 5 min, idle 2 h, window 10 min, idle 4 h, window 10, then 6 h."""
    phases = list(doze_phases(0, 0, 8))
    lengths = [(p.maintenance, (p.end - p.start) // MINUTE) for p in phases]
    assert lengths == [
        (False, 60),
        (True, 5),
        (False, 120),
        (True, 10),
        (False, 240),
        (True, 10),
        (False, 360),
        (True, 10),
    ]
    assert all(a.end == b.start for a, b in itertools.pairwise(phases))


def test_idle_periods_stay_at_six_hours() -> None:
    """After reaching 6 h, idle periods do not grow any more."""
    idles = [p for p in doze_phases(0, 0, 16) if not p.maintenance]
    assert [(p.end - p.start) // HOUR for p in idles][3:] == [6, 6, 6, 6, 6]


def test_phase_at_a_boundary_is_the_one_that_starts_there() -> None:
    """At the end of an idle period the maintenance window has begun."""
    assert doze_phase_at(0, HOUR) == DozePhase(True, HOUR, HOUR + 5 * MINUTE)
    assert doze_phase_at(0, HOUR - 1).maintenance is False


def test_schedule_is_relative_to_entry() -> None:
    """A Doze that began at T has its first window at T + 1 h."""
    start = 7 * MINUTE
    assert doze_phase_at(start, start + HOUR).start == start + HOUR
