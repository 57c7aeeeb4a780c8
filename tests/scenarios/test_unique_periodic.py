"""Unique periodic work: ExistingPeriodicWorkPolicy KEEP, REPLACE, CANCEL_AND_REENQUEUE, UPDATE.

Digest §11. KEEP maps to ExistingWorkPolicy.KEEP, REPLACE and CANCEL_AND_REENQUEUE to
REPLACE; UPDATE changes the stored row in place (WorkerUpdater). A periodic work cannot
become FAILED in wmkit (a raising periodic worker just ends its period, API Workers), so
the "FAILED" column of the digest's table is exercised with one-time work under the name,
which UPDATE refuses, and with update_work over FAILED one-time work (test_update_work).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import (
    BackoffPolicy,
    Constraints,
    Data,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    StopReason,
    WorkManagerError,
)
from wmkit.errors import UnsupportedOperationError

from .workers import (
    HOUR,
    LONG_MAX,
    MINUTE,
    SECOND,
    AlwaysRetry,
    Echo,
    Fail,
    OneMinute,
    State,
    Succeed,
    class_tag,
    events_of,
    info_of,
    runs_of,
    starts,
    state_of,
    stop_calls,
)

KEEP = ExistingPeriodicWorkPolicy.KEEP
REPLACE = ExistingPeriodicWorkPolicy.REPLACE
UPDATE = ExistingPeriodicWorkPolicy.UPDATE
CANCEL_AND_REENQUEUE = ExistingPeriodicWorkPolicy.CANCEL_AND_REENQUEUE
NAME = "refresh"
AT = 30 * SECOND  # when every table scenario applies its policy
OVERRIDE_REFUSAL = "Next Schedule Time Override must be used with ExistingPeriodicWorkPolicyUPDATE"


def _periodic(cls=Succeed, interval=timedelta(hours=1), *, tag=None, data=None, delay=None):
    builder = PeriodicWorkRequest.Builder(cls, interval)
    if tag is not None:
        builder.add_tag(tag)
    if data is not None:
        builder.set_input_data(data)
    if delay is not None:
        builder.set_initial_delay(delay)
    return builder.build()


def _user_tags(info, *classes):
    return set(info.tags) - {class_tag(cls) for cls in classes}


def _ids(infos):
    return {str(info.id) for info in infos}


# --------------------------------------------------------------------------- the table
def _existing(manager, kind):
    """A periodic work under NAME, started at 0, in state ``kind`` at AT (or None).

    ENQUEUED: 1 h period, its first run at 0 done, next run 3 600 000 (E = 0, period 1).
    RUNNING: a 1-minute run started at 0. CANCELLED: cancelled at 5 000 before it ran.
    """
    request = {
        "none": None,
        "ENQUEUED": _periodic(tag="old"),
        "RUNNING": _periodic(OneMinute, tag="old"),
        "CANCELLED": _periodic(tag="old", delay=timedelta(hours=1)),
    }[kind]
    if request is not None:
        manager.enqueue_unique_periodic_work(NAME, KEEP, request)
    if kind == "CANCELLED":
        manager.advance(timedelta(seconds=5))
        manager.cancel_unique_work(NAME)
    manager.advance_to(AT)
    if request is not None:
        assert state_of(manager, request).name == kind
    return request


INSERT = "insert"
KEPT = "kept"
CANCEL_DELETE = "cancel+delete"
DELETE = "delete"
IN_PLACE = "updated in place"
NEXT_RUN = "updated for the next run"

KINDS = ["none", "ENQUEUED", "RUNNING", "CANCELLED"]
TABLE = {
    KEEP: [INSERT, KEPT, KEPT, DELETE],
    REPLACE: [INSERT, CANCEL_DELETE, CANCEL_DELETE, DELETE],
    CANCEL_AND_REENQUEUE: [INSERT, CANCEL_DELETE, CANCEL_DELETE, DELETE],
    UPDATE: [INSERT, IN_PLACE, NEXT_RUN, DELETE],
}
CELLS = [
    pytest.param(policy, kind, outcome, id=f"{policy.name}-{kind}-{outcome.split()[0]}")
    for policy, outcomes in TABLE.items()
    for kind, outcome in zip(KINDS, outcomes, strict=True)
]


@pytest.mark.parametrize(("policy", "kind", "outcome"), CELLS)
def test_existing_periodic_work_policy_table(manager, policy, kind, outcome):
    """Each ExistingPeriodicWorkPolicy cell: insert, keep, cancel+delete, delete, update (§11)."""
    old = _existing(manager, kind)
    before = None if old is None else info_of(manager, old)
    new = _periodic(interval=timedelta(hours=2), tag="new")
    manager.enqueue_unique_periodic_work(NAME, policy, new)
    names = _ids(manager.get_work_infos_for_unique_work(NAME))

    if outcome == KEPT:
        assert manager.get_work_info_by_id(new.id) is None
        assert info_of(manager, old) == before
        assert names == {str(old.id)}
        return

    if outcome in (IN_PLACE, NEXT_RUN):
        assert manager.get_work_info_by_id(new.id) is None
        info = info_of(manager, old)
        assert names == {str(old.id)}
        assert info.generation == 1
        assert info.periodicity_info.repeat_interval_millis == 2 * HOUR
        assert _user_tags(info, Succeed, OneMinute) == {"new"}
        assert info.run_attempt_count == before.run_attempt_count
        assert info.period_count == before.period_count
        if outcome == IN_PLACE:
            assert info.state is State.ENQUEUED
            assert info.next_schedule_time_millis == 0 + 2 * HOUR  # E = 0 kept, period 1
        else:
            assert info.state is State.RUNNING
            assert info.next_schedule_time_millis == LONG_MAX
            assert not runs_of(old.id)[0].worker.is_stopped
        assert [e.millis for e in events_of(manager, old.id, "updated")] == [AT]
        return

    info = info_of(manager, new)
    assert names == {str(new.id)}
    assert info.state is State.ENQUEUED
    assert info.generation == 0
    assert info.period_count == 0
    assert info.next_schedule_time_millis == AT  # a new period: the first run is at once
    if old is not None:
        assert manager.get_work_info_by_id(old.id) is None
        assert [e.millis for e in events_of(manager, old.id, "deleted")] == [AT]
        cancelled_at = [e.millis for e in events_of(manager, old.id, "cancelled")]
        expected = {"CANCELLED": [5 * SECOND]}.get(kind, [AT] if outcome == CANCEL_DELETE else [])
        assert cancelled_at == expected
    manager.advance(timedelta(0))
    assert starts(manager, new.id) == [AT]


# ----------------------------------------------------------------------------- UPDATE
def test_update_keeps_the_enqueue_time_so_the_next_run_stays_put(manager):
    """UPDATE after a run 3 h ago on an 8 h period: still eligible in 5 h; same id, generation
    1, state, attempts, period count kept; tags replaced (§11, EPWP doc)."""
    old = _periodic(Succeed, timedelta(hours=8), tag="v1")
    manager.enqueue_unique_periodic_work(NAME, UPDATE, old)
    manager.advance_to(3 * HOUR)
    before = info_of(manager, old)
    assert (before.period_count, before.next_schedule_time_millis) == (1, 8 * HOUR)
    new = _periodic(Echo, timedelta(hours=8), tag="v2", data={"version": 2})
    manager.enqueue_unique_periodic_work(NAME, UPDATE, new)
    info = info_of(manager, old)
    assert manager.get_work_info_by_id(new.id) is None
    assert info.state is State.ENQUEUED
    assert info.generation == 1
    assert info.run_attempt_count == 0
    assert info.period_count == 1
    assert info.next_schedule_time_millis == 8 * HOUR  # 5 h from now
    assert info.tags == {"v2", class_tag(Echo)}
    assert manager.get_work_infos_by_tag("v1") == []
    assert manager.get_work_infos_by_tag(class_tag(Succeed)) == []
    assert _ids(manager.get_work_infos_by_tag("v2")) == {str(old.id)}
    assert manager.describe_work(old.id).last_enqueue_time == 0
    manager.advance_to(8 * HOUR)
    assert starts(manager, old.id) == [0, 8 * HOUR]
    (_, second) = runs_of(old.id)
    assert isinstance(second.worker, Echo)
    assert second.input_data == Data({"version": 2})
    assert second.worker.generation == 1
    assert info_of(manager, old).period_count == 2


@pytest.mark.parametrize(
    ("hours", "due", "runs_at"),
    [(8, 8 * HOUR, 8 * HOUR), (4, 4 * HOUR, 4 * HOUR), (2, 2 * HOUR, 3 * HOUR)],
    ids=["8h-in-5h", "4h-in-1h", "2h-overdue-now"],
)
def test_update_interval_counts_from_the_kept_enqueue_time(manager, hours, due, runs_at):
    """A new interval applies from the last enqueue time 0: at 3 h, 8 h → due 8 h, 4 h → 4 h,
    2 h → due 2 h, already past, so it runs at the next clock step, 3 h (§4, §11)."""
    old = _periodic(Succeed, timedelta(hours=8))
    manager.enqueue_unique_periodic_work(NAME, UPDATE, old)
    manager.advance_to(3 * HOUR)
    manager.enqueue_unique_periodic_work(NAME, UPDATE, _periodic(interval=timedelta(hours=hours)))
    assert info_of(manager, old).next_schedule_time_millis == due
    manager.advance_to(9 * HOUR)
    assert starts(manager, old.id)[:2] == [0, runs_at]


def test_each_update_bumps_the_generation_the_worker_sees(manager):
    """Three UPDATEs: generation 3 in WorkInfo and in the next run's worker (§11, §18)."""
    old = _periodic(Succeed)
    manager.enqueue_unique_periodic_work(NAME, UPDATE, old)
    manager.advance(timedelta(minutes=1))
    for expected in (1, 2, 3):
        manager.enqueue_unique_periodic_work(NAME, UPDATE, _periodic(Succeed))
        assert info_of(manager, old).generation == expected
    manager.advance_to(HOUR)
    first, second = runs_of(old.id)
    assert (first.worker.generation, second.worker.generation) == (0, 3)


