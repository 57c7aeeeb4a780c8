"""Checks for lesson 06 (constraints, stops, the 10-minute limit)."""

from __future__ import annotations

from datetime import timedelta

from wmkit import Constraints, NetworkType, State, StopReason, WorkDescription, WorkManager

from ._common import Problem, as_millis, at, call, events, extra_constraints, report, require

_MINUTE = 60_000


def check_backup_constraints(constraints: object) -> None:
    """Exercise 6.1: UNMETERED network and charging, nothing else."""

    def run() -> str:
        given = require(constraints, "`backup_constraints`")
        if isinstance(given, Constraints.Builder):
            raise Problem("that is the builder: finish it with `.build()`.")
        if not isinstance(given, Constraints):
            raise Problem(f"`backup_constraints` should be a Constraints, got {given!r}.")
        network = given.required_network_type
        if network is NetworkType.CONNECTED:
            raise Problem(
                "CONNECTED is met by cellular too, and the user pays for cellular data: "
                "require an unmetered network."
            )
        if network is NetworkType.NOT_REQUIRED:
            raise Problem("no network is required yet: a backup must not run on cellular data.")
        if network is not NetworkType.UNMETERED:
            raise Problem(
                f"{network.name} is not the network type for 'no data costs': use UNMETERED."
            )
        if not given.requires_charging:
            raise Problem("it may run on battery: also require charging.")
        extra = extra_constraints(given, "required_network_type", "requires_charging")
        if extra:
            raise Problem(extra)
        return "UNMETERED and charging, nothing more: it runs on wifi while plugged in."

    report("Exercise 6.1", run)


def _part(description: WorkDescription) -> str:
    minutes = description.input_data.get("minutes")
    return f"the {minutes}-minute part"


def _check_strict_chain(works: list[WorkDescription]) -> None:
    """One part first, then each part waiting for exactly the one before it: a path."""
    if any(w.short_name == "CombineContinuationsWorker" for w in works):
        raise Problem(
            "it uses WorkContinuation.combine, which joins chains that run side by side; "
            "the parts must form one chain: begin_with(p1).then(p2).then(p3)."
        )
    others = sorted({w.short_name for w in works} - {"ExportPart"})
    if others:
        raise Problem(f"it enqueued {', '.join(others)} too; the export is ExportPart works only.")
    by_id = {w.id: w for w in works}
    roots = [w for w in works if not w.prerequisites]
    if len(roots) > 1:
        raise Problem(
            f"{len(roots)} parts start at once, side by side. The parts must run one "
            "after another: use begin_with(first).then(second)..."
        )
    for work in works:
        if len(work.prerequisites) > 1:
            waits = " and ".join(_part(by_id[p]) for p in work.prerequisites)
            raise Problem(
                f"{_part(work)} waits for {waits} at once: in a chain each part waits for "
                "the one part before it. Use one part per .then(...)."
            )
        if len(work.dependents) > 1:
            side = " and ".join(str(by_id[d].input_data.get("minutes")) for d in work.dependents)
            raise Problem(
                f"the parts of {side} minutes all wait for {_part(work)}, so they run side "
                "by side. Give each part its own .then(...): "
                "begin_with(p1).then(p2).then(p3), not .then([p2, p3])."
            )


def check_export(build_export: object) -> None:
    """Exercise 6.2: parts adding up to 25 minutes, in a strict chain, none reaching a
    TIMEOUT."""

    def run() -> str:
        wm = WorkManager()
        call(build_export, wm, what="build_export")
        works = wm.describe_works()
        if not works:
            raise Problem("nothing was enqueued: build the chain and end it with `.enqueue()`.")
        _check_strict_chain(works)
        minutes = [w.input_data.get("minutes") for w in works]
        if any(isinstance(m, bool) or not isinstance(m, int) for m in minutes):
            raise Problem(
                f'every part needs a whole number of "minutes" in its input; they have '
                f"{minutes}. Give each part input_data={{'minutes': 10}} (or fewer)."
            )
        wm.advance(timedelta(hours=3))
        timeouts = [e for e in wm.trace if e.kind == "stopped" and e.detail.startswith("TIMEOUT")]
        if timeouts:
            raise Problem(
                f"a part of {max(minutes)} minutes hit the 10-minute limit and was stopped "
                "(TIMEOUT), again and again. Make every part 10 minutes or less."
            )
        if sum(minutes) != 25:
            raise Problem(f"the parts add up to {sum(minutes)} minutes; the export is 25.")
        if any(wm.get_work_info_by_id(w.id).state is not State.SUCCEEDED for w in works):
            raise Problem("not every part SUCCEEDED; check ExportPart's requests.")
        order = sorted(works, key=lambda w: events(wm, w.id, "started")[0])
        finish = max(e.millis for e in wm.trace if e.kind == "succeeded")
        return (
            f"{len(works)} parts "
            f"({', '.join(str(w.input_data.get('minutes')) for w in order)} min) in a "
            f"chain, no TIMEOUT, done at {at(finish)}."
        )

    report("Exercise 6.2", run)


def check_lost_and_found(second_run_at: object, succeeded_at: object) -> None:
    """Exercise 6.3: stopped at 2:00, rerun at 3:00 from scratch, SUCCEEDED at 8:00."""

    def run() -> str:
        rerun = as_millis(require(second_run_at, "`second_run_at`"), "`second_run_at`")
        done = as_millis(require(succeeded_at, "`succeeded_at`"), "`succeeded_at`")
        problems = []
        if rerun != 3 * _MINUTE:
            if rerun == 30_000:
                problems.append(
                    "0:30 is when the backoff ends, but the network is still gone then: the "
                    "run also waits for its constraint"
                )
            else:
                problems.append(
                    f"the second run does not start at {at(rerun)}: it was due again long "
                    "ago (backoff from its enqueue time), so only the network holds it"
                )
        if done != 8 * _MINUTE:
            if done == 6 * _MINUTE:
                problems.append(
                    "a stopped run does not resume: the second run starts from the beginning "
                    "and takes the full 5 minutes"
                )
            else:
                problems.append(f"it does not succeed at {at(done)}")
        if problems:
            raise Problem("; ".join(problems) + ".")
        reason = StopReason.CONSTRAINT_CONNECTIVITY.name
        return f"3:00 and 8:00: stopped at 2:00 ({reason}), restarted from scratch at 3:00."

    report("Exercise 6.3", run)
