"""CoroutineWorker: suspending on the virtual clock and reporting progress (digest §2, §16, §18)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import BackoffPolicy, CoroutineWorker, Data, OneTimeWorkRequest, Result, StopReason

from .workers import (
    HOUR,
    MINUTE,
    RUNS,
    STOPPED,
    Run,
    State,
    events_of,
    info_of,
    runs_of,
    starts,
    stop_calls,
)


class _Recording(CoroutineWorker):
    def _record(self) -> None:
        RUNS.append(Run(self, self.run_attempt_count, self.input_data))

    def on_stopped(self) -> None:
        STOPPED.append(self)


class HalfwayProgress(_Recording):
    """Sleeps 1 min, reports 50 %, sleeps 1 min more, succeeds with output."""

    async def do_work(self) -> Result:
        self._record()
        await self.sleep(timedelta(minutes=1))
        await self.set_progress({"percent": 50})
        await self.sleep(timedelta(minutes=1))
        return Result.success(Data({"done": True}))


class SleepThenRetry(_Recording):
    """Sleeps 1 min, then asks for a retry."""

    async def do_work(self) -> Result:
        self._record()
        await self.sleep(timedelta(minutes=1))
        return Result.retry()


class SleepThenRaise(_Recording):
    """Sleeps 1 min, then raises."""

    async def do_work(self) -> Result:
        self._record()
        await self.sleep(timedelta(minutes=1))
        raise ValueError("no route to photo server")


class Sleeps(_Recording):
    """Sleeps for its input's "minutes" (a string), then succeeds."""

    async def do_work(self) -> Result:
        self._record()
        await self.sleep(timedelta(minutes=int(self.input_data.get_string("minutes"))))
        return Result.success()


class ProgressThenOverrun(_Recording):
    """Reports 50 % then sleeps 11 minutes: longer than the 10-minute window."""

    async def do_work(self) -> Result:
        self._record()
        await self.set_progress({"percent": 50})
        await self.sleep(timedelta(minutes=11))
        return Result.success()


def _enqueue(manager, cls, **input_data):
    request = OneTimeWorkRequest.Builder(cls).set_input_data(input_data).build()
    manager.enqueue(request)
    return request


def test_sleeping_coroutine_finishes_on_the_virtual_clock(manager):
    """A worker that sleeps 1 min twice is RUNNING until 119 999 and SUCCEEDED at 120 000 (§2)."""
    request = _enqueue(manager, HalfwayProgress)
    manager.advance_to(2 * MINUTE - 1)
    assert info_of(manager, request).state is State.RUNNING
    manager.advance_to(2 * MINUTE)
    info = info_of(manager, request)
    assert info.state is State.SUCCEEDED
    assert info.output_data == Data({"done": True})
    assert [e.millis for e in events_of(manager, request.id, "succeeded")] == [2 * MINUTE]


def test_progress_is_visible_while_running(manager):
    """WorkInfo.progress is empty before set_progress and holds the latest value after it (§18)."""
    request = _enqueue(manager, HalfwayProgress)
    manager.advance(timedelta(seconds=30))
    assert info_of(manager, request).progress == Data.EMPTY
    manager.advance_to(90_000)
    info = info_of(manager, request)
    assert info.state is State.RUNNING
    assert info.progress.get("percent") == 50


def test_progress_is_cleared_when_the_run_finishes(manager):
    """The progress row is deleted when the run finishes normally (§18)."""
    request = _enqueue(manager, HalfwayProgress)
    manager.advance_to(2 * MINUTE)
    assert info_of(manager, request).progress == Data.EMPTY


def test_progress_is_kept_when_the_run_is_stopped(manager):
    """A run stopped by the 10-minute timeout keeps its progress while it waits to rerun (§18)."""
    request = (
        OneTimeWorkRequest.Builder(ProgressThenOverrun)
        .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(hours=1))
        .build()
    )
    manager.enqueue(request)
    manager.advance_to(10 * MINUTE)
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.TIMEOUT
    assert info.progress.get("percent") == 50
    assert info.next_schedule_time_millis == HOUR


def test_coroutines_sleep_side_by_side(manager):
    """Two workers sleeping 1 and 3 minutes from 0 finish at 60 000 and 180 000 (§2)."""
    short = _enqueue(manager, Sleeps, minutes="1")
    long = _enqueue(manager, Sleeps, minutes="3")
    manager.advance_to(3 * MINUTE)
    assert [e.millis for e in events_of(manager, short.id, "succeeded")] == [MINUTE]
    assert [e.millis for e in events_of(manager, long.id, "succeeded")] == [3 * MINUTE]


def test_coroutine_retry_backs_off_from_its_end(manager):
    """A retry returned after a 1-min sleep reruns at 60 000 + 30 000 (§4)."""
    request = _enqueue(manager, SleepThenRetry)
    manager.advance_to(MINUTE)
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 90_000
    manager.advance_to(90_000)
    assert starts(manager, request.id) == [0, 90_000]
    assert [run.run_attempt_count for run in runs_of(request.id)] == [0, 1]


def test_coroutine_that_raises_fails_when_it_raises(manager):
    """An exception after a 1-min sleep fails the work at 60 000 and is shown by explain (§2)."""
    request = _enqueue(manager, SleepThenRaise)
    manager.advance_to(MINUTE)
    assert info_of(manager, request).state is State.FAILED
    assert [e.millis for e in events_of(manager, request.id, "failed")] == [MINUTE]
    assert "no route to photo server" in manager.explain(request.id)


def test_cancelling_a_sleeping_coroutine_stops_it(manager):
    """Cancel during a sleep: on_stopped once, CANCELLED_BY_APP, result ignored (§9, §16)."""
    request = _enqueue(manager, HalfwayProgress)
    manager.advance(timedelta(seconds=30))
    manager.cancel_work_by_id(request.id)
    manager.advance(timedelta(minutes=5))
    (run,) = runs_of(request.id)
    assert run.worker.is_stopped
    assert stop_calls(run.worker) == 1
    info = info_of(manager, request)
    assert info.state is State.CANCELLED
    assert info.stop_reason == StopReason.CANCELLED_BY_APP
    assert info.output_data == Data.EMPTY
    assert events_of(manager, request.id, "succeeded") == []
