"""Pruning, beyond test_pruning.py and test_persistence.py: chains, the enqueue-time clock (§17).

Opening a store (or restart_app, which simulates it) deletes finished work whose
``lastEnqueueTime + keep_results_for_at_least`` is more than one day before now and that
no unfinished work depends on. The clock is the last *enqueue* time (enqueue, unblock,
retry), not the finish time, and it is −1 for work that never left BLOCKED.
``prune_work()`` ignores the keep-results duration.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest

from wmkit import ExistingWorkPolicy, OneTimeWorkRequest, WorkManager, WorkManagerError, WorkQuery

from .workers import (
    DAY,
    HOUR,
    MINUTE,
    SECOND,
    Echo,
    Fail,
    RetryFirstAttempt,
    Slow30s,
    State,
    Succeed,
    class_tag,
    state_of,
)


def _later(cls=Succeed, delay=timedelta(hours=1), tag=None):
    builder = OneTimeWorkRequest.Builder(cls).set_initial_delay(delay)
    if tag is not None:
        builder.add_tag(tag)
    return builder.build()


def _gone(manager, request):
    return manager.get_work_info_by_id(request.id) is None


@pytest.fixture
def store(tmp_path):
    """A path for a store file that does not exist yet."""
    return tmp_path / "pruning.wmk.json"


@pytest.fixture
def opened():
    """Opens managers on a path and closes whatever is still open at teardown."""
    managers = []

    def open_(path):
        manager = WorkManager(path)
        managers.append(manager)
        return manager

    yield open_
    for manager in managers:
        with contextlib.suppress(Exception):
            manager.close()


@pytest.fixture(params=["reopen", "restart_app"])
def reopen(request, store, opened):
    """``(first, again)``: a manager, and a function that closes and reopens its store (or
    restarts the app in place) and returns the manager to inspect."""
    first = opened(store)

    def again(manager):
        if request.param == "restart_app":
            manager.restart_app()
            return manager
        manager.close()
        return opened(store)

    return first, again


# ------------------------------------------------------------------------------ chains
def test_opening_prunes_the_root_of_an_old_chain_but_keeps_a_link_to_pending_work(reopen):
    """Chain 0 → 1 → 2 with 0 and 1 SUCCEEDED at 0 and 2 due in 3 days: opening at 2 days
    deletes 0, keeps 1 (its dependent 2 is unfinished) and 2 (§17)."""
    manager, again = reopen
    zero, one = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Succeed)
    two = _later(delay=timedelta(days=3))
    manager.begin_with(zero).then(one).then(two).enqueue()
    manager.advance_to(2 * DAY)
    manager = again(manager)
    assert _gone(manager, zero)
    assert state_of(manager, one) is State.SUCCEEDED
    assert state_of(manager, two) is State.ENQUEUED
    manager.advance_to(3 * DAY)
    assert state_of(manager, two) is State.SUCCEEDED


def test_opening_prunes_a_whole_finished_chain(reopen):
    """A chain that failed at 0 (a FAILED, b and c FAILED by the cascade) is all pruned at
    2 days: no row of it has an unfinished dependent (§9, §17)."""
    manager, again = reopen
    a, b, c = (OneTimeWorkRequest.from_(cls) for cls in (Fail, Succeed, Succeed))
    manager.begin_with(a).then(b).then(c).enqueue()
    manager.advance_to(2 * DAY)
    manager = again(manager)
    assert [_gone(manager, r) for r in (a, b, c)] == [True, True, True]


# ----------------------------------------------------------------- the enqueue clock
@pytest.mark.parametrize(("now", "pruned"), [(DAY, False), (DAY + 1, True)], ids=["1d", "1d+1ms"])
def test_open_prune_counts_from_the_enqueue_time_not_the_finish(reopen, now, pruned):
    """Enqueued at 0 with a 12 h delay, SUCCEEDED at 12 h: pruned at 1 day + 1 ms, only 12 h
    after it finished, because the clock is lastEnqueueTime = 0 (§17)."""
    manager, again = reopen
    request = _later(delay=timedelta(hours=12))
    manager.enqueue(request)
    manager.advance_to(now)
    assert state_of(manager, request) is State.SUCCEEDED
    assert _gone(again(manager), request) is pruned


@pytest.mark.parametrize(
    ("now", "pruned"), [(DAY + HOUR, False), (DAY + HOUR + 1, True)], ids=["1d+1h", "1d+1h+1ms"]
)
def test_open_prune_counts_from_the_last_retry(reopen, now, pruned):
    """Run at 1 h, retried then (lastEnqueueTime = 1 h), SUCCEEDED at 1 h 30 s: kept at 1 day
    + 1 h, pruned 1 ms later (§2, §17)."""
    manager, again = reopen
    request = _later(RetryFirstAttempt)
    manager.enqueue(request)
    manager.advance_to(now)
    assert state_of(manager, request) is State.SUCCEEDED
    assert _gone(again(manager), request) is pruned


@pytest.mark.parametrize(
    ("now", "root_pruned", "child_pruned"),
    [(DAY + 1, True, False), (DAY + 2 * HOUR, True, False), (DAY + 2 * HOUR + 1, True, True)],
    ids=["1d+1ms", "1d+2h", "1d+2h+1ms"],
)
def test_open_prune_counts_a_dependent_from_its_unblocking(reopen, now, root_pruned, child_pruned):
    """a (enqueued at 0, runs at 2 h) → b (unblocked at 2 h): a is pruned from 1 day + 1 ms, b
    only from 1 day + 2 h + 1 ms (§5, §17)."""
    manager, again = reopen
    a, b = _later(delay=timedelta(hours=2)), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(a).then(b).enqueue()
    manager.advance_to(now)
    manager = again(manager)
    assert (_gone(manager, a), _gone(manager, b)) == (root_pruned, child_pruned)


@pytest.mark.parametrize("how", ["cancelled", "failed"])
def test_open_prunes_a_never_enqueued_dependent_at_once(reopen, how):
    """A dependent that went from BLOCKED straight to CANCELLED or FAILED keeps lastEnqueueTime
    −1, so an open after the first day prunes it a minute later; its root stays (§2, §17)."""
    manager, again = reopen
    manager.advance_to(2 * DAY)
    root = _later(Fail if how == "failed" else Succeed)
    child = OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(root).then(child).enqueue()
    if how == "cancelled":
        manager.cancel_work_by_id(root.id)
    manager.advance_to(2 * DAY + HOUR)
    expected = State.CANCELLED if how == "cancelled" else State.FAILED
    assert state_of(manager, root) is state_of(manager, child) is expected
    manager.advance(timedelta(minutes=1))
    manager = again(manager)
    assert _gone(manager, child)
    assert state_of(manager, root) is expected


# ------------------------------------------------------------------ keep results for
def test_keep_results_is_honoured_on_open_and_ignored_by_prune_work(reopen):
    """keep 7 days: kept by an open at 8 days exactly, pruned 1 ms later; prune_work at 2 days
    deletes a twin with the same keep at once (§17)."""
    manager, again = reopen
    seven_days = timedelta(days=7)
    kept = OneTimeWorkRequest.Builder(Succeed).keep_results_for_at_least(seven_days).build()
    manager.enqueue(kept)
    manager.advance_to(8 * DAY)
    manager = again(manager)
    assert state_of(manager, kept) is State.SUCCEEDED
    manager.advance(timedelta(milliseconds=1))
    manager = again(manager)
    assert _gone(manager, kept)

    twin = OneTimeWorkRequest.Builder(Succeed).keep_results_for_at_least(seven_days).build()
    manager.enqueue(twin)
    manager.advance(timedelta(days=2))
    manager = again(manager)
    assert state_of(manager, twin) is State.SUCCEEDED
    manager.prune_work()
    assert _gone(manager, twin)


# --------------------------------------------------------------------- prune_work()
def _with_dependent(manager, state):
    """A SUCCEEDED prerequisite whose dependent is ``state`` at 10 000."""
    done = OneTimeWorkRequest.from_(Succeed)
    if state is State.RUNNING:
        dependent = OneTimeWorkRequest.from_(Slow30s)
        manager.begin_with(done).then(dependent).enqueue()
    else:  # BLOCKED: it also waits for a work due in 1 h
        dependent = OneTimeWorkRequest.from_(Succeed)
        manager.begin_with([done, _later()]).then(dependent).enqueue()
    manager.advance_to(10 * SECOND)
    assert state_of(manager, dependent) is state
    return done, dependent


@pytest.mark.parametrize("state", [State.RUNNING, State.BLOCKED], ids=lambda s: s.name)
def test_prune_work_keeps_a_prerequisite_of_running_or_blocked_work(manager, state):
    """prune_work keeps a SUCCEEDED work whose dependent is RUNNING or BLOCKED (§17)."""
    done, dependent = _with_dependent(manager, state)
    manager.prune_work()
    assert state_of(manager, done) is State.SUCCEEDED
    assert state_of(manager, dependent) is state


def test_prune_work_deletes_a_finished_chain_whole(manager):
    """a SUCCEEDED → b CANCELLED: every dependent is finished, so prune_work deletes both (§17)."""
    a, b = OneTimeWorkRequest.from_(Succeed), _later()
    manager.begin_with(a).then(b).enqueue()
    manager.advance(timedelta(0))
    manager.cancel_work_by_id(b.id)
    manager.prune_work()
    assert _gone(manager, a)
    assert _gone(manager, b)


def test_a_pruned_leaf_no_longer_feeds_appended_work(manager):
    """After prune_work the name is empty: APPEND starts a fresh chain whose input has none of
    the pruned leaf's output (§8, §10, §17)."""
    leaf = OneTimeWorkRequest.Builder(Echo).set_input_data({"from_leaf": True}).build()
    manager.enqueue_unique_work("sync", ExistingWorkPolicy.KEEP, leaf)
    manager.advance(timedelta(minutes=1))
    manager.prune_work()
    assert manager.get_work_infos_for_unique_work("sync") == []
    appended = OneTimeWorkRequest.Builder(Echo).set_input_data({"own": 1}).build()
    manager.enqueue_unique_work("sync", ExistingWorkPolicy.APPEND, appended)
    manager.advance(timedelta(0))
    output = manager.get_work_info_by_id(appended.id).output_data
    assert "from_leaf" not in output
    assert output.get_long("own") == 1


