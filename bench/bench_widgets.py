"""The views' speed: a click in the Studio, the DAG against bare Graphviz, 1,000 works,
and what a step sends to the browser.

Four benchmarks, on a workload of 5-work chains (a fan-out, an ``ArrayCreating``
fan-in, a retry, a network constraint; every fifth chain under a unique name):

* ``widgets_click``: one "next event" click in a ``Studio`` on 200 works, every view's
  redraw included (goal: median <= 150 ms);
* ``dag_svg300``: ``dag_svg`` of a 300-node DAG with a cold layout cache, against a bare
  ``dot -Tsvg`` of the same DOT text, interleaved (goal: <= 2x); the recolour of a
  cached layout is reported alongside;
* ``widgets_1000``: forty clicks in a Studio on 1,000 works, plus a cell that enqueues
  25 more works (a structural change above the large-graph size): the worst of them
  must not freeze the notebook (goal: <= 1 s);
* ``studio300`` (issue 10): at 300 works, a "next event" click (goal: median <= 250 ms)
  and a device flip (<= 300 ms), and the bytes every widget sends to the browser per
  click, against the same measurement of wmkit at :data:`BASELINE_REF` taken in the
  same run (goal: <= half). Each side runs in fresh interpreters, interleaved. A
  keystroke in the Studio's filter box (typing "album-1", then deleting it) should
  not resend what it does not change: its mean bytes against wmkit at
  :data:`FILTER_BASELINE_REF` (the Studio before the filter was made cheap), measured
  in the same run (goal: <= half).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
from dataclasses import replace
from datetime import timedelta
from typing import Any

from bench.registry import (
    WARMUP_ROUNDS,
    BenchConfig,
    BenchResult,
    Goal,
    Metric,
    ratio,
    register,
    timed,
)

CLICK_GOAL_MS = 150.0
DOT_RATIO_GOAL = 2.0
WORST_CLICK_GOAL_S = 1.0
CHAIN = 5

_workers: dict[str, type] = {}


def workers() -> dict[str, type]:
    """The benchmark's worker classes, defined once, on first use (so that importing
    this module for ``--list`` needs no wmkit)."""
    if _workers:
        return _workers
    from wmkit import Data, Result, Worker

    class Fetch(Worker):
        duration = timedelta(seconds=30)

        def do_work(self) -> Result:
            return Result.success(Data({"n": 1}))

    class Shaky(Worker):
        duration = timedelta(seconds=10)

        def do_work(self) -> Result:
            return Result.retry() if self.run_attempt_count < 1 else Result.success()

    _workers.update(Fetch=Fetch, Shaky=Shaky)
    return _workers


def build_manager(works: int) -> Any:
    """A manager holding ``works`` works in chains of five."""
    from wmkit import (
        ArrayCreatingInputMerger,
        Constraints,
        ExistingWorkPolicy,
        NetworkType,
        OneTimeWorkRequest,
        WorkManager,
    )

    fetch, shaky = workers()["Fetch"], workers()["Shaky"]
    unmetered = Constraints(required_network_type=NetworkType.UNMETERED)
    manager = WorkManager()
    with manager.batch():
        for chain in range(works // CHAIN):
            head = OneTimeWorkRequest(fetch, tags=["sync"])
            left, right = OneTimeWorkRequest(shaky), OneTimeWorkRequest(fetch)
            fan_in = (
                OneTimeWorkRequest.Builder(fetch).set_input_merger(ArrayCreatingInputMerger).build()
            )
            tail = OneTimeWorkRequest(fetch, constraints=unmetered)
            if chain % 5 == 0:
                start = manager.begin_unique_work(f"album-{chain}", ExistingWorkPolicy.KEEP, head)
            else:
                start = manager.begin_with(head)
            start.then([left, right]).then(fan_in).then(tail).enqueue()
    return manager


def _ipywidgets_problem(result: BenchResult) -> bool:
    """Record "unavailable" when wmkit's widgets cannot be imported; True if so."""
    try:
        import wmkit.widgets  # noqa: F401
    except Exception as exc:
        result.problem("unavailable", f"wmkit.widgets unavailable: {type(exc).__name__}: {exc}")
        return True
    return False


