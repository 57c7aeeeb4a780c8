"""Reference answers to the course's exercises, kept out of lessons/ on purpose.

Each answer is what a student would write in the exercise cell. ``test_checks.py``
proves that every check accepts these and rejects typical wrong answers.
"""

from __future__ import annotations

from datetime import timedelta

from wmkit import (
    ArrayCreatingInputMerger,
    BackoffPolicy,
    Constraints,
    CoroutineWorker,
    Data,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    InputMerger,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    PeriodicWorkRequest,
    Result,
    State,
    WorkContinuation,
    Worker,
    WorkQuery,
)

# --------------------------------------------------------------------- lesson 00
enough = timedelta(seconds=25)
album_starts_at = 30_000


# --------------------------------------------------------------------- lesson 01
class Resize(Worker):
    duration = timedelta(seconds=45)

    def do_work(self):
        return Result.success()


class Compress(Worker):
    duration = timedelta(seconds=20)

    def do_work(self):
        return Result.success()


def delayed_request():
    return (
        OneTimeWorkRequest.Builder(Compress)
        .set_initial_delay(timedelta(minutes=5))
        .add_tag("compress")
        .build()
    )


predicted_states = [State.ENQUEUED, State.ENQUEUED, State.RUNNING, State.SUCCEEDED]


# --------------------------------------------------------------------- lesson 02
class Greet(Worker):
    def do_work(self):
        name = self.input_data.get_string("name")
        if name is None:
            return Result.failure({"error": "no name"})
        return Result.success({"greeting": f"Hello, {name}!"})


class Countdown(CoroutineWorker):
    async def do_work(self):
        for left in (2, 1, 0):
            await self.sleep(timedelta(seconds=10))
            await self.set_progress({"left": left})
        return Result.success()


getter_predictions = (None, 7, False)


# --------------------------------------------------------------------- lesson 03
def build_pipeline(wm, download, resize, thumbnail, upload):
    wm.begin_with(download).then([resize, thumbnail]).then(upload).enqueue()


b_starts_at = 150_000


def build_joined(wm, a, b, c, d, e):
    first = wm.begin_with(a).then(b)
    second = wm.begin_with(c).then(d)
    WorkContinuation.combine([first, second]).then(e).enqueue()


# --------------------------------------------------------------------- lesson 04
overwriting_result = {"quality": 50, "size": 3}
array_result = {"n": [1, 2], "m": ["x"]}


class TotalBytesMerger(InputMerger):
    def merge(self, inputs):
        total, photos = 0, []
        for data in inputs:
            values = data.get_long_array("bytes")
            if values is None and "bytes" in data:
                values = [data.get_long("bytes")]
            total += sum(values or [])
            photo = data.get_string("photo")
            if photo is not None:
                photos.append(photo)
        return Data({"bytes": total, "photos": photos})


# --------------------------------------------------------------------- lesson 05
class GiveUp(Worker):
    def do_work(self):
        if self.run_attempt_count >= 3:
            return Result.failure({"error": "gave up"})
        return Result.retry()


def give_up_request():
    return (
        OneTimeWorkRequest.Builder(GiveUp)
        .set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=20))
        .build()
    )


fourth_run_at = 210_000
states_at_two_minutes = {
    "a": State.SUCCEEDED,
    "b": State.SUCCEEDED,
    "c": State.FAILED,
    "d": State.FAILED,
}


def cancel_batch(wm):
    wm.cancel_all_work_by_tag("batch")


# --------------------------------------------------------------------- lesson 06
backup_constraints = Constraints(
    required_network_type=NetworkType.UNMETERED, requires_charging=True
)


class ExportPart(Worker):
    def do_work(self):
        self.duration = timedelta(minutes=self.input_data.get_long("minutes"))
        return Result.success()


def build_export(wm):
    parts = [OneTimeWorkRequest(ExportPart, input_data={"minutes": m}) for m in (10, 10, 5)]
    wm.begin_with(parts[0]).then(parts[1]).then(parts[2]).enqueue()


second_run_at = 180_000
succeeded_at = 480_000


# --------------------------------------------------------------------- lesson 07
class Cleanup(Worker):
    def do_work(self):
        return Result.success()


def cleanup_request():
    wifi = Constraints(required_network_type=NetworkType.UNMETERED)
    return (
        PeriodicWorkRequest.Builder(Cleanup, timedelta(hours=6), timedelta(hours=1))
        .set_constraints(wifi)
        .build()
    )


first_three_starts = [0, 4_200_000, 8_400_000]
clamped_second_run_at = 900_000
run_after_retry_at = 30_000


