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

from .. import versions
from ..enums import State
from ..trace.kinds import EventKind
from ..trace.payloads import CascadeFailed, PeriodEnded, Retried
from ..versions import AndroidxProfile
from ..work.data import Data
from ..work.work_spec import WorkSpec
from ..work.worker import Result
from .schedule import Schedule
from .table import WorkTable

BLOCKED, SUCCEEDED = State.BLOCKED, State.SUCCEEDED
# Module constants: reading an Enum member off its class costs a lookup each time.
SUCCEEDED_, FAILED_, RETRY_, UNBLOCKED_ = (
    EventKind.SUCCEEDED,
    EventKind.FAILED,
    EventKind.RETRY,
    EventKind.UNBLOCKED,
)
_SUCCESS = Result.SUCCESS

SUCCEED, FAIL, RETRY, NEXT_PERIOD = "succeed", "fail", "retry", "next period"
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
        one_time, periodic = self._resolutions[kind]
        action = periodic if spec.interval else one_time
        if action == NEXT_PERIOD:
            self.next_period(spec, now, kind == _SUCCESS, note, override_generation)
        elif action == SUCCEED:
            self.succeed(spec, now, output, note)
        elif action == FAIL:
            self.fail(spec, now, output, note)
        else:
            self.retry(spec, now, note, override_generation)

    def succeed(self, spec: WorkSpec, now: int, output: Data, note: str | None) -> None:
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

    def fail(self, spec: WorkSpec, now: int, output: Data | None, note: str | None) -> None:
        """FAILED, and every transitive dependent FAILED unless CANCELLED (§9)."""
        table = self._table
        table.fail(spec, now, output, note, note or "")
        self._schedule.take_back(spec, now)
        for dependent in table.with_dependents(spec.id):
            if dependent is not spec and not dependent.state.is_finished:
                table.fail(dependent, now, None, None, (CascadeFailed, spec.id))
                self._schedule.forget(dependent, now)

    def retry(self, spec: WorkSpec, now: int, note: str | None, override_generation: int) -> None:
        """Back to ENQUEUED now, due after the backoff."""
        due = self._table.re_enqueue(spec, now, override_generation, RETRY_, Retried, False, note)
        if self._schedule.limit is not None:
            self._schedule.take_back(spec, now)  # taken back after every run
        self._schedule.queue_at(spec, due, now)

    def next_period(
        self, spec: WorkSpec, now: int, succeeded: bool, note: str | None, override_generation: int
    ) -> None:
        """A periodic work's period ended (its result is not kept): the next one starts."""
        kind = SUCCEEDED_ if succeeded else FAILED_
        due = self._table.re_enqueue(spec, now, override_generation, kind, PeriodEnded, True, note)
        if self._schedule.limit is not None:
            self._schedule.take_back(spec, now)  # taken back after every run
        self._schedule.queue_at(spec, due, now)
