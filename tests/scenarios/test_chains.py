"""Chains: blocking, parallel levels, combine and input mergers (digest §2, §4, §5, §8)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import (
    ArrayCreatingInputMerger,
    Data,
    OneTimeWorkRequest,
    WorkContinuation,
    WorkQuery,
)

from .workers import (
    LONG_MAX,
    MINUTE,
    SECOND,
    Echo,
    Fail,
    Slow10s,
    Slow20s,
    Slow30s,
    State,
    Succeed,
    events_of,
    info_of,
    runs_of,
    starts,
    state_of,
)


def _echo(data, merger=None):
    builder = OneTimeWorkRequest.Builder(Echo).set_input_data(data)
    if merger is not None:
        builder.set_input_merger(merger)
    return builder.build()


def test_dependent_is_blocked_until_its_prerequisite_succeeds(manager):
    """b is BLOCKED (next time Long.MAX, no attempt) while a runs, then runs (§2, §4)."""
    a, b = OneTimeWorkRequest.from_(Slow30s), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(a).then(b).enqueue()
    manager.advance(timedelta(seconds=10))
    info = info_of(manager, b)
    assert info.state is State.BLOCKED
    assert info.next_schedule_time_millis == LONG_MAX
    assert info.run_attempt_count == 0
    manager.advance_to(30 * SECOND)
    assert state_of(manager, a) is State.SUCCEEDED
    assert state_of(manager, b) is State.SUCCEEDED
    assert starts(manager, b.id) == [30 * SECOND]


def test_dependent_initial_delay_counts_from_its_unblocking(manager):
    """b's 1 min initial delay counts from a's success at 30 000: b runs at 90 000 (§5)."""
    a = OneTimeWorkRequest.from_(Slow30s)
    b = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(minutes=1)).build()
    manager.begin_with(a).then(b).enqueue()
    manager.advance_to(30 * SECOND)
    info = info_of(manager, b)
    assert info.state is State.ENQUEUED
    assert info.next_schedule_time_millis == 30 * SECOND + MINUTE
    manager.advance_to(30 * SECOND + MINUTE)
    assert starts(manager, b.id) == [30 * SECOND + MINUTE]


def test_trace_shows_blocked_then_unblocked(manager):
    """The trace has b `blocked` at its enqueue and `unblocked` when a succeeds (§2, API trace)."""
    a, b = OneTimeWorkRequest.from_(Slow30s), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with(a).then(b).enqueue()
    manager.advance_to(30 * SECOND)
    assert [e.millis for e in events_of(manager, b.id, "blocked")] == [0]
    assert [e.millis for e in events_of(manager, b.id, "unblocked")] == [30 * SECOND]


def test_next_level_waits_for_every_work_of_a_parallel_level(manager):
    """begin_with([a, b]) runs both at once; then(c) starts when the later one ends (§8)."""
    a, b = OneTimeWorkRequest.from_(Slow10s), OneTimeWorkRequest.from_(Slow20s)
    c = OneTimeWorkRequest.from_(Succeed)
    manager.begin_with([a, b]).then(c).enqueue()
    manager.advance_to(10 * SECOND)
    assert starts(manager, a.id) == starts(manager, b.id) == [0]
    assert state_of(manager, a) is State.SUCCEEDED
    assert state_of(manager, c) is State.BLOCKED
    manager.advance_to(20 * SECOND)
    assert starts(manager, c.id) == [20 * SECOND]


def test_every_work_of_a_level_depends_on_every_work_of_the_previous(manager):
    """begin_with([a, b]).then([c, d]): c and d both start after both a and b (§8)."""
    a, b = OneTimeWorkRequest.from_(Slow10s), OneTimeWorkRequest.from_(Slow20s)
    c, d = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Succeed)
    manager.begin_with([a, b]).then([c, d]).enqueue()
    manager.advance_to(20 * SECOND)
    assert starts(manager, c.id) == starts(manager, d.id) == [20 * SECOND]


def test_zero_duration_chain_completes_in_one_advance(manager):
    """A chain of four zero-duration works ends within one advance(timedelta(0)) (API Time)."""
    requests = [OneTimeWorkRequest.from_(Succeed) for _ in range(4)]
    continuation = manager.begin_with(requests[0])
    for request in requests[1:]:
        continuation = continuation.then(request)
    continuation.enqueue()
    manager.advance(timedelta(0))
    assert [state_of(manager, r) for r in requests] == [State.SUCCEEDED] * 4
    assert manager.clock.now_millis == 0
    order = [e.work_id for e in manager.trace if e.kind == "started"]
    assert [str(i) for i in order] == [str(r.id) for r in requests]


def test_combine_runs_after_both_leaves(manager):
    """combine([c1, c2]).then(d) starts d when the later leaf succeeds (§8)."""
    a, b = OneTimeWorkRequest.from_(Slow10s), OneTimeWorkRequest.from_(Slow20s)
    d = OneTimeWorkRequest.from_(Succeed)
    left, right = manager.begin_with(a), manager.begin_with(b)
    WorkContinuation.combine([left, right]).then(d).enqueue()
    manager.advance_to(10 * SECOND)
    assert state_of(manager, d) is State.BLOCKED
    manager.advance_to(20 * SECOND)
    assert starts(manager, d.id) == [20 * SECOND]
    assert state_of(manager, d) is State.SUCCEEDED


def test_combine_hands_arrays_of_the_leaf_outputs(manager):
    """The hidden combine worker uses ArrayCreatingInputMerger: d's input holds arrays (§8)."""
    a, b = _echo({"k": "a"}), _echo({"k": "b"})
    d = OneTimeWorkRequest.from_(Echo)
    WorkContinuation.combine([manager.begin_with(a), manager.begin_with(b)]).then(d).enqueue()
    manager.advance(timedelta(0))
    (run,) = runs_of(d.id)
    assert sorted(run.input_data.get_string_array("k")) == ["a", "b"]


