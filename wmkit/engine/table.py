"""The work table: every stored row, its indexes, and what changed since the last save.

Android keeps works in the ``WorkSpec`` table of a Room database, with a tag table, a
name table and a dependency table beside it. ``WorkTable`` is that database for one
simulated app: rows by id, by tag, by unique name and by prerequisite, and the only
code that writes a row. Every state change goes through :meth:`WorkTable.transition`,
which checks it against :mod:`~wmkit.engine.transitions`, records the event and marks the
row changed; every other write marks its row changed too, so the manager saves exactly
the rows that changed (:meth:`take_changes`), whether or not an event was logged.

Runtime slots of a row that are not stored (``timer_token``, the resolved
``worker_class``) belong to the schedule and the engine.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .. import registry
from ..enums import State, StopReason
from ..trace.kinds import EventKind
from ..trace.payloads import Output, PeriodEnded, Retried, Started, Stopped
from ..units import LONG_MAX
from ..work.backoff import next_run_time
from ..work.data import Data
from ..work.work_spec import WorkSpec
from .transitions import _NEXT, refusal

ENQUEUED, RUNNING, SUCCEEDED, FAILED, BLOCKED, CANCELLED = (
    State.ENQUEUED,
    State.RUNNING,
    State.SUCCEEDED,
    State.FAILED,
    State.BLOCKED,
    State.CANCELLED,
)
_EMPTY = Data.EMPTY
_NOT_STOPPED = int(StopReason.NOT_STOPPED)

Recorder = Callable[[tuple[Any, ...]], None]
STARTED, STOPPED, BLOCKED_, FAILED_, SUCCEEDED_, CANCELLED_, RETRY_, ENQUEUED_ = (
    EventKind.STARTED,
    EventKind.STOPPED,
    EventKind.BLOCKED,
    EventKind.FAILED,
    EventKind.SUCCEEDED,
    EventKind.CANCELLED,
    EventKind.RETRY,
    EventKind.ENQUEUED,
)


def event(now: int, kind: EventKind, spec: WorkSpec, detail: Any) -> tuple[Any, ...]:
    """The raw history entry of an event about ``spec``: ``detail`` words, or a payload
    recipe ``(PayloadClass, *args)`` built when the event is read."""
    if type(detail) is tuple:
        return (now, kind, spec.id, *detail)
    return (now, kind, spec.id, detail)


class WorkTable:
    """The rows of one simulated app and the indexes over them."""

    def __init__(self, record: Recorder) -> None:
        #: Appends one raw event ``(millis, kind, work_id, detail...)`` to the history.
        #: Hot paths call it from a local: ``self._record(entry)`` compiles to a method
        #: load, which CPython 3.11 cannot specialize for a callable held by the instance
        #: (nor ``self._changed.add`` bound once: both went the slow way twice a run).
        self._record = record
        self._rows: dict[uuid.UUID, WorkSpec] = {}
        self._dependents: dict[uuid.UUID, list[uuid.UUID]] = {}
        self._by_tag: dict[str, set[uuid.UUID]] = {}
        self._by_name: dict[str, list[uuid.UUID]] = {}
        self._changed: set[WorkSpec] = set()
        self._deleted: set[int] = set()
        self.seq = 0  # enqueue order: the same-instant tie-break, persisted
        self.next_doc_id = 1

    # ---------------------------------------------------------------- reading
    def get(self, work_id: uuid.UUID) -> WorkSpec | None:
        return self._rows.get(work_id)

    def __getitem__(self, work_id: uuid.UUID) -> WorkSpec:
        return self._rows[work_id]

    def __contains__(self, work_id: object) -> bool:
        return work_id in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[WorkSpec]:
        """Every row, in insertion order (a reopen inserts in doc id order)."""
        return iter(list(self._rows.values()))

    def ids(self) -> list[uuid.UUID]:
        return list(self._rows)

    def ids_with_tag(self, tag: str) -> list[uuid.UUID]:
        """The ids tagged ``tag``, in enqueue order."""
        rows = self._rows
        return sorted(self._by_tag.get(tag, ()), key=lambda i: rows[i].doc_id)

    def ids_named(self, name: str) -> list[uuid.UUID]:
        """The ids stored under the unique name ``name``, oldest first."""
        return list(self._by_name.get(name, ()))

    def dependents_of(self, work_id: uuid.UUID) -> list[uuid.UUID]:
        """The works that name ``work_id`` as a prerequisite."""
        return list(self._dependents.get(work_id, ()))

    def has_dependents(self, work_id: uuid.UUID) -> bool:
        return bool(self._dependents.get(work_id))

    def has_unfinished_dependent(self, work_id: uuid.UUID) -> bool:
        rows = self._rows
        return any(
            d in rows and not rows[d].state.is_finished for d in self._dependents.get(work_id, ())
        )

    def states_of(self, ids: Iterable[uuid.UUID]) -> list[State]:
        """The states of those of ``ids`` that are stored."""
        rows = self._rows
        return [rows[i].state for i in ids if i in rows]

    def with_dependents(self, work_id: uuid.UUID) -> Iterator[WorkSpec]:
        """The row of ``work_id``, then every transitive dependent's, each once, depth
        first, through finished rows too (both cascades walk the graph this way)."""
        stack = [work_id]
        seen: set[uuid.UUID] = set()
        rows = self._rows
        dependents = self._dependents
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            spec = rows.get(current)
            if spec is not None:
                yield spec
                stack.extend(dependents.get(current, ()))

    # ----------------------------------------------------------- adding rows
    def add(self, spec: WorkSpec) -> None:
        """Store a new row under the next doc id (its first state is set by
        :meth:`transition` from ``None``)."""
        spec.doc_id = self.next_doc_id
        self.next_doc_id += 1
        self.restore(spec)
        self._changed.add(spec)

    def insert(self, spec: WorkSpec, now: int) -> bool:
        """Add a new row in its first state, from its prerequisites' states
        (ANDROID_SEMANTICS §2: ENQUEUED, BLOCKED, or at once FAILED or CANCELLED);
        True when it is ENQUEUED (the caller queues it)."""
        self.add(spec)
        if not spec.prerequisites:  # the commonest: nothing to wait for
            cls = spec.worker_class
            # The class's name is written out only when the event is read.
            name_of: Any = "" if cls is None else (registry.qualified_name, cls)
            self.enqueue(spec, now, ENQUEUED_, name_of, first=True)
            return True
        states = self.states_of(spec.prerequisites)
        name = registry.qualified_name(spec.worker_class) if spec.worker_class else ""
        if FAILED in states:
            detail = f"{name} enqueued after a FAILED prerequisite"
            self.fail(spec, now, None, None, detail, first=True)
        elif CANCELLED in states:
            detail = f"{name} enqueued after a CANCELLED prerequisite"
            self.transition(spec, CANCELLED, event(now, CANCELLED_, spec, detail), first=True)
        elif any(s is not SUCCEEDED for s in states):
            self.block(spec, now, f"{name} waits for its prerequisites")
        else:
            self.enqueue(spec, now, ENQUEUED_, name, first=True)
            return True
        return False

    def restore(self, spec: WorkSpec) -> None:
        """Add a row to the indexes as it is (no transition, no event): for reopening."""
        self._rows[spec.id] = spec
        spec.stored = True
        by_tag = self._by_tag
        for tag in spec.tags:
            members = by_tag.get(tag)
            if members is None:
                members = by_tag[tag] = set()
            members.add(spec.id)
        if spec.unique_name is not None:
            self._by_name.setdefault(spec.unique_name, []).append(spec.id)
        for prerequisite in spec.prerequisites:
            self._dependents.setdefault(prerequisite, []).append(spec.id)

    # -------------------------------------------------------------- the state
    def transition(
        self, spec: WorkSpec, new: State, entry: tuple[Any, ...] | None, first: bool = False
    ) -> None:
        """The one way a row's state changes: check the pair against the transition table
        (``first``: a row just added, coming from no state), set it, mark the row changed
        and record ``entry``, the change's raw history entry (see :func:`event`; None: no
        event)."""
        if new not in _NEXT[None if first else spec.state]:
            raise refusal(None if first else spec.state, new, spec.id)
        spec.state = new
        self._changed.add(spec)
        if entry is not None:
            record = self._record  # called from a local: see __init__
            record(entry)

    # ---------------------------------------------------- a row's life cycle
    def enqueue(
        self, spec: WorkSpec, now: int, kind: EventKind, detail: Any, first: bool = False
    ) -> None:
        """Enter ENQUEUED at this instant (enqueue, unblock): ``lastEnqueueTime = now`` and
        a new place in enqueue order."""
        spec.last_enqueue_time = now
        self.seq += 1
        spec.enqueue_seq = self.seq
        self.transition(spec, ENQUEUED, event(now, kind, spec, detail), first)

    def block(self, spec: WorkSpec, now: int, detail: str) -> None:
        """Insert as BLOCKED: ``lastEnqueueTime`` stays unset until it is unblocked."""
        spec.last_enqueue_time = -1
        self.transition(spec, BLOCKED, event(now, BLOCKED_, spec, detail), first=True)

    def begin_run(self, spec: WorkSpec, now: int, worker_class: type) -> None:
        """ENQUEUED -> RUNNING: one more attempt, no stop reason (``trySetRunning``)."""
        attempt = spec.run_attempt_count = spec.run_attempt_count + 1
        spec.stop_reason = _NOT_STOPPED
        self.transition(spec, RUNNING, (now, STARTED, spec.id, Started, worker_class, attempt))

    def succeed(self, spec: WorkSpec, now: int, output: Data, note: str | None) -> None:
        spec.output = output
        detail = note or ((Output, output) if len(output) else "")
        self.transition(spec, SUCCEEDED, event(now, SUCCEEDED_, spec, detail))

    def fail(
        self,
        spec: WorkSpec,
        now: int,
        output: Data | None,
        note: str | None,
        detail: Any,
        first: bool = False,
    ) -> None:
        """FAILED, keeping the failure's output and explanation (a traceback, say)."""
        if output is not None:
            spec.output = output
        if note:
            spec.failure = note
        self.transition(spec, FAILED, event(now, FAILED_, spec, detail), first)

    def next_period(
        self, spec: WorkSpec, now: int, override_generation: int, kind: EventKind, note: str | None
    ) -> int:
        """RUNNING -> ENQUEUED at this instant: a periodic work's period ended (``kind``
        SUCCEEDED or FAILED; the period's result is not kept) and the next one begins.
        Returns when the work is due again."""
        # (stop_reason is NOT_STOPPED already: begin_run set it, a stop ends the run.)
        spec.run_attempt_count = 0
        number = spec.period_count = spec.period_count + 1
        spec.last_enqueue_time = now
        seq = self.seq = self.seq + 1
        spec.enqueue_seq = seq
        if spec.override == LONG_MAX:
            due = now + spec.interval  # next_run_time's branch for a later period, inlined
        else:
            self._use_override(spec, override_generation)
            due = next_run_time(spec, True)  # computed as ENQUEUED, the state it enters
        self.transition(spec, ENQUEUED, (now, kind, spec.id, PeriodEnded, note, number, due))
        return due

    def retry(self, spec: WorkSpec, now: int, override_generation: int, note: str | None) -> int:
        """RUNNING -> ENQUEUED at this instant after ``Result.retry()``; returns when the
        work is due again (after the backoff)."""
        spec.last_enqueue_time = now
        if spec.override != LONG_MAX:
            self._use_override(spec, override_generation)
        seq = self.seq = self.seq + 1
        spec.enqueue_seq = seq
        due = next_run_time(spec, True)  # computed as ENQUEUED, the state it enters
        self.transition(spec, ENQUEUED, (now, RETRY_, spec.id, Retried, note, now, due))
        return due

    @staticmethod
    def _use_override(spec: WorkSpec, override_generation: int) -> None:
        """A run uses the override once; it is cleared only if no update_work() set a new
        one meanwhile (Android compares the override generation)."""
        if spec.override_generation == override_generation:
            spec.override = LONG_MAX

    def stop(
        self,
        spec: WorkSpec,
        now: int,
        reason: int,
        why: str | None,
        reorder: bool = True,
        backoff_from_now: bool = False,
        override_generation: int = 0,
    ) -> int:
        """RUNNING -> ENQUEUED without a result: the attempt stays counted,
        ``lastEnqueueTime`` unchanged, progress kept (§7, §16); returns when it is due
        again. ``reorder``: it also takes a new place in enqueue order (a stop during the
        process's life, not a process death). ``why`` None: no event (a rewind).
        ``backoff_from_now``: the request asked for setBackoffForSystemInterruptions
        (2.11), so the stop is a reschedule: ``lastEnqueueTime = now``, and the run's
        override (``override_generation``) is used up, as after a retry
        (WorkerWrapper.kt @ a9b06aa resetWorkerStatus -> reschedule)."""
        spec.stop_reason = int(reason)
        if backoff_from_now:
            spec.last_enqueue_time = now
            self._use_override(spec, override_generation)
        if reorder:
            self.seq += 1
            spec.enqueue_seq = self.seq
        due = next_run_time(spec, enqueued=True)
        stopped = None if why is None else (now, STOPPED, spec.id, Stopped, reason, why, due)
        self.transition(spec, ENQUEUED, stopped)
        return due

    def cancel(self, spec: WorkSpec, now: int, was_running: bool, why: Any) -> None:
        """CANCELLED; ``stopReason`` 1 if it was running, else −256. A row cancelled
        again only has its stop reason rewritten, as Android's ``setCancelledState``."""
        spec.stop_reason = int(StopReason.CANCELLED_BY_APP) if was_running else _NOT_STOPPED
        if spec.state is CANCELLED:
            self._changed.add(spec)
            return
        self.transition(spec, CANCELLED, event(now, CANCELLED_, spec, why))

    def set_progress(self, spec: WorkSpec, data: Data) -> None:
        spec.progress = data
        self._changed.add(spec)

    def clear_progress(self, spec: WorkSpec) -> None:
        """Progress is deleted when a run finishes normally (kept when it is stopped)."""
        if spec.progress is not _EMPTY:
            spec.progress = _EMPTY
            self._changed.add(spec)

    def apply_update(
        self, spec: WorkSpec, new: WorkSpec, fields: Iterable[str], running: bool
    ) -> None:
        """``update_work``: take ``fields`` and the tags from ``new``, bump the generation;
        a running work keeps its progress (the update applies from its next run)."""
        for name in fields:
            setattr(spec, name, getattr(new, name))
        self._static_changed(spec)
        self.retag(spec, new.tags)
        spec.generation += 1
        spec.stop_reason = _NOT_STOPPED
        if new.override_generation == 1:  # the request set or cleared an override
            spec.override = new.override
            spec.override_generation += 1
        if not running:
            spec.progress = _EMPTY
        self._changed.add(spec)

    def retag(self, spec: WorkSpec, tags: frozenset[str]) -> None:
        """Replace a row's tags, keeping the tag index right."""
        for tag in spec.tags - tags:
            members = self._by_tag[tag]
            members.discard(spec.id)
            if not members:
                del self._by_tag[tag]
        for tag in tags - spec.tags:
            self._by_tag.setdefault(tag, set()).add(spec.id)
        spec.tags = tags
        self._static_changed(spec)
        self._changed.add(spec)

    def _static_changed(self, spec: WorkSpec) -> None:
        spec.static_record = None  # the cached stored form of the fields updates change
        spec.fast = None  # and whether its runs may take the fast path

    # --------------------------------------------------------- removing rows
    def remove(self, work_id: uuid.UUID, now: int, why: str) -> WorkSpec | None:
        """Delete a row for good, with its index entries and the dependency rows that
        name it (a foreign-key cascade); the removed row, or None if there was none."""
        spec = self._rows.pop(work_id, None)
        if spec is None:
            return None
        spec.stored = False
        for tag in spec.tags:
            members = self._by_tag[tag]
            members.discard(work_id)
            if not members:
                del self._by_tag[tag]
        if spec.unique_name is not None:
            names = self._by_name.get(spec.unique_name)
            if names is not None and work_id in names:
                names.remove(work_id)
                if not names:
                    del self._by_name[spec.unique_name]
        for prerequisite in spec.prerequisites:
            siblings = self._dependents.get(prerequisite)
            if siblings is not None and work_id in siblings:
                siblings.remove(work_id)
        for dependent_id in self._dependents.pop(work_id, ()):
            dependent = self._rows.get(dependent_id)
            if dependent is not None:
                dependent.prerequisites = tuple(p for p in dependent.prerequisites if p != work_id)
                self._static_changed(dependent)
                self._changed.add(dependent)
        self._changed.discard(spec)
        self._deleted.add(spec.doc_id)
        self._record((now, EventKind.DELETED, work_id, why))
        return spec

    def clear(self) -> list[WorkSpec]:
        """Forget every row (a rewind); the rows it held."""
        rows = list(self._rows.values())
        for spec in rows:
            spec.stored = False
        for container in (self._rows, self._dependents, self._by_tag, self._by_name):
            container.clear()
        self._changed.clear()
        return rows

    # ------------------------------------------------------------- saving
    def take_changes(self) -> tuple[list[WorkSpec], set[int]]:
        """The rows changed and the doc ids deleted since the last call; forgets both."""
        changed, deleted = list(self._changed), self._deleted
        self._changed = set()
        self._deleted = set()
        return changed, deleted

    def has_changes(self) -> bool:
        return bool(self._changed or self._deleted)

    def mark_all_changed(self, deleted: Iterable[int] = ()) -> None:
        """Every row must be saved again, and ``deleted`` doc ids dropped (a rewind)."""
        self._changed.update(self._rows.values())
        self._deleted.update(deleted)
