"""What every exercise check shares: spotting an unanswered exercise, running a
student's worker safely on a fresh manager, and printing one kind, specific verdict.

A check never raises because of the student's code: whatever their code does (raise,
return None, build the wrong thing) becomes a sentence saying what is still wrong.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from wmkit import Constraints, Data, NetworkType, Worker, WorkManager, WorkManagerError
from wmkit.units import format_duration, format_millis

UNANSWERED = "⏳"
PASSED = "✓"
NOT_YET = "✗"


class Unanswered(Exception):
    """Raised inside a check when the student's placeholder is still there."""


class Problem(Exception):
    """Raised inside a check to stop at the first thing that is wrong."""


def is_placeholder(value: Any) -> bool:
    """``...`` and ``None`` are what an exercise cell holds before it is answered."""
    return value is ... or value is None


def require(value: Any, what: str) -> Any:
    """The value, or :class:`Unanswered` naming what to fill in."""
    if is_placeholder(value):
        raise Unanswered(f"set {what} (it is still `{'...' if value is ... else 'None'}`)")
    return value


def call(function: Callable[..., Any], *args: Any, what: str) -> Any:
    """Call the student's function; NotImplementedError means "not answered yet"."""
    if is_placeholder(function):
        raise Unanswered(f"define {what}")
    try:
        return function(*args)
    except NotImplementedError:
        raise Unanswered(f"replace `raise NotImplementedError` in {what}") from None
    except WorkManagerError as error:
        raise Problem(f"{what} raised {type(error).__name__}: {error}") from None
    except Exception as error:
        raise Problem(f"{what} raised {type(error).__name__}: {error}") from None


def worker_class(cls: Any, what: str, base: type = Worker) -> type:
    """The student's class, checked to be a subclass of ``base`` with its own do_work."""
    if is_placeholder(cls):
        raise Unanswered(f"define the class {what}")
    if not (inspect.isclass(cls) and issubclass(cls, base)):
        raise Problem(f"{what} should be a class that extends {base.__name__}; got {cls!r}.")
    if "do_work" not in vars(cls) and not any(
        "do_work" in vars(k) for k in cls.__mro__[1:] if k.__module__ != "wmkit.work.worker"
    ):
        raise Problem(f"{what} has no do_work method: define `def do_work(self):` in it.")
    return cls


_FLAGS = {
    "requires_charging": "charging",
    "requires_battery_not_low": "the battery not low",
    "requires_device_idle": "an idle device",
    "requires_storage_not_low": "storage not low",
}


def extra_constraints(constraints: Constraints, *asked: str) -> str:
    """A sentence naming the constraints set beyond the ``asked`` field names, or ''."""
    extra = [_FLAGS[n] for n in _FLAGS if getattr(constraints, n) and n not in asked]
    network = constraints.required_network_type
    if network is not NetworkType.NOT_REQUIRED and "required_network_type" not in asked:
        extra.insert(0, f"a {network.name} network")
    if not extra:
        return ""
    return (
        f"it also requires {' and '.join(extra)}: more than asked, and every extra "
        "constraint is one more reason for the work not to run."
    )


def failure_of(manager: WorkManager, work_id: uuid.UUID) -> str:
    """The failure text the engine kept for a work (traceback of a raise), or ''."""
    description = manager.describe_work(work_id)
    return (description.failure or "") if description else ""


def check_not_placeholder_run(manager: WorkManager, work_id: uuid.UUID, what: str) -> None:
    """A worker whose do_work still raises NotImplementedError is not answered yet."""
    if "NotImplementedError" in failure_of(manager, work_id):
        raise Unanswered(f"replace `raise NotImplementedError` in {what}.do_work")


def raised_in_run(manager: WorkManager, work_id: uuid.UUID, what: str) -> None:
    """Turn an exception in the student's do_work into a specific problem."""
    text = failure_of(manager, work_id)
    check_not_placeholder_run(manager, work_id, what)
    first = text.splitlines()[0] if text else ""
    if " raised " in first or "returned" in first:
        raise Problem(first)


def starts(manager: WorkManager, work_id: uuid.UUID) -> list[int]:
    return [e.millis for e in manager.trace if e.work_id == work_id and e.kind == "started"]


def events(manager: WorkManager, work_id: uuid.UUID, kind: str) -> list[int]:
    return [e.millis for e in manager.trace if e.work_id == work_id and e.kind == kind]


def ancestors(manager: WorkManager, work_id: uuid.UUID) -> set[uuid.UUID]:
    """Every work ``work_id`` waits for, directly or through others (hidden combine
    workers included)."""
    found: set[uuid.UUID] = set()
    todo = [work_id]
    while todo:
        description = manager.describe_work(todo.pop())
        for parent in description.prerequisites if description else ():
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


_REPR_SCOPE = {"__builtins__": {}, "Data": Data, "float": float}


def published(manager: WorkManager, work_id: uuid.UUID) -> list[tuple[int, Data | str]]:
    """Every progress a work published, with its instant, read from the trace.

    WorkInfo shows only the latest progress, and never the one published in the instant
    the run ends; the trace keeps them all, as ``Data``'s repr (valid Python, so it is
    read back with nothing but ``Data`` in scope; text that is not stays text).
    """
    found: list[tuple[int, Data | str]] = []
    for event in manager.trace:
        if event.work_id == work_id and event.kind == "progress":
            try:
                data = eval(event.detail, _REPR_SCOPE)
            except Exception:
                data = event.detail
            found.append((event.millis, data if isinstance(data, Data) else event.detail))
    return found


def at(millis: int) -> str:
    """``00:00:45`` (hours:minutes:seconds) for a virtual instant, with the day when not 0."""
    return format_millis(millis).replace("T+0d ", "")


def span(delta: timedelta | int) -> str:
    millis = delta if isinstance(delta, int) else delta // timedelta(milliseconds=1)
    return format_duration(millis) if millis else "0 s"


def names(values: Iterable[Any]) -> str:
    return ", ".join(getattr(v, "name", str(v)) for v in values)


def report(title: str, run: Callable[[], str]) -> None:
    """Run one check and print its verdict: ✓ with a note, ✗ with what is still wrong,
    or ⏳ when the exercise is not answered yet. Never raises."""
    try:
        praise = run()
    except Unanswered as missing:
        print(f"{UNANSWERED} {title}: not answered yet: {missing}.")
    except Problem as problem:
        print(f"{NOT_YET} {title}: not quite yet. {problem}")
    except Exception as error:  # a check must never crash the student's notebook
        print(
            f"{NOT_YET} {title}: not quite yet. Checking your answer raised "
            f"{type(error).__name__}: {error}"
        )
    else:
        print(f"{PASSED} {title}: {praise}")


def same_value(answer: Any, expected: Any) -> bool:
    """Equality that forgives a timedelta given where virtual millis are expected."""
    if isinstance(answer, timedelta) and isinstance(expected, int):
        return answer // timedelta(milliseconds=1) == expected
    return bool(answer == expected)


def as_millis(answer: Any, what: str) -> int:
    """Milliseconds from an int or a timedelta; anything else is a Problem."""
    if isinstance(answer, timedelta):
        return answer // timedelta(milliseconds=1)
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise Problem(
            f"{what} should be virtual milliseconds (an int such as 90_000) or a timedelta; "
            f"got {answer!r}."
        )
    return answer
