"""Device-flip latency: changing the phone costs one pass over the works it affects.

Two flips at 1,000 and 10,000 stored works, each as a ratio to one 15-minute step of
the throughput model at the same size (both with the memory store, to time the engine):

* an *unaffected* flip (``battery_low`` on and off) with every work stored but none
  waiting on the device: its cost must not grow with the number of stored works;
* an *affecting* flip (``network`` none -> wifi) that releases every work, all waiting
  on the network: one pass over those works, so it grows with them, but stays a
  fraction of a step that runs them.
"""

from __future__ import annotations

from datetime import timedelta

from bench.registry import BenchConfig, BenchResult, Metric, register, timed
from bench.suite import load_wmkit, record_wmkit_failure

SIZES = (1_000, 10_000)
QUICK_SIZES = (500, 2_000)


def _constrained(wmkit_module, n: int) -> list:
    from wmkit import Constraints, NetworkType, OneTimeWorkRequest

    constraints = Constraints(required_network_type=NetworkType.CONNECTED)
    worker = wmkit_module.OneTimeBenchWorker
    return [
        OneTimeWorkRequest(worker, constraints=constraints, input_data={"i": i})
        for i in range(n)
    ]


@register("device", "set_device latency at 1k and 10k stored works, vs a 15-min step")
def bench_device(config: BenchConfig) -> BenchResult:
    """Time one unaffected and one affecting device flip per size, and one 15-min step."""
    sizes = QUICK_SIZES if config.quick else SIZES
    result = BenchResult(
        "device",
        "set_device at 1k and 10k stored works (memory store); ratio to one 15-min step",
    )
    try:
        wm = load_wmkit()
        from wmkit import WorkManager
    except Exception as exc:
        record_wmkit_failure(result, exc)
        return result
    try:
        for n in sizes:
            step_s, idle_s, release_s = [], [], []
            for _ in range(config.repeat):
                manager = WorkManager()
                manager.enqueue(wm.build_requests(n // 2, n - n // 2))
                manager.advance(timedelta(minutes=15))
                step_s.append(timed(lambda m=manager: m.advance(timedelta(minutes=15)))[0])
                idle_s.append(
                    timed(
                        lambda m=manager: (
                            m.set_device(battery_low=True),
                            m.set_device(battery_low=False),
                        )
                    )[0]
                    / 2
                )
                waiting = WorkManager()
                waiting.set_device(network="none")
                waiting.enqueue(_constrained(wm, n))
                waiting.advance(timedelta(0))
                release_s.append(timed(lambda m=waiting: m.set_device(network="wifi"))[0])
                started = waiting.advance(timedelta(0)).kinds().count("started")
                if started != n:
                    result.problem("mismatch", f"the flip released {started} of {n} works")
            step = Metric(f"15-min step, {n:,} works", step_s, n, "works")
            idle = Metric(f"unaffected flip, {n:,} stored", idle_s)
            release = Metric(f"flip releasing {n:,} waiting works", release_s, n, "works")
            result.metrics += [step, idle, release]
            result.info[f"unaffected_over_step_{n}"] = idle.median / step.median
            result.info[f"release_over_step_{n}"] = release.median / step.median
            result.notes.append(
                f"{n:,} works: unaffected flip = {idle.median / step.median:.4f}x a step; "
                f"releasing flip = {release.median / step.median:.3f}x a step"
            )
        small, large = sizes
        idle_small = result.info[f"unaffected_over_step_{small}"]
        growth = _median_of(result, "unaffected", large) / _median_of(result, "unaffected", small)
        result.info["unaffected_growth"] = growth
        result.notes.append(
            f"unaffected flip grows {growth:.2f}x from {small:,} to {large:,} stored works "
            "(one pass over affected works only: ~1x)"
        )
        result.info["unaffected_small_over_step"] = idle_small
    except Exception as exc:
        record_wmkit_failure(result, exc)
    return result


def _median_of(result: BenchResult, prefix: str, n: int) -> float:
    for metric in result.metrics:
        if metric.label.startswith(prefix) and f"{n:,}" in metric.label:
            return metric.median
    raise LookupError(prefix)
