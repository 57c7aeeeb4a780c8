"""Unit tests for wmkit.manager.explain: each reason a work waits, in the words a student reads."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

from tinydb import TinyDB

from wmkit import (
    Constraints,
    ExistingWorkPolicy,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    Worker,
    WorkManager,
)


class Slow(Worker):
    """Succeeds 10 s after it starts."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


class Retry(Worker):
    """Asks for a retry every time."""

    def do_work(self) -> Result:
        return Result.retry()


class Boom(Worker):
    """Raises from do_work."""

    def do_work(self) -> Result:
        raise RuntimeError("upload exploded: HTTP 503")


class Named(Worker):
    """Succeeds at once with output {'url': 'u'}."""

    def do_work(self) -> Result:
        return Result.success({"url": "u"})


def lines(manager: WorkManager, request: object) -> list[str]:
    return manager.explain(request.id).splitlines()  # type: ignore[attr-defined]


def test_headline_names_worker_kind_state_time_and_attempts() -> None:
    """The first line: class, short id, kind, unique name, state, now and attempts."""
    manager = WorkManager(start_millis=61_000)
    request = OneTimeWorkRequest(Slow)
    manager.enqueue_unique_work("sync", ExistingWorkPolicy.KEEP, request)
    assert lines(manager, request)[0] == (
        f"Slow {str(request.id)[:8]} (one-time, unique name 'sync') is ENQUEUED at "
        "T+0d 00:01:01; run attempts so far: 0."
    )


def test_initial_delay() -> None:
    """A delayed work says when its initial delay ends."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Slow, initial_delay=timedelta(minutes=5))
    manager.enqueue(request)
    assert "- Not due yet: its initial delay of 5m ends at T+0d 00:05:00." in lines(
        manager, request
    )


def test_backoff_until() -> None:
    """A retried work says it backs off, with policy, base and the instant it ends."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Retry)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=5))
    assert (
        "- Not due yet: backing off after 1 attempt(s) (EXPONENTIAL, base 30s) until "
        "T+0d 00:00:30." in lines(manager, request)
    )


def test_flex_window() -> None:
    """A periodic work with flex says when the flex window of its first period opens."""
    manager = WorkManager()
    request = PeriodicWorkRequest(Slow, timedelta(hours=1), timedelta(minutes=15))
    manager.enqueue(request)
    explained = lines(manager, request)
    assert explained[0].endswith(
        "(periodic every 1h (flex 15m)) is ENQUEUED at T+0d 00:00:00; run attempts so far: 0."
    )
    assert (
        "- Not due yet: the flex window of its first period opens at T+0d 00:45:00 "
        "(the last 15m of the 1h interval)." in explained
    )


def test_next_period() -> None:
    """After a period ran, it says when the next period starts."""
    manager = WorkManager()
    request = PeriodicWorkRequest(Named, timedelta(minutes=15))
    manager.enqueue(request)
    manager.advance(timedelta(minutes=1))
    assert (
        "- Not due yet: period 2 starts at T+0d 00:15:00, one interval after the previous run "
        "finished." in lines(manager, request)
    )


def test_override() -> None:
    """A periodic work with an override says the override runs it then."""
    manager = WorkManager()
    request = PeriodicWorkRequest(Slow, timedelta(hours=1), next_schedule_time_override=7_000)
    manager.enqueue(request)
    assert "- Not due yet: its next-schedule-time override runs it at T+0d 00:00:07." in lines(
        manager, request
    )


def test_blocked_by_a_prerequisite_by_name() -> None:
    """A BLOCKED work names each unfinished prerequisite by class, short id and state."""
    manager = WorkManager()
    first = OneTimeWorkRequest(Slow)
    second = OneTimeWorkRequest(Named, initial_delay=timedelta(minutes=2))
    manager.begin_with(first).then(second).enqueue()
    manager.advance(timedelta(seconds=1))
    assert lines(manager, second)[1:] == [
        f"- Blocked by prerequisite Slow {str(first.id)[:8]}, which is RUNNING; it becomes "
        "ENQUEUED when every prerequisite has SUCCEEDED.",
        "- Its initial delay of 2m will count from the moment it is unblocked.",
    ]


def test_constraint_unmet_with_its_fix() -> None:
    """A due work whose network is missing names the constraint and the network to set."""
    manager = WorkManager()
    manager.set_device(network="cellular")
    request = OneTimeWorkRequest(
        Slow, constraints=Constraints(required_network_type=NetworkType.UNMETERED)
    )
    manager.enqueue(request)
    manager.advance(timedelta(0))
    explained = manager.explain(request.id)
    assert "- Due since T+0d 00:00:00." in explained
    assert "Constraint unmet: it needs network UNMETERED but the network is cellular." in explained
    assert "set the network to wifi." in explained


