"""Refusals: what Android rejects is rejected at build() or at the call (§4, §8, §12, §14)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    BackoffPolicy,
    Constraints,
    Data,
    ExistingWorkPolicy,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    PeriodicWorkRequest,
    WorkManagerError,
    WorkQuery,
)

from .workers import LONG_MAX, Succeed

EXPEDITED = OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST


def _refused_argument(build, match=None):
    """Expects IllegalArgumentException from build(): a ValueError and a WorkManagerError."""
    with pytest.raises(ValueError, match=match) as raised:
        build()
    assert isinstance(raised.value, WorkManagerError)
    return raised.value


def test_expedited_work_cannot_be_delayed():
    """Expedited work with an initial delay: 'Expedited jobs cannot be delayed' (§4)."""
    _refused_argument(
        lambda: (
            OneTimeWorkRequest.Builder(Succeed)
            .set_expedited(EXPEDITED)
            .set_initial_delay(timedelta(minutes=1))
            .build()
        ),
        match="Expedited jobs cannot be delayed",
    )


def test_periodic_work_cannot_be_expedited():
    """A periodic request cannot be expedited: 'PeriodicWorkRequests cannot be expedited' (§4)."""
    _refused_argument(
        lambda: (
            PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
            .set_expedited(EXPEDITED)
            .build()
        ),
        match="cannot be expedited",
    )


@pytest.mark.parametrize(
    "constraints",
    [
        Constraints(requires_charging=True),
        Constraints(requires_device_idle=True),
        Constraints(requires_battery_not_low=True),
    ],
    ids=["charging", "device-idle", "battery-not-low"],
)
def test_expedited_work_allows_only_network_and_storage_constraints(constraints):
    """Expedited work with a charging, idle or battery constraint is refused (§4)."""
    _refused_argument(
        lambda: (
            OneTimeWorkRequest.Builder(Succeed)
            .set_expedited(EXPEDITED)
            .set_constraints(constraints)
            .build()
        ),
        match="only support network and storage constraints",
    )


def test_expedited_work_with_network_and_storage_constraints_builds():
    """Network and storage constraints are the ones expedited work may have (§4, §15)."""
    constraints = Constraints(
        required_network_type=NetworkType.CONNECTED, requires_storage_not_low=True
    )
    request = (
        OneTimeWorkRequest.Builder(Succeed)
        .set_expedited(EXPEDITED)
        .set_constraints(constraints)
        .build()
    )
    assert request.id is not None


@pytest.mark.parametrize("periodic", [False, True], ids=["one-time", "periodic"])
def test_backoff_criteria_on_an_idle_mode_job_is_refused(periodic):
    """Backoff criteria with requires_device_idle: 'Cannot set backoff criteria…' (§4)."""
    if periodic:
        builder = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
    else:
        builder = OneTimeWorkRequest.Builder(Succeed)
    _refused_argument(
        lambda: (
            builder.set_constraints(Constraints(requires_device_idle=True))
            .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(minutes=1))
            .build()
        ),
        match="backoff criteria",
    )


def test_idle_mode_job_without_backoff_criteria_builds():
    """requires_device_idle alone is allowed (§4)."""
    request = (
        OneTimeWorkRequest.Builder(Succeed)
        .set_constraints(Constraints(requires_device_idle=True))
        .build()
    )
    assert request.id is not None


def test_next_schedule_time_override_of_long_max_is_refused():
    """set_next_schedule_time_override(Long.MAX_VALUE) is refused: that value means 'unset' (§4)."""
    _refused_argument(
        lambda: (
            PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
            .set_next_schedule_time_override(LONG_MAX)
            .build()
        )
    )


@pytest.mark.parametrize(
    ("call", "what"),
    [
        ("enqueue", "enqueue"),
        ("begin_with", "beginWith"),
        ("begin_unique_work", "beginUniqueWork"),
    ],
)
def test_empty_request_lists_are_refused(manager, call, what):
    """enqueue, begin_with and begin_unique_work with no request: '… needs at least one' (§4)."""
    args = ("upload", ExistingWorkPolicy.KEEP, []) if call == "begin_unique_work" else ([],)
    _refused_argument(lambda: getattr(manager, call)(*args), match="at least one")


def test_empty_work_query_is_refused():
    """A WorkQuery built with no ids, tags, names or states is refused (§12)."""
    _refused_argument(lambda: WorkQuery.Builder().build())


def _plain(error):
    """The error message with digit-group separators removed."""
    return str(error).replace(",", "").replace("_", "").replace("\u202f", "")


@pytest.mark.parametrize(
    "value",
    [{"quality": "high"}, {1, 2}, [1, "two"]],
    ids=["dict", "set", "mixed-list"],
)
def test_data_value_android_cannot_store_is_refused_naming_the_key(value):
    """A Data value that is not Android's (a dict, a set, a mixed list) names its key (§14)."""
    error = _refused_argument(lambda: Data({"settings": value}))
    assert "settings" in str(error)


def test_data_over_the_size_limit_names_the_size_and_the_limit():
    """Data of 11 020 serialized bytes is refused naming the size and 10240 (§14)."""
    message = _plain(_refused_argument(lambda: Data({"payload": "x" * 11_000})))
    assert "11020" in message
    assert "10240" in message


def test_data_of_exactly_the_limit_is_accepted():
    """{"p": 10 226 chars} is 8 + 10 229 + 3 = 10 240 bytes in the V1 layout: accepted (§14)."""
    assert len(Data({"p": "x" * 10_226}).get_string("p")) == 10_226
    assert "10241" in _plain(_refused_argument(lambda: Data({"p": "x" * 10_227})))


def test_data_size_counts_python_ints_as_longs():
    """Python ints are Longs, 8 bytes each: 1 277 fit in "payload", 1 278 do not (§14)."""
    assert len(Data({"payload": list(range(1_277))}).get("payload")) == 1_277
    assert "10246" in _plain(_refused_argument(lambda: Data({"payload": list(range(1_278))})))
