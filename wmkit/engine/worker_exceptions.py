"""Telling the app that a worker failed: the exception handlers of ``Configuration``.

androidx 2.10 added two handlers to ``Configuration`` (release notes 2.10.0-alpha02):
WorkerWrapper calls ``workerInitializationExceptionHandler`` when the worker cannot be
created and ``workerExecutionExceptionHandler`` when ``startWork`` throws, each with a
``WorkerExceptionInfo(workerClassName, workerParameters, throwable)``, before the work
is marked FAILED (WorkerWrapper.kt @ 07c9725 runWorker). A handler that throws is
logged and ignored (``safeAccept``). Neither is called for an input merger that throws,
nor for a stop or a cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import IllegalStateError
from ..work.configuration import ExceptionHandler, WorkerExceptionInfo, WorkerParameters
from ..work.data import Data
from .interrupts import Interrupts
from .runner import Crashed, describe_exception


def call_handler(
    handler: ExceptionHandler | None,
    spec: Any,
    input_data: Data,
    attempt: int,
    crash: Crashed,
    interrupts: Interrupts,
    report: Callable[[str], None],
) -> None:
    """Call ``handler`` (if any) with what crashed ``spec``'s worker; ``attempt``: the
    run attempt count the worker was given. Errors in the handler are reported, never
    raised into the clock; an interrupt there (Ctrl-C) is deferred to the call's end."""
    if handler is None:
        return
    throwable = crash.error
    if throwable is None:  # wmkit ended the run: say why, as an exception
        throwable = IllegalStateError(crash.text.splitlines()[0])
    parameters = WorkerParameters(spec.id, input_data, spec.tags, attempt, spec.generation)
    info = WorkerExceptionInfo(spec.worker_class_name, parameters, throwable)
    interrupts.in_student_code = True
    try:
        handler(info)
    except Exception as error:
        report(describe_exception(error, "the worker exception handler"))
    except BaseException as error:
        interrupts.defer(error)
    finally:
        interrupts.in_student_code = False


def merger_crash_message(text: str, work_id: Any, version: str) -> str:
    """What the app crash of androidx 2.9 says when an input merger raised (``text``:
    the merger's exception, described)."""
    first = text.splitlines()[0]
    return (
        f"The app crashed: {first} (work {work_id}). In androidx "
        f"{version} an exception from an InputMerger escapes WorkerWrapper "
        "and kills the app process (2.10 and later FAIL the work instead). The process "
        "started again: the work is still ENQUEUED, with no attempt counted, and crashes "
        "the app again each time it is due. Give the key one type in every input, or "
        "cancel the work."
    )
