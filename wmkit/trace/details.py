"""How the engine's events describe themselves: detail text and structured data.

Each function formats an event's ``detail`` from the arguments the engine recorded,
and is registered (``@describes``) with the builder of the same facts as ``event.data``.
They run only when someone reads the event (see :mod:`wmkit.trace.events`), never on the
engine's hot path.
"""

from __future__ import annotations

import uuid

from ..enums import stop_reason_name
from ..units import format_duration, format_millis
from .events import describes


@describes(lambda cls, attempt: {"run_attempt_count": attempt})
def started_detail(cls: type, attempt: int) -> str:
    return f"{cls.__qualname__} run {attempt}"


@describes(lambda end: {"until_millis": end})
def window_detail(end: int) -> str:
    return f"Doze maintenance window until {format_millis(end)}: pending work may run"


@describes(lambda end: {"until_millis": end})
def idle_detail(end: int) -> str:
    return f"deep Doze idle until {format_millis(end)}: regular work waits, no network"


@describes(lambda reason, why, due: {"stop_reason": int(reason), "due_millis": due})
def stopped_detail(reason: int, why: str, due: int) -> str:
    return f"{stop_reason_name(reason)}: {why}; due again {format_millis(due)}"


@describes(lambda origin: {"caused_by": origin})
def failed_because(origin: uuid.UUID) -> str:
    return f"prerequisite {str(origin)[:8]} failed"


@describes(lambda why, origin: {"caused_by": origin})
def cancelled_because(why: str, origin: uuid.UUID) -> str:
    return f"{why} (dependent of {str(origin)[:8]})"


@describes(lambda text, until: {} if until is None else {"until_millis": until})
def waiting_detail(text: str, until: int | None) -> str:
    return text




@describes(lambda note, retried_at, due: {"due_millis": due})
def retry_detail(note: str | None, retried_at: int, due: int) -> str:
    return note or f"backoff {format_duration(due - retried_at)}, due {format_millis(due)}"


@describes(lambda note, period, due: {"due_millis": due, "period_count": period})
def period_detail(note: str | None, period: int, due: int) -> str:
    detail = f"period {period} starts; next run {format_millis(due)}"
    return f"{note}; {detail}" if note else detail
