"""The views' speed: a click in the Studio, the DAG against bare Graphviz, 1,000 works.

Three benchmarks, on a workload of 5-work chains (a fan-out, an ``ArrayCreating``
fan-in, a retry, a network constraint; every fifth chain under a unique name):

* ``widgets_click``: one "next event" click in a ``Studio`` on 200 works, every view's
  redraw included (goal: median <= 150 ms);
* ``dag_svg300``: ``dag_svg`` of a 300-node DAG with a cold layout cache, against a bare
  ``dot -Tsvg`` of the same DOT text, interleaved (goal: <= 2x); the recolour of a
  cached layout is reported alongside;
* ``widgets_1000``: forty clicks in a Studio on 1,000 works, plus a cell that enqueues
  25 more works (a structural change above the large-graph size): the worst of them
  must not freeze the notebook (goal: <= 1 s).
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
