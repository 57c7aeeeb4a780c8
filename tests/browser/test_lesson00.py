"""Lesson 00 in real JupyterLab: Run All, then use the Studio as a student would.

One JupyterLab page serves the module: the first test opens the lesson and runs every
cell, the next ones click in the Studio the lesson left on the page. Screenshots go to
``test-artifacts/browser/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the classes come through fixtures; conftest is not imported at run time
    from conftest import Lab, StudioView

LESSON = "lessons/00_welcome.ipynb"
# A catalogue scenario whose work needs wifi (wmkit.scenarios.device_states).
NETWORK_SCENARIO = "constraint_lost"


@pytest.fixture(scope="module")
def studio(
    lab: Lab, studio_view: Callable[..., StudioView], served_root: Path
) -> Iterator[StudioView]:
    """The lesson opened and run top to bottom, with its Studio on screen."""
    if not (served_root / LESSON).is_file():
        pytest.fail(f"{LESSON} is missing: the browser tier tests that lesson")
    lab.open(LESSON)
    lab.run_all()
    view = studio_view(lab.page)
    try:
        view.wait_rendered()
    except Exception as err:
        raise AssertionError(
            f"no Studio (a 'next event' button and a DAG) after Run All in {LESSON}; "
            f"errors: {lab.errors()}; prompts: {lab.prompts()}"
        ) from err
    lab.mark("studio rendered")
    yield view


def test_lesson_runs_and_the_studio_renders(lab: Lab, studio: StudioView) -> None:
    """Every cell ran, nothing errored, no widget is stuck on 'Loading widget'."""
    prompts = lab.prompts()
    assert prompts, f"{LESSON} shows no code cells"
    not_run = [i for i, p in enumerate(prompts) if not any(c.isdigit() for c in p)]
    assert not not_run, f"code cells {not_run} did not run (prompts {prompts}): {lab.errors()}"
    assert lab.errors() == []
    assert studio.errors() == []
    assert lab.loading_widgets() == 0, "an output still says 'Loading widget'"
    assert studio.dag(), "the Studio shows no DAG"
    assert studio.clock(), "the Studio shows no clock"
    lab.shot("lesson00-studio", studio.root)


def test_next_event_recolours_the_dag_and_moves_the_clock(lab: Lab, studio: StudioView) -> None:
    """The lesson must leave its Studio with something scheduled: a click then moves
    the clock to the next event and changes at least one node's state colour."""
    clock_before, fills_before = studio.clock(), studio.dag_fills()
    controls = studio.controls_text()
    studio.next_button.click()
    try:
        clock_after = studio.wait_change(studio.clock, clock_before, "the clock text")
        fills_after = studio.wait_change(studio.dag_fills, fills_before, "the DAG's state colours")
    except AssertionError as err:
        raise AssertionError(
            f"{err}; the clock controls said before the click: {controls!r}"
        ) from None
    lab.wait_idle()
    assert clock_after != clock_before
    assert fills_after != fills_before
    assert lab.errors() == []
    assert studio.errors() == []
    lab.shot("lesson00-after-next-event", studio.root)


def test_network_off_changes_the_explain_panel(lab: Lab, studio: StudioView) -> None:
    """A student loads a scenario whose upload needs wifi in the Studio and turns the
    network off: the explain panel now names the unmet network constraint.

    Lesson 00's own scenario (fan_in_merge) has no constraint, so no network flip can
    change what ``explain`` says about its works; the Studio's scenario picker is how a
    student reaches one that has.
    """
    dag_before = studio.dag()
    studio.load_scenario(NETWORK_SCENARIO)
    studio.wait_change(studio.dag, dag_before, "the DAG after loading a scenario")
    lab.wait_idle()  # every view has redrawn for the new manager
    studio.open_tab("Explain")  # if the explain panel is a tab; else it is always in sight
    explain_before = studio.wait_change(studio.explain, "", "the explain panel (empty)")
    studio.switch_network_off()
    explain_after = studio.wait_change(studio.explain, explain_before, "the explain panel's text")
    lab.wait_idle()
    assert "network" in explain_after.lower(), explain_after
    assert lab.errors() == []
    assert studio.errors() == []
    lab.shot("lesson00-network-off", studio.root)
