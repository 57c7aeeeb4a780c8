"""Checks for lesson 01 (a first Worker, Result, WorkInfo states)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, State, Worker, WorkManager, WorkRequest

from ._common import (
    Problem,
    Unanswered,
    at,
    events,
    extra_constraints,
    raised_in_run,
    report,
    require,
    span,
    worker_class,
)

_SECOND = 1_000


def check_resize(resize: object) -> None:
    """Exercise 1.1: a worker whose run takes 45 s and succeeds."""

    def run() -> str:
        cls = worker_class(resize, "Resize")
        wm = WorkManager()
        request = OneTimeWorkRequest(cls)
        wm.enqueue(request)
        wm.advance(timedelta(seconds=44))
        info = wm.get_work_info_by_id(request.id)
        raised_in_run(wm, request.id, "Resize")
        if info.state is not State.RUNNING:
            took = events(wm, request.id, info.state.name.lower())
            length = f" after {span(took[0])}" if took else ""
            raise Problem(
                f"at 0:44 Resize is already {info.state.name}{length}; a run should take "
                "45 s. Give the class `duration = timedelta(seconds=45)`."
            )
        wm.advance(timedelta(seconds=1))
        info = wm.get_work_info_by_id(request.id)
        if info.state is State.RUNNING:
            raise Problem(
                "at 0:45 Resize is still RUNNING: its run takes longer than 45 s. "
                "Set `duration = timedelta(seconds=45)`."
            )
        if info.state is not State.SUCCEEDED:
            raise Problem(
                f"Resize ran for 45 s but ended {info.state.name}: do_work should "
                "`return Result.success()`."
            )
        return "Resize runs for 45 s and SUCCEEDS. Well done!"

    report("Exercise 1.1", run)


def check_delayed_request(request: object) -> None:
    """Exercise 1.2: a Compress request delayed 5 minutes and tagged "compress"."""

    def run() -> str:
        built = require(request, "`delayed_request` to a built request")
        if isinstance(built, OneTimeWorkRequest.Builder):
            raise Problem("that is the builder: finish it with `.build()`.")
        if not isinstance(built, WorkRequest):
            raise Problem(f"`delayed_request` should be a built request, got {built!r}.")
        if not isinstance(built, OneTimeWorkRequest):
            raise Problem("that is a periodic request; this one runs once: OneTimeWorkRequest.")
        if built.worker_class.__name__ != "Compress":
            raise Problem(f"it runs {built.worker_class.__name__}; build it for Compress.")
        if "compress" not in built.tags:
            extra = sorted(t for t in built.tags if "." not in t)
            seen = f" (it has {extra})" if extra else ""
            raise Problem(f'it lacks the tag "compress"{seen}: add `.add_tag("compress")`.')
        extra = extra_constraints(built.work_spec.constraints)
        if extra:
            raise Problem(extra)
        wm = WorkManager()
        wm.enqueue(built)
        due = wm.get_work_info_by_id(built.id).next_schedule_time_millis
        if due != 5 * 60 * _SECOND:
            raise Problem(
                f"it is due at {at(due)} after being enqueued at 0; it should be due at "
                "5:00. Use `.set_initial_delay(timedelta(minutes=5))`."
            )
        return 'due 5 minutes after enqueue, tagged "compress". Nice builder!'

    report("Exercise 1.2", run)


class _Thumbnail(Worker):
    duration = timedelta(seconds=20)

    def do_work(self) -> Result:
        return Result.success()


def check_predicted_states(predicted: object) -> None:
    """Exercise 1.3: states of a 20 s worker delayed 1 minute, at 0, 0:30, 1:10, 1:20."""

    def run() -> str:
        answer = require(predicted, "`predicted`")
        if not isinstance(answer, (list, tuple)) or any(a is ... for a in answer):
            raise Unanswered("fill in all four states in `predicted`")
        if len(answer) != 4 or not all(isinstance(a, State) for a in answer):
            raise Problem(
                "`predicted` should hold exactly four State members, such as State.ENQUEUED."
            )
        wm = WorkManager()
        request = OneTimeWorkRequest(_Thumbnail, initial_delay=timedelta(minutes=1))
        wm.enqueue(request)
        actual = [wm.get_work_info_by_id(request.id).state]
        for instant in (30 * _SECOND, 70 * _SECOND, 80 * _SECOND):
            wm.advance_to(instant)
            actual.append(wm.get_work_info_by_id(request.id).state)
        labels = ("right after enqueue", "at 0:30", "at 1:10", "at 1:20")
        why = (
            "enqueue only schedules; nothing has run yet",
            "the initial delay keeps it waiting until 1:00",
            "it started at 1:00 and its run takes 20 s",
            "its 20 s run ended exactly at 1:20",
        )
        wrong = [
            f"{label}: you said {a.name}, but it is {b.name} ({reason})"
            for label, a, b, reason in zip(labels, answer, actual, why, strict=True)
            if a is not b
        ]
        if wrong:
            raise Problem("; ".join(wrong) + ".")
        return "ENQUEUED, ENQUEUED, RUNNING, SUCCEEDED. You read the clock like WorkManager does."

    report("Exercise 1.3", run)
