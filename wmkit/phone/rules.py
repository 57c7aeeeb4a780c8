"""The phone's rules for running work: Doze, App Standby quotas, expedited quota, network.

``Phone`` holds the :class:`~wmkit.phone.device.Device` a student sets plus what the platform
tracks over time (when Doze began, how much job time the app used). Its methods answer,
for one work at one instant, *what stops it from running*, each answer a
:class:`Blocker` naming the stop reason Android reports, the fix, and the instant the
work will next be considered. The engine asks before starting a work and again whenever
the device or the time changes; ``explain`` shows the same answers.

Rules (ANDROID_SEMANTICS §15, §21; numbers in :mod:`wmkit.phone.defaults`):

* Force stop: the user force-stopped the app; JobScheduler dropped its jobs, so nothing
  runs until the app is opened again.
* Doze, deep or light (JobScheduler's DeviceIdleJobsController treats both alike): regular
  jobs wait for a maintenance window; the network is off outside them; a regular job
  running when an idle period begins is stopped (DEVICE_STATE).
* App Standby: on battery, with the app in the background, regular jobs share
  10 minutes of execution per bucket window (2 h / 8 h / 24 h; restricted: one session
  a day); past it they are stopped (QUOTA) and wait until time frees up.
* Expedited: a first run (never a retry) of expedited work runs within the expedited
  quota (per 24 h, by bucket), ignoring Doze; in the foreground or while charging no
  quota applies. Out of quota, RUN_AS_NON_EXPEDITED_WORK_REQUEST runs it as regular
  work and DROP_WORK_REQUEST drops it (it stays ENQUEUED; JobScheduler never runs it).
"""

from __future__ import annotations

from typing import NamedTuple

from ..enums import StopReason
from ..units import format_duration, format_millis
from ..work.constraints import Constraints, unmet_constraints
from .defaults import (
    ALLOWED_TIME_PER_WINDOW_MILLIS,
    BUCKET_MAX_SESSIONS,
    BUCKET_WINDOW_MILLIS,
    EXPEDITED_QUOTA_MILLIS,
    EXPEDITED_WINDOW_MILLIS,
    IN_QUOTA_BUFFER_MILLIS,
)
from .device import Device
from .doze import DozePhase, doze_phase_at
from .quota import QuotaLedger

_FIX_DOZE = (
    "plug the charger in, turn the screen on (app_in_foreground=True) or set doze=False; "
    "otherwise it runs in the next maintenance window"
)
_FIX_FORCE_STOP = (
    "open the app (open_app()): WorkManager's ForceStopRunnable then reschedules every "
    "unfinished work, and overdue work runs at once"
)
_FIX_QUOTA = "plug the charger in or bring the app to the foreground; otherwise wait"


class Blocker(NamedTuple):
    """One reason a work cannot run now."""

    kind: str  # "force-stopped", "doze", "quota", "expedited-quota", "constraint", "dropped"
    what: str  # what is wrong, in words
    fix: str  # what would let it run
    until: int | None  # when it will next be considered; None: when the device changes
    stop_reason: int  # what a running work stopped for this reason reports


