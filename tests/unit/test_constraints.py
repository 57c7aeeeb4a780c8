"""Unit tests for wmkit.work.constraints: which device satisfies which constraint, and why not."""

from __future__ import annotations

import pytest

from wmkit.enums import NetworkType, StopReason
from wmkit.errors import IllegalArgumentError
from wmkit.work.constraints import NETWORK_SATISFIES, Constraints, Unmet, unmet_constraints

N = NetworkType
FINE = {"charging": True, "battery_low": False, "storage_low": False, "idle": True}

# API.md, "The simulated device": which NetworkType each network satisfies.
SATISFIED = {
    "none": {N.NOT_REQUIRED},
    "wifi": {N.NOT_REQUIRED, N.CONNECTED, N.UNMETERED, N.NOT_ROAMING, N.TEMPORARILY_UNMETERED},
    "cellular": {N.NOT_REQUIRED, N.CONNECTED, N.NOT_ROAMING, N.METERED},
    "cellular_roaming": {N.NOT_REQUIRED, N.CONNECTED, N.METERED},
}
FIX = {
    N.CONNECTED: "set the network to any network (wifi, cellular or cellular_roaming)",
    N.UNMETERED: "set the network to wifi",
    N.NOT_ROAMING: "set the network to wifi or cellular (not roaming)",
    N.METERED: "set the network to cellular or cellular_roaming",
    N.TEMPORARILY_UNMETERED: "set the network to wifi",
}


def test_network_table_is_the_documented_one() -> None:
    """NETWORK_SATISFIES holds exactly API.md's table for the four networks."""
    assert {k: set(v) for k, v in NETWORK_SATISFIES.items()} == SATISFIED


@pytest.mark.parametrize("network", sorted(SATISFIED))
@pytest.mark.parametrize("need", list(NetworkType))
def test_every_network_type_on_every_network(need: NetworkType, network: str) -> None:
    """A network constraint is met exactly when the network satisfies it; else reason 7 + fix."""
    unmet = unmet_constraints(Constraints(required_network_type=need), network=network, **FINE)
    if need in SATISFIED[network]:
        assert unmet == []
    else:
        assert unmet == [
            Unmet(
                StopReason.CONSTRAINT_CONNECTIVITY,
                f"needs network {need.name} but the network is {network}",
                FIX[need],
            )
        ]


@pytest.mark.parametrize(
    ("constraints", "device", "expected"),
    [
        (
            Constraints(requires_charging=True),
            {"charging": False},
            Unmet(StopReason.CONSTRAINT_CHARGING, "needs charging", "plug the charger in"),
        ),
        (
            Constraints(requires_battery_not_low=True),
            {"battery_low": True},
            Unmet(
                StopReason.CONSTRAINT_BATTERY_NOT_LOW,
                "needs the battery not low",
                "charge the battery (battery_low=False)",
            ),
        ),
        (
            Constraints(requires_device_idle=True),
            {"idle": False},
            Unmet(
                StopReason.CONSTRAINT_DEVICE_IDLE,
                "needs the device idle",
                "leave the device idle (idle=True)",
            ),
        ),
        (
            Constraints(requires_storage_not_low=True),
            {"storage_low": True},
            Unmet(
                StopReason.CONSTRAINT_STORAGE_NOT_LOW,
                "needs storage not low",
                "free some storage (storage_low=False)",
            ),
        ),
    ],
    ids=["charging", "battery_not_low", "device_idle", "storage_not_low"],
)
def test_each_flag_unmet_with_its_stop_reason(
    constraints: Constraints, device: dict[str, bool], expected: Unmet
) -> None:
    """Each flag, unmet, gives its own StopReason, what is wrong and the fix; met, nothing."""
    assert unmet_constraints(constraints, network="wifi", **{**FINE, **device}) == [expected]
    assert unmet_constraints(constraints, network="wifi", **FINE) == []