def test_update_keeps_run_attempts_and_backs_off_from_the_kept_time(manager):
    """UPDATE of a retrying periodic work keeps run_attempt_count 1 and its retry time 0; the
    new LINEAR 20 s backoff makes it due at 20 000 (§3, §4, §11)."""
    old = _periodic(AlwaysRetry)
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.advance(timedelta(seconds=10))
    assert info_of(manager, old).next_schedule_time_millis == 30 * SECOND
    new = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=20))
        .build()
    )
    manager.enqueue_unique_periodic_work(NAME, UPDATE, new)
    info = info_of(manager, old)
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 20 * SECOND
    manager.advance_to(HOUR)
    assert starts(manager, old.id) == [0, 20 * SECOND]
    assert runs_of(old.id)[1].run_attempt_count == 1
    done = info_of(manager, old)
    assert (done.run_attempt_count, done.period_count) == (0, 1)
    assert done.next_schedule_time_millis == 20 * SECOND + HOUR


def test_update_while_running_applies_from_the_next_period(manager):
    """UPDATE of a RUNNING period: the run goes on with the old worker, input and tags, ends at
    60 000; the next period is due 2 h later and runs the new spec (§11)."""
    old = _periodic(OneMinute, tag="v1", data={"version": 1})
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.advance_to(AT)
    new = _periodic(Echo, timedelta(hours=2), tag="v2", data={"version": 2})
    manager.enqueue_unique_periodic_work(NAME, UPDATE, new)
    (current,) = runs_of(old.id)
    assert state_of(manager, old) is State.RUNNING
    assert not current.worker.is_stopped
    assert current.worker.tags == {"v1", class_tag(OneMinute)}
    assert current.input_data == Data({"version": 1})
    manager.advance_to(MINUTE)
    info = info_of(manager, old)
    assert (info.state, info.period_count) == (State.ENQUEUED, 1)
    assert info.next_schedule_time_millis == MINUTE + 2 * HOUR
    assert stop_calls(current.worker) == 0
    manager.advance_to(MINUTE + 2 * HOUR)
    assert starts(manager, old.id) == [0, MINUTE + 2 * HOUR]
    nxt = runs_of(old.id)[1]
    assert isinstance(nxt.worker, Echo)
    assert nxt.input_data == Data({"version": 2})
    assert (nxt.worker.generation, nxt.worker.tags) == (1, {"v2", class_tag(Echo)})


