"""Replaying one work's events into the segments of its timeline lane.

:func:`derive_lane` runs a small state machine over the work's events (enqueued,
blocked, started, retry, stopped, succeeded, failed, cancelled, waiting, resumed...)
and cuts its life into segments: runs ending succeeded, failed, retry, stopped with a
reason, cancelled, or killed by a restart; the waits between them (initial delay,
backoff, the interval before a period and its flex window); blocked time; and
"waiting" stretches where the work was due but did not start (a constraint, Doze, a
quota, busy slots). Instants inside event details ("due T+0d 00:01:00") are read back
with :func:`wmkit.render.timeline.times.instant_after`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...units import LONG_MAX
from ..dag.graph import JOIN_CLASS
from ..text import first_line, id_text
from .lanes import Lane, Mark, Segment, WaitingLog
from .times import instant_after

MARK_KINDS = {"updated": "updated", "dropped": "dropped", "quota": "quota"}


@dataclass
class _Replay:
    """The state machine of :func:`derive_lane`."""

    d: Any
    now: int
    waiting: WaitingLog | None
    key: str
    state: str = "unknown"
    since: int = 0
    due: int | None = None
    wait_kind: str = "pending"
    wait_note: str = ""
    run_label: str = ""
    segments: list[Segment] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    def enqueue(self, t: int, due: int | None, kind: str) -> None:
        self.state, self.since, self.due, self.wait_kind, self.wait_note = (
            "enqueued",
            t,
            due,
            kind,
            "",
        )

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
        label = _wait_label(self.wait_kind)
        if due > self.since:
            self.segments.append(Segment(self.wait_kind, self.since, min(due, t), label))
        if t > due:
            start = max(due, self.since)
            reason = self.wait_note or (
                self.waiting.reason(self.key, start, t) if self.waiting else ""
            )
            self.segments.append(Segment("waiting", start, t, reason or "waiting"))

    def resume(self, t: int) -> None:
        """What held a due work let go at ``t``: end the waiting stretch there."""
        self._close_wait(t)
        self.since, self.due, self.wait_note = t, t, ""

    def end_run(self, t: int, outcome: str, label: str) -> None:
        if self.state == "running":
            self.segments.append(Segment(f"run-{outcome}", self.since, t, label))
        else:
            self.close(t)
        self.state = "final"


def _wait_label(kind: str) -> str:
    return {
        "initial-delay": "initial delay",
        "backoff": "backoff",
        "period": "interval",
        "pending": "pending",
    }.get(kind, kind)


def derive_lane(
    d: Any,
    events: Sequence[Any],
    now: int,
    restarts: Sequence[int] = (),
    *,
    waiting: WaitingLog | None = None,
) -> Lane:
    """Replay one work's events into segments and marks, up to ``now`` (and the
    scheduled part after it)."""
    key = id_text(d.id)
    short = d.worker_class_name.rsplit(".", 1)[-1]
    r = _Replay(d, now, waiting, key)
    if not events:
        _seed_from_description(r)
    merged = sorted(
        [(e.millis, 0, i, e) for i, e in enumerate(events)]
        + [(t, 1, i, None) for i, t in enumerate(restarts)],
        key=lambda item: (item[0], item[1], item[2]),
    )
    for t, _, _, event in merged:
        if event is None:
            if r.state == "running":
                r.segments.append(Segment("run-killed", r.since, t, "killed by restart"))
                r.enqueue(t, None, "pending")
            continue
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
    elif kind == "resumed" and r.state == "enqueued":
        r.resume(t)
    elif kind == "retry":
        r.end_run(t, "retry", "retry")
        r.enqueue(t, instant_after(event.detail, "due"), "backoff")
    elif kind == "stopped":
        reason = event.detail.split(":", 1)[0]
        r.end_run(t, "stopped", f"stopped: {reason}")
        r.marks.append(Mark(t, "stopped", reason))
        r.enqueue(t, instant_after(event.detail, "again"), "backoff")
    elif kind in ("succeeded", "failed"):
        r.end_run(t, kind, kind)
        if d.interval_millis:
            upcoming = instant_after(event.detail, "run")
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
            r.segments.append(
                Segment(r.wait_kind, max(now, r.since), due, _wait_label(r.wait_kind), True)
            )
