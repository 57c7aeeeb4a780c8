"""``Event``: one line of ``manager.trace``, the history a student reads and views draw.

Events are made on the engine's hot path (two or more per run), so a detail that needs
formatting is stored as a recipe ``(function, *args)`` and formatted the first time
someone reads it. A recipe's function may also be registered with a *data* builder
(:func:`describes`), which gives views the same facts as numbers: ``event.data`` is e.g.
``{"due_millis": 90000}`` for a retry, ``{"caused_by": <id>}`` for a cascaded failure.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

#: detail function -> function of the same arguments returning the event's data dict
_DATA_OF: dict[Callable[..., str], Callable[..., dict[str, Any]]] = {}


def describes(data: Callable[..., dict[str, Any]]) -> Callable[[Callable[..., str]], Any]:
    """Register a detail function with the builder of its structured data.

    >>> @describes(lambda end: {"until_millis": end})
    ... def _until(end):
    ...     return f"until {end}"
    >>> Event(0, "doze", None, (_until, 60)).data
    {'until_millis': 60}
    """

    def register(detail: Callable[..., str]) -> Callable[..., str]:
        _DATA_OF[detail] = data
        return detail

    return register


class Event:
    """Something that happened at a virtual instant.

    ``kind`` is a short lowercase word: ``enqueued``, ``blocked``, ``unblocked``,
    ``started``, ``succeeded``, ``failed``, ``retry``, ``stopped``, ``cancelled``,
    ``deleted``, ``updated``, ``progress``, ``device``, ``restart``, ``error``...
    """

    __slots__ = ("_detail", "_recipe", "kind", "millis", "work_id")

    def __init__(
        self, millis: int, kind: str, work_id: uuid.UUID | None, detail: Any = ""
    ) -> None:
        self.millis = millis
        self.kind = kind
        self.work_id = work_id
        # A str, or a recipe (function, *args) formatted on first read.
        self._recipe = None if type(detail) is str else detail
        self._detail = detail if type(detail) is str else None

    @property
    def detail(self) -> str:
        """What happened, in words."""
        detail = self._detail
        if detail is None:
            recipe: Any = self._recipe
            detail = self._detail = recipe[0](*recipe[1:])
        return detail

    @property
    def data(self) -> dict[str, Any]:
        """The event's facts as numbers and ids (``due_millis``, ``until_millis``,
        ``stop_reason``, ``caused_by``, ...); empty when it has none."""
        recipe = self._recipe
        if recipe is None:
            return {}
        builder = _DATA_OF.get(recipe[0])
        return {} if builder is None else builder(*recipe[1:])

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
        from ..units import format_millis

        who = f" {str(self.work_id)[:8]}" if self.work_id else ""
        return f"{format_millis(self.millis)} {self.kind}{who}: {self.detail}"
