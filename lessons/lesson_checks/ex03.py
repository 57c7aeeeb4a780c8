"""Checks for lesson 03 (chains)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, State, Worker, WorkManager

from ._common import Problem, ancestors, as_millis, at, call, events, report, require


class _Part(Worker):
    """A step whose run length comes from its input, in seconds."""

    def do_work(self) -> Result:
        self.duration = timedelta(seconds=self.input_data.get_long("seconds", 10))
        return Result.success()


def _requests(wm: WorkManager, **seconds: int) -> dict[str, OneTimeWorkRequest]:
    return {
        name: OneTimeWorkRequest(_Part, input_data={"seconds": s}, tags=[name])
        for name, s in seconds.items()
    }


def _prerequisites(wm: WorkManager, requests: dict[str, OneTimeWorkRequest]) -> dict:
    """name -> set of prerequisite names, for the stored works (None if not stored)."""
    by_id = {r.id: name for name, r in requests.items()}
    found = {}
    for name, request in requests.items():
        description = wm.describe_work(request.id)
        found[name] = (
            None
            if description is None
            else {by_id.get(p, "(a hidden combine worker)") for p in description.prerequisites}
        )
    return found


def _describe(names: set[str]) -> str:
    return " and ".join(sorted(names)) if names else "nothing"


def check_pipeline(build_pipeline: object) -> None:
    """Exercise 3.1: download -> [resize, thumbnail] -> upload."""

    def run() -> str:
        wm = WorkManager()
        r = _requests(wm, download=10, resize=20, thumbnail=5, upload=10)
        call(
            build_pipeline,
            wm,
            r["download"],
            r["resize"],
            r["thumbnail"],
            r["upload"],
            what="build_pipeline",
        )
        pre = _prerequisites(wm, r)
        missing = [name for name, p in pre.items() if p is None]
        if len(missing) == 4:
            raise Problem("nothing was enqueued: end the chain with `.enqueue()`.")
        if missing:
            raise Problem(
                f"{', '.join(missing)} never got enqueued: put every request in the chain."
            )
        expected = {
            "download": set(),
            "resize": {"download"},
            "thumbnail": {"download"},
            "upload": {"resize", "thumbnail"},
        }
        for name, want in expected.items():
            got = pre[name]
            if got == want:
                continue
            hint = ""
            if name in ("resize", "thumbnail") and got and got - {"download"}:
                hint = " Put resize and thumbnail in one list: `.then([resize, thumbnail])`."
            elif name == "upload" and got == {"download"}:
                hint = " Add a level: `.then([resize, thumbnail]).then(upload)`."
            elif name == "download" and got:
                hint = " Start the chain with `wm.begin_with(download)`."
            raise Problem(
                f"{name} waits for {_describe(got)}; it should wait for {_describe(want)}.{hint}"
            )
        wm.run_until_idle()
        upload_start = events(wm, r["upload"].id, "started")
        return (
            f"download, then resize and thumbnail side by side, then upload at "
            f"{at(upload_start[0])}, after the slower of the two."
        )

    report("Exercise 3.1", run)


def check_delay_in_chain(b_starts_at: object) -> None:
    """Exercise 3.2: b's 2-minute delay counts from when a succeeds (0:30): 150 000 ms."""

    def run() -> str:
        answer = as_millis(require(b_starts_at, "`b_starts_at`"), "`b_starts_at`")
        if answer == 150_000:
            return (
                "2:30. The delay counts from the instant b is unblocked (0:30), not from enqueue."
            )
        if answer == 120_000:
            raise Problem(
                "2:00 would be right for a work enqueued on its own. In a chain, b is BLOCKED "
                "first; when does its enqueue time get set?"
            )
        if answer == 155_000:
            raise Problem("that is when b *finishes*; the question asks when it starts.")
        if answer in (150, 2 * 60 + 30):
            raise Problem("give the instant in milliseconds, not seconds.")
        raise Problem(
            f"b does not start at {at(answer)}. Work out when a succeeds, then add b's delay."
        )

    report("Exercise 3.2", run)


def _names(wm: WorkManager, requests: dict[str, OneTimeWorkRequest], name: str) -> set[str]:
    """The names of every work ``name`` waits for, directly or not (hidden ones left out)."""
    by_id = {r.id: n for n, r in requests.items()}
    return {by_id[i] for i in ancestors(wm, requests[name].id) if i in by_id}


def _joined(build_joined: object, slow: str) -> tuple[WorkManager, dict[str, OneTimeWorkRequest]]:
    """The student's two chains and join on a fresh manager; ``slow`` chain takes longer."""
    wm = WorkManager()
    r = _requests(wm, **{n: 30 if n in slow else 10 for n in "abcd"}, e=5)
    call(build_joined, wm, r["a"], r["b"], r["c"], r["d"], r["e"], what="build_joined")
    return wm, r


def _check_joined_structure(wm: WorkManager, r: dict[str, OneTimeWorkRequest]) -> None:
    pre = _prerequisites(wm, r)
    if all(p is None for p in pre.values()):
        raise Problem("nothing was enqueued: end with `.enqueue()`.")
    missing = [name for name, p in pre.items() if p is None]
    if missing:
        raise Problem(
            f"{', '.join(missing)} never got enqueued. Join the chains with "
            "`WorkContinuation.combine([...]).then(e).enqueue()`."
        )
    for chain, first in (("b", "a"), ("d", "c")):
        waits = _names(wm, r, chain)
        if waits != {first}:
            raise Problem(
                f"{chain} waits for {_describe(waits)}; it should wait for {first} only "
                f"(its own chain, {first} → {chain})."
            )
    if _names(wm, r, "a") or _names(wm, r, "c"):
        raise Problem("a and c should start at once; each begins its own chain.")
    waits = _names(wm, r, "e")
    lacking = sorted({"b", "d"} - waits)
    if lacking:
        raise Problem(
            f"e waits for {_describe(waits)} but not for {' nor '.join(lacking)}: it could "
            f"start while {' and '.join(f'{x} is still running' for x in lacking)}. e must "
            "wait for the end of *both* chains: "
            "`WorkContinuation.combine([chain1, chain2]).then(e)`."
        )


def check_joined(build_joined: object) -> None:
    """Exercise 3.3: a -> b and c -> d independent, e after both (with combine)."""

    def run() -> str:
        starts = {}
        for slow in ("cd", "ab"):
            wm, r = _joined(build_joined, slow)
            _check_joined_structure(wm, r)
            wm.run_until_idle()
            state = wm.get_work_info_by_id(r["e"].id).state
            if state is not State.SUCCEEDED:
                raise Problem(f"e ended {state.name}; it should succeed after both chains.")
            e_start = events(wm, r["e"].id, "started")[0]
            last = max(events(wm, r[n].id, "succeeded")[0] for n in ("b", "d"))
            if e_start < last:
                raise Problem(f"e started at {at(e_start)}, before both chains were done.")
            starts[slow] = (at(events(wm, r["b"].id, "started")[0]), at(e_start))
        b_start, e_start = starts["cd"]
        return (
            f"b ran at {b_start} without waiting for c, and e started at {e_start}, once d "
            "(the slower chain) was done; with a → b the slower one, e waited for b."
        )

    report("Exercise 3.3", run)
