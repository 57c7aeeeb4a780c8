"""The device side of the engine: who may start or keep running, given the phone.

``DeviceRules`` is a mixin of :class:`~wmkit.engine.engine.Engine`. It asks the
:class:`~wmkit.phone.rules.Phone` what holds a work back (Doze, standby and expedited quotas,
constraints), *parks* due works that cannot start, and looks at them again when the
device changes or when the rules change by themselves (a Doze window opening, a quota
freeing up): one pass over the works it affects, never a rescan of every stored work.
"""

from __future__ import annotations

import heapq
import uuid
from typing import TYPE_CHECKING, Any

from .. import registry
from ..clock import TimerQueue, VirtualClock
from ..enums import OutOfQuotaPolicy, State, StopReason
from ..phone.device import Device
from ..phone.doze import DozePhase
from ..phone.rules import Blocker, Phone
from ..trace.details import idle_detail, waiting_detail, window_detail
from ..work.backoff import next_run_time
from ..work.constraints import Constraints
from ..work.work_spec import WorkSpec
from .runner import Run

ENQUEUED = State.ENQUEUED
_NO_CONSTRAINTS = Constraints.NONE

def dropped_blocker() -> Blocker:
    """Why expedited work that JobScheduler refused (DROP_WORK_REQUEST) does not run."""
    return Blocker(
        "dropped",
        "it was dropped: out of expedited quota with OutOfQuotaPolicy.DROP_WORK_REQUEST, so "
        "JobScheduler will not run it (it stays ENQUEUED)",
        "cancel it and enqueue it again, or use RUN_AS_NON_EXPEDITED_WORK_REQUEST; a restart "
        "of the app schedules it again",
        None,
        StopReason.QUOTA,
    )


