"""Growing a large graph's layout without laying everything out again.

Above the large-graph size a full ``dot`` run could take seconds; when works are
added, the nodes already placed keep their places and only the new ones are laid out
(with :func:`wmkit.render.dag.layered.fallback_layout`), below the old drawing.
"""

from __future__ import annotations

from .layered import fallback_layout
from .layout import BLOCK_GAP, MARGIN, Box, EdgePath, Layout, cluster_boxes, straight_edge
from .model import DagModel


def extend_layout(old: Layout, model: DagModel) -> Layout:
    """Keep every node ``old`` already placed where it is, and lay out only the new ones
    below it: how a large graph grows without a full relayout (which could take seconds).
    Edges between kept nodes keep their splines; clusters are recomputed."""
    kept = {n.id: old.nodes[n.id] for n in model.nodes if n.id in old.nodes}
    fresh = tuple(n for n in model.nodes if n.id not in old.nodes)
    nodes = dict(kept)
    if fresh:
        ids = {n.id for n in fresh}
        sub = DagModel(
            fresh,
            tuple(e for e in model.edges if e.source in ids and e.target in ids),
            tuple(g for g in model.groups if any(i in ids for i in g.node_ids)),
        )
        part = fallback_layout(sub)
        top = max((b.bottom for b in kept.values()), default=0.0) + BLOCK_GAP
        for key, b in part.nodes.items():
            nodes[key] = Box(b.x, b.y + top, b.w, b.h)
    edges: dict[tuple[str, str], EdgePath] = {}
    for e in model.edges:
        pair = (e.source, e.target)
        if pair in old.edges and e.source in kept and e.target in kept:
            edges[pair] = old.edges[pair]
        elif e.source in nodes and e.target in nodes:
            edges[pair] = straight_edge(nodes[e.source], nodes[e.target])
    clusters = cluster_boxes(model, nodes)
    right = max([b.x + b.w / 2 for b in nodes.values()] + [c[2] for c in clusters.values()] or [0])
    bottom = max([b.bottom for b in nodes.values()] + [c[3] for c in clusters.values()] or [0])
    return Layout(
        "incremental",
        max(right + MARGIN, old.width),
        bottom + MARGIN,
        nodes,
        edges,
        clusters,
    )


def shared_fraction(old: Layout, model: DagModel) -> float:
    """How much of ``model`` the old layout already places (0..1)."""
    if not model.nodes:
        return 0.0
    return sum(1 for n in model.nodes if n.id in old.nodes) / len(model.nodes)
