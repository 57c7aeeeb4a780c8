"""The browser tier: lessons opened in real JupyterLab and Voila, in Debian's Chromium.

Playwright's Python API drives ``/usr/bin/chromium`` (Debian's package); nothing here
runs ``playwright install``. When Chromium or the ``playwright`` package is missing the
whole directory is skipped with a reason that says what to install (``pytest -rs``
prints it), never silently.

The servers serve a temporary copy of ``lessons/``: running a lesson in a browser must
not save outputs (or any file a lesson writes) into the repository.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path(os.environ.get("WMKIT_CHROMIUM", "/usr/bin/chromium"))


def _why_unavailable() -> str | None:
    missing = []
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(
            f"{CHROMIUM} is missing: install Debian's Chromium with "
            "`sudo apt-get install chromium fonts-liberation` (`make browser-deps` does it "
            "as root; never `playwright install`)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as err:
        missing.append(
            f"the Python package playwright cannot be imported by {sys.executable} ({err}): "
            "`pip install playwright` (it is in the dev extras: `pip install -e '.[dev]'`)"
        )
    return "; ".join(missing) or None


#: Why the browser tier cannot run here (None when it can). Every test in this directory
#: is then marked skipped with this reason (see pytest_collection_modifyitems). A
#: ``pytest.skip(allow_module_level=True)`` here would not do: pytest loads this conftest
#: while it configures itself when ``tests/browser`` is named on the command line, and a
#: skip raised then aborts the whole run with a traceback.
UNAVAILABLE = _why_unavailable()

if UNAVAILABLE is None:
    from playwright.sync_api import Browser, Locator, Page, sync_playwright
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if UNAVAILABLE is None:
        return
    skip = pytest.mark.skip(reason=f"browser tests skipped: {UNAVAILABLE}")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(skip)


def _load_helper() -> ModuleType:
    """``jupyter_server.py`` beside this file, under a name that cannot shadow the real
    ``jupyter_server`` package (whatever pytest's import mode puts on ``sys.path``)."""
    name = "wmkit_browser_server"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).with_name("jupyter_server.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


servers = _load_helper()

VIEWPORT = {"width": 1400, "height": 1100}
# The kernel item in JupyterLab's status bar ("Python 3 (ipykernel) | Idle"). The toolbar's
# execution indicator can say idle before the kernel is connected; this one cannot.
KERNEL_IDLE_JS = (
    "() => (document.querySelector('#jp-main-statusbar')?.textContent || '').includes('| Idle')"
)
# Prompts of every code cell: "[ ]:" not run, "[*]:" queued or running, "[3]:" done.
PROMPTS_JS = (
    "() => [...document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt')]"
    ".map(e => e.textContent.trim())"
)
ANY_STARTED_JS = PROMPTS_JS + ".some(p => /\\[(\\*|\\d+)\\]/.test(p))"
NONE_RUNNING_JS = PROMPTS_JS + ".every(p => !p.includes('[*]'))"
# Error outputs as the notebook model holds them (needs --LabApp.expose_app_in_browser).
# JupyterLab 4.6 renders an error with data-mime-type "application/vnd.jupyter.stderr", the
# same as a harmless stderr stream (ipykernel's TCP warning), so the DOM alone cannot tell
# them apart; the model's output type can.
MODEL_ERRORS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells;
  const errors = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    for (let j = 0; j < cell.outputs.length; j++) {
      const out = cell.outputs.get(j).toJSON();
      if (out.output_type === 'error') {
        errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
      }
    }
  }
  return errors;
}"""
# Error text anywhere in rendered outputs, widget Output areas included: a traceback (an
# error output, or one a widget callback printed), or ipywidgets' failed-view message.
DOM_ERRORS_JS = """(root) => {
  const ERROR_TEXT = new RegExp([
    'Traceback \\\\(most recent call last\\\\)', 'Error displaying widget', 'Error rendering',
    'There was an error when executing cell'].join('|'));
  const scope = document.querySelector(root) || document.body;
  const found = [];
  for (const el of scope.querySelectorAll('.jp-OutputArea-output, .widget-output')) {
    const text = el.textContent || '';
    if (ERROR_TEXT.test(text)) {
      found.push(text.trim().slice(0, 400));
    }
  }
  return [...new Set(found)];
}"""
LOADING_JS = """(root) => {
  const scope = document.querySelector(root) || document.body;
  return [...scope.querySelectorAll('.jp-OutputArea-output, .widget-output, .jp-OutputArea')]
    .filter(e => (e.textContent || '').includes('Loading widget')).length;
}"""


def pytest_report_header(config: pytest.Config) -> str:
    if UNAVAILABLE:
        return f"browser tier: SKIPPED, {UNAVAILABLE}"
    return f"browser tier: {CHROMIUM} via Playwright, servers from {Path(sys.executable).parent}"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Screenshot every page a failed test (or its failed set-up) was looking at."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        pages: dict[int, Page] = {}
        for value in getattr(item, "funcargs", {}).values():
            page = getattr(value, "page", value)
            if isinstance(page, Page) and not page.is_closed():
                pages[id(page)] = page
        for n, page in enumerate(pages.values()):
            path = ARTIFACTS / f"{item.name}{f'-{n}' if n else ''}-FAILED.png"
            try:
                page.screenshot(path=str(path))
                report.sections.append(("browser", f"screenshot of the failure: {path}"))
            except Exception as err:  # the page may be gone; the failure matters more
                report.sections.append(("browser", f"no failure screenshot: {err}"))
    return report


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``test-artifacts/browser/``, where screenshots go (gitignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway copy of ``lessons/`` (with its helper packages), under ``<tmp>/lessons``."""
    root = tmp_path_factory.mktemp("served")
    if not LESSONS.is_dir():
        pytest.fail(f"{LESSONS} is missing: the browser tier opens the lessons")
    shutil.copytree(
        LESSONS,
        root / "lessons",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.wmk.json*"),
    )
    return root


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _new_page(browser: Browser) -> Page:
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(30_000)
    console: list[str] = []
    page.on("console", lambda msg: console.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: console.append(f"pageerror: {err}"))
    page.console_log = console  # type: ignore[attr-defined]
    return page


