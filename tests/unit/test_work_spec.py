"""Unit tests for wmkit.work.work_spec: the stored row, its copies, and its record form
(written and read by wmkit.storage.codec)."""

from __future__ import annotations

import json
import uuid

import pytest

from wmkit import Result, Worker
from wmkit.enums import BackoffPolicy, NetworkType, OutOfQuotaPolicy, State, StopReason
from wmkit.storage.codec import work_from_record, work_record
from wmkit.work.constraints import Constraints
from wmkit.work.data import Data
from wmkit.work.work_spec import WorkSpec

LONG_MAX = 2**63 - 1
WORK_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
PARENT_IDS = (
    uuid.UUID("00000000-0000-4000-8000-00000000000a"),
    uuid.UUID("00000000-0000-4000-8000-00000000000b"),
)
# Every stored field: what the codec's record keeps and restores.
STORED_FIELDS = (
    "id",
    "worker_class_name",
    "state",
    "tags",
    "last_enqueue_time",
    "run_attempt_count",
    "enqueue_seq",
    "input",
    "output",
    "progress",
    "unique_name",
    "constraints",
    "initial_delay",
    "backoff_policy",
    "backoff_delay",
    "interval",
    "flex",
    "override",
    "override_generation",
    "period_count",
    "generation",
    "expedited",
    "out_of_quota_policy",
    "keep_results_for",
    "input_merger_name",
    "prerequisites",
    "stop_reason",
    "failure",
)


