"""One stretch of a timeline lane as SVG: its shape, its words and its tooltip.

Runs are solid bars coloured by how they ended; waits are hatched (with the drawing's
own patterns, ``LOCAL_ID``) and labelled with their length; the interval before a
period is a thin rule and its flex window an outlined box. A label that does not fit
is dropped to the length alone, then to nothing: the tooltip always has all of it.
"""

from __future__ import annotations

from ...units import LONG_MAX, format_duration
from ..colors import INK, SEGMENT_FILL, SEGMENT_TEXT, STATE_STROKE
from ..document import LOCAL_ID
from ..svg import num, rect, text, title
from ..text import escape, short_instant, text_width
from ..theme import Theme
from .lanes import Segment

HATCHED = (
    "initial-delay",
    "backoff",
    "blocked",
    "waiting",
    "waiting-constraint",
    "waiting-doze",
    "waiting-quota",
)
MIN_RUN = 4.0
HALO = ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
MARK_SYMBOL = {"stopped": "✕", "killed": "⟲", "updated": "↻", "dropped": "⊘"}
RUN_PREFIX = {
    "run-succeeded": "✓",
    "run-failed": "✗",
    "run-retry": "↻",
    "run-cancelled": "⊘",
    "run": "▶",
}
KIND_WORDS = {
    "run": "running",
    "run-succeeded": "run → succeeded",
    "run-failed": "run → failed",
    "run-retry": "run → retry",
    "run-stopped": "run stopped",
    "run-cancelled": "run cancelled",
    "run-killed": "run killed by a restart",
    "initial-delay": "initial delay",
    "backoff": "backoff",
    "period": "interval",
    "flex": "flex window",
    "blocked": "blocked",
    "pending": "pending",
    "waiting": "due, waiting",
    "waiting-constraint": "due, waiting for a constraint",
    "waiting-doze": "due, waiting for Doze to let it run",
    "waiting-quota": "due, waiting for quota",
}


def segment_svg(s: Segment, x0: float, w: float, mid: float, theme: Theme) -> str:
    """The whole segment: ``x0``/``w`` where it is drawn, ``mid`` its lane's middle."""
    words = KIND_WORDS.get(s.kind, s.kind)
    until = "never" if s.end >= LONG_MAX else short_instant(s.end)
    tip = f"{words}: {s.label}\n{short_instant(s.start)} → {until}"
    if s.end < LONG_MAX:
        tip += f" ({format_duration(s.end - s.start)})"
    if s.future:
        tip += ", scheduled"
    return (
        f'<g class="segment" data-kind="{s.kind}" data-start="{s.start}" '
        f'data-end="{s.end}">{title(tip)}'
        + segment_shape(s, x0, w, mid, theme)
        + segment_label(s, x0, w, mid, theme)
        + "</g>"
    )


def segment_label(s: Segment, x0: float, w: float, mid: float, theme: Theme) -> str:
    """The segment's words and length if they fit; else its length alone; else
    nothing (the tooltip always has all of it)."""
    if s.kind in ("flex", "pending") or w < 12:
        return ""
    size = theme.segment_size
    span = s.end - s.start
    duration = format_duration(span) if span < LONG_MAX // 2 else ""
    if s.kind.startswith("run"):
        prefix = RUN_PREFIX.get(s.kind)
        choices = [f"{prefix} {duration}", duration] if prefix else [s.label, duration]
    elif s.kind.startswith("waiting"):
        choices = [f"{duration} · {s.label}", duration]
    else:
        choices = [f"{s.label} {duration}", duration]
    shown = next((c for c in choices if c and text_width(c, size) <= w - 6), "")
    if not shown and s.kind.startswith("waiting") and text_width(duration, size) <= w - 6:
        shown = duration
    if not shown:
        return ""
    if s.kind.startswith("run"):
        colour = SEGMENT_TEXT.get(s.kind, INK)
        return text(x0 + 3, mid + size * 0.36, shown, size=size, fill=colour)
    return (
        f'<text x="{num(x0 + 3)}" y="{num(mid + size * 0.36)}" font-size="{num(size)}" '
        f'fill="{INK}"{HALO}>{escape(shown)}</text>'
    )


def segment_shape(s: Segment, x0: float, w: float, mid: float, t: Theme) -> str:
    """A run's solid bar (with an arrowhead while it runs), a wait's hatched one, the
    interval's rule, the flex window's outline."""
    opacity = 0.5 if s.future else None
    dash = "4 2" if s.future else None
    kind = s.kind
    stroke = t.stroke
    if kind.startswith("run"):
        fill = SEGMENT_FILL.get(kind, SEGMENT_FILL["run"])
        edge = STATE_STROKE["RUNNING"] if kind == "run" else "#343a40"
        bar = rect(x0, mid - t.bar_h / 2, w, t.bar_h, fill, edge, width=0.8 * stroke, rx=2)
        if kind == "run":  # still running: an arrowhead says it goes on
            tip = x0 + w
            bar += (
                f'<polygon points="{num(tip)},{num(mid - t.bar_h / 2)} '
                f'{num(tip + t.bar_h / 2)},{num(mid)} {num(tip)},{num(mid + t.bar_h / 2)}" '
                f'fill="{fill}" stroke="{edge}" stroke-width="{num(0.8 * stroke)}"/>'
            )
        return bar
    if kind in HATCHED:
        return rect(
            x0,
            mid - t.wait_h / 2,
            w,
            t.wait_h,
            f"url(#{LOCAL_ID}hatch-{kind})",
            SEGMENT_FILL[kind],
            width=1.2 * stroke,
            dash=dash,
            opacity=opacity,
        )
    if kind == "flex":
        return rect(
            x0,
            mid - t.bar_h / 2,
            w,
            t.bar_h,
            SEGMENT_FILL["flex"],
            "#2b8a3e",
            width=stroke,
            dash="3 2",
            opacity=0.35,
        )
    if kind == "period":
        return rect(
            x0,
            mid - 2 * stroke,
            w,
            4 * stroke,
            SEGMENT_FILL["period"],
            "#868e96",
            width=0.5,
            dash=dash,
        )
    return rect(
        x0,
        mid - t.wait_h / 2,
        w,
        t.wait_h,
        SEGMENT_FILL.get(kind, "#a5d8ff"),
        "#4dabf7",
        width=0.8 * stroke,
        dash=dash,
        opacity=opacity,
    )


def mark_svg(kind: str, millis: int, label: str, x: float, mid: float, theme: Theme) -> str:
    """A point on a lane: ✕ a stop, ⟲ a kill, ↻ an update, ⊘ a drop."""
    size = theme.segment_size + 2
    symbol = MARK_SYMBOL.get(kind, "•")
    tip = f"{short_instant(millis)} {kind}: {label}"
    return (
        f'<g class="mark" data-kind="{kind}">{title(tip)}'
        f'<text x="{num(x)}" y="{num(mid + size * 0.36)}" font-size="{num(size)}" '
        f'fill="{INK}" text-anchor="middle" font-weight="bold"{HALO}>{symbol}</text></g>'
    )
