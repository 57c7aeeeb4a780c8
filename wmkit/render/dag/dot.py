"""Graphviz's ``dot``: the DOT text of the DAG, and a layout computed by ``dot``.

wmkit runs the ``dot`` program itself (``dot -Tjson0``) and reads back only the
positions; the SVG is written by :mod:`wmkit.render.dag.svg` for both layouters, so
the drawing has the same content, fonts and colours whether or not Graphviz is
installed. Nodes are sent with ``fixedsize=true`` and wmkit's own sizes for the same
reason. A missing ``dot``, a crash or a timeout raises :class:`DotError`, which the
caller turns into the pure-Python layout plus a one-line hint; never an error for
the student.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from ..colors import CANCEL_PATH, CLUSTER_FILL, CLUSTER_STROKE, EDGE, FAILURE_PATH
from ..text import FONT_FAMILY
from .layout import MARGIN, Box, EdgePath, Layout, Point, straight_edge
from .model import DagModel, DagNode

#: Seconds ``dot`` may take before the pure-Python layout is used instead.
DOT_TIMEOUT = 10.0
INSTALL_HINT = (
    "Graphviz's dot was not found, so this DAG is laid out in pure Python (networkx); "
    "install graphviz (apt install graphviz, or conda install graphviz) for a tidier layout."
)
#: The same news in a browser (JupyterLite), where nothing can be installed or run.
BROWSER_HINT = (
    "This DAG is laid out in pure Python (networkx): Graphviz's dot cannot run in a browser."
)


class DotError(RuntimeError):
    """``dot`` is missing, failed, or took too long."""


def in_browser() -> bool:
    """True under Pyodide (JupyterLite): a browser tab can start no program, ``dot``
    included (``subprocess`` raises there)."""
    return sys.platform == "emscripten"


def dot_path() -> str | None:
    """Where the ``dot`` program is, or None when Graphviz is not installed (or cannot
    run at all, in a browser)."""
    return None if in_browser() else shutil.which("dot")


def missing_dot_hint() -> str:
    """What the drawing says when ``dot`` is missing: how to install it, or, in a
    browser, that it cannot be had."""
    return BROWSER_HINT if in_browser() else INSTALL_HINT


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _node_attrs(node: DagNode) -> str:
    width, height = node.size
    attrs = {
        "width": f"{width / 72:.3f}",
        "height": f"{height / 72:.3f}",
        "fillcolor": _quote(node.fill),
        "color": _quote(node.stroke),
        "tooltip": _quote(node.tooltip or node.id),
    }
    if node.is_join:
        attrs.update(shape="circle", label=_quote("⋈"))
    else:
        attrs["label"] = _quote("\n".join(node.lines))
    if node.cascade == "origin":
        attrs.update(penwidth="3", color=_quote(FAILURE_PATH))
    return ", ".join(f"{k}={v}" for k, v in attrs.items())


def dag_dot(model: DagModel, max_width: float | None = None) -> str:
    """The DOT source of the DAG, with labels and colours (``dot -Tsvg`` draws it as is).

    Independent parts are packed in rows; ``max_width`` (px) caps how many go side by
    side, so that the drawing fits the panel it is shown in.

    >>> from wmkit.render.dag.model import DagEdge, DagNode
    >>> src = dag_dot(DagModel((DagNode("a", "A", "SUCCEEDED"), DagNode("b", "B", "FAILED")),
    ...                        (DagEdge("a", "b"),)))
    >>> "n0 -> n1" in src and "#2f9a48" in src
    True
    """
    names = {n.id: f"n{i}" for i, n in enumerate(model.nodes)}
    part = components(model)
    font = _quote(FONT_FAMILY.split(",")[0])
    lines = [
        "digraph wmkit {",
        "  graph [rankdir=TB, nodesep=0.25, ranksep=0.5, pack=24, "
        f'packmode="array_u{columns(model, part, max_width)}", fontname={font}, fontsize=10];',
        '  node [shape=box, style="rounded,filled", fixedsize=true, '
        f"fontname={font}, fontsize=10];",
        f'  edge [color="{EDGE}", arrowsize=0.7];',
    ]
    for index, group in enumerate(model.groups):
        members = " ".join(f"{names[i]};" for i in group.node_ids if i in names)
        lines.append(
            f"  subgraph cluster_{index} {{ label={_quote(group.label)}; "
            f'style="rounded,filled"; fillcolor="{CLUSTER_FILL}"; color="{CLUSTER_STROKE}"; '
            f"{members} }}"
        )
    for node in model.nodes:
        lines.append(f"  {names[node.id]} [sortv={part[node.id]}, {_node_attrs(node)}];")
    for group in model.groups:  # keep a unique name's works in one packed part
        placed = [i for i in group.node_ids if i in names]
        for a, b in pairwise(placed):
            lines.append(f"  {names[a]} -> {names[b]} [style=invis, constraint=false];")
    for edge in model.edges:
        if edge.source not in names or edge.target not in names:
            continue
        style = ""
        if edge.cascade == "failed":
            style = f' [color="{FAILURE_PATH}", penwidth=2.5]'
        elif edge.cascade == "cancelled":
            style = f' [color="{CANCEL_PATH}", penwidth=2.5, style=dashed]'
        lines.append(f"  {names[edge.source]} -> {names[edge.target]}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def components(model: DagModel) -> dict[str, int]:
    """Each node's connected part (edges and unique names connect), numbered in
    enqueue order: the order ``dot`` packs the parts in, row by row."""
    parent = {n.id: n.id for n in model.nodes}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links = [(e.source, e.target) for e in model.edges]
    for group in model.groups:
        links.extend(pairwise(group.node_ids))
    for a, b in links:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    number: dict[str, int] = {}
    return {n.id: number.setdefault(root(n.id), len(number)) for n in model.nodes}


def columns(model: DagModel, part: dict[str, int], max_width: float | None = None) -> int:
    """How many parts per row make the drawing about half again as wide as tall, and
    (given ``max_width``) no wider than that."""
    counts = Counter(part.values())
    if len(counts) <= 1:
        return 1
    width = sum(n.size[0] for n in model.nodes) / len(model.nodes) + 18
    height = sum(n.size[1] for n in model.nodes) / len(model.nodes) + 36
    area = sum(k * width * height for k in counts.values())
    mean_width = sum(math.sqrt(k) * width for k in counts.values()) / len(counts)
    wanted = round(math.sqrt(area * 1.5) / mean_width)
    if max_width is not None:
        wanted = min(wanted, int((max_width - 2 * MARGIN) // (mean_width + 24)))
    return max(1, min(len(counts), wanted))


def dot_layout(
    model: DagModel, timeout: float = DOT_TIMEOUT, max_width: float | None = None
) -> Layout:
    """Positions computed by ``dot``; raises :class:`DotError` when it cannot run."""
    program = dot_path()
    if program is None:
        raise DotError(missing_dot_hint())
    source = dag_dot(model, max_width)
    try:
        done = subprocess.run(
            [program, "-Tjson0"], input=source.encode(), capture_output=True, timeout=timeout
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise DotError(
            f"dot could not lay the DAG out ({error}); using the pure-Python layout."
        ) from error
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()[:200]
        raise DotError(f"dot failed ({message}); using the pure-Python layout.")
    try:
        return _read_json(json.loads(done.stdout), model)
    except (ValueError, KeyError, IndexError) as error:
        raise DotError(
            f"dot's output could not be read ({error}); using the pure-Python layout."
        ) from error


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def _read_json(data: dict[str, Any], model: DagModel) -> Layout:
    """Turn ``dot -Tjson0`` output (points, y upwards) into a :class:`Layout` (px, y down)."""
    x0, y0, x1, y1 = _floats(data["bb"])

    def point(x: float, y: float) -> Point:
        return (x - x0 + MARGIN, y1 - y + MARGIN)

    ids = [n.id for n in model.nodes]
    by_gvid: dict[int, str] = {}
    nodes: dict[str, Box] = {}
    clusters: dict[str, tuple[float, float, float, float]] = {}
    groups = [g.name for g in model.groups]
    for obj in data.get("objects", []):
        name = obj.get("name", "")
        if name.startswith("cluster_") and "bb" in obj:
            cx0, cy0, cx1, cy1 = _floats(obj["bb"])
            left, top = point(cx0, cy1)
            right, bottom = point(cx1, cy0)
            clusters[groups[int(name[len("cluster_") :])]] = (left, top, right, bottom)
        elif "pos" in obj and name.startswith("n"):
            node_id = ids[int(name[1:])]
            by_gvid[obj["_gvid"]] = node_id
            x, y = point(*_floats(obj["pos"]))
            nodes[node_id] = Box(x, y, float(obj["width"]) * 72, float(obj["height"]) * 72)
    edges = {}
    for edge in data.get("edges", []):
        key = (by_gvid[edge["tail"]], by_gvid[edge["head"]])
        edges[key] = _spline(edge.get("pos", ""), point) or _fallback(nodes, key)
    width, height = x1 - x0 + 2 * MARGIN, y1 - y0 + 2 * MARGIN
    return Layout("dot", width, height, nodes, edges, clusters)


def _spline(pos: str, point: Callable[[float, float], Point]) -> EdgePath | None:
    """Parse Graphviz's ``"e,x,y x,y x,y ..."`` spline into points and the arrow tip."""
    tip = None
    points = []
    for token in pos.split():
        if token.startswith("e,"):
            tip = point(*_floats(token[2:]))
        elif token.startswith("s,"):
            continue
        else:
            points.append(point(*_floats(token)))
    if len(points) < 4:
        return None
    return EdgePath(tuple(points), tip)


def _fallback(nodes: dict[str, Box], key: tuple[str, str]) -> EdgePath:
    return straight_edge(nodes[key[0]], nodes[key[1]])
