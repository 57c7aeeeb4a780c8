"""The 10-minute execution window: a stop counts as an attempt and keeps E (§2, §3, §16)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import BackoffPolicy, Data, OneTimeWorkRequest, StopReason

from .workers import (
    HOUR,
    MINUTE,
    ElevenMinutes,
    State,
    TenMinutes,
    events_of,
    info_of,
    runs_of,
    starts,
    stop_calls,
)

WINDOW = 10 * MINUTE  # 600 000 ms


def _eleven_minutes(manager, backoff=timedelta(hours=1)):
    request = (
        OneTimeWorkRequest.Builder(ElevenMinutes)
        .set_backoff_criteria(BackoffPolicy.LINEAR, backoff)
        .build()
    )
    manager.enqueue(request)
    return request


def test_run_reaching_ten_minutes_is_stopped_with_timeout(manager):
    """A run reaching 600 000 ms is stopped: on_stopped once, StopReason.TIMEOUT (§16)."""
    request = _eleven_minutes(manager)
    manager.advance_to(WINDOW)
    (run,) = runs_of(request.id)
    assert run.worker.is_stopped
    assert run.worker.stop_reason == StopReason.TIMEOUT == 3
    assert stop_calls(run.worker) == 1
    assert [e.millis for e in events_of(manager, request.id, "stopped")] == [WINDOW]
    assert events_of(manager, request.id, "succeeded") == []


def test_timed_out_work_is_enqueued_again_with_its_attempt_counted(manager):
    """After the stop: ENQUEUED, stop_reason TIMEOUT, run_attempt_count 1, no output (§2, §3)."""
    request = _eleven_minutes(manager)
    manager.advance_to(WINDOW)
    info = info_of(manager, request)
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.TIMEOUT
    assert info.run_attempt_count == 1
    assert info.output_data == Data.EMPTY


def test_stop_keeps_the_enqueue_time_for_the_backoff(manager):
    """A stop leaves E = 0: with a 1 h LINEAR backoff the rerun is due at 3 600 000 (§2, §4)."""
    request = _eleven_minutes(manager)
    manager.advance_to(WINDOW)
    assert info_of(manager, request).next_schedule_time_millis == HOUR


def test_repeated_stops_grow_the_backoff_from_the_same_enqueue_time(manager):
    """Two timeouts give reruns at E + B·1 = 3 600 000 and E + B·2 = 7 200 000 (§3, §4, §23.2)."""
    request = _eleven_minutes(manager)
    manager.advance_to(HOUR + WINDOW)
    info = info_of(manager, request)
    assert info.run_attempt_count == 2
    assert info.next_schedule_time_millis == 2 * HOUR
    manager.advance_to(2 * HOUR)
    assert starts(manager, request.id) == [0, HOUR, 2 * HOUR]
    assert [run.run_attempt_count for run in runs_of(request.id)] == [0, 1, 2]


def test_stopped_work_whose_backoff_has_passed_reruns_at_once(manager):
    """With the default backoff E + 30 000 is past at the stop: rerun at 600 000 (§4)."""
    request = OneTimeWorkRequest.from_(ElevenMinutes)
    manager.enqueue(request)
    manager.advance_to(WINDOW)
    assert starts(manager, request.id) == [0, WINDOW]
    info = info_of(manager, request)
    assert info.state is State.RUNNING
    assert info.run_attempt_count == 2


def test_run_finishing_exactly_at_ten_minutes_succeeds(manager):
    """A run that finishes at exactly 600 000 ms counts as finished, not timed out (API Workers)."""
    request = OneTimeWorkRequest.from_(TenMinutes)
    manager.enqueue(request)
    manager.advance_to(WINDOW)
    info = info_of(manager, request)
    assert info.state is State.SUCCEEDED
    assert info.run_attempt_count == 1
    assert events_of(manager, request.id, "stopped") == []
    (run,) = runs_of(request.id)
    assert not run.worker.is_stopped
    assert stop_calls(run.worker) == 0


def test_livedata_shows_the_timeout_stop_before_the_rerun(manager):
    """An observer sees RUNNING, then ENQUEUED with stop_reason TIMEOUT and its next run
    time (30 000, already past), then RUNNING again, all at 600 000: on a phone the stop
    and the rerun are separate database writes with a JobScheduler round trip between
    them (SystemJobService.onStopJob, WorkerWrapper resetWorkerStatus, then
    Schedulers.registerRescheduling schedules a new job at E + backoff)."""
    request = OneTimeWorkRequest.from_(ElevenMinutes)
    manager.enqueue(request)
    seen = []
    live = manager.get_work_info_by_id_live_data(request.id)
    live.observe(lambda info: seen.append((manager.clock.now_millis, info)))
    manager.advance_to(WINDOW)
    assert [(t, i.state, i.run_attempt_count, StopReason(i.stop_reason).name) for t, i in seen] == [
        (0, State.ENQUEUED, 0, "NOT_STOPPED"),
        (0, State.RUNNING, 1, "NOT_STOPPED"),
        (WINDOW, State.ENQUEUED, 1, "TIMEOUT"),
        (WINDOW, State.RUNNING, 2, "NOT_STOPPED"),
    ]
    assert seen[2][1].next_schedule_time_millis == 30_000
    # polled after the call, as a phone's getWorkInfoById later: the second run
    assert info_of(manager, request).state is State.RUNNING


def test_a_stop_that_does_not_restart_at_once_is_seen_once(manager):
    """A stop whose rerun waits (a 1 h backoff) reaches observers once, as ENQUEUED."""
    request = _eleven_minutes(manager)
    seen = []
    manager.get_work_info_by_id_live_data(request.id).observe(seen.append)
    manager.advance_to(WINDOW + 1)
    assert [(i.state, StopReason(i.stop_reason).name) for i in seen] == [
        (State.ENQUEUED, "NOT_STOPPED"),
        (State.RUNNING, "NOT_STOPPED"),
        (State.ENQUEUED, "TIMEOUT"),
    ]
