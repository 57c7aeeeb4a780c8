"""Write the DAG as SVG from a model and a layout (whoever computed the layout).

Because the layout is kept apart from colours and labels, a step that only changes
states redraws from the cached layout: recolouring costs a string join, never a new
``dot`` run. The drawing is an :class:`~wmkit.render.document.SvgDocument` of parts
(the notes, the clusters, each edge, each node, the legend), so a view resends only
the nodes and edges a step changed. Every work's node carries ``data-work-id``: the
canvas widget reports a click on it, and hangs the selection and highlight on it.
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
    REASON_FILL,
    STATE_ORDER,
    state_fill,
    state_text,
)
from ..document import SvgDocument, part
from ..svg import legend, line, num, open_svg, paper, rect, text, title
from ..text import escape, fit_text, shorten, text_width
from ..theme import NORMAL, Theme
from .layout import Box, EdgePath, Layout, straight_edge
from .model import (
    LINE_HEIGHT,
    LINE_SIZE,
    PAD_Y,
    SUMMARY_BAR,
    TITLE_SIZE,
    DagEdge,
    DagModel,
    DagNode,
)

HEADER_LINE = 18.0
NOTE_SIZE = 12.0
ARROW = 7.0
BADGE_SIZE = 11.0
BADGE_H = 16.0
MIN_WIDTH = 520.0


def render_dag(
    model: DagModel,
    layout: Layout,
    theme: Theme = NORMAL,
    max_width: float | None = None,
    *,
    show_note: bool = True,
) -> SvgDocument:
    """The drawing as parts: hint lines, clusters, edges, nodes, legend. ``max_width``
    (in drawing px) is the panel's width: the legend wraps to it. ``show_note=False``
    leaves the layout's note out, for a view that shows it itself."""
    notes = [n for n in (model.title, layout.note if show_note else "") if n]
    top = 8.0 + HEADER_LINE * len(notes) if notes else 0.0
    width = max(layout.width, min(MIN_WIDTH, max_width or MIN_WIDTH))
    legend_svg, legend_height = legend(
        model.legend_entries(), 12, top + layout.height + 4, width - 24
    )
    height = top + layout.height + 4 + legend_height + 10
    head = open_svg(
        width,
        height,
        scale=theme.dag_scale,
        css_class="wm-dag",
        engine=layout.engine,
        nodes=str(len(model.nodes)),
        theme=theme.name,
    )
    stroke = theme.stroke
    parts: list[tuple[str, str]] = [("paper", paper(width, height))]
    if notes:
        lines = "".join(
            text(12, 8 + HEADER_LINE * i + NOTE_SIZE, note, size=NOTE_SIZE, fill=MUTED)
            for i, note in enumerate(notes)
        )
        parts.append(("notes", part("notes", lines)))
    shift = f' transform="translate(0,{num(top)})"' if top else ""
    if layout.clusters:
        clusters = "".join(_cluster(name, *box) for name, box in layout.clusters.items())
        parts.append(("clusters", part("clusters", clusters, shift)))
    # Parts are keyed by position: a step that keeps the graph's shape keeps the keys
    # (and sends what changed); a new shape is a new drawing anyway.
    for i, edge in enumerate(model.edges):
        parts.append((f"e{i}", _edge(f"e{i}", edge, layout, stroke, shift)))
    for i, node in enumerate(model.nodes):
        box = layout.nodes.get(node.id)
        if box is not None:
            parts.append((f"n{i}", _node_part(f"n{i}", node, box, shift, stroke)))
    if not model.nodes:
        empty = text(12, top + 24, "No work enqueued yet.", size=14, fill=MUTED)
        parts.append(("empty", part("empty", empty)))
    parts.append(("legend", legend_svg))
    return SvgDocument(head, tuple(parts))


@lru_cache(maxsize=16384)
def _node_part(key: str, node: DagNode, box: Box, shift: str, stroke: float) -> str:
    """One node's part (its group is the part); cached, as most nodes look the same as
    one step before."""
    opening = _open_node(node, key, shift)
    if node.is_join:
        return opening + _join(node, box, stroke)
    if node.is_summary:
        return opening + _summary(node, box, stroke)
    return opening + _node(node, box, stroke)


