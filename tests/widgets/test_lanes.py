"""Timeline pieces on made-up events: instants in details, bands, lane replay."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from hypothesis import given
from hypothesis import strategies as st

from wmkit.render.timeline.bands import global_bands
from wmkit.render.timeline.lanes import TimelineBuilder
from wmkit.render.timeline.replay import derive_lane
from wmkit.render.timeline.times import instant_after, label_for_tick, parse_millis, ticks
from wmkit.trace.events import Event
from wmkit.units import LONG_MAX, format_millis

from .workers import HOUR, MINUTE, SECOND

WORK = uuid.UUID(int=7)


@dataclass(frozen=True)
class State:
    name: str


@dataclass(frozen=True)
class FakeDescription:
    """The fields of a WorkDescription that a lane reads."""

    id: uuid.UUID = WORK
    worker_class_name: str = "lesson.Upload"
    state: State = State("ENQUEUED")
    initial_delay_millis: int = 0
    interval_millis: int = 0
    flex_millis: int = 0
    run_attempt_count: int = 0
    period_count: int = 0
    last_enqueue_time: int = 0
    next_run_time: int = LONG_MAX
    running_since: int | None = None
    waiting_for: tuple[str, ...] = ()
    failure: str | None = None
    tags: frozenset[str] = field(default_factory=frozenset)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_parse_millis_reads_back_format_millis(millis: int) -> None:
    """Every instant ``format_millis`` writes is read back exactly."""
    assert parse_millis(format_millis(millis)) == millis


def test_instants_are_found_after_their_word() -> None:
    """ "due", "again", "until" and "run" each find the instant written after them."""
    assert instant_after("backoff 30s, due T+0d 00:00:40", "due") == 40 * SECOND
    assert instant_after("X: why; due again T+0d 00:01:00", "again") == MINUTE
    assert instant_after("deep Doze idle until T+0d 01:00:00: no network", "until") == HOUR
    assert instant_after("nothing here", "due") is None


def test_ticks_are_round_and_labelled_compactly() -> None:
    """An hour gets ticks on round minutes, labelled hh:mm."""
    marks = ticks(0, HOUR)
    assert marks[0] == 0 and all(t % (5 * MINUTE) == 0 for t in marks)
    assert label_for_tick(90 * MINUTE, 15 * MINUTE) == "01:30"
    assert label_for_tick(26 * HOUR, HOUR) == "1d 02:00"


def test_doze_events_become_a_band_with_maintenance_windows() -> None:
    """ "doze" idle periods and "maintenance" windows (with "until") make bands."""
    events = [
        Event(0, "device", None, "charging=False, doze=True, app_in_foreground=False"),
        Event(0, "doze", None, "deep Doze idle until T+0d 01:00:00: regular work waits"),
        Event(HOUR, "maintenance", None, "Doze maintenance window until T+0d 01:05:00: go"),
        Event(HOUR + 5 * MINUTE, "doze", None, "deep Doze idle until T+0d 03:05:00"),
        Event(2 * HOUR, "device", None, "charging=True, doze=False"),
        Event(2 * HOUR, "doze", None, "Doze ended: waiting work may run at once"),
    ]
    bands, markers, restarts = global_bands(events, 3 * HOUR, 0, False)
    assert [(b.kind, b.start, b.end) for b in bands] == [
        ("doze", 0, 2 * HOUR),
        ("maintenance", HOUR, HOUR + 5 * MINUTE),
    ]
    assert [m.kind for m in markers] == ["device", "device"] and restarts == []


def test_an_open_doze_lasts_until_now() -> None:
    """A Doze that has not ended is drawn up to now."""
    events = [Event(10 * MINUTE, "doze", None, "deep Doze idle until T+0d 01:10:00")]
    bands, _, _ = global_bands(events, 30 * MINUTE, 0, True)
    assert [(b.kind, b.start, b.end) for b in bands] == [("doze", 10 * MINUTE, 30 * MINUTE)]


def test_a_device_already_in_doze_is_shaded_from_the_start() -> None:
    """A reopened store in Doze (no doze event yet) is shaded from the window's start."""
    bands, _, _ = global_bands([], 30 * MINUTE, 5 * MINUTE, True)
    assert [(b.kind, b.start, b.end) for b in bands] == [("doze", 5 * MINUTE, 30 * MINUTE)]


def test_a_restart_ends_a_run_as_killed() -> None:
    """A run open at an app restart ends there, drawn as killed."""
    events = [Event(0, "enqueued", WORK, "x"), Event(0, "started", WORK, "Upload run 1")]
    lane = derive_lane(FakeDescription(), events, MINUTE, [30 * SECOND])
    assert (lane.segments[0].kind, lane.segments[0].end) == ("run-killed", 30 * SECOND)


def test_a_waiting_event_labels_the_stretch() -> None:
    """The engine's "waiting" event gives the stretch its reason."""
    events = [
        Event(0, "enqueued", WORK, "x"),
        Event(0, "waiting", WORK, "the phone is in deep Doze"),
        Event(MINUTE, "started", WORK, "Upload run 1"),
        Event(2 * MINUTE, "succeeded", WORK, ""),
    ]
    lane = derive_lane(FakeDescription(state=State("SUCCEEDED")), events, 3 * MINUTE)
    assert [(s.kind, s.start, s.end, s.label) for s in lane.segments] == [
        ("waiting", 0, MINUTE, "the phone is in deep Doze"),
        ("run-succeeded", MINUTE, 2 * MINUTE, "succeeded"),
    ]


def test_builder_reads_only_new_events_and_restarts_after_a_rewind() -> None:
    """A shorter trace (a rewind) is read again from its start."""
    builder = TimelineBuilder()
    trace = [Event(0, "enqueued", WORK, "x"), Event(5, "started", WORK, "r")]
    builder.update(trace)
    builder.update([*trace, Event(9, "succeeded", WORK, "")])
    assert [e.kind for e in builder.per_work[str(WORK)]] == ["enqueued", "started", "succeeded"]
    builder.update(trace[:1])
    assert [e.kind for e in builder.per_work[str(WORK)]] == ["enqueued"]
