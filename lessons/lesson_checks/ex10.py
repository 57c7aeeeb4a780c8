"""Checks for lesson 10 (Doze, standby buckets, expedited work)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from wmkit import (
    Constraints,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    Result,
    Worker,
    WorkManager,
    WorkManagerError,
    WorkRequest,
)

from ._common import (
    Problem,
    Unanswered,
    as_millis,
    at,
    extra_constraints,
    report,
    require,
    starts,
)

_MINUTE = 60_000


def check_send_request(request: object) -> None:
    """Exercise 10.1: expedited, RUN_AS_NON_EXPEDITED_WORK_REQUEST, CONNECTED."""

    def run() -> str:
        built = require(request, "`send_request` to a built request")
        if isinstance(built, OneTimeWorkRequest.Builder):
            raise Problem("that is the builder: finish it with `.build()`.")
        if not isinstance(built, WorkRequest):
            raise Problem(f"`send_request` should be a built request, got {built!r}.")
        if built.worker_class.__name__ != "SendMessage":
            raise Problem(f"it runs {built.worker_class.__name__}; build it for SendMessage.")
        spec = built.work_spec
        if not spec.expedited:
            raise Problem("it is not expedited: add `.set_expedited(OutOfQuotaPolicy....)`.")
        if spec.out_of_quota_policy is OutOfQuotaPolicy.DROP_WORK_REQUEST:
            raise Problem(
                "with DROP_WORK_REQUEST, a message sent when the expedited quota is used up "
                "just waits: JobScheduler refuses the job and WorkManager schedules nothing "
                "else, so the work stays ENQUEUED and JobScheduler never runs it until the "
                "app's next start or a reboot schedules it again. Fall back to regular work "
                "instead: RUN_AS_NON_EXPEDITED_WORK_REQUEST."
            )
        if spec.constraints.required_network_type is not NetworkType.CONNECTED:
            raise Problem("it should need a connected network: `.set_constraints(connected)`.")
        extra = extra_constraints(spec.constraints, "required_network_type")
        if extra:
            raise Problem(extra)
        wm = WorkManager()
        wm.set_device(charging=False, doze=True)
        wm.enqueue(built)
        wm.advance(timedelta(minutes=1))
        first = starts(wm, built.id)
        if first != [0]:
            raise Problem("in Doze it did not start at once; is it really expedited?")
        return "expedited with a regular fallback, on any network: it even ran at once in Doze."

    report("Exercise 10.1", run)


def check_first_window(in_doze: object, plugged_in: object) -> None:
    """Exercise 10.2: Doze from 0: a work enqueued at 0:10 runs at 1:00, or at 0:30 when
    the charger comes."""

    def run() -> str:
        a = as_millis(require(in_doze, "`starts_in_doze`"), "`starts_in_doze`")
        b = as_millis(require(plugged_in, "`starts_when_plugged_in`"), "`starts_when_plugged_in`")
        problems = []
        if a != 60 * _MINUTE:
            if a == 10 * _MINUTE:
                problems.append(
                    "(a) a regular work does not run in deep Doze's idle period, even when due"
                )
            elif a == 70 * _MINUTE:
                problems.append(
                    "(a) the first window opens one hour after Doze *began* (0:00), not after "
                    "the work was enqueued"
                )
            else:
                problems.append(f"(a) not {at(a)}: when does the first maintenance window open?")
        if b != 30 * _MINUTE:
            problems.append(
                f"(b) not {at(b)}: plugging in ends Doze at once, and the work has been due "
                "since 0:10"
            )
        if problems:
            raise Problem("; ".join(problems) + ".")
        return "1:00 in Doze (the first maintenance window), 0:30 if plugged in at 0:30."

    report("Exercise 10.2", run)


class Mystery(Worker):
    """A work that is not running, for a reason exercise 10.3 asks about."""

    def do_work(self) -> Result:
        self.duration = timedelta(minutes=self.input_data.get_long("minutes", 1))
        return Result.retry() if self.input_data.get_boolean("retry") else Result.success()


def _doze_and_charger() -> tuple[WorkManager, uuid.UUID]:
    """Deep Doze, and the work needs the charger: only plugging in fixes both."""
    wm = WorkManager()
    wm.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(Mystery, constraints=Constraints(requires_charging=True))
    wm.enqueue(request)
    wm.advance(timedelta(minutes=20))
    return wm, request.id


def _backoff() -> tuple[WorkManager, uuid.UUID]:
    """Backing off after four retries: no device change makes the backoff shorter."""
    wm = WorkManager()
    request = OneTimeWorkRequest(Mystery, input_data={"retry": True, "minutes": 0})
    wm.enqueue(request)
    wm.advance(timedelta(minutes=4))
    return wm, request.id


def _doze_on_cellular() -> tuple[WorkManager, uuid.UUID]:
    """Deep Doze on cellular, and the work needs wifi: ending Doze does not give it
    wifi, wifi does not end Doze; wifi lets it run in the first maintenance window."""
    wm = WorkManager()
    wm.set_device(charging=False, network="cellular", doze=True)
    unmetered = Constraints(required_network_type=NetworkType.UNMETERED)
    request = OneTimeWorkRequest(Mystery, constraints=unmetered)
    wm.enqueue(request)
    wm.advance(timedelta(minutes=20))
    return wm, request.id


def _blocked() -> tuple[WorkManager, uuid.UUID]:
    """Waiting for a running prerequisite: the phone cannot hurry another work."""
    wm = WorkManager()
    first = OneTimeWorkRequest(Mystery, input_data={"minutes": 8})
    second = OneTimeWorkRequest(Mystery)
    wm.begin_with(first).then(second).enqueue()
    wm.advance(timedelta(minutes=3))
    return wm, second.id


def _quota() -> tuple[WorkManager, uuid.UUID]:
    """Out of App Standby quota: the charger, the foreground or a better bucket."""
    wm = WorkManager()
    wm.set_device(charging=False, app_in_foreground=False, standby_bucket="working_set")
    first = OneTimeWorkRequest(Mystery, input_data={"minutes": 9})
    second = OneTimeWorkRequest(Mystery, input_data={"minutes": 5})
    wm.begin_with(first).then(second).enqueue()
    wm.advance(timedelta(minutes=15))
    return wm, second.id


_MYSTERIES = {
    "m1": _doze_and_charger,
    "m2": _backoff,
    "m3": _doze_on_cellular,
    "m4": _blocked,
    "m5": _quota,
}
_CLUES = {
    "m1": "two things hold it: Doze, and a constraint. Which one change answers both?",
    "m2": "it waits for its backoff after retry(); the phone's state plays no part in that",
    "m3": "ending Doze does not change the network, and the work needs an unmetered one",
    "m4": "it waits for another work to finish; the phone cannot make that one faster",
    "m5": "the bucket's quota applies only on battery with the app in the background",
}
#: Every single change the check tries, to find the soonest start for each mystery.
_CANDIDATES: tuple[dict[str, object], ...] = (
    *({"network": n} for n in ("none", "wifi", "cellular", "cellular_roaming")),
    *(
        {key: value}
        for key in ("charging", "battery_low", "storage_low", "idle", "app_in_foreground")
        for value in (True, False)
    ),
    {"doze": True},
    {"doze": False},
    *({"standby_bucket": b} for b in ("active", "working_set", "frequent", "rare", "restricted")),
)
_HORIZON = timedelta(hours=24)


def mysteries() -> dict[str, tuple[WorkManager, uuid.UUID]]:
    """Five managers, each with one work that is not running, for different reasons."""
    return {name: build() for name, build in _MYSTERIES.items()}


def _start_after(name: str, change: dict[str, object] | None) -> int | None:
    """When the mystery's work starts if ``change`` is made now (None: not in 24 h)."""
    wm, work_id = _MYSTERIES[name]()
    now = wm.clock.now_millis
    if change:
        wm.set_device(**change)
    deadline = now + _HORIZON // timedelta(milliseconds=1)
    while wm.clock.now_millis <= deadline:
        later = [t for t in starts(wm, work_id) if t >= now]
        if later:
            return later[0]
        if not wm.step():
            return None
    return None