class Browsed:
    """A page a test looks at: error text, stuck widgets, screenshots, timings."""

    scope = "body"  # where outputs live on this kind of page

    def __init__(self, page: Page, server: Any) -> None:
        self.page = page
        self.server = server
        self.timings: dict[str, float] = {}
        self._t0 = time.monotonic()

    def mark(self, name: str) -> None:
        self.timings[name] = round(time.monotonic() - self._t0, 1)

    def errors(self) -> list[str]:
        """Tracebacks and failed widget views rendered in the outputs."""
        return list(self.page.evaluate(DOM_ERRORS_JS, self.scope))

    def loading_widgets(self, timeout_ms: float = 20_000) -> int:
        """How many outputs still say "Loading widget", after waiting for none to."""
        with contextlib.suppress(PlaywrightTimeoutError):
            self.page.wait_for_function(
                f"(root) => ({LOADING_JS})(root) === 0", arg=self.scope, timeout=timeout_ms
            )
        return int(self.page.evaluate(LOADING_JS, self.scope))

    def console_errors(self) -> list[str]:
        log = getattr(self.page, "console_log", [])
        return [line for line in log if line.startswith(("error", "pageerror"))]

    def shot(self, name: str, target: Locator | None = None) -> Path:
        """Save ``test-artifacts/browser/<name>.png``, with ``target`` scrolled into view."""
        path = ARTIFACTS / f"{name}.png"
        if target is not None:
            target.scroll_into_view_if_needed()
        self.page.screenshot(path=str(path))
        return path


