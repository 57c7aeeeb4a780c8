"""Writing the timeline model as SVG: lanes, segments, bands, markers, now, legend.

Runs are solid bars coloured by how they ended (a stopped run is marked ✕ with its
stop reason); waits are hatched; the interval before a period is a thin rule and its
flex window an outlined box. Doze and maintenance windows are background bands,
device changes and errors are vertical ticks, and a red line marks now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...units import format_millis
from ..colors import (
    DEVICE_LINE,
    DOZE_BAND,
    ERROR_MARK,
    GRID,
    INK,
    MAINTENANCE_BAND,
    MUTED,
    NOW_LINE,
    SEGMENT_FILL,
    STATE_STROKE,
    state_fill,
    state_stroke,
)
from ..svg import hatch, legend, line, open_svg, rect, text, title
from ..text import shorten, text_width
from .lanes import Band, Lane, Segment, TimelineModel
from .times import label_for_tick, tick_step, ticks

LANE_H = 22.0
BAR_H = 14.0
WAIT_H = 8.0
LABEL_W = 196.0
AXIS_H = 24.0
MARKER_ROW = 20.0
RIGHT_PAD = 16.0
HATCHED = ("initial-delay", "backoff", "blocked", "waiting")


@dataclass(frozen=True)
class Swatch:
    """A legend entry (same fields as the DAG's ``LegendEntry``)."""

    label: str
    fill: str
    stroke: str
    shape: str = "box"
    dashed: bool = False


class TimelineDrawing:
    """One timeline SVG: the geometry shared by all the parts."""

    def __init__(self, model: TimelineModel, width: float) -> None:
        self.m = model
        self.width = max(width, LABEL_W + 200)
        self.x0 = LABEL_W
        self.plot_w = self.width - LABEL_W - RIGHT_PAD
        self.top = AXIS_H + MARKER_ROW
        rows = len(model.lanes) + (1 if model.hidden else 0)
        self.bottom = self.top + max(rows, 1) * LANE_H
        self.kinds: set[str] = set()

    def x(self, millis: int) -> float:
        m = self.m
        return self.x0 + (millis - m.start) / (m.end - m.start) * self.plot_w

    def svg(self) -> str:
        body = [
            self._bands(),
            self._grid(),
            self._lanes(),
            self._markers(),
            self._now(),
            self._summary(),
        ]
        legend_svg, legend_h = legend(self._legend(), 12, self.bottom + 10, self.width - 24)
        height = self.bottom + 10 + legend_h + 8
        defs = "<defs>" + "".join(hatch(f"hatch-{k}", SEGMENT_FILL[k]) for k in HATCHED)
        defs += "</defs>"
        head = open_svg(self.width, height, lanes=str(len(self.m.lanes)), hidden=str(self.m.hidden))
        return head + defs + "".join(body) + legend_svg + "</svg>"

    # ------------------------------------------------------------ background
    def _bands(self) -> str:
        parts = []
        for band in sorted(self.m.bands, key=lambda b: b.kind != "doze"):
            parts.append(self._band(band))
        return "".join(parts)

    def _band(self, band: Band) -> str:
        a, b = max(band.start, self.m.start), min(band.end, self.m.end)
        if b <= a:
            return ""
        self.kinds.add(band.kind)
        fill, opacity = (DOZE_BAND, 0.35) if band.kind == "doze" else (MAINTENANCE_BAND, 0.6)
        x0, x1 = self.x(a), self.x(b)
        tip = f"{band.label} {format_millis(band.start)} → {format_millis(band.end)}"
        parts = [f'<g class="band" data-kind="{band.kind}">', title(tip)]
        parts.append(rect(x0, AXIS_H, x1 - x0, self.bottom - AXIS_H, fill, opacity=opacity))
        label = "Doze" if band.kind == "doze" else "maint."
        if x1 - x0 > text_width(label, 9) + 6:  # at the bottom: the top row has markers
            y = self.bottom - 3 if band.kind == "doze" else self.bottom - 12
            colour = "#5f3dc4" if band.kind == "doze" else "#2b8a3e"
            parts.append(text(x0 + 3, y, label, size=9, fill=colour))
        parts.append("</g>")
        return "".join(parts)

    def _grid(self) -> str:
        m = self.m
        step = tick_step(m.end - m.start, max(int(self.plot_w / 110), 2))
        parts = ['<g class="axis">']
        for t in ticks(m.start, m.end, max(int(self.plot_w / 110), 2)):
            x = self.x(t)
            parts.append(line(x, AXIS_H - 4, x, self.bottom, GRID))
            parts.append(
                text(x, AXIS_H - 8, label_for_tick(t, step), size=10, fill=MUTED, anchor="middle")
            )
        parts.append(line(self.x0, AXIS_H, self.x0 + self.plot_w, AXIS_H, MUTED))
        parts.append(text(8, AXIS_H - 8, "virtual time →", size=10, fill=MUTED))
        parts.append("</g>")
        return "".join(parts)

    # ------------------------------------------------------------------ lanes
    def _lanes(self) -> str:
        parts = []
        for i, lane in enumerate(self.m.lanes):
            y = self.top + i * LANE_H
            parts.append(self._lane(lane, y, i))
        return "".join(parts)

    def _lane(self, lane: Lane, y: float, index: int) -> str:
        parts = [f'<g class="lane" data-work="{lane.work_id}" data-state="{lane.state}">']
        if index % 2:
            parts.append(rect(0, y, self.width, LANE_H, "#f8f9fa", opacity=0.7))
        parts.append(rect(8, y + 6, 10, 10, state_fill(lane.state), state_stroke(lane.state), rx=2))
        label = f"{shorten(lane.title, 18)} {lane.short_id}"
        parts.append(text(24, y + 15, label, size=11, fill=INK))
        if lane.note:
            parts.append(
                f"<g>{title(lane.note)}"
                + text(LABEL_W - 14, y + 15, "⚠", size=11, fill=ERROR_MARK)
                + "</g>"
            )
        for segment in lane.segments:
            parts.append(self._segment(segment, y, lane))
        for mark in lane.marks:
            parts.append(self._mark(mark, y))
        parts.append("</g>")
        return "".join(parts)

    def _segment(self, s: Segment, y: float, lane: Lane) -> str:
        a, b = max(s.start, self.m.start), min(s.end, self.m.end)
        if b < a or (b == a and not s.kind.startswith("run")):
            return ""
        self.kinds.add(s.kind)
        x0 = self.x(a)
        w = max(self.x(b) - x0, 2.0 if s.kind.startswith("run") else 0.5)
        parts = [
            f'<g class="segment" data-kind="{s.kind}" data-start="{s.start}" data-end="{s.end}">'
        ]
        parts.append(self._shape(s, x0, w, y))
        if s.label and w > text_width(s.label, 9) + 8 and s.kind not in ("period", "flex"):
            colour = "#ffffff" if s.kind in ("run-failed", "run-cancelled") else INK
            parts.append(text(x0 + 4, y + LANE_H / 2 + 3.5, s.label, size=9, fill=colour))
        parts.append("</g>")
        return "".join(parts)

    def _shape(self, s: Segment, x0: float, w: float, y: float) -> str:
        mid = y + LANE_H / 2
        opacity = 0.45 if s.future else None
        dash = "3 2" if s.future else None
        kind = s.kind
        if kind.startswith("run"):
            fill = SEGMENT_FILL.get(kind, SEGMENT_FILL["run"])
            stroke = STATE_STROKE["RUNNING"] if kind == "run" else "#495057"
            return rect(x0, mid - BAR_H / 2, w, BAR_H, fill, stroke, width=0.6, rx=2)
        if kind in HATCHED:
            return rect(
                x0,
                mid - WAIT_H / 2,
                w,
                WAIT_H,
                f"url(#hatch-{kind})",
                SEGMENT_FILL[kind],
                width=0.8,
                dash=dash,
                opacity=opacity,
            )
        if kind == "flex":
            return rect(
                x0,
                mid - BAR_H / 2,
                w,
                BAR_H,
                SEGMENT_FILL["flex"],
                "#2b8a3e",
                width=0.8,
                dash="3 2",
                opacity=0.35,
            )
        if kind == "period":
            return rect(
                x0, mid - 1.5, w, 3, SEGMENT_FILL["period"], "#adb5bd", width=0.5, dash=dash
            )
        return rect(
            x0,
            mid - WAIT_H / 2,
            w,
            WAIT_H,
            SEGMENT_FILL.get(kind, "#e7f5ff"),
            "#a5d8ff",
            width=0.6,
            dash=dash,
            opacity=opacity,
        )

    def _mark(self, mark: Any, y: float) -> str:
        if not self.m.start <= mark.millis <= self.m.end:
            return ""
        x = self.x(mark.millis)
        symbol = {"stopped": "✕", "updated": "↻", "dropped": "⊘", "quota": "⌛"}.get(mark.kind, "•")
        self.kinds.add(f"mark-{mark.kind}")
        return (
            f'<g class="mark" data-kind="{mark.kind}">{title(f"{mark.kind}: {mark.label}")}'
            + text(
                x, y + LANE_H / 2 + 4, symbol, size=12, fill="#212529", anchor="middle", bold=True
            )
            + "</g>"
        )

    # ------------------------------------------------------------ foreground
    def _markers(self) -> str:
        parts = []
        last_label_end = -1.0
        for marker in self.m.markers:
            if not self.m.start <= marker.millis <= self.m.end:
                continue
            self.kinds.add(marker.kind)
            x = self.x(marker.millis)
            colour = ERROR_MARK if marker.kind == "error" else DEVICE_LINE
            dash = "2 3" if marker.kind == "device" else "5 3"
            parts.append(f'<g class="marker" data-kind="{marker.kind}">')
            parts.append(title(f"{format_millis(marker.millis)} {marker.kind}: {marker.label}"))
            parts.append(line(x, AXIS_H + 2, x, self.bottom, colour, width=1.0, dash=dash))
            symbol = {"error": "⚠", "restart": "⟲", "rewind": "⏪", "quota": "⌛"}.get(
                marker.kind, "▾"
            )
            label = symbol if marker.kind != "device" else f"▾ {shorten(marker.label, 28)}"
            if x > last_label_end:
                parts.append(text(x + 2, AXIS_H + MARKER_ROW - 5, label, size=9, fill=colour))
                last_label_end = x + text_width(label, 9) + 4
            parts.append("</g>")
        return "".join(parts)

    def _now(self) -> str:
        m = self.m
        if not m.start <= m.now <= m.end:
            return ""
        x = self.x(m.now)
        label = f"now {format_millis(m.now)}"
        anchor = "end" if x + text_width(label, 10) > self.width - 4 else "start"
        return (
            '<g class="now">'
            + line(x, AXIS_H - 2, x, self.bottom, NOW_LINE, width=1.6)
            + text(
                x + (-3 if anchor == "end" else 3),
                self.bottom + 2 - LANE_H / 2 + 14,
                label,
                size=10,
                fill=NOW_LINE,
                anchor=anchor,
                bold=True,
            )
            + "</g>"
        )

    def _summary(self) -> str:
        m = self.m
        if not m.lanes and not m.hidden:
            return text(LABEL_W, self.top + 15, "No work enqueued yet.", size=12, fill=MUTED)
        if not m.hidden:
            return ""
        y = self.top + len(m.lanes) * LANE_H
        states = " · ".join(f"{n} {s}" for s, n in m.hidden_states)
        content = f"+ {m.hidden} more works not drawn (less recently active): {states}"
        return f'<g class="summary">{text(24, y + 15, content, size=11, fill=MUTED)}</g>'

    def _legend(self) -> list[Swatch]:
        kinds = self.kinds
        table = [
            ("run-succeeded", Swatch("run → succeeded", SEGMENT_FILL["run-succeeded"], "#495057")),
            ("run-failed", Swatch("run → failed", SEGMENT_FILL["run-failed"], "#495057")),
            ("run-retry", Swatch("run → retry", SEGMENT_FILL["run-retry"], "#495057")),
            ("run-stopped", Swatch("run stopped ✕", SEGMENT_FILL["run-stopped"], "#495057")),
            ("run-cancelled", Swatch("run cancelled", SEGMENT_FILL["run-cancelled"], "#495057")),
            ("run-killed", Swatch("run killed (restart)", SEGMENT_FILL["run-killed"], "#495057")),
            ("run", Swatch("running", SEGMENT_FILL["run"], STATE_STROKE["RUNNING"])),
            (
                "initial-delay",
                Swatch(
                    "initial delay", "", SEGMENT_FILL["initial-delay"], "hatch:hatch-initial-delay"
                ),
            ),
            ("backoff", Swatch("backoff", "", SEGMENT_FILL["backoff"], "hatch:hatch-backoff")),
            ("period", Swatch("interval", SEGMENT_FILL["period"], "#adb5bd")),
            ("flex", Swatch("flex window", SEGMENT_FILL["flex"], "#2b8a3e", "box", True)),
            ("blocked", Swatch("blocked", "", SEGMENT_FILL["blocked"], "hatch:hatch-blocked")),
            (
                "waiting",
                Swatch(
                    "due, waiting (constraint, Doze, quota, slots)",
                    "",
                    SEGMENT_FILL["waiting"],
                    "hatch:hatch-waiting",
                ),
            ),
            ("pending", Swatch("pending", SEGMENT_FILL["pending"], "#a5d8ff")),
            ("doze", Swatch("Doze", DOZE_BAND, DOZE_BAND, "band")),
            (
                "maintenance",
                Swatch("maintenance window", MAINTENANCE_BAND, MAINTENANCE_BAND, "band"),
            ),
            ("device", Swatch("device change", DEVICE_LINE, DEVICE_LINE, "line", True)),
            ("error", Swatch("error", ERROR_MARK, ERROR_MARK, "line", True)),
            ("restart", Swatch("app restart", DEVICE_LINE, DEVICE_LINE, "line", True)),
            ("rewind", Swatch("rewound here", DEVICE_LINE, DEVICE_LINE, "line", True)),
            ("quota", Swatch("quota", DEVICE_LINE, DEVICE_LINE, "line", True)),
        ]
        entries = [swatch for kind, swatch in table if kind in kinds]
        entries.append(Swatch("now", NOW_LINE, NOW_LINE, "line"))
        return entries
