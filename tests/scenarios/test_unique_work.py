"""Unique one-time work: ExistingWorkPolicy REPLACE, KEEP, APPEND, APPEND_OR_REPLACE (§9, §10).

Every scenario starts the existing work at 0 and applies the policy at 10 000 ms, so each
state, event and instant below is exact. "Existing" is every row stored under the name,
finished rows included; a deleted row is gone (its WorkInfo is None).

The digest's "only BLOCKED" column cannot be reached through wmkit's API: a named row is
BLOCKED only behind an unfinished row of the same name, whose chain root is then ENQUEUED
or RUNNING. (Android reaches it only by enqueueing an already stored BLOCKED request under
the name, which adds the name to that row; wmkit ignores such a request, API Errors.) The
table therefore uses a name holding an ENQUEUED root and a BLOCKED leaf.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    Data,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    StopReason,
    WorkContinuation,
    WorkManager,
    WorkManagerError,
    WorkQuery,
)

from .workers import (
    HOUR,
    LONG_MAX,
    NOT_STOPPED,
    SECOND,
    Echo,
    Fail,
    Slow10s,
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

REPLACE = ExistingWorkPolicy.REPLACE
KEEP = ExistingWorkPolicy.KEEP
APPEND = ExistingWorkPolicy.APPEND
APPEND_OR_REPLACE = ExistingWorkPolicy.APPEND_OR_REPLACE
NAME = "sync"
AT = 10 * SECOND  # when every scenario applies its policy


def _later(cls=Succeed, delay=timedelta(hours=1)):
    """A request that waits ``delay`` (default 1 h) before it may run."""
    return OneTimeWorkRequest.Builder(cls).set_initial_delay(delay).build()


def _now(cls=Succeed):
    return OneTimeWorkRequest.from_(cls)


def _echo(data, cls=Echo):
    return OneTimeWorkRequest.Builder(cls).set_input_data(data).build()


def _prerequisites(manager, request) -> set[str]:
    """The ids the stored work waits for, as strings."""
    return {str(p) for p in manager.describe_work(request.id).prerequisites}


def _ids(infos) -> set[str]:
    return {str(info.id) for info in infos}


def _kinds_and_millis(manager, request):
    return [(event.kind, event.millis) for event in events_of(manager, request.id)]


# --------------------------------------------------------------------------- the table
def _existing(manager, kind):
    """Put work under NAME at 0 so that at AT it is in state ``kind``; return its requests.

    ``ENQUEUED+BLOCKED`` is a chain a → b whose root waits 1 h: the name then holds an
    ENQUEUED root and a BLOCKED leaf.
    """
    if kind == "none":
        requests = []
    elif kind == "ENQUEUED+BLOCKED":
        requests = [_later(), _now()]
        manager.begin_unique_work(NAME, KEEP, requests[0]).then(requests[1]).enqueue()
    else:
        request = {
            "ENQUEUED": _later,
            "RUNNING": lambda: _now(Slow30s),
            "SUCCEEDED": _now,
            "FAILED": lambda: _now(Fail),
            "CANCELLED": _later,
        }[kind]()
        requests = [request]
        manager.enqueue_unique_work(NAME, KEEP, request)
    if kind == "CANCELLED":
        manager.advance(timedelta(seconds=5))
        manager.cancel_unique_work(NAME)
    manager.advance_to(AT)
    expected = kind.split("+")[-1] if kind != "none" else None
    if requests:
        assert state_of(manager, requests[-1]).name == expected
    return requests


# What the policy does to the existing rows and the new one.
INSERT = "insert"  # nothing existed: the new work is ENQUEUED now
KEPT = "kept"  # the old rows stay, the new request is never stored
CANCEL_DELETE = "cancel+delete"  # unfinished rows cancelled (running ones stopped), all deleted
DELETE = "delete"  # every row deleted without a cancel
BLOCKED_AFTER = "BLOCKED behind the leaves"
ENQUEUED_AFTER = "ENQUEUED behind the SUCCEEDED leaves"
FAILED_AFTER = "FAILED at once"
CANCELLED_AFTER = "CANCELLED at once"

EXISTING = ["none", "ENQUEUED", "RUNNING", "ENQUEUED+BLOCKED", "SUCCEEDED", "FAILED", "CANCELLED"]
TABLE = {
    REPLACE: [INSERT, CANCEL_DELETE, CANCEL_DELETE, CANCEL_DELETE, DELETE, DELETE, DELETE],
    KEEP: [INSERT, KEPT, KEPT, KEPT, DELETE, DELETE, DELETE],
    APPEND: [
        INSERT,
        BLOCKED_AFTER,
        BLOCKED_AFTER,
        BLOCKED_AFTER,
        ENQUEUED_AFTER,
        FAILED_AFTER,
        CANCELLED_AFTER,
    ],
    APPEND_OR_REPLACE: [
        INSERT,
        BLOCKED_AFTER,
        BLOCKED_AFTER,
        BLOCKED_AFTER,
        ENQUEUED_AFTER,
        DELETE,
        DELETE,
    ],
}
CELLS = [
    pytest.param(policy, kind, outcome, id=f"{policy.name}-{kind}-{outcome.split()[0]}")
    for policy, outcomes in TABLE.items()
    for kind, outcome in zip(EXISTING, outcomes, strict=True)
]
APPENDED_STATE = {
    BLOCKED_AFTER: State.BLOCKED,
    ENQUEUED_AFTER: State.ENQUEUED,
    FAILED_AFTER: State.FAILED,
    CANCELLED_AFTER: State.CANCELLED,
}


@pytest.mark.parametrize(("policy", "kind", "outcome"), CELLS)
def test_existing_work_policy_table(manager, policy, kind, outcome):
    """Each ExistingWorkPolicy cell: insert, keep, cancel+delete, delete, append (§10)."""
    old = _existing(manager, kind)
    before = {str(r.id): info_of(manager, r) for r in old}
    cancelled_before = {str(r.id): events_of(manager, r.id, "cancelled") for r in old}
    new = _now()
    manager.enqueue_unique_work(NAME, policy, new)
    names = _ids(manager.get_work_infos_for_unique_work(NAME))

    if outcome == KEPT:
        assert manager.get_work_info_by_id(new.id) is None
        assert {str(r.id): info_of(manager, r) for r in old} == before
        assert names == set(before)
        return

    info = info_of(manager, new)
    if outcome in (INSERT, CANCEL_DELETE, DELETE):
        assert info.state is State.ENQUEUED
        assert info.next_schedule_time_millis == AT
        assert _prerequisites(manager, new) == set()
        assert names == {str(new.id)}
        for request in old:
            assert manager.get_work_info_by_id(request.id) is None
            assert [e.millis for e in events_of(manager, request.id, "deleted")] == [AT]
            newly_cancelled = events_of(manager, request.id, "cancelled")[
                len(cancelled_before[str(request.id)]) :
            ]
            expected = [AT] if outcome == CANCEL_DELETE else []
            assert [e.millis for e in newly_cancelled] == expected
        return

    # APPEND and APPEND_OR_REPLACE over a healthy chain: the old rows stay as they were.
    assert info.state is APPENDED_STATE[outcome]
    expected_next = AT if info.state is State.ENQUEUED else LONG_MAX
    assert info.next_schedule_time_millis == expected_next
    assert _prerequisites(manager, new) == {str(old[-1].id)}  # the leaf only
    assert names == set(before) | {str(new.id)}
    for request in old:
        assert info_of(manager, request).state is before[str(request.id)].state


CHAIN_CELLS = {
    # (policy, existing): (state of a, state of b) right after begin_unique_work(...).then(b)
    (REPLACE, "RUNNING"): (State.ENQUEUED, State.BLOCKED),
    (KEEP, "RUNNING"): (None, None),
    (APPEND, "RUNNING"): (State.BLOCKED, State.BLOCKED),
    (APPEND_OR_REPLACE, "RUNNING"): (State.BLOCKED, State.BLOCKED),
    (REPLACE, "FAILED"): (State.ENQUEUED, State.BLOCKED),
    (KEEP, "FAILED"): (State.ENQUEUED, State.BLOCKED),
    (APPEND, "FAILED"): (State.FAILED, State.FAILED),
    (APPEND_OR_REPLACE, "FAILED"): (State.ENQUEUED, State.BLOCKED),
}


@pytest.mark.parametrize(
    ("policy", "kind"), list(CHAIN_CELLS), ids=[f"{p.name}-{k}" for p, k in CHAIN_CELLS]
)
def test_begin_unique_work_then_applies_the_policy_to_its_first_level(manager, policy, kind):
    """begin_unique_work(name, policy, a).then(b): the policy decides a's fate; b, which
    carries the name, follows a (§10)."""
    (old,) = _existing(manager, kind)
    a, b = _now(), _now()
    manager.begin_unique_work(NAME, policy, a).then(b).enqueue()
    infos = [manager.get_work_info_by_id(r.id) for r in (a, b)]
    assert tuple(None if i is None else i.state for i in infos) == CHAIN_CELLS[(policy, kind)]
    if infos[0] is None:
        return
    assert _prerequisites(manager, b) == {str(a.id)}
    replaced = manager.get_work_info_by_id(old.id) is None
    assert replaced is (infos[0].state is State.ENQUEUED)
    expected_names = {str(a.id), str(b.id)} | (set() if replaced else {str(old.id)})
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == expected_names
    manager.advance(timedelta(minutes=1))
    if infos[0].state is not State.FAILED:
        first = AT if replaced else 30 * SECOND
        assert starts(manager, a.id) == starts(manager, b.id) == [first]


# ------------------------------------------------------------------------------- KEEP
def test_keep_over_running_work_is_a_no_op(manager):
    """KEEP while a work of the name RUNS stores nothing; the old run finishes untouched (§10)."""
    running = _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, running)
    manager.advance_to(AT)
    ignored = _now()
    manager.enqueue_unique_work(NAME, KEEP, ignored)
    assert manager.get_work_info_by_id(ignored.id) is None
    assert events_of(manager, ignored.id) == []
    manager.advance(timedelta(minutes=1))
    assert state_of(manager, running) is State.SUCCEEDED
    assert starts(manager, running.id) == [0]
    assert runs_of(ignored.id) == []
    assert not runs_of(running.id)[0].worker.is_stopped
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(running.id)}


def test_keep_no_op_also_drops_the_then_levels(manager):
    """A kept chain's `then` levels are never stored: their prerequisite is missing (§8, §10)."""
    waiting = _later()
    manager.enqueue_unique_work(NAME, KEEP, waiting)
    first, second = _now(), _now()
    continuation = manager.begin_unique_work(NAME, KEEP, first).then(second)
    continuation.enqueue()
    assert manager.get_work_info_by_id(first.id) is None
    assert manager.get_work_info_by_id(second.id) is None
    assert continuation.get_work_infos() == []
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(waiting.id)}


