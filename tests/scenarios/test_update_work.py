"""update_work(request): change a stored work in place, keeping its id (§11, §18).

The request names the stored work with ``set_id``. The row keeps its id, state, run
attempts, last enqueue time and period count; its generation goes up by one; everything
else, tags included, comes from the request. Finished work is NOT_APPLIED; RUNNING work
finishes its run with the old spec and the update is APPLIED_FOR_NEXT_RUN.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from wmkit import (
    BackoffPolicy,
    Constraints,
    Data,
    ExistingWorkPolicy,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    StopReason,
    UpdateResult,
    WorkManagerError,
)
from wmkit.errors import UnsupportedOperationError

from .workers import (
    HOUR,
    LONG_MAX,
    MINUTE,
    NOT_STOPPED,
    SECOND,
    AlwaysRetry,
    Echo,
    Fail,
    OneMinute,
    Recording,
    RetryFirstAttempt,
    Slow30s,
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

CONNECTED = Constraints(required_network_type=NetworkType.CONNECTED)
APPLIED_IMMEDIATELY = UpdateResult.APPLIED_IMMEDIATELY
APPLIED_FOR_NEXT_RUN = UpdateResult.APPLIED_FOR_NEXT_RUN
NOT_APPLIED = UpdateResult.NOT_APPLIED


class SlowRetryFirst(RetryFirstAttempt):
    """Asks for a retry 30 s into its first attempt, succeeds 30 s into later ones."""

    duration = timedelta(seconds=30)


class HalfDoneMinute(Recording):
    """Reports 50 % progress when it starts and succeeds one minute later."""

    duration = timedelta(minutes=1)

    def outcome(self) -> Result:
        self.set_progress({"percent": 50})
        return Result.success()


def _update_of(original, cls=Succeed):
    """A builder for a request that updates ``original`` (Android's setId)."""
    return OneTimeWorkRequest.Builder(cls).set_id(original.id)


# ---------------------------------------------------------------- APPLIED_IMMEDIATELY
def test_update_of_enqueued_work_applies_immediately(manager):
    """ENQUEUED: the new worker, delay (from the kept enqueue time 0), constraints, input and
    tags apply at once: due 1 800 000, held by the network until 2 700 000 (§4, §11)."""
    original = (
        OneTimeWorkRequest.Builder(Succeed)
        .set_initial_delay(timedelta(hours=1))
        .add_tag("v1")
        .build()
    )
    manager.enqueue(original)
    manager.advance_to(10 * MINUTE)
    update = (
        _update_of(original, Echo)
        .set_initial_delay(timedelta(minutes=30))
        .set_constraints(CONNECTED)
        .set_input_data({"version": 2})
        .add_tag("v2")
        .build()
    )
    assert update.id == original.id
    assert manager.update_work(update) is APPLIED_IMMEDIATELY
    info = info_of(manager, original)
    assert info.state is State.ENQUEUED
    assert info.generation == 1
    assert info.initial_delay_millis == 30 * MINUTE
    assert info.next_schedule_time_millis == 30 * MINUTE
    assert info.constraints == CONNECTED
    assert info.tags == {"v2", class_tag(Echo)}
    assert manager.get_work_infos_by_tag("v1") == []
    assert manager.get_work_infos_by_tag(class_tag(Succeed)) == []
    assert [e.millis for e in events_of(manager, original.id, "updated")] == [10 * MINUTE]
    manager.set_device(network="none")
    manager.advance_to(45 * MINUTE)
    assert runs_of(original.id) == []
    manager.set_device(network="wifi")
    manager.advance(timedelta(0))
    assert starts(manager, original.id) == [45 * MINUTE]
    (run,) = runs_of(original.id)
    assert isinstance(run.worker, Echo)
    assert run.input_data == Data({"version": 2})
    assert run.worker.generation == 1


def test_update_to_a_delay_already_over_runs_at_once(manager):
    """Delay 1 h updated to 5 min at 10 min: due at 300 000, already past, so it runs at the
    next clock step, 600 000 (§4, §11)."""
    original = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    manager.enqueue(original)
    manager.advance_to(10 * MINUTE)
    update = _update_of(original).set_initial_delay(timedelta(minutes=5)).build()
    assert manager.update_work(update) is APPLIED_IMMEDIATELY
    assert info_of(manager, original).next_schedule_time_millis == 5 * MINUTE
    assert runs_of(original.id) == []  # an update only schedules; the clock runs
    manager.advance(timedelta(0))
    assert starts(manager, original.id) == [10 * MINUTE]


def test_update_lifting_a_constraint_lets_waiting_work_run(manager):
    """A due work held by its network constraint runs at the next step once an update drops it."""
    original = OneTimeWorkRequest.Builder(Succeed).set_constraints(CONNECTED).build()
    manager.set_device(network="none")
    manager.enqueue(original)
    manager.advance_to(10 * SECOND)
    assert manager.update_work(_update_of(original).build()) is APPLIED_IMMEDIATELY
    manager.advance(timedelta(0))
    assert starts(manager, original.id) == [10 * SECOND]


def test_update_of_blocked_work_keeps_it_blocked(manager):
    """BLOCKED stays BLOCKED; unblocked at 30 000, the new 10 s delay and input apply (§5, §11)."""
    first = OneTimeWorkRequest.from_(Slow30s)
    second = OneTimeWorkRequest.Builder(Echo).set_input_data({"version": 1}).build()
    manager.begin_with(first).then(second).enqueue()
    manager.advance_to(10 * SECOND)
    update = (
        _update_of(second, Echo)
        .set_input_data({"version": 2})
        .set_initial_delay(timedelta(seconds=10))
        .build()
    )
    assert manager.update_work(update) is APPLIED_IMMEDIATELY
    info = info_of(manager, second)
    assert (info.state, info.generation) == (State.BLOCKED, 1)
    assert info.next_schedule_time_millis == LONG_MAX
    manager.advance_to(30 * SECOND)
    assert info_of(manager, second).next_schedule_time_millis == 40 * SECOND
    manager.advance_to(HOUR)
    assert starts(manager, second.id) == [40 * SECOND]
    assert runs_of(second.id)[0].input_data == Data({"version": 2})


def test_update_keeps_the_attempt_count_and_backs_off_from_the_retry(manager):
    """A retried work (attempt 1, retried at 0) updated to LINEAR 10 s is due at 10 000 and its
    next run sees run_attempt_count 1 (§3, §4, §11)."""
    original = OneTimeWorkRequest.from_(AlwaysRetry)
    manager.enqueue(original)
    manager.advance(timedelta(seconds=5))
    assert info_of(manager, original).next_schedule_time_millis == 30 * SECOND
    update = (
        _update_of(original).set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=10))
    ).build()
    assert manager.update_work(update) is APPLIED_IMMEDIATELY
    info = info_of(manager, original)
    assert (info.run_attempt_count, info.next_schedule_time_millis) == (1, 10 * SECOND)
    manager.advance_to(MINUTE)
    assert starts(manager, original.id) == [0, 10 * SECOND]
    assert runs_of(original.id)[1].run_attempt_count == 1
    assert state_of(manager, original) is State.SUCCEEDED


