"""Unit tests for wmkit.engine.schedule: the timer heap's order, the ready queue, limits."""

from __future__ import annotations

from typing import Any

from wmkit import OneTimeWorkRequest, Result, Worker
from wmkit.engine.schedule import Schedule
from wmkit.enums import State


def recorder() -> tuple[list[Any], Any]:
    fired: list[Any] = []
    return fired, lambda now, a, b: fired.append(a)


def test_timers_fire_in_time_order() -> None:
    """Timers fire earliest instant first, whatever the order they were set in."""
    fired, handler = recorder()
    schedule = Schedule(None, handler)
    for millis, name in ((300, "c"), (100, "a"), (200, "b")):
        schedule.add_timer(millis, Schedule.DUE, handler, name)
    schedule.fire_due(250)
    assert fired == ["a", "b"]
    schedule.fire_due(300)
    assert fired == ["a", "b", "c"]


def test_same_instant_timers_fire_by_kind_then_insertion() -> None:
    """At one instant: DEVICE, FINISH, LIMIT, DUE; equal kinds fire in insertion order."""
    fired, handler = recorder()
    schedule = Schedule(None, handler)
    for kind, name in (
        (Schedule.DUE, "due-1"),
        (Schedule.LIMIT, "limit"),
        (Schedule.DUE, "due-2"),
        (Schedule.FINISH, "finish-1"),
        (Schedule.DEVICE, "device"),
        (Schedule.FINISH, "finish-2"),
    ):
        schedule.add_timer(500, kind, handler, name)
    schedule.fire_due(500)
    assert fired == ["device", "finish-1", "finish-2", "limit", "due-1", "due-2"]


def test_kind_constants() -> None:
    """DEVICE < FINISH < LIMIT < DUE, so a run ending at its limit counts as finished."""
    assert (Schedule.DEVICE, Schedule.FINISH, Schedule.LIMIT, Schedule.DUE) == (0, 1, 2, 3)


def test_a_kind_never_outranks_an_earlier_instant() -> None:
    """A DUE timer at 10 fires before a DEVICE timer at 11."""
    fired, handler = recorder()
    schedule = Schedule(None, handler)
    schedule.add_timer(11, Schedule.DEVICE, handler, "device at 11")
    schedule.add_timer(10, Schedule.DUE, handler, "due at 10")
    schedule.fire_due(11)
    assert fired == ["due at 10", "device at 11"]


def test_timers_lists_and_clear_empties() -> None:
    """timers() lists (millis, kind, a, b) soonest first; has_due and clear."""
    _, handler = recorder()
    schedule = Schedule(None, handler)
    assert schedule.timers() == [] and not schedule.has_due(10**9)
    schedule.add_timer(20, Schedule.DUE, handler, "late")
    schedule.add_timer(10, Schedule.FINISH, handler, "early", 1)
    assert schedule.timers() == [
        (10, Schedule.FINISH, "early", 1),
        (20, Schedule.DUE, "late", None),
    ]
    assert schedule.has_due(10) and not schedule.has_due(9)
    schedule.clear()
    assert schedule.timers() == []


class Job(Worker):
    def do_work(self) -> Result:
        return Result.success()


def enqueued(at: int, seq: int) -> Any:
    spec = OneTimeWorkRequest(Job).work_spec.copy()
    spec.state, spec.last_enqueue_time, spec.enqueue_seq = State.ENQUEUED, at, seq
    spec.stored = True
    return spec


def test_a_work_due_now_waits_in_the_ready_queue_due_first_then_enqueue_order() -> None:
    schedule = Schedule(None, lambda now, spec, token: None)
    late, early, early_second = enqueued(5, 1), enqueued(3, 3), enqueued(3, 2)
    for spec in (late, early, early_second):
        schedule.queue(spec, now=10)
    assert schedule.backlog
    assert [schedule.pop_ready() for _ in range(3)] == [early_second, early, late]
    assert schedule.pop_ready() is None and not schedule.backlog


def test_a_work_due_later_gets_a_timer_and_an_older_timer_goes_stale() -> None:
    """Queuing a work again makes its earlier due timer stale (next_time skips it)."""
    schedule = Schedule(None, lambda now, spec, token: None)
    spec = enqueued(0, 1)
    spec.initial_delay = 100
    schedule.queue(spec, now=0)
    assert schedule.next_time(0, slots_free=True) == 100
    spec.initial_delay = 200
    schedule.queue(spec, now=0)
    assert schedule.next_time(0, slots_free=True) == 200
    assert len(schedule.timers()) == 1  # the stale head was dropped


def test_the_scheduler_limit_hands_a_freed_slot_to_the_oldest_waiting_work() -> None:
    schedule = Schedule(20, lambda now, spec, token: None)
    specs = [enqueued(i, i) for i in range(21)]
    for spec in specs:
        schedule.queue(spec, now=1_000)
    assert [schedule.is_handed_over(s) for s in specs].count(True) == 20
    assert not schedule.is_handed_over(specs[20])
    specs[0].state = State.SUCCEEDED
    schedule.take_back(specs[0], now=1_000)
    assert schedule.is_handed_over(specs[20])
