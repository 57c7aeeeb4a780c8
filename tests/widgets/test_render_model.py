"""The DAG drawing from a hand-made plain model: no engine, no notebook."""

from __future__ import annotations

import pytest

from wmkit.render import (
    STATE_FILL,
    STATE_STROKE,
    DagEdge,
    DagGroup,
    DagModel,
    DagNode,
    DagRenderer,
    dag_dot,
    dag_svg,
    layered_layout,
)
from wmkit.render.colors import FAILURE_PATH
from wmkit.render.dag.model import make_legend

from .conftest import find_all, parse_svg


def diamond(state_b: str = "RUNNING") -> DagModel:
    """a -> (b, c) -> d, with d a fan-in node merging with ArrayCreating."""
    return DagModel(
        nodes=(
            DagNode("a", "Download", "SUCCEEDED", attempts=1, tags=("net",)),
            DagNode("b", "Resize", state_b, attempts=1),
            DagNode("c", "Resize", "ENQUEUED"),
            DagNode("d", "Album", "BLOCKED", merger="ArrayCreating", group="album"),
        ),
        edges=(DagEdge("a", "b"), DagEdge("a", "c"), DagEdge("b", "d"), DagEdge("c", "d")),
        groups=(DagGroup("album", ("d",)),),
    )


def node_groups(svg: str) -> dict[str, object]:
    root = parse_svg(svg)
    return {g.get("id"): g for g in find_all(root, "g", "node")}


def test_label_lines_show_class_id_state_attempts_tags_and_merger() -> None:
    """A node's label is class, state (with its icon) and short id, attempts, user tags,
    then the merger."""
    node = DagNode(
        "3f2a91c0-aaaa",
        "Upload",
        "ENQUEUED",
        attempts=2,
        tags=("sync", "net"),
        merger="ArrayCreating",
    )
    assert node.lines == (
        "Upload",
        "◷ ENQUEUED · 3f2a91c0",
        "attempts 2",
        "#sync #net",
        "⇉ ArrayCreating",
    )


def test_node_size_does_not_depend_on_state_or_attempts() -> None:
    """The size reserves the widest state, so a state change never moves the layout."""
    sizes = {
        DagNode("x" * 36, "Upload", s, attempts=a).size for s in STATE_FILL for a in (0, 7, 42)
    }
    assert len(sizes) == 1


def test_structure_key_ignores_states_but_not_edges() -> None:
    """Recolouring keeps the structure key; adding an edge changes it."""
    assert diamond("RUNNING").structure_key() == diamond("FAILED").structure_key()
    grown = DagModel(diamond().nodes, (*diamond().edges, DagEdge("a", "d")), diamond().groups)
    assert grown.structure_key() != diamond().structure_key()


def test_svg_is_xml_with_one_group_per_node_filled_by_state() -> None:
    """Every node is a <g class="node"> whose shape has its state's literal fill."""
    groups = node_groups(dag_svg(diamond(), renderer=DagRenderer()))
    assert set(groups) == {"node-a", "node-b", "node-c", "node-d"}
    for node in diamond().nodes:
        group = groups[f"node-{node.id}"]
        assert group.get("data-state") == node.state
        shape = next(iter(group.iter("{http://www.w3.org/2000/svg}rect")))
        assert shape.get("fill") == STATE_FILL[node.state]
        assert shape.get("stroke") == STATE_STROKE[node.state]


def test_svg_shows_merger_tags_and_unique_cluster() -> None:
    """The fan-in merger, the user tags and the unique name's cluster are drawn."""
    svg = dag_svg(diamond(), renderer=DagRenderer())
    root = parse_svg(svg)
    texts = [t.text for t in find_all(root, "text")]
    assert "⇉ ArrayCreating" in texts
    assert "#net" in texts
    assert any("unique “album”" in (t or "") for t in texts)
    assert len(find_all(root, "g", "cluster")) == 1


def test_every_edge_is_drawn_with_an_arrowhead() -> None:
    """Each prerequisite edge becomes a path plus an arrowhead polygon."""
    root = parse_svg(dag_svg(diamond(), renderer=DagRenderer()))
    edges = find_all(root, "g", "edge")
    assert len(edges) == 4
    assert all(len(list(e.iter("{http://www.w3.org/2000/svg}polygon"))) == 1 for e in edges)


def test_legend_lists_every_state_and_the_markers_in_use() -> None:
    """The legend has all six states, and cascade entries only when a cascade exists."""
    labels = [e.label for e in make_legend(diamond())]
    assert labels[:6] == [
        "‖ BLOCKED",
        "◷ ENQUEUED",
        "▶ RUNNING",
        "✓ SUCCEEDED",
        "✗ FAILED",
        "⊘ CANCELLED",
    ]
    assert "failure cascade" not in labels and "unique work" in labels


