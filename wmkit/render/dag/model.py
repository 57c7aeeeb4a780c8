"""The DAG as plain data: what to draw, with no engine, no Graphviz and no widgets.

:func:`wmkit.render.dag_model` fills these dataclasses from a manager; the layout and
the SVG writer read only them, so both can be tested (and a lesson can draw a made-up
graph) without any engine. Node sizes depend only on what does not change from step
to step (the longest state name is always reserved, a badge is drawn over the edge of
the box), so a state change never changes the graph's :meth:`DagModel.structure_key`
and never forces a new layout.

>>> a = DagNode(id="a", title="Download", state="SUCCEEDED")
>>> b = DagNode(id="b", title="Unzip", state="RUNNING", attempts=1, tags=("io",))
>>> model = DagModel(nodes=(a, b), edges=(DagEdge("a", "b"),))
>>> b.lines
('Unzip', '▶ RUNNING · b', 'attempts 1', '#io')
>>> model.structure_key() == DagModel(
...     nodes=(a, DagNode(id="b", title="Unzip", state="FAILED", attempts=1, tags=("io",))),
...     edges=(DagEdge("a", "b"),)).structure_key()
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..colors import (
    CANCEL_PATH,
    CLUSTER_FILL,
    CLUSTER_STROKE,
    EDGE,
    FAILURE_PATH,
    STATE_ORDER,
    state_fill,
    state_icon,
    state_stroke,
)
from ..text import shorten, text_width

TITLE_SIZE = 13.0
LINE_SIZE = 11.5
LINE_HEIGHT = 15.0
PAD_X = 10.0
PAD_Y = 7.0
MIN_WIDTH = 128.0
JOIN_SIZE = 28.0
TAGS_LIMIT = 30
SUMMARY_BAR = 7.0
#: Room kept under the last line for the why-not-running badge on the bottom edge.
BADGE_ROOM = 8.0
_WIDEST_STATE = "SUCCEEDED"  # reserve room for the widest state name
#: A summary node lists its counts in two rows of three states each.
SUMMARY_ROWS: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("SUCCEEDED", "RUNNING", "ENQUEUED"),
    ("BLOCKED", "FAILED", "CANCELLED"),
)


@dataclass(frozen=True)
class DagNode:
    """One work (``kind="work"``), a ``combine`` join (``kind="join"``), or a summary of
    many independent works of one class (``kind="summary"``, ``members`` their ids and
    ``counts`` how many are in each state).

    ``cascade`` is ``"origin"`` for a work that failed or was cancelled by itself and
    ``"path"`` for a dependent that failed or was cancelled because of it;
    ``cascade_kind`` says which (``"failed"`` or ``"cancelled"``). ``badge`` says in a
    few words why the work is not running (:mod:`wmkit.render.reasons`), ``badge_kind``
    colours it, ``badge_short`` replaces it where it does not fit and ``badge_detail`` is
    its tooltip.
    """

    id: str
    title: str
    state: str
    short_id: str = ""
    attempts: int = 0
    tags: tuple[str, ...] = ()
    merger: str | None = None
    group: str | None = None
    kind: str = "work"
    cascade: str | None = None
    cascade_kind: str | None = None
    periodic: str | None = None
    tooltip: str = ""
    badge: str = ""
    badge_kind: str = ""
    badge_short: str = ""  # drawn instead of ``badge`` when that does not fit the box
    badge_detail: str = ""  # the badge's tooltip: the whole reason
    counts: tuple[tuple[str, int], ...] = ()
    members: tuple[str, ...] = field(default=(), compare=False)

    @property
    def label_id(self) -> str:
        return self.short_id or self.id[:8]

    @property
    def is_join(self) -> bool:
        return self.kind == "join"

    @property
    def is_summary(self) -> bool:
        return self.kind == "summary"

    @property
    def heading(self) -> str:
        if self.is_summary:
            return f"{len(self.members)} × {self.title}"
        return f"{self.title} ↻ {self.periodic}" if self.periodic else self.title

    @property
    def tag_line(self) -> str:
        return shorten(" ".join(f"#{t}" for t in self.tags), TAGS_LIMIT) if self.tags else ""

    @property
    def lines(self) -> tuple[str, ...]:
        """The label, line by line: heading, state (with its icon) and id, attempts,
        tags, merger; for a summary, the heading and the counts per state."""
        if self.is_join:
            return ()
        if self.is_summary:
            count = dict(self.counts)
            rows = [
                "  ".join(f"{count[s]} {state_icon(s)}" for s in row if count.get(s))
                for row in SUMMARY_ROWS
            ]
            return (self.heading, *rows)
        lines = [
            self.heading,
            f"{state_icon(self.state)} {self.state} · {self.label_id}",
            f"attempts {self.attempts}",
        ]
        if self.tags:
            lines.append(self.tag_line)
        if self.merger:
            lines.append(f"⇉ {self.merger}")
        return tuple(lines)

    @cached_property
    def size(self) -> tuple[float, float]:
        """(width, height) in px, from the parts of the label that do not change."""
        if self.is_join:
            return (JOIN_SIZE, JOIN_SIZE)
        if self.is_summary:
            return _summary_size(self.heading, len(str(len(self.members))))
        return _stable_size(self.heading, len(self.label_id), self.tag_line, self.merger)

    @property
    def fill(self) -> str:
        return "#ffffff" if self.is_summary else state_fill(self.state)

    @property
    def stroke(self) -> str:
        return state_stroke(self.state)


@lru_cache(maxsize=4096)
def _stable_size(
    heading: str, id_length: int, tag_line: str, merger: str | None
) -> tuple[float, float]:
    """Node size from what a step cannot change (the id counts by its length only:
    every id character is given the width of the widest digit)."""
    state_line = text_width(f"◷ {_WIDEST_STATE} · ", LINE_SIZE) + id_length * 0.68 * LINE_SIZE
    widths = [
        text_width(heading, TITLE_SIZE, bold=True),
        state_line,
        text_width("attempts 999", LINE_SIZE),
    ]
    if tag_line:
        widths.append(text_width(tag_line, LINE_SIZE))
    if merger:
        widths.append(text_width(f"⇉ {merger}", LINE_SIZE))
    lines = 3 + bool(tag_line) + bool(merger)
    height = 2 * PAD_Y + TITLE_SIZE + 2 + LINE_HEIGHT * (lines - 1) + BADGE_ROOM
    return (round(max(max(widths) + 2 * PAD_X, MIN_WIDTH), 1), round(height, 1))


@lru_cache(maxsize=1024)
def _summary_size(heading: str, digits: int) -> tuple[float, float]:
    """Room for the heading and two rows of three counts of up to ``digits`` digits."""
    row = text_width("  ".join(["8" * digits + " ◷"] * 3), LINE_SIZE)
    width = max(text_width(heading, TITLE_SIZE, bold=True), row) + 2 * PAD_X
    height = 2 * PAD_Y + TITLE_SIZE + 2 + 2 * LINE_HEIGHT + SUMMARY_BAR + 4
    return (round(max(width, MIN_WIDTH), 1), round(height, 1))


@dataclass(frozen=True)
class DagEdge:
    """A prerequisite edge ``source -> target``; ``cascade`` marks a failure or
    cancellation travelling along it (``"failed"`` / ``"cancelled"``)."""

    source: str
    target: str
    cascade: str | None = None


@dataclass(frozen=True)
class DagGroup:
    """Works that share a unique name, drawn inside one cluster."""

    name: str
    node_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"unique “{shorten(self.name, 40)}”"


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of a legend: a state box, an edge style, a join or a cluster."""

    label: str
    fill: str
    stroke: str
    shape: str = "box"  # box | edge | circle | cluster | origin | badge
    dashed: bool = False


