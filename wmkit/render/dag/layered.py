"""The pure-Python layered layout, used when Graphviz's ``dot`` is not installed.

The textbook Sugiyama recipe, kept small: longest-path layers (with networkx), an edge
that skips layers broken into waypoints that take a place in each layer it crosses (so
it runs between the nodes there, never through one), a few barycenter sweeps to reduce
crossings (works of one unique chain kept side by side), nodes pulled under their
parents, and connected parts packed in rows so a hundred independent works do not make
one endless line. Edges leave and enter a node at ports spread along its side, in the
order of where they go, so a fan-in or fan-out reads as separate lines rather than one
knot; the gap between two layers grows with how far its edges travel sideways. Without
networkx either, a plain grid.
"""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

from .layout import (
    BLOCK_GAP,
    CLUSTER_LABEL,
    CLUSTER_PAD,
    MARGIN,
    NODE_SEP,
    RANK_SEP,
    Box,
    EdgePath,
    Layout,
    Point,
    finish_layout,
)
from .model import DagModel

SWEEPS = 4
#: The room an edge takes where it passes through a layer.
WAYPOINT_WIDTH = 12.0
#: Ports on one side of a node sit this far apart, within this share of its width.
PORT_GAP = 14.0
PORT_SPAN = 0.6
#: Layers move apart by this share of the widest sideways step of their edges, up to
#: RANK_SEP_EXTRA: steep curves instead of flat ones that run along the layer.
RANK_SEP_SLOPE = 0.12
RANK_SEP_EXTRA = 40.0
#: Waypoint ids start with a character no work id has.
_WAYPOINT = "\x00"
NO_NETWORKX_HINT = (
    "Neither Graphviz's dot nor networkx is installed, so works are simply laid out in rows; "
    "pip install networkx, or install graphviz, for a layered drawing."
)


def layered_layout(model: DagModel, max_width: float | None = None) -> Layout:
    """Lay the graph out in layers with networkx, without Graphviz.

    >>> from wmkit.render.dag.model import DagEdge, DagNode
    >>> m = DagModel((DagNode("a", "A", "SUCCEEDED"), DagNode("b", "B", "RUNNING")),
    ...              (DagEdge("a", "b"),))
    >>> lay = layered_layout(m)
    >>> lay.nodes["a"].y < lay.nodes["b"].y, lay.engine
    (True, 'networkx')
    """
    import networkx as nx

    order = {n.id: i for i, n in enumerate(model.nodes)}
    graph = nx.DiGraph()
    graph.add_nodes_from(order)
    graph.add_edges_from((e.source, e.target) for e in model.edges)
    routes: dict[tuple[str, str], list[str]] = {}
    blocks = [
        _block(model, graph.subgraph(part), order, routes) for part in _parts(model, graph, order)
    ]
    placed = _pack(blocks, max_width)
    layout = finish_layout(model, {k: b for k, b in placed.items() if k in order}, "networkx")
    _route_edges(layout, placed, routes)
    return layout


def grid_layout(model: DagModel) -> Layout:
    """Nodes in enqueue order, row after row: the last resort when neither Graphviz nor
    networkx is installed (the edges are still drawn; only the tidiness is lost)."""
    columns = max(1, math.ceil(math.sqrt(len(model.nodes) * 1.5)))
    nodes: dict[str, Box] = {}
    y = 0.0
    for start in range(0, len(model.nodes), columns):
        row = model.nodes[start : start + columns]
        height = max(n.size[1] for n in row)
        x = 0.0
        for node in row:
            w, h = node.size
            nodes[node.id] = Box(x + w / 2, y + height / 2, w, h)
            x += w + NODE_SEP * 2
        y += height + RANK_SEP
    return finish_layout(model, nodes, "grid")


def fallback_layout(model: DagModel, max_width: float | None = None) -> Layout:
    """The layered layout, or the grid when networkx is not installed either."""
    try:
        return layered_layout(model, max_width)
    except ImportError:
        layout = grid_layout(model)
        layout.note = NO_NETWORKX_HINT
        return layout


def _parts(model: DagModel, graph: Any, order: dict[str, int]) -> list[list[str]]:
    """Connected parts, where works of one unique name also count as connected, in
    enqueue order (so the drawing reads like the program that built it)."""
    import networkx as nx

    joined = nx.Graph(graph.to_undirected(as_view=True))
    for group in model.groups:
        members = [i for i in group.node_ids if i in order]
        joined.add_edges_from(pairwise(members))
    parts = [sorted(p, key=order.__getitem__) for p in nx.connected_components(joined)]
    return sorted(parts, key=lambda p: order[p[0]])


