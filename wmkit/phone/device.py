"""The simulated phone: network, power, storage, idleness, Doze, foreground, bucket.

A ``Device`` is a frozen value; ``manager.set_device(**changes)`` replaces it with
:func:`apply_device_change`, which also applies the couplings a real phone has:
entering Doze turns the screen off (the app leaves the foreground), and plugging the
charger in ends Doze. ``doze`` is ``False``, ``"light"`` (screen off, the phone moving)
or ``"deep"`` (screen off, the phone still); ``True`` is read as ``"deep"``.

>>> d = apply_device_change(Device(), {"charging": False, "doze": True})
>>> d.doze, d.app_in_foreground
('deep', False)
>>> apply_device_change(d, {"charging": True}).doze
False
>>> apply_device_change(d, {"doze": "light"}).describe()
'network wifi, on battery, in light Doze, app in background, bucket active'
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from ..errors import IllegalArgumentError
from .doze import DozeMode

NETWORKS = ("none", "wifi", "cellular", "cellular_roaming")
STANDBY_BUCKETS = ("active", "working_set", "frequent", "rare", "restricted")
#: The values of ``Device.doze``: off, light Doze, deep Doze (``True`` is read as "deep").
DOZE_MODES = (False, "light", "deep")
_BOOLEAN_FIELDS = ("charging", "battery_low", "storage_low", "idle", "app_in_foreground")


def _doze_value(value: object) -> bool | str:
    """``value`` as one of DOZE_MODES, or a clear refusal."""
    if value is True:
        return "deep"
    if value is False or (type(value) is str and value in DOZE_MODES):
        return value  # type: ignore[return-value]
    hint = ""
    if isinstance(value, str) and value.lower() in ("light", "deep"):
        hint = f" (lower case: {value.lower()!r})"
    elif value in ("off", "none", None):
        hint = " (False turns Doze off)"
    raise IllegalArgumentError(
        f"Device.doze must be False, 'light' or 'deep' (True means 'deep'), got {value!r}{hint}."
    )


@dataclass(frozen=True)
class Device:
    """The state of the simulated phone. The default lets every work run."""

    network: str = "wifi"
    charging: bool = True
    battery_low: bool = False
    storage_low: bool = False
    idle: bool = False
    #: False, "light" or "deep" (True, accepted for "deep", is stored as "deep").
    doze: bool | str = False
    app_in_foreground: bool = True
    standby_bucket: str = "active"

    def __post_init__(self) -> None:
        if self.network not in NETWORKS:
            raise IllegalArgumentError(
                f"network must be one of {', '.join(map(repr, NETWORKS))}, got {self.network!r}."
            )
        if self.standby_bucket not in STANDBY_BUCKETS:
            raise IllegalArgumentError(
                f"standby_bucket must be one of {', '.join(map(repr, STANDBY_BUCKETS))}, "
                f"got {self.standby_bucket!r}."
            )
        for name in _BOOLEAN_FIELDS:
            if not isinstance(getattr(self, name), bool):
                raise IllegalArgumentError(
                    f"Device.{name} must be True or False, got {getattr(self, name)!r}."
                )
        object.__setattr__(self, "doze", _doze_value(self.doze))  # frozen: normalise once
        if self.doze and self.charging:
            raise IllegalArgumentError(
                "A charging phone does not enter Doze: set charging=False together with doze=True."
            )
        if self.doze and self.app_in_foreground:
            raise IllegalArgumentError(
                "Doze needs the screen off, so the app cannot be in the foreground: "
                "pass app_in_foreground=False together with doze=True."
            )

    def describe(self) -> str:
        """One line a student can read: ``wifi, charging, foreground, bucket active``."""
        parts = [f"network {self.network}", "charging" if self.charging else "on battery"]
        if self.battery_low:
            parts.append("battery low")
        if self.storage_low:
            parts.append("storage low")
        if self.idle:
            parts.append("idle")
        if self.doze:
            parts.append(f"in {self.doze} Doze")
        parts.append("app in foreground" if self.app_in_foreground else "app in background")
        parts.append(f"bucket {self.standby_bucket}")
        return ", ".join(parts)

    @property
    def doze_mode(self) -> DozeMode | None:
        """The kind of Doze the phone is in ("light" or "deep"), or None when awake."""
        return self.doze or None  # type: ignore[return-value]


def apply_device_change(device: Device, changes: dict[str, Any]) -> Device:
    """The device after ``changes``, with a real phone's couplings applied.

    Unknown names are refused (a typo must not silently do nothing).
    """
    known = {f.name for f in fields(Device)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise IllegalArgumentError(
            f"set_device() got unknown setting(s) {', '.join(unknown)}; "
            f"the device has {', '.join(sorted(known))}."
        )
    merged = dict(changes)
    if "doze" in merged:
        merged["doze"] = _doze_value(merged["doze"])  # a bad value is named before anything
    entering, asked = merged.get("doze"), changes.get("doze")  # asked: as the student wrote it
    if entering and merged.get("app_in_foreground"):
        raise IllegalArgumentError(
            "Doze needs the screen off, so the app cannot be in the foreground: "
            "drop app_in_foreground=True (or set doze=False)."
        )
    if entering and merged.get("charging"):
        raise IllegalArgumentError(
            f"A charging phone does not enter Doze: pass charging=False with doze={asked!r}."
        )
    if entering and "charging" not in merged and device.charging:
        raise IllegalArgumentError(
            "The phone is charging, and a charging phone does not enter Doze: "
            f"use set_device(charging=False, doze={asked!r})."
        )
    if merged.get("charging") and device.doze and "doze" not in merged:
        merged["doze"] = False  # plugging in ends Doze at once
    if entering and not device.doze:
        merged.setdefault("app_in_foreground", False)  # Doze needs the screen off
        if merged["app_in_foreground"]:
            raise IllegalArgumentError(
                "Doze needs the screen off, so the app cannot be in the foreground: "
                "drop app_in_foreground=True."
            )
    if merged.get("app_in_foreground") and device.doze and "doze" not in merged:
        merged["doze"] = False  # turning the screen on ends Doze
    return replace(device, **merged)


def describe_change(old: Device, new: Device) -> str:
    """What changed, as ``network='none', charging=False`` (the device event's detail)."""
    return ", ".join(
        f"{f.name}={getattr(new, f.name)!r}"
        for f in fields(Device)
        if getattr(new, f.name) != getattr(old, f.name)
    )
