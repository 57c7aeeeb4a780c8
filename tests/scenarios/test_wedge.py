"""Student code cannot wedge the manager: polling loops end with an explanation, and an
interrupt (the notebook's stop button) inside a worker ends that run consistently, is
saved, still reaches the notebook, and leaves the manager working."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest

from wmkit import (
    ArrayCreatingInputMerger,
    CoroutineWorker,
    MemoryStore,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    StopReason,
    Worker,
    WorkManager,
)
from wmkit.engine import lifecycle
from wmkit.engine.engine import Engine
from wmkit.engine.schedule import Schedule
from wmkit.work.worker import MAX_STOP_POLLS

SECOND = 1_000
MINUTE = 60 * SECOND


class PollsForever(Worker):
    """The classic mistake: wait in a sync do_work for a stop that cannot come."""

    def do_work(self) -> Result:
        while not self.is_stopped:
            pass
        return Result.success()


class PollsAndSwallows(Worker):
    """Polls with an ``except Exception`` around the body of the loop."""

    def do_work(self) -> Result:
        while not self.is_stopped:
            try:  # noqa: SIM105 - the student's way of writing it
                int("not a number")
            except Exception:
                pass
        return Result.success()


class ChecksAFewTimes(Worker):
    """A legitimate loop that looks at is_stopped once per item, for 5,000 items."""

    def do_work(self) -> Result:
        done = 0
        for _ in range(5_000):
            if self.is_stopped:
                return Result.failure()
            done += 1
        return Result.success({"done": done})


class CoroutinePollsWithoutSleeping(CoroutineWorker):
    async def do_work(self) -> Result:
        await self.sleep(timedelta(seconds=1))
        while not self.is_stopped:
            pass
        return Result.success()


class CoroutineSleepsZero(CoroutineWorker):
    async def do_work(self) -> Result:
        while not self.is_stopped:
            await self.sleep(timedelta(0))
        return Result.success()


class CoroutineWaitsForAStop(CoroutineWorker):
    """The right way: sleep in the loop, so virtual time passes and a stop can come."""

    async def do_work(self) -> Result:
        while not self.is_stopped:
            await self.sleep(timedelta(seconds=1))
        return Result.success()


def test_a_sync_do_work_polling_is_stopped_is_ended_and_explained(manager: WorkManager) -> None:
    """The run fails at once (no hang), and the failure says why and what to write."""
    request = OneTimeWorkRequest(PollsForever)
    manager.enqueue(request)
    began = time.perf_counter()
    events = manager.advance(timedelta(seconds=1))
    assert time.perf_counter() - began < 10  # a few seconds of wall time at most
    assert events.kinds() == ["started", "failed"]
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.FAILED
    failure = manager.describe_work(request.id).failure  # type: ignore[union-attr]
    assert failure is not None
    polls = MAX_STOP_POLLS + 1
    assert f"read self.is_stopped {polls:,} times inside one virtual instant" in failure
    assert "virtual time stands still" in failure
    assert "make it a CoroutineWorker and await self.sleep(...)" in failure
    assert "is_stopped" in manager.explain(request.id)


def test_an_except_exception_in_the_loop_does_not_keep_it_going(manager: WorkManager) -> None:
    request = OneTimeWorkRequest(PollsAndSwallows)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    assert manager.get_work_info_by_id(request.id).state is State.FAILED  # type: ignore[union-attr]


def test_ending_a_polling_loop_is_deterministic() -> None:
    """Two managers given the same calls tell exactly the same story."""
    traces = []
    for _ in range(2):
        wm = WorkManager()
        wm.enqueue(OneTimeWorkRequest(PollsForever, id=_FIXED))
        wm.advance(timedelta(seconds=1))
        traces.append([(e.millis, e.kind, e.work_id, e.detail) for e in wm.trace])
    assert traces[0] == traces[1]


_FIXED = __import__("uuid").UUID(int=42)


def test_a_legitimate_loop_that_checks_is_stopped_runs_to_the_end(manager: WorkManager) -> None:
    request = OneTimeWorkRequest(ChecksAFewTimes)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.SUCCEEDED
    assert info.output_data.get_long("done") == 5_000


def test_a_polling_periodic_work_fails_its_period_and_runs_again_on_2_9() -> None:
    """A polling loop ended by wmkit counts as an exception: in androidx 2.9 that ends
    the period (RESOLUTIONS' 'crashed' row, versions.BEHAVIOURS)."""
    manager = WorkManager(androidx="2.9")
    request = PeriodicWorkRequest(PollsForever, timedelta(minutes=15))
    manager.enqueue(request)
    events = manager.advance(timedelta(minutes=15))
    assert events.kinds() == ["started", "failed", "started", "failed"]
    assert manager.get_work_info_by_id(request.id).period_count == 2  # type: ignore[union-attr]


def test_a_polling_periodic_work_fails_for_good_from_2_10(manager: WorkManager) -> None:
    """From 2.10 an exception fails periodic work for good (WorkerWrapper.kt @ 07c9725)."""
    request = PeriodicWorkRequest(PollsForever, timedelta(minutes=15))
    manager.enqueue(request)
    events = manager.advance(timedelta(minutes=15))
    assert events.kinds() == ["started", "failed"]
    assert manager.get_work_info_by_id(request.id).state is State.FAILED  # type: ignore[union-attr]


@pytest.mark.parametrize("worker", [CoroutinePollsWithoutSleeping, CoroutineSleepsZero])
def test_a_coroutine_that_never_lets_time_pass_is_ended(manager: WorkManager, worker) -> None:
    request = OneTimeWorkRequest(worker)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=5))
    description = manager.describe_work(request.id)
    assert description is not None and description.state is State.FAILED
    assert "virtual" in (description.failure or "") and "sleep" in (description.failure or "")


