"""The Studio as a story instrument, driven headless through its own buttons: cues fire
when they fall due, the picker knows the scenario, each click is captioned and
highlighted, the table and the explain panel follow the class's focus, projector mode,
and bad input shown in the banner."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from wmkit import Constraints, NetworkType, OneTimeWorkRequest, WorkManager, scenarios
from wmkit.scenarios import Cue, CueError, Scenario
from wmkit.scenarios.recording import recording_of
from wmkit.widgets import Studio, focus
from wmkit.widgets.table import HIGHLIGHT, SELECTED

from .workers import MINUTE, SECOND, Quick

NAMES = [s.name for s in scenarios.catalogue()]


def states(manager: WorkManager) -> list[tuple[Any, ...]]:
    """Everything a student reads about each work, in enqueue order."""
    return [
        (
            d.worker_class_name,
            sorted(d.tags),
            d.state.name,
            d.run_attempt_count,
            d.period_count,
            d.stop_reason,
            d.next_run_time,
            repr(d.output_data),
            repr(d.progress),
        )
        for d in manager.describe_works()
    ]


def next_thing(story: Scenario, manager: WorkManager) -> int | None:
    """When the Studio's "next event" would next move the clock to."""
    cue = story.next_cue(manager)
    upcoming = manager.next_event_millis()
    times = [t for t in (cue[0] if cue else None, upcoming) if t is not None]
    return min(times) if times else None


@pytest.mark.parametrize("name", NAMES)
def test_stepping_the_studio_to_the_end_gives_what_play_gives(name: str) -> None:
    """Clicking "next event" until the story's end gives exactly the works that
    ``scenario.play()`` gives, cues included."""
    story = scenarios.get(name)
    played = story.load()
    story.play(played)
    stepped = story.load()
    studio = Studio(stepped)
    end = story.end_millis(stepped)
    clicks = 0
    while (upcoming := next_thing(story, stepped)) is not None and upcoming <= end:
        studio.clock.next_button.click()
        clicks += 1
        assert clicks < 500, "the story never ends"
    assert story.pending_cues(stepped) == []
    assert states(stepped) == states(played)
    assert all(view.errors.value == "" for view in studio.views)


def test_next_event_fires_the_cue_when_it_falls_due() -> None:
    """diamond_cancel through the Studio's buttons: at 0:40 the user cancels the upload,
    and the line under the clock says so beforehand."""
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm)
    assert "next in story:" in studio.clock.story.value
    assert "0:40 the user cancels the upload" in studio.clock.story.value
    while wm.clock.now_millis < 40 * SECOND:
        studio.clock.next_button.click()
    ids = scenarios.get("diamond_cancel").ids(wm)
    assert wm.get_work_info_by_id(ids["upload"]).state.name == "CANCELLED"
    assert wm.get_work_info_by_id(ids["notify"]).state.name == "CANCELLED"
    assert "every cue played" in studio.clock.story.value


def test_a_jump_stops_right_after_the_cue_on_its_way() -> None:
    """ "+1 h" in night_in_doze stops at 0:02, when the phone enters Doze."""
    wm = scenarios.load("night_in_doze")
    studio = Studio(wm)
    studio.clock.jump_buttons["+1 h"].click()
    assert wm.clock.now_millis == 2 * MINUTE and wm.device.doze
    assert "the phone enters deep Doze" in studio.clock.caption.value
    assert "3:00:00 a chat message is sent" in studio.clock.story.value
    studio.clock.jump_buttons["+1 h"].click()  # no cue on the way: a whole hour
    assert wm.clock.now_millis == 62 * MINUTE


def test_play_pauses_at_each_cue() -> None:
    """Play ticks step the story and pause right after a cue, saying so."""
    wm = scenarios.load("constraint_lost")
    studio = Studio(wm)
    clock = studio.clock
    clock.play.playing = True
    tick = 0
    while clock.play.playing and tick < 50:
        tick += 1
        clock.play.value = tick
    assert wm.clock.now_millis == MINUTE and wm.device.network == "cellular"
    assert "paused at a story cue" in clock.status.value


def test_the_picker_knows_a_scenario_loaded_in_code() -> None:
    """Studio(scenarios.load(...)) shows that scenario, its summary and its cues, and
    "play story" plays it on this manager."""
    wm = scenarios.load("keep_vs_replace")
    studio = Studio(wm)
    picker = studio.scenarios
    assert picker is not None
    assert picker.dropdown.value == "keep_vs_replace"
    assert not picker.play_button.disabled
    assert "Two unique works refresh the feed" in picker.info.value
    assert "0:30 the user pulls to refresh" in picker.info.value
    assert "3:00 KEEP again" in picker.info.value
    assert "✓" not in picker.info.value
    picker.play_button.click()
    assert wm.clock.now_millis == 6 * MINUTE
    assert picker.info.value.count("✓") == 2
    assert "Two unique works refresh the feed" in picker.info.value  # still there


