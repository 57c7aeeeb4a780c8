"""The networkx layout's tidiness: what a drawing without Graphviz (JupyterLite) shows."""

from __future__ import annotations

from itertools import pairwise

from wmkit.render import DagEdge, DagModel, DagNode, layered_layout
from wmkit.render.dag.layout import RANK_SEP, Box, EdgePath


def model(edges: list[tuple[str, str]]) -> DagModel:
    ids = sorted({n for edge in edges for n in edge})
    return DagModel(
        tuple(DagNode(i, i.title(), "ENQUEUED") for i in ids),
        tuple(DagEdge(a, b) for a, b in edges),
    )


def curve(path: EdgePath, steps: int = 20) -> list[tuple[float, float]]:
    """Points along the cubic spline."""
    points = []
    for i in range(0, len(path.points) - 1, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = path.points[i : i + 4]
        for k in range(steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            points.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return points


def inside(point: tuple[float, float], box: Box) -> bool:
    x, y = point
    return abs(x - box.x) < box.w / 2 - 1 and box.top + 1 < y < box.bottom - 1


def test_an_edge_that_skips_layers_runs_between_the_nodes_it_passes() -> None:
    """a -> d skips b and c, x -> c skips y: neither line crosses a node's box."""
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("x", "y"), ("y", "d"), ("x", "c")]
    layout = layered_layout(model(edges))
    for (source, target), path in layout.edges.items():
        others = [box for key, box in layout.nodes.items() if key not in (source, target)]
        crossed = [p for p in curve(path) if any(inside(p, box) for box in others)]
        assert crossed == [], f"{source} -> {target} crosses a node at {crossed[:3]}"
    assert len(layout.edges["a", "d"].points) > 4  # it bends around, not one S-curve


def test_edges_that_share_a_node_meet_it_at_ports_of_their_own_in_order() -> None:
    """A fan-out leaves its source at distinct points, left to right as its targets
    stand; a fan-in arrives likewise; so the lines never start in one knot."""
    layout = layered_layout(model([("p", "c1"), ("p", "c2"), ("p", "c3"), ("q", "c2")]))
    out = sorted(("c1", "c2", "c3"), key=lambda c: layout.nodes[c].x)
    starts = [layout.edges["p", c].points[0][0] for c in out]
    assert starts == sorted(starts) and len(set(starts)) == 3, starts
    tips = {s: layout.edges[s, "c2"].tip for s in ("p", "q")}
    assert tips["p"] != tips["q"]
    left, right = sorted(("p", "q"), key=lambda s: layout.nodes[s].x)
    assert tips[left][0] < tips[right][0]  # type: ignore[index]
    p = layout.nodes["p"]
    assert all(abs(x - p.x) < p.w / 2 for x in starts)


def test_layers_move_apart_when_their_edges_travel_far_sideways() -> None:
    """A wide fan-in gets a taller gap than a straight chain, whose gap stays RANK_SEP."""
    chain = layered_layout(model([("a", "b")]))
    gap = chain.nodes["b"].top - chain.nodes["a"].bottom
    assert gap == RANK_SEP
    wide = layered_layout(model([(f"s{i}", "t") for i in range(5)]))
    gaps = {wide.nodes["t"].top - wide.nodes[f"s{i}"].bottom for i in range(5)}
    assert min(gaps) > RANK_SEP


def test_every_line_stays_inside_the_drawing() -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("e", "d"), ("e", "f")]
    layout = layered_layout(model(edges))
    for path in layout.edges.values():
        for x, y in path.points:
            assert 0 <= x <= layout.width and 0 <= y <= layout.height, (x, y)
    for a, b in pairwise(sorted(layout.nodes.values(), key=lambda n: (n.y, n.x))):
        if a.y == b.y:
            assert b.x - a.x >= (a.w + b.w) / 2  # nodes of a layer never overlap