def test_a_coroutine_polling_between_sleeps_is_fine_until_the_time_limit(
    manager: WorkManager,
) -> None:
    """600 one-second sleeps, each at a new instant: no false alarm; JobScheduler's
    10-minute limit stops it as on Android (and, its backoff long past, it runs again)."""
    request = OneTimeWorkRequest(CoroutineWaitsForAStop)
    manager.enqueue(request)
    events = manager.advance(timedelta(minutes=10))
    assert events.kinds() == ["started", "stopped", "started"]
    assert events[1].millis == 10 * MINUTE
    assert events[1].data["stop_reason"] == StopReason.TIMEOUT


# --- interrupts --------------------------------------------------------------------------


class Stoppable(Worker):
    """Raises what ``RAISE`` says the first time; succeeds afterwards."""

    RAISE: ClassVar[list[BaseException]] = []

    def do_work(self) -> Result:
        if Stoppable.RAISE:
            raise Stoppable.RAISE.pop()
        return Result.success({"ok": True})


class Quick(Worker):
    def do_work(self) -> Result:
        return Result.success()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "interrupted.wmk.json"


@pytest.mark.parametrize("error", [KeyboardInterrupt(), SystemExit(3)], ids=["Ctrl-C", "exit"])
def test_an_interrupt_in_do_work_ends_the_run_and_reaches_the_notebook(
    store: Path, error: BaseException
) -> None:
    """The work goes back to ENQUEUED with StopReason.UNKNOWN (a process death's
    analogue), explain says so, the snapshot is saved, and the manager goes on."""
    Stoppable.RAISE[:] = [error]
    wm = WorkManager(store)
    request, other = OneTimeWorkRequest(Stoppable), OneTimeWorkRequest(Quick)
    wm.enqueue([request, other])
    with pytest.raises(type(error)):
        wm.advance(timedelta(seconds=1))
    info = wm.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.ENQUEUED
    assert (info.stop_reason, info.run_attempt_count) == (StopReason.UNKNOWN, 1)
    assert wm.trace[-1].kind == "stopped"
    assert f"interrupted by {type(error).__name__} in Stoppable.do_work" in wm.trace[-1].detail
    explained = wm.explain(request.id)
    assert f"Its last run was interrupted ({type(error).__name__} in Stoppable.do_work" in (
        explained
    )
    assert "StopReason.UNKNOWN" in explained and "backoff" in explained
    assert wm.clock.now_millis == 0  # time stopped where the interrupt came
    # The manager goes on: the other work and, after its backoff, the interrupted one.
    wm.advance(timedelta(minutes=1))
    assert wm.get_work_info_by_id(other.id).state is State.SUCCEEDED  # type: ignore[union-attr]
    assert wm.get_work_info_by_id(request.id).state is State.SUCCEEDED  # type: ignore[union-attr]
    wm.close()
    with WorkManager(store) as reopened:
        assert reopened.get_work_info_by_id(request.id).state is State.SUCCEEDED  # type: ignore[union-attr]


def test_the_interrupted_run_is_saved_before_the_interrupt_goes_on() -> None:
    """What the store holds right after the interrupt (no close) is the ended run."""
    Stoppable.RAISE[:] = [KeyboardInterrupt()]
    store = MemoryStore()
    wm = WorkManager(store=store)
    request = OneTimeWorkRequest(Stoppable)
    wm.enqueue(request)
    with pytest.raises(KeyboardInterrupt):
        wm.advance(timedelta(seconds=1))
    saved = store.load()
    assert saved is not None
    engine = Engine()
    lifecycle.load_rows(engine, saved.meta, saved.works)
    row = engine.table[request.id]
    assert (row.state, row.run_attempt_count, row.stop_reason) == (
        State.ENQUEUED,
        1,
        StopReason.UNKNOWN,
    )