# --------------------------------------------------------------------- lesson 08
pending_uploads = (
    WorkQuery.Builder.from_tags(["upload"]).add_states([State.ENQUEUED, State.RUNNING]).build()
)


def progress_line(infos):
    counted = [info for info in infos if info.state is not State.CANCELLED]
    if not counted:
        return "nothing to upload"
    done = sum(info.state is State.SUCCEEDED for info in counted)
    failed = sum(info.state is State.FAILED for info in counted)
    line = f"{done} of {len(counted)} uploaded"
    return f"{line}, {failed} failed" if failed else line


cancelled = {"album", "cover", "share"}


# --------------------------------------------------------------------- lesson 09
policies = {
    "sync_button": ExistingWorkPolicy.KEEP,
    "search": ExistingWorkPolicy.REPLACE,
    "chat": ExistingWorkPolicy.APPEND_OR_REPLACE,
    "daily_cleanup": ExistingPeriodicWorkPolicy.UPDATE,
}
append_states = {
    "running": State.BLOCKED,
    "succeeded": State.ENQUEUED,
    "cancelled": State.CANCELLED,
}


def on_upgrade(wm):
    battery = Constraints(requires_battery_not_low=True)
    request = PeriodicWorkRequest(Cleanup, timedelta(days=1), constraints=battery)
    wm.enqueue_unique_periodic_work("cleanup", ExistingPeriodicWorkPolicy.UPDATE, request)


# --------------------------------------------------------------------- lesson 10
class SendMessage(Worker):
    duration = timedelta(seconds=5)

    def do_work(self):
        return Result.success()


def send_request():
    return (
        OneTimeWorkRequest.Builder(SendMessage)
        .set_expedited(OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST)
        .set_constraints(Constraints(required_network_type=NetworkType.CONNECTED))
        .build()
    )


starts_in_doze = 3_600_000
starts_when_plugged_in = 1_800_000
soonest_changes = {
    "m1": {"charging": True},
    "m2": None,
    "m3": {"network": "wifi"},
    "m4": None,
    "m5": {"charging": True},
}


# --------------------------------------------------------------------- lesson 11
DISK: dict = {}


class ResumableDownload(CoroutineWorker):
    async def do_work(self):
        for chunk in range(DISK.get("done", 0), 5):
            await self.sleep(timedelta(minutes=1))
            DISK["done"] = chunk + 1
        return Result.success()


survivors = {"kept", "parent"}
fifth_starts_at = 120_000
sync_starts = [0, 4 * 3_600_000, 5 * 3_600_000 + 60_000]
report_starts = 4 * 3_600_000
report_starts_if_killed = 2 * 3_600_000
download_attempts = 2


# --------------------------------------------------------------------- lesson 12
SERVER = {"down": False}


class CompressPhoto(Worker):
    duration = timedelta(seconds=10)

    def do_work(self):
        photo = self.input_data.get_string("photo")
        if photo is None:
            return Result.failure({"error": "no photo"})
        name = photo.rsplit(".", 1)[0]
        size_kb = self.input_data.get_long("size_kb")
        return Result.success({"photo": f"{name}.webp", "size_kb": size_kb // 4})


class UploadBatch(Worker):
    def do_work(self):
        photos = self.input_data.get_string_array("photo") or []
        sizes = self.input_data.get_long_array("size_kb") or []
        if SERVER["down"]:
            if self.run_attempt_count >= 4:
                return Result.failure({"error": "server down"})
            return Result.retry()
        self.duration = timedelta(seconds=20 * len(photos))
        return Result.success({"uploaded": len(photos), "size_kb": sum(sizes)})


class NotifyUser(Worker):
    def do_work(self):
        uploaded = self.input_data.get_long("uploaded")
        return Result.success({"message": f"{uploaded} photos backed up"})


def enqueue_backup(wm, photos):
    compress = [
        OneTimeWorkRequest(
            CompressPhoto, input_data={"photo": name, "size_kb": size}, tags=["backup"]
        )
        for name, size in photos
    ]
    upload = (
        OneTimeWorkRequest.Builder(UploadBatch)
        .set_input_merger(ArrayCreatingInputMerger)
        .set_constraints(
            Constraints(required_network_type=NetworkType.UNMETERED, requires_battery_not_low=True)
        )
        .set_backoff_criteria(BackoffPolicy.EXPONENTIAL, timedelta(minutes=1))
        .add_tag("backup")
        .build()
    )
    notify = OneTimeWorkRequest(NotifyUser, tags=["backup"])
    (
        wm.begin_unique_work("photo-backup", ExistingWorkPolicy.APPEND_OR_REPLACE, compress)
        .then(upload)
        .then(notify)
        .enqueue()
    )
