"""The phone's constraints: waiting for them, losing them mid-run (ANDROID_SEMANTICS §7, §16).

Exact behaviour from androidx.work: unmet constraints never move next_schedule_time_millis;
a run that loses its constraints is stopped once, its result ignored, its progress kept,
and it goes back to ENQUEUED with the attempt counted and lastEnqueueTime unchanged.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    Constraints,
    CoroutineWorker,
    NetworkType,
    OneTimeWorkRequest,
    Result,
    StopReason,
    WorkManager,
)

from .workers import MINUTE, SECOND, STOPPED, State, Succeed, info_of, runs_of, starts

CONNECTED = Constraints(required_network_type=NetworkType.CONNECTED)


class FiveMinutes(Succeed):
    """Succeeds five minutes after it starts."""

    duration = timedelta(minutes=5)


class Uploading(CoroutineWorker):
    """Reports 50% after one minute, then works four more minutes."""

    async def do_work(self) -> Result:
        await self.sleep(timedelta(minutes=1))
        await self.set_progress({"percent": 50})
        await self.sleep(timedelta(minutes=4))
        return Result.success({"done": True})


def test_unmet_constraint_waits_without_moving_next_schedule_time(manager: WorkManager) -> None:
    """A work whose network is missing stays ENQUEUED, due at its enqueue time (§4, §7)."""
    manager.set_device(network="none")
    request = OneTimeWorkRequest(Succeed, constraints=CONNECTED)
    manager.enqueue(request)
    manager.advance(timedelta(hours=1))
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.next_schedule_time_millis == 0
    assert info.run_attempt_count == 0


def test_work_starts_the_instant_its_constraint_holds(manager: WorkManager) -> None:
    """The scheduler starts a waiting work as soon as the device satisfies it."""
    manager.set_device(network="none")
    request = OneTimeWorkRequest(Succeed, constraints=CONNECTED)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=7))
    manager.set_device(network="cellular")
    assert info_of(manager, request).state is State.ENQUEUED  # set_device only schedules
    manager.advance(timedelta(0))
    assert starts(manager, request.id) == [7 * MINUTE]
    assert info_of(manager, request).state is State.SUCCEEDED


def test_losing_the_network_stops_the_run_once(manager: WorkManager) -> None:
    """A run losing its network is stopped once with CONSTRAINT_CONNECTIVITY (§7, §16)."""
    request = OneTimeWorkRequest(FiveMinutes, constraints=CONNECTED)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=2))
    manager.set_device(network="none")
    worker = runs_of(request.id)[0].worker
    assert [worker] == STOPPED
    assert worker.is_stopped
    assert worker.stop_reason == StopReason.CONSTRAINT_CONNECTIVITY
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.CONSTRAINT_CONNECTIVITY
    assert info.run_attempt_count == 1


def test_a_stopped_run_is_due_at_its_old_enqueue_time_plus_backoff(manager: WorkManager) -> None:
    """lastEnqueueTime is unchanged by a stop, so the rerun is due at E + backoff(1) (§7)."""
    manager.advance(timedelta(seconds=5))
    request = OneTimeWorkRequest(FiveMinutes, constraints=CONNECTED)
    manager.enqueue(request)  # E = 5 s
    manager.advance(timedelta(minutes=2))
    manager.set_device(network="none")
    assert info_of(manager, request).next_schedule_time_millis == 5 * SECOND + 30 * SECOND


def test_rerun_waits_for_backoff_when_the_network_returns_early(manager: WorkManager) -> None:
    """Back within the backoff, the rerun starts at E + 30 s, not at once (§7)."""
    request = OneTimeWorkRequest(FiveMinutes, constraints=CONNECTED)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    manager.set_device(network="none")
    manager.advance(timedelta(seconds=5))
    manager.set_device(network="wifi")
    manager.advance(timedelta(minutes=10))
    assert starts(manager, request.id) == [0, 30 * SECOND]


def test_rerun_starts_at_once_when_the_backoff_has_passed(manager: WorkManager) -> None:
    """A stop long after E is due again at once when the constraint returns (§7)."""
    request = OneTimeWorkRequest(FiveMinutes, constraints=CONNECTED)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=2))
    manager.set_device(network="none")
    manager.advance(timedelta(minutes=3))
    manager.set_device(network="wifi")
    manager.advance(timedelta(minutes=10))
    assert starts(manager, request.id) == [0, 5 * MINUTE]
    assert info_of(manager, request).state is State.SUCCEEDED


def test_each_stop_counts_as_an_attempt_and_grows_the_backoff(manager: WorkManager) -> None:
    """Two stops make run_attempt_count 2, so the next run waits E + 60 s (§3, §7)."""
    request = OneTimeWorkRequest(FiveMinutes, constraints=CONNECTED)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    manager.set_device(network="none")
    manager.advance(timedelta(seconds=40))
    manager.set_device(network="wifi")
    manager.advance(timedelta(0))  # due since 30 s: starts at 41 s
    manager.set_device(network="none")
    info = info_of(manager, request)
    assert starts(manager, request.id) == [0, 41 * SECOND]
    assert info.run_attempt_count == 2
    assert info.next_schedule_time_millis == 60 * SECOND


def test_a_stopped_runs_result_is_ignored_and_its_progress_kept(manager: WorkManager) -> None:
    """A stopped coroutine's result never applies; its progress stays (§16, §18)."""
    request = OneTimeWorkRequest(Uploading, constraints=CONNECTED)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=3))
    assert info_of(manager, request).progress.get("percent") == 50
    manager.set_device(network="none")
    manager.advance(timedelta(minutes=10))
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.progress.get("percent") == 50
    assert len(info.output_data) == 0


