"""The life cycle of the engine's state: snapshots, rewinds, process death and restart.

``Lifecycle`` is a mixin of :class:`~wmkit.engine.engine.Engine`: it turns the clock, counters,
device and quotas into a JSON-safe record and back, forgets everything for a rewind,
and does what a dead app process leaves behind (RUNNING works back to ENQUEUED with
``StopReason.UNKNOWN``, as Android's ForceStopRunnable does at the next start).
"""

from __future__ import annotations

import random
import uuid
from typing import TYPE_CHECKING, Any

from ..clock import TimerQueue, VirtualClock
from ..enums import State, StopReason
from ..phone.device import Device
from ..phone.doze import DozePhase
from ..phone.rules import Blocker, Phone
from ..trace.details import stopped_detail
from ..work.backoff import next_run_time
from ..work.work_spec import WorkSpec
from .runner import Run

ENQUEUED, RUNNING = State.ENQUEUED, State.RUNNING


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

    def meta_record(self) -> dict[str, Any]:
        """Clock, counters, device, quotas and the random generator, JSON-safe."""
        version, state, gauss = self.rng.getstate()
        return {
            "now": self.clock.now_millis,
            "seq": self.seq,
            "next_doc_id": self.next_doc_id,
            "device": self.device.to_record(),
            "phone": self.phone.to_record(),
            "rng": [version, list(state), gauss],
        }

    def load_meta(self, meta: dict[str, Any]) -> None:
        self.clock = VirtualClock(meta["now"])
        self.seq = meta["seq"]
        self.next_doc_id = meta["next_doc_id"]
        self.phone = Phone(Device.from_record(meta["device"]))
        self.phone.restore(meta.get("phone", {}))
        if self.phone.device.doze and self.phone.doze_since is None:
            self.phone.doze_since = self.clock.now_millis
        if "rng" in meta:
            version, state, gauss = meta["rng"]
            self.rng.setstate((version, tuple(state), gauss))

    def load_rows(
        self,
        meta: dict[str, Any],
        records: dict[int, dict[str, Any]],
        classes: dict[int, tuple[type | None, type | None]] | None = None,
    ) -> None:
        """Take the clock, counters and device from ``meta`` and store every row of
        ``records`` as it is (a reopen, a rewind). ``classes``: live worker and merger
        classes by doc id, when they are known (a rewind in the same process)."""
        self.load_meta(meta)
        for doc_id in sorted(records):
            spec = WorkSpec.from_record(records[doc_id])
            spec.doc_id = doc_id
            if classes is not None:
                spec.worker_class, spec.input_merger = classes.get(doc_id, (None, None))
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
