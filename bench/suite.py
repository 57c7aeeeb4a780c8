"""The issue's benchmarks: ``baselines``, ``throughput``, ``step10k`` and ``reopen20k``.

Every benchmark that touches wmkit imports it through :func:`load_wmkit`, so a
missing or half-written engine turns into one clear "unavailable" line for that
benchmark while the baselines still run and report their numbers.

Each comparison checks, besides timing, that wmkit and the small engine produced the
same executions and final states as :func:`bench.model.expected_counts`; a ratio
between engines that did different work would be meaningless, so a disagreement is
reported as a ``mismatch`` and the run exits non-zero.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import baselines, model
from bench.registry import (
    WARMUP_ROUNDS,
    BenchConfig,
    BenchResult,
    Goal,
    Metric,
    WmkitUnavailable,
    ratio,
    register,
    timed,
)

THROUGHPUT_MIN_RATIO = 0.6
THROUGHPUT_STRETCH_RATIO = 1.0
STEP_MAX_RATIO = 2.5
REOPEN_MAX_SECONDS = 0.5


@dataclass(frozen=True)
class Sizes:
    """Problem sizes: the issue's numbers, or smaller ones for ``--quick``."""

    throughput_n: int
    step_n: int
    reopen_n: int


FULL = Sizes(throughput_n=1_000, step_n=5_000, reopen_n=20_000)
QUICK = Sizes(throughput_n=200, step_n=1_000, reopen_n=4_000)


def sizes_for(config: BenchConfig) -> Sizes:
    """The sizes a run uses; quick runs are indicative only and say so in the report."""
    return QUICK if config.quick else FULL


def load_wmkit() -> ModuleType:
    """Import :mod:`bench.run_wmkit`, turning any failure into :class:`WmkitUnavailable`.

    Any exception, not only ImportError: an unfinished engine can fail while the worker
    classes are being defined (a ``Worker`` that cannot be subclassed yet, say).
    """
    try:
        from bench import run_wmkit
    except Exception as exc:
        raise WmkitUnavailable(f"cannot use wmkit's API: {type(exc).__name__}: {exc}") from exc
    return run_wmkit


def record_wmkit_failure(result: BenchResult, exc: BaseException) -> None:
    """Note a wmkit failure in ``result``: unavailable for import trouble, error otherwise.

    The short message names the exception and where in wmkit it came from; the full
    traceback goes into the JSON for whoever fixes it.
    """
    if isinstance(exc, WmkitUnavailable):
        result.problem("unavailable", f"wmkit unavailable: {exc}")
        return
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    result.problem("error", f"wmkit raised {type(exc).__name__}: {exc}{where}")
    result.info["wmkit_traceback"] = "".join(traceback.format_exception(exc))


def check_counts(
    result: BenchResult, who: str, got: model.ModelCounts, want: model.ModelCounts
) -> bool:
    """Compare an implementation's counts with the model's; record a mismatch if they differ."""
    differences = want.differences(got)
    if differences:
        result.problem("mismatch", f"{who} disagrees with the model: " + "; ".join(differences))
        return False
    return True


def rotated(items: list[str], shift: int) -> list[str]:
    """``items`` rotated by ``shift``: who goes first changes each repeat, so order bias cancels."""
    shift %= len(items)
    return items[shift:] + items[:shift]


def check_starts(result: BenchResult, who: str, got: Counter[int], want: Counter[int]) -> bool:
    """Compare when runs started with the model's instants; record a mismatch if they differ."""
    differences = model.histogram_differences(want, got)
    if differences:
        result.problem(
            "mismatch", f"{who} ran works at the wrong instants: " + "; ".join(differences)
        )
        return False
    return True


def engine_day(
    n: int, end_millis: int = model.DAY_MILLIS, *, log_starts: bool = False
) -> tuple[float, baselines.SmallEngine]:
    """One timed run of the small engine over the throughput model (enqueue + advance).

    ``log_starts`` records every start instant for :func:`check_starts`; it is only
    used in the warm-up round, whose time is discarded.
    """
    specs = baselines.model_specs(n, n)
    engine = baselines.SmallEngine()
    if log_starts:
        engine.start_log = []

    def run() -> None:
        engine.enqueue(specs)
        engine.advance_to(end_millis)

    seconds, _ = timed(run)
    return seconds, engine


