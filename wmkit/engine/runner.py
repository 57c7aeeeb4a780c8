"""The runner: carries out one run of one worker and says how it ended.

The engine decides *when* a work runs; the runner makes the worker (a fresh instance
per run, its parameters filled in before ``__init__``, as Android's ``WorkerWrapper``
does), calls ``do_work`` or drives the coroutine, and turns whatever the student's code
did into an *outcome*:

* a :class:`~wmkit.work.worker.Result` — done now, nothing to add (the common case, so
  a zero-duration run allocates no outcome object);
* :class:`Done` — done, with an explanation (``do_work`` returned None, say) and/or
  after ``duration`` of virtual time;
* :class:`Sleeping` — a coroutine awaits ``self.sleep(...)`` until an instant;
* :class:`Crashed` — ``do_work`` (or creating the worker) raised: the traceback a
  student needs; the run counts as ``Result.failure()``.

Progress reaches the engine through the callback the runner is given, never through
a reference from the worker to the engine.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Coroutine
from typing import Any, NamedTuple

from .. import registry
from ..enums import StopReason
from ..units import to_millis
from ..work.data import Data
from ..work.mergers import OverwritingInputMerger, merge_inputs
from ..work.worker import CoroutineWorker, ListenableWorker, Result, Sleep

_NOT_STOPPED = int(StopReason.NOT_STOPPED)
_BASE_INIT = ListenableWorker.__init__
_new = object.__new__

ProgressCallback = Callable[[ListenableWorker, Data], None]


class Done(NamedTuple):
    """The run is done: its result applies ``after`` virtual ms from its start."""

    result: Result
    note: str | None
    after: int = 0


class Sleeping(NamedTuple):
    """A coroutine awaits a sleep: drive it again at ``until`` (the run's ``step``)."""

    until: int
    step: int


class Crashed(NamedTuple):
    """The student's code raised: ``text`` says what, with its traceback."""

    text: str


Outcome = Result | Done | Sleeping | Crashed


class Run:
    """A work's current execution: the worker instance and where it stands."""

    __slots__ = (
        "clock_at",
        "constraints",
        "coro",
        "ended",
        "expedited",
        "override_generation",
        "result",
        "resume_step",
        "spec",
        "started_at",
        "worker",
    )

    def __init__(
        self,
        spec: Any,
        started_at: int,
        override_generation: int,
        expedited: bool,
        worker: ListenableWorker,
    ) -> None:
        self.spec = spec
        # The constraints this run started with: an update_work() during the run applies
        # from the next run, so schedulers keep enforcing these (WorkerUpdater).
        self.constraints = spec.constraints
        self.worker = worker
        self.started_at = started_at
        self.clock_at = started_at  # a coroutine's own virtual time (its sleeps add up)
        self.override_generation = override_generation
        self.coro: Coroutine[Any, Any, Any] | None = None
        self.ended = False
        self.expedited = expedited  # runs as an expedited job (quota, Doze exemption)
        self.resume_step = 0
        self.result: tuple[Result, str | None] = (Result.success(), None)  # once known


class Runner:
    """Makes workers, calls them, and reads what they did."""

    def __init__(self, rng: Any, on_progress: ProgressCallback) -> None:
        self._rng = rng
        self._on_progress = on_progress
        # duration object -> ms: a class's duration is converted once, not per run.
        self._durations: dict[Any, int] = {}

    def merged_input(self, spec: Any, parents: list[Data]) -> Data:
        """A one-time work's input: its merger applied to ``[own input] + parents'
        outputs`` (``parents``: the outputs of its stored prerequisites)."""
        merger = spec.input_merger
        if merger is None:
            merger = registry.lookup(spec.input_merger_name)
            if merger is None:
                raise LookupError(
                    f"input merger {spec.input_merger_name} is not defined in this process; "
                    "run the cell that defines it"
                )
            spec.input_merger = merger  # resolved once: a runtime cache, not stored
        if merger is OverwritingInputMerger and not parents:
            return spec.input  # what merging [own input] alone gives, without the work
        return merge_inputs(merger(), [spec.input, *parents])

    def create(
        self, cls: type, spec: Any, input_data: Data, attempt: int
    ) -> ListenableWorker | Crashed:
        """A fresh worker for one run, its parameters set before its ``__init__`` runs
        (``attempt``: the run attempt count before this run). Crashed if it raised."""
        worker: ListenableWorker = _new(cls)
        worker.id = spec.id
        worker.tags = spec.tags
        worker.input_data = input_data
        worker.run_attempt_count = attempt
        worker.generation = spec.generation
        worker.random = self._rng
        worker._stop_reason = _NOT_STOPPED
        worker._report_progress = self._on_progress
        # No worker -> run reference: a cycle per run would leave every finished run to
        # the cyclic GC, which then dominates the cost of a long advance().
        if cls.__init__ is not _BASE_INIT:  # type: ignore[misc]
            try:
                cls.__init__(worker)  # type: ignore[misc]
            except Exception as error:
                return Crashed(describe_exception(error, f"creating {cls.__qualname__}"))
        return worker

    def start(self, run: Run, now: int) -> Outcome:
        """Call ``do_work`` for a new run (``now``: the instant being processed)."""
        worker = run.worker
        if isinstance(worker, CoroutineWorker):
            return self._start_coroutine(run, now)
        try:
            value = worker.do_work()  # type: ignore[attr-defined]
        except Exception as error:
            return Crashed(describe_exception(error, f"{type(worker).__qualname__}.do_work"))
        note = None
        if type(value) is not Result:
            value, note = normalise_result(value, worker)
        duration = worker.duration
        length = self._durations.get(duration)
        if length is None:
            try:
                length = to_millis(duration, name=f"{type(worker).__qualname__}.duration")
            except Exception as error:  # not a timedelta, or negative
                return Crashed(str(error))
            self._durations[duration] = length
        if length == 0 and note is None:
            return value
        return Done(value, note, length)

    def _start_coroutine(self, run: Run, now: int) -> Outcome:
        worker = run.worker
        try:
            coro = worker.do_work()  # type: ignore[attr-defined]
        except Exception as error:
            return Crashed(describe_exception(error, f"{type(worker).__qualname__}.do_work"))
        if not hasattr(coro, "send"):
            # Forgot `async`: take the returned value as the result.
            return Done(*normalise_result(coro, worker))
        run.coro = coro
        return self.resume(run, now)

    def resume(self, run: Run, now: int) -> Outcome:
        """Drive a coroutine until it awaits a sleep that ends after ``now``, or returns.
        A sleep that already ended (``sleep(0)``, or a run replayed from a checkpoint)
        is passed through at once."""
        worker = run.worker
        coro: Any = run.coro
        where = f"{type(worker).__qualname__}.do_work"
        while True:
            try:
                awaited = coro.send(None)
            except StopIteration as done:
                return Done(*normalise_result(done.value, worker))
            except Exception as error:
                return Crashed(describe_exception(error, where))
            if not isinstance(awaited, Sleep):
                coro.close()
                return Crashed(
                    f"{where} awaited {awaited!r}; a CoroutineWorker on the virtual clock can "
                    "only await self.sleep(...) and self.set_progress(...) (not asyncio.sleep)."
                )
            run.clock_at += awaited.millis
            if run.clock_at > now:
                run.resume_step += 1
                return Sleeping(run.clock_at, run.resume_step)

    def stop(self, run: Run, reason: int, report: Callable[[str], None]) -> None:
        """Mark the worker stopped and call its ``on_stopped`` once; close a suspended
        coroutine so its ``finally`` blocks run. Errors in the student's cleanup are
        reported, never raised into the clock."""
        worker = run.worker
        if worker.is_stopped:
            return
        worker._stop_reason = reason
        try:
            worker.on_stopped()
        except Exception as error:
            report(describe_exception(error, f"{type(worker).__qualname__}.on_stopped"))
        if run.coro is not None:
            try:
                run.coro.close()
            except Exception as error:
                report(describe_exception(error, f"{type(worker).__qualname__}.do_work (closing)"))


def normalise_result(value: Any, worker: ListenableWorker) -> tuple[Result, str | None]:
    """Android's reading of what ``do_work`` produced: ``None`` counts as failure."""
    if isinstance(value, Result):
        return value, None
    name = type(worker).__qualname__
    if value is None:
        return Result.failure(), (
            f"{name}.do_work returned None, which counts as Result.failure(); "
            "return Result.success(), Result.failure() or Result.retry()."
        )
    return Result.failure(), (
        f"{name}.do_work returned {value!r} ({type(value).__name__}), not a Result; "
        "it counts as Result.failure(). Return Result.success(...), failure(...) or retry()."
    )


def describe_exception(error: BaseException, where: str) -> str:
    """The traceback a student needs, without wmkit's own frames at the top."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return f"{where} raised {type(error).__name__}: {error}\n" + "".join(lines)
