"""Checks for lesson 11 (the store, process death, pruning, the executor)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import CoroutineWorker, OneTimeWorkRequest, Result, State, Worker, WorkManager

from ._common import (
    Problem,
    as_millis,
    at,
    events,
    raised_in_run,
    report,
    require,
    worker_class,
)

_MINUTE = 60_000


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
