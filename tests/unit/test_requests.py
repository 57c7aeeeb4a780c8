"""Unit tests for wmkit.work.requests: builders, the keyword form, clamps and refusals."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from wmkit import (
    ArrayCreatingInputMerger,
    BackoffPolicy,
    ClampWarning,
    Constraints,
    Data,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    PeriodicWorkRequest,
    Result,
    Worker,
)
from wmkit.errors import IllegalArgumentError
from wmkit.storage.codec import data_record, work_record
from wmkit.work.request_lists import as_request_list
from wmkit.work.requests import WorkRequest

MINUTE = 60_000
HOUR = 60 * MINUTE
LONG_MAX = 2**63 - 1
FIXED_ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


class Upload(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


class Compress(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


UPLOAD_TAG = f"{__name__}.Upload"


def record(request: WorkRequest) -> dict[str, Any]:
    """The stored form of a request's spec: every field that a store would keep."""
    return work_record(request.work_spec)


def clamp_messages(build: Callable[[], object]) -> list[str]:
    """The ClampWarning messages that ``build()`` issues."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build()
    assert all(w.category is ClampWarning for w in caught)
    return [str(w.message) for w in caught]


# --- builders and the keyword form ---------------------------------------------------------


def test_one_time_builder_and_keyword_form_build_the_same_spec() -> None:
    """Every setter has a keyword; both forms store identical specs."""
    constraints = Constraints(NetworkType.UNMETERED, requires_storage_not_low=True)
    built = (
        OneTimeWorkRequest.Builder(Upload)
        .set_input_data({"name": "cat.jpg"})
        .set_constraints(constraints)
        .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=20))
        .add_tag("sync")
        .add_tag("photos")
        .set_input_merger(ArrayCreatingInputMerger)
        .set_expedited(OutOfQuotaPolicy.DROP_WORK_REQUEST)
        .keep_results_for_at_least(timedelta(days=2))
        .set_id(FIXED_ID)
        .build()
    )
    keyword = OneTimeWorkRequest(
        Upload,
        input_data={"name": "cat.jpg"},
        constraints=constraints,
        backoff_policy=BackoffPolicy.LINEAR,
        backoff_delay=timedelta(seconds=20),
        tags=["sync", "photos"],
        input_merger=ArrayCreatingInputMerger,
        expedited=OutOfQuotaPolicy.DROP_WORK_REQUEST,
        keep_results_for=timedelta(days=2),
        id=FIXED_ID,
    )
    assert record(keyword) == record(built)
    assert record(built) == {
        "id": str(FIXED_ID),
        "w": UPLOAD_TAG,
        "s": "ENQUEUED",
        "t": sorted(["photos", "sync", UPLOAD_TAG]),
        "E": -1,
        "n": 0,
        "q": 0,
        "in": data_record(Data({"name": "cat.jpg"})),
        "c": ["UNMETERED", False, False, False, True],
        "bp": "LINEAR",
        "B": 20_000,
        "x": True,
        "oq": "DROP_WORK_REQUEST",
        "k": 2 * 24 * HOUR,
        "m": "wmkit.work.mergers.ArrayCreatingInputMerger",
    }


def test_delayed_keyword_form_equals_the_builder() -> None:
    """initial_delay= is set_initial_delay(): D = 300 000 in both."""
    keyword = OneTimeWorkRequest(Upload, initial_delay=timedelta(minutes=5), id=FIXED_ID)
    built = (
        OneTimeWorkRequest.Builder(Upload)
        .set_initial_delay(timedelta(minutes=5))
        .set_id(FIXED_ID)
        .build()
    )
    assert record(keyword) == record(built)
    assert keyword.work_spec.initial_delay == 300_000


def test_periodic_builder_and_keyword_form_build_the_same_spec() -> None:
    """PeriodicWorkRequest(cls, I, F, ...) equals its Builder with the same setters."""
    keyword = PeriodicWorkRequest(
        Upload,
        timedelta(hours=1),
        timedelta(minutes=15),
        input_data={"n": 1},
        initial_delay=timedelta(minutes=2),
        tags=["sync"],
        next_schedule_time_override=42,
        id=FIXED_ID,
    )
    built = (
        PeriodicWorkRequest.Builder(Upload, timedelta(hours=1), timedelta(minutes=15))
        .set_input_data(Data({"n": 1}))
        .set_initial_delay(timedelta(minutes=2))
        .add_tag("sync")
        .set_next_schedule_time_override(42)
        .set_id(FIXED_ID)
        .build()
    )
    assert record(keyword) == record(built)
    spec = keyword.work_spec
    assert (spec.interval, spec.flex, spec.initial_delay) == (HOUR, 15 * MINUTE, 2 * MINUTE)
    assert (spec.override, spec.override_generation) == (42, 1)


def test_keyword_backoff_policy_alone_uses_the_default_delay() -> None:
    """backoff_policy=LINEAR alone gives LINEAR with 30 s; backoff_delay alone EXPONENTIAL."""
    linear = OneTimeWorkRequest(Upload, backoff_policy=BackoffPolicy.LINEAR).work_spec
    assert (linear.backoff_policy, linear.backoff_delay) == (BackoffPolicy.LINEAR, 30_000)
    delayed = OneTimeWorkRequest(Upload, backoff_delay=timedelta(minutes=1)).work_spec
    assert (delayed.backoff_policy, delayed.backoff_delay) == (BackoffPolicy.EXPONENTIAL, 60_000)


def test_defaults_of_a_plain_request() -> None:
    """A plain request: no input, no constraints, no delay, EXPONENTIAL 30 s, not expedited."""
    spec = OneTimeWorkRequest.from_(Upload).work_spec
    assert spec.input == Data.EMPTY
    assert spec.constraints is Constraints.NONE
    assert (spec.initial_delay, spec.interval, spec.flex) == (0, 0, 0)
    assert (spec.backoff_policy, spec.backoff_delay) == (BackoffPolicy.EXPONENTIAL, 30_000)
    assert (spec.expedited, spec.out_of_quota_policy, spec.keep_results_for) == (False, None, 0)
    assert spec.input_merger_name == "wmkit.work.mergers.OverwritingInputMerger"
    assert (spec.override, spec.override_generation) == (LONG_MAX, 0)


def test_implicit_class_tag() -> None:
    """Every request carries the worker class's full name as a tag, with its own tags."""
    assert OneTimeWorkRequest(Upload).tags == frozenset({UPLOAD_TAG})
    tagged = PeriodicWorkRequest(Upload, timedelta(hours=1), tags=["a", "b"])
    assert tagged.tags == frozenset({UPLOAD_TAG, "a", "b"})
    assert isinstance(tagged.tags, frozenset)