def _clicks(studio: Any, count: int, result: BenchResult | None = None) -> list[float]:
    """Seconds per "next event" click (each a step plus every view's redraw). A click
    that found nothing to run would time no redraw at all: it is reported as a problem."""
    times = []
    for _ in range(count):
        before = len(studio.manager.trace)
        seconds, _ = timed(studio.clock.next_button.click)
        times.append(seconds)
        if result is not None and len(studio.manager.trace) == before:
            result.problem("mismatch", "a timed click found nothing to run (workload too small)")
    return times


@register("widgets_click", "one 'next event' click in a Studio on 200 works, redraw included")
def bench_widgets_click(config: BenchConfig) -> BenchResult:
    """Median and worst click on 200 works, over several fresh Studios."""
    result = BenchResult(
        "widgets_click",
        "Studio on 200 works (40 chains of 5); timed: next_button.click() = "
        "manager.step() + redraw of every view",
    )
    if _ipywidgets_problem(result):
        result.goals = [Goal("click at 200 works (median)", None, "<=", CLICK_GOAL_MS, "ms")]
        return result
    from wmkit.widgets import Studio

    clicks = 10 if config.quick else 25
    times: list[float] = []
    for _ in range(config.repeat):
        studio = Studio(build_manager(200))
        _clicks(studio, WARMUP_ROUNDS)
        times += _clicks(studio, clicks, result)
        if any(view.errors.value for view in studio.views):
            result.problem("error", "a view showed an error during the clicks")
        studio.close()
    metric = Metric("next-event click, 200 works", times, 1, "clicks")
    result.metrics = [metric]
    median_ms = metric.median * 1000
    result.notes.append(
        f"median {median_ms:.1f} ms, worst {max(times) * 1000:.1f} ms over {len(times)} clicks"
    )
    result.goals = [Goal("click at 200 works (median)", median_ms, "<=", CLICK_GOAL_MS, "ms")]
    return result


@register("dag_svg300", "dag_svg of 300 nodes (cold layout) vs a bare dot -Tsvg of the same graph")
def bench_dag_svg300(config: BenchConfig) -> BenchResult:
    """Cold ``dag_svg`` and bare ``dot -Tsvg``, interleaved; recolouring reported too."""
    result = BenchResult(
        "dag_svg300",
        "300-node DAG (60 chains of 5, a few steps in); timed: DagRenderer().svg(model) with a "
        "cold cache vs `dot -Tsvg` on dag_dot(model); and a recolour from the cache",
    )
    goal = Goal("dag_svg 300 nodes / bare dot -Tsvg", None, "<=", DOT_RATIO_GOAL, "x")
    result.goals = [goal]
    dot = shutil.which("dot")
    if dot is None:
        result.problem("unavailable", "Graphviz's dot is not installed: no baseline to compare")
        return result
    from wmkit.render import DagRenderer, dag_dot, dag_model

    manager = build_manager(300)
    for _ in range(3):
        manager.step()
    model = dag_model(manager)
    source = dag_dot(model).encode()
    ours: list[float] = []
    bare: list[float] = []
    recolour: list[float] = []
    done = replace(model, nodes=tuple(replace(n, state="SUCCEEDED") for n in model.nodes))
    for round_index in range(WARMUP_ROUNDS + config.repeat):
        renderer = DagRenderer()
        seconds, svg = timed(lambda r=renderer: r.svg(model))
        bare_s, _ = timed(
            lambda: subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, check=True)
        )
        warm_s, _ = timed(lambda r=renderer: r.svg(done))
        if round_index >= WARMUP_ROUNDS:
            ours.append(seconds)
            bare.append(bare_s)
            recolour.append(warm_s)
        if 'data-engine="dot"' not in svg or renderer.layouts_computed != 1:
            result.problem("error", "dag_svg did not lay out with dot exactly once")
    result.metrics = [
        Metric("dag_svg, cold layout (300 nodes)", ours),
        Metric("bare dot -Tsvg (same DOT)", bare),
        Metric("dag_svg, recolour from cache", recolour),
    ]
    goal.value = ratio(statistics.median(ours), statistics.median(bare))
    result.notes.append(
        f"cold dag_svg = {goal.value:.2f}x bare dot; recolour = "
        f"{statistics.median(recolour) * 1000:.1f} ms ({len(model.nodes)} nodes)"
    )
    return result


