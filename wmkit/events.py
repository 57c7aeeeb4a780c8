"""``Event``: one line of ``manager.trace``, the history a student reads and views draw.

Events are made on the engine's hot path (two or more per run), so a detail that needs
formatting is stored as a recipe and formatted the first time someone reads it.
"""

from __future__ import annotations

import uuid
from typing import Any


class Event:
    """Something that happened at a virtual instant.

    ``kind`` is a short lowercase word: ``enqueued``, ``blocked``, ``unblocked``,
    ``started``, ``succeeded``, ``failed``, ``retry``, ``stopped``, ``cancelled``,
    ``deleted``, ``updated``, ``progress``, ``device``, ``restart``, ``error``...
    """

    __slots__ = ("_detail", "kind", "millis", "work_id")

    def __init__(
        self, millis: int, kind: str, work_id: uuid.UUID | None, detail: Any = ""
    ) -> None:
        self.millis = millis
        self.kind = kind
        self.work_id = work_id
        self._detail = detail  # a str, or (function, *args) formatted on first read

    @property
    def detail(self) -> str:
        detail = self._detail
        if type(detail) is not str:
            detail = self._detail = detail[0](*detail[1:])
        return detail

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
            f"Event(millis={self.millis!r}, kind={self.kind!r}, work_id={self.work_id!r}, "
            f"detail={self.detail!r})"
        )

    def __str__(self) -> str:
        from .units import format_millis

        who = f" {str(self.work_id)[:8]}" if self.work_id else ""
        return f"{format_millis(self.millis)} {self.kind}{who}: {self.detail}"
