"""Unit tests for wmkit.clock: the virtual clock and the timer queue's same-instant order."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import WorkManager
from wmkit.clock import TimerQueue, VirtualClock
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


def test_timers_pop_in_time_order() -> None:
    """Timers pop earliest instant first, whatever the push order."""
    timers = TimerQueue()
    timers.push(300, TimerQueue.DUE, "due", "c")
    timers.push(100, TimerQueue.DUE, "due", "a")
    timers.push(200, TimerQueue.DUE, "due", "b")
    assert [timers.pop()[4] for _ in range(3)] == ["a", "b", "c"]


def test_same_instant_timers_pop_by_order_then_insertion() -> None:
    """At one instant: DEVICE, FINISH, LIMIT, DUE; equal order pops in insertion order."""
    timers = TimerQueue()
    timers.push(500, TimerQueue.DUE, "due", "due-1")
    timers.push(500, TimerQueue.LIMIT, "timeout", "limit")
    timers.push(500, TimerQueue.DUE, "due", "due-2")
    timers.push(500, TimerQueue.FINISH, "finish", "finish-1")
    timers.push(500, TimerQueue.DEVICE, "device", "device")
    timers.push(500, TimerQueue.FINISH, "finish", "finish-2")
    popped = [timers.pop()[4] for _ in range(6)]
    assert popped == ["device", "finish-1", "finish-2", "limit", "due-1", "due-2"]


def test_order_constants() -> None:
    """DEVICE < FINISH < LIMIT < DUE, so a run ending at its limit counts as finished."""
    assert (TimerQueue.DEVICE, TimerQueue.FINISH, TimerQueue.LIMIT, TimerQueue.DUE) == (0, 1, 2, 3)


def test_popped_entry_is_the_flat_tuple() -> None:
    """An entry is (millis, order, seq, kind, a, b), b defaulting to None."""
    timers = TimerQueue()
    timers.push(7, TimerQueue.FINISH, "finish", "run")
    timers.push(7, TimerQueue.DUE, "due", "spec", 3)
    assert timers.pop() == (7, 1, 1, "finish", "run", None)
    assert timers.pop() == (7, 3, 2, "due", "spec", 3)


def test_peek_len_iter_and_clear() -> None:
    """peek shows the head without popping; len and iter cover every entry; clear empties."""
    timers = TimerQueue()
    assert timers.peek() is None
    assert len(timers) == 0
    timers.push(20, TimerQueue.DUE, "due", "late")
    timers.push(10, TimerQueue.DUE, "due", "early", 1)
    assert timers.peek() == (10, 3, 2, "due", "early", 1)
    assert len(timers) == 2
    assert sorted(timers) == [(10, "due", "early", 1), (20, "due", "late", None)]
    timers.clear()
    assert len(timers) == 0
    assert timers.peek() is None
