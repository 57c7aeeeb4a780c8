"""The whole ``Studio``: composition, staying in sync, robustness, scenarios, rewind."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from wmkit import OneTimeWorkRequest, WorkManager
from wmkit.widgets import RewindBar, ScenarioPicker, Studio
from wmkit.widgets._svg import shown_svg

from .conftest import parse_svg
from .workers import MINUTE, SECOND, Boom, Quick, Slow


@pytest.fixture
def busy(manager: WorkManager) -> WorkManager:
    """A manager with a chain and a lone work enqueued and started (virtual time 0)."""
    manager.begin_with(OneTimeWorkRequest(Quick)).then(OneTimeWorkRequest(Slow)).enqueue()
    manager.enqueue(OneTimeWorkRequest(Quick, tags=["sync"]))
    manager.advance(timedelta(0))
    return manager


def test_studio_composes_every_view(busy: WorkManager) -> None:
    """Clock, device, explain, DAG, timeline, table, merge inspector and log are all there."""
    studio = Studio(busy)
    assert studio.tabs.titles == ("DAG", "Timeline", "Works", "Merge", "Event log")
    assert "wmkit-studio" in studio._dom_classes
    assert studio.clock.clock_label.value == "T+0d 00:00:00"
    assert 'class="node"' in shown_svg(studio.dag.picture)
    assert shown_svg(studio.timeline.picture).startswith("<svg")
    assert len(studio.table.rows) == 3
    assert all(view.errors.value == "" for view in studio.views)


def test_one_click_redraws_every_view_once(busy: WorkManager) -> None:
    """A "next event" click is one step, and one redraw of each view."""
    studio = Studio(busy)
    before = {id(v): v.redraws for v in studio.views}
    studio.clock.next_button.click()
    assert busy.clock.now_millis == 30 * SECOND
    assert all(v.redraws == before[id(v)] + 1 for v in studio.views)
    parse_svg(studio.dag.svg)
    parse_svg(studio.timeline.svg)


def test_two_studios_on_one_manager_stay_in_sync(busy: WorkManager) -> None:
    """Clicking in one Studio updates the other: same clock, same drawings."""
    first, second = Studio(busy), Studio(busy)
    first.clock.next_button.click()
    second.clock.jump_buttons["+1 min"].click()  # a quiet minute: no events at all
    first.clock.next_button.click()
    assert first.clock.clock_label.value == second.clock.clock_label.value
    assert first.dag.svg == second.dag.svg
    assert first.timeline.svg == second.timeline.svg
    assert [r.state for r in first.table.rows] == [r.state for r in second.table.rows]


def test_code_in_a_cell_updates_the_studio(busy: WorkManager) -> None:
    """Calls made outside the Studio (a notebook cell) redraw it too."""
    studio = Studio(busy)
    busy.cancel_all_work()
    assert studio.dag.svg.count('data-state="CANCELLED"') == 3


def test_a_studio_on_a_reopened_store_shows_the_restored_state(tmp_path: Path) -> None:
    """Reopening a stored session shows its works, states and clock."""
    path = tmp_path / "lesson.wmk.json"
    with WorkManager(path) as wm:
        wm.begin_with(OneTimeWorkRequest(Quick)).then(OneTimeWorkRequest(Slow)).enqueue()
        wm.advance(timedelta(minutes=1))
    with WorkManager(path) as reopened:
        studio = Studio(reopened)
        assert studio.clock.clock_label.value == "T+0d 00:01:00"
        assert studio.dag.svg.count('data-state="SUCCEEDED"') == 1
        assert studio.dag.svg.count('data-state="ENQUEUED"') == 1  # was RUNNING: restarted
        assert len(studio.table.rows) == 2
        assert len(studio.timeline.model.lanes) == 2  # type: ignore[union-attr]
        studio.clock.next_button.click()
        assert all(view.errors.value == "" for view in studio.views)


def test_a_worker_exception_shows_and_the_studio_keeps_working(manager: WorkManager) -> None:
    """A raising worker is shown in the banner and table; the next click still works."""
    manager.enqueue([OneTimeWorkRequest(Boom), OneTimeWorkRequest(Slow)])
    studio = Studio(manager)
    studio.clock.next_button.click()
    assert "disk full" in studio.banner.message.value
    assert "disk full" in studio.table.text
    studio.clock.next_button.click()
    assert manager.clock.now_millis == 2 * MINUTE
    assert studio.dag.svg.count('data-state="SUCCEEDED"') == 1


def test_a_broken_view_shows_its_error_and_the_rest_go_on(
    busy: WorkManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view whose redraw raises shows the error; the others keep redrawing."""
    studio = Studio(busy)

    def explode(snap: Any) -> None:
        raise ZeroDivisionError("bad view")

    monkeypatch.setattr(studio.timeline, "_redraw", explode)
    studio.clock.next_button.click()
    assert "bad view" in studio.timeline.errors.value
    assert "bad view" in studio.banner.message.value
    assert studio.clock.clock_label.value == "T+0d 00:00:30"
    assert 'data-state="SUCCEEDED"' in studio.dag.svg
    monkeypatch.undo()
    studio.clock.next_button.click()
    assert studio.timeline.errors.value == ""


