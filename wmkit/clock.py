"""The virtual clock and its timer queue: the discrete-event core of the engine.

Nothing here reads the wall clock. Time moves only when the manager is driven
(``advance``, ``advance_to``, ``step``, ``run_until_idle``), and same-instant timers fire
in a fixed order: first by ``order`` (a run's end before a new work becomes due), then
by insertion (``seq``), the SimPy way.

>>> clock = VirtualClock(0)
>>> timers = TimerQueue()
>>> fired = []
>>> timers.push(500, TimerQueue.DUE, lambda a, b: fired.append(("due", a, b)), "b", 1)
>>> timers.push(500, TimerQueue.FINISH, lambda a, b: fired.append(("finish", a, b)), "a")
>>> timers.fire_due(500)
>>> fired
[('finish', 'a', None), ('due', 'b', 1)]
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from typing import Any

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


class TimerQueue:
    """A heap of ``(millis, order, seq, handler, a, b)``: at ``millis`` the queue calls
    ``handler(a, b)`` (kept flat: one tuple per timer). Stale entries are skipped by their
    handlers (each carries a token the handler checks), never removed."""

    # Same-instant order: device schedule changes first, then runs ending, then run
    # limits (a run finishing exactly at its limit counts as finished), then works
    # becoming due.
    DEVICE = 0
    FINISH = 1
    LIMIT = 2
    DUE = 3

    __slots__ = ("_heap", "_seq")

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, int, Any, Any, Any]] = []
        self._seq = 0

    def push(self, millis: int, order: int, handler: Any, a: Any, b: Any = None) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (millis, order, self._seq, handler, a, b))

    def pop(self) -> tuple[int, int, int, Any, Any, Any]:
        return heapq.heappop(self._heap)

    def peek(self) -> tuple[int, int, int, Any, Any, Any] | None:
        """The earliest entry (stale or not), or None when the heap is empty."""
        return self._heap[0] if self._heap else None

    def fire_due(self, now: int) -> None:
        """Call the handler of every entry due at or before ``now``, in order, including
        entries those handlers push for ``now`` (SimPy's ``step``, repeated)."""
        heap = self._heap
        pop = heapq.heappop
        while heap and heap[0][0] <= now:
            _, _, _, handler, a, b = pop(heap)
            handler(a, b)

    def has_due(self, now: int) -> bool:
        return bool(self._heap) and self._heap[0][0] <= now

    def next_live(self, live: Callable[[int, Any, Any], bool]) -> int | None:
        """When the earliest entry that ``live(order, a, b)`` accepts fires; stale entries
        at the head are dropped on the way. None when no live entry is left."""
        heap = self._heap
        while heap:
            millis, order, _, _, a, b = heap[0]
            if live(order, a, b):
                return millis
            heapq.heappop(heap)
        return None

    def clear(self) -> None:
        self._heap.clear()

    def __len__(self) -> int:
        return len(self._heap)

    def __iter__(self) -> Iterator[tuple[int, Any, Any, Any]]:  # (millis, handler, a, b)
        return ((t, handler, a, b) for t, _, _, handler, a, b in self._heap)
