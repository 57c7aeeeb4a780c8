"""Checks for lesson 11 (the store, process death, pruning, the executor)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import (
    CoroutineWorker,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
)

from ._common import (
    Problem,
    as_millis,
    at,
    events,
    raised_in_run,
    report,
    require,
    starts,
    worker_class,
)

_MINUTE = 60_000
_HOUR = 60 * _MINUTE


def check_resumable(resumable: object, disk: object) -> None:
    """Exercise 11.1: killed at 3:30 with 3 chunks saved, it resumes and ends at 5:30."""

    def run() -> str:
        cls = worker_class(resumable, "ResumableDownload", CoroutineWorker)
        if not isinstance(disk, dict):
            raise Problem("pass the DISK dict too: ex11.check_resumable(ResumableDownload, DISK).")
        disk.clear()
        wm = WorkManager()
        request = OneTimeWorkRequest(cls)
        wm.enqueue(request)
        wm.advance(timedelta(minutes=3, seconds=30))
        raised_in_run(wm, request.id, "ResumableDownload")
        if wm.get_work_info_by_id(request.id).state is not State.RUNNING:
            state = wm.get_work_info_by_id(request.id).state.name
            raise Problem(
                f"at 3:30 it is {state}; five chunks of one minute should keep it RUNNING "
                "until 5:00."
            )
        saved = disk.get("done")
        if saved != 3:
            raise Problem(
                f'at 3:30 DISK["done"] is {saved!r}; three chunks are finished by then. Set '
                'DISK["done"] after each chunk\'s `await self.sleep(...)`.'
            )
        wm.restart_app()
        wm.advance(timedelta(minutes=10))
        raised_in_run(wm, request.id, "ResumableDownload")
        info = wm.get_work_info_by_id(request.id)
        if info.state is not State.SUCCEEDED:
            raise Problem(f"after the restart it ended {info.state.name}; it should succeed.")
        finished = events(wm, request.id, "succeeded")[0]
        if finished == 8 * _MINUTE + 30_000:
            raise Problem(
                "after the restart it downloaded all five chunks again (done at 8:30). Read "
                'DISK.get("done", 0) at the start of do_work and skip those chunks.'
            )
        if finished < 5 * _MINUTE + 30_000:
            raise Problem(
                f"it finished at {at(finished)}, too early: it skipped a chunk that was never "
                "downloaded. Save a chunk as done only after its wait."
            )
        if finished != 5 * _MINUTE + 30_000:
            raise Problem(f"it finished at {at(finished)}; resuming after chunk 3 ends at 5:30.")
        _check_killed_twice(cls, disk)
        return (
            "killed at 3:30 after three chunks, it resumed with chunk 4 and finished at 5:30; "
            "killed at 1:30 and again at 3:45, it finished at 5:45."
        )

    report("Exercise 11.1", run)


def _check_killed_twice(cls: type, disk: dict) -> None:
    """Other kill instants: at 1:30 (1 chunk saved), then at 3:45 (3 saved): done at 5:45."""
    disk.clear()
    wm = WorkManager()
    request = OneTimeWorkRequest(cls)
    wm.enqueue(request)
    for kill, saved, earlier in ((90_000, 1, ""), (225_000, 3, f"restarted at {at(90_000)}, ")):
        wm.advance_to(kill)
        raised_in_run(wm, request.id, "ResumableDownload")
        done = events(wm, request.id, "succeeded")
        if done:
            raise Problem(
                f"killed at {at(90_000)} with 1 chunk saved, it finished at {at(done[0])}: "
                "too early, it skipped chunks that were never downloaded. Start each run "
                'from DISK.get("done", 0).'
            )
        if disk.get("done") != saved:
            raise Problem(
                f'{earlier}killed at {at(kill)}, DISK["done"] is {disk.get("done")!r}, but {saved} '
                "chunk(s) were finished by then. Save the count after each chunk, and start "
                "each run from it."
            )
        wm.restart_app()
    wm.advance(timedelta(minutes=10))
    raised_in_run(wm, request.id, "ResumableDownload")
    finished = events(wm, request.id, "succeeded")
    if finished != [5 * _MINUTE + 45_000]:
        when = f"finished at {at(finished[0])}" if finished else "never finished"
        raise Problem(
            f"killed at {at(90_000)} (1 chunk saved) and again at {at(225_000)} (3 saved), "
            f"it {when}; resuming each time from the first chunk not yet downloaded, it ends "
            f'at {at(345_000)}. Read DISK.get("done", 0) at the start of every run.'
        )


def check_survivors(survivors: object) -> None:
    """Exercise 11.2: after 2 days, "kept" and "parent" survive the prune at start."""

    def run() -> str:
        given = require(survivors, "`survivors`")
        if not isinstance(given, (set, frozenset, list, tuple)):
            raise Problem('`survivors` should be a set of names, such as {"plain"}.')
        names = {str(n) for n in given}
        unknown = names - {"plain", "kept", "parent"}
        if unknown:
            raise Problem(f"{', '.join(sorted(unknown))}: the works are plain, kept and parent.")
        want = {"kept", "parent"}
        if names == want:
            return "kept (7 days of keep) and parent (an unfinished work still needs it)."
        problems = []
        if "plain" in names:
            problems.append("plain finished more than a day ago with no keep: it is pruned")
        if "kept" not in names:
            problems.append("kept asked for 7 days, and only 2 have passed")
        if "parent" not in names:
            problems.append("parent is finished, but its child is not: it is kept for the child")
        raise Problem("; ".join(problems) + ".")

    report("Exercise 11.2", run)


class _Minute(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


def check_fifth_start(fifth_starts_at: object) -> None:
    """Exercise 11.3: two slots, five one-minute works: the fifth starts at 2:00."""

    def run() -> str:
        answer = as_millis(require(fifth_starts_at, "`fifth_starts_at`"), "`fifth_starts_at`")
        if answer == 2 * _MINUTE:
            return "2:00: two at 0:00, two at 1:00, the fifth at 2:00."
        if answer == 4 * _MINUTE:
            raise Problem("that would be one at a time; two run at once.")
        if answer in (150_000, 5 * _MINUTE):
            raise Problem("count the pairs: how many minutes until a slot is free for the fifth?")
        raise Problem(f"not {at(answer)}. Two start at 0:00; when are two slots free again?")

    report("Exercise 11.3", run)


class _Sync(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


class _Download(Worker):
    duration = timedelta(minutes=5)

    def do_work(self) -> Result:
        return Result.success()


def _story(stop: str) -> tuple[list[int], list[int], int]:
    """Exercise 11.4 on wmkit: the sync's starts and the report's before 6:00, and the
    download's run_attempt_count then, when the app is stopped at 1:00 by ``stop``
    ("force_stop", then opened at 4:00; or "restart_app", a kill, never opened)."""
    wm = WorkManager()
    sync = PeriodicWorkRequest(_Sync, timedelta(hours=1))
    report = OneTimeWorkRequest.Builder(_Sync).set_initial_delay(timedelta(hours=2)).build()
    download = (
        OneTimeWorkRequest.Builder(_Download).set_initial_delay(timedelta(minutes=58)).build()
    )
    wm.enqueue([sync, report, download])
    wm.advance_to(_HOUR)
    getattr(wm, stop)()
    if stop == "force_stop":
        wm.advance_to(4 * _HOUR)
        wm.open_app()
    wm.advance_to(6 * _HOUR - 1)
    attempts = wm.get_work_info_by_id(download.id).run_attempt_count
    return starts(wm, sync.id), starts(wm, report.id), attempts


def _millis_list(answer: object, what: str) -> list[int]:
    if not isinstance(answer, (list, tuple)):
        raise Problem(f"{what} should be a list of start times, such as [0, 3_600_000].")
    return [as_millis(item, f"each start in {what}") for item in answer]


def _sync_problem(given: list[int], want: list[int]) -> str:
    missed = [t for t in (1, 2, 3) if t * _HOUR + _MINUTE in given]
    if missed:
        return (
            f"sync: not at {', '.join(at(t * _HOUR + _MINUTE) for t in missed)}: nothing runs "
            "while the app is force-stopped, and opening it runs the overdue sync once, not "
            "once per missed period"
        )
    if given[:1] != [0]:
        return "sync: its first run is at 0:00"
    if 4 * _HOUR not in given:
        return "sync: when the user opens the app at 4:00, the overdue sync runs at once"
    if 5 * _HOUR in given:
        return (
            "sync: not at 5:00: the next period counts from the end of the run at 4:00, "
            "which took a minute"
        )
    return f"sync: not {', '.join(at(t) for t in given)}; follow it period by period"


def check_force_stop(
    sync_starts: object,
    report_starts: object,
    report_starts_if_killed: object,
    download_attempts: object,
) -> None:
    """Exercise 11.4: force-stopped 1:00 to 4:00: sync 0:00, 4:00, 5:01; report 4:00 (2:00
    after a kill); the download, cut at 1:00, has run twice."""

    def run() -> str:
        sync = _millis_list(require(sync_starts, "`sync_starts`"), "`sync_starts`")
        report = as_millis(require(report_starts, "`report_starts`"), "`report_starts`")
        killed = as_millis(
            require(report_starts_if_killed, "`report_starts_if_killed`"),
            "`report_starts_if_killed`",
        )
        attempts = require(download_attempts, "`download_attempts`")
        if isinstance(attempts, bool) or not isinstance(attempts, int):
            raise Problem(f"`download_attempts` should be a whole number, got {attempts!r}.")
        want_sync, (want_report,), want_attempts = _story("force_stop")
        _, (want_killed,), _ = _story("restart_app")
        problems = []
        if sync != want_sync:
            problems.append(_sync_problem(sync, want_sync))
        if report != want_report:
            if report == want_killed:
                problems.append(
                    f"report: {at(report)} is when it was due, and when it runs after a kill; "
                    "after a force stop nothing runs until the user opens the app"
                )
            else:
                problems.append(f"report: not at {at(report)}; work out when anything runs again")
        if killed != want_killed:
            if killed == want_report:
                problems.append(
                    f"report if killed: not {at(killed)}: a low-memory kill keeps the app's "
                    "jobs, so it runs when due without anyone opening the app"
                )
            else:
                problems.append(f"report if killed: not at {at(killed)}; work out when it is due")
        if attempts != want_attempts:
            if attempts == want_attempts - 1:
                problems.append(
                    "download: the run cut off by the force stop at 1:00 counts as an attempt "
                    "too, and it runs again when the app is opened"
                )
            else:
                problems.append(f"download: not {attempts} attempts; count its runs")
        if problems:
            raise Problem("; ".join(problems) + ".")
        return (
            f"sync at {', '.join(at(t) for t in want_sync)} (once at the opening, then an hour "
            f"after that run); report at {at(want_report)}, but at {at(want_killed)} after a "
            f"mere kill; the download ran {want_attempts} times, the first cut off at 1:00."
        )

    report("Exercise 11.4", run)