def test_keep_over_succeeded_work_deletes_it_and_runs_the_new_one(manager):
    """KEEP protects only ENQUEUED/RUNNING work: SUCCEEDED work is deleted, the new runs (§10)."""
    done = _echo({"round": 1})
    manager.enqueue_unique_work(NAME, KEEP, done)
    manager.advance_to(AT)
    again = _echo({"round": 2})
    manager.enqueue_unique_work(NAME, KEEP, again)
    assert manager.get_work_info_by_id(done.id) is None
    manager.advance(timedelta(0))
    assert info_of(manager, again).output_data == Data({"round": 2})
    assert starts(manager, again.id) == [AT]


# ---------------------------------------------------------------------------- REPLACE
def test_replace_stops_a_running_worker_and_deletes_it(manager):
    """REPLACE stops a RUNNING work (on_stopped once, CANCELLED_BY_APP), then deletes it (§10)."""
    old = _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, old)
    manager.advance_to(AT)
    live = manager.get_work_info_by_id_live_data(old.id)
    seen = []
    live.observe(seen.append)
    new = _now(Slow10s)
    manager.enqueue_unique_work(NAME, REPLACE, new)
    (run,) = runs_of(old.id)
    assert run.worker.is_stopped
    assert run.worker.stop_reason == StopReason.CANCELLED_BY_APP == 1
    assert stop_calls(run.worker) == 1
    assert manager.get_work_info_by_id(old.id) is None
    assert [None if info is None else info.state for info in seen] == [State.RUNNING, None]
    manager.advance(timedelta(minutes=1))
    assert stop_calls(run.worker) == 1
    assert events_of(manager, old.id, "succeeded") == []
    assert manager.get_work_info_by_id(old.id) is None
    assert starts(manager, new.id) == [AT]
    assert state_of(manager, new) is State.SUCCEEDED


