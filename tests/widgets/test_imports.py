"""What each package needs: ``wmkit`` alone needs no widget library at all."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (so blocked modules stay blocked)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )


def test_import_wmkit_works_without_ipywidgets_graphviz_or_networkx() -> None:
    """``import wmkit`` succeeds with the drawing libraries blocked, and loads no view."""
    done = run_python(
        """
        import sys
        for name in ("ipywidgets", "graphviz", "networkx", "IPython"):
            sys.modules[name] = None
        import wmkit
        wm = wmkit.WorkManager()
        assert "wmkit.render" not in sys.modules, "wmkit imported wmkit.render"
        assert "wmkit.widgets" not in sys.modules, "wmkit imported wmkit.widgets"
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_render_needs_no_ipywidgets() -> None:
    """``wmkit.render`` draws both pictures without ipywidgets installed."""
    done = run_python(
        """
        import sys
        sys.modules["ipywidgets"] = None
        from wmkit import WorkManager
        from wmkit.render import dag_svg, timeline_svg
        wm = WorkManager()
        assert dag_svg(wm).startswith("<svg") and timeline_svg(wm).startswith("<svg")
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr


def test_the_engine_never_imports_a_view() -> None:
    """Importing every engine module loads neither ``wmkit.render`` nor ``wmkit.widgets``."""
    done = run_python(
        """
        import importlib, pathlib, sys
        sys.modules["ipywidgets"] = None
        import wmkit
        root = pathlib.Path(wmkit.__file__).parent
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root.parent).with_suffix("").parts
            if parts[1] in ("render", "widgets"):
                continue
            importlib.import_module(".".join(p for p in parts if p != "__init__"))
        loaded = [m for m in sys.modules if m.startswith(("wmkit.render", "wmkit.widgets"))]
        assert not loaded, loaded
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr


def test_drawings_fall_back_to_an_html_widget_without_anywidget() -> None:
    """Without anywidget (a JupyterLite site built without it) the drawings still show
    inline, with their tooltips and the shared highlight; only clicks are lost."""
    done = run_python(
        """
        import sys
        sys.modules["anywidget"] = None
        from wmkit import OneTimeWorkRequest, WorkManager, Worker, Result
        from wmkit.widgets import DagView, Timeline, focus
        from wmkit.widgets.canvas import HtmlCanvas

        class Quick(Worker):
            def do_work(self):
                return Result.success()

        wm = WorkManager()
        request = OneTimeWorkRequest(Quick)
        wm.enqueue(request)
        dag, timeline = DagView(wm), Timeline(wm)
        assert isinstance(dag.picture, HtmlCanvas), type(dag.picture)
        assert "<svg" in dag.picture.value and "<title>" in dag.picture.value
        focus.highlight(wm, [str(request.id)])
        assert str(request.id) in dag.picture.value.split("</style>")[0]
        wm.step()
        assert 'data-state="ENQUEUED"' not in dag.picture.value
        assert "wmk-" not in timeline.picture.value  # its pattern ids are its own
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
