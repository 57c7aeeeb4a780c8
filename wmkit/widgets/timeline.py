"""``Timeline``: one lane per work across virtual time, redrawn at every step.

The view keeps a :class:`~wmkit.render.timeline.lanes.TimelineBuilder` (so each step reads
only its new events) and a :class:`~wmkit.render.timeline.lanes.WaitingLog` that notes, at each
step, why a due work is not running, so past waiting stretches keep their reason. It
is drawn as wide as its panel (the canvas reports the width), shows the story by
default ("story"), everything scheduled ("fit all"), or a zoom (+ / −); the scenario's
cues are flags on it (:meth:`Timeline.set_cues`). A click on a lane selects its work in
every view; a click on a group row ("#sync × 60") draws its works one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ipywidgets as widgets

from ..render.theme import theme_for
from ..render.timeline.bands import zoomed
from ..render.timeline.lanes import GROUP_PREFIX, TimelineBuilder, TimelineModel, WaitingLog
from ..render.timeline.renderer import CueLike, timeline_model
from ..render.timeline.svg import TimelineDrawing
from . import _snapshot as bus
from . import focus
from ._base import ManagerView, guarded
from ._follow import FollowsFocus
from .canvas import new_canvas

#: Zoom factor of the + and − buttons.
ZOOM = 2.0


class Timeline(FollowsFocus, ManagerView):
    """Runs, waits, Doze, device changes and the story's cues per work."""

    def __init__(
        self, manager: Any, *, max_lanes: int = 50, width: int = 760, projector: bool = False
    ) -> None:
        super().__init__()
        self.max_lanes = max_lanes
        self.width = width
        self.projector = projector
        self.builder = TimelineBuilder()
        self.waiting = WaitingLog()
        self.cues: tuple[CueLike, ...] = ()
        self.expanded: set[str] = set()
        self._lanes: dict[str, Any] = {}
        #: "story", "all", or the (start, end) a zoom chose.
        self.window: str | tuple[int, int] = "story"
        self.svg = ""
        self.model: TimelineModel | None = None
        self.story_button = self._button("story", "zoom to the scenario's story", "story")
        self.all_button = self._button("fit all", "everything, scheduled work too", "all")
        self.zoom_in = self._button("+", "zoom in", ZOOM)
        self.zoom_out = self._button("−", "zoom out", 1 / ZOOM)
        self.zoom_in.description, self.zoom_out.description = "+", "−"
        self.picture = new_canvas()
        self.picture.on_click(self._on_click)
        self.picture.observe(self._on_width, "width")
        bar = widgets.HBox(
            [self.story_button, self.all_button, self.zoom_out, self.zoom_in],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        self.children = [bar, self.picture, self.errors]
        self.add_class("wmkit-timeline")
        self.bind(manager)

    def _button(self, label: str, tooltip: str, action: Any) -> widgets.Button:
        button = widgets.Button(description=label, tooltip=tooltip, layout={"width": "auto"})
        button.on_click(lambda _b: self._zoom(action))
        return button

    # ----------------------------------------------------------------- state
    def _reset(self) -> None:
        self.builder.reset()
        self.waiting = WaitingLog()
        self._lanes.clear()
        self.expanded.clear()
        self.window = "story"

    # -------------------------------------------------------------- switches
    def set_projector(self, on: bool) -> None:
        """Draw for a projector: 36 px lanes, text of 14 px and more, thicker strokes."""
        self.projector = bool(on)
        self.refresh(force=True)

    def set_cues(self, cues: Iterable[CueLike]) -> None:
        """The story's cues as ``(millis, text)`` pairs (absolute virtual instants),
        drawn as flags; the story window stretches to show them."""
        self.cues = tuple(cues)
        self.refresh(force=True)

    @guarded
    def _zoom(self, action: Any) -> None:
        model = self.model
        if isinstance(action, str):
            self.window = action
        elif model is not None:
            self.window = zoomed((model.start, model.end), 1 / action, model.now)
        self.refresh(force=True)

    @guarded
    def _on_width(self, _change: Any = None) -> None:
        self.refresh(force=True)

    # ------------------------------------------------------------ selection
    @guarded
    def _on_click(self, work_id: str) -> None:
        if work_id.startswith(GROUP_PREFIX):
            self.expanded.symmetric_difference_update({work_id[len(GROUP_PREFIX) :]})
            self.refresh(force=True)
        elif self.manager is not None:
            focus.select(self.manager, work_id)

    def _on_focus(self, current: focus.Focus) -> None:
        """Show the shared selection and the works the last click changed (a work
        drawn inside a summary or a folded group lights its summary up)."""
        owner: dict[str, str] = {}
        if self.model is not None:
            for group in self.model.groups:
                if not group.expanded:
                    owner.update((m, group.work_id) for m in group.members)
        lit = sorted({owner.get(i, i) for i in current.highlighted})
        if self.picture.highlighted != lit:
            self.picture.highlighted = lit
        chosen = owner.get(current.selected or "", current.selected or "")
        if self.picture.selected != chosen:
            self.picture.selected = chosen

    # ----------------------------------------------------------------- drawing
    def _redraw(self, snap: bus.Snapshot) -> None:
        self.waiting.observe(snap.descriptions, snap.now)
        window = self.window
        bounds = window if isinstance(window, tuple) else (None, None)
        model = timeline_model(
            self.manager,
            window=window if isinstance(window, str) else "story",
            start=bounds[0],
            end=bounds[1],
            max_lanes=self.max_lanes,
            builder=self.builder,
            waiting=self.waiting,
            descriptions=snap.descriptions,
            cues=self.cues,
            expanded=frozenset(self.expanded),
            lane_cache=self._lanes,
        )
        self.model = model
        width = self.picture.width or self.width
        drawing = TimelineDrawing(model, width - 4, theme_for(self.projector))
        self.picture.show(drawing.document())
        self.svg = self.picture.document
        self.story_button.button_style = "info" if window == "story" else ""
        self.all_button.button_style = "info" if window == "all" else ""
        self._on_focus(focus.focus_of(self.manager))
