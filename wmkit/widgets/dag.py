"""``DagView``: the works and their prerequisites, redrawn at every step.

The view owns a :class:`~wmkit.render.DagRenderer`, so its layout is cached by the
graph's structure: a step that only changes states recolours the same picture, and a
large graph that grows keeps its nodes in place. It also owns a cascade tracker that
reads only the new events of each step.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..render.dag.cascade import CascadeTracker
from ..render.dag.graph import build_dag_model
from ..render.dag.model import DagModel
from ..render.dag.renderer import DagRenderer
from ..render.dag.svg import render_dag
from . import _snapshot as bus
from ._base import ManagerView, guarded
from ._svg import show_svg, svg_picture


class DagView(ManagerView):
    """The DAG as SVG; ``svg`` holds the latest drawing and ``model`` its plain data."""

    def __init__(self, manager: Any, *, renderer: DagRenderer | None = None) -> None:
        super().__init__()
        self.renderer = renderer or DagRenderer()
        self.cascades = CascadeTracker()
        self._nodes: dict[Any, Any] = {}
        self.svg = ""
        self.model: DagModel | None = None
        self.picture = svg_picture()
        self.fit = widgets.ToggleButton(
            value=True,
            description="fit width",
            tooltip="shrink the drawing to the panel",
            layout=widgets.Layout(width="auto"),
        )
        self.fit.observe(self._on_fit, "value")
        self.hint = widgets.HTML(value="")
        self.summary = widgets.HTML(value="")
        bar = widgets.HBox([self.fit, self.summary], layout=widgets.Layout(align_items="center"))
        self.children = [bar, self.hint, self.picture, self.errors]
        self.add_class("wmkit-dag")
        self.bind(manager)

    def _reset(self) -> None:
        self.cascades.reset()
        self.renderer.clear()
        self._nodes.clear()

    @guarded
    def _on_fit(self, _change: Any = None) -> None:
        self.refresh(force=True)

    def _redraw(self, snap: bus.Snapshot) -> None:
        self.cascades.update(self.manager.trace)
        model = build_dag_model(snap.descriptions, self.cascades, snap.now, cache=self._nodes)
        layout = self.renderer.layout(model)
        self.model = model
        self.svg = render_dag(model, layout, show_note=False)  # the note is self.hint
        show_svg(
            self.picture, self.svg, fit=self.fit.value, label=f"DAG of {len(model.nodes)} works"
        )
        note = html.escape(layout.note)
        hint = f'<span style="color:#6c757d;font-size:12px">ℹ {note}</span>' if note else ""
        if self.hint.value != hint:
            self.hint.value = hint
        counts: dict[str, int] = {}
        for node in model.nodes:
            counts[node.state] = counts.get(node.state, 0) + 1
        text = " · ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no work yet"
        self.summary.value = (
            f'<span style="color:#6c757d;font-size:12px">{len(model.nodes)} works: '
            f"{html.escape(text)} · layout: {layout.engine}</span>"
        )
