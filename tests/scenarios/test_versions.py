"""Each behaviour that differs between androidx releases, step by step, per release
(wmkit.versions.BEHAVIOURS and API_ADDED, with their sources)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    AppCrashError,
    ArrayCreatingInputMerger,
    Configuration,
    Constraints,
    Data,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    StopReason,
    VersionError,
    Worker,
    WorkManager,
)
from wmkit.testing import TestDriver

from .workers import MINUTE, SECOND, UNKNOWN, OneMinute, Raises, State, Succeed, info_of, starts

PERIOD = 15 * MINUTE
CHARGING = Constraints(requires_charging=True)


class IntSize(Worker):
    def do_work(self) -> Result:
        return Result.success(Data.Builder().put_int("bytes", 2048).build())  # an Int


class LongSize(Worker):
    def do_work(self) -> Result:
        return Result.success({"bytes": 4096})  # a Long


class FiveMinutes(Worker):
    duration = timedelta(minutes=5)

    def do_work(self) -> Result:
        return Result.success()


# --------------------------------------------------- a periodic worker that raises


def test_2_9_a_periodic_worker_that_raises_goes_on_to_its_next_period() -> None:
    wm = WorkManager(androidx="2.9")
    request = PeriodicWorkRequest(Raises, timedelta(minutes=15))
    wm.enqueue(request)
    wm.advance(timedelta(minutes=31))
    assert starts(wm, request.id) == [0, PERIOD, 2 * PERIOD]
    info = info_of(wm, request)
    assert info.state is State.ENQUEUED
    assert info.run_attempt_count == 0  # resetPeriodic
    assert info.next_schedule_time_millis == 3 * PERIOD


@pytest.mark.parametrize("release", ["2.10", "2.11"])
def test_from_2_10_a_periodic_worker_that_raises_fails_for_good(release: str) -> None:
    wm = WorkManager(androidx=release)
    request = PeriodicWorkRequest(Raises, timedelta(minutes=15))
    wm.enqueue(request)
    wm.advance(timedelta(hours=2))
    assert starts(wm, request.id) == [0]
    info = info_of(wm, request)
    assert info.state is State.FAILED
    assert info.run_attempt_count == 1
    assert "RuntimeError" in (wm.describe_work(request.id).failure or "")  # type: ignore[union-attr]


@pytest.mark.parametrize("release", ["2.9", "2.10", "2.11"])
def test_a_one_time_worker_that_raises_fails_in_every_release(release: str) -> None:
    wm = WorkManager(androidx=release)
    request = OneTimeWorkRequest(Raises)
    wm.enqueue(request)
    wm.advance(timedelta(0))
    assert info_of(wm, request).state is State.FAILED


# --------------------------------------------------- an input merger that raises


def _clashing_chain(wm: WorkManager) -> OneTimeWorkRequest:
    total = OneTimeWorkRequest(Succeed, input_merger=ArrayCreatingInputMerger)
    wm.begin_with([OneTimeWorkRequest(IntSize), OneTimeWorkRequest(LongSize)]).then(
        total
    ).then(OneTimeWorkRequest(Succeed, tags=["after"])).enqueue()
    return total


def test_2_9_an_int_long_merge_clash_crashes_the_app() -> None:
    wm = WorkManager(androidx="2.9")
    bystander = OneTimeWorkRequest(OneMinute)
    wm.enqueue(bystander)
    total = _clashing_chain(wm)
    with pytest.raises(AppCrashError, match=r"2\.9") as crash:
        wm.advance(timedelta(seconds=1))
    assert isinstance(crash.value, RuntimeError)
    assert "int[]" in str(crash.value) and "ENQUEUED" in str(crash.value)
    info = info_of(wm, total)
    assert info.state is State.ENQUEUED and info.run_attempt_count == 0
    assert "crashed the app (androidx 2.9" in wm.explain(total.id)
    # The process died: the running bystander is back ENQUEUED with STOP_REASON_UNKNOWN.
    assert info_of(wm, bystander).state is State.ENQUEUED
    assert info_of(wm, bystander).stop_reason == UNKNOWN
    kinds = [e.kind for e in wm.trace]
    assert kinds[-3:] == ["error", "restart", "stopped"]  # crash, new process, bystander
    # Still due, so the next drive crashes the app again.
    with pytest.raises(AppCrashError):
        wm.advance(timedelta(seconds=1))
    wm.cancel_work_by_id(total.id)
    wm.advance(timedelta(minutes=2))
    assert info_of(wm, bystander).state is State.SUCCEEDED
    assert wm.get_work_infos_by_tag("after")[0].state is State.CANCELLED


@pytest.mark.parametrize("release", ["2.10", "2.11"])
def test_from_2_10_an_int_long_merge_clash_fails_the_work_unstarted(release: str) -> None:
    wm = WorkManager(androidx=release)
    total = _clashing_chain(wm)
    wm.advance(timedelta(seconds=1))
    info = info_of(wm, total)
    assert info.state is State.FAILED and info.run_attempt_count == 0
    assert wm.get_work_infos_by_tag("after")[0].state is State.FAILED


def test_a_crash_is_saved_and_a_reopened_store_crashes_again(tmp_path) -> None:
    path = tmp_path / "crash.json"
    with WorkManager(path, androidx="2.9") as wm:
        total = _clashing_chain(wm)
        with pytest.raises(AppCrashError):
            wm.advance(timedelta(seconds=1))
    with WorkManager(path) as again:
        assert again.androidx == "2.9"
        assert info_of(again, total).state is State.ENQUEUED
        with pytest.raises(AppCrashError):
            again.advance(timedelta(0))


# --------------------------------------- setBackoffForSystemInterruptions (2.11)


def _stopped_by_the_charger(backoff_on_stops: bool) -> tuple[WorkManager, OneTimeWorkRequest]:
    wm = WorkManager(androidx="2.11", start_millis=MINUTE)
    builder = OneTimeWorkRequest.Builder(FiveMinutes).set_constraints(CHARGING)
    if backoff_on_stops:
        builder.set_backoff_for_system_interruptions()
    request = builder.build()
    wm.enqueue(request)
    wm.advance(timedelta(minutes=2))  # started at 1:00, running at 3:00
    wm.set_device(charging=False)  # stopped at 3:00: CONSTRAINT_CHARGING
    return wm, request


def test_a_system_stop_backs_off_from_the_last_enqueue_by_default() -> None:
    wm, request = _stopped_by_the_charger(False)
    info = info_of(wm, request)
    assert info.stop_reason == StopReason.CONSTRAINT_CHARGING
    assert info.next_schedule_time_millis == MINUTE + 30 * SECOND  # E_old + backoff(1)
    assert "backoff from its last enqueue time T+0d 00:01:00" in wm.explain(request.id)
    wm.set_device(charging=True)
    assert wm.advance(timedelta(0)).kinds() == ["started"]  # overdue: runs at once


def test_2_11_set_backoff_for_system_interruptions_backs_off_from_the_stop() -> None:
    wm, request = _stopped_by_the_charger(True)
    info = info_of(wm, request)
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 3 * MINUTE + 30 * SECOND  # now + backoff(1)
    assert "backoff from the stop T+0d 00:03:00" in wm.explain(request.id)
    wm.set_device(charging=True)
    assert starts(wm, request.id) == [MINUTE]
    wm.advance(timedelta(seconds=30))
    assert starts(wm, request.id) == [MINUTE, 3 * MINUTE + 30 * SECOND]


@pytest.mark.parametrize("release", ["2.9", "2.10"])
def test_set_backoff_for_system_interruptions_is_refused_before_2_11(release: str) -> None:
    wm = WorkManager(androidx=release)
    request = OneTimeWorkRequest.Builder(Succeed).set_backoff_for_system_interruptions().build()
    with pytest.raises(VersionError, match=r"2\.11\.0-alpha01.*simulates androidx " + release):
        wm.enqueue(request)
    with pytest.raises(VersionError):
        wm.begin_with(OneTimeWorkRequest(Succeed)).then(request).enqueue()
    periodic = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_backoff_for_system_interruptions()
        .build()
    )
    with pytest.raises(VersionError):
        wm.enqueue_unique_periodic_work("p", __import__("wmkit").ExistingPeriodicWorkPolicy.KEEP,
                                        periodic)  # fmt: skip
    assert wm.get_work_info_by_id(request.id) is None
    assert wm.get_work_infos_for_unique_work("p") == []


# ------------------------------------- TestDriver.stopRunningWorkWithReason (2.11)


@pytest.mark.parametrize("release", ["2.9", "2.10"])
def test_the_test_driver_stop_is_refused_before_2_11(release: str) -> None:
    wm = WorkManager(androidx=release)
    request = OneTimeWorkRequest(OneMinute)
    wm.enqueue(request)
    wm.advance(timedelta(seconds=1))
    with pytest.raises(VersionError, match=r"2\.11\.0-beta01"):
        TestDriver(wm).stop_running_work_with_reason(request.id, StopReason.TIMEOUT)
    assert info_of(wm, request).state is State.RUNNING


# ---------------------------------------- Configuration exception handlers (2.10)


def test_the_exception_handlers_are_refused_on_2_9() -> None:
    config = Configuration.Builder().set_worker_execution_exception_handler(print).build()
    with pytest.raises(VersionError, match=r"2\.10\.0-alpha02"):
        WorkManager(androidx="2.9", configuration=config)
    init = Configuration.Builder().set_worker_initialization_exception_handler(print).build()
    with pytest.raises(VersionError, match="setWorkerInitializationExceptionHandler"):
        WorkManager(androidx="2.9", configuration=init)
    assert WorkManager(androidx="2.10", configuration=config).androidx == "2.10"


def test_update_work_takes_the_flag_and_is_refused_before_2_11() -> None:
    wm = WorkManager(androidx="2.11")
    request = OneTimeWorkRequest(Succeed, initial_delay=timedelta(hours=1))
    wm.enqueue(request)
    flagged = (
        OneTimeWorkRequest.Builder(Succeed)
        .set_id(request.id)
        .set_backoff_for_system_interruptions()
        .build()
    )
    wm.update_work(flagged)
    assert wm.describe_work(request.id) is not None
    assert wm._engine.table[request.id].backoff_on_system_interruptions  # type: ignore[attr-defined]
    older = WorkManager(androidx="2.10")
    older.enqueue(OneTimeWorkRequest.Builder(Succeed).set_id(request.id).build())
    with pytest.raises(VersionError):
        older.update_work(flagged)
