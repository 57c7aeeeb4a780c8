"""Failure and cancellation cascades, and stopping a running worker (digest §2, §9, §16)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import Data, ExistingWorkPolicy, OneTimeWorkRequest, StopReason

from .workers import (
    NOT_STOPPED,
    SECOND,
    Fail,
    Slow30s,
    SlowFail30s,
    State,
    Succeed,
    class_tag,
    events_of,
    info_of,
    runs_of,
    state_of,
    stop_calls,
)


def _later(cls=Succeed, *tags):
    builder = OneTimeWorkRequest.Builder(cls).set_initial_delay(timedelta(hours=1))
    for tag in tags:
        builder.add_tag(tag)
    return builder.build()


def test_failure_fails_every_transitive_dependent(manager):
    """When a fails, its dependents b and c become FAILED without ever running (§2, §9)."""
    a, b, c = (OneTimeWorkRequest.from_(cls) for cls in (Fail, Succeed, Succeed))
    manager.begin_with(a).then(b).then(c).enqueue()
    manager.advance(timedelta(0))
    assert [state_of(manager, r) for r in (a, b, c)] == [State.FAILED] * 3
    assert runs_of(b.id) == runs_of(c.id) == []
    assert info_of(manager, c).run_attempt_count == 0


def test_failure_cascades_down_a_deep_chain(manager):
    """A failure at the root of a 100-deep chain fails all 99 dependents (§9)."""
    root = OneTimeWorkRequest.from_(Fail)
    rest = [OneTimeWorkRequest.from_(Succeed) for _ in range(99)]
    continuation = manager.begin_with(root)
    for request in rest:
        continuation = continuation.then(request)
    continuation.enqueue()
    manager.advance(timedelta(0))
    assert {state_of(manager, r) for r in rest} == {State.FAILED}


def test_failure_never_overwrites_cancelled(manager):
    """A failure cascade skips a dependent that was already CANCELLED (§2, §9)."""
    a = OneTimeWorkRequest.from_(SlowFail30s)
    b, c = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(a).then([b, c]).enqueue()
    manager.advance(timedelta(seconds=10))
    manager.cancel_work_by_id(b.id)
    manager.advance_to(30 * SECOND)
    assert state_of(manager, a) is State.FAILED
    assert state_of(manager, b) is State.CANCELLED
    assert state_of(manager, c) is State.FAILED


def test_failure_leaves_prerequisites_and_siblings_alone(manager):
    """root → [f, s] → d: f's failure fails d only; root stays SUCCEEDED and s runs on (§9)."""
    root, f = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Fail)
    s, d = OneTimeWorkRequest.from_(Slow30s), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(root).then([f, s]).then(d).enqueue()
    manager.advance(timedelta(seconds=10))
    assert state_of(manager, root) is State.SUCCEEDED
    assert state_of(manager, f) is State.FAILED
    assert state_of(manager, d) is State.FAILED
    assert state_of(manager, s) is State.RUNNING
    manager.advance_to(30 * SECOND)
    assert state_of(manager, s) is State.SUCCEEDED
    assert state_of(manager, d) is State.FAILED


def test_cancel_of_a_succeeded_root_cancels_its_unfinished_dependents(manager):
    """Cancelling a SUCCEEDED root keeps it SUCCEEDED and cancels its ENQUEUED child (§9)."""
    a, b = OneTimeWorkRequest.from_(Succeed), _later()
    manager.begin_with(a).then(b).enqueue()
    manager.advance(timedelta(0))
    assert state_of(manager, b) is State.ENQUEUED
    manager.cancel_work_by_id(a.id)
    assert state_of(manager, a) is State.SUCCEEDED
    assert state_of(manager, b) is State.CANCELLED


def test_cancel_cascades_through_finished_works(manager):
    """Cancelling a in a → b → c, with a and b SUCCEEDED, still reaches and cancels c (§9)."""
    a, b, c = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Succeed), _later()
    manager.begin_with(a).then(b).then(c).enqueue()
    manager.advance(timedelta(0))
    manager.cancel_work_by_id(a.id)
    assert [state_of(manager, r) for r in (a, b, c)] == [
        State.SUCCEEDED,
        State.SUCCEEDED,
        State.CANCELLED,
    ]


def test_cancel_never_touches_prerequisites(manager):
    """Cancelling m in p → m → q cancels m and q; p runs on and succeeds (§9)."""
    p, m, q = (OneTimeWorkRequest.from_(cls) for cls in (Slow30s, Succeed, Succeed))
    manager.begin_with(p).then(m).then(q).enqueue()
    manager.advance(timedelta(seconds=10))
    manager.cancel_work_by_id(m.id)
    assert state_of(manager, p) is State.RUNNING
    assert state_of(manager, m) is State.CANCELLED
    assert state_of(manager, q) is State.CANCELLED
    manager.advance_to(30 * SECOND)
    assert state_of(manager, p) is State.SUCCEEDED
    assert state_of(manager, q) is State.CANCELLED


def test_cancel_leaves_failed_work_failed(manager):
    """cancel_work_by_id never overwrites FAILED, on the target or its dependents (§9)."""
    a, b = OneTimeWorkRequest.from_(Fail), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(a).then(b).enqueue()
    manager.advance(timedelta(0))
    manager.cancel_work_by_id(a.id)
    assert state_of(manager, a) is State.FAILED
    assert state_of(manager, b) is State.FAILED


