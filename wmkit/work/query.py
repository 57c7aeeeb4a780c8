"""``WorkQuery``: select works by ids, tags, unique names and states.

AND across kinds, OR within one kind, as Android's SQL does. ``WorkQuery.Builder``
refuses an empty query; the ``from_*`` factories do not validate, so
``WorkQuery.from_ids([])`` matches every work (Android builds SQL without a WHERE).

>>> q = WorkQuery.Builder.from_tags(["sync"]).add_states([State.ENQUEUED]).build()
>>> q.tags, q.states
(frozenset({'sync'}), frozenset({<State.ENQUEUED: 'ENQUEUED'>}))
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from ..enums import State
from ..errors import IllegalArgumentError
from .work_spec import WorkSpec


@dataclass(frozen=True)
class WorkQuery:
    ids: frozenset[uuid.UUID] = frozenset()
    tags: frozenset[str] = frozenset()
    unique_work_names: frozenset[str] = frozenset()
    states: frozenset[State] = frozenset()

    @staticmethod
    def from_ids(ids: Iterable[uuid.UUID]) -> WorkQuery:
        return WorkQuery(ids=_ids(ids))

    @staticmethod
    def from_tags(tags: Iterable[str]) -> WorkQuery:
        return WorkQuery(tags=_strings(tags, "tags"))

    @staticmethod
    def from_unique_work_names(names: Iterable[str]) -> WorkQuery:
        return WorkQuery(unique_work_names=_strings(names, "unique work names"))

    @staticmethod
    def from_states(states: Iterable[State]) -> WorkQuery:
        return WorkQuery(states=_states(states))

    def matches(self, spec: WorkSpec) -> bool:
        """True when the row passes every non-empty criterion."""
        return (
            (not self.ids or spec.id in self.ids)
            and (not self.tags or not self.tags.isdisjoint(spec.tags))
            and (not self.unique_work_names or spec.unique_name in self.unique_work_names)
            and (not self.states or spec.state in self.states)
        )

    class Builder:
        """Android's ``WorkQuery.Builder``: start ``from_*`` one kind, ``add_*`` more."""

        def __init__(self) -> None:
            self._ids: set[uuid.UUID] = set()
            self._tags: set[str] = set()
            self._names: set[str] = set()
            self._states: set[State] = set()

        @classmethod
        def from_ids(cls, ids: Iterable[uuid.UUID]) -> WorkQuery.Builder:
            return cls().add_ids(ids)

        @classmethod
        def from_tags(cls, tags: Iterable[str]) -> WorkQuery.Builder:
            return cls().add_tags(tags)

        @classmethod
        def from_unique_work_names(cls, names: Iterable[str]) -> WorkQuery.Builder:
            return cls().add_unique_work_names(names)

        @classmethod
        def from_states(cls, states: Iterable[State]) -> WorkQuery.Builder:
            return cls().add_states(states)

        def add_ids(self, ids: Iterable[uuid.UUID]) -> WorkQuery.Builder:
            self._ids |= _ids(ids)
            return self

        def add_tags(self, tags: Iterable[str]) -> WorkQuery.Builder:
            self._tags |= _strings(tags, "tags")
            return self

        def add_unique_work_names(self, names: Iterable[str]) -> WorkQuery.Builder:
            self._names |= _strings(names, "unique work names")
            return self

        def add_states(self, states: Iterable[State]) -> WorkQuery.Builder:
            self._states |= _states(states)
            return self

        def build(self) -> WorkQuery:
            if not (self._ids or self._tags or self._names or self._states):
                raise IllegalArgumentError(
                    "Must specify ids, uniqueNames, tags or states when building a WorkQuery: "
                    "call add_ids/add_tags/add_unique_work_names/add_states first."
                )
            return WorkQuery(
                frozenset(self._ids),
                frozenset(self._tags),
                frozenset(self._names),
                frozenset(self._states),
            )


def _listed(values: object, what: str) -> list:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise IllegalArgumentError(
            f"{what} must be a list, got {values!r}; write [{values!r}]."
        )
    return list(values)


def _ids(ids: Iterable[uuid.UUID]) -> frozenset[uuid.UUID]:
    items = _listed(ids, "ids")
    for item in items:
        if not isinstance(item, uuid.UUID):
            raise IllegalArgumentError(f"ids must be uuid.UUIDs, got {item!r}.")
    return frozenset(items)


def _strings(values: Iterable[str], what: str) -> frozenset[str]:
    items = _listed(values, what)
    for item in items:
        if not isinstance(item, str):
            raise IllegalArgumentError(f"{what} must be strings, got {item!r}.")
    return frozenset(items)


def _states(states: Iterable[State]) -> frozenset[State]:
    items = _listed(states, "states")
    for item in items:
        if not isinstance(item, State):
            raise IllegalArgumentError(
                f"states must be WorkInfo.State members, got {item!r}; e.g. State.ENQUEUED."
            )
    return frozenset(items)