@register("widgets_1000", "worst click in a Studio on 1,000 works (and a 25-work enqueue)")
def bench_widgets_1000(config: BenchConfig) -> BenchResult:
    """The worst of many clicks at 1,000 works, and a structural change from a cell."""
    result = BenchResult(
        "widgets_1000",
        "Studio on 1,000 works (200 chains of 5); timed: each next-event click, and one cell "
        "that enqueues 25 more works (redraw included, no full relayout above 300 nodes)",
    )
    goal = Goal("worst click at 1,000 works", None, "<=", WORST_CLICK_GOAL_S, "s")
    result.goals = [goal]
    if _ipywidgets_problem(result):
        return result
    from wmkit import OneTimeWorkRequest
    from wmkit.widgets import Studio

    clicks = 15 if config.quick else 40
    build_s: list[float] = []
    click_s: list[float] = []
    grow_s: list[float] = []
    for _ in range(max(config.repeat // 2, 1)):
        manager = build_manager(1_000)
        seconds, studio = timed(lambda m=manager: Studio(m))
        build_s.append(seconds)
        click_s += _clicks(studio, clicks, result)
        fetch = workers()["Fetch"]
        more = [OneTimeWorkRequest(fetch) for _ in range(25)]
        seconds, _ = timed(lambda m=manager, w=more: m.enqueue(w))
        grow_s.append(seconds)
        click_s += _clicks(studio, 3, result)
        if any(view.errors.value for view in studio.views):
            result.problem("error", "a view showed an error during the clicks")
        studio.close()
    result.metrics = [
        Metric("Studio built on 1,000 works (first layout)", build_s),
        Metric("next-event click, 1,000 works", click_s, 1, "clicks"),
        Metric("cell enqueuing 25 works, redraw included", grow_s),
    ]
    worst = max(click_s + grow_s)
    goal.value = worst
    result.notes.append(
        f"clicks: median {statistics.median(click_s) * 1000:.0f} ms, worst "
        f"{max(click_s) * 1000:.0f} ms; 25-work enqueue worst {max(grow_s) * 1000:.0f} ms; "
        f"Studio build {statistics.median(build_s):.2f} s"
    )
    return result


# ------------------------------------------------------------------ issue 10: 300 works
STEP_GOAL_MS = 250.0
FLIP_GOAL_MS = 300.0
BYTES_GOAL_FRACTION = 0.5
FILTER_GOAL_FRACTION = 0.5
#: The Studio with its filter box, before a keystroke stopped resending the table's rows.
FILTER_BASELINE_REF = "dbc93f8"
#: The filter box's successive values: "album-1" typed, then deleted key by key.
FILTER_KEYS = tuple("album-1"[:n] for n in range(1, 8)) + tuple(
    "album-1"[:n] for n in range(6, -1, -1)
)
#: The commit before issue 10's drawing work: the baseline that ``studio300`` measures in
#: the same run (unpacked with ``git archive`` into a temporary directory).
BASELINE_REF = "3bf83e0"


def _count_comm_bytes() -> list[int]:
    """Make every widget created from now on count the bytes it sends to the browser.

    ipywidgets opens each widget's comm through ``comm.create_comm``; outside a kernel
    that returns a ``DummyComm`` that drops its messages. The replacement measures each
    message as the kernel would send it (the JSON of its data, plus binary buffers)."""
    import json

    import comm
    from comm import DummyComm

    sent = [0]

    class CountingComm(DummyComm):  # type: ignore[misc]
        def publish_msg(
            self,
            msg_type: str,
            data: Any = None,
            metadata: Any = None,
            buffers: Any = None,
            **keys: Any,
        ) -> None:
            sent[0] += len(json.dumps(data, default=str).encode())
            sent[0] += sum(len(bytes(b)) for b in buffers or ())

    comm.create_comm = CountingComm
    return sent


def measure_studio(works: int, clicks: int, flips: int) -> dict[str, Any]:
    """One fresh Studio on ``works`` works: seconds and bytes sent per "next event"
    click and per device flip (network wifi <-> cellular). Runs in a subprocess, so
    that the same code measures this checkout and the baseline."""
    sent = _count_comm_bytes()
    import wmkit
    from wmkit.widgets import Studio

    studio = Studio(build_manager(works))
    studio.clock.next_button.click()  # warm-up, untimed
    out: dict[str, Any] = {
        "wmkit": wmkit.__file__,
        "click_s": [],
        "click_bytes": [],
        "flip_s": [],
        "flip_bytes": [],
        "idle_clicks": 0,
    }
    for _ in range(clicks):
        before, sent[0] = len(studio.manager.trace), 0
        seconds, _ = timed(studio.clock.next_button.click)
        out["click_s"].append(seconds)
        out["click_bytes"].append(sent[0])
        out["idle_clicks"] += len(studio.manager.trace) == before
    network = studio.device.controls["network"]
    for i in range(flips):
        sent[0] = 0
        value = "cellular" if i % 2 == 0 else "wifi"
        seconds, _ = timed(lambda v=value: setattr(network, "value", v))
        out["flip_s"].append(seconds)
        out["flip_bytes"].append(sent[0])
    out["filter_bytes"] = []
    box = getattr(studio, "filter", None)  # the baseline has no filter box
    for text in FILTER_KEYS if box is not None else ():
        sent[0] = 0
        box.value = text
        out["filter_bytes"].append(sent[0])
    out["errors"] = [type(v).__name__ for v in studio.views if v.errors.value]
    studio.close()
    return out


def _baseline_tree(ref: str) -> Any:
    """A temporary directory holding ``wmkit/`` as it was at ``ref`` (None if git or
    the commit is not available, e.g. in a source tarball)."""
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tmp = tempfile.TemporaryDirectory(prefix="wmkit-baseline-")
    archive = subprocess.run(["git", "-C", str(root), "archive", ref, "wmkit"], capture_output=True)
    if archive.returncode != 0:
        tmp.cleanup()
        return None
    subprocess.run(["tar", "-x", "-C", tmp.name], input=archive.stdout, check=True)
    return tmp


def _measure_in(src: str | None, works: int, clicks: int, flips: int) -> dict[str, Any]:
    """:func:`measure_studio` in a fresh interpreter, importing wmkit from ``src``
    (None: this checkout)."""
    import json
    import os
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, root) if p)
    code = (
        "import json, bench.bench_widgets as b; "
        f"print(json.dumps(b.measure_studio({works}, {clicks}, {flips})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=src or root
    )
    if done.returncode != 0:
        raise RuntimeError(f"the probe failed: {done.stderr.strip()[-600:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@register("studio300", "Studio on 300 works: a click, a device flip and bytes sent, vs baseline")
def bench_studio300(config: BenchConfig) -> BenchResult:
    """Per "next event" click and per device flip at 300 works: the median time and the
    bytes sent to the browser, for this checkout and for :data:`BASELINE_REF`, each in
    fresh interpreters, interleaved repeat by repeat."""
    result = BenchResult(
        "studio300",
        f"Studio on 300 works (60 chains of 5); timed: next_button.click() and a network "
        f"flip (wifi <-> cellular), redraw included; bytes: every comm message of every "
        f"widget during the click; baseline: wmkit at {BASELINE_REF}",
    )
    step_goal = Goal("next-event click, 300 works (median)", None, "<=", STEP_GOAL_MS, "ms")
    flip_goal = Goal("device flip, 300 works (median)", None, "<=", FLIP_GOAL_MS, "ms")
    bytes_goal = Goal("bytes sent per click / baseline", None, "<=", BYTES_GOAL_FRACTION, "x")
    filter_goal = Goal(
        "bytes per filter keystroke (mean) / baseline", None, "<=", FILTER_GOAL_FRACTION, "x"
    )
    result.goals = [step_goal, flip_goal, bytes_goal, filter_goal]
    if _ipywidgets_problem(result):
        return result
    clicks, flips = (6, 4) if config.quick else (12, 8)
    trees = {
        "baseline": _baseline_tree(BASELINE_REF),
        "filter": _baseline_tree(FILTER_BASELINE_REF),
    }
    for name, ref in (("baseline", BASELINE_REF), ("filter", FILTER_BASELINE_REF)):
        if trees[name] is None:
            result.notes.append(f"baseline {ref} not available (no git history)")
    runs: dict[str, list[dict[str, Any]]] = {"now": [], "baseline": [], "filter": []}
    try:
        for _ in range(config.repeat):
            runs["now"].append(_measure_in(None, 300, clicks, flips))
            for name, tree in trees.items():  # the filter baseline: its keystrokes count
                if tree is not None:
                    runs[name].append(_measure_in(tree.name, 300, clicks, flips))
    finally:
        for tree in trees.values():
            if tree is not None:
                tree.cleanup()
    for name, probes in runs.items():
        if not probes or name == "filter":
            continue
        click_s = [s for p in probes for s in p["click_s"]]
        flip_s = [s for p in probes for s in p["flip_s"]]
        click_kb = [b / 1000 for p in probes for b in p["click_bytes"]]
        flip_kb = [b / 1000 for p in probes for b in p["flip_bytes"]]
        result.metrics += [
            Metric(f"{name}: next-event click", click_s, 1, "clicks"),
            Metric(f"{name}: device flip", flip_s, 1, "flips"),
        ]
        result.info[name] = {"click_kb": click_kb, "flip_kb": flip_kb, "wmkit": probes[0]["wmkit"]}
        result.notes.append(
            f"{name}: click median {statistics.median(click_s) * 1000:.0f} ms, "
            f"{statistics.median(click_kb):.0f} kB sent; flip median "
            f"{statistics.median(flip_s) * 1000:.0f} ms, {statistics.median(flip_kb):.0f} kB "
            f"({len(click_s)} clicks, {len(flip_s)} flips, {len(probes)} interpreters)"
        )
        if any(p["errors"] for p in probes):
            result.problem("error", f"{name}: a view showed an error")
        if any(p["idle_clicks"] for p in probes):
            result.problem("mismatch", f"{name}: a timed click found nothing to run")
    now = runs["now"]
    step_goal.value = statistics.median(s for p in now for s in p["click_s"]) * 1000
    flip_goal.value = statistics.median(s for p in now for s in p["flip_s"]) * 1000
    keys = [b for p in now for b in p.get("filter_bytes", [])]
    before = [b for p in runs["filter"] for b in p.get("filter_bytes", [])]
    if keys and before:
        filter_goal.value = ratio(statistics.mean(keys), statistics.mean(before))
        result.notes.append(
            f"filter keystroke: mean {statistics.mean(keys) / 1000:.1f} kB, worst "
            f"{max(keys) / 1000:.1f} kB; at {FILTER_BASELINE_REF}: mean "
            f"{statistics.mean(before) / 1000:.1f} kB, worst {max(before) / 1000:.1f} kB"
        )
    if runs["baseline"]:
        bytes_goal.value = ratio(
            statistics.median(b for p in now for b in p["click_bytes"]),
            statistics.median(b for p in runs["baseline"] for b in p["click_bytes"]),
        )
    return result