def test_tags_added_after_build_do_not_reach_the_built_request() -> None:
    """A built request is immutable: later add_tag calls change only later builds."""
    builder = OneTimeWorkRequest.Builder(Upload).add_tag("first")
    first = builder.build()
    second = builder.add_tag("second").build()
    assert first.tags == frozenset({UPLOAD_TAG, "first"})
    assert second.tags == frozenset({UPLOAD_TAG, "first", "second"})


def test_request_exposes_id_tags_spec_and_worker_class() -> None:
    """request.id, .tags and .work_spec agree; .worker_class is the class given."""
    request = OneTimeWorkRequest(Upload, id=FIXED_ID)
    assert request.id == request.work_spec.id == FIXED_ID
    assert request.tags is request.work_spec.tags
    assert request.worker_class is Upload
    assert repr(request) == f"<OneTimeWorkRequest Upload id={FIXED_ID}>"


# --- ids -----------------------------------------------------------------------------------


def test_set_id_applies_to_the_next_build_only() -> None:
    """set_id(x).build() has id x; the builder's next build gets a fresh id, as on Android."""
    builder = OneTimeWorkRequest.Builder(Upload).set_id(FIXED_ID)
    assert builder.build().id == FIXED_ID
    again = builder.build()
    assert again.id != FIXED_ID
    assert isinstance(again.id, uuid.UUID)


def test_keyword_requests_get_fresh_ids() -> None:
    """Two keyword-form requests of one class have different ids."""
    ids = {OneTimeWorkRequest(Upload).id for _ in range(5)}
    ids |= {PeriodicWorkRequest(Upload, timedelta(hours=1)).id for _ in range(5)}
    assert len(ids) == 10


def test_set_id_refuses_a_string() -> None:
    """set_id('…') is refused: it takes a uuid.UUID."""
    with pytest.raises(IllegalArgumentError) as caught:
        OneTimeWorkRequest.Builder(Upload).set_id(str(FIXED_ID))  # type: ignore[arg-type]
    assert str(caught.value) == f"set_id() takes a uuid.UUID, got '{FIXED_ID}'."


