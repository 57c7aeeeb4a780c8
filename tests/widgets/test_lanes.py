"""Timeline pieces on made-up events: bands, lane replay, windows, ticks.

Events are made the way the engine makes them (a payload recipe from
``wmkit.trace.payloads`` where the engine uses one), so the views read their facts from
``Event.data``, as they must.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from wmkit.enums import StopReason
from wmkit.render.timeline.bands import global_bands, story_window, zoomed
from wmkit.render.timeline.lanes import Lane, Segment, TimelineBuilder
from wmkit.render.timeline.replay import derive_lane
from wmkit.render.timeline.times import label_for_tick, ticks
from wmkit.trace.events import Event
from wmkit.trace.payloads import DozeIdle, DozeWindow, Retried, Stopped
from wmkit.units import LONG_MAX

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


def test_ticks_are_round_and_labelled_compactly() -> None:
    """An hour gets ticks on round minutes; labels read m:ss, then h:mm:ss, then hours."""
    marks = ticks(0, HOUR)
    assert marks[0] == 0 and all(t % (5 * MINUTE) == 0 for t in marks)
    assert label_for_tick(40 * SECOND, 10 * SECOND) == "0:40"
    assert label_for_tick(90 * MINUTE, 15 * MINUTE) == "1:30:00"
    assert label_for_tick(26 * HOUR, HOUR) == "1d 2h"


def test_doze_events_become_a_band_with_maintenance_windows() -> None:
    """ "doze" idle periods and "maintenance" windows (their ``until_millis``) make bands."""
    events = [
        Event(0, "device", None, "charging=False, doze=True, app_in_foreground=False"),
        Event(0, "doze", None, (DozeIdle, HOUR)),
        Event(HOUR, "maintenance", None, (DozeWindow, HOUR + 5 * MINUTE)),
        Event(HOUR + 5 * MINUTE, "doze", None, (DozeIdle, 3 * HOUR + 5 * MINUTE)),
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
    events = [Event(10 * MINUTE, "doze", None, (DozeIdle, HOUR + 10 * MINUTE))]
    bands, _, _ = global_bands(events, 30 * MINUTE, 0, True)
    assert [(b.kind, b.start, b.end) for b in bands] == [("doze", 10 * MINUTE, 30 * MINUTE)]


def test_a_device_already_in_doze_is_shaded_from_the_start() -> None:
    """A reopened store in Doze (no doze event yet) is shaded from the window's start."""
    bands, _, _ = global_bands([], 30 * MINUTE, 5 * MINUTE, True)
    assert [(b.kind, b.start, b.end) for b in bands] == [("doze", 5 * MINUTE, 30 * MINUTE)]


def test_a_restart_ends_a_run_as_killed() -> None:
    """A run open at an app restart ends there, drawn as killed and marked."""
    events = [
        Event(0, "enqueued", WORK, "x"),
        Event(0, "started", WORK, "Upload run 1"),
        Event(30 * SECOND, "restart", None, "the app process was killed and restarted"),
    ]
    lane = derive_lane(FakeDescription(), events, MINUTE)
    assert (lane.segments[0].kind, lane.segments[0].end) == ("run-killed", 30 * SECOND)
    assert [m.kind for m in lane.marks] == ["killed"]


def test_a_run_restarted_at_the_instant_of_the_kill_is_drawn_as_a_run() -> None:
    """The process dies at 2:00 and the work starts again at 2:00: trace order decides,
    so the second run (2:00 to 7:00) is a run that succeeded, not a pending wait."""
    builder = TimelineBuilder()
    builder.update(
        [
            Event(0, "enqueued", WORK, "x"),
            Event(0, "started", WORK, "run 1"),
            Event(2 * MINUTE, "restart", None, "the app process was killed and restarted"),
            Event(2 * MINUTE, "stopped", WORK, (Stopped, StopReason.UNKNOWN, "died", 0)),
            Event(2 * MINUTE, "started", WORK, "run 2"),
            Event(7 * MINUTE, "succeeded", WORK, ""),
        ]
    )
    lane = derive_lane(
        FakeDescription(state=State("SUCCEEDED")), builder.per_work[str(WORK)], 10 * MINUTE
    )
    runs = [(s.kind, s.start, s.end) for s in lane.segments if s.kind.startswith("run")]
    assert runs == [("run-killed", 0, 2 * MINUTE), ("run-succeeded", 2 * MINUTE, 7 * MINUTE)]
    assert [m.kind for m in lane.marks] == ["killed"]


def test_backoff_and_stop_instants_come_from_event_data() -> None:
    """A retry's backoff ends at its ``due_millis``; a stop's wait is coloured by its
    stop reason (a lost constraint)."""
    events = [
        Event(0, "enqueued", WORK, "x"),
        Event(0, "started", WORK, "run 1"),
        Event(10 * SECOND, "retry", WORK, (Retried, None, 10 * SECOND, 40 * SECOND)),
        Event(40 * SECOND, "started", WORK, "run 2"),
        Event(
            45 * SECOND,
            "stopped",
            WORK,
            (Stopped, StopReason.CONSTRAINT_CONNECTIVITY, "no network", 45 * SECOND),
        ),
        Event(MINUTE, "started", WORK, "run 3"),
    ]
    lane = derive_lane(FakeDescription(state=State("RUNNING")), events, 70 * SECOND)
    kinds = [(s.kind, s.start, s.end) for s in lane.segments]
    assert ("backoff", 10 * SECOND, 40 * SECOND) in kinds
    assert ("waiting-constraint", 45 * SECOND, MINUTE) in kinds
    assert lane.segments[-1].kind == "run"  # still running at now


def test_the_story_window_ignores_a_long_empty_wait_after_it() -> None:
    """After "+1 day" with nothing happening, the story keeps its width; "now" is
    off to the right rather than squeezing the story into a few pixels."""
    lane = Lane("w", "Upload", "w", "SUCCEEDED", (Segment("run-succeeded", 0, 2 * MINUTE),))
    start, end = story_window([lane], [], [], 0, 2 * MINUTE, now=24 * HOUR)
    assert start == 0 and 2 * MINUTE <= end < 3 * MINUTE


def test_zoom_keeps_now_in_place() -> None:
    """Zooming in around now halves the window and keeps now where it was."""
    start, end = zoomed((0, 100 * SECOND), 0.5, around=50 * SECOND)
    assert (start, end) == (25 * SECOND, 75 * SECOND)


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
