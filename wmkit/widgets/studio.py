"""``Studio``: every view of one manager in one dashboard, to step a story in front of a class.

Clock controls on top (with the story's next cue and the caption of the last click under
the clock), the scenario picker and the rewind bar under them, the error banner, then the
views: the device panel and the explain panel beside the tabs (DAG, timeline, works,
merge inspector, event log), and one filter box that narrows every view. Each part is a
standalone view bound to the same manager; they stay in step because each listens to
the manager itself, so two Studios on one manager (or a Studio and a lone ``DagView``)
always agree.

``Studio(manager, projector=True)`` (or the "📽 projector" toggle) is for a projected
room: every text at least 18 px, the clock larger still, and a layout in which the clock
row, the caption and the start of the drawing fit a 1280×720 screen together (the
explain and device panels move to a narrow column at the right of the drawing). The
drawings switch their own rendering when they offer ``set_projector``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from . import focus
from ._story import scenario_of
from .banner import ErrorBanner
from .clock import ClockControls
from .dag import DagView
from .device import DevicePanel
from .events import EventLog
from .explain import ExplainPanel
from .merge import MergeInspector
from .rewind import RewindBar
from .scenarios import ScenarioPicker
from .table import WorkTable
from .timeline import Timeline

#: Short enough to fit their tabs at 1280x720, projector mode included.
TAB_TITLES = ("DAG", "Timeline", "Works", "Merge", "Event log")

#: Projector mode, scoped to the Studio's own class: every HTML text at least 18 px (the
#: drawings' SVG text is theirs to size), widgets tall enough for it, the clock and the
#: caption larger.
PROJECTOR_CSS = """
.wmkit-studio.wmkit-projector {
  --jp-widgets-font-size: 18px;
  --jp-widgets-inline-height: 40px;
  --jp-widgets-inline-label-width: 130px;
  --jp-widgets-inline-width: 360px;
  --jp-ui-font-size1: 18px;
  --jp-code-font-size: 18px;
  font-size: 18px;
}
.wmkit-studio.wmkit-projector *:not(svg):not(svg *) {
  font-size: 18px !important;
  line-height: 1.35;
}
.wmkit-studio.wmkit-projector .wmkit-clock,
.wmkit-studio.wmkit-projector .wmkit-clock * { font-size: 30px !important; }
.wmkit-studio.wmkit-projector .wmkit-caption-text {
  font-size: 22px !important; font-weight: 600;
}
.wmkit-studio.wmkit-projector .wmkit-story-text,
.wmkit-studio.wmkit-projector .wmkit-story-text * { font-size: 20px !important; }
.wmkit-studio.wmkit-projector .widget-button,
.wmkit-studio.wmkit-projector .widget-toggle-button { height: auto; min-height: 40px; }
.wmkit-studio.wmkit-projector .widget-dropdown select,
.wmkit-studio.wmkit-projector .widget-text input { height: 40px; }
.wmkit-studio.wmkit-projector .widget-checkbox input { width: 22px; height: 22px; }
.wmkit-studio.wmkit-projector .lm-TabBar-tab { min-height: 40px; }
.wmkit-studio.wmkit-projector .wmkit-clock-controls .widget-dropdown { width: auto !important; }
.wmkit-studio.wmkit-projector .wmkit-clock-controls .widget-dropdown select { width: 9em; }
.wmkit-studio.wmkit-projector .wmkit-explain-panel .widget-hbox { flex-wrap: wrap; }
.wmkit-studio.wmkit-projector .wmkit-explain-panel .widget-dropdown { width: 100% !important; }
.wmkit-studio .wmkit-row-name .widget-label-basic,
.wmkit-studio .wmkit-row-name { justify-content: flex-start; text-align: left; }
"""


class Studio(widgets.VBox):
    """The whole dashboard for ``manager``; ``set_manager`` switches it to another."""

    def __init__(
        self,
        manager: Any,
        *,
        scenarios: bool = True,
        rewind: bool = True,
        projector: bool = False,
    ) -> None:
        super().__init__(layout=widgets.Layout(width="100%"))
        self.projector = False
        self.banner = ErrorBanner(manager)  # first, so it hears the others' first draws
        self.clock = ClockControls(manager)
        self.device = DevicePanel(manager)
        self.dag = DagView(manager)
        self.timeline = Timeline(manager)
        self.table = WorkTable(manager)
        self.merge = MergeInspector(manager)
        self.explain = ExplainPanel(manager)
        self.event_log = EventLog(manager)
        self.rewind = RewindBar(manager) if rewind else None
        self.scenarios = ScenarioPicker(self.set_manager) if scenarios else None
        self.tabs = widgets.Tab(
            children=[self.dag, self.timeline, self.table, self.merge, self.event_log],
            layout=widgets.Layout(flex="1 1 auto", min_width="0"),
        )
        self.tabs.titles = TAB_TITLES
        self.filter = widgets.Text(
            value="",
            placeholder="name, tag, state or id",
            description="🔍 filter",
            tooltip="show only the works that match, in every view",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="300px"),
        )
        self.filter.add_class("wmkit-filter")
        self.filter.observe(self._on_filter, "value")
        self.projector_toggle = widgets.ToggleButton(
            value=False,
            description="📽 projector",
            tooltip="large text and a layout for a projected 1280×720 screen",
            layout=widgets.Layout(width="auto"),
        )
        self.projector_toggle.add_class("wmkit-projector-toggle")
        self.projector_toggle.observe(lambda c: self.set_projector(c["new"]), "value")
        self.stylesheet = widgets.HTML(value=f"<style>{PROJECTOR_CSS}</style>")
        self.side = widgets.VBox([], layout=widgets.Layout(flex="0 0 auto"))
        self.body = widgets.HBox([], layout=widgets.Layout(width="100%"))
        self.tools = widgets.HBox(
            [self.filter, self.projector_toggle],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        # The rewind bar and the tools share a row when they fit.
        self.controls = widgets.HBox(
            [self.rewind, self.tools] if self.rewind is not None else [self.tools],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        if self.rewind is not None:
            self.rewind.layout.flex = "1 1 auto"
        self.add_class("wmkit-studio")
        self._show_story(manager)
        self.set_projector(projector)

    # ------------------------------------------------------------------ layout
    def set_projector(self, on: bool = True) -> None:
        """Switch projector mode (large text, a 1280×720 layout) on or off."""
        on = bool(on)
        self.projector = on
        if self.projector_toggle.value != on:
            self.projector_toggle.value = on  # calls back here once, with the same value
            return
        if on:
            self.add_class("wmkit-projector")
        else:
            self.remove_class("wmkit-projector")
        for view in (self.dag, self.timeline):
            switch = getattr(view, "set_projector", None)
            if callable(switch):
                switch(on)
        if self.scenarios is not None:
            self.scenarios.open_summary = not on
            self.scenarios._describe()
        if on:  # the drawing first, the "why" beside it; the device panel under it
            self.side.children = [self.explain, self.device]
            self.side.layout.width = "360px"
            self.side.layout.min_width = "300px"
            self.body.children = [self.tabs, self.side]
        else:
            self.side.children = [self.device, self.explain]
            self.side.layout.width = "300px"
            self.side.layout.min_width = "260px"
            self.body.children = [self.side, self.tabs]
        header: list[widgets.Widget] = [self.clock]
        if self.scenarios is not None:
            header.append(self.scenarios)
        parts: list[widgets.Widget] = [self.stylesheet, *header]
        parts += [self.controls, self.banner, self.body]
        self.children = parts

    def _on_filter(self, change: dict[str, Any]) -> None:
        focus.set_filter(self.manager, change["new"])

    def _show_story(self, manager: Any) -> None:
        """Tell the picker and the timeline which scenario (if any) this manager plays."""
        if self.scenarios is not None:
            self.scenarios.show(manager)
        story = scenario_of(manager)
        set_cues = getattr(self.timeline, "set_cues", None)
        if callable(set_cues):
            cues = []
            if story is not None:
                origin = story.origin(manager)
                cues = [(origin + cue.at_millis, cue.what) for cue in story.cues]
            set_cues(cues)

    @property
    def views(self) -> list[Any]:
        """Every manager-bound view, in drawing order."""
        views = [
            self.clock,
            self.device,
            self.banner,
            self.dag,
            self.timeline,
            self.table,
            self.merge,
            self.explain,
            self.event_log,
        ]
        return views + ([self.rewind] if self.rewind is not None else [])

    @property
    def manager(self) -> Any:
        return self.clock.manager

    def set_manager(self, manager: Any) -> None:
        """Show another manager (a loaded scenario, a reopened store) in every view."""
        self.banner.bind(manager)  # first, so it hears the others' first draws
        for view in self.views:
            if view is not self.banner:
                view.bind(manager)
        if self.filter.value:
            focus.set_filter(manager, self.filter.value)
        self._show_story(manager)

    def refresh(self) -> None:
        """Redraw every view now (they redraw by themselves after each step)."""
        for view in self.views:
            view.refresh(force=True)

    def close(self) -> None:
        """Detach every view from the manager and close the widgets."""
        for view in self.views:
            view.close()
        super().close()