def test_each_update_bumps_the_generation(manager):
    """Three updates: generation 1, 2, 3; the next run's worker sees generation 3 (§11, §18)."""
    original = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    manager.enqueue(original)
    for expected in (1, 2, 3):
        assert manager.update_work(_update_of(original).build()) is APPLIED_IMMEDIATELY
        assert info_of(manager, original).generation == expected
    manager.advance_to(HOUR)
    assert runs_of(original.id)[0].worker.generation == 3


def test_update_keeps_the_unique_name_and_the_chain(manager):
    """An updated root keeps its unique name and its BLOCKED dependent waits for it (§10, §11)."""
    root = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    child = OneTimeWorkRequest.from_(Succeed)
    manager.begin_unique_work("backup", ExistingWorkPolicy.KEEP, root).then(child).enqueue()
    update = _update_of(root).set_initial_delay(timedelta(minutes=20)).build()
    assert manager.update_work(update) is APPLIED_IMMEDIATELY
    names = {str(info.id) for info in manager.get_work_infos_for_unique_work("backup")}
    assert names == {str(root.id), str(child.id)}
    manager.advance_to(HOUR)
    assert starts(manager, root.id) == starts(manager, child.id) == [20 * MINUTE]


# ---------------------------------------------------------------- APPLIED_FOR_NEXT_RUN
def test_update_of_running_work_applies_for_the_next_run(manager):
    """RUNNING: the run keeps its input {v: 1}, tags and generation 0; its retry at 30 000 uses
    the new LINEAR 10 s backoff, and the run at 40 000 sees {v: 2}, generation 1 (§11)."""
    original = (
        OneTimeWorkRequest.Builder(SlowRetryFirst)
        .set_input_data({"version": 1})
        .add_tag("v1")
        .build()
    )
    manager.enqueue(original)
    manager.advance_to(10 * SECOND)
    update = (
        _update_of(original, SlowRetryFirst)
        .set_input_data({"version": 2})
        .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=10))
        .add_tag("v2")
        .build()
    )
    assert manager.update_work(update) is APPLIED_FOR_NEXT_RUN
    info = info_of(manager, original)
    assert (info.state, info.generation, info.run_attempt_count) == (State.RUNNING, 1, 1)
    assert info.tags == {"v2", class_tag(SlowRetryFirst)}
    (first,) = runs_of(original.id)
    assert not first.worker.is_stopped
    assert first.input_data == Data({"version": 1})
    assert (first.worker.generation, first.worker.tags) == (0, {"v1", class_tag(SlowRetryFirst)})
    manager.advance_to(30 * SECOND)
    assert info_of(manager, original).next_schedule_time_millis == 40 * SECOND
    manager.advance_to(2 * MINUTE)
    assert starts(manager, original.id) == [0, 40 * SECOND]
    second = runs_of(original.id)[1]
    assert second.input_data == Data({"version": 2})
    assert (second.run_attempt_count, second.worker.generation) == (1, 1)
    assert state_of(manager, original) is State.SUCCEEDED
    assert stop_calls(first.worker) == 0