def bare_loop(n_live: int, n_events: int) -> float:
    """One timed run of the bare heapq loop."""
    seconds, processed = timed(lambda: baselines.bare_event_loop(n_live, n_events))
    if processed != n_events:
        raise AssertionError(f"bare loop processed {processed} of {n_events} events")
    return seconds


@register("baselines", "bare heapq loop and small heapq engine alone (no wmkit needed)")
def bench_baselines(config: BenchConfig) -> BenchResult:
    """The two baselines on the issue's sizes, self-checked against the closed-form model."""
    sizes = sizes_for(config)
    n, step_n = sizes.throughput_n, sizes.step_n
    want_day = model.expected_counts(n, n, model.DAY_MILLIS)
    result = BenchResult(
        "baselines",
        f"bare loop and small engine: N={n} periodic + {n} one-time over 1 virtual day; "
        f"one 15-min step at N={step_n} + {step_n}",
    )
    bare_s: list[float] = []
    engine_s: list[float] = []
    want_starts = model.expected_start_histogram(n, n, model.DAY_MILLIS)
    for round_index in range(WARMUP_ROUNDS + config.repeat):
        bare_s.append(bare_loop(2 * n, want_day.executions))
        seconds, engine = engine_day(n, log_starts=round_index == 0)
        engine_s.append(seconds)
        check_counts(result, "small engine (day)", engine.counts(), want_day)
        if engine.start_log is not None:
            check_starts(result, "small engine (day)", Counter(engine.start_log), want_starts)
    del bare_s[:WARMUP_ROUNDS], engine_s[:WARMUP_ROUNDS]

    step_s, step_count, engine = engine_steps(step_n, config.repeat)
    want_steps = model.expected_counts(step_n, step_n, engine.now_millis)
    check_counts(result, "small engine (steps)", engine.counts(), want_steps)

    result.metrics = [
        Metric("bare heapq loop", bare_s, want_day.executions, "events"),
        Metric("small heapq engine, 1 day", engine_s, want_day.executions, "exec"),
        Metric(f"small engine, one 15-min step at {2 * step_n:,} works", step_s, step_count),
    ]
    result.notes.append(
        f"small engine costs {result.metrics[1].median / result.metrics[0].median:.2f}x "
        "the bare loop per event (medians)"
    )
    result.info["model_day"] = want_day.as_dict()
    result.info["model_steps"] = want_steps.as_dict()
    return result


def engine_steps(n: int, repeat: int) -> tuple[list[float], int, baselines.SmallEngine]:
    """Warm the small engine up by one step, then time ``repeat`` further 15-minute steps.

    Returns the step times, the executions per step (the same every step, checked),
    and the engine for the caller's count check.
    """
    engine = baselines.SmallEngine()
    engine.enqueue(baselines.model_specs(n, n))
    engine.advance_to(model.STEP_MILLIS)
    times: list[float] = []
    per_step: set[int] = set()
    for _ in range(repeat):
        seconds, executed = timed(lambda: engine.advance(model.STEP_MILLIS))
        times.append(seconds)
        per_step.add(executed)
    if len(per_step) != 1:
        raise AssertionError(f"steps ran different numbers of works: {sorted(per_step)}")
    return times, per_step.pop(), engine


