"""One run of one worker: making the instance, calling ``do_work``, reading its result.

The engine decides *when*; this module knows *how* a run is carried out for the two
kinds of worker, and turns whatever the student's code did (returned a Result,
returned None, raised) into a :class:`Result` plus an explanation.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Coroutine
from typing import Any

from ..work.worker import ListenableWorker, Result


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

    def __init__(self, spec: Any, started_at: int, override_generation: int) -> None:
        self.spec = spec
        # The constraints this run started with: an update_work() during the run applies
        # from the next run, so schedulers keep enforcing these (WorkerUpdater).
        self.constraints = spec.constraints
        self.worker: ListenableWorker = None  # type: ignore[assignment]  # set once made
        self.started_at = started_at
        self.clock_at = started_at  # a coroutine's own virtual time (its sleeps add up)
        self.override_generation = override_generation
        self.coro: Coroutine[Any, Any, Any] | None = None
        self.ended = False
        self.expedited = False  # runs as an expedited job (quota, Doze exemption)
        self.resume_step = 0
        self.result: tuple[Result, str | None] = (Result.success(), None)  # once known


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


def stop_worker(run: Run, reason: int, report: Callable[[str], None]) -> None:
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
