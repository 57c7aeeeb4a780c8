"""Checks for lesson 09 (unique work policies)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from wmkit import (
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    Worker,
    WorkInfo,
    WorkManager,
)

from ._common import (
    Problem,
    Unanswered,
    at,
    call,
    extra_constraints,
    report,
    require,
    starts,
    worker_class,
)

_EXPECTED = {
    "sync_button": ExistingWorkPolicy.KEEP,
    "search": ExistingWorkPolicy.REPLACE,
    "chat": ExistingWorkPolicy.APPEND_OR_REPLACE,
    "daily_cleanup": ExistingPeriodicWorkPolicy.UPDATE,
}
_WHY_NOT = {
    ("sync_button", "REPLACE"): "REPLACE would stop the sync already running and start over",
    ("sync_button", "APPEND"): "APPEND would queue a second sync behind the first",
    ("sync_button", "APPEND_OR_REPLACE"): "that queues a second sync behind the first",
    ("search", "KEEP"): "KEEP would keep the old query's search and drop the new one",
    ("search", "APPEND"): "APPEND would run every old query first",
    ("search", "APPEND_OR_REPLACE"): "that would run every old query first",
    ("chat", "APPEND"): (
        "with APPEND every message sent after a failure is FAILED at once, for ever"
    ),
    ("chat", "REPLACE"): "REPLACE would cancel and delete the unsent earlier messages",
    ("chat", "KEEP"): "KEEP would drop a message while an earlier one is still pending",
    ("daily_cleanup", "CANCEL_AND_REENQUEUE"): (
        "CANCEL_AND_REENQUEUE starts a new schedule (it runs at once after the update)"
    ),
    ("daily_cleanup", "REPLACE"): (
        "REPLACE (deprecated) is CANCEL_AND_REENQUEUE: it starts the schedule over"
    ),
    ("daily_cleanup", "KEEP"): "KEEP would leave the old request, without the new constraint",
}


def check_policies(policies: object) -> None:
    """Exercise 9.1: KEEP, REPLACE, APPEND_OR_REPLACE, UPDATE."""

    def run() -> str:
        given = require(policies, "`policies`")
        if not isinstance(given, dict) or set(given) != set(_EXPECTED):
            raise Problem(f"`policies` should be a dict with the keys {', '.join(_EXPECTED)}.")
        if any(v is ... for v in given.values()):
            raise Unanswered("choose a policy for every situation")
        wrong = []
        for key, want in _EXPECTED.items():
            got = given[key]
            if got is want:
                continue
            if not isinstance(got, (ExistingWorkPolicy, ExistingPeriodicWorkPolicy)):
                wrong.append(f"{key}: {got!r} is not a policy")
                continue
            if key == "daily_cleanup" and isinstance(got, ExistingWorkPolicy):
                wrong.append(f"{key}: a periodic work takes an ExistingPeriodicWorkPolicy")
                continue
            if key != "daily_cleanup" and isinstance(got, ExistingPeriodicWorkPolicy):
                wrong.append(f"{key}: this is one-time work: use an ExistingWorkPolicy")
                continue
            why = _WHY_NOT.get((key, got.name), f"{got.name} does not fit")
            wrong.append(f"{key}: not {got.name}, {why}")
        if wrong:
            raise Problem("; ".join(wrong) + ".")
        return (
            "KEEP, REPLACE, APPEND_OR_REPLACE, UPDATE. (For the chat: messages already "
            "queued behind a failed one still fail with it; only later ones start fresh.)"
        )

    report("Exercise 9.1", run)


class _Fast(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


def _append_state(setup: str) -> State:
    wm = WorkManager()
    first = OneTimeWorkRequest(_Fast)
    wm.enqueue_unique_work("sync", ExistingWorkPolicy.APPEND, first)
    if setup == "running":
        wm.advance(timedelta(seconds=10))
    elif setup == "succeeded":
        wm.advance(timedelta(minutes=2))
    else:
        wm.advance(timedelta(seconds=10))
        wm.cancel_work_by_id(first.id)
    second = OneTimeWorkRequest(_Fast)
    wm.enqueue_unique_work("sync", ExistingWorkPolicy.APPEND, second)
    return wm.get_work_info_by_id(second.id).state


def check_append_states(answer: object) -> None:
    """Exercise 9.2: APPEND onto RUNNING, SUCCEEDED, CANCELLED work: BLOCKED, ENQUEUED,
    CANCELLED."""

    def run() -> str:
        given = require(answer, "`append_states`")
        keys = ("running", "succeeded", "cancelled")
        if not isinstance(given, dict) or set(given) != set(keys):
            raise Problem(
                "`append_states` should be a dict with the keys running, succeeded, cancelled."
            )
        if any(v is ... for v in given.values()):
            raise Unanswered("fill in all three states")
        if not all(isinstance(v, State) for v in given.values()):
            raise Problem("use State members, such as State.BLOCKED.")
        why = {
            "running": "it waits for the running work to finish",
            "succeeded": "everything before it SUCCEEDED, so it may run at once",
            "cancelled": "a work appended to a cancelled one is cancelled at once",
        }
        wrong = []
        for key in keys:
            actual = _append_state(key)
            if given[key] is not actual:
                wrong.append(f"{key}: it is {actual.name}, not {given[key].name} ({why[key]})")
        if wrong:
            raise Problem("; ".join(wrong) + ".")
        return "BLOCKED, ENQUEUED, CANCELLED: an appended work inherits its leaves' fate."

    report("Exercise 9.2", run)


_DAY = timedelta(days=1)
_HOUR = 3_600_000


def _cleanups(wm: WorkManager, worker: type) -> list[WorkInfo]:
    """The unfinished works that run ``worker``, found by its implicit tag."""
    tag = f"{worker.__module__}.{worker.__qualname__}"
    return [i for i in wm.get_work_infos_by_tag(tag) if not i.state.is_finished]


def _upgrade(on_upgrade: Any, worker: type, fresh: bool) -> None:
    """Start version 2 and raise :class:`Problem` saying what is wrong. Not ``fresh``:
    version 1 enqueued the daily clean-up at 0:00 (it ran then, next at 24:00), and
    version 2 starts at 5:00 and again at 10:00. ``fresh``: a new install."""
    wm = WorkManager()
    if not fresh:
        v1 = PeriodicWorkRequest(worker, _DAY)
        wm.enqueue_unique_periodic_work("cleanup", ExistingPeriodicWorkPolicy.KEEP, v1)
        wm.advance(timedelta(hours=5))
    seen: set[uuid.UUID] = set()
    for start in ("on a new install (no version 1 work)",) if fresh else ("at 05:00", "at 10:00"):
        if start == "at 10:00":
            wm.advance(timedelta(hours=5))
        try:
            call(on_upgrade, wm, what="on_upgrade")
        except Problem as problem:
            hint = (
                ". There is nothing to update on a new install: enqueue_unique_periodic_work "
                "with UPDATE enqueues the work when none exists"
                if fresh
                else ""
            )
            said = str(problem).rstrip(".")
            raise Problem(f"when version 2 starts {start}, {said}{hint}.") from None
        works = _cleanups(wm, worker)
        seen.update(w.id for w in works)
        where = f"after version 2 starts {start}"
        if not works:
            raise Problem(f"{where}, no clean-up work is left: one must stay, daily.")
        if len(works) > 1:
            raise Problem(
                f"{where}, there are {len(works)} clean-up works, not one: enqueue under the "
                'unique name "cleanup", so that the new request meets the old one.'
            )
        work = works[0]
        period = work.periodicity_info
        if period is None or period.repeat_interval_millis != 24 * _HOUR:
            raise Problem(f"{where}, the clean-up is not daily any more: keep the 1-day interval.")
        if not work.constraints.requires_battery_not_low:
            raise Problem(
                f"{where}, the clean-up still does not require a battery that is not low "
                "(KEEP leaves the old request as it was)."
            )
        extra = extra_constraints(work.constraints, "requires_battery_not_low")
        if extra:
            raise Problem(f"{where}, {extra}")
    if fresh:
        return
    wm.advance(timedelta(hours=20))
    runs = sorted(t for i in seen for t in starts(wm, i) if t >= 5 * _HOUR)
    if runs[:1] != [24 * _HOUR]:
        first = f"at {at(runs[0])}" if runs else "not even by 30:00"
        raise Problem(
            f"after the upgrade the clean-up's next run came {first}, not at 24:00 as version "
            "1 had planned: the schedule started over (CANCEL_AND_REENQUEUE, or a cancel and "
            "a new enqueue?). UPDATE changes the work in place and keeps its schedule."
        )


def check_on_upgrade(on_upgrade: object, cleanup: object) -> None:
    """Exercise 9.3: UPDATE the daily clean-up, on each start and on a new install."""

    def run() -> str:
        worker = worker_class(cleanup, "Cleanup")
        _upgrade(on_upgrade, worker, fresh=False)
        _upgrade(on_upgrade, worker, fresh=True)
        return (
            "one daily clean-up, now needing a battery that is not low, its next run at "
            "24:00 as planned, after two starts of version 2 and on a new install: UPDATE."
        )

    report("Exercise 9.3", run)
