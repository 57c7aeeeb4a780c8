"""The drawings as a class uses them, headless: clicks select works in every view, the
last click's changes are highlighted, only what changed is sent, badges say why a work
waits, the timeline follows its panel, tells the story and survives many works."""

from __future__ import annotations

from datetime import timedelta

from wmkit import (
    Constraints,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    WorkManager,
    scenarios,
)
from wmkit.render import SvgDocument, dag_model, timeline_model
from wmkit.render.document import part
from wmkit.widgets import DagView, MergeInspector, Timeline, focus
from wmkit.widgets.canvas import SvgCanvas

from .conftest import find_all, parse_svg
from .workers import HOUR, MINUTE, Quick, Slow

HEAD = '<svg xmlns="http://www.w3.org/2000/svg">'


def doc(**parts: str) -> SvgDocument:
    return SvgDocument(HEAD, tuple((key, part(key, body)) for key, body in parts.items()))


class Recorder:
    """Stands in for the browser: what the canvas sent as messages."""

    def __init__(self, canvas: SvgCanvas) -> None:
        self.sent: list[dict[str, object]] = []
        canvas.send = self.sent.append  # type: ignore[method-assign]


# ---------------------------------------------------------------- the canvas
def test_canvas_sends_the_drawing_once_then_only_changed_parts() -> None:
    """A first drawing is sent whole; a recolour sends the changed part only, and the
    document the browser ends up with is the new drawing."""
    canvas = SvgCanvas()
    browser = Recorder(canvas)
    first = doc(a="<rect fill='red'/>" * 20, b="<rect/>" * 20)
    canvas.show(first)
    assert canvas.svg == first.text() and canvas.full_sends == 1 and browser.sent == []
    second = doc(a="<rect fill='red'/>" * 20, b="<circle/>" + "<rect/>" * 19)
    canvas.show(second)
    assert canvas.full_sends == 1 and canvas.svg == first.text()  # the base stays
    [message] = browser.sent
    assert message == {"type": "patch", "parts": {"b": dict(second.parts)["b"]}}
    assert canvas.document == second.text()
    canvas.show(second)
    assert len(browser.sent) == 1  # nothing changed: nothing sent


def test_a_view_opened_later_asks_for_the_parts_it_missed() -> None:
    """A browser view created after some patches says "ready" and gets them all."""
    canvas = SvgCanvas()
    browser = Recorder(canvas)
    canvas.show(doc(a="1" * 500, b="2" * 50, c="3" * 50))
    canvas.show(doc(a="1" * 500, b="x" * 50, c="3" * 50))
    canvas.show(doc(a="1" * 500, b="x" * 50, c="y" * 50))
    assert canvas.full_sends == 1
    canvas._message(canvas, {"type": "ready"}, [])
    assert set(browser.sent[-1]["parts"]) == {"b", "c"}  # type: ignore[arg-type]


def test_a_new_shape_or_many_changes_resend_the_whole_drawing() -> None:
    """Other parts (a node added) or changes worth half the drawing: one full send."""
    canvas = SvgCanvas()
    canvas.show(doc(a="1" * 50, b="2" * 50))
    canvas.show(doc(a="1" * 50, b="2" * 50, c="new"))
    assert canvas.full_sends == 2
    canvas.show(doc(a="9" * 50, b="8" * 50, c="new"))
    assert canvas.full_sends == 3 and canvas.document == canvas.svg


def test_a_click_is_reported_once_and_can_be_repeated() -> None:
    """Setting ``clicked`` (what the browser does) calls back and resets it."""
    canvas = SvgCanvas()
    heard: list[str] = []
    canvas.on_click(heard.append)
    canvas.clicked = "abc"
    canvas.clicked = "abc"
    assert heard == ["abc", "abc"] and canvas.clicked == ""


