"""Writing the timeline model as SVG: axis, cues and markers, the phone's strip, lanes,
group rows, now, legend.

The drawing is as wide as its panel (``width``) and its text keeps its size (the
theme's), so it reads the same in a narrow column and on a projector. Nothing is
dropped for lack of room: a label that does not fit is shortened with an ellipsis and
its segment, lane, flag or marker carries the full text as a tooltip. Every part is a
:func:`~wmkit.render.document.part`, each lane one of them, with ``data-work-id`` so
that a click on it selects the work.
"""

from __future__ import annotations

from typing import Any

from ..colors import (
    CUE_FLAG,
    DEVICE_LINE,
    DOZE_BAND,
    DOZE_TINT,
    ERROR_MARK,
    GRID,
    INK,
    MAINTENANCE_BAND,
    MAINTENANCE_TINT,
    MUTED,
    NOW_LINE,
    SEGMENT_FILL,
    state_fill,
    state_icon,
    state_stroke,
    state_text,
)
from ..document import LOCAL_ID, SvgDocument, part
from ..svg import hatch, legend, line, open_svg, paper, rect, text, title
from ..text import escape, fit_text, short_instant, text_width
from ..theme import NORMAL, Theme
from .density import density_bars
from .lanes import Band, Lane, LaneGroup, Segment, TimelineModel
from .legend import legend_entries
from .segments import HATCHED, MIN_RUN, mark_svg, segment_svg
from .times import label_for_tick, tick_step, ticks

RIGHT_PAD = 18.0
MIN_LABEL_W = 140.0
MARKER_SYMBOL = {"device": "▾", "error": "⚠", "restart": "⟲", "rewind": "⏪"}


