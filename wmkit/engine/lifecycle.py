"""The life cycle of the engine's state: snapshots, rewinds, process death and restart.

``Lifecycle`` is a mixin of :class:`~wmkit.engine.engine.Engine`: it hands out the clock,
counters, device and quotas as an :class:`EngineMeta` value and takes one back (a store
or a checkpoint keeps it; :mod:`wmkit.storage.codec` turns it into JSON), forgets
everything for a rewind, and does what a dead app process leaves behind (RUNNING works
back to ENQUEUED with ``StopReason.UNKNOWN``, as Android's ForceStopRunnable does at the
next start).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..clock import TimerQueue, VirtualClock
from ..enums import State, StopReason
from ..phone.device import Device
from ..phone.doze import DozePhase
from ..phone.quota import QuotaLedger
from ..phone.rules import Blocker, Phone
from ..trace.details import stopped_detail
from ..work.backoff import next_run_time
from ..work.work_spec import WorkSpec
from .runner import Run

ENQUEUED, RUNNING = State.ENQUEUED, State.RUNNING
_BY_DOC_ID = attrgetter("doc_id")

Sessions = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class EngineMeta:
    """The engine's own state beside its rows, as plain values: what a store keeps in its
    meta document and a checkpoint keeps to rewind to."""

    now: int
    seq: int
    next_doc_id: int
    device: Device
    doze_since: int | None = None
    regular_sessions: Sessions = ()  # closed App Standby quota sessions, oldest first
    expedited_sessions: Sessions = ()
    rng_state: tuple[Any, ...] | None = None  # None: keep the seeded generator


def _sessions(ledger: QuotaLedger) -> Sessions:
    return tuple((start, end) for start, end in ledger.sessions)


class Lifecycle:
    """Snapshots of the engine's own state, rewinds and process death."""

    # Provided by Engine.
    clock: VirtualClock
    phone: Phone
    rng: random.Random
    seq: int
    next_doc_id: int
    specs: dict[uuid.UUID, WorkSpec]
    dependents: dict[uuid.UUID, list[uuid.UUID]]
    by_tag: dict[str, set[uuid.UUID]]
    by_name: dict[str, list[uuid.UUID]]
    running: dict[WorkSpec, Run]
    ready: list[tuple[int, int, int, WorkSpec]]
    parked: dict[WorkSpec, list[Blocker] | None]
    missing_classes: dict[str, set[uuid.UUID]]
    dropped: set[WorkSpec]
    timers: TimerQueue
    scheduled: dict[WorkSpec, None]
    unscheduled: list[tuple[int, int, int, WorkSpec]]
    dirty: set[WorkSpec]
    _rechecks: set[int]
    _doze_phase_seen: DozePhase | None

    if TYPE_CHECKING:

        @property
        def device(self) -> Device: ...
        def emit(self, kind: str, spec: WorkSpec | None, detail: Any = "") -> None: ...
        def schedule(self, spec: WorkSpec) -> int: ...
        def restore(self, spec: WorkSpec) -> None: ...
        def reevaluate(self) -> None: ...

    def meta_state(self) -> EngineMeta:
        """Clock, counters, device, quotas and the random generator, as values."""
        phone = self.phone
        return EngineMeta(
            now=self.clock.now_millis,
            seq=self.seq,
            next_doc_id=self.next_doc_id,
            device=phone.device,
            doze_since=phone.doze_since,
            regular_sessions=_sessions(phone.regular),
            expedited_sessions=_sessions(phone.expedited),
            rng_state=self.rng.getstate(),
        )

    def load_meta(self, meta: EngineMeta) -> None:
        self.clock = VirtualClock(meta.now)
        self.seq = meta.seq
        self.next_doc_id = meta.next_doc_id
        self.phone = phone = Phone(meta.device)
        phone.doze_since = meta.doze_since
        phone.regular.sessions = [[start, end] for start, end in meta.regular_sessions]
        phone.expedited.sessions = [[start, end] for start, end in meta.expedited_sessions]
        if phone.device.doze and phone.doze_since is None:
            phone.doze_since = self.clock.now_millis
        if meta.rng_state is not None:
            self.rng.setstate(meta.rng_state)

    def load_rows(self, meta: EngineMeta, rows: Iterable[WorkSpec]) -> None:
        """Take the clock, counters and device from ``meta`` and store every row as it is
        (a reopen, a rewind). The rows become the engine's: nobody else may hold them."""
        self.load_meta(meta)
        for spec in sorted(rows, key=_BY_DOC_ID):
            self.restore(spec)

    def _drop_schedule(self) -> None:
        """End every run without a stop (nothing of the process runs any more) and
        forget every timer, queue and parked work."""
        for run in self.running.values():
            run.ended = True
            run.coro = None  # dropped, not closed: the process is gone
        for container in (
            self.running, self.timers, self.ready, self.parked, self.missing_classes,
            self.dropped, self._rechecks, self.scheduled, self.unscheduled,
        ):
            container.clear()
        self._doze_phase_seen = None

    def abandon_everything(self) -> None:
        """Forget every row and schedule (a rewind): runs are dropped without a stop."""
        self._drop_schedule()
        for spec in self.specs.values():
            spec.stored = False
            spec.timer_token += 1
        for container in (self.specs, self.dependents, self.by_tag, self.by_name, self.dirty):
            container.clear()

    def recount_quota_sessions(self) -> None:
        """Open quota sessions for the runs going now (after a rewind)."""
        if self.phone.quota_applies:
            expedited = sum(1 for run in self.running.values() if run.expedited)
            now = self.clock.now_millis
            self.phone.regular.resume(now, len(self.running) - expedited)
            self.phone.expedited.resume(now, expedited)

    def kill_process(self) -> None:
        """What a dead app process leaves behind: RUNNING rows back to ENQUEUED with
        ``StopReason.UNKNOWN``, attempt counted, no ``on_stopped`` (a dead process runs
        nothing). Android's ForceStopRunnable does this at the next start; a new process
        schedules every ENQUEUED work again (dropped expedited work included)."""
        self._drop_schedule()
        now = self.clock._now
        for ledger in (self.phone.regular, self.phone.expedited):
            ledger.pause(now)  # the dead process's jobs ended now
        for spec in self.specs.values():
            if spec.state is RUNNING:
                spec.state = ENQUEUED
                spec.stop_reason = int(StopReason.UNKNOWN)
                why = "the app process died while it ran"
                due = next_run_time(spec)
                self.emit("stopped", spec, (stopped_detail, StopReason.UNKNOWN, why, due))
        self.reschedule_all()

    def reschedule_all(self) -> None:
        """Queue every ENQUEUED row again (after a restart or a reopen)."""
        for spec in sorted(
            (s for s in self.specs.values() if s.state is ENQUEUED),
            key=lambda s: (s.last_enqueue_time, s.enqueue_seq),
        ):
            self.schedule(spec)
        self.reevaluate()