def test_running_work_is_not_stopped_by_a_constraint_added_by_the_update(manager):
    """The current run relies on its old constraints: losing the network at 15 000 does not
    stop a run that started without one; it succeeds at 30 000 (§11, EPWP.UPDATE doc)."""
    original = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(original)
    manager.advance_to(10 * SECOND)
    update = _update_of(original, Slow30s).set_constraints(CONNECTED).build()
    assert manager.update_work(update) is APPLIED_FOR_NEXT_RUN
    manager.advance_to(15 * SECOND)
    manager.set_device(network="none")
    manager.advance_to(MINUTE)
    assert events_of(manager, original.id, "stopped") == []
    assert stop_calls(runs_of(original.id)[0].worker) == 0
    assert state_of(manager, original) is State.SUCCEEDED
    assert [e.millis for e in events_of(manager, original.id, "succeeded")] == [30 * SECOND]


def test_running_work_is_still_stopped_by_its_old_constraint(manager):
    """The current run keeps its old network constraint: losing the network at 15 000 stops it
    (reason 7); the retry under the new, unconstrained spec runs at 0 + 30 000 (§7, §11)."""
    original = OneTimeWorkRequest.Builder(Slow30s).set_constraints(CONNECTED).build()
    manager.enqueue(original)
    manager.advance_to(10 * SECOND)
    assert manager.update_work(_update_of(original, Slow30s).build()) is APPLIED_FOR_NEXT_RUN
    manager.advance_to(15 * SECOND)
    manager.set_device(network="none")
    first = runs_of(original.id)[0].worker
    assert first.stop_reason == StopReason.CONSTRAINT_CONNECTIVITY
    assert stop_calls(first) == 1
    info = info_of(manager, original)
    assert (info.state, info.stop_reason) == (State.ENQUEUED, StopReason.CONSTRAINT_CONNECTIVITY)
    assert info.next_schedule_time_millis == 30 * SECOND
    manager.advance_to(2 * MINUTE)
    assert starts(manager, original.id) == [0, 30 * SECOND]
    assert state_of(manager, original) is State.SUCCEEDED


def test_update_of_running_work_keeps_its_progress(manager):
    """APPLIED_FOR_NEXT_RUN keeps the running work's progress; a normal finish clears it (§18)."""
    original = OneTimeWorkRequest.from_(HalfDoneMinute)
    manager.enqueue(original)
    manager.advance_to(30 * SECOND)
    assert manager.update_work(_update_of(original, HalfDoneMinute).build()) is (
        APPLIED_FOR_NEXT_RUN
    )
    assert info_of(manager, original).progress == Data({"percent": 50})
    manager.advance_to(MINUTE)
    assert info_of(manager, original).progress == Data.EMPTY


