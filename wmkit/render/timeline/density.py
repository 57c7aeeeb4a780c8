"""Many works in one row: bars of how many of them run, and wait, at each moment."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..colors import SEGMENT_FILL
from ..svg import rect

#: Width in px of one bar of the density rows.
BUCKET = 4.0


def density_bars(
    busy: Iterable[tuple[str, int, int]],
    window: tuple[int, int],
    x0: float,
    plot_w: float,
    base: float,
    height: float,
) -> str:
    """Bars ``height`` px tall at most, standing on ``base``: per :data:`BUCKET` px of
    the window, how many stretches of ``busy`` run (solid) and wait (light, on top)."""
    start, end = window
    buckets = max(int(plot_w / BUCKET), 1)
    span = end - start
    runs = [0] * (buckets + 1)
    waits = [0] * (buckets + 1)
    for family, first_at, last_at in busy:
        a, b = max(first_at, start), min(last_at, end)
        if b < a:
            continue
        first = int((a - start) / span * buckets)
        last = max(int((b - start) / span * buckets), first + 1)
        table = runs if family == "run" else waits
        table[first] += 1
        table[min(last, buckets)] -= 1
    level_run = _running_sum(runs)[:buckets]
    level_wait = _running_sum(waits)[:buckets]
    peak = max((r + w for r, w in zip(level_run, level_wait, strict=True)), default=0) or 1
    parts = [
        _bars(
            level_wait,
            lambda i: level_run[i],
            peak,
            height,
            base,
            x0,
            SEGMENT_FILL["waiting"],
            0.45,
        ),
        _bars(
            level_run,
            lambda i: 0,
            peak,
            height,
            base,
            x0,
            SEGMENT_FILL["run-succeeded"],
            None,
        ),
    ]
    return "".join(parts)


def _running_sum(deltas: list[int]) -> list[int]:
    total, out = 0, []
    for delta in deltas:
        total += delta
        out.append(total)
    return out


def _bars(
    levels: list[int],
    below: Callable[[int], int],
    peak: int,
    height: float,
    base: float,
    x0: float,
    fill: str,
    opacity: float | None,
) -> str:
    """Bars of ``levels`` stacked on ``below(i)``, neighbours of one height merged."""
    parts = []
    i = 0
    while i < len(levels):
        j = i
        while j + 1 < len(levels) and levels[j + 1] == levels[i] and below(j + 1) == below(i):
            j += 1
        if levels[i] > 0:
            h = levels[i] / peak * height
            bottom = base - below(i) / peak * height
            parts.append(
                rect(x0 + i * BUCKET, bottom - h, (j - i + 1) * BUCKET, h, fill, opacity=opacity)
            )
        i = j + 1
    return "".join(parts)