# --- from_ --------------------------------------------------------------------------------


def test_from_a_class_builds_one_plain_request() -> None:
    """OneTimeWorkRequest.from_(cls) is a plain one-time request of cls."""
    request = OneTimeWorkRequest.from_(Upload)
    assert isinstance(request, OneTimeWorkRequest)
    assert request.worker_class is Upload


def test_from_a_list_builds_one_request_per_class() -> None:
    """from_([A, B, A]) gives three one-time requests, in order, with distinct ids."""
    requests = OneTimeWorkRequest.from_([Upload, Compress, Upload])
    assert [r.worker_class for r in requests] == [Upload, Compress, Upload]
    assert len({r.id for r in requests}) == 3
    assert all(isinstance(r, OneTimeWorkRequest) for r in requests)


# --- override ---------------------------------------------------------------------------


def test_override_set_then_cleared() -> None:
    """clear_next_schedule_time_override() resets the value to MAX but marks generation 1."""
    builder = PeriodicWorkRequest.Builder(Upload, timedelta(hours=1))
    spec = builder.set_next_schedule_time_override(5_000).build().work_spec
    assert (spec.override, spec.override_generation) == (5_000, 1)
    cleared = builder.clear_next_schedule_time_override().build().work_spec
    assert (cleared.override, cleared.override_generation) == (LONG_MAX, 1)


def test_override_of_zero_and_negative_instants_is_kept() -> None:
    """An override of 0 or −5 is a real instant, stored as given."""
    for millis in (0, -5):
        spec = PeriodicWorkRequest(
            Upload, timedelta(hours=1), next_schedule_time_override=millis
        ).work_spec
        assert spec.override == millis


@pytest.mark.parametrize("value", [1.5, "5000", True, None])
def test_override_refuses_a_value_that_is_not_an_int(value: object) -> None:
    """set_next_schedule_time_override takes int milliseconds; a float, str or bool is refused."""
    builder = PeriodicWorkRequest.Builder(Upload, timedelta(hours=1))
    with pytest.raises(IllegalArgumentError) as caught:
        builder.set_next_schedule_time_override(value)  # type: ignore[arg-type]
    assert str(caught.value) == (
        f"set_next_schedule_time_override() takes virtual milliseconds (an int), got {value!r}."
    )


# --- clamps -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delay", "millis", "message"),
    [
        (
            timedelta(seconds=1),
            10_000,
            "Backoff delay 1s is less than the minimum of 10s "
            "(WorkRequest.MIN_BACKOFF_MILLIS); using 10s.",
        ),
        (
            timedelta(0),
            10_000,
            "Backoff delay 0ms is less than the minimum of 10s "
            "(WorkRequest.MIN_BACKOFF_MILLIS); using 10s.",
        ),
        (
            timedelta(hours=6),
            18_000_000,
            "Backoff delay 6h is more than the maximum of 5h "
            "(WorkRequest.MAX_BACKOFF_MILLIS); using 5h.",
        ),
    ],
)
def test_backoff_is_clamped_with_a_warning_naming_value_and_bound(
    delay: timedelta, millis: int, message: str
) -> None:
    """A backoff outside [10 s, 5 h] is clamped, warning with the value and the bound (§4)."""
    builder = OneTimeWorkRequest.Builder(Upload)
    assert clamp_messages(lambda: builder.set_backoff_criteria(BackoffPolicy.LINEAR, delay)) == [
        message
    ]
    assert builder.build().work_spec.backoff_delay == millis


def test_keyword_backoff_is_clamped_too() -> None:
    """backoff_delay=1 s in the keyword form warns exactly as the builder does."""
    built: list[OneTimeWorkRequest] = []
    assert clamp_messages(
        lambda: built.append(OneTimeWorkRequest(Upload, backoff_delay=timedelta(seconds=1)))
    ) == [
        "Backoff delay 1s is less than the minimum of 10s "
        "(WorkRequest.MIN_BACKOFF_MILLIS); using 10s."
    ]
    assert built[0].work_spec.backoff_delay == 10_000


