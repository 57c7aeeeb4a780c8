"""Unit tests for wmkit.manager.description: the frozen read model of one work for views."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta
from typing import Any

import pytest

from wmkit import (
    ArrayCreatingInputMerger,
    BackoffPolicy,
    BlockerInfo,
    Constraints,
    Data,
    ExistingWorkPolicy,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    PeriodicWorkRequest,
    Result,
    State,
    StopReason,
    Worker,
    WorkManager,
)

LONG_MAX = 2**63 - 1


class Fetch(Worker):
    """Succeeds 30 s after it starts, echoing its input."""

    duration = timedelta(seconds=30)

    def do_work(self) -> Result:
        return Result.success(self.input_data)


class Broken(Worker):
    """Raises at once."""

    def do_work(self) -> Result:
        raise ValueError("bad input")


FETCH = f"{__name__}.Fetch"


def test_describes_a_blocked_dependent_field_by_field() -> None:
    """A BLOCKED dependent's description holds every field of its row and its links."""
    manager = WorkManager(start_millis=1_000)
    parent = OneTimeWorkRequest(Fetch, input_data={"a": 1})
    child = (
        OneTimeWorkRequest.Builder(Fetch)
        .set_input_data({"b": 2})
        .set_input_merger(ArrayCreatingInputMerger)
        .set_constraints(Constraints(NetworkType.CONNECTED))
        .set_initial_delay(timedelta(minutes=1))
        .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=20))
        .add_tag("sync")
        .build()
    )
    manager.begin_unique_work("chain", ExistingWorkPolicy.KEEP, parent).then(child).enqueue()
    described = manager.describe_work(child.id)
    expected = dict(
        id=child.id,
        worker_class_name=FETCH,
        state=State.BLOCKED,
        tags=frozenset({FETCH, "sync"}),
        unique_name="chain",
        prerequisites=(parent.id,),
        dependents=(),
        input_data=Data({"b": 2}),
        output_data=Data.EMPTY,
        progress=Data.EMPTY,
        input_merger_name="wmkit.work.mergers.ArrayCreatingInputMerger",
        constraints=Constraints(NetworkType.CONNECTED),
        run_attempt_count=0,
        generation=0,
        initial_delay_millis=60_000,
        backoff_policy=BackoffPolicy.LINEAR,
        backoff_delay_millis=20_000,
        interval_millis=0,
        flex_millis=0,
        period_count=0,
        last_enqueue_time=-1,
        next_run_time=LONG_MAX,
        schedule_override=None,
        expedited=False,
        stop_reason=StopReason.NOT_STOPPED,
        failure=None,
        running_since=None,
    )
    assert {name: getattr(described, name) for name in expected} == expected
    assert described.waiting_for == ()
    assert manager.describe_work(parent.id).dependents == (child.id,)
    assert (described.short_name, described.short_id) == ("Fetch", str(child.id)[:8])
    assert described.user_tags == frozenset({"sync"})
    assert not described.is_periodic


def test_running_work_reports_since_when() -> None:
    """A RUNNING work's description has running_since and its attempt; next run MAX."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Fetch)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=5))
    described = manager.describe_work(request.id)
    assert (described.state, described.running_since) == (State.RUNNING, 0)
    assert (described.run_attempt_count, described.next_run_time) == (1, LONG_MAX)


def test_periodic_work_with_override() -> None:
    """A periodic work reports interval, flex, override and the override as next run."""
    manager = WorkManager()
    request = PeriodicWorkRequest(
        Fetch, timedelta(hours=1), timedelta(minutes=20), next_schedule_time_override=5_000
    )
    manager.enqueue(request)
    described = manager.describe_work(request.id)
    assert described.is_periodic
    assert (described.interval_millis, described.flex_millis) == (3_600_000, 1_200_000)
    assert (described.schedule_override, described.next_run_time) == (5_000, 5_000)
    assert described.last_enqueue_time == 0


def test_failed_work_keeps_its_failure_text() -> None:
    """A FAILED work's description carries the failure with the exception."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Broken)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    described = manager.describe_work(request.id)
    assert described.state is State.FAILED
    assert described.failure.startswith("Broken.do_work raised ValueError: bad input\n")


def _offline_and_one_slot() -> tuple[WorkManager, Any, Any, Any]:
    """One worker slot and no network: a work needing the network, one running, one
    waiting for the slot, one second after the clock started."""
    manager = WorkManager(max_concurrent_workers=1)
    manager.set_device(network="none")
    offline = OneTimeWorkRequest(Fetch, constraints=Constraints(NetworkType.CONNECTED))
    first, second = OneTimeWorkRequest(Fetch), OneTimeWorkRequest(Fetch)
    manager.enqueue([offline, first, second])
    manager.advance(timedelta(seconds=1))
    return manager, offline, first, second


def test_waiting_for_names_an_unmet_constraint_and_busy_slots() -> None:
    """waiting_for lists what holds a due work: a constraint, or all slots busy."""
    manager, offline, _first, second = _offline_and_one_slot()
    assert manager.describe_work(offline.id).waiting_for == (
        "constraint: needs network CONNECTED but the network is none",
    )
    assert manager.describe_work(second.id).waiting_for == ("all 1 worker slots are busy",)


def test_blockers_are_structured_and_waiting_for_is_their_words() -> None:
    """``blockers`` carries each hold as data (kind, text, until); ``waiting_for`` is the
    same list in words, exactly as before."""
    manager, offline, first, second = _offline_and_one_slot()
    assert manager.describe_work(offline.id).blockers == (
        BlockerInfo("constraint", "needs network CONNECTED but the network is none", None),
    )
    assert manager.describe_work(second.id).blockers == (
        BlockerInfo("slots-busy", "all 1 worker slots are busy", None),
    )
    assert manager.describe_work(first.id).blockers == ()


def test_a_doze_blocker_carries_the_end_of_the_idle_period() -> None:
    """In deep Doze a due work's blocker is of kind "doze", with the instant the next
    maintenance window opens as ``until_millis``."""
    manager = WorkManager()
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(Fetch)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    (blocker,) = manager.describe_work(request.id).blockers
    assert blocker.kind == "doze" and blocker.until_millis is not None
    assert blocker.until_millis > manager.clock.now_millis
    assert manager.describe_work(request.id).waiting_for == (f"doze: {blocker.text}",)


def test_expedited_flag() -> None:
    """An expedited request is described as expedited."""
    manager = WorkManager()
    policy = OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST
    request = OneTimeWorkRequest(Fetch, expedited=policy)
    manager.enqueue(request)
    assert manager.describe_work(request.id).expedited is True


def test_unknown_id_gives_none_and_describe_works_lists_in_enqueue_order() -> None:
    """describe_work of an unknown id is None; describe_works lists every work, oldest first."""
    manager = WorkManager()
    requests = [OneTimeWorkRequest(Fetch) for _ in range(3)]
    manager.enqueue(requests)
    assert manager.describe_work(uuid.UUID(int=1)) is None
    works = manager.describe_works()
    assert [w.id for w in works] == [r.id for r in requests]
    assert [w.enqueue_order for w in works] == [1, 2, 3]


def test_description_is_frozen() -> None:
    """A view cannot change a description (and so never the engine)."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Fetch)
    manager.enqueue(request)
    with pytest.raises(dataclasses.FrozenInstanceError):
        manager.describe_work(request.id).state = State.FAILED  # type: ignore[misc]
