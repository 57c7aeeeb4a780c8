"""The file store's share of a step, and a reopen: what each storage change bought.

``store_step``: one 15-minute step of the ``step10k`` model (N periodic + N one-time
works stored, every periodic work runs once per step), timed on five set-ups that were
all warmed up the same way and are stepped in turn, repeat by repeat (who goes first
rotates):

* the small heapq engine of ``bench.baselines``: the bare compute, the baseline;
* wmkit without a store (``WorkManager()``): wmkit's compute alone;
* wmkit with its file store as shipped: a journal line per step, orjson when installed;
* the same with the standard library's json (Pyodide has no orjson);
* the same file store writing a whole new file every step (no journal; the codec is
  the shipped one), which is what the store cost before the journal.

Persistence's share is a file-store step minus the store-less step, given as a ratio
to the engine's compute; the issue's goal is on the whole file-store step (<= 2.5x).

``store_reopen``: ``WorkManager(path) + close()`` on N one-time works (initial delay one
day), interleaved with: the parse alone (orjson and json), ``TinyDBStore.open()`` (parse
and every row built), and the reopen without moving what it built to the collector's
oldest generation (what the cyclic collector then costs).
"""

from __future__ import annotations

import gc
import json
import statistics
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


@register("store_step", "persistence's share of a 15-min step at 10,000 works, by store design")
def bench_store_step(config: BenchConfig) -> BenchResult:
    n = sizes_for(config).step_n
    result = BenchResult(
        "store_step",
        f"one 15-min step at {2 * n:,} stored works: small engine vs wmkit without a store "
        "vs wmkit file-store designs",
    )
    try:
        wm = load_wmkit()
        from wmkit.storage import jsonio
    except Exception as exc:
        record_wmkit_failure(result, exc)
        return result
    engine = baselines.SmallEngine()
    engine.enqueue(baselines.model_specs(n, n))
    engine.advance_to(model.STEP_MILLIS)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="wmkit-bench-") as tmp:
        setups: dict[str, tuple[Any, Callable[[], Any]]] = {
            "none": (wm.open_manager(None), as_is),
            "journal": (_file_manager(Path(tmp) / "journal.wmk.json", False), as_is),
            "journal-json": (_file_manager(Path(tmp) / "std.wmk.json", False), std_json),
            "whole-file": (_file_manager(Path(tmp) / "whole.wmk.json", True), as_is),
        }
        try:
            for manager, context in setups.values():
                with context():
                    manager.enqueue(wm.build_requests(n, n))
                    manager.advance(STEP)
            names = ["engine", *setups]
            times = {name: [] for name in names}
            for repeat in range(WARMUP_ROUNDS + config.repeat):
                for name in rotated(names, repeat):
                    if name == "engine":
                        times[name].append(timed(lambda: engine.advance(model.STEP_MILLIS))[0])
                        continue
                    manager, context = setups[name]
                    with context():
                        times[name].append(timed(lambda m=manager: m.advance(STEP))[0])
            for manager, context in setups.values():
                with context():
                    manager.close()
        except Exception as exc:
            record_wmkit_failure(result, exc)
            return result
    for timings in times.values():
        del timings[:WARMUP_ROUNDS]
    runs = n
    labels = {
        "engine": "small heapq engine, bare compute",
        "none": "wmkit, no store (WorkManager())",
        "journal": f"wmkit, file store, journal ({jsonio.BACKEND})",
        "journal-json": "wmkit, file store, journal (stdlib json)",
        "whole-file": f"wmkit, file store, whole file every step ({jsonio.BACKEND})",
    }
    result.metrics = [Metric(labels[name], times[name], runs) for name in labels]
    engine_median = statistics.median(times["engine"])
    none_median = statistics.median(times["none"])
    for name in ("journal", "journal-json", "whole-file"):
        paired = [s - b for s, b in zip(times[name], times["none"], strict=True)]
        share = statistics.median(paired)
        result.info[f"{name}_share_s"] = share
        result.info[f"{name}_share_over_engine"] = share / engine_median
        result.info[f"{name}_over_engine"] = statistics.median(times[name]) / engine_median
        result.notes.append(
            f"{labels[name]}: persistence {share * 1e3:.1f} ms per step (median of paired "
            f"differences) = {share / engine_median:.2f}x the engine's compute; whole step "
            f"{statistics.median(times[name]) / engine_median:.2f}x (goal <= {STEP_MAX_RATIO}x)"
        )
    result.notes.append(
        f"wmkit without a store: {none_median / engine_median:.2f}x the engine's compute"
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
                store = TinyDBStore(path)
                store.open()
                store.close()

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
        "store-open": f"TinyDBStore.open(): parse + {n:,} rows ({jsonio.BACKEND})",
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
