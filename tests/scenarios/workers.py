"""Workers, constants and look-up helpers shared by the scenario tests.

Every worker here records itself in ``RUNS`` when its ``do_work`` is called and in
``STOPPED`` when its ``on_stopped`` is called, so a test can read what the worker saw
(its own ``run_attempt_count``, its input) and how often it was stopped. The autouse
fixture in ``conftest.py`` empties both lists around each test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from wmkit import Data, Result, Worker, WorkInfo, WorkManager

SECOND = 1_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
LONG_MAX = 2**63 - 1  # Long.MAX_VALUE: next_schedule_time_millis unless ENQUEUED (§4)
NOT_STOPPED = -256
UNKNOWN = -512

State = WorkInfo.State


@dataclass(frozen=True)
class Run:
    """One call of a worker's ``do_work``: the instance and what it saw then."""

    worker: Worker
    run_attempt_count: int
    input_data: Data


RUNS: list[Run] = []
STOPPED: list[Worker] = []


class Recording(Worker):
    """Records each run and each on_stopped call; subclasses choose the outcome."""

    def do_work(self) -> Result | None:
        RUNS.append(Run(self, self.run_attempt_count, self.input_data))
        return self.outcome()

    def outcome(self) -> Result | None:
        return Result.success()

    def on_stopped(self) -> None:
        STOPPED.append(self)


class Succeed(Recording):
    """Succeeds at once with no output."""


class Echo(Recording):
    """Succeeds at once with its input as its output."""

    def outcome(self) -> Result | None:
        return Result.success(self.input_data)


class Fail(Recording):
    """Fails at once with no output."""

    def outcome(self) -> Result | None:
        return Result.failure()


class FailWithReason(Recording):
    """Fails at once with output ``{"reason": "disk full"}``."""

    def outcome(self) -> Result | None:
        return Result.failure(Data({"reason": "disk full"}))


class ReturnsNone(Recording):
    """Returns None from do_work, which Android counts as a failure."""

    def outcome(self) -> Result | None:
        return None


RAISED_MESSAGE = "upload exploded: HTTP 503"


class Raises(Recording):
    """Raises a RuntimeError from do_work."""

    def outcome(self) -> Result | None:
        raise RuntimeError(RAISED_MESSAGE)


class AlwaysRetry(Recording):
    """Asks for a retry on every attempt."""

    def outcome(self) -> Result | None:
        return Result.retry()


class RetryTwice(Recording):
    """Retries on its first two attempts, then succeeds."""

    def outcome(self) -> Result | None:
        return Result.retry() if self.run_attempt_count < 2 else Result.success()


class RetryFirstAttempt(Recording):
    """Retries when its run_attempt_count is 0, succeeds otherwise."""

    def outcome(self) -> Result | None:
        return Result.retry() if self.run_attempt_count == 0 else Result.success()


class Slow10s(Succeed):
    """Succeeds 10 seconds after it starts."""

    duration = timedelta(seconds=10)


class Slow20s(Succeed):
    """Succeeds 20 seconds after it starts."""

    duration = timedelta(seconds=20)


class Slow30s(Succeed):
    """Succeeds 30 seconds after it starts."""

    duration = timedelta(seconds=30)


class SlowFail30s(Fail):
    """Fails 30 seconds after it starts."""

    duration = timedelta(seconds=30)


class SlowRetry30s(AlwaysRetry):
    """Asks for a retry 30 seconds after it starts."""

    duration = timedelta(seconds=30)


class OneMinute(Succeed):
    """Succeeds one minute after it starts."""

    duration = timedelta(minutes=1)


class TenMinutes(Succeed):
    """Succeeds exactly 10 minutes (600 000 ms) after it starts."""

    duration = timedelta(minutes=10)


class ElevenMinutes(Succeed):
    """Would succeed 11 minutes after it starts: longer than the 10-minute window."""

    duration = timedelta(minutes=11)


def class_tag(cls: type) -> str:
    """The implicit tag every request of ``cls`` carries (Android's class name)."""
    return f"{cls.__module__}.{cls.__qualname__}"


def same_id(a: object, b: object) -> bool:
    """Whether two work ids (UUID, or a string form of one) name the same work."""
    return a is not None and b is not None and str(a) == str(b)


def runs_of(work_id: UUID) -> list[Run]:
    """Every do_work call of the work ``work_id``, oldest first."""
    return [run for run in RUNS if same_id(run.worker.id, work_id)]


def stop_calls(worker: Worker) -> int:
    """How many times ``worker.on_stopped`` was called."""
    return sum(stopped is worker for stopped in STOPPED)


def events_of(manager: WorkManager, work_id: UUID, kind: str | None = None) -> list:
    """The trace events of ``work_id`` (only those of ``kind`` if given), oldest first."""
    return [
        event
        for event in manager.trace
        if same_id(event.work_id, work_id) and (kind is None or event.kind == kind)
    ]


def starts(manager: WorkManager, work_id: UUID) -> list[int]:
    """The virtual instants at which runs of ``work_id`` started."""
    return [event.millis for event in events_of(manager, work_id, "started")]


def info_of(manager: WorkManager, request) -> WorkInfo:
    """The current WorkInfo of a request (fails the test if the work is unknown)."""
    info = manager.get_work_info_by_id(request.id)
    assert info is not None, f"work {request.id} is not stored"
    return info


def state_of(manager: WorkManager, request) -> State:
    """The current state of a request's work."""
    return info_of(manager, request).state