def test_a_manager_built_by_hand_has_no_story(manager: WorkManager) -> None:
    """Without a scenario the clock moves the engine alone and no story line shows."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    studio = Studio(manager)
    assert studio.clock.story.value == ""
    assert studio.scenarios is not None and studio.scenarios.play_button.disabled
    studio.clock.next_button.click()
    assert manager.clock.now_millis == 0


# ------------------------------------------------------------------ what each click did
def test_each_click_is_captioned_and_its_works_highlighted() -> None:
    """The cancel click names the cue, the cancelled work and its dependent; those two
    are highlighted in the table, and the explain panel follows the upload."""
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm)
    ids = {role: str(i) for role, i in scenarios.get("diamond_cancel").ids(wm).items()}
    while wm.clock.now_millis < 40 * SECOND:
        studio.clock.next_button.click()
    expected = (
        "0:40 the user cancels the upload: Upload #upload CANCELLED by the app → "
        "Notify #notify CANCELLED, its dependent"
    )
    assert expected in studio.clock.caption.value
    current = focus.focus_of(wm)
    assert current.highlighted == {ids["upload"], ids["notify"]}
    assert current.lead == ids["upload"]
    marked = {r.work_id: r.name.style.button_color for r in studio.table._pool if r.work_id}
    assert marked[ids["upload"]] == marked[ids["notify"]] == HIGHLIGHT
    assert marked[ids["prepare"]] is None
    assert studio.explain.work_id == ids["upload"]
    assert "CANCELLED" in studio.explain.text


def test_the_explain_panel_names_the_work_as_every_other_view_does() -> None:
    """The explain panel's headline is "Upload #upload" (the table's and the picker's
    name), above explain()'s own words, which are unchanged."""
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm)
    upload = str(scenarios.get("diamond_cancel").ids(wm)["upload"])
    studio.explain.select(upload)
    assert studio.explain.label == "Upload #upload"
    assert dict(studio.explain.picker.dropdown.options)["Upload #upload"] == upload
    value = studio.explain.explanation.value
    assert value.index('class="wmkit-explain-label"') < value.index("Upload #upload")
    assert value.index("Upload #upload") < value.index('class="wmkit-explain-text"')
    assert studio.explain.text == wm.explain(uuid.UUID(upload))
    assert studio.explain.text.startswith(f"Upload {upload[:8]} (one-time)")


def test_a_device_flip_names_what_it_did_to_which_works() -> None:
    """Switching wifi off mid-upload: the caption says wifi went off and the upload was
    stopped for it."""
    wm = scenarios.load("constraint_lost")
    studio = Studio(wm)
    studio.clock.next_button.click()  # the upload starts
    studio.device.controls["network"].value = "none"
    caption = studio.clock.caption.value
    assert "network off" in caption
    assert "UploadVideo #video stopped (CONSTRAINT_CONNECTIVITY)" in caption


def test_the_event_log_groups_rows_per_click_newest_first() -> None:
    """Each click is a group headed by its caption; the newest is marked."""
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm)
    for _ in range(4):
        studio.clock.next_button.click()
    log = studio.event_log
    assert log.groups[0].startswith("0:40 the user cancels the upload")
    assert log.groups[1] == "0:30 Resize #resize SUCCEEDED"
    html = log.table.value
    assert html.count("wmkit-click-latest") == 1
    assert html.index("wmkit-click-latest") < html.index("0:30 Resize #resize SUCCEEDED")
    assert "Upload #upload" in html


def test_code_in_a_cell_is_captioned_too(manager: WorkManager) -> None:
    """A call made in a notebook cell is a click of its own."""
    studio = Studio(manager)
    request = OneTimeWorkRequest(Quick, tags=["sync"])
    manager.enqueue(request)
    assert "Quick #sync enqueued" in studio.clock.caption.value
    assert focus.focus_of(manager).highlighted == {str(request.id)}


# ------------------------------------------------------------------ selection and filter
def test_clicking_a_table_row_selects_the_work_everywhere() -> None:
    """A row's name button selects that work: outlined in the table, explained."""
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm)
    notify = str(scenarios.get("diamond_cancel").ids(wm)["notify"])
    [row] = [r for r in studio.table._pool if r.work_id == notify]
    row.name.click()
    assert focus.selected(wm) == notify
    assert row.name.style.button_color == SELECTED
    assert studio.explain.work_id == notify
    assert studio.explain.picker.value == notify


