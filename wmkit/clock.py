"""The virtual clock and its timer queue: the discrete-event core of the engine.

Nothing here reads the wall clock. Time moves only when the manager is driven
(``advance``, ``advance_to``, ``step``, ``run_until_idle``), and same-instant timers fire
in a fixed order: first by ``order`` (a run's end before a new work becomes due), then
by insertion (``seq``), the SimPy way.

>>> clock = VirtualClock(0)
>>> timers = TimerQueue()
>>> timers.push(500, TimerQueue.DUE, "due", "b", 1)
>>> timers.push(500, TimerQueue.FINISH, "finish", "a")
>>> [timers.pop()[3:] for _ in range(2)]
[('finish', 'a', None), ('due', 'b', 1)]
"""

from __future__ import annotations

import heapq
from typing import Any

from .errors import IllegalArgumentError
from .units import format_millis


class VirtualClock:
    """Virtual now, in integer milliseconds. It never goes back."""

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

    def _move_to(self, millis: int) -> None:
        if millis < self._now:
            raise IllegalArgumentError(
                f"Time can't go backwards: now is {format_millis(self._now)} "
                f"({self._now} ms), asked for {millis} ms."
            )
        self._now = millis

    def __repr__(self) -> str:
        return f"VirtualClock({self._now})"


class TimerQueue:
    """A heap of ``(millis, order, seq, kind, a, b)``: ``a`` and ``b`` are the payload
    (kept flat: one tuple per timer). Stale entries are skipped by their handlers (each
    carries a token the handler checks), never removed."""

    # Same-instant order: device schedule changes first, then runs ending, then run
    # limits (a run finishing exactly at its limit counts as finished), then works
    # becoming due.
    DEVICE = 0
    FINISH = 1
    LIMIT = 2
    DUE = 3

    __slots__ = ("_heap", "_seq")

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, int, str, Any, Any]] = []
        self._seq = 0

    def push(self, millis: int, order: int, kind: str, a: Any, b: Any = None) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (millis, order, self._seq, kind, a, b))

    def pop(self) -> tuple[int, int, int, str, Any, Any]:
        return heapq.heappop(self._heap)

    def peek(self) -> tuple[int, int, int, str, Any, Any] | None:
        """The earliest entry (stale or not), or None when the heap is empty."""
        return self._heap[0] if self._heap else None

    def clear(self) -> None:
        self._heap.clear()

    def __len__(self) -> int:
        return len(self._heap)

    def __iter__(self):  # for views and explain: (millis, kind, a, b)
        return ((t, kind, a, b) for t, _, _, kind, a, b in self._heap)
