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

import os
import uuid
import weakref
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from typing import Any

from .. import versions
from ..engine import checkpoint as checkpoint_module
from ..engine.checkpoint import Checkpoint
from ..engine.engine import Engine
from ..enums import (
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    State,
    UpdateResult,
)
from ..errors import AppCrashError, StoreError
from ..phone.device import Device, apply_device_change, describe_change
from ..storage import NullStore, WorkStore, open_store
from ..trace.history import EventList
from ..trace.kinds import EventKind
from ..units import DEFAULT_MAX_CONCURRENT_WORKERS, to_millis
from ..work.configuration import Configuration
from ..work.continuation import ChainLevel, WorkContinuation
from ..work.request_lists import as_request_list
from ..work.requests import PeriodicWorkRequest, WorkRequest
from . import app_life, checks, open_managers, queries, releases
from .observers import Observers
from .open_managers import close_all
from .pruning import prune_finished
from .reading import WorkManagerReads
from .saving import Saving
from .unique import enqueue_levels, enqueue_with_prerequisites
from .updates import enqueue_unique_periodic, update_work


class WorkManager(WorkManagerReads):
    """One simulated app's WorkManager, on its own virtual clock and device.

    ``WorkManager()`` keeps everything in memory; ``WorkManager("lesson.wmk.json")``
    stores it in a TinyDB file and, if the file exists, restores the works, the clock and
    the device (works that were RUNNING come back ENQUEUED, as after a crash).
    ``androidx="2.9" | "2.10" | "2.11"`` picks the release whose behaviour it follows
    (default: the newest, see :mod:`wmkit.versions`; a store keeps its release), and
    ``configuration`` the app's :class:`~wmkit.Configuration` (its exception handlers).
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
        androidx: str | None = None,
        configuration: Configuration | None = None,
    ) -> None:
        checks.check_construction(path, store, device, max_concurrent_workers, scheduler_limit)
        versions.profile(androidx)  # an unknown release is refused before anything opens
        self._closed = True  # until the store is open and loaded
        self.path = None if path is None else os.fspath(path)
        engine_options = {
            "start_millis": start_millis,
            "device": device,
            "seed": seed,
            "max_concurrent_workers": max_concurrent_workers,
            "scheduler_limit": scheduler_limit,
        }
        self._observers = Observers(self._report_error)
        if store is None and path is not None:
            open_managers.refuse_if_open_here(path)
        with open_managers.collector_paused():
            self._open(path, store, androidx, configuration, engine_options)

    def _open(
        self,
        path: str | os.PathLike[str] | None,
        store: WorkStore | None,
        androidx: str | None,
        configuration: Configuration | None,
        engine_options: dict[str, Any],
    ) -> None:
        if store is None:
            store = open_store(path) if path is not None else NullStore()
        stored = store.open()  # refused: nothing to release
        # A manager dropped without close() (a re-run cell rebinding `wm`) still lets go
        # of its store when it is garbage-collected; every call already saved its state.
        self._finalizer = weakref.finalize(self, store.close)
        try:
            stored_release = None if stored is None else stored.meta.androidx
            profile = releases.choose_profile(androidx, stored_release, self.path)
            configuration = releases.check_configuration(profile, configuration)
            self._engine = engine = Engine(
                profile=profile, configuration=configuration, **engine_options
            )
            self._saving = Saving(store, engine)
            if stored is not None:
                app_life.started_from_store(engine, stored)
                self._saving.saved_now()
                engine.meta_changed |= stored_release is None  # record the release
            self._engine.on_instant = self._observers.on_instant
            self._engine.on_stop = self._observers.refresh
            self._closed = False
            self._commit(force=stored is None)
            open_managers.register(self)
        except BaseException:
            self._closed = True
            self._finalizer.detach()
            store.close()
            raise

    # ----------------------------------------------------------- persistence
    def _commit(self, *, force: bool = False) -> EventList:
        """End of a public call: save one snapshot, refresh LiveData, tell listeners."""
        self._saving.save(force=force)
        engine = self._engine
        return self._observers.publish(engine.history, engine.clock.now_millis)

    def _report_error(self, text: str) -> None:
        self._engine.emit(EventKind.ERROR, None, text)

    @contextmanager
    def batch(self) -> Iterator[WorkManager]:
        """Group many calls into one snapshot write: ``with wm.batch(): ...``."""
        self._check_open()
        self._saving.batch_depth += 1
        try:
            yield self
        finally:
            self._saving.batch_depth -= 1
            if self._saving.batch_depth == 0:
                self._commit()

    def close(self) -> None:
        """Write the last snapshot and release the store (its file lock)."""
        if self._closed:
            return
        self._saving.batch_depth = 0  # closing inside batch(): the batch is saved, not lost
        self._commit()
        self._closed = True
        open_managers.unregister(self)
        self._finalizer()  # closes the store, once

    def __enter__(self) -> WorkManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _calling(self, drives: str | None = None) -> Iterator[None]:
        """Around every call that changes state or runs student code: an interrupt
        (Ctrl-C, or a BaseException from student code) is raised after what happened
        until then is saved. ``drives``: the call moves the clock or rewinds it, which
        worker code (the engine is in the middle of running it) may not do. When the
        simulated app crashes (``AppCrashError``), its process dies and starts again
        first, as on a phone."""
        self._check_open()
        with self._engine.interrupts.saving_first(self._commit, drives):
            try:
                yield
            except AppCrashError:
                app_life.restarted(self._engine, "crashed")
                raise

    def _app_calling(self, call: str) -> AbstractContextManager[None]:
        """``_calling`` for a call that is the app's own code: refused while the app is
        force-stopped, since none of its code runs until the user opens it."""
        self._check_open()
        app_life.refuse_app_code_while_force_stopped(self._engine, call)
        return self._calling()

    # ------------------------------------------------------------ the app's life
    def restart_app(self) -> EventList:
        """A low-memory kill: the app process dies and starts again, in place.

        RUNNING works go back to ENQUEUED with ``StopReason.UNKNOWN`` (no ``on_stopped``:
        a dead process runs nothing), progress is deleted, and finished work old enough
        is pruned, as when Android reopens its database. The jobs survive a kill, so
        due work runs again without the user doing anything (compare ``force_stop``).
        Kotlin/adb: ``adb shell am kill <package>`` (a background app).
        """
        self._check_open()
        app_life.refuse_restart_while_force_stopped(self._engine)
        with self._calling(drives="restart_app"):
            app_life.restarted(self._engine, "killed")
            return self._commit()

    def force_stop(self) -> EventList:
        """The user force-stops the app (Settings > Apps > Force stop, an OEM "cleaner",
        ``adb shell am force-stop <package>``).

        Not a process death: the process is killed (RUNNING works end with no
        ``on_stopped`` and come back ENQUEUED with ``StopReason.UNKNOWN``), and Android
        also cancels every job and alarm of the app, so **nothing runs, however long
        you wait,** until the user opens it again with :meth:`open_app`. Calls that are
        the app's own code (enqueue, cancel, ...) are refused meanwhile.
        """
        with self._calling(drives="force_stop"):
            app_life.force_stopped(self._engine)
            return self._commit()

    def open_app(self) -> EventList:
        """The user opens the app: it comes to the foreground (screen on, so Doze ends;
        standby bucket ``active``).

        After :meth:`force_stop` its process starts and WorkManager reschedules every
        unfinished work from the database (ForceStopRunnable detects the force stop):
        overdue work runs at once, periodic work keeps its schedule. After a plain
        process death (:meth:`restart_app`) the process is back already (JobScheduler
        started it when a job was due), so only the foreground changes.
        """
        with self._calling(drives="open_app"):
            app_life.opened(self._engine)
            return self._commit()

    def checkpoint(self, label: str = "") -> Checkpoint:
        """The whole simulated app as it is now, to come back to with
        ``restore_checkpoint`` (the Studio's rewind takes one per step)."""
        self._check_open()
        return checkpoint_module.take(self._engine, id(self), label)

    def restore_checkpoint(self, checkpoint: Checkpoint) -> EventList:
        """Rewind to ``checkpoint``: works, clock, device, quotas and trace as they were.

        Works that were RUNNING then run again from the instant they started."""
        with self._calling(drives="restore_checkpoint"):
            checks.check_checkpoint(checkpoint, id(self))
            checkpoint_module.restore(self._engine, checkpoint)
            self._observers.rewound(len(self._engine.history))
            self._engine.emit(EventKind.REWIND, None, f"rewound to {checkpoint}")
            return self._commit(force=True)

    # ------------------------------------------------------------------ time
    def advance(self, delta: timedelta) -> EventList:
        """Move virtual time forward by ``delta``, processing every due event."""
        self._check_open()
        millis = to_millis(delta, name="advance()")
        return self.advance_to(self._engine.clock.now_millis + millis)

    def advance_to(self, millis: int) -> EventList:
        """Process everything due at or before ``millis`` (virtual ms), then stop there."""
        with self._calling(drives="advance_to"):
            checks.check_millis(millis)
            self._engine.advance_to(millis)
            return self._commit()

    def step(self) -> EventList:
        """Jump to the next instant at which anything happens; ``[]`` when idle."""
        with self._calling(drives="step"):
            self._engine.step()
            return self._commit()

    def run_until_idle(self, max_events: int = 100_000) -> EventList:
        """Step until nothing is scheduled, or ``max_events`` events (periodic work
        never idles)."""
        with self._calling(drives="run_until_idle"):
            engine = self._engine
            history = engine.history
            start = len(history)
            with self.batch():
                while len(history) - start < max_events and engine.step():
                    pass
            return history.view(start)

    # ---------------------------------------------------------------- device
    def set_device(self, **changes: Any) -> EventList:
        """Change the device now: ``manager.set_device(network="none")``."""
        with self._calling():
            old = self._engine.device
            new = apply_device_change(old, changes)
            if new != old:
                self._engine.set_device(new, describe_change(old, new))
            return self._commit()

    # -------------------------------------------------------------- enqueuing
    def enqueue(self, request_or_list: WorkRequest | Sequence[WorkRequest]) -> None:
        """Enqueue one request or a list of independent ones."""
        with self._app_calling("enqueue()"):
            requests = as_request_list(request_or_list, "enqueue")
            releases.check_requests(self._engine.profile, requests)
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
        checks.check_name(name)
        checks.check_policy(policy, ExistingWorkPolicy)
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
        with self._app_calling("enqueue_unique_periodic_work()"):
            checks.check_name(name)
            checks.check_policy(policy, ExistingPeriodicWorkPolicy)
            checks.check_periodic_request(request)
            releases.check_requests(self._engine.profile, [request])
            enqueue_unique_periodic(self._engine, name, policy, request)
            self._commit()

    def update_work(self, request: WorkRequest) -> UpdateResult:
        """Change a stored work in place (same id, generation + 1)."""
        with self._app_calling("update_work()"):
            checks.check_update_request(request)
            releases.check_requests(self._engine.profile, [request])
            result = update_work(self._engine, request)
            self._commit()
            return result

    def _enqueue_levels(self, levels: list[ChainLevel]) -> None:
        """Insert a chain's levels, earliest first, in one snapshot (``continuation.enqueue``)."""
        with self._app_calling("enqueue()"):
            requests = [request for level in levels for request in level.requests]
            releases.check_requests(self._engine.profile, requests)
            enqueue_levels(self._engine, levels)
            self._commit()

    # ------------------------------------------------------------- cancelling
    def cancel_work_by_id(self, id: uuid.UUID) -> None:
        """Cancel this work and every unfinished work that depends on it."""
        with self._app_calling("cancel_work_by_id()"):
            checks.check_id(id)
            self._engine.cancel([id], "cancel_work_by_id")
            self._commit()

    def cancel_all_work_by_tag(self, tag: str) -> None:
        with self._app_calling("cancel_all_work_by_tag()"):
            ids = queries.unfinished_with_tag(self._engine, tag)
            self._engine.cancel(ids, f"cancel_all_work_by_tag({tag!r})")
            self._commit()

    def cancel_unique_work(self, name: str) -> None:
        with self._app_calling("cancel_unique_work()"):
            ids = queries.unfinished_named(self._engine, name)
            self._engine.cancel(ids, f"cancel_unique_work({name!r})")
            self._commit()

    def cancel_all_work(self) -> None:
        """Cancel every unfinished work, and note when (``get_last_cancel_all_time_millis``)."""
        with self._app_calling("cancel_all_work()"):
            engine = self._engine
            engine.cancel(queries.unfinished(engine, engine.table.ids()), "cancel_all_work")
            engine.last_cancel_all_millis = engine.clock.now_millis  # CancelWorkRunnable.forAll
            engine.meta_changed = True
            self._commit()

    def _stop_running_work_with_reason(self, id: uuid.UUID, reason: int) -> None:
        """``TestDriver.stop_running_work_with_reason``: stop a RUNNING work as the system
        would, with ``reason`` (its worker's ``on_stopped`` runs; the work is ENQUEUED)."""
        with self._calling():
            self._engine.profile.require(
                "stop_running_work_with_reason", "TestDriver.stop_running_work_with_reason()"
            )
            checks.check_id(id)
            checks.check_stop_reason(reason)
            app_life.stop_running_work(self._engine, id, reason)
            self._commit()

    def prune_work(self) -> None:
        """Delete finished works that no unfinished work depends on (ignores
        ``keep_results_for_at_least``, as Android's ``pruneWork`` does)."""
        with self._app_calling("prune_work()"):
            prune_finished(self._engine)
            self._commit()


__all__ = ["State", "StoreError", "WorkManager", "close_all"]
