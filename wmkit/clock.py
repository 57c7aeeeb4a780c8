"""The virtual clock: the only notion of time in wmkit.

Nothing here reads the wall clock. Time moves only when the manager is driven
(``advance``, ``advance_to``, ``step``, ``run_until_idle``); what happens at each
instant, and in which order, is the schedule's business (:mod:`wmkit.engine.schedule`).

>>> clock = VirtualClock(0)
>>> clock.move_to(500)
>>> clock.now_millis
500
"""

from __future__ import annotations

from .errors import IllegalArgumentError
from .units import format_millis


class VirtualClock:
    """Virtual now, in integer milliseconds. It never goes back, except when a rewind
    or a reopen puts the whole simulated app back to an earlier instant."""

    __slots__ = ("_now",)

    def __init__(self, start_millis: int = 0) -> None:
        if isinstance(start_millis, bool) or not isinstance(start_millis, int):
            raise IllegalArgumentError(
                f"start_millis must be an int of virtual milliseconds, got {start_millis!r}."
            )
        self._now = start_millis

    @property
    def now_millis(self) -> int:
        """Virtual now (ms). Views format it; the core compares it."""
        return self._now

    def move_to(self, millis: int) -> None:
        """Go to ``millis``, refusing an earlier instant ("time can't go backwards")."""
        if millis < self._now:
            raise IllegalArgumentError(
                f"Time can't go backwards: now is {format_millis(self._now)} "
                f"({self._now} ms), asked for {millis} ms."
            )
        self._now = millis

    def jump(self, millis: int) -> None:
        """Go to ``millis`` without the check: for the engine, which only ever jumps to
        the next instant its own timer heap ordered (never an earlier one)."""
        self._now = millis

    def rewind_to(self, millis: int) -> None:
        """Put the clock back to ``millis``: a checkpoint restored, a store reopened."""
        self._now = millis

    def __repr__(self) -> str:
        return f"VirtualClock({self._now})"
