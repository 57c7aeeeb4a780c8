"""Where the works live between steps: the ``WorkStore`` protocol and its stores.

``TinyDBStore`` keeps them in a TinyDB-layout JSON file plus a journal of each step's
changes; ``MemoryStore`` keeps records in memory (a test double, and a store that
survives ``WorkManager`` objects in one process); ``NullStore`` keeps nothing (a manager
without a path). :mod:`wmkit.storage.codec` alone knows what a stored record looks like.
"""

from .base import STORE_FORMAT, STORE_VERSION, NullStore, StoredState, WorkStore
from .memory import MemoryStore

__all__ = [
    "STORE_FORMAT",
    "STORE_VERSION",
    "MemoryStore",
    "NullStore",
    "StoredState",
    "WorkStore",
    "open_store",
]


def open_store(path: object) -> WorkStore:
    """A ``TinyDBStore`` on ``path``, not opened yet (imported lazily, so a memory-only
    user never loads the file machinery)."""
    from .tinydb_store import TinyDBStore

    return TinyDBStore(path)  # type: ignore[arg-type]