@pytest.mark.parametrize(
    ("constraints", "change", "reason"),
    [
        (Constraints(requires_charging=True), {"charging": False}, StopReason.CONSTRAINT_CHARGING),
        (
            Constraints(requires_battery_not_low=True),
            {"battery_low": True},
            StopReason.CONSTRAINT_BATTERY_NOT_LOW,
        ),
        (
            Constraints(requires_storage_not_low=True),
            {"storage_low": True},
            StopReason.CONSTRAINT_STORAGE_NOT_LOW,
        ),
        (
            Constraints(requires_device_idle=True),
            {"idle": False},
            StopReason.CONSTRAINT_DEVICE_IDLE,
        ),
        (
            Constraints(required_network_type=NetworkType.UNMETERED),
            {"network": "cellular"},
            StopReason.CONSTRAINT_CONNECTIVITY,
        ),
    ],
)
def test_each_lost_constraint_has_its_stop_reason(
    manager: WorkManager, constraints: Constraints, change: dict, reason: StopReason
) -> None:
    """Each constraint lost mid-run reports Android's STOP_REASON_CONSTRAINT_* (§7)."""
    manager.set_device(idle=True)
    request = OneTimeWorkRequest(FiveMinutes, constraints=constraints)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=1))
    assert info_of(manager, request).state is State.RUNNING
    manager.set_device(**change)
    assert info_of(manager, request).stop_reason == reason


@pytest.mark.parametrize(
    ("network", "needs", "runs"),
    [
        ("wifi", NetworkType.UNMETERED, True),
        ("wifi", NetworkType.METERED, False),
        ("cellular", NetworkType.UNMETERED, False),
        ("cellular", NetworkType.METERED, True),
        ("cellular", NetworkType.NOT_ROAMING, True),
        ("cellular_roaming", NetworkType.NOT_ROAMING, False),
        ("cellular_roaming", NetworkType.CONNECTED, True),
        ("wifi", NetworkType.TEMPORARILY_UNMETERED, True),
        ("none", NetworkType.CONNECTED, False),
        ("none", NetworkType.NOT_REQUIRED, True),
    ],
)
def test_network_types_match_the_simulated_networks(
    manager: WorkManager, network: str, needs: NetworkType, runs: bool
) -> None:
    """The API.md table of which network satisfies which NetworkType."""
    manager.set_device(network=network)
    request = OneTimeWorkRequest(Succeed, constraints=Constraints(required_network_type=needs))
    manager.enqueue(request)
    manager.advance(timedelta(0))
    assert (info_of(manager, request).state is State.SUCCEEDED) is runs


def test_explain_names_the_unmet_constraint_and_its_fix(manager: WorkManager) -> None:
    """explain() says which constraint is unmet and what would satisfy it."""
    manager.set_device(network="cellular")
    request = OneTimeWorkRequest(
        Succeed, constraints=Constraints(required_network_type=NetworkType.UNMETERED)
    )
    manager.enqueue(request)
    manager.advance(timedelta(0))
    text = manager.explain(request.id)
    assert "needs network UNMETERED but the network is cellular" in text
    assert "set the network to wifi" in text


def test_waiting_is_an_event_in_the_trace(manager: WorkManager) -> None:
    """A due work held back by the device records one 'waiting' event with the reason."""
    manager.set_device(charging=False)
    request = OneTimeWorkRequest(Succeed, constraints=Constraints(requires_charging=True))
    manager.enqueue(request)
    manager.advance(timedelta(minutes=5))
    waiting = [e for e in manager.trace if e.kind == "waiting"]
    assert [(e.millis, e.work_id) for e in waiting] == [(0, request.id)]
    assert "needs charging" in waiting[0].detail


def test_every_device_change_is_an_event(manager: WorkManager) -> None:
    """set_device records a 'device' event naming what changed."""
    manager.advance(timedelta(minutes=1))
    manager.set_device(network="none", battery_low=True)
    device_events = [e for e in manager.trace if e.kind == "device"]
    assert [e.millis for e in device_events] == [MINUTE]
    assert "network='none'" in device_events[0].detail
    assert "battery_low=True" in device_events[0].detail


def test_set_device_refuses_unknown_settings_and_bad_values(manager: WorkManager) -> None:
    """A typo or an impossible value is refused at the call, naming it."""
    with pytest.raises(ValueError, match="wifi_on"):
        manager.set_device(wifi_on=True)
    with pytest.raises(ValueError, match="network must be one of"):
        manager.set_device(network="5g")
    with pytest.raises(ValueError, match="standby_bucket"):
        manager.set_device(standby_bucket="sleepy")
    with pytest.raises(ValueError, match="charging"):
        manager.set_device(doze=True)  # the default device is charging
