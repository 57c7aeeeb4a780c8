"""Checks for lesson 05 (retries, backoff, failure and cancellation cascades)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from wmkit import (
    BackoffPolicy,
    OneTimeWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
    WorkRequest,
)

from ._common import (
    Problem,
    Unanswered,
    as_millis,
    at,
    call,
    raised_in_run,
    report,
    require,
    starts,
    worker_class,
)

_KEPT_STATE = (
    "GiveUp counts its runs itself, in a class or module variable: every GiveUp work shares "
    "that count, and on a phone it is lost whenever the process dies. Decide from "
    "self.run_attempt_count, which WorkManager stores with each work."
)


def _give_up_runs(wm: WorkManager, requests: list[WorkRequest]) -> list[int]:
    """Enqueue ``requests`` at once, let them retry for 10 minutes: each one's run count."""
    wm.enqueue(requests)
    wm.advance(timedelta(minutes=10))
    for request in requests:
        raised_in_run(wm, request.id, "GiveUp")
    return [len(starts(wm, request.id)) for request in requests]


def _check_give_up_alone(wm: WorkManager, built: WorkRequest) -> str:
    runs = starts(wm, built.id)
    info = wm.get_work_info_by_id(built.id)
    if info.state is State.SUCCEEDED:
        raise Problem("GiveUp succeeded; it should fail on its fourth run.")
    if info.state is State.ENQUEUED and len(runs) > 4:
        raise Problem(
            f"after {len(runs)} runs it is still retrying. Return Result.failure(...) when "
            "self.run_attempt_count reaches 3 (it counts the runs before this one)."
        )
    if len(runs) != 4:
        hint = " Remember: run_attempt_count is 0 on the first run."
        if len(runs) not in (3, 5):
            hint = (
                " Fail when self.run_attempt_count reaches 3. (A count of GiveUp's own, in a "
                "class or module variable, is shared by every GiveUp work and lost whenever "
                "the process dies.)"
            )
        raise Problem(f"GiveUp ran {len(runs)} time(s); it should run 4 times.{hint}")
    if info.state is not State.FAILED:
        raise Problem(f"after four runs it is {info.state.name}; it should be FAILED.")
    if info.output_data.get_string("error") != "gave up":
        raise Problem('it fails, but its output should be {"error": "gave up"}.')
    return ", ".join(at(t) for t in runs)


def check_give_up(give_up: object, request: object) -> None:
    """Exercise 5.1: three retries 20 s LINEAR apart, then failure {"error": "gave up"}."""

    def run() -> str:
        cls = worker_class(give_up, "GiveUp")
        built = require(request, "`give_up_request` to a built request")
        if isinstance(built, OneTimeWorkRequest.Builder):
            raise Problem("`give_up_request` is still a builder: finish it with `.build()`.")
        if not isinstance(built, WorkRequest) or built.worker_class is not cls:
            raise Problem("`give_up_request` should be a request built for GiveUp.")
        spec = built.work_spec
        if spec.backoff_policy is not BackoffPolicy.LINEAR or spec.backoff_delay != 20_000:
            raise Problem(
                f"its backoff is {spec.backoff_policy.name} {spec.backoff_delay // 1000} s; "
                "use `.set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=20))`."
            )
        wm = WorkManager()
        _give_up_runs(wm, [built])
        when = _check_give_up_alone(wm, built)
        # Two works that overlap, then the same request on a second phone: a count kept
        # outside WorkManager (which process death erases) shows in one or the other.
        twins = [
            OneTimeWorkRequest(
                cls, backoff_policy=BackoffPolicy.LINEAR, backoff_delay=timedelta(seconds=20)
            )
            for _ in range(2)
        ]
        counts = _give_up_runs(WorkManager(), twins)
        if counts != [4, 4]:
            raise Problem(
                f"alone it is right, but two GiveUp works enqueued together ran {counts[0]} "
                f"and {counts[1]} times; each should run 4 times. {_KEPT_STATE}"
            )
        [count] = _give_up_runs(WorkManager(), [built])
        if count != 4:
            raise Problem(
                f"the same request enqueued on a second phone (a fresh WorkManager) ran "
                f"{count} time(s) instead of 4. {_KEPT_STATE}"
            )
        return (
            f"runs at {when}, waiting 20 s, 40 s, 60 s, then FAILS with its reason; "
            "two at once, or on another phone, each run 4 times too."
        )

    report("Exercise 5.1", run)


def check_fourth_run(fourth_run_at: object) -> None:
    """Exercise 5.2: default EXPONENTIAL 30 s, zero-duration runs: 0, 30, 90, 210 s."""

    def run() -> str:
        answer = as_millis(require(fourth_run_at, "`fourth_run_at`"), "`fourth_run_at`")
        if answer == 210_000:
            return "3:30: runs at 0:00, 0:30, 1:30 and 3:30, waiting 30 s, 1 min, 2 min."
        if answer == 240_000:
            raise Problem(
                "4 minutes is the wait *after* the fourth attempt. Add up the waits after "
                "attempts 1, 2 and 3."
            )
        if answer == 90_000:
            raise Problem("that is the third run. Count one more wait.")
        if answer == 120_000:
            raise Problem("that would be LINEAR (30 s, 1 min, ...); the default is EXPONENTIAL.")
        if answer == 210:
            raise Problem("give the instant in milliseconds, not seconds.")
        raise Problem(f"the fourth run is not at {at(answer)}. The waits double from 30 s.")

    report("Exercise 5.2", run)