def test_flags_a_work_does_not_need_never_count() -> None:
    """With no constraints even the worst device state leaves nothing unmet."""
    worst = {"charging": False, "battery_low": True, "storage_low": True, "idle": False}
    assert unmet_constraints(Constraints.NONE, network="none", **worst) == []


def test_every_unmet_constraint_is_listed_network_first() -> None:
    """All unmet constraints are listed in the order network, charging, battery, idle, storage."""
    everything = Constraints(N.UNMETERED, True, True, True, True)
    worst = {"charging": False, "battery_low": True, "storage_low": True, "idle": False}
    reasons = [u.reason for u in unmet_constraints(everything, network="cellular", **worst)]
    assert reasons == [
        StopReason.CONSTRAINT_CONNECTIVITY,
        StopReason.CONSTRAINT_CHARGING,
        StopReason.CONSTRAINT_BATTERY_NOT_LOW,
        StopReason.CONSTRAINT_DEVICE_IDLE,
        StopReason.CONSTRAINT_STORAGE_NOT_LOW,
    ]


def test_defaults_require_nothing() -> None:
    """Constraints() requires nothing, equals Constraints.NONE and is_none."""
    c = Constraints()
    assert c == Constraints.NONE
    assert c.is_none
    assert c.required_network_type is N.NOT_REQUIRED
    assert not (c.requires_charging or c.requires_battery_not_low)
    assert not (c.requires_device_idle or c.requires_storage_not_low)
    assert not Constraints(requires_charging=True).is_none


def test_builder_sets_every_field() -> None:
    """Constraints.Builder's setters give the same value as the keyword constructor."""
    built = (
        Constraints.Builder()
        .set_required_network_type(N.METERED)
        .set_requires_charging(True)
        .set_requires_battery_not_low(True)
        .set_requires_device_idle(True)
        .set_requires_storage_not_low(True)
        .build()
    )
    assert built == Constraints(N.METERED, True, True, True, True)


def test_empty_builder_builds_none() -> None:
    """Constraints.Builder().build() equals Constraints.NONE."""
    assert Constraints.Builder().build() == Constraints.NONE


def test_builder_refuses_a_bad_value_at_build() -> None:
    """A builder given a string network type is refused when it builds."""
    builder = Constraints.Builder().set_required_network_type("wifi")  # type: ignore[arg-type]
    with pytest.raises(IllegalArgumentError, match="required_network_type must be a NetworkType"):
        builder.build()


@pytest.mark.parametrize(
    "field",
    [
        "requires_charging",
        "requires_battery_not_low",
        "requires_device_idle",
        "requires_storage_not_low",
    ],
)
def test_flags_must_be_bools(field: str) -> None:
    """A flag given 1 instead of True is refused, naming the flag and the value."""
    with pytest.raises(IllegalArgumentError) as caught:
        Constraints(**{field: 1})  # type: ignore[arg-type]
    assert str(caught.value) == f"{field} must be True or False, got 1."


def test_constraints_are_frozen() -> None:
    """A Constraints value cannot be changed after it is made."""
    c = Constraints()
    with pytest.raises(AttributeError):
        c.requires_charging = True  # type: ignore[misc]


@pytest.mark.parametrize(
    ("constraints", "text"),
    [
        (Constraints(), "Constraints()"),
        (
            Constraints(N.CONNECTED, requires_charging=True),
            "Constraints(required_network_type=NetworkType.CONNECTED, requires_charging=True)",
        ),
        (
            Constraints(requires_device_idle=True, requires_storage_not_low=True),
            "Constraints(requires_device_idle=True, requires_storage_not_low=True)",
        ),
    ],
)
def test_repr_lists_only_what_is_required(constraints: Constraints, text: str) -> None:
    """repr shows only non-default fields and evaluates back to an equal value."""
    assert repr(constraints) == text
    assert eval(text, {"Constraints": Constraints, "NetworkType": NetworkType}) == constraints
