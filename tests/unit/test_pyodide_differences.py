"""What Pyodide (JupyterLite's kernel) lacks, simulated on CPython: wmkit still works.

Pyodide's ``fcntl`` has no ``flock``; a browser tab can start no thread and no program
(``threading`` raises, ``subprocess`` raises ``OSError``) and ``sys.platform`` is
``"emscripten"``. Each test takes one of those away and runs what a lesson does with
it. ``tests/lite/`` runs the real thing in Chromium.
"""

from __future__ import annotations

import _thread
import errno
import fcntl
import html
import json
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager, close_all, scenarios
from wmkit.errors import StoreError
from wmkit.render import DagEdge, DagModel, DagNode, DagRenderer
from wmkit.render.dag.dot import BROWSER_HINT, INSTALL_HINT, dot_path
from wmkit.storage import STORE_FORMAT


class Save(Worker):
    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success({"saved": True})


@pytest.fixture
def no_flock(monkeypatch: pytest.MonkeyPatch) -> None:
    """``fcntl`` as Pyodide builds it: the module is there, ``flock`` is not."""
    monkeypatch.delattr(fcntl, "flock")


@pytest.fixture
def browser_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Any]:
    """``sys.platform == "emscripten"``, a ``dot`` on PATH that must not be used, and
    ``subprocess`` failing as CPython's Emscripten build makes it fail; returns the
    list of attempted program starts."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(sys, "platform", "emscripten")
    started: list[Any] = []

    def no_processes(*args: Any, **kwargs: Any) -> Any:
        started.append(args)
        raise OSError(errno.ENOTSUP, "emscripten does not support processes.")

    monkeypatch.setattr(subprocess, "Popen", no_processes)
    return started


@pytest.fixture
def no_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting a thread fails, as in a browser tab without SharedArrayBuffer."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    monkeypatch.setattr(_thread, "start_new_thread", refuse)


def test_a_store_opens_saves_and_reopens_without_flock(no_flock: None, tmp_path: Path) -> None:
    """No ``flock``: the store works like on a platform without file locks, and no
    ``.lock`` file is left beside it."""
    path = tmp_path / "mine.wmk.json"
    wm = WorkManager(path)
    request = OneTimeWorkRequest(Save)
    wm.enqueue(request)
    wm.advance(timedelta(minutes=2))
    wm.close()
    wm = WorkManager(path)
    info = wm.get_work_info_by_id(request.id)
    assert info is not None and info.output_data.get_boolean("saved", False)
    wm.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.wmk.json"]


def test_without_flock_a_path_open_in_this_kernel_is_still_refused(
    no_flock: None, tmp_path: Path
) -> None:
    """The same-kernel check protects the path: a cell run twice gets a clear message
    naming ``close_all()``, and the first manager keeps working."""
    path = tmp_path / "mine.wmk.json"
    first = WorkManager(path)
    try:
        with pytest.raises(StoreError, match=r"already open in this kernel.*close_all\(\)"):
            WorkManager(path)
        first.enqueue(OneTimeWorkRequest(Save))
        first.advance(timedelta(minutes=1))
    finally:
        close_all()
    WorkManager(path).close()  # close_all() let the path go


def test_in_a_browser_the_dag_says_dot_cannot_run_and_starts_no_program(
    browser_platform: list[Any],
) -> None:
    """The networkx layout is used without trying ``dot``, and its note gives no
    install advice a browser cannot follow."""
    assert dot_path() is None
    model = DagModel(
        (DagNode("a", "A", "SUCCEEDED"), DagNode("b", "B", "ENQUEUED")), (DagEdge("a", "b"),)
    )
    renderer = DagRenderer()
    layout = renderer.layout(model)
    svg = renderer.svg(model)
    assert layout.engine == "networkx"
    assert layout.note == BROWSER_HINT
    assert "apt" not in svg and "install" not in svg and INSTALL_HINT not in svg
    assert svg.count(BROWSER_HINT) == 1
    assert browser_platform == []


def test_in_a_browser_the_studio_shows_the_hint_once(browser_platform: list[Any]) -> None:
    """The Studio's DAG panel prints the note above the drawing, and the drawing does
    not repeat it."""
    pytest.importorskip("ipywidgets")
    from wmkit.widgets import Studio

    studio = Studio(scenarios.load("fan_in_merge"))
    view = studio.dag
    assert BROWSER_HINT in html.unescape(view.hint.value)
    assert BROWSER_HINT not in html.unescape(view.svg) and "install" not in view.svg
    studio.clock.jump_buttons["+15 min"].click()
    assert html.unescape(view.hint.value + view.svg).count(BROWSER_HINT) == 1
    assert browser_platform == []


def test_without_threads_a_lesson_runs_stores_and_plays(
    no_threads: None, no_flock: None, browser_platform: list[Any], tmp_path: Path
) -> None:
    """No thread is ever started: a file store, a scenario played to the end, and the
    Studio's buttons and Play ticks (the browser ticks Play, the kernel only reacts)."""
    pytest.importorskip("ipywidgets")
    from wmkit.widgets import Studio

    with pytest.raises(RuntimeError):  # the simulation is in force
        threading.Thread(target=print).start()
    try:
        wm = scenarios.load("fan_in_merge", tmp_path / "mine.wmk.json")
        studio = Studio(wm)
        before = studio.clock.clock_label.value
        studio.clock.jump_buttons["+15 min"].click()
        assert studio.clock.clock_label.value != before
        for tick in range(1, 6):
            studio.clock.play.value = tick
        views = (studio.clock, studio.dag, studio.timeline, studio.table)
        assert [view.errors.value for view in views] == [""] * len(views)
        assert wm.trace, "the clock moved, so something happened"
    finally:
        close_all()