def test_an_interrupted_store_reopens_intact(store: Path) -> None:
    """Closing straight after the interrupt and reopening gives the same WorkInfos."""
    Stoppable.RAISE[:] = [KeyboardInterrupt()]
    wm = WorkManager(store)
    request = OneTimeWorkRequest(Stoppable)
    wm.enqueue(request)
    with pytest.raises(KeyboardInterrupt):
        wm.advance(timedelta(seconds=1))
    before = wm.get_work_info_by_id(request.id)
    wm.close()
    with WorkManager(store) as reopened:
        assert reopened.get_work_info_by_id(request.id) == before


class CleansUpSlowly(Worker):
    duration = timedelta(minutes=1)
    INTERRUPT: ClassVar[bool] = True

    def do_work(self) -> Result:
        return Result.success()

    def on_stopped(self) -> None:
        if CleansUpSlowly.INTERRUPT:
            CleansUpSlowly.INTERRUPT = False
            raise KeyboardInterrupt


def test_an_interrupt_in_on_stopped_lets_the_cancel_finish_first(manager: WorkManager) -> None:
    """Cancelling two running works: Ctrl-C in the first one's on_stopped is raised
    after both are CANCELLED."""
    CleansUpSlowly.INTERRUPT = True
    first, second = OneTimeWorkRequest(CleansUpSlowly), OneTimeWorkRequest(CleansUpSlowly)
    manager.enqueue([first, second])
    manager.advance(timedelta(seconds=1))
    with pytest.raises(KeyboardInterrupt):
        manager.cancel_all_work()
    for request in (first, second):
        info = manager.get_work_info_by_id(request.id)
        assert info is not None and info.state is State.CANCELLED
        assert info.stop_reason == StopReason.CANCELLED_BY_APP
    assert manager.advance(timedelta(minutes=5)).kinds() == []


class InterruptedMerger(ArrayCreatingInputMerger):
    INTERRUPT: ClassVar[bool] = True

    def merge(self, inputs: list[Any]) -> Any:
        if InterruptedMerger.INTERRUPT:
            InterruptedMerger.INTERRUPT = False
            raise KeyboardInterrupt
        return super().merge(inputs)


class InterruptedInit(Worker):
    INTERRUPT: ClassVar[bool] = True

    def __init__(self) -> None:
        if InterruptedInit.INTERRUPT:
            InterruptedInit.INTERRUPT = False
            raise KeyboardInterrupt

    def do_work(self) -> Result:
        return Result.success()


@pytest.mark.parametrize(
    "make, where",
    [
        (
            lambda: OneTimeWorkRequest(Quick, input_merger=InterruptedMerger),
            "the input merger of Quick",
        ),
        (lambda: OneTimeWorkRequest(InterruptedInit), "creating InterruptedInit"),
    ],
    ids=["merger", "__init__"],
)
def test_an_interrupt_before_do_work_leaves_the_work_ready_to_start(
    manager: WorkManager, make, where: str
) -> None:
    InterruptedMerger.INTERRUPT = InterruptedInit.INTERRUPT = True
    request = make()
    manager.enqueue(request)
    with pytest.raises(KeyboardInterrupt):
        manager.advance(timedelta(seconds=1))
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.ENQUEUED and info.run_attempt_count == 0
    assert f"Its last start was interrupted (KeyboardInterrupt in {where}" in manager.explain(
        request.id
    )
    manager.advance(timedelta(seconds=1))
    assert manager.get_work_info_by_id(request.id).state is State.SUCCEEDED  # type: ignore[union-attr]


class InterruptedAfterASleep(CoroutineWorker):
    async def do_work(self) -> Result:
        await self.sleep(timedelta(minutes=1))
        raise KeyboardInterrupt


