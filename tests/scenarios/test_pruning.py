"""pruneWork(): finished work with no unfinished dependents is deleted (digest §12, §17)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, WorkQuery

from .workers import Fail, Slow30s, State, Succeed, info_of, state_of


def _later():
    return OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()


def test_prune_deletes_finished_work(manager):
    """After prune_work, SUCCEEDED and FAILED works are gone: their WorkInfo is None (§17)."""
    done, failed = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Fail)
    manager.enqueue([done, failed])
    manager.advance(timedelta(0))
    manager.prune_work()
    assert manager.get_work_info_by_id(done.id) is None
    assert manager.get_work_info_by_id(failed.id) is None
    assert manager.get_work_infos(WorkQuery.from_ids([])) == []


def test_prune_keeps_unfinished_work(manager):
    """prune_work leaves ENQUEUED and RUNNING work alone (§17)."""
    waiting, running = _later(), OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue([waiting, running])
    manager.advance(timedelta(seconds=10))
    manager.prune_work()
    assert state_of(manager, waiting) is State.ENQUEUED
    assert state_of(manager, running) is State.RUNNING


def test_prune_ignores_keep_results_for_at_least(manager):
    """prune_work deletes finished work even with keep_results_for_at_least of 999 days (§17)."""
    request = (
        OneTimeWorkRequest.Builder(Succeed).keep_results_for_at_least(timedelta(days=999)).build()
    )
    manager.enqueue(request)
    manager.advance(timedelta(0))
    manager.prune_work()
    assert manager.get_work_info_by_id(request.id) is None


def test_prune_keeps_finished_work_with_unfinished_dependents(manager):
    """In 0 → 1 → 2 with 0, 1 SUCCEEDED and 2 pending, prune deletes 0 and keeps 1 (§17)."""
    zero, one, two = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Succeed), _later()
    manager.begin_with(zero).then(one).then(two).enqueue()
    manager.advance(timedelta(0))
    manager.prune_work()
    assert manager.get_work_info_by_id(zero.id) is None
    assert state_of(manager, one) is State.SUCCEEDED
    assert info_of(manager, two).state is State.ENQUEUED


def test_finished_work_stays_queryable_until_pruned(manager):
    """Finished rows are still returned by queries until they are pruned (§12)."""
    request = OneTimeWorkRequest.Builder(Succeed).add_tag("sync").build()
    manager.enqueue(request)
    manager.advance(timedelta(days=30))
    assert [info.state for info in manager.get_work_infos_by_tag("sync")] == [State.SUCCEEDED]
    manager.prune_work()
    assert manager.get_work_infos_by_tag("sync") == []
