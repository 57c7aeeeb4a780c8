"""Checks for lesson 08 (tags, queries, observing a group of works, cancel by tag)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, State, Worker, WorkInfo, WorkManager, WorkQuery

from ._common import Problem, at, call, report, require


class _Up(Worker):
    duration = timedelta(minutes=2)

    def do_work(self) -> Result:
        return Result.success()


class _Broken(Worker):
    def do_work(self) -> Result:
        return Result.failure()


def uploads_scenario() -> tuple[WorkManager, dict[State, OneTimeWorkRequest], list]:
    """A phone with one upload in each of the six states (by state), and two works
    tagged "sync", one RUNNING and one ENQUEUED."""
    wm = WorkManager()
    done = OneTimeWorkRequest(_Up, tags=["upload"])
    failed = OneTimeWorkRequest(_Broken, tags=["upload"])
    wm.enqueue([done, failed])
    wm.advance(timedelta(minutes=3))
    later = timedelta(hours=1)
    running = OneTimeWorkRequest(_Up, tags=["upload"])
    waiting = OneTimeWorkRequest(_Up, tags=["upload"], initial_delay=later)
    cancelled = OneTimeWorkRequest(_Up, tags=["upload"], initial_delay=later)
    sync_running = OneTimeWorkRequest(_Up, tags=["sync"])
    sync_waiting = OneTimeWorkRequest(_Up, tags=["sync"], initial_delay=later)
    blocked = OneTimeWorkRequest(_Up, tags=["upload"])
    wm.enqueue([running, waiting, cancelled, sync_waiting])
    wm.begin_with(sync_running).then(blocked).enqueue()
    wm.cancel_work_by_id(cancelled.id)
    wm.advance(timedelta(minutes=1))
    uploads = {
        State.RUNNING: running,
        State.ENQUEUED: waiting,
        State.BLOCKED: blocked,
        State.SUCCEEDED: done,
        State.FAILED: failed,
        State.CANCELLED: cancelled,
    }
    return wm, uploads, [sync_running, sync_waiting]


def _listing(words: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def check_pending_uploads(query: object) -> None:
    """Exercise 8.1: tag "upload" AND state in {ENQUEUED, RUNNING}."""

    def run() -> str:
        given = require(query, "`pending_uploads` to a WorkQuery")
        if isinstance(given, WorkQuery.Builder):
            raise Problem("that is the builder: finish it with `.build()`.")
        if not isinstance(given, WorkQuery):
            raise Problem(f"`pending_uploads` should be a WorkQuery, got {given!r}.")
        wm, uploads, others = uploads_scenario()
        found = {info.id for info in wm.get_work_infos(given)}
        if any(r.id in found for r in others):
            raise Problem("it also finds works tagged 'sync': restrict it to the tag 'upload'.")
        pending = (State.ENQUEUED, State.RUNNING)
        extra = [s.name for s, r in uploads.items() if s not in pending and r.id in found]
        missing = [s.name for s in pending if uploads[s].id not in found]
        if extra:
            raise Problem(
                f"it also finds the uploads that are {_listing(extra)}, which are not "
                "pending. List only the states ENQUEUED and RUNNING "
                "(`.add_states([State.ENQUEUED, State.RUNNING])`)."
            )
        if missing:
            raise Problem(
                f"it misses the {_listing(missing)} upload: states within one kind are "
                "OR-ed, so list both ENQUEUED and RUNNING."
            )
        return (
            "of uploads in all six states and works tagged 'sync', it finds exactly the "
            "ENQUEUED and the RUNNING upload."
        )

    report("Exercise 8.1", run)


class _Timed(Worker):
    """Runs for its input "seconds", then succeeds, or fails when "fail" is set."""

    def do_work(self) -> Result:
        self.duration = timedelta(seconds=self.input_data.get_long("seconds", 0))
        return Result.failure() if self.input_data.get_boolean("fail") else Result.success()


def _timed(seconds: int, *tags: str, fail: bool = False, delay: int = 0) -> OneTimeWorkRequest:
    return OneTimeWorkRequest(
        _Timed,
        input_data={"seconds": seconds, "fail": fail},
        tags=tags,
        initial_delay=timedelta(seconds=delay),
    )


def progress_lists() -> list[tuple[int, list[WorkInfo]]]:
    """Every list (with its instant) a LiveData of the tag "upload" delivers while a
    phone enqueues four uploads and a sync: two succeed, one fails, the waiting one is
    cancelled; then a second phone whose only upload is cancelled."""
    seen: list[tuple[int, list[WorkInfo]]] = []
    wm = WorkManager()
    wm.get_work_infos_by_tag_live_data("upload").observe(
        lambda infos: seen.append((wm.clock.now_millis, infos))
    )
    waiting = _timed(60, "upload", delay=3600)
    failing = _timed(90, "upload", fail=True)
    wm.enqueue([_timed(60, "upload"), _timed(120, "upload"), failing, waiting, _timed(60, "sync")])
    wm.advance(timedelta(minutes=3))
    wm.cancel_work_by_id(waiting.id)
    wm.advance(timedelta(minutes=1))
    alone = WorkManager()
    withdrawn = _timed(60, "upload", delay=3600)
    alone.enqueue(withdrawn)
    alone.cancel_work_by_id(withdrawn.id)
    seen.append((alone.clock.now_millis, alone.get_work_infos_by_tag("upload")))
    return seen


def _line(
    infos: list[WorkInfo],
    *,
    count_cancelled: bool = False,
    running_done: bool = False,
    failures: bool = True,
) -> str:
    """The right progress line, or (with a flag) the one a typical mistake gives."""
    counted = [i for i in infos if count_cancelled or i.state is not State.CANCELLED]
    if not counted:
        return "nothing to upload"
    done_states = {State.SUCCEEDED, State.RUNNING} if running_done else {State.SUCCEEDED}
    done = sum(i.state in done_states for i in counted)
    failed = sum(i.state is State.FAILED for i in counted)
    line = f"{done} of {len(counted)} uploaded"
    return f"{line}, {failed} failed" if failed and failures else line


def _states(infos: list[WorkInfo]) -> str:
    if not infos:
        return "no uploads at all"
    names = [s.name for s in State if any(i.state is s for i in infos)]
    return ", ".join(f"{sum(i.state.name == n for i in infos)} {n}" for n in names)


def _hint(infos: list[WorkInfo], got: str) -> str:
    if got == _line(infos, count_cancelled=True):
        return "a CANCELLED upload does not count in the total: the user withdrew it"
    if got == _line(infos, running_done=True):
        return "only a SUCCEEDED upload is uploaded; a RUNNING one is not done yet"
    if got == _line(infos, failures=False):
        return 'add ", 1 failed" (with the count) when uploads FAILED'
    if _line(infos) == "nothing to upload":
        return 'when no upload counts, show "nothing to upload"'
    return "count by state: SUCCEEDED out of all but the CANCELLED, then the FAILED"


def check_progress_line(progress_line: Callable[[list[WorkInfo]], object]) -> None:
    """Exercise 8.2: "2 of 3 uploaded, 1 failed", counted by state."""

    def run() -> str:
        for millis, infos in progress_lists():
            got = call(progress_line, infos, what="progress_line")
            if not isinstance(got, str):
                raise Problem(f"progress_line should return the text (a str), got {got!r}.")
            want = _line(infos)
            if got != want:
                raise Problem(
                    f"at {at(millis)}, with {_states(infos)}, it shows {got!r} instead of "
                    f"{want!r}: {_hint(infos, got)}."
                )
        return (
            "every line right, from 'nothing to upload' to '2 of 3 uploaded, 1 failed': "
            "the list holds finished and cancelled works too, and you counted by state."
        )

    report("Exercise 8.2", run)


_WORKS = ("thumb", "album", "scan", "cover", "share")
_WHY = {
    "thumb": "thumb had SUCCEEDED at 0:30, and a cancel never changes a finished work",
    "album": "album was RUNNING with the tag photos: its worker is stopped, it is CANCELLED",
    "scan": (
        "scan has no photos tag, and that cover waits for it does not matter: a cancel goes "
        "down a chain to what waits, never up to a prerequisite"
    ),
    "cover": "cover was BLOCKED with the tag photos: unfinished, so it is cancelled",
    "share": (
        "share has no photos tag, but it waits for cover, and a cancel reaches every work "
        "downstream"
    ),
}


def cancel_phone() -> tuple[WorkManager, dict[str, OneTimeWorkRequest]]:
    """Exercise 8.3's phone, right after ``cancel_all_work_by_tag("photos")`` at 1:00."""
    wm = WorkManager()
    works = {
        "thumb": _timed(30, "photos"),
        "album": _timed(300, "photos"),
        "scan": _timed(180, "video"),
        "cover": _timed(0, "photos"),
        "share": _timed(0, "social"),
    }
    wm.enqueue([works["thumb"], works["album"]])
    wm.begin_with(works["scan"]).then(works["cover"]).then(works["share"]).enqueue()
    wm.advance(timedelta(minutes=1))
    wm.cancel_all_work_by_tag("photos")
    return wm, works


def check_cancelled_by_tag(answer: object) -> None:
    """Exercise 8.3: album, cover and share are CANCELLED; thumb and scan are not."""

    def run() -> str:
        given = require(answer, "`cancelled`")
        if isinstance(given, str) or not isinstance(given, (set, frozenset, list, tuple)):
            raise Problem(f'give a set of names, such as {{"thumb", "scan"}}; got {given!r}.')
        unknown = [n for n in given if n not in _WORKS]
        if unknown:
            raise Problem(f"{unknown[0]!r} is not one of the works: {', '.join(_WORKS)}.")
        wm, works = cancel_phone()
        actual = {
            name
            for name, request in works.items()
            if wm.get_work_info_by_id(request.id).state is State.CANCELLED
        }
        wrong = [f"not {n}: {_WHY[n]}" for n in _WORKS if n in given and n not in actual]
        wrong += [f"{n} too: {_WHY[n]}" for n in _WORKS if n in actual and n not in given]
        if wrong:
            raise Problem("; ".join(wrong) + ".")
        return (
            "album, cover and share: the unfinished works with the tag, and what waits for "
            "them. thumb had finished; scan is upstream of cover, and a cancel never goes up."
        )

    report("Exercise 8.3", run)