@pytest.mark.parametrize(
    ("interval", "flex", "expected", "messages"),
    [
        (
            timedelta(minutes=10),
            None,
            (900_000, 900_000),
            [
                "Interval duration 10m is less than the minimum of 15m "
                "(PeriodicWorkRequest.MIN_PERIODIC_INTERVAL_MILLIS); using 15m."
            ],
        ),
        (
            timedelta(hours=1),
            timedelta(minutes=1),
            (3_600_000, 300_000),
            [
                "Flex duration 1m is less than the minimum of 5m "
                "(PeriodicWorkRequest.MIN_PERIODIC_FLEX_MILLIS); using 5m."
            ],
        ),
        (
            timedelta(hours=1),
            timedelta(hours=2),
            (3_600_000, 3_600_000),
            ["Flex duration 2h is greater than the interval 1h; using the interval (no flex)."],
        ),
        (
            timedelta(minutes=1),
            timedelta(minutes=20),
            (900_000, 900_000),
            [
                "Interval duration 1m is less than the minimum of 15m "
                "(PeriodicWorkRequest.MIN_PERIODIC_INTERVAL_MILLIS); using 15m.",
                "Flex duration 20m is greater than the interval 15m; using the interval (no flex).",
            ],
        ),
        (timedelta(minutes=15), timedelta(minutes=5), (900_000, 300_000), []),
        (timedelta(hours=1), timedelta(hours=1), (3_600_000, 3_600_000), []),
    ],
    ids=["short-interval", "short-flex", "long-flex", "both", "at-bounds", "flex-equal"],
)
def test_periodic_clamps(
    interval: timedelta,
    flex: timedelta | None,
    expected: tuple[int, int],
    messages: list[str],
) -> None:
    """Interval ≥ 15 min and flex within [5 min, interval], with one warning per clamp (§4)."""
    built: list[PeriodicWorkRequest] = []
    assert (
        clamp_messages(
            lambda: built.append(PeriodicWorkRequest.Builder(Upload, interval, flex).build())
        )
        == messages
    )
    spec = built[0].work_spec
    assert (spec.interval, spec.flex) == expected


# --- refusals -----------------------------------------------------------------------------


