"""Android's scheduler limit: at most maxSchedulerLimit unfinished works are handed to
JobScheduler at once (Schedulers.schedule; ANDROID_SEMANTICS §1, §19). Opt-in in wmkit
with WorkManager(scheduler_limit=20); works beyond it wait their turn, oldest first."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import Constraints, NetworkType, OneTimeWorkRequest, WorkManager

from .workers import MINUTE, State, Succeed, info_of, starts

NEEDS_NETWORK = Constraints(required_network_type=NetworkType.CONNECTED)


def test_works_waiting_on_constraints_hold_every_slot() -> None:
    """Twenty works waiting for the network keep a later, unconstrained work from being
    scheduled at all until they run (a real-world surprise of maxSchedulerLimit)."""
    manager = WorkManager(scheduler_limit=20)
    manager.set_device(network="none")
    waiting = [OneTimeWorkRequest(Succeed, constraints=NEEDS_NETWORK) for _ in range(20)]
    manager.enqueue(waiting)
    late = OneTimeWorkRequest(Succeed)
    manager.enqueue(late)
    manager.advance(timedelta(minutes=10))
    assert info_of(manager, late).state is State.ENQUEUED
    assert "Not handed to JobScheduler yet" in manager.explain(late.id)
    manager.set_device(network="wifi")
    manager.advance(timedelta(0))
    assert starts(manager, late.id) == [10 * MINUTE]


def test_without_a_limit_the_late_work_runs_at_once(manager: WorkManager) -> None:
    """The default (no limit, as with the in-process GreedyScheduler) runs it at once."""
    manager.set_device(network="none")
    manager.enqueue([OneTimeWorkRequest(Succeed, constraints=NEEDS_NETWORK) for _ in range(20)])
    late = OneTimeWorkRequest(Succeed)
    manager.enqueue(late)
    manager.advance(timedelta(0))
    assert starts(manager, late.id) == [0]


def test_slots_go_to_the_oldest_enqueued_work_first() -> None:
    """A freed slot goes to the waiting work with the oldest last enqueue time."""
    manager = WorkManager(scheduler_limit=20)
    blockers = [OneTimeWorkRequest(Succeed, initial_delay=timedelta(hours=1)) for _ in range(20)]
    manager.enqueue(blockers)
    first, second = OneTimeWorkRequest(Succeed), OneTimeWorkRequest(Succeed)
    manager.enqueue(first)
    manager.advance(timedelta(minutes=1))
    manager.enqueue(second)
    manager.cancel_work_by_id(blockers[0].id)  # frees one slot: `first` is older
    manager.advance(timedelta(0))
    assert starts(manager, first.id) == [MINUTE]
    assert starts(manager, second.id) == [MINUTE]  # first's run ended, freeing its slot


@pytest.mark.parametrize("limit", [0, 19, 51, 20.5, True])
def test_scheduler_limit_range_is_androids(limit: object) -> None:
    """Configuration.setMaxSchedulerLimit accepts 20..50; anything else is refused."""
    with pytest.raises(ValueError, match="scheduler_limit"):
        WorkManager(scheduler_limit=limit)  # type: ignore[arg-type]
