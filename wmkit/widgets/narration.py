"""Narration: each click of a manager, captioned once and remembered for the event log.

Every view calls :func:`catch_up` before it redraws, so whichever view hears the
manager first has the caption published (``focus.highlight``) before any view draws:
the DAG, the timeline, the table and the log all show the same click. A click is what
happened since the narrator last looked: one call from a notebook cell, or one user
action that :func:`wmkit.widgets._snapshot.click` held together (a story cue with
the engine's reaction to it).

The narrator remembers each click (:class:`Click`: where its events sit in the trace,
its caption) so the event log can group its rows per click. A rewind forgets the
clicks after the step it returned to.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from . import _snapshot as bus
from . import focus
from ._story import played_cues as _played
from ._story import recording_of
from ._story import scenario_of as _story
from .caption import Caption, caption, short_time, step_label

#: Clicks remembered per manager, at most.
MAX_CLICKS = 500


@dataclass(frozen=True)
class Click:
    """One narrated click: its events are ``trace[start:stop]``."""

    start: int
    stop: int
    millis: int
    caption: str


class Narrator:
    """Captions the clicks of one manager."""

    def __init__(self, manager: Any) -> None:
        self.clicks: list[Click] = []
        self._names: dict[str, str] = {}
        self._adopt(manager, bus.snapshot(manager))

    def _adopt(self, manager: Any, snap: bus.Snapshot) -> None:
        """Take the manager as it is now as the start of the next click."""
        self._key = snap.key
        self._seen = len(manager.trace)
        self._states = {work_id: d.state.name for work_id, d in snap.by_id.items()}
        self._names.update(snap.labels)
        self._device = snap.device
        self._played = _played(manager)

    def catch_up(self, manager: Any) -> None:
        """Caption whatever happened since the last look, once."""
        snap = bus.snapshot(manager)
        if snap.key == self._key:
            return
        trace = manager.trace
        length = len(trace)
        if length < self._seen or (length and trace[length - 1].kind == "rewind"):
            self._rewound(manager, snap, length)
            return
        events = trace[self._seen : length]
        names = {**self._names, **snap.labels}  # a deleted work keeps its name
        played = _played(manager)
        story = _story(manager)
        cues = [story.cues[i].what for i in sorted(played - self._played)] if story else []
        dependents = {
            str(e.work_id): str(e.data["caused_by"])
            for e in events
            if e.work_id is not None and e.kind in ("cancelled", "failed") and "caused_by" in e.data
        }
        told = caption(
            events,
            names=names,
            before=self._states,
            after={work_id: d.state.name for work_id, d in snap.by_id.items()},
            now=snap.now,
            device_before=self._device,
            device_after=snap.device,
            cues=cues,
            dependents=dependents,
        )
        self._remember(Click(self._seen, length, snap.now, told.text))
        self._adopt(manager, snap)
        focus.highlight(manager, told.changed, told.text, told.lead)

    def _rewound(self, manager: Any, snap: bus.Snapshot, length: int) -> None:
        """Back at a recorded step: say what that step did, and mark its works."""
        self.clicks = [c for c in self.clicks if c.stop < length]
        recording = recording_of(manager)
        told = Caption(f"{short_time(snap.now)}")
        if recording is not None and 0 <= recording.position < len(recording.steps):
            names = {**self._names, **snap.labels}
            told = step_label(recording.steps, recording.position, names)
        text = f"⏪ {told.text}"
        self._remember(Click(length - 1 if length else 0, length, snap.now, text))
        self._adopt(manager, snap)
        focus.highlight(manager, told.changed, text, told.lead)

    def _remember(self, click: Click) -> None:
        self.clicks.append(click)
        if len(self.clicks) > MAX_CLICKS:
            del self.clicks[0]


_narrators: weakref.WeakKeyDictionary[Any, Narrator] = weakref.WeakKeyDictionary()


def narrator_of(manager: Any) -> Narrator:
    """The manager's narrator, started now if it had none."""
    narrator = _narrators.get(manager)
    if narrator is None:
        narrator = _narrators[manager] = Narrator(manager)
    return narrator


def catch_up(manager: Any) -> None:
    """Narrate what happened on ``manager`` since the last look (views call this first)."""
    narrator_of(manager).catch_up(manager)


def clicks(manager: Any) -> list[Click]:
    """The narrated clicks of ``manager``, oldest first."""
    narrator = _narrators.get(manager)
    return [] if narrator is None else narrator.clicks