def test_replace_trace_cancelled_then_deleted_at_the_call(manager):
    """REPLACE records `cancelled`, `deleted` for the old work at 10 000, then the new (§10)."""
    old = _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, old)
    manager.advance_to(AT)
    new = _now()
    manager.enqueue_unique_work(NAME, REPLACE, new)
    manager.advance(timedelta(minutes=1))
    assert _kinds_and_millis(manager, old) == [
        ("enqueued", 0),
        ("started", 0),
        ("cancelled", AT),
        ("deleted", AT),
    ]
    assert _kinds_and_millis(manager, new) == [
        ("enqueued", AT),
        ("started", AT),
        ("succeeded", AT),
    ]
    old_events = [e for e in manager.trace if e.work_id in (old.id, new.id) and e.millis == AT]
    assert [e.kind for e in old_events][:3] == ["cancelled", "deleted", "enqueued"]


def _combined(manager, named):
    """``named`` under NAME and an unnamed 1 h work, joined by combine, then a child."""
    other = _later()
    joined = WorkContinuation.combine(
        [manager.begin_unique_work(NAME, KEEP, named), manager.begin_with(other)]
    )
    child = _now()
    joined.then(child).enqueue()
    joiner_id = next(
        i.id
        for i in manager.get_work_infos(WorkQuery.from_states([State.BLOCKED]))
        if str(i.id) != str(child.id)
    )
    return other, joiner_id, child


