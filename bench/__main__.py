"""``python -m bench``: run the registered benchmarks and print one table.

Flags: ``--quick`` (smaller sizes, 3 repeats unless ``--repeat`` says otherwise),
``--repeat K`` (default 5), ``--only NAME`` (repeatable or comma-separated),
``--list``, ``--output PATH``.

Exit status: 0 when every benchmark ran and checked out (a MISSed speed goal is a
finding, not a failure: the machine is shared and noisy), 1 when one raised or
produced counts that disagree with the model, 2 when the only trouble is that wmkit
is not usable yet.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from bench.registry import BENCH_MODULES, REGISTRY, BenchConfig, BenchResult
from bench.report import LATEST, machine, render, write_json


def load_benchmarks() -> None:
    """Import every module that registers benchmarks (see ``BENCH_MODULES``)."""
    for name in BENCH_MODULES:
        importlib.import_module(name)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; ``--only`` names are checked against the registry."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a fast run")
    parser.add_argument(
        "--repeat", type=int, default=None, metavar="K", help="timed repeats (default 5, quick 3)"
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help=f"run only these benchmarks (repeatable, comma-separated): {', '.join(REGISTRY)}",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--output", type=Path, default=LATEST, help=f"JSON file (default {LATEST})")
    args = parser.parse_args(argv)
    args.only = [name.strip() for item in args.only for name in item.split(",") if name.strip()]
    unknown = [name for name in args.only if name not in REGISTRY]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    if args.repeat is None:
        args.repeat = 3 if args.quick else 5
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def run_one(name: str, config: BenchConfig) -> BenchResult:
    """Run one benchmark; an exception becomes an ``error`` result instead of ending the run."""
    bench = REGISTRY[name]
    try:
        result = bench.fn(config)
    except Exception as exc:
        result = BenchResult(name, bench.summary)
        result.problem("error", f"{type(exc).__name__}: {exc}")
        result.info["traceback"] = "".join(traceback.format_exception(exc))
    result.void_goals_if_untrustworthy()
    return result


def exit_status(results: Sequence[BenchResult]) -> int:
    """0 all good, 1 an error or a count mismatch, 2 only wmkit being unavailable."""
    statuses = {result.status for result in results}
    if statuses & {"error", "mismatch"}:
        return 1
    return 2 if "unavailable" in statuses else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run, print, save; return the exit status."""
    load_benchmarks()
    args = parse_args(argv)
    if args.list:
        for bench in REGISTRY.values():
            print(f"{bench.name:<12} {bench.summary}")
        return 0
    config = BenchConfig(repeat=args.repeat, quick=args.quick)
    info = machine()
    results = []
    for name in args.only or list(REGISTRY):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.append(run_one(name, config))
    info["loadavg_end"] = machine()["loadavg"]
    print(render(results, config, info))
    path = write_json(results, config, info, args.output)
    print(f"\nraw results: {path}")
    return exit_status(results)


if __name__ == "__main__":
    sys.exit(main())