class DeviceRules:
    """Admission, parking and re-checking of works against the phone's rules."""

    # Provided by Engine.
    clock: VirtualClock
    phone: Phone
    specs: dict[uuid.UUID, WorkSpec]
    running: dict[WorkSpec, Run]
    ready: list[tuple[int, int, int, WorkSpec]]
    parked: dict[WorkSpec, list[Blocker] | None]
    missing_classes: dict[str, set[uuid.UUID]]
    dropped: set[WorkSpec]
    timers: TimerQueue
    max_workers: int
    scheduler_limit: int | None
    scheduled: dict[WorkSpec, None]
    meta_changed: bool
    _rechecks: set[int]
    _doze_phase_seen: DozePhase | None

    if TYPE_CHECKING:

        def emit(self, kind: str, spec: WorkSpec | None, detail: Any = "") -> None: ...
        def interrupt(self, run: Run, reason: int, why: str) -> None: ...

    def admit(self, spec: WorkSpec) -> tuple[list[Blocker], bool]:
        """What keeps a due work from starting now, and whether it would run expedited.

        Unlike :meth:`blockers_for` it acts: expedited work out of quota under
        DROP_WORK_REQUEST is dropped here, as JobScheduler refuses it."""
        if spec in self.dropped:
            return [dropped_blocker()], False
        if (
            spec.expedited
            and spec.run_attempt_count == 0
            and spec.out_of_quota_policy is OutOfQuotaPolicy.DROP_WORK_REQUEST
            and not self.phone.expedited_in_quota(self.clock._now)
        ):
            self.dropped.add(spec)
            self.emit("dropped", spec, "out of expedited quota: DROP_WORK_REQUEST")
            return [dropped_blocker()], False
        return self._rule_blockers(spec)

    def _rule_blockers(self, spec: WorkSpec) -> tuple[list[Blocker], bool]:
        """The phone's rules for starting ``spec`` now, without acting on them: the
        blockers, and whether it would run expedited (a first run, never a retry, in
        quota), which exempts it from Doze and the standby bucket."""
        phone = self.phone
        now = self.clock._now
        expedited_run = (
            spec.expedited and spec.run_attempt_count == 0 and phone.expedited_in_quota(now)
        )
        blockers: list[Blocker] = []
        if not expedited_run:
            for blocker in (phone.doze_blocker(now), phone.regular_blocker(now, True)):
                if blocker is not None:
                    blockers.append(blocker)
        if spec.constraints is not _NO_CONSTRAINTS:
            blockers.extend(phone.constraint_blockers(spec.constraints, expedited_run, now))
        return blockers, expedited_run

    def running_blocker(self, run: Run) -> Blocker | None:
        """Why a running work must stop now (Doze before quota before constraints)."""
        phone = self.phone
        now = self.clock._now
        if run.expedited:
            if not phone.expedited_in_quota(now, starting=False):
                return phone.expedited_blocker(now)
        else:
            blocker = phone.doze_blocker(now) or phone.regular_blocker(now, False)
            if blocker is not None:
                return blocker
        if run.constraints is not _NO_CONSTRAINTS:
            blockers = phone.constraint_blockers(run.constraints, run.expedited, now)
            if blockers:
                return blockers[0]
        return None

    def park(self, spec: WorkSpec, blockers: list[Blocker] | None) -> None:
        """Hold a due work until what blocks it changes (None: its class is missing)."""
        untils = [b.until for b in blockers or () if b.until is not None]
        if spec not in self.parked and blockers:
            text = "; ".join(b.what for b in blockers)
            self.emit("waiting", spec, (waiting_detail, text, min(untils) if untils else None))
        self.parked[spec] = blockers
        if untils:
            self.want_recheck(max(untils))

    def want_recheck(self, at: int) -> None:
        """Make sure the rules are looked at again at ``at``."""
        if at > self.clock._now and at not in self._rechecks:
            self._rechecks.add(at)
            self.timers.push(at, TimerQueue.DEVICE, "recheck", at)

    def _on_recheck(self, at: int, _: None) -> None:
        self._rechecks.discard(at)
        self.reevaluate()

    def reevaluate(self) -> None:
        """Look at every running and waiting work again (device or time changed)."""
        self._note_doze_phase()
        for run in list(self.running.values()):
            blocker = self.running_blocker(run)
            if blocker is not None:
                self.interrupt(run, blocker.stop_reason, blocker.what)
        for spec, held in list(self.parked.items()):
            if held is None or spec in self.dropped:
                continue  # a missing class, or dropped: no device change helps
            blockers, _ = self.admit(spec)
            if blockers:
                self.park(spec, blockers)
            else:
                del self.parked[spec]
                self.requeue(spec)
        upcoming = self.phone.next_change(self.clock._now)
        if upcoming is not None:
            self.want_recheck(upcoming)

    def _note_doze_phase(self) -> None:
        phase = self.phone.doze_phase(self.clock._now)
        if phase == self._doze_phase_seen:
            return
        self._doze_phase_seen = phase
        if phase is None:
            return
        if phase.maintenance:
            self.emit("maintenance", None, (window_detail, phase.end))
        else:
            self.emit("doze", None, (idle_detail, phase.end))

    def park_missing_class(self, spec: WorkSpec) -> None:
        # SIM: after a restart the worker class exists again only once its cell has run.
        self.parked[spec] = None
        self.missing_classes.setdefault(spec.worker_class_name, set()).add(spec.id)

    def _recheck_missing_classes(self) -> None:
        for name in [n for n in self.missing_classes if registry.lookup(n) is not None]:
            for work_id in self.missing_classes.pop(name):
                spec = self.specs.get(work_id)
                if spec is not None and spec in self.parked:
                    del self.parked[spec]
                    if spec.state is ENQUEUED:
                        self.requeue(spec)

    def requeue(self, spec: WorkSpec) -> None:
        """Put a parked, still-valid ENQUEUED work back in the ready queue."""
        heapq.heappush(self.ready, (next_run_time(spec), spec.enqueue_seq, spec.timer_token, spec))

    def blockers_for(self, spec: WorkSpec) -> list[Blocker]:
        """What keeps a due ENQUEUED work from starting now (for explain and views)."""
        if spec.state is not ENQUEUED or next_run_time(spec) > self.clock._now:
            return []
        if spec in self.dropped:
            return [dropped_blocker()]
        return self._rule_blockers(spec)[0]

    def waiting_reasons(self, spec: WorkSpec) -> list[str]:
        """Why a due ENQUEUED work is not running now (empty when nothing holds it)."""
        if spec.state is not ENQUEUED or next_run_time(spec) > self.clock._now:
            return []
        reasons = []
        if spec.id in self.missing_classes.get(spec.worker_class_name, ()):
            reasons.append(f"worker class {spec.worker_class_name} is not defined")
        reasons.extend(f"{b.kind}: {b.what}" for b in self.blockers_for(spec))
        if self.scheduler_limit is not None and spec not in self.scheduled:
            reasons.append(
                f"not handed to JobScheduler yet: {self.scheduler_limit} works hold its slots"
            )
        if not reasons and len(self.running) >= self.max_workers:
            reasons.append(f"all {self.max_workers} worker slots are busy")
        return reasons

    def _count_start(self, run: Run) -> None:
        ledger = self.phone.expedited if run.expedited else self.phone.regular
        ledger.job_started(self.clock._now)
        upcoming = self.phone.next_change(self.clock._now)
        if upcoming is not None:
            self.want_recheck(upcoming)

    def _count_end(self, run: Run) -> None:
        ledger = self.phone.expedited if run.expedited else self.phone.regular
        ledger.job_ended(self.clock._now)

    def set_device(self, device: Device, detail: str) -> None:
        """Apply a new device state: stop runs it forbids, wake waiting ones (one pass
        over the running and the waiting works, not over every stored work)."""
        phone = self.phone
        was_dozing = phone.device.doze
        expedited = sum(1 for run in self.running.values() if run.expedited)
        phone.change(device, self.clock._now, (len(self.running) - expedited, expedited))
        self.meta_changed = True
        self.emit("device", None, detail)
        if was_dozing and not device.doze:
            self._doze_phase_seen = None
            self.emit("doze", None, "Doze ended: waiting work may run at once")
        self.reevaluate()
