"""``wmkit.testing.TestDriver.stop_running_work_with_reason``: stops a RUNNING work with
the given reason as the system would (work-testing 2.11's TestScheduler)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    IllegalArgumentError,
    IllegalStateError,
    OneTimeWorkRequest,
    Result,
    State,
    StopReason,
    Worker,
    WorkManager,
)
from wmkit.testing import TestDriver, WorkManagerTestInitHelper

STOPS: list[int] = []


class Slow(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()

    def on_stopped(self) -> None:
        STOPS.append(self.stop_reason)


def _running() -> tuple[WorkManager, OneTimeWorkRequest, TestDriver]:
    STOPS.clear()
    wm = WorkManager()
    request = OneTimeWorkRequest(Slow)
    wm.enqueue(request)
    wm.advance(timedelta(seconds=10))
    return wm, request, WorkManagerTestInitHelper.get_test_driver(wm)


def test_the_work_is_stopped_with_the_reason_and_enqueued_again() -> None:
    wm, request, driver = _running()
    driver.stop_running_work_with_reason(request.id, StopReason.CONSTRAINT_CONNECTIVITY)
    assert STOPS == [StopReason.CONSTRAINT_CONNECTIVITY]
    info = wm.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.CONSTRAINT_CONNECTIVITY
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 30_000  # lastEnqueueTime 0 + backoff(1)
    stopped = [e for e in wm.trace if e.kind == "stopped"]
    assert len(stopped) == 1 and "TestDriver" in str(stopped[0].detail)
    wm.advance(timedelta(minutes=2))
    assert wm.get_work_info_by_id(request.id).state is State.SUCCEEDED  # type: ignore[union-attr]


def test_any_int_reason_but_not_stopped_is_accepted() -> None:
    wm, request, driver = _running()
    with pytest.raises(IllegalArgumentError, match="STOP_REASON_NOT_STOPPED"):
        driver.stop_running_work_with_reason(request.id, StopReason.NOT_STOPPED)
    with pytest.raises(IllegalArgumentError, match="stop reason"):
        driver.stop_running_work_with_reason(request.id, True)
    driver.stop_running_work_with_reason(request.id, 77)  # a reason Android adds later
    assert wm.get_work_info_by_id(request.id).stop_reason == 77  # type: ignore[union-attr]


def test_a_work_that_is_not_running_cannot_be_stopped() -> None:
    wm, request, driver = _running()
    wm.advance(timedelta(minutes=1))  # finished
    with pytest.raises(IllegalStateError, match="is not running and cannot be stopped"):
        driver.stop_running_work_with_reason(request.id, StopReason.TIMEOUT)
    with pytest.raises(IllegalArgumentError, match="work id"):
        driver.stop_running_work_with_reason("not-an-id", StopReason.TIMEOUT)  # type: ignore[arg-type]


def test_a_test_driver_drives_a_work_manager() -> None:
    with pytest.raises(IllegalArgumentError, match="WorkManager"):
        TestDriver("wm")  # type: ignore[arg-type]
