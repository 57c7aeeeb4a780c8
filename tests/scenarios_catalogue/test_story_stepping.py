"""A scenario stepped one click at a time (what the Studio's buttons call): cues fire when
they fall due, each click stops right after a cue, the manager knows its scenario."""

from __future__ import annotations

from datetime import timedelta

import pytest

from wmkit import WorkManager, scenarios
from wmkit.scenarios import scenario_of

SECOND = 1_000
MINUTE = 60 * SECOND


def test_a_manager_knows_the_scenario_built_on_it():
    """load() and build() remember the scenario; a hand-made manager has none."""
    story = scenarios.get("process_death")
    assert scenario_of(story.load()) is story
    assert scenario_of(scenarios.load("fan_in_merge")) is scenarios.get("fan_in_merge")
    assert scenario_of(WorkManager()) is None
    assert scenario_of("not a manager") is None


def test_step_plays_a_due_cue_after_the_engine_events_of_its_instant():
    """At 0:40 the step is the cue (the upload is still running until then)."""
    story = scenarios.get("diamond_cancel")
    manager = story.load()
    instants = []
    while story.pending_cues(manager):
        story.step(manager)
        instants.append(manager.clock.now_millis)
    assert instants == [0, 10 * SECOND, 30 * SECOND, 40 * SECOND]
    assert story.next_cue(manager) is None


def test_advance_stops_right_after_the_first_cue_on_its_way():
    """advance(1 h) from 0:00 in keep_vs_replace stops at the 0:30 cue; the next one
    stops at 3:00; then the whole stretch is run."""
    story = scenarios.get("keep_vs_replace")
    manager = story.load()
    story.advance(manager, timedelta(hours=1))
    assert manager.clock.now_millis == 30 * SECOND
    story.advance(manager, timedelta(hours=1))
    assert manager.clock.now_millis == 3 * MINUTE
    story.advance(manager, timedelta(hours=1))
    assert manager.clock.now_millis == 3 * MINUTE + 60 * MINUTE


@pytest.mark.parametrize("name", [s.name for s in scenarios.catalogue()])
def test_stepping_to_the_end_gives_what_play_gives(name):
    """step() until the story's end gives the same works and trace kinds as play()."""
    story = scenarios.get(name)
    played = story.load()
    story.play(played)
    stepped = story.load()
    end = story.end_millis(stepped)
    while True:
        cue = story.next_cue(stepped)
        upcoming = stepped.next_event_millis()
        due = [t for t in (cue[0] if cue else None, upcoming) if t is not None]
        if not due or min(due) > end:
            break
        story.step(stepped)
    stepped.advance_to(end)
    assert [(d.state, d.run_attempt_count, d.period_count) for d in stepped.describe_works()] == [
        (d.state, d.run_attempt_count, d.period_count) for d in played.describe_works()
    ]
    assert [(e.millis, e.kind) for e in stepped.trace] == [(e.millis, e.kind) for e in played.trace]


def test_a_cue_step_returns_what_the_cue_did():
    """The 0:40 step of diamond_cancel returns the cancel itself (the upload and its
    dependent notify CANCELLED), not only what the engine did after it: every event the
    step added to the trace, in order."""
    story = scenarios.get("diamond_cancel")
    manager = story.load()
    while manager.clock.now_millis < 30 * SECOND:
        story.step(manager)
    before = len(manager.trace)
    returned = story.step(manager)
    assert manager.clock.now_millis == 40 * SECOND and story.next_cue(manager) is None
    assert [(e.millis, e.kind) for e in returned] == [
        (e.millis, e.kind) for e in manager.trace[before:]
    ]
    cancelled = {e.work_id for e in returned if e.kind == "cancelled"}
    ids = story.ids(manager)
    assert {ids["upload"], ids["notify"]} <= cancelled
