"""The timeline: lanes of runs and waits read from the trace, drawn as SVG."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from wmkit import (
    Constraints,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    WorkManager,
)
from wmkit.render import STATE_FILL, Segment, timeline_model, timeline_svg

from .conftest import find_all, parse_svg
from .workers import HOUR, MINUTE, SECOND, Flaky, Quick, Slow


def segments(manager: WorkManager, index: int = 0) -> list[tuple[str, int, int]]:
    """(kind, start, end) of one lane's segments that happened (not the future part)."""
    lane = timeline_model(manager).lanes[index]
    return [(s.kind, s.start, s.end) for s in lane.segments if not s.future]


def test_retries_show_runs_and_exponential_backoff_waits(manager: WorkManager) -> None:
    """Two retries: three 10 s runs separated by 30 s and 60 s of backoff."""
    manager.enqueue(OneTimeWorkRequest(Flaky))
    manager.run_until_idle()
    assert segments(manager) == [
        ("run-retry", 0, 10 * SECOND),
        ("backoff", 10 * SECOND, 40 * SECOND),
        ("run-retry", 40 * SECOND, 50 * SECOND),
        ("backoff", 50 * SECOND, 110 * SECOND),
        ("run-succeeded", 110 * SECOND, 120 * SECOND),
    ]


def test_initial_delay_is_a_wait_before_the_first_run(manager: WorkManager) -> None:
    """An initial delay of 1 min is drawn from the enqueue to the start."""
    manager.enqueue(OneTimeWorkRequest(Quick, initial_delay=timedelta(minutes=1)))
    manager.run_until_idle()
    assert segments(manager) == [
        ("initial-delay", 0, MINUTE),
        ("run-succeeded", MINUTE, MINUTE + 30 * SECOND),
    ]


def test_a_scheduled_wait_extends_past_now(manager: WorkManager) -> None:
    """Before the delay is over, its remaining part is drawn after now, as future."""
    manager.enqueue(OneTimeWorkRequest(Quick, initial_delay=timedelta(minutes=5)))
    manager.advance(timedelta(minutes=1))
    lane = timeline_model(manager).lanes[0]
    assert Segment("initial-delay", MINUTE, 5 * MINUTE, "delay", True) in lane.segments
    assert timeline_model(manager).end > MINUTE


def test_a_stopped_run_is_marked_with_its_stop_reason(manager: WorkManager) -> None:
    """Losing wifi stops the run (✕ CONSTRAINT_CONNECTIVITY); the wait names the constraint."""
    unmetered = Constraints(required_network_type=NetworkType.UNMETERED)
    manager.enqueue(OneTimeWorkRequest(Quick, constraints=unmetered))
    manager.advance(timedelta(seconds=10))
    manager.set_device(network="cellular")
    manager.advance(timedelta(seconds=50))
    manager.set_device(network="wifi")
    manager.run_until_idle()
    lane = timeline_model(manager).lanes[0]
    stopped = lane.segments[0]
    assert (stopped.kind, stopped.end, stopped.label) == (
        "run-stopped",
        10 * SECOND,
        "✕ CONSTRAINT_CONNECTIVITY",
    )
    assert [m.kind for m in lane.marks] == ["stopped"]
    waiting = [s for s in lane.segments if s.kind == "waiting-constraint"]
    assert len(waiting) == 1 and "UNMETERED" in waiting[0].label
    assert waiting[0].end == MINUTE
    svg = timeline_svg(manager)
    assert "✕" in svg and 'data-kind="waiting-constraint"' in svg


def test_a_dependent_is_blocked_until_its_prerequisite_succeeds(manager: WorkManager) -> None:
    """The second work of a chain is blocked for the whole first run."""
    first, second = OneTimeWorkRequest(Slow), OneTimeWorkRequest(Quick)
    manager.begin_with(first).then(second).enqueue()
    manager.run_until_idle()
    assert segments(manager, 1) == [
        ("blocked", 0, 2 * MINUTE),
        ("run-succeeded", 2 * MINUTE, 2 * MINUTE + 30 * SECOND),
    ]


def test_a_periodic_work_shows_intervals_and_flex_windows(manager: WorkManager) -> None:
    """15 min periods with a 5 min flex: the first run opens the first flex window."""
    manager.enqueue(PeriodicWorkRequest(Quick, timedelta(minutes=15), timedelta(minutes=5)))
    manager.advance(timedelta(minutes=40))
    got = segments(manager)
    assert ("flex", 10 * MINUTE, 15 * MINUTE) in got
    assert ("period", 0, 10 * MINUTE) in got
    assert ("run-succeeded", 10 * MINUTE, 10 * MINUTE + 30 * SECOND) in got
    assert sum(1 for kind, _, _ in got if kind == "run-succeeded") == 2


def test_doze_and_maintenance_windows_are_background_bands(manager: WorkManager) -> None:
    """Entering Doze draws a Doze band, and its maintenance windows inside it."""
    manager.enqueue(PeriodicWorkRequest(Quick, timedelta(minutes=15)))
    manager.set_device(charging=False, doze=True)
    manager.advance(timedelta(hours=2))
    model = timeline_model(manager)
    kinds = [b.kind for b in model.bands]
    assert "doze" in kinds
    assert "maintenance" in kinds
    doze = next(b for b in model.bands if b.kind == "doze")
    assert doze.start == 0 and doze.end == 2 * HOUR
    svg = timeline_svg(model)
    assert len(find_all(parse_svg(svg), "g", "band")) == len(model.bands)


