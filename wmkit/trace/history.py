"""The event history behind ``manager.trace``: raw tuples in, ``Event`` objects out.

The engine records two or more events per run, so it appends one cheap tuple per
event, ``(millis, kind, work_id, words)`` or, for a typed payload,
``(millis, kind, work_id, PayloadClass, *args)``; an ``Event`` (and its payload) is built
and kept only when someone reads that entry. ``manager.trace`` and the lists that
``advance``/``step`` return are :class:`EventList` views: they index, slice, iterate,
compare equal to lists and ``repr`` like lists, and cannot be modified.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from .events import Event


class History:
    """Every event of one engine, oldest first."""

    __slots__ = ("_events", "raw")

    def __init__(self) -> None:
        self.raw: list[tuple[Any, ...]] = []  # the engine appends here directly
        self._events: list[Event] = []

    def __len__(self) -> int:
        return len(self.raw)

    def event(self, index: int) -> Event:
        """The ``Event`` at ``index`` (built on first read, then kept)."""
        events = self._events
        if index >= len(events):
            raw = self.raw
            events.extend(
                Event(r[0], r[1], r[2], r[3] if len(r) == 4 else r[3:])
                for r in (raw[i] for i in range(len(events), index + 1))
            )
        return events[index]

    def truncate(self, length: int) -> None:
        """Forget every event after the first ``length`` (a rewind)."""
        del self.raw[length:]
        del self._events[length:]

    def view(self, start: int = 0, stop: int | None = None) -> EventList:
        return EventList(self, start, len(self.raw) if stop is None else stop)


class EventList(Sequence[Event]):
    """A read-only, list-like window ``[start, stop)`` onto a :class:`History`."""

    __slots__ = ("_history", "_start", "_stop")

    def __init__(self, history: History, start: int, stop: int | None) -> None:
        self._history = history
        self._start = start
        self._stop = stop  # None: follows the history as it grows (manager.trace)

    def _bounds(self) -> tuple[int, int]:
        stop = len(self._history.raw) if self._stop is None else self._stop
        return self._start, stop

    def __len__(self) -> int:
        start, stop = self._bounds()
        return stop - start

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        start, stop = self._bounds()
        if isinstance(index, slice):
            return [self._history.event(start + i) for i in range(*index.indices(stop - start))]
        if index < 0:
            index += stop - start
        if not 0 <= index < stop - start:
            raise IndexError("event index out of range")
        return self._history.event(start + index)

    def __iter__(self) -> Iterator[Event]:
        start, stop = self._bounds()
        event = self._history.event
        return (event(i) for i in range(start, stop))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, EventList)):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return repr(list(self))

    def __bool__(self) -> bool:
        return len(self) > 0

    def kinds(self) -> list[str]:
        """Just the ``kind`` of each event: ``['started', 'succeeded', ...]``."""
        start, stop = self._bounds()
        raw = self._history.raw
        return [raw[i][1] for i in range(start, stop)]

    def __add__(self, other: Sequence[Event]) -> list[Event]:
        return list(self) + list(other)
