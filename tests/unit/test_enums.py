"""Unit tests for wmkit.enums: Android's member names and StopReason values."""

from __future__ import annotations

from enum import Enum, IntEnum

import pytest

import wmkit
from wmkit.enums import (
    BackoffPolicy,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    NetworkType,
    OutOfQuotaPolicy,
    State,
    StopReason,
    UpdateResult,
    stop_reason_name,
)


@pytest.mark.parametrize(
    ("enum", "names"),
    [
        (State, ["ENQUEUED", "RUNNING", "SUCCEEDED", "FAILED", "BLOCKED", "CANCELLED"]),
        (
            NetworkType,
            [
                "NOT_REQUIRED",
                "CONNECTED",
                "UNMETERED",
                "NOT_ROAMING",
                "METERED",
                "TEMPORARILY_UNMETERED",
            ],
        ),
        (BackoffPolicy, ["EXPONENTIAL", "LINEAR"]),
        (ExistingWorkPolicy, ["REPLACE", "KEEP", "APPEND", "APPEND_OR_REPLACE"]),
        (ExistingPeriodicWorkPolicy, ["KEEP", "REPLACE", "UPDATE", "CANCEL_AND_REENQUEUE"]),
        (OutOfQuotaPolicy, ["RUN_AS_NON_EXPEDITED_WORK_REQUEST", "DROP_WORK_REQUEST"]),
        (UpdateResult, ["NOT_APPLIED", "APPLIED_IMMEDIATELY", "APPLIED_FOR_NEXT_RUN"]),
    ],
)
def test_enums_have_androids_member_names(enum: type[Enum], names: list[str]) -> None:
    """Each enum has exactly Android's members, in Android's order, each valued by its name."""
    assert [m.name for m in enum] == names
    assert all(m.value == m.name for m in enum)


@pytest.mark.parametrize(
    ("state", "finished"),
    [
        (State.ENQUEUED, False),
        (State.RUNNING, False),
        (State.BLOCKED, False),
        (State.SUCCEEDED, True),
        (State.FAILED, True),
        (State.CANCELLED, True),
    ],
)
def test_is_finished(state: State, finished: bool) -> None:
    """is_finished is True exactly for SUCCEEDED, FAILED and CANCELLED."""
    assert state.is_finished is finished


def test_stop_reason_values_are_androids() -> None:
    """StopReason holds WorkInfo.STOP_REASON_* values, from FOREGROUND_SERVICE_TIMEOUT to 15."""
    assert {m.name: m.value for m in StopReason} == {
        "FOREGROUND_SERVICE_TIMEOUT": -128,
        "NOT_STOPPED": -256,
        "UNKNOWN": -512,
        "CANCELLED_BY_APP": 1,
        "PREEMPT": 2,
        "TIMEOUT": 3,
        "DEVICE_STATE": 4,
        "CONSTRAINT_BATTERY_NOT_LOW": 5,
        "CONSTRAINT_CHARGING": 6,
        "CONSTRAINT_CONNECTIVITY": 7,
        "CONSTRAINT_DEVICE_IDLE": 8,
        "CONSTRAINT_STORAGE_NOT_LOW": 9,
        "QUOTA": 10,
        "BACKGROUND_RESTRICTION": 11,
        "APP_STANDBY": 12,
        "USER": 13,
        "SYSTEM_PROCESSING": 14,
        "ESTIMATED_APP_LAUNCH_TIME_CHANGED": 15,
    }


def test_stop_reason_compares_equal_to_a_plain_int() -> None:
    """StopReason is an IntEnum, so a WorkInfo's int stop_reason equals the member."""
    assert issubclass(StopReason, IntEnum)
    assert StopReason.UNKNOWN == -512
    assert StopReason(7) is StopReason.CONSTRAINT_CONNECTIVITY


def test_stop_reason_name_names_known_values_and_passes_unknown_ones() -> None:
    """stop_reason_name gives the member name, or the number for a value Android adds later."""
    assert stop_reason_name(-512) == "UNKNOWN"
    assert stop_reason_name(StopReason.TIMEOUT) == "TIMEOUT"
    assert stop_reason_name(0) == "0"
    assert stop_reason_name(99) == "99"


def test_work_info_state_is_the_state_enum() -> None:
    """WorkInfo.State is the same enum as wmkit.State, as Android's WorkInfo.State."""
    assert wmkit.WorkInfo.State is State
    assert wmkit.State is State
