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

CHILD = textwrap.dedent(
    """
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

    manager = WorkManager(sys.argv[1])
    manager.enqueue_unique_periodic_work(
        "heartbeat", ExistingPeriodicWorkPolicy.KEEP,
        PeriodicWorkRequest(Tick, timedelta(minutes=15)),
    )
    print("ready", flush=True)
    n = 0
    while True:  # every step writes one snapshot; the parent kills us somewhere in here
        n += 1
        if n % 3 == 0:
            manager.enqueue(OneTimeWorkRequest(Tick))
        if n % 7 == 0:
            manager.begin_with(OneTimeWorkRequest(Flaky)).then(OneTimeWorkRequest(Tick)).enqueue()
        manager.step()
    """
)


def run_child_and_kill(script: Path, store: Path, delay: float) -> None:
    """Start the child, wait until its store is open, let it step for ``delay`` s, kill it."""
    child = subprocess.Popen(
        [sys.executable, str(script), str(store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    try:
        ready, _, _ = select.select([child.stdout], [], [], 60)
        assert ready, "the child never opened the store"
        line = child.stdout.readline().strip()  # type: ignore[union-attr]
        assert line == "ready", child.stderr.read()  # type: ignore[union-attr]
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=60)
        child.stdout.close()  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]


def test_repeated_kill_minus_nine_never_damages_the_store(tmp_path: Path) -> None:
    """16 SIGKILLs at random moments: each time the store reopens whole and consistent."""
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    store = tmp_path / "kill.wmk.json"
    rng = random.Random()
    delays = [round(rng.uniform(0.05, 0.4), 3) for _ in range(ROUNDS)]
    previous_clock = 0
    finished: dict[object, State] = {}
    for round_number, delay in enumerate(delays):
        context = f"round {round_number}, killed after {delay} s (delays {delays})"
        run_child_and_kill(script, store, delay)
        parsed = json.loads(store.read_bytes())  # the file is one whole JSON snapshot
        assert parsed["meta"]["1"]["format"] == "wmkit-store", context
        with WorkManager(store) as manager:  # the kernel dropped the lock with the process
            now = manager.clock.now_millis
            assert now >= previous_clock, context
            previous_clock = now
            infos = manager.get_work_infos(WorkQuery.from_ids([]))
            assert infos, context
            periodic = [i for i in infos if i.periodicity_info is not None]
            assert len(periodic) == 1, context
            assert periodic[0].state is State.ENQUEUED, context
            for info in infos:
                assert info.state is not State.RUNNING, context
                assert info.run_attempt_count >= 0 and info.period_count >= 0, context
                assert (info.next_schedule_time_millis == LONG_MAX) is (
                    info.state is not State.ENQUEUED
                ), context
                if info.stop_reason == StopReason.UNKNOWN:
                    assert info.state is State.ENQUEUED and info.run_attempt_count >= 1, context
                if info.state is State.SUCCEEDED:
                    assert info.run_attempt_count >= 1, context
                if info.id in finished:
                    assert info.state is finished[info.id], context
                elif info.state.is_finished:
                    finished[info.id] = info.state
    assert previous_clock > 0