def test_a_failing_button_callback_is_shown_not_raised(
    busy: WorkManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception inside a click handler lands in the view, not in the browser log."""
    studio = Studio(busy)

    def broken_step() -> Any:
        raise RuntimeError("engine hiccup")

    monkeypatch.setattr(busy, "step", broken_step)
    studio.clock.next_button.click()
    assert "engine hiccup" in studio.clock.errors.value


def test_the_scenario_picker_tolerates_a_missing_module(
    monkeypatch: pytest.MonkeyPatch, manager: WorkManager
) -> None:
    """Without ``wmkit.scenarios`` the picker shows a hint and is disabled."""
    monkeypatch.setitem(sys.modules, "wmkit.scenarios", None)
    picker = ScenarioPicker()
    assert not picker.available and picker.load_button.disabled
    assert "wmkit.scenarios" in picker.info.value
    assert Studio(manager).scenarios is not None


def test_loading_a_scenario_switches_the_studio(manager: WorkManager) -> None:
    """Loading a scenario shows its manager in every view, and the old one is let go."""
    studio = Studio(manager)
    loaded = studio.scenarios.load("diamond_cancel")  # type: ignore[union-attr]
    assert loaded is not None and studio.manager is loaded
    assert all(view.manager is loaded for view in studio.views)
    assert len(studio.table.rows) == len(loaded.describe_works())
    redraws = studio.dag.redraws
    manager.enqueue(OneTimeWorkRequest(Quick))  # the old manager no longer redraws it
    assert studio.dag.redraws == redraws
    studio.scenarios.play()  # type: ignore[union-attr]
    assert "CANCELLED" in studio.dag.svg


def test_rewind_returns_the_manager_and_views_to_an_earlier_step(busy: WorkManager) -> None:
    """Rewinding to the first checkpoint puts clock, states and drawings back."""
    studio = Studio(busy)
    first_dag = studio.dag.svg
    for _ in range(2):
        studio.clock.next_button.click()
    rewind = studio.rewind
    assert rewind is not None and len(rewind.checkpoints) == 3  # the start and two steps
    rewind.rewind_to(0)
    assert busy.clock.now_millis == 0
    assert studio.clock.clock_label.value == "T+0d 00:00:00"
    assert studio.dag.svg == first_dag
    studio.clock.next_button.click()  # stepping on forgets the rewound future
    assert len(rewind.checkpoints) == 2 and rewind.position == 1


class FakeClock:
    now_millis = 0


class FakeManager:
    """Just what a RewindBar reads, with a checkpoint that is the clock's value."""

    def __init__(self, checkpoints: bool = True) -> None:
        self.clock = FakeClock()
        self.device = "fake device"
        self.trace: list[Any] = []
        self.listeners: list[Any] = []
        self.restored: list[Any] = []
        if checkpoints:
            self.checkpoint = lambda: ("cp", self.clock.now_millis)
            self.restore_checkpoint = self._restore

    def _restore(self, checkpoint: Any) -> list[Any]:
        self.restored.append(checkpoint)
        self.clock.now_millis = checkpoint[1]
        return []

    def describe_works(self) -> list[Any]:
        return []

    def add_listener(self, callback: Any) -> None:
        self.listeners.append(callback)

    def remove_listener(self, callback: Any) -> None:
        self.listeners.remove(callback)

    def tick(self, millis: int) -> None:
        self.clock.now_millis = millis
        for listener in list(self.listeners):
            listener([])


def test_rewind_bar_without_checkpoints_is_disabled_with_a_hint() -> None:
    """A manager without checkpoint() gets a disabled bar that says why."""
    bar = RewindBar(FakeManager(checkpoints=False))
    assert bar.rewind_button.disabled and bar.slider.disabled
    assert "checkpoint" in bar.hint.value
