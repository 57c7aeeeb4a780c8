"""``WorkManager``: the public face of the simulator, named as Android's.

It validates every call at the call (so a mistake raises where the student made it),
delegates to the engine, and after each call that changed anything writes one snapshot
to the store, refreshes LiveData and tells listeners (the views) what happened.

>>> from wmkit import Worker, Result, OneTimeWorkRequest
>>> class Hello(Worker):
...     def do_work(self):
...         return Result.success({"greeting": "hi"})
>>> wm = WorkManager()
>>> request = OneTimeWorkRequest(Hello)
>>> wm.enqueue(request)
>>> [e.kind for e in wm.advance(timedelta(seconds=1))]
['started', 'succeeded']
>>> wm.get_work_info_by_id(request.id).output_data.get_string("greeting")
'hi'
"""

from __future__ import annotations

import gc
import os
import uuid
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import timedelta
from typing import Any

from ..clock import VirtualClock
from ..engine import checkpoint as checkpoint_module
from ..engine.checkpoint import Checkpoint
from ..engine.engine import Engine
from ..enums import ExistingPeriodicWorkPolicy, ExistingWorkPolicy, State, UpdateResult
from ..errors import IllegalArgumentError, IllegalStateError, StoreError
from ..phone.device import Device, apply_device_change
from ..storage import NullStore, StoredState, WorkStore, open_store
from ..trace.history import EventList
from ..units import DEFAULT_MAX_CONCURRENT_WORKERS, to_millis
from ..work.continuation import ChainLevel, WorkContinuation
from ..work.live_data import LiveData
from ..work.query import WorkQuery
from ..work.requests import PeriodicWorkRequest, WorkRequest, as_request_list
from ..work.work_info import WorkInfo
from .description import WorkDescription, describe
from .explain import explain as explain_work
from .pruning import prune_finished, prune_on_open
from .unique import enqueue_with_prerequisites
from .updates import enqueue_unique_periodic, update_work


