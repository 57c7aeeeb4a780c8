"""kill -9 at random moments: a TinyDB store always reopens intact (API Persistence)."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from wmkit import State, StopReason, WorkManager, WorkQuery

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 16
LONG_MAX = 2**63 - 1

# A launcher that imports wmkit once and then, on each "go", forks a fresh process that
# opens the store and steps it forever. Each forked process is a whole app process of its
# own (it alone holds the store's lock); forking only saves re-importing wmkit 16 times.
LAUNCHER = textwrap.dedent(
    """
    import os
    import sys
    from datetime import timedelta
    from wmkit import (ExistingPeriodicWorkPolicy, OneTimeWorkRequest, PeriodicWorkRequest,
                       Result, Worker, WorkManager)

    class Tick(Worker):
        duration = timedelta(seconds=30)
        def do_work(self):
            return Result.success({"n": self.run_attempt_count})

    class Flaky(Worker):
        def do_work(self):
            return Result.retry() if self.run_attempt_count < 2 else Result.success()

    def app(path):
        manager = WorkManager(path)
        manager.enqueue_unique_periodic_work(
            "heartbeat", ExistingPeriodicWorkPolicy.KEEP,
            PeriodicWorkRequest(Tick, timedelta(minutes=15)),
        )
        print("ready", os.getpid(), flush=True)
        n = 0
        while True:  # every step writes one snapshot; the test kills us somewhere in here
            n += 1
            if n % 3 == 0:
                manager.enqueue(OneTimeWorkRequest(Tick))
            if n % 7 == 0:
                manager.begin_with(OneTimeWorkRequest(Flaky)).then(OneTimeWorkRequest(Tick)).enqueue()
            manager.step()

    print("imported", flush=True)
    pid = None
    while True:
        command = sys.stdin.readline().strip()
        if command.startswith("go"):
            pid = os.fork()
            if pid == 0:
                try:
                    if command == "go-compacting":  # a new snapshot file at every step
                        from wmkit.storage.tinydb_store import TinyDBStore
                        TinyDBStore.journal_to_file_ratio = TinyDBStore.min_journal_bytes = 0
                    app(sys.argv[1])
                finally:
                    os._exit(1)
        elif command == "reap":
            _, status = os.waitpid(pid, 0)
            print("reaped", os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1, flush=True)
        else:
            break
    """
)


class Launcher:
    """The launcher process: ``run_and_kill`` starts one app process and SIGKILLs it."""

    def __init__(self, script: Path, store: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(script), str(store)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )
        assert self._read() == ["imported"]

    def _read(self) -> list[str]:
        stdout = self.process.stdout
        ready, _, _ = select.select([stdout], [], [], 60)
        assert ready, "the launcher said nothing in time"
        line = stdout.readline()  # type: ignore[union-attr]
        assert line, self.process.stderr.read()  # type: ignore[union-attr]
        return line.split()

    def _send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]

    def run_and_kill(self, delay: float, compacting: bool) -> None:
        """Start an app process on the store, let it step ``delay`` s, then kill -9 it.

        ``compacting``: the store writes a whole new snapshot file at every step instead
        of appending to its journal, so the kill mostly lands in the middle of that."""
        self._send("go-compacting" if compacting else "go")
        word, pid = self._read()
        assert word == "ready"
        time.sleep(delay)
        os.kill(int(pid), signal.SIGKILL)
        self._send("reap")
        assert self._read() == ["reaped", str(int(signal.SIGKILL))]

    def close(self) -> None:
        if self.process.poll() is None:
            self._send("quit")
            self.process.wait(timeout=60)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()  # type: ignore[union-attr]


def check_store(
    store: Path, previous_clock: int, finished: dict[object, State], context: str
) -> int:
    """Reopen the store after a kill, check every WorkInfo and close it; returns its clock."""
    parsed = json.loads(store.read_bytes())  # the file is one whole JSON snapshot
    assert parsed["meta"]["1"]["format"] == "wmkit-store", context
    with WorkManager(store) as manager:  # the kernel dropped the lock with the process
        now = manager.clock.now_millis
        assert now >= previous_clock, context
        infos = manager.get_work_infos(WorkQuery.from_ids([]))
    periodic = [i for i in infos if i.periodicity_info is not None]
    assert len(periodic) == 1, context
    assert periodic[0].state is State.ENQUEUED, context
    for info in infos:
        assert info.state is not State.RUNNING, context
        assert info.run_attempt_count >= 0 and info.period_count >= 0, context
        assert (info.next_schedule_time_millis == LONG_MAX) is (info.state is not State.ENQUEUED), (
            context
        )
        if info.stop_reason == StopReason.UNKNOWN:
            assert info.state is State.ENQUEUED and info.run_attempt_count >= 1, context
        if info.state is State.SUCCEEDED:
            assert info.run_attempt_count >= 1, context
        if info.id in finished:
            assert info.state is finished[info.id], context
        elif info.state.is_finished:
            finished[info.id] = info.state
    return now


def test_repeated_kill_minus_nine_never_damages_the_store(tmp_path: Path) -> None:
    """16 SIGKILLs at random moments (every other one in a process that writes a new
    snapshot file at every step): each time the store reopens whole and consistent."""
    script = tmp_path / "launcher.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    store = tmp_path / "kill.wmk.json"
    rng = random.Random()
    delays = [round(rng.uniform(0.05, 0.4), 3) for _ in range(ROUNDS)]
    previous_clock = 0
    finished: dict[object, State] = {}
    launcher = Launcher(script, store)
    try:
        for round_number, delay in enumerate(delays):
            context = f"round {round_number}, killed after {delay} s (delays {delays})"
            launcher.run_and_kill(delay, compacting=round_number % 2 == 1)
            previous_clock = check_store(store, previous_clock, finished, context)
    finally:
        launcher.close()
    assert previous_clock > 0
    assert len(finished) > 0
