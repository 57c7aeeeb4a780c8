"""The file store's share of a step, and a reopen: what each storage change bought.

``store_step``: one 15-minute step of the ``step10k`` model (N periodic + N one-time
works stored; every periodic work runs once per step). Each wmkit set-up runs in a
process of its own (one manager per process, as in a notebook), warmed up the same
way, its steps interleaved with the small heapq engine's in that same process:

* wmkit without a store (``WorkManager()``): wmkit's compute alone;
* wmkit with its file store as shipped: a journal line per step, orjson when installed;
* the same with the standard library's json (Pyodide has no orjson);
* the same file store writing the whole file every step (no journal; the codec is the
  shipped one): what the store cost before the journal.

Each is reported as the median of per-repeat ratios to the engine's step; persistence's
share is a file-store ratio minus the store-less one. The issue's goal is on the whole
file-store step (<= 2.5x the engine).

``store_reopen``: ``WorkManager(path) + close()`` on N one-time works (initial delay one
day), interleaved with the parse alone (orjson and json), ``TinyDBStore.open()`` with
the collector paused (parse and every row built), the reopen with stdlib json, and the
reopen without moving what it built to the collector's oldest generation.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench import baselines, model
from bench.registry import WARMUP_ROUNDS, BenchConfig, BenchResult, Metric, register, timed
from bench.suite import STEP_MAX_RATIO, load_wmkit, record_wmkit_failure, rotated, sizes_for

STEP = timedelta(milliseconds=model.STEP_MILLIS)


@contextmanager
def std_json() -> Iterator[None]:
    """The store's JSON done by the standard library, as under Pyodide."""
    from wmkit.storage import jsonio

    saved = jsonio.dumps, jsonio.loads
    jsonio.dumps, jsonio.loads = jsonio.std_dumps, jsonio.std_loads
    try:
        yield
    finally:
        jsonio.dumps, jsonio.loads = saved


@contextmanager
def no_promotion() -> Iterator[None]:
    """Opening without moving what it built to the oldest GC generation (the manager
    skips that step when ``gc.freeze`` is missing, as on Pythons without it)."""
    saved = gc.freeze
    gc.freeze = None  # type: ignore[assignment]
    try:
        yield
    finally:
        gc.freeze = saved


@contextmanager
def as_is() -> Iterator[None]:
    yield


def _file_manager(path: Path, whole_file_each_step: bool) -> Any:
    from wmkit import WorkManager
    from wmkit.storage.tinydb_store import TinyDBStore

    store = TinyDBStore(path)
    if whole_file_each_step:
        store.journal_to_file_ratio = store.min_journal_bytes = 0
    return WorkManager(store=store)


VARIANTS = {
    "none": "wmkit, no store",
    "journal": "wmkit, file store (journal)",
    "journal-json": "wmkit, file store (journal), stdlib json",
    "whole-file": "wmkit, whole file every step",
}


def step_variant(variant: str, n: int, repeat: int) -> dict[str, list[float]]:
    """Time the small engine and one wmkit set-up, interleaved, in this process alone.

    One manager per process, as in a notebook: a second manager's objects would be
    scanned by every full cyclic collection and slow the first one down."""
    from bench import run_wmkit as wm

    engine = baselines.SmallEngine()
    engine.enqueue(baselines.model_specs(n, n))
    engine.advance_to(model.STEP_MILLIS)
    with tempfile.TemporaryDirectory(prefix="wmkit-bench-") as tmp:
        path = Path(tmp) / "store.wmk.json"
        context = std_json if variant == "journal-json" else as_is
        with context():
            if variant == "none":
                manager = wm.open_manager(None)
            else:
                manager = _file_manager(path, whole_file_each_step=variant == "whole-file")
            manager.enqueue(wm.build_requests(n, n))
            manager.advance(STEP)
            times: dict[str, list[float]] = {"engine": [], variant: []}
            for index in range(WARMUP_ROUNDS + repeat):
                for name in rotated(["engine", variant], index):
                    if name == "engine":
                        times[name].append(timed(lambda: engine.advance(model.STEP_MILLIS))[0])
                    else:
                        times[name].append(timed(lambda: manager.advance(STEP))[0])
            manager.close()
    for timings in times.values():
        del timings[:WARMUP_ROUNDS]
    return times


