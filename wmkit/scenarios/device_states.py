"""The device: a constraint lost mid-run, a night in Doze, expedited work out of quota.

"A night in Doze" and "expedited out of quota" rely on the device model (Doze
maintenance windows, App Standby and expedited quotas, with the AOSP defaults kept in
``wmkit.phone.defaults``): deep Doze idles 1 h, opens a 5-minute maintenance window,
idles 2 h, opens a 10-minute window, then idles 4 h.
"""

from __future__ import annotations

from datetime import timedelta

from ..enums import NetworkType, OutOfQuotaPolicy
from ..manager.manager import WorkManager
from ..work.constraints import Constraints
from ..work.requests import OneTimeWorkRequest, PeriodicWorkRequest
from .base import Cue, Scenario
from .workers import (
    BackupPhotos,
    FetchNewsletter,
    IndexPhotos,
    Ping,
    SendChat,
    SyncChats,
    SyncFeed,
    UploadPhoto,
    UploadVideo,
)

_UNMETERED = Constraints(required_network_type=NetworkType.UNMETERED)
_AS_REGULAR = OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST


def _build_constraint_lost(manager: WorkManager) -> None:
    manager.enqueue(OneTimeWorkRequest(UploadVideo, constraints=_UNMETERED, tags=["video"]))


CONSTRAINT_LOST = Scenario(
    name="constraint_lost",
    title="A constraint lost mid-run",
    summary=(
        "A video upload needs an unmetered network (wifi) and takes 3 minutes in four "
        "chunks, publishing progress after each. At 1:00 the phone leaves wifi for "
        "cellular: the run is stopped with CONSTRAINT_CONNECTIVITY, the work goes back "
        "to ENQUEUED with its attempt counted and its progress (25 %) kept, and `explain` "
        "says it waits for wifi. At 5:00 wifi is back and the upload starts again from "
        "the beginning, succeeding at 8:00."
    ),
    android_notes=(
        "When a constraint stops holding, the running worker is stopped (is_stopped "
        "becomes true, on_stopped runs once, its result is ignored) and the work is "
        "rescheduled, not failed. The stop counts as a run attempt; the next run is due "
        "at the last enqueue time plus the backoff, usually long past, so it starts as "
        "soon as the constraint holds again. A restarted worker starts from scratch: "
        "resuming is your job (save where you were)."
    ),
    builder=_build_constraint_lost,
    roles=("video",),
    run_for=timedelta(minutes=10),
    cues=(
        Cue(
            timedelta(minutes=1),
            "the phone leaves wifi (network: cellular)",
            lambda m: m.set_device(network="cellular"),
        ),
        Cue(timedelta(minutes=5), "wifi is back", lambda m: m.set_device(network="wifi")),
    ),
    lessons=("06_constraints_and_the_device",),
)


def _build_night(manager: WorkManager) -> None:
    manager.set_device(charging=False, app_in_foreground=False)
    manager.enqueue(OneTimeWorkRequest(IndexPhotos, tags=["index"]))
    manager.enqueue(PeriodicWorkRequest(SyncFeed, timedelta(hours=1), tags=["feed"]))
    manager.enqueue(
        OneTimeWorkRequest(
            BackupPhotos,
            constraints=_UNMETERED,
            initial_delay=timedelta(minutes=30),
            tags=["backup"],
        )
    )


def _chat_message(manager: WorkManager) -> None:
    manager.enqueue(OneTimeWorkRequest(SendChat, expedited=_AS_REGULAR, tags=["chat"]))


