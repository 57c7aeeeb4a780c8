"""Workers: the student's code that a work runs, and the ``Result`` it returns.

Life cycle of one run (Android's ``WorkerWrapper``): the scheduler makes a *new*
instance, fills in its parameters (``id``, ``tags``, ``input_data`` after merging,
``run_attempt_count`` as it was *before* this run), then calls ``do_work``.

* ``Worker.do_work`` runs at once; its result applies ``duration`` of virtual time later.
* ``CoroutineWorker.do_work`` is ``async``: ``await self.sleep(...)`` suspends it on
  the virtual clock.

If the run is stopped first (cancel, constraint lost, 10-minute limit, Doze), the
worker's ``on_stopped`` is called once, ``is_stopped`` becomes True, and its result is
ignored, as on Android.

>>> class Hello(Worker):
...     def do_work(self):
...         return Result.success({"greeting": "hi " + self.input_data.get_string("name")})
>>> Result.retry()
Result.retry()
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Generator
from datetime import timedelta
from typing import Any

from .. import registry
from ..enums import StopReason
from ..errors import IllegalArgumentError
from ..units import to_millis
from .data import Data


class Result:
    """What ``do_work`` returns: ``success``, ``failure`` (both may carry Data) or ``retry``."""

    __slots__ = ("kind", "output_data")

    SUCCESS = "success"
    FAILURE = "failure"
    RETRY = "retry"

    def __init__(self, kind: str, output_data: Data) -> None:
        self.kind = kind
        self.output_data = output_data

    @staticmethod
    def success(data: Data | dict | None = None) -> Result:
        """The work is done; ``data`` becomes its output (one-time work only keeps it)."""
        return _SUCCESS if data is None else Result(Result.SUCCESS, _as_data(data))

    @staticmethod
    def failure(data: Data | dict | None = None) -> Result:
        """The work failed for good; every dependent fails with it."""
        return _FAILURE if data is None else Result(Result.FAILURE, _as_data(data))

    @staticmethod
    def retry() -> Result:
        """Run again later, after the backoff delay."""
        return _RETRY

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Result)
            and self.kind == other.kind
            and self.output_data == other.output_data
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.output_data))

    def __repr__(self) -> str:
        if self.kind == Result.RETRY:
            return "Result.retry()"
        if len(self.output_data) == 0:
            return f"Result.{self.kind}()"
        return f"Result.{self.kind}({self.output_data!r})"


def _as_data(data: Data | dict) -> Data:
    if isinstance(data, Data):
        return data
    if isinstance(data, dict):
        return Data(data)
    raise IllegalArgumentError(
        f"A Result carries Data or a dict, got {data!r} ({type(data).__name__})."
    )


_SUCCESS = Result(Result.SUCCESS, Data.EMPTY)
_FAILURE = Result(Result.FAILURE, Data.EMPTY)
_RETRY = Result(Result.RETRY, Data.EMPTY)


#: Reads of ``is_stopped`` at one virtual instant after which a run is taken to be
#: stuck in a polling loop (a tight loop makes them in a few milliseconds).
MAX_STOP_POLLS = 10_000
_NOT_STOPPED = int(StopReason.NOT_STOPPED)


class PollingLoop(BaseException):
    """A run read ``is_stopped`` :data:`MAX_STOP_POLLS` times without virtual time
    passing. A ``BaseException``, so the ``except Exception`` of a student's loop does
    not swallow it; the engine's runner turns it into the run's failure, explained."""

    def __init__(self, worker: str, polls: int) -> None:
        super().__init__(worker, polls)
        self.worker = worker
        self.polls = polls

    def explain(self, coroutine: bool) -> str:
        where = "between two awaits of" if coroutine else "inside"
        fix = (
            "await self.sleep(...) inside the loop, so that virtual time passes"
            if coroutine
            else "make it a CoroutineWorker and await self.sleep(...) inside the loop"
        )
        return (
            f"{self.worker}.do_work read self.is_stopped {self.polls:,} times {where} one "
            "virtual instant, and it can never change there: virtual time stands still "
            f"while do_work runs, so nothing can stop the run. The loop would never end; "
            f"wmkit ended the run. To wait for a stop, {fix}."
        )


class ListenableWorker:
    """What every worker has: its parameters, progress, and the stop API.

    Subclass :class:`Worker` or :class:`CoroutineWorker`, not this class.
    """

    #: Virtual time one run takes (a ``timedelta``). A run that reaches 10 minutes is
    #: stopped with ``StopReason.TIMEOUT``, as JobScheduler does.
    duration: timedelta = timedelta(0)

    # Set by the engine before __init__ runs, so a subclass's __init__ may read them.
    id: uuid.UUID
    tags: frozenset[str]
    input_data: Data
    run_attempt_count: int
    generation: int
    random: random.Random
    _stop_reason: int = _NOT_STOPPED  # until the run is stopped
    #: Where published progress goes: set by the engine's runner for each run.
    _report_progress: Callable[[ListenableWorker, Data], None]
    #: Reads of ``is_stopped`` at the current instant (the runner resets it).
    _stop_polls = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__module__ != __name__:
            registry.register(cls)

    def __init__(self) -> None:
        """A subclass may override this (taking no arguments) to prepare per-run state."""

    @property
    def is_stopped(self) -> bool:
        """True once the run has been stopped; the result will be ignored.

        On the virtual clock it cannot change while ``do_work`` runs (or between two
        awaits of a coroutine): time stands still there. A loop that keeps polling it
        would never end, so the run is ended with an error after
        :data:`MAX_STOP_POLLS` reads at one instant."""
        if self._stop_reason != _NOT_STOPPED:
            return True
        polls = self._stop_polls = self._stop_polls + 1
        if polls > MAX_STOP_POLLS:
            raise PollingLoop(type(self).__qualname__, polls)
        return False

    @property
    def stop_reason(self) -> int:
        """Why the run was stopped (a ``StopReason`` value), ``NOT_STOPPED`` while running."""
        return self._stop_reason

    def on_stopped(self) -> None:
        """Called once when the run is stopped. Override it to clean up."""

    def _publish_progress(self, data: Data | dict) -> None:
        data = _as_data(data)
        if self._stop_reason == _NOT_STOPPED:  # a stopped run's progress is dropped
            self._report_progress(self, data)


class Worker(ListenableWorker):
    """A worker whose ``do_work`` returns its ``Result`` directly.

    ``do_work`` is called when the run starts; the result takes effect ``duration``
    later (set ``self.duration`` inside ``do_work`` to vary it per run).
    """

    def do_work(self) -> Result:
        raise NotImplementedError(
            f"{type(self).__qualname__} must define do_work(self) returning a Result."
        )

    def set_progress(self, data: Data | dict) -> None:
        """Publish progress, visible in ``WorkInfo.progress`` while the work runs."""
        self._publish_progress(data)


class Sleep:
    """What ``await self.sleep(...)`` hands the engine: resume after ``millis``."""

    __slots__ = ("millis",)

    def __init__(self, millis: int) -> None:
        self.millis = millis

    def __await__(self) -> Generator[Sleep, None, None]:
        yield self


class _Done:
    """An awaitable that completes at once (``await self.set_progress(...)``)."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, None]:
        return
        yield  # makes this a generator; never reached