def test_failure_cascade_is_highlighted_from_its_origin() -> None:
    """The origin gets a badge and thick outline, the path's edges are red and marked."""
    model = DagModel(
        nodes=(
            DagNode("a", "Boom", "FAILED", cascade="origin", cascade_kind="failed"),
            DagNode("b", "Next", "FAILED", cascade="path", cascade_kind="failed"),
        ),
        edges=(DagEdge("a", "b", "failed"),),
    )
    svg = dag_svg(model, renderer=DagRenderer())
    root = parse_svg(svg)
    origin = node_groups(svg)["node-a"]
    assert origin.get("data-cascade") == "origin"
    assert any(t.text == "origin" for t in origin.iter("{http://www.w3.org/2000/svg}text"))
    [edge] = find_all(root, "g", "edge")
    assert edge.get("data-cascade") == "failed"
    assert FAILURE_PATH in svg
    assert "failure cascade" in [e.label for e in model.legend_entries()]


def test_cancelled_title_is_struck_through() -> None:
    """A CANCELLED node draws a line across its title."""
    svg = dag_svg(DagModel((DagNode("a", "Upload", "CANCELLED"),)), renderer=DagRenderer())
    group = node_groups(svg)["node-a"]
    assert len(list(group.iter("{http://www.w3.org/2000/svg}line"))) == 1


def test_join_node_is_a_small_circle() -> None:
    """A combine join is drawn as a circle, not a labelled box."""
    model = DagModel((DagNode("j", "combine", "SUCCEEDED", kind="join"),))
    group = node_groups(dag_svg(model, renderer=DagRenderer()))["node-j"]
    [circle] = group.iter("{http://www.w3.org/2000/svg}circle")
    assert circle.get("fill") == STATE_FILL["SUCCEEDED"]
    assert float(circle.get("r")) < 20


def test_names_are_escaped() -> None:
    """Class names from notebook cells (``<locals>``) and odd tags stay well-formed XML."""
    model = DagModel((DagNode("a", "f.<locals>.Up", "ENQUEUED", tags=("a&b", '"q"')),))
    svg = dag_svg(model, renderer=DagRenderer())
    parse_svg(svg)
    assert "&lt;locals&gt;" in svg


def test_empty_model_draws_a_placeholder() -> None:
    """No works: a valid SVG that says so, with the legend."""
    svg = dag_svg(DagModel(()), renderer=DagRenderer())
    parse_svg(svg)
    assert "No work enqueued yet." in svg


def test_dot_source_has_clusters_colours_and_edges() -> None:
    """``dag_dot`` names a cluster per unique name, each node's fill, and the edges."""
    source = dag_dot(diamond())
    assert "subgraph cluster_0" in source
    assert "n0 -> n1" in source and "n2 -> n3" in source
    assert STATE_FILL["SUCCEEDED"] in source


def test_layered_layout_puts_parents_above_children() -> None:
    """Every edge points downwards, and nodes of one layer do not overlap."""
    layout = layered_layout(diamond())
    for edge in diamond().edges:
        assert layout.nodes[edge.source].y < layout.nodes[edge.target].y
    b, c = layout.nodes["b"], layout.nodes["c"]
    assert abs(b.x - c.x) >= (b.w + c.w) / 2


def test_layered_layout_packs_independent_works_in_rows() -> None:
    """Sixty unrelated works are packed in several rows, not one endless line."""
    model = DagModel(tuple(DagNode(f"w{i}", "Solo", "ENQUEUED") for i in range(60)))
    layout = layered_layout(model)
    rows = {round(b.y) for b in layout.nodes.values()}
    assert len(rows) > 3
    assert layout.width < 3 * layout.height


def test_layered_layout_cluster_contains_its_nodes() -> None:
    """A unique name's cluster box surrounds each of its nodes."""
    layout = layered_layout(diamond())
    x0, y0, x1, y1 = layout.clusters["album"]
    box = layout.nodes["d"]
    assert x0 < box.x - box.w / 2 and box.x + box.w / 2 < x1
    assert y0 < box.top and box.bottom < y1


@pytest.mark.parametrize("state", sorted(STATE_FILL))
def test_each_state_colour_appears_in_the_svg_text(state: str) -> None:
    """A node in any state puts that state's fill into the SVG text (the data URI)."""
    svg = dag_svg(DagModel((DagNode("a", "W", state),)), renderer=DagRenderer())
    assert f'fill="{STATE_FILL[state]}"' in svg
