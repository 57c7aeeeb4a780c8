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


# ---------------------------------------------------------------------- light Doze


def test_the_light_schedule_from_entry() -> None:
    """Light Doze: idle 5 min, 10 min, then 15 min at a time, each followed by a 1-minute
    window (LIGHT_IDLE_TIMEOUT x LIGHT_IDLE_FACTOR up to LIGHT_MAX_IDLE_TIMEOUT; the
    LIGHT_IDLE_MAINTENANCE_MIN_BUDGET window)."""
    phases = list(doze_phases(0, 0, 8, "light"))
    lengths = [(p.maintenance, (p.end - p.start) // MINUTE) for p in phases]
    assert lengths == [
        (False, 5),
        (True, 1),
        (False, 10),
        (True, 1),
        (False, 15),
        (True, 1),
        (False, 15),
        (True, 1),
    ]
    assert all(a.end == b.start for a, b in itertools.pairwise(phases))
    assert [p.start // MINUTE for p in phases if p.maintenance] == [5, 16, 32, 48]


def test_light_windows_open_at_least_four_times_an_hour() -> None:
    """After the first half hour a window opens every 16 minutes, whatever the hour."""
    windows = [p.start for p in doze_phases(0, 0, 200, "light") if p.maintenance]
    gaps = {b - a for a, b in itertools.pairwise(windows[2:])}
    assert gaps == {16 * MINUTE}


def test_a_phase_far_in_the_future_is_the_one_the_whole_schedule_gives() -> None:
    """Skipping whole steady cycles gives the same phase as walking every one, for both
    kinds of Doze, at boundaries and between them."""
    for mode, count in (("light", 5000), ("deep", 300)):
        walked = list(doze_phases(123, 0, count, mode))  # type: ignore[arg-type]
        for phase in walked[::97] + walked[-3:]:
            for now in (phase.start, phase.end - 1):
                assert doze_phase_at(123, now, mode) == phase  # type: ignore[arg-type]
