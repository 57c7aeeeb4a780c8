"""Where the works live between steps: a ``WorkStore`` and its two implementations.

``MemoryStore`` keeps the snapshot in memory (a test double, and a store that survives
``WorkManager`` objects in one process); ``TinyDBStore`` keeps it in a TinyDB JSON file
written atomically, and is the only module that imports ``tinydb``.
"""

from .base import STORE_FORMAT, STORE_VERSION, StoredState, WorkStore
from .memory import MemoryStore

__all__ = ["STORE_FORMAT", "STORE_VERSION", "MemoryStore", "StoredState", "WorkStore", "open_store"]


def open_store(path: object) -> WorkStore:
    """A ``TinyDBStore`` on ``path`` (imported lazily, so a memory-only user never needs
    the file machinery)."""
    from .tinydb_store import TinyDBStore

    return TinyDBStore(path)  # type: ignore[arg-type]
