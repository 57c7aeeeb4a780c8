"""The core imports and runs without ipywidgets, graphviz or networkx installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import importlib.abc
    import sys

    BLOCKED = ("ipywidgets", "graphviz", "networkx")

    class Uninstalled(importlib.abc.MetaPathFinder):
        # Behaves as if the optional packages were not installed at all.
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Uninstalled())
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the blocker does not work")

    from datetime import timedelta
    import wmkit
    from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager

    class Hello(Worker):
        duration = timedelta(seconds=1)
        def do_work(self):
            return Result.success({"greeting": "hi"})

    manager = WorkManager()
    request = OneTimeWorkRequest(Hello)
    manager.begin_with(request).then(OneTimeWorkRequest(Hello)).enqueue()
    manager.run_until_idle()
    info = manager.get_work_info_by_id(request.id)
    print(info.state.name, info.output_data.get_string("greeting"), manager.clock.now_millis)
    print(manager.explain(request.id).splitlines()[1])
    print(sorted(name for name in sys.modules if name.split(".")[0] in BLOCKED))
    """
)


def test_wmkit_imports_and_runs_without_the_widget_packages() -> None:
    """With ipywidgets, graphviz and networkx unimportable, import wmkit and a chain run fine."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "SUCCEEDED hi 2000",
        "- It finished successfully with output Data({'greeting': 'hi'}). "
        "Finished work never runs again.",
        "[]",
    ]