def test_replace_cascades_the_cancel_to_dependents_outside_the_name(manager):
    """REPLACE cancels unnamed dependents of the name's unfinished work; they stay (§9, §10)."""
    named = _later()
    other, joiner_id, child = _combined(manager, named)
    manager.advance_to(AT)
    manager.enqueue_unique_work(NAME, REPLACE, _later())
    assert manager.get_work_info_by_id(named.id) is None
    joiner = manager.get_work_info_by_id(joiner_id)
    assert joiner.state is State.CANCELLED
    assert joiner.stop_reason == NOT_STOPPED
    assert state_of(manager, child) is State.CANCELLED
    assert [e.millis for e in events_of(manager, child.id, "cancelled")] == [AT]
    assert events_of(manager, child.id, "deleted") == []
    assert state_of(manager, other) is State.ENQUEUED  # a prerequisite is never touched
    manager.advance(timedelta(hours=2))
    assert state_of(manager, other) is State.SUCCEEDED
    assert runs_of(child.id) == []


def test_replace_over_finished_work_spares_an_outside_dependent(manager):
    """REPLACE cancels only unfinished rows: a dependent of a SUCCEEDED named work keeps waiting
    for its other prerequisite and then runs (§9, §10)."""
    named = _echo({"from": "named"})
    _, joiner_id, child = _combined(manager, named)
    manager.advance_to(AT)
    assert state_of(manager, named) is State.SUCCEEDED
    manager.enqueue_unique_work(NAME, REPLACE, _later())
    assert manager.get_work_info_by_id(named.id) is None
    assert manager.get_work_info_by_id(joiner_id).state is State.BLOCKED
    manager.advance_to(HOUR)
    assert manager.get_work_info_by_id(joiner_id).state is State.SUCCEEDED
    assert starts(manager, child.id) == [HOUR]
    # The deleted prerequisite's output is no longer merged in.
    assert "from" not in manager.get_work_info_by_id(joiner_id).output_data


def test_replace_with_the_same_request_runs_it_afresh(manager):
    """REPLACE deletes the old row first, so the same request is inserted again and reruns (§10)."""
    request = _now()
    manager.enqueue_unique_work(NAME, KEEP, request)
    manager.advance_to(AT)
    manager.enqueue_unique_work(NAME, REPLACE, request)
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.run_attempt_count == 0
    manager.advance(timedelta(0))
    assert starts(manager, request.id) == [0, AT]


# ----------------------------------------------------------------------------- APPEND
def _leaf(manager, kind):
    """A request that is in state ``kind`` at AT once enqueued under NAME at 0."""
    return {
        "SUCCEEDED": _now,
        "FAILED": lambda: _now(Fail),
        "CANCELLED": _later,
        "ENQUEUED": _later,
        "RUNNING": lambda: _now(Slow30s),
    }[kind]()


LEAF_STATES = [
    (("FAILED", "CANCELLED"), State.FAILED),
    (("CANCELLED", "FAILED"), State.FAILED),
    (("FAILED", "SUCCEEDED"), State.FAILED),
    (("FAILED", "RUNNING"), State.FAILED),
    (("CANCELLED", "SUCCEEDED"), State.CANCELLED),
    (("CANCELLED", "ENQUEUED"), State.CANCELLED),
    (("ENQUEUED", "SUCCEEDED"), State.BLOCKED),
    (("RUNNING", "SUCCEEDED"), State.BLOCKED),
    (("SUCCEEDED", "SUCCEEDED"), State.ENQUEUED),
]