def _block(
    model: DagModel, sub: Any, order: dict[str, int], routes: dict[tuple[str, str], list[str]]
) -> dict[str, Box]:
    """Lay out one connected part with its top-left corner near (0, 0); its waypoints
    are placed too (``routes`` gets, per edge that skips layers, its waypoints' ids)."""
    import networkx as nx

    layer: dict[str, int] = {}
    for node in nx.topological_sort(sub):
        layer[node] = max((layer[p] + 1 for p in sub.predecessors(node)), default=0)
    graph = nx.DiGraph(sub)
    rank_key = {node: float(order[node]) for node in layer}
    for source, target in sub.edges:
        if layer[target] - layer[source] < 2:
            continue
        hops = [
            f"{_WAYPOINT}{source}{_WAYPOINT}{target}{_WAYPOINT}{r}"
            for r in range(layer[source] + 1, layer[target])
        ]
        graph.remove_edge(source, target)
        nx.add_path(graph, [source, *hops, target])
        for rank, hop in enumerate(hops, start=layer[source] + 1):
            layer[hop] = rank
            rank_key[hop] = order[source] + 0.5
        routes[(source, target)] = hops
    layers: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for node in sorted(layer, key=rank_key.__getitem__):
        layers[layer[node]].append(node)
    groups = {n.id: n.group for n in model.nodes}
    _sweep(layers, graph, groups)
    sizes = {n.id: n.size for n in model.nodes if n.id in layer}
    sizes.update({node: (WAYPOINT_WIDTH, 0.0) for node in layer if node not in sizes})
    return _place(layers, graph, sizes)


def _sweep(layers: list[list[str]], sub: Any, groups: dict[str, str | None]) -> None:
    """Reorder each layer by the mean position of its neighbours, down then up."""
    for _ in range(SWEEPS):
        for rank in range(1, len(layers)):
            _reorder(layers[rank], layers[rank - 1], sub.predecessors, groups)
        for rank in range(len(layers) - 2, -1, -1):
            _reorder(layers[rank], layers[rank + 1], sub.successors, groups)


def _reorder(
    row: list[str], fixed: list[str], neighbours: Any, groups: dict[str, str | None]
) -> None:
    where = {n: i for i, n in enumerate(fixed)}
    bary: dict[str, float] = {}
    for i, node in enumerate(row):
        seen = [where[m] for m in neighbours(node) if m in where]
        bary[node] = sum(seen) / len(seen) if seen else float(i)
    by_group: dict[str | None, list[float]] = {}
    for node in row:
        by_group.setdefault(groups.get(node), []).append(bary[node])
    mean = {g: sum(v) / len(v) for g, v in by_group.items()}

    def key(node: str) -> tuple[float, str, float]:
        group = groups.get(node)
        return (bary[node] if group is None else mean[group], group or "", bary[node])

    row.sort(key=key)


def _place(
    layers: list[list[str]], graph: Any, sizes: dict[str, tuple[float, float]]
) -> dict[str, Box]:
    """Coordinates: layer by layer, each node as close as it can get under its parents,
    each layer below the last by a gap that grows with its edges' sideways travel. A
    waypoint's box is as tall as its layer (the edge runs straight down through it)."""
    xs: dict[str, float] = {}
    boxes: dict[str, Box] = {}
    bottom = 0.0
    for rank, row in enumerate(layers):
        height = max(sizes[n][1] for n in row)
        widths = [sizes[n][0] for n in row]
        if rank == 0:
            desired = _side_by_side(widths)
        else:
            desired = []
            fallback = _side_by_side(widths)
            for i, node in enumerate(row):
                parents = [xs[p] for p in graph.predecessors(node) if p in xs]
                desired.append(sum(parents) / len(parents) if parents else fallback[i])
        row_xs = dict(zip(row, _resolve(desired, widths), strict=True))
        travel = max(
            (abs(x - xs[p]) for n, x in row_xs.items() for p in graph.predecessors(n) if p in xs),
            default=0.0,
        )
        y = bottom + (RANK_SEP + min(travel * RANK_SEP_SLOPE, RANK_SEP_EXTRA)) * (rank > 0)
        y += height / 2
        for node, x in row_xs.items():
            xs[node] = x
            w, h = sizes[node]
            boxes[node] = Box(x, y, w, h if h else height)
        bottom = y + height / 2
    return boxes


def _side_by_side(widths: list[float]) -> list[float]:
    xs, x = [], 0.0
    for w in widths:
        xs.append(x + w / 2)
        x += w + NODE_SEP
    return xs


def _resolve(desired: list[float], widths: list[float]) -> list[float]:
    """Keep the order, push overlapping nodes apart, then shift the row so it sits as
    close to where it wanted to be as the gaps allow."""
    placed: list[float] = []
    for i, x in enumerate(desired):
        if placed:
            x = max(x, placed[-1] + (widths[i - 1] + widths[i]) / 2 + NODE_SEP)
        placed.append(x)
    shift = (sum(desired) - sum(placed)) / len(placed)
    return [x + shift for x in placed]