# -------------------------------------------------------- selection and focus
def test_clicking_a_node_selects_the_work_in_every_view(manager: WorkManager) -> None:
    """A click on a DAG node selects that work in the shared focus; the timeline marks
    the same work's lane; a click on a lane selects too."""
    first, second = OneTimeWorkRequest(Slow), OneTimeWorkRequest(Quick)
    manager.begin_with(first).then(second).enqueue()
    dag, timeline = DagView(manager), Timeline(manager)
    dag.picture.clicked = str(second.id)
    assert focus.selected(manager) == str(second.id)
    assert dag.picture.selected == timeline.picture.selected == str(second.id)
    timeline.picture.clicked = str(first.id)
    assert focus.selected(manager) == str(first.id) and dag.picture.selected == str(first.id)


def test_the_works_the_last_click_changed_are_highlighted(manager: WorkManager) -> None:
    """``focus.highlight`` (set by the Studio after each click) lights those works up in
    the DAG and the timeline, without redrawing either."""
    request = OneTimeWorkRequest(Quick)
    manager.enqueue(request)
    dag, timeline = DagView(manager), Timeline(manager)
    redraws = (dag.redraws, timeline.redraws)
    focus.highlight(manager, [str(request.id)], "0:00 Quick ran")
    assert dag.picture.highlighted == timeline.picture.highlighted == [str(request.id)]
    assert (dag.redraws, timeline.redraws) == redraws


def test_a_step_sends_only_the_nodes_it_changed(manager: WorkManager) -> None:
    """At 30 works in chains, a step that changes a few states sends those nodes (and
    their edges), not the drawing."""
    for _ in range(10):
        manager.begin_with(OneTimeWorkRequest(Quick)).then(OneTimeWorkRequest(Slow)).then(
            OneTimeWorkRequest(Quick)
        ).enqueue()
    view = DagView(manager)
    browser = Recorder(view.picture)
    manager.step()
    [message] = browser.sent
    changed = message["parts"]
    assert 0 < len(changed) < 25  # type: ignore[arg-type]
    assert sum(len(v) for v in changed.values()) < len(view.picture.svg) / 3  # type: ignore[union-attr]
    assert view.svg == view.picture.document
    parse_svg(view.svg)


# ------------------------------------------------------------ why not running
def test_badges_say_why_a_work_is_not_running(manager: WorkManager) -> None:
    """Blocked behind its prerequisite, waiting for wifi, backing off, delayed."""
    wifi = Constraints(required_network_type=NetworkType.UNMETERED)
    first, second = OneTimeWorkRequest(Slow), OneTimeWorkRequest(Quick)
    manager.begin_with(first).then(second).enqueue()
    waits = OneTimeWorkRequest(Quick, constraints=wifi)
    later = OneTimeWorkRequest(Quick, initial_delay=timedelta(minutes=2))
    manager.enqueue([waits, later])
    manager.set_device(network="cellular")
    manager.advance(timedelta(seconds=1))
    badges = {n.id: n.badge for n in dag_model(manager).nodes}
    assert badges[str(second.id)] == "waits for Slow"
    assert badges[str(waits.id)] == "wifi"
    assert badges[str(later.id)] == "delay → 2:00"
    assert badges[str(first.id)] == ""  # running: nothing holds it


def test_doze_badge_says_until_when(manager: WorkManager) -> None:
    """In deep Doze a due work's badge names Doze and the end of the idle period."""
    manager.set_device(charging=False, app_in_foreground=False, doze=True)
    request = OneTimeWorkRequest(Quick)
    manager.enqueue(request)
    manager.advance(timedelta(minutes=5))
    [node] = dag_model(manager).nodes
    assert node.badge == "Doze → 1:00:00" and node.badge_kind == "doze"
    svg = DagView(manager).svg
    assert 'data-reason="doze"' in svg and "Doze → 1:00:00" in svg


# ---------------------------------------------------------------- many works
def test_many_independent_works_of_a_class_become_one_node(manager: WorkManager) -> None:
    """120 lone works: one summary node with counts; a click draws them one by one, and
    the "fold" button that appears folds them again."""
    manager.enqueue([OneTimeWorkRequest(Quick) for _ in range(110)])
    manager.enqueue([OneTimeWorkRequest(Slow) for _ in range(10)])
    manager.advance(timedelta(seconds=1))
    view = DagView(manager)
    assert view.model is not None and len(view.model.nodes) == 2
    quick = next(n for n in view.model.nodes if n.title == "Quick")
    assert quick.is_summary and len(quick.members) == 110
    assert quick.lines[0] == "110 × Quick" and "▶" in quick.lines[1]
    view.picture.clicked = quick.id
    assert len(view.model.nodes) == 111
    [fold] = view.folds.children
    fold.click()
    assert len(view.model.nodes) == 2 and not view.folds.children