def test_update_while_running_keeps_the_old_constraints_for_the_current_run(manager):
    """UPDATE adding a network constraint to a RUNNING period: the run, relying on its old
    constraints, is not stopped when the network goes at 40 000 and ends at 60 000; the next
    period needs the network (§11, EPWP.UPDATE doc "using old constraints")."""
    old = _periodic(OneMinute)
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.advance_to(AT)
    new = (
        PeriodicWorkRequest.Builder(OneMinute, timedelta(hours=1))
        .set_constraints(Constraints(required_network_type=NetworkType.CONNECTED))
        .build()
    )
    manager.enqueue_unique_periodic_work(NAME, UPDATE, new)
    manager.advance_to(40 * SECOND)
    manager.set_device(network="none")
    manager.advance_to(2 * HOUR)
    assert events_of(manager, old.id, "stopped") == []
    assert stop_calls(runs_of(old.id)[0].worker) == 0
    assert starts(manager, old.id) == [0]  # the next period waits for the network
    info = info_of(manager, old)
    assert (info.period_count, info.next_schedule_time_millis) == (1, MINUTE + HOUR)


def test_update_over_cancelled_work_inserts_a_new_id(manager):
    """UPDATE over a CANCELLED periodic work deletes it and enqueues the request's new id (§11)."""
    old = _existing(manager, "CANCELLED")
    new = _periodic(tag="new")
    manager.enqueue_unique_periodic_work(NAME, UPDATE, new)
    assert manager.get_work_info_by_id(old.id) is None
    info = info_of(manager, new)
    assert (info.state, info.generation) == (State.ENQUEUED, 0)
    assert _ids(manager.get_work_infos_for_unique_work(NAME)) == {str(new.id)}
    manager.advance(timedelta(0))
    assert starts(manager, new.id) == [AT]


