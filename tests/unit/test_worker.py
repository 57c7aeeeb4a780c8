"""Unit tests for wmkit.work.worker: Result values, the worker API and worker-class checks."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from wmkit import (
    CoroutineWorker,
    Data,
    ListenableWorker,
    OneTimeWorkRequest,
    Result,
    StopReason,
    Worker,
    WorkManager,
    registry,
)
from wmkit.errors import IllegalArgumentError
from wmkit.work.worker import Sleep, check_worker_class


class Plain(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


class Forgetful(Worker):
    """Defines no do_work."""


class Progressing(CoroutineWorker):
    """Sleeps 2 min, reports progress, sleeps 30 s, succeeds."""

    async def do_work(self) -> Result:
        await self.sleep(timedelta(minutes=2))
        await self.set_progress({"percent": 50})
        await self.sleep(timedelta(seconds=30))
        return Result.success({"done": True})


class FakeEngine:
    """Records the progress a worker publishes, as the engine's report_progress would."""

    def __init__(self) -> None:
        self.progress: list[Data] = []

    def report_progress(self, worker: Any, data: Data) -> None:
        self.progress.append(data)


def prepared(cls: type[ListenableWorker]) -> tuple[Any, FakeEngine]:
    """A worker instance with the fields the engine fills in before a run."""
    engine = FakeEngine()
    worker = cls.__new__(cls)
    worker.id = uuid.UUID(int=1)
    worker.tags = frozenset()
    worker.input_data = Data.EMPTY
    worker.run_attempt_count = 0
    worker._stop_reason = int(StopReason.NOT_STOPPED)
    worker._report_progress = engine.report_progress
    return worker, engine


# --- Result ------------------------------------------------------------------------------


def test_results_of_the_same_kind_and_data_are_equal() -> None:
    """success() equals success(Data.EMPTY) and success({}) ; equal results hash alike."""
    assert Result.success() == Result.success(Data.EMPTY) == Result.success({})
    assert hash(Result.success()) == hash(Result.success(Data.EMPTY))
    assert Result.success({"a": 1}) == Result.success(Data({"a": 1}))
    assert Result.failure() == Result.failure(Data.EMPTY)
    assert Result.retry() == Result.retry()


def test_results_differ_by_kind_and_data() -> None:
    """success, failure and retry differ from each other; different data differ too."""
    assert Result.success() != Result.failure()
    assert Result.success() != Result.retry()
    assert Result.failure() != Result.retry()
    assert Result.success({"a": 1}) != Result.success({"a": 2})
    assert Result.success() != "success"


def test_result_kinds_and_data() -> None:
    """A Result's kind is 'success', 'failure' or 'retry'; its output_data is EMPTY by default."""
    assert (Result.success().kind, Result.failure().kind, Result.retry().kind) == (
        "success",
        "failure",
        "retry",
    )
    assert Result.retry().output_data == Data.EMPTY
    assert Result.failure({"reason": "disk full"}).output_data == Data({"reason": "disk full"})


@pytest.mark.parametrize(
    ("result", "text"),
    [
        (Result.success(), "Result.success()"),
        (Result.failure(), "Result.failure()"),
        (Result.retry(), "Result.retry()"),
        (Result.success({"url": "u"}), "Result.success(Data({'url': 'u'}))"),
        (Result.failure({"n": 2}), "Result.failure(Data({'n': 2}))"),
    ],
)
def test_result_repr_is_valid_python(result: Result, text: str) -> None:
    """repr(Result) is the call that makes it, and evaluates back to an equal Result."""
    assert repr(result) == text
    assert eval(text, {"Result": Result, "Data": Data}) == result


def test_result_refuses_data_of_another_type() -> None:
    """Result.success(5) is refused: a Result carries Data or a dict."""
    with pytest.raises(IllegalArgumentError) as caught:
        Result.success(5)  # type: ignore[arg-type]
    assert str(caught.value) == "A Result carries Data or a dict, got 5 (int)."


# --- CoroutineWorker awaitables -------------------------------------------------------------


def test_sleep_is_an_awaitable_of_virtual_milliseconds() -> None:
    """self.sleep(2 min) is a Sleep of 120 000 ms that yields itself once when awaited."""
    worker, _ = prepared(Progressing)
    sleep = worker.sleep(timedelta(minutes=2))
    assert isinstance(sleep, Sleep)
    assert sleep.millis == 120_000
    steps = sleep.__await__()
    assert next(steps) is sleep
    with pytest.raises(StopIteration):
        next(steps)


