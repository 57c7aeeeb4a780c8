"""Checks for lesson 09 (Doze, standby buckets, expedited work)."""

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
    """Exercise 9.1: expedited, RUN_AS_NON_EXPEDITED_WORK_REQUEST, CONNECTED."""

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
                "with DROP_WORK_REQUEST a message sent when the quota is used up is dropped, "
                "never sent: fall back to regular work instead."
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

    report("Exercise 9.1", run)


def check_first_window(in_doze: object, plugged_in: object) -> None:
    """Exercise 9.2: Doze from 0: a work enqueued at 0:10 runs at 1:00, or at 0:30 when
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

    report("Exercise 9.2", run)


class Mystery(Worker):
    """A work that is not running, for a reason exercise 9.3 asks about."""

    def do_work(self) -> Result:
        self.duration = timedelta(minutes=self.input_data.get_long("minutes", 1))
        return Result.retry() if self.input_data.get_boolean("retry") else Result.success()


def _constraint() -> tuple[WorkManager, uuid.UUID]:
    wm = WorkManager()
    wm.set_device(charging=False)
    request = OneTimeWorkRequest(Mystery, constraints=Constraints(requires_charging=True))
    wm.enqueue(request)
    wm.advance(timedelta(minutes=5))
    return wm, request.id


def _backoff() -> tuple[WorkManager, uuid.UUID]:
    wm = WorkManager()
    request = OneTimeWorkRequest(Mystery, input_data={"retry": True, "minutes": 0})
    wm.enqueue(request)
    wm.advance(timedelta(minutes=4))
    return wm, request.id


def _doze() -> tuple[WorkManager, uuid.UUID]:
    wm = WorkManager()
    wm.set_device(charging=False, doze=True)
    request = OneTimeWorkRequest(Mystery)
    wm.enqueue(request)
    wm.advance(timedelta(minutes=20))
    return wm, request.id


def _blocked() -> tuple[WorkManager, uuid.UUID]:
    wm = WorkManager()
    first = OneTimeWorkRequest(Mystery, input_data={"minutes": 8})
    second = OneTimeWorkRequest(Mystery)
    wm.begin_with(first).then(second).enqueue()
    wm.advance(timedelta(minutes=3))
    return wm, second.id


def _quota() -> tuple[WorkManager, uuid.UUID]:
    wm = WorkManager()
    wm.set_device(charging=False, app_in_foreground=False, standby_bucket="working_set")
    first = OneTimeWorkRequest(Mystery, input_data={"minutes": 9})
    second = OneTimeWorkRequest(Mystery, input_data={"minutes": 5})
    wm.begin_with(first).then(second).enqueue()
    wm.advance(timedelta(minutes=15))
    return wm, second.id


_MYSTERIES = {"m1": _constraint, "m2": _backoff, "m3": _doze, "m4": _blocked, "m5": _quota}
_ANSWERS = {"m1": "constraint", "m2": "backoff", "m3": "doze", "m4": "blocked", "m5": "quota"}
_CLUES = {
    "m1": "the line 'Constraint unmet' says what the phone lacks",
    "m2": "'Not due yet: backing off' means it returned retry() and waits",
    "m3": "the line 'Deep Doze' names the maintenance window it waits for",
    "m4": "'Blocked by prerequisite' means it waits for another work",
    "m5": "'App Standby quota' means the bucket's job time is used up",
}


def mysteries() -> dict[str, tuple[WorkManager, uuid.UUID]]:
    """Five managers, each with one work that is not running, for a different reason."""
    return {name: build() for name, build in _MYSTERIES.items()}


def check_reasons(reasons: object) -> None:
    """Exercise 9.3: constraint, backoff, doze, blocked, quota."""

    def run() -> str:
        given = require(reasons, "`reasons`")
        if not isinstance(given, dict) or set(given) != set(_ANSWERS):
            raise Problem("`reasons` should be a dict with the keys m1 to m5.")
        if any(v is ... for v in given.values()):
            raise Unanswered("classify all five works")
        wrong = []
        for key, want in _ANSWERS.items():
            got = str(given[key]).strip().lower()
            if got != want:
                wrong.append(f"{key} is not {got!r}: {_CLUES[key]}")
        if wrong:
            raise Problem("; ".join(wrong) + ".")
        return "five for five: you can read why a work waits."

    report("Exercise 9.3", run)