def test_selecting_a_member_marks_its_summary(manager: WorkManager) -> None:
    """A work hidden in a summary is shown selected through its summary node."""
    requests = [OneTimeWorkRequest(Quick) for _ in range(100)]
    manager.enqueue(requests)
    view = DagView(manager)
    focus.select(manager, str(requests[5].id))
    member = manager.describe_work(requests[5].id)
    assert member is not None
    assert view.picture.selected == "group:" + member.worker_class_name


def test_many_works_share_rows_of_density_bars(manager: WorkManager) -> None:
    """From 100 works on, works sharing a role tag share one row; a click expands it
    (at most ``max_lanes`` lanes, the rest counted); a lone work keeps its lane."""
    manager.enqueue([OneTimeWorkRequest(Quick, tags=["sync"]) for _ in range(90)])
    manager.enqueue([OneTimeWorkRequest(Slow, tags=["backup"]) for _ in range(20)])
    manager.enqueue(OneTimeWorkRequest(Slow, tags=["video"]))
    manager.advance(timedelta(minutes=1))
    view = Timeline(manager, max_lanes=12)
    assert view.model is not None
    assert [(g.title, len(g.members)) for g in view.model.groups] == [
        ("#sync", 90),
        ("#backup", 20),
    ]
    assert [lane.label for lane in view.model.lanes] == ["Slow #video"]
    view.picture.clicked = "tag:#backup"
    assert len(view.model.lanes) == 12 and view.model.hidden == 9
    root = parse_svg(view.svg)
    assert len(find_all(root, "g", "group")) == 2 and len(find_all(root, "g", "lane")) == 14
    assert "+ 9 more works not drawn" in view.svg
    view.picture.clicked = "tag:#backup"
    assert len(view.model.lanes) == 1 and view.model.hidden == 0


# -------------------------------------------------------------- the timeline
def test_the_timeline_follows_the_width_of_its_panel(manager: WorkManager) -> None:
    """The browser reports the panel's width; the drawing is redrawn that wide."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    view = Timeline(manager)
    view.picture.width = 520
    assert parse_svg(view.svg).get("width") == "516"
    view.picture.width = 1200
    assert parse_svg(view.svg).get("width") == "1196"


def test_a_run_that_starts_now_is_visible(manager: WorkManager) -> None:
    """A run that began at this very instant is drawn a few pixels wide, not zero."""
    manager.enqueue(OneTimeWorkRequest(Slow, initial_delay=timedelta(minutes=1)))
    manager.advance(timedelta(minutes=1))
    view = Timeline(manager)
    [run] = [
        g for g in find_all(parse_svg(view.svg), "g", "segment") if g.get("data-kind") == "run"
    ]
    shape = next(iter(run.iter("{http://www.w3.org/2000/svg}rect")))
    assert float(shape.get("width") or 0) >= 4


def test_after_a_day_with_nothing_the_story_keeps_its_width(manager: WorkManager) -> None:
    """ "+1 day" no longer squeezes a 2-minute story into two pixels: the story window
    stays, and "now" is written at the right edge."""
    manager.enqueue(OneTimeWorkRequest(Slow))
    manager.advance(timedelta(minutes=5))
    view = Timeline(manager)
    assert view.model is not None
    before = (view.model.start, view.model.end)
    manager.advance(timedelta(days=1))
    assert view.model is not None and (view.model.start, view.model.end) == before
    assert "now 1d 0:05:00 ▸" in view.svg
    view.all_button.click()
    assert view.model.end >= 24 * HOUR


def test_process_death_draws_the_killed_run_and_the_restarted_one() -> None:
    """In ``process_death`` the download's first run is killed at 2:00 (marked), and
    the run restarted at 2:00 succeeds at 7:00."""
    manager = scenarios.load("process_death")
    scenarios.get("process_death").play(manager)
    lane = next(la for la in timeline_model(manager).lanes if la.title == "DownloadMap")
    runs = [(s.kind, s.start, s.end) for s in lane.segments if s.kind.startswith("run")]
    assert runs == [("run-killed", 0, 2 * MINUTE), ("run-succeeded", 2 * MINUTE, 7 * MINUTE)]
    assert [(m.kind, m.millis) for m in lane.marks] == [("killed", 2 * MINUTE)]


def test_cues_are_flags_and_belong_to_the_story(manager: WorkManager) -> None:
    """``set_cues`` plants flags; a cue later than anything that happened stretches
    the story window to show it."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    manager.advance(timedelta(seconds=40))
    view = Timeline(manager)
    view.set_cues([(10 * MINUTE, "the user cancels the upload")])
    assert view.model is not None and view.model.end >= 10 * MINUTE
    markers = [g for g in find_all(parse_svg(view.svg), "g", "marker")]
    [flag] = [g for g in markers if g.get("data-kind") == "cue"]
    assert "the user cancels the upload" in (
        flag.findtext("{http://www.w3.org/2000/svg}title") or ""
    )


