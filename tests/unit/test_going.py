"""A plain worker's zero-duration run takes the engine's fast path (no Run object is made
unless something asks): whatever its ``do_work`` asks or does to the manager must see
and do exactly what it would for an ordinary run. Public API only, so these hold for
any engine."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from wmkit import (
    Data,
    ExistingWorkPolicy,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    StopReason,
    Worker,
    WorkManager,
)


class Reentrant(Worker):
    """A plain worker (no __init__, zero duration) that calls back into its manager."""

    manager: ClassVar[WorkManager]
    action: ClassVar[str] = "nothing"
    seen: ClassVar[list[Any]] = []
    stopped: ClassVar[list[int]] = []

    def do_work(self) -> Result:
        manager, seen = Reentrant.manager, Reentrant.seen
        info = manager.get_work_info_by_id(self.id)
        assert info is not None
        seen.append((info.state, info.run_attempt_count, self.run_attempt_count))
        if Reentrant.action == "cancel":
            manager.cancel_work_by_id(self.id)
        elif Reentrant.action == "replace":
            request = OneTimeWorkRequest.Builder(Plain).build()
            manager.enqueue_unique_work("only", ExistingWorkPolicy.REPLACE, request)
        elif Reentrant.action == "progress":
            self.set_progress({"done": 1})
            info = manager.get_work_info_by_id(self.id)
            assert info is not None
            seen.append(info.progress)
        elif Reentrant.action == "slow":
            self.duration = timedelta(seconds=5)
        return Result.success({"ok": True})

    def on_stopped(self) -> None:
        Reentrant.stopped.append(self.stop_reason)


class Plain(Worker):
    def do_work(self) -> Result:
        return Result.success()


def _manager(action: str, **options: Any) -> WorkManager:
    manager = WorkManager(**options)
    Reentrant.manager, Reentrant.action = manager, action
    Reentrant.seen, Reentrant.stopped = [], []
    return manager


def test_do_work_sees_its_own_work_running() -> None:
    manager = _manager("nothing")
    request = OneTimeWorkRequest.Builder(Reentrant).build()
    manager.enqueue(request)
    manager.advance(timedelta(0))
    assert Reentrant.seen == [(State.RUNNING, 1, 0)]
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.SUCCEEDED
    assert info.output_data == Data({"ok": True})


def test_a_work_cancelled_by_its_own_do_work_is_stopped_and_its_slot_freed() -> None:
    manager = _manager("cancel", max_concurrent_workers=1)
    first = OneTimeWorkRequest.Builder(Reentrant).build()
    second = OneTimeWorkRequest.Builder(Plain).build()
    manager.enqueue([first, second])
    manager.advance(timedelta(0))
    info = manager.get_work_info_by_id(first.id)
    assert info is not None and info.state is State.CANCELLED
    assert info.stop_reason == StopReason.CANCELLED_BY_APP
    assert Reentrant.stopped == [StopReason.CANCELLED_BY_APP]
    other = manager.get_work_info_by_id(second.id)
    assert other is not None and other.state is State.SUCCEEDED  # the one slot came back


def test_a_periodic_work_cancelled_by_its_own_do_work_never_runs_again() -> None:
    manager = _manager("cancel")
    request = PeriodicWorkRequest.Builder(Reentrant, timedelta(minutes=15)).build()
    manager.enqueue(request)
    manager.advance(timedelta(hours=1))
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.CANCELLED
    assert len(Reentrant.seen) == 1


def test_a_work_whose_do_work_deletes_its_row_has_its_result_ignored() -> None:
    manager = _manager("replace")
    request = OneTimeWorkRequest.Builder(Reentrant).build()
    manager.enqueue_unique_work("only", ExistingWorkPolicy.REPLACE, request)
    events = manager.advance(timedelta(0))
    assert manager.get_work_info_by_id(request.id) is None
    finished = [e for e in events if e.kind == "finished"]
    assert len(finished) == 1 and "result ignored" in finished[0].detail
    assert [info.state for info in manager.get_work_infos_for_unique_work("only")] == [
        State.SUCCEEDED
    ]


def test_progress_set_by_a_plain_worker_is_seen_then_cleared_when_it_succeeds() -> None:
    manager = _manager("progress")
    request = OneTimeWorkRequest.Builder(Reentrant).build()
    manager.enqueue(request)
    events = manager.advance(timedelta(0))
    assert Reentrant.seen[1] == Data({"done": 1})
    assert [e.kind for e in events if e.work_id == request.id] == [
        "started",
        "progress",
        "succeeded",
    ]
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.progress == Data.EMPTY


def test_a_do_work_that_sets_a_duration_finishes_that_much_later() -> None:
    manager = _manager("slow", max_concurrent_workers=1)
    slow = OneTimeWorkRequest.Builder(Reentrant).build()
    after = OneTimeWorkRequest.Builder(Plain).build()
    manager.enqueue([slow, after])
    manager.advance(timedelta(seconds=4))
    info = manager.get_work_info_by_id(slow.id)
    assert info is not None and info.state is State.RUNNING
    waiting = manager.get_work_info_by_id(after.id)
    assert waiting is not None and waiting.state is State.ENQUEUED  # the slot is held
    manager.advance(timedelta(seconds=1))
    info = manager.get_work_info_by_id(slow.id)
    assert info is not None and info.state is State.SUCCEEDED
    done = manager.get_work_info_by_id(after.id)
    assert done is not None and done.state is State.SUCCEEDED