@pytest.mark.parametrize(
    ("leaves", "expected"), LEAF_STATES, ids=["+".join(leaves) for leaves, _ in LEAF_STATES]
)
def test_append_state_from_the_leaf_states(manager, leaves, expected):
    """APPEND: any FAILED leaf → FAILED; else any CANCELLED → CANCELLED; else unfinished →
    BLOCKED; all SUCCEEDED → ENQUEUED now (§10)."""
    old = [_leaf(manager, kind) for kind in leaves]
    manager.enqueue_unique_work(NAME, KEEP, old)
    for request, kind in zip(old, leaves, strict=True):
        if kind == "CANCELLED":
            manager.cancel_work_by_id(request.id)
    manager.advance_to(AT)
    assert [state_of(manager, r).name for r in old] == list(leaves)
    new = _now()
    manager.enqueue_unique_work(NAME, APPEND, new)
    info = info_of(manager, new)
    assert info.state is expected
    assert _prerequisites(manager, new) == {str(r.id) for r in old}
    assert info.run_attempt_count == 0
    assert info.stop_reason == NOT_STOPPED
    if expected in (State.FAILED, State.CANCELLED):
        assert [e.millis for e in events_of(manager, new.id, expected.name.lower())] == [AT]
        manager.advance(timedelta(hours=2))
        assert runs_of(new.id) == []
        assert state_of(manager, new) is expected
    elif expected is State.BLOCKED:
        assert info.next_schedule_time_millis == LONG_MAX
        manager.advance(timedelta(hours=2))
        last_leaf_done = HOUR if "ENQUEUED" in leaves else 30 * SECOND
        assert starts(manager, new.id) == [last_leaf_done]
    else:
        assert info.next_schedule_time_millis == AT
        manager.advance(timedelta(0))
        assert starts(manager, new.id) == [AT]


def test_append_onto_succeeded_leaves_merges_their_outputs(manager):
    """Appended after SUCCEEDED leaves, the work's input is its own merged with the leaves'
    outputs; a leaf's value wins over its own for the same key (§8, §10)."""
    first = _echo({"first": 1, "shared": "from a leaf"})
    second = _echo({"second": 2})
    manager.enqueue_unique_work(NAME, KEEP, [first, second])
    manager.advance_to(AT)
    appended = _echo({"own": 3, "shared": "own value"})
    manager.enqueue_unique_work(NAME, APPEND, appended)
    manager.advance(timedelta(0))
    (run,) = runs_of(appended.id)
    expected = Data({"own": 3, "shared": "from a leaf", "first": 1, "second": 2})
    assert run.input_data == expected
    assert info_of(manager, appended).output_data == expected


def test_append_onto_succeeded_counts_the_initial_delay_from_the_append(manager):
    """Behind SUCCEEDED leaves a 5 s delay counts from the append: runs at 15 000 (§5, §10)."""
    manager.enqueue_unique_work(NAME, KEEP, _now())
    manager.advance_to(AT)
    appended = _later(delay=timedelta(seconds=5))
    manager.enqueue_unique_work(NAME, APPEND, appended)
    assert info_of(manager, appended).next_schedule_time_millis == AT + 5 * SECOND
    manager.advance(timedelta(minutes=1))
    assert starts(manager, appended.id) == [AT + 5 * SECOND]


def test_enqueue_unique_work_append_list_runs_in_parallel_on_the_leaves(manager):
    """enqueue_unique_work(name, APPEND, [a, b]): a and b both wait for the old leaf, not each
    other, and start together when it succeeds at 30 000 (§10)."""
    leaf = _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, leaf)
    manager.advance_to(AT)
    a, b = _now(Slow10s), _now(Slow10s)
    manager.enqueue_unique_work(NAME, APPEND, [a, b])
    assert _prerequisites(manager, a) == _prerequisites(manager, b) == {str(leaf.id)}
    assert state_of(manager, a) is state_of(manager, b) is State.BLOCKED
    manager.advance(timedelta(minutes=1))
    assert starts(manager, a.id) == starts(manager, b.id) == [30 * SECOND]


def test_begin_unique_work_append_then_runs_in_sequence(manager):
    """begin_unique_work(name, APPEND, a).then(b): a waits for the old leaf, b for a (§10)."""
    leaf = _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, leaf)
    manager.advance_to(AT)
    a, b = _now(Slow10s), _now(Slow10s)
    manager.begin_unique_work(NAME, APPEND, a).then(b).enqueue()
    assert _prerequisites(manager, a) == {str(leaf.id)}
    assert _prerequisites(manager, b) == {str(a.id)}
    manager.advance(timedelta(minutes=1))
    assert starts(manager, a.id) == [30 * SECOND]
    assert starts(manager, b.id) == [40 * SECOND]
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(r.id) for r in (leaf, a, b)}


def test_then_levels_carry_the_unique_name(manager):
    """Works added with `then` carry the chain's name: listed and replaced with it (§10)."""
    a, b, c = _later(), _now(), _now()
    manager.begin_unique_work(NAME, KEEP, a).then(b).then(c).enqueue()
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(r.id) for r in (a, b, c)}
    assert _ids(manager.get_work_infos(WorkQuery.from_unique_work_names([NAME]))) == {
        str(r.id) for r in (a, b, c)
    }
    manager.advance_to(AT)
    manager.enqueue_unique_work(NAME, REPLACE, _now())
    assert [manager.get_work_info_by_id(r.id) for r in (a, b, c)] == [None, None, None]


