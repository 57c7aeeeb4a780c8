"""Changing stored work in place: ``update_work`` and unique periodic work's policies
(Android's ``WorkerUpdater``).

An update keeps the row's id, state, run attempts, last enqueue time and period count,
bumps its generation and replaces everything else, tags included. A RUNNING work keeps
running with its old parameters; the new ones apply from its next run.
"""

from __future__ import annotations

from ..engine.engine import Engine
from ..enums import ExistingPeriodicWorkPolicy, ExistingWorkPolicy, State, UpdateResult
from ..errors import IllegalArgumentError, UnsupportedOperationError
from ..trace.kinds import EventKind
from ..units import LONG_MAX
from ..work.requests import PeriodicWorkRequest, WorkRequest
from ..work.work_spec import WorkSpec
from .unique import enqueue_with_prerequisites

# What update_work replaces; the rest of the row (id, state, counters) is kept.
_REPLACED_FIELDS = (
    "worker_class",
    "worker_class_name",
    "input",
    "constraints",
    "initial_delay",
    "backoff_policy",
    "backoff_delay",
    "backoff_on_system_interruptions",
    "interval",
    "flex",
    "expedited",
    "out_of_quota_policy",
    "keep_results_for",
    "input_merger",
    "input_merger_name",
)


def _kind(spec: WorkSpec) -> str:
    return "Periodic" if spec.is_periodic else "OneTime"


def update_work(engine: Engine, request: WorkRequest) -> UpdateResult:
    """``WorkManager.updateWork``: NOT_APPLIED over finished work, else applied now or
    (when the work is running) for its next run."""
    old = engine.table.get(request.id)
    if old is None:
        raise IllegalArgumentError(
            f"Worker with {request.id} doesn't exist: update_work needs the id of stored work "
            "(build the request with .set_id(existing_request.id))."
        )
    if old.state.is_finished:
        engine.emit(EventKind.UPDATED, old, f"NOT_APPLIED: the work is already {old.state.name}")
        return UpdateResult.NOT_APPLIED
    new = request.work_spec
    if old.is_periodic != new.is_periodic:
        raise UnsupportedOperationError(
            f"Can't update {_kind(old)} Worker to {_kind(new)} Worker. "
            "Update operation must preserve worker's type."
        )
    running = engine.run_of(old) is not None
    engine.table.apply_update(old, new, _REPLACED_FIELDS, running)
    result = UpdateResult.APPLIED_FOR_NEXT_RUN if running else UpdateResult.APPLIED_IMMEDIATELY
    if not running and old.state is State.ENQUEUED:
        engine.reschedule(old)
    engine.emit(EventKind.UPDATED, old, f"{result.name}, generation {old.generation}")
    return result


def enqueue_unique_periodic(
    engine: Engine, name: str, policy: ExistingPeriodicWorkPolicy, request: PeriodicWorkRequest
) -> None:
    """``enqueueUniquePeriodicWork``: KEEP, UPDATE, and REPLACE/CANCEL_AND_REENQUEUE."""
    if policy is ExistingPeriodicWorkPolicy.UPDATE:
        _enqueue_or_update(engine, name, request)
        return
    if policy is ExistingPeriodicWorkPolicy.KEEP:
        enqueue_with_prerequisites(engine, [request], [], name, ExistingWorkPolicy.KEEP)
        return
    if request.work_spec.override != LONG_MAX:
        raise IllegalArgumentError(
            "Next Schedule Time Override must be used with ExistingPeriodicWorkPolicyUPDATE "
            f"(preferably) or KEEP, not {policy.name}."
        )
    enqueue_with_prerequisites(engine, [request], [], name, ExistingWorkPolicy.REPLACE)


def _enqueue_or_update(engine: Engine, name: str, request: PeriodicWorkRequest) -> None:
    ids = engine.table.ids_named(name)
    if len(ids) > 1:
        raise UnsupportedOperationError(
            f"Can't apply UPDATE policy to the chains of work: {name!r} names {len(ids)} works."
        )
    if not ids:
        enqueue_with_prerequisites(engine, [request], [], name, ExistingWorkPolicy.KEEP)
        return
    current = engine.table[ids[0]]
    if not current.is_periodic:
        raise UnsupportedOperationError(
            "Can't update OneTimeWorker to Periodic Worker. "
            "Update operation must preserve worker's type."
        )
    if current.state is State.CANCELLED:
        engine.delete([current.id], f"UPDATE of {name!r} over CANCELLED work")
        enqueue_with_prerequisites(engine, [request], [], name, ExistingWorkPolicy.KEEP)
        return
    twin = PeriodicWorkRequest._create(request.work_spec.copy(), request.worker_class)
    twin.work_spec.id = twin.id = current.id
    update_work(engine, twin)
