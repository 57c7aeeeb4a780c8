"""Choosing and caching DAG layouts: Graphviz, the networkx fallback, big graphs."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from wmkit import WorkManager
from wmkit.render import (
    STATE_FILL,
    DagEdge,
    DagModel,
    DagNode,
    DagRenderer,
    dag_svg,
    dot_path,
)
from wmkit.render.dag.dot import INSTALL_HINT

from .conftest import parse_svg

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")


def chains(count: int, length: int = 3, state: str = "ENQUEUED") -> DagModel:
    """``count`` independent chains of ``length`` works each."""
    nodes, edges = [], []
    for c in range(count):
        ids = [f"c{c}n{i}" for i in range(length)]
        nodes += [DagNode(i, "Step", state) for i in ids]
        edges += [DagEdge(a, b) for a, b in pairwise(ids)]
    return DagModel(tuple(nodes), tuple(edges))


def recoloured(model: DagModel, state: str) -> DagModel:
    return replace(model, nodes=tuple(replace(n, state=state) for n in model.nodes))


@needs_dot
def test_dot_lays_out_when_installed() -> None:
    """With ``dot`` on PATH the layout comes from Graphviz and no hint is shown."""
    renderer = DagRenderer()
    svg = renderer.svg(chains(3))
    assert parse_svg(svg).get("data-engine") == "dot"
    assert INSTALL_HINT not in svg


def test_missing_dot_falls_back_to_networkx_with_a_hint(no_dot: None) -> None:
    """Without ``dot`` the same content is drawn by networkx, with a one-line hint."""
    assert dot_path() is None
    svg = DagRenderer().svg(chains(3))
    root = parse_svg(svg)
    assert root.get("data-engine") == "networkx"
    assert "install graphviz" in svg
    assert svg.count('class="node"') == 9


def test_missing_dot_never_raises_for_a_manager(no_dot: None, manager: WorkManager) -> None:
    """``dag_svg(manager)`` works without Graphviz (here with no works at all)."""
    assert parse_svg(dag_svg(manager)).get("data-engine") in ("networkx", "empty")


def test_broken_dot_falls_back_and_says_why(broken_dot: None) -> None:
    """A ``dot`` that fails gives the networkx layout and its error message, not an error."""
    svg = DagRenderer().svg(chains(2))
    assert parse_svg(svg).get("data-engine") == "networkx"
    assert "dot failed" in svg and "syntax error" in svg


@needs_dot
def test_same_content_with_and_without_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Both layouters draw the same nodes, states and edges."""
    model = chains(4)
    with_dot = DagRenderer().svg(model)
    monkeypatch.setenv("PATH", str(tmp_path))
    without = DagRenderer().svg(model)
    for svg in (with_dot, without):
        assert svg.count('class="node"') == 12 and svg.count('class="edge"') == 8


def test_a_state_change_reuses_the_cached_layout() -> None:
    """Recolouring a graph lays nothing out again and moves no node."""
    renderer = DagRenderer()
    model = chains(5)
    first = renderer.layout(model)
    again = renderer.layout(recoloured(model, "SUCCEEDED"))
    assert renderer.layouts_computed == 1
    assert again is first
    assert renderer.svg(recoloured(model, "FAILED")).count(STATE_FILL["FAILED"]) >= 15


def test_a_new_edge_means_a_new_layout() -> None:
    """A structural change is laid out again."""
    renderer = DagRenderer()
    model = chains(2)
    renderer.layout(model)
    grown = replace(model, edges=(*model.edges, DagEdge("c0n2", "c1n0")))
    renderer.layout(grown)
    assert renderer.layouts_computed == 2


def test_a_grown_large_graph_keeps_its_nodes_in_place() -> None:
    """Above the large-graph size, new works are placed without moving the old ones."""
    renderer = DagRenderer(large_graph=30)
    model = chains(12)  # 36 nodes
    before = renderer.layout(model)
    extra = (DagNode("new1", "Late", "ENQUEUED"), DagNode("new2", "Late", "BLOCKED"))
    grown = replace(
        model,
        nodes=(*model.nodes, *extra),
        edges=(*model.edges, DagEdge("new1", "new2"), DagEdge("c0n2", "new1")),
    )
    after = renderer.layout(grown)
    assert after.engine == "incremental"
    assert all(after.nodes[k] == before.nodes[k] for k in before.nodes)
    assert after.nodes["new1"].y > max(b.y for b in before.nodes.values())
    assert "Large graph" in renderer.svg(grown)


def test_a_small_graph_is_laid_out_again_when_it_grows() -> None:
    """Below the large-graph size a grown graph gets a full, tidy layout."""
    renderer = DagRenderer(large_graph=300)
    model = chains(3)
    renderer.layout(model)
    grown = replace(model, nodes=(*model.nodes, DagNode("x", "Late", "ENQUEUED")))
    assert renderer.layout(grown).engine in ("dot", "networkx")


def test_without_dot_or_networkx_works_are_drawn_in_rows(
    no_dot: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With neither layouter the DAG is still drawn (a grid) and says what to install."""
    monkeypatch.setitem(sys.modules, "networkx", None)
    svg = DagRenderer().svg(chains(3))
    assert parse_svg(svg).get("data-engine") == "grid"
    assert "networkx" in svg and svg.count('class="edge"') == 6
