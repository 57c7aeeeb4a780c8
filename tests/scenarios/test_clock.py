"""Driving the virtual clock: advance, advance_to, step, run_until_idle (API Time, digest §5)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, WorkManager

from .workers import (
    MINUTE,
    SECOND,
    Slow30s,
    State,
    Succeed,
    same_id,
    starts,
    state_of,
)


def test_a_new_manager_starts_at_zero():
    """A new manager's virtual clock reads 0 ms (API Time)."""
    assert WorkManager().clock.now_millis == 0


def test_start_millis_sets_the_clock():
    """WorkManager(start_millis=5 000) starts its clock at 5 000 ms (API Time)."""
    assert WorkManager(start_millis=5_000).clock.now_millis == 5_000


def test_advance_moves_the_clock_by_exactly_the_delta(manager):
    """advance(90 s) moves the clock to 90 000 even when nothing is due (API Time)."""
    manager.advance(timedelta(seconds=90))
    assert manager.clock.now_millis == 90 * SECOND
    manager.advance(timedelta(milliseconds=1))
    assert manager.clock.now_millis == 90 * SECOND + 1


def test_advance_to_processes_what_is_due_at_the_target(manager):
    """advance_to(m) processes events due at m itself, then reads m (API Time)."""
    request = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(minutes=1)).build()
    manager.enqueue(request)
    manager.advance_to(MINUTE)
    assert manager.clock.now_millis == MINUTE
    assert state_of(manager, request) is State.SUCCEEDED


def test_step_jumps_to_the_next_instant(manager):
    """step() jumps straight to the next instant at which something happens (API Time)."""
    request = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(minutes=5)).build()
    manager.enqueue(request)
    events = manager.step()
    assert manager.clock.now_millis == 5 * MINUTE
    assert any(e.kind == "started" and same_id(e.work_id, request.id) for e in events)


def test_step_with_nothing_scheduled_returns_nothing(manager):
    """step() with nothing scheduled returns [] and leaves the clock alone (API Time)."""
    manager.advance(timedelta(seconds=3))
    assert manager.step() == []
    assert manager.clock.now_millis == 3 * SECOND


def test_run_until_idle_finishes_a_chain(manager):
    """run_until_idle() drives a → (1 min delay) b to the end: b runs at 90 000 (API Time, §5)."""
    a = OneTimeWorkRequest.from_(Slow30s)
    b = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(minutes=1)).build()
    manager.begin_with(a).then(b).enqueue()
    manager.run_until_idle()
    assert state_of(manager, b) is State.SUCCEEDED
    assert starts(manager, b.id) == [90 * SECOND]
    assert manager.clock.now_millis == 90 * SECOND
    assert manager.step() == []