def test_parent_output_overwrites_the_child_input(manager):
    """With the default OverwritingInputMerger a parent's output beats the child's input (§8)."""
    parent = _echo({"k": "parent"})
    child = _echo({"k": "own", "mine": "x"})
    manager.begin_with(parent).then(child).enqueue()
    manager.advance(timedelta(0))
    (run,) = runs_of(child.id)
    assert run.input_data.get_string("k") == "parent"
    assert run.input_data.get_string("mine") == "x"


def test_outputs_of_two_parents_both_reach_the_child(manager):
    """Distinct keys from two parents all reach the child through the default merger (§8)."""
    first, second = _echo({"a": "1"}), _echo({"b": "2"})
    child = OneTimeWorkRequest.from_(Echo)
    manager.begin_with([first, second]).then(child).enqueue()
    manager.advance(timedelta(0))
    (run,) = runs_of(child.id)
    assert run.input_data == Data({"a": "1", "b": "2"})


def test_array_creating_merger_on_a_fan_in(manager):
    """ArrayCreatingInputMerger makes one array of the child's own value then each parent's (§8)."""
    first, second = _echo({"k": "a"}), _echo({"k": "b"})
    child = _echo({"k": "c", "only": "z"}, ArrayCreatingInputMerger)
    manager.begin_with([first, second]).then(child).enqueue()
    manager.advance(timedelta(0))
    (run,) = runs_of(child.id)
    merged = list(run.input_data.get_string_array("k"))
    assert merged[0] == "c"  # own input comes first; the parents' order is unspecified
    assert sorted(merged[1:]) == ["a", "b"]
    assert list(run.input_data.get_string_array("only")) == ["z"]


