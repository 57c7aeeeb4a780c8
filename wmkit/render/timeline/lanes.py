r"""The timeline as plain data: lanes of segments, bands, markers; and the trace filed
per work.

A :class:`TimelineBuilder` reads the trace (only the events it has not seen, so a view
that redraws every step pays for the new events) and files each event under its work;
:func:`wmkit.render.timeline.replay.derive_lane` turns one work's events into a :class:`Lane`,
and :func:`wmkit.render.timeline.bands.global_bands` turns the global ones (Doze, maintenance
windows, device changes, errors, restarts) into :class:`Band`\ s and :class:`Marker`\ s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..feed import TraceFeed
from ..text import id_text

GLOBAL_KINDS = {"device", "doze", "maintenance", "error", "restart", "rewind", "quota"}


@dataclass(frozen=True)
class Segment:
    """A stretch of one lane. ``future`` marks what is only scheduled (after now)."""

    kind: str
    start: int
    end: int
    label: str = ""
    future: bool = False


@dataclass(frozen=True)
class Mark:
    """A point on one lane: a stop, an update, a drop."""

    millis: int
    kind: str
    label: str = ""


@dataclass(frozen=True)
class Lane:
    work_id: str
    title: str
    short_id: str
    state: str
    segments: tuple[Segment, ...] = ()
    marks: tuple[Mark, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Band:
    """A background stretch across every lane: ``doze`` or ``maintenance``."""

    kind: str
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True)
class Marker:
    """A vertical tick across the chart: ``device``, ``error`` or ``restart``."""

    millis: int
    kind: str
    label: str = ""


@dataclass(frozen=True)
class TimelineModel:
    start: int
    end: int
    now: int
    lanes: tuple[Lane, ...]
    bands: tuple[Band, ...] = ()
    markers: tuple[Marker, ...] = ()
    hidden: int = 0
    hidden_states: tuple[tuple[str, int], ...] = ()


@dataclass
class WaitingLog:
    """What ``WorkDescription.waiting_for`` said, observed at each redraw, so a past
    waiting stretch can still be labelled with its reason."""

    seen: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    limit: int = 32

    def observe(self, descriptions: Sequence[Any], now: int) -> None:
        for d in descriptions:
            if d.waiting_for:
                notes = self.seen.setdefault(id_text(d.id), [])
                text = "; ".join(d.waiting_for)
                if not notes or notes[-1][1] != text:
                    notes.append((now, text))
                    del notes[: -self.limit]

    def reason(self, work_id: str, start: int, end: int) -> str:
        for millis, text in reversed(self.seen.get(work_id, ())):
            if start <= millis <= end:
                return text
        return ""


class TimelineBuilder:
    """Events of the trace filed per work (and the global ones), read incrementally."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.per_work: dict[str, list[Any]] = {}
        self.global_events: list[Any] = []
        self.last_activity: dict[str, int] = {}
        self.first_millis: int | None = None
        self._feed = TraceFeed()

    def update(self, trace: Sequence[Any]) -> None:
        """File the events added since the last call (from the start after a rewind)."""
        rewound, events = self._feed.read(trace)
        if rewound:
            feed = self._feed
            self.reset()
            self._feed = feed
        for event in events:
            if self.first_millis is None:
                self.first_millis = event.millis
            if event.work_id is not None:
                key = id_text(event.work_id)
                self.per_work.setdefault(key, []).append(event)
                self.last_activity[key] = event.millis
            elif event.kind in GLOBAL_KINDS:
                self.global_events.append(event)
