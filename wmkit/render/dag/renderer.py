"""``dag_svg``: draw the DAG, choosing and caching its layout.

Layouts are cached by the graph's structure (:meth:`DagModel.structure_key`): a step
that only changes states, attempts or cascades redraws from the cached layout, which
is a recolouring, not a relayout. Graphviz's ``dot`` lays out new structures where it
is installed; without it (or if it fails) the networkx layered layout does, and the
drawing says so in one line. Above :data:`LARGE_GRAPH` nodes a changed structure does
not trigger a full relayout either: the nodes already placed stay where they are and
only new ones are laid out, below them, so no click waits seconds for ``dot``.
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from typing import Any

from ..document import SvgDocument
from ..theme import Theme, theme_for
from .dot import DotError, columns, components, dot_layout, dot_path, missing_dot_hint
from .extend import extend_layout, shared_fraction
from .graph import dag_model
from .layered import fallback_layout
from .layout import Layout
from .model import DagModel
from .svg import render_dag

#: Above this many nodes a grown graph is extended, not laid out again.
LARGE_GRAPH = 300
#: At least this share of a large graph must already be placed to extend the layout.
EXTEND_MIN_SHARED = 0.5
INCREMENTAL_NOTE = (
    "Large graph: works added since the first drawing are placed below it "
    "instead of laying everything out again."
)


class DagRenderer:
    """Draws DAG models and remembers the layouts it computed, newest last.

    One renderer per view keeps that view's drawing stable; :func:`dag_svg` uses a
    shared one. ``layouts_computed`` counts real layout runs (for tests and benchmarks).
    """

    def __init__(self, cache_size: int = 16, large_graph: int = LARGE_GRAPH) -> None:
        self._cache: OrderedDict[tuple[Any, ...], Layout] = OrderedDict()
        self._cache_size = cache_size
        self._last: Layout | None = None
        self.large_graph = large_graph
        self.layouts_computed = 0
        self._columns: tuple[Any, float | None, int] | None = None

    @property
    def last_layout(self) -> Layout:
        """The layout of the last drawing (an empty one before any)."""
        return self._last or Layout("empty", 520.0, 40.0)

    def clear(self) -> None:
        """Forget every cached layout (the next drawing lays out from scratch)."""
        self._cache.clear()
        self._last = None

    def layout(self, model: DagModel, max_width: float | None = None) -> Layout:
        """The layout for ``model``: cached, extended, or computed now. ``max_width``
        (px) is the width of the panel: independent parts wrap into rows that fit it."""
        use_dot = dot_path() is not None
        structure = model.structure_key()
        key = (use_dot, structure, self._column_count(model, structure, max_width))
        layout = self._cache.get(key)
        if layout is not None:
            self._cache.move_to_end(key)
            self._last = layout
            return layout
        layout = self._compute(model, use_dot, max_width)
        self.layouts_computed += 1
        self._cache[key] = layout
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self._last = layout
        return layout

    def _column_count(self, model: DagModel, structure: Any, max_width: float | None) -> int:
        """How many independent parts fit side by side (remembered per structure)."""
        memo = self._columns
        if memo is not None and memo[0] == structure and memo[1] == max_width:
            return memo[2]
        count = columns(model, components(model), max_width) if model.nodes else 1
        self._columns = (structure, max_width, count)
        return count

    def _compute(self, model: DagModel, use_dot: bool, max_width: float | None) -> Layout:
        last = self._last
        if (
            len(model.nodes) > self.large_graph
            and last is not None
            and shared_fraction(last, model) >= EXTEND_MIN_SHARED
        ):
            layout = extend_layout(last, model)
            layout.note = INCREMENTAL_NOTE
            return layout
        if not model.nodes:
            return Layout("empty", 520.0, 40.0)
        if len(model.nodes) > self.large_graph:
            _preload_networkx()
        if use_dot:
            try:
                return dot_layout(model, max_width=max_width)
            except DotError as error:
                layout = fallback_layout(model, max_width)
                layout.note = layout.note or str(error)
                return layout
        layout = fallback_layout(model, max_width)
        layout.note = layout.note or missing_dot_hint()
        return layout

    def document(
        self,
        model: DagModel,
        theme: Theme | None = None,
        max_width: float | None = None,
        *,
        show_note: bool = True,
    ) -> SvgDocument:
        """The drawing of ``model`` as replaceable parts (``show_note=False``: without
        the layout's note, for a view that shows it itself)."""
        theme = theme or theme_for(False)
        scaled = None if max_width is None else max_width / theme.dag_scale
        layout = self.layout(model, scaled)
        return render_dag(model, layout, theme, scaled, show_note=show_note)

    def svg(self, model: DagModel, *, projector: bool = False) -> str:
        """The SVG document for ``model`` (larger, with thicker strokes, for a projector)."""
        return self.document(model, theme_for(projector)).text()


def _preload_networkx() -> None:
    """Import networkx now, while a large graph is laid out anyway: its growth will be
    laid out by the pure-Python layout, and the first import (about half a second)
    should not land on a later click."""
    with contextlib.suppress(ImportError):
        import networkx  # noqa: F401


_shared = DagRenderer()


def dag_svg(
    manager_or_model: Any, *, renderer: DagRenderer | None = None, projector: bool = False
) -> str:
    """Draw the DAG of a ``WorkManager`` (or of a ready :class:`DagModel`) as SVG text;
    ``projector=True`` draws it for a projected room (see :mod:`wmkit.render.theme`).

    Never raises for a missing Graphviz: the drawing then says how to install it (or,
    in a browser, that the pure-Python layout is all there is).

    >>> from wmkit.render.dag.model import DagEdge, DagNode
    >>> svg = dag_svg(DagModel((DagNode("a", "A", "SUCCEEDED"), DagNode("b", "B", "RUNNING")),
    ...                        (DagEdge("a", "b"),)))
    >>> svg.startswith("<svg") and "#f08c00" in svg
    True
    """
    model = manager_or_model if isinstance(manager_or_model, DagModel) else None
    if model is None:
        model = dag_model(manager_or_model)
    return (renderer or _shared).svg(model, projector=projector)
