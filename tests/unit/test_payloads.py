"""Unit tests for wmkit.trace.kinds and wmkit.trace.payloads: typed events, words on demand."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any, NamedTuple

from wmkit import (
    Constraints,
    CoroutineWorker,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    StopReason,
    Worker,
    WorkManager,
)
from wmkit.trace.events import Event
from wmkit.trace.history import History
from wmkit.trace.kinds import EventKind
from wmkit.trace.payloads import (
    AppLife,
    CascadeCancelled,
    CascadeFailed,
    DozeIdle,
    DozeWindow,
    Note,
    Output,
    PeriodEnded,
    Retried,
    Started,
    Stopped,
    Waiting,
    payload_types,
)
from wmkit.work.data import Data

WORK = uuid.UUID("1234abcd-0000-4000-8000-000000000000")


def test_a_kind_is_its_word() -> None:
    """EventKind.STARTED equals, hashes, prints, reprs and serialises as 'started'."""
    kind = EventKind.STARTED
    assert kind == "started" and hash(kind) == hash("started") and {"started": 1}[kind] == 1
    assert (str(kind), f"{kind}", repr(kind), json.dumps(kind)) == (
        "started",
        "started",
        "'started'",
        '"started"',
    )
    assert Event(0, "started", WORK).kind is EventKind.STARTED
    assert Event(0, "no such kind", WORK).kind == "no such kind"


class Upload(Worker):
    def do_work(self) -> Result:
        return Result.success()


PAYLOADS: list[tuple[Any, dict[str, Any], str]] = [
    (Started(Upload, 2), {"run_attempt_count": 2, "worker_class": f"{__name__}.Upload"},
     "Upload run 2"),
    (Retried(None, 60_000, 90_000), {"due_millis": 90_000, "retried_at": 60_000},
     "backoff 30s, due T+0d 00:01:30"),
    (Retried("a note", 0, 1), {"due_millis": 1, "retried_at": 0}, "a note"),
    (PeriodEnded(None, 3, 900_000), {"due_millis": 900_000, "period_count": 3},
     "period 3 starts; next run T+0d 00:15:00"),
    (PeriodEnded("oops", 1, 0), {"due_millis": 0, "period_count": 1},
     "oops; period 1 starts; next run T+0d 00:00:00"),
    (Stopped(StopReason.TIMEOUT, "too long", 5_000), {"stop_reason": 3, "due_millis": 5_000},
     "TIMEOUT: too long; due again T+0d 00:00:05"),
    (CascadeFailed(WORK), {"caused_by": WORK}, "prerequisite 1234abcd failed"),
    (CascadeCancelled("cancel_all_work", WORK), {"caused_by": WORK},
     "cancel_all_work (dependent of 1234abcd)"),
    (Waiting("it needs a network", 60_000), {"until_millis": 60_000}, "it needs a network"),
    (Waiting("it needs a network", None), {}, "it needs a network"),
    (DozeIdle(3_600_000), {"until_millis": 3_600_000, "doze": "deep"},
     "deep Doze idle until T+0d 01:00:00: regular work waits, no network"),
    (DozeWindow(3_900_000), {"until_millis": 3_900_000, "doze": "deep"},
     "Doze maintenance window until T+0d 01:05:00: pending work may run"),
    (DozeIdle(300_000, "light"), {"until_millis": 300_000, "doze": "light"},
     "light Doze idle until T+0d 00:05:00: regular work waits, no network"),
    (DozeWindow(360_000, "light"), {"until_millis": 360_000, "doze": "light"},
     "light Doze maintenance window until T+0d 00:06:00: pending work may run"),
    (AppLife("force-stopped"), {"cause": "force-stopped"},
     "the app was force-stopped: its process was killed and Android cancelled its jobs and "
     "alarms; nothing runs until the user opens it (open_app())"),
    (AppLife("killed"), {"cause": "killed"}, "the app process was killed and restarted"),
    (Output(Data({"n": 1})), {"output": Data({"n": 1})}, repr(Data({"n": 1}))),
    (Note("words"), {}, "words"),
]  # fmt: skip


def test_each_payload_holds_the_facts_and_says_them_in_the_trace_words() -> None:
    """data() keeps every key views read; describe() gives the trace's words, unchanged."""
    for payload, data, words in PAYLOADS:
        event = Event(0, "retry", WORK, (type(payload), *payload))
        assert (event.data, event.detail) == (data, words), payload
        assert event.payload == payload


MADE: list[int] = []


class Counted(NamedTuple):
    """A payload recipe's product."""

    value: int

    def data(self) -> dict[str, Any]:
        return {}

    def describe(self) -> str:
        return str(self.value)


def counting(value: int) -> Counted:
    """Stands for a payload class, counting how often it is built."""
    MADE.append(value)
    return Counted(value)


def test_a_payload_is_built_only_when_the_event_is_read() -> None:
    """Recording keeps the recipe; reading builds the payload once, reading again reuses it."""
    history = History()
    MADE.clear()
    history.raw.append((0, EventKind.RETRY, WORK, counting, 7))
    assert MADE == [] and len(history) == 1
    event = history.event(0)
    assert MADE == []
    assert event.detail == "7" and event.data == {} and event.payload == Counted(7)
    assert MADE == [7]


class Napper(CoroutineWorker):
    async def do_work(self) -> Result:
        await self.set_progress({"p": 1})
        await self.sleep(timedelta(minutes=20))
        return Result.success({"done": 1})


class Fails(Worker):
    def do_work(self) -> Result:
        return Result.failure()


class Retries(Worker):
    def do_work(self) -> Result:
        return Result.retry() if self.run_attempt_count == 0 else Result.success()


def test_every_event_of_a_busy_day_carries_a_payload_of_its_kind() -> None:
    """Chains, failures, retries, periods, stops, Doze and cancels: each event's kind is an
    EventKind and its payload a type PAYLOADS lists for that kind."""
    wm = WorkManager()
    needs_network = Constraints(required_network_type=NetworkType.CONNECTED)
    wm.begin_with(OneTimeWorkRequest(Fails)).then(OneTimeWorkRequest(Upload)).enqueue()
    wm.enqueue([OneTimeWorkRequest(Retries), OneTimeWorkRequest(Napper, constraints=needs_network)])
    wm.enqueue(PeriodicWorkRequest(Upload, timedelta(minutes=15)))
    blocked = OneTimeWorkRequest(Upload, initial_delay=timedelta(hours=3))
    wm.begin_with(blocked).then(OneTimeWorkRequest(Upload)).enqueue()
    wm.advance(timedelta(minutes=1))
    wm.set_device(network="none")
    wm.set_device(charging=False, app_in_foreground=False, doze=True)
    wm.advance(timedelta(hours=2))
    wm.cancel_work_by_id(blocked.id)
    kinds = set()
    for event in wm.trace:
        assert isinstance(event.kind, EventKind), event
        assert isinstance(event.payload, payload_types(event.kind)), event
        kinds.add(event.kind)
    assert {"failed", "retry", "succeeded", "stopped", "progress", "doze", "maintenance"} <= kinds
    assert {"waiting", "cancelled", "device", "started", "enqueued", "blocked"} <= kinds
