"""``Studio``: every view of one manager in one dashboard.

Clock controls, scenario picker and rewind bar on top, the error banner under them,
the device panel and the explain panel on the left (the question students ask most
stays in sight), and the views in tabs (DAG, timeline, table, merge inspector, event
log). Each part is a standalone view bound to the same
manager; they stay in step because each listens to the manager itself, so two Studios
on one manager (or a Studio and a lone ``DagView``) always agree.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

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

TAB_TITLES = ("DAG", "Timeline", "Works", "Merge inspector", "Event log")


class Studio(widgets.VBox):
    """The whole dashboard for ``manager``; ``set_manager`` switches it to another."""

    def __init__(self, manager: Any, *, scenarios: bool = True, rewind: bool = True) -> None:
        super().__init__(layout=widgets.Layout(width="100%"))
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
        header: list[widgets.Widget] = [self.clock]
        if self.scenarios is not None:
            header.append(self.scenarios)
        top = widgets.HBox(
            header, layout=widgets.Layout(justify_content="space-between", flex_flow="row wrap")
        )
        side = widgets.VBox(
            [self.device, self.explain],
            layout=widgets.Layout(width="300px", min_width="260px", flex="0 0 auto"),
        )
        body = widgets.HBox([side, self.tabs], layout=widgets.Layout(width="100%"))
        parts: list[widgets.Widget] = [top]
        if self.rewind is not None:
            parts.append(self.rewind)
        parts += [self.banner, body]
        self.children = parts
        self.add_class("wmkit-studio")

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
        for view in self.views:
            view.bind(manager)

    def refresh(self) -> None:
        """Redraw every view now (they redraw by themselves after each step)."""
        for view in self.views:
            view.refresh(force=True)

    def close(self) -> None:
        """Detach every view from the manager and close the widgets."""
        for view in self.views:
            view.close()
        super().close()
