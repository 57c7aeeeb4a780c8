"""``DagView``: the works and their prerequisites, redrawn at every step.

The view owns a :class:`~wmkit.render.DagRenderer`, so its layout is cached by the
graph's structure: a step that only changes states recolours the same picture (and
sends only the nodes that changed), and a large graph that grows keeps its nodes in
place. It reads the trace a step at a time for cascades and for until-when hints of
the badges. A click on a node selects that work in every view of the manager
(:mod:`wmkit.widgets.focus`); a click on a summary node ("270 × Tick") draws its
works one by one.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..render.dag.cascade import CascadeTracker
from ..render.dag.graph import build_dag_model
from ..render.dag.group import class_of
from ..render.dag.model import DagModel
from ..render.dag.renderer import DagRenderer
from ..render.reasons import TraceHints
from ..render.theme import theme_for
from . import _snapshot as bus
from . import focus
from ._base import ManagerView, guarded
from ._follow import FollowsFocus
from .canvas import new_canvas


class DagView(FollowsFocus, ManagerView):
    """The DAG as inline SVG; ``svg`` holds the latest drawing and ``model`` its data."""

    def __init__(
        self, manager: Any, *, renderer: DagRenderer | None = None, projector: bool = False
    ) -> None:
        super().__init__()
        self.renderer = renderer or DagRenderer()
        self.cascades = CascadeTracker()
        self.hints = TraceHints()
        self.expanded: set[str] = set()
        self.projector = projector
        self._nodes: dict[Any, Any] = {}
        self.svg = ""
        self.model: DagModel | None = None
        self.picture = new_canvas()
        self.picture.on_click(self._on_click)
        self.picture.observe(self._on_width, "width")
        self.fit = widgets.ToggleButton(
            value=not projector,
            description="fit width",
            tooltip="shrink a drawing wider than the panel to its width",
            layout=widgets.Layout(width="auto", flex="0 0 auto"),
        )
        self.fit.observe(self._on_fit, "value")
        self.hint = widgets.HTML(value="")
        self.summary = widgets.HTML(value="", layout=widgets.Layout(flex="1 1 auto"))
        #: One "fold" button per class whose summary node was expanded by a click.
        self.folds = widgets.HBox([], layout=widgets.Layout(flex_flow="row wrap"))
        bar = widgets.HBox(
            [self.fit, self.folds, self.summary], layout=widgets.Layout(align_items="center")
        )
        self.children = [bar, self.hint, self.picture, self.errors]
        self.add_class("wmkit-dag")
        self.picture.fit = self.fit.value
        self.bind(manager)

    # ----------------------------------------------------------------- state
    def _reset(self) -> None:
        self.cascades.reset()
        self.hints = TraceHints()
        self.renderer.clear()
        self._nodes.clear()
        self.expanded.clear()
        self.folds.children = []

    # -------------------------------------------------------------- switches
    def set_projector(self, on: bool) -> None:
        """Draw for a projector (larger, thicker, never shrunk to the panel) or not."""
        self.projector = bool(on)
        self.fit.value = not self.projector
        self.refresh(force=True)

    @guarded
    def _on_fit(self, _change: Any = None) -> None:
        self.picture.fit = bool(self.fit.value)

    @guarded
    def _on_width(self, _change: Any = None) -> None:
        self.refresh(force=True)

    # ------------------------------------------------------------ selection
    @guarded
    def _on_click(self, node_id: str) -> None:
        cls = class_of(node_id)
        if cls is not None:
            self._fold(cls, False)
        elif self.manager is not None:
            focus.select(self.manager, node_id)

    @guarded
    def _fold(self, cls: str, fold: bool) -> None:
        """Draw the independent works of ``cls`` as one summary node again (``fold``),
        or one by one."""
        if fold:
            self.expanded.discard(cls)
        else:
            self.expanded.add(cls)
        buttons = []
        for name in sorted(self.expanded):
            button = widgets.Button(
                description=f"⊟ fold {name.rsplit('.', 1)[-1]}",
                tooltip="draw these works as one summary node again",
                layout=widgets.Layout(width="auto"),
            )
            button.add_class("wmkit-fold")
            button.on_click(lambda _b, name=name: self._fold(name, True))
            buttons.append(button)
        self.folds.children = buttons
        self.refresh(force=True)

    def _on_focus(self, current: focus.Focus) -> None:
        """Show the shared selection and the works the last click changed (a work
        drawn inside a summary or a folded group lights its summary up)."""
        model = self.model
        owner: dict[str, str] = {}
        if model is not None:
            for node in model.nodes:
                for member in node.members:
                    owner[member] = node.id
        lit = sorted({owner.get(i, i) for i in current.highlighted})
        if self.picture.highlighted != lit:
            self.picture.highlighted = lit
        chosen = owner.get(current.selected or "", current.selected or "")
        if self.picture.selected != chosen:
            self.picture.selected = chosen

    # ----------------------------------------------------------------- drawing
    def _redraw(self, snap: bus.Snapshot) -> None:
        trace = self.manager.trace
        self.cascades.update(trace)
        self.hints.update(trace)
        model = build_dag_model(
            snap.descriptions,
            self.cascades,
            snap.now,
            cache=self._nodes,
            device=snap.device,
            hints=self.hints,
            expanded=frozenset(self.expanded),
            max_workers=self.manager.max_concurrent_workers,
        )
        theme = theme_for(self.projector)
        width = self.picture.width or None
        document = self.renderer.document(
            model, theme, None if width is None else width - 4, show_note=False
        )  # the layout's note is self.hint
        layout = self.renderer.last_layout
        self.model = model
        self.picture.show(document)
        self.svg = self.picture.document
        self._on_focus(focus.focus_of(self.manager))
        note = html.escape(layout.note)
        hint = f'<span style="color:#495057;font-size:13px">ℹ {note}</span>' if note else ""
        if self.hint.value != hint:
            self.hint.value = hint
        counts: dict[str, int] = {}
        for node in model.nodes:
            for state, n in node.counts or ((node.state, 1),):
                counts[state] = counts.get(state, 0) + n
        total = sum(counts.values())
        text = " · ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no work yet"
        summary = (
            f'<span style="color:#495057;font-size:13px">{total} works: '
            f"{html.escape(text)} · layout: {layout.engine} · click a work to select it</span>"
        )
        if self.summary.value != summary:
            self.summary.value = summary