class CoroutineWorker(ListenableWorker):
    """A worker whose ``do_work`` is ``async`` and can wait on the virtual clock.

    >>> class Sync(CoroutineWorker):
    ...     async def do_work(self):
    ...         await self.sleep(timedelta(minutes=2))
    ...         await self.set_progress({"percent": 50})
    ...         return Result.success()
    """

    async def do_work(self) -> Result:
        raise NotImplementedError(
            f"{type(self).__qualname__} must define `async def do_work(self)` returning a Result."
        )

    def sleep(self, delta: timedelta) -> Sleep:
        """Suspend for ``delta`` of virtual time: ``await self.sleep(timedelta(minutes=2))``."""
        return Sleep(to_millis(delta, name="sleep()"))

    def set_progress(self, data: Data | dict) -> _Done:
        """Publish progress: ``await self.set_progress({"percent": 50})``."""
        self._publish_progress(data)
        return _Done()


def check_worker_class(cls: Any) -> type[ListenableWorker]:
    """Refuse anything that is not a Worker or CoroutineWorker subclass, at the call."""
    if not (isinstance(cls, type) and issubclass(cls, ListenableWorker)):
        raise IllegalArgumentError(
            f"Expected a Worker or CoroutineWorker subclass, got {cls!r}. "
            "Define `class MyWorker(Worker): def do_work(self): ...` and pass MyWorker."
        )
    if cls in (ListenableWorker, Worker, CoroutineWorker):
        raise IllegalArgumentError(
            f"{cls.__name__} itself does no work: subclass it and define do_work()."
        )
    return cls
