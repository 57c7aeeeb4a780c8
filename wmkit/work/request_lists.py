"""What the calls that take "a request or a list of them" accept, in Android's words."""

from __future__ import annotations

from typing import Any

from ..errors import IllegalArgumentError
from .requests import OneTimeWorkRequest, WorkRequest


def as_request_list(value: Any, what: str, *, one_time_only: bool = False) -> list[WorkRequest]:
    """Normalise ``request_or_list`` and refuse an empty list in Android's words."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    if not items:
        noun = "OneTimeWorkRequest" if one_time_only else "WorkRequest"
        raise IllegalArgumentError(f"{what} needs at least one {noun}.")
    for item in items:
        if not isinstance(item, WorkRequest):
            raise IllegalArgumentError(
                f"{what} takes WorkRequests (build them with OneTimeWorkRequest.Builder(...)"
                f".build()), got {item!r}."
            )
        if one_time_only and not isinstance(item, OneTimeWorkRequest):
            raise IllegalArgumentError(
                f"{what} takes OneTimeWorkRequests only; a PeriodicWorkRequest cannot be "
                "part of a chain. Enqueue it on its own with manager.enqueue()."
            )
    return items
