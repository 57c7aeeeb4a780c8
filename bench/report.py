"""Plain-text table and JSON file for benchmark results.

The table is what a reviewer reads in a terminal or CI log: per benchmark the
median and minimum of every implementation, the rate where there is one, then every
goal with its measured ratio and PASS/MISS, and a closing summary of all goals. The
JSON keeps the raw repeats, so a later run can be compared without re-measuring.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.registry import BenchConfig, BenchResult, Goal, Metric

RESULTS_DIR = Path(__file__).resolve().parent / "results"
LATEST = RESULTS_DIR / "latest.json"


def machine() -> dict[str, Any]:
    """Where the numbers were taken: interpreter, platform, CPUs and current load."""
    try:
        load: list[float] | None = list(os.getloadavg())
    except OSError:
        load = None
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg": load,
    }


def seconds_text(seconds: float) -> str:
    """A duration with a unit that keeps three significant digits readable."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.3f} s"


def rate_text(rate: float | None, unit: str) -> str:
    """A rate such as ``1,234,567 exec/s``, or empty for duration-only metrics."""
    return "" if rate is None else f"{rate:,.0f} {unit}/s"


def metric_line(metric: Metric) -> str:
    """One implementation's row: label, median, min, and rates at both."""
    rates = ""
    if metric.count is not None:
        rates = (
            f"  {rate_text(metric.rate(metric.median), metric.count_unit):>20}"
            f"  (best {rate_text(metric.rate(metric.min), metric.count_unit)})"
        )
    return (
        f"    {metric.label:<44} {seconds_text(metric.median):>10} {seconds_text(metric.min):>10}"
        f"{rates}"
    )


def goal_text(goal: Goal) -> str:
    """``value op target`` with the verdict; stretch goals are marked as such."""
    value = "—" if goal.value is None else f"{goal.value:.3g}{goal.unit}"
    op = "≥" if goal.op == ">=" else "≤"
    kind = "stretch" if goal.stretch else "goal"
    target = f"{op} {goal.target:g}{goal.unit}"
    return f"{kind:<7} {goal.name:<36} {value:>9}  {target:<7} {goal.verdict}"


def render(results: Sequence[BenchResult], config: BenchConfig, info: dict[str, Any]) -> str:
    """The whole report as one string."""
    load = info.get("loadavg")
    quick = " (QUICK: reduced sizes, verdicts indicative only)" if config.quick else ""
    lines = [
        f"wmkit benchmarks — Python {info['python']}, {info['cpus']} CPUs, "
        f"load {'/'.join(f'{x:.2f}' for x in load) if load else 'n/a'}, "
        f"{config.repeat} repeats{quick}",
        "times are per repeat: median and min; rates are at the median (best = at the min)",
    ]
    for result in results:
        lines.append("")
        lines.append(f"== {result.name} [{result.status}]  {result.description}")
        if result.metrics:
            lines.append(f"    {'implementation':<44} {'median':>10} {'min':>10}")
            lines.extend(metric_line(metric) for metric in result.metrics)
        lines.extend(f"    · {note}" for note in result.notes)
        for goal in result.goals:
            lines.append(f"    {goal_text(goal)}")
        for problem in result.problems:
            lines.append(f"    ! {problem}")
    goals = [(result, goal) for result in results for goal in result.goals]
    if goals:
        lines.append("")
        lines.append("summary" + (" (quick sizes: indicative only)" if config.quick else ""))
        lines.extend(f"    {goal_text(goal)}" for _, goal in goals)
    return "\n".join(lines)


def write_json(
    results: Iterable[BenchResult],
    config: BenchConfig,
    info: dict[str, Any],
    path: Path = LATEST,
) -> Path:
    """Write every result with its raw repeats to ``path`` (``bench/results/latest.json``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": info,
        "config": {"repeat": config.repeat, "quick": config.quick},
        "results": [result.as_dict() for result in results],
    }
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path
