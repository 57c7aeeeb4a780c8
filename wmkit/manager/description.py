"""``WorkDescription``: everything the engine knows about one work, for views and lessons.

``WorkInfo`` is Android's public snapshot and deliberately thin. Views (the DAG, the
timeline, the merge inspector) need more: the worker class, prerequisites and
dependents, the unique name, the merger, the input, the last enqueue time, why it waits.
A ``WorkDescription`` is a frozen copy of that, so a view can never change the engine.

>>> from datetime import timedelta
>>> from wmkit import WorkManager, Worker, Result, OneTimeWorkRequest
>>> class Step(Worker):
...     def do_work(self):
...         return Result.success()
>>> wm = WorkManager()
>>> a, b = OneTimeWorkRequest(Step), OneTimeWorkRequest(Step)
>>> wm.begin_with(a).then(b).enqueue()
>>> d = wm.describe_work(b.id)
>>> d.worker_class_name.endswith("Step"), d.state.name, d.prerequisites == (a.id,)
(True, 'BLOCKED', True)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..enums import BackoffPolicy, State
from ..units import LONG_MAX
from ..work.constraints import Constraints
from ..work.data import Data

if TYPE_CHECKING:
    from ..engine.engine import Engine
    from ..work.work_spec import WorkSpec


#: Kinds of :class:`BlockerInfo` that do not come from the phone's rules: their text is
#: the whole sentence (the rules' blockers read ``"<kind>: <text>"`` in ``waiting_for``).
CLASS_MISSING = "class-missing"
SCHEDULER_LIMIT = "scheduler-limit"
SLOTS_BUSY = "slots-busy"
_OWN_KINDS = frozenset({CLASS_MISSING, SCHEDULER_LIMIT, SLOTS_BUSY})


@dataclass(frozen=True)
class BlockerInfo:
    """One thing that holds a due ENQUEUED work now, as data for views.

    ``kind`` is the rule: the phone's (``"force-stopped"``, ``"doze"``, ``"quota"``,
    ``"expedited-quota"``, ``"constraint"``, ``"dropped"``) or the manager's own
    (``"class-missing"``, ``"scheduler-limit"``, ``"slots-busy"``); ``text`` says what is
    wrong in words; ``until_millis`` is when the rule will next be looked at by itself
    (a Doze window, a quota refill), or None when only a change helps.

    >>> BlockerInfo("doze", "the phone is in deep Doze", 60_000).entry
    'doze: the phone is in deep Doze'
    >>> BlockerInfo("slots-busy", "all 4 worker slots are busy").entry
    'all 4 worker slots are busy'
    """

    kind: str
    text: str
    until_millis: int | None = None

    @property
    def entry(self) -> str:
        """The line ``WorkDescription.waiting_for`` shows for it."""
        return self.text if self.kind in _OWN_KINDS else f"{self.kind}: {self.text}"


@dataclass(frozen=True)
class WorkDescription:
    """A read-only picture of one stored work at one instant."""

    id: uuid.UUID
    worker_class_name: str
    state: State
    tags: frozenset[str]
    unique_name: str | None
    prerequisites: tuple[uuid.UUID, ...]
    dependents: tuple[uuid.UUID, ...]
    input_data: Data
    output_data: Data
    progress: Data
    input_merger_name: str
    constraints: Constraints
    run_attempt_count: int
    generation: int
    initial_delay_millis: int
    keep_results_for_millis: int
    backoff_policy: BackoffPolicy
    backoff_delay_millis: int
    interval_millis: int
    flex_millis: int
    period_count: int
    last_enqueue_time: int
    next_run_time: int
    schedule_override: int | None
    expedited: bool
    stop_reason: int
    failure: str | None
    running_since: int | None
    blockers: tuple[BlockerInfo, ...]
    enqueue_order: int

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """Why a due ENQUEUED work is not running, one sentence per blocker (empty when
        nothing holds it): ``"constraint: needs network CONNECTED but the network is
        none"``, ``"all 1 worker slots are busy"``."""
        return tuple(b.entry for b in self.blockers)

    @property
    def short_name(self) -> str:
        """The worker class without its module: ``'Upload'``."""
        return self.worker_class_name.rsplit(".", 1)[-1]

    @property
    def short_id(self) -> str:
        return str(self.id)[:8]

    @property
    def is_periodic(self) -> bool:
        return self.interval_millis != 0

    @property
    def user_tags(self) -> frozenset[str]:
        """Tags without the implicit worker-class tag."""
        return self.tags - {self.worker_class_name}


def describe(engine: Engine, spec: WorkSpec) -> WorkDescription:
    """The description of one stored row."""
    run = engine.run_of(spec)
    due = spec.next_run_time() if spec.state is State.ENQUEUED else LONG_MAX
    return WorkDescription(
        id=spec.id,
        worker_class_name=spec.worker_class_name,
        state=spec.state,
        tags=spec.tags,
        unique_name=spec.unique_name,
        prerequisites=spec.prerequisites,
        dependents=tuple(engine.table.dependents_of(spec.id)),
        input_data=spec.input,
        output_data=spec.output,
        progress=spec.progress,
        input_merger_name=spec.input_merger_name,
        constraints=spec.constraints,
        run_attempt_count=spec.run_attempt_count,
        generation=spec.generation,
        initial_delay_millis=spec.initial_delay,
        keep_results_for_millis=spec.keep_results_for,
        backoff_policy=spec.backoff_policy,
        backoff_delay_millis=spec.backoff_delay,
        interval_millis=spec.interval,
        flex_millis=spec.flex,
        period_count=spec.period_count,
        last_enqueue_time=spec.last_enqueue_time,
        next_run_time=due,
        schedule_override=None if spec.override == LONG_MAX else spec.override,
        expedited=spec.expedited,
        stop_reason=spec.stop_reason,
        failure=spec.failure,
        running_since=None if run is None else run.started_at,
        blockers=tuple(blockers_of(engine, spec)),
        enqueue_order=spec.doc_id,
    )


def blockers_of(engine: Engine, spec: WorkSpec) -> list[BlockerInfo]:
    """What holds a due ENQUEUED work now (empty when nothing holds it)."""
    now = engine.now
    if spec.state is not State.ENQUEUED or spec.next_run_time() > now:
        return []
    found = []
    if engine.schedule.misses_class(spec):
        found.append(
            BlockerInfo(CLASS_MISSING, f"worker class {spec.worker_class_name} is not defined")
        )
    found.extend(
        BlockerInfo(b.kind, b.what, b.until) for b in engine.admission.blockers_for(spec, now)
    )
    if not engine.schedule.is_handed_over(spec):
        found.append(
            BlockerInfo(
                SCHEDULER_LIMIT,
                f"not handed to JobScheduler yet: {engine.scheduler_limit} works hold its slots",
            )
        )
    if not found and engine.running_count >= engine.max_workers:
        found.append(BlockerInfo(SLOTS_BUSY, f"all {engine.max_workers} worker slots are busy"))
    return found

