"""Where every node, edge and cluster goes: the layout every layouter produces.

:class:`Layout` is what the SVG writer reads, whoever computed it: Graphviz's ``dot``
(:mod:`wmkit.render.dag.dot`), the pure-Python layered layout (:mod:`wmkit.render.dag.layered`)
used when ``dot`` is not installed, or the extension of an old layout by the works
added since (:mod:`wmkit.render.dag.extend`). Coordinates are pixels, origin top-left, y
downwards; a node's box is its centre and size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import DagModel

NODE_SEP = 18.0
RANK_SEP = 40.0
BLOCK_GAP = 28.0
CLUSTER_PAD = 10.0
CLUSTER_LABEL = 16.0
MARGIN = 12.0

Point = tuple[float, float]
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Box:
    """A node's place: centre ``(x, y)`` and size ``(w, h)``."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2


@dataclass(frozen=True)
class EdgePath:
    """A cubic Bézier spline (``3n + 1`` points) and the tip its arrowhead points at."""

    points: tuple[Point, ...]
    tip: Point | None = None


@dataclass
class Layout:
    """Positions for one graph structure; ``engine`` says who computed them."""

    engine: str
    width: float
    height: float
    nodes: dict[str, Box] = field(default_factory=dict)
    edges: dict[tuple[str, str], EdgePath] = field(default_factory=dict)
    clusters: dict[str, Rect] = field(default_factory=dict)
    note: str = ""  # a one-line hint shown above the drawing (e.g. "install graphviz")


def straight_edge(source: Box, target: Box) -> EdgePath:
    """A gentle S-curve from the bottom of ``source`` to the top of ``target``."""
    x0, y0 = source.x, source.bottom
    x1, tip_y = target.x, target.top
    y1 = tip_y - 6.0
    bend = max((y1 - y0) * 0.45, 12.0)
    return EdgePath(((x0, y0), (x0, y0 + bend), (x1, y1 - bend), (x1, y1)), (x1, tip_y))


def cluster_boxes(model: DagModel, nodes: dict[str, Box]) -> dict[str, Rect]:
    """The rectangle around each group's placed nodes, with room for its label."""
    boxes: dict[str, Rect] = {}
    for group in model.groups:
        members = [nodes[i] for i in group.node_ids if i in nodes]
        if not members:
            continue
        boxes[group.name] = (
            min(b.x - b.w / 2 for b in members) - CLUSTER_PAD,
            min(b.top for b in members) - CLUSTER_PAD - CLUSTER_LABEL,
            max(b.x + b.w / 2 for b in members) + CLUSTER_PAD,
            max(b.bottom for b in members) + CLUSTER_PAD,
        )
    return boxes


def finish_layout(model: DagModel, nodes: dict[str, Box], engine: str) -> Layout:
    """Edges and clusters for placed nodes, everything shifted to the margin."""
    clusters = cluster_boxes(model, nodes)
    left = min([b.x - b.w / 2 for b in nodes.values()] + [c[0] for c in clusters.values()] or [0])
    top = min([b.top for b in nodes.values()] + [c[1] for c in clusters.values()] or [0])
    dx, dy = MARGIN - left, MARGIN - top
    nodes = {k: Box(b.x + dx, b.y + dy, b.w, b.h) for k, b in nodes.items()}
    clusters = {k: (c[0] + dx, c[1] + dy, c[2] + dx, c[3] + dy) for k, c in clusters.items()}
    edges = {
        (e.source, e.target): straight_edge(nodes[e.source], nodes[e.target])
        for e in model.edges
        if e.source in nodes and e.target in nodes
    }
    right = max([b.x + b.w / 2 for b in nodes.values()] + [c[2] for c in clusters.values()] or [0])
    bottom = max([b.bottom for b in nodes.values()] + [c[3] for c in clusters.values()] or [0])
    return Layout(engine, right + MARGIN, bottom + MARGIN, nodes, edges, clusters)