@lru_cache(maxsize=4096)
def _cluster(name: str, x0: float, y0: float, x1: float, y1: float) -> str:
    label = f"unique “{shorten(name, 40)}”"
    return (
        f'<g class="cluster">{title(label)}'
        + rect(x0, y0, x1 - x0, y1 - y0, CLUSTER_FILL, CLUSTER_STROKE, rx=8, dash="4 3")
        + text(x0 + 8, y0 + 13, label, size=11, fill=MUTED)
        + "</g>"
    )


def _edge(key: str, edge: DagEdge, layout: Layout, stroke: float, shift: str) -> str:
    path = layout.edges.get((edge.source, edge.target))
    if path is None:
        source, target = layout.nodes.get(edge.source), layout.nodes.get(edge.target)
        if source is None or target is None:
            return part(key, "")
        path = straight_edge(source, target)
    return _edge_svg(key, edge.cascade, path, stroke, shift)


@lru_cache(maxsize=16384)
def _edge_svg(key: str, cascade: str | None, path: EdgePath, stroke: float, shift: str) -> str:
    colour, width, dash = EDGE, 1.4, ""
    if cascade == "failed":
        colour, width = FAILURE_PATH, 3.0
    elif cascade == "cancelled":
        colour, width, dash = CANCEL_PATH, 2.8, ' stroke-dasharray="6 3"'
    data = f' data-cascade="{cascade}"' if cascade else ""
    return (
        f'<g data-part="{key}" class="edge"{data}{shift}><path d="{_path_data(path)}" '
        f'fill="none" stroke="{colour}" stroke-width="{num(width * stroke)}"{dash}/>'
        f"{_arrow(path, colour, stroke)}</g>"
    )


def _path_data(path: EdgePath) -> str:
    points = path.points
    data = [f"M{num(points[0][0])},{num(points[0][1])}"]
    for i in range(1, len(points) - 2, 3):
        (ax, ay), (bx, by), (cx, cy) = points[i : i + 3]
        data.append(f"C{num(ax)},{num(ay)} {num(bx)},{num(by)} {num(cx)},{num(cy)}")
    return " ".join(data)


def _arrow(path: EdgePath, colour: str, stroke: float) -> str:
    end = path.points[-1]
    tip = path.tip or end
    base = path.points[-2] if path.tip is None else end
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy)
    if length < 1e-6:
        dx, dy, length = 0.0, 1.0, 1.0
    size = ARROW * min(stroke, 1.3)
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    left = (bx - uy * size * 0.5, by + ux * size * 0.5)
    right = (bx + uy * size * 0.5, by - ux * size * 0.5)
    points = " ".join(f"{num(x)},{num(y)}" for x, y in (tip, left, right))
    return f'<polygon points="{points}" fill="{colour}"/>'


def _open_node(node: DagNode, key: str, shift: str) -> str:
    """The node's group (a part of its own): its id, state and work id for tests,
    clicks and highlights, and its tooltip."""
    cascade = f' data-cascade="{node.cascade}"' if node.cascade else ""
    kind = " join" if node.is_join else " summary" if node.is_summary else ""
    return (
        f'<g data-part="{key}" class="node{kind}" id="node-{escape(node.id)}" '
        f'data-work-id="{escape(node.id)}" data-state="{escape(node.state)}"{cascade}{shift}>'
        f"{title(node.tooltip or node.id)}"
    )


def _node(node: DagNode, box: Box, stroke_factor: float) -> str:
    x0, y0 = box.x - box.w / 2, box.top
    stroke, width, dash = node.stroke, 1.5, None
    if node.cascade == "origin":
        stroke = FAILURE_PATH if node.cascade_kind == "failed" else CANCEL_PATH
        width = 3.4
    elif node.cascade == "path":
        width, dash = 2.2, "5 3"
    elif node.state == "BLOCKED":
        dash = "4 2"
    text_fill = state_text(node.state)
    parts = [
        rect(x0, y0, box.w, box.h, node.fill, stroke, width=width * stroke_factor, rx=7, dash=dash),
    ]
    lines = node.lines
    y = y0 + PAD_Y + TITLE_SIZE - 1
    heading = fit_text(lines[0], TITLE_SIZE, box.w - 8, bold=True)
    parts.append(
        f'<g fill="{text_fill}" text-anchor="middle" font-size="{num(LINE_SIZE)}">'
        f'<text x="{num(box.x)}" y="{num(y)}" font-size="{num(TITLE_SIZE)}" '
        f'font-weight="bold">{escape(heading)}</text>'
    )
    if node.state == "CANCELLED":
        half = min(text_width(heading, TITLE_SIZE, bold=True), box.w - 10) / 2
        parts.append(line(box.x - half, y - 4, box.x + half, y - 4, text_fill, width=1.3))
    y += 2
    for content in lines[1:]:
        y += LINE_HEIGHT
        parts.append(f'<text x="{num(box.x)}" y="{num(y)}">{escape(content)}</text>')
    parts.append("</g>")
    if node.cascade == "origin":
        parts.append(_corner_badge(box, "origin", stroke))
    if node.badge:
        parts.append(_reason_badge(box, node))
    parts.append("</g>")
    return "".join(parts)


