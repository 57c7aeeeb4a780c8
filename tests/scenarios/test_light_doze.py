"""Light Doze ("the phone in a pocket"): short idle periods, frequent 1-minute windows.

LABELLED APPROXIMATIONS: the numbers are AOSP's DeviceIdleController light defaults
(wmkit.phone.defaults): idle 5 min, 10 min, then 15 min at a time, each followed by a
1-minute maintenance window. JobScheduler treats light idle as deep idle
(DeviceIdleJobsController: isDeviceIdleMode() || isLightDeviceIdleMode()): regular jobs
wait, expedited ones run; apps have no network outside windows (Android 7.0 behaviour
changes, "Doze": network access off, jobs and syncs deferred).
"""

from __future__ import annotations

from datetime import timedelta

from wmkit import (
    Constraints,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    StopReason,
    WorkManager,
)

from .workers import HOUR, MINUTE, State, Succeed, events_of, info_of, starts


class Thirty(Succeed):
    """Succeeds 30 seconds after it starts."""

    duration = timedelta(seconds=30)


class TwoMinutes(Succeed):
    """Succeeds two minutes after it starts."""

    duration = timedelta(minutes=2)


def pocket(manager: WorkManager) -> None:
    manager.set_device(charging=False, doze="light")


def test_regular_work_waits_for_the_first_light_window_at_five_minutes(
    manager: WorkManager,
) -> None:
    """APPROX: light Doze from 0:00; a work enqueued at 0:00 runs in the 0:05 window."""
    pocket(manager)
    request = OneTimeWorkRequest(Thirty)
    manager.enqueue(request)
    manager.advance_to(5 * MINUTE - 1)
    assert info_of(manager, request).state is State.ENQUEUED
    manager.advance_to(HOUR)
    assert starts(manager, request.id) == [5 * MINUTE]
    assert info_of(manager, request).state is State.SUCCEEDED


def test_the_windows_come_every_few_minutes(manager: WorkManager) -> None:
    """APPROX: windows open at 0:05, 0:16, 0:32, 0:48, 1:04, each for one minute."""
    pocket(manager)
    manager.advance(timedelta(hours=1, minutes=10))
    windows = [(e.millis, e.data["until_millis"]) for e in manager.trace if e.kind == "maintenance"]
    assert windows == [(m * MINUTE, (m + 1) * MINUTE) for m in (5, 16, 32, 48, 64)]
    assert all(e.data["doze"] == "light" for e in manager.trace if e.kind == "maintenance")


def test_a_run_longer_than_the_window_is_stopped_and_finishes_in_a_later_one(
    manager: WorkManager,
) -> None:
    """APPROX: a 2-minute run started at 0:05 is stopped at 0:06 (DEVICE_STATE), runs
    again in the 0:16 window, is stopped at 0:17, and so never finishes in light Doze."""
    pocket(manager)
    request = OneTimeWorkRequest(TwoMinutes)
    manager.enqueue(request)
    manager.advance_to(40 * MINUTE)
    assert starts(manager, request.id) == [5 * MINUTE, 16 * MINUTE, 32 * MINUTE]
    stops = events_of(manager, request.id, "stopped")
    assert [e.millis for e in stops] == [6 * MINUTE, 17 * MINUTE, 33 * MINUTE]
    assert {e.data["stop_reason"] for e in stops} == {StopReason.DEVICE_STATE}
    manager.set_device(charging=True)  # plugged in at 0:40: Doze ends, it runs at once
    manager.advance_to(45 * MINUTE)
    assert starts(manager, request.id)[-1] == 40 * MINUTE
    assert info_of(manager, request).state is State.SUCCEEDED


def test_no_network_outside_the_windows(manager: WorkManager) -> None:
    """APPROX: a work needing a network, due at 0:06 (just after the first window), waits
    until the next window at 0:16, where the network is back."""
    pocket(manager)
    request = (
        OneTimeWorkRequest.Builder(Thirty)
        .set_constraints(Constraints(required_network_type=NetworkType.CONNECTED))
        .set_initial_delay(timedelta(minutes=6))
        .build()
    )
    manager.enqueue(request)
    manager.advance_to(7 * MINUTE)
    assert "light Doze suspends the network" in manager.explain(request.id)
    manager.advance_to(HOUR)
    assert starts(manager, request.id) == [16 * MINUTE]


def test_expedited_work_runs_at_once_in_light_doze(manager: WorkManager) -> None:
    """Expedited work is exempt from light Doze as from deep Doze (within its quota)."""
    pocket(manager)
    request = OneTimeWorkRequest(
        Thirty, expedited=OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST
    )
    manager.enqueue(request)
    manager.advance(timedelta(seconds=31))
    assert starts(manager, request.id) == [0]
    assert info_of(manager, request).state is State.SUCCEEDED


def test_going_from_light_to_deep_starts_the_deep_schedule(manager: WorkManager) -> None:
    """APPROX: light at 0:00, deep at 0:20 (the phone was put down): a work enqueued at
    0:20 waits for deep Doze's first window, at 1:20, not light's at 0:32."""
    pocket(manager)
    manager.advance_to(20 * MINUTE)
    manager.set_device(doze="deep")
    request = OneTimeWorkRequest(Thirty)
    manager.enqueue(request)
    manager.advance_to(2 * HOUR)
    assert starts(manager, request.id) == [HOUR + 20 * MINUTE]


def test_a_light_doze_survives_a_reopened_store(tmp_path) -> None:
    """The store keeps doze='light' and when it began: the windows keep their times."""
    path = tmp_path / "pocket.wmk.json"
    wm = WorkManager(path)
    wm.set_device(charging=False, doze="light")
    wm.advance_to(3 * MINUTE)
    wm.close()
    wm = WorkManager(path)
    request = OneTimeWorkRequest(Thirty)
    wm.enqueue(request)
    wm.advance_to(HOUR)
    assert wm.device.doze == "light"
    assert starts(wm, request.id) == [5 * MINUTE]
    wm.close()


def test_true_still_means_deep_doze(manager: WorkManager) -> None:
    """set_device(doze=True), as before light Doze existed: deep Doze, first window at 1 h."""
    manager.set_device(charging=False, doze=True)
    assert manager.device.doze == "deep"
    request = OneTimeWorkRequest(Thirty)
    manager.enqueue(request)
    manager.advance_to(2 * HOUR)
    assert starts(manager, request.id) == [HOUR]