@pytest.mark.parametrize("policy", [REPLACE, CANCEL_AND_REENQUEUE], ids=lambda p: p.name)
def test_replace_restarts_the_period_with_a_new_id(manager, policy):
    """REPLACE / CANCEL_AND_REENQUEUE: a new id whose first run is at once (10 min), not at the
    old 1 h; later runs every hour from there (§11)."""
    old = _periodic()
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.advance_to(10 * MINUTE)
    new = _periodic()
    manager.enqueue_unique_periodic_work(NAME, policy, new)
    assert manager.get_work_info_by_id(old.id) is None
    assert [e.millis for e in events_of(manager, old.id, "cancelled")] == [10 * MINUTE]
    manager.advance_to(3 * HOUR)
    assert starts(manager, old.id) == [0]
    assert starts(manager, new.id) == [10 * MINUTE, 70 * MINUTE, 130 * MINUTE]


@pytest.mark.parametrize("policy", [REPLACE, CANCEL_AND_REENQUEUE], ids=lambda p: p.name)
def test_replace_stops_a_running_periodic_worker(manager, policy):
    """REPLACE of a RUNNING period stops it (on_stopped once, CANCELLED_BY_APP), then deletes
    it: cancelled and deleted at 30 000; its result at 60 000 is ignored (§11, §16)."""
    old = _existing(manager, "RUNNING")
    manager.enqueue_unique_periodic_work(NAME, policy, _periodic())
    (run,) = runs_of(old.id)
    assert run.worker.stop_reason == StopReason.CANCELLED_BY_APP
    assert stop_calls(run.worker) == 1
    manager.advance(timedelta(minutes=5))
    assert [(e.kind, e.millis) for e in events_of(manager, old.id)] == [
        ("enqueued", 0),
        ("started", 0),
        ("cancelled", AT),
        ("deleted", AT),
    ]
    assert stop_calls(run.worker) == 1


# --------------------------------------------------------------------------- override
@pytest.mark.parametrize("kind", ["none", "ENQUEUED"])
@pytest.mark.parametrize("policy", [REPLACE, CANCEL_AND_REENQUEUE], ids=lambda p: p.name)
def test_override_with_replace_or_cancel_and_reenqueue_is_refused(manager, policy, kind):
    """A request with a schedule override under REPLACE / CANCEL_AND_REENQUEUE: IllegalArgument-
    Exception 'Next Schedule Time Override must be used with …UPDATE'; nothing changes (§4)."""
    old = _existing(manager, kind)
    before = None if old is None else info_of(manager, old)
    new = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_next_schedule_time_override(HOUR)
        .build()
    )
    with pytest.raises(ValueError, match=OVERRIDE_REFUSAL) as raised:
        manager.enqueue_unique_periodic_work(NAME, policy, new)
    assert isinstance(raised.value, WorkManagerError)
    assert manager.get_work_info_by_id(new.id) is None
    if old is not None:
        assert info_of(manager, old) == before


def test_override_with_keep_sets_the_first_run(manager):
    """KEEP accepts an override: the first period runs at it exactly, 40 min (§4, §6)."""
    new = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_next_schedule_time_override(40 * MINUTE)
        .build()
    )
    manager.enqueue_unique_periodic_work(NAME, KEEP, new)
    assert info_of(manager, new).next_schedule_time_millis == 40 * MINUTE
    manager.advance_to(2 * HOUR)
    assert starts(manager, new.id) == [40 * MINUTE, 100 * MINUTE]