def _summary(node: DagNode, box: Box, stroke_factor: float) -> str:
    """Many works in one box: heading, counts per state, and a bar of the proportions."""
    x0, y0 = box.x - box.w / 2, box.top
    parts = [
        rect(x0, y0, box.w, box.h, "#ffffff", "#495057", width=1.8 * stroke_factor, rx=7),
        rect(x0 + 3, y0 + 3, box.w - 6, box.h - 6, "none", "#adb5bd", width=1, rx=5),
    ]
    y = y0 + PAD_Y + TITLE_SIZE - 1
    parts.append(text(box.x, y, node.lines[0], size=TITLE_SIZE, anchor="middle", bold=True))
    y += 2
    for content in node.lines[1:]:
        y += LINE_HEIGHT
        if content:
            parts.append(text(box.x, y, content, size=LINE_SIZE, anchor="middle"))
    total = sum(n for _, n in node.counts) or 1
    bar_x, bar_w = x0 + 8, box.w - 16
    bar_y = box.bottom - SUMMARY_BAR - 6
    counts = dict(node.counts)
    for state in STATE_ORDER:
        share = counts.get(state, 0) / total * bar_w
        if share > 0:
            parts.append(rect(bar_x, bar_y, share, SUMMARY_BAR, state_fill(state)))
            bar_x += share
    parts.append(rect(x0 + 8, bar_y, box.w - 16, SUMMARY_BAR, "none", "#495057", width=0.8))
    parts.append(_corner_badge(box, "+ expand", "#495057"))
    parts.append("</g>")
    return "".join(parts)


def _corner_badge(box: Box, label: str, colour: str) -> str:
    w = text_width(label, BADGE_SIZE, bold=True) + 12
    x = box.x + box.w / 2 - w - 4
    y = box.top - 9
    return rect(x, y, w, BADGE_H, colour, rx=8) + text(
        x + w / 2, y + 12, label, size=BADGE_SIZE, fill="#ffffff", anchor="middle", bold=True
    )


def _reason_badge(box: Box, node: DagNode) -> str:
    """Why the work is not running, on the bottom edge of its box: the badge if it fits,
    else its short form, else shortened with an ellipsis; the whole reason as tooltip."""
    room = box.w + 16
    shown = node.badge
    if node.badge_short and text_width(shown, BADGE_SIZE, bold=True) > room:
        shown = node.badge_short
    shown = fit_text(shown, BADGE_SIZE, room, bold=True)
    w = text_width(shown, BADGE_SIZE, bold=True) + 12
    x, y = box.x - w / 2, box.bottom - BADGE_H / 2
    colour = REASON_FILL.get(node.badge_kind, REASON_FILL["other"])
    tip = node.badge_detail or node.badge
    return (
        f'<g class="badge" data-reason="{escape(node.badge_kind)}">'
        + title(tip)
        + rect(x, y, w, BADGE_H, colour, "#ffffff", width=1, rx=8)
        + text(box.x, y + 12, shown, size=BADGE_SIZE, fill="#ffffff", anchor="middle", bold=True)
        + "</g>"
    )


def _join(node: DagNode, box: Box, stroke_factor: float) -> str:
    r = min(box.w, box.h) / 2
    return (
        f'<circle cx="{num(box.x)}" cy="{num(box.y)}" r="{num(r)}" fill="{node.fill}" '
        f'stroke="{node.stroke}" stroke-width="{num(1.6 * stroke_factor)}"/>'
        + text(box.x, box.y + 5, "⋈", size=14, fill=state_text(node.state), anchor="middle")
        + "</g>"
    )
