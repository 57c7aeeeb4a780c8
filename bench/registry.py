"""A small registry of named benchmarks and the helpers they share.

A benchmark is a function ``(BenchConfig) -> BenchResult`` registered under a name
with :func:`register`. The runner in :mod:`bench.__main__` knows nothing about any
particular benchmark, so a later issue adds one (a device-flip latency, a widget
redraw) by writing a module that registers functions and listing that module in
:data:`BENCH_MODULES`; nothing else changes.

Timing rules for every benchmark, because the machine is shared and noisy:
``gc.collect()`` before each timed repeat, ``time.perf_counter``, several repeats,
and medians (with the minimum alongside) rather than means. Competing implementations
are interleaved repeat by repeat so a burst of load from a neighbour hits both.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

BENCH_MODULES: tuple[str, ...] = (
    "bench.suite",
    "bench.bench_engine",
    "bench.bench_store",
    "bench.bench_device",
    "bench.bench_widgets",
)
"""Modules whose import registers benchmarks, in the order they are reported."""

WARMUP_ROUNDS = 1
"""Untimed rounds before the timed repeats: the first run in a process pays for cold
caches and lazily built objects, which is not what a steady-state ratio should show."""


@dataclass(frozen=True)
class BenchConfig:
    """Options every benchmark receives from the command line."""

    repeat: int = 5
    quick: bool = False


class WmkitUnavailable(Exception):
    """wmkit could not be imported or does not offer the API the benchmark needs.

    Raised so the runner can say exactly that for one benchmark and go on with the
    others, instead of one traceback ending the whole run while the engine is unfinished.
    """


@dataclass
class Metric:
    """Timings of one implementation: the raw seconds, plus what they measured.

    ``count`` (events or executions per repeat) turns a time into a rate; ``None`` for
    metrics such as the reopen time that are reported as a duration only.
    """

    label: str
    seconds: list[float]
    count: int | None = None
    count_unit: str = "exec"

    @property
    def median(self) -> float:
        """Median seconds over the repeats."""
        return statistics.median(self.seconds)

    @property
    def min(self) -> float:
        """Fastest repeat, the least disturbed by other load."""
        return min(self.seconds)

    def rate(self, seconds: float) -> float | None:
        """``count`` per second for a given time, or None for duration-only metrics."""
        if self.count is None or seconds <= 0:
            return None
        return self.count / seconds

    def as_dict(self) -> dict[str, Any]:
        """JSON form, with derived medians and rates so readers need not recompute them."""
        return {
            "label": self.label,
            "seconds": self.seconds,
            "median_s": self.median,
            "min_s": self.min,
            "count": self.count,
            "count_unit": self.count_unit,
            "rate_at_median": self.rate(self.median),
            "rate_at_min": self.rate(self.min),
        }


@dataclass
class Goal:
    """A target from the issue: ``value <op> target`` decides PASS or MISS.

    ``stretch`` goals are reported but are not part of the issue's acceptance bar.
    """

    name: str
    value: float | None
    op: str
    target: float
    unit: str = ""
    stretch: bool = False
    void: bool = False

    @property
    def verdict(self) -> str:
        """PASS or MISS; n/a when the measured side is missing (e.g. wmkit unavailable);
        VOID when the benchmark's counts disagreed or it raised, since a time for work that
        was not done (or not done right) proves nothing."""
        if self.void:
            return "VOID"
        if self.value is None:
            return "n/a"
        met = self.value >= self.target if self.op == ">=" else self.value <= self.target
        return "PASS" if met else "MISS"

    def as_dict(self) -> dict[str, Any]:
        """JSON form including the verdict."""
        return {
            "name": self.name,
            "value": self.value,
            "op": self.op,
            "target": self.target,
            "unit": self.unit,
            "stretch": self.stretch,
            "void": self.void,
            "verdict": self.verdict,
        }


@dataclass
class BenchResult:
    """What a benchmark hands back to the runner.

    ``problems`` lists whatever makes the numbers untrustworthy or incomplete: wmkit
    missing, an exception, or execution counts that disagree between implementations.
    ``status`` summarises them for the table. ``notes`` are short derived facts printed
    under the timings (a budget, a file size); ``info`` holds everything for the JSON.
    """

    name: str
    description: str
    metrics: list[Metric] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    status: str = "ok"

    def problem(self, status: str, message: str) -> None:
        """Record a problem; the worst status wins (error > mismatch > unavailable > ok)."""
        self.problems.append(message)
        order = ["ok", "unavailable", "mismatch", "error"]
        if order.index(status) > order.index(self.status):
            self.status = status

    def void_goals_if_untrustworthy(self) -> None:
        """Mark every goal VOID after an error or a count mismatch (see :attr:`Goal.verdict`)."""
        if self.status in ("error", "mismatch"):
            for goal in self.goals:
                goal.void = True

    def as_dict(self) -> dict[str, Any]:
        """JSON form of the whole result."""
        return {
            "name": self.name,
            "description": self.description,
            "status": self.status,
            "problems": self.problems,
            "notes": self.notes,
            "metrics": [metric.as_dict() for metric in self.metrics],
            "goals": [goal.as_dict() for goal in self.goals],
            "info": self.info,
        }


BenchFn = Callable[[BenchConfig], BenchResult]


@dataclass(frozen=True)
class Bench:
    """A registered benchmark: its name, function and a one-line summary for ``--list``."""

    name: str
    fn: BenchFn
    summary: str


REGISTRY: dict[str, Bench] = {}


def register(name: str, summary: str) -> Callable[[BenchFn], BenchFn]:
    """Decorator that adds a benchmark under ``name``; a duplicate name is a programming error."""

    def decorate(fn: BenchFn) -> BenchFn:
        if name in REGISTRY:
            raise ValueError(f"benchmark {name!r} is registered twice")
        REGISTRY[name] = Bench(name, fn, summary)
        return fn

    return decorate


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``fn`` once after a full collection; return (seconds, its return value).

    Collecting first keeps garbage left by the previous repeat (or by the other
    implementation) from being charged to this one.
    """
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """``numerator / denominator``, or None when either side is missing or zero."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator
