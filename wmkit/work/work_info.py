"""``WorkInfo``: the read-only snapshot of a work that ``get_work_info_*`` returns.

As on Android: ``run_attempt_count`` is 1 while the first run is RUNNING;
``next_schedule_time_millis`` is ``2**63 - 1`` unless the work is ENQUEUED; ``stop_reason``
is a plain ``int`` equal to a ``StopReason``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import ClassVar

from ..enums import State, stop_reason_name
from ..units import LONG_MAX, format_millis
from .constraints import Constraints
from .data import Data
from .work_spec import WorkSpec


@dataclass(frozen=True)
class PeriodicityInfo:
    """The period of a periodic work (``WorkInfo.PeriodicityInfo``)."""

    repeat_interval_millis: int
    flex_interval_millis: int


@dataclass(frozen=True)
class WorkInfo:
    """Everything a student may read about one work at one instant."""

    id: uuid.UUID
    state: State
    tags: frozenset[str]
    output_data: Data
    progress: Data
    run_attempt_count: int
    generation: int
    constraints: Constraints
    initial_delay_millis: int
    periodicity_info: PeriodicityInfo | None
    period_count: int
    next_schedule_time_millis: int
    stop_reason: int

    State: ClassVar[type[State]] = State

    @classmethod
    def of(cls, spec: WorkSpec) -> WorkInfo:
        """The WorkInfo of a stored row."""
        enqueued = spec.state is State.ENQUEUED
        return cls(
            id=spec.id,
            state=spec.state,
            tags=spec.tags,
            output_data=spec.output,
            progress=spec.progress,
            run_attempt_count=spec.run_attempt_count,
            generation=spec.generation,
            constraints=spec.constraints,
            initial_delay_millis=spec.initial_delay,
            periodicity_info=(
                PeriodicityInfo(spec.interval, spec.flex) if spec.interval else None
            ),
            period_count=spec.period_count,
            next_schedule_time_millis=spec.next_run_time() if enqueued else LONG_MAX,
            stop_reason=spec.stop_reason,
        )

    def __str__(self) -> str:
        extra = ""
        if self.state is State.ENQUEUED:
            extra = f", next run {format_millis(self.next_schedule_time_millis)}"
        return (
            f"WorkInfo({str(self.id)[:8]} {self.state.name}, attempts {self.run_attempt_count}"
            f"{extra}, stop reason {stop_reason_name(self.stop_reason)})"
        )