def test_update_of_a_stopped_work_clears_progress_and_stop_reason(manager):
    """A run stopped by its constraint keeps progress and stop reason 7; an update clears both,
    keeps attempt 1 and the enqueue time 0 (§7, §11, §18)."""
    original = OneTimeWorkRequest.Builder(HalfDoneMinute).set_constraints(CONNECTED).build()
    manager.enqueue(original)
    manager.advance_to(20 * SECOND)
    manager.set_device(network="none")
    stopped = info_of(manager, original)
    assert (stopped.state, stopped.stop_reason) == (
        State.ENQUEUED,
        StopReason.CONSTRAINT_CONNECTIVITY,
    )
    assert stopped.progress == Data({"percent": 50})
    update = _update_of(original, HalfDoneMinute).set_constraints(CONNECTED).build()
    assert manager.update_work(update) is APPLIED_IMMEDIATELY
    info = info_of(manager, original)
    assert info.progress == Data.EMPTY
    assert info.stop_reason == NOT_STOPPED
    assert info.run_attempt_count == 1
    assert info.next_schedule_time_millis == 30 * SECOND  # E = 0 + backoff(1)
    manager.advance_to(40 * SECOND)
    manager.set_device(network="wifi")
    manager.advance(timedelta(0))
    assert starts(manager, original.id) == [0, 40 * SECOND]


def test_update_of_running_periodic_work_applies_for_the_next_run(manager):
    """update_work on a RUNNING periodic work: APPLIED_FOR_NEXT_RUN; the 2 h interval counts from
    the end of the current run at 60 000 (§11)."""
    original = PeriodicWorkRequest.Builder(OneMinute, timedelta(hours=1)).build()
    manager.enqueue(original)
    manager.advance_to(30 * SECOND)
    update = PeriodicWorkRequest.Builder(OneMinute, timedelta(hours=2)).set_id(original.id).build()
    assert manager.update_work(update) is APPLIED_FOR_NEXT_RUN
    manager.advance_to(MINUTE)
    assert info_of(manager, original).next_schedule_time_millis == MINUTE + 2 * HOUR
    assert info_of(manager, original).periodicity_info.repeat_interval_millis == 2 * HOUR


# ------------------------------------------------------------------------- NOT_APPLIED
def _finished(manager, state):
    """A work finished as ``state`` by 10 000."""
    request = {
        State.SUCCEEDED: OneTimeWorkRequest.Builder(Succeed),
        State.FAILED: OneTimeWorkRequest.Builder(Fail),
        State.CANCELLED: OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)),
    }[state].build()
    manager.enqueue(request)
    if state is State.CANCELLED:
        manager.cancel_work_by_id(request.id)
    manager.advance_to(10 * SECOND)
    assert state_of(manager, request) is state
    return request


@pytest.mark.parametrize(
    "state", [State.SUCCEEDED, State.FAILED, State.CANCELLED], ids=lambda s: s.name
)
def test_update_of_finished_work_is_not_applied(manager, state):
    """SUCCEEDED, FAILED or CANCELLED work: NOT_APPLIED and the row is unchanged (§11)."""
    original = _finished(manager, state)
    before = info_of(manager, original)
    update = _update_of(original).add_tag("v2").set_input_data({"version": 2}).build()
    assert manager.update_work(update) is NOT_APPLIED
    assert info_of(manager, original) == before
    assert manager.get_work_infos_by_tag("v2") == []
    manager.advance(timedelta(hours=2))
    assert len(runs_of(original.id)) == (0 if state is State.CANCELLED else 1)


def test_finished_work_is_not_applied_before_the_type_is_checked(manager):
    """Android checks 'finished' first: a periodic update of SUCCEEDED one-time work is
    NOT_APPLIED, not refused (§11, WorkerUpdater)."""
    original = _finished(manager, State.SUCCEEDED)
    update = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1)).set_id(original.id).build()
    assert manager.update_work(update) is NOT_APPLIED