def test_append_hangs_the_new_work_on_the_leaves_only(manager):
    """For a → [b, s] under one name, APPEND depends on b and s (no dependents), not on a (§10)."""
    a = _echo({"from_a": True})
    b, s = _now(Slow10s), _now(Slow30s)
    manager.begin_unique_work(NAME, KEEP, a).then([b, s]).enqueue()
    manager.advance(timedelta(seconds=5))
    appended = _echo({"own": 1})
    manager.enqueue_unique_work(NAME, APPEND, appended)
    assert _prerequisites(manager, appended) == {str(b.id), str(s.id)}
    manager.advance(timedelta(minutes=1))
    assert starts(manager, appended.id) == [30 * SECOND]
    # b and s output nothing, so nothing of a's output reaches the appended work.
    assert runs_of(appended.id)[0].input_data == Data({"own": 1})


def test_append_when_every_row_of_the_name_has_a_dependent_starts_a_fresh_chain(manager):
    """A named row with any dependent (even an unnamed combine) is no leaf; with no leaf, APPEND
    inserts the work as a new chain, ENQUEUED at once (§10)."""
    named = _later()
    _combined(manager, named)
    manager.advance_to(AT)
    appended = _now()
    manager.enqueue_unique_work(NAME, APPEND, appended)
    assert _prerequisites(manager, appended) == set()
    assert state_of(manager, appended) is State.ENQUEUED
    manager.advance(timedelta(0))
    assert starts(manager, appended.id) == [AT]
    assert state_of(manager, named) is State.ENQUEUED


def test_append_chain_onto_a_failed_leaf_fails_every_level(manager):
    """begin_unique_work(APPEND, a).then(b) onto a FAILED leaf: both FAILED at once (§9, §10)."""
    manager.enqueue_unique_work(NAME, KEEP, _now(Fail))
    manager.advance_to(AT)
    a, b = _now(), _now()
    manager.begin_unique_work(NAME, APPEND, a).then(b).enqueue()
    assert state_of(manager, a) is state_of(manager, b) is State.FAILED
    assert [e.millis for e in events_of(manager, b.id, "failed")] == [AT]
    manager.advance(timedelta(hours=1))
    assert runs_of(a.id) == runs_of(b.id) == []


def test_append_onto_a_periodic_work_stays_blocked(manager):
    """Periodic work never SUCCEEDS, so work appended to its name stays BLOCKED (§6, §10)."""
    periodic = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1)).build()
    manager.enqueue_unique_periodic_work(NAME, ExistingPeriodicWorkPolicy.KEEP, periodic)
    manager.advance_to(AT)
    appended = _now()
    manager.enqueue_unique_work(NAME, APPEND, appended)
    manager.advance(timedelta(hours=3))
    assert len(starts(manager, periodic.id)) == 4
    assert state_of(manager, appended) is State.BLOCKED
    assert runs_of(appended.id) == []


# ------------------------------------------------------------------ APPEND_OR_REPLACE
def test_append_or_replace_deletes_a_failed_chain_without_stopping_its_running_sibling(manager):
    """APPEND_OR_REPLACE over a FAILED leaf deletes every row of the name without a cancel: the
    RUNNING sibling is not stopped, its result at 30 000 is ignored and it stays gone (§10)."""
    failed, running = _now(Fail), _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, [failed, running])
    manager.advance_to(AT)
    fresh = _now(Slow10s)
    manager.enqueue_unique_work(NAME, APPEND_OR_REPLACE, fresh)
    assert manager.get_work_info_by_id(failed.id) is None
    assert manager.get_work_info_by_id(running.id) is None
    (run,) = runs_of(running.id)
    assert not run.worker.is_stopped
    assert stop_calls(run.worker) == 0
    assert _prerequisites(manager, fresh) == set()
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(fresh.id)}
    manager.advance(timedelta(minutes=1))
    assert stop_calls(run.worker) == 0
    assert manager.get_work_info_by_id(running.id) is None
    assert _kinds_and_millis(manager, running) == [
        ("enqueued", 0),
        ("started", 0),
        ("deleted", AT),
    ]
    assert starts(manager, fresh.id) == [AT]
    assert state_of(manager, fresh) is State.SUCCEEDED
    assert _ids(manager.get_work_infos(WorkQuery.from_ids([]))) == {str(fresh.id)}


