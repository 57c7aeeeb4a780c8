"""The stage view: Voila serves a lesson as an app, the Studio without code cells.

This is what ``make stage`` runs for an instructor to project. The tests check that
the page shows the Studio, no code and no error, and that the Studio still answers a
click (its kernel is live). Screenshots go to ``test-artifacts/browser/stage-*.png``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest

if TYPE_CHECKING:  # the classes come through fixtures; conftest is not imported at run time
    from conftest import Stage, StudioView

LESSON = "lessons/00_welcome.ipynb"
# A code cell's input as JupyterLab's (and Voila's lab template's) DOM draws it; markdown
# cells also have an input area, which is their rendered text.
CODE_SELECTORS = (
    ".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-InputPrompt, .jp-CodeCell .jp-Editor,"
    " .cm-editor, .CodeMirror"
)


def _code_lines(notebook: Path) -> list[str]:
    """The longest line of each code cell, unless markdown quotes it: text that must not
    appear on the stage."""
    nb = nbformat.read(notebook, as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            longest = max(cell.source.splitlines() or [""], key=len).strip()
            if len(longest) > 12 and longest not in prose:
                lines.append(longest)
    return lines


@pytest.fixture(scope="module")
def studio(stage: Stage, studio_view: Callable[..., StudioView]) -> Iterator[StudioView]:
    """The lesson in Voila, executed by the server, with its Studio on screen."""
    stage.open()
    view = studio_view(stage.page)
    try:
        view.wait_rendered(timeout_ms=90_000)
    except Exception as err:
        raise AssertionError(
            f"Voila shows no Studio for {LESSON}; errors: {stage.errors()}; "
            f"server log:\n{stage.server.log_tail()}"
        ) from err
    stage.mark("studio rendered")
    yield view


def test_stage_shows_the_studio_without_code(
    stage: Stage, studio: StudioView, served_root: Path
) -> None:
    assert stage.page.locator(CODE_SELECTORS).count() == 0, "the stage shows code cells"
    shown = stage.page.inner_text("body")
    leaked = [line for line in _code_lines(served_root / LESSON) if line in shown]
    assert leaked == [], f"code from {LESSON} is on the stage"
    assert stage.errors() == []
    assert studio.errors() == []
    assert stage.loading_widgets() == 0, "a widget still says 'Loading widget'"
    assert studio.dag(), "the Studio on the stage shows no DAG"
    stage.shot("stage-studio", studio.root)


def test_stage_studio_answers_next_event(stage: Stage, studio: StudioView) -> None:
    clock_before, fills_before = studio.clock(), studio.dag_fills()
    studio.next_button.click()
    studio.wait_change(studio.clock, clock_before, "the clock text on the stage")
    studio.wait_change(studio.dag_fills, fills_before, "the DAG's state colours on the stage")
    assert stage.errors() == []
    assert studio.errors() == []
    stage.shot("stage-after-next-event", studio.root)
