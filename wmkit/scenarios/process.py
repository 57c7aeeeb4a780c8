"""Process death: the app is killed in the middle of a chain."""

from __future__ import annotations

from datetime import timedelta

from ..manager.manager import WorkManager
from ..work.requests import OneTimeWorkRequest
from .base import Cue, Scenario
from .workers import BuildTiles, DownloadMap


def _build_process_death(manager: WorkManager) -> None:
    download = OneTimeWorkRequest(DownloadMap, tags=["download"])
    tiles = OneTimeWorkRequest(BuildTiles, tags=["tiles"])
    manager.begin_with(download).then(tiles).enqueue()


PROCESS_DEATH = Scenario(
    name="process_death",
    title="Process death mid-run",
    summary=(
        "A 5-minute map download, then a 1-minute tile build. At 2:00 the app's process "
        "is killed and restarted (`restart_app()`; with a store file, closing the kernel "
        "and reopening the file does the same). The download, RUNNING at that moment, "
        "comes back ENQUEUED with stop reason UNKNOWN and one attempt counted; its "
        "`on_stopped` is never called, since a dead process runs nothing. It starts "
        "again at once, from scratch (its worker now sees run_attempt_count 1), "
        "finishes at 7:00, and the tiles follow at 8:00."
    ),
    android_notes=(
        "WorkManager keeps every work in its database, so work survives process death "
        "and reboots. At the next start it finds rows still marked RUNNING, puts them "
        "back to ENQUEUED (stop reason UNKNOWN, the attempt counted) and reschedules "
        "everything. Nothing of the killed run survives but what the worker saved "
        "itself."
    ),
    builder=_build_process_death,
    roles=("download", "tiles"),
    run_for=timedelta(minutes=10),
    cues=(
        Cue(
            timedelta(minutes=2),
            "the app process is killed and restarted",
            lambda m: m.restart_app(),
        ),
    ),
    lessons=("11_under_the_hood",),
)