class Lab(Browsed):
    """One JupyterLab page, with the few moves a student makes."""

    scope = ".jp-NotebookPanel"

    def open(self, path: str) -> None:
        """Open a notebook (``?reset`` ignores any saved workspace) and wait for its kernel."""
        self.page.goto(self.server.url(f"lab/tree/{path}", reset=""), wait_until="domcontentloaded")
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        self.page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
        self.mark("kernel idle")

    def prompts(self) -> list[str]:
        return list(self.page.evaluate(PROMPTS_JS))

    def run_all(self, timeout_s: float = 90) -> None:
        """Run menu → Run All Cells, retried while no cell starts (the kernel-ready race),
        then wait until no cell is queued or running and the kernel is idle."""
        for attempt in range(1, 4):
            self.page.keyboard.press("Escape")
            self.fail_on_dialog()
            self.page.locator("li.lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
            self.page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                self.page.wait_for_function(ANY_STARTED_JS, timeout=15_000)
                break
            except PlaywrightTimeoutError:
                if attempt == 3:
                    raise AssertionError(
                        f"Run All Cells started no cell in 3 tries; prompts {self.prompts()}"
                    ) from None
        self.page.wait_for_function(NONE_RUNNING_JS, timeout=timeout_s * 1000)
        self.wait_idle()
        self.mark("run all done")

    def wait_idle(self) -> None:
        self.page.wait_for_function(KERNEL_IDLE_JS, timeout=30_000)

    def fail_on_dialog(self) -> None:
        """A dialog in front of the notebook (a dead kernel, a failed save) fails the test
        with its words, instead of a click timing out behind it; it is dismissed first, so
        the next test starts on a clear page."""
        dialog = self.page.locator(".jp-Dialog")
        if not dialog.count():
            return
        words = " ".join(dialog.first.inner_text().split())
        buttons = dialog.first.locator(".jp-Dialog-button")
        reject = dialog.first.locator(".jp-Dialog-button.jp-mod-reject")
        (reject if reject.count() else buttons).first.click()
        raise AssertionError(f"a dialog stood in front of the notebook: {words!r}")

    def errors(self) -> list[str]:
        """Error outputs in the notebook model, plus error text rendered anywhere."""
        return list(self.page.evaluate(MODEL_ERRORS_JS)) + super().errors()


class Stage(Browsed):
    """A Voila page: the notebook as an app, outputs only."""

    def open(self) -> None:
        self.page.goto(self.server.url(""), wait_until="domcontentloaded")
        self.mark("page loaded")


@pytest.fixture(scope="module")
def lab_server(served_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``jupyter lab`` on the served copy; stopped (by PID) when the module is done."""
    server = servers.start_lab(served_root, tmp_path_factory.mktemp("lab-state"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def voila_server(
    request: pytest.FixtureRequest, served_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """``voila <LESSON>`` (the test module's ``LESSON``); stopped by PID afterwards."""
    lesson = served_root / request.module.LESSON
    if not lesson.is_file():
        pytest.fail(f"{request.module.LESSON} is missing: the stage test serves that lesson")
    server = servers.start_voila(lesson, tmp_path_factory.mktemp("voila-state"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def lab(browser: Browser, lab_server: Any, artifacts: Path) -> Iterator[Lab]:
    """A JupyterLab page on the served lessons, shared by the tests of one module."""
    page = _new_page(browser)
    try:
        yield Lab(page, lab_server)
    finally:
        page.close()


@pytest.fixture(scope="module")
def stage(browser: Browser, voila_server: Any, artifacts: Path) -> Iterator[Stage]:
    """A page for the module's lesson in Voila (not opened yet), shared by its tests."""
    page = _new_page(browser)
    try:
        yield Stage(page, voila_server)
    finally:
        page.close()


# ------------------------------------------------------------------- the Studio
# Hooks first (classes the widgets add with ``add_class``), visible text as the fallback,
# so the tests keep working while the widgets grow and read like what a student sees.
NEXT_EVENT_TEXT = re.compile(r"next event", re.I)
NETWORK_TEXT = re.compile(r"network", re.I)
NETWORK_OFF_OPTION = re.compile(r"^\W*(none|off|no network)\b", re.I)

# Every DAG drawing in ``root`` (in its .wmkit-dag view when there is one), inline <svg> or
# an <img src="data:image/svg+xml,..."> (how JupyterLab, Voila and wmkit's pictures show
# SVG), as [node id, state, fill] per node: wmkit.render.dag.svg writes
# <g class="node" id=... data-state=...> with a literal #rrggbb fill on its shape.
DAG_SIGNATURE_JS = r"""(root) => {
  const scope = root.querySelector('.wmkit-dag') || root;
  const drawings = [];
  for (const svg of scope.querySelectorAll('svg')) {
    if (svg.querySelector('g.node')) drawings.push(svg);
  }
  for (const img of scope.querySelectorAll('img[src^="data:image/svg+xml"]')) {
    const src = img.getAttribute('src');
    const comma = src.indexOf(',');
    const body = src.slice(comma + 1);
    let text = body;
    try {
      text = src.slice(0, comma).endsWith(';base64') ? atob(body) : decodeURIComponent(body);
    } catch (e) { /* not percent-encoded after all: parse it as it is */ }
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    if (doc.querySelector('g.node')) drawings.push(doc.documentElement);
  }
  return drawings.map(svg => [...svg.querySelectorAll('g.node')].map(g => {
    const shape = g.querySelector('rect, circle, ellipse, polygon, path');
    return [g.getAttribute('id'), g.getAttribute('data-state'), shape?.getAttribute('fill')];
  }));
}"""
# The clock readout: the .wmkit-clock hook, else the row of widgets around "next event".
CLOCK_TEXT_JS = r"""(root, button) => {
  const hook = root.querySelector('.wmkit-clock');
  if (hook) return hook.textContent.trim();
  const row = button.closest('.widget-box') || button.parentElement;
  return [...row.querySelectorAll('.widget-label, .widget-html-content, .widget-readout')]
    .map(e => e.textContent.trim()).join(' | ');
}"""
# The explain panel: the .wmkit-explain hook, else the smallest widget box holding the
# work picker (a dropdown labelled "work") and no tabs, else the selected tab's content
# (hidden tabs have no innerText).
EXPLAIN_TEXT_JS = r"""(root) => {
  const hook = root.querySelector('.wmkit-explain');
  if (hook) return hook.innerText.trim();
  const pickers = [...root.querySelectorAll('.widget-dropdown')].filter(d =>
    /^\s*work\s*$/i.test(d.querySelector('label')?.textContent || ''));
  const boxes = [...root.querySelectorAll('.widget-box')].filter(b =>
    pickers.some(p => b.contains(p)) && !b.querySelector('.widget-tab'));
  boxes.sort((a, b) => a.innerText.length - b.innerText.length);
  const panel = boxes[0] || root.querySelector('.widget-tab-contents');
  if (!panel) return '';
  // The text a student reads: the explanation, not the option lists of dropdowns.
  const copy = panel.cloneNode(true);
  copy.querySelectorAll('select').forEach(e => e.remove());
  document.body.appendChild(copy);
  const text = copy.innerText.trim();
  copy.remove();
  return text;
}"""
# wmkit.widgets._base.error_html draws a red-edged box (hook: .wmkit-error).
STUDIO_ERRORS_JS = r"""(root) => [...root.querySelectorAll(
    '.wmkit-error, [style*="solid #c92a2a"]')].map(e => e.textContent.trim().slice(0, 400))
  .filter(t => t)"""


class StudioView:
    """The Studio as a student sees it, on a JupyterLab or Voila page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        hook = page.locator("button.wmkit-next-event")
        self.next_button = hook.or_(page.get_by_role("button", name=NEXT_EVENT_TEXT)).first
        # Until wait_rendered() knows better: the output that holds the "next event" button.
        self.root = page.locator(".jp-OutputArea-output").filter(has=self.next_button).first

    def wait_rendered(self, timeout_ms: float = 60_000) -> None:
        """Wait for the "next event" button and a DAG with nodes; then narrow ``root`` to
        the Studio itself (``.wmkit-studio``) when the widgets mark it."""
        self.next_button.wait_for(state="visible", timeout=timeout_ms)
        studio = self.root.locator(".wmkit-studio").filter(has=self.next_button)
        if studio.count():
            self.root = studio.first
        self.page.wait_for_function(
            f"(root) => ({DAG_SIGNATURE_JS})(root).some(nodes => nodes.length > 0)",
            arg=self.root.element_handle(),
            timeout=timeout_ms,
        )

    def dag(self) -> list[list[list[str]]]:
        """Per DAG drawing, ``[node id, state, fill]`` for each node."""
        return list(self.root.evaluate(DAG_SIGNATURE_JS))

    def dag_fills(self) -> list[list[str]]:
        """The fill of each node, in drawing order: the colours a student sees."""
        return [[node[-1] for node in drawing] for drawing in self.dag()]

    def network_select(self) -> Locator:
        """The ``<select>`` of the device panel's network dropdown."""
        hook = self.root.locator(".wmkit-network select")
        by_text = self.root.locator(".widget-dropdown").filter(
            has=self.page.locator("label", has_text=NETWORK_TEXT)
        ).locator("select")
        return hook.or_(by_text).first

    def open_tab(self, title: str) -> bool:
        """Click the Studio's tab called ``title``, if it has one."""
        tab = self.root.get_by_role("tab", name=title, exact=True)
        if not tab.count():
            return False
        tab.first.click()
        self.page.wait_for_function(
            "(tab) => tab.classList.contains('lm-mod-current')", arg=tab.first.element_handle()
        )
        return True

    def load_scenario(self, name: str) -> str:
        """Pick scenario ``name`` (shown by name or title) in the Studio and press "load"."""
        try:
            from wmkit import scenarios

            title = scenarios.get(name).title
        except Exception:  # the option text may still be the name
            title = name
        select = self.root.locator(".wmkit-scenario select").or_(
            self.root.locator(".widget-dropdown").filter(
                has=self.page.locator("label", has_text=re.compile(r"^\s*scenario\s*$", re.I))
            ).locator("select")
        ).first
        options = [o.strip() for o in select.locator("option").all_inner_texts()]
        label = next((o for o in options if o in (name, title)), None) or next(
            (o for o in options if name in o or o.startswith(title)), None
        )
        assert label, f"the Studio's scenario picker offers neither {name!r} nor {title!r}"
        select.select_option(label=label)
        self.root.get_by_role("button", name=re.compile(r"^\W*load$", re.I)).click()
        return label

    def switch_network_off(self) -> str:
        """Choose the network dropdown's "none" option; returns the option's text."""
        select = self.network_select()
        options = select.locator("option").all_inner_texts()
        off = next((o for o in options if NETWORK_OFF_OPTION.search(o)), None)
        assert off is not None, f"the network dropdown offers no 'none': {options}"
        select.select_option(label=off)
        return off

    def explain(self) -> str:
        """The explain panel's text (hook ``.wmkit-explain``, else the widget box titled
        with "explain" or "why")."""
        return str(self.root.evaluate(EXPLAIN_TEXT_JS))

    def clock(self) -> str:
        button = self.next_button.element_handle()
        return str(self.root.evaluate(CLOCK_TEXT_JS, button)) if button else ""

    def errors(self) -> list[str]:
        return list(self.root.evaluate(STUDIO_ERRORS_JS))

    def controls_text(self) -> str:
        """What the clock controls say (the time, the next timer, "nothing scheduled")."""
        controls = self.root.locator(".wmkit-clock-controls")
        if controls.count():
            return controls.first.inner_text()
        return str(
            self.next_button.evaluate(
                "(b) => { const row = b.closest('.widget-box');"
                " return (row.parentElement.closest('.widget-box') || row).innerText; }"
            )
        )

    def text(self, selector: str) -> str:
        return self.root.locator(selector).first.inner_text()

    def wait_change(self, read: Any, before: Any, what: str, timeout_s: float = 20) -> Any:
        """Poll ``read()`` until it differs from ``before``; fail saying what did not change."""
        deadline = time.monotonic() + timeout_s
        now = read()
        while now == before and time.monotonic() < deadline:
            self.page.wait_for_timeout(150)
            now = read()
        assert now != before, f"{what} did not change within {timeout_s:.0f} s: still {now!r}"
        return now


@pytest.fixture(scope="session")
def studio_view() -> type[StudioView]:
    """The :class:`StudioView` class, for test modules (they never import conftest)."""
    return StudioView


@pytest.fixture(scope="session")
def lab_page() -> type[Lab]:
    """The :class:`Lab` class, for a test module that opens its own page (another
    viewport): ``lab_page(browser.new_page(...), lab_server)``."""
    return Lab