def test_update_of_cancelled_periodic_work_is_not_applied(manager):
    """update_work (unlike the UPDATE policy) never re-enqueues: a CANCELLED periodic work is
    NOT_APPLIED and stays CANCELLED under its id (§11)."""
    original = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1)).build()
    manager.enqueue(original)
    manager.cancel_work_by_id(original.id)
    update = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=2)).set_id(original.id).build()
    assert manager.update_work(update) is NOT_APPLIED
    info = info_of(manager, original)
    assert (info.state, info.generation) == (State.CANCELLED, 0)
    assert info.periodicity_info.repeat_interval_millis == HOUR


def test_update_of_a_first_period_not_yet_run_uses_the_new_delay_and_flex(manager):
    """Before its first run a periodic work's new delay and flex count from its enqueue time 0:
    delay 1 h + (1 h − 15 min) becomes a 20 min delay with no flex (§4, §11)."""
    original = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1), timedelta(minutes=15))
        .set_initial_delay(timedelta(hours=1))
        .build()
    )
    manager.enqueue(original)
    assert info_of(manager, original).next_schedule_time_millis == 105 * MINUTE
    manager.advance_to(10 * MINUTE)
    update = (
        PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
        .set_initial_delay(timedelta(minutes=20))
        .set_id(original.id)
        .build()
    )
    assert manager.update_work(update) is APPLIED_IMMEDIATELY
    assert info_of(manager, original).next_schedule_time_millis == 20 * MINUTE
    manager.advance_to(HOUR)
    assert starts(manager, original.id) == [20 * MINUTE]


# ---------------------------------------------------------------------------- refusals
def test_update_of_an_unknown_id_is_refused(manager):
    """An id never stored: IllegalArgumentException 'Worker with … doesn't exist' (§11)."""
    update = OneTimeWorkRequest.Builder(Succeed).set_id(uuid.uuid4()).build()
    with pytest.raises(ValueError, match="doesn't exist") as raised:
        manager.update_work(update)
    assert isinstance(raised.value, WorkManagerError)
    assert str(update.id) in str(raised.value)
    assert manager.get_work_info_by_id(update.id) is None


def test_update_of_a_deleted_id_is_refused(manager):
    """A pruned work's id is unknown again: 'doesn't exist' (§11, §17)."""
    original = _finished(manager, State.SUCCEEDED)
    manager.prune_work()
    with pytest.raises(ValueError, match="doesn't exist"):
        manager.update_work(_update_of(original).build())


@pytest.mark.parametrize("direction", ["one-time to periodic", "periodic to one-time"])
def test_update_must_preserve_the_worker_type(manager, direction):
    """One-time ↔ periodic: UnsupportedOperationException 'Can't update … Worker to … Worker.
    Update operation must preserve worker's type.'; the row is unchanged (§11)."""
    periodic = PeriodicWorkRequest.Builder(Succeed, timedelta(hours=1))
    one_time = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1))
    if direction == "one-time to periodic":
        original, update_builder, kinds = one_time.build(), periodic, ("OneTime", "Periodic")
    else:
        original, update_builder, kinds = periodic.build(), one_time, ("Periodic", "OneTime")
    manager.enqueue(original)
    before = info_of(manager, original)
    update = update_builder.set_id(original.id).build()
    with pytest.raises(RuntimeError, match="Update operation must preserve worker's type") as err:
        manager.update_work(update)
    assert isinstance(err.value, UnsupportedOperationError)
    assert isinstance(err.value, WorkManagerError)
    assert f"Can't update {kinds[0]} Worker to {kinds[1]} Worker" in str(err.value)
    assert info_of(manager, original) == before


@pytest.mark.parametrize(
    "value", [None, "a-work-id", uuid.uuid4(), ["request"]], ids=["None", "str", "uuid", "list"]
)
def test_update_work_takes_a_work_request(manager, value):
    """update_work refuses anything but a WorkRequest built with set_id (API Errors)."""
    with pytest.raises(ValueError) as raised:
        manager.update_work(value)
    assert isinstance(raised.value, WorkManagerError)


def test_update_work_refuses_a_list_of_requests(manager):
    """update_work takes one request, as Android's updateWork does (API Errors)."""
    original = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    manager.enqueue(original)
    with pytest.raises(ValueError):
        manager.update_work([_update_of(original).build()])
    assert info_of(manager, original).generation == 0
