"""The ``WorkStore`` protocol: open (take and read), save one snapshot per step, close.

A store keeps the engine's rows (``WorkSpec``) and its :class:`EngineMeta`. How they
look on disk is :mod:`wmkit.storage.codec`'s business; ``save`` receives only the rows
that changed since the last save and the doc ids deleted, so a store can write only
what changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..engine.lifecycle import EngineMeta
from ..work.work_spec import WorkSpec
from .codec import STORE_FORMAT, STORE_VERSION

__all__ = ["STORE_FORMAT", "STORE_VERSION", "NullStore", "StoredState", "WorkStore"]


@dataclass
class StoredState:
    """What a store hands back on open: the engine's meta and every stored row, each row
    new (not held by anyone else) with its doc id set."""

    meta: EngineMeta
    works: list[WorkSpec] = field(default_factory=list)


class WorkStore(Protocol):
    """Where one manager's works live between steps; one manager at a time."""

    def open(self) -> StoredState | None:
        """Take the store for one manager (a second opener is refused with StoreError,
        and the store is left as it was) and read it: None for a new, empty store."""

    def save(self, meta: EngineMeta, changed: Iterable[WorkSpec], deleted: Iterable[int]) -> None:
        """Persist one consistent step: ``meta``, the changed rows, the deleted doc ids.

        The rows stay the engine's and a store never changes them. It may keep them (and
        the rows ``open`` returned) and read them again during a later ``save``, when
        they are that step's committed state; never during ``close``."""

    def close(self) -> None:
        """Release the store (its lock, for a file); harmless when it is not open."""


class NullStore:
    """Keeps nothing: the store of ``WorkManager()`` without a path, whose works live as
    long as the manager (no second manager can ever open its store)."""

    def open(self) -> StoredState | None:
        return None

    def save(self, meta: EngineMeta, changed: Iterable[WorkSpec], deleted: Iterable[int]) -> None:
        pass

    def close(self) -> None:
        pass
