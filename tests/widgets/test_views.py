"""The views driven headless: each redraws once per step and shows what it should."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from wmkit import (
    ArrayCreatingInputMerger,
    Constraints,
    Data,
    InputMerger,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    WorkManager,
)
from wmkit.render import STATE_FILL
from wmkit.widgets import (
    DagView,
    ErrorBanner,
    EventLog,
    ExplainPanel,
    MergeInspector,
    Timeline,
    WorkTable,
)
from wmkit.widgets._svg import shown_svg

from .conftest import parse_svg
from .workers import HOUR, Boom, City, Quick, Slow


class Picky(InputMerger):
    """A merger that refuses to merge, to show its error in the inspector."""

    def merge(self, inputs: list[Data]) -> Data:
        raise ValueError("no thanks")


def test_dag_view_redraws_once_per_step(manager: WorkManager) -> None:
    """One ``step()`` is one redraw, and the Output shows the new SVG."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    manager.advance(timedelta(0))
    view = DagView(manager)
    before = view.redraws
    manager.step()
    assert view.redraws == before + 1
    assert shown_svg(view.picture) == view.svg
    assert 'data-state="SUCCEEDED"' in view.svg
    parse_svg(view.svg)


def test_dag_view_recolours_without_relayout(manager: WorkManager) -> None:
    """Steps that only change states reuse the layout."""
    manager.begin_with(OneTimeWorkRequest(Quick)).then(OneTimeWorkRequest(Quick)).enqueue()
    view = DagView(manager)
    manager.run_until_idle()
    assert view.renderer.layouts_computed == 1
    assert view.svg.count(STATE_FILL["SUCCEEDED"]) >= 2  # both nodes SUCCEEDED green


def test_dag_view_fits_the_drawing_to_the_panel(manager: WorkManager) -> None:
    """The drawing is inline SVG, shrunk to the panel's width unless "fit width" is off
    (and never in projector mode, where text must stay large)."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    view = DagView(manager)
    assert view.picture.fit and view.picture.svg.startswith("<svg")
    view.fit.value = False
    assert not view.picture.fit
    view.set_projector(True)
    assert not view.picture.fit and 'data-theme="projector"' in view.svg
    assert shown_svg(view.picture) == view.svg


def test_dag_view_says_when_dot_is_missing(no_dot: None, manager: WorkManager) -> None:
    """Without Graphviz the view shows the install hint and still draws."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    view = DagView(manager)
    assert "install graphviz" in view.hint.value
    assert 'class="node"' in view.svg


def test_timeline_view_follows_the_clock(manager: WorkManager) -> None:
    """After a step the timeline's now line moves and a run appears."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    view = Timeline(manager)
    manager.advance(timedelta(minutes=1))
    assert "now 1:00" in view.svg
    assert 'data-kind="run-succeeded"' in view.svg
    assert shown_svg(view.picture) == view.svg


def test_timeline_view_zoom_buttons(manager: WorkManager) -> None:
    """The story is drawn first; "+" halves the window around now, "−" doubles it,
    "fit all" shows what is scheduled too, and "story" comes back."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    manager.enqueue(OneTimeWorkRequest(Quick, initial_delay=timedelta(hours=3)))
    manager.advance(timedelta(minutes=10))
    view = Timeline(manager)
    assert view.model is not None
    story = (view.model.start, view.model.end)
    assert story[1] < HOUR  # the work due in 3 h is too far to stretch the story
    view.zoom_in.click()
    assert view.model.end - view.model.start == (story[1] - story[0]) // 2
    view.zoom_out.click()
    view.zoom_out.click()
    assert view.model.end - view.model.start == (story[1] - story[0]) * 2
    view.all_button.click()
    assert view.model.end >= 3 * HOUR
    view.story_button.click()
    assert (view.model.start, view.model.end) == story


