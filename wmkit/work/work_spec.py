"""``WorkSpec``: the stored row of one work, the only mutable record in wmkit.

Life cycle (ANDROID_SEMANTICS §2)::

    enqueue ──► ENQUEUED ──start──► RUNNING ──success──► SUCCEEDED
       │          ▲   ▲                │  │ ──failure──► FAILED ──► dependents FAILED
       │          │   └──retry/stop────┘  └─(periodic success or failure: next period)
       └► BLOCKED ┘ (last prerequisite SUCCEEDED)
    any unfinished state ──cancel──► CANCELLED ──► dependents CANCELLED

Only the engine's work table (:mod:`wmkit.engine.table`) changes a stored WorkSpec, its
state only through ``WorkTable.transition``. A request's ``work_spec`` is a template that
the engine copies when the request is enqueued.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from ..enums import BackoffPolicy, OutOfQuotaPolicy, State, StopReason
from ..units import LONG_MAX
from .backoff import next_run_time
from .constraints import Constraints
from .data import Data


class WorkSpec:
    """Everything Android stores about one work (its ``WorkSpec`` row and more)."""

    __slots__ = (
        "backoff_delay",
        "backoff_on_system_interruptions",
        "backoff_policy",
        "constraints",
        "doc_id",
        "enqueue_seq",
        "expedited",
        "failure",
        "fast",
        "flex",
        "generation",
        "id",
        "initial_delay",
        "input",
        "input_merger",
        "input_merger_name",
        "interval",
        "keep_results_for",
        "last_enqueue_time",
        "out_of_quota_policy",
        "output",
        "override",
        "override_generation",
        "period_count",
        "prerequisites",
        "progress",
        "run_attempt_count",
        "state",
        "static_record",
        "stop_reason",
        "stored",
        "tags",
        "timer_token",
        "unique_name",
        "worker_class",
        "worker_class_name",
    )

    def __init__(self, id: uuid.UUID, worker_class: type | None, worker_class_name: str) -> None:
        self.id = id
        self.worker_class = worker_class
        self.worker_class_name = worker_class_name
        self.input = Data.EMPTY
        self.output = Data.EMPTY
        self.progress = Data.EMPTY
        self.state = State.ENQUEUED
        self.tags: frozenset[str] = frozenset()
        self.unique_name: str | None = None
        self.constraints = Constraints.NONE
        self.initial_delay = 0
        self.backoff_policy = BackoffPolicy.EXPONENTIAL
        self.backoff_delay = 30_000
        # setBackoffForSystemInterruptions (2.11): a stop by the system backs off from now.
        self.backoff_on_system_interruptions = False
        self.interval = 0
        self.flex = 0
        self.override = LONG_MAX
        self.override_generation = 0
        self.period_count = 0
        self.generation = 0
        self.run_attempt_count = 0
        self.last_enqueue_time = -1
        self.expedited = False
        self.out_of_quota_policy: OutOfQuotaPolicy | None = None
        self.keep_results_for = 0
        self.input_merger: type | None = None
        self.input_merger_name = ""
        self.prerequisites: tuple[uuid.UUID, ...] = ()
        self.stop_reason = int(StopReason.NOT_STOPPED)
        self.enqueue_seq = 0
        self.failure: str | None = None
        self.doc_id = 0
        self.timer_token = 0  # runtime only: invalidates this work's older due timers
        self.stored = False  # runtime only: True while the engine holds this row
        # Runtime only: the worker class when, due, this row starts at once on the
        # engine's fast path unless the phone restricts (a plain worker, no input to
        # merge, no constraints, not expedited), False when not, None when not worked
        # out yet; whoever changes the fields it depends on resets it.
        self.fast: type | bool | None = None
        # The store codec's cache of the fields only update_work changes (see
        # wmkit.storage.codec); whoever changes one of them sets it to None.
        self.static_record: dict[str, Any] | None = None

    @property
    def is_periodic(self) -> bool:
        return self.interval != 0

    @property
    def state_is_enqueued(self) -> bool:
        return self.state is State.ENQUEUED

    def next_run_time(self) -> int:
        """Android's ``calculateNextRunTime`` for this row."""
        return next_run_time(self)

    def field_values(self) -> tuple[Any, ...]:
        """Every field's value, in ``__slots__`` order: a copy of the row, since each
        value is immutable (a checkpoint keeps these)."""
        return _FIELD_VALUES(self)

    @classmethod
    def from_field_values(cls, values: tuple[Any, ...]) -> WorkSpec:
        """A new row from :meth:`field_values`, not yet held by any engine."""
        spec = _from_values(values)
        spec.timer_token = 0
        spec.stored = False
        spec.fast = None
        return spec

    def copy(self) -> WorkSpec:
        """An equal, independent row (a request's template becomes a stored row)."""
        twin = _from_values(_FIELD_VALUES(self))
        twin.static_record = None
        twin.fast = None
        return twin


_FIELD_VALUES = attrgetter(*WorkSpec.__slots__)


def _unpacker() -> Callable[[tuple[Any, ...]], WorkSpec]:
    """A new row from its field values in ``__slots__`` order, each slot set once.

    Written out as one unpacking assignment to every slot (``spec.a, spec.b, ... =
    values``), generated from ``__slots__`` so it cannot fall out of step with them: a
    loop of ``setattr`` costs five times as much, and enqueueing 10,000 works copies
    10,000 request templates."""
    targets = "".join(f"spec.{name}, " for name in WorkSpec.__slots__)
    source = (
        "def from_values(values):\n"
        "    spec = new(WorkSpec)\n"
        f"    {targets}= values\n"
        "    return spec\n"
    )
    namespace: dict[str, Any] = {"new": object.__new__, "WorkSpec": WorkSpec}
    exec(source, namespace)  # our own source, built from __slots__ above
    return namespace["from_values"]  # type: ignore[no-any-return]


_from_values = _unpacker()
