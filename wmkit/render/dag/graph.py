"""From the engine to the plain DAG model: :func:`dag_model`.

It reads only public calls (``describe_works``, ``trace``, ``clock``) and turns each
``WorkDescription`` into a :class:`~wmkit.render.dag.model.DagNode`: worker class, short
id, state, attempts, user tags (the implicit class tag hidden), the merger on fan-in
nodes, the unique name as a group, its part in a failure or cancellation cascade, and
a badge saying why it is not running. From a hundred works on, independent works of
one class are summarised in one node (:mod:`wmkit.render.dag.group`).
The hidden ``CombineContinuationsWorker`` that ``WorkContinuation.combine`` inserts
becomes a small join node.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ...units import format_duration
from ..reasons import Reason, TraceHints, why_not_running
from ..text import first_line, id_text
from .cascade import CascadeTracker
from .group import GROUP_FROM, summary_groups, summary_node
from .model import DagEdge, DagGroup, DagModel, DagNode, make_legend

JOIN_CLASS = "CombineContinuationsWorker"
DEFAULT_MERGER = "OverwritingInputMerger"


@lru_cache(maxsize=256)
def merger_label(merger_name: str) -> str:
    """``'wmkit.work.mergers.ArrayCreatingInputMerger'`` -> ``'ArrayCreating'``."""
    short = merger_name.rsplit(".", 1)[-1]
    if short.endswith("InputMerger") and short != "InputMerger":
        return short[: -len("InputMerger")]
    return short


def is_join(description: Any) -> bool:
    """True for the hidden worker ``WorkContinuation.combine`` adds."""
    return str(description.worker_class_name).rsplit(".", 1)[-1] == JOIN_CLASS


def dag_model(manager: Any, *, expanded: frozenset[str] = frozenset()) -> DagModel:
    """The DAG of every stored work of ``manager``, as plain dataclasses.

    >>> from wmkit import WorkManager, Worker, Result, OneTimeWorkRequest
    >>> class Step(Worker):
    ...     def do_work(self):
    ...         return Result.success()
    >>> wm = WorkManager()
    >>> a, b = OneTimeWorkRequest(Step), OneTimeWorkRequest(Step, tags=["io"])
    >>> wm.begin_with(a).then(b).enqueue()
    >>> model = dag_model(wm)
    >>> [(n.title, n.state, n.tags, n.badge) for n in model.nodes]
    [('Step', 'ENQUEUED', (), ''), ('Step', 'BLOCKED', ('io',), 'waits for Step')]
    >>> len(model.edges)
    1
    """
    tracker = CascadeTracker()
    tracker.update(manager.trace)
    hints = TraceHints()
    hints.update(manager.trace)
    return build_dag_model(
        manager.describe_works(),
        tracker,
        manager.clock.now_millis,
        device=manager.device,
        hints=hints,
        expanded=expanded,
        max_workers=manager.max_concurrent_workers,
    )


def build_dag_model(
    descriptions: Sequence[Any],
    cascades: CascadeTracker | None = None,
    now_millis: int = 0,
    *,
    cache: dict[Any, tuple[tuple[Any, ...], DagNode]] | None = None,
    device: Any = None,
    hints: TraceHints | None = None,
    expanded: frozenset[str] = frozenset(),
    group_from: int = GROUP_FROM,
    max_workers: int | None = None,
) -> DagModel:
    """The model from ``WorkDescription``s (in enqueue order) and known cascades.

    ``cache`` (a dict the caller keeps between steps) reuses the node of every work
    whose drawn fields did not change, which is most of them at any step. From
    ``group_from`` works on, independent works of one class become one summary node
    each, unless their class is in ``expanded``. ``max_workers`` (the manager's
    ``max_concurrent_workers``) lets a badge say "slots busy".
    """
    names = {d.id: id_text(d.id) for d in descriptions}
    by_id = {names[d.id]: d for d in descriptions}
    cascades = cascades or CascadeTracker()
    summaries = summary_groups(descriptions, names, group_from, expanded)
    member_of = {m: key for key, ids in summaries.items() for m in ids}
    nodes: list[DagNode] = []
    edges: list[DagEdge] = []
    groups: dict[str, list[str]] = {}
    fresh: dict[Any, tuple[tuple[Any, ...], DagNode]] = {}
    placed: set[str] = set()
    running = sum(1 for d in descriptions if d.state.name == "RUNNING")
    slots_busy = max_workers is not None and running >= max_workers
    for d in descriptions:
        node_id = names[d.id]
        group_key = member_of.get(node_id)
        if group_key is not None:
            if group_key not in placed:
                placed.add(group_key)
                nodes.append(summary_node(group_key, summaries[group_key], by_id))
            continue
        state = d.state.name
        parent_states = [by_id[names[p]].state.name for p in d.prerequisites if p in names]
        role = cascades.role(node_id, state, state in parent_states)
        parents = len(parent_states)
        reason = why_not_running(
            d, now=now_millis, device=device, by_id=by_id, hints=hints, slots_busy=slots_busy
        )
        key = (
            state,
            d.run_attempt_count,
            d.tags,
            d.unique_name,
            parents,
            d.input_merger_name,
            d.interval_millis,
            d.failure,
            d.blockers,
            role,
            d.worker_class_name,
            reason,
        )
        hit = None if cache is None else cache.get(d.id)
        node = (
            hit[1]
            if hit is not None and hit[0] == key
            else _node(d, node_id, parents, role, reason)
        )
        fresh[d.id] = (key, node)
        nodes.append(node)
        if d.unique_name is not None:
            groups.setdefault(d.unique_name, []).append(node_id)
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    roles = {n.id: (n.cascade, n.cascade_kind) for n in nodes}
    for d in descriptions:
        target = names[d.id]
        if target in member_of:
            continue
        for parent in d.prerequisites:
            source = names.get(parent)
            if source is not None:
                edges.append(DagEdge(source, target, _edge_cascade(roles, source, target)))
    model = DagModel(
        nodes=tuple(nodes),
        edges=tuple(edges),
        groups=tuple(DagGroup(name, tuple(ids)) for name, ids in groups.items()),
        now_millis=now_millis,
    )
    return replace(model, legend=make_legend(model))


def _node(
    d: Any,
    node_id: str,
    parents: int,
    role: tuple[str | None, str | None],
    reason: Reason | None,
) -> DagNode:
    state = d.state.name
    join = is_join(d)
    merger = None
    if not join and (
        parents >= 2
        or (parents and merger_label(d.input_merger_name) != merger_label(DEFAULT_MERGER))
    ):
        merger = merger_label(d.input_merger_name)
    tags = tuple(sorted(d.tags - {d.worker_class_name}))
    return DagNode(
        id=node_id,
        title="combine" if join else d.worker_class_name.rsplit(".", 1)[-1],
        state=state,
        short_id=node_id[:8],
        attempts=d.run_attempt_count,
        tags=tags,
        merger=merger,
        group=d.unique_name,
        kind="join" if join else "work",
        cascade=role[0],
        cascade_kind=role[1],
        periodic=format_duration(d.interval_millis) if d.interval_millis else None,
        tooltip=_tooltip(d, node_id, state, join, reason),
        badge="" if reason is None or join else reason.label,
        badge_kind="" if reason is None or join else reason.kind,
        badge_short="" if reason is None or join else reason.short,
        badge_detail="" if reason is None or join else reason.detail,
    )


def _tooltip(d: Any, node_id: str, state: str, join: bool, reason: Reason | None) -> str:
    lines = [f"{d.worker_class_name} {node_id}", f"{state}, attempts {d.run_attempt_count}"]
    if join:
        lines.append("joins combined chains; ArrayCreatingInputMerger")
    if d.failure:
        lines.append(first_line(d.failure))
    if reason is not None:
        lines.append(f"not running: {reason.detail}")
    return "\n".join(lines)


def _edge_cascade(
    roles: dict[str, tuple[str | None, str | None]], source: str, target: str
) -> str | None:
    """The cascade kind along ``source -> target``: the target was dragged along and the
    source is part of the same cascade (its origin or another victim)."""
    target_role, target_kind = roles[target]
    if target_role != "path":
        return None
    source_role, source_kind = roles.get(source, (None, None))
    return target_kind if source_role is not None and source_kind == target_kind else None
