"""Workers shared by the widget tests, each with one obvious behaviour."""

from __future__ import annotations

from datetime import timedelta

from wmkit import Data, Result, Worker

SECOND = 1_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR


class Quick(Worker):
    """Succeeds 30 s after it starts with output ``{"n": 1}``."""

    duration = timedelta(seconds=30)

    def do_work(self) -> Result:
        return Result.success(Data({"n": 1}))


class City(Worker):
    """Succeeds at once, passing its input on as its output."""

    def do_work(self) -> Result:
        return Result.success(self.input_data)


class Flaky(Worker):
    """Asks for a retry twice (10 s runs), then succeeds."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.retry() if self.run_attempt_count < 2 else Result.success()


class Boom(Worker):
    """Raises, as a student's buggy worker would."""

    def do_work(self) -> Result:
        raise RuntimeError("disk full")


class Slow(Worker):
    """Runs for 2 minutes, then succeeds."""

    duration = timedelta(minutes=2)

    def do_work(self) -> Result:
        return Result.success()
