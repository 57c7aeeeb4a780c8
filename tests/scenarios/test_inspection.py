"""Inspecting work: WorkInfo, tags, WorkQuery, LiveData, the trace, concurrency (§12, §13, §18)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from uuid import uuid4

import pytest

from wmkit import (
    Constraints,
    Data,
    ExistingWorkPolicy,
    NetworkType,
    OneTimeWorkRequest,
    WorkManager,
    WorkManagerError,
    WorkQuery,
)

from .workers import (
    MINUTE,
    NOT_STOPPED,
    SECOND,
    AlwaysRetry,
    Slow10s,
    Slow30s,
    State,
    Succeed,
    class_tag,
    events_of,
    info_of,
    same_id,
    starts,
)


def _ids(infos):
    return {str(info.id) for info in infos}


def test_work_info_fields_of_a_fresh_request(manager):
    """A fresh delayed request's WorkInfo: id, tags, constraints, delay, nothing run (§18)."""
    constraints = Constraints(required_network_type=NetworkType.CONNECTED)
    request = (
        OneTimeWorkRequest.Builder(Succeed)
        .add_tag("sync")
        .set_constraints(constraints)
        .set_initial_delay(timedelta(minutes=5))
        .build()
    )
    manager.enqueue(request)
    info = manager.get_work_info_by_id(request.id)
    assert info.id == request.id
    assert info.state is State.ENQUEUED
    assert info.tags == {"sync", class_tag(Succeed)}
    assert info.output_data == Data.EMPTY
    assert info.progress == Data.EMPTY
    assert info.run_attempt_count == 0
    assert info.generation == 0
    assert info.constraints == constraints
    assert info.initial_delay_millis == 5 * MINUTE
    assert info.periodicity_info is None
    assert info.period_count == 0
    assert info.next_schedule_time_millis == 5 * MINUTE
    assert info.stop_reason == NOT_STOPPED


def test_work_info_of_an_unknown_id_is_none(manager):
    """get_work_info_by_id of an id never enqueued gives None (API Inspecting work)."""
    assert manager.get_work_info_by_id(uuid4()) is None


def test_default_constraints_are_none(manager):
    """A request without constraints reports Constraints.NONE (§18)."""
    request = OneTimeWorkRequest.from_(Succeed)
    manager.enqueue(request)
    assert info_of(manager, request).constraints == Constraints.NONE


def test_get_work_infos_by_tag_includes_finished_work(manager):
    """get_work_infos_by_tag lists every stored work with the tag, finished ones too (§12, §13)."""
    done = OneTimeWorkRequest.Builder(Succeed).add_tag("sync").build()
    pending = OneTimeWorkRequest.Builder(Slow30s).add_tag("sync").build()
    other = OneTimeWorkRequest.Builder(Succeed).add_tag("ui").build()
    manager.enqueue([done, pending, other])
    manager.advance(timedelta(seconds=1))
    assert _ids(manager.get_work_infos_by_tag("sync")) == {str(done.id), str(pending.id)}
    assert _ids(manager.get_work_infos_by_tag(class_tag(Slow30s))) == {str(pending.id)}


def test_get_work_infos_for_unique_work(manager):
    """get_work_infos_for_unique_work lists the works enqueued under that name (§13)."""
    a, b = OneTimeWorkRequest.from_(Succeed), OneTimeWorkRequest.from_(Succeed)
    manager.begin_unique_work("upload", ExistingWorkPolicy.KEEP, a).then(b).enqueue()
    manager.enqueue(OneTimeWorkRequest.from_(Succeed))
    assert _ids(manager.get_work_infos_for_unique_work("upload")) == {str(a.id), str(b.id)}


@pytest.fixture
def four_works(manager):
    """a: SUCCEEDED "x"; b: ENQUEUED "x"; c: ENQUEUED "y"; d: ENQUEUED "y", unique "nightly"."""

    def build(tag, delay=timedelta(hours=1)):
        return OneTimeWorkRequest.Builder(Succeed).add_tag(tag).set_initial_delay(delay).build()

    works = {
        "a": build("x", timedelta(0)),
        "b": build("x"),
        "c": build("y"),
        "d": build("y"),
    }
    manager.enqueue([works["a"], works["b"], works["c"]])
    manager.enqueue_unique_work("nightly", ExistingWorkPolicy.KEEP, works["d"])
    manager.advance(timedelta(0))
    return works


