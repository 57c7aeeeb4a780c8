"""Retries: the same flaky upload under exponential and linear backoff."""

from __future__ import annotations

from datetime import timedelta

from ..enums import BackoffPolicy
from ..manager.manager import WorkManager
from ..work.requests import OneTimeWorkRequest
from .base import Scenario
from .workers import FlakyUpload


def _build_retry(manager: WorkManager) -> None:
    manager.enqueue(
        [
            OneTimeWorkRequest(FlakyUpload, tags=["exponential"]),
            OneTimeWorkRequest.Builder(FlakyUpload)
            .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=30))
            .add_tag("linear")
            .build(),
        ]
    )


RETRY_BACKOFF = Scenario(
    name="retry_backoff",
    title="Retry with exponential (and linear) backoff",
    summary=(
        "Two copies of a flaky upload that returns `Result.retry()` on its first four "
        "runs and succeeds on the fifth; each run takes 5 s. `exponential` keeps the "
        "default backoff (EXPONENTIAL, 30 s): it waits 30 s, 1 min, 2 min, 4 min after "
        "each retry and succeeds at 7:55. `linear` uses LINEAR 30 s: it waits 30 s, "
        "1 min, 1 min 30 s, 2 min and succeeds at 5:25. Watch the gaps on the timeline: "
        "each wait counts from the moment the retry was returned, not from the start."
    ),
    android_notes=(
        "The n-th retry waits base × 2^(n-1) (EXPONENTIAL) or base × n (LINEAR), "
        "measured from when the retry was returned, capped at 5 hours; the base defaults "
        "to 30 s and is clamped to [10 s, 5 h]. There is no maximum number of retries: "
        "give up yourself by returning Result.failure() when run_attempt_count is high "
        "enough. The worker's run_attempt_count is the count before this run (0 on the "
        "first); WorkInfo.run_attempt_count counts the run in progress too."
    ),
    builder=_build_retry,
    roles=("exponential", "linear"),
    run_for=timedelta(minutes=10),
    lessons=("05_when_things_go_wrong",),
)
