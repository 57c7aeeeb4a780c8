"""Inserting works, with prerequisites and unique-name policies (Android's EnqueueRunnable).

A policy applies only to the first continuation of a named chain (named and without
prerequisites); works added with ``then`` inherit the name. "Existing" means every row
with that name in any state, finished ones included, until they are pruned or deleted.

=================  ===================================  =========================================
policy             existing has ENQUEUED or RUNNING     existing all finished (or only BLOCKED)
=================  ===================================  =========================================
REPLACE            cancel (stop runs), delete, insert   delete every row, insert
KEEP               do nothing                           cancel + delete every row, insert
APPEND             hang the new work on the leaves      same; FAILED/CANCELLED leaf -> same state
APPEND_OR_REPLACE  as APPEND                            failed/cancelled leaf: delete (no cancel),
                                                        insert as a fresh chain
=================  ===================================  =========================================
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from ..engine.engine import Engine
from ..enums import ExistingWorkPolicy, State
from ..trace.kinds import EventKind
from ..work.continuation import ChainLevel
from ..work.requests import WorkRequest


def enqueue_levels(engine: Engine, levels: Sequence[ChainLevel]) -> None:
    """Insert a chain's levels, earliest first (``WorkContinuation.enqueue``)."""
    for level in levels:
        enqueue_with_prerequisites(
            engine, level.requests, level.prerequisites, level.name, level.policy
        )


def enqueue_with_prerequisites(
    engine: Engine,
    requests: Sequence[WorkRequest],
    prerequisites: Sequence[uuid.UUID],
    name: str | None,
    policy: ExistingWorkPolicy,
) -> bool:
    """Insert ``requests`` behind ``prerequisites``, applying ``policy`` to ``name``.

    Returns False when nothing was inserted (KEEP protecting running work, or a
    prerequisite that no longer exists, which Android also skips silently).
    """
    table = engine.table
    if any(p not in table for p in prerequisites):
        missing = next(p for p in prerequisites if p not in table)
        engine.emit(EventKind.SKIPPED, None, f"prerequisite {missing} doesn't exist; not enqueuing")
        return False
    prerequisites = list(prerequisites)
    if name is not None and not prerequisites:
        existing = table.ids_named(name)
        if existing:
            outcome = _apply_policy(engine, name, policy, existing)
            if outcome is None:
                return False
            prerequisites = outcome
    for request in requests:
        if request.id in table:
            continue  # Android inserts with OnConflictStrategy.IGNORE
        spec = request.work_spec.copy()
        spec.unique_name = name
        spec.prerequisites = tuple(prerequisites)
        engine.insert(spec)
    return True


def _apply_policy(
    engine: Engine, name: str, policy: ExistingWorkPolicy, existing: list[uuid.UUID]
) -> list[uuid.UUID] | None:
    """The prerequisites the new work gets, or None when KEEP keeps the old work."""
    table = engine.table
    if policy in (ExistingWorkPolicy.APPEND, ExistingWorkPolicy.APPEND_OR_REPLACE):
        leaves = [w for w in existing if not table.has_dependents(w)]
        if policy is ExistingWorkPolicy.APPEND_OR_REPLACE and any(
            table[w].state in (State.FAILED, State.CANCELLED) for w in leaves
        ):
            engine.delete(
                existing,
                f"APPEND_OR_REPLACE: the chain under {name!r} had failed or was cancelled",
            )
            return []
        return leaves
    if policy is ExistingWorkPolicy.KEEP and any(
        table[w].state in (State.ENQUEUED, State.RUNNING) for w in existing
    ):
        engine.emit(
            EventKind.KEPT, None, f"KEEP: {name!r} still has unfinished work; nothing enqueued"
        )
        return None
    unfinished = [w for w in existing if not table[w].state.is_finished]
    engine.cancel(unfinished, f"{policy.name} of unique work {name!r}")
    engine.delete(existing, f"{policy.name} of unique work {name!r}")
    return []