NIGHT_IN_DOZE = Scenario(
    name="night_in_doze",
    title="A night in Doze",
    summary=(
        "Evening, on battery, screen off: an 8-minute photo index starts, an hourly feed "
        "sync runs once, and a backup (wifi only) is due at 0:30. At 0:02 the phone "
        "enters deep Doze: the index is stopped (DEVICE_STATE) and nothing regular runs "
        "until the first maintenance window at 1:02. Then index, feed and backup all "
        "start together; the window closes at 1:07 and cuts the index off again; it "
        "finishes in the next window (3:07 to 3:15). At 3:00 an expedited chat message "
        "runs at once, Doze or not. At 7:00 the phone is plugged in: Doze ends and the "
        "overdue feed sync runs at once. Ask `explain` at any point why a work waits."
    ),
    android_notes=(
        "In deep Doze JobScheduler runs no regular jobs and apps have no network, "
        "except in short maintenance windows that come less and less often (about 1 h, "
        "then 2 h, 4 h, 6 h apart; the exact timing is the device maker's). Expedited "
        "work is exempt while the app has expedited quota. Charging or the screen coming "
        "on ends Doze at once; moving the phone ends deep Doze, though with the screen "
        "off it stays in light Doze. WorkInfo's "
        "next_schedule_time_millis ignores Doze: it is the earliest time, not a promise."
    ),
    builder=_build_night,
    roles=("index", "feed", "backup", "chat"),
    run_for=timedelta(hours=8),
    cues=(
        Cue(timedelta(minutes=2), "the phone enters deep Doze", lambda m: m.set_device(doze=True)),
        Cue(timedelta(hours=3), "a chat message is sent, expedited", _chat_message),
        Cue(
            timedelta(hours=7),
            "morning: the phone is plugged in",
            lambda m: m.set_device(charging=True),
        ),
    ),
    lessons=("10_doze_and_expedited",),
)


def _build_out_of_quota(manager: WorkManager) -> None:
    manager.set_device(charging=False, doze=True, standby_bucket="rare")
    manager.enqueue(OneTimeWorkRequest(SyncChats, expedited=_AS_REGULAR, tags=["chats"]))
    manager.enqueue(OneTimeWorkRequest(FetchNewsletter, tags=["newsletter"]))


def _photo(manager: WorkManager) -> None:
    manager.enqueue(OneTimeWorkRequest(UploadPhoto, expedited=_AS_REGULAR, tags=["photo"]))


def _ping(manager: WorkManager) -> None:
    drop = OutOfQuotaPolicy.DROP_WORK_REQUEST
    manager.enqueue(OneTimeWorkRequest(Ping, expedited=drop, tags=["ping"]))


EXPEDITED_OUT_OF_QUOTA = Scenario(
    name="expedited_out_of_quota",
    title="Expedited work out of quota",
    summary=(
        "A phone in Doze, on battery, app in the `rare` standby bucket: 10 minutes of "
        "expedited time per 24 h. `chats` (expedited, 8 min) runs at once despite Doze, "
        "while the ordinary `newsletter` waits for the maintenance window at 1:00. At "
        "0:15 `photo` (expedited, 4 min, RUN_AS_NON_EXPEDITED_WORK_REQUEST) starts with "
        "2 minutes of quota left and is stopped with QUOTA at 0:17; its next run is a "
        "regular one, so it waits for the 1:00 window too and succeeds at 1:04. At 0:20 "
        "`ping` (expedited, DROP_WORK_REQUEST) finds no quota: JobScheduler refuses its "
        "job, and it stays ENQUEUED, neither run nor cancelled nor deleted."
    ),
    android_notes=(
        "Expedited jobs (Android 12+) run as soon as possible, through Doze and App "
        "Standby, but only within a per-app quota that depends on the standby bucket and "
        "applies on battery with the app in the background. A run that uses up the "
        "quota is stopped (STOP_REASON_QUOTA), and a second attempt is never expedited. "
        "Out of quota, RUN_AS_NON_EXPEDITED_WORK_REQUEST falls back to a regular job; with "
        "DROP_WORK_REQUEST WorkManager schedules nothing more, so the work stays ENQUEUED "
        "until something schedules it again (the app's next start, a reboot), or until "
        "WorkManager's in-process scheduler starts it while the app is alive. Quotas are "
        "the AOSP defaults; devices vary."
    ),
    builder=_build_out_of_quota,
    roles=("chats", "newsletter", "photo", "ping"),
    run_for=timedelta(hours=2),
    cues=(
        Cue(timedelta(minutes=15), "a photo upload is enqueued, expedited", _photo),
        Cue(timedelta(minutes=20), "a ping is enqueued, expedited with DROP_WORK_REQUEST", _ping),
    ),
    lessons=("10_doze_and_expedited",),
)