class WorkManager:
    """One simulated app's WorkManager, on its own virtual clock and device.

    ``WorkManager()`` keeps everything in memory; ``WorkManager("lesson.wmk.json")``
    stores it in a TinyDB file and, if the file exists, restores the works, the clock and
    the device (works that were RUNNING come back ENQUEUED, as after a crash).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        start_millis: int = 0,
        device: Device | None = None,
        seed: int = 0,
        max_concurrent_workers: int = DEFAULT_MAX_CONCURRENT_WORKERS,
        scheduler_limit: int | None = None,
        store: WorkStore | None = None,
    ) -> None:
        if device is not None and not isinstance(device, Device):
            raise IllegalArgumentError(f"device must be a wmkit.Device, got {device!r}.")
        if (
            isinstance(max_concurrent_workers, bool)
            or not isinstance(max_concurrent_workers, int)
            or max_concurrent_workers < 1
        ):
            raise IllegalArgumentError(
                f"max_concurrent_workers must be a positive int, got {max_concurrent_workers!r}."
            )
        if scheduler_limit is not None and (
            isinstance(scheduler_limit, bool)
            or not isinstance(scheduler_limit, int)
            or not 20 <= scheduler_limit <= 50
        ):
            raise IllegalArgumentError(
                f"scheduler_limit must be None or an int from 20 to 50 (Android's "
                f"Configuration.setMaxSchedulerLimit range), got {scheduler_limit!r}."
            )
        if path is not None and store is not None:
            raise IllegalArgumentError("Give WorkManager a path or a store, not both.")
        self._closed = True  # until the store is open and loaded
        self.path = None if path is None else os.fspath(path)
        self._batch_depth = 0
        self._listeners: list[Callable[[EventList], Any]] = []
        self._instant_listeners: list[Callable[[], Any]] = []
        self._live: set[LiveData[Any]] = set()  # the observed ones, held strongly
        self._published = 0
        self._saved_at: int | None = None
        self._notified_at: int | None = None
        if store is None and path is not None:
            _refuse_if_open_here(path)
        # Opening builds tens of thousands of acyclic objects and runs no student code:
        # the cyclic GC would only rescan them (and everything else alive) repeatedly.
        with _collector_paused():
            self._open(
                path, store, start_millis, device, seed, max_concurrent_workers, scheduler_limit
            )

    def _open(
        self,
        path: str | os.PathLike[str] | None,
        store: WorkStore | None,
        start_millis: int,
        device: Device | None,
        seed: int,
        max_concurrent_workers: int,
        scheduler_limit: int | None,
    ) -> None:
        if store is None:
            store = open_store(path) if path is not None else NullStore()
        stored = store.open()  # refused: nothing to release
        self._store = store
        # A manager dropped without close() (a re-run cell rebinding `wm`) still lets go
        # of its store when it is garbage-collected; every call already saved its state.
        self._finalizer = weakref.finalize(self, store.close)
        try:
            self._engine = Engine(
                start_millis=start_millis,
                device=device,
                seed=seed,
                max_concurrent_workers=max_concurrent_workers,
                scheduler_limit=scheduler_limit,
            )
            if stored is not None:
                self._restore(stored)
            self._engine.on_instant = self._on_instant
            self._closed = False
            self._commit(force=stored is None)
            _OPEN.add(self)
        except BaseException:
            self._closed = True
            self._finalizer.detach()
            store.close()
            raise

    # ----------------------------------------------------------- persistence
    def _restore(self, stored: StoredState) -> None:
        engine = self._engine
        engine.load_rows(stored.meta, stored.works)
        engine.kill_process()  # the previous process is gone: RUNNING -> ENQUEUED
        prune_on_open(engine)
        engine.emit("restart", None, "opened the store: the app process (re)started")
        self._saved_at = engine.clock.now_millis  # the file holds this instant already

    def _commit(self, *, force: bool = False) -> EventList:
        """End of a public call: save one snapshot, refresh LiveData, tell listeners."""
        engine = self._engine
        if self._batch_depth == 0 and (
            force
            or engine.dirty
            or engine.deleted_doc_ids
            or engine.meta_changed
            or self._clock_moved()
        ):
            self._store.save(engine.meta_state(), engine.dirty, engine.deleted_doc_ids)
            engine.dirty.clear()
            engine.deleted_doc_ids.clear()
            engine.meta_changed = False
            self._saved_at = engine.clock.now_millis
        self._refresh_live()
        new = engine.history.view(self._published)
        self._published = len(engine.history)
        moved = self._notified_at != engine.clock.now_millis
        self._notified_at = engine.clock.now_millis
        if new or moved:  # views redraw when time passed, even without events
            for listener in list(self._listeners):
                try:
                    listener(new)
                except Exception as error:  # a view's bug must not break the clock
                    engine.emit("error", None, f"listener {listener!r} raised {error!r}")
        return new

    def _clock_moved(self) -> bool:
        return self._saved_at != self._engine.clock.now_millis

    @contextmanager
    def batch(self) -> Iterator[WorkManager]:
        """Group many calls into one snapshot write: ``with wm.batch(): ...``."""
        self._check_open()
        self._batch_depth += 1
        try:
            yield self
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self._commit()

    def close(self) -> None:
        """Write the last snapshot and release the store (its file lock)."""
        if self._closed:
            return
        self._batch_depth = 0  # closing inside batch(): the batch is saved, not lost
        self._commit()
        self._closed = True
        self._finalizer()  # closes the store, once

    def __enter__(self) -> WorkManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise IllegalStateError(
                "This WorkManager is closed; open the store again with WorkManager(path)."
            )

    def restart_app(self) -> EventList:
        """Simulate the app process dying and starting again, in place.

        RUNNING works go back to ENQUEUED with ``StopReason.UNKNOWN`` (no ``on_stopped``:
        a dead process runs nothing), and finished work old enough is pruned, as when
        Android reopens its database.
        """
        self._check_open()
        engine = self._engine
        engine.emit("restart", None, "the app process was killed and restarted")
        engine.kill_process()
        prune_on_open(engine)
        return self._commit()

    def checkpoint(self, label: str = "") -> Checkpoint:
        """The whole simulated app as it is now, to come back to with
        ``restore_checkpoint`` (the Studio's rewind takes one per step)."""
        self._check_open()
        return checkpoint_module.take(self._engine, id(self), label)

    def restore_checkpoint(self, checkpoint: Checkpoint) -> EventList:
        """Rewind to ``checkpoint``: works, clock, device, quotas and trace as they were.

        Works that were RUNNING then run again from the instant they started."""
        self._check_open()
        if not isinstance(checkpoint, Checkpoint) or checkpoint.owner != id(self):
            raise IllegalArgumentError(
                "restore_checkpoint takes a Checkpoint made by this same manager's "
                f"checkpoint(); got {checkpoint!r}."
            )
        checkpoint_module.restore(self._engine, checkpoint)
        self._published = min(self._published, len(self._engine.history))
        self._engine.emit("rewind", None, f"rewound to {checkpoint}")
        return self._commit(force=True)

    # ------------------------------------------------------------------ time
    @property
    def clock(self) -> VirtualClock:
        """The virtual clock: ``manager.clock.now_millis``."""
        return self._engine.clock

    def advance(self, delta: timedelta) -> EventList:
        """Move virtual time forward by ``delta``, processing every due event."""
        self._check_open()
        millis = to_millis(delta, name="advance()")
        return self.advance_to(self._engine.clock.now_millis + millis)

    def advance_to(self, millis: int) -> EventList:
        """Process everything due at or before ``millis`` (virtual ms), then stop there."""
        self._check_open()
        if isinstance(millis, bool) or not isinstance(millis, int):
            raise IllegalArgumentError(
                f"advance_to() takes virtual milliseconds (an int), got {millis!r}; "
                "use advance(timedelta(...)) to move by a duration."
            )
        self._engine.advance_to(millis)
        return self._commit()

    def step(self) -> EventList:
        """Jump to the next instant at which anything happens; ``[]`` when idle."""
        self._check_open()
        self._engine.step()
        return self._commit()

    def run_until_idle(self, max_events: int = 100_000) -> EventList:
        """Step until nothing is scheduled, or ``max_events`` events (periodic work
        never idles)."""
        self._check_open()
        engine = self._engine
        history = engine.history
        start = len(history)
        with self.batch():
            while len(history) - start < max_events and engine.step():
                pass
        return history.view(start)

    def next_event_millis(self) -> int | None:
        """When something next happens (for views), or None when nothing is scheduled."""
        return self._engine.next_event_time()

    # ---------------------------------------------------------------- device
    @property
    def device(self) -> Device:
        """The simulated phone's current state."""
        return self._engine.device

    def set_device(self, **changes: Any) -> EventList:
        """Change the device now: ``manager.set_device(network="none")``."""
        self._check_open()
        old = self._engine.device
        new = apply_device_change(old, changes)
        if new != old:
            changed = ", ".join(
                f"{f.name}={getattr(new, f.name)!r}"
                for f in fields(Device)
                if getattr(new, f.name) != getattr(old, f.name)
            )
            self._engine.set_device(new, changed)
        return self._commit()

    # -------------------------------------------------------------- enqueuing
    def enqueue(self, request_or_list: WorkRequest | Sequence[WorkRequest]) -> None:
        """Enqueue one request or a list of independent ones."""
        self._check_open()
        requests = as_request_list(request_or_list, "enqueue")
        enqueue_with_prerequisites(self._engine, requests, [], None, ExistingWorkPolicy.KEEP)
        self._commit()

    def begin_with(self, request_or_list: Any) -> WorkContinuation:
        """Start a chain: ``manager.begin_with(a).then(b).enqueue()``."""
        self._check_open()
        requests = as_request_list(request_or_list, "beginWith", one_time_only=True)
        return WorkContinuation(self, self._enqueue_levels, requests)

    def begin_unique_work(
        self, name: str, policy: ExistingWorkPolicy, request_or_list: Any
    ) -> WorkContinuation:
        """Start a chain under a unique name; ``policy`` decides what happens to existing
        work with that name when it is enqueued."""
        self._check_open()
        _check_name(name)
        _check_policy(policy, ExistingWorkPolicy)
        requests = as_request_list(request_or_list, "beginUniqueWork", one_time_only=True)
        return WorkContinuation(self, self._enqueue_levels, requests, name=name, policy=policy)

    def enqueue_unique_work(
        self, name: str, policy: ExistingWorkPolicy, request_or_list: Any
    ) -> None:
        """Enqueue one-time work under a unique name (REPLACE, KEEP, APPEND, ...)."""
        self.begin_unique_work(name, policy, request_or_list).enqueue()

    def enqueue_unique_periodic_work(
        self, name: str, policy: ExistingPeriodicWorkPolicy, request: PeriodicWorkRequest
    ) -> None:
        """Enqueue periodic work under a unique name (KEEP, UPDATE, CANCEL_AND_REENQUEUE)."""
        self._check_open()
        _check_name(name)
        _check_policy(policy, ExistingPeriodicWorkPolicy)
        if not isinstance(request, PeriodicWorkRequest):
            raise IllegalArgumentError(
                f"enqueue_unique_periodic_work takes a PeriodicWorkRequest, got {request!r}; "
                "for one-time work use enqueue_unique_work."
            )
        enqueue_unique_periodic(self._engine, name, policy, request)
        self._commit()

    def update_work(self, request: WorkRequest) -> UpdateResult:
        """Change a stored work in place (same id, generation + 1)."""
        self._check_open()
        if not isinstance(request, WorkRequest):
            raise IllegalArgumentError(
                f"update_work takes a WorkRequest built with .set_id(existing_id), got {request!r}."
            )
        result = update_work(self._engine, request)
        self._commit()
        return result

    def _enqueue_levels(self, levels: list[ChainLevel]) -> None:
        """Insert a chain's levels, earliest first, in one snapshot (``continuation.enqueue``)."""
        self._check_open()
        for level in levels:
            enqueue_with_prerequisites(
                self._engine, level.requests, level.prerequisites, level.name, level.policy
            )
        self._commit()

    # ------------------------------------------------------------- cancelling
    def cancel_work_by_id(self, id: uuid.UUID) -> None:
        """Cancel this work and every unfinished work that depends on it."""
        self._check_open()
        _check_id(id)
        self._engine.cancel([id], "cancel_work_by_id")
        self._commit()

    def cancel_all_work_by_tag(self, tag: str) -> None:
        self._check_open()
        if not isinstance(tag, str):
            raise IllegalArgumentError(f"A tag is a str, got {tag!r}.")
        engine = self._engine
        ids = [i for i in sorted_ids(engine, engine.by_tag.get(tag, ())) if _unfinished(engine, i)]
        engine.cancel(ids, f"cancel_all_work_by_tag({tag!r})")
        self._commit()

    def cancel_unique_work(self, name: str) -> None:
        self._check_open()
        _check_name(name)
        engine = self._engine
        ids = [i for i in engine.by_name.get(name, ()) if _unfinished(engine, i)]
        engine.cancel(ids, f"cancel_unique_work({name!r})")
        self._commit()

    def cancel_all_work(self) -> None:
        self._check_open()
        engine = self._engine
        ids = [i for i, s in engine.specs.items() if not s.state.is_finished]
        engine.cancel(ids, "cancel_all_work")
        self._commit()

    def prune_work(self) -> None:
        """Delete finished works that no unfinished work depends on (ignores
        ``keep_results_for_at_least``, as Android's ``pruneWork`` does)."""
        self._check_open()
        prune_finished(self._engine)
        self._commit()

    # ------------------------------------------------------------- inspecting
    def get_work_info_by_id(self, id: uuid.UUID) -> WorkInfo | None:
        self._check_open()
        _check_id(id)
        spec = self._engine.specs.get(id)
        return None if spec is None else WorkInfo.of(spec)

    def get_work_infos_by_tag(self, tag: str) -> list[WorkInfo]:
        self._check_open()
        if not isinstance(tag, str):
            raise IllegalArgumentError(f"A tag is a str, got {tag!r}.")
        engine = self._engine
        ids = sorted_ids(engine, engine.by_tag.get(tag, ()))
        return [WorkInfo.of(engine.specs[i]) for i in ids]

    def get_work_infos_for_unique_work(self, name: str) -> list[WorkInfo]:
        self._check_open()
        _check_name(name)
        engine = self._engine
        return [WorkInfo.of(engine.specs[i]) for i in engine.by_name.get(name, ())]

    def get_work_infos(self, query: WorkQuery) -> list[WorkInfo]:
        self._check_open()
        if not isinstance(query, WorkQuery):
            raise IllegalArgumentError(
                f"get_work_infos takes a WorkQuery, got {query!r}; e.g. "
                "WorkQuery.from_states([State.ENQUEUED])."
            )
        return [WorkInfo.of(s) for s in self._engine.specs.values() if query.matches(s)]

    def get_work_info_by_id_live_data(self, id: uuid.UUID) -> LiveData[WorkInfo | None]:
        _check_id(id)
        return self._live_data(lambda: self.get_work_info_by_id(id))

    def get_work_infos_by_tag_live_data(self, tag: str) -> LiveData[list[WorkInfo]]:
        self.get_work_infos_by_tag(tag)
        return self._live_data(lambda: self.get_work_infos_by_tag(tag))

    def get_work_infos_for_unique_work_live_data(self, name: str) -> LiveData[list[WorkInfo]]:
        _check_name(name)
        return self._live_data(lambda: self.get_work_infos_for_unique_work(name))

    def get_work_infos_live_data(self, query: WorkQuery) -> LiveData[list[WorkInfo]]:
        self.get_work_infos(query)
        return self._live_data(lambda: self.get_work_infos(query))

    def _live_data(self, compute: Callable[[], Any]) -> LiveData[Any]:
        return LiveData(compute, self._observer_failed, self._observed)

    def _observed(self, live: LiveData[Any], observed: bool) -> None:
        if observed:
            self._live.add(live)
        else:
            self._live.discard(live)

    def _observer_failed(self, error: BaseException) -> None:
        from ..engine.runner import describe_exception

        self._engine.emit("error", None, describe_exception(error, "a LiveData observer"))

    def _refresh_live(self) -> None:
        for live in list(self._live):
            live.refresh()

    def _on_instant(self) -> None:
        if self._live:
            self._refresh_live()
        for listener in self._instant_listeners:
            try:
                listener()
            except Exception as error:  # a recorder's bug must not break the clock
                text = f"instant listener {listener!r} raised {error!r}"
                self._engine.emit("error", None, text)

    @property
    def trace(self) -> EventList:
        """Every event so far, oldest first: a read-only, list-like view that grows."""
        return EventList(self._engine.history, 0, None)

    def describe_work(self, id: uuid.UUID) -> WorkDescription | None:
        """Everything the engine knows about one work (for views), or None."""
        self._check_open()
        _check_id(id)
        spec = self._engine.specs.get(id)
        return None if spec is None else describe(self._engine, spec)

    def describe_works(self) -> list[WorkDescription]:
        """Every stored work, in enqueue order (for views)."""
        self._check_open()
        engine = self._engine
        return [describe(engine, spec) for spec in engine.specs.values()]

    def explain(self, id: uuid.UUID) -> str:
        """Why this work is (not) running now, and when it will next be considered."""
        self._check_open()
        _check_id(id)
        return explain_work(self._engine, id)

    # ----------------------------------------------------------------- views
    def add_listener(self, callback: Callable[[EventList], Any]) -> None:
        """Call ``callback(events)`` after every call that produced events (for views)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[EventList], Any]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def add_instant_listener(self, callback: Callable[[], Any]) -> None:
        """Call ``callback()`` after each instant the engine processed, inside
        ``advance``/``step`` (one call may process many): the Studio's rewind takes a
        checkpoint per engine step with it."""
        self._instant_listeners.append(callback)

    def remove_instant_listener(self, callback: Callable[[], Any]) -> None:
        if callback in self._instant_listeners:
            self._instant_listeners.remove(callback)

    @property
    def max_concurrent_workers(self) -> int:
        return self._engine.max_workers

    def __repr__(self) -> str:
        where = self.path or "memory"
        counts: dict[str, int] = {}
        for spec in self._engine.specs.values():
            counts[spec.state.name] = counts.get(spec.state.name, 0) + 1
        summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no work"
        return f"<WorkManager {where} at {self.clock.now_millis} ms: {summary}>"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic collection while opening; then what opening built goes straight to the
    collector's oldest generation (``gc.freeze`` then ``gc.unfreeze``), so that the
    collector does not scan tens of thousands of long-lived rows on their way there."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if getattr(gc, "freeze", None) is not None:  # CPython and Pyodide have it
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


#: Every manager of this process (weakly held), for close_all() and clear messages.
_OPEN: weakref.WeakSet[WorkManager] = weakref.WeakSet()


def close_all() -> int:
    """Close every open WorkManager of this process; how many were open.

    For a notebook whose cell opened a store and was run again: the earlier manager
    still holds the file, and ``wmkit.close_all()`` lets it go.
    """
    managers = [m for m in list(_OPEN) if not m._closed]
    for manager in managers:
        manager.close()
    return len(managers)


def _refuse_if_open_here(path: str | os.PathLike[str]) -> None:
    wanted = os.path.realpath(os.fspath(path))
    for manager in list(_OPEN):
        if not manager._closed and manager.path and os.path.realpath(manager.path) == wanted:
            raise StoreError(
                f"{os.fspath(path)} is already open in this kernel by another WorkManager "
                "(did a cell that opens it run twice?). Close that one first: "
                "old_manager.close(), or wmkit.close_all() to close every open manager."
            )


def sorted_ids(engine: Engine, ids: Any) -> list[uuid.UUID]:
    """Ids in enqueue order (a set's order would change between runs)."""
    specs = engine.specs
    return sorted((i for i in ids if i in specs), key=lambda i: specs[i].doc_id)


def _unfinished(engine: Engine, work_id: uuid.UUID) -> bool:
    spec = engine.specs.get(work_id)
    return spec is not None and not spec.state.is_finished


def _check_id(value: Any) -> None:
    if not isinstance(value, uuid.UUID):
        raise IllegalArgumentError(
            f"Expected a work id (uuid.UUID), got {value!r}; use request.id."
        )


def _check_name(name: Any) -> None:
    if not isinstance(name, str) or not name:
        raise IllegalArgumentError(f"A unique work name is a non-empty str, got {name!r}.")


def _check_policy(policy: Any, enum: type) -> None:
    if not isinstance(policy, enum):
        members = ", ".join(f"{enum.__name__}.{m.name}" for m in enum)  # type: ignore[attr-defined]
        raise IllegalArgumentError(f"policy must be one of {members}; got {policy!r}.")


__all__ = ["State", "StoreError", "WorkManager"]
