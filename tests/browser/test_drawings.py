"""The drawings in real JupyterLab at a projector's 1280×720: inline SVG whose tooltips
work, a node click that selects a work in every view, a step that swaps only the
changed nodes in place, text of 14 px and more in projector mode, and panels that do
not shrink the drawings when the page is zoomed to 150 %.

The module writes its own notebook into the served copy of ``lessons/``: a Studio on
``diamond_cancel`` stopped at 0:15, a ``DagView`` of twelve small chains with a
``Timeline`` of the story under it, 270 periodic works, and a last cell that switches
projector mode on.
Cells are run one at a time, as an instructor would. Screenshots of both modes go to
``test-artifacts/browser/drawings-*.png``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
import pytest

if TYPE_CHECKING:  # the classes come through fixtures; conftest is not imported at run time
    from conftest import Lab, StudioView

NOTEBOOK = "lessons/drawings_probe.ipynb"
SETUP = '''\
from datetime import timedelta
from wmkit import OneTimeWorkRequest, Result, WorkManager, Worker, scenarios
import ipywidgets
from wmkit.widgets import DagView, Studio, Timeline

story = scenarios.get("diamond_cancel")
wm = story.load()
story.play(wm, until=timedelta(seconds=15))
studio = Studio(wm)


def projector(on):
    """The Studio's projector switch where it has one, else the drawings' own."""
    switch = getattr(studio, "set_projector", None)
    if callable(switch):
        switch(on)
    else:
        studio.dag.set_projector(on)
        studio.timeline.set_projector(on)


studio
'''
CHAINS = """\
class Step(Worker):
    def do_work(self):
        return Result.success()


many = WorkManager()
for _ in range(12):
    many.begin_with(OneTimeWorkRequest(Step)).then(
        [OneTimeWorkRequest(Step), OneTimeWorkRequest(Step)]
    ).enqueue()
chains = DagView(many)
ipywidgets.VBox([chains, Timeline(wm)])
"""
CROWD = """\
from wmkit import PeriodicWorkRequest

