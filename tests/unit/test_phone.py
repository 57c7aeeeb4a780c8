"""Phone: which rules hold a work back on a given device at a given instant."""

from __future__ import annotations

from dataclasses import replace

from wmkit.enums import NetworkType, StopReason
from wmkit.phone.device import Device
from wmkit.phone.rules import Phone
from wmkit.work.constraints import Constraints

MINUTE = 60_000
HOUR = 60 * MINUTE
ON_BATTERY = Device(charging=False, app_in_foreground=False)


def test_the_default_device_restricts_nothing() -> None:
    """Charging with the app in the foreground: no Doze, no quota, the fast path."""
    phone = Phone(Device())
    assert not phone.restricting
    assert phone.regular_blocker(0, True) is None
    assert phone.expedited_in_quota(0)


def test_doze_blocks_until_the_window_and_cuts_the_network() -> None:
    """In a Doze idle period regular work waits until the window, without network."""
    phone = Phone(Device())
    phone.change(Device(charging=False, app_in_foreground=False, doze=True), 0, (0, 0))
    blocker = phone.doze_blocker(10 * MINUTE)
    assert blocker is not None
    assert (blocker.until, blocker.stop_reason) == (HOUR, StopReason.DEVICE_STATE)
    assert phone.network_for(False, 10 * MINUTE) == "none"
    assert phone.network_for(True, 10 * MINUTE) == "wifi"  # expedited keeps the network
    assert phone.doze_blocker(HOUR + MINUTE) is None
    assert phone.network_for(False, HOUR + MINUTE) == "wifi"


def test_unmet_constraint_mentions_doze_when_doze_cuts_the_network() -> None:
    """The constraint text says Doze is why the network is missing."""
    phone = Phone(Device(charging=False, app_in_foreground=False, doze=True))
    phone.doze_since = 0
    needs = Constraints(required_network_type=NetworkType.CONNECTED)
    (blocker,) = phone.constraint_blockers(needs, False, MINUTE)
    assert "Doze suspends the network" in blocker.what


def test_bucket_quota_needs_the_buffer_to_start_and_all_of_it_to_stop() -> None:
    """In 'rare', a start needs 30 s left; a running job stops at the full 10 min."""
    phone = Phone(replace(ON_BATTERY, standby_bucket="rare"))
    phone.regular.job_started(0)
    phone.regular.job_ended(9 * MINUTE + 30_000)
    assert phone.regular_blocker(10 * MINUTE, True) is None  # exactly 30 s left
    phone.regular.job_started(10 * MINUTE)
    assert phone.regular_blocker(10 * MINUTE + 29_999, False) is None
    stop = phone.regular_blocker(10 * MINUTE + 30_000, False)
    assert stop is not None and stop.stop_reason == StopReason.QUOTA
    assert phone.regular_blocker(10 * MINUTE + 1, True) is not None


def test_no_quota_while_charging_or_in_the_foreground() -> None:
    """Standby and expedited quotas apply only on battery with the app in the background."""
    for device in (Device(charging=True, app_in_foreground=False), Device(charging=False)):
        phone = Phone(device)
        assert not phone.quota_applies


def test_expedited_quota_by_bucket() -> None:
    """The expedited allowance is the AOSP default for the bucket."""
    rare = Phone(Device(charging=False, app_in_foreground=False, standby_bucket="rare"))
    active = Phone(Device(charging=False, app_in_foreground=False))
    assert rare.expedited_allowance() == 10 * MINUTE
    assert active.expedited_allowance() == 30 * MINUTE


def test_next_change_is_the_next_doze_boundary_or_quota_exhaustion() -> None:
    """The rules change by themselves at a Doze boundary or when a session uses a quota."""
    phone = Phone(Device(charging=False, app_in_foreground=False, standby_bucket="frequent"))
    phone.regular.job_started(0)
    assert phone.next_change(MINUTE) == 10 * MINUTE
    phone.change(
        Device(charging=False, app_in_foreground=False, standby_bucket="frequent", doze=True),
        2 * MINUTE,
        (1, 0),
    )
    assert phone.next_change(3 * MINUTE) == 10 * MINUTE  # before the window at 1 h 02


def test_light_doze_blocks_until_its_first_window_five_minutes_later() -> None:
    """Light Doze holds regular work 5 min (the first light idle period) and cuts the
    network meanwhile; the blocker names light Doze."""
    phone = Phone(Device())
    phone.change(Device(charging=False, app_in_foreground=False, doze="light"), 0, (0, 0))
    blocker = phone.doze_blocker(MINUTE)
    assert blocker is not None
    assert (blocker.until, blocker.stop_reason) == (5 * MINUTE, StopReason.DEVICE_STATE)
    assert "light Doze" in blocker.what
    assert phone.network_for(False, MINUTE) == "none"
    assert phone.doze_blocker(5 * MINUTE) is None  # the window
    assert phone.next_change(5 * MINUTE) == 6 * MINUTE


def test_switching_light_to_deep_starts_the_deep_schedule_then() -> None:
    """Light at 0:00, deep at 0:20: the deep idle period runs from 0:20 to 1:20."""
    phone = Phone(Device())
    light = Device(charging=False, app_in_foreground=False, doze="light")
    phone.change(light, 0, (0, 0))
    phone.change(replace(light, doze="deep"), 20 * MINUTE, (0, 0))
    assert phone.doze_since == 20 * MINUTE
    blocker = phone.doze_blocker(21 * MINUTE)
    assert blocker is not None and blocker.until == 20 * MINUTE + HOUR
    assert "deep Doze" in blocker.what


def test_a_force_stopped_app_is_held_whatever_the_device() -> None:
    """Force-stopped: restricting (no fast path), a blocker with no end and a way back."""
    phone = Phone(Device())
    assert phone.force_stop_blocker() is None
    phone.set_force_stopped(90_000)
    assert phone.restricting and phone.force_stopped
    blocker = phone.force_stop_blocker()
    assert blocker is not None
    assert (blocker.kind, blocker.until) == ("force-stopped", None)
    assert "open_app()" in blocker.fix
    phone.set_force_stopped(None)
    assert not phone.restricting and phone.force_stop_blocker() is None
