"""Which works started a failure or cancellation cascade, read from the trace.

A work's state says *that* it FAILED or was CANCELLED, not *why*. The trace does: a
dependent failed or cancelled with its prerequisite carries ``event.data["caused_by"]``
(and a detail such as ``"prerequisite 3f2a91c0 failed"`` or ``"... (dependent of
3f2a91c0)"``); one enqueued behind a FAILED/CANCELLED prerequisite says so in its detail.
Every other ``failed``/``cancelled`` event is an origin. The tracker reads only the
events it has not seen, so a redraw per step costs the new events, not the history.

>>> from wmkit.trace.events import Event
>>> tracker = CascadeTracker()
>>> tracker.update([Event(5, "failed", "A", "Upload.do_work raised ..."),
...                 Event(5, "failed", "B", "prerequisite aaaaaaaa failed")])
>>> tracker.origins, tracker.victims
({'A': 'failed'}, {'B': 'failed'})
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..feed import TraceFeed
from ..text import id_text

#: Details that mark a dependent dragged along by a prerequisite, per event kind.
VICTIM_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "failed": (
        re.compile(r"^prerequisite \S+ failed"),
        re.compile(r"enqueued after a FAILED prerequisite"),
    ),
    "cancelled": (
        re.compile(r"\(dependent( of \S+)?\)\s*$"),
        re.compile(r"enqueued after a CANCELLED prerequisite"),
    ),
}


def is_victim(kind: str, detail: str) -> bool:
    """True when a ``failed``/``cancelled`` event's detail blames a prerequisite."""
    return any(p.search(detail) for p in VICTIM_PATTERNS.get(kind, ()))


class CascadeTracker:
    """Origins and victims of cascades, keyed by ``str(work_id)``, kept up to date.

    ``origins[id]`` / ``victims[id]`` is ``"failed"`` or ``"cancelled"``. A trace that
    shrank or changed (a rewind) is read again from the start.
    """

    def __init__(self) -> None:
        self.origins: dict[str, str] = {}
        self.victims: dict[str, str] = {}
        self._feed = TraceFeed()

    def reset(self) -> None:
        self.origins.clear()
        self.victims.clear()
        self._feed.reset()

    def update(self, trace: Sequence[Any]) -> None:
        """Read the events added to ``trace`` since the last call."""
        rewound, events = self._feed.read(trace)
        if rewound:
            self.origins.clear()
            self.victims.clear()
        for event in events:
            kind = event.kind
            if (kind == "failed" or kind == "cancelled") and event.work_id is not None:
                key = id_text(event.work_id)
                data = getattr(event, "data", None) or {}
                if "caused_by" in data or is_victim(kind, event.detail):
                    self.victims[key] = kind
                    self.origins.pop(key, None)
                elif key not in self.victims:
                    self.origins[key] = kind

    def role(self, work_id: str, state: str) -> tuple[str | None, str | None]:
        """(``"origin"``/``"path"``/None, ``"failed"``/``"cancelled"``/None) for a work
        now in ``state``: a periodic work whose period failed is ENQUEUED, not a cascade."""
        for table, role in ((self.origins, "origin"), (self.victims, "path")):
            kind = table.get(work_id)
            if kind is not None and _state_of(kind) == state:
                return role, kind
        return None, None


def _state_of(kind: str) -> str:
    return "FAILED" if kind == "failed" else "CANCELLED"