def test_timeline_view_keeps_the_reason_of_a_past_wait(manager: WorkManager) -> None:
    """A wait seen while it lasted keeps its reason after it ended."""
    view = Timeline(manager)
    manager.set_device(network="none")
    needs = Constraints(required_network_type=NetworkType.CONNECTED)
    manager.enqueue(OneTimeWorkRequest(Quick, constraints=needs))
    manager.advance(timedelta(minutes=1))
    manager.set_device(network="wifi")
    manager.run_until_idle()
    assert view.model is not None
    [waiting] = [s for s in view.model.lanes[0].segments if s.kind == "waiting-constraint"]
    assert "network" in waiting.label


def test_work_table_curates_its_columns_and_shows_every_field_on_demand(
    manager: WorkManager,
) -> None:
    """Each work is a row with the curated columns; "all fields" adds every WorkInfo
    field as a column."""
    manager.enqueue([OneTimeWorkRequest(Quick), PeriodicWorkRequest(Quick, timedelta(hours=1))])
    table = WorkTable(manager)
    assert len(table.rows) == 2
    for title in ("state", "attempts", "constraints", "next run", "waiting for", "stop reason"):
        assert f"<b>{title}" in table.header.value
    assert "next_schedule_time_millis" not in table.text
    assert "(every 1h)" in table.text
    table.all_fields.value = True
    for field in ("next_schedule_time_millis", "periodicity_info", "stop_reason", "progress"):
        assert f"<b>{field}</b>" in table.header.value
    assert "every 1h" in table.text


def test_work_table_sorts_by_state_and_by_next_run(manager: WorkManager) -> None:
    """Sorting by state puts RUNNING first; by next run, the soonest due first."""
    late = OneTimeWorkRequest(Quick, initial_delay=timedelta(hours=1))
    soon = OneTimeWorkRequest(Quick, initial_delay=timedelta(minutes=1))
    now = OneTimeWorkRequest(Slow)
    manager.enqueue([late, soon, now])
    manager.advance(timedelta(seconds=1))
    table = WorkTable(manager)
    table.sort.value = "state"
    assert table.rows[0].id == now.id
    table.sort.value = "next_run"
    assert [r.id for r in table.rows][:2] == [soon.id, late.id]


def test_work_table_pages_and_filters(manager: WorkManager) -> None:
    """Seventy works make two pages; the state filter keeps only that state."""
    manager.enqueue([OneTimeWorkRequest(Quick) for _ in range(70)])
    manager.advance(timedelta(seconds=1))
    table = WorkTable(manager)
    assert len(table.rows) == 50 and table.position.value == "1–50 of 70"
    table.next.click()
    assert len(table.rows) == 20 and table.next.disabled
    table.state_filter.value = "RUNNING"
    assert len(table.rows) == 4 and {r.state.name for r in table.rows} == {"RUNNING"}


def test_work_table_shows_a_failure(manager: WorkManager) -> None:
    """A failed work's exception is in its row."""
    manager.enqueue(OneTimeWorkRequest(Boom))
    manager.advance(timedelta(seconds=1))
    assert "RuntimeError: disk full" in WorkTable(manager).text


def test_merge_inspector_shows_inputs_outputs_and_the_merged_input(manager: WorkManager) -> None:
    """For a fan-in work: own input, each parent's output, the merger and the merge."""
    oslo = OneTimeWorkRequest(City, input_data={"city": "Oslo"})
    lima = OneTimeWorkRequest(City, input_data={"city": "Lima"})
    album = (
        OneTimeWorkRequest.Builder(City)
        .set_input_data({"city": "Home"})
        .set_input_merger(ArrayCreatingInputMerger)
        .build()
    )
    manager.begin_with([oslo, lima]).then(album).enqueue()
    manager.run_until_idle()
    inspector = MergeInspector(manager)
    assert inspector.picker.value == str(album.id)  # a fan-in work is picked first
    report = inspector.report
    assert report is not None
    assert report.merged == Data({"city": ["Home", "Oslo", "Lima"]})
    assert report.merged == manager.get_work_info_by_id(album.id).output_data  # what it got
    assert "ArrayCreating" in inspector.panel.value and "Oslo" in inspector.panel.value


