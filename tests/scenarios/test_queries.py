"""WorkQuery across ids, tags, unique names and states, and the LiveData of every query (§12, §13).

A query is AND across the four kinds and OR within one; the Builder refuses a query with
no criteria, while the ``from_*`` factories do not validate, so an empty list there
matches every work. Finished rows are listed until pruned; deleted rows never appear.
"""

from __future__ import annotations

import gc
from datetime import timedelta
from uuid import uuid4

import pytest

from wmkit import ExistingWorkPolicy, OneTimeWorkRequest, WorkManagerError, WorkQuery

from .workers import (
    SECOND,
    Fail,
    Slow10s,
    Slow30s,
    State,
    Succeed,
    class_tag,
    state_of,
)

KEEP = ExistingWorkPolicy.KEEP
ENQUEUED, RUNNING, SUCCEEDED = State.ENQUEUED, State.RUNNING, State.SUCCEEDED
FAILED, BLOCKED, CANCELLED = State.FAILED, State.BLOCKED, State.CANCELLED


def _ids(infos):
    return {str(info.id) for info in infos}


def _request(cls, tag, delay=None):
    builder = OneTimeWorkRequest.Builder(cls).add_tag(tag)
    if delay is not None:
        builder.set_initial_delay(delay)
    return builder.build()


@pytest.fixture
def six(manager):
    """One work in each state at 10 000 ms, with tags and unique names:

    s SUCCEEDED "x" alpha · e ENQUEUED "x" alpha (appended) · r RUNNING "y" beta ·
    b BLOCKED "z" beta (r's then) · f FAILED "y" · c CANCELLED "x".
    """
    hour = timedelta(hours=1)
    works = {
        "s": _request(Succeed, "x"),
        "e": _request(Succeed, "x", hour),
        "r": _request(Slow30s, "y"),
        "b": _request(Succeed, "z"),
        "f": _request(Fail, "y"),
        "c": _request(Succeed, "x", hour),
    }
    manager.enqueue_unique_work("alpha", KEEP, works["s"])
    manager.advance(timedelta(0))
    manager.enqueue_unique_work("alpha", ExistingWorkPolicy.APPEND, works["e"])
    manager.begin_unique_work("beta", KEEP, works["r"]).then(works["b"]).enqueue()
    manager.enqueue([works["f"], works["c"]])
    manager.cancel_work_by_id(works["c"].id)
    manager.advance_to(10 * SECOND)
    expected = dict(s=SUCCEEDED, e=ENQUEUED, r=RUNNING, b=BLOCKED, f=FAILED, c=CANCELLED)
    assert {key: state_of(manager, works[key]) for key in works} == expected
    return works


def _b():
    return WorkQuery.Builder()


QUERIES = {
    "tags x": (lambda w: WorkQuery.from_tags(["x"]), "sec"),
    "tags x OR z": (lambda w: WorkQuery.from_tags(["x", "z"]), "secb"),
    "names alpha OR beta": (lambda w: WorkQuery.from_unique_work_names(["alpha", "beta"]), "serb"),
    "names beta AND states RUNNING OR BLOCKED": (
        lambda w: _b().add_unique_work_names(["beta"]).add_states([RUNNING, BLOCKED]).build(),
        "rb",
    ),
    "names beta AND states ENQUEUED": (
        lambda w: _b().add_unique_work_names(["beta"]).add_states([ENQUEUED]).build(),
        "",
    ),
    "tags y AND states FAILED": (lambda w: _b().add_tags(["y"]).add_states([FAILED]).build(), "f"),
    "ids s r f AND tags y": (
        lambda w: _b().add_ids([w["s"].id, w["r"].id, w["f"].id]).add_tags(["y"]).build(),
        "rf",
    ),
    "all four kinds": (
        lambda w: (
            _b()
            .add_ids([w["s"].id, w["e"].id, w["r"].id])
            .add_tags(["x", "y"])
            .add_unique_work_names(["alpha"])
            .add_states([ENQUEUED, RUNNING])
            .build()
        ),
        "e",
    ),
    "all four kinds, no row matches every kind": (
        lambda w: (
            _b()
            .add_ids([w["s"].id, w["r"].id])
            .add_tags(["x"])
            .add_unique_work_names(["beta"])
            .add_states([SUCCEEDED, RUNNING])
            .build()
        ),
        "",
    ),
    "states BLOCKED": (lambda w: WorkQuery.from_states([BLOCKED]), "b"),
    "states finished": (lambda w: WorkQuery.from_states([SUCCEEDED, FAILED, CANCELLED]), "sfc"),
    "states added twice are OR": (
        lambda w: WorkQuery.Builder.from_states([ENQUEUED]).add_states([RUNNING]).build(),
        "er",
    ),
    "class tag Slow30s": (lambda w: WorkQuery.from_tags([class_tag(Slow30s)]), "r"),
    "class tag Succeed AND states ENQUEUED OR BLOCKED": (
        lambda w: _b().add_tags([class_tag(Succeed)]).add_states([ENQUEUED, BLOCKED]).build(),
        "eb",
    ),
    "class tag Fail OR user tag z": (lambda w: WorkQuery.from_tags([class_tag(Fail), "z"]), "fb"),
    "empty ids in a builder are no criterion": (
        lambda w: WorkQuery.Builder.from_ids([]).add_tags(["y"]).build(),
        "rf",
    ),
    "from_tags([]) matches all": (lambda w: WorkQuery.from_tags([]), "serbfc"),
    "from_states([]) matches all": (lambda w: WorkQuery.from_states([]), "serbfc"),
    "from_unique_work_names([]) matches all": (
        lambda w: WorkQuery.from_unique_work_names([]),
        "serbfc",
    ),
    "unknown tag": (lambda w: WorkQuery.from_tags(["nobody"]), ""),
    "unknown name": (lambda w: WorkQuery.from_unique_work_names(["gamma"]), ""),
    "unknown id": (lambda w: WorkQuery.from_ids([uuid4()]), ""),
}