def test_device_changes_are_markers(manager: WorkManager) -> None:
    """Each ``set_device`` call is a vertical marker labelled with what changed."""
    manager.enqueue(OneTimeWorkRequest(Slow))
    manager.advance(timedelta(seconds=20))
    manager.set_device(network="none")
    model = timeline_model(manager)
    assert [(m.kind, m.millis) for m in model.markers] == [("device", 20 * SECOND)]
    assert "network=&#x27;none&#x27;" in timeline_svg(model) or "network='none'" in timeline_svg(
        model
    )


def test_the_now_line_is_drawn_at_now(manager: WorkManager) -> None:
    """A red "now" line is labelled with the current virtual time."""
    manager.enqueue(OneTimeWorkRequest(Slow))
    manager.advance(timedelta(minutes=1))
    svg = timeline_svg(manager)
    [now] = find_all(parse_svg(svg), "g", "now")
    assert "now 1:00" in svg and now is not None


def test_more_than_fifty_works_are_summarised(manager: WorkManager) -> None:
    """Sixty works: fifty lanes (the most recently active first) and one summary row."""
    requests = [OneTimeWorkRequest(Quick, initial_delay=timedelta(seconds=i)) for i in range(60)]
    manager.enqueue(requests)
    manager.advance(timedelta(seconds=45))
    model = timeline_model(manager)
    assert len(model.lanes) == 50 and model.hidden == 10
    shown = {lane.work_id for lane in model.lanes}
    active = {str(d.id) for d in manager.describe_works() if d.run_attempt_count}
    assert active and active <= shown  # every work that has run is among the lanes
    svg = timeline_svg(model)
    assert "+ 10 more works not drawn" in svg
    assert len(find_all(parse_svg(svg), "g", "lane")) == 50


def test_last_shows_only_the_recent_stretch(manager: WorkManager) -> None:
    """``last=`` starts the window that long before now."""
    manager.enqueue(OneTimeWorkRequest(Flaky))
    manager.advance(timedelta(minutes=10))
    model = timeline_model(manager, last=MINUTE)
    assert model.start == 9 * MINUTE and model.end > 10 * MINUTE


def test_an_empty_manager_draws_a_placeholder(manager: WorkManager) -> None:
    """No works: a valid SVG saying so."""
    svg = timeline_svg(manager)
    parse_svg(svg)
    assert "No work enqueued yet." in svg


def test_a_reopened_store_shows_the_restored_works(tmp_path: Path) -> None:
    """After reopening, lanes come from the stored works even though the trace is new."""
    path = tmp_path / "lesson.wmk.json"
    with WorkManager(path) as wm:
        waiting = OneTimeWorkRequest(Quick, initial_delay=timedelta(hours=1))
        done = OneTimeWorkRequest(Quick)
        wm.enqueue([waiting, done])
        wm.advance(timedelta(minutes=5))
    with WorkManager(path) as reopened:
        model = timeline_model(reopened)
        lanes = {lane.work_id: lane for lane in model.lanes}
        assert lanes[str(done.id)].state == "SUCCEEDED"
        delay = lanes[str(waiting.id)].segments
        assert any(s.kind == "initial-delay" and s.end == HOUR for s in delay)
        parse_svg(timeline_svg(model))


def test_every_state_chip_uses_the_state_palette(manager: WorkManager) -> None:
    """Each lane's chip is filled with its state's colour."""
    manager.enqueue(OneTimeWorkRequest(Slow))
    manager.advance(timedelta(seconds=1))
    assert f'fill="{STATE_FILL["RUNNING"]}"' in timeline_svg(manager)


def test_a_cue_flag_label_ends_inside_the_drawing_and_clear_of_now() -> None:
    """diamond_cancel at 0:30 with its 0:40 cue near the right edge, at widths a Studio
    panel has: the flag's label (measured bold, as drawn) ends inside the drawing, is
    shortened with an ellipsis where it must be, keeps the whole cue in its tooltip,
    and the "now" line starts below the flags' row, so no label runs over it."""
    from wmkit import scenarios
    from wmkit.render.text import text_width

    story = scenarios.get("diamond_cancel")
    wm = story.load()
    story.play(wm, until=timedelta(seconds=30))
    cue = "the user cancels the upload"
    for projector in (False, True):
        for width in (300.0, 440.0, 470.0, 560.0, 760.0):
            svg = timeline_svg(wm, width=width, projector=projector, cues=[(40 * SECOND, cue)])
            root = parse_svg(svg)
            (flag,) = [g for g in find_all(root, "g", "marker") if g.get("data-kind") == "cue"]
            tip = flag.find("{http://www.w3.org/2000/svg}title")
            assert tip is not None and tip.text == f"story, 0:40: {cue}"
            (label,) = find_all(flag, "text")
            shown, x = label.text or "", float(label.get("x") or 0)
            drawn = text_width(shown, float(label.get("font-size") or 0), bold=True)
            left, right = (x - drawn, x) if label.get("text-anchor") == "end" else (x, x + drawn)
            drawing = float(root.get("width") or 0)  # at least 380 px, however narrow asked
            assert left >= 0 and right <= drawing, (projector, width, shown, left, right)
            assert shown == f"⚑ 0:40 {cue}" or shown.endswith("…"), shown
            (now,) = find_all(root, "g", "now")
            (now_line,) = find_all(now, "line")
            label_bottom = float(label.get("y") or 0)
            assert float(now_line.get("y1") or 0) > label_bottom, (projector, width)
    wm.close()
