"""Unit tests for wmkit.clock: the virtual clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import WorkManager
from wmkit.clock import VirtualClock
from wmkit.errors import IllegalArgumentError


def test_clock_starts_where_told() -> None:
    """VirtualClock(5 000) reads 5 000 ms; the default start is 0."""
    assert VirtualClock(5_000).now_millis == 5_000
    assert VirtualClock().now_millis == 0


@pytest.mark.parametrize("start", [1.5, "0", None, True])
def test_clock_refuses_a_start_that_is_not_an_int(start: object) -> None:
    """A float, a string, None or a bool start is refused, naming the value."""
    with pytest.raises(IllegalArgumentError, match="start_millis must be an int"):
        VirtualClock(start)  # type: ignore[arg-type]


def test_clock_moves_forward_and_stays_put() -> None:
    """move_to goes to a later or the same instant."""
    clock = VirtualClock(100)
    clock.move_to(100)
    assert clock.now_millis == 100
    clock.move_to(250)
    assert clock.now_millis == 250


def test_clock_refuses_to_go_back() -> None:
    """Moving to an earlier instant raises 'Time can't go backwards' and changes nothing."""
    clock = VirtualClock(1_000)
    with pytest.raises(IllegalArgumentError) as caught:
        clock.move_to(999)
    assert str(caught.value) == (
        "Time can't go backwards: now is T+0d 00:00:01 (1000 ms), asked for 999 ms."
    )
    assert clock.now_millis == 1_000


def test_manager_advance_to_the_past_is_refused() -> None:
    """manager.advance_to(earlier) raises and leaves the clock where it was."""
    manager = WorkManager(start_millis=10_000)
    with pytest.raises(IllegalArgumentError, match="Time can't go backwards"):
        manager.advance_to(9_999)
    assert manager.clock.now_millis == 10_000


def test_manager_advance_by_a_negative_duration_is_refused() -> None:
    """advance(-1 s) is refused as a negative duration; the clock stays."""
    manager = WorkManager()
    with pytest.raises(IllegalArgumentError, match="must not be negative"):
        manager.advance(timedelta(seconds=-1))
    assert manager.clock.now_millis == 0


def test_clock_repr_is_valid_python() -> None:
    """repr(VirtualClock(42)) is 'VirtualClock(42)'."""
    assert repr(VirtualClock(42)) == "VirtualClock(42)"
