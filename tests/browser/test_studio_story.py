"""The Studio as an instructor projects it: a scenario stepped in real JupyterLab at
1280×720, in normal and in projector mode.

A notebook written here (into the served copy, never into ``lessons/``) loads
``diamond_cancel`` in code and opens a Studio on it, as a lesson does. The tests click
"next event" until the story's cue fires, check the caption and the story line, switch
projector mode on and measure every HTML text of the Studio (at least 18 px) and where
the clock row, the caption and the drawing sit (all on one 1280×720 screen), and step the
rewind slider with the ←/→ keys. Screenshots of both modes go to
``test-artifacts/browser/studio-story-*.png``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the classes come through fixtures; conftest is not imported at run time
    from conftest import Lab, StudioView

NOTEBOOK = "lessons/studio_story.ipynb"
VIEWPORT = {"width": 1280, "height": 720}
CELLS = [
    "from wmkit import scenarios\nfrom wmkit.widgets import Studio",
    'wm = scenarios.load("diamond_cancel")\nstudio = Studio(wm)\nstudio',
]

# Every element of the Studio that shows text of its own (outside SVG drawings), with
# its computed font size: [font size in px, tag, first characters of its text].
TEXT_SIZES_JS = r"""(root) => {
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('svg') || el.closest('style')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // hidden (a closed tab, a <details>)
    found.push([parseFloat(getComputedStyle(el).fontSize), el.tagName, text.slice(0, 40)]);
  }
  return found;
}"""
# Top and bottom (px, in the viewport) of the clock row, the caption, the story line and
# the active tab's drawing.
PLACES_JS = r"""(root) => {
  const box = (sel) => {
    const el = root.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return [Math.round(r.top), Math.round(r.bottom)];
  };
  return {
    clock: box('.wmkit-clock'),
    caption: box('.wmkit-caption-text'),
    story: box('.wmkit-story-text'),
    drawing: box('.wmkit-dag svg, .wmkit-dag img, .wmkit-dag .widget-html-content'),
  };
}"""

# Every tab title of the Studio that does not fit its tab: [title, scrollWidth,
# clientWidth] of the tab's label (lumino cuts an overlong one with an ellipsis).
CLIPPED_TABS_JS = r"""(root) => {
  const clipped = [];
  for (const label of root.querySelectorAll('.lm-TabBar-tab .lm-TabBar-tabLabel')) {
    if (label.scrollWidth > label.clientWidth) {
      clipped.push([label.textContent, label.scrollWidth, label.clientWidth]);
    }
  }
  return clipped;
}"""


def tab_titles(studio: StudioView) -> list[str]:
    return studio.root.locator(".lm-TabBar-tab .lm-TabBar-tabLabel").all_inner_texts()


@pytest.fixture(scope="module")
def notebook(served_root: Path) -> str:
    import nbformat

    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    book.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(book, served_root / NOTEBOOK)
    return NOTEBOOK


@pytest.fixture(scope="module")
def lab(
    browser: Any, lab_server: Any, lab_page: Callable[..., Lab], artifacts: Path
) -> Iterator[Lab]:
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(30_000)
    try:
        yield lab_page(page, lab_server)
    finally:
        page.close()


@pytest.fixture(scope="module")
def studio(lab: Lab, notebook: str, studio_view: Callable[..., StudioView]) -> StudioView:
    lab.open(notebook)
    lab.page.keyboard.press("Control+b")  # hide the file browser, as an instructor would
    lab.run_all()
    view = studio_view(lab.page)
    view.wait_rendered()
    return view


def to_top(lab: Lab, studio: StudioView) -> None:
    """Scroll the notebook so that the Studio starts at the top of the window."""
    studio.root.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    lab.page.wait_for_timeout(300)


def test_next_event_fires_the_cue_and_the_caption_says_so(lab: Lab, studio: StudioView) -> None:
    """Clicking "next event" four times reaches 0:40, where the user cancels the upload."""
    assert "next in story: 0:40 the user cancels the upload" in studio.text(".wmkit-story-text")

    def caption() -> str:
        found = studio.root.locator(".wmkit-caption-text")
        return found.first.inner_text() if found.count() else ""

    for _ in range(4):
        before = caption()
        studio.next_button.click()
        studio.wait_change(caption, before, "the caption after a click")
        lab.wait_idle()
    told = caption()
    assert told.startswith("0:40 the user cancels the upload: Upload #upload CANCELLED")
    assert "Notify #notify CANCELLED, its dependent" in told
    assert lab.errors() == [] and studio.errors() == []
    to_top(lab, studio)
    assert len(tab_titles(studio)) == 5
    clipped = studio.root.evaluate(CLIPPED_TABS_JS)
    assert clipped == [], f"tab titles cut short: {clipped}"
    lab.shot("studio-story-1280x720")


def test_projector_mode_is_readable_and_fits_1280x720(lab: Lab, studio: StudioView) -> None:
    """Projector mode: every HTML text of the Studio ≥ 18 px; the clock row, the caption
    and the start of the drawing are on screen together."""
    studio.root.locator(".wmkit-projector-toggle").click()
    lab.page.wait_for_selector(".wmkit-studio.wmkit-projector")
    lab.wait_idle()
    lab.page.wait_for_timeout(500)
    to_top(lab, studio)
    sizes = studio.root.evaluate(TEXT_SIZES_JS)
    small = [s for s in sizes if s[0] < 18]
    assert sizes and not small, f"texts under 18 px in projector mode: {small[:10]}"
    places = studio.root.evaluate(PLACES_JS)
    height = VIEWPORT["height"]
    for name in ("clock", "caption", "drawing"):
        assert places[name] is not None, f"no {name} in the Studio: {places}"
        assert 0 <= places[name][0] < height, f"the {name} is off screen: {places}"
    assert places["caption"][1] <= height, places
    assert len(tab_titles(studio)) == 5
    clipped = studio.root.evaluate(CLIPPED_TABS_JS)
    assert clipped == [], f"tab titles cut short in projector mode: {clipped}"
    lab.shot("studio-story-projector-1280x720")


def test_arrow_keys_step_the_rewind_preview(lab: Lab, studio: StudioView) -> None:
    """←/→ on the rewind slider preview the steps before and after, read-only."""
    handle = studio.root.locator(".wmkit-rewind-slider .noUi-handle").first
    handle.focus()
    label = lambda: studio.text(".wmkit-rewind-label")  # noqa: E731
    before = label()
    lab.page.keyboard.press("ArrowLeft")
    previewing = studio.wait_change(label, before, "the rewind label after ←")
    assert "previewing step" in previewing
    assert "0:30 Resize #resize SUCCEEDED" in previewing
    lab.page.keyboard.press("ArrowLeft")
    earlier = studio.wait_change(label, previewing, "the rewind label after a second ←")
    assert "0:10" in earlier
    lab.page.keyboard.press("ArrowRight")
    studio.wait_change(label, earlier, "the rewind label after →")
    lab.wait_idle()
    lab.shot("studio-story-projector-rewind-preview")
    previewed = label()
    studio.root.get_by_role("button", name="back to latest").click()
    assert studio.wait_change(label, previewed, "the rewind label after back to latest") == ""
    lab.wait_idle()
    told = studio.text(".wmkit-caption-text")
    assert told.startswith("⏪ 0:40 the user cancels the upload"), told
    assert lab.errors() == [] and studio.errors() == []


# The computed look of the first works-table cell and the first event-log cell: their
# styles come from one <style> per drawing now, not from each cell.
CELL_STYLES_JS = r"""(root) => {
  const look = (sel) => {
    const el = root.querySelector(sel);
    if (!el || !el.getClientRects().length) return null;
    const s = getComputedStyle(el);
    return [s.display, s.whiteSpace, s.overflow, s.paddingLeft, s.width];
  };
  return {cell: look('.wmkit-work-table .wmkit-row .wmkit-cell'),
          time: look('.wmkit-log-rows td.t'), row: look('.wmkit-log-rows td')};
}"""

# Where the works table's titles and its first row's cells sit: titles on one line,
# each over its column.
COLUMN_PLACES_JS = r"""(root) => {
  const lefts = (sel) => Array.from(root.querySelectorAll(sel))
      .map((el) => el.getBoundingClientRect()).map((r) => [Math.round(r.left), Math.round(r.top)]);
  return {head: lefts('.wmkit-work-table .wmkit-table-head .wmkit-cell'),
          row: lefts('.wmkit-work-table .wmkit-row:not([style*="none"]) .wmkit-cell')};
}"""


def assert_columns_under_titles(studio: StudioView) -> None:
    places = studio.root.evaluate(COLUMN_PLACES_JS)
    head, row = places["head"], places["row"]
    assert len(head) >= 6 and len(row) >= len(head), places
    assert len({top for _, top in head}) == 1, f"the titles wrap onto several lines: {head}"
    # Within a button's margin: each cell starts where its title does.
    assert all(abs(h[0] - r[0]) <= 8 for h, r in zip(head, row, strict=False)), places


def test_table_and_log_cells_keep_their_look(lab: Lab, studio: StudioView) -> None:
    """The works table's cells are fixed-width, one-line, clipped; the log's time column
    does not wrap: the shared stylesheets are applied in a real browser."""
    assert studio.open_tab("Works")
    lab.wait_idle()
    looks = studio.root.evaluate(CELL_STYLES_JS)
    assert looks["cell"] is not None, looks
    display, white_space, overflow, padding, width = looks["cell"]
    assert (display, white_space, overflow) == ("inline-block", "nowrap", "hidden"), looks
    assert float(padding.removesuffix("px")) > 0 and float(width.removesuffix("px")) > 40
    assert_columns_under_titles(studio)
    lab.shot("studio-story-works-tab")
    assert studio.open_tab("Event log")
    lab.wait_idle()
    looks = studio.root.evaluate(CELL_STYLES_JS)
    assert looks["time"] is not None and looks["time"][1] == "nowrap", looks
    assert float(looks["row"][3].removesuffix("px")) > 0, looks
    lab.shot("studio-story-event-log-tab")
    assert studio.open_tab("DAG")
