"""Checks for lesson 02 (Data, output, progress, observing)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import CoroutineWorker, Data, OneTimeWorkRequest, State, WorkManager

from ._common import Problem, Unanswered, raised_in_run, report, require, worker_class


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


def check_countdown(countdown: object) -> None:
    """Exercise 2.2: progress {"left": 2, 1, 0} after each 10 s wait, then success."""

    def run() -> str:
        cls = worker_class(countdown, "Countdown", CoroutineWorker)
        wm = WorkManager()
        request = OneTimeWorkRequest(cls)
        wm.enqueue(request)
        seen = []
        for second in (0, 5, 10, 15, 20, 25, 30):
            wm.advance_to(second * 1_000)
            raised_in_run(wm, request.id, "Countdown")
            info = wm.get_work_info_by_id(request.id)
            seen.append((second, info.state, info.progress))
        expected = {0: None, 5: None, 10: 2, 15: 2, 20: 1, 25: 1}
        order = [None, 2, 1, 0]
        for second, state, progress in seen[:-1]:
            if state is not State.RUNNING:
                raise Problem(
                    f"at 0:{second:02d} Countdown is already {state.name}; it should run 30 s "
                    "in three `await self.sleep(timedelta(seconds=10))`."
                )
            want = expected[second]
            got = progress.get("left") if "left" in progress else None
            if got == want:
                continue
            said = "no progress" if got is None else f"left = {got}"
            if second == 0:
                raise Problem(
                    f"at 0:00, before any wait, the progress already shows {said}: publish "
                    "*after* each wait."
                )
            if got in order and order.index(got) > order.index(want):
                raise Problem(
                    f"at 0:{second:02d} the progress already shows {said}: the countdown runs "
                    "ahead. Each wait should be `timedelta(seconds=10)`."
                )
            wanted = "no progress yet" if want is None else f"left = {want}"
            raise Problem(
                f"at 0:{second:02d} the progress shows {said}; expected {wanted}. Publish "
                'after each wait: `await self.set_progress({"left": n})`.'
            )
        state = seen[-1][1]
        if state is not State.SUCCEEDED:
            raise Problem(f"at 0:30 Countdown is {state.name}; it should have succeeded.")
        return "progress 2, 1, 0 every 10 s, then SUCCEEDED (and the progress is cleared)."

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