def _soonest(name: str, baseline: int | None) -> int | None:
    """The earliest start any single change (or none, ``baseline``) gives; changes the
    phone refuses in that state (Doze while charging) are skipped."""
    times = [baseline]
    for change in _CANDIDATES:
        try:
            times.append(_start_after(name, change))
        except WorkManagerError:
            continue
    known = [t for t in times if t is not None]
    return min(known) if known else None


def _when(millis: int | None) -> str:
    return "it does not start in the next 24 h" if millis is None else f"it starts at {at(millis)}"


def _as_change(name: str, value: object) -> dict[str, object] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) != 1:
        raise Problem(
            f"{name} should be None or a dict with one set_device keyword, such as "
            f'{{"charging": True}}; got {value!r}.'
        )
    return value


def check_soonest(changes: object) -> None:
    """Exercise 10.3: the single device change that makes each work start soonest."""

    def run() -> str:
        given = require(changes, "`changes`")
        if not isinstance(given, dict) or set(given) != set(_MYSTERIES):
            raise Problem("`changes` should be a dict with the keys m1 to m5.")
        if any(v is ... for v in given.values()):
            raise Unanswered("give a change (or None) for all five works")
        wrong: list[tuple[str, str]] = []
        for name in _MYSTERIES:
            change = _as_change(name, given[name])
            baseline = _start_after(name, None)
            best = _soonest(name, baseline)
            helps = best is not None and (baseline is None or best < baseline)
            if change is None:
                if helps:
                    wrong.append((name, f"one change makes it start sooner ({_when(best)})"))
                continue
            try:
                mine = _start_after(name, change)
            except (WorkManagerError, TypeError) as error:
                raise Problem(f"{name}: set_device(**{change!r}) is refused: {error}") from None
            if mine == best and helps:
                continue
            if not helps:
                wrong.append((name, "no change to the phone helps here, answer None"))
            else:
                wrong.append(
                    (
                        name,
                        f"with {change!r} {_when(mine)}; another change makes it start "
                        f"sooner ({_when(best)})",
                    )
                )
        if wrong:
            raise Problem(
                "; ".join(f"{name}: {what} (clue: {_CLUES[name]})" for name, what in wrong) + "."
            )
        return (
            "five for five: plugging in answers Doze and a charging constraint at once, "
            "wifi in Doze waits for the next window, and nothing on the phone shortens a "
            "backoff or a prerequisite."
        )

    report("Exercise 10.3", run)
