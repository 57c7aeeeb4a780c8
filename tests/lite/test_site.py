"""The course in the static site: every lesson runs in Pyodide, nothing leaves the machine.

Runs in file order: the site's size, lesson 00 from a cold browser (the speed figures,
measured alone), every lesson opened and run as a student does (Run All pressed before
the kernel is ready), a store file kept across a page reload with the bad input a
student meets there, and finally the count of requests to other hosts. Screenshots and
``report.md`` go to ``test-artifacts/lite/``.

The lessons run one after the other in one tab, as a student goes through them: the
last lesson's notebook is closed and its kernel shut down, the next one opened from the
file browser's app without loading the page again (:meth:`LitePage.switch_to`). Each
lesson has a new kernel of its own: nothing of one lesson's Python reaches another.
(Two lessons at once, each in its own tab, took longer on 2 cores: one lesson's kernel
and page already keep both busy.)
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTIFACTS, LESSONS, REPO, SITE, LitePage, tier

#: The issue's budgets (issue 13): checked with room for a busy 2-core machine.
SITE_BUDGET_MB = 50
KERNEL_READY_BUDGET_S = 20
LESSON00_BUDGET_S = 10
SLACK = 2  # a figure more than twice its budget fails the tier; above budget is reported


def has_studio(lesson: str) -> bool:
    """Whether a code cell of the lesson draws a Studio."""
    notebook = json.loads((REPO / "lessons" / lesson).read_text())
    return any(
        "Studio(" in "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    )


def check_ran_clean(lab: LitePage, lesson: str) -> None:
    """Every code cell ran exactly once, in order, and nothing errored."""
    counts = lab.execution_counts()
    assert counts == list(range(1, len(counts) + 1)), (
        f"{lesson}: execution counts {counts} (each cell once, in order); {lab.errors()}"
    )
    assert lab.errors() == [], f"{lesson}: {lab.errors()}"
    assert lab.loading_widgets() == 0, f"{lesson}: an output still says 'Loading widget'"


def studio_of(lab: LitePage) -> Any:
    """The lesson's (first) Studio, drawn: its clock controls and its DAG panel. The
    DAG may be empty (lesson 11 shows the student's own, still empty, pipeline)."""
    view = tier.StudioView(lab.page)
    view.next_button.wait_for(state="visible", timeout=60_000)
    studio = view.root.locator(".wmkit-studio").filter(has=view.next_button)
    if studio.count():
        view.root = studio.first
    view.root.locator(".wmkit-dag").first.wait_for(state="attached")
    assert view.errors() == []
    return view


def click_next_event(lab: LitePage, view: Any) -> str:
    """Press "next event": the clock or the DAG's colours must change. A Studio whose
    story has been played to the end says "nothing scheduled", and "next event" rightly
    does nothing there: "+1 h" must then move its clock instead. Returns what was
    pressed."""
    before = (view.clock(), view.dag_fills())
    if "nothing scheduled" in view.controls_text():
        view.root.get_by_role("button", name="+1 h", exact=True).click()
        pressed = "+1 h (story over)"
    else:
        view.next_button.click()
        pressed = "next event"
    view.wait_change(lambda: (view.clock(), view.dag_fills()), before, "the Studio")
    lab.wait_idle()
    assert view.errors() == [] and lab.errors() == []
    return pressed


def click_a_node(lab: LitePage, view: Any) -> str:
    """Click the first work in the DAG drawing (anywidget's inline SVG): the kernel hears
    the click and the drawing marks that work selected. Returns the work's id."""
    node = view.root.locator(".wmkit-dag svg g.node[data-work-id]").first
    work_id = node.get_attribute("data-work-id")
    assert work_id, "the DAG drawing has no clickable work (is anywidget in the site?)"
    node.click()
    view.root.locator(f'.wmkit-dag g.node.wm-sel[data-work-id="{work_id}"]').wait_for(
        state="attached", timeout=20_000
    )
    lab.wait_idle()
    assert view.errors() == [] and lab.errors() == []
    return work_id


def test_the_site_fits_its_budget(report: dict[str, Any]) -> None:
    """At most 50 MB; the report lists the biggest parts."""
    files = [p for p in SITE.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    parts: dict[str, int] = {}
    for path in files:
        rel = path.relative_to(SITE)
        key = "/".join(rel.parts[:2]) if rel.parts[0] == "static" else rel.parts[0]
        parts[key] = parts.get(key, 0) + path.stat().st_size
    biggest = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:8]
    report["site"] = f"{total / 1e6:.1f} MB in {len(files)} files (budget {SITE_BUDGET_MB} MB)"
    report["site parts (MB)"] = {
        k: f"{v / 1e6:.1f}" for k, v in sorted(parts.items(), key=lambda kv: -kv[1])[:6]
    }
    report["biggest files (MB)"] = {
        str(p.relative_to(SITE)): f"{p.stat().st_size / 1e6:.1f}" for p in biggest
    }
    assert total <= SITE_BUDGET_MB * 1e6, report["site"]


def test_lesson00_from_a_cold_browser(new_page: Any, report: dict[str, Any]) -> None:
    """A first visit: kernel ready, every cell run, the Studio drawn with the browser's
    one-line note (no install advice), and "next event" moves it."""
    lab = new_page()
    lesson = LESSONS[0]
    start = time.monotonic()
    cells_shown = lab.goto(lesson)
    lab.page.wait_for_function(tier.KERNEL_IDLE_JS, timeout=90_000)
    kernel_ready = time.monotonic() - start
    start = time.monotonic()
    lab.run_all()
    run_all = time.monotonic() - start
    check_ran_clean(lab, lesson)
    view = studio_of(lab)
    assert view.dag() and view.dag()[0], "lesson 00's Studio shows no works"
    panel = view.root.locator(".wmkit-dag").first.inner_text()
    assert panel.count("cannot run in a browser") == 1, panel
    assert "apt install" not in lab.page.inner_text(".jp-NotebookPanel")
    lab.shot("lesson00-studio", view.root)
    selected = click_a_node(lab, view)
    lab.shot("lesson00-after-a-node-click", view.root)
    pressed = click_next_event(lab, view)
    lab.shot("lesson00-after-next-event", view.root)
    report["lesson 00, cold browser"] = {
        "cells on screen (s)": f"{cells_shown:.1f}",
        "kernel ready (s)": f"{kernel_ready:.1f} (budget {KERNEL_READY_BUDGET_S})",
        "all cells (s)": f"{run_all:.1f} (budget {LESSON00_BUDGET_S})",
        "Studio": f"a click on a node selected work {selected[:8]}; {pressed} changed it",
    }
    lab.page.context.close()  # its kernel stops: the lessons below have the machine
    assert pressed == "next event"
    assert kernel_ready <= KERNEL_READY_BUDGET_S * SLACK, report["lesson 00, cold browser"]
    assert run_all <= LESSON00_BUDGET_S * SLACK, report["lesson 00, cold browser"]


@pytest.fixture(scope="module")
def course(new_page: Any) -> Iterator[LitePage]:
    """One tab that goes through the lessons in turn, as a student does."""
    yield new_page()


@pytest.mark.parametrize("lesson", LESSONS[1:])  # lesson 00: the cold test above
def test_every_lesson_runs_with_run_all_pressed_at_once(
    course: LitePage, lesson: str, report: dict[str, Any]
) -> None:
    """Run All pressed as soon as the lesson shows, before its kernel is ready: every
    cell still runs once, in order, without an error; a Studio, where the lesson has
    one, is drawn, selects the work a click on its drawing picks, and answers "next
    event"."""
    lab = course
    start = time.monotonic()
    lab.switch_to(lesson)
    early = not lab.kernel_ready()
    lab.run_all()
    seconds = time.monotonic() - start
    assert lab.running_kernels() == 1, "the last lesson's kernel is still running"
    check_ran_clean(lab, lesson)
    studio = ""
    if has_studio(lesson):
        view = studio_of(lab)
        lab.shot(f"{Path(lesson).stem}-studio", view.root)
        clicked = ""
        if view.dag() and view.dag()[0]:
            click_a_node(lab, view)
            clicked = "a node click selected its work; "
        studio = f" (Studio: {clicked}{click_next_event(lab, view)} changed it)"
    lessons = report.setdefault("each lesson, open + kernel + all cells (s)", {})
    lessons[lesson] = f"{seconds:.1f}{studio}"
    early_runs = report.setdefault("Run All pressed before the kernel was ready", [])
    if early:
        early_runs.append(lesson[:2])


STORE_CODE = """
from datetime import timedelta
from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager

class Backup(Worker):
    duration = timedelta(minutes=5)
    def do_work(self):
        return Result.success({"files": 42})

wm = WorkManager("mine.wmk.json")
backup = OneTimeWorkRequest(Backup, tags=["backup"])
wm.enqueue(backup)
wm.advance(timedelta(minutes=10))
print("saved", wm.get_work_info_by_id(backup.id).state)
"""
OLDER_STORE = '{"meta": {"1": {"format": "wmkit-store", "version": 0, "now": 0}}, "works": {}}'
REOPEN_CODE = """
from wmkit import WorkManager
wm = WorkManager("mine.wmk.json")
[info] = wm.get_work_infos_by_tag("backup")
print("reopened", info.state, info.output_data.get_long("files", 0), wm.clock.now_millis)
"""


def test_a_store_file_survives_a_reload_and_bad_input_is_explained(course: LitePage) -> None:
    """``WorkManager("mine.wmk.json")`` is kept in browser storage across a page reload;
    a cell that opens it run twice, and a store left by an older wmkit, get clear
    messages and lose nothing."""
    lab = course
    lab.switch_to(LESSONS[0])
    lab.page.wait_for_function(tier.KERNEL_IDLE_JS, timeout=90_000)
    assert "saved State.SUCCEEDED" in lab.run_code(STORE_CODE)
    lab.run_code(f"open('old.wmk.json', 'w').write({OLDER_STORE!r})")
    lab.page.reload(wait_until="domcontentloaded")
    lab.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="attached", timeout=60_000)
    lab.page.wait_for_function(tier.KERNEL_IDLE_JS, timeout=90_000)
    listing = lab.page.inner_text(".jp-DirListing-content")
    assert "mine.wmk.json" in listing and "old.wmk.json" in listing, listing

    assert "reopened State.SUCCEEDED 42 600000" in lab.run_code(REOPEN_CODE)
    again = lab.run_code('wm = WorkManager("mine.wmk.json")')
    assert "already open in this kernel" in again and "close_all()" in again, again
    assert "reopened State.SUCCEEDED 42" in lab.run_code(
        "import wmkit\nwmkit.close_all()\n" + REOPEN_CODE
    )
    older = lab.run_code('WorkManager("old.wmk.json")')
    assert "older wmkit (store version 0)" in older and "untouched" in older, older
    assert lab.run_code("print(open('old.wmk.json').read())").strip() == OLDER_STORE
    lab.shot("store-after-reload")


def test_no_request_went_to_another_host(
    outside: list[str], refusing_proxy: Any, report: dict[str, Any]
) -> None:
    """Every request of every page, worker and service worker above went to the local
    server (others were aborted and counted here)."""
    report["requests to other hosts (aborted)"] = len(outside)
    report["Chromium's own background requests (refused by the proxy)"] = len(refusing_proxy.seen)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert outside == []
