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
from typing import Any

from ..enums import BackoffPolicy, OutOfQuotaPolicy, State, StopReason
from ..units import LONG_MAX
from .backoff import next_run_time
from .constraints import Constraints
from .data import Data

_EMPTY = Data.EMPTY
_STATES = {state.value: state for state in State}  # Enum lookup by value is slow
_NOT_STOPPED = int(StopReason.NOT_STOPPED)


class WorkSpec:
    """Everything Android stores about one work (its ``WorkSpec`` row and more)."""

    __slots__ = (
        "backoff_delay",
        "backoff_policy",
        "constraints",
        "doc_id",
        "enqueue_seq",
        "expedited",
        "failure",
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
        self.static_record: dict[str, Any] | None = None  # cache for to_record; None: stale

    @property
    def is_periodic(self) -> bool:
        return self.interval != 0

    @property
    def state_is_enqueued(self) -> bool:
        return self.state is State.ENQUEUED

    def next_run_time(self) -> int:
        """Android's ``calculateNextRunTime`` for this row."""
        return next_run_time(self)

    def copy(self) -> WorkSpec:
        twin = WorkSpec.__new__(WorkSpec)
        for name in WorkSpec.__slots__:
            setattr(twin, name, getattr(self, name))
        twin.static_record = None
        return twin

    # Storage: a compact JSON-safe dict; short keys keep a 20 000-work file small.
    def _static_record(self) -> dict[str, Any]:
        """The fields only ``update_work`` (or a deleted prerequisite) changes."""
        record: dict[str, Any] = {
            "id": str(self.id),
            "w": self.worker_class_name,
            "t": sorted(self.tags),
        }
        optional = {
            "in": self.input.to_record(),
            "u": self.unique_name,
            "c": None if self.constraints.is_none else self.constraints.to_record(),
            "D": self.initial_delay,
            "bp": None if self.backoff_policy is BackoffPolicy.EXPONENTIAL else "LINEAR",
            "B": None if self.backoff_delay == 30_000 else self.backoff_delay,
            "I": self.interval,
            "F": self.flex,
            "x": self.expedited,
            "oq": None if self.out_of_quota_policy is None else self.out_of_quota_policy.value,
            "k": self.keep_results_for,
            "m": self.input_merger_name or None,
            "pre": [str(p) for p in self.prerequisites],
        }
        record.update((k, v) for k, v in optional.items() if v)
        return record

    def to_record(self) -> dict[str, Any]:
        """A compact JSON-safe dict; defaults are left out. The store takes ownership."""
        static = self.static_record
        if static is None:
            static = self.static_record = self._static_record()
        record = dict(static)
        record["s"] = self.state.value
        record["E"] = self.last_enqueue_time
        record["n"] = self.run_attempt_count
        record["q"] = self.enqueue_seq
        if self.output is not _EMPTY:
            record["out"] = self.output.to_record()
        if self.progress is not _EMPTY:
            record["pr"] = self.progress.to_record()
        if self.override != LONG_MAX:
            record["O"] = self.override  # 0 is a real instant: test against the sentinel
        if self.override_generation:
            record["Og"] = self.override_generation
        if self.period_count:
            record["P"] = self.period_count
        if self.generation:
            record["g"] = self.generation
        if self.stop_reason != _NOT_STOPPED:
            record["sr"] = self.stop_reason
        if self.failure:
            record["f"] = self.failure
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> WorkSpec:
        """The row a store saved (every slot set once: a reopen builds thousands)."""
        spec = cls.__new__(cls)
        get = record.get
        spec.id = uuid.UUID(record["id"])
        spec.worker_class = None  # found by name once the program defines it again
        spec.worker_class_name = record["w"]
        spec.state = _STATES[record["s"]]
        spec.tags = frozenset(record["t"])
        spec.last_enqueue_time = record["E"]
        spec.run_attempt_count = record["n"]
        spec.enqueue_seq = record["q"]
        spec.input = Data.from_record(record["in"]) if "in" in record else _EMPTY
        spec.output = Data.from_record(record["out"]) if "out" in record else _EMPTY
        spec.progress = Data.from_record(record["pr"]) if "pr" in record else _EMPTY
        spec.unique_name = get("u")
        spec.constraints = (
            Constraints.from_record(record["c"]) if "c" in record else Constraints.NONE
        )
        spec.initial_delay = get("D", 0)
        spec.backoff_policy = (
            BackoffPolicy(record["bp"]) if "bp" in record else BackoffPolicy.EXPONENTIAL
        )
        spec.backoff_delay = get("B", 30_000)
        spec.interval = get("I", 0)
        spec.flex = get("F", 0)
        spec.override = get("O", LONG_MAX)
        spec.override_generation = get("Og", 0)
        spec.period_count = get("P", 0)
        spec.generation = get("g", 0)
        spec.expedited = get("x", False)
        spec.out_of_quota_policy = OutOfQuotaPolicy(record["oq"]) if "oq" in record else None
        spec.keep_results_for = get("k", 0)
        spec.input_merger = None
        spec.input_merger_name = get("m", "")
        spec.prerequisites = (
            tuple(uuid.UUID(p) for p in record["pre"]) if "pre" in record else ()
        )
        spec.stop_reason = get("sr", _NOT_STOPPED)
        spec.failure = get("f")
        spec.doc_id = 0
        spec.timer_token = 0
        spec.stored = False
        spec.static_record = None
        return spec
