"""Admission: which works the phone lets start, or keep running, now.

``Admission`` holds the :class:`~wmkit.phone.rules.Phone` and answers, for one work at one
instant, what blocks it (a force stop, Doze, standby and expedited quotas, constraints),
each answer a :class:`~wmkit.phone.rules.Blocker` that ``explain`` shows as it is. A due
work it does not admit is *parked* in the schedule until the device changes, or until the rules
change by themselves (a Doze window opening, a quota freeing up): admission sets a
re-check timer for that instant, and then looks at the parked works again, one pass
over the works the device affects, never a rescan of every stored work. It also keeps
what JobScheduler decided on its own (expedited work it dropped) and counts job time
against the quotas. Stopping runs the device forbids is the engine's job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..enums import OutOfQuotaPolicy, State, StopReason
from ..phone.device import Device
from ..phone.doze import DozePhase
from ..phone.rules import Blocker, Phone
from ..trace.kinds import EventKind
from ..trace.payloads import DozeIdle, DozeWindow, Waiting
from ..work.backoff import next_run_time
from ..work.constraints import Constraints
from ..work.work_spec import WorkSpec
from .runner import Run
from .schedule import Schedule

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


class Admission:
    """The phone's rules applied to works: may this one start, may that one go on."""

    def __init__(
        self,
        phone: Phone,
        record: Callable[[tuple[Any, ...]], None],
        schedule: Schedule,
        on_recheck: Callable[[int, int, None], None],
    ) -> None:
        self.phone = phone
        self._record = record  # appends one raw event to the history
        self._schedule = schedule
        self._on_recheck = on_recheck  # the engine's handler of a re-check timer
        self._dropped: set[WorkSpec] = set()  # expedited work JobScheduler refused
        self._rechecks: set[int] = set()  # instants with a re-check timer pending
        self._doze_phase_seen: DozePhase | None = None

    @property
    def device(self) -> Device:
        return self.phone.device

    def may_restrict(self, spec: WorkSpec) -> bool:
        """Whether anything but a free worker slot could hold the work (the fast path
        skips the rules when not)."""
        return spec.constraints is not _NO_CONSTRAINTS or spec.expedited or self.phone.restricting

    def admit(self, spec: WorkSpec, now: int) -> tuple[list[Blocker], bool]:
        """What keeps a due work from starting now, and whether it would run expedited.

        Unlike :meth:`blockers_for` it acts: expedited work out of quota under
        DROP_WORK_REQUEST is dropped here, as JobScheduler refuses it."""
        if spec in self._dropped:
            return [dropped_blocker()], False
        if (
            spec.expedited
            and spec.run_attempt_count == 0
            and spec.out_of_quota_policy is OutOfQuotaPolicy.DROP_WORK_REQUEST
            and not self.phone.expedited_in_quota(now)
        ):
            self._dropped.add(spec)
            self._record(
                (now, EventKind.DROPPED, spec.id, "out of expedited quota: DROP_WORK_REQUEST")
            )
            return [dropped_blocker()], False
        return self._rule_blockers(spec, now)

    def is_dropped(self, spec: WorkSpec) -> bool:
        return spec in self._dropped

    def _rule_blockers(self, spec: WorkSpec, now: int) -> tuple[list[Blocker], bool]:
        """The phone's rules for starting ``spec`` now, without acting on them: the
        blockers, and whether it would run expedited (a first run, never a retry, in
        quota), which exempts it from Doze and the standby bucket."""
        phone = self.phone
        stopped = phone.force_stop_blocker()
        if stopped is not None:
            return [stopped], False  # JobScheduler holds no job of a force-stopped app
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

    def blockers_for(self, spec: WorkSpec, now: int) -> list[Blocker]:
        """What keeps a due ENQUEUED work from starting now (for explain and views)."""
        if spec.state is not ENQUEUED or next_run_time(spec) > now:
            return []
        if spec in self._dropped:
            return [dropped_blocker()]
        return self._rule_blockers(spec, now)[0]

    def running_blocker(self, run: Run, now: int) -> Blocker | None:
        """Why a running work must stop now (Doze before quota before constraints)."""
        phone = self.phone
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

    # ------------------------------------------------- parking and waking
    def park(self, spec: WorkSpec, blockers: list[Blocker], now: int) -> None:
        """Hold a due work until what blocks it changes."""
        untils = [b.until for b in blockers if b.until is not None]
        if not self._schedule.is_parked(spec):
            text = "; ".join(b.what for b in blockers)
            until = min(untils) if untils else None
            self._record((now, EventKind.WAITING, spec.id, Waiting, text, until))
        self._schedule.park(spec, blockers)
        if untils:
            self.want_recheck(max(untils), now)

    def wake_parked(self, now: int) -> None:
        """Look at every parked work again: park it anew, or put it back in the ready
        queue; then make sure the rules are looked at again when they next change."""
        schedule = self._schedule
        for spec, held in schedule.parked():
            if held is None or spec in self._dropped:
                continue  # a missing class, or dropped: no device change helps
            blockers, _ = self.admit(spec, now)
            if blockers:
                self.park(spec, blockers, now)
            else:
                schedule.unpark(spec)
                schedule.requeue(spec)
        self.recheck_when_rules_change(now)

    def want_recheck(self, at: int, now: int) -> None:
        """Make sure the rules are looked at again at ``at``."""
        if at > now and at not in self._rechecks:
            self._rechecks.add(at)
            self._schedule.add_timer(at, Schedule.DEVICE, self._on_recheck, at)

    def recheck_done(self, at: int) -> None:
        self._rechecks.discard(at)

    def recheck_when_rules_change(self, now: int) -> None:
        upcoming = self.phone.next_change(now)
        if upcoming is not None:
            self.want_recheck(upcoming, now)

    def note_doze_phase(self, now: int) -> None:
        """Record a Doze phase that began since the last look (idle or maintenance)."""
        phase = self.phone.doze_phase(now)
        if phase == self._doze_phase_seen:
            return
        self._doze_phase_seen = phase
        if phase is None:
            return
        mode = self.phone.device.doze
        if phase.maintenance:
            self._record((now, EventKind.MAINTENANCE, None, DozeWindow, phase.end, mode))
        else:
            self._record((now, EventKind.DOZE, None, DozeIdle, phase.end, mode))

    # ------------------------------------------------------------ quota time
    def count_start(self, expedited: bool, now: int) -> None:
        ledger = self.phone.expedited if expedited else self.phone.regular
        ledger.job_started(now)
        self.recheck_when_rules_change(now)  # when this run uses the quota up

    def count_end(self, expedited: bool, now: int) -> None:
        ledger = self.phone.expedited if expedited else self.phone.regular
        ledger.job_ended(now)

    def pause_quotas(self, now: int) -> None:
        """The process died: every job it ran ended now."""
        for ledger in (self.phone.regular, self.phone.expedited):
            ledger.pause(now)

    def resume_quotas(self, now: int, regular: int, expedited: int) -> None:
        """Open quota sessions for the runs going now (after a rewind)."""
        if self.phone.quota_applies:
            self.phone.regular.resume(now, regular)
            self.phone.expedited.resume(now, expedited)

    # ---------------------------------------------------------------- device
    def change_device(
        self, device: Device, now: int, running: tuple[int, int], detail: str
    ) -> None:
        """Apply a new device state (``running``: regular and expedited runs going)."""
        phone = self.phone
        was_dozing = phone.device.doze
        phone.change(device, now, running)
        self._record((now, EventKind.DEVICE, None, detail))
        if was_dozing and not device.doze:
            self._doze_phase_seen = None
            self._record((now, EventKind.DOZE, None, "Doze ended: waiting work may run at once"))

    def forget(self) -> None:
        """Forget what JobScheduler decided in a process that is gone (or rewound)."""
        self._dropped.clear()
        self._rechecks.clear()
        self._doze_phase_seen = None