def test_merge_inspector_shows_a_merger_error(manager: WorkManager) -> None:
    """A merger that raises shows its error instead of a merged input."""
    first = OneTimeWorkRequest(City)
    second = OneTimeWorkRequest.Builder(City).set_input_merger(Picky).build()
    manager.begin_with(first).then(second).enqueue()
    inspector = MergeInspector(manager)
    inspector.select(second.id)
    assert inspector.report is not None and "no thanks" in inspector.report.error
    assert "no thanks" in inspector.panel.value


def test_explain_panel_shows_manager_explain(manager: WorkManager) -> None:
    """The picked work's explanation is ``manager.explain(id)``, kept current."""
    request = OneTimeWorkRequest(Quick, initial_delay=timedelta(minutes=5))
    manager.enqueue(request)
    panel = ExplainPanel(manager)
    assert panel.text == manager.explain(request.id)
    manager.advance(timedelta(minutes=5))
    assert panel.text == manager.explain(request.id)
    assert "RUNNING at T+0d 00:05:00" in panel.explanation.value


def test_event_log_lists_newest_first_and_filters_by_kind(manager: WorkManager) -> None:
    """The log shows the trace newest first; the kind filter keeps one kind."""
    manager.enqueue([OneTimeWorkRequest(Quick), OneTimeWorkRequest(Boom)])
    log = EventLog(manager)
    manager.run_until_idle()
    assert log.shown[0] == manager.trace[-1]
    log.kind.value = "failed"
    assert [e.kind for e in log.shown] == ["failed"]
    assert "disk full" in log.table.value


def test_error_banner_shows_a_worker_exception(manager: WorkManager) -> None:
    """A worker that raised appears in the banner with its traceback."""
    banner = ErrorBanner(manager)
    manager.enqueue(OneTimeWorkRequest(Boom))
    manager.advance(timedelta(seconds=1))
    assert "Boom" in banner.message.value and "disk full" in banner.message.value
    banner.dismiss.click()
    assert banner.message.value == ""


def test_error_banner_shows_error_events(manager: WorkManager) -> None:
    """An ``error`` event (a broken listener) is shown in the banner."""
    banner = ErrorBanner(manager)

    def broken(events: object) -> None:
        raise KeyError("oops")

    manager.add_listener(broken)
    manager.enqueue(OneTimeWorkRequest(Quick))
    manager.advance(timedelta(seconds=1))
    assert "error" in banner.message.value and "oops" in banner.message.value


def test_a_filter_keystroke_resends_only_the_rows_whose_work_changed(
    manager: WorkManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Narrowing the table keeps each remaining work in the row that showed it (nothing
    of it is sent again); clearing the filter brings every work back to its own row,
    so the table sends its order of rows and nothing else."""
    import json

    import ipywidgets

    from wmkit.widgets import WorkTable, focus

    manager.enqueue(
        [OneTimeWorkRequest(Quick, tags=["odd" if i % 2 else "even"]) for i in range(30)]
    )
    manager.advance(timedelta(0))
    table = WorkTable(manager)
    first = {row.work_id: row for row in table._pool}
    cells = {work_id: row.cells.value for work_id, row in first.items()}
    sent: dict[str, int] = {}
    send = ipywidgets.Widget._send

    def counting(widget: Any, msg: Any, buffers: Any = None) -> Any:
        kind = type(widget).__name__
        sent[kind] = sent.get(kind, 0) + len(json.dumps(msg, default=str))
        return send(widget, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", counting)
    focus.set_filter(manager, "odd")
    assert len(table.rows) == 15
    kept = [r for r in table._pool if first.get(r.work_id) is r]
    assert len(kept) == sum(1 for r in table._pool if r.work_id in first) > 0
    sent.clear()
    focus.set_filter(manager, "")
    assert {row.work_id: row for row in table._pool} == first
    assert {w: r.cells.value for w, r in first.items()} == cells
    assert set(sent) <= {"VBox", "Label", "Button"}, sent  # the order; the page's label
    assert sum(sent.values()) < 5_000, sent