@register("throughput", "executions/s: wmkit (memory) vs small engine vs bare loop, 1 day")
def bench_throughput(config: BenchConfig) -> BenchResult:
    """Executions per second over one virtual day at N = 1000, all three interleaved."""
    n = sizes_for(config).throughput_n
    want = model.expected_counts(n, n, model.DAY_MILLIS)
    result = BenchResult(
        "throughput",
        f"N={n} periodic (15 min) + {n} one-time (30% failing, 5 attempts), 1 virtual day, "
        f"{want.executions:,} executions; timed: enqueue + advance(1 day)",
    )
    wm: ModuleType | None
    try:
        wm = load_wmkit()
    except WmkitUnavailable as exc:
        record_wmkit_failure(result, exc)
        wm = None

    times: dict[str, list[float]] = {"bare": [], "engine": [], "wmkit": []}
    split: dict[str, list[float]] = {"enqueue": [], "advance": []}

    def run_bare(_: int) -> None:
        times["bare"].append(bare_loop(2 * n, want.executions))

    want_starts = model.expected_start_histogram(n, n, model.DAY_MILLIS)

    def run_engine(repeat_index: int) -> None:
        seconds, engine = engine_day(n, log_starts=repeat_index == 0)
        times["engine"].append(seconds)
        check_counts(result, "small engine", engine.counts(), want)
        if engine.start_log is not None:
            check_starts(result, "small engine", Counter(engine.start_log), want_starts)

    def run_wmkit(repeat_index: int) -> None:
        assert wm is not None
        wm.reset_counters()
        requests = wm.build_requests(n, n)
        manager = wm.open_manager(None)
        marks: list[float] = []

        def go() -> None:
            marks.append(time.perf_counter())
            manager.enqueue(requests)
            marks.append(time.perf_counter())
            manager.advance(timedelta(milliseconds=model.DAY_MILLIS))
            marks.append(time.perf_counter())

        seconds, _ = timed(go)
        times["wmkit"].append(seconds)
        split["enqueue"].append(marks[1] - marks[0])
        split["advance"].append(marks[2] - marks[1])
        check_counts(result, "wmkit", wm.counts(manager), want)
        if repeat_index == 0:
            # The trace is a second opinion on the worker counters, and shows *when* runs began.
            check_starts(
                result, "wmkit (trace 'started' events)", wm.start_histogram(manager), want_starts
            )
            if wm.now_millis(manager) != model.DAY_MILLIS:
                result.problem(
                    "mismatch",
                    f"wmkit's clock is at {wm.now_millis(manager)} ms after advancing one day",
                )

    runners: dict[str, Callable[[int], None]] = {
        "bare": run_bare,
        "engine": run_engine,
        "wmkit": run_wmkit,
    }
    wmkit_usable = wm is not None
    for repeat_index in range(WARMUP_ROUNDS + config.repeat):
        for name in rotated(list(runners), repeat_index):
            if name == "wmkit" and not wmkit_usable:
                continue
            try:
                runners[name](repeat_index)
            except Exception as exc:
                if name != "wmkit":
                    raise
                record_wmkit_failure(result, exc)
                wmkit_usable = False
    for timings in (*times.values(), *split.values()):
        del timings[:WARMUP_ROUNDS]

    result.metrics = [
        Metric("bare heapq loop", times["bare"], want.executions, "events"),
        Metric("small heapq engine", times["engine"], want.executions, "exec"),
    ]
    engine_median = result.metrics[1].median
    wmkit_ratio: float | None = None
    if times["wmkit"]:
        wmkit_metric = Metric("wmkit, memory store", times["wmkit"], want.executions, "exec")
        result.metrics.append(wmkit_metric)
        wmkit_ratio = engine_median / wmkit_metric.median
        enqueue_median = statistics.median(split["enqueue"])
        advance_median = statistics.median(split["advance"])
        result.info["wmkit_enqueue_median_s"] = enqueue_median
        result.info["wmkit_advance_median_s"] = advance_median
        result.info["wmkit_vs_bare_loop"] = result.metrics[0].median / wmkit_metric.median
        result.notes.append(
            f"wmkit split (medians): enqueue {enqueue_median * 1e3:.1f} ms, "
            f"advance {advance_median * 1e3:.1f} ms"
        )
        if len(times["wmkit"]) == len(times["engine"]):
            paired = [e / w for e, w in zip(times["engine"], times["wmkit"], strict=True)]
            result.info["wmkit_vs_engine_paired_median"] = statistics.median(paired)
            result.notes.append(
                f"median of per-repeat ratios wmkit/engine: {statistics.median(paired):.3f}x"
            )
    result.info["engine_vs_bare_loop"] = result.metrics[0].median / engine_median
    result.info["model"] = want.as_dict()
    result.goals = [
        Goal("throughput: wmkit/engine exec/s", wmkit_ratio, ">=", THROUGHPUT_MIN_RATIO, "x"),
        Goal(
            "throughput: wmkit/engine exec/s",
            wmkit_ratio,
            ">=",
            THROUGHPUT_STRETCH_RATIO,
            "x",
            stretch=True,
        ),
    ]
    return result


