"""Which works started a failure or cancellation cascade, read from the trace.

A work's state says *that* it FAILED or was CANCELLED, not *why*. The trace does, in
its data: a dependent failed or cancelled with its prerequisite carries
``event.data["caused_by"]``; a work whose *first* event is ``failed`` or ``cancelled``
was enqueued behind a FAILED or CANCELLED prerequisite (nothing else starts a work in
a finished state). Every other ``failed``/``cancelled`` event is an origin. The tracker
reads only the events it has not seen, so a redraw per step costs the new events, not
the history.

>>> import uuid
>>> from wmkit.trace.events import Event
>>> from wmkit.trace.payloads import CascadeFailed
>>> a, b = uuid.UUID(int=1), uuid.UUID(int=2)
>>> tracker = CascadeTracker()
>>> tracker.update([Event(0, "enqueued", a, "x"), Event(0, "blocked", b, "y"),
...                 Event(5, "failed", a, "Upload.do_work raised ..."),
...                 Event(5, "failed", b, (CascadeFailed, a))])
>>> list(tracker.origins.values()), list(tracker.victims.values())
(['failed'], ['failed'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..feed import TraceFeed
from ..text import id_text


class CascadeTracker:
    """Origins and victims of cascades, keyed by ``str(work_id)``, kept up to date.

    ``origins[id]`` / ``victims[id]`` is ``"failed"`` or ``"cancelled"``. A trace that
    shrank or changed (a rewind) is read again from the start.
    """

    def __init__(self) -> None:
        self.origins: dict[str, str] = {}
        self.victims: dict[str, str] = {}
        self._seen: set[str] = set()
        #: Works whose first event finished them (victims if a prerequisite agrees).
        self._inserted: set[str] = set()
        self._feed = TraceFeed()

    def reset(self) -> None:
        self.origins.clear()
        self.victims.clear()
        self._seen.clear()
        self._inserted.clear()
        self._feed.reset()

    def update(self, trace: Sequence[Any]) -> None:
        """Read the events added to ``trace`` since the last call."""
        rewound, events = self._feed.read(trace)
        if rewound:
            self.origins.clear()
            self.victims.clear()
            self._seen.clear()
            self._inserted.clear()
        seen = self._seen
        for event in events:
            if event.work_id is None:
                continue
            key = id_text(event.work_id)
            kind = event.kind
            if kind == "failed" or kind == "cancelled":
                if key not in seen:
                    self._inserted.add(key)
                if key not in seen or "caused_by" in event.data:
                    self.victims[key] = kind
                    self.origins.pop(key, None)
                elif key not in self.victims:
                    self.origins[key] = kind
            seen.add(key)

    def role(
        self, work_id: str, state: str, parent_agrees: bool = True
    ) -> tuple[str | None, str | None]:
        """(``"origin"``/``"path"``/None, ``"failed"``/``"cancelled"``/None) for a work
        now in ``state``: a periodic work whose period failed is ENQUEUED, not a cascade.

        ``parent_agrees``: one of its prerequisites is in the same state. Without it, a
        work whose first event finished it is an origin (a store reopened: its first
        event since is a cancel by the app, not an enqueue behind a finished parent)."""
        for table, role in ((self.origins, "origin"), (self.victims, "path")):
            kind = table.get(work_id)
            if kind is not None and _state_of(kind) == state:
                if role == "path" and not parent_agrees and work_id in self._inserted:
                    return "origin", kind
                return role, kind
        return None, None


def _state_of(kind: str) -> str:
    return "FAILED" if kind == "failed" else "CANCELLED"