def test_append_or_replace_deletes_an_enqueued_sibling_that_then_never_runs(manager):
    """APPEND_OR_REPLACE over a CANCELLED leaf deletes an ENQUEUED sibling: it never runs (§10)."""
    cancelled, waiting = _later(), _later()
    manager.enqueue_unique_work(NAME, KEEP, [cancelled, waiting])
    manager.cancel_work_by_id(cancelled.id)
    manager.advance_to(AT)
    fresh = _now()
    manager.enqueue_unique_work(NAME, APPEND_OR_REPLACE, fresh)
    assert manager.get_work_info_by_id(waiting.id) is None
    assert events_of(manager, waiting.id, "cancelled") == []
    manager.advance(timedelta(hours=2))
    assert runs_of(waiting.id) == []
    assert starts(manager, fresh.id) == [AT]


def test_append_or_replace_onto_a_healthy_chain_appends(manager):
    """APPEND_OR_REPLACE over SUCCEEDED and RUNNING leaves acts as APPEND: BLOCKED (§10)."""
    done, running = _now(), _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, [done, running])
    manager.advance_to(AT)
    appended = _now()
    manager.enqueue_unique_work(NAME, APPEND_OR_REPLACE, appended)
    assert state_of(manager, appended) is State.BLOCKED
    assert _prerequisites(manager, appended) == {str(done.id), str(running.id)}
    manager.advance(timedelta(minutes=1))
    assert starts(manager, appended.id) == [30 * SECOND]


def test_replace_frees_the_worker_slot_at_once():
    """With one worker slot, REPLACE's stop frees it: the new work starts at 10 000 (§10, §16)."""
    manager = WorkManager(max_concurrent_workers=1)
    manager.enqueue_unique_work(NAME, KEEP, _now(Slow30s))
    manager.advance_to(AT)
    new = _now()
    manager.enqueue_unique_work(NAME, REPLACE, new)
    manager.advance(timedelta(0))
    assert starts(manager, new.id) == [AT]


def test_append_or_replace_leaves_the_deleted_sibling_running_in_its_slot():
    """With one worker slot, the deleted but still running sibling holds it until its run
    ends at 30 000; only then does the fresh chain start (§10, API Time)."""
    manager = WorkManager(max_concurrent_workers=1)
    failed, running = _now(Fail), _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, [failed, running])
    manager.advance_to(AT)
    fresh = _now()
    manager.enqueue_unique_work(NAME, APPEND_OR_REPLACE, fresh)
    manager.advance(timedelta(seconds=10))
    assert runs_of(fresh.id) == []
    manager.advance(timedelta(minutes=1))
    assert starts(manager, fresh.id) == [30 * SECOND]


# ------------------------------------------------------------------------ deleted rows
def test_deleted_works_vanish_from_every_query(manager):
    """Rows REPLACE deleted are in no query: by id, tag, name, WorkQuery, LiveData (§10, §12)."""
    old = OneTimeWorkRequest.Builder(Slow30s).add_tag("photos").build()
    manager.enqueue_unique_work(NAME, KEEP, old)
    manager.advance_to(AT)
    by_tag = manager.get_work_infos_by_tag_live_data("photos")
    seen = []
    by_tag.observe(seen.append)
    new = OneTimeWorkRequest.Builder(Succeed).add_tag("photos").build()
    manager.enqueue_unique_work(NAME, REPLACE, new)
    assert manager.get_work_info_by_id(old.id) is None
    assert _ids(manager.get_work_infos_by_tag("photos")) == {str(new.id)}
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(new.id)}
    assert manager.get_work_infos(WorkQuery.from_ids([old.id])) == []
    assert manager.get_work_infos(WorkQuery.from_states([State.CANCELLED])) == []
    assert [_ids(infos) for infos in seen] == [{str(old.id)}, {str(new.id)}]


# ------------------------------------------------------------------ cancel_unique_work
def test_cancel_unique_work_stops_running_and_cascades(manager):
    """cancel_unique_work: RUNNING → CANCELLED (stopped, reason 1), BLOCKED → CANCELLED (−256),
    unnamed dependents too; nothing is deleted (§9)."""
    running = _now(Slow30s)
    child = _now()
    named = manager.begin_unique_work(NAME, KEEP, running).then(child)
    outside = _now()
    WorkContinuation.combine([named]).then(outside).enqueue()
    manager.advance_to(AT)
    manager.cancel_unique_work(NAME)
    running_info, child_info = info_of(manager, running), info_of(manager, child)
    assert running_info.state is child_info.state is State.CANCELLED
    assert running_info.stop_reason == StopReason.CANCELLED_BY_APP
    assert child_info.stop_reason == NOT_STOPPED
    assert stop_calls(runs_of(running.id)[0].worker) == 1
    assert state_of(manager, outside) is State.CANCELLED
    for request in (running, child, outside):
        assert [e.millis for e in events_of(manager, request.id, "cancelled")] == [AT]
        assert events_of(manager, request.id, "deleted") == []


