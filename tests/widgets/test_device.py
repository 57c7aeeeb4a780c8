"""``DevicePanel`` driven headless: each control calls ``set_device``; refusals show."""

from __future__ import annotations

from datetime import timedelta

from wmkit import Constraints, NetworkType, OneTimeWorkRequest, WorkManager
from wmkit.widgets import DevicePanel

from .workers import Slow


def test_every_device_field_has_a_real_widget(manager: WorkManager) -> None:
    """Network, charging, battery, storage, idle, Doze, foreground and bucket are controls."""
    panel = DevicePanel(manager)
    assert set(panel.controls) >= {
        "network",
        "charging",
        "battery_low",
        "storage_low",
        "idle",
        "doze",
        "app_in_foreground",
        "standby_bucket",
    }
    assert panel.controls["network"].value == "wifi"
    assert panel.controls["charging"].value is True


def test_choosing_no_network_changes_the_device(manager: WorkManager) -> None:
    """Setting the dropdown calls ``set_device(network=...)``."""
    panel = DevicePanel(manager)
    panel.controls["network"].value = "none"
    assert manager.device.network == "none"
    assert manager.trace[-1].kind == "device"


def test_losing_the_network_stops_a_running_work(manager: WorkManager) -> None:
    """A work needing a network is stopped when the panel turns the network off."""
    request = OneTimeWorkRequest(
        Slow, constraints=Constraints(required_network_type=NetworkType.CONNECTED)
    )
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    DevicePanel(manager).controls["network"].value = "none"
    assert manager.get_work_info_by_id(request.id).state.name == "ENQUEUED"


def test_a_refused_change_is_shown_not_raised(manager: WorkManager) -> None:
    """Doze while charging is refused: the panel shows why and the menu goes back to off."""
    panel = DevicePanel(manager)
    panel.controls["doze"].value = "deep"
    assert manager.device.doze is False
    assert panel.controls["doze"].value is False
    assert "was refused" in panel.message.value and "charging" in panel.message.value


def test_the_panel_keeps_working_after_a_refusal(manager: WorkManager) -> None:
    """After a refusal, unplugging then entering Doze works, and the message clears."""
    panel = DevicePanel(manager)
    panel.controls["doze"].value = "deep"
    panel.controls["charging"].value = False
    panel.controls["doze"].value = "deep"
    assert manager.device.doze == "deep"
    assert panel.message.value == ""


def test_doze_offers_off_light_and_deep(manager: WorkManager) -> None:
    """The Doze menu is off / light / deep; choosing light puts the phone in light Doze."""
    panel = DevicePanel(manager)
    doze = panel.controls["doze"]
    assert [value for _, value in doze.options] == [False, "light", "deep"]
    panel.controls["charging"].value = False
    doze.value = "light"
    assert manager.device.doze == "light"
    manager.set_device(doze=True)  # True from code is deep Doze: the menu follows
    assert doze.value == "deep"


def test_couplings_made_by_the_engine_show_in_the_controls(manager: WorkManager) -> None:
    """Entering Doze turns the screen off: the foreground box follows the engine."""
    panel = DevicePanel(manager)
    panel.controls["charging"].value = False
    panel.controls["doze"].value = "deep"
    assert panel.controls["app_in_foreground"].value is False


def test_force_stop_and_open_app_buttons(manager: WorkManager) -> None:
    """Force stop stops the app (its button greys out, the summary says so, nothing runs);
    Open app brings it back and the overdue work runs at once."""
    request = OneTimeWorkRequest.Builder(Slow).set_initial_delay(timedelta(minutes=1)).build()
    manager.enqueue(request)
    panel = DevicePanel(manager)
    panel.force_stop_button.click()
    assert manager.force_stopped
    assert panel.force_stop_button.disabled and not panel.open_app_button.disabled
    assert "force-stopped" in panel.summary.value
    manager.advance(timedelta(hours=1))
    assert manager.get_work_info_by_id(request.id).state.name == "ENQUEUED"
    panel.open_app_button.click()
    assert not manager.force_stopped and not panel.force_stop_button.disabled
    manager.advance(timedelta(seconds=1))
    assert manager.get_work_info_by_id(request.id).state.name == "RUNNING"
    assert panel.message.value == ""


def test_changes_made_in_code_update_the_panel(manager: WorkManager) -> None:
    """``manager.set_device`` from a cell is reflected in the controls."""
    panel = DevicePanel(manager)
    manager.set_device(network="cellular", standby_bucket="rare")
    assert panel.controls["network"].value == "cellular"
    assert panel.controls["standby_bucket"].value == "rare"
    assert "cellular" in panel.summary.value
