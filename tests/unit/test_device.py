"""Unit tests for wmkit.phone.device: the simulated phone's validation and its couplings."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from wmkit import WorkManager
from wmkit.errors import IllegalArgumentError
from wmkit.phone.device import (
    NETWORKS,
    STANDBY_BUCKETS,
    Device,
    apply_device_change,
    describe_change,
)

DOZING = Device(charging=False, doze=True, app_in_foreground=False)


def test_default_device_lets_everything_run() -> None:
    """The default device: wifi, charging, battery and storage fine, awake, foreground, active."""
    assert asdict(Device()) == {
        "network": "wifi",
        "charging": True,
        "battery_low": False,
        "storage_low": False,
        "idle": False,
        "doze": False,
        "app_in_foreground": True,
        "standby_bucket": "active",
    }


def test_the_documented_networks_and_buckets() -> None:
    """Networks are none/wifi/cellular/cellular_roaming; buckets Android's five."""
    assert NETWORKS == ("none", "wifi", "cellular", "cellular_roaming")
    assert STANDBY_BUCKETS == ("active", "working_set", "frequent", "rare", "restricted")


def test_unknown_network_is_refused() -> None:
    """Device(network='5g') is refused, listing the four networks."""
    with pytest.raises(IllegalArgumentError) as caught:
        Device(network="5g")
    assert str(caught.value) == (
        "network must be one of 'none', 'wifi', 'cellular', 'cellular_roaming', got '5g'."
    )


def test_unknown_bucket_is_refused() -> None:
    """Device(standby_bucket='never') is refused, naming the bucket."""
    with pytest.raises(IllegalArgumentError, match=r"standby_bucket must be one of .* got 'never'"):
        Device(standby_bucket="never")


@pytest.mark.parametrize(
    "field", ["charging", "battery_low", "storage_low", "idle", "app_in_foreground"]
)
def test_boolean_fields_must_be_bools(field: str) -> None:
    """A flag given 0 instead of False is refused, naming the field."""
    with pytest.raises(IllegalArgumentError) as caught:
        Device(**{field: 0})  # type: ignore[arg-type]
    assert str(caught.value) == f"Device.{field} must be True or False, got 0."


def test_a_charging_device_cannot_be_in_doze() -> None:
    """Device(doze=True) with the default charging=True is refused."""
    with pytest.raises(IllegalArgumentError, match="A charging phone does not enter Doze"):
        Device(doze=True)


def test_entering_doze_turns_the_app_out_of_the_foreground() -> None:
    """set charging=False, doze=True: Doze on and app_in_foreground becomes False."""
    device = apply_device_change(Device(), {"charging": False, "doze": True})
    assert (device.doze, device.app_in_foreground, device.charging) == ("deep", False, False)


def test_entering_doze_on_battery_needs_no_charging_key() -> None:
    """A device already on battery enters Doze with doze=True alone, leaving the foreground."""
    device = apply_device_change(Device(charging=False), {"doze": True})
    assert (device.doze, device.app_in_foreground) == ("deep", False)


def test_plugging_in_ends_doze() -> None:
    """charging=True on a dozing device ends Doze; the screen stays off."""
    device = apply_device_change(DOZING, {"charging": True})
    assert (device.charging, device.doze, device.app_in_foreground) == (True, False, False)


def test_screen_on_ends_doze() -> None:
    """app_in_foreground=True on a dozing device ends Doze."""
    device = apply_device_change(DOZING, {"app_in_foreground": True})
    assert (device.doze, device.app_in_foreground) == (False, True)


def test_doze_false_leaves_doze() -> None:
    """doze=False leaves Doze and changes nothing else."""
    assert apply_device_change(DOZING, {"doze": False}) == Device(
        charging=False, app_in_foreground=False
    )


def test_doze_and_charging_together_are_refused() -> None:
    """set_device(doze=True, charging=True) is refused whatever the device."""
    for device in (Device(), Device(charging=False), DOZING):
        with pytest.raises(IllegalArgumentError) as caught:
            apply_device_change(device, {"doze": True, "charging": True})
        assert str(caught.value) == (
            "A charging phone does not enter Doze: pass charging=False with doze=True."
        )


def test_doze_on_a_charging_device_is_refused() -> None:
    """doze=True alone on a charging device is refused, suggesting charging=False."""
    with pytest.raises(IllegalArgumentError) as caught:
        apply_device_change(Device(), {"doze": True})
    assert "use set_device(charging=False, doze=True)" in str(caught.value)


def test_entering_doze_in_the_foreground_is_refused() -> None:
    """doze=True with app_in_foreground=True is refused: Doze needs the screen off."""
    with pytest.raises(IllegalArgumentError, match="Doze needs the screen off"):
        apply_device_change(Device(charging=False), {"doze": True, "app_in_foreground": True})