def test_keep_after_cancel_unique_work_inserts_the_new_work(manager):
    """After cancel_unique_work nothing is ENQUEUED or RUNNING, so KEEP replaces (§10)."""
    old = _later()
    manager.enqueue_unique_work(NAME, KEEP, old)
    manager.advance(timedelta(seconds=5))
    manager.cancel_unique_work(NAME)
    manager.advance_to(AT)
    new = _now()
    manager.enqueue_unique_work(NAME, KEEP, new)
    assert manager.get_work_info_by_id(old.id) is None
    assert [e.millis for e in events_of(manager, old.id, "deleted")] == [AT]
    assert state_of(manager, new) is State.ENQUEUED


def test_cancel_unique_work_of_an_unknown_name_changes_nothing(manager):
    """cancel_unique_work of a name nobody used cancels nothing (§9)."""
    other = _later()
    manager.enqueue_unique_work("other", KEEP, other)
    manager.cancel_unique_work("never-used")
    assert state_of(manager, other) is State.ENQUEUED
    assert manager.get_work_infos_for_unique_work("never-used") == []


# ---------------------------------------------------------------------------- refusals
def _refused(call, match=None):
    """Expects IllegalArgumentException at the call: a ValueError and a WorkManagerError."""
    with pytest.raises(ValueError, match=match) as raised:
        call()
    assert isinstance(raised.value, WorkManagerError)
    return raised.value


@pytest.mark.parametrize("policy", list(ExistingWorkPolicy), ids=lambda p: p.name)
def test_empty_request_list_is_refused(manager, policy):
    """enqueue_unique_work / begin_unique_work with [] → '… needs at least one …' (§4)."""
    _refused(lambda: manager.enqueue_unique_work(NAME, policy, []), match="at least one")
    _refused(lambda: manager.begin_unique_work(NAME, policy, []), match="at least one")


def test_then_with_an_empty_list_is_the_same_continuation(manager):
    """then([]) returns the continuation unchanged, as Android's does (§8)."""
    continuation = manager.begin_unique_work(NAME, KEEP, _now())
    assert continuation.then([]) is continuation


@pytest.mark.parametrize("name", [None, 7, b"sync", ["sync"], ""], ids=repr)
def test_a_unique_name_must_be_a_non_empty_str(manager, name):
    """A unique name that is not a non-empty str is refused at the call (API Errors)."""
    _refused(lambda: manager.enqueue_unique_work(name, KEEP, _now()))
    _refused(lambda: manager.begin_unique_work(name, KEEP, _now()))
    _refused(lambda: manager.cancel_unique_work(name))
    _refused(lambda: manager.get_work_infos_for_unique_work(name))


@pytest.mark.parametrize(
    "policy",
    [ExistingPeriodicWorkPolicy.KEEP, ExistingPeriodicWorkPolicy.UPDATE, "REPLACE", None],
    ids=repr,
)
def test_a_policy_of_the_wrong_type_is_refused(manager, policy):
    """enqueue_unique_work takes an ExistingWorkPolicy; anything else is refused (API Errors)."""
    error = _refused(lambda: manager.enqueue_unique_work(NAME, policy, _now()))
    assert "ExistingWorkPolicy" in str(error)
    _refused(lambda: manager.begin_unique_work(NAME, policy, _now()))


def test_periodic_requests_cannot_be_unique_one_time_work(manager):
    """A PeriodicWorkRequest in enqueue_unique_work, begin_unique_work or then is refused (§8)."""
    periodic = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1)).build()
    _refused(lambda: manager.enqueue_unique_work(NAME, KEEP, periodic))
    _refused(lambda: manager.begin_unique_work(NAME, APPEND, [_now(), periodic]))
    _refused(lambda: manager.begin_unique_work(NAME, KEEP, _now()).then(periodic))
    assert manager.get_work_infos_for_unique_work(NAME) == []


def test_a_refused_call_changes_nothing(manager):
    """A REPLACE refused for a bad list leaves the existing work running, untouched (API Errors)."""
    running = _now(Slow30s)
    manager.enqueue_unique_work(NAME, KEEP, running)
    manager.advance_to(AT)
    periodic = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1)).build()
    _refused(lambda: manager.enqueue_unique_work(NAME, REPLACE, [_now(), periodic]))
    _refused(lambda: manager.enqueue_unique_work(NAME, REPLACE, [_now(), "not a request"]))
    assert state_of(manager, running) is State.RUNNING
    assert not runs_of(running.id)[0].worker.is_stopped
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(running.id)}
