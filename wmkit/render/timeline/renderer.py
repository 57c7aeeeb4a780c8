"""``timeline_svg``: every work's life across virtual time, one lane per work.

Runs are solid bars coloured by how they ended (a stopped run is marked ✕ with its
stop reason); waits are hatched, coloured by what they wait for, and labelled with
their length; the interval before a period is a thin rule and its flex window an
outlined box. Doze and maintenance windows are a solid strip above the lanes and a
tint across them, device changes and errors are vertical ticks, the story's cues are
flags, and a red line marks now.

The window is the *story* by default (from the first event to the last one and the
cues, see :func:`~wmkit.render.timeline.bands.story_window`), ``"all"`` for everything
scheduled too, or any ``start``/``end``. Up to ``max_lanes`` lanes are drawn (the most
recently active ones). From :data:`GROUP_FROM` works on, works sharing a role tag (or,
without one, a class) share one row of density bars, which a view expands on click.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..dag.group import GROUP_FROM
from ..text import id_text, role_tag
from ..theme import theme_for
from .bands import all_window, global_bands, story_window
from .lanes import Flag, Lane, LaneGroup, TimelineBuilder, TimelineModel, WaitingLog
from .replay import derive_lane
from .svg import TimelineDrawing

FINISHED = frozenset({"SUCCEEDED", "FAILED", "CANCELLED"})
#: How a cue may be given to :func:`timeline_model`: a Flag or ``(millis, text)``.
CueLike = Flag | tuple[int, str]


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


def group_key(d: Any) -> str:
    """The row a work joins among many: its role tag, else its class (``'Fetch'``)."""
    role = role_tag(d.tags, d.worker_class_name)
    return f"#{role}" if role else d.worker_class_name.rsplit(".", 1)[-1]


def as_flags(cues: Iterable[CueLike], now: int) -> tuple[Flag, ...]:
    """Cues as :class:`Flag`\\ s (a cue at or before now counts as played)."""
    flags = []
    for cue in cues:
        if isinstance(cue, Flag):
            flags.append(cue)
        else:
            millis, text = cue
            flags.append(Flag(int(millis), str(text), int(millis) <= now))
    return tuple(sorted(flags, key=lambda f: f.millis))


def timeline_model(
    manager: Any,
    *,
    start: int | None = None,
    end: int | None = None,
    last: int | None = None,
    window: str = "story",
    max_lanes: int = 50,
    builder: TimelineBuilder | None = None,
    waiting: WaitingLog | None = None,
    descriptions: Sequence[Any] | None = None,
    cues: Iterable[CueLike] = (),
    expanded: frozenset[str] = frozenset(),
    group_from: int = GROUP_FROM,
    lane_cache: dict[str, tuple[tuple[Any, ...], Lane]] | None = None,
) -> TimelineModel:
    """The timeline of ``manager`` as plain data.

    ``window`` is ``"story"`` or ``"all"``; ``last`` (ms) shows only the most recent
    stretch; ``start``/``end`` set the window outright. ``cues`` are the scenario's
    ``(millis, text)`` pairs, drawn as flags. ``builder``/``waiting``/``descriptions``
    let a view reuse its state; ``expanded`` names the group rows drawn work by work;
    ``lane_cache`` (a dict the view keeps) reuses the lane of every finished work that
    had no new event, which from a hundred works on is most of them.
    """
    builder = builder or TimelineBuilder()
    builder.update(manager.trace)
    if descriptions is None:
        descriptions = manager.describe_works()
    now = manager.clock.now_millis
    dozing = bool(getattr(manager.device, "doze", False))
    first = builder.first_millis
    bands, markers, _ = global_bands(
        builder.global_events, now, now if first is None else first, dozing
    )
    flags = as_flags(cues, now)

    fresh: dict[str, tuple[tuple[Any, ...], Lane]] = {}

    def lane(d: Any) -> Lane:
        key = id_text(d.id)
        events = builder.per_work.get(key, ())
        state = d.state.name
        done = state in FINISHED
        stamp = (
            len(events),
            id(events[-1]) if events else None,
            state,
            d.next_run_time,
            d.waiting_for,
            None if done else now,
            len(bands),
        )
        hit = None if lane_cache is None else lane_cache.get(key)
        drawn = (
            hit[1]
            if hit is not None and hit[0] == stamp
            else derive_lane(d, events, now, waiting=waiting, bands=bands)
        )
        fresh[key] = (stamp, drawn)
        return drawn

    rows: list[Lane | LaneGroup] = []
    hidden: list[Any] = []
    if len(descriptions) >= group_from:
        rows, hidden = _grouped_rows(descriptions, lane, expanded, max_lanes)
    else:
        shown, hidden = pick_lanes(descriptions, builder.last_activity, max_lanes)
        rows = [lane(d) for d in shown]
    if lane_cache is not None:
        lane_cache.clear()
        lane_cache.update(fresh)
    lanes = [r for r in rows if isinstance(r, Lane)]
    story = story_window(lanes, markers, flags, first, builder.last_millis, now)
    w0, w1 = story if window == "story" else all_window(lanes, markers, flags, first, now)
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
        rows=tuple(rows),
        bands=tuple(bands),
        markers=tuple(markers),
        hidden=len(hidden),
        hidden_states=tuple(sorted(counts.items())),
        flags=flags,
        story=story,
    )


def _grouped_rows(
    descriptions: Sequence[Any], lane: Any, expanded: frozenset[str], max_lanes: int
) -> tuple[list[Lane | LaneGroup], list[Any]]:
    """One row per group of works (density bars), a lone work's own lane, and the
    lanes of expanded groups right under their group's row: at most ``max_lanes``
    lanes in all, the works left out returned as the second item."""
    groups: dict[str, list[Any]] = {}
    for d in descriptions:
        groups.setdefault(group_key(d), []).append(d)
    rows: list[Lane | LaneGroup] = []
    hidden: list[Any] = []
    budget = max_lanes
    for key, members in groups.items():
        lanes = [lane(d) for d in members]
        if len(members) == 1 or key in expanded:
            if len(members) > 1:
                rows.append(_group_row(key, members, lanes, expanded=True))
            rows.extend(lanes[:budget])
            hidden.extend(members[budget:])
            budget = max(budget - len(lanes), 0)
        else:
            rows.append(_group_row(key, members, lanes, expanded=False))
    return rows, hidden


def _group_row(key: str, members: list[Any], lanes: list[Lane], *, expanded: bool) -> LaneGroup:
    busy = tuple(
        ("run" if s.kind.startswith("run") else "wait", s.start, s.end)
        for ln in lanes
        for s in ln.segments
        if not s.future and s.kind.startswith(("run", "waiting", "backoff"))
    )
    counts = Counter(d.state.name for d in members)
    return LaneGroup(
        key=key,
        title=key,
        members=tuple(ln.work_id for ln in lanes),
        counts=tuple(sorted(counts.items())),
        busy=busy,
        expanded=expanded,
    )


def timeline_svg(
    manager_or_model: Any, *, width: float = 960.0, projector: bool = False, **options: Any
) -> str:
    """Draw the timeline of a ``WorkManager`` (or of a ready :class:`TimelineModel`),
    ``width`` px wide; ``projector=True`` draws it for a projected room.

    ``options`` go to :func:`timeline_model` (``window``, ``start``, ``end``,
    ``last``, ``max_lanes``, ``cues``).

    >>> from wmkit import WorkManager
    >>> timeline_svg(WorkManager()).startswith("<svg")
    True
    """
    model = manager_or_model
    if not isinstance(model, TimelineModel):
        model = timeline_model(manager_or_model, **options)
    return TimelineDrawing(model, width, theme_for(projector)).document().text()