def test_labels_never_overlap_and_keep_their_full_text_as_a_tooltip(
    manager: WorkManager,
) -> None:
    """A long class name is shortened with an ellipsis to its column; the lane's
    tooltip keeps the whole name; waits are labelled with their length."""

    class ThisWorkerHasAVeryLongNameIndeedForAColumn(Quick):
        pass

    manager.enqueue(
        PeriodicWorkRequest(ThisWorkerHasAVeryLongNameIndeedForAColumn, timedelta(minutes=15))
    )
    manager.advance(timedelta(minutes=40))
    view = Timeline(manager)
    [lane] = find_all(parse_svg(view.svg), "g", "lane")
    texts = [t.text or "" for t in lane.iter("{http://www.w3.org/2000/svg}text")]
    assert any(t.startswith("ThisWorker") and t.endswith("…") for t in texts)
    assert "ThisWorkerHasAVeryLongNameIndeedForAColumn" in (
        lane.findtext("{http://www.w3.org/2000/svg}title") or ""
    )
    assert any("interval 15m" in t or t == "15m" for t in texts)


def test_a_work_held_by_busy_slots_says_so(manager: WorkManager) -> None:
    """With every worker slot taken, a due work's badge says the slots are busy."""
    slow = [OneTimeWorkRequest(Slow) for _ in range(manager.max_concurrent_workers)]
    manager.enqueue([*slow, OneTimeWorkRequest(Quick)])
    manager.advance(timedelta(seconds=1))
    badges = [n.badge for n in dag_model(manager).nodes]
    assert badges[-1] == "slots busy" and badges[:-1] == [""] * len(slow)


def test_the_merge_inspector_follows_a_click_in_the_dag(manager: WorkManager) -> None:
    """Clicking a node in the DAG shows that work in the merge inspector too; an id
    that is no longer stored changes nothing."""
    first, second = OneTimeWorkRequest(Quick), OneTimeWorkRequest(Quick)
    manager.begin_with(first).then(second).enqueue()
    dag, inspector = DagView(manager), MergeInspector(manager)
    dag.picture.clicked = str(first.id)
    assert inspector.picker.value == str(first.id)
    focus.select(manager, "00000000-0000-0000-0000-000000000000")
    assert inspector.picker.value == str(first.id) and inspector.errors.value == ""


def test_a_drawing_back_to_what_was_sent_whole_is_patched_back() -> None:
    """A full drawing equal to the one sent whole, after patches, sends those parts back
    (a trait set to its own value would send nothing and leave the patches showing)."""
    canvas = SvgCanvas()
    browser = Recorder(canvas)
    first = doc(a="1" * 50, b="2" * 50)
    canvas.show(first)
    canvas.show(doc(a="1" * 50, b="x" * 50))
    canvas._full(first, dict(first.parts))
    assert browser.sent[-1] == {"type": "patch", "parts": {"b": dict(first.parts)["b"]}}
    assert canvas.document == first.text()
