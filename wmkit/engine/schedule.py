"""The schedule: when each work is next looked at, and who waits for what.

One timer heap for everything that happens at an instant (runs ending, run limits,
works becoming due, device re-checks), each entry carrying its own handler; a ready
queue of due works waiting for a worker slot, earliest due first, then enqueue order;
the *parked* works that are due but held back by something outside the clock (the
device, a worker class not defined yet); and JobScheduler's limit on how many works it
holds at once (``scheduler_limit``, Android's ``maxSchedulerLimit``).

Same-instant timers fire in a fixed order, the SimPy way: by kind (a device re-check,
then runs ending, then run limits, so a run finishing exactly at its limit counts as
finished, then works becoming due), then in the order they were set. The heap holds
one int per timer, ``(millis * 4 + kind) << 48 | seq``, so that heapq orders two timers
by comparing two ints (the kind breaks ties between equal instants, the insertion
``seq`` between equal kinds); the timer's handler and arguments wait in a dict under
that key. Tuples in the heap cost a tuple comparison and three int comparisons each
time heapq compares two timers of one instant (periodic works enqueued together are
all due at one instant).

Entries are never removed: a work's ``timer_token`` grows whenever it is rescheduled,
started or forgotten, and an entry with an older token is stale.

>>> schedule = Schedule(None, on_due=lambda now, spec, token: None)
>>> fired = []
>>> schedule.add_timer(500, Schedule.LIMIT, lambda now, a, b: fired.append(("limit", a)), "x")
>>> schedule.add_timer(500, Schedule.FINISH, lambda now, a, b: fired.append(("finish", a)), "y")
>>> schedule.fire_due(500)
>>> fired
[('finish', 'y'), ('limit', 'x')]
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from .. import registry
from ..enums import State
from ..phone.rules import Blocker
from ..work.backoff import next_run_time
from ..work.work_spec import WorkSpec

ENQUEUED = State.ENQUEUED
DEVICE, FINISH, LIMIT, DUE = 0, 1, 2, 3
Handler = Callable[[int, Any, Any], None]  # handler(now, a, b)
_heappush = heapq.heappush
_SEQ_BITS = 48  # a timer's key: (millis * 4 + kind) << _SEQ_BITS | seq


class Schedule:
    """The timer heap, the ready queue, the parked works and the scheduler limit."""

    # Kinds of timer, in their same-instant order.
    DEVICE, FINISH, LIMIT, DUE = DEVICE, FINISH, LIMIT, DUE

    def __init__(self, limit: int | None, on_due: Handler) -> None:
        self._heap: list[int] = []  # timer keys (see the module's doc)
        self._timers: dict[int, tuple[Handler, Any, Any]] = {}  # key -> (handler, a, b)
        self._seq = 0  # insertion order: the last same-instant tie-break
        self._on_due = on_due  # called (now, spec, token) when a work becomes due
        #: True while a work waits in the ready queue or for its class: a work that
        #: becomes due then must queue behind it instead of starting at once.
        self.backlog = False
        # Android hands at most maxSchedulerLimit (20) unfinished works to JobScheduler at
        # a time, oldest enqueue first, and takes each back after every run. None: no
        # limit (the in-process GreedyScheduler covers far more while the app lives).
        self.limit = limit
        self._scheduled: dict[WorkSpec, None] = {}
        self._unscheduled: list[tuple[int, int, int, WorkSpec]] = []
        self._ready: list[tuple[int, int, int, WorkSpec]] = []
        # Keyed by the WorkSpec object itself: identity hashing is C-fast, UUID's is not.
        self._parked: dict[WorkSpec, list[Blocker] | None] = {}
        self._missing: dict[str, set[uuid.UUID]] = {}

    # ----------------------------------------------------------------- timers
    def add_timer(self, millis: int, kind: int, handler: Handler, a: Any, b: Any = None) -> None:
        """Call ``handler(now, a, b)`` at ``millis``; ``kind`` (DEVICE, FINISH, LIMIT, DUE)
        orders timers of the same instant."""
        seq = self._seq = self._seq + 1
        key = (millis * 4 + kind) << _SEQ_BITS | seq
        self._timers[key] = (handler, a, b)
        heapq.heappush(self._heap, key)

    def fire_due(self, now: int) -> None:
        """Call the handler of every timer due at or before ``now``, in order, including
        timers those handlers set for ``now``."""
        heap = self._heap
        pop = heapq.heappop
        timers = self._timers
        end = (now * 4 + 4) << _SEQ_BITS  # the first key after this instant's
        while heap and heap[0] < end:
            handler, a, b = timers.pop(pop(heap))
            handler(now, a, b)

    def has_due(self, now: int) -> bool:
        heap = self._heap
        return bool(heap) and heap[0] < (now * 4 + 4) << _SEQ_BITS

    def timers(self) -> list[tuple[int, int, Any, Any]]:
        """Every timer set, stale or not, as ``(millis, kind, a, b)``, soonest first."""
        timers = self._timers
        return [
            (key >> _SEQ_BITS + 2, key >> _SEQ_BITS & 3, *timers[key][1:])
            for key in sorted(self._heap)
        ]

    def next_time(self, now: int, slots_free: bool) -> int | None:
        """When something next happens: ``now`` if a due work can start now (a free slot,
        or a missing worker class defined since), else when the next live timer fires
        (stale timers at the head are dropped on the way)."""
        if self.backlog:
            if self.first_ready() is not None and slots_free:
                return now
            if self._missing and any(registry.lookup(name) for name in self._missing):
                return now
        heap, timers = self._heap, self._timers
        while heap:
            key = heap[0]
            _, a, b = timers[key]
            kind = key >> _SEQ_BITS & 3
            if kind == DUE:  # the commonest: a due work not rescheduled since
                if a.timer_token == b and a.state is ENQUEUED:
                    return key >> _SEQ_BITS + 2
            elif kind == DEVICE or (not a.ended and (b is None or a.resume_step == b)):
                return key >> _SEQ_BITS + 2  # a device re-check; a run not ended (at its step)
            del timers[heapq.heappop(heap)]
        return None

    # ------------------------------------------------------------- due works
    def queue(self, spec: WorkSpec, now: int) -> int:
        """(Re)compute when an ENQUEUED work is due, queue it for then, return it."""
        due = next_run_time(spec)
        self.queue_at(spec, due, now)
        return due

    def queue_at(self, spec: WorkSpec, due: int, now: int) -> None:
        """Queue an ENQUEUED work for ``due``: ready now, or a timer for then; with a
        scheduler limit it may first wait for a slot. Older timers of it go stale."""
        token = spec.timer_token = spec.timer_token + 1
        if self._parked and spec in self._parked:
            del self._parked[spec]
        if self.limit is not None and spec not in self._scheduled:
            if len(self._scheduled) >= self.limit:
                entry = (spec.last_enqueue_time, spec.enqueue_seq, token, spec)
                heapq.heappush(self._unscheduled, entry)
                return  # waits for a scheduler slot; nothing fires for it until then
            self._scheduled[spec] = None
        if due > now:  # _queue_due, inlined: this runs once per run
            seq = self._seq = self._seq + 1
            key = (due * 4 + DUE) << _SEQ_BITS | seq
            self._timers[key] = (self._on_due, spec, token)
            _heappush(self._heap, key)
        else:
            self._queue_due(spec, due, token, now)

    def _queue_due(self, spec: WorkSpec, due: int, token: int, now: int) -> None:
        if due <= now:
            heapq.heappush(self._ready, (due, spec.enqueue_seq, token, spec))
            self.backlog = True
        else:
            self.add_timer(due, DUE, self._on_due, spec, token)

    def take_back(self, spec: WorkSpec, now: int) -> None:
        """Take a work back from the scheduler (after a run, a cancel, a delete) and
        hand the freed slot to the oldest waiting work."""
        if self.limit is None or self._scheduled.pop(spec, 0) is not None:
            return
        while self._unscheduled and len(self._scheduled) < self.limit:
            _, _, token, waiting = heapq.heappop(self._unscheduled)
            if waiting.timer_token == token and waiting.state is ENQUEUED and waiting.stored:
                self._scheduled[waiting] = None
                self._queue_due(waiting, next_run_time(waiting), token, now)

    def hand_over(self, spec: WorkSpec) -> None:
        """Count a work as held by JobScheduler (a run re-created by a rewind)."""
        if self.limit is not None:
            self._scheduled[spec] = None

    def is_handed_over(self, spec: WorkSpec) -> bool:
        """Whether JobScheduler holds the work (always, without a scheduler limit)."""
        return self.limit is None or spec in self._scheduled

    def invalidate(self, spec: WorkSpec) -> None:
        """Make every queued entry of the work stale (it starts, or fails to)."""
        spec.timer_token += 1

    def forget(self, spec: WorkSpec, now: int) -> None:
        """Nothing queued or parked for the work counts any more (cancel, fail, delete)."""
        spec.timer_token += 1
        if self._parked:
            self._parked.pop(spec, None)
        if self.limit is not None:
            self.take_back(spec, now)

    # ------------------------------------------------------------ ready queue
    def push_ready(self, spec: WorkSpec, due: int) -> None:
        """A due work waits for a worker slot behind the works due before it."""
        heapq.heappush(self._ready, (due, spec.enqueue_seq, spec.timer_token, spec))
        self.backlog = True

    def requeue(self, spec: WorkSpec) -> None:
        """Put a parked, still-valid ENQUEUED work back in the ready queue."""
        self.push_ready(spec, next_run_time(spec))

    def first_ready(self) -> WorkSpec | None:
        """The next live ready work, left in the queue (stale heads are dropped)."""
        ready = self._ready
        while ready:
            _, _, token, spec = ready[0]
            if spec.timer_token == token and spec.state is ENQUEUED and spec.stored:
                return spec
            heapq.heappop(ready)
        self.backlog = bool(self._missing)
        return None

    def pop_ready(self) -> WorkSpec | None:
        """Take the next live ready work out of the queue."""
        spec = self.first_ready()
        if spec is not None:
            heapq.heappop(self._ready)
            self.backlog = bool(self._ready or self._missing)
        return spec

    # ----------------------------------------------------------------- parked
    def park(self, spec: WorkSpec, blockers: list[Blocker] | None) -> None:
        """Hold a due work until what blocks it changes (None: its class is missing)."""
        self._parked[spec] = blockers

    def is_parked(self, spec: WorkSpec) -> bool:
        return spec in self._parked

    def unpark(self, spec: WorkSpec) -> None:
        self._parked.pop(spec, None)

    def parked(self) -> Iterator[tuple[WorkSpec, list[Blocker] | None]]:
        """The parked works and their blockers, safe to change while iterating."""
        return iter(list(self._parked.items()))

    def park_missing_class(self, spec: WorkSpec) -> None:
        # SIM: after a restart the worker class exists again only once its cell has run.
        self._parked[spec] = None
        self._missing.setdefault(spec.worker_class_name, set()).add(spec.id)
        self.backlog = True

    def has_missing_classes(self) -> bool:
        return bool(self._missing)

    def misses_class(self, spec: WorkSpec) -> bool:
        """Whether the work waits for its worker class to be defined."""
        return spec.id in self._missing.get(spec.worker_class_name, ())

    def defined_again(self) -> list[uuid.UUID]:
        """Ids of works whose missing class is defined now; they are no longer waited for."""
        found = [name for name in self._missing if registry.lookup(name) is not None]
        ids = [work_id for name in found for work_id in self._missing.pop(name)]
        self.backlog = bool(self._ready or self._missing)
        return ids

    # ------------------------------------------------------------- everything
    def clear(self) -> None:
        """Forget every timer, queue and parked work (process death, rewind)."""
        for container in (
            self._heap, self._timers, self._ready, self._parked, self._missing,
            self._scheduled, self._unscheduled,
        ):  # fmt: skip
            container.clear()
        self.backlog = False
