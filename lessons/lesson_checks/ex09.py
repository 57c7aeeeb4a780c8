"""Checks for lesson 09 (unique work policies)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import (
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    OneTimeWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
)

from ._common import Problem, Unanswered, report, require

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