class Sync(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


def fields_of(spec: WorkSpec) -> dict[str, object]:
    return {name: getattr(spec, name) for name in STORED_FIELDS}


def round_trip(spec: WorkSpec) -> WorkSpec:
    """Through the codec's record and JSON text, as a store file does."""
    return work_from_record(json.loads(json.dumps(work_record(spec))), doc_id=7)


def full_spec() -> WorkSpec:
    """A spec with every field away from its default."""
    spec = WorkSpec(WORK_ID, Sync, "lesson.Sync")
    spec.state = State.RUNNING
    spec.tags = frozenset({"lesson.Sync", "photos", "sync"})
    spec.last_enqueue_time = 12_345
    spec.run_attempt_count = 3
    spec.enqueue_seq = 17
    spec.input = Data({"name": "cat.jpg", "sizes": [1, 2]})
    spec.output = Data({"url": "https://example/cat"})
    spec.progress = Data({"percent": 40})
    spec.unique_name = "upload"
    spec.constraints = Constraints(NetworkType.METERED, True, True, False, True)
    spec.initial_delay = 60_000
    spec.backoff_policy = BackoffPolicy.LINEAR
    spec.backoff_delay = 45_000
    spec.interval = 3_600_000
    spec.flex = 900_000
    spec.override = 7_200_000
    spec.override_generation = 2
    spec.period_count = 5
    spec.generation = 4
    spec.expedited = True
    spec.out_of_quota_policy = OutOfQuotaPolicy.DROP_WORK_REQUEST
    spec.keep_results_for = 86_400_000
    spec.input_merger_name = "wmkit.work.mergers.ArrayCreatingInputMerger"
    spec.prerequisites = PARENT_IDS
    spec.stop_reason = int(StopReason.CONSTRAINT_CONNECTIVITY)
    spec.failure = "Sync.do_work raised RuntimeError: boom"
    return spec


def test_every_field_round_trips() -> None:
    """A spec with every field set comes back from its JSON record field for field."""
    spec = full_spec()
    assert fields_of(round_trip(spec)) == fields_of(spec)


def test_default_fields_round_trip_from_a_minimal_record() -> None:
    """A fresh spec's record holds only the required keys and restores every default."""
    spec = WorkSpec(WORK_ID, Sync, "lesson.Sync")
    assert work_record(spec) == {
        "id": str(WORK_ID),
        "w": "lesson.Sync",
        "s": "ENQUEUED",
        "t": [],
        "E": -1,
        "n": 0,
        "q": 0,
    }
    assert fields_of(round_trip(spec)) == fields_of(spec)


@pytest.mark.parametrize("override", [0, -1, 1, LONG_MAX - 1, LONG_MAX])
def test_override_round_trips_including_zero_and_unset(override: int) -> None:
    """An override of 0 is a real instant and is stored; LONG_MAX means unset and is left out."""
    spec = WorkSpec(WORK_ID, Sync, "lesson.Sync")
    spec.interval = spec.flex = 900_000
    spec.override = override
    record = work_record(spec)
    assert ("O" in record) is (override != LONG_MAX)
    assert round_trip(spec).override == override


@pytest.mark.parametrize(
    "reason", [StopReason.UNKNOWN, StopReason.CANCELLED_BY_APP, StopReason.TIMEOUT]
)
def test_stop_reason_round_trips(reason: StopReason) -> None:
    """UNKNOWN (−512), CANCELLED_BY_APP and TIMEOUT survive a round trip as ints."""
    spec = WorkSpec(WORK_ID, Sync, "lesson.Sync")
    spec.stop_reason = int(reason)
    restored = round_trip(spec)
    assert restored.stop_reason == reason
    assert type(restored.stop_reason) is int


def test_every_state_round_trips() -> None:
    """Each State is stored by name and restored as the same member."""
    for state in State:
        spec = WorkSpec(WORK_ID, Sync, "lesson.Sync")
        spec.state = state
        assert round_trip(spec).state is state


def test_restored_spec_knows_no_class_until_looked_up() -> None:
    """A read row keeps the class name only; worker_class and input_merger stay None."""
    restored = round_trip(full_spec())
    assert restored.worker_class is None
    assert restored.input_merger is None
    assert restored.worker_class_name == "lesson.Sync"
    assert (restored.doc_id, restored.stored, restored.static_record) == (7, False, None)


def test_record_is_plain_json() -> None:
    """A record survives json.dumps/json.loads unchanged: nothing but JSON types."""
    record = work_record(full_spec())
    assert json.loads(json.dumps(record)) == record


def test_copy_is_a_separate_row_with_equal_fields() -> None:
    """copy() gives an equal but independent WorkSpec: changing it leaves the original."""
    spec = full_spec()
    twin = spec.copy()
    assert twin is not spec
    assert fields_of(twin) == fields_of(spec)
    assert (twin.worker_class, twin.doc_id, twin.stored) == (Sync, spec.doc_id, spec.stored)
    twin.state = State.SUCCEEDED
    twin.run_attempt_count = 9
    assert (spec.state, spec.run_attempt_count) == (State.RUNNING, 3)


def test_field_values_make_an_equal_row_that_no_engine_holds() -> None:
    """from_field_values(field_values()) is an equal, independent row, not yet stored."""
    spec = full_spec()
    spec.doc_id, spec.stored, spec.timer_token = 12, True, 5
    values = spec.field_values()
    twin = WorkSpec.from_field_values(values)
    assert twin is not spec
    assert fields_of(twin) == fields_of(spec)
    assert (twin.worker_class, twin.doc_id, twin.stored, twin.timer_token) == (Sync, 12, False, 0)
    spec.run_attempt_count = 9
    assert WorkSpec.from_field_values(values).run_attempt_count == 3


def test_new_spec_defaults() -> None:
    """A new WorkSpec is ENQUEUED, never enqueued (E = −1), EXPONENTIAL 30 s, not stopped."""
    spec = WorkSpec(WORK_ID, Sync, "lesson.Sync")
    assert spec.state is State.ENQUEUED
    assert spec.last_enqueue_time == -1
    assert (spec.backoff_policy, spec.backoff_delay) == (BackoffPolicy.EXPONENTIAL, 30_000)
    assert spec.override == LONG_MAX
    assert spec.stop_reason == StopReason.NOT_STOPPED
    assert not spec.is_periodic
    assert spec.state_is_enqueued


def test_next_run_time_uses_the_formula() -> None:
    """WorkSpec.next_run_time is E + D for a one-time row: 1 000 + 500."""
    spec = WorkSpec(WORK_ID, Sync, "lesson.Sync")
    spec.last_enqueue_time = 1_000
    spec.initial_delay = 500
    assert spec.next_run_time() == 1_500