class Phone:
    """The simulated phone and the platform state that changes with time."""

    def __init__(self, device: Device) -> None:
        self.doze_since: int | None = None
        #: When the user force-stopped the app, or None while it is not force-stopped.
        self.force_stopped_at: int | None = None
        self.regular = QuotaLedger()
        self.expedited = QuotaLedger()
        self._set(device)

    def _set(self, device: Device) -> None:
        self.device = device
        #: Standby and expedited quotas count only on battery with the app in the
        #: background. (Plain attributes: the engine reads them on every run.)
        self.quota_applies = not device.charging and not device.app_in_foreground
        #: False when nothing but constraints can hold a work back (the fast path).
        self.restricting = (
            bool(device.doze) or self.quota_applies or self.force_stopped_at is not None
        )

    @property
    def force_stopped(self) -> bool:
        return self.force_stopped_at is not None

    def set_force_stopped(self, at: int | None) -> None:
        """The user force-stopped the app at ``at`` (None: it was opened again)."""
        self.force_stopped_at = at
        self._set(self.device)

    def doze_phase(self, now: int) -> DozePhase | None:
        mode = self.device.doze_mode
        if mode is None or self.doze_since is None:
            return None
        return doze_phase_at(self.doze_since, now, mode)

    def change(self, device: Device, now: int, running: tuple[int, int]) -> None:
        """Apply a new device: start or end Doze, pause or resume quota counting.

        ``running`` is how many (regular, expedited) runs are going now."""
        was_counting = self.quota_applies
        if device.doze != self.device.doze:  # entering, leaving, or light <-> deep
            self.doze_since = now if device.doze else None
        self._set(device)
        if was_counting and not self.quota_applies:
            self.regular.pause(now)
            self.expedited.pause(now)
        elif self.quota_applies and not was_counting:
            self.regular.resume(now, running[0])
            self.expedited.resume(now, running[1])

    # ----------------------------------------------------------------- rules
    def network_for(self, expedited_run: bool, now: int) -> str:
        """The network a run can use now: none in a Doze idle period, unless expedited."""
        if not expedited_run and self.device.doze:
            phase = self.doze_phase(now)
            if phase is not None and not phase.maintenance:
                return "none"
        return self.device.network

    def force_stop_blocker(self) -> Blocker | None:
        """Nothing of a force-stopped app runs: its jobs were cancelled with it."""
        if self.force_stopped_at is None:
            return None
        return Blocker(
            "force-stopped",
            f"the app was force-stopped at {format_millis(self.force_stopped_at)}: Android "
            "cancelled its jobs and alarms, and nothing starts it again, however long you "
            "wait, until the user opens it",
            _FIX_FORCE_STOP,
            None,
            StopReason.UNKNOWN,
        )

    def doze_blocker(self, now: int) -> Blocker | None:
        phase = self.doze_phase(now)
        if phase is None or phase.maintenance:
            return None
        return Blocker(
            "doze",
            f"the phone is in {self.device.doze} Doze, idle until the maintenance window at "
            f"{format_millis(phase.end)}",
            _FIX_DOZE,
            phase.end,
            StopReason.DEVICE_STATE,
        )

    def regular_blocker(self, now: int, starting: bool) -> Blocker | None:
        """App Standby's limit on regular jobs, or None. ``starting``: a new run would
        start (a new session may be needed), rather than one keep running."""
        bucket = self.device.standby_bucket
        window = BUCKET_WINDOW_MILLIS[bucket]
        if window is None or not self.quota_applies:
            return None
        ledger = self.regular
        # A run may start with at least the in-quota buffer left; a running one may use
        # the whole allowance.
        used = ledger.usage(now, window)
        if starting:
            allowance = ALLOWED_TIME_PER_WINDOW_MILLIS - IN_QUOTA_BUFFER_MILLIS
            exhausted = used > allowance
        else:
            allowance = ALLOWED_TIME_PER_WINDOW_MILLIS
            exhausted = used >= allowance
        if exhausted:
            return Blocker(
                "quota",
                f"the app is in the {bucket!r} standby bucket and used its "
                f"{format_duration(ALLOWED_TIME_PER_WINDOW_MILLIS)} of job time in the last "
                f"{format_duration(window)}; time frees up at "
                f"{format_millis(ledger.available_at(now, window, allowance))}",
                _FIX_QUOTA,
                ledger.available_at(now, window, allowance),
                StopReason.QUOTA,
            )
        max_sessions = BUCKET_MAX_SESSIONS[bucket]
        if starting and max_sessions is not None and not ledger.counting:
            slot = ledger.session_slot_at(now, window, max_sessions)
            if slot > now:
                return Blocker(
                    "quota",
                    f"the app is in the {bucket!r} standby bucket: {max_sessions} session "
                    f"per {format_duration(window)}, and it had it; next at {format_millis(slot)}",
                    _FIX_QUOTA,
                    slot,
                    StopReason.QUOTA,
                )
        return None

    def expedited_allowance(self) -> int:
        return EXPEDITED_QUOTA_MILLIS[self.device.standby_bucket]

    def expedited_in_quota(self, now: int, starting: bool = True) -> bool:
        """Whether an expedited run may start (or, not ``starting``, keep running) now."""
        if not self.quota_applies:
            return True
        used = self.expedited.usage(now, EXPEDITED_WINDOW_MILLIS)
        if starting:
            return used <= self.expedited_allowance() - IN_QUOTA_BUFFER_MILLIS
        return used < self.expedited_allowance()

    def expedited_blocker(self, now: int) -> Blocker:
        allowance = self.expedited_allowance() - IN_QUOTA_BUFFER_MILLIS
        until = self.expedited.available_at(now, EXPEDITED_WINDOW_MILLIS, allowance)
        return Blocker(
            "expedited-quota",
            f"the app used its expedited quota ({format_duration(self.expedited_allowance())} "
            "per 24h in the "
            f"{self.device.standby_bucket!r} bucket); it refills at {format_millis(until)}",
            _FIX_QUOTA,
            until,
            StopReason.QUOTA,
        )

    def constraint_blockers(
        self, constraints: Constraints, expedited_run: bool, now: int
    ) -> list[Blocker]:
        device = self.device
        network = self.network_for(expedited_run, now)
        blockers = []
        for unmet in unmet_constraints(
            constraints,
            network=network,
            charging=device.charging,
            battery_low=device.battery_low,
            storage_low=device.storage_low,
            idle=device.idle,
        ):
            what = unmet.what
            if network != device.network:
                what += f" ({device.doze} Doze suspends the network outside maintenance windows)"
            blockers.append(Blocker("constraint", what, unmet.fix, None, unmet.reason))
        return blockers

    def next_change(self, now: int) -> int | None:
        """The next instant at which the rules may answer differently without any call:
        a Doze phase boundary, or a running session using up a quota."""
        times = []
        phase = self.doze_phase(now)
        if phase is not None:
            times.append(phase.end)
        if self.quota_applies:
            window = BUCKET_WINDOW_MILLIS[self.device.standby_bucket]
            if window is not None:
                at = self.regular.exhausted_at(now, window, ALLOWED_TIME_PER_WINDOW_MILLIS)
                if at is not None:
                    times.append(at)
            at = self.expedited.exhausted_at(
                now, EXPEDITED_WINDOW_MILLIS, self.expedited_allowance()
            )
            if at is not None:
                times.append(at)
        later = [t for t in times if t > now]
        return min(later) if later else None