class TimelineDrawing:
    """One timeline SVG: the geometry shared by all the parts."""

    def __init__(self, model: TimelineModel, width: float, theme: Theme = NORMAL) -> None:
        self.m = model
        self.t = theme
        self.width = max(width, MIN_LABEL_W + 240)
        # The names' column takes at most a third of a narrow panel.
        self.label_w = min(theme.label_w, max(MIN_LABEL_W, self.width * 0.32))
        self.x0 = self.label_w
        self.plot_w = self.width - self.label_w - RIGHT_PAD
        self.axis_h = theme.tick_size + 14
        self.flag_top = self.axis_h
        self.strip_top = self.flag_top + theme.flag_row
        shown = [b for b in model.bands if min(b.end, model.end) > max(b.start, model.start)]
        self.strip_h = theme.strip_h if shown else 0.0
        self.top = self.strip_top + self.strip_h + 2
        rows = len(model.rows) + (1 if model.hidden else 0)
        self.bottom = self.top + max(rows, 1) * theme.lane_h
        self.kinds: set[str] = set()

    def x(self, millis: int) -> float:
        m = self.m
        return self.x0 + (millis - m.start) / (m.end - m.start) * self.plot_w

    def _clip(self, start: int, end: int) -> tuple[int, int]:
        return max(start, self.m.start), min(end, self.m.end)

    def document(self) -> SvgDocument:
        parts: list[tuple[str, str]] = []
        parts.append(("bands", part("bands", self._tints())))
        parts.append(("grid", part("grid", self._grid(), ' class="axis"')))
        parts.append(("strip", part("strip", self._strip())))
        for i, row in enumerate(self.m.rows):
            y = self.top + i * self.t.lane_h
            if isinstance(row, LaneGroup):
                parts.append((f"g:{row.key}", self._group(row, y, i)))
            else:
                parts.append((f"l:{row.work_id}", self._lane(row, y, i)))
        parts.append(("summary", part("summary", self._summary())))
        parts.append(("markers", part("markers", self._markers())))
        parts.append(("now", part("now", self._now(), ' class="now"')))
        legend_top = self.bottom + self.t.tick_size + 14
        legend_svg, legend_h = legend(
            legend_entries(self.kinds),
            12,
            legend_top,
            self.width - 24,
            size=self.t.legend_size,
            row=self.t.legend_row,
        )
        height = legend_top + legend_h + 8
        parts.append(("legend", legend_svg))
        defs = "".join(hatch(f"{LOCAL_ID}hatch-{k}", SEGMENT_FILL[k]) for k in HATCHED)
        head = open_svg(
            self.width,
            height,
            css_class="wm-timeline",
            lanes=str(len(self.m.lanes)),
            hidden=str(self.m.hidden),
            theme=self.t.name,
        )
        head += f"<defs>{defs}</defs>"
        return SvgDocument(head, (("paper", paper(self.width, height)), *parts))

    # ------------------------------------------------------------ background
    def _tints(self) -> str:
        parts = []
        for band in sorted(self.m.bands, key=lambda b: b.kind != "doze"):
            a, b = self._clip(band.start, band.end)
            if b > a:
                self.kinds.add(band.kind)
                tint = DOZE_TINT if band.kind == "doze" else MAINTENANCE_TINT
                x0, x1 = self.x(a), self.x(b)
                parts.append(rect(x0, self.top, x1 - x0, self.bottom - self.top, tint))
        return "".join(parts)

    def _strip(self) -> str:
        """The phone's own row: solid, labelled Doze and maintenance stretches."""
        if not self.strip_h:
            return ""
        t = self.t
        parts = [text(8, self.strip_top + t.strip_h - 6, "phone", size=t.label_size, fill=MUTED)]
        for band in sorted(self.m.bands, key=lambda b: b.kind != "doze"):
            parts.append(self._band(band))
        return "".join(parts)

    def _band(self, band: Band) -> str:
        a, b = self._clip(band.start, band.end)
        if b <= a:
            return ""
        t = self.t
        x0, x1 = self.x(a), self.x(b)
        fill = DOZE_BAND if band.kind == "doze" else MAINTENANCE_BAND
        word = "Doze" if band.kind == "doze" else "maintenance window"
        tip = f"{word} {short_instant(band.start)} → {short_instant(band.end)}"
        label = fit_text(word if band.kind == "doze" else "maint.", t.marker_size, x1 - x0 - 6)
        return (
            f'<g class="band" data-kind="{band.kind}">{title(tip)}'
            + rect(x0, self.strip_top, max(x1 - x0, 1.0), t.strip_h - 2, fill)
            + (
                text(
                    x0 + 3,
                    self.strip_top + t.strip_h - 7,
                    label,
                    size=t.marker_size,
                    fill="#ffffff",
                    bold=True,
                )
                if label
                else ""
            )
            + "</g>"
        )

    def _grid(self) -> str:
        m, t = self.m, self.t
        target = max(int(self.plot_w / t.tick_gap), 2)
        step = tick_step(m.end - m.start, target)
        parts = []
        for instant in ticks(m.start, m.end, target):
            x = self.x(instant)
            parts.append(line(x, self.axis_h - 4, x, self.bottom, GRID))
            label = label_for_tick(instant, step)
            parts.append(
                text(x, self.axis_h - 6, label, size=t.tick_size, fill=INK, anchor="middle")
            )
        parts.append(line(self.x0, self.axis_h, self.x0 + self.plot_w, self.axis_h, MUTED))
        parts.append(text(8, self.axis_h - 6, "virtual time →", size=t.tick_size, fill=MUTED))
        return "".join(parts)

    # ------------------------------------------------------------------ lanes
    def _row_background(self, y: float, index: int) -> str:
        fill = "#f1f3f5" if index % 2 else "#ffffff"
        return rect(0, y, self.width, self.t.lane_h, fill, cls="lane-bg")

    def _lane(self, lane: Lane, y: float, index: int) -> str:
        t = self.t
        tip = f"{lane.name} ({lane.work_id}): {state_icon(lane.state)} {lane.state}"
        attrs = (
            f' class="lane" data-work-id="{lane.work_id}" data-work="{lane.work_id}"'
            f' data-state="{lane.state}"'
        )
        parts = [title(tip + " (click to select it in every view)"), self._row_background(y, index)]
        parts.append(self._chip(lane.state, y))
        room = self.label_w - 30 - (t.label_size if lane.note else 0)
        label = fit_text(lane.name, t.label_size, room)
        parts.append(
            text(
                8 + t.label_size + 6,
                y + t.lane_h / 2 + t.label_size * 0.36,
                label,
                size=t.label_size,
                fill=INK,
            )
        )
        if lane.note:
            parts.append(
                f"<g>{title(lane.note)}"
                + text(
                    self.label_w - 12,
                    y + t.lane_h / 2 + 4,
                    "⚠",
                    size=t.label_size,
                    fill=ERROR_MARK,
                    anchor="end",
                )
                + "</g>"
            )
        for segment in lane.segments:
            parts.append(self._segment(segment, y))
        for mark in lane.marks:
            parts.append(self._mark(mark, y))
        return part(f"l:{lane.work_id}", "".join(parts), attrs)

    def _chip(self, state: str, y: float) -> str:
        """The state's colour and icon, before the lane's name."""
        size = self.t.label_size
        icon = max(size * 0.9, self.t.min_text)
        top = y + (self.t.lane_h - size - 4) / 2
        return rect(6, top, size + 4, size + 4, state_fill(state), state_stroke(state), rx=3) + (
            text(
                8 + size / 2,
                top + size * 0.92,
                state_icon(state),
                size=icon,
                fill=state_text(state),
                anchor="middle",
            )
        )

    def _segment(self, s: Segment, y: float) -> str:
        a, b = self._clip(s.start, s.end)
        run = s.kind.startswith("run")
        if b < a or (b == a and not run):
            return ""
        self.kinds.add(s.kind)
        x0 = self.x(a)
        w = self.x(b) - x0
        if run and w < MIN_RUN:  # a run that just began (or is very short) stays visible
            w = MIN_RUN
        return segment_svg(s, x0, w, y + self.t.lane_h / 2, self.t)

    def _mark(self, mark: Any, y: float) -> str:
        if not self.m.start <= mark.millis <= self.m.end:
            return ""
        self.kinds.add(f"mark-{mark.kind}")
        x, mid = self.x(mark.millis), y + self.t.lane_h / 2
        return mark_svg(mark.kind, mark.millis, mark.label, x, mid, self.t)

    def _group(self, group: LaneGroup, y: float, index: int) -> str:
        """A row of density bars: how many of the group's works run (solid) and wait
        (light) at each moment."""
        t = self.t
        counts = " ".join(f"{n} {state_icon(s)}" for s, n in group.counts)
        arrow = "▾" if group.expanded else "▸"
        action = "collapse" if group.expanded else "draw them one by one"
        tip = f"{group.title}: {len(group.members)} works ({counts}); click to {action}"
        attrs = f' class="lane group" data-work-id="{escape(group.work_id)}"'
        parts = [title(tip), self._row_background(y, index)]
        label = fit_text(
            f"{arrow} {group.title} × {len(group.members)}",
            t.label_size,
            self.label_w - 12,
            bold=True,
        )
        parts.append(
            text(
                8,
                y + t.lane_h / 2 + t.label_size * 0.36,
                label,
                size=t.label_size,
                fill=INK,
                bold=True,
            )
        )
        window = (self.m.start, self.m.end)
        base, height = y + t.lane_h - 3, t.lane_h - 6
        parts.append(density_bars(group.busy, window, self.x0, self.plot_w, base, height))
        self.kinds.add("density")
        return part(f"g:{group.key}", "".join(parts), attrs)

    # ------------------------------------------------------------ foreground
    def _markers(self) -> str:
        """Device changes, errors, restarts, rewinds and the story's cues: a line
        across the lanes each, and a label in the row above them that never runs
        into the next one."""
        t = self.t
        items: list[tuple[float, str, str, str, str, str]] = []
        for marker in self.m.markers:
            if self.m.start <= marker.millis <= self.m.end:
                self.kinds.add(marker.kind)
                colour = ERROR_MARK if marker.kind == "error" else DEVICE_LINE
                symbol = MARKER_SYMBOL.get(marker.kind, "▾")
                tip = f"{short_instant(marker.millis)} {marker.kind}: {marker.label}"
                label = marker.label if marker.kind == "device" else marker.kind
                items.append((self.x(marker.millis), symbol, label, colour, tip, marker.kind))
        for flag in self.m.flags:
            if self.m.start <= flag.millis <= self.m.end:
                self.kinds.add("cue")
                tip = f"story, {short_instant(flag.millis)}: {flag.text}"
                label = f"{short_instant(flag.millis)} {flag.text}"
                items.append((self.x(flag.millis), "⚑", label, CUE_FLAG, tip, "cue"))
        items.sort(key=lambda item: item[0])
        parts = []
        right = self.x0 + self.plot_w + RIGHT_PAD
        baseline = self.flag_top + t.flag_row - 5
        taken = 0.0  # where the previous label ends
        for i, (x, symbol, label, colour, tip, kind) in enumerate(items):
            dash = "6 3" if kind == "cue" else "2 3"
            bold = kind == "cue"  # measured bold as drawn: 8 % wider
            # 10 px spare: a browser draws a bold label a few % wider than estimated.
            after = (items[i + 1][0] if i + 1 < len(items) else right) - x - 10
            before = x - taken - 10
            full = f"{symbol} {label}"
            anchor = "start"
            room = after
            if text_width(full, t.marker_size, bold=bold) > after and before > after:
                anchor, room = "end", before  # no room to the right: write it leftwards
            shown = fit_text(full, t.marker_size, room, bold=bold) or symbol
            width = text_width(shown, t.marker_size, bold=bold)
            taken = x + 2 + width if anchor == "start" else x
            parts.append(
                f'<g class="marker" data-kind="{kind}">{title(tip)}'
                + line(
                    x, self.flag_top + 2, x, self.bottom, colour, width=1.2 * t.stroke, dash=dash
                )
                + text(
                    x + (2 if anchor == "start" else -2),
                    baseline,
                    shown,
                    size=t.marker_size,
                    fill=colour,
                    bold=bold,
                    anchor=anchor,
                )
                + "</g>"
            )
        return "".join(parts)

    def _now(self) -> str:
        m, t = self.m, self.t
        label_y = self.bottom + t.tick_size + 4
        if m.now > m.end or m.now < m.start:
            later = m.now > m.end
            label = f"now {short_instant(m.now)} ▸" if later else f"◂ now {short_instant(m.now)}"
            x = self.width - 4 if later else self.x0
            return text(
                x,
                label_y,
                label,
                size=t.tick_size,
                fill=NOW_LINE,
                bold=True,
                anchor="end" if later else "start",
            )
        x = self.x(m.now)
        label = f"now {short_instant(m.now)}"
        anchor = (
            "end" if x + text_width(label, t.tick_size, bold=True) > self.width - 4 else "start"
        )
        # From below the flags' row: a cue's label may cross the instant "now" is at.
        top = self.strip_top
        return line(x, top, x, self.bottom + 4, NOW_LINE, width=2 * t.stroke) + text(
            x + (-3 if anchor == "end" else 3),
            label_y,
            label,
            size=t.tick_size,
            fill=NOW_LINE,
            anchor=anchor,
            bold=True,
        )

    def _summary(self) -> str:
        m, t = self.m, self.t
        if not m.rows and not m.hidden:
            return text(
                self.x0,
                self.top + t.lane_h * 0.65,
                "No work enqueued yet.",
                size=t.label_size,
                fill=MUTED,
            )
        if not m.hidden:
            return ""
        y = self.top + len(m.rows) * t.lane_h
        states = " · ".join(f"{n} {s}" for s, n in m.hidden_states)
        content = f"+ {m.hidden} more works not drawn: {states}"
        return text(
            8,
            y + t.lane_h * 0.65,
            fit_text(content, t.label_size, self.width - 16),
            size=t.label_size,
            fill=MUTED,
        )
