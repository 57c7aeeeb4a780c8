"""Unit tests for wmkit.engine.runner: one run of one worker, and the outcome it reports."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from typing import Any, ClassVar

from wmkit import CoroutineWorker, Data, OneTimeWorkRequest, Result, StopReason, Worker
from wmkit.engine.interrupts import Interrupts
from wmkit.engine.runner import Crashed, Done, Run, Runner, Sleeping


class Quick(Worker):
    def do_work(self) -> Result:
        return Result.success()


class Minute(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.retry()


class ReturnsNone(Worker):
    def do_work(self) -> Any:
        return None


class Raises(Worker):
    def do_work(self) -> Result:
        raise ValueError("bad input")


class BadDuration(Worker):
    def do_work(self) -> Result:
        self.duration = 5  # type: ignore[assignment]
        return Result.success()


class Unmakeable(Worker):
    def __init__(self) -> None:
        raise RuntimeError("no database")

    def do_work(self) -> Result:
        return Result.success()


class Napper(CoroutineWorker):
    async def do_work(self) -> Result:
        await self.set_progress({"p": 1})
        await self.sleep(timedelta(seconds=0))
        await self.sleep(timedelta(seconds=30))
        return Result.success({"slept": True})


class Forgot(CoroutineWorker):
    def do_work(self) -> Result:  # type: ignore[override]
        return Result.success()


class AsyncioSleeper(CoroutineWorker):
    async def do_work(self) -> Result:
        await asyncio.sleep(0)  # yields to an event loop that is not there
        return Result.success()


class Cleanup(Worker):
    duration = timedelta(minutes=1)
    stopped: ClassVar[list[int]] = []

    def do_work(self) -> Result:
        return Result.success()

    def on_stopped(self) -> None:
        Cleanup.stopped.append(self.stop_reason)
        raise OSError("cleanup failed")


def start(cls: type, now: int = 0) -> tuple[Any, Run, list[Data]]:
    progress: list[Data] = []
    runner = Runner(random.Random(0), lambda worker, data: progress.append(data), Interrupts())
    spec = OneTimeWorkRequest(cls).work_spec
    worker = runner.create(cls, spec, Data({"i": 1}), 2)
    assert not isinstance(worker, Crashed)
    run = Run(spec, now, 0, False, worker)
    return runner.start(run, now), run, progress


def test_a_worker_is_made_with_its_parameters_before_init() -> None:
    """create() fills id, tags, input and the attempt count before this run."""
    runner = Runner(random.Random(0), lambda worker, data: None, Interrupts())
    spec = OneTimeWorkRequest(Quick, tags=["t"]).work_spec
    worker = runner.create(Quick, spec, Data({"i": 1}), 2)
    assert isinstance(worker, Quick)
    assert (worker.id, worker.tags, worker.run_attempt_count) == (spec.id, spec.tags, 2)
    assert worker.input_data == Data({"i": 1}) and not worker.is_stopped


def test_a_zero_duration_result_is_the_outcome_itself() -> None:
    outcome, _, _ = start(Quick)
    assert outcome is Result.success()


def test_a_duration_delays_the_result() -> None:
    outcome, _, _ = start(Minute)
    assert outcome == Done(Result.retry(), None, 60_000)


def test_none_is_a_failure_with_an_explanation() -> None:
    outcome, _, _ = start(ReturnsNone)
    assert isinstance(outcome, Done) and outcome.result == Result.failure()
    assert "returned None, which counts as Result.failure()" in (outcome.note or "")


def test_an_exception_is_a_crash_with_its_traceback() -> None:
    outcome, _, _ = start(Raises)
    assert isinstance(outcome, Crashed)
    assert outcome.text.startswith("Raises.do_work raised ValueError: bad input")
    assert "Traceback" in outcome.text


def test_a_duration_that_is_not_a_timedelta_is_a_crash_naming_the_class() -> None:
    outcome, _, _ = start(BadDuration)
    assert isinstance(outcome, Crashed) and "BadDuration.duration" in outcome.text


def test_a_worker_whose_init_raises_is_not_made() -> None:
    runner = Runner(random.Random(0), lambda worker, data: None, Interrupts())
    made = runner.create(Unmakeable, OneTimeWorkRequest(Unmakeable).work_spec, Data.EMPTY, 0)
    assert isinstance(made, Crashed)
    assert made.text.startswith("creating Unmakeable raised RuntimeError: no database")


def test_a_coroutine_sleeps_until_an_instant_and_is_resumed() -> None:
    """Progress goes through the callback; a sleep that already ended is passed at once."""
    outcome, run, progress = start(Napper, now=1_000)
    assert outcome == Sleeping(31_000, 1) and progress == [Data({"p": 1})]
    runner = Runner(random.Random(0), lambda worker, data: None, Interrupts())
    assert runner.resume(run, 31_000) == Done(Result.success({"slept": True}), None)


def test_a_coroutine_worker_without_async_counts_its_return_value() -> None:
    outcome, _, _ = start(Forgot)
    assert outcome == Done(Result.success(), None)


def test_awaiting_anything_but_a_virtual_sleep_is_a_crash() -> None:
    outcome, _, _ = start(AsyncioSleeper)
    assert isinstance(outcome, Crashed) and "not asyncio.sleep" in outcome.text


def test_stopping_calls_on_stopped_once_and_reports_its_error() -> None:
    _, run, _ = start(Cleanup)
    runner = Runner(random.Random(0), lambda worker, data: None, Interrupts())
    reports: list[str] = []
    Cleanup.stopped.clear()
    runner.stop(run, int(StopReason.TIMEOUT), reports.append)
    runner.stop(run, int(StopReason.TIMEOUT), reports.append)
    assert Cleanup.stopped == [StopReason.TIMEOUT] and run.worker.is_stopped
    assert len(reports) == 1 and "Cleanup.on_stopped raised OSError" in reports[0]
