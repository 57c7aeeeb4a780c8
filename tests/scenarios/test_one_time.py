"""One-time work: enqueue, one run, its result, initial delay (digest §2, §3, §4, §5, §18)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import Data, OneTimeWorkRequest, StopReason, WorkManager

from .workers import (
    LONG_MAX,
    MINUTE,
    NOT_STOPPED,
    RAISED_MESSAGE,
    RUNS,
    SECOND,
    Echo,
    FailWithReason,
    Raises,
    ReturnsNone,
    Slow30s,
    State,
    Succeed,
    class_tag,
    events_of,
    info_of,
    runs_of,
    starts,
    state_of,
)


def test_enqueued_work_is_due_at_its_enqueue_time(manager):
    """An enqueued request is ENQUEUED with next_schedule_time_millis = E + D = 0 (§4, §5)."""
    request = OneTimeWorkRequest.from_(Succeed)
    manager.enqueue(request)
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.next_schedule_time_millis == 0
    assert info.run_attempt_count == 0


def test_nothing_runs_until_the_clock_is_driven(manager):
    """Enqueueing only schedules; do_work is called when the clock is driven (API Time)."""
    request = OneTimeWorkRequest.from_(Succeed)
    manager.enqueue(request)
    assert RUNS == []
    assert starts(manager, request.id) == []
    manager.advance(timedelta(0))
    assert len(runs_of(request.id)) == 1


def test_zero_duration_worker_succeeds_with_its_output(manager):
    """A zero-duration worker SUCCEEDS at the instant it is due, its output stored (§2)."""
    request = OneTimeWorkRequest.Builder(Echo).set_input_data({"name": "cat.jpg"}).build()
    manager.enqueue(request)
    manager.advance(timedelta(0))
    info = info_of(manager, request)
    assert info.state is State.SUCCEEDED
    assert info.output_data == Data({"name": "cat.jpg"})
    assert info.run_attempt_count == 1
    assert manager.clock.now_millis == 0
    assert [e.millis for e in events_of(manager, request.id, "succeeded")] == [0]


def test_running_work_counts_its_attempt_while_the_worker_sees_zero(manager):
    """While the first run is RUNNING WorkInfo.run_attempt_count is 1; the worker sees 0 (§3)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    info = info_of(manager, request)
    assert info.state is State.RUNNING
    assert info.run_attempt_count == 1
    assert [run.run_attempt_count for run in runs_of(request.id)] == [0]
    assert [run.worker.run_attempt_count for run in runs_of(request.id)] == [0]


def test_slow_worker_succeeds_when_its_duration_has_passed(manager):
    """A 30 s worker started at 0 is RUNNING at 29 999 ms and SUCCEEDED at 30 000 ms (§2)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance_to(30 * SECOND - 1)
    assert state_of(manager, request) is State.RUNNING
    manager.advance_to(30 * SECOND)
    assert state_of(manager, request) is State.SUCCEEDED
    assert starts(manager, request.id) == [0]
    assert [e.millis for e in events_of(manager, request.id, "succeeded")] == [30 * SECOND]
    assert info_of(manager, request).run_attempt_count == 1


def test_initial_delay_makes_work_eligible_at_enqueue_plus_delay():
    """Enqueued at E = 1 000 with D = 2 000, the work is due at 3 000 and not before (§4, §5)."""
    manager = WorkManager(start_millis=1_000)
    request = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(seconds=2)).build()
    manager.enqueue(request)
    assert info_of(manager, request).next_schedule_time_millis == 3_000
    manager.advance_to(2_999)
    assert state_of(manager, request) is State.ENQUEUED
    assert starts(manager, request.id) == []
    manager.advance_to(3_000)
    assert state_of(manager, request) is State.SUCCEEDED
    assert starts(manager, request.id) == [3_000]


def test_do_work_returning_none_fails(manager):
    """A do_work that returns None counts as Result.failure(), with empty output (§2)."""
    request = OneTimeWorkRequest.from_(ReturnsNone)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    info = info_of(manager, request)
    assert info.state is State.FAILED
    assert info.output_data == Data.EMPTY


def test_failure_output_is_stored(manager):
    """Result.failure(data) stores data as the FAILED work's output (§2, §18)."""
    request = OneTimeWorkRequest.from_(FailWithReason)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    info = info_of(manager, request)
    assert info.state is State.FAILED
    assert info.output_data.get_string("reason") == "disk full"
    assert info.run_attempt_count == 1


