"""The lite tier: the built static site (``make site``) in Debian's headless Chromium.

The site in ``_site/`` is served from this process on 127.0.0.1, as any static web
server would serve it. Chromium reaches nothing else: every request a page, a worker or
the site's service worker makes to another host is aborted and counted (the tests
assert the count is 0), and Chromium's own background traffic goes to a local proxy
that refuses it, so nothing leaves the machine at all.

The Studio and JupyterLab helpers are the browser tier's (``tests/browser/conftest.py``):
JupyterLite's page is JupyterLab's. The tier writes ``test-artifacts/lite/report.md``
with the speed figures and the site's size.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import socketserver
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "_site"
ARTIFACTS = REPO / "test-artifacts" / "lite"
LESSONS = sorted(p.name for p in (REPO / "lessons").glob("[0-9][0-9]_*.ipynb"))


def _browser_tier() -> ModuleType:
    """``tests/browser/conftest.py``, imported under a name of its own."""
    name = "wmkit_browser_tier"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, REPO / "tests" / "browser" / "conftest.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


tier = _browser_tier()
UNAVAILABLE = tier.UNAVAILABLE


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if UNAVAILABLE is None:
        return
    skip = pytest.mark.skip(reason=f"lite tests skipped: {UNAVAILABLE}")
    for item in items:
        item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str:
    return f"lite tier: {SITE} in {tier.CHROMIUM}" + (
        f" (SKIPPED: {UNAVAILABLE})" * bool(UNAVAILABLE)
    )


# ------------------------------------------------------------------ the servers
class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the stdlib's own class attribute
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Refuser(socketserver.BaseRequestHandler):
    """A proxy that answers every request with 403 and remembers its first line."""

    seen: list[str]

    def handle(self) -> None:
        first = self.request.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace")
        self.server.seen.append(first)  # type: ignore[attr-defined]
        self.request.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")


def _serve(server: socketserver.BaseServer) -> None:
    threading.Thread(target=server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    """``http://127.0.0.1:<port>/``, serving ``_site/``."""
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE} holds no built site: run `make site` (`make lite` does it)")
    handler = functools.partial(_Quiet, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    _serve(server)
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def refusing_proxy() -> Iterator[Any]:
    """The proxy Chromium must use for other hosts; ``.seen`` lists what it refused
    (Chromium's own background requests: update checks, sign-in, autofill)."""
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Refuser)
    server.daemon_threads = True
    server.seen = []  # type: ignore[attr-defined]
    _serve(server)
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser(refusing_proxy: Any) -> Iterator[Any]:
    """Debian's Chromium; no connection of its own leaves the machine."""
    from playwright.sync_api import sync_playwright

    proxy = f"http://127.0.0.1:{refusing_proxy.server_address[1]}"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(tier.CHROMIUM),
            headless=True,
            args=["--disable-gpu"],
            proxy={"server": proxy, "bypass": "127.0.0.1"},
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def outside() -> list[str]:
    """Every request the site made to a host other than the local server (aborted)."""
    return []


# ------------------------------------------------------------------- the report
@pytest.fixture(scope="session")
def report() -> Iterator[dict[str, Any]]:
    """Figures the tests measure; written to ``test-artifacts/lite/report.md``, with the
    tier's time and how busy the machine was (its load average, 2 cores shared)."""
    figures: dict[str, Any] = {}
    start, load_before = time.monotonic(), os.getloadavg()
    yield figures
    if figures:
        load_after = os.getloadavg()
        figures["tier"] = {
            "time from the first test to the last (s)": f"{time.monotonic() - start:.0f}",
            "load average (1, 5, 15 min) at the start": ", ".join(f"{x:.1f}" for x in load_before),
            "load average (1, 5, 15 min) at the end": ", ".join(f"{x:.1f}" for x in load_after),
            "cores": str(os.cpu_count()),
        }
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "report.json").write_text(json.dumps(figures, indent=1) + "\n")
        (ARTIFACTS / "report.md").write_text(_markdown(figures))