@pytest.mark.parametrize("case", list(QUERIES))
def test_work_query_table(manager, six, case):
    """WorkQuery: AND across ids, tags, names and states; OR within one kind (§12, §13)."""
    make_query, expected = QUERIES[case]
    found = _ids(manager.get_work_infos(make_query(six)))
    assert found == {str(six[key].id) for key in expected}


def test_query_results_carry_the_current_work_infos(manager, six):
    """A query returns each work's WorkInfo as get_work_info_by_id does (§12, §18)."""
    for info in manager.get_work_infos(WorkQuery.from_ids([])):
        assert info == manager.get_work_info_by_id(info.id)


@pytest.mark.parametrize(
    "builder",
    [
        lambda: WorkQuery.Builder.from_ids([]),
        lambda: WorkQuery.Builder.from_tags([]).add_states([]).add_unique_work_names([]),
    ],
    ids=["empty ids", "all empty"],
)
def test_a_builder_given_only_empty_lists_is_refused(builder):
    """Builder.build() whose lists are all empty: 'Must specify ids, uniqueNames, tags or
    states when building a WorkQuery' (§12)."""
    with pytest.raises(ValueError, match="Must specify ids, uniqueNames, tags or states") as err:
        builder().build()
    assert isinstance(err.value, WorkManagerError)


@pytest.mark.parametrize(
    "make",
    [
        lambda: WorkQuery.from_tags("x"),
        lambda: WorkQuery.from_tags([7]),
        lambda: WorkQuery.from_ids([str(uuid4())]),
        lambda: WorkQuery.from_ids(uuid4()),
        lambda: WorkQuery.from_states(["ENQUEUED"]),
        lambda: WorkQuery.from_unique_work_names("alpha"),
        lambda: WorkQuery.Builder().add_tags([None]),
    ],
    ids=["tag str", "tag int", "id str", "bare uuid", "state str", "name str", "tag None"],
)
def test_bad_query_values_are_refused(make):
    """Each kind takes a list of its own type (UUIDs, strs, State members) (API Errors)."""
    with pytest.raises(ValueError) as raised:
        make()
    assert isinstance(raised.value, WorkManagerError)


def test_get_work_infos_takes_a_work_query(manager):
    """get_work_infos and its LiveData refuse anything but a WorkQuery (API Errors)."""
    for value in ("x", None, [State.ENQUEUED]):
        with pytest.raises(ValueError):
            manager.get_work_infos(value)
        with pytest.raises(ValueError):
            manager.get_work_infos_live_data(value)


# ---------------------------------------------------------------------------- LiveData
NAME, TAG = "upload", "photos"


def _live(manager, variant, work_id):
    return {
        "by id": lambda: manager.get_work_info_by_id_live_data(work_id),
        "by tag": lambda: manager.get_work_infos_by_tag_live_data(TAG),
        "for unique work": lambda: manager.get_work_infos_for_unique_work_live_data(NAME),
        "by WorkQuery": lambda: manager.get_work_infos_live_data(
            WorkQuery.Builder.from_tags([TAG]).add_unique_work_names([NAME]).build()
        ),
        "by WorkQuery RUNNING only": lambda: manager.get_work_infos_live_data(
            WorkQuery.from_states([RUNNING])
        ),
    }[variant]()


def _states(value):
    """The states a LiveData value shows: one state, None, or a list of states."""
    if value is None:
        return None
    if isinstance(value, list):
        return [info.state for info in value]
    return value.state