def test_waiting_for_a_worker_slot() -> None:
    """A due work held only by busy slots says how many of max_concurrent_workers are busy."""
    manager = WorkManager(max_concurrent_workers=1)
    busy, waiting = OneTimeWorkRequest(Slow), OneTimeWorkRequest(Slow)
    manager.enqueue([busy, waiting])
    manager.advance(timedelta(seconds=1))
    assert lines(manager, waiting)[1:] == [
        "- Due since T+0d 00:00:00.",
        "- Waiting for a free worker slot: 1 of 1 (max_concurrent_workers) are busy; it starts "
        "when one finishes.",
    ]


def test_due_and_free_starts_when_driven() -> None:
    """A due work with nothing holding it says it starts when the clock is driven."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Slow)
    manager.enqueue(request)
    assert lines(manager, request)[1:] == [
        "- Due since T+0d 00:00:00.",
        "- It starts as soon as the clock is driven (advance or step).",
    ]


def test_running_since() -> None:
    """A RUNNING work says since when and which attempt."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Slow)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=3))
    assert lines(manager, request)[1:] == ["- It is running since T+0d 00:00:00 (attempt 1)."]


def test_stopped_run_counts_as_attempt() -> None:
    """A run stopped by a lost constraint is explained with its stop reason and backoff."""
    manager = WorkManager()
    request = OneTimeWorkRequest(
        Slow, constraints=Constraints(required_network_type=NetworkType.CONNECTED)
    )
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    manager.set_device(network="none")
    assert (
        "- Its last run was stopped (CONSTRAINT_CONNECTIVITY); stopped runs count as attempts, "
        "and the next one waits for the backoff from its last enqueue time T+0d 00:00:00."
        in lines(manager, request)
    )


def test_failure_traceback() -> None:
    """A work whose do_work raised shows the exception and its traceback, indented."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Boom)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    explained = manager.explain(request.id)
    assert explained.splitlines()[1:3] == [
        "- It FAILED; failed work never runs again, and its dependents failed with it.",
        "- The failure:",
    ]
    assert "    Boom.do_work raised RuntimeError: upload exploded: HTTP 503" in explained
    assert "    Traceback (most recent call last):" in explained
    assert 'raise RuntimeError("upload exploded: HTTP 503")' in explained


def test_failed_because_a_prerequisite_failed() -> None:
    """A dependent failed by cascade says it never ran and names the failed prerequisite."""
    manager = WorkManager()
    first, second = OneTimeWorkRequest(Boom), OneTimeWorkRequest(Slow)
    manager.begin_with(first).then(second).enqueue()
    manager.advance(timedelta(0))
    assert lines(manager, second)[1:] == [
        "- It FAILED; failed work never runs again, and its dependents failed with it.",
        f"- It never ran: its prerequisite Boom {str(first.id)[:8]} failed.",
    ]


def test_succeeded_with_output_and_cancelled_while_running() -> None:
    """SUCCEEDED shows its output; a work cancelled while running says its worker was stopped."""
    manager = WorkManager()
    done, running = OneTimeWorkRequest(Named), OneTimeWorkRequest(Slow)
    manager.enqueue([done, running])
    manager.advance(timedelta(seconds=1))
    manager.cancel_work_by_id(running.id)
    assert lines(manager, done)[1:] == [
        "- It finished successfully with output Data({'url': 'u'}). Finished work never runs again."
    ]
    assert lines(manager, running)[1:] == [
        "- It was cancelled while it was running (its worker was stopped: CANCELLED_BY_APP). "
        "Cancelled work never runs again."
    ]


def test_deleted_work() -> None:
    """A pruned (or never enqueued) work is explained as not stored, listing the causes."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Named)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    manager.prune_work()
    expected = (
        f"No work with id {request.id} is stored: it was never enqueued, or its row was "
        "deleted (REPLACE, KEEP over finished work, APPEND_OR_REPLACE, or pruning)."
    )
    assert manager.explain(request.id) == expected
    stranger = uuid.UUID(int=5)
    assert manager.explain(stranger).startswith(f"No work with id {stranger} is stored")


def test_missing_worker_class_after_reopen(tmp_path: Path) -> None:
    """A stored work whose class this process never defined says to run the defining cell."""
    path = tmp_path / "lesson.wmk.json"
    with WorkManager(path) as manager:
        request = OneTimeWorkRequest(Slow)
        manager.enqueue(request)
    # The file as a notebook from another session left it: a class only that kernel defined.
    with TinyDB(path) as db:
        db.table("works").update({"w": "lesson_cell.Vanished"})
    with WorkManager(path) as reopened:
        reopened.advance(timedelta(seconds=1))
        explained = reopened.explain(request.id)
    assert explained.startswith(f"Vanished {str(request.id)[:8]} (one-time) is ENQUEUED")
    assert (
        "- Its worker class lesson_cell.Vanished is not defined in this process (the kernel "
        "restarted?). Run the cell that defines it, then drive the clock." in explained
    )