def test_sleep_refuses_a_number_and_a_negative_duration() -> None:
    """sleep(5) and sleep(-1 s) are refused at the call."""
    worker, _ = prepared(Progressing)
    with pytest.raises(IllegalArgumentError, match=r"sleep\(\) must be a datetime\.timedelta"):
        worker.sleep(5)
    with pytest.raises(IllegalArgumentError, match=r"sleep\(\) must not be negative"):
        worker.sleep(timedelta(seconds=-1))


def test_coroutine_do_work_suspends_only_on_sleeps() -> None:
    """Driving do_work yields each Sleep in turn; set_progress completes at once and publishes."""
    worker, engine = prepared(Progressing)
    coro = worker.do_work()
    first = coro.send(None)
    assert isinstance(first, Sleep) and first.millis == 120_000
    assert engine.progress == []
    second = coro.send(None)
    assert isinstance(second, Sleep) and second.millis == 30_000
    assert engine.progress == [Data({"percent": 50})]
    with pytest.raises(StopIteration) as done:
        coro.send(None)
    assert done.value.value == Result.success({"done": True})


def test_progress_of_a_stopped_worker_is_dropped() -> None:
    """After a stop, set_progress publishes nothing."""
    worker, engine = prepared(Progressing)
    worker._stop_reason = int(StopReason.CANCELLED_BY_APP)
    list(worker.set_progress({"percent": 10}).__await__())
    assert engine.progress == []


def test_sync_worker_set_progress_publishes_a_dict_as_data() -> None:
    """Worker.set_progress({...}) publishes the dict as Data and returns None."""
    worker, engine = prepared(Plain)
    assert worker.set_progress({"percent": 5}) is None
    assert engine.progress == [Data({"percent": 5})]


def test_stop_state_of_a_fresh_and_a_stopped_worker() -> None:
    """A running worker is not stopped (NOT_STOPPED); once stopped it reports its reason."""
    worker, _ = prepared(Plain)
    assert (worker.is_stopped, worker.stop_reason) == (False, StopReason.NOT_STOPPED)
    worker._stop_reason = int(StopReason.TIMEOUT)
    assert (worker.is_stopped, worker.stop_reason) == (True, StopReason.TIMEOUT)


def test_default_duration_is_zero() -> None:
    """A worker's run takes no virtual time unless it sets duration."""
    assert Worker.duration == timedelta(0)
    assert Plain.duration == timedelta(0)


# --- worker classes --------------------------------------------------------------------------


def test_check_worker_class_returns_a_valid_class() -> None:
    """A Worker or CoroutineWorker subclass is returned as is."""
    assert check_worker_class(Plain) is Plain
    assert check_worker_class(Progressing) is Progressing


@pytest.mark.parametrize("value", [Plain(), dict, "Plain", None, Data])
def test_check_worker_class_refuses_what_is_not_a_worker_subclass(value: object) -> None:
    """An instance, another class, a name or None is refused, showing how to define a worker."""
    with pytest.raises(IllegalArgumentError) as caught:
        check_worker_class(value)
    assert str(caught.value) == (
        f"Expected a Worker or CoroutineWorker subclass, got {value!r}. "
        "Define `class MyWorker(Worker): def do_work(self): ...` and pass MyWorker."
    )


@pytest.mark.parametrize("base", [ListenableWorker, Worker, CoroutineWorker])
def test_check_worker_class_refuses_the_base_classes(base: type) -> None:
    """The base classes themselves do no work and are refused by name."""
    with pytest.raises(IllegalArgumentError) as caught:
        check_worker_class(base)
    assert str(caught.value) == (
        f"{base.__name__} itself does no work: subclass it and define do_work()."
    )


def test_defining_a_worker_registers_it_by_qualified_name() -> None:
    """A Worker subclass is found in the registry under module.QualName once defined."""
    assert registry.lookup(f"{__name__}.Plain") is Plain
    assert registry.lookup(f"{__name__}.Progressing") is Progressing


def test_a_worker_without_do_work_fails_with_a_hint() -> None:
    """Running a worker that defines no do_work makes the work FAILED, saying what to define."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Forgetful)
    manager.enqueue(request)
    kinds = [event.kind for event in manager.advance(timedelta(0))]
    assert kinds == ["started", "failed"]
    assert manager.get_work_info_by_id(request.id).state.name == "FAILED"
    assert "Forgetful must define do_work(self) returning a Result." in manager.explain(request.id)
