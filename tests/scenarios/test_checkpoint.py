"""Rewind: checkpoint() and restore_checkpoint() put the whole app back as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    CoroutineWorker,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    WorkManager,
)

from .workers import MINUTE, AlwaysRetry, State, Succeed, info_of, starts


class Counting(CoroutineWorker):
    """Reports progress every minute for three minutes, then succeeds."""

    async def do_work(self) -> Result:
        for percent in (33, 66, 100):
            await self.sleep(timedelta(minutes=1))
            await self.set_progress({"percent": percent})
        return Result.success({"random": self.random.randint(0, 10**9)})


def fingerprint(manager: WorkManager) -> list[tuple[int, str, str]]:
    return [(e.millis, e.kind, e.detail) for e in manager.trace if e.kind != "rewind"]


def test_rewind_restores_clock_states_and_trace(manager: WorkManager) -> None:
    """After a rewind, time, every WorkInfo and the trace are those of the checkpoint."""
    retrying = OneTimeWorkRequest(AlwaysRetry)
    manager.enqueue(retrying)
    manager.advance(timedelta(minutes=2))
    cp = manager.checkpoint("two minutes in")
    before = {r.id: info_of(manager, r) for r in (retrying,)}
    trace_before = fingerprint(manager)
    manager.advance(timedelta(hours=1))
    manager.enqueue(OneTimeWorkRequest(Succeed))
    manager.restore_checkpoint(cp)
    assert manager.clock.now_millis == 2 * MINUTE
    assert {r.id: info_of(manager, r) for r in (retrying,)} == before
    assert fingerprint(manager) == trace_before
    assert len(manager.get_work_infos_by_tag("wmkit")) == 0  # no stray tag index entries
    assert manager.trace[-1].kind == "rewind"


def test_replaying_after_a_rewind_repeats_history_exactly(manager: WorkManager) -> None:
    """The engine is deterministic, so driving again from a checkpoint gives the same
    trace, a coroutine and the seeded random generator included."""
    work = OneTimeWorkRequest(Counting)
    manager.enqueue([work, PeriodicWorkRequest(Succeed, timedelta(minutes=15))])
    manager.advance(timedelta(seconds=90))  # the coroutine is mid-run
    cp = manager.checkpoint()
    manager.advance(timedelta(hours=1))
    first = fingerprint(manager)
    output = info_of(manager, work).output_data
    manager.restore_checkpoint(cp)
    assert info_of(manager, work).state is State.RUNNING
    assert info_of(manager, work).progress.get("percent") == 33
    manager.advance(timedelta(hours=1))
    assert fingerprint(manager) == first
    assert info_of(manager, work).output_data == output
    assert starts(manager, work.id) == [0]


def test_rewind_of_a_file_store_survives_reopening(tmp_path) -> None:
    """The rewound state is what the store holds: deleted-since works are gone from it."""
    path = tmp_path / "rewind.wmk.json"
    manager = WorkManager(path)
    kept = OneTimeWorkRequest(Succeed, initial_delay=timedelta(hours=1))
    manager.enqueue(kept)
    cp = manager.checkpoint()
    later = OneTimeWorkRequest(Succeed)
    manager.enqueue(later)
    manager.advance(timedelta(minutes=5))
    manager.restore_checkpoint(cp)
    manager.close()
    reopened = WorkManager(path)
    try:
        assert reopened.get_work_info_by_id(later.id) is None
        assert reopened.get_work_info_by_id(kept.id).state is State.ENQUEUED
        assert reopened.clock.now_millis == 0
    finally:
        reopened.close()


def test_a_checkpoint_of_another_manager_is_refused(manager: WorkManager) -> None:
    """restore_checkpoint takes only this manager's own checkpoints."""
    other = WorkManager()
    with pytest.raises(ValueError, match="same manager"):
        manager.restore_checkpoint(other.checkpoint())
    with pytest.raises(ValueError, match="Checkpoint"):
        manager.restore_checkpoint("yesterday")