def test_staying_in_doze_in_the_foreground_is_refused_too() -> None:
    """doze=True, app_in_foreground=True is refused on a dozing device as on an awake one."""
    with pytest.raises(IllegalArgumentError, match="Doze needs the screen off"):
        apply_device_change(DOZING, {"doze": True, "app_in_foreground": True})


def test_unknown_keys_are_refused_by_name() -> None:
    """A typo is refused, listing the unknown names sorted and every known setting."""
    with pytest.raises(IllegalArgumentError) as caught:
        apply_device_change(Device(), {"netwrk": "none", "charge": True})
    assert str(caught.value) == (
        "set_device() got unknown setting(s) charge, netwrk; the device has app_in_foreground, "
        "battery_low, charging, doze, idle, network, standby_bucket, storage_low."
    )


def test_plain_changes_apply_as_given() -> None:
    """Changes without couplings are applied field by field; the old device is unchanged."""
    old = Device()
    new = apply_device_change(old, {"network": "cellular_roaming", "battery_low": True})
    assert (new.network, new.battery_low) == ("cellular_roaming", True)
    assert old == Device()


def test_a_changed_value_is_validated() -> None:
    """set_device(network='lte') is refused by Device's own check."""
    with pytest.raises(IllegalArgumentError, match="network must be one of"):
        apply_device_change(Device(), {"network": "lte"})


def test_describe() -> None:
    """describe() reads as one line: network, power, flags, foreground, bucket."""
    assert Device().describe() == "network wifi, charging, app in foreground, bucket active"
    busy = Device(
        network="none",
        charging=False,
        battery_low=True,
        storage_low=True,
        idle=True,
        doze=True,
        app_in_foreground=False,
        standby_bucket="rare",
    )
    assert busy.describe() == (
        "network none, on battery, battery low, storage low, idle, in deep Doze, app in "
        "background, bucket rare"
    )


def test_manager_set_device_records_only_what_changed() -> None:
    """set_device emits one 'device' event naming each changed field; a no-op emits none."""
    manager = WorkManager()
    events = manager.set_device(network="none", charging=True)
    assert [(e.kind, e.detail) for e in events] == [("device", "network='none'")]
    assert manager.set_device(network="none") == []
    assert manager.device.network == "none"


# ------------------------------------------------------------------ light and deep Doze


@pytest.mark.parametrize(
    ("given", "stored"), [(False, False), (True, "deep"), ("deep", "deep"), ("light", "light")]
)
def test_doze_is_off_light_or_deep(given: object, stored: object) -> None:
    """doze takes False, "light" or "deep"; True is read as "deep" (as before light Doze)."""
    device = Device(charging=False, app_in_foreground=False, doze=given)  # type: ignore[arg-type]
    assert device.doze == stored
    assert device.doze_mode == (stored or None)


def test_true_and_deep_are_the_same_device() -> None:
    """Device(doze=True) equals Device(doze="deep"), so a store or a checkpoint compares equal."""
    assert Device(charging=False, app_in_foreground=False, doze="deep") == DOZING


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("lite", ""),
        ("Light", " (lower case: 'light')"),
        ("off", " (False turns Doze off)"),
        (None, " (False turns Doze off)"),
        (1, ""),
        (0, ""),
    ],
)
def test_a_bad_doze_value_is_refused_saying_what_is_allowed(value: object, hint: str) -> None:
    """doze="lite", 1, None... are refused, naming the three values (and a hint when one fits)."""
    with pytest.raises(IllegalArgumentError) as caught:
        Device(charging=False, app_in_foreground=False, doze=value)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"Device.doze must be False, 'light' or 'deep' (True means 'deep'), got {value!r}{hint}."
    )


def test_a_bad_doze_value_is_named_before_any_coupling() -> None:
    """set_device(doze="lite") on a charging phone names the bad value, not the charger."""
    with pytest.raises(
        IllegalArgumentError, match=r"Device\.doze must be False, 'light' or 'deep'"
    ):
        apply_device_change(Device(), {"doze": "lite"})


def test_light_doze_has_the_same_couplings_as_deep() -> None:
    """doze="light" turns the screen off; the charger or the screen ends it; charging refuses it."""
    light = apply_device_change(Device(charging=False), {"doze": "light"})
    assert (light.doze, light.app_in_foreground) == ("light", False)
    assert apply_device_change(light, {"charging": True}).doze is False
    assert apply_device_change(light, {"app_in_foreground": True}).doze is False
    with pytest.raises(IllegalArgumentError, match=r"doze='light'\)"):
        apply_device_change(Device(), {"doze": "light"})


def test_switching_between_light_and_deep() -> None:
    """A phone in light Doze can go deep (it stops moving) and back; the screen stays off."""
    light = apply_device_change(Device(charging=False), {"doze": "light"})
    deep = apply_device_change(light, {"doze": "deep"})
    assert (deep.doze, deep.app_in_foreground) == ("deep", False)
    assert apply_device_change(deep, {"doze": "light"}).doze == "light"
    assert describe_change(light, deep) == "doze='deep'"