@register("step10k", "one 15-min advance at 10,000 stored works, TinyDB store vs small engine")
def bench_step10k(config: BenchConfig) -> BenchResult:
    """One 15-minute step with a TinyDB store against the small engine's bare compute.

    Both sides get the same warm-up (enqueue everything, advance 15 minutes once) and
    then the same sequence of further 15-minute steps, interleaved; only the step is
    timed. Each step runs every periodic work once (the one-time works are all
    finished by 7.5 minutes).
    """
    n = sizes_for(config).step_n
    result = BenchResult(
        "step10k",
        f"{2 * n:,} stored works (N={n} periodic + {n} one-time) after a 15-min warm-up; "
        "timed: one advance(15 min) with the TinyDB store",
    )
    wm: ModuleType | None
    try:
        wm = load_wmkit()
    except WmkitUnavailable as exc:
        record_wmkit_failure(result, exc)
        wm = None

    step = timedelta(milliseconds=model.STEP_MILLIS)
    engine = baselines.SmallEngine()
    engine.enqueue(baselines.model_specs(n, n))
    engine_warmup_s, _ = timed(lambda: engine.advance_to(model.STEP_MILLIS))
    result.info["engine_warmup_s"] = engine_warmup_s

    with tempfile.TemporaryDirectory(prefix="wmkit-bench-") as tmp:
        path = Path(tmp) / "store.wmk.json"
        manager = None
        if wm is not None:
            try:
                requests = wm.build_requests(n, n)
                wm.reset_counters()
                manager = wm.open_manager(path)
                enqueue_s, _ = timed(lambda: manager.enqueue(requests))
                warmup_s, _ = timed(lambda: manager.advance(step))
                result.info["wmkit_enqueue_s"] = enqueue_s
                result.info["wmkit_warmup_advance_s"] = warmup_s
            except Exception as exc:
                record_wmkit_failure(result, exc)
        try:
            engine_s, wmkit_s, executed = step_repeats(result, config, engine, manager, step)
            if wm is not None and manager is not None and result.status != "error":
                want = model.expected_counts(n, n, engine.now_millis)
                check_counts(result, "wmkit", wm.counts(manager), want)
                check_starts(
                    result,
                    "wmkit (trace 'started' events)",
                    wm.start_histogram(manager),
                    model.expected_start_histogram(n, n, engine.now_millis),
                )
                if wm.now_millis(manager) != engine.now_millis:
                    result.problem(
                        "mismatch",
                        f"wmkit's clock is at {wm.now_millis(manager)} ms, "
                        f"expected {engine.now_millis}",
                    )
        finally:
            if manager is not None:
                try:
                    manager.close()
                except Exception as exc:
                    record_wmkit_failure(result, exc)
            if path.exists():
                result.info["store_bytes"] = path.stat().st_size

    want = model.expected_counts(n, n, engine.now_millis)
    check_counts(result, "small engine", engine.counts(), want)
    result.info["model"] = want.as_dict()
    result.metrics = [Metric("small heapq engine, bare compute", engine_s, executed)]
    step_ratio: float | None = None
    if wmkit_s:
        result.metrics.append(Metric("wmkit, TinyDB store", wmkit_s, executed))
        step_ratio = result.metrics[1].median / result.metrics[0].median
    budget = STEP_MAX_RATIO * result.metrics[0].median
    result.info["budget_s_at_2.5x_engine"] = budget
    result.notes.append(f"goal budget: {STEP_MAX_RATIO} x engine median = {budget * 1e3:.1f} ms")
    if wmkit_s:
        paired = [w / e for w, e in zip(wmkit_s, engine_s, strict=True)]
        result.info["wmkit_vs_engine_paired_median"] = statistics.median(paired)
        result.notes.append(
            f"median of per-repeat ratios wmkit/engine: {statistics.median(paired):.2f}x"
        )
    if "store_bytes" in result.info:
        result.notes.append(f"store file: {result.info['store_bytes'] / 1e6:.2f} MB")
    result.goals = [Goal("step10k: wmkit/engine step time", step_ratio, "<=", STEP_MAX_RATIO, "x")]
    return result