def _pack(blocks: list[dict[str, Box]], max_width: float | None = None) -> dict[str, Box]:
    """Put the parts in rows (shelf packing) of about the width of a square drawing,
    and no wider than ``max_width`` when a part fits in that."""
    extents = [_extent(b) for b in blocks]
    area = sum((e[2] - e[0] + BLOCK_GAP) * (e[3] - e[1] + BLOCK_GAP) for e in extents)
    widest = max((e[2] - e[0] for e in extents), default=0.0)
    row_width = max(widest, math.sqrt(area) * 1.6, 600.0)
    if max_width is not None:
        row_width = max(widest, min(row_width, max_width - 2 * MARGIN))
    placed: dict[str, Box] = {}
    x = y = row_height = 0.0
    for block, (left, top, right, bottom) in zip(blocks, extents, strict=True):
        width, height = right - left, bottom - top
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + BLOCK_GAP, 0.0
        dx, dy = x - left, y - top
        for key, b in block.items():
            placed[key] = Box(b.x + dx, b.y + dy, b.w, b.h)
        x += width + BLOCK_GAP
        row_height = max(row_height, height)
    return placed


def _extent(block: dict[str, Box]) -> tuple[float, float, float, float]:
    """A block's bounding box, with room above for a cluster label."""
    return (
        min(b.x - b.w / 2 for b in block.values()) - CLUSTER_PAD,
        min(b.top for b in block.values()) - CLUSTER_PAD - CLUSTER_LABEL,
        max(b.x + b.w / 2 for b in block.values()) + CLUSTER_PAD,
        max(b.bottom for b in block.values()) + CLUSTER_PAD,
    )


def _route_edges(
    layout: Layout, placed: dict[str, Box], routes: dict[tuple[str, str], list[str]]
) -> None:
    """Each edge from a port on its source's bottom, down through its waypoints (if it
    skips layers), to a port on its target's top; the ports of one side are spread in
    the order of where their edges go next, so lines that share a node do not cross
    there."""
    if not layout.nodes:
        return
    some = next(iter(layout.nodes))
    dx, dy = layout.nodes[some].x - placed[some].x, layout.nodes[some].y - placed[some].y
    waypoints = {
        edge: [Box(b.x + dx, b.y + dy, b.w, b.h) for b in (placed[h] for h in hops)]
        for edge, hops in routes.items()
    }
    edges = list(layout.edges)
    first_x = {e: (waypoints[e][0].x if e in waypoints else layout.nodes[e[1]].x) for e in edges}
    last_x = {e: (waypoints[e][-1].x if e in waypoints else layout.nodes[e[0]].x) for e in edges}
    out_port = _ports(layout.nodes, edges, 0, first_x)
    in_port = _ports(layout.nodes, edges, 1, last_x)
    for edge in edges:
        source, target = layout.nodes[edge[0]], layout.nodes[edge[1]]
        anchors = [(out_port[edge], source.bottom)]
        for box in waypoints.get(edge, []):
            anchors += [(box.x, box.top), (box.x, box.bottom)]
        anchors.append((in_port[edge], target.top - 6.0))
        layout.edges[edge] = EdgePath(_spline(anchors), (in_port[edge], target.top))
    _fit(layout)


def _ports(
    nodes: dict[str, Box], edges: list[tuple[str, str]], end: int, toward: dict[Any, float]
) -> dict[tuple[str, str], float]:
    """Where each edge meets its node (``end`` 0: the source, 1: the target): spread
    along that side, sorted by the x the edge heads to (``toward``)."""
    sides: dict[str, list[tuple[str, str]]] = {}
    for edge in edges:
        sides.setdefault(edge[end], []).append(edge)
    ports: dict[tuple[str, str], float] = {}
    for node_id, side in sides.items():
        box = nodes[node_id]
        side.sort(key=lambda e: (toward[e], e))
        span = min(PORT_GAP * (len(side) - 1), box.w * PORT_SPAN)
        for i, edge in enumerate(side):
            ports[edge] = box.x - span / 2 + (span * i / (len(side) - 1) if len(side) > 1 else 0)
    return ports


def _spline(anchors: list[Point]) -> tuple[Point, ...]:
    """A cubic spline through ``anchors``: an S-curve across each gap between layers
    (the even steps) and a straight drop through each layer a waypoint crosses."""
    points = [anchors[0]]
    for i, ((x0, y0), (x1, y1)) in enumerate(pairwise(anchors)):
        if i % 2 == 0:
            bend = max((y1 - y0) * 0.45, 12.0)
            points += [(x0, y0 + bend), (x1, y1 - bend), (x1, y1)]
        else:
            points += [(x0, y0 + (y1 - y0) / 3), (x1, y0 + 2 * (y1 - y0) / 3), (x1, y1)]
    return tuple(points)


def _fit(layout: Layout) -> None:
    """Grow the drawing to hold every edge (a waypoint may stand beyond the nodes)."""
    xs = [x for path in layout.edges.values() for x, _ in path.points]
    if not xs:
        return
    shift = max(0.0, MARGIN - min(xs))
    if shift:
        layout.nodes = {k: Box(b.x + shift, b.y, b.w, b.h) for k, b in layout.nodes.items()}
        layout.clusters = {
            k: (c[0] + shift, c[1], c[2] + shift, c[3]) for k, c in layout.clusters.items()
        }
        layout.edges = {
            k: EdgePath(
                tuple((x + shift, y) for x, y in p.points),
                None if p.tip is None else (p.tip[0] + shift, p.tip[1]),
            )
            for k, p in layout.edges.items()
        }
    layout.width = max(layout.width + shift, max(xs) + shift + MARGIN)
