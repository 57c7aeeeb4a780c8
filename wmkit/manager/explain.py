"""``manager.explain(id)``: why a work is (not) running now, in plain words.

Each reason names the instant the work will next be considered, so a student can
answer "why didn't my worker run, and when will it?" the way Android would.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from ..enums import OutOfQuotaPolicy, State, StopReason, stop_reason_name
from ..trace.kinds import EventKind
from ..units import LONG_MAX, format_duration, format_millis

if TYPE_CHECKING:
    from ..engine.engine import Engine
    from ..engine.interrupts import Interruption
    from ..phone.rules import Blocker
    from ..work.work_spec import WorkSpec


def explain(engine: Engine, work_id: uuid.UUID) -> str:
    """A few lines: what the work is, its state, and every reason it waits."""
    spec = engine.table.get(work_id)
    if spec is None:
        return (
            f"No work with id {work_id} is stored: it was never enqueued, or its row was "
            "deleted (REPLACE, KEEP over finished work, APPEND_OR_REPLACE, or pruning)."
        )
    lines = [_headline(engine, spec)]
    lines.extend(_reasons(engine, spec))
    return "\n".join(lines)


def _name(spec: WorkSpec) -> str:
    return spec.worker_class_name.rsplit(".", 1)[-1]


def _headline(engine: Engine, spec: WorkSpec) -> str:
    kind = (
        f"periodic every {format_duration(spec.interval)}"
        + (f" (flex {format_duration(spec.flex)})" if spec.flex != spec.interval else "")
        if spec.interval
        else "one-time"
    )
    name = f", unique name {spec.unique_name!r}" if spec.unique_name else ""
    return (
        f"{_name(spec)} {str(spec.id)[:8]} ({kind}{name}) is {spec.state.name} at "
        f"{format_millis(engine.now)}; run attempts so far: {spec.run_attempt_count}."
    )


def _reasons(engine: Engine, spec: WorkSpec) -> list[str]:
    state = spec.state
    if state is State.RUNNING:
        run = engine.run_of(spec)
        since = f" since {format_millis(run.started_at)}" if run else ""
        return [f"- It is running{since} (attempt {spec.run_attempt_count})."]
    if state is State.SUCCEEDED:
        out = f" with output {spec.output!r}" if len(spec.output) else ""
        return [f"- It finished successfully{out}. Finished work never runs again."]
    if state is State.FAILED:
        return _failed(engine, spec)
    if state is State.CANCELLED:
        why = ""
        if spec.stop_reason == StopReason.CANCELLED_BY_APP:
            why = " while it was running (its worker was stopped: CANCELLED_BY_APP)"
        return [f"- It was cancelled{why}. Cancelled work never runs again."]
    if state is State.BLOCKED:
        return _blocked(engine, spec)
    return _enqueued(engine, spec)


def _failed(engine: Engine, spec: WorkSpec) -> list[str]:
    lines = ["- It FAILED; failed work never runs again, and its dependents failed with it."]
    if spec.failure:
        lines.append("- The failure:\n" + _indent(spec.failure))
    elif len(spec.output):
        lines.append(f"- Its failure output: {spec.output!r}.")
    table = engine.table
    failed_parents = [
        p for p in spec.prerequisites if p in table and table[p].state is State.FAILED
    ]
    if failed_parents and not spec.run_attempt_count:
        names = ", ".join(f"{_name(table[p])} {str(p)[:8]}" for p in failed_parents)
        lines.append(f"- It never ran: its prerequisite {names} failed.")
    return lines


def _blocked(engine: Engine, spec: WorkSpec) -> list[str]:
    lines = []
    for prerequisite in spec.prerequisites:
        parent = engine.table.get(prerequisite)
        if parent is None or parent.state is State.SUCCEEDED:
            continue
        lines.append(
            f"- Blocked by prerequisite {_name(parent)} {str(parent.id)[:8]}, which is "
            f"{parent.state.name}; it becomes ENQUEUED when every prerequisite has SUCCEEDED."
        )
    if not lines:
        lines.append(
            "- Blocked, but no unfinished prerequisite is left (its prerequisites' rows were "
            "deleted); Android re-checks only when a prerequisite succeeds, so it stays BLOCKED."
        )
    if spec.initial_delay:
        lines.append(
            f"- Its initial delay of {format_duration(spec.initial_delay)} will count from the "
            "moment it is unblocked."
        )
    return lines


def _enqueued(engine: Engine, spec: WorkSpec) -> list[str]:
    now = engine.now
    due = spec.next_run_time()
    lines = []
    interrupted = engine.interruption(spec)
    crashed_at = _crashed_the_app_at(engine, spec)
    if crashed_at is not None:
        lines.append(
            f"- At {format_millis(crashed_at)} its input merger raised and crashed the app "
            f"(androidx {engine.profile.version} lets that exception through; see the trace). "
            "When it is due again it crashes the app again: cancel it, or give each input "
            "key one type."
        )
    elif interrupted is not None:
        lines.append(_interrupted(interrupted, spec))
    elif spec.stop_reason not in (StopReason.NOT_STOPPED, StopReason.CANCELLED_BY_APP):
        since = "the stop" if spec.backoff_on_system_interruptions else "its last enqueue time"
        lines.append(
            f"- Its last run was stopped ({stop_reason_name(spec.stop_reason)}); stopped runs "
            f"count as attempts, and the next one waits for the backoff from {since} "
            f"{format_millis(spec.last_enqueue_time)}."
        )
    stopped = engine.phone.force_stop_blocker()
    if due > now:
        lines.append(f"- Not due yet: {_why_due(spec, due)}")
        if stopped is not None:
            lines.append(
                f"- Even when due it will not run: {stopped.what}. What brings it back: "
                f"{stopped.fix}."
            )
        blockers = [
            b
            for b in engine.phone.constraint_blockers(spec.constraints, False, now)
            if not spec.constraints.is_none
        ]
        lines.extend(f"- When due it also needs: it {b.what} ({b.fix})." for b in blockers)
    else:
        lines.append(f"- Due since {format_millis(due)}.")
        phone = engine.phone
        if spec.expedited and not spec.run_attempt_count and not phone.expedited_in_quota(now):
            lines.append(_blocker_line(phone.expedited_blocker(now), spec))
        blockers = engine.admission.blockers_for(spec, now)
        lines.extend(_blocker_line(b, spec, phone.device.doze) for b in blockers)
    if engine.schedule.misses_class(spec):
        lines.append(
            f"- Its worker class {spec.worker_class_name} is not defined in this process (the "
            "kernel restarted?). Run the cell that defines it, then drive the clock."
        )
    limit = engine.scheduler_limit
    if stopped is not None:
        return lines  # JobScheduler holds none of its jobs: nothing else matters until then
    if not engine.schedule.is_handed_over(spec):
        lines.append(
            f"- Not handed to JobScheduler yet: {limit} works (scheduler_limit, Android's "
            "maxSchedulerLimit) hold every slot; it gets one when an older-enqueued work "
            "finishes a run, oldest enqueue time first."
        )
    elif due <= now and not blockers and not engine.schedule.is_parked(spec):
        if engine.running_count >= engine.max_workers:
            lines.append(
                f"- Waiting for a free worker slot: {engine.running_count} of "
                f"{engine.max_workers} (max_concurrent_workers) are busy; it starts when one "
                "finishes."
            )
        else:
            lines.append("- It starts as soon as the clock is driven (advance or step).")
    return lines


_BLOCKER_LABEL = {
    "force-stopped": "Force-stopped:",
    "constraint": "Constraint unmet: it",
    "doze": "{mode} Doze:",
    "quota": "App Standby quota:",
    "expedited-quota": "Expedited quota:",
    "dropped": "Dropped:",
}


def _blocker_line(blocker: Blocker, spec: WorkSpec, doze: object = "deep") -> str:
    label = _BLOCKER_LABEL[blocker.kind].format(mode=str(doze).capitalize())
    line = f"- {label} {blocker.what}."
    if blocker.kind == "expedited-quota":
        if spec.out_of_quota_policy is OutOfQuotaPolicy.DROP_WORK_REQUEST:
            return f"{line} With DROP_WORK_REQUEST, JobScheduler drops it (see below)."
        return (
            f"{line} With RUN_AS_NON_EXPEDITED_WORK_REQUEST it runs as regular work instead, "
            "so Doze and the standby bucket apply to it."
        )
    if blocker.until is not None:
        line += f" It is looked at again at {format_millis(blocker.until)}."
    if blocker.kind == "force-stopped":
        return f"{line} What brings it back: {blocker.fix}."
    return f"{line} To run it sooner: {blocker.fix}."


def _crashed_the_app_at(engine: Engine, spec: WorkSpec) -> int | None:
    """When the work's last event was crashing the app (androidx 2.9's input merger)."""
    for raw in reversed(engine.history.raw):
        if raw[2] == spec.id:
            crashed = raw[1] is EventKind.ERROR and str(raw[3]).startswith("The app crashed")
            return raw[0] if crashed else None
    return None


def _interrupted(interruption: Interruption, spec: WorkSpec) -> str:
    what = f"{interruption.error} in {interruption.where} at {format_millis(interruption.at)}"
    if interruption.before_start:
        return (
            f"- Its last start was interrupted ({what}) before do_work ran: no attempt "
            "counted; it is ready to start again as soon as the clock is driven."
        )
    return (
        f"- Its last run was interrupted ({what}). As when the app process dies mid-run, "
        "it went back to ENQUEUED with StopReason.UNKNOWN; the attempt counts, and the next "
        f"run waits for the backoff from its last enqueue time "
        f"{format_millis(spec.last_enqueue_time)}."
    )


def _why_due(spec: WorkSpec, due: int) -> str:
    at = format_millis(due)
    if spec.interval and spec.override != LONG_MAX:
        return f"its next-schedule-time override runs it at {at}."
    if spec.run_attempt_count > 0:
        return (
            f"backing off after {spec.run_attempt_count} attempt(s) "
            f"({spec.backoff_policy.name}, base {format_duration(spec.backoff_delay)}) until {at}."
        )
    if spec.interval:
        if spec.period_count == 0:
            if spec.flex != spec.interval:
                return (
                    f"the flex window of its first period opens at {at} (the last "
                    f"{format_duration(spec.flex)} of the {format_duration(spec.interval)} "
                    "interval)."
                )
            return f"its initial delay of {format_duration(spec.initial_delay)} ends at {at}."
        return (
            f"period {spec.period_count + 1} starts at {at}, one interval after the previous "
            "run finished."
        )
    return f"its initial delay of {format_duration(spec.initial_delay)} ends at {at}."


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip().splitlines())
