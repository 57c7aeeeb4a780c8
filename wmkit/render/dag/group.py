"""Many works at once: independent works of one class drawn as one summary node.

Three hundred periodic ``Tick`` works drawn one by one fill screens with identical
boxes and say nothing. From :data:`GROUP_FROM` stored works on, the works that stand
alone (no prerequisite, no dependent, no unique name) are gathered per worker class
into a node that counts them by state ("270 × Tick: 212 ✓ 4 ▶ 54 ◷"); a view expands a
class again when it is clicked. Works in chains are always drawn: their shape is the
lesson.

>>> from types import SimpleNamespace as NS
>>> works = [NS(id=i, worker_class_name="Tick", prerequisites=(), dependents=(),
...             unique_name=None, state=NS(name="ENQUEUED")) for i in range(6)]
>>> groups = summary_groups(works, {i: str(i) for i in range(6)}, group_from=5)
>>> list(groups), len(groups["group:Tick"])
(['group:Tick'], 6)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ..colors import STATE_ORDER, state_icon
from .model import DagNode

#: From this many stored works on, independent works of one class are summarised.
GROUP_FROM = 100
#: A class needs at least this many independent works to be summarised.
MIN_GROUP = 5
#: Id prefix of a summary node (what a click on it reports).
GROUP_PREFIX = "group:"
#: The state a summary is coloured by: what is going on, before what is over.
ACTIVITY = ("RUNNING", "ENQUEUED", "BLOCKED", "FAILED", "CANCELLED", "SUCCEEDED")


def summary_groups(
    descriptions: Sequence[Any],
    names: Mapping[Any, str],
    group_from: int = GROUP_FROM,
    expanded: frozenset[str] = frozenset(),
) -> dict[str, tuple[str, ...]]:
    """``{"group:<class>": member ids}`` for each class with at least :data:`MIN_GROUP`
    independent works, when there are ``group_from`` works or more (none below)."""
    if len(descriptions) < group_from:
        return {}
    alone: dict[str, list[str]] = {}
    for d in descriptions:
        if d.unique_name is not None:
            continue
        if any(p in names for p in d.prerequisites) or any(c in names for c in d.dependents):
            continue
        cls = d.worker_class_name
        if cls not in expanded:
            alone.setdefault(cls, []).append(names[d.id])
    return {GROUP_PREFIX + cls: tuple(ids) for cls, ids in alone.items() if len(ids) >= MIN_GROUP}


def summary_node(key: str, members: Sequence[str], by_id: Mapping[str, Any]) -> DagNode:
    """The node that stands for ``members``, coloured by their liveliest state."""
    counts = Counter(by_id[m].state.name for m in members)
    cls = key[len(GROUP_PREFIX) :]
    state = next((s for s in ACTIVITY if counts.get(s)), "SUCCEEDED")
    ordered = tuple((s, counts[s]) for s in STATE_ORDER if counts.get(s))
    text = " ".join(f"{n} {state_icon(s)}" for s, n in ordered)
    return DagNode(
        id=key,
        title=cls.rsplit(".", 1)[-1],
        state=state,
        kind="summary",
        counts=ordered,
        members=tuple(members),
        tooltip=f"{len(members)} independent {cls} works: {text}\nclick to draw them one by one",
    )


def class_of(group_id: str) -> str | None:
    """The worker class a summary node's id stands for (None for a work's id)."""
    return group_id[len(GROUP_PREFIX) :] if group_id.startswith(GROUP_PREFIX) else None