def test_raising_worker_fails_and_its_exception_is_kept(manager):
    """A do_work that raises counts as failure; explain() and the failed event show it (§2)."""
    request = OneTimeWorkRequest.from_(Raises)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    assert state_of(manager, request) is State.FAILED
    assert RAISED_MESSAGE in manager.explain(request.id)
    (failed,) = events_of(manager, request.id, "failed")
    assert failed.millis == 0
    assert RAISED_MESSAGE in failed.detail
    assert "do_work" in failed.detail  # the traceback names the raising frame


def test_reenqueueing_a_finished_request_does_nothing(manager):
    """Re-enqueueing a stored id leaves its SUCCEEDED row as is; nothing reruns (§5)."""
    request = OneTimeWorkRequest.from_(Succeed)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    manager.enqueue(request)
    manager.advance(timedelta(minutes=1))
    info = info_of(manager, request)
    assert info.state is State.SUCCEEDED
    assert info.run_attempt_count == 1
    assert starts(manager, request.id) == [0]


def test_reenqueueing_a_pending_request_runs_it_once(manager):
    """Enqueueing the same pending request twice keeps one work, which runs once (§5)."""
    request = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(minutes=1)).build()
    manager.enqueue(request)
    manager.advance(timedelta(seconds=30))
    manager.enqueue(request)
    assert info_of(manager, request).next_schedule_time_millis == MINUTE
    manager.advance(timedelta(minutes=5))
    assert starts(manager, request.id) == [MINUTE]
    assert len(runs_of(request.id)) == 1


def test_next_schedule_time_is_long_max_unless_enqueued(manager):
    """next_schedule_time_millis is Long.MAX for RUNNING, BLOCKED, finished work (§4, §18)."""
    running = OneTimeWorkRequest.from_(Slow30s)
    blocked = OneTimeWorkRequest.from_(Succeed)
    succeeded = OneTimeWorkRequest.from_(Succeed)
    failed = OneTimeWorkRequest.from_(FailWithReason)
    cancelled = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    manager.begin_with(running).then(blocked).enqueue()
    manager.enqueue([succeeded, failed, cancelled])
    manager.advance(timedelta(seconds=10))
    manager.cancel_work_by_id(cancelled.id)
    expected = [
        (running, State.RUNNING),
        (blocked, State.BLOCKED),
        (succeeded, State.SUCCEEDED),
        (failed, State.FAILED),
        (cancelled, State.CANCELLED),
    ]
    for request, state in expected:
        info = info_of(manager, request)
        assert info.state is state
        assert info.next_schedule_time_millis == LONG_MAX


def test_each_build_gets_a_fresh_id():
    """Every build() of one builder gives a new random id (§4 builder validation)."""
    builder = OneTimeWorkRequest.Builder(Succeed)
    first, second = builder.build(), builder.build()
    assert first.id != second.id


def test_request_tags_hold_the_worker_class_name():
    """A request's tags are its own tags plus its worker class's full name (§13)."""
    request = OneTimeWorkRequest.Builder(Succeed).add_tag("sync").add_tag("photos").build()
    assert request.tags == frozenset({"sync", "photos", class_tag(Succeed)})


def test_worker_sees_its_id_tags_and_input(manager):
    """The worker's id, tags and input_data are its request's (§5, API Workers)."""
    request = OneTimeWorkRequest.Builder(Echo).add_tag("sync").set_input_data({"n": "1"}).build()
    manager.enqueue(request)
    manager.advance(timedelta(0))
    (run,) = runs_of(request.id)
    assert run.worker.id == request.id
    assert set(run.worker.tags) == {"sync", class_tag(Echo)}
    assert run.input_data == Data({"n": "1"})


def test_work_that_was_never_stopped_reports_not_stopped(manager):
    """A work that ran to success without a stop has stop_reason NOT_STOPPED (−256) (§1, §18)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    assert info_of(manager, request).stop_reason == NOT_STOPPED
    manager.advance(timedelta(minutes=1))
    assert info_of(manager, request).stop_reason == StopReason.NOT_STOPPED == NOT_STOPPED


def test_keyword_constructor_behaves_like_the_builder(manager):
    """OneTimeWorkRequest(cls, input_data=, initial_delay=, tags=) acts as the builder (API)."""
    request = OneTimeWorkRequest(
        Echo, input_data={"k": "v"}, initial_delay=timedelta(minutes=1), tags={"sync"}
    )
    assert "sync" in request.tags
    manager.enqueue(request)
    assert info_of(manager, request).next_schedule_time_millis == MINUTE
    manager.advance(timedelta(minutes=1))
    info = info_of(manager, request)
    assert info.state is State.SUCCEEDED
    assert info.output_data == Data({"k": "v"})