class _Quick(Worker):
    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


class _Minute(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


class _Fails(Worker):
    duration = timedelta(seconds=5)

    def do_work(self) -> Result:
        return Result.failure()


def check_diamond_failure(answer: object) -> None:
    """Exercise 5.3: a -> [b, c] -> d with c failing: a, b SUCCEEDED; c, d FAILED."""

    def run() -> str:
        given = require(answer, "`states_at_two_minutes`")
        if not isinstance(given, dict) or set(given) != {"a", "b", "c", "d"}:
            raise Problem("`states_at_two_minutes` should be a dict with the keys a, b, c, d.")
        if any(v is ... for v in given.values()):
            raise Unanswered("fill in every state in `states_at_two_minutes`")
        names = {}
        for key, value in given.items():
            name = value.name if isinstance(value, State) else str(value).upper()
            if name not in State.__members__:
                raise Problem(f"{key}: {value!r} is not a state; use e.g. State.FAILED.")
            names[key] = name
        wm = WorkManager()
        r = {
            "a": OneTimeWorkRequest(_Quick),
            "b": OneTimeWorkRequest(_Minute),
            "c": OneTimeWorkRequest(_Fails),
            "d": OneTimeWorkRequest(_Quick),
        }
        wm.begin_with(r["a"]).then([r["b"], r["c"]]).then(r["d"]).enqueue()
        wm.advance(timedelta(minutes=2))
        actual = {k: wm.get_work_info_by_id(v.id).state.name for k, v in r.items()}
        why = {
            "a": "a failure never goes up the chain",
            "b": "a sibling is not a dependent: b runs on and succeeds",
            "c": "it returned failure()",
            "d": "it depends on c, so it failed with c without ever running",
        }
        wrong = [
            f"{k} is {actual[k]}, not {names[k]} ({why[k]})"
            for k in "abcd"
            if names[k] != actual[k]
        ]
        if wrong:
            raise Problem("; ".join(wrong) + ".")
        return "a and b SUCCEEDED, c and d FAILED: a failure only travels down the chain."

    report("Exercise 5.3", run)


class _Long(Worker):
    duration = timedelta(minutes=5)

    def do_work(self) -> Result:
        return Result.success()


_CANCELS = ("cancel_work_by_id", "cancel_all_work_by_tag", "cancel_unique_work", "cancel_all_work")


def _spy_on_cancels(wm: WorkManager) -> list[str]:
    """The names of the cancel methods called on ``wm`` from now on, in call order."""
    calls: list[str] = []
    for name in _CANCELS:
        method = getattr(wm, name)

        def spy(*args: object, _name: str = name, _method: Any = method) -> object:
            calls.append(_name)
            return _method(*args)

        setattr(wm, name, spy)
    return calls


def check_cancel_batch(cancel_batch: object) -> None:
    """Exercise 5.4: cancel every unfinished work tagged "batch", in one call, nothing else."""

    def run() -> str:
        wm = WorkManager()
        done = OneTimeWorkRequest(_Quick, tags=["batch"])
        wm.enqueue(done)
        wm.advance(timedelta(seconds=30))
        running = [OneTimeWorkRequest(_Long, tags=["batch"]) for _ in range(2)]
        waiting = OneTimeWorkRequest(_Long, tags=["batch"], initial_delay=timedelta(hours=1))
        prep = OneTimeWorkRequest(_Long, tags=["other"])
        blocked = OneTimeWorkRequest(_Long, tags=["batch"])
        other = OneTimeWorkRequest(_Long, tags=["other"])
        wm.enqueue([*running, waiting, other])
        wm.begin_with(prep).then(blocked).enqueue()
        wm.advance(timedelta(seconds=30))
        calls = _spy_on_cancels(wm)
        call(cancel_batch, wm, what="cancel_batch")
        batch = {"RUNNING": running, "ENQUEUED (delayed)": [waiting], "BLOCKED": [blocked]}
        left = [
            f"{sum(wm.get_work_info_by_id(r.id).state is not State.CANCELLED for r in rs)} {label}"
            for label, rs in batch.items()
            if any(wm.get_work_info_by_id(r.id).state is not State.CANCELLED for r in rs)
        ]
        if left:
            raise Problem(
                f"of the 4 unfinished batch works, these are not CANCELLED: {', '.join(left)}. "
                "Cancel every unfinished work with the tag, the waiting ones too, in one "
                'call: `wm.cancel_all_work_by_tag("batch")`.'
            )
        if any(wm.get_work_info_by_id(r.id).state is State.CANCELLED for r in (prep, other)):
            raise Problem("the works tagged 'other' were cancelled too: cancel only the batch.")
        if calls != ["cancel_all_work_by_tag"]:
            made = ", ".join(f"{calls.count(n)} × {n}" for n in _CANCELS if n in calls)
            raise Problem(
                f"the right works are CANCELLED, but with {len(calls)} cancel calls ({made}). "
                'One call does it: `wm.cancel_all_work_by_tag("batch")` cancels every '
                "unfinished work with the tag, whatever its state, in one operation (one "
                "database transaction on Android)."
            )
        return (
            "the four unfinished batch works are CANCELLED in one call: the running ones "
            "stopped, the delayed and the BLOCKED one never run; the finished one stays "
            "SUCCEEDED and the others run on."
        )

    report("Exercise 5.4", run)
