"""A store file: reopen, process death, refusals, pruning at open (API Persistence, §2, §17)."""

from __future__ import annotations

import contextlib
import select
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest

from wmkit import (
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    StopReason,
    WorkManager,
    WorkManagerError,
    WorkQuery,
)

from .workers import (
    DAY,
    HOUR,
    MINUTE,
    SECOND,
    UNKNOWN,
    AlwaysRetry,
    Echo,
    FailWithReason,
    Slow30s,
    State,
    Succeed,
    events_of,
    info_of,
    runs_of,
    starts,
    state_of,
    stop_calls,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKERS_MODULE = Slow30s.__module__
# The directory from which WORKERS_MODULE imports under the same name in a child process.
IMPORT_ROOT = (
    Path(sys.modules[WORKERS_MODULE].__file__).resolve().parents[WORKERS_MODULE.count(".")]
)


@pytest.fixture
def store(tmp_path):
    """A path for a store file that does not exist yet."""
    return tmp_path / "lesson.wmk.json"


@pytest.fixture
def open_store():
    """Opens managers on a path and closes whatever is still open at teardown."""
    opened = []

    def open_(path, **kwargs):
        manager = WorkManager(path, **kwargs)
        opened.append(manager)
        return manager

    yield open_
    for manager in opened:
        with contextlib.suppress(Exception):
            manager.close()


def _later(cls=Succeed, delay=timedelta(hours=1)):
    return OneTimeWorkRequest.Builder(cls).set_initial_delay(delay).build()


def _all_infos(manager):
    return sorted(manager.get_work_infos(WorkQuery.from_ids([])), key=lambda info: str(info.id))


def _child(code, **values):
    """Python source for a child process that can import wmkit and the test workers."""
    header = f"import sys\nsys.path.insert(0, {str(IMPORT_ROOT)!r})\n"
    return header + textwrap.dedent(code).format(**values)


def _readline(proc, timeout=60):
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "the child process said nothing in time"
    return proc.stdout.readline().strip()


def test_a_new_path_starts_an_empty_store(open_store, store):
    """A path that does not exist yet starts a new, empty store at virtual time 0 (API)."""
    manager = open_store(store)
    assert manager.clock.now_millis == 0
    assert manager.get_work_infos(WorkQuery.from_ids([])) == []


def test_reopened_store_reports_the_same_work_infos(open_store, store):
    """Close then reopen: every WorkInfo, in every state, is reported unchanged (API)."""
    manager = open_store(store)
    echo = OneTimeWorkRequest.Builder(Echo).set_input_data({"photo": "cat.jpg"}).build()
    cancelled = _later()
    manager.enqueue([echo, OneTimeWorkRequest.from_(FailWithReason), cancelled, _later()])
    manager.enqueue(OneTimeWorkRequest.from_(AlwaysRetry))
    manager.enqueue(PeriodicWorkRequest.Builder(Succeed, timedelta(minutes=15)).build())
    manager.begin_with(_later()).then(OneTimeWorkRequest.from_(Succeed)).enqueue()
    manager.advance(timedelta(minutes=1))
    manager.cancel_work_by_id(cancelled.id)
    before = _all_infos(manager)
    assert {info.state for info in before} == {
        State.SUCCEEDED,
        State.FAILED,
        State.CANCELLED,
        State.ENQUEUED,
        State.BLOCKED,
    }
    manager.close()
    assert _all_infos(open_store(store)) == before


def test_reopened_store_keeps_the_clock_and_the_device(open_store, store):
    """The virtual clock and the device state are restored on reopen (API)."""
    manager = open_store(store)
    manager.set_device(network="cellular", charging=False)
    manager.advance(timedelta(minutes=5))
    manager.close()
    reopened = open_store(store)
    assert reopened.clock.now_millis == 5 * MINUTE
    assert reopened.device.network == "cellular"
    assert reopened.device.charging is False


def test_pending_work_runs_on_time_after_reopen(open_store, store):
    """A work due at 1 h, stored at 10 min, runs at exactly 3 600 000 after reopen (API)."""
    manager = open_store(store)
    request = _later()
    manager.enqueue(request)
    manager.advance(timedelta(minutes=10))
    manager.close()
    reopened = open_store(store)
    reopened.advance_to(HOUR - 1)
    assert state_of(reopened, request) is State.ENQUEUED
    reopened.advance_to(HOUR)
    assert state_of(reopened, request) is State.SUCCEEDED
    assert starts(reopened, request.id) == [HOUR]


def test_work_running_at_close_reopens_enqueued_with_unknown_stop(open_store, store):
    """RUNNING at close reopens ENQUEUED, UNKNOWN, attempt counted, due at E + 30 s (§2, §4)."""
    manager = open_store(store)
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    manager.close()
    reopened = open_store(store)
    info = info_of(reopened, request)
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.UNKNOWN == UNKNOWN
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 30 * SECOND
    reopened.advance_to(60 * SECOND)
    assert starts(reopened, request.id) == [30 * SECOND]
    assert state_of(reopened, request) is State.SUCCEEDED
    assert [run.run_attempt_count for run in runs_of(request.id)] == [0, 1]


def test_restart_app_requeues_running_work_without_calling_on_stopped(manager):
    """restart_app() turns RUNNING into ENQUEUED with UNKNOWN and calls no on_stopped (§2)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    manager.restart_app()
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.UNKNOWN
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 30 * SECOND
    assert manager.clock.now_millis == 10 * SECOND
    assert stop_calls(runs_of(request.id)[0].worker) == 0


def test_restart_app_discards_the_dead_run_result(manager):
    """After restart_app the old run's result never applies; the rerun at 30 s ends at 60 s (§2)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    manager.restart_app()
    manager.advance_to(60 * SECOND)
    assert starts(manager, request.id) == [0, 30 * SECOND]
    assert [e.millis for e in events_of(manager, request.id, "succeeded")] == [60 * SECOND]
    assert info_of(manager, request).run_attempt_count == 2


def test_restart_app_leaves_pending_work_alone(manager):
    """restart_app() does not move a pending work's next run time (FSR: only RUNNING is reset)."""
    request = _later()
    manager.enqueue(request)
    manager.advance(timedelta(minutes=1))
    manager.restart_app()
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.next_schedule_time_millis == HOUR
    assert info.stop_reason == StopReason.NOT_STOPPED


def test_killed_process_loses_nothing_stored(store):
    """After kill -9 mid-run, reopening finds the work ENQUEUED with UNKNOWN (API)."""
    code = _child(
        """
        import importlib, os, signal
        from datetime import timedelta
        from wmkit import OneTimeWorkRequest, WorkManager
        worker = getattr(importlib.import_module({module!r}), "Slow30s")
        manager = WorkManager({path!r})
        request = OneTimeWorkRequest.from_(worker)
        manager.enqueue(request)
        manager.advance(timedelta(seconds=10))
        print(request.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        module=WORKERS_MODULE,
        path=str(store),
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    work_id = UUID(done.stdout.strip())
    manager = WorkManager(store)
    try:
        assert manager.clock.now_millis == 10 * SECOND
        info = manager.get_work_info_by_id(work_id)
        assert info.state is State.ENQUEUED
        assert info.stop_reason == StopReason.UNKNOWN
        assert info.run_attempt_count == 1
        manager.advance_to(60 * SECOND)
        assert manager.get_work_info_by_id(work_id).state is State.SUCCEEDED
    finally:
        manager.close()


def test_second_open_in_this_process_is_refused(open_store, store):
    """Opening a store open in this process raises WorkManagerError; the first goes on (API)."""
    first = open_store(store)
    request = _later(delay=timedelta(minutes=1))
    first.enqueue(request)
    first.advance(timedelta(seconds=1))
    with pytest.raises(WorkManagerError):
        WorkManager(store)
    first.advance(timedelta(minutes=1))
    assert state_of(first, request) is State.SUCCEEDED
    first.close()
    assert state_of(open_store(store), request) is State.SUCCEEDED


def test_open_in_another_process_is_refused(open_store, store):
    """A store held open by another process cannot be opened; after it closes, it can (API)."""
    code = _child(
        """
        from datetime import timedelta
        from wmkit import WorkManager
        manager = WorkManager({path!r})
        manager.advance(timedelta(0))
        print("open", flush=True)
        sys.stdin.readline()
        manager.close()
        print("closed", flush=True)
        """,
        path=str(store),
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    try:
        assert _readline(proc) == "open"
        with pytest.raises(WorkManagerError):
            WorkManager(store)
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert _readline(proc) == "closed"
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=60)
    assert open_store(store).clock.now_millis == 0


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b'{"hello": "world"}',
        b'{"_default": {"1": {"title": "shopping list"}}}',
        b"\x00\xff\xfe not json at all \x13\x37",
    ],
    ids=["empty", "foreign-json", "foreign-tinydb", "garbage"],
)
def test_a_file_that_is_not_a_store_is_refused_and_left_untouched(tmp_path, content):
    """A file that is not a wmkit store is refused and left byte for byte intact (API)."""
    path = tmp_path / "notes.json"
    path.write_bytes(content)
    with pytest.raises(WorkManagerError):
        WorkManager(path)
    assert path.read_bytes() == content


CELL = """
from wmkit import Data, Result, Worker


class CellUploadAfterRestart(Worker):
    def do_work(self):
        return Result.success(Data({"from": "cell"}))
"""


def _run_cell():
    """Runs the notebook cell that defines the worker, as a kernel would, in __main__."""
    namespace = {"__name__": "__main__"}
    exec(CELL, namespace)
    return namespace["CellUploadAfterRestart"]


def test_worker_class_from_a_rerun_cell_is_found_by_its_qualified_name(open_store, store):
    """After reopen, a worker defined in a cell is found again once the cell has run again (API)."""
    manager = open_store(store)
    request = (
        OneTimeWorkRequest.Builder(_run_cell()).set_initial_delay(timedelta(minutes=1)).build()
    )
    manager.enqueue(request)
    manager.close()
    reopened = open_store(store)
    _run_cell()
    reopened.advance(timedelta(minutes=1))
    info = info_of(reopened, request)
    assert info.state is State.SUCCEEDED
    assert info.output_data.get_string("from") == "cell"
    assert "__main__.CellUploadAfterRestart" in info.tags


@pytest.mark.parametrize(
    ("closed_at", "keep", "pruned"),
    [
        (DAY, timedelta(0), False),
        (DAY + 1, timedelta(0), True),
        (DAY + HOUR, timedelta(hours=1), False),
        (DAY + HOUR + 1, timedelta(hours=1), True),
    ],
    ids=["1d", "1d+1ms", "1d+keep", "1d+keep+1ms"],
)
def test_opening_prunes_work_finished_over_a_day_ago(open_store, store, closed_at, keep, pruned):
    """Opening deletes finished work with E + keep < now − 1 day, not 1 ms earlier (§17)."""
    manager = open_store(store)
    builder = OneTimeWorkRequest.Builder(Succeed)
    if keep:
        builder.keep_results_for_at_least(keep)
    request = builder.build()
    manager.enqueue(request)
    manager.advance_to(closed_at)
    assert state_of(manager, request) is State.SUCCEEDED
    manager.close()
    info = open_store(store).get_work_info_by_id(request.id)
    assert (info is None) is pruned


def test_opening_keeps_old_finished_work_with_unfinished_dependents(open_store, store):
    """An old SUCCEEDED work with a pending dependent survives the open-time prune (§17)."""
    manager = open_store(store)
    a, b = OneTimeWorkRequest.from_(Succeed), _later(delay=timedelta(days=3))
    manager.begin_with(a).then(b).enqueue()
    manager.advance_to(2 * DAY)
    manager.close()
    reopened = open_store(store)
    assert state_of(reopened, a) is State.SUCCEEDED
    assert state_of(reopened, b) is State.ENQUEUED
