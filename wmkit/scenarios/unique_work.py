"""Unique work: APPEND onto a failed chain, and KEEP against REPLACE."""

from __future__ import annotations

from datetime import timedelta

from ..enums import ExistingWorkPolicy
from ..manager.manager import WorkManager
from ..work.requests import OneTimeWorkRequest
from .base import Cue, Scenario
from .workers import ApplyChanges, FetchChanges, RefreshFeed

APPEND, APPEND_OR_REPLACE = ExistingWorkPolicy.APPEND, ExistingWorkPolicy.APPEND_OR_REPLACE
KEEP, REPLACE = ExistingWorkPolicy.KEEP, ExistingWorkPolicy.REPLACE


def _build_append(manager: WorkManager) -> None:
    fetch = OneTimeWorkRequest(FetchChanges, input_data={"server": "down"}, tags=["fetch"])
    manager.enqueue_unique_work("sync", APPEND, fetch)


def _append_apply(manager: WorkManager) -> None:
    apply = OneTimeWorkRequest(ApplyChanges, tags=["apply"])
    manager.enqueue_unique_work("sync", APPEND, apply)


def _append_or_replace(manager: WorkManager) -> None:
    fetch = OneTimeWorkRequest(FetchChanges, input_data={"server": "up"}, tags=["fetch-again"])
    apply = OneTimeWorkRequest(ApplyChanges, tags=["apply-again"])
    manager.begin_unique_work("sync", APPEND_OR_REPLACE, fetch).then(apply).enqueue()


UNIQUE_APPEND_ONTO_FAILED = Scenario(
    name="unique_append_onto_failed",
    title="Unique APPEND onto a failed chain",
    summary=(
        "Unique work `sync` starts with `fetch`, which fails at 0:10 (the server is "
        "down). At 1:00 the app appends `apply` with APPEND: it is FAILED the moment it "
        "is enqueued and never runs, and so would every later APPEND to `sync` until the "
        "failed rows are pruned. At 2:00 "
        "the app uses APPEND_OR_REPLACE instead: the failed rows are deleted (their "
        "WorkInfo becomes None) and a fresh chain `fetch-again` → `apply-again` runs, "
        "succeeding at 2:20."
    ),
    android_notes=(
        "APPEND makes the new work depend on the chain's leaves: a FAILED leaf makes it "
        "FAILED at once, a CANCELLED leaf CANCELLED, an unfinished leaf BLOCKED, and all "
        "SUCCEEDED leaves make it ENQUEUED with their outputs merged into its input. "
        "APPEND_OR_REPLACE starts a fresh chain when a leaf failed or was cancelled, by "
        "deleting the old rows. Finished rows count as existing until they are pruned: "
        "after prune_work() (or the automatic prune a day or more later) an APPEND starts "
        "a fresh chain."
    ),
    builder=_build_append,
    roles=("fetch", "apply", "fetch-again", "apply-again"),
    run_for=timedelta(minutes=3),
    cues=(
        Cue(timedelta(minutes=1), "the app appends `apply` with APPEND", _append_apply),
        Cue(
            timedelta(minutes=2),
            "the app enqueues a new chain with APPEND_OR_REPLACE",
            _append_or_replace,
        ),
    ),
    lessons=("09_unique_work",),
)


def _build_keep_replace(manager: WorkManager) -> None:
    manager.enqueue_unique_work("feed-keep", KEEP, OneTimeWorkRequest(RefreshFeed, tags=["keep-1"]))
    manager.enqueue_unique_work(
        "feed-replace", REPLACE, OneTimeWorkRequest(RefreshFeed, tags=["replace-1"])
    )


def _pull_to_refresh(manager: WorkManager) -> None:
    manager.enqueue_unique_work("feed-keep", KEEP, OneTimeWorkRequest(RefreshFeed, tags=["keep-2"]))
    manager.enqueue_unique_work(
        "feed-replace", REPLACE, OneTimeWorkRequest(RefreshFeed, tags=["replace-2"])
    )


def _keep_again(manager: WorkManager) -> None:
    manager.enqueue_unique_work("feed-keep", KEEP, OneTimeWorkRequest(RefreshFeed, tags=["keep-3"]))


KEEP_VS_REPLACE = Scenario(
    name="keep_vs_replace",
    title="KEEP vs REPLACE",
    summary=(
        "Two unique works refresh the feed (2 min each): `feed-keep` is always enqueued "
        "with KEEP, `feed-replace` with REPLACE. At 0:30 the user pulls to refresh "
        "again. KEEP ignores the new request (`keep-2` is never stored) and `keep-1` "
        "finishes at 2:00. REPLACE cancels the running `replace-1` (its worker is "
        "stopped), deletes it, and runs `replace-2` from 0:30 to 2:30. At 3:00 KEEP is "
        "used again: `keep-1` has finished, so KEEP replaces it and `keep-3` runs "
        "until 5:00."
    ),
    android_notes=(
        "KEEP only protects work that is ENQUEUED or RUNNING; over finished work it "
        "deletes the old rows and enqueues the new request. REPLACE cancels the "
        "unfinished old work (stopping a running worker, CANCELLED_BY_APP) and deletes "
        "every old row, so getWorkInfoById of an old id returns null. Use KEEP for "
        '"make sure it runs once", REPLACE for "the newest request wins".'
    ),
    builder=_build_keep_replace,
    roles=("keep-1", "keep-2", "keep-3", "replace-1", "replace-2"),
    run_for=timedelta(minutes=6),
    cues=(
        Cue(
            timedelta(seconds=30),
            "the user pulls to refresh: both names are enqueued again",
            _pull_to_refresh,
        ),
        Cue(timedelta(minutes=3), "KEEP again, now that `keep-1` has finished", _keep_again),
    ),
    lessons=("09_unique_work",),
)