crowd = WorkManager()
crowd.enqueue(
    [PeriodicWorkRequest(Step, timedelta(minutes=15), tags=["tick"]) for _ in range(270)]
)
crowd.advance(timedelta(minutes=20))
ipywidgets.VBox([DagView(crowd), Timeline(crowd)])
"""
PROJECTOR = "projector(True)"
PROMPT_JS = (
    "(i) => (document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt')"
    "[i]?.textContent || '').trim()"
)
# Rendered size of every SVG text in a view: its font size in user units times the
# scale from user units to CSS px (the text's screen CTM). Hidden texts are skipped.
TEXT_SIZES_JS = r"""(root) => {
  const sizes = [];
  for (const t of root.querySelectorAll('svg text')) {
    const ctm = t.getScreenCTM();
    if (!ctm || !t.getClientRects().length) continue;
    const svg = t.ownerSVGElement;
    const size = parseFloat(t.getAttribute('font-size') || svg.getAttribute('font-size'));
    sizes.push([size * Math.hypot(ctm.a, ctm.b), (t.textContent || '').slice(0, 30)]);
  }
  return sizes;
}"""
NODE_JS = r"""(root) => [...root.querySelectorAll('.wmkit-dag svg g.node')].map(g => [
  g.getAttribute('data-work-id'), g.getAttribute('data-state'),
  g.querySelector(':scope > title')?.textContent || '', g.classList.contains('wm-sel')])"""


def _notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (SETUP, CHAINS, CROWD, PROJECTOR)]
    nbformat.write(nb, path)


def _run_cell(lab: Lab, index: int) -> None:
    """Shift+Enter on the selected cell (``index``), retried while the kernel does not
    take it (the kernel-ready race), then wait until it ran and the kernel is idle."""
    for _attempt in range(3):
        lab.page.keyboard.press("Escape")
        lab.page.keyboard.press("Shift+Enter")
        try:
            lab.page.wait_for_function(
                f"(i) => /\\[(\\*|\\d+)\\]/.test(({PROMPT_JS})(i))", arg=index, timeout=15_000
            )
            break
        except Exception:
            lab.page.locator(".jp-NotebookPanel .jp-CodeCell").nth(index).click()
    lab.page.wait_for_function(
        f"(i) => /\\[\\d+\\]/.test(({PROMPT_JS})(i))", arg=index, timeout=90_000
    )
    lab.wait_idle()


@pytest.fixture(scope="module")
def studio(
    lab: Lab, studio_view: Callable[..., StudioView], served_root: Path
) -> Iterator[StudioView]:
    """The probe notebook at 1280×720, every cell but the projector switch run."""
    _notebook(served_root / NOTEBOOK)
    lab.page.set_viewport_size({"width": 1280, "height": 720})
    lab.open(NOTEBOOK)
    lab.page.locator(".jp-NotebookPanel .jp-CodeCell").first.click()
    for index in range(3):
        _run_cell(lab, index)
    view = studio_view(lab.page)
    view.wait_rendered()
    lab.page.locator(".wmkit-dag svg g.node").first.wait_for(state="visible")
    yield view


def _nodes(studio: StudioView) -> list[list[Any]]:
    return list(studio.root.evaluate(NODE_JS))


def test_drawings_are_inline_svg_with_tooltips(lab: Lab, studio: StudioView) -> None:
    """No ``<img>`` drawing is left: nodes and lanes are in the page, each with the
    ``<title>`` the browser shows as its tooltip."""
    assert lab.page.locator(".wmkit-dag img, .wmkit-timeline img").count() == 0
    nodes = _nodes(studio)
    assert len(nodes) == 4
    assert all(
        title.split()[0].endswith(("Prepare", "Resize", "Upload", "Notify"))
        for _, _, title, _ in nodes
    ), nodes
    assert any("waits for" in title for _, _, title, _ in nodes)  # why-not-running
    studio.open_tab("Timeline")
    lanes = studio.root.locator(".wmkit-timeline svg g.lane")
    assert lanes.count() == 4
    assert "Upload" in (lanes.nth(2).locator(":scope > title").text_content() or "")
    lab.shot("drawings-normal-timeline", studio.root)
    ids = lab.page.evaluate("() => [...document.querySelectorAll('svg pattern')].map(p => p.id)")
    assert ids and len(ids) == len(set(ids)), ids  # two timelines, each its own hatching
    studio.open_tab("DAG")
    assert lab.errors() == [] and studio.errors() == []
    lab.shot("drawings-normal-dag", studio.root)


def test_clicking_a_node_selects_the_work_everywhere(lab: Lab, studio: StudioView) -> None:
    """A click on the Upload node marks it selected, marks its timeline lane, and the
    explain panel explains it."""
    studio.open_tab("DAG")
    upload = next(n for n in _nodes(studio) if "Upload" in n[2].split("\n")[0])
    work_id = upload[0]
    explain_before = studio.explain()
    lab.page.locator(f'.wmkit-dag svg g.node[data-work-id="{work_id}"]').click()
    lab.page.wait_for_selector(f'.wmkit-dag g.node.wm-sel[data-work-id="{work_id}"]')
    lab.page.wait_for_selector(
        f'.wmkit-timeline g.lane.wm-sel[data-work-id="{work_id}"]', state="attached"
    )
    explained = studio.wait_change(studio.explain, explain_before, "the explain panel")
    assert "Upload" in explained and work_id[:8] in explained, explained
    assert lab.errors() == [] and studio.errors() == []


def test_a_step_swaps_the_changed_nodes_in_place(lab: Lab, studio: StudioView) -> None:
    """ "next event" recolours nodes without sending the drawing again: the page keeps
    one node per work, now in its new state."""
    before = _nodes(studio)
    studio.next_button.click()
    after = studio.wait_change(lambda: _nodes(studio), before, "the DAG's nodes")
    lab.wait_idle()
    after = _nodes(studio)
    assert sorted(n[0] for n in after) == sorted(n[0] for n in before)
    assert [n[1] for n in after] != [n[1] for n in before]
    assert lab.errors() == [] and studio.errors() == []


def test_the_drawings_do_not_shrink_at_150_percent_zoom(lab: Lab, studio: StudioView) -> None:
    """At 150 % zoom the page is 853 CSS px wide: the chains are laid out again for the
    narrower panel instead of being shrunk, and the timeline is redrawn as wide as its
    panel (both outside the Studio, whose own layout is not under test here)."""
    chains = lab.page.locator(".wmkit-dag").nth(1)
    timeline = lab.page.locator(".wmkit-timeline").nth(1)
    chains.scroll_into_view_if_needed()
    lab.page.set_viewport_size({"width": 853, "height": 480})
    try:
        lab.page.wait_for_timeout(1500)  # the canvas reports its new width, Python redraws
        lab.wait_idle()
        sizes = chains.evaluate(TEXT_SIZES_JS)
        assert sizes and min(size for size, _ in sizes) >= 11, sizes[:5]
        svg_box = chains.locator("svg").first.bounding_box()
        panel = chains.bounding_box()
        assert svg_box and panel and svg_box["width"] <= panel["width"] + 1
        timeline.scroll_into_view_if_needed()
        drawn = timeline.locator("svg").first.bounding_box()
        box = timeline.bounding_box()
        assert drawn and box and abs(drawn["width"] - box["width"]) < 20, (drawn, box)
        assert min(size for size, _ in timeline.evaluate(TEXT_SIZES_JS)) >= 11
        lab.shot("drawings-zoom150", timeline)
    finally:
        lab.page.set_viewport_size({"width": 1280, "height": 720})
        lab.page.wait_for_timeout(800)
        lab.wait_idle()


SCROLL_BOXES_JS = r"""() => [...document.querySelectorAll(
    '.wmkit-dag, .wmkit-dag *, .wmkit-timeline, .wmkit-timeline *')].filter(e => {
  const style = getComputedStyle(e);
  return ['auto', 'scroll'].includes(style.overflowY) && e.scrollHeight > e.clientHeight + 1;
}).map(e => e.className.baseVal ?? e.className)"""


def test_many_works_are_summarised_without_scroll_boxes(lab: Lab, studio: StudioView) -> None:
    """270 lone works of one class are one summary node that a click expands and a
    second click folds; the timeline has one row of density bars for them; no drawing
    puts a scroll box inside the notebook's own scroll."""
    crowd = lab.page.locator(".wmkit-dag").nth(2)
    crowd.scroll_into_view_if_needed()
    summary = crowd.locator("svg g.node.summary")
    assert summary.count() == 1
    assert "270 × Step" in (summary.first.text_content() or "")
    timeline = lab.page.locator(".wmkit-timeline").nth(2)
    assert timeline.locator("svg g.group").count() == 1
    assert lab.page.evaluate(SCROLL_BOXES_JS) == []
    lab.shot("drawings-many-works", crowd)
    summary.first.click()
    lab.page.wait_for_function(
        "(root) => root.querySelectorAll('svg g.node').length === 270",
        arg=crowd.element_handle(),
        timeout=60_000,
    )
    lab.wait_idle()
    assert lab.page.evaluate(SCROLL_BOXES_JS) == []
    crowd.locator("button.wmkit-fold").click()
    lab.page.wait_for_function(
        "(root) => root.querySelectorAll('svg g.node').length === 1",
        arg=crowd.element_handle(),
    )
    lab.wait_idle()
    assert lab.errors() == [] and studio.errors() == []


