"""What a WorkManager answers without changing anything: its clock and device, the
WorkInfos (now and as LiveData), the trace, ``explain``, and the listeners views add.

:class:`WorkManagerReads` is the reading half of :class:`~wmkit.WorkManager`; the
manager adds every call that changes the simulated app and saves it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from ..clock import VirtualClock
from ..engine.engine import Engine
from ..errors import IllegalStateError
from ..phone.device import Device
from ..trace.history import EventList
from ..work.live_data import LiveData
from ..work.query import WorkQuery
from ..work.work_info import WorkInfo
from . import checks, queries
from .description import WorkDescription, describe
from .explain import explain as explain_work
from .observers import Listener, Observers


class WorkManagerReads:
    """Reading a simulated app's WorkManager: every call here leaves it as it is."""

    path: str | None
    _closed: bool
    _engine: Engine
    _observers: Observers

    def _check_open(self) -> None:
        if self._closed:
            raise IllegalStateError(
                "This WorkManager is closed; open the store again with WorkManager(path)."
            )

    @property
    def clock(self) -> VirtualClock:
        """The virtual clock: ``manager.clock.now_millis``."""
        return self._engine.clock

    def next_event_millis(self) -> int | None:
        """When something next happens (for views), or None when nothing is scheduled."""
        return self._engine.next_event_time()

    @property
    def device(self) -> Device:
        """The simulated phone's current state."""
        return self._engine.device

    @property
    def force_stopped(self) -> bool:
        """Whether the user force-stopped the app and has not opened it since."""
        return self._engine.phone.force_stopped

    @property
    def androidx(self) -> str:
        """The androidx.work release whose behaviour this manager follows ("2.11")."""
        return self._engine.profile.version

    @property
    def max_concurrent_workers(self) -> int:
        return self._engine.max_workers

    def get_work_info_by_id(self, id: uuid.UUID) -> WorkInfo | None:
        self._check_open()
        return queries.info_by_id(self._engine, id)

    def get_work_infos_by_tag(self, tag: str) -> list[WorkInfo]:
        self._check_open()
        return queries.infos_by_tag(self._engine, tag)

    def get_work_infos_for_unique_work(self, name: str) -> list[WorkInfo]:
        self._check_open()
        return queries.infos_for_unique_work(self._engine, name)

    def get_work_infos(self, query: WorkQuery) -> list[WorkInfo]:
        self._check_open()
        return queries.infos(self._engine, query)

    def get_work_info_by_id_live_data(self, id: uuid.UUID) -> LiveData[WorkInfo | None]:
        checks.check_id(id)
        return self._observers.live_data(lambda: self.get_work_info_by_id(id))

    def get_work_infos_by_tag_live_data(self, tag: str) -> LiveData[list[WorkInfo]]:
        self.get_work_infos_by_tag(tag)
        return self._observers.live_data(lambda: self.get_work_infos_by_tag(tag))

    def get_work_infos_for_unique_work_live_data(self, name: str) -> LiveData[list[WorkInfo]]:
        checks.check_name(name)
        return self._observers.live_data(lambda: self.get_work_infos_for_unique_work(name))

    def get_work_infos_live_data(self, query: WorkQuery) -> LiveData[list[WorkInfo]]:
        self.get_work_infos(query)
        return self._observers.live_data(lambda: self.get_work_infos(query))

    def get_last_cancel_all_time_millis(self) -> int:
        """When ``cancel_all_work`` was last called (virtual ms), 0 if never; it is kept
        in the store, so it survives restarts. Use it to ignore results of work that was
        cancelled after you last looked."""
        self._check_open()
        return self._engine.last_cancel_all_millis

    def get_last_cancel_all_time_millis_live_data(self) -> LiveData[int]:
        """``get_last_cancel_all_time_millis`` as a LiveData."""
        self._check_open()
        return self._observers.live_data(self.get_last_cancel_all_time_millis)

    def _live_data(self, compute: Callable[[], Any]) -> LiveData[Any]:
        """A LiveData of ``compute()``, refreshed after every call (for WorkContinuation)."""
        return self._observers.live_data(compute)

    @property
    def trace(self) -> EventList:
        """Every event so far, oldest first: a read-only, list-like view that grows."""
        return EventList(self._engine.history, 0, None)

    def describe_work(self, id: uuid.UUID) -> WorkDescription | None:
        """Everything the engine knows about one work (for views), or None."""
        self._check_open()
        checks.check_id(id)
        spec = self._engine.table.get(id)
        return None if spec is None else describe(self._engine, spec)

    def describe_works(self) -> list[WorkDescription]:
        """Every stored work, in enqueue order (for views)."""
        self._check_open()
        engine = self._engine
        return [describe(engine, spec) for spec in engine.table]

    def explain(self, id: uuid.UUID) -> str:
        """Why this work is (not) running now, and when it will next be considered."""
        self._check_open()
        checks.check_id(id)
        return explain_work(self._engine, id)

    def add_listener(self, callback: Listener) -> None:
        """Call ``callback(events)`` after every call that produced events (for views)."""
        self._observers.add_listener(callback)

    def remove_listener(self, callback: Listener) -> None:
        self._observers.remove_listener(callback)

    def add_instant_listener(self, callback: Callable[[], Any]) -> None:
        """Call ``callback()`` after each instant the engine processed, inside
        ``advance``/``step`` (one call may process many): the Studio's rewind takes a
        checkpoint per engine step with it."""
        self._observers.add_instant_listener(callback)

    def remove_instant_listener(self, callback: Callable[[], Any]) -> None:
        self._observers.remove_instant_listener(callback)

    def __repr__(self) -> str:
        where = self.path or "memory"
        summary = queries.state_counts(self._engine)
        return f"<WorkManager {where} at {self.clock.now_millis} ms: {summary}>"
