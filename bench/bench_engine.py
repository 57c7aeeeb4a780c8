"""The engine's own speed: zero-duration runs per second and one 15-minute step, in memory.

Each is a ratio to the small heapq engine of :mod:`bench.baselines` measured in the same
process, repeats interleaved (who goes first alternates), medians reported. Two
workloads (:class:`bench.model.Workload`) at 1,000 and 10,000 works over one virtual
day: ``classic`` (the throughput model: half periodic, half one-time works done within
minutes, so runs come in large batches at few instants) and ``mixed`` (one work in ten
periodic, the rest one-time works spread over the day that retry with exponential
backoff, so runs fall at thousands of different instants). A third implementation, the
*obliged* engine (:class:`bench.baselines.ObligedEngine`), is the small engine plus
what wmkit must do per run and the small engine does not (a new worker object, two
trace events, checked transitions), inlined: its ratio is the ceiling of any engine
with wmkit's obligations. Every implementation must produce exactly the workload's
executions, final states and start instants, or the benchmark reports a mismatch and
its goals are void.

The step benchmark times one ``advance(15 min)`` at 10,000 stored works in memory: the
engine's compute alone (the TinyDB store's share is measured by ``step10k``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta
from types import ModuleType

from bench import baselines, model
from bench.registry import (
    WARMUP_ROUNDS,
    BenchConfig,
    BenchResult,
    Goal,
    Metric,
    WmkitUnavailable,
    register,
    timed,
)
from bench.suite import check_counts, check_starts, load_wmkit, record_wmkit_failure, rotated

SIZES = (1_000, 10_000)
QUICK_SIZES = (500, 2_000)
MIN_RATIO = 0.6
STEP_WORKS, QUICK_STEP_WORKS = 10_000, 2_000
STEP_MAX_RATIO = 2.5


def _baseline_day(
    kind: type[baselines.SmallEngine],
    workload: model.Workload,
    result: BenchResult,
    check_start_instants: bool,
) -> float:
    specs = baselines.workload_specs(workload)
    engine = kind()
    if check_start_instants:
        engine.start_log = []
    seconds, _ = timed(lambda: (engine.enqueue(specs), engine.advance_to(model.DAY_MILLIS)))
    who = f"{kind.__name__} ({workload.name})"
    check_counts(result, who, engine.counts(), workload.expected_counts())
    if engine.start_log is not None:
        want = workload.expected_start_histogram()
        check_starts(result, who, Counter(engine.start_log), want)
    return seconds


def _wmkit_day(
    wm: ModuleType, workload: model.Workload, result: BenchResult, check_start_instants: bool
) -> float:
    wm.reset_counters()
    requests = wm.build_workload(workload)
    manager = wm.open_manager(None)
    day = timedelta(milliseconds=model.DAY_MILLIS)
    seconds, _ = timed(lambda: (manager.enqueue(requests), manager.advance(day)))
    check_counts(result, f"wmkit ({workload.name})", wm.counts(manager), workload.expected_counts())
    if check_start_instants:
        want = workload.expected_start_histogram()
        check_starts(result, f"wmkit ({workload.name})", wm.start_histogram(manager), want)
    manager.close()
    return seconds


@register(
    "engine", "zero-duration runs/s, classic and mixed day, 1k and 10k works, vs small engine"
)
def bench_engine(config: BenchConfig) -> BenchResult:
    """Throughput of both workloads at both sizes; wmkit in memory vs the small engine."""
    sizes = QUICK_SIZES if config.quick else SIZES
    result = BenchResult(
        "engine",
        f"enqueue + advance(1 day), classic and mixed workloads at {sizes[0]:,} and "
        f"{sizes[1]:,} works; ratio = small engine time / wmkit time (1 = as fast)",
    )
    try:
        wm = load_wmkit()
    except WmkitUnavailable as exc:
        record_wmkit_failure(result, exc)
        return result
    for name in ("classic", "mixed"):
        for works in sizes:
            workload = model.Workload(name, works)
            executions = workload.expected_counts().executions
            times: dict[str, list[float]] = {"engine": [], "obliged": [], "wmkit": []}
            for repeat in range(WARMUP_ROUNDS + config.repeat):
                first = repeat == 0
                for who in rotated(["engine", "obliged", "wmkit"], repeat):
                    if who == "engine":
                        seconds = _baseline_day(baselines.SmallEngine, workload, result, first)
                        times["engine"].append(seconds)
                    elif who == "obliged":
                        seconds = _baseline_day(baselines.ObligedEngine, workload, result, first)
                        times["obliged"].append(seconds)
                    else:
                        try:
                            times["wmkit"].append(_wmkit_day(wm, workload, result, first))
                        except Exception as exc:
                            record_wmkit_failure(result, exc)
                            return result
            for timings in times.values():
                del timings[:WARMUP_ROUNDS]
            label = f"{name} {works:,} works"
            engine = Metric(f"small engine, {label}", times["engine"], executions)
            obliged = Metric(f"obliged engine, {label}", times["obliged"], executions)
            ours = Metric(f"wmkit, {label}", times["wmkit"], executions)
            result.metrics += [engine, obliged, ours]
            ratio = engine.median / ours.median
            ceiling = engine.median / obliged.median
            paired = statistics.median(
                e / w for e, w in zip(times["engine"], times["wmkit"], strict=True)
            )
            spread = (min(times["wmkit"]), max(times["wmkit"]))
            result.info[f"{name}_{works}"] = {
                "executions": executions,
                "ratio_of_medians": ratio,
                "paired_median_ratio": paired,
                "obliged_over_engine": ceiling,
                "wmkit_min_max_s": spread,
            }
            result.notes.append(
                f"{label}: {executions:,} runs; wmkit/engine {ratio:.2f}x (paired median "
                f"{paired:.2f}x; wmkit spread {spread[0] * 1e3:.0f}-{spread[1] * 1e3:.0f} ms); "
                f"obliged engine/engine {ceiling:.2f}x"
            )
            result.goals.append(Goal(f"engine: {label}, wmkit/engine", ratio, ">=", MIN_RATIO, "x"))
    return result


@register("step-memory", "one 15-min advance at 10,000 works in memory vs the small engine")
def bench_step_memory(config: BenchConfig) -> BenchResult:
    """The engine's compute for one 15-minute step, against the small engine's."""
    works = QUICK_STEP_WORKS if config.quick else STEP_WORKS
    workload = model.Workload("classic", works)
    result = BenchResult(
        "step-memory",
        f"{works:,} works (classic: half periodic) after a 15-min warm-up; timed: one "
        "advance(15 min) in memory (the engine's compute; step10k adds the TinyDB store)",
    )
    try:
        wm = load_wmkit()
    except WmkitUnavailable as exc:
        record_wmkit_failure(result, exc)
        return result
    step = timedelta(milliseconds=model.STEP_MILLIS)
    engine = baselines.SmallEngine()
    engine.enqueue(baselines.workload_specs(workload))
    engine.advance_to(model.STEP_MILLIS)
    wm.reset_counters()
    manager = wm.open_manager(None)
    manager.enqueue(wm.build_workload(workload))
    manager.advance(step)
    engine_s: list[float] = []
    wmkit_s: list[float] = []
    executed: set[int] = set()
    for repeat in range(WARMUP_ROUNDS + config.repeat):
        for who in rotated(["engine", "wmkit"], repeat):
            if who == "engine":
                seconds, runs = timed(lambda: engine.advance(model.STEP_MILLIS))
                engine_s.append(seconds)
                executed.add(runs)
            else:
                wmkit_s.append(timed(lambda: manager.advance(step))[0])
    del engine_s[:WARMUP_ROUNDS], wmkit_s[:WARMUP_ROUNDS]
    want = workload.expected_counts(engine.now_millis)
    check_counts(result, "small engine", engine.counts(), want)
    check_counts(result, "wmkit", wm.counts(manager), want)
    manager.close()
    runs = executed.pop()
    result.metrics = [
        Metric("small heapq engine, one step", engine_s, runs),
        Metric("wmkit in memory, one step", wmkit_s, runs),
    ]
    ratio = result.metrics[1].median / result.metrics[0].median
    paired = statistics.median(w / e for w, e in zip(wmkit_s, engine_s, strict=True))
    result.info["paired_median_ratio"] = paired
    result.notes.append(f"wmkit/engine step time {ratio:.2f}x (paired median {paired:.2f}x)")
    result.goals = [Goal("step-memory: wmkit/engine time", ratio, "<=", STEP_MAX_RATIO, "x")]
    return result
