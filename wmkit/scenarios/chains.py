"""Chains: a fan-in merge and a diamond whose branch is cancelled."""

from __future__ import annotations

from datetime import timedelta

from ..manager.manager import WorkManager
from ..work.mergers import ArrayCreatingInputMerger
from ..work.requests import OneTimeWorkRequest
from .base import Cue, Scenario, role_id
from .workers import DownloadPhoto, MakeAlbum, Notify, PickCover, Prepare, Resize, Upload

_PHOTOS = (
    ("beach.jpg", 1000, "download-beach"),
    ("city.jpg", 2000, "download-city"),
    ("forest.jpg", 3000, "download-forest"),
)


def _build_fan_in(manager: WorkManager) -> None:
    downloads = [
        OneTimeWorkRequest(DownloadPhoto, input_data={"photo": photo, "size_kb": size}, tags=[role])
        for photo, size, role in _PHOTOS
    ]
    album = (
        OneTimeWorkRequest.Builder(MakeAlbum)
        .set_input_merger(ArrayCreatingInputMerger)
        .set_input_data({"album": "Holiday"})
        .add_tag("make-album")
        .build()
    )
    cover = OneTimeWorkRequest(PickCover, tags=["pick-cover"])
    manager.begin_with(downloads).then([album, cover]).enqueue()


FAN_IN_MERGE = Scenario(
    name="fan_in_merge",
    title="Fan-in: three downloads, one album",
    summary=(
        "Three downloads run in parallel (10 s, 20 s and 30 s); two works wait for all "
        "three. `make-album` uses `ArrayCreatingInputMerger`, so it sees every photo, as "
        "arrays, and even its own input `album` arrives as a one-element array. "
        "`pick-cover` keeps the default `OverwritingInputMerger`, so it sees a single "
        "`photo`: one parent's value overwrote the others. Watch both stay BLOCKED until "
        "the slowest download succeeds at 0:30, then open the merge inspector."
    ),
    android_notes=(
        "A child's input is its merger applied to [its own input] + its parents' outputs; "
        "with the default merger a parent's value replaces the child's own value for the "
        "same key. Android gives no order among the parents, so which photo "
        "`pick-cover` gets, and the order of the arrays, must not be relied on."
    ),
    builder=_build_fan_in,
    roles=("download-beach", "download-city", "download-forest", "make-album", "pick-cover"),
    run_for=timedelta(seconds=40),
    lessons=("00_welcome", "04_input_mergers"),
)


def _build_diamond(manager: WorkManager) -> None:
    prepare = OneTimeWorkRequest(Prepare, tags=["prepare"])
    resize = OneTimeWorkRequest(Resize, tags=["resize"])
    upload = OneTimeWorkRequest(Upload, tags=["upload"])
    notify = OneTimeWorkRequest(Notify, tags=["notify"])
    manager.begin_with(prepare).then([resize, upload]).then(notify).enqueue()


DIAMOND_CANCEL = Scenario(
    name="diamond_cancel",
    title="A diamond, and a cancelled branch",
    summary=(
        "`prepare` (10 s) feeds two branches, `resize` (20 s) and `upload` (60 s), and "
        "`notify` waits for both. At 0:40, while `upload` runs, the user cancels it. "
        "Watch: `upload` becomes CANCELLED with stop reason CANCELLED_BY_APP (it was "
        "running), `notify` is CANCELLED too although nobody cancelled it, and "
        "`prepare` and `resize`, already SUCCEEDED, stay SUCCEEDED."
    ),
    android_notes=(
        "Cancelling a work cancels every unfinished work that depends on it, "
        "transitively; finished works are never changed, and prerequisites are never "
        "touched. A running worker is stopped (its on_stopped runs) and its result "
        "ignored. A failure cascades the same way, as FAILED."
    ),
    builder=_build_diamond,
    roles=("prepare", "resize", "upload", "notify"),
    run_for=timedelta(minutes=2),
    cues=(
        Cue(
            timedelta(seconds=40),
            "the user cancels the upload",
            lambda m: m.cancel_work_by_id(role_id(m, "upload")),
        ),
    ),
    lessons=("03_chains", "05_when_things_go_wrong"),
)
