"""The pure-Python layered layout, used when Graphviz's ``dot`` is not installed.

The textbook Sugiyama recipe, kept small: longest-path layers (with networkx), a few
barycenter sweeps to reduce crossings (works of one unique chain kept side by side),
nodes pulled under their parents, and connected parts packed in rows so a hundred
independent works do not make one endless line. Without networkx either, a plain grid.
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
    Layout,
    finish_layout,
)
from .model import DagModel

SWEEPS = 4
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
    blocks = [_block(model, graph.subgraph(part), order) for part in _parts(model, graph, order)]
    nodes = _pack(blocks, max_width)
    return finish_layout(model, nodes, "networkx")


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


def _block(model: DagModel, sub: Any, order: dict[str, int]) -> dict[str, Box]:
    """Lay out one connected part with its top-left corner near (0, 0)."""
    import networkx as nx

    layer: dict[str, int] = {}
    for node in nx.topological_sort(sub):
        layer[node] = max((layer[p] + 1 for p in sub.predecessors(node)), default=0)
    layers: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for node in sorted(layer, key=order.__getitem__):
        layers[layer[node]].append(node)
    groups = {n.id: n.group for n in model.nodes}
    _sweep(layers, sub, groups)
    return _place(layers, sub, {n.id: n.size for n in model.nodes if n.id in layer})


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
    layers: list[list[str]], sub: Any, sizes: dict[str, tuple[float, float]]
) -> dict[str, Box]:
    """Coordinates: layer by layer, each node as close as it can get under its parents."""
    xs: dict[str, float] = {}
    boxes: dict[str, Box] = {}
    y = 0.0
    for rank, row in enumerate(layers):
        height = max(sizes[n][1] for n in row)
        y += height / 2
        widths = [sizes[n][0] for n in row]
        if rank == 0:
            desired = _side_by_side(widths)
        else:
            desired = []
            fallback = _side_by_side(widths)
            for i, node in enumerate(row):
                parents = [xs[p] for p in sub.predecessors(node) if p in xs]
                desired.append(sum(parents) / len(parents) if parents else fallback[i])
        for node, x in zip(row, _resolve(desired, widths), strict=True):
            xs[node] = x
            boxes[node] = Box(x, y, *sizes[node])
        y += height / 2 + RANK_SEP
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