def test_a_store_from_an_older_wmkit_is_refused_untouched(tmp_path: Path) -> None:
    """A store left in browser storage by an older wmkit (a lower store version): a
    message that says so and what to do, and the file byte for byte as it was."""
    path = tmp_path / "mine.wmk.json"
    old = json.dumps({"meta": {"1": {"format": STORE_FORMAT, "version": 0, "now": 0}}})
    path.write_text(old)
    with pytest.raises(StoreError, match=r"older wmkit \(store version 0\).*untouched"):
        WorkManager(path)
    assert path.read_text() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.wmk.json"]


def _open_descriptors_of(path: Path) -> list[str]:
    """The file descriptors this process holds open on ``path`` (Linux's /proc)."""
    fds = Path("/proc/self/fd")
    wanted = str(path.resolve())
    held = []
    for fd in fds.iterdir():
        try:
            if str(Path(fd).resolve()) == wanted:
                held.append(fd.name)
        except OSError:  # a descriptor closed while we looked
            continue
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_in_a_browser_the_journal_is_closed_after_every_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_flock: None
) -> None:
    """JupyterLite keeps a file in the browser's storage only once it is closed, so a
    journal held open loses every step after the first on a page reload. Under
    Pyodide the journal is closed after each line; every step is in the file."""
    monkeypatch.setattr(sys, "platform", "emscripten")
    path = tmp_path / "mine.wmk.json"
    journal = tmp_path / "mine.wmk.json.journal"
    wm = WorkManager(path)
    try:
        for _ in range(3):
            wm.enqueue(OneTimeWorkRequest(Save))
            wm.advance(timedelta(minutes=2))
            assert journal.exists() and not _open_descriptors_of(journal)
        steps = journal.read_bytes().count(b"\n")
    finally:
        close_all()
    assert steps >= 4  # the header and one line per step at least
    reopened = WorkManager(path)
    try:
        assert len(reopened.describe_works()) == 3
    finally:
        reopened.close()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")
def test_on_cpython_the_journal_stays_open_while_the_store_is(tmp_path: Path) -> None:
    """Elsewhere, appending to an open file is what makes a step cheap."""
    path = tmp_path / "mine.wmk.json"
    with WorkManager(path) as wm:
        wm.enqueue(OneTimeWorkRequest(Save))
        wm.advance(timedelta(minutes=2))
        assert _open_descriptors_of(tmp_path / "mine.wmk.json.journal")