# ----------------------------------------------------------------- every query, after
@pytest.mark.parametrize("how", ["prune_work", "open"])
def test_pruned_works_vanish_from_every_query(reopen, how):
    """Pruned works are in no query: by id, tag, class tag, unique name, WorkQuery, and each
    LiveData's observer is told so (§12, §17)."""
    manager, again = reopen
    gone = OneTimeWorkRequest.Builder(Succeed).add_tag("photos").build()
    pending = _later(tag="photos", delay=timedelta(days=3))
    manager.enqueue_unique_work("sync", ExistingWorkPolicy.KEEP, gone)
    manager.enqueue(pending)
    manager.advance_to(2 * DAY)
    if how == "prune_work":
        seen = {}
        lives = {
            "id": manager.get_work_info_by_id_live_data(gone.id),
            "tag": manager.get_work_infos_by_tag_live_data("photos"),
            "name": manager.get_work_infos_for_unique_work_live_data("sync"),
            "query": manager.get_work_infos_live_data(WorkQuery.from_states([State.SUCCEEDED])),
        }
        for key, live in lives.items():
            seen[key] = []
            live.observe(seen[key].append)
        manager.prune_work()
        assert seen["id"][-1] is None
        assert [i.id for i in seen["tag"][-1]] == [pending.id]
        assert seen["name"][-1] == seen["query"][-1] == []
        assert all(len(values) == 2 for values in seen.values())
    else:
        manager = again(manager)
    assert manager.get_work_info_by_id(gone.id) is None
    assert [i.id for i in manager.get_work_infos_by_tag("photos")] == [pending.id]
    assert manager.get_work_infos_by_tag(class_tag(Succeed)) == [
        manager.get_work_info_by_id(pending.id)
    ]
    assert manager.get_work_infos_for_unique_work("sync") == []
    assert manager.get_work_infos(WorkQuery.from_ids([gone.id])) == []
    assert manager.get_work_infos(WorkQuery.from_states([State.SUCCEEDED])) == []
    assert [i.id for i in manager.get_work_infos(WorkQuery.from_ids([]))] == [pending.id]


# ---------------------------------------------------------------------------- refusals
def test_prune_work_on_a_closed_manager_is_refused(store, opened):
    """A closed manager refuses prune_work with an IllegalStateException-like error (API)."""
    manager = opened(store)
    manager.close()
    with pytest.raises(RuntimeError, match="closed") as raised:
        manager.prune_work()
    assert isinstance(raised.value, WorkManagerError)


def test_prune_work_takes_no_arguments(manager):
    """prune_work() has no parameters, like Android's pruneWork() (API)."""
    with pytest.raises(TypeError):
        manager.prune_work(timedelta(days=1))


def test_restart_app_with_nothing_old_prunes_nothing(manager):
    """A restart within the first day prunes nothing, even work finished at 0 (§17)."""
    done = OneTimeWorkRequest.from_(Succeed)
    manager.enqueue(done)
    manager.advance_to(DAY - MINUTE)
    manager.restart_app()
    assert state_of(manager, done) is State.SUCCEEDED