@pytest.mark.parametrize(
    ("override", "due"),
    [(40 * MINUTE, 40 * MINUTE), (5 * MINUTE, 15 * MINUTE)],
    ids=["40min", "5min-raised-to-E+15min"],
)
def test_update_with_an_override_sets_the_next_run(manager, override, due):
    """UPDATE with an override after period 1: next at max(O, E + 15 min), then + I (§4, §11)."""
    old = _periodic()
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.advance_to(10 * MINUTE)
    new = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_next_schedule_time_override(override)
        .build()
    )
    manager.enqueue_unique_periodic_work(NAME, UPDATE, new)
    assert info_of(manager, old).next_schedule_time_millis == due
    manager.advance_to(3 * HOUR)
    assert starts(manager, old.id)[:3] == [0, due, due + HOUR]


def test_override_set_by_update_while_running_survives_that_run(manager):
    """An override UPDATE sets during a run is not cleared when that run ends: runs at 0, at the
    override 20 min, then 1 h after that run's end (§6, §11)."""
    old = _periodic(OneMinute)
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.advance_to(AT)
    new = (
        PeriodicWorkRequest.Builder(OneMinute, timedelta(hours=1))
        .set_next_schedule_time_override(20 * MINUTE)
        .build()
    )
    manager.enqueue_unique_periodic_work(NAME, UPDATE, new)
    manager.advance_to(2 * HOUR)
    assert starts(manager, old.id) == [0, 20 * MINUTE, 81 * MINUTE]


def test_update_keeps_a_stored_override_unless_the_request_clears_it(manager):
    """An override stays through an UPDATE that does not touch it; clear_next_schedule_time_
    override() in the request removes it, so the first period is due at once (§11)."""
    old = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_next_schedule_time_override(2 * HOUR)
        .build()
    )
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.advance_to(10 * MINUTE)
    manager.enqueue_unique_periodic_work(NAME, UPDATE, _periodic(interval=timedelta(hours=3)))
    assert info_of(manager, old).next_schedule_time_millis == 2 * HOUR
    cleared = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=3))
        .clear_next_schedule_time_override()
        .build()
    )
    manager.enqueue_unique_periodic_work(NAME, UPDATE, cleared)
    assert info_of(manager, old).next_schedule_time_millis == 0  # E + D, period 0
    manager.advance(timedelta(0))
    assert starts(manager, old.id) == [10 * MINUTE]


# ---------------------------------------------------------------------------- refusals
def _refused_unsupported(call, match):
    """Expects UnsupportedOperationException: a RuntimeError and a WorkManagerError."""
    with pytest.raises(RuntimeError, match=match) as raised:
        call()
    assert isinstance(raised.value, WorkManagerError)
    assert isinstance(raised.value, UnsupportedOperationError)


def test_update_over_a_chain_is_refused(manager):
    """UPDATE when the name holds more than one work: 'Can't apply UPDATE policy to the chains
    of work.'; nothing changes (§11)."""
    a = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    b = OneTimeWorkRequest.from_(Succeed)
    manager.begin_unique_work(NAME, ExistingWorkPolicy.KEEP, a).then(b).enqueue()
    new = _periodic()
    _refused_unsupported(
        lambda: manager.enqueue_unique_periodic_work(NAME, UPDATE, new),
        "Can't apply UPDATE policy to the chains of work",
    )
    assert manager.get_work_info_by_id(new.id) is None
    assert (state_of(manager, a), state_of(manager, b)) == (State.ENQUEUED, State.BLOCKED)


def test_update_over_periodic_work_with_appended_work_is_refused(manager):
    """A periodic work plus one-time work appended to its name is a chain: UPDATE refuses (§11)."""
    old = _periodic()
    manager.enqueue_unique_periodic_work(NAME, KEEP, old)
    manager.enqueue_unique_work(NAME, ExistingWorkPolicy.APPEND, OneTimeWorkRequest.from_(Succeed))
    _refused_unsupported(
        lambda: manager.enqueue_unique_periodic_work(NAME, UPDATE, _periodic()),
        "chains of work",
    )
    assert info_of(manager, old).generation == 0


