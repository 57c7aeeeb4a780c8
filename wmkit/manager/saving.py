"""When a manager writes to its store: once at the end of every public call that
changed something (or moved the clock), never inside ``batch()``.

A snapshot is the rows the work table says changed, the rows it deleted, and the
engine's meta state; the store decides how to keep them (a journal line, a rewrite).
"""

from __future__ import annotations

import gc

from ..engine import lifecycle
from ..engine.engine import Engine
from ..storage import WorkStore


class Saving:
    """The store of one manager and what it already holds."""

    def __init__(self, store: WorkStore, engine: Engine) -> None:
        self.store = store
        self._engine = engine
        self.batch_depth = 0
        self._saved_at: int | None = None

    def saved_now(self) -> None:
        """The store holds this instant already (it was just opened)."""
        self._saved_at = self._engine.clock.now_millis

    def save(self, *, force: bool = False) -> None:
        """Write one snapshot if anything changed since the last, outside a batch."""
        if self.batch_depth:
            return
        engine = self._engine
        table = engine.table
        now = engine.clock.now_millis
        if force or table.has_changes() or engine.meta_changed or self._saved_at != now:
            rows, deleted = table.take_changes()
            # A snapshot of 5,000 rows makes some 10,000 short-lived dicts and tuples, and
            # no cycles: the collector, left on, would scan them (and all that is young)
            # a dozen times before they are freed (a third of the store's share of a step).
            enabled = gc.isenabled()
            gc.disable()
            try:
                self.store.save(lifecycle.meta_state(engine), rows, deleted)
            finally:
                if enabled:
                    gc.enable()
            engine.meta_changed = False
            self._saved_at = now
