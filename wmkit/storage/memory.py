"""``MemoryStore``: the in-memory twin of the TinyDB store.

It keeps documents as a file would (plain JSON-safe dicts, never shared with a live
manager), so a test can open a second ``WorkManager`` on the same ``MemoryStore`` to
simulate an app restart. ``save`` takes ownership of the records it is given (the
engine builds fresh ones for every save); ``load`` hands out copies.
"""

from __future__ import annotations

import copy
from typing import Any

from ..errors import StoreError
from .base import StoredState


class MemoryStore:
    """A store that lives as long as the Python process."""

    def __init__(self) -> None:
        self._meta: dict[str, Any] | None = None
        self._works: dict[int, dict[str, Any]] = {}
        self._open = False

    def attach(self) -> None:
        """Refuse a second opener, as the file store's lock does."""
        if self._open:
            raise StoreError(
                "This MemoryStore is already open in another WorkManager; close that one "
                "first (manager.close())."
            )
        self._open = True

    def load(self) -> StoredState | None:
        if self._meta is None:
            return None
        return StoredState(copy.deepcopy(self._meta), copy.deepcopy(self._works))

    def save(
        self, meta: dict[str, Any], changed: dict[int, dict[str, Any]], deleted: set[int]
    ) -> None:
        self._meta = copy.deepcopy(meta)
        for doc_id in deleted:
            self._works.pop(doc_id, None)
        self._works.update(changed)

    def close(self) -> None:
        self._open = False

    def __len__(self) -> int:
        return len(self._works)