def one_time() -> OneTimeWorkRequest.Builder:
    return OneTimeWorkRequest.Builder(Upload)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: one_time().set_input_data([1, 2]),
            "set_input_data() takes Data or a dict, got [1, 2] (list).",
        ),
        (
            lambda: one_time().set_constraints({"requires_charging": True}),
            "set_constraints() takes a Constraints, got {'requires_charging': True}; "
            "build one with Constraints(...) or Constraints.Builder().",
        ),
        (
            lambda: one_time().set_initial_delay(60),
            "initial delay must be a datetime.timedelta, got 60 (int). "
            "Write e.g. timedelta(minutes=15).",
        ),
        (
            lambda: one_time().set_initial_delay(timedelta(seconds=-1)),
            "initial delay must not be negative, got datetime.timedelta(days=-1, seconds=86399).",
        ),
        (
            lambda: one_time().set_backoff_criteria("LINEAR", timedelta(seconds=30)),
            "backoff policy must be BackoffPolicy.LINEAR or EXPONENTIAL, got 'LINEAR'.",
        ),
        (
            lambda: one_time().set_backoff_criteria(BackoffPolicy.LINEAR, 30),
            "backoff delay must be a datetime.timedelta, got 30 (int). "
            "Write e.g. timedelta(minutes=15).",
        ),
        (lambda: one_time().add_tag(7), "A tag is a str, got 7 (int)."),
        (
            lambda: one_time().set_expedited(True),
            "set_expedited() takes an OutOfQuotaPolicy, got True; e.g. "
            "OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST.",
        ),
        (
            lambda: one_time().keep_results_for_at_least(timedelta(days=-1)),
            "keep_results_for_at_least must not be negative, got datetime.timedelta(days=-1).",
        ),
        (
            lambda: one_time().set_input_merger(ArrayCreatingInputMerger()),
            "set_input_merger() takes an InputMerger subclass (the class, not an instance), "
            f"got {ArrayCreatingInputMerger()!r}; e.g. ArrayCreatingInputMerger.",
        ),
        (
            lambda: one_time().set_input_merger(dict),
            "set_input_merger() takes an InputMerger subclass (the class, not an instance), "
            "got <class 'dict'>; e.g. ArrayCreatingInputMerger.",
        ),
        (
            lambda: OneTimeWorkRequest(Upload, tags="sync"),
            "tags takes a list of tags, got the string 'sync'; write tags=['sync'].",
        ),
        (
            lambda: PeriodicWorkRequest(Upload, 3_600_000),
            "repeat_interval must be a datetime.timedelta, got 3600000 (int). "
            "Write e.g. timedelta(minutes=15).",
        ),
        (
            lambda: PeriodicWorkRequest(Upload, timedelta(hours=1), 900_000),
            "flex_interval must be a datetime.timedelta, got 900000 (int). "
            "Write e.g. timedelta(minutes=15).",
        ),
        (
            lambda: PeriodicWorkRequest.Builder(
                Upload, timedelta(hours=1)
            ).set_next_schedule_time_override(LONG_MAX),
            "Cannot set Long.MAX_VALUE as the schedule override time: call "
            "clear_next_schedule_time_override() instead.",
        ),
        (
            lambda: OneTimeWorkRequest(
                Upload,
                expedited=OutOfQuotaPolicy.DROP_WORK_REQUEST,
                initial_delay=timedelta(seconds=1),
            ),
            "Expedited jobs cannot be delayed: remove the initial delay or the "
            "set_expedited() call.",
        ),
        (
            lambda: OneTimeWorkRequest(
                Upload,
                expedited=OutOfQuotaPolicy.DROP_WORK_REQUEST,
                constraints=Constraints(requires_battery_not_low=True),
            ),
            "Expedited jobs only support network and storage constraints: drop "
            "requires_charging, requires_device_idle and requires_battery_not_low.",
        ),
        (
            lambda: PeriodicWorkRequest(
                Upload,
                timedelta(hours=1),
                constraints=Constraints(requires_device_idle=True),
                backoff_policy=BackoffPolicy.LINEAR,
            ),
            "Cannot set backoff criteria on an idle mode job: drop "
            "set_backoff_criteria() or requires_device_idle.",
        ),
        (
            lambda: (
                PeriodicWorkRequest.Builder(Upload, timedelta(hours=1))
                .set_expedited(OutOfQuotaPolicy.DROP_WORK_REQUEST)
                .build()
            ),
            "PeriodicWorkRequests cannot be expedited: use a OneTimeWorkRequest.",
        ),
    ],
    ids=[
        "input-list",
        "constraints-dict",
        "delay-int",
        "delay-negative",
        "policy-str",
        "backoff-int",
        "tag-int",
        "expedited-bool",
        "keep-negative",
        "merger-instance",
        "merger-not-merger",
        "tags-str",
        "interval-int",
        "flex-int",
        "override-max",
        "expedited-delayed",
        "expedited-battery",
        "idle-backoff",
        "periodic-expedited",
    ],
)
def test_refusal_messages(call: Callable[[], object], message: str) -> None:
    """Every refusal raises IllegalArgumentError with a message naming the value and the fix."""
    with pytest.raises(IllegalArgumentError) as caught:
        call()
    assert str(caught.value) == message


def test_periodic_builder_has_no_input_merger() -> None:
    """Periodic work reads its own input unmerged, so its builder has no set_input_merger."""
    assert not hasattr(PeriodicWorkRequest.Builder(Upload, timedelta(hours=1)), "set_input_merger")


def test_not_a_worker_class_is_refused_by_every_builder() -> None:
    """A builder of something that is not a Worker subclass is refused at construction."""
    for make in (
        lambda: OneTimeWorkRequest.Builder(dict),
        lambda: OneTimeWorkRequest(Upload()),
        lambda: PeriodicWorkRequest(Worker, timedelta(hours=1)),
        lambda: OneTimeWorkRequest.from_([Upload, int]),
    ):
        with pytest.raises(IllegalArgumentError):
            make()


def test_request_list_refusals() -> None:
    """An empty list, a non-request item, or periodic work in a chain is refused by name."""
    with pytest.raises(IllegalArgumentError) as empty:
        as_request_list([], "beginWith", one_time_only=True)
    assert str(empty.value) == "beginWith needs at least one OneTimeWorkRequest."
    with pytest.raises(IllegalArgumentError) as empty_any:
        as_request_list((), "enqueue")
    assert str(empty_any.value) == "enqueue needs at least one WorkRequest."
    with pytest.raises(IllegalArgumentError, match=r"enqueue takes WorkRequests .* got 'x'\."):
        as_request_list(["x"], "enqueue")
    periodic = PeriodicWorkRequest(Upload, timedelta(hours=1))
    with pytest.raises(IllegalArgumentError, match="then takes OneTimeWorkRequests only"):
        as_request_list([periodic], "then", one_time_only=True)
    assert as_request_list(periodic, "enqueue") == [periodic]
