"""The ``WorkStore`` protocol: load once, then save one snapshot per step.

A snapshot is a ``meta`` document (clock, counters, device, format marker) plus one
document per work, keyed by a stable integer ``doc_id``. ``save`` receives only what
changed since the last save, so a store can keep per-document caches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

STORE_FORMAT = "wmkit-store"
STORE_VERSION = 1


@dataclass
class StoredState:
    """What a store hands back on open: the meta document and every work document."""

    meta: dict[str, Any]
    works: dict[int, dict[str, Any]] = field(default_factory=dict)


class WorkStore(Protocol):
    """Three calls, as TinyDB's ``Storage`` has: read, write, close."""

    def load(self) -> StoredState | None:
        """The stored state, or None for a new, empty store."""

    def save(
        self, meta: dict[str, Any], changed: dict[int, dict[str, Any]], deleted: set[int]
    ) -> None:
        """Persist one consistent snapshot: ``meta``, plus changed and deleted works."""

    def close(self) -> None:
        """Release the store (its lock, for a file)."""
