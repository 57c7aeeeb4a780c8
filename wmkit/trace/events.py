"""``Event``: one line of ``manager.trace``, the history a student reads and views draw.

An event has a :class:`~wmkit.trace.kinds.EventKind`, the instant, the work it is
about (None for the device and the app) and a typed payload
(:mod:`wmkit.trace.payloads`). Events are made on the engine's hot path, so the payload
arrives as a recipe ``(PayloadClass, *args)`` and is built the first time someone reads
the event; English exists only once the event is shown. Views read the facts from
``event.data`` (``{"due_millis": 90000}`` for a retry, ``{"caused_by": <id>}`` for a
cascaded failure), students read ``event.detail``.
"""

from __future__ import annotations

import uuid
from typing import Any

from .kinds import KINDS, EventKind
from .payloads import Note, Payload


class Event:
    """Something that happened at a virtual instant.

    ``kind`` is an :class:`EventKind`, a ``str`` that equals its short word:
    ``enqueued``, ``blocked``, ``unblocked``, ``started``, ``succeeded``, ``failed``,
    ``retry``, ``stopped``, ``cancelled``, ``deleted``, ``updated``, ``progress``,
    ``device``, ``restart``, ``error``...
    """

    __slots__ = ("_detail", "_payload", "_recipe", "kind", "millis", "work_id")

    def __init__(self, millis: int, kind: str, work_id: uuid.UUID | None, detail: Any = "") -> None:
        self.millis = millis
        self.kind: EventKind | str = kind if type(kind) is EventKind else KINDS.get(kind, kind)
        self.work_id = work_id
        # A str, or a recipe (PayloadClass or function, *args) made on first read.
        self._recipe = None if type(detail) is str else detail
        self._detail = detail if type(detail) is str else None
        self._payload: Payload | None = None

    @property
    def payload(self) -> Payload:
        """What the event says, as a typed payload (a Note for plain words)."""
        payload = self._payload
        if payload is None:
            recipe: Any = self._recipe
            if recipe is None:
                payload = Note(self._detail or "")
            else:
                made = recipe[0](*recipe[1:])
                payload = Note(made) if type(made) is str else made
            self._payload = payload
        return payload

    @property
    def detail(self) -> str:
        """What happened, in words."""
        detail = self._detail
        if detail is None:
            detail = self._detail = self.payload.describe()
        return detail

    @property
    def data(self) -> dict[str, Any]:
        """The event's facts as numbers and ids (``due_millis``, ``until_millis``,
        ``stop_reason``, ``caused_by``, ...); empty when it has none."""
        return self.payload.data()

    def _key(self) -> tuple[int, str, uuid.UUID | None, str]:
        return (self.millis, self.kind, self.work_id, self.detail)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Event) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __iter__(self):  # unpack like a tuple: millis, kind, work_id, detail = event
        return iter(self._key())

    def __repr__(self) -> str:
        return (
            f"Event(millis={self.millis!r}, kind={str.__repr__(self.kind)}, "
            f"work_id={self.work_id!r}, detail={self.detail!r})"
        )

    def __str__(self) -> str:
        from ..units import format_millis

        who = f" {str(self.work_id)[:8]}" if self.work_id else ""
        return f"{format_millis(self.millis)} {self.kind}{who}: {self.detail}"
