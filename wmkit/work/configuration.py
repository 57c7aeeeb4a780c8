"""``Configuration``: the app-wide settings a WorkManager starts with.

On Android an app gives WorkManager a ``Configuration`` (through
``Configuration.Provider`` or ``WorkManager.initialize``). wmkit takes one as
``WorkManager(configuration=...)``. It holds the two exception handlers androidx 2.10
added (release notes 2.10.0-alpha02): WorkManager calls them with a
:class:`WorkerExceptionInfo` when a worker cannot be created, or when its ``do_work``
raises. They only *report*: what happens to the work is unchanged (FAILED, or the next
period, as the release decides). An exception a handler raises is caught and logged,
as Android's ``safeAccept`` does.

>>> def log_crash(info):
...     print(info.worker_class_name, "raised", repr(info.throwable))
>>> config = Configuration.Builder().set_worker_execution_exception_handler(log_crash).build()
>>> config
Configuration(set_worker_execution_exception_handler=...)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import IllegalArgumentError
from .data import Data


@dataclass(frozen=True)
class WorkerParameters:
    """What a worker was (or would have been) created with: Android's ``WorkerParameters``
    as far as wmkit has them."""

    id: uuid.UUID
    input_data: Data
    tags: frozenset[str]
    run_attempt_count: int
    generation: int


@dataclass(frozen=True)
class WorkerExceptionInfo:
    """What an exception handler receives (Android's ``WorkerExceptionInfo``): the
    worker's class name, its parameters, and the exception (``throwable``)."""

    worker_class_name: str
    worker_parameters: WorkerParameters
    throwable: BaseException


ExceptionHandler = Callable[[WorkerExceptionInfo], Any]


class Configuration:
    """Android's ``Configuration``; build one with ``Configuration.Builder()``."""

    def __init__(
        self,
        *,
        worker_execution_exception_handler: ExceptionHandler | None = None,
        worker_initialization_exception_handler: ExceptionHandler | None = None,
    ) -> None:
        for name, handler in (
            ("worker_execution_exception_handler", worker_execution_exception_handler),
            ("worker_initialization_exception_handler", worker_initialization_exception_handler),
        ):
            if handler is not None and not callable(handler):
                raise IllegalArgumentError(
                    f"{name} takes a function of one WorkerExceptionInfo, got {handler!r}."
                )
        self._execution = worker_execution_exception_handler
        self._initialization = worker_initialization_exception_handler

    @property
    def worker_execution_exception_handler(self) -> ExceptionHandler | None:
        """Called when a worker's ``do_work`` raises (``workerExecutionExceptionHandler``)."""
        return self._execution

    @property
    def worker_initialization_exception_handler(self) -> ExceptionHandler | None:
        """Called when a worker cannot be created (``workerInitializationExceptionHandler``)."""
        return self._initialization

    def apis_used(self) -> list[str]:
        """The calls this configuration relies on (keys of ``wmkit.versions.API_ADDED``)."""
        used = []
        if self._execution is not None:
            used.append("set_worker_execution_exception_handler")
        if self._initialization is not None:
            used.append("set_worker_initialization_exception_handler")
        return used

    def __repr__(self) -> str:
        handlers = ", ".join(f"{name}=..." for name in self.apis_used())
        return f"Configuration({handlers})"

    class Builder:
        """Android's ``Configuration.Builder``."""

        def __init__(self) -> None:
            self._execution: ExceptionHandler | None = None
            self._initialization: ExceptionHandler | None = None

        def set_worker_execution_exception_handler(
            self, handler: ExceptionHandler
        ) -> Configuration.Builder:
            """Call ``handler(info)`` when a worker's ``do_work`` raises (2.10+)."""
            self._execution = handler
            return self

        def set_worker_initialization_exception_handler(
            self, handler: ExceptionHandler
        ) -> Configuration.Builder:
            """Call ``handler(info)`` when a worker cannot be created (2.10+)."""
            self._initialization = handler
            return self

        def build(self) -> Configuration:
            return Configuration(
                worker_execution_exception_handler=self._execution,
                worker_initialization_exception_handler=self._initialization,
            )


__all__ = ["Configuration", "ExceptionHandler", "WorkerExceptionInfo", "WorkerParameters"]
