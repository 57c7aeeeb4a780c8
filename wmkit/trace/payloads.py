"""What each kind of event says: typed payloads, put into words only when shown.

Events are made on the engine's hot path (two or more per run), so the engine records
a payload as a *recipe*, its class and arguments (``(Retried, note, at, due)``), and the
payload is built the first time someone reads the event. Each payload holds the facts
as numbers and ids (``data()``, what views read) and says them in words
(``describe()``, what a student reads in the trace). :data:`PAYLOADS` lists which
payloads each :class:`~wmkit.trace.kinds.EventKind` carries.

>>> Retried(None, 0, 30_000).data()
{'due_millis': 30000, 'retried_at': 0}
>>> Retried(None, 0, 30_000).describe()
'backoff 30s, due T+0d 00:00:30'
"""

from __future__ import annotations

import uuid
from typing import Any, NamedTuple, Protocol

from ..enums import stop_reason_name
from ..units import format_duration, format_millis
from .kinds import EventKind


class Payload(Protocol):
    """What every payload offers."""

    def data(self) -> dict[str, Any]:
        """The facts as numbers and ids (``due_millis``, ``caused_by``...)."""

    def describe(self) -> str:
        """The facts in words, for the trace."""


class Note(NamedTuple):
    """Words alone: an explanation, a traceback, a device change."""

    text: str

    def data(self) -> dict[str, Any]:
        return {}

    def describe(self) -> str:
        return self.text


class Started(NamedTuple):
    worker_class: type
    run_attempt_count: int

    def data(self) -> dict[str, Any]:
        qualified = f"{self.worker_class.__module__}.{self.worker_class.__qualname__}"
        return {"run_attempt_count": self.run_attempt_count, "worker_class": qualified}

    def describe(self) -> str:
        return f"{self.worker_class.__qualname__} run {self.run_attempt_count}"


class Output(NamedTuple):
    """A one-time work's output when it succeeded."""

    output: Any  # Data

    def data(self) -> dict[str, Any]:
        return {"output": self.output}

    def describe(self) -> str:
        return repr(self.output)


class Progress(NamedTuple):
    progress: Any  # Data

    def data(self) -> dict[str, Any]:
        return {"progress": self.progress}

    def describe(self) -> str:
        return repr(self.progress)


class Retried(NamedTuple):
    """Back to ENQUEUED after ``Result.retry()``, due after the backoff."""

    note: str | None
    retried_at: int
    due: int

    def data(self) -> dict[str, Any]:
        return {"due_millis": self.due, "retried_at": self.retried_at}

    def describe(self) -> str:
        backoff = format_duration(self.due - self.retried_at)
        return self.note or f"backoff {backoff}, due {format_millis(self.due)}"


class PeriodEnded(NamedTuple):
    """A periodic work's period ended (it succeeded or failed): the next one is due."""

    note: str | None
    period_count: int
    due: int

    def data(self) -> dict[str, Any]:
        return {"due_millis": self.due, "period_count": self.period_count}

    def describe(self) -> str:
        detail = f"period {self.period_count} starts; next run {format_millis(self.due)}"
        return f"{self.note}; {detail}" if self.note else detail


class Stopped(NamedTuple):
    """A run stopped without a result: why, and when the work is due again."""

    stop_reason: int
    why: str
    due: int

    def data(self) -> dict[str, Any]:
        return {"stop_reason": int(self.stop_reason), "due_millis": self.due}

    def describe(self) -> str:
        return (
            f"{stop_reason_name(self.stop_reason)}: {self.why}; due again {format_millis(self.due)}"
        )


class CascadeFailed(NamedTuple):
    """A dependent failed because its prerequisite ``origin`` did."""

    origin: uuid.UUID

    def data(self) -> dict[str, Any]:
        return {"caused_by": self.origin}

    def describe(self) -> str:
        return f"prerequisite {str(self.origin)[:8]} failed"


class CascadeCancelled(NamedTuple):
    """A dependent cancelled with its prerequisite ``origin``."""

    why: str
    origin: uuid.UUID

    def data(self) -> dict[str, Any]:
        return {"caused_by": self.origin}

    def describe(self) -> str:
        return f"{self.why} (dependent of {str(self.origin)[:8]})"


class Waiting(NamedTuple):
    """Due, but held back: what holds it, and when it is next looked at (if known)."""

    what: str
    until: int | None

    def data(self) -> dict[str, Any]:
        return {} if self.until is None else {"until_millis": self.until}

    def describe(self) -> str:
        return self.what


class DozeIdle(NamedTuple):
    until: int
    mode: str = "deep"  # "deep" or "light"

    def data(self) -> dict[str, Any]:
        return {"until_millis": self.until, "doze": self.mode}

    def describe(self) -> str:
        return (
            f"{self.mode} Doze idle until {format_millis(self.until)}: regular work waits, "
            "no network"
        )


class DozeWindow(NamedTuple):
    until: int
    mode: str = "deep"

    def data(self) -> dict[str, Any]:
        return {"until_millis": self.until, "doze": self.mode}

    def describe(self) -> str:
        light = "light " if self.mode == "light" else ""
        return (
            f"{light}Doze maintenance window until {format_millis(self.until)}: pending work "
            "may run"
        )


class AppLife(NamedTuple):
    """The app's process died, started, or was force-stopped (a ``restart`` event)."""

    cause: str  # one of APP_LIFE

    def data(self) -> dict[str, Any]:
        return {"cause": self.cause}

    def describe(self) -> str:
        return APP_LIFE[self.cause]


#: What each cause of a ``restart`` event says.
APP_LIFE = {
    "killed": "the app process was killed and restarted",
    "crashed": "the app crashed; its process started again",
    "store": "opened the store: the app process (re)started",
    "store-stopped": (
        "opened the store: the app is still force-stopped, so its process does not start "
        "and nothing runs until open_app()"
    ),
    "force-stopped": (
        "the app was force-stopped: its process was killed and Android cancelled its jobs "
        "and alarms; nothing runs until the user opens it (open_app())"
    ),
    "opened": (
        "the user opened the app: its process started, and ForceStopRunnable saw the force "
        "stop and rescheduled every unfinished work"
    ),
}


#: The payloads each kind of event carries (every other kind carries a Note).
PAYLOADS: dict[EventKind, tuple[type, ...]] = {
    EventKind.STARTED: (Started,),
    EventKind.SUCCEEDED: (Note, Output, PeriodEnded),
    EventKind.FAILED: (Note, CascadeFailed, PeriodEnded),
    EventKind.RETRY: (Retried,),
    EventKind.STOPPED: (Stopped,),
    EventKind.CANCELLED: (Note, CascadeCancelled),
    EventKind.PROGRESS: (Progress,),
    EventKind.WAITING: (Waiting,),
    EventKind.DOZE: (DozeIdle, Note),
    EventKind.MAINTENANCE: (DozeWindow,),
    EventKind.RESTART: (AppLife,),
}


def payload_types(kind: EventKind) -> tuple[type, ...]:
    return PAYLOADS.get(kind, (Note,))
