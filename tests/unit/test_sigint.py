"""SIGINT (the notebook's stop button) to a kernel-like process running ``advance()`` on
a TinyDB store: the interrupt reaches the "cell", the work is not left RUNNING, the
manager keeps working, and the store on disk reopens intact without a close."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

from wmkit import StopReason, WorkManager, WorkQuery

PROJECT_ROOT = Path(__file__).resolve().parents[2]

KERNEL = textwrap.dedent(
    """
    import json, signal, sys, time
    # A notebook's kernel turns SIGINT into KeyboardInterrupt, even when these tests were
    # started with SIGINT ignored (a background job inherits SIG_IGN).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from datetime import timedelta
    from wmkit import OneTimeWorkRequest, PeriodicWorkRequest, Result, Worker, WorkManager

    class Blocks(Worker):
        blocked = False
        def do_work(self):
            if not Blocks.blocked:
                Blocks.blocked = True
                print("in do_work", flush=True)
                time.sleep(120)  # the student's slow code: the stop button lands here
            return Result.success()

    class Tick(Worker):
        def do_work(self):
            return Result.success()

    def cell(code):
        # A notebook cell: an interrupt ends the cell; the kernel lives on.
        try:
            code()
            return "finished"
        except KeyboardInterrupt:
            return "interrupted"

    def report(wm, **extra):
        infos = {str(i.id): [i.state.name, i.stop_reason, i.run_attempt_count, i.period_count]
                 for i in wm.get_work_infos_by_tag(Tick.__module__ + ".Tick")
                 + wm.get_work_infos_by_tag(Blocks.__module__ + ".Blocks")}
        print(json.dumps({"now": wm.clock.now_millis, "infos": infos, **extra}), flush=True)

    wm = WorkManager(sys.argv[1])
    blocking = OneTimeWorkRequest(Blocks)
    wm.enqueue([blocking] + [PeriodicWorkRequest(Tick, timedelta(minutes=15)) for _ in range(200)])
    if sys.argv[2] == "slow do_work":
        print("ready", flush=True)
        outcome = cell(lambda: wm.advance(timedelta(seconds=1)))
        report(wm, outcome=outcome, explain=wm.explain(blocking.id), blocking=str(blocking.id))
    else:
        Blocks.blocked = True
        print("ready", flush=True)
        outcome = cell(lambda: wm.advance(timedelta(days=60)))
        interrupted_at = wm.clock.now_millis
        cell(lambda: wm.advance(timedelta(hours=1)))
        report(wm, outcome=outcome, interrupted_at=interrupted_at)
    sys.stdin.readline()  # wait to be killed: the store must already hold everything
    """
)


class Kernel:
    """The kernel-like process, its output read line by line (a reader thread, so that
    lines that arrive together are not lost in a buffer)."""

    def __init__(self, script: Path, store: Path, mode: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(script), str(store), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line.strip())

    def line(self) -> str:
        try:
            return self.lines.get(timeout=60)
        except queue.Empty:
            raise AssertionError("the kernel said nothing in time") from None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=60)
        for stream in (self.process.stdin, self.process.stderr):
            stream.close()  # type: ignore[union-attr]


def run_kernel(tmp_path: Path, mode: str, before_sigint: str | float) -> tuple[dict, Path]:
    """Start the kernel, send SIGINT when it prints ``before_sigint`` (or after that many
    seconds), read its report, then kill -9 it; return the report and the store."""
    script, store = tmp_path / "kernel.py", tmp_path / "kernel.wmk.json"
    script.write_text(KERNEL)
    kernel = Kernel(script, store, mode)
    try:
        assert kernel.line() == "ready"
        if isinstance(before_sigint, str):
            assert kernel.line() == before_sigint
        else:
            time.sleep(before_sigint)
        kernel.process.send_signal(signal.SIGINT)
        report = json.loads(kernel.line())
    finally:
        kernel.kill()
    return report, store


def reopened(store: Path) -> dict[str, list[Any]]:
    with WorkManager(store) as manager:
        return {
            str(i.id): [i.state.name, i.stop_reason, i.run_attempt_count, i.period_count]
            for i in manager.get_work_infos(WorkQuery.from_ids([]))
        }


def test_sigint_in_a_slow_do_work_ends_that_run_and_is_saved(tmp_path: Path) -> None:
    report, store = run_kernel(tmp_path, "slow do_work", "in do_work")
    assert report["outcome"] == "interrupted"
    state, stop_reason, attempts, _ = report["infos"][report["blocking"]]
    assert (state, stop_reason, attempts) == ("ENQUEUED", StopReason.UNKNOWN, 1)
    assert "Its last run was interrupted (KeyboardInterrupt in Blocks.do_work" in report["explain"]
    assert reopened(store) == report["infos"]


def test_sigint_during_a_long_advance_loses_no_work(tmp_path: Path) -> None:
    """Wherever the interrupt lands (in the engine or in a worker), every periodic work
    is still scheduled: after one more hour each ran 4 times (5 if its instant was cut
    short), none is RUNNING, and the store holds exactly what the kernel reported."""
    report, store = run_kernel(tmp_path, "long advance", 1.5)
    assert report["outcome"] == "interrupted"
    assert 0 < report["interrupted_at"] < 60 * 86_400_000
    hour_before = report["interrupted_at"] // 900_000
    for state, _, _, period_count in report["infos"].values():
        assert state != "RUNNING"
        if period_count:  # the periodic works (the one-time Blocks ran once)
            assert period_count - (hour_before + 1) in (4, 5), period_count
    periodic = {k: v for k, v in report["infos"].items() if v[3]}
    assert len(periodic) == 200
    assert {k: v for k, v in reopened(store).items() if k in periodic} == periodic
