"""Interrupts: the notebook's stop button (Ctrl-C) and any ``BaseException`` from
student code, handled so that the engine is never left half-way.

A ``KeyboardInterrupt`` can arrive at any bytecode. Landing inside the engine's own
bookkeeping (a timer popped, its work not yet queued again) it would leave a work
that never runs again. So while a manager call runs, Ctrl-C is *deferred*: the signal
handler only notes it, unless student code is running (then it is raised there at
once, so a runaway ``do_work`` can always be stopped). The engine raises a deferred
interrupt at its next consistent moment: the end of the current virtual instant, or
of the call. An interrupt raised by ``on_stopped`` (called while the engine stops runs)
is deferred the same way. Either way the manager saves its snapshot, then re-raises.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NamedTuple

from ..errors import IllegalStateError


class Interruption(NamedTuple):
    """What interrupted a work's last run (or its start), for ``explain``."""

    error: str  # the exception's class name: "KeyboardInterrupt"
    where: str  # "Upload.do_work", "the input merger of Upload"
    at: int  # the virtual instant
    before_start: bool  # True: do_work never ran (its worker or input was being made)


class Interrupts:
    """The interrupt waiting to be raised, and whether student code is running."""

    __slots__ = ("in_student_code", "pending")

    def __init__(self) -> None:
        self.pending: BaseException | None = None
        #: True while a worker's (or merger's) code runs: Ctrl-C is raised there at once.
        self.in_student_code = False

    def defer(self, error: BaseException) -> None:
        """Raise ``error`` at the next consistent moment (the first one wins)."""
        if self.pending is None:
            self.pending = error

    def take(self) -> BaseException | None:
        """The deferred interrupt, forgotten here."""
        error, self.pending = self.pending, None
        return error

    @contextmanager
    def deferring_ctrl_c(self) -> Iterator[None]:
        """While the block runs, a Ctrl-C outside student code is deferred. Only
        Python's default handler is replaced (the one Jupyter's kernel sets while a cell
        runs), and only in the main thread, where signals arrive."""
        try:
            installed = (
                threading.current_thread() is threading.main_thread()
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler
                and signal.signal(signal.SIGINT, self._on_ctrl_c) is not None
            )
        except (AttributeError, OSError, RuntimeError, ValueError):
            installed = False  # a platform without signal handlers (Pyodide, say)
        try:
            yield
        finally:
            if installed:
                signal.signal(signal.SIGINT, signal.default_int_handler)

    def _on_ctrl_c(self, signum: int, frame: FrameType | None) -> None:
        if self.in_student_code:
            raise KeyboardInterrupt
        self.defer(KeyboardInterrupt())

    @contextmanager
    def saving_first(self, save: Callable[[], object], drives: str | None) -> Iterator[None]:
        """Around a manager call: Ctrl-C is deferred, and whatever interrupt ends the
        call (raised in it, or deferred until its end) is raised only after ``save()``
        (what happened until then is kept, and the manager goes on working).
        ``drives``: the name of a call that moves or rewinds the clock, refused from
        worker code (the engine is in the middle of running that worker)."""
        if drives and self.in_student_code:
            raise IllegalStateError(
                f"{drives}() was called from inside a worker (its do_work, on_stopped or "
                "input merger), while the engine is running it. Drive the clock from the "
                "notebook; a worker may enqueue, cancel or update work, not move time."
            )
        with self.deferring_ctrl_c():
            try:
                yield
            except BaseException:
                save()
                raise
            pending = self.take()
            if pending is not None:
                save()
                raise pending
