"""Refusals at the call: each names the value that was wrong and how to fix it."""

from __future__ import annotations

import uuid
from typing import Any

from ..engine.checkpoint import Checkpoint
from ..enums import StopReason
from ..errors import IllegalArgumentError
from ..phone.device import Device
from ..work.requests import PeriodicWorkRequest, WorkRequest


def check_id(value: Any) -> None:
    if not isinstance(value, uuid.UUID):
        raise IllegalArgumentError(
            f"Expected a work id (uuid.UUID), got {value!r}; use request.id."
        )


def check_name(name: Any) -> None:
    if not isinstance(name, str) or not name:
        raise IllegalArgumentError(f"A unique work name is a non-empty str, got {name!r}.")


def check_tag(tag: Any) -> None:
    if not isinstance(tag, str):
        raise IllegalArgumentError(f"A tag is a str, got {tag!r}.")


def check_policy(policy: Any, enum: type) -> None:
    if not isinstance(policy, enum):
        members = ", ".join(f"{enum.__name__}.{m.name}" for m in enum)  # type: ignore[attr-defined]
        raise IllegalArgumentError(f"policy must be one of {members}; got {policy!r}.")


def check_stop_reason(reason: Any) -> None:
    """A stop reason for ``TestDriver.stop_running_work_with_reason``."""
    if isinstance(reason, bool) or not isinstance(reason, int):
        raise IllegalArgumentError(
            f"A stop reason is an int such as StopReason.CONSTRAINT_CHARGING, got {reason!r}."
        )
    if reason == StopReason.NOT_STOPPED:
        raise IllegalArgumentError("Work cannot be stopped with reason STOP_REASON_NOT_STOPPED")


def check_construction(
    path: Any, store: Any, device: Any, max_workers: Any, scheduler_limit: Any
) -> None:
    """``WorkManager(...)``'s arguments."""
    if device is not None and not isinstance(device, Device):
        raise IllegalArgumentError(f"device must be a wmkit.Device, got {device!r}.")
    if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1:
        raise IllegalArgumentError(
            f"max_concurrent_workers must be a positive int, got {max_workers!r}."
        )
    if scheduler_limit is not None and (
        isinstance(scheduler_limit, bool)
        or not isinstance(scheduler_limit, int)
        or not 20 <= scheduler_limit <= 50
    ):
        raise IllegalArgumentError(
            f"scheduler_limit must be None or an int from 20 to 50 (Android's "
            f"Configuration.setMaxSchedulerLimit range), got {scheduler_limit!r}."
        )
    if path is not None and store is not None:
        raise IllegalArgumentError("Give WorkManager a path or a store, not both.")


def check_periodic_request(request: Any) -> None:
    if not isinstance(request, PeriodicWorkRequest):
        raise IllegalArgumentError(
            f"enqueue_unique_periodic_work takes a PeriodicWorkRequest, got {request!r}; "
            "for one-time work use enqueue_unique_work."
        )


def check_update_request(request: Any) -> None:
    if not isinstance(request, WorkRequest):
        raise IllegalArgumentError(
            f"update_work takes a WorkRequest built with .set_id(existing_id), got {request!r}."
        )


def check_checkpoint(checkpoint: Any, owner: int) -> None:
    if not isinstance(checkpoint, Checkpoint) or checkpoint.owner != owner:
        raise IllegalArgumentError(
            "restore_checkpoint takes a Checkpoint made by this same manager's "
            f"checkpoint(); got {checkpoint!r}."
        )


def check_millis(millis: Any) -> None:
    if isinstance(millis, bool) or not isinstance(millis, int):
        raise IllegalArgumentError(
            f"advance_to() takes virtual milliseconds (an int), got {millis!r}; "
            "use advance(timedelta(...)) to move by a duration."
        )
