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
  student needs; the run counts as ``Result.failure()``. A loop that polls
  ``is_stopped`` where time stands still is ended this way, with an explanation;
* :class:`Interrupted` — a ``BaseException`` (Ctrl-C) stopped the student's code.

While student code runs, :class:`~wmkit.engine.interrupts.Interrupts` knows it, so a
Ctrl-C is raised there at once (and nowhere in the engine's own bookkeeping).

Progress reaches the engine through the callback the runner is given, never through
a reference from the worker to the engine.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any, NamedTuple

from .. import registry
from ..enums import StopReason
from ..units import to_millis
from ..work.data import Data
from ..work.mergers import OverwritingInputMerger, merge_inputs
from ..work.worker import CoroutineWorker, ListenableWorker, PollingLoop, Result, Sleep
from .interrupts import Interrupts

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
    """The student's code raised: ``text`` says what, with its traceback; ``error`` is
    what it raised (None when wmkit ended the run: an await of something else)."""

    text: str
    error: BaseException | None = None


class Interrupted(NamedTuple):
    """A ``BaseException`` that is not an error of the work (Ctrl-C, ``SystemExit``)
    stopped the student's code at ``where``; the engine ends the run, then raises it."""

    error: BaseException
    where: str


Outcome = Result | Done | Sleeping | Crashed | Interrupted

#: ``await self.sleep(timedelta(0))`` at one instant more often than this ends the run.
MAX_ZERO_SLEEPS = 10_000


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

    def __init__(self, rng: Any, on_progress: ProgressCallback, interrupts: Interrupts) -> None:
        self._rng = rng
        self._on_progress = on_progress
        self._interrupts = interrupts
        # duration object -> ms: a class's duration is converted once, not per run.
        self._durations: dict[Any, int] = {}
        #: class -> its zero duration object when it is plain, else False (plain_duration).
        self.plain: dict[type, Any] = {}
        #: The worker of the last plain run (run_plain), for a Run made while it runs.
        self.worker: Any = None

    def merged_input(self, spec: Any, parents: list[Data]) -> Data:
        """A one-time work's input: its merger applied to ``[own input] + parents'
        outputs`` (``parents``: the outputs of its stored prerequisites). Raises what
        the merger raises."""
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
        interrupts = self._interrupts
        interrupts.in_student_code = True
        try:
            return merge_inputs(merger(), [spec.input, *parents])
        finally:
            interrupts.in_student_code = False

    def create(
        self, cls: type, spec: Any, input_data: Data, attempt: int
    ) -> ListenableWorker | Crashed | Interrupted:
        """A fresh worker for one run, its parameters set before its ``__init__`` runs
        (``attempt``: the run attempt count before this run). Crashed if it raised."""
        worker: ListenableWorker = _new(cls)
        worker.id = spec.id
        worker.tags = spec.tags
        worker.input_data = input_data
        worker.run_attempt_count = attempt
        worker.generation = spec.generation
        worker.random = self._rng
        worker._report_progress = self._on_progress
        # No worker -> run reference: a cycle per run would leave every finished run to
        # the cyclic GC, which then dominates the cost of a long advance().
        if cls.__init__ is not _BASE_INIT:  # type: ignore[misc]
            where = f"creating {cls.__qualname__}"
            interrupts = self._interrupts
            interrupts.in_student_code = True
            try:
                cls.__init__(worker)  # type: ignore[misc]
            except Exception as error:
                return Crashed(describe_exception(error, where), error)
            except PollingLoop as loop:
                return Crashed(loop.explain(coroutine=False), loop)
            except BaseException as error:
                return Interrupted(error, where)
            finally:
                interrupts.in_student_code = False
            worker._stop_polls = 0  # reads in __init__ count towards do_work's
        return worker

    def start(self, run: Run, now: int) -> Outcome:
        """Call ``do_work`` for a new run (``now``: the instant being processed)."""
        worker = run.worker
        if isinstance(worker, CoroutineWorker):
            return self._start_coroutine(run, now)
        interrupts = self._interrupts
        interrupts.in_student_code = True
        try:
            value = worker.do_work()  # type: ignore[attr-defined]
        except Exception as error:
            where = f"{type(worker).__qualname__}.do_work"
            return Crashed(describe_exception(error, where), error)
        except PollingLoop as loop:
            return Crashed(loop.explain(coroutine=False), loop)
        except BaseException as error:
            return Interrupted(error, f"{type(worker).__qualname__}.do_work")
        finally:
            interrupts.in_student_code = False
        return self._done(worker, value)

    def _done(self, worker: ListenableWorker, value: Any) -> Outcome:
        """What a sync ``do_work`` returned, read with its ``duration``."""
        note = None
        if type(value) is not Result:
            value, note = normalise_result(value, worker)
        duration = worker.duration
        length = self._durations.get(duration)
        if length is None:
            try:
                length = to_millis(duration, name=f"{type(worker).__qualname__}.duration")
            except Exception as error:  # not a timedelta, or negative
                return Crashed(str(error), error)
            self._durations[duration] = length
        if length == 0 and note is None:
            return value
        return Done(value, note, length)

    # ------------------------------------------------------------- plain workers
    def plain_duration(self, cls: type) -> Any:
        """For a *plain* worker class (synchronous, no ``__init__`` of its own, zero
        ``duration``) the class's duration object, else False; worked out once per class.
        A plain worker runs on the fast path (:meth:`run_plain`)."""
        found = self.plain.get(cls)
        if found is None:
            duration = getattr(cls, "duration", None)
            plain = (
                not issubclass(cls, CoroutineWorker)
                and cls.__init__ is _BASE_INIT  # type: ignore[misc]
                and isinstance(duration, timedelta)
                and not duration
            )
            found = self.plain[cls] = duration if plain else False
        return found

    def run_plain(self, spec: Any, cls: type, class_duration: Any) -> Outcome:
        """Make a plain worker and call ``do_work``: :meth:`create` and :meth:`start` in
        one, for the commonest run. ``class_duration``: from :meth:`plain_duration`; a
        ``do_work`` that sets ``self.duration`` is read the general way. The row has
        begun its run: the worker sees the attempt count before it. The worker is kept
        in :attr:`worker` while it runs, for a Run made meanwhile."""
        worker: ListenableWorker = _new(cls)
        worker.id = spec.id
        worker.tags = spec.tags
        worker.input_data = spec.input
        worker.run_attempt_count = spec.run_attempt_count - 1
        worker.generation = spec.generation
        worker.random = self._rng
        worker._report_progress = self._on_progress
        self.worker = worker
        interrupts = self._interrupts
        interrupts.in_student_code = True
        try:
            value = worker.do_work()  # type: ignore[attr-defined]
        except Exception as error:
            return Crashed(describe_exception(error, f"{cls.__qualname__}.do_work"), error)
        except PollingLoop as loop:
            return Crashed(loop.explain(coroutine=False), loop)
        except BaseException as error:
            return Interrupted(error, f"{cls.__qualname__}.do_work")
        finally:
            interrupts.in_student_code = False
        if type(value) is Result and worker.duration is class_duration:
            return value
        return self._done(worker, value)

    def _start_coroutine(self, run: Run, now: int) -> Outcome:
        worker = run.worker
        where = f"{type(worker).__qualname__}.do_work"
        interrupts = self._interrupts
        interrupts.in_student_code = True
        try:
            coro = worker.do_work()  # type: ignore[attr-defined]
        except Exception as error:
            return Crashed(describe_exception(error, where), error)
        except PollingLoop as loop:  # do_work not async, polling before it returns
            return Crashed(loop.explain(coroutine=False), loop)
        except BaseException as error:
            return Interrupted(error, where)
        finally:
            interrupts.in_student_code = False
        if not hasattr(coro, "send"):
            # Forgot `async`: take the returned value as the result.
            return Done(*normalise_result(coro, worker))
        run.coro = coro
        return self.resume(run, now)

    def resume(self, run: Run, now: int) -> Outcome:
        """Drive a coroutine until it awaits a sleep that ends after ``now``, or returns.
        A sleep that already ended (``sleep(0)``, or a run replayed from a checkpoint)
        is passed through at once, but no more than :data:`MAX_ZERO_SLEEPS` of
        ``sleep(0)`` at one instant: virtual time would never pass."""
        worker = run.worker
        worker._stop_polls = 0  # a new instant: is_stopped could have changed since
        coro: Any = run.coro
        where = f"{type(worker).__qualname__}.do_work"
        zero_sleeps = 0
        interrupts = self._interrupts
        while True:
            interrupts.in_student_code = True
            try:
                awaited = coro.send(None)
            except StopIteration as done:
                return Done(*normalise_result(done.value, worker))
            except Exception as error:
                return Crashed(describe_exception(error, where), error)
            except PollingLoop as loop:
                return Crashed(loop.explain(coroutine=True), loop)
            except BaseException as error:
                return Interrupted(error, where)
            finally:
                interrupts.in_student_code = False
            if not isinstance(awaited, Sleep):
                coro.close()
                return Crashed(
                    f"{where} awaited {awaited!r}; a CoroutineWorker on the virtual clock can "
                    "only await self.sleep(...) and self.set_progress(...) (not asyncio.sleep)."
                )
            if awaited.millis == 0:
                zero_sleeps += 1
                if zero_sleeps > MAX_ZERO_SLEEPS:
                    coro.close()
                    return Crashed(
                        f"{where} awaited self.sleep() of zero {zero_sleeps:,} times at one "
                        "virtual instant: virtual time does not pass that way, so the loop "
                        "would never end; wmkit ended the run. Sleep a positive duration."
                    )
            run.clock_at += awaited.millis
            if run.clock_at > now:
                run.resume_step += 1
                return Sleeping(run.clock_at, run.resume_step)

    def stop(self, run: Run, reason: int, report: Callable[[str], None]) -> BaseException | None:
        """Mark the worker stopped and call its ``on_stopped`` once; close a suspended
        coroutine so its ``finally`` blocks run. Errors in the student's cleanup are
        reported, never raised into the clock; an interrupt there (Ctrl-C) is returned,
        for the engine to raise once it has stopped everything it was stopping."""
        worker = run.worker
        if worker._stop_reason != _NOT_STOPPED:
            return None
        worker._stop_reason = reason
        name = type(worker).__qualname__
        interrupted: BaseException | None = None
        interrupts = self._interrupts
        interrupts.in_student_code = True
        try:
            try:
                worker.on_stopped()
            except Exception as error:
                report(describe_exception(error, f"{name}.on_stopped"))
            except BaseException as error:
                interrupted = error
            if run.coro is not None:
                try:
                    run.coro.close()
                except Exception as error:
                    report(describe_exception(error, f"{name}.do_work (closing)"))
                except BaseException as error:
                    interrupted = interrupted or error
        finally:
            interrupts.in_student_code = False
        return interrupted


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
