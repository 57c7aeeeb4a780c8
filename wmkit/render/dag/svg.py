"""Write the DAG as SVG from a model and a layout (whoever computed the layout).

Because the layout is kept apart from colours and labels, a step that only changes
states redraws from the cached layout: recolouring costs a string join, never a new
``dot`` run.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..colors import (
    CANCEL_PATH,
    CLUSTER_FILL,
    CLUSTER_STROKE,
    EDGE,
    FAILURE_PATH,
    MUTED,
    state_text,
)
from ..svg import legend, line, num, open_svg, rect, text, title
from ..text import escape, shorten, text_width
from .layout import Box, EdgePath, Layout, straight_edge
from .model import LINE_HEIGHT, LINE_SIZE, PAD_Y, TITLE_SIZE, DagEdge, DagModel, DagNode

HEADER_LINE = 16.0
ARROW = 7.0


def render_dag(model: DagModel, layout: Layout, *, show_note: bool = True) -> str:
    """The complete SVG document: hint line, clusters, edges, nodes, legend.

    ``show_note=False`` leaves the layout's note out, for a view that shows it itself.
    """
    notes = [n for n in (model.title, layout.note if show_note else "") if n]
    top = 8.0 + HEADER_LINE * len(notes) if notes else 0.0
    width = max(layout.width, 520.0)
    legend_svg, legend_height = legend(model.legend_entries(), 12, 0, width - 24)
    height = top + layout.height + legend_height + 10
    parts = [open_svg(width, height, engine=layout.engine, nodes=str(len(model.nodes)))]
    for i, note in enumerate(notes):
        parts.append(text(12, 8 + HEADER_LINE * i + 11, note, size=11, fill=MUTED))
    parts.append(f'<g transform="translate(0,{num(top)})">')
    for name, (x0, y0, x1, y1) in layout.clusters.items():
        parts.append(_cluster(name, x0, y0, x1, y1))
    for edge in model.edges:
        parts.append(_edge(edge, layout))
    for node in model.nodes:
        box = layout.nodes.get(node.id)
        if box is not None:
            parts.append(_join(node, box) if node.is_join else _node(node, box))
    if not model.nodes:
        parts.append(text(12, 24, "No work enqueued yet.", size=13, fill=MUTED))
    parts.append("</g>")
    parts.append(f'<g transform="translate(0,{num(top + layout.height + 4)})">{legend_svg}</g>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=4096)
def _cluster(name: str, x0: float, y0: float, x1: float, y1: float) -> str:
    label = f"unique “{shorten(name, 40)}”"
    return (
        f'<g class="cluster">{title(label)}'
        + rect(x0, y0, x1 - x0, y1 - y0, CLUSTER_FILL, CLUSTER_STROKE, rx=8, dash="4 3")
        + text(x0 + 8, y0 + 13, label, size=10, fill=MUTED)
        + "</g>"
    )


def _edge(edge: DagEdge, layout: Layout) -> str:
    path = layout.edges.get((edge.source, edge.target))
    if path is None:
        source, target = layout.nodes.get(edge.source), layout.nodes.get(edge.target)
        if source is None or target is None:
            return ""
        path = straight_edge(source, target)
    return _edge_svg(edge.cascade, path)


@lru_cache(maxsize=16384)
def _edge_svg(cascade: str | None, path: EdgePath) -> str:
    colour, width, dash = EDGE, 1.3, ""
    if cascade == "failed":
        colour, width = FAILURE_PATH, 2.8
    elif cascade == "cancelled":
        colour, width, dash = CANCEL_PATH, 2.6, ' stroke-dasharray="6 3"'
    data = f' data-cascade="{cascade}"' if cascade else ""
    return (
        f'<g class="edge"{data}><path d="{_path_data(path)}" fill="none" stroke="{colour}" '
        f'stroke-width="{num(width)}"{dash}/>{_arrow(path, colour)}</g>'
    )


def _path_data(path: EdgePath) -> str:
    points = path.points
    data = [f"M{num(points[0][0])},{num(points[0][1])}"]
    for i in range(1, len(points) - 2, 3):
        (ax, ay), (bx, by), (cx, cy) = points[i : i + 3]
        data.append(f"C{num(ax)},{num(ay)} {num(bx)},{num(by)} {num(cx)},{num(cy)}")
    return " ".join(data)


def _arrow(path: EdgePath, colour: str) -> str:
    end = path.points[-1]
    tip = path.tip or end
    base = path.points[-2] if path.tip is None else end
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy)
    if length < 1e-6:
        dx, dy, length = 0.0, 1.0, 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - ux * ARROW, tip[1] - uy * ARROW
    left = (bx - uy * ARROW * 0.5, by + ux * ARROW * 0.5)
    right = (bx + uy * ARROW * 0.5, by - ux * ARROW * 0.5)
    points = " ".join(f"{num(x)},{num(y)}" for x, y in (tip, left, right))
    return f'<polygon points="{points}" fill="{colour}"/>'


@lru_cache(maxsize=16384)
def _node(node: DagNode, box: Box) -> str:
    """One node's SVG; cached, as most nodes look the same as one step before."""
    x0, y0 = box.x - box.w / 2, box.top
    stroke, width, dash = node.stroke, 1.4, None
    if node.cascade == "origin":
        stroke = FAILURE_PATH if node.cascade_kind == "failed" else CANCEL_PATH
        width = 3.2
    elif node.cascade == "path":
        width, dash = 2.0, "5 3"
    text_fill = _text_colour(node)
    parts = [
        f'<g class="node" id="node-{escape(node.id)}" data-state="{escape(node.state)}"'
        + (f' data-cascade="{node.cascade}"' if node.cascade else "")
        + ">",
        title(node.tooltip or node.id),
        rect(x0, y0, box.w, box.h, node.fill, stroke, width=width, rx=7, dash=dash),
    ]
    lines = node.lines
    y = y0 + PAD_Y + TITLE_SIZE - 1
    parts.append(
        text(box.x, y, lines[0], size=TITLE_SIZE, fill=text_fill, anchor="middle", bold=True)
    )
    if node.state == "CANCELLED":
        half = min(text_width(lines[0], TITLE_SIZE, bold=True), box.w - 10) / 2
        parts.append(line(box.x - half, y - 4, box.x + half, y - 4, text_fill, width=1.2))
    y += 2
    for content in lines[1:]:
        y += LINE_HEIGHT
        parts.append(text(box.x, y, content, size=LINE_SIZE, fill=text_fill, anchor="middle"))
    if node.cascade == "origin":
        parts.append(_badge(box, "origin", stroke))
    parts.append("</g>")
    return "".join(parts)


def _text_colour(node: DagNode) -> str:
    return state_text(node.state)


def _badge(box: Box, label: str, colour: str) -> str:
    w = text_width(label, 9) + 10
    x = box.x + box.w / 2 - w - 4
    y = box.top - 8
    return rect(x, y, w, 14, colour, rx=7) + text(
        x + w / 2, y + 10.5, label, size=9, fill="#ffffff", anchor="middle", bold=True
    )


def _join(node: DagNode, box: Box) -> str:
    r = min(box.w, box.h) / 2
    stroke = node.stroke
    return (
        f'<g class="node join" id="node-{escape(node.id)}" data-state="{escape(node.state)}">'
        f"{title(node.tooltip or 'combine')}"
        f'<circle cx="{num(box.x)}" cy="{num(box.y)}" r="{num(r)}" fill="{node.fill}" '
        f'stroke="{stroke}" stroke-width="1.6"/>'
        + text(box.x, box.y + 4.5, "⋈", size=13, fill=_text_colour(node), anchor="middle")
        + "</g>"
    )