def test_the_pin_keeps_the_explained_work_while_the_story_goes_on() -> None:
    """Pinned, the explain panel stays on its work whatever the next clicks change."""
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm)
    notify = str(scenarios.get("diamond_cancel").ids(wm)["notify"])
    studio.explain.select(notify)
    studio.explain.pin.value = True
    for _ in range(3):
        studio.clock.next_button.click()
    assert studio.explain.work_id == notify
    studio.explain.pin.value = False
    studio.clock.next_button.click()  # the cancel: the panel follows the upload again
    assert studio.explain.work_id == str(scenarios.get("diamond_cancel").ids(wm)["upload"])


def test_one_filter_box_narrows_the_table_and_the_log() -> None:
    """Typing in the Studio's filter box narrows the works table and the event log, and
    publishes the text for the drawings."""
    wm = scenarios.load("fan_in_merge")
    studio = Studio(wm)
    studio.clock.next_button.click()
    studio.filter.value = "download-city"
    assert focus.focus_of(wm).filter == "download-city"
    assert [studio.table.text.count("#download-city")] == [1]
    assert len(studio.table.rows) == 1
    city = studio.table.rows[0].id
    assert studio.event_log.shown
    assert all(e.work_id == city for e in studio.event_log.shown)
    studio.filter.value = ""
    assert len(studio.table.rows) == 5


# ------------------------------------------------------------------ projector mode
def test_projector_mode_adds_its_class_and_switches_the_drawings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Studio(projector=True): the projector class and its 18 px rules, the explain
    panel beside the drawing; the toggle switches back; drawings that offer
    ``set_projector`` are told."""
    told: list[bool] = []
    from wmkit.widgets.dag import DagView

    monkeypatch.setattr(DagView, "set_projector", lambda self, on: told.append(on), raising=False)
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm, projector=True)
    assert "wmkit-projector" in studio._dom_classes
    assert "font-size: 18px !important" in studio.stylesheet.value
    assert studio.body.children[0] is studio.tabs
    assert studio.side.children[0] is studio.explain
    studio.projector_toggle.value = False
    assert "wmkit-projector" not in studio._dom_classes
    assert studio.body.children[1] is studio.tabs
    assert told == [True, False]


# ------------------------------------------------------------------ bad input
def test_a_cue_that_raises_is_shown_and_the_story_goes_on() -> None:
    """A broken cue: a clear message in the banner, the cue counts as played, the next
    click works, and the works stored before it are intact."""

    def broken(manager: WorkManager) -> None:
        raise KeyError("no such button")

    base = scenarios.get("diamond_cancel")
    story = Scenario(
        name="broken",
        title="A cue that raises",
        summary="for the test",
        android_notes="none",
        builder=base.builder,
        roles=base.roles,
        run_for=timedelta(minutes=2),
        cues=(Cue(timedelta(seconds=5), "the app presses a missing button", broken),),
    )
    wm = story.load()
    studio = Studio(wm)
    before = len(wm.describe_works())
    studio.clock.next_button.click()  # 0:00 prepare starts
    studio.clock.next_button.click()  # 0:05 the cue raises
    assert "CueError" in studio.banner.message.value
    assert "the app presses a missing button" in studio.banner.message.value
    assert story.pending_cues(wm) == []
    studio.clock.next_button.click()
    assert wm.clock.now_millis == 10 * SECOND
    assert len(wm.describe_works()) == before
    with pytest.raises(CueError, match="counts as played"):
        story.play(story.load())  # in code, the same cue raises where it is played


def test_a_studio_on_a_closed_manager_says_so_and_keeps_working() -> None:
    """A closed manager: the banner says it is closed; loading a scenario works."""
    wm = scenarios.load("diamond_cancel")
    wm.close()
    studio = Studio(wm)
    assert "closed" in studio.banner.message.value
    assert studio.banner.message.value.count("This WorkManager is closed") == 1
    studio.clock.next_button.click()  # refused, shown, not raised
    assert "closed" in studio.clock.errors.value
    loaded = studio.scenarios.load("fan_in_merge")  # type: ignore[union-attr]
    assert loaded is not None and studio.manager is loaded
    assert studio.banner.message.value == ""
    studio.clock.next_button.click()
    assert all(view.errors.value == "" for view in studio.views)


def test_selecting_a_work_that_no_longer_exists_is_said_in_the_banner() -> None:
    """A selection that points at a deleted (or made-up) work: the banner says so and
    the explain panel explains another work."""
    wm = scenarios.load("keep_vs_replace")
    studio = Studio(wm)
    replace_1 = str(scenarios.get("keep_vs_replace").ids(wm)["replace-1"])
    studio.explain.select(replace_1)
    scenarios.get("keep_vs_replace").play(wm, timedelta(seconds=30))  # REPLACE deletes it
    assert "does not exist any more" in studio.banner.message.value
    assert studio.explain.work_id != replace_1 and studio.explain.work_id is not None
    assert focus.selected(wm) is None
    focus.select(wm, "not-a-work-id")
    assert studio.explain.work_id is not None
    assert all(view.errors.value == "" for view in studio.views)


def test_work_labels_tell_works_of_one_class_apart(manager: WorkManager) -> None:
    """Two works with the same class and role tag get ordinals in every view."""
    needs = Constraints(required_network_type=NetworkType.UNMETERED)
    manager.enqueue(OneTimeWorkRequest(Quick, tags=["sync"], constraints=needs))
    manager.enqueue(OneTimeWorkRequest(Quick, tags=["sync"]))
    studio = Studio(manager)
    names = sorted(r.name.description for r in studio.table._pool if r.work_id)
    assert names == ["Quick #sync (1)", "Quick #sync (2)"]
    options = [label for label, _ in studio.explain.picker.dropdown.options]
    assert sorted(options) == names


def _story_line(studio: Studio) -> str:
    """The line under the clock, as a student reads it."""
    import re

    return re.sub(r"<[^>]+>", "", studio.clock.story.value)


def _click_until(studio: Studio, manager: WorkManager, millis: int) -> None:
    while manager.clock.now_millis < millis:
        studio.clock.next_button.click()


def test_the_story_line_is_true_at_every_click_without_cues() -> None:
    """fan_in_merge has no cues: the line never claims a cue played, nor that the story
    has been told before the clock got there; once nothing is left it says it is over."""
    wm = scenarios.load("fan_in_merge")
    studio = Studio(wm)
    for at in (0, 10 * SECOND, 20 * SECOND):
        _click_until(studio, wm, at)
        line = _story_line(studio)
        assert "no cues: the works tell this story" in line, (at, line)
        assert "cue played" not in line and "told by" not in line, (at, line)
    while wm.next_event_millis() is not None:
        studio.clock.next_button.click()
    assert "story over" in _story_line(studio)
    wm.advance(timedelta(minutes=5))  # past run_for
    assert "story over (it ran to 0:40)" in _story_line(studio)


def test_the_story_line_is_true_at_every_click_with_cues() -> None:
    """night_in_doze: the next cue while cues are left; after the last cue (7:00), with
    works still due before the end, "every cue played" without any past-tense claim about
    an instant not reached; over once the clock reaches the story's end."""
    wm = scenarios.load("night_in_doze")
    studio = Studio(wm)
    assert "next in story: 2:00 the phone enters deep Doze" in _story_line(studio)
    _click_until(studio, wm, 2 * MINUTE)
    assert "next in story: 3:00:00 a chat message is sent" in _story_line(studio)
    _click_until(studio, wm, 7 * 60 * MINUTE)
    line = _story_line(studio)
    assert "every cue played; the works play out the rest (it runs to 8:00:00)" in line
    assert "told" not in line and "over" not in line
    wm.advance(timedelta(hours=1))
    assert "story over (it ran to 8:00:00)" in _story_line(studio)