def _markdown(figures: dict[str, Any]) -> str:
    lines = ["# The lite tier (static JupyterLite site in headless Chromium)", ""]
    for key, value in figures.items():
        if isinstance(value, dict):
            lines.append(f"- {key}:")
            lines.extend(f"  - {k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            lines.append(f"- {key}: {', '.join(map(str, value)) or 'none'}")
        else:
            lines.append(f"- {key}: {value}")
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------- the pages
#: A cell appended to the open notebook and run; resolves to its outputs as text.
RUN_CODE_JS = """async (code) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  const model = notebook.model;
  model.sharedModel.insertCell(model.cells.length, {cell_type: 'code', source: code});
  notebook.activeCellIndex = model.cells.length - 1;
  await app.commands.execute('notebook:run-cell');
  const cell = model.cells.get(model.cells.length - 1);
  for (let i = 0; i < 600 && cell.executionCount === null; i++) {
    await new Promise(r => setTimeout(r, 100));
  }
  const texts = [];
  for (let j = 0; j < cell.outputs.length; j++) {
    const out = cell.outputs.get(j).toJSON();
    if (out.output_type === 'stream') texts.push([].concat(out.text).join(''));
    else if (out.output_type === 'error') texts.push(`${out.ename}: ${out.evalue}`);
    else if (out.data && out.data['text/plain'])
      texts.push([].concat(out.data['text/plain']).join(''));
  }
  return texts.join('\\n');
}"""
#: Open a notebook once the app has started (what a double click in the file browser does).
OPEN_JS = """async (path) => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
}"""
#: Close every open document, shutting its kernel down first (a notebook's unsaved
#: outputs are dropped without asking: the lessons' files stay as the site serves them).
CLOSE_ALL_JS = """async () => {
  const app = window.jupyterapp;
  for (const widget of [...app.shell.widgets('main')]) {
    if (widget.sessionContext) await widget.sessionContext.shutdown();
    widget.dispose();
  }
}"""
#: Kernels the app runs (one per open notebook).
RUNNING_KERNELS_JS = """async () => {
  const kernels = window.jupyterapp.serviceManager.kernels;
  await kernels.refreshRunning();
  return [...kernels.running()].length;
}"""
#: Widget views that failed to render (ipywidgets' own messages).
WIDGET_FAILURES_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel .jp-OutputArea-output, .jp-NotebookPanel .widget-output')]
  .map(e => e.textContent || '')
  .filter(t => /Error displaying widget|Error rendering/.test(t))
  .map(t => t.trim().slice(0, 300))"""
#: Execution counts of the code cells, in order (null: not run).
EXECUTION_COUNTS_JS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
  const counts = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type === 'code') counts.push(cell.executionCount);
  }
  return counts;
}"""


class LitePage(tier.Lab):  # type: ignore[misc, name-defined]
    """A JupyterLite page: JupyterLab's moves, with JupyterLite's URLs."""

    def __init__(self, page: Any, base: str) -> None:
        super().__init__(page, server=None)
        self.base = base

    def goto(self, lesson: str) -> float:
        """Open ``lesson``; seconds until its cells are on screen."""
        start = time.monotonic()
        # JupyterLite reopens the tabs the last page had open (each with its kernel):
        # ?reset starts from an empty workspace, then the lesson is opened alone.
        self.page.goto(f"{self.base}lab/index.html?reset", wait_until="domcontentloaded")
        self.page.wait_for_function("() => !!window.jupyterapp", timeout=60_000)
        self.page.evaluate(OPEN_JS, lesson)
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="attached", timeout=60_000)
        return time.monotonic() - start

    def open(self, lesson: str) -> None:  # type: ignore[override]
        """Open ``lesson`` and wait until its kernel is ready."""
        self.goto(lesson)
        self.page.wait_for_function(tier.KERNEL_IDLE_JS, timeout=90_000)

    def switch_to(self, lesson: str) -> float:
        """Close the open lesson (its kernel shut down) and open ``lesson`` in the same
        app, as a student does from the file browser; the first time, load the page.
        Seconds until the new lesson's cells are on screen."""
        if not self.page.evaluate("() => !!window.jupyterapp"):
            return self.goto(lesson)
        start = time.monotonic()
        self.page.evaluate(CLOSE_ALL_JS)
        self.page.evaluate(OPEN_JS, lesson)
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="attached", timeout=60_000)
        return time.monotonic() - start

    def kernel_ready(self) -> bool:
        return bool(self.page.evaluate(tier.KERNEL_IDLE_JS))

    def running_kernels(self) -> int:
        return int(self.page.evaluate(RUNNING_KERNELS_JS))

    def errors(self) -> list[str]:
        """Error outputs (cells that raised) and widget views that failed to render.

        Unlike the browser tier, printed tracebacks are not errors here: lessons print
        a failed worker's traceback on purpose.
        """
        failed_views = self.page.evaluate(WIDGET_FAILURES_JS)
        return list(self.page.evaluate(tier.MODEL_ERRORS_JS)) + list(failed_views)

    def run_code(self, code: str) -> str:
        """Append a cell with ``code``, run it, return what it printed."""
        text = str(self.page.evaluate(RUN_CODE_JS, code))
        self.wait_idle()
        return text

    def execution_counts(self) -> list[int | None]:
        return list(self.page.evaluate(EXECUTION_COUNTS_JS))

    def shot(self, name: str, target: Any = None) -> Path:  # type: ignore[override]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if target is not None:
            target.scroll_into_view_if_needed()
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture(scope="session")
def new_page(browser: Any, site_url: str, outside: list[str]) -> Iterator[Any]:
    """A factory of pages, each in a fresh browser context (empty cache and storage)."""
    contexts: list[Any] = []
    local = re.compile(rf"^(?!{re.escape(site_url)})")

    def refuse(route: Any) -> None:
        outside.append(route.request.url)
        route.abort()

    def make() -> LitePage:
        context = browser.new_context(viewport=tier.VIEWPORT)
        context.route(local, refuse)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        log: list[str] = []
        page.on("console", lambda msg: log.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda err: log.append(f"pageerror: {err}"))
        page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on reload
        page.console_log = log
        return LitePage(page, site_url)

    yield make
    for context in contexts:
        context.close()
