"""Checks for lesson 02 (Data, output, progress, observing)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import CoroutineWorker, Data, OneTimeWorkRequest, State, WorkManager

from ._common import (
    Problem,
    Unanswered,
    at,
    events,
    published,
    raised_in_run,
    report,
    require,
    worker_class,
)


def _run_once(cls: type, input_data: dict) -> tuple[WorkManager, OneTimeWorkRequest]:
    wm = WorkManager()
    request = OneTimeWorkRequest(cls, input_data=input_data)
    wm.enqueue(request)
    wm.advance(timedelta(minutes=10))
    return wm, request


def check_greet(greet: object) -> None:
    """Exercise 2.1: Greet reads "name" and outputs a greeting, or fails with an error."""

    def run() -> str:
        cls = worker_class(greet, "Greet")
        wm, ada = _run_once(cls, {"name": "Ada"})
        raised_in_run(wm, ada.id, "Greet")
        info = wm.get_work_info_by_id(ada.id)
        if info.state is not State.SUCCEEDED:
            raise Problem(f"with the name Ada, Greet ended {info.state.name}; it should succeed.")
        greeting = info.output_data.get_string("greeting")
        if greeting is None:
            keys = sorted(info.output_data.keys())
            raise Problem(
                f'its output has no String "greeting" (it has {keys or "nothing"}): '
                'return Result.success({"greeting": ...}).'
            )
        if greeting != "Hello, Ada!":
            raise Problem(f'for Ada the greeting is {greeting!r}; it should be "Hello, Ada!".')
        wm, grace = _run_once(cls, {"name": "Grace"})
        raised_in_run(wm, grace.id, "Greet")
        greeting = wm.get_work_info_by_id(grace.id).output_data.get_string("greeting")
        if greeting != "Hello, Grace!":
            raise Problem(
                f'for the name Grace the greeting is {greeting!r}; it should be "Hello, '
                'Grace!": build the greeting from the name in the input.'
            )
        wm, nobody = _run_once(cls, {})
        raised_in_run(wm, nobody.id, "Greet")
        info = wm.get_work_info_by_id(nobody.id)
        if info.state is not State.FAILED:
            raise Problem(
                f"with no name in its input, Greet ended {info.state.name}; it should fail: "
                "check `if name is None:` and return Result.failure(...)."
            )
        if info.output_data.get_string("error") != "no name":
            raise Problem(
                'it fails without a name, but its failure output should be {"error": "no name"}.'
            )
        return "greets Ada, and fails with a reason when there is no name."

    report("Exercise 2.1", run)


_COUNTDOWN = ((10_000, 2), (20_000, 1), (30_000, 0))
_EXPECTED = ", ".join(f"left = {left} at {at(millis)}" for millis, left in _COUNTDOWN)


def _said(progress: list[tuple[int, Data | str]]) -> str:
    """``left = 2 at 0:10, left = 1 at 0:20`` for the progress a work published."""
    if not progress:
        return "no progress at all"
    parts = []
    for millis, data in progress:
        shown = data
        if isinstance(data, Data) and "left" in data:
            shown = f"left = {data.get('left')!r}"
        parts.append(f"{shown} at {at(millis)}")
    return ", ".join(parts)


def _check_one_countdown(wm: WorkManager, request: OneTimeWorkRequest) -> None:
    """Its run: RUNNING 30 s, then SUCCEEDED; progress left = 2, 1, 0 after each wait."""
    raised_in_run(wm, request.id, "Countdown")
    done = events(wm, request.id, "succeeded")
    if not done:
        state = wm.get_work_info_by_id(request.id).state
        raise Problem(f"Countdown ended {state.name}; it should succeed after its three waits.")
    if done[0] != 30_000:
        ahead = "ahead of time" if done[0] < 30_000 else "late"
        raise Problem(
            f"Countdown succeeded at {at(done[0])}, {ahead}: it should run 30 s, in three "
            "`await self.sleep(timedelta(seconds=10))`."
        )
    progress = published(wm, request.id)
    got = [(t, d.get("left") if isinstance(d, Data) else d) for t, d in progress]
    if got == list(_COUNTDOWN):
        return
    said = _said(progress)
    lefts = [left for _, left in got]
    if lefts == [2, 1, 0]:
        if progress[0][0] == 0:
            raise Problem(
                f"it publishes {said}: the first one before any wait. Publish *after* each "
                "wait: sleep, then `await self.set_progress(...)`."
            )
        raise Problem(f"it publishes {said}; publish right after each wait: {_EXPECTED}.")
    never = [f"left = {n}" for n in (2, 1, 0) if n not in lefts]
    if never and set(lefts) <= {2, 1, 0}:
        raise Problem(
            f"it publishes {said}, but never {' nor '.join(never)}: publish after every one "
            'of the three waits, the last one too: `await self.set_progress({"left": 0})`.'
        )
    raise Problem(
        f"it publishes {said}; expected {_EXPECTED}, and nothing else: "
        '`await self.set_progress({"left": n})` after each wait.'
    )


def check_countdown(countdown: object) -> None:
    """Exercise 2.2: progress {"left": 2, 1, 0} after each 10 s wait, then success."""

    def run() -> str:
        cls = worker_class(countdown, "Countdown", CoroutineWorker)
        wm = WorkManager()
        request = OneTimeWorkRequest(cls)
        wm.enqueue(request)
        wm.advance(timedelta(minutes=1))
        _check_one_countdown(wm, request)
        # Two at once: a count kept outside the run (class or module) is shared by both.
        wm = WorkManager()
        pair = [OneTimeWorkRequest(cls), OneTimeWorkRequest(cls)]
        wm.enqueue(pair)
        wm.advance(timedelta(minutes=1))
        for request in pair:
            try:
                _check_one_countdown(wm, request)
            except Problem as problem:
                raise Problem(
                    f"run alone it is right, but with two Countdown works running at once, "
                    f"one goes wrong: {problem} Countdown keeps its count outside the run (in "
                    "a class or module variable), which every work shares: keep it in a local "
                    "variable of do_work."
                ) from None
        return (
            "progress 2, 1, 0 every 10 s, then SUCCEEDED (and the progress is cleared), "
            "also with two Countdowns at once."
        )

    report("Exercise 2.2", run)


def check_getters(predictions: object) -> None:
    """Exercise 2.3: get_string on a number, get_int with a default, get_boolean on a str."""

    def run() -> str:
        answer = require(predictions, "`getter_predictions`")
        if not isinstance(answer, tuple) or len(answer) != 3:
            raise Problem("`getter_predictions` should be a tuple of three predictions.")
        if any(a is ... for a in answer):
            raise Unanswered("replace every `...` in `getter_predictions`")
        d = Data({"count": 3, "name": "photo.jpg"})
        actual = (d.get_string("count"), d.get_int("missing", 7), d.get_boolean("name"))
        why = (
            '"count" holds a number, not a String, so get_string gives its default, None',
            '"missing" is not there, so get_int gives the default you passed, 7',
            '"name" holds a String, not a Boolean, so get_boolean gives its default, False',
        )
        wrong = [
            f"{n}. you said {a!r}: {reason}"
            for n, (a, b, reason) in enumerate(zip(answer, actual, why, strict=True), start=1)
            if a != b or type(a) is not type(b)
        ]
        if wrong:
            raise Problem("; ".join(wrong) + ".")
        return (
            "None, 7, False: a getter falls back to its default for a missing key or a "
            "type mismatch."
        )

    report("Exercise 2.3", run)
