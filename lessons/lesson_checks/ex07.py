"""Checks for lesson 07 (periodic work)."""

from __future__ import annotations

from wmkit import NetworkType, PeriodicWorkRequest, WorkManager, WorkRequest

from ._common import Problem, Unanswered, as_millis, at, extra_constraints, report, require

_MINUTE = 60_000
_HOUR = 60 * _MINUTE


def check_cleanup_request(request: object) -> None:
    """Exercise 7.1: every 6 h, flex 1 h, UNMETERED; first run due at 5:00."""

    def run() -> str:
        built = require(request, "`cleanup_request` to a built request")
        if isinstance(built, PeriodicWorkRequest.Builder):
            raise Problem("that is the builder: finish it with `.build()`.")
        if not isinstance(built, WorkRequest):
            raise Problem(f"`cleanup_request` should be a built request, got {built!r}.")
        if not isinstance(built, PeriodicWorkRequest):
            raise Problem("a one-time request runs once: build a PeriodicWorkRequest.")
        if built.worker_class.__name__ != "Cleanup":
            raise Problem(f"it runs {built.worker_class.__name__}; build it for Cleanup.")
        spec = built.work_spec
        if spec.interval != 6 * _HOUR:
            raise Problem(f"its interval is {at(spec.interval)}; it should be 6 hours.")
        if spec.flex == spec.interval:
            raise Problem(
                "it has no flex window: pass a flex of 1 hour as the third argument, "
                "PeriodicWorkRequest.Builder(Cleanup, timedelta(hours=6), timedelta(hours=1))."
            )
        if spec.flex != _HOUR:
            raise Problem(f"its flex is {at(spec.flex)}; it should be 1 hour.")
        if spec.constraints.required_network_type is not NetworkType.UNMETERED:
            raise Problem("it should require NetworkType.UNMETERED (set_constraints(...)).")
        extra = extra_constraints(spec.constraints, "required_network_type")
        if extra:
            raise Problem(extra)
        wm = WorkManager()
        wm.enqueue(built)
        due = wm.get_work_info_by_id(built.id).next_schedule_time_millis
        if due != 5 * _HOUR:
            raise Problem(
                f"its first run is due at {at(due)}; with a 6 h interval and 1 h flex it "
                "should be 5:00 (did you add an initial delay?)."
            )
        return "every 6 h with a 1 h flex on an unmetered network: first due at 5:00."

    report("Exercise 7.1", run)


def check_drift(starts: object) -> None:
    """Exercise 7.2: hourly, 10-minute runs: 0, 1:10, 2:20."""

    def run() -> str:
        given = require(starts, "`first_three_starts`")
        if not isinstance(given, (list, tuple)) or len(given) != 3:
            raise Problem("`first_three_starts` should be a list of three instants.")
        if any(v is ... for v in given):
            raise Unanswered("fill in all three instants")
        values = [as_millis(v, "each start") for v in given]
        expected = [0, 70 * _MINUTE, 140 * _MINUTE]
        if values == expected:
            return "0:00, 1:10, 2:20: each run is due one interval after the previous *finished*."
        if values == [0, _HOUR, 2 * _HOUR]:
            raise Problem(
                "an hour apart would be a metronome. The next period counts from the moment "
                "the previous run *finished*."
            )
        if values[0] != 0:
            raise Problem("with no flex and no delay, the first run is at once, at 0.")
        raise Problem(
            f"not {', '.join(at(v) for v in values)}. Add run time plus interval each time."
        )

    report("Exercise 7.2", run)


def check_clamped(second_run_at: object) -> None:
    """Exercise 7.3: a 10-minute interval becomes 15 minutes: second run at 15:00."""

    def run() -> str:
        answer = as_millis(require(second_run_at, "`second_run_at`"), "`second_run_at`")
        if answer == 15 * _MINUTE:
            return "15:00: the 10-minute interval was raised to the 15-minute minimum."
        if answer == 10 * _MINUTE:
            raise Problem(
                "10 minutes is below the minimum interval; Android raises it (with only a "
                "log warning). What is the minimum?"
            )
        raise Problem(
            f"not {at(answer)}. The first run is at 0; the interval is then raised to ...?"
        )

    report("Exercise 7.3", run)


def check_periodic_retry(run_after_retry_at: object) -> None:
    """Exercise 7.4: retry() in a periodic work backs off (30 s), it does not skip a period."""

    def run() -> str:
        answer = as_millis(
            require(run_after_retry_at, "`run_after_retry_at`"), "`run_after_retry_at`"
        )
        if answer == 30_000:
            return "0:30: retry() backs off (30 s by default) within the same period."
        if answer == _HOUR:
            raise Problem(
                "that would be the next period, as after success() or failure(). retry() "
                "does something else: it waits for the backoff."
            )
        if answer == 30:
            raise Problem("give the instant in milliseconds, not seconds.")
        raise Problem(f"not {at(answer)}. What does retry() wait for, and how long by default?")

    report("Exercise 7.4", run)
