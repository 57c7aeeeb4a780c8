"""What a finished run does to its work: Android's ``WorkerWrapper.handleResult``.

The decision is one table, :data:`RESOLUTIONS` (ANDROID_SEMANTICS §5, §6): what a
one-time and a periodic work do after ``success``, ``failure``, ``retry`` and a raised
exception; what a periodic work does after an exception depends on the androidx
release (:func:`resolutions_for`, from :mod:`wmkit.versions`). :class:`Results` carries
a decision out on the work table and the schedule: success unblocks the dependents
whose every prerequisite SUCCEEDED, failure cascades to every transitive dependent (§9),
a retry and a new period re-enqueue the work for when it is due.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import versions
from ..enums import State
from ..trace.kinds import EventKind
from ..trace.payloads import CascadeFailed
from ..versions import AndroidxProfile
from ..work.data import Data
from ..work.work_spec import WorkSpec
from ..work.worker import Result
from .schedule import Schedule
from .table import WorkTable

BLOCKED, SUCCEEDED = State.BLOCKED, State.SUCCEEDED
# Module constants: reading an Enum member off its class costs a lookup each time.
SUCCEEDED_, FAILED_, UNBLOCKED_ = (
    EventKind.SUCCEEDED,
    EventKind.FAILED,
    EventKind.UNBLOCKED,
)
_SUCCESS = Result.SUCCESS

SUCCEED, FAIL, RETRY, NEXT_PERIOD = "succeed", "fail", "retry", "next period"
#: What a result does to a work: ``(spec, now, output, note, override_generation)``.
Handler = Callable[[WorkSpec, int, Any, Any, int], None]
#: A run whose ``do_work`` raised (its Result is ``failure()``, with the traceback).
CRASHED = "crashed"

#: Result kind -> (what a one-time work does, what a periodic work does), for androidx
#: 2.9; :func:`resolutions_for` gives another release's table.
RESOLUTIONS: dict[str, tuple[str, str]] = {
    Result.SUCCESS: (SUCCEED, NEXT_PERIOD),
    # A periodic work's failure() just ends the period (resetPeriodic).
    Result.FAILURE: (FAIL, NEXT_PERIOD),
    Result.RETRY: (RETRY, RETRY),
    # An exception counts as failure() for one-time work in every release; for periodic
    # work the release decides (wmkit.versions.BEHAVIOURS["periodic_worker_raised"]).
    CRASHED: (FAIL, NEXT_PERIOD),
}


def resolutions_for(profile: AndroidxProfile) -> dict[str, tuple[str, str]]:
    """:data:`RESOLUTIONS` under one androidx release: a periodic work whose worker
    raised goes on to its next period (2.9) or FAILS for good (2.10, 2.11)."""
    periodic = NEXT_PERIOD if profile.periodic_worker_raised == versions.NEXT_PERIOD else FAIL
    return {**RESOLUTIONS, CRASHED: (FAIL, periodic)}


class Results:
    """Applies run results to the rows and the schedule."""

    def __init__(
        self,
        table: WorkTable,
        schedule: Schedule,
        resolutions: dict[str, tuple[str, str]] = RESOLUTIONS,
    ) -> None:
        self._table = table
        self._schedule = schedule
        self._resolutions = resolutions
        #: Result kind -> what it does to a one-time work, and to a periodic one: the
        #: resolution table turned into handlers ``(spec, now, output, note,
        #: override_generation)`` once, so a run's result is one lookup and one call.
        self.one_time: dict[str, Handler] = {}
        self.periodic: dict[str, Handler] = {}
        for kind, (one_time, periodic) in resolutions.items():
            self.one_time[kind] = self._handler(one_time, kind)
            self.periodic[kind] = self._handler(periodic, kind)

    def _handler(self, action: str, kind: str) -> Handler:
        if action == NEXT_PERIOD:
            return self.period_succeeded if kind == _SUCCESS else self.period_failed
        handlers: dict[str, Handler] = {SUCCEED: self.succeed, FAIL: self.fail, RETRY: self.retry}
        return handlers[action]

    def apply(
        self,
        spec: WorkSpec,
        now: int,
        kind: str,
        output: Data,
        note: str | None,
        override_generation: int,
    ) -> None:
        """Do what :data:`RESOLUTIONS` says for a run of ``spec`` that ended as ``kind``."""
        handlers = self.periodic if spec.interval else self.one_time
        handlers[kind](spec, now, output, note, override_generation)

    def succeed(self, spec: WorkSpec, now: int, output: Data, note: str | None, _: int = 0) -> None:
        """SUCCEEDED; each BLOCKED dependent whose prerequisites all SUCCEEDED is enqueued."""
        table = self._table
        table.succeed(spec, now, output, note)
        if self._schedule.limit is not None:
            self._schedule.take_back(spec, now)
        if not table.has_dependents(spec.id):
            return
        for dependent_id in table.dependents_of(spec.id):
            dependent = table.get(dependent_id)
            if dependent is None or dependent.state is not BLOCKED:
                continue
            if all(s is SUCCEEDED for s in table.states_of(dependent.prerequisites)):
                table.enqueue(dependent, now, UNBLOCKED_, "every prerequisite SUCCEEDED")
                self._schedule.queue(dependent, now)

    def fail(
        self, spec: WorkSpec, now: int, output: Data | None, note: str | None, _: int = 0
    ) -> None:
        """FAILED, and every transitive dependent FAILED unless CANCELLED (§9)."""
        table = self._table
        table.fail(spec, now, output, note, note or "")
        self._schedule.take_back(spec, now)
        if not table.has_dependents(spec.id):
            return
        for dependent in table.with_dependents(spec.id):
            if dependent is not spec and not dependent.state.is_finished:
                table.fail(dependent, now, None, None, (CascadeFailed, spec.id))
                self._schedule.forget(dependent, now)

    def retry(
        self, spec: WorkSpec, now: int, _: Data, note: str | None, override_generation: int
    ) -> None:
        """Back to ENQUEUED now, due after the backoff."""
        due = self._table.retry(spec, now, override_generation, note)
        schedule = self._schedule
        if schedule.limit is not None:
            schedule.take_back(spec, now)  # taken back after every run
        schedule.queue_at(spec, due, now)

    def period_succeeded(
        self, spec: WorkSpec, now: int, _: Data, note: str | None, override_generation: int
    ) -> None:
        """A periodic run succeeded: its period ended (the output is not kept), the next
        one starts."""
        due = self._table.next_period(spec, now, override_generation, SUCCEEDED_, note)
        schedule = self._schedule
        if schedule.limit is not None:
            schedule.take_back(spec, now)  # taken back after every run
        schedule.queue_at(spec, due, now)

    def period_failed(
        self, spec: WorkSpec, now: int, _: Data, note: str | None, override_generation: int
    ) -> None:
        """A periodic run failed (or raised, in 2.9): the period ended all the same."""
        due = self._table.next_period(spec, now, override_generation, FAILED_, note)
        schedule = self._schedule
        if schedule.limit is not None:
            schedule.take_back(spec, now)
        schedule.queue_at(spec, due, now)
