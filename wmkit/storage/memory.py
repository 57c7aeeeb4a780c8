"""``MemoryStore``: the in-memory twin of the file store.

It keeps documents as a file would (records from :mod:`wmkit.storage.codec`, never
shared with a live manager), so a test can open a second ``WorkManager`` on the same
``MemoryStore`` to simulate an app restart, and every such test checks the codec too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..engine.lifecycle import EngineMeta
from ..errors import StoreError
from ..work.work_spec import WorkSpec
from . import codec
from .base import StoredState


class MemoryStore:
    """A store that lives as long as the Python process."""

    def __init__(self) -> None:
        self._meta: dict[str, Any] | None = None
        self._works: dict[int, dict[str, Any]] = {}
        self._open = False

    def open(self) -> StoredState | None:
        """Refuse a second opener, as the file store's lock does; then read."""
        if self._open:
            raise StoreError(
                "This MemoryStore is already open in another WorkManager; close that one "
                "first (manager.close())."
            )
        self._open = True
        return self.load()

    def load(self) -> StoredState | None:
        """What an opener would read now (new rows every time), without taking the store."""
        if self._meta is None:
            return None
        works = [codec.work_from_record(record, doc_id) for doc_id, record in self._works.items()]
        return StoredState(codec.meta_from_record(self._meta), works)

    def save(self, meta: EngineMeta, changed: Iterable[WorkSpec], deleted: Iterable[int]) -> None:
        self._meta = codec.meta_record(meta)
        for doc_id in deleted:
            self._works.pop(doc_id, None)
        for spec in changed:
            self._works[spec.doc_id] = codec.work_record(spec)

    def close(self) -> None:
        self._open = False

    def __len__(self) -> int:
        return len(self._works)
