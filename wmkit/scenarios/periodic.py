"""Periodic work: the flex window, and the drift of later periods."""

from __future__ import annotations

from datetime import timedelta

from ..manager.manager import WorkManager
from ..work.requests import PeriodicWorkRequest
from .base import Scenario
from .workers import SyncNews


def _build_flex(manager: WorkManager) -> None:
    hour, quarter = timedelta(hours=1), timedelta(minutes=15)
    manager.enqueue(
        [
            PeriodicWorkRequest(SyncNews, hour, tags=["no-flex"]),
            PeriodicWorkRequest(SyncNews, hour, quarter, tags=["with-flex"]),
        ]
    )


FLEX_WINDOW = Scenario(
    name="flex_window",
    title="The flex window, and drift",
    summary=(
        "Two hourly news syncs of 2 minutes each. `no-flex` runs at once (0:00), then "
        "one hour after each run *finished*: 1:02, 2:04, 3:06, drifting 2 minutes per "
        "period. `with-flex` has a 15-minute flex, so its first run waits for the last "
        "15 minutes of the first hour and starts at 0:45; after that it also runs one "
        "hour after each finish (1:47, 2:49, 3:51). Watch `next_schedule_time_millis` "
        "and the period count after each run."
    ),
    android_notes=(
        "A periodic work runs at most once per interval (at least 15 minutes); the first "
        "run is immediate unless an initial delay or a flex shorter than the interval "
        "pushes it to the start of the flex window (interval minus flex). WorkManager "
        "computes each later period from the moment the previous run finished, so the "
        "schedule drifts by the run time, and the phone may run it later still (Doze, "
        "constraints, quotas). wmkit runs work at the first instant it may; a real phone "
        "runs it at that instant or later."
    ),
    builder=_build_flex,
    roles=("no-flex", "with-flex"),
    run_for=timedelta(hours=4),
    lessons=("07_periodic_work",),
)