def test_cancel_all_work_by_tag(manager):
    """cancel_all_work_by_tag cancels unfinished works with the tag and their dependents (§9)."""
    tagged, other = _later(Succeed, "sync"), _later(Succeed, "ui")
    done = OneTimeWorkRequest.Builder(Succeed).add_tag("sync").build()
    child = OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(tagged).then(child).enqueue()
    manager.enqueue([other, done])
    manager.advance(timedelta(0))
    manager.cancel_all_work_by_tag("sync")
    assert state_of(manager, tagged) is State.CANCELLED
    assert state_of(manager, child) is State.CANCELLED
    assert state_of(manager, other) is State.ENQUEUED
    assert state_of(manager, done) is State.SUCCEEDED


def test_cancel_all_work_by_the_implicit_class_tag(manager):
    """Cancelling by the implicit class-name tag cancels every unfinished work of it (§13)."""
    first, second, other = _later(Slow30s), _later(Slow30s), _later(Succeed)
    manager.enqueue([first, second, other])
    manager.cancel_all_work_by_tag(class_tag(Slow30s))
    assert state_of(manager, first) is State.CANCELLED
    assert state_of(manager, second) is State.CANCELLED
    assert state_of(manager, other) is State.ENQUEUED


def test_cancel_unique_work_leaves_its_finished_works(manager):
    """cancel_unique_work cancels the name's unfinished works; its SUCCEEDED ones stay (§9)."""
    a, b, stranger = OneTimeWorkRequest.from_(Succeed), _later(), _later()
    manager.begin_unique_work("upload", ExistingWorkPolicy.KEEP, a).then(b).enqueue()
    manager.enqueue(stranger)
    manager.advance(timedelta(0))
    manager.cancel_unique_work("upload")
    assert state_of(manager, a) is State.SUCCEEDED
    assert state_of(manager, b) is State.CANCELLED
    assert state_of(manager, stranger) is State.ENQUEUED


def test_cancel_all_work_cancels_every_unfinished_work(manager):
    """cancel_all_work cancels ENQUEUED, BLOCKED and RUNNING works; finished ones stay (§9)."""
    running, blocked = OneTimeWorkRequest.from_(Slow30s), OneTimeWorkRequest.from_(Succeed)
    waiting, done = _later(), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(running).then(blocked).enqueue()
    manager.enqueue([waiting, done])
    manager.advance(timedelta(seconds=10))
    manager.cancel_all_work()
    for request in (running, blocked, waiting):
        assert state_of(manager, request) is State.CANCELLED
    assert state_of(manager, done) is State.SUCCEEDED


def test_cancelling_a_running_worker_stops_it(manager):
    """Cancel stops a RUNNING worker: on_stopped once, stop_reason CANCELLED_BY_APP (§9, §16)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    manager.cancel_work_by_id(request.id)
    (run,) = runs_of(request.id)
    assert run.worker.is_stopped
    assert run.worker.stop_reason == StopReason.CANCELLED_BY_APP
    assert stop_calls(run.worker) == 1
    info = info_of(manager, request)
    assert info.state is State.CANCELLED
    assert info.stop_reason == StopReason.CANCELLED_BY_APP == 1
    assert info.run_attempt_count == 1


def test_result_of_a_cancelled_worker_is_ignored(manager):
    """The cancelled run's success at 30 s is ignored: still CANCELLED, no output, no event (§2)."""
    request = OneTimeWorkRequest.Builder(Slow30s).build()
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    manager.cancel_work_by_id(request.id)
    manager.advance(timedelta(minutes=1))
    info = info_of(manager, request)
    assert info.state is State.CANCELLED
    assert info.output_data == Data.EMPTY
    assert events_of(manager, request.id, "succeeded") == []


def test_cancelling_twice_calls_on_stopped_once(manager):
    """A worker's on_stopped is called once however often its work is cancelled (§16)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=10))
    manager.cancel_work_by_id(request.id)
    manager.cancel_work_by_id(request.id)
    manager.cancel_all_work()
    assert stop_calls(runs_of(request.id)[0].worker) == 1


def test_cancel_before_the_first_run_keeps_not_stopped(manager):
    """A work cancelled before it ever ran has stop_reason NOT_STOPPED, −256 (§9)."""
    request = _later()
    manager.enqueue(request)
    manager.cancel_work_by_id(request.id)
    info = info_of(manager, request)
    assert info.state is State.CANCELLED
    assert info.stop_reason == StopReason.NOT_STOPPED == NOT_STOPPED
    manager.advance(timedelta(hours=2))
    assert runs_of(request.id) == []


def test_cancel_takes_effect_at_the_call(manager):
    """A work is CANCELLED when cancel returns, with a `cancelled` event then (API Time)."""
    request = _later()
    manager.enqueue(request)
    manager.advance(timedelta(seconds=5))
    manager.cancel_work_by_id(request.id)
    assert state_of(manager, request) is State.CANCELLED
    assert manager.clock.now_millis == 5 * SECOND
    assert [e.millis for e in events_of(manager, request.id, "cancelled")] == [5 * SECOND]


def test_cancel_of_a_blocked_chain_cancels_it_all(manager):
    """Cancelling a pending root cancels its BLOCKED dependents; none of them ever runs (§9)."""
    a, b = _later(), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(a).then(b).enqueue()
    manager.cancel_work_by_id(a.id)
    assert state_of(manager, b) is State.CANCELLED
    manager.advance(timedelta(hours=2))
    assert runs_of(a.id) == runs_of(b.id) == []
    assert info_of(manager, b).stop_reason == NOT_STOPPED
