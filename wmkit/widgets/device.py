"""``DevicePanel``: the simulated phone's settings, each a real widget.

Every change calls ``manager.set_device(name=value)``. A change the engine refuses
(a ``WorkManagerError``, e.g. Doze while charging) is shown in the panel with the
engine's own explanation, and the controls snap back to the device's real state;
nothing is raised into the notebook. The controls are built from the ``Device``
dataclass's fields, so a field the engine adds later appears without a change here.
Two buttons act as the user does on the app itself: **Force stop** and **Open app**
(``manager.force_stop()`` / ``manager.open_app()``).
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

import ipywidgets as widgets

from ..errors import WorkManagerError
from . import _snapshot as bus
from ._base import ManagerView, guarded
from ._story import recording_of

try:  # the engine's own lists; the literals only cover an engine that renamed them
    from ..phone.device import NETWORKS, STANDBY_BUCKETS
except ImportError:  # pragma: no cover
    NETWORKS = ("none", "wifi", "cellular", "cellular_roaming")
    STANDBY_BUCKETS = ("active", "working_set", "frequent", "rare", "restricted")

LABELS = {
    "network": "network",
    "charging": "charging",
    "battery_low": "battery low",
    "storage_low": "storage low",
    "idle": "device idle",
    "doze": "Doze",
    "app_in_foreground": "app in foreground",
    "standby_bucket": "standby bucket",
}
#: Doze: off, light (screen off, phone moving), deep (screen off, phone still).
DOZE_CHOICES = (("off", False), ("light", "light"), ("deep", "deep"))
CHOICES: dict[str, tuple[Any, ...]] = {
    "network": NETWORKS,
    "standby_bucket": STANDBY_BUCKETS,
    "doze": DOZE_CHOICES,
}


class DevicePanel(ManagerView):
    """Network, charging, battery low, storage low, idle, Doze, foreground, bucket."""

    def __init__(self, manager: Any) -> None:
        super().__init__(layout=widgets.Layout(min_width="240px"))
        self._syncing = False
        self.controls: dict[str, widgets.ValueWidget] = {}
        for field in dataclasses.fields(manager.device):
            control = self._control(field.name, getattr(manager.device, field.name))
            control.observe(lambda change, name=field.name: self._changed(name, change), "value")
            control.add_class(f"wmkit-{field.name.replace('_', '-')}")
            self.controls[field.name] = control
        self.force_stop_button = widgets.Button(
            description="Force stop",
            icon="stop",
            tooltip="Settings > Force stop: the app's jobs are cancelled; nothing runs until "
            "the user opens it",
            layout=widgets.Layout(width="112px"),
        )
        self.open_app_button = widgets.Button(
            description="Open app",
            icon="play",
            tooltip="The user opens the app: foreground, bucket active; after a force stop "
            "WorkManager reschedules everything",
            layout=widgets.Layout(width="112px"),
        )
        self.force_stop_button.on_click(lambda _: self._app_action("force_stop"))
        self.open_app_button.on_click(lambda _: self._app_action("open_app"))
        self.force_stop_button.add_class("wmkit-force-stop")
        self.open_app_button.add_class("wmkit-open-app")
        app_row = widgets.HBox([self.force_stop_button, self.open_app_button])
        self.message = widgets.HTML(value="")
        self.summary = widgets.HTML(value="")
        heading = widgets.HTML(value="<b>📱 Device</b>")
        self.add_class("wmkit-device")
        self.children = [
            heading,
            *self.controls.values(),
            app_row,
            self.message,
            self.summary,
            self.errors,
        ]
        self.bind(manager)

    @staticmethod
    def _control(name: str, value: Any) -> widgets.ValueWidget:
        label = LABELS.get(name, name.replace("_", " "))
        if name in CHOICES:
            options = [o if isinstance(o, tuple) else (str(o), o) for o in CHOICES[name]]
            if value not in [v for _, v in options]:
                options.append((str(value), value))
            return widgets.Dropdown(
                options=options,
                value=value,
                description=label,
                style={"description_width": "110px"},
                layout=widgets.Layout(width="230px"),
            )
        if isinstance(value, bool):
            return widgets.Checkbox(value=value, description=label, indent=False)
        return widgets.Text(value=str(value), description=label, disabled=True)

    @guarded
    def _changed(self, name: str, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        try:
            events = self.manager.set_device(**{name: change["new"]})
        except WorkManagerError as error:
            self.message.value = _refusal(name, change["new"], error)
            self._sync(self.manager.device)  # show what the device really is
            return
        self.message.value = ""
        if not events:
            bus.notify(self.manager)
        self.refresh()

    @guarded
    def _app_action(self, action: str) -> None:
        """The Force stop / Open app buttons: the manager's call of that name."""
        try:
            events = getattr(self.manager, action)()
        except WorkManagerError as error:
            self.message.value = _refusal(action, None, error, call=f"{action}()")
            return
        self.message.value = ""
        if not events:
            bus.notify(self.manager)
        self.refresh()

    def _sync(self, device: Any) -> None:
        """Set every control to the device without calling set_device again."""
        self._syncing = True
        try:
            for name, control in self.controls.items():
                value = getattr(device, name, None)
                if isinstance(control, widgets.Text):
                    value = str(value)
                if value is not None and control.value != value:
                    control.value = value
        finally:
            self._syncing = False

    def _redraw(self, snap: bus.Snapshot) -> None:
        self._sync(snap.device)
        recording = recording_of(self.manager)
        previewing = recording is not None and recording.previewing  # read-only then
        for control in self.controls.values():
            if not isinstance(control, widgets.Text):
                control.disabled = previewing
        stopped = bool(getattr(self.manager, "force_stopped", False))
        self.force_stop_button.disabled = previewing or stopped
        self.open_app_button.disabled = previewing
        self.open_app_button.button_style = "warning" if stopped else ""
        describe = getattr(snap.device, "describe", None)
        text = describe() if callable(describe) else str(snap.device)
        if stopped:
            text += "; the app is force-stopped: nothing runs until it is opened"
        self.summary.value = (
            f'<span style="color:#6c757d;font-size:12px">{html.escape(text)}</span>'
        )


def _refusal(name: str, value: Any, error: BaseException, call: str | None = None) -> str:
    call = html.escape(call or f"set_device({name}={value!r})")
    return (
        '<div style="border-left:4px solid #e8590c;background:#fff4e6;padding:4px 8px;'
        f'font-size:12px;color:#5c2a00"><b>{call} was refused</b><br>'
        f"{html.escape(str(error))}</div>"
    )
