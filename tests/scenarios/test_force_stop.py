"""Force stop, the user opening the app, and the low-memory kill, step by step.

Sources (androidx work-runtime impl/utils/ForceStopRunnable.java; aosp JobSchedulerService):
a force stop kills the process (no ``onStopped``), JobScheduler cancels the package's jobs
("app force stopped") and the package stays stopped, so nothing runs until the user opens
the app. Then ForceStopRunnable.cleanUp puts RUNNING rows back to ENQUEUED with
STOP_REASON_UNKNOWN and deletes all progress, and ``isForceStopped`` leads to
``rescheduleEligibleWork``: every unfinished work is scheduled from its stored row, so
overdue work runs at once and periodic work keeps its period. A low-memory kill keeps the
jobs: work runs again without the user.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    CoroutineWorker,
    IllegalStateError,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    StopReason,
    WorkManager,
)

from .workers import (
    DAY,
    HOUR,
    MINUTE,
    SECOND,
    OneMinute,
    State,
    Succeed,
    events_of,
    info_of,
    runs_of,
    starts,
    stop_calls,
)


class FiveMinutes(Succeed):
    """Succeeds five minutes after it starts."""

    duration = timedelta(minutes=5)


class Halfway(CoroutineWorker):
    """Reports 50 % after one minute, succeeds after two."""

    async def do_work(self) -> Result:
        await self.sleep(timedelta(minutes=1))
        await self.set_progress({"percent": 50})
        await self.sleep(timedelta(minutes=1))
        return Result.success()


def delayed(cls: type, delay: timedelta) -> OneTimeWorkRequest:
    return OneTimeWorkRequest.Builder(cls).set_initial_delay(delay).build()


def test_nothing_runs_while_force_stopped_however_long(manager: WorkManager) -> None:
    """Force-stopped at 0:01, a work due at 0:10 is still ENQUEUED a week later, never run."""
    request = delayed(Succeed, timedelta(minutes=10))
    manager.enqueue(request)
    manager.advance_to(MINUTE)
    manager.force_stop()
    assert manager.force_stopped
    manager.advance(timedelta(days=7))
    assert info_of(manager, request).state is State.ENQUEUED
    assert starts(manager, request.id) == []
    assert manager.next_event_millis() is None  # JobScheduler holds no job of the app


def test_opening_the_app_runs_overdue_work_at_once(manager: WorkManager) -> None:
    """Opened at 1 day, the work due at 0:10 starts at once, at 1 day exactly."""
    request = delayed(OneMinute, timedelta(minutes=10))
    manager.enqueue(request)
    manager.force_stop()
    manager.advance_to(DAY)
    kinds = [e.kind for e in manager.open_app()]
    assert "restart" in kinds and not manager.force_stopped
    manager.advance(timedelta(minutes=2))
    assert starts(manager, request.id) == [DAY]
    assert info_of(manager, request).state is State.SUCCEEDED


def test_work_not_yet_due_at_opening_keeps_its_time(manager: WorkManager) -> None:
    """Opened at 0:30, a work due at 2:00 still starts at 2:00, not at the opening."""
    request = delayed(Succeed, timedelta(hours=2))
    manager.enqueue(request)
    manager.force_stop()
    manager.advance_to(30 * MINUTE)
    manager.open_app()
    manager.advance_to(3 * HOUR)
    assert starts(manager, request.id) == [2 * HOUR]


def test_a_running_work_is_killed_without_on_stopped_and_counts_its_attempt(
    manager: WorkManager,
) -> None:
    """Force-stopped mid-run at 2:00: no on_stopped; ENQUEUED, UNKNOWN, attempt 1; opened
    at 3:00, it starts again from scratch (attempt 2) and succeeds at 8:00."""
    request = OneTimeWorkRequest(FiveMinutes)
    manager.enqueue(request)
    manager.advance_to(2 * MINUTE)
    manager.force_stop()
    (run,) = runs_of(request.id)
    assert stop_calls(run.worker) == 0
    info = info_of(manager, request)
    assert (info.state, info.stop_reason, info.run_attempt_count) == (
        State.ENQUEUED,
        StopReason.UNKNOWN,
        1,
    )
    manager.advance_to(3 * MINUTE)
    manager.open_app()
    manager.advance_to(10 * MINUTE)
    assert starts(manager, request.id) == [0, 3 * MINUTE]
    assert [r.run_attempt_count for r in runs_of(request.id)] == [0, 1]
    assert events_of(manager, request.id, "succeeded")[0].millis == 8 * MINUTE


def test_progress_is_deleted_when_the_app_starts_again(manager: WorkManager) -> None:
    """Progress 50 % at 1:00, force stop at 1:30: the row keeps it while stopped; the
    start at opening deletes every progress (cleanUp: workProgressDao.deleteAll)."""
    request = OneTimeWorkRequest(Halfway)
    manager.enqueue(request)
    manager.advance_to(90 * SECOND)
    manager.force_stop()
    assert info_of(manager, request).progress.get_long("percent") == 50
    manager.advance_to(2 * MINUTE)
    manager.open_app()
    assert len(info_of(manager, request).progress) == 0


def test_periodic_work_keeps_its_schedule_and_does_not_catch_up(manager: WorkManager) -> None:
    """Hourly work ran at 0:00; force-stopped 0:05 to 5:30: one run at 5:30 (not five),
    then the next period an hour after that run ended, at 6:31."""
    periodic = PeriodicWorkRequest(OneMinute, timedelta(hours=1))
    manager.enqueue(periodic)
    manager.advance_to(5 * MINUTE)
    manager.force_stop()
    manager.advance_to(5 * HOUR + 30 * MINUTE)
    manager.open_app()
    manager.advance_to(7 * HOUR)
    assert starts(manager, periodic.id) == [0, 5 * HOUR + 30 * MINUTE, 6 * HOUR + 31 * MINUTE]


def test_a_low_memory_kill_needs_no_opening(manager: WorkManager) -> None:
    """restart_app at 0:01 (a kill): the jobs survive, the work due at 0:10 runs at 0:10."""
    request = delayed(Succeed, timedelta(minutes=10))
    manager.enqueue(request)
    manager.advance_to(MINUTE)
    manager.restart_app()
    manager.advance_to(HOUR)
    assert starts(manager, request.id) == [10 * MINUTE]


def test_opening_after_a_plain_kill_only_brings_the_app_forward(manager: WorkManager) -> None:
    """After restart_app the process is back: open_app changes the foreground and the
    bucket, and reschedules nothing (no restart event); a work keeps its time."""
    manager.set_device(app_in_foreground=False, standby_bucket="rare")
    request = delayed(Succeed, timedelta(minutes=10))
    manager.enqueue(request)
    manager.restart_app()
    events = manager.open_app()
    assert [e.kind for e in events] == ["device"]
    assert (manager.device.app_in_foreground, manager.device.standby_bucket) == (True, "active")
    manager.advance_to(HOUR)
    assert starts(manager, request.id) == [10 * MINUTE]


def test_opening_the_app_ends_doze(manager: WorkManager) -> None:
    """The user opening the app turns the screen on: Doze ends and the work runs at once."""
    manager.set_device(charging=False, doze="deep")
    request = OneTimeWorkRequest(Succeed)
    manager.enqueue(request)
    manager.advance_to(10 * MINUTE)
    manager.open_app()
    manager.advance_to(11 * MINUTE)
    assert manager.device.doze is False and manager.device.app_in_foreground
    assert starts(manager, request.id) == [10 * MINUTE]


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.enqueue(OneTimeWorkRequest(Succeed)),
        lambda m: m.begin_with(OneTimeWorkRequest(Succeed)).enqueue(),
        lambda m: m.cancel_all_work(),
        lambda m: m.cancel_all_work_by_tag("x"),
        lambda m: m.prune_work(),
    ],
)
def test_the_apps_own_calls_are_refused_while_it_is_stopped(manager: WorkManager, call) -> None:
    """Enqueue, cancel, prune... are the app's code: refused, saying to open the app."""
    manager.force_stop()
    with pytest.raises(IllegalStateError, match=r"force-stopped.*open_app\(\)"):
        call(manager)
    assert manager.get_work_infos_by_tag("x") == []


