"""Unit tests for wmkit.work.work_info: the WorkInfo snapshot of a stored row."""

from __future__ import annotations

import uuid

import pytest

from wmkit import Result, Worker
from wmkit.enums import NetworkType, State, StopReason
from wmkit.work.constraints import Constraints
from wmkit.work.data import Data
from wmkit.work.work_info import PeriodicityInfo, WorkInfo
from wmkit.work.work_spec import WorkSpec

LONG_MAX = 2**63 - 1
WORK_ID = uuid.UUID("00000000-0000-4000-8000-0000000000aa")


class Ping(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


def spec_of(**fields: object) -> WorkSpec:
    """A one-time row enqueued at 1 000 with a 2 000 ms delay, then ``fields``."""
    spec = WorkSpec(WORK_ID, Ping, "lesson.Ping")
    spec.last_enqueue_time = 1_000
    spec.initial_delay = 2_000
    for name, value in fields.items():
        setattr(spec, name, value)
    return spec


def test_of_copies_every_field() -> None:
    """WorkInfo.of reports the row's id, state, tags, data, counters and constraints."""
    constraints = Constraints(NetworkType.CONNECTED)
    spec = spec_of(
        tags=frozenset({"lesson.Ping", "net"}),
        output=Data({"ok": True}),
        progress=Data({"p": 1}),
        run_attempt_count=2,
        generation=3,
        constraints=constraints,
        stop_reason=int(StopReason.TIMEOUT),
    )
    info = WorkInfo.of(spec)
    assert info == WorkInfo(
        id=WORK_ID,
        state=State.ENQUEUED,
        tags=frozenset({"lesson.Ping", "net"}),
        output_data=Data({"ok": True}),
        progress=Data({"p": 1}),
        run_attempt_count=2,
        generation=3,
        constraints=constraints,
        initial_delay_millis=2_000,
        periodicity_info=None,
        period_count=0,
        next_schedule_time_millis=1_000 + 60_000,
        stop_reason=3,
    )


def test_enqueued_next_schedule_time_is_the_formula() -> None:
    """An ENQUEUED one-time work never run is due at E + D = 3 000 (§4)."""
    assert WorkInfo.of(spec_of()).next_schedule_time_millis == 3_000


@pytest.mark.parametrize(
    "state", [State.RUNNING, State.BLOCKED, State.SUCCEEDED, State.FAILED, State.CANCELLED]
)
def test_next_schedule_time_is_long_max_unless_enqueued(state: State) -> None:
    """Every state but ENQUEUED reports next_schedule_time_millis = 2**63 − 1 (§4, §18)."""
    assert WorkInfo.of(spec_of(state=state)).next_schedule_time_millis == LONG_MAX


def test_periodicity_info_of_periodic_work() -> None:
    """A periodic row reports its interval and flex; period_count too; first run E + D + I − F."""
    spec = spec_of(interval=3_600_000, flex=900_000, period_count=0)
    info = WorkInfo.of(spec)
    assert info.periodicity_info == PeriodicityInfo(
        repeat_interval_millis=3_600_000, flex_interval_millis=900_000
    )
    assert info.next_schedule_time_millis == 1_000 + 2_000 + 2_700_000
    later = WorkInfo.of(spec_of(interval=3_600_000, flex=900_000, period_count=4))
    assert later.period_count == 4
    assert later.next_schedule_time_millis == 1_000 + 3_600_000


def test_one_time_work_has_no_periodicity_info() -> None:
    """periodicity_info is None for one-time work."""
    assert WorkInfo.of(spec_of()).periodicity_info is None


def test_work_info_is_frozen_and_has_the_state_enum() -> None:
    """A WorkInfo cannot be changed; WorkInfo.State is the State enum."""
    info = WorkInfo.of(spec_of())
    with pytest.raises(AttributeError):
        info.state = State.FAILED  # type: ignore[misc]
    assert WorkInfo.State is State


def test_str_reads_as_a_line() -> None:
    """str(info) names the short id, state, attempts, next run (ENQUEUED only) and stop reason."""
    assert str(WorkInfo.of(spec_of())) == (
        "WorkInfo(00000000 ENQUEUED, attempts 0, next run T+0d 00:00:03, stop reason NOT_STOPPED)"
    )
    done = WorkInfo.of(spec_of(state=State.SUCCEEDED, run_attempt_count=1))
    assert str(done) == "WorkInfo(00000000 SUCCEEDED, attempts 1, stop reason NOT_STOPPED)"
