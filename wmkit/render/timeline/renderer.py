"""``timeline_svg``: every work's life across virtual time, one lane per work.

Runs are solid bars coloured by how they ended (a stopped run is marked ✕ with its
stop reason); waits are hatched (initial delay, backoff, blocked, waiting for a
constraint/Doze/quota); the interval before a period is a thin rule and its flex
window an outlined box. Doze and maintenance windows are background bands, device
changes and errors are vertical ticks, and a red line marks now. Up to ``max_lanes``
lanes are drawn (the most recently active ones); the rest are summarised in one row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..text import id_text
from .bands import choose_window, global_bands
from .lanes import TimelineBuilder, TimelineModel, WaitingLog
from .replay import derive_lane
from .svg import TimelineDrawing


def pick_lanes(
    descriptions: Sequence[Any], activity: dict[str, int], max_lanes: int
) -> tuple[list[Any], list[Any]]:
    """The works to draw (the ``max_lanes`` most recently active, in enqueue order)
    and the ones left out."""
    if len(descriptions) <= max_lanes:
        return list(descriptions), []
    ranked = sorted(
        range(len(descriptions)),
        key=lambda i: (
            activity.get(id_text(descriptions[i].id), descriptions[i].last_enqueue_time),
            i,
        ),
    )
    keep = set(ranked[-max_lanes:])
    shown = [d for i, d in enumerate(descriptions) if i in keep]
    hidden = [d for i, d in enumerate(descriptions) if i not in keep]
    return shown, hidden


def timeline_model(
    manager: Any,
    *,
    start: int | None = None,
    end: int | None = None,
    last: int | None = None,
    max_lanes: int = 50,
    builder: TimelineBuilder | None = None,
    waiting: WaitingLog | None = None,
    descriptions: Sequence[Any] | None = None,
) -> TimelineModel:
    """The timeline of ``manager`` as plain data. ``last`` (ms) shows only the most
    recent stretch; ``builder``/``waiting``/``descriptions`` let a view reuse its state."""
    builder = builder or TimelineBuilder()
    builder.update(manager.trace)
    if descriptions is None:
        descriptions = manager.describe_works()
    now = manager.clock.now_millis
    dozing = bool(getattr(manager.device, "doze", False))
    first = builder.first_millis
    bands, markers, restarts = global_bands(
        builder.global_events, now, now if first is None else first, dozing
    )
    shown, hidden = pick_lanes(descriptions, builder.last_activity, max_lanes)
    lanes = tuple(
        derive_lane(d, builder.per_work.get(id_text(d.id), ()), now, restarts, waiting=waiting)
        for d in shown
    )
    w0, w1 = choose_window(lanes, first, now, markers)
    if last is not None:
        w0 = now - last
        w1 = max(now + max(last // 30, 1), min(w1, now + last // 4))
    w0 = w0 if start is None else start
    w1 = w1 if end is None else end
    counts = Counter(d.state.name for d in hidden)
    return TimelineModel(
        start=w0,
        end=max(w1, w0 + 1),
        now=now,
        lanes=lanes,
        bands=tuple(bands),
        markers=tuple(markers),
        hidden=len(hidden),
        hidden_states=tuple(sorted(counts.items())),
    )


def timeline_svg(manager_or_model: Any, *, width: float = 960.0, **options: Any) -> str:
    """Draw the timeline of a ``WorkManager`` (or of a ready :class:`TimelineModel`).

    ``options`` go to :func:`timeline_model` (``start``, ``end``, ``last``,
    ``max_lanes``).

    >>> from wmkit import WorkManager
    >>> timeline_svg(WorkManager()).startswith("<svg")
    True
    """
    model = manager_or_model
    if not isinstance(model, TimelineModel):
        model = timeline_model(manager_or_model, **options)
    return TimelineDrawing(model, width).svg()
