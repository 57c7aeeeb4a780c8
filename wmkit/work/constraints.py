"""``Constraints``: the device conditions a work needs before it may run.

Android checks them before a run starts and stops a run whose constraints stop holding.
Which constraints are unmet on a given device is a pure function here
(:func:`unmet_constraints`), so the scheduler, ``explain`` and the views agree.

>>> c = Constraints.Builder().set_required_network_type(NetworkType.UNMETERED).build()
>>> [u.reason.name for u in unmet_constraints(c, network="cellular", charging=True,
...                                           battery_low=False, storage_low=False, idle=False)]
['CONSTRAINT_CONNECTIVITY']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from ..enums import NetworkType, StopReason
from ..errors import IllegalArgumentError

#: Which ``NetworkType`` each simulated network satisfies (API.md, "The simulated device").
NETWORK_SATISFIES: dict[str, frozenset[NetworkType]] = {
    "none": frozenset({NetworkType.NOT_REQUIRED}),
    "wifi": frozenset(
        {
            NetworkType.NOT_REQUIRED,
            NetworkType.CONNECTED,
            NetworkType.UNMETERED,
            NetworkType.NOT_ROAMING,
            NetworkType.TEMPORARILY_UNMETERED,
        }
    ),
    "cellular": frozenset(
        {
            NetworkType.NOT_REQUIRED,
            NetworkType.CONNECTED,
            NetworkType.NOT_ROAMING,
            NetworkType.METERED,
        }
    ),
    "cellular_roaming": frozenset(
        {NetworkType.NOT_REQUIRED, NetworkType.CONNECTED, NetworkType.METERED}
    ),
}

# What would satisfy each network type, for explain().
_NETWORK_FIX = {
    NetworkType.CONNECTED: "any network (wifi, cellular or cellular_roaming)",
    NetworkType.UNMETERED: "wifi",
    NetworkType.NOT_ROAMING: "wifi or cellular (not roaming)",
    NetworkType.METERED: "cellular or cellular_roaming",
    NetworkType.TEMPORARILY_UNMETERED: "wifi",
}


@dataclass(frozen=True)
class Constraints:
    """What the device must offer for a work to run (``androidx.work.Constraints``)."""

    required_network_type: NetworkType = NetworkType.NOT_REQUIRED
    requires_charging: bool = False
    requires_battery_not_low: bool = False
    requires_device_idle: bool = False
    requires_storage_not_low: bool = False

    NONE: ClassVar[Constraints]

    def __post_init__(self) -> None:
        if not isinstance(self.required_network_type, NetworkType):
            raise IllegalArgumentError(
                f"required_network_type must be a NetworkType, got "
                f"{self.required_network_type!r}; use e.g. NetworkType.CONNECTED."
            )
        for name in (
            "requires_charging",
            "requires_battery_not_low",
            "requires_device_idle",
            "requires_storage_not_low",
        ):
            if not isinstance(getattr(self, name), bool):
                raise IllegalArgumentError(
                    f"{name} must be True or False, got {getattr(self, name)!r}."
                )

    @property
    def is_none(self) -> bool:
        """True when nothing is required, so the scheduler can skip the device check."""
        return self == _NONE

    def __repr__(self) -> str:
        fields = []
        if self.required_network_type is not NetworkType.NOT_REQUIRED:
            fields.append(f"required_network_type=NetworkType.{self.required_network_type.name}")
        for name in (
            "requires_charging",
            "requires_battery_not_low",
            "requires_device_idle",
            "requires_storage_not_low",
        ):
            if getattr(self, name):
                fields.append(f"{name}=True")
        return f"Constraints({', '.join(fields)})"

    class Builder:
        """Android's ``Constraints.Builder``; every setter returns the builder."""

        def __init__(self) -> None:
            self._network = NetworkType.NOT_REQUIRED
            self._flags = {
                "requires_charging": False,
                "requires_battery_not_low": False,
                "requires_device_idle": False,
                "requires_storage_not_low": False,
            }

        def set_required_network_type(self, network_type: NetworkType) -> Constraints.Builder:
            self._network = network_type
            return self

        def set_requires_charging(self, value: bool) -> Constraints.Builder:
            self._flags["requires_charging"] = value
            return self

        def set_requires_battery_not_low(self, value: bool) -> Constraints.Builder:
            self._flags["requires_battery_not_low"] = value
            return self

        def set_requires_device_idle(self, value: bool) -> Constraints.Builder:
            self._flags["requires_device_idle"] = value
            return self

        def set_requires_storage_not_low(self, value: bool) -> Constraints.Builder:
            self._flags["requires_storage_not_low"] = value
            return self

        def build(self) -> Constraints:
            return Constraints(self._network, **self._flags)


_NONE = Constraints()
Constraints.NONE = _NONE


class Unmet(NamedTuple):
    """One constraint that does not hold: the stop reason Android reports for it,
    what is wrong, and what would satisfy it."""

    reason: StopReason
    what: str
    fix: str


def unmet_constraints(
    constraints: Constraints,
    *,
    network: str,
    charging: bool,
    battery_low: bool,
    storage_low: bool,
    idle: bool,
) -> list[Unmet]:
    """Every constraint of ``constraints`` that the given device state does not meet.

    ``network`` is the network the app can use *now* (``"none"`` while Doze suspends it).
    """
    unmet = []
    need = constraints.required_network_type
    if need is not NetworkType.NOT_REQUIRED and need not in NETWORK_SATISFIES[network]:
        unmet.append(
            Unmet(
                StopReason.CONSTRAINT_CONNECTIVITY,
                f"needs network {need.name} but the network is {network}",
                f"set the network to {_NETWORK_FIX[need]}",
            )
        )
    if constraints.requires_charging and not charging:
        unmet.append(
            Unmet(StopReason.CONSTRAINT_CHARGING, "needs charging", "plug the charger in")
        )
    if constraints.requires_battery_not_low and battery_low:
        unmet.append(
            Unmet(
                StopReason.CONSTRAINT_BATTERY_NOT_LOW,
                "needs the battery not low",
                "charge the battery (battery_low=False)",
            )
        )
    if constraints.requires_device_idle and not idle:
        unmet.append(
            Unmet(
                StopReason.CONSTRAINT_DEVICE_IDLE,
                "needs the device idle",
                "leave the device idle (idle=True)",
            )
        )
    if constraints.requires_storage_not_low and storage_low:
        unmet.append(
            Unmet(
                StopReason.CONSTRAINT_STORAGE_NOT_LOW,
                "needs storage not low",
                "free some storage (storage_low=False)",
            )
        )
    return unmet