@pytest.mark.parametrize("kind", ["ENQUEUED", "SUCCEEDED", "FAILED", "CANCELLED"])
def test_update_over_one_time_work_is_refused(manager, kind):
    """UPDATE when the name holds a one-time work, in any state: 'Can't update OneTimeWorker to
    Periodic Worker…'; the one-time work is left as it was (§11)."""
    one_time = {
        "ENQUEUED": OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)),
        "SUCCEEDED": OneTimeWorkRequest.Builder(Succeed),
        "FAILED": OneTimeWorkRequest.Builder(Fail),
        "CANCELLED": OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)),
    }[kind].build()
    manager.enqueue_unique_work(NAME, ExistingWorkPolicy.KEEP, one_time)
    if kind == "CANCELLED":
        manager.cancel_unique_work(NAME)
    manager.advance_to(AT)
    before = info_of(manager, one_time)
    assert before.state.name == kind
    _refused_unsupported(
        lambda: manager.enqueue_unique_periodic_work(NAME, UPDATE, _periodic()),
        "Can't update OneTimeWorker to Periodic Worker",
    )
    assert info_of(manager, one_time) == before


def test_keep_and_replace_treat_one_time_work_under_the_name_like_any_work(manager):
    """KEEP over an ENQUEUED one-time work of the name is a no-op; REPLACE deletes it (§10, §11)."""
    one_time = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    manager.enqueue_unique_work(NAME, ExistingWorkPolicy.KEEP, one_time)
    kept = _periodic()
    manager.enqueue_unique_periodic_work(NAME, KEEP, kept)
    assert manager.get_work_info_by_id(kept.id) is None
    replacing = _periodic()
    manager.enqueue_unique_periodic_work(NAME, REPLACE, replacing)
    assert manager.get_work_info_by_id(one_time.id) is None
    assert state_of(manager, replacing) is State.ENQUEUED


@pytest.mark.parametrize("kind", ["SUCCEEDED", "FAILED"])
@pytest.mark.parametrize("policy", [KEEP, REPLACE, CANCEL_AND_REENQUEUE], ids=lambda p: p.name)
def test_keep_and_replace_over_finished_work_delete_and_insert(manager, policy, kind):
    """KEEP / REPLACE / CANCEL_AND_REENQUEUE over a finished (one-time) work of the name: it is
    deleted without a cancel and the periodic work is inserted, first run at once (§11)."""
    cls = Succeed if kind == "SUCCEEDED" else Fail
    finished = OneTimeWorkRequest.from_(cls)
    manager.enqueue_unique_work(NAME, ExistingWorkPolicy.KEEP, finished)
    manager.advance_to(AT)
    assert state_of(manager, finished).name == kind
    new = _periodic()
    manager.enqueue_unique_periodic_work(NAME, policy, new)
    assert manager.get_work_info_by_id(finished.id) is None
    assert [e.kind for e in events_of(manager, finished.id)][-1] == "deleted"
    assert events_of(manager, finished.id, "cancelled") == []
    assert info_of(manager, new).next_schedule_time_millis == AT


def _refused_argument(call):
    with pytest.raises(ValueError) as raised:
        call()
    assert isinstance(raised.value, WorkManagerError)
    return raised.value


@pytest.mark.parametrize("policy", list(ExistingPeriodicWorkPolicy), ids=lambda p: p.name)
def test_one_time_request_is_refused(manager, policy):
    """enqueue_unique_periodic_work takes a PeriodicWorkRequest; a one-time one is refused (API)."""
    request = OneTimeWorkRequest.from_(Succeed)
    _refused_argument(lambda: manager.enqueue_unique_periodic_work(NAME, policy, request))
    assert manager.get_work_info_by_id(request.id) is None


def test_a_list_of_periodic_requests_is_refused(manager):
    """enqueue_unique_periodic_work takes one request, not a list, as Android's does (API)."""
    _refused_argument(
        lambda: manager.enqueue_unique_periodic_work(NAME, KEEP, [_periodic(), _periodic()])
    )
    assert manager.get_work_infos_for_unique_work(NAME) == []


@pytest.mark.parametrize(
    "policy", [ExistingWorkPolicy.KEEP, ExistingWorkPolicy.REPLACE, "UPDATE", None], ids=repr
)
def test_a_policy_of_the_wrong_type_is_refused(manager, policy):
    """Only ExistingPeriodicWorkPolicy members are accepted, named in the message (API Errors)."""
    error = _refused_argument(
        lambda: manager.enqueue_unique_periodic_work(NAME, policy, _periodic())
    )
    assert "ExistingPeriodicWorkPolicy" in str(error)


@pytest.mark.parametrize("name", [None, 3, b"refresh", ""], ids=repr)
def test_a_unique_name_must_be_a_non_empty_str(manager, name):
    """A periodic unique name that is not a non-empty str is refused at the call (API Errors)."""
    _refused_argument(lambda: manager.enqueue_unique_periodic_work(name, UPDATE, _periodic()))
