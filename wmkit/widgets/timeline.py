"""``Timeline``: one lane per work across virtual time, redrawn at every step.

The view keeps a :class:`~wmkit.render.timeline.lanes.TimelineBuilder` (so each step reads
only its new events) and a :class:`~wmkit.render.timeline.lanes.WaitingLog` that notes, at each
step, why a due work is not running, so past waiting stretches keep their reason.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..render.timeline.lanes import TimelineBuilder, TimelineModel, WaitingLog
from ..render.timeline.renderer import timeline_model, timeline_svg
from ..units import DAY, HOUR, MINUTE
from . import _snapshot as bus
from ._base import ManagerView, guarded
from ._svg import show_svg, svg_picture

WINDOWS: tuple[tuple[str, int], ...] = (
    ("all", 0),
    ("last day", DAY),
    ("last hour", HOUR),
    ("last 15 min", 15 * MINUTE),
    ("last minute", MINUTE),
)


class Timeline(ManagerView):
    """Runs, waits, Doze and device changes per work; the 50 most active lanes."""

    def __init__(self, manager: Any, *, max_lanes: int = 50, width: int = 760) -> None:
        super().__init__()
        self.max_lanes = max_lanes
        self.width = width
        self.builder = TimelineBuilder()
        self.waiting = WaitingLog()
        self.svg = ""
        self.model: TimelineModel | None = None
        self.window = widgets.ToggleButtons(
            options=list(WINDOWS),
            value=0,
            description="show",
            style={"button_width": "auto"},
        )
        self.window.observe(self._on_window, "value")
        self.picture = svg_picture()
        self.children = [self.window, self.picture, self.errors]
        self.add_class("wmkit-timeline")
        self.bind(manager)

    def _reset(self) -> None:
        self.builder.reset()
        self.waiting = WaitingLog()

    @guarded
    def _on_window(self, _change: Any = None) -> None:
        self.refresh(force=True)

    def _redraw(self, snap: bus.Snapshot) -> None:
        self.waiting.observe(snap.descriptions, snap.now)
        model = timeline_model(
            self.manager,
            last=self.window.value or None,
            max_lanes=self.max_lanes,
            builder=self.builder,
            waiting=self.waiting,
            descriptions=snap.descriptions,
        )
        self.model = model
        self.svg = timeline_svg(model, width=self.width)
        show_svg(self.picture, self.svg, label=f"timeline of {len(snap.descriptions)} works")
