r"""The timeline as plain data: lanes of segments, bands, markers, flags; and the trace
filed per work.

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
from ..reasons import reason_kind
from ..text import id_text

GLOBAL_KINDS = {"device", "doze", "maintenance", "error", "restart", "rewind"}


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
    """A point on one lane: a stop, a kill, an update, a drop."""

    millis: int
    kind: str
    label: str = ""


@dataclass(frozen=True)
class Lane:
    """One work's row. ``label`` is how every view names it (``'Upload #photos'``, see
    :func:`wmkit.render.text.work_label`); ``note`` its failure, if any."""

    work_id: str
    title: str
    short_id: str
    state: str
    segments: tuple[Segment, ...] = ()
    marks: tuple[Mark, ...] = ()
    note: str = ""
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or f"{self.title} {self.short_id}"


@dataclass(frozen=True)
class LaneGroup:
    """Many works sharing a tag (or a class), drawn as one row of density bars: how
    many of them run, and how many wait, at each moment. ``busy`` holds
    ``(family, start, end)`` stretches, ``family`` being ``"run"`` or ``"wait"``."""

    key: str
    title: str
    members: tuple[str, ...]
    counts: tuple[tuple[str, int], ...]
    busy: tuple[tuple[str, int, int], ...] = ()
    expanded: bool = False

    @property
    def work_id(self) -> str:
        """What a click on the row reports (see :data:`GROUP_PREFIX`)."""
        return GROUP_PREFIX + self.key


#: Id prefix of a group row, the way a click on it is reported.
GROUP_PREFIX = "tag:"


@dataclass(frozen=True)
class Band:
    """A background stretch across every lane: ``doze`` or ``maintenance``."""

    kind: str
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True)
class Marker:
    """A vertical tick across the chart: ``device``, ``error``, ``restart``, ``rewind``."""

    millis: int
    kind: str
    label: str = ""


@dataclass(frozen=True)
class Flag:
    """A cue of the scenario's story, planted at the instant it happens."""

    millis: int
    text: str
    played: bool = False


@dataclass(frozen=True)
class TimelineModel:
    """What the timeline draws: the window ``start``..``end``, ``rows`` (lanes and
    group rows, top to bottom), the phone's bands and markers, the story's flags."""

    start: int
    end: int
    now: int
    rows: tuple[Lane | LaneGroup, ...]
    bands: tuple[Band, ...] = ()
    markers: tuple[Marker, ...] = ()
    hidden: int = 0
    hidden_states: tuple[tuple[str, int], ...] = ()
    flags: tuple[Flag, ...] = ()
    #: (start, end) of the story: from the first event to the last one (and the cues).
    story: tuple[int, int] = (0, 1)

    @property
    def lanes(self) -> tuple[Lane, ...]:
        """The rows that are single works."""
        return tuple(r for r in self.rows if isinstance(r, Lane))

    @property
    def groups(self) -> tuple[LaneGroup, ...]:
        return tuple(r for r in self.rows if isinstance(r, LaneGroup))


@dataclass
class WaitingLog:
    """What ``WorkDescription.blockers`` said, observed at each redraw, so a past
    waiting stretch can still be labelled with its reason and coloured by its kind."""

    seen: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    limit: int = 32

    def observe(self, descriptions: Sequence[Any], now: int) -> None:
        for d in descriptions:
            if d.blockers:
                notes = self.seen.setdefault(id_text(d.id), [])
                text = "; ".join(b.entry for b in d.blockers)
                if not notes or notes[-1][1] != text:
                    kinds = [reason_kind(b) for b in d.blockers]
                    kind = next((k for k in ("doze", "quota", "constraint") if k in kinds), "")
                    notes.append((now, text, kind))
                    del notes[: -self.limit]

    def reason(self, work_id: str, start: int, end: int) -> tuple[str, str]:
        """(text, kind) observed for a work between ``start`` and ``end``, or ('', '')."""
        for millis, text, kind in reversed(self.seen.get(work_id, ())):
            if start <= millis <= end:
                return text, kind
        return "", ""


class TimelineBuilder:
    """Events of the trace filed per work (and the global ones), read incrementally.

    A ``restart`` event is filed under every work seen so far as well, in its place in
    the trace: a run that was going when the process died ends exactly there, even
    when the same instant also holds the run that starts again."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.per_work: dict[str, list[Any]] = {}
        self.global_events: list[Any] = []
        self.last_activity: dict[str, int] = {}
        self.first_millis: int | None = None
        self.last_millis: int | None = None
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
                self.last_millis = event.millis
            elif event.kind in GLOBAL_KINDS:
                self.global_events.append(event)
                if event.kind == "restart":
                    for filed in self.per_work.values():
                        filed.append(event)
                if event.kind != "rewind":
                    self.last_millis = event.millis