def test_restart_app_is_refused_and_force_stop_is_idempotent(manager: WorkManager) -> None:
    """A stopped app has no process to kill; a second force stop changes nothing."""
    manager.force_stop()
    with pytest.raises(IllegalStateError, match="has none"):
        manager.restart_app()
    assert manager.force_stop() == []
    assert manager.force_stopped


def test_explain_says_why_nothing_runs_and_what_brings_it_back(manager: WorkManager) -> None:
    """explain names the force stop and open_app, for due and not-yet-due work."""
    soon, later = delayed(Succeed, timedelta(minutes=5)), delayed(Succeed, timedelta(hours=1))
    manager.enqueue([soon, later])
    manager.force_stop()
    manager.advance_to(10 * MINUTE)
    text = manager.explain(soon.id)
    assert "Force-stopped: the app was force-stopped at T+0d 00:00:00" in text
    assert "What brings it back: open the app (open_app())" in text
    assert "starts as soon as the clock is driven" not in text
    assert "Even when due it will not run: the app was force-stopped" in manager.explain(later.id)


def test_a_force_stop_survives_closing_and_reopening_the_store(tmp_path) -> None:
    """A force-stopped store reopens still stopped (nothing runs); open_app then runs it."""
    path = tmp_path / "app.wmk.json"
    wm = WorkManager(path)
    request = delayed(Succeed, timedelta(minutes=10))
    wm.enqueue(request)
    wm.force_stop()
    wm.close()
    wm = WorkManager(path)
    assert wm.force_stopped
    wm.advance_to(HOUR)
    assert wm.get_work_info_by_id(request.id).state is State.ENQUEUED
    wm.open_app()
    wm.advance(timedelta(seconds=1))
    assert wm.get_work_info_by_id(request.id).state is State.SUCCEEDED
    wm.close()
    assert not WorkManager(path).force_stopped


def test_rewinding_across_a_force_stop(manager: WorkManager) -> None:
    """A checkpoint taken while stopped restores a stopped app; one taken before, a live one."""
    request = delayed(Succeed, timedelta(minutes=10))
    manager.enqueue(request)
    before = manager.checkpoint()
    manager.force_stop()
    stopped = manager.checkpoint()
    manager.open_app()
    manager.restore_checkpoint(stopped)
    assert manager.force_stopped
    manager.advance_to(HOUR)
    assert starts(manager, request.id) == []
    manager.restore_checkpoint(before)
    assert not manager.force_stopped
    manager.advance_to(HOUR)
    assert starts(manager, request.id) == [10 * MINUTE]