def test_array_creating_merger_appends_a_scalar_to_an_array(manager):
    """An existing String array gets a later String scalar of the same key appended (§8 ACIM)."""
    parent = _echo({"k": "y"})
    child = _echo({"k": ["w", "x"]}, ArrayCreatingInputMerger)
    manager.begin_with(parent).then(child).enqueue()
    manager.advance(timedelta(0))
    assert list(runs_of(child.id)[0].input_data.get_string_array("k")) == ["w", "x", "y"]


def test_custom_input_merger_gets_own_input_and_parent_outputs(manager):
    """A custom InputMerger gets [own input] + parent outputs; its result is the input (§8)."""
    from wmkit import InputMerger

    class JoinSorted(InputMerger):
        def merge(self, inputs):
            values = sorted(data.get_string("k") for data in inputs)
            return Data({"k": ",".join(values), "count": str(len(inputs))})

    first, second = _echo({"k": "a"}), _echo({"k": "b"})
    child = _echo({"k": "c"}, JoinSorted)
    manager.begin_with([first, second]).then(child).enqueue()
    manager.advance(timedelta(0))
    (run,) = runs_of(child.id)
    assert run.input_data == Data({"k": "a,b,c", "count": "3"})


def test_then_with_an_empty_list_returns_the_same_continuation(manager):
    """then([]) returns the continuation it was called on (§8)."""
    continuation = manager.begin_with(OneTimeWorkRequest.from_(Succeed))
    assert continuation.then([]) is continuation


def test_enqueueing_a_continuation_twice_runs_each_work_once(manager):
    """A second enqueue() of the same WorkContinuation is a no-op (§5)."""
    a, b = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Succeed)
    continuation = manager.begin_with(a).then(b)
    continuation.enqueue()
    continuation.enqueue()
    manager.advance(timedelta(minutes=1))
    assert starts(manager, a.id) == starts(manager, b.id) == [0]
    assert len(manager.get_work_infos(WorkQuery.from_ids([]))) == 2


def test_continuation_reports_the_work_infos_of_its_chain(manager):
    """WorkContinuation.get_work_infos() gives the WorkInfo of every work in the chain (API)."""
    a, b = OneTimeWorkRequest.from_(Slow30s), OneTimeWorkRequest.from_(Succeed)
    continuation = manager.begin_with(a).then(b)
    continuation.enqueue()
    manager.advance(timedelta(seconds=10))
    states = {str(info.id): info.state for info in continuation.get_work_infos()}
    assert states == {str(a.id): State.RUNNING, str(b.id): State.BLOCKED}


def test_dependent_of_a_failed_work_is_stored_failed(manager):
    """Enqueueing a dependent of an already FAILED work stores it FAILED; it never runs (§2)."""
    a, b = OneTimeWorkRequest.from_(Fail), OneTimeWorkRequest.from_(Succeed)
    first = manager.begin_with(a)
    first.enqueue()
    manager.advance(timedelta(0))
    first.then(b).enqueue()
    assert state_of(manager, b) is State.FAILED
    manager.advance(timedelta(minutes=1))
    assert runs_of(b.id) == []


def test_dependent_of_a_cancelled_work_is_stored_cancelled(manager):
    """Enqueueing a dependent of an already CANCELLED work stores it CANCELLED (§2)."""
    a = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(hours=1)).build()
    b = OneTimeWorkRequest.from_(Succeed)
    first = manager.begin_with(a)
    first.enqueue()
    manager.cancel_work_by_id(a.id)
    first.then(b).enqueue()
    assert state_of(manager, b) is State.CANCELLED


def test_dependent_of_a_succeeded_work_is_enqueued_now(manager):
    """Enqueueing a dependent of an already SUCCEEDED work makes it ENQUEUED with E = now (§2)."""
    a = OneTimeWorkRequest.from_(Succeed)
    b = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(minutes=1)).build()
    first = manager.begin_with(a)
    first.enqueue()
    manager.advance(timedelta(minutes=5))
    first.then(b).enqueue()
    info = info_of(manager, b)
    assert info.state is State.ENQUEUED
    assert info.next_schedule_time_millis == 6 * MINUTE