LIVE_SEEN = {
    "by id": [ENQUEUED, RUNNING, SUCCEEDED, None],
    "by tag": [[ENQUEUED], [RUNNING], [SUCCEEDED], []],
    "for unique work": [[ENQUEUED], [RUNNING], [SUCCEEDED], []],
    "by WorkQuery": [[ENQUEUED], [RUNNING], [SUCCEEDED], []],
    "by WorkQuery RUNNING only": [[], [RUNNING], []],
}


@pytest.mark.parametrize("variant", list(LIVE_SEEN))
def test_live_data_of_every_query(manager, variant):
    """Every query's LiveData: the current value at observe, then one call per change, in order
    (ENQUEUED, RUNNING at 10 000, SUCCEEDED at 20 000); pruned rows disappear (API LiveData)."""
    request = _request(Slow10s, TAG, timedelta(seconds=10))
    manager.enqueue_unique_work(NAME, KEEP, request)
    seen = []
    live = _live(manager, variant, request.id)
    live.observe(lambda value: seen.append((manager.clock.now_millis, _states(value))))
    assert seen == [(0, LIVE_SEEN[variant][0])]
    manager.advance(timedelta(seconds=20))
    manager.advance(timedelta(minutes=5))  # nothing changes: no call
    manager.prune_work()
    assert [states for _, states in seen] == LIVE_SEEN[variant]
    expected_millis = [0, 10 * SECOND, 20 * SECOND, 320 * SECOND]  # the prune at 5 min 20 s
    assert [millis for millis, _ in seen] == expected_millis[: len(seen)]
    assert _states(live.value) == LIVE_SEEN[variant][-1]


def test_live_data_observed_late_starts_from_the_current_value(manager):
    """observe() after changes delivers the value of now, not the history (API LiveData)."""
    request = _request(Slow10s, TAG)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=5))
    seen = []
    manager.get_work_infos_by_tag_live_data(TAG).observe(lambda v: seen.append(_states(v)))
    assert seen == [[RUNNING]]


def test_a_zero_length_run_is_one_change(manager):
    """A run that starts and succeeds in one instant is observed as one change (API LiveData)."""
    request = _request(Succeed, TAG, timedelta(seconds=10))
    manager.enqueue(request)
    seen = []
    manager.get_work_info_by_id_live_data(request.id).observe(lambda v: seen.append(_states(v)))
    manager.advance(timedelta(minutes=1))
    assert seen == [ENQUEUED, SUCCEEDED]


def test_replaced_rows_never_appear_in_live_data(manager):
    """REPLACE cancels and deletes in one call: observers never see the old row CANCELLED (§10)."""
    old = _request(Slow30s, TAG)
    manager.enqueue_unique_work(NAME, KEEP, old)
    manager.advance(timedelta(seconds=10))
    by_name, cancelled = [], []
    manager.get_work_infos_for_unique_work_live_data(NAME).observe(by_name.append)
    manager.get_work_infos_live_data(WorkQuery.from_states([CANCELLED])).observe(cancelled.append)
    new = _request(Succeed, TAG, timedelta(hours=1))
    manager.enqueue_unique_work(NAME, ExistingWorkPolicy.REPLACE, new)
    manager.advance(timedelta(minutes=1))
    assert [[(str(i.id), i.state) for i in infos] for infos in by_name] == [
        [(str(old.id), RUNNING)],
        [(str(new.id), ENQUEUED)],
    ]
    assert cancelled == [[]]


def test_observed_live_data_keeps_updating_without_a_reference(manager):
    """`manager.get_..._live_data(x).observe(cb)` keeps calling cb after the LiveData itself is
    no longer referenced, as on Android (API LiveData)."""
    request = _request(Slow10s, TAG)
    manager.enqueue(request)
    seen = []
    manager.get_work_infos_by_tag_live_data(TAG).observe(lambda v: seen.append(_states(v)))
    gc.collect()
    manager.advance(timedelta(seconds=10))
    assert seen == [[ENQUEUED], [RUNNING], [SUCCEEDED]]


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.get_work_info_by_id_live_data(str(uuid4())),
        lambda m: m.get_work_infos_by_tag_live_data(7),
        lambda m: m.get_work_infos_for_unique_work_live_data(None),
        lambda m: m.get_work_infos_live_data("photos"),
    ],
    ids=["id str", "tag int", "name None", "query str"],
)
def test_live_data_variants_refuse_bad_arguments(manager, call):
    """Each LiveData variant refuses at the call what its plain query refuses (API Errors)."""
    with pytest.raises(ValueError) as raised:
        call(manager)
    assert isinstance(raised.value, WorkManagerError)
