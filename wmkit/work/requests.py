"""Work requests and their builders: what a student asks WorkManager to run.

Android's builders are the primary form; the keyword constructors are a shortcut that
goes through the same builder, so both refuse and clamp the same things::

    OneTimeWorkRequest.Builder(Upload).set_initial_delay(timedelta(minutes=5)).build()
    OneTimeWorkRequest(Upload, initial_delay=timedelta(minutes=5))

Refusals are raised at ``build()`` (or at the setter) in Android's words; values Android
clamps (a backoff under 10 s, a period under 15 min, a flex under 5 min) are clamped with
a ``ClampWarning`` naming the value and the bound.

>>> from wmkit import Worker, Result
>>> class Upload(Worker):
...     def do_work(self):
...         return Result.success()
>>> request = OneTimeWorkRequest.Builder(Upload).add_tag("sync").build()
>>> sorted(request.tags)
['sync', 'wmkit.work.requests.Upload']
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from .. import registry
from ..enums import BackoffPolicy, OutOfQuotaPolicy
from ..errors import IllegalArgumentError, warn_user
from ..units import (
    LONG_MAX,
    MAX_BACKOFF_MILLIS,
    MIN_BACKOFF_MILLIS,
    MIN_PERIODIC_FLEX_MILLIS,
    MIN_PERIODIC_INTERVAL_MILLIS,
    format_duration,
    to_millis,
)
from .constraints import Constraints
from .data import Data
from .mergers import InputMerger, OverwritingInputMerger
from .work_spec import WorkSpec
from .worker import check_worker_class

_MAX_INITIAL_DELAY = LONG_MAX // 2


class WorkRequest:
    """A built, immutable request. ``id`` is fresh per ``build()``."""

    id: uuid.UUID
    tags: frozenset[str]
    work_spec: WorkSpec
    worker_class: type

    @classmethod
    def _create(cls, spec: WorkSpec, worker_class: type) -> Any:
        request = cls.__new__(cls)
        request._init_from(spec, worker_class)
        return request

    def _init_from(self, spec: WorkSpec, worker_class: type) -> None:
        self.id = spec.id
        self.tags = spec.tags
        self.work_spec = spec
        self.worker_class = worker_class

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.worker_class.__qualname__} id={self.id}>"


class _Builder:
    """The setters every request builder shares (Android's ``WorkRequest.Builder``)."""

    _request_class: type[WorkRequest]

    def __init__(self, worker_class: type) -> None:
        self._worker_class = check_worker_class(worker_class)
        self._id = uuid.uuid4()
        self._input = Data.EMPTY
        self._constraints = Constraints.NONE
        self._initial_delay = 0
        self._backoff: tuple[BackoffPolicy, int] | None = None
        self._backoff_on_system_interruptions = False
        self._tags = {registry.qualified_name(self._worker_class)}
        self._expedited: OutOfQuotaPolicy | None = None
        self._keep_results_for = 0
        self._input_merger: type = OverwritingInputMerger

    def set_input_data(self, data: Data | dict) -> Any:
        """The input the worker reads as ``self.input_data``."""
        if isinstance(data, dict):
            data = Data(data)
        if not isinstance(data, Data):
            raise IllegalArgumentError(
                f"set_input_data() takes Data or a dict, got {data!r} ({type(data).__name__})."
            )
        self._input = data
        return self

    def set_constraints(self, constraints: Constraints) -> Any:
        if not isinstance(constraints, Constraints):
            raise IllegalArgumentError(
                f"set_constraints() takes a Constraints, got {constraints!r}; "
                "build one with Constraints(...) or Constraints.Builder()."
            )
        self._constraints = constraints
        return self

    def set_initial_delay(self, delay: timedelta) -> Any:
        millis = to_millis(delay, name="initial delay")
        if millis >= _MAX_INITIAL_DELAY:
            raise IllegalArgumentError(
                f"The given initial delay {delay!r} is too large and will cause an overflow!"
            )
        self._initial_delay = millis
        return self

    def set_backoff_criteria(self, policy: BackoffPolicy, delay: timedelta) -> Any:
        """How long to wait before a retry: LINEAR or EXPONENTIAL from ``delay``.

        Android clamps ``delay`` to [10 s, 5 h]; wmkit does too, with a warning.
        """
        if not isinstance(policy, BackoffPolicy):
            raise IllegalArgumentError(
                f"backoff policy must be BackoffPolicy.LINEAR or EXPONENTIAL, got {policy!r}."
            )
        millis = to_millis(delay, name="backoff delay")
        if millis < MIN_BACKOFF_MILLIS:
            warn_user(
                f"Backoff delay {format_duration(millis)} is less than the minimum of 10s "
                "(WorkRequest.MIN_BACKOFF_MILLIS); using 10s."
            )
            millis = MIN_BACKOFF_MILLIS
        elif millis > MAX_BACKOFF_MILLIS:
            warn_user(
                f"Backoff delay {format_duration(millis)} is more than the maximum of 5h "
                "(WorkRequest.MAX_BACKOFF_MILLIS); using 5h."
            )
            millis = MAX_BACKOFF_MILLIS
        self._backoff = (policy, millis)
        return self

    def set_backoff_for_system_interruptions(self) -> Any:
        """Back off from the stop when the system stops a run (a lost constraint, Doze,
        the 10-minute limit): the next run is due the backoff after the *stop*, not
        after the last enqueue. androidx 2.11+ (experimental); a WorkManager simulating
        an older release refuses the request at enqueue."""
        self._backoff_on_system_interruptions = True
        return self

    def add_tag(self, tag: str) -> Any:
        if not isinstance(tag, str):
            raise IllegalArgumentError(f"A tag is a str, got {tag!r} ({type(tag).__name__}).")
        self._tags.add(tag)
        return self

    def set_expedited(self, policy: OutOfQuotaPolicy) -> Any:
        """Ask to run as soon as possible, within the app's expedited quota."""
        if not isinstance(policy, OutOfQuotaPolicy):
            raise IllegalArgumentError(
                f"set_expedited() takes an OutOfQuotaPolicy, got {policy!r}; e.g. "
                "OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST."
            )
        self._expedited = policy
        return self

    def keep_results_for_at_least(self, duration: timedelta) -> Any:
        """Keep the finished work's row at least this long before automatic pruning."""
        self._keep_results_for = to_millis(duration, name="keep_results_for_at_least")
        return self

    def set_id(self, id: uuid.UUID) -> Any:
        """Use this id (to ``update_work`` an existing request)."""
        if not isinstance(id, uuid.UUID):
            raise IllegalArgumentError(f"set_id() takes a uuid.UUID, got {id!r}.")
        self._id = id
        return self

    def _check_common(self) -> None:
        c = self._constraints
        if self._expedited is not None:
            if self._initial_delay > 0:
                raise IllegalArgumentError(
                    "Expedited jobs cannot be delayed: remove the initial delay or the "
                    "set_expedited() call."
                )
            if c.requires_charging or c.requires_device_idle or c.requires_battery_not_low:
                raise IllegalArgumentError(
                    "Expedited jobs only support network and storage constraints: drop "
                    "requires_charging, requires_device_idle and requires_battery_not_low."
                )
        if self._backoff is not None and c.requires_device_idle:
            raise IllegalArgumentError(
                "Cannot set backoff criteria on an idle mode job: drop "
                "set_backoff_criteria() or requires_device_idle."
            )

    def _new_spec(self) -> WorkSpec:
        cls = self._worker_class
        spec = WorkSpec(self._id, cls, registry.qualified_name(cls))
        spec.input = self._input
        spec.constraints = self._constraints
        spec.initial_delay = self._initial_delay
        if self._backoff is not None:
            spec.backoff_policy, spec.backoff_delay = self._backoff
        spec.backoff_on_system_interruptions = self._backoff_on_system_interruptions
        spec.tags = frozenset(self._tags)
        spec.expedited = self._expedited is not None
        spec.out_of_quota_policy = self._expedited
        spec.keep_results_for = self._keep_results_for
        spec.input_merger = self._input_merger
        spec.input_merger_name = registry.qualified_name(self._input_merger)
        return spec

    def build(self) -> Any:
        """Check the request and build it; the builder then gets a fresh id, as on Android."""
        self._check()
        spec = self._new_spec()
        self._finish_spec(spec)
        self._id = uuid.uuid4()
        return self._request_class._create(spec, self._worker_class)

    def _check(self) -> None:
        self._check_common()

    def _finish_spec(self, spec: WorkSpec) -> None:
        """Hook for the periodic builder."""


class OneTimeWorkRequest(WorkRequest):
    """A request to run a worker once (until it succeeds, fails, or is cancelled).

    ``OneTimeWorkRequest(Upload, input_data={"name": "cat.jpg"}, tags=["upload"])`` is
    the keyword form of ``OneTimeWorkRequest.Builder(Upload)...build()``.
    """

    class Builder(_Builder):
        """Android's ``OneTimeWorkRequest.Builder``."""

        def set_input_merger(self, merger: type) -> OneTimeWorkRequest.Builder:
            """How the outputs of prerequisites are merged into this work's input."""
            if not (isinstance(merger, type) and issubclass(merger, InputMerger)):
                raise IllegalArgumentError(
                    f"set_input_merger() takes an InputMerger subclass (the class, not an "
                    f"instance), got {merger!r}; e.g. ArrayCreatingInputMerger."
                )
            registry.register(merger)
            self._input_merger = merger
            return self

    def __init__(
        self,
        worker_class: type,
        *,
        input_data: Data | dict | None = None,
        constraints: Constraints | None = None,
        initial_delay: timedelta | None = None,
        backoff_policy: BackoffPolicy | None = None,
        backoff_delay: timedelta | None = None,
        tags: Iterable[str] = (),
        input_merger: type | None = None,
        expedited: OutOfQuotaPolicy | None = None,
        keep_results_for: timedelta | None = None,
        id: uuid.UUID | None = None,
    ) -> None:
        builder = OneTimeWorkRequest.Builder(worker_class)
        if input_merger is not None:
            builder.set_input_merger(input_merger)
        _apply_keywords(
            builder, input_data, constraints, initial_delay, backoff_policy, backoff_delay,
            tags, expedited, keep_results_for, id,
        )
        built = builder.build()
        self._init_from(built.work_spec, built.worker_class)

    @staticmethod
    def from_(worker_class: type | list[type]) -> Any:
        """Android's ``OneTimeWorkRequest.from``: a plain request (or a list of them)."""
        if isinstance(worker_class, (list, tuple)):
            return [OneTimeWorkRequest.Builder(cls).build() for cls in worker_class]
        return OneTimeWorkRequest.Builder(worker_class).build()


OneTimeWorkRequest.Builder._request_class = OneTimeWorkRequest


class PeriodicWorkRequest(WorkRequest):
    """A request to run a worker once per interval, forever (until cancelled).

    The first run is at once (after the initial delay), or at the start of the flex
    window when a flex shorter than the interval is given; every later run is due one
    interval after the previous one *finished*.
    """

    MIN_PERIODIC_INTERVAL_MILLIS = MIN_PERIODIC_INTERVAL_MILLIS
    MIN_PERIODIC_FLEX_MILLIS = MIN_PERIODIC_FLEX_MILLIS

    class Builder(_Builder):
        """Android's ``PeriodicWorkRequest.Builder(worker, repeatInterval, flexInterval)``."""

        def __init__(
            self,
            worker_class: type,
            repeat_interval: timedelta,
            flex_interval: timedelta | None = None,
        ) -> None:
            super().__init__(worker_class)
            interval = to_millis(repeat_interval, name="repeat_interval")
            if interval < MIN_PERIODIC_INTERVAL_MILLIS:
                warn_user(
                    f"Interval duration {format_duration(interval)} is less than the minimum "
                    "of 15m (PeriodicWorkRequest.MIN_PERIODIC_INTERVAL_MILLIS); using 15m."
                )
                interval = MIN_PERIODIC_INTERVAL_MILLIS
            flex = interval
            if flex_interval is not None:
                flex = to_millis(flex_interval, name="flex_interval")
                if flex < MIN_PERIODIC_FLEX_MILLIS:
                    warn_user(
                        f"Flex duration {format_duration(flex)} is less than the minimum of 5m "
                        "(PeriodicWorkRequest.MIN_PERIODIC_FLEX_MILLIS); using 5m."
                    )
                    flex = MIN_PERIODIC_FLEX_MILLIS
                elif flex > interval:
                    warn_user(
                        f"Flex duration {format_duration(flex)} is greater than the interval "
                        f"{format_duration(interval)}; using the interval (no flex)."
                    )
                    flex = interval
            self._interval = interval
            self._flex = flex
            self._override = LONG_MAX
            self._override_touched = False

        def set_next_schedule_time_override(self, millis: int) -> PeriodicWorkRequest.Builder:
            """Run the next period at exactly ``millis`` (virtual ms), once."""
            if isinstance(millis, bool) or not isinstance(millis, int):
                raise IllegalArgumentError(
                    f"set_next_schedule_time_override() takes virtual milliseconds (an int), "
                    f"got {millis!r}."
                )
            if millis == LONG_MAX:
                raise IllegalArgumentError(
                    "Cannot set Long.MAX_VALUE as the schedule override time: call "
                    "clear_next_schedule_time_override() instead."
                )
            self._override = millis
            self._override_touched = True
            return self

        def clear_next_schedule_time_override(self) -> PeriodicWorkRequest.Builder:
            """Drop an override; with ``update_work`` this also clears the stored one."""
            self._override = LONG_MAX
            self._override_touched = True
            return self

        def _check(self) -> None:
            if self._expedited is not None:
                raise IllegalArgumentError(
                    "PeriodicWorkRequests cannot be expedited: use a OneTimeWorkRequest."
                )
            self._check_common()

        def _finish_spec(self, spec: WorkSpec) -> None:
            spec.interval = self._interval
            spec.flex = self._flex
            spec.override = self._override
            # Android marks a set or cleared override with generation 1; update_work
            # takes the new override only then.
            spec.override_generation = 1 if self._override_touched else 0

    def __init__(
        self,
        worker_class: type,
        repeat_interval: timedelta,
        flex_interval: timedelta | None = None,
        *,
        input_data: Data | dict | None = None,
        constraints: Constraints | None = None,
        initial_delay: timedelta | None = None,
        backoff_policy: BackoffPolicy | None = None,
        backoff_delay: timedelta | None = None,
        tags: Iterable[str] = (),
        keep_results_for: timedelta | None = None,
        next_schedule_time_override: int | None = None,
        id: uuid.UUID | None = None,
    ) -> None:
        builder = PeriodicWorkRequest.Builder(worker_class, repeat_interval, flex_interval)
        if next_schedule_time_override is not None:
            builder.set_next_schedule_time_override(next_schedule_time_override)
        _apply_keywords(
            builder, input_data, constraints, initial_delay, backoff_policy, backoff_delay,
            tags, None, keep_results_for, id,
        )
        built = builder.build()
        self._init_from(built.work_spec, built.worker_class)


PeriodicWorkRequest.Builder._request_class = PeriodicWorkRequest


def _apply_keywords(
    builder: _Builder,
    input_data: Data | dict | None,
    constraints: Constraints | None,
    initial_delay: timedelta | None,
    backoff_policy: BackoffPolicy | None,
    backoff_delay: timedelta | None,
    tags: Iterable[str],
    expedited: OutOfQuotaPolicy | None,
    keep_results_for: timedelta | None,
    id: uuid.UUID | None,
) -> None:
    if input_data is not None:
        builder.set_input_data(input_data)
    if constraints is not None:
        builder.set_constraints(constraints)
    if initial_delay is not None:
        builder.set_initial_delay(initial_delay)
    if backoff_policy is not None or backoff_delay is not None:
        builder.set_backoff_criteria(
            backoff_policy or BackoffPolicy.EXPONENTIAL,
            backoff_delay if backoff_delay is not None else timedelta(seconds=30),
        )
    if isinstance(tags, str):
        raise IllegalArgumentError(
            f"tags takes a list of tags, got the string {tags!r}; write tags=[{tags!r}]."
        )
    for tag in tags:
        builder.add_tag(tag)
    if expedited is not None:
        builder.set_expedited(expedited)
    if keep_results_for is not None:
        builder.keep_results_for_at_least(keep_results_for)
    if id is not None:
        builder.set_id(id)