def test_projector_text_is_at_least_14_px_at_1280x720(lab: Lab, studio: StudioView) -> None:
    """After ``projector(True)`` every SVG text of the DAG and of the timeline is drawn
    at 14 px or more on a 1280×720 page; screenshots of both drawings are kept."""
    lab.page.locator(".jp-NotebookPanel .jp-CodeCell").nth(3).click()
    _run_cell(lab, 3)
    lab.page.wait_for_selector('.wmkit-dag svg[data-theme="projector"]', state="attached")
    studio.open_tab("DAG")
    dag = studio.root.locator(".wmkit-dag").first
    sizes = dag.evaluate(TEXT_SIZES_JS)
    assert sizes and min(s for s, _ in sizes) >= 14, sorted(sizes)[:5]
    lab.shot("drawings-projector-dag", studio.root)
    studio.open_tab("Timeline")
    lab.page.wait_for_selector('.wmkit-timeline svg[data-theme="projector"]', state="attached")
    timeline = studio.root.locator(".wmkit-timeline").first
    lab.page.wait_for_timeout(500)
    sizes = timeline.evaluate(TEXT_SIZES_JS)
    assert sizes and min(s for s, _ in sizes) >= 14, sorted(sizes)[:5]
    lab.shot("drawings-projector-timeline", studio.root)
    assert lab.errors() == [] and studio.errors() == []