def test_the_story_line_says_the_story_is_over_when_nothing_is_left() -> None:
    """diamond_cancel: after the cancel at 0:40 nothing is left to run; the line says
    the story is over, not that it "has been told by 2:00" while the clock reads 0:40."""
    wm = scenarios.load("diamond_cancel")
    studio = Studio(wm)
    _click_until(studio, wm, 40 * SECOND)
    line = _story_line(studio)
    assert "story over: every cue played and no work has anything left to do" in line
    assert "2:00" not in line


@pytest.mark.parametrize("name", NAMES)
def test_every_next_event_click_shows_something(name: str) -> None:
    """Stepping a catalogue scenario with the Studio's own "next event" until the story
    line says it is over: every click added an event or played a cue (a re-check of the
    phone's rules that changed nothing is stepped over: night_in_doze used to stop at
    7:17 and expedited_out_of_quota at 10:00 with nothing to see). The one exception is
    a last click that lands on the story's end, where the story line says so."""
    story = scenarios.get(name)
    wm = story.load()
    studio = Studio(wm)
    end = story.end_millis(wm)
    clicks = 0
    while "story over" not in _story_line(studio):
        trace, pending = len(wm.trace), len(story.pending_cues(wm))
        studio.clock.next_button.click()
        clicks += 1
        assert clicks < 500, "the story never ends"
        showed = len(wm.trace) > trace or len(story.pending_cues(wm)) < pending
        at_end = wm.clock.now_millis == end and "story over" in _story_line(studio)
        assert showed or at_end, f"click {clicks} stopped at {wm.clock.now_millis} with nothing"
    assert story.pending_cues(wm) == []
    # The rewind slider has no empty steps either: a stepped-over instant joins its click.
    steps = recording_of(wm).steps
    empty = [s.millis for s in steps[1:-1] if not s.events and s.cue is None]
    assert empty == [], f"rewind steps with nothing in them, at {empty}"