def test_an_interrupt_in_a_coroutine_step_ends_the_run(manager: WorkManager) -> None:
    request = OneTimeWorkRequest(InterruptedAfterASleep)
    manager.enqueue(request)
    with pytest.raises(KeyboardInterrupt):
        manager.advance(timedelta(minutes=5))
    assert manager.clock.now_millis == MINUTE
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.UNKNOWN
    assert "Its last run was interrupted" in manager.explain(request.id)


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt, as in a notebook's kernel, even when the tests
    were started with SIGINT ignored (a shell's background job, ``nohup``)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def test_ctrl_c_in_the_engine_waits_for_the_end_of_the_instant(
    manager: WorkManager, monkeypatch: pytest.MonkeyPatch, ctrl_c: None
) -> None:
    """A Ctrl-C landing in the engine's own bookkeeping (here: while a finished periodic
    run is queued for its next period) is raised once the instant is processed, with
    every work queued; the periodic work keeps running afterwards."""
    queue_at = Schedule.queue_at
    pressed: list[bool] = []

    def press_ctrl_c_once(schedule: Schedule, spec: Any, due: int, now: int) -> None:
        if not pressed:
            pressed.append(True)
            signal.raise_signal(signal.SIGINT)
        queue_at(schedule, spec, due, now)

    periodic = [PeriodicWorkRequest(Quick, timedelta(minutes=15)) for _ in range(3)]
    manager.enqueue(periodic)
    monkeypatch.setattr(Schedule, "queue_at", press_ctrl_c_once)
    with pytest.raises(KeyboardInterrupt):
        manager.advance(timedelta(hours=1))
    assert manager.clock.now_millis == 0
    assert [manager.get_work_info_by_id(r.id).period_count for r in periodic] == [1, 1, 1]  # type: ignore[union-attr]
    manager.advance(timedelta(hours=1))
    assert [manager.get_work_info_by_id(r.id).period_count for r in periodic] == [5, 5, 5]  # type: ignore[union-attr]


def test_ctrl_c_in_student_code_is_raised_there_at_once(
    manager: WorkManager, ctrl_c: None
) -> None:
    """SIGINT while do_work runs interrupts do_work itself (a runaway loop stops)."""

    class PressesCtrlC(Worker):
        def do_work(self) -> Result:
            signal.raise_signal(signal.SIGINT)
            raise AssertionError("not reached: the interrupt comes first")

    request = OneTimeWorkRequest(PressesCtrlC)
    manager.enqueue([request, OneTimeWorkRequest(Quick)])
    with pytest.raises(KeyboardInterrupt):
        manager.advance(timedelta(seconds=1))
    assert manager.get_work_info_by_id(request.id).stop_reason == StopReason.UNKNOWN  # type: ignore[union-attr]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# --- worker code that calls the manager ---------------------------------------------------

CURRENT: list[WorkManager] = []


class DrivesTheClock(Worker):
    def do_work(self) -> Result:
        CURRENT[0].advance(timedelta(minutes=1))
        return Result.success()


class CancelsItself(Worker):
    def do_work(self) -> Result:
        CURRENT[0].cancel_work_by_id(self.id)
        return Result.success()


class ReportsProgress(Worker):
    def do_work(self) -> Result:
        self.set_progress({"half": True})
        info = CURRENT[0].get_work_info_by_id(self.id)
        assert info is not None and info.state is State.RUNNING
        return Result.success()


class EnqueuesAFollowUp(Worker):
    def do_work(self) -> Result:
        CURRENT[0].enqueue(OneTimeWorkRequest(Quick, tags=["follow-up"]))
        return Result.success()


def test_a_worker_may_not_drive_the_clock(manager: WorkManager) -> None:
    """advance() from do_work is refused; the run fails with the reason, nothing recurses."""
    CURRENT[:] = [manager]
    request = OneTimeWorkRequest(DrivesTheClock)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    description = manager.describe_work(request.id)
    assert description is not None and description.state is State.FAILED
    assert "advance_to() was called from inside a worker" in (description.failure or "")
    assert manager.clock.now_millis == SECOND


def test_a_worker_that_cancels_its_own_work_is_stopped(manager: WorkManager) -> None:
    """As on Android: the run is stopped (CANCELLED_BY_APP) and its result ignored."""
    CURRENT[:] = [manager]
    request = OneTimeWorkRequest(CancelsItself)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    assert manager.trace.kinds() == ["enqueued", "started", "cancelled"]
    info = manager.get_work_info_by_id(request.id)
    assert info is not None and info.state is State.CANCELLED
    assert info.stop_reason == StopReason.CANCELLED_BY_APP


def test_a_worker_sees_itself_running_and_its_progress_is_recorded(manager: WorkManager) -> None:
    CURRENT[:] = [manager]
    request = OneTimeWorkRequest(ReportsProgress)
    manager.enqueue(request)
    events = manager.advance(timedelta(seconds=1))
    assert events.kinds() == ["started", "progress", "succeeded"]


def test_a_worker_may_enqueue_more_work(manager: WorkManager) -> None:
    CURRENT[:] = [manager]
    manager.enqueue(OneTimeWorkRequest(EnqueuesAFollowUp))
    manager.advance(timedelta(seconds=1))
    (follow_up,) = manager.get_work_infos_by_tag("follow-up")
    assert follow_up.state is State.SUCCEEDED
