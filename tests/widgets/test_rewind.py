"""Rewind from the beginning: a recording per engine step from the scenario's start, step
labels, a read-only preview, and going on from a rewound step."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from wmkit import OneTimeWorkRequest, WorkManager, scenarios
from wmkit.scenarios.recording import recording_of
from wmkit.widgets import RewindBar, Studio

from .workers import SECOND, Quick, Slow


def test_a_story_played_before_the_studio_opened_can_be_scrubbed_from_its_start() -> None:
    """play() in code, then a Studio: the slider holds every step from 0:00."""
    story = scenarios.get("diamond_cancel")
    wm = story.load()
    story.play(wm)
    studio = Studio(wm)
    bar = studio.rewind
    assert bar is not None
    steps = bar.checkpoints
    assert [s.millis for s in steps] == [0, 0, 10_000, 30_000, 40_000, 120_000]
    assert bar.slider.max == len(steps) - 1 and bar.slider.value == len(steps) - 1
    assert bar.label(0) == "0:00 the start"
    assert bar.label(4).startswith("0:40 the user cancels the upload: Upload #upload CANCELLED")
    assert bar.label(5) == "2:00 time passed, nothing happened"


def test_play_story_inside_the_studio_records_every_step() -> None:
    """One click of "play story" still leaves one step per engine instant."""
    wm = scenarios.load("retry_backoff")
    studio = Studio(wm)
    studio.scenarios.play_button.click()  # type: ignore[union-attr]
    steps = studio.rewind.checkpoints  # type: ignore[union-attr]
    assert len(steps) > 10
    assert steps[0].millis == 0 and steps[-1].millis == 10 * 60 * SECOND


def test_device_steps_are_labelled_by_what_changed() -> None:
    """Steps that only changed the device are told apart by their labels."""
    story = scenarios.get("constraint_lost")
    wm = story.load()
    story.play(wm)
    bar = RewindBar(wm)
    labels = [bar.label(i) for i in range(len(bar.checkpoints))]
    assert any(label.startswith("1:00 the phone leaves wifi") for label in labels)
    assert any(label.startswith("5:00 wifi is back") for label in labels)
    assert len(set(labels)) == len(labels)


def test_dragging_previews_read_only_and_back_to_latest_returns(tmp_path: Path) -> None:
    """A preview shows the earlier step in every view but writes nothing to the store;
    "back to latest" puts the story back where it stood."""
    story = scenarios.get("diamond_cancel")
    wm = story.load(tmp_path / "story.wmk.json")
    story.play(wm)
    studio = Studio(wm)
    bar = studio.rewind
    assert bar is not None
    stored = (tmp_path / "story.wmk.json").read_text()
    bar.slider.value = 2  # a drag released on step 2
    assert bar.previewing and wm.clock.now_millis == 10_000
    assert studio.clock.clock_label.value == "T+0d 00:00:10"
    assert "previewing step 2 of 5" in bar.when.value
    assert studio.clock.next_button.disabled and studio.device.controls["network"].disabled
    assert (tmp_path / "story.wmk.json").read_text() == stored
    bar.back.click()  # ◀: the step before, still a preview
    assert wm.clock.now_millis == 0 and bar.previewing
    bar.latest_button.click()
    assert not bar.previewing and wm.clock.now_millis == 120_000
    assert not studio.clock.next_button.disabled
    upload = story.ids(wm)["upload"]
    assert wm.get_work_info_by_id(upload).state.name == "CANCELLED"
    assert len(bar.checkpoints) == 6


def test_rewind_here_commits_and_the_story_plays_again_from_there() -> None:
    """Rewinding before a cue and stepping on plays the cue again, and forgets the
    steps that came after the rewound one."""
    story = scenarios.get("diamond_cancel")
    wm = story.load()
    studio = Studio(wm)
    for _ in range(4):
        studio.clock.next_button.click()
    bar = studio.rewind
    assert bar is not None and len(bar.checkpoints) == 5
    bar.slider.value = 2
    bar.rewind_button.click()
    assert not bar.previewing and wm.clock.now_millis == 10_000
    assert [at for at, _ in story.pending_cues(wm)] == [40_000]  # the cue is due again
    studio.clock.next_button.click()
    assert len(bar.checkpoints) == 4  # steps 3 and 4 were forgotten, one new one
    while story.pending_cues(wm):
        studio.clock.next_button.click()
    assert wm.get_work_info_by_id(story.ids(wm)["upload"]).state.name == "CANCELLED"


def test_rewinding_in_code_keeps_the_story_in_step() -> None:
    """restore_checkpoint() of a recorded step, called in a cell, rewinds the cues too."""
    story = scenarios.get("diamond_cancel")
    wm = story.load()
    story.play(wm)
    recording = recording_of(wm)
    assert recording is not None
    early = recording.steps[2]
    wm.restore_checkpoint(early.checkpoint)
    assert recording.position == 2
    assert story.pending_cues(wm) != []
    story.play(wm)
    assert wm.get_work_info_by_id(story.ids(wm)["upload"]).state.name == "CANCELLED"


def test_a_manager_built_by_hand_records_from_when_the_bar_was_made(
    manager: WorkManager,
) -> None:
    """Without a scenario, recording starts with the bar; a quiet jump is a step too."""
    manager.begin_with(OneTimeWorkRequest(Quick)).then(OneTimeWorkRequest(Slow)).enqueue()
    bar = RewindBar(manager)
    manager.advance(timedelta(minutes=5))  # several instants in one call
    assert [s.millis for s in bar.checkpoints] == [0, 0, 30_000, 150_000, 300_000]
    bar.rewind_to(2)
    assert manager.clock.now_millis == 30_000