@dataclass(frozen=True)
class DagModel:
    """Everything the DAG drawing shows. ``legend`` empty means "work it out"."""

    nodes: tuple[DagNode, ...]
    edges: tuple[DagEdge, ...] = ()
    groups: tuple[DagGroup, ...] = ()
    legend: tuple[LegendEntry, ...] = ()
    now_millis: int = 0
    title: str = ""
    _index: dict[str, DagNode] = field(default_factory=dict, compare=False, repr=False, init=False)

    def node(self, node_id: str) -> DagNode:
        """The node with this id (KeyError if there is none)."""
        if not self._index:
            self._index.update((n.id, n) for n in self.nodes)
        return self._index[node_id]

    def structure_key(self) -> tuple[object, ...]:
        """What the layout depends on: nodes, their sizes and groups, and edges.

        States, attempts and cascades are left out on purpose: a step that only
        changes them reuses the cached layout and just recolours.
        """
        return (
            tuple((n.id, n.kind, n.size, n.group) for n in self.nodes),
            tuple((e.source, e.target) for e in self.edges),
            tuple((g.name, g.node_ids) for g in self.groups),
        )

    def legend_entries(self) -> tuple[LegendEntry, ...]:
        return self.legend or make_legend(self)


def make_legend(model: DagModel) -> tuple[LegendEntry, ...]:
    """Every state (so the palette is always explained), then the markers in use."""
    entries = [
        LegendEntry(f"{state_icon(s)} {s}", state_fill(s), state_stroke(s)) for s in STATE_ORDER
    ]
    if any(e.cascade == "failed" for e in model.edges) or any(
        n.cascade == "origin" and n.cascade_kind == "failed" for n in model.nodes
    ):
        entries.append(LegendEntry("failure cascade", FAILURE_PATH, FAILURE_PATH, "edge"))
    if any(e.cascade == "cancelled" for e in model.edges) or any(
        n.cascade == "origin" and n.cascade_kind == "cancelled" for n in model.nodes
    ):
        entries.append(LegendEntry("cancel cascade", CANCEL_PATH, CANCEL_PATH, "edge", True))
    if any(n.cascade == "origin" for n in model.nodes):
        entries.append(LegendEntry("cascade origin", "#ffffff", FAILURE_PATH, "origin"))
    if model.edges:
        entries.append(LegendEntry("prerequisite", EDGE, EDGE, "edge"))
    if any(n.is_join for n in model.nodes):
        entries.append(LegendEntry("combine join", "#ffffff", EDGE, "circle"))
    if model.groups:
        entries.append(LegendEntry("unique work", CLUSTER_FILL, CLUSTER_STROKE, "cluster"))
    if any(n.badge for n in model.nodes):
        entries.append(LegendEntry("why not running", "#495057", "#495057", "badge"))
    if any(n.is_summary for n in model.nodes):
        entries.append(LegendEntry("many works: click to expand", "#ffffff", EDGE, "summary"))
    return tuple(entries)
