"""Doze, App Standby buckets and expedited quotas (ANDROID_SEMANTICS §15, §21).

LABELLED APPROXIMATIONS: Doze windows and quota sizes are AOSP defaults
(wmkit.phone.defaults), which device makers change. The tests pin wmkit's model:
deep Doze idle 1 h, window 5 min, idle 2 h, window 10 min, ...; 10 minutes of regular
job time per bucket window on battery; expedited quota per 24 h by bucket; a job starts
only with 30 s of quota left.
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

from .workers import HOUR, MINUTE, SECOND, State, Succeed, info_of, starts


class TwoMinutes(Succeed):
    """Succeeds two minutes after it starts."""

    duration = timedelta(minutes=2)


class SixMinutes(Succeed):
    """Succeeds six minutes after it starts."""

    duration = timedelta(minutes=6)


RUN_AS_REGULAR = OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST


def on_battery_in_background(manager: WorkManager, **more: object) -> None:
    manager.set_device(charging=False, app_in_foreground=False, **more)


def test_doze_defers_regular_work_to_the_first_maintenance_window(manager: WorkManager) -> None:
    """APPROX: entering Doze at 0, regular work waits for the window at 1 h (§21)."""
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(TwoMinutes)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=59))
    assert info_of(manager, request).state is State.ENQUEUED
    manager.advance(timedelta(minutes=5))
    assert starts(manager, request.id) == [HOUR]
    assert info_of(manager, request).state is State.SUCCEEDED


def test_doze_windows_follow_the_aosp_schedule(manager: WorkManager) -> None:
    """APPROX: maintenance windows at 1 h (5 min), 3 h 05 (10 min), 7 h 15, 13 h 25 (§21)."""
    manager.set_device(charging=False, doze=True)
    manager.advance(timedelta(hours=14))
    windows = [e.millis for e in manager.trace if e.kind == "maintenance"]
    assert windows == [HOUR, 3 * HOUR + 5 * MINUTE, 7 * HOUR + 15 * MINUTE, 13 * HOUR + 25 * MINUTE]
    idles = [e.millis for e in manager.trace if e.kind == "doze"]
    assert idles[:3] == [0, HOUR + 5 * MINUTE, 3 * HOUR + 15 * MINUTE]


def test_regular_work_running_when_idle_begins_is_stopped(manager: WorkManager) -> None:
    """APPROX: a regular run still going when the window closes stops with DEVICE_STATE."""
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(SixMinutes)
    manager.enqueue(request)
    manager.advance(timedelta(hours=1, minutes=6))
    info = info_of(manager, request)
    assert starts(manager, request.id) == [HOUR]
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.DEVICE_STATE


def test_entering_doze_stops_running_regular_work(manager: WorkManager) -> None:
    """A regular run at Doze entry is stopped with STOP_REASON_DEVICE_STATE (§21)."""
    request = OneTimeWorkRequest(SixMinutes)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=1))
    manager.set_device(charging=False, doze=True)
    assert info_of(manager, request).stop_reason == StopReason.DEVICE_STATE


def test_doze_suspends_the_network_outside_windows(manager: WorkManager) -> None:
    """A network-constrained work waits for a window even on wifi (§21)."""
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(
        Succeed, constraints=Constraints(required_network_type=NetworkType.CONNECTED)
    )
    manager.enqueue(request)
    manager.advance(timedelta(hours=2))
    assert starts(manager, request.id) == [HOUR]


def test_charging_ends_doze_and_due_work_runs_at_once(manager: WorkManager) -> None:
    """Plugging in ends Doze immediately; waiting work starts at that instant (§21)."""
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(Succeed)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=20))
    manager.set_device(charging=True)
    assert manager.device.doze is False
    manager.advance(timedelta(0))
    assert starts(manager, request.id) == [20 * MINUTE]


def test_screen_on_ends_doze(manager: WorkManager) -> None:
    """Bringing the app to the foreground (screen on) ends Doze."""
    manager.set_device(charging=False, doze=True)
    manager.set_device(app_in_foreground=True)
    assert manager.device.doze is False


def test_expedited_work_is_not_deferred_by_doze_within_quota(manager: WorkManager) -> None:
    """Expedited work runs in Doze, network included, while in quota (§15)."""
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(
        TwoMinutes,
        expedited=RUN_AS_REGULAR,
        constraints=Constraints(required_network_type=NetworkType.CONNECTED),
    )
    manager.enqueue(request)
    manager.advance(timedelta(minutes=5))
    assert starts(manager, request.id) == [0]
    assert info_of(manager, request).state is State.SUCCEEDED


def test_explain_names_doze_and_the_next_window(manager: WorkManager) -> None:
    """explain() says Doze holds the work and when the next window opens."""
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(Succeed)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=10))
    text = manager.explain(request.id)
    assert "deep Doze" in text
    assert "T+0d 01:00:00" in text


def test_rare_bucket_allows_ten_minutes_then_stops_with_quota(manager: WorkManager) -> None:
    """APPROX: in 'rare', regular work gets 10 min per 24 h; past it, QUOTA (§21)."""
    on_battery_in_background(manager, standby_bucket="rare")
    first, second = OneTimeWorkRequest(SixMinutes), OneTimeWorkRequest(SixMinutes)
    manager.enqueue(first)
    manager.advance(timedelta(minutes=6))
    manager.enqueue(second)
    manager.advance(timedelta(minutes=5))
    info = info_of(manager, second)
    assert starts(manager, second.id) == [6 * MINUTE]
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.QUOTA
    assert [e.millis for e in manager.trace if e.kind == "stopped"] == [10 * MINUTE]


def test_quota_frees_up_when_old_time_leaves_the_window(manager: WorkManager) -> None:
    """APPROX: work waiting on quota runs once enough old time left the 24 h window."""
    on_battery_in_background(manager, standby_bucket="rare")
    first, second = OneTimeWorkRequest(SixMinutes), OneTimeWorkRequest(TwoMinutes)
    manager.enqueue(first)
    manager.advance(timedelta(minutes=6))
    manager.enqueue(OneTimeWorkRequest(SixMinutes))  # uses the last 4 min, then stopped
    manager.advance(timedelta(minutes=5))
    manager.enqueue(second)
    manager.advance(timedelta(hours=25))
    # 10 min used from 0 to 10 min; a start needs 30 s left: at 24 h + 30 s.
    assert starts(manager, second.id) == [24 * HOUR + 30 * SECOND]


def test_charging_lifts_the_bucket_limit(manager: WorkManager) -> None:
    """Standby limits apply only on battery: plugging in lets waiting work run (§21)."""
    on_battery_in_background(manager, standby_bucket="rare")
    manager.enqueue(OneTimeWorkRequest(SixMinutes))
    manager.advance(timedelta(minutes=6))
    late = OneTimeWorkRequest(SixMinutes)
    manager.enqueue(late)
    manager.advance(timedelta(minutes=10))
    assert info_of(manager, late).stop_reason == StopReason.QUOTA
    manager.set_device(charging=True)
    manager.advance(timedelta(minutes=10))
    assert info_of(manager, late).state is State.SUCCEEDED


def test_active_bucket_has_no_limit(manager: WorkManager) -> None:
    """The active bucket runs regular work without a quota."""
    on_battery_in_background(manager, standby_bucket="active")
    requests = [OneTimeWorkRequest(SixMinutes) for _ in range(3)]
    manager.enqueue(requests)
    manager.advance(timedelta(minutes=6))
    assert all(info_of(manager, r).state is State.SUCCEEDED for r in requests)


def test_restricted_bucket_runs_one_session_a_day(manager: WorkManager) -> None:
    """APPROX: 'restricted' allows one session per 24 h: a later work waits a day."""
    on_battery_in_background(manager, standby_bucket="restricted")
    first, later = OneTimeWorkRequest(TwoMinutes), OneTimeWorkRequest(TwoMinutes)
    manager.enqueue(first)
    manager.advance(timedelta(minutes=5))
    manager.enqueue(later)
    manager.advance(timedelta(days=2))
    assert starts(manager, first.id) == [0]
    assert starts(manager, later.id) == [24 * HOUR]


def test_expedited_quota_by_bucket_then_runs_as_regular(manager: WorkManager) -> None:
    """APPROX: 'rare' has 10 min of expedited time per 24 h; beyond it,
    RUN_AS_NON_EXPEDITED_WORK_REQUEST runs the work as regular work (§15)."""
    on_battery_in_background(manager, standby_bucket="rare", doze=True)
    first = OneTimeWorkRequest(SixMinutes, expedited=RUN_AS_REGULAR)
    second = OneTimeWorkRequest(SixMinutes, expedited=RUN_AS_REGULAR)
    manager.enqueue(first)
    manager.advance(timedelta(minutes=6))
    manager.enqueue(second)
    manager.advance(timedelta(minutes=1))
    assert starts(manager, first.id) == [0]
    assert starts(manager, second.id) == [6 * MINUTE]  # 4 min of quota left: expedited
    manager.advance(timedelta(minutes=10))
    info = info_of(manager, second)
    assert info.state is State.ENQUEUED  # stopped at 10 min used, then a retry: regular
    assert info.stop_reason == StopReason.QUOTA
    assert [e.millis for e in manager.trace if e.kind == "stopped"] == [10 * MINUTE]


def test_out_of_expedited_quota_regular_work_waits_for_doze_window(manager: WorkManager) -> None:
    """APPROX: run as regular work, an out-of-quota request is deferred by Doze (§15)."""
    on_battery_in_background(manager, standby_bucket="restricted", doze=True)
    first = OneTimeWorkRequest(SixMinutes, expedited=RUN_AS_REGULAR)
    manager.enqueue(first)
    manager.advance(timedelta(minutes=6))  # 5 expedited minutes per day: stopped at 5 min
    assert info_of(manager, first).stop_reason == StopReason.QUOTA
    late = OneTimeWorkRequest(TwoMinutes, expedited=RUN_AS_REGULAR)
    manager.enqueue(late)
    manager.advance(timedelta(minutes=1))
    assert starts(manager, late.id) == []
    text = manager.explain(late.id)
    assert "Expedited quota" in text and "runs as regular work" in text
    assert "deep Doze" in text
    manager.advance(timedelta(hours=1))
    assert starts(manager, late.id) == [HOUR]
    assert starts(manager, first.id) == [0, HOUR]


def test_drop_work_request_drops_out_of_quota_expedited_work(manager: WorkManager) -> None:
    """Out of expedited quota with DROP_WORK_REQUEST, JobScheduler never runs it (§15)."""
    on_battery_in_background(manager, standby_bucket="restricted")
    manager.enqueue(OneTimeWorkRequest(SixMinutes, expedited=OutOfQuotaPolicy.DROP_WORK_REQUEST))
    manager.advance(timedelta(minutes=6))
    dropped = OneTimeWorkRequest(Succeed, expedited=OutOfQuotaPolicy.DROP_WORK_REQUEST)
    manager.enqueue(dropped)
    manager.advance(timedelta(days=2))
    assert starts(manager, dropped.id) == []
    assert info_of(manager, dropped).state is State.ENQUEUED
    kinds = [e.kind for e in manager.trace if e.work_id == dropped.id]
    assert kinds == ["enqueued", "dropped", "waiting"]
    assert "Dropped" in manager.explain(dropped.id)


def test_foreground_app_has_no_expedited_quota(manager: WorkManager) -> None:
    """With the app in the foreground, expedited work never runs out of quota (§15)."""
    manager.set_device(charging=False, standby_bucket="restricted")  # still in foreground
    requests = [
        OneTimeWorkRequest(SixMinutes, expedited=OutOfQuotaPolicy.DROP_WORK_REQUEST)
        for _ in range(3)
    ]
    manager.enqueue(requests)
    manager.advance(timedelta(minutes=6))
    assert all(info_of(manager, r).state is State.SUCCEEDED for r in requests)


def test_retries_are_never_expedited(manager: WorkManager) -> None:
    """A stopped expedited run reruns as regular work, so Doze defers it (§15)."""
    manager.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(
        SixMinutes,
        expedited=RUN_AS_REGULAR,
        constraints=Constraints(requires_storage_not_low=True),
    )
    manager.enqueue(request)
    manager.advance(timedelta(minutes=1))
    manager.set_device(storage_low=True)  # stopped: attempt 1 counted
    manager.set_device(storage_low=False)
    manager.advance(timedelta(minutes=59))
    assert starts(manager, request.id) == [0, HOUR]
