"""Reading works by id, tag, unique name or query, as ``WorkInfo`` snapshots.

Each function checks its argument first, so a wrong one is refused at the call with a
message that names the fix.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..engine.engine import Engine
from ..errors import IllegalArgumentError
from ..work.query import WorkQuery
from ..work.work_info import WorkInfo
from .checks import check_id, check_name, check_tag


def info_by_id(engine: Engine, work_id: Any) -> WorkInfo | None:
    check_id(work_id)
    spec = engine.table.get(work_id)
    return None if spec is None else WorkInfo.of(spec)


def infos_by_tag(engine: Engine, tag: Any) -> list[WorkInfo]:
    check_tag(tag)
    table = engine.table
    return [WorkInfo.of(table[i]) for i in table.ids_with_tag(tag)]


def infos_for_unique_work(engine: Engine, name: Any) -> list[WorkInfo]:
    check_name(name)
    table = engine.table
    return [WorkInfo.of(table[i]) for i in table.ids_named(name)]


def infos(engine: Engine, query: Any) -> list[WorkInfo]:
    if not isinstance(query, WorkQuery):
        raise IllegalArgumentError(
            f"get_work_infos takes a WorkQuery, got {query!r}; e.g. "
            "WorkQuery.from_states([State.ENQUEUED])."
        )
    return [WorkInfo.of(spec) for spec in engine.table if query.matches(spec)]


def unfinished_with_tag(engine: Engine, tag: Any) -> list[uuid.UUID]:
    check_tag(tag)
    return unfinished(engine, engine.table.ids_with_tag(tag))


def unfinished_named(engine: Engine, name: Any) -> list[uuid.UUID]:
    check_name(name)
    return unfinished(engine, engine.table.ids_named(name))


def unfinished(engine: Engine, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Those of ``ids`` whose work is stored and not finished."""
    table = engine.table
    return [i for i in ids if i in table and not table[i].state.is_finished]


def state_counts(engine: Engine) -> str:
    """``"2 ENQUEUED, 1 SUCCEEDED"``, or ``"no work"``."""
    counts: dict[str, int] = {}
    for spec in engine.table:
        counts[spec.state.name] = counts.get(spec.state.name, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "no work"