def _run_variant(variant: str, n: int, repeat: int) -> dict[str, list[float]]:
    root = Path(__file__).resolve().parents[1]
    code = (
        "import json, sys; from bench.bench_store import step_variant; "
        f"print(json.dumps(step_variant({variant!r}, {n}, {repeat})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{variant}: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.splitlines()[-1])


@register("store_step", "persistence's share of a 15-min step at 10,000 works, by store design")
def bench_store_step(config: BenchConfig) -> BenchResult:
    n = sizes_for(config).step_n
    result = BenchResult(
        "store_step",
        f"one 15-min step at {2 * n:,} stored works; each wmkit set-up in a process of its "
        "own, interleaved with the small engine there",
    )
    try:
        load_wmkit()
        from wmkit.storage import jsonio

        runs = {variant: _run_variant(variant, n, config.repeat) for variant in VARIANTS}
    except Exception as exc:
        record_wmkit_failure(result, exc)
        return result
    over_engine: dict[str, float] = {}
    for variant, label in VARIANTS.items():
        times = runs[variant]
        ratios = [w / e for w, e in zip(times[variant], times["engine"], strict=True)]
        over_engine[variant] = statistics.median(ratios)
        result.metrics.append(Metric("  small engine, same process", times["engine"], n))
        result.metrics.append(Metric(label, times[variant], n))
    result.info["backend"] = jsonio.BACKEND
    result.info["over_engine"] = over_engine
    result.notes.append(
        f"wmkit without a store: {over_engine['none']:.2f}x the engine's compute "
        "(median of per-repeat ratios)"
    )
    for variant in ("journal", "journal-json", "whole-file"):
        share = over_engine[variant] - over_engine["none"]
        result.info[f"{variant}_share_over_engine"] = share
        result.notes.append(
            f"{variant}: whole step {over_engine[variant]:.2f}x the engine (goal <= "
            f"{STEP_MAX_RATIO}x); persistence's share {share:.2f}x"
            + (f" ({jsonio.BACKEND})" if variant != "journal-json" else " (stdlib json)")
        )
    return result


@register("store_reopen", "reopen a 20,000-work store: parse, rows, GC, by library")
def bench_store_reopen(config: BenchConfig) -> BenchResult:
    n = sizes_for(config).reopen_n
    result = BenchResult(
        "store_reopen",
        f"{n:,} one-time works (initial delay 1 day) in a file store: what a reopen spends",
    )
    try:
        wm = load_wmkit()
        from wmkit.storage import jsonio
        from wmkit.storage.tinydb_store import TinyDBStore
    except Exception as exc:
        record_wmkit_failure(result, exc)
        return result
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="wmkit-bench-") as tmp:
        path = Path(tmp) / "store.wmk.json"
        try:
            manager = wm.open_manager(path)
            manager.enqueue(wm.build_requests(0, n, initial_delay=timedelta(days=1)))
            manager.close()
            raw = path.read_bytes()
            result.info["store_bytes"] = len(raw)

            def store_open() -> None:
                gc.disable()  # as the manager opens: the collector's share is measured apart
                try:
                    store = TinyDBStore(path)
                    store.open()
                    store.close()
                finally:
                    gc.enable()

            def reopen() -> None:
                wm.open_manager(path).close()

            def reopen_std() -> None:
                with std_json():
                    reopen()

            def reopen_unpromoted() -> None:
                with no_promotion():
                    reopen()

            runs: dict[str, Callable[[], Any]] = {
                "parse-json": lambda: json.loads(raw),
                "parse": lambda: jsonio.loads(raw),
                "store-open": store_open,
                "reopen": reopen,
                "reopen-json": reopen_std,
                "reopen-unpromoted": reopen_unpromoted,
            }
            times = {name: [] for name in runs}
            for repeat in range(WARMUP_ROUNDS + config.repeat):
                for name in rotated(list(runs), repeat):
                    times[name].append(timed(runs[name])[0])
                    gc.collect()  # what a run left for the collector is not the next one's
        except Exception as exc:
            record_wmkit_failure(result, exc)
            return result
    for timings in times.values():
        del timings[:WARMUP_ROUNDS]
    labels = {
        "parse-json": "json.loads of the file (stdlib floor)",
        "parse": f"jsonio.loads of the file ({jsonio.BACKEND})",
        "store-open": f"TinyDBStore.open(), GC paused: parse + {n:,} rows ({jsonio.BACKEND})",
        "reopen": f"WorkManager(path) + close() ({jsonio.BACKEND})",
        "reopen-json": "WorkManager(path) + close() (stdlib json)",
        "reopen-unpromoted": "WorkManager(path) + close(), no GC promotion",
    }
    result.metrics = [Metric(labels[name], times[name]) for name in labels]
    medians = {name: statistics.median(times[name]) for name in labels}
    result.info.update({f"{name}_median_s": value for name, value in medians.items()})
    result.notes += [
        f"store file: {result.info['store_bytes'] / 1e6:.2f} MB",
        f"reopen / stdlib json.loads of the file: {medians['reopen'] / medians['parse-json']:.2f}x",
        f"the GC promotion saves {(medians['reopen-unpromoted'] - medians['reopen']) * 1e3:.0f}"
        f" ms; {jsonio.BACKEND} instead of json saves "
        f"{(medians['reopen-json'] - medians['reopen']) * 1e3:.0f} ms",
    ]
    return result
