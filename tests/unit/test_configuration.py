"""``Configuration``'s exception handlers (androidx 2.10+): called with a
``WorkerExceptionInfo`` when a worker cannot be made or its ``do_work`` raises, before
the work is FAILED; never for a merger, a stop or a cancel; their own errors are logged."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    ArrayCreatingInputMerger,
    Configuration,
    Data,
    IllegalArgumentError,
    OneTimeWorkRequest,
    Result,
    State,
    Worker,
    WorkerExceptionInfo,
    WorkManager,
)


class Raises(Worker):
    def do_work(self) -> Result:
        raise ConnectionError("server down")


class CannotBeMade(Worker):
    def __init__(self) -> None:
        raise RuntimeError("no such file")

    def do_work(self) -> Result:
        return Result.success()


class Slow(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


class IntOut(Worker):
    def do_work(self) -> Result:
        return Result.success(Data.Builder().put_int("n", 1).build())


class LongOut(Worker):
    def do_work(self) -> Result:
        return Result.success({"n": 2})


def _manager(seen: list, **kwargs) -> WorkManager:
    config = (
        Configuration.Builder()
        .set_worker_execution_exception_handler(lambda info: seen.append(("run", info)))
        .set_worker_initialization_exception_handler(lambda info: seen.append(("make", info)))
        .build()
    )
    return WorkManager(configuration=config, **kwargs)


def test_a_raising_do_work_reaches_the_execution_handler() -> None:
    seen: list = []
    wm = _manager(seen)
    request = OneTimeWorkRequest(Raises, input_data={"file": "a.jpg"}, tags=["upload"])
    wm.enqueue(request)
    wm.advance(timedelta(0))
    ((kind, info),) = seen
    assert kind == "run" and isinstance(info, WorkerExceptionInfo)
    assert info.worker_class_name == f"{__name__}.Raises"
    assert isinstance(info.throwable, ConnectionError)
    assert info.worker_parameters.id == request.id
    assert info.worker_parameters.input_data == Data({"file": "a.jpg"})
    assert "upload" in info.worker_parameters.tags
    assert info.worker_parameters.run_attempt_count == 0
    assert wm.get_work_info_by_id(request.id).state is State.FAILED  # type: ignore[union-attr]


def test_the_handler_runs_before_the_work_is_failed() -> None:
    """WorkerWrapper calls it in runWorker, before launch() calls setFailed."""
    states: list = []

    def watch(info: WorkerExceptionInfo) -> None:
        states.append(wm.get_work_info_by_id(info.worker_parameters.id).state)  # type: ignore[union-attr]

    wm = WorkManager(configuration=Configuration(worker_execution_exception_handler=watch))
    wm.enqueue(OneTimeWorkRequest(Raises))
    wm.advance(timedelta(0))
    assert states == [State.RUNNING]


def test_a_worker_that_cannot_be_made_reaches_the_initialization_handler() -> None:
    seen: list = []
    wm = _manager(seen)
    request = OneTimeWorkRequest(CannotBeMade)
    wm.enqueue(request)
    wm.advance(timedelta(0))
    ((kind, info),) = seen
    assert kind == "make" and isinstance(info.throwable, RuntimeError)
    assert wm.get_work_info_by_id(request.id).state is State.FAILED  # type: ignore[union-attr]


def test_no_handler_hears_of_a_merger_a_stop_or_a_cancel() -> None:
    seen: list = []
    wm = _manager(seen)
    merged = OneTimeWorkRequest(Slow, input_merger=ArrayCreatingInputMerger)
    wm.begin_with([OneTimeWorkRequest(IntOut), OneTimeWorkRequest(LongOut)]).then(merged).enqueue()
    slow = OneTimeWorkRequest(Slow)
    wm.enqueue(slow)
    wm.advance(timedelta(seconds=1))
    wm.cancel_work_by_id(slow.id)
    assert wm.get_work_info_by_id(merged.id).state is State.FAILED  # type: ignore[union-attr]
    assert seen == []


def test_a_handler_that_raises_is_logged_and_the_work_still_fails() -> None:
    def broken(info: WorkerExceptionInfo) -> None:
        raise ValueError("handler bug")

    wm = WorkManager(configuration=Configuration(worker_execution_exception_handler=broken))
    request = OneTimeWorkRequest(Raises)
    wm.enqueue(request)
    events = wm.advance(timedelta(0))
    assert wm.get_work_info_by_id(request.id).state is State.FAILED  # type: ignore[union-attr]
    errors = [e for e in events if e.kind == "error"]
    assert len(errors) == 1 and "handler bug" in str(errors[0].detail)


def test_a_handler_must_be_callable() -> None:
    with pytest.raises(IllegalArgumentError, match="worker_execution_exception_handler"):
        Configuration(worker_execution_exception_handler=42)  # type: ignore[arg-type]
    with pytest.raises(IllegalArgumentError, match=r"Configuration\.Builder"):
        WorkManager(configuration={"handler": print})  # type: ignore[arg-type]


def test_a_configuration_says_which_calls_it_uses() -> None:
    assert Configuration().apis_used() == []
    both = (
        Configuration.Builder()
        .set_worker_execution_exception_handler(print)
        .set_worker_initialization_exception_handler(print)
        .build()
    )
    assert both.apis_used() == [
        "set_worker_execution_exception_handler",
        "set_worker_initialization_exception_handler",
    ]