def step_repeats(
    result: BenchResult,
    config: BenchConfig,
    engine: baselines.SmallEngine,
    manager: Any,
    step: timedelta,
) -> tuple[list[float], list[float], int]:
    """Interleave timed 15-minute steps of the engine and of wmkit (when it is usable).

    wmkit stops being stepped after its first exception; the engine keeps going so
    its numbers are complete either way. Returns both time lists and the executions
    per step.
    """
    engine_s: list[float] = []
    wmkit_s: list[float] = []
    per_step: set[int] = set()
    for repeat_index in range(config.repeat):
        for name in rotated(["engine", "wmkit"], repeat_index):
            if name == "engine":
                seconds, executed = timed(lambda: engine.advance(model.STEP_MILLIS))
                engine_s.append(seconds)
                per_step.add(executed)
            elif manager is not None and result.status != "error":
                try:
                    seconds, _ = timed(lambda: manager.advance(step))
                    wmkit_s.append(seconds)
                except Exception as exc:
                    record_wmkit_failure(result, exc)
    if len(per_step) != 1:
        raise AssertionError(f"engine steps ran different numbers of works: {sorted(per_step)}")
    if len(wmkit_s) != len(engine_s):
        # Both must have taken the same steps, or the final count check compares different days.
        wmkit_s = []
    return engine_s, wmkit_s, per_step.pop()


@register("reopen20k", "open + close a TinyDB store holding 20,000 works")
def bench_reopen20k(config: BenchConfig) -> BenchResult:
    """Time ``WorkManager(path)`` + ``close()`` on a store of 20,000 waiting one-time works.

    The works have a one-day initial delay so none runs and none is pruned; the file is
    built once, outside the timing. ``json.load`` of the same file is timed alongside as
    the floor any JSON-file store must pay to read it.
    """
    n = sizes_for(config).reopen_n
    result = BenchResult(
        "reopen20k",
        f"{n:,} one-time works (initial delay 1 day) in a TinyDB store; "
        "timed: WorkManager(path) + close()",
    )
    try:
        wm = load_wmkit()
    except WmkitUnavailable as exc:
        record_wmkit_failure(result, exc)
        result.goals = [Goal("reopen20k: open + close", None, "<=", REOPEN_MAX_SECONDS, "s")]
        return result

    with tempfile.TemporaryDirectory(prefix="wmkit-bench-") as tmp:
        path = Path(tmp) / "store.wmk.json"
        open_s: list[float] = []
        json_s: list[float] = []
        try:
            requests = wm.build_requests(0, n, initial_delay=timedelta(days=1))
            manager = wm.open_manager(path)
            build_s, _ = timed(lambda: (manager.enqueue(requests), manager.close()))
            result.info["build_enqueue_and_close_s"] = build_s
            result.info["store_bytes"] = os.path.getsize(path)

            manager = wm.open_manager(path)
            try:
                stored, states = wm.stored_work_count(manager)
            finally:
                manager.close()
            if stored != n or states != {model.ENQUEUED: n}:
                result.problem(
                    "mismatch",
                    f"reopened store holds {stored} works in states {states}, "
                    f"expected {n} ENQUEUED",
                )

            def reopen() -> None:
                wm.open_manager(path).close()

            def read_json() -> None:
                with open(path, encoding="utf-8") as handle:
                    json.load(handle)

            for repeat_index in range(WARMUP_ROUNDS + config.repeat):
                for name in rotated(["wmkit", "json"], repeat_index):
                    if name == "wmkit":
                        open_s.append(timed(reopen)[0])
                    else:
                        json_s.append(timed(read_json)[0])
        except Exception as exc:
            record_wmkit_failure(result, exc)
    del open_s[:WARMUP_ROUNDS], json_s[:WARMUP_ROUNDS]

    reopen_median: float | None = None
    json_median: float | None = None
    if json_s:
        floor = Metric("json.load of the same file (floor)", json_s)
        result.metrics.append(floor)
        json_median = floor.median
    if open_s:
        metric = Metric("wmkit WorkManager(path) + close()", open_s)
        result.metrics.append(metric)
        reopen_median = metric.median
        result.info["wmkit_vs_json_load"] = ratio(reopen_median, json_median)
    if "store_bytes" in result.info:
        result.notes.append(f"store file: {result.info['store_bytes'] / 1e6:.2f} MB")
    if result.info.get("wmkit_vs_json_load") is not None:
        result.notes.append(
            f"wmkit open+close / json.load: {result.info['wmkit_vs_json_load']:.2f}x"
        )
    result.goals = [Goal("reopen20k: open + close", reopen_median, "<=", REOPEN_MAX_SECONDS, "s")]
    return result