QUERIES = {
    "tags": (lambda w: WorkQuery.from_tags(["x"]), "ab"),
    "tags OR within": (lambda w: WorkQuery.Builder().add_tags(["x", "y"]).build(), "abcd"),
    "tags AND states": (
        lambda w: WorkQuery.Builder().add_tags(["x"]).add_states([State.ENQUEUED]).build(),
        "b",
    ),
    "states": (lambda w: WorkQuery.from_states([State.SUCCEEDED]), "a"),
    "states OR within": (
        lambda w: WorkQuery.from_states([State.SUCCEEDED, State.ENQUEUED]),
        "abcd",
    ),
    "ids": (lambda w: WorkQuery.from_ids([w["a"].id, w["c"].id]), "ac"),
    "names": (lambda w: WorkQuery.from_unique_work_names(["nightly"]), "d"),
    "names AND tags": (
        lambda w: WorkQuery.Builder().add_unique_work_names(["nightly"]).add_tags(["x"]).build(),
        "",
    ),
    "ids AND states": (
        lambda w: WorkQuery.Builder().add_ids([w["a"].id]).add_states([State.ENQUEUED]).build(),
        "",
    ),
    "empty ids": (lambda w: WorkQuery.from_ids([]), "abcd"),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_work_query(manager, four_works, name):
    """WorkQuery: AND across kinds, OR within one; from_ids([]) matches all (§12)."""
    make_query, expected = QUERIES[name]
    found = _ids(manager.get_work_infos(make_query(four_works)))
    assert found == {str(four_works[key].id) for key in expected}


def test_empty_work_query_builder_is_refused():
    """WorkQuery.Builder().build() with no criteria raises IllegalArgumentException (§12)."""
    with pytest.raises(ValueError) as raised:
        WorkQuery.Builder().build()
    assert isinstance(raised.value, WorkManagerError)


def test_live_data_observer_is_called_at_once_and_on_changes(manager):
    """observe() delivers the current WorkInfo at once, then each change (API LiveData)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    live = manager.get_work_info_by_id_live_data(request.id)
    seen = []
    live.observe(seen.append)
    assert [info.state for info in seen] == [State.ENQUEUED]
    manager.advance(timedelta(seconds=10))
    assert seen[-1].state is State.RUNNING
    manager.advance(timedelta(seconds=30))
    assert seen[-1].state is State.SUCCEEDED
    states = [info.state for info in seen]
    distinct = [s for i, s in enumerate(states) if i == 0 or states[i - 1] is not s]
    assert distinct == [State.ENQUEUED, State.RUNNING, State.SUCCEEDED]


def test_live_data_value_and_remove_observer(manager):
    """A removed observer is called no more; LiveData.value follows the work (API LiveData)."""
    request = OneTimeWorkRequest.from_(Slow30s)
    manager.enqueue(request)
    live = manager.get_work_info_by_id_live_data(request.id)
    removed, kept = [], []
    live.observe(removed.append)
    live.observe(kept.append)
    live.remove_observer(removed.append)
    manager.advance(timedelta(minutes=1))
    assert [info.state for info in removed] == [State.ENQUEUED]
    assert kept[-1].state is State.SUCCEEDED
    assert live.value.state is State.SUCCEEDED


def test_live_data_by_tag(manager):
    """get_work_infos_by_tag_live_data holds the list of WorkInfos with the tag (API LiveData)."""
    request = OneTimeWorkRequest.Builder(Succeed).add_tag("sync").build()
    live = manager.get_work_infos_by_tag_live_data("sync")
    seen = []
    live.observe(seen.append)
    manager.enqueue(request)
    manager.advance(timedelta(0))
    assert [info.state for info in live.value] == [State.SUCCEEDED]
    assert len(seen) >= 2


def test_trace_of_a_successful_work(manager):
    """A work's trace: enqueued, started, succeeded, each with millis/kind/work_id/detail (API)."""
    request = OneTimeWorkRequest.Builder(Succeed).set_initial_delay(timedelta(seconds=5)).build()
    manager.enqueue(request)
    manager.advance(timedelta(seconds=5))
    events = events_of(manager, request.id)
    assert [(e.kind, e.millis) for e in events] == [
        ("enqueued", 0),
        ("started", 5 * SECOND),
        ("succeeded", 5 * SECOND),
    ]
    for event in events:
        assert isinstance(event.millis, int)
        assert isinstance(event.detail, str)
        assert same_id(event.work_id, request.id)


def test_advance_returns_the_events_it_processed(manager):
    """advance() returns the events it processed, which the trace also holds (API Time)."""
    request = OneTimeWorkRequest.from_(Slow10s)
    manager.enqueue(request)
    returned = manager.advance(timedelta(seconds=10))
    kinds = [e.kind for e in returned if same_id(e.work_id, request.id)]
    assert "started" in kinds
    assert "succeeded" in kinds
    assert all(event in manager.trace for event in returned)


def test_at_most_four_workers_run_at_once_by_default(manager):
    """Default max_concurrent_workers 4: six 10 s works start 4 at 0 and 2 at 10 000 (API)."""
    requests = [OneTimeWorkRequest.from_(Slow10s) for _ in range(6)]
    manager.enqueue(requests)
    manager.advance(timedelta(seconds=5))
    assert Counter(info_of(manager, r).state for r in requests) == {
        State.RUNNING: 4,
        State.ENQUEUED: 2,
    }
    manager.advance_to(20 * SECOND)
    assert sorted(start for r in requests for start in starts(manager, r.id)) == [
        0,
        0,
        0,
        0,
        10 * SECOND,
        10 * SECOND,
    ]


def test_max_concurrent_workers_keyword():
    """max_concurrent_workers=2 runs six 10 s works in pairs: 0, 10 000, 20 000 (API)."""
    manager = WorkManager(max_concurrent_workers=2)
    requests = [OneTimeWorkRequest.from_(Slow10s) for _ in range(6)]
    manager.enqueue(requests)
    manager.advance_to(60 * SECOND)
    assert sorted(start for r in requests for start in starts(manager, r.id)) == [
        0,
        0,
        10 * SECOND,
        10 * SECOND,
        20 * SECOND,
        20 * SECOND,
    ]


def test_same_calls_give_the_same_trace():
    """Two managers given the same calls record the same events (API Time: deterministic ties)."""
    requests = [OneTimeWorkRequest.from_(cls) for cls in (Slow10s, AlwaysRetry, Succeed, Slow30s)]
    requests += [OneTimeWorkRequest.from_(Slow10s) for _ in range(3)]

    def replay():
        manager = WorkManager()
        manager.enqueue(requests)
        manager.advance(timedelta(minutes=3))
        return [(e.millis, e.kind, str(e.work_id)) for e in manager.trace]

    assert replay() == replay()
