"""Replaying one work's events into the segments of its timeline lane.

:func:`derive_lane` runs a small state machine over the work's events (enqueued,
blocked, unblocked, started, retry, stopped, succeeded, failed, cancelled, waiting,
deleted, and the app's restarts) in trace order, and cuts its life into segments: runs
ending succeeded, failed, retry, stopped with a reason, cancelled, or killed by a
restart; the waits between them (initial delay, backoff, the interval before a period
and its flex window); blocked time; and "waiting" stretches where the work was due but
did not start, coloured by what held it (a constraint, Doze, a quota; grey for busy
slots and the rest). Instants and stop reasons come from ``Event.data``
(``due_millis``, ``stop_reason``), never from the event's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...enums import stop_reason_name
from ...units import LONG_MAX
from ..dag.graph import JOIN_CLASS
from ..reasons import stop_reason_kind
from ..text import first_line, id_text, work_label
from .lanes import Band, Lane, Mark, Segment, WaitingLog

MARK_KINDS = {"updated", "dropped"}
#: Waiting kinds that have a colour of their own (the rest are plain "waiting").
WAIT_FAMILIES = ("constraint", "doze", "quota")

WAIT_LABELS = {
    "initial-delay": "delay",
    "backoff": "backoff",
    "period": "interval",
    "pending": "pending",
    "blocked": "blocked",
}


@dataclass
class _Replay:
    """The state machine of :func:`derive_lane`."""

    d: Any
    now: int
    waiting: WaitingLog | None
    key: str
    bands: Sequence[Band]
    state: str = "unknown"
    since: int = 0
    due: int | None = None
    wait_kind: str = "pending"
    wait_note: str = ""
    #: What stopped the last run (a family of WAIT_FAMILIES), colouring the wait after.
    held_by: str = ""
    segments: list[Segment] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    def enqueue(self, t: int, due: int | None, kind: str, held_by: str = "") -> None:
        self.state, self.since, self.due, self.wait_kind = "enqueued", t, due, kind
        self.wait_note, self.held_by = "", held_by

    def close(self, t: int) -> None:
        """End whatever stretch is open at ``t`` (not a run: see :meth:`end_run`)."""
        if self.state == "enqueued":
            self._close_wait(t)
        elif self.state == "blocked" and t > self.since:
            self.segments.append(Segment("blocked", self.since, t, "blocked"))
        self.state = "final"

    def _close_wait(self, t: int) -> None:
        if self.due is None:  # when it was due is unknown (a restart, a custom note)
            if t > self.since:
                self.segments.append(Segment("pending", self.since, t, "pending"))
            return
        due = self.due
        if due > self.since:
            label = WAIT_LABELS.get(self.wait_kind, self.wait_kind)
            self.segments.append(Segment(self.wait_kind, self.since, min(due, t), label))
        if t > due:
            start = max(due, self.since)
            seen, seen_kind = self.waiting.reason(self.key, start, t) if self.waiting else ("", "")
            family = seen_kind or self.held_by or self._dozing(start)
            kind = f"waiting-{family}" if family in WAIT_FAMILIES else "waiting"
            self.segments.append(Segment(kind, start, t, self.wait_note or seen or "waiting"))

    def _dozing(self, t: int) -> str:
        """'doze' when ``t`` falls in a deep-Doze idle stretch (not a maintenance window)."""
        inside = {b.kind for b in self.bands if b.start <= t < b.end}
        return "doze" if "doze" in inside and "maintenance" not in inside else ""

    def end_run(self, t: int, outcome: str, label: str) -> None:
        if self.state == "running":
            self.segments.append(Segment(f"run-{outcome}", self.since, t, label))
        else:
            self.close(t)
        self.state = "final"


def derive_lane(
    d: Any,
    events: Sequence[Any],
    now: int,
    *,
    waiting: WaitingLog | None = None,
    bands: Sequence[Band] = (),
) -> Lane:
    """Replay one work's events (with the app's ``restart`` events among them, in
    trace order) into segments and marks, up to ``now`` and the scheduled part after."""
    key = id_text(d.id)
    short = d.worker_class_name.rsplit(".", 1)[-1]
    r = _Replay(d, now, waiting, key, bands)
    if not events:
        _seed_from_description(r)
    for event in events:
        _apply(r, event)
    _finish(r)
    return Lane(
        work_id=key,
        title="combine" if short == JOIN_CLASS else short,
        short_id=key[:8],
        state=d.state.name,
        segments=tuple(r.segments),
        marks=tuple(r.marks),
        note=first_line(d.failure, 120) if d.failure else "",
        label="combine" if short == JOIN_CLASS else work_label(d),
    )


def _apply(r: _Replay, event: Any) -> None:
    t, kind = event.millis, event.kind
    d = r.d
    if kind in ("enqueued", "unblocked"):
        r.close(t)
        due = t + d.initial_delay_millis
        if d.interval_millis and d.flex_millis < d.interval_millis:
            due += d.interval_millis - d.flex_millis
            _flex(r, due)
        r.enqueue(t, due, "initial-delay" if d.initial_delay_millis else "period")
    elif kind == "blocked":
        r.close(t)
        r.state, r.since = "blocked", t
    elif kind == "started":
        r.close(t)
        r.state, r.since = "running", t
    elif kind == "waiting":
        r.wait_note = first_line(event.detail, 80)
    elif kind == "restart":
        if r.state == "running":
            r.segments.append(Segment("run-killed", r.since, t, "killed"))
            r.marks.append(Mark(t, "killed", "the app process died during this run"))
            r.enqueue(t, None, "pending")
    elif kind == "retry":
        r.end_run(t, "retry", "retry")
        r.enqueue(t, event.data.get("due_millis"), "backoff")
    elif kind == "stopped":
        data = event.data
        reason = stop_reason_name(data.get("stop_reason", 0))
        if r.state == "running":
            r.end_run(t, "stopped", f"✕ {reason}")
            r.marks.append(Mark(t, "stopped", reason))
        else:  # a restart already ended the run; this is its bookkeeping
            r.close(t)
        family = stop_reason_kind(data.get("stop_reason", 0))
        r.enqueue(t, data.get("due_millis"), "backoff", family if family != "other" else "")
    elif kind in ("succeeded", "failed"):
        r.end_run(t, kind, kind)
        upcoming = event.data.get("due_millis") if d.interval_millis else None
        if upcoming is not None and upcoming != LONG_MAX:
            r.enqueue(t, upcoming, "period")
            if d.flex_millis < d.interval_millis:
                _flex(r, upcoming)
    elif kind == "cancelled":
        r.end_run(t, "cancelled", "cancelled")
    elif kind == "deleted":
        r.close(t)
    elif kind in MARK_KINDS:
        r.marks.append(Mark(t, kind, first_line(event.detail, 60)))


def _flex(r: _Replay, due: int) -> None:
    """The flex window opening at ``due``: where in its period a periodic work may run."""
    flex = r.d.flex_millis
    r.segments.append(Segment("flex", due, due + flex, "flex", future=due > r.now))


def _seed_from_description(r: _Replay) -> None:
    """No events for this work (a store reopened): start from what it is now."""
    d = r.d
    state = d.state.name
    if state == "RUNNING" and d.running_since is not None:
        r.state, r.since = "running", d.running_since
    elif state == "ENQUEUED":
        kind = (
            "backoff" if d.run_attempt_count else ("period" if d.period_count else "initial-delay")
        )
        since = d.last_enqueue_time if d.last_enqueue_time >= 0 else r.now
        r.enqueue(since, d.next_run_time, kind)
    elif state == "BLOCKED":
        r.state, r.since = "blocked", max(d.last_enqueue_time, 0)


def _finish(r: _Replay) -> None:
    """Close the open stretch at now, and draw what is scheduled after it."""
    now, d = r.now, r.d
    if r.state == "running":
        r.segments.append(Segment("run", r.since, now, "running"))
    elif r.state == "blocked":
        r.segments.append(Segment("blocked", r.since, now, "blocked"))
    elif r.state == "enqueued":
        due = r.due
        if d.state.name == "ENQUEUED" and d.next_run_time < LONG_MAX:
            due = d.next_run_time
        if due is None:
            due = r.since
        if d.waiting_for:
            r.wait_note = "; ".join(d.waiting_for)
        r.due = due
        r._close_wait(now)
        if due > now:
            label = WAIT_LABELS.get(r.wait_kind, r.wait_kind)
            r.segments.append(Segment(r.wait_kind, max(now, r.since), due, label, True))
