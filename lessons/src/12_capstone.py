# Source of lessons/12_capstone.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources: the rules used here are cited in the sources of lessons 01 to 11. In a pocket
# (light Doze): lesson 10's sources (DeviceIdleController light constants,
# DeviceIdleJobsController); a stop counts as a run attempt: impl/WorkerWrapper.kt
# (trySetRunning increments runAttemptCount, resetWorkerStatus keeps it).

# %% [markdown]
# # 12 · Capstone: a photo-backup pipeline, from scratch
#
# *About 30 minutes (longer if you like to polish).*
#
# You are the Android developer of a gallery app. New photos must be backed up to the
# server: compressed first, uploaded in one batch, and the user told when it is done. It
# must work on a real phone: in a pocket, on cellular, at night, with a flaky server and
# an app that gets killed.
#
# **What you'll practise**: everything so far. Workers and `Data` (01, 02), a fan-in
# chain with the right merger (03, 04), retries and giving up (05), constraints (06),
# unique work (09), and the phone (06, 10, 11).
#
# You build it in four steps, each with its own check; the last check puts your pipeline
# through a day in the life of a phone.

# %%
from datetime import timedelta

from wmkit import (
    ArrayCreatingInputMerger,
    BackoffPolicy,
    Constraints,
    ExistingWorkPolicy,
    NetworkType,
    OneTimeWorkRequest,
    Result,
    Worker,
    WorkManager,
)
from wmkit.widgets import Studio

from lesson_checks import ex12

# %% [markdown]
# ## The design
#
# ```text
#   CompressPhoto(beach.jpg) ─┐
#   CompressPhoto(city.jpg)  ─┼──▶ UploadBatch ──▶ NotifyUser
#   CompressPhoto(dog.jpg)   ─┘
#        (in parallel)          (wifi, battery     (tells the user)
#                                not low, retries)
# ```
#
# The whole chain is unique work named `"photo-backup"`: when the user takes more photos
# while a backup is pending, the new batch runs *after* it; if a batch failed for good,
# the next batch must not be stuck behind it.
#
# In Kotlin, the shape you are about to write is:
#
# ```kotlin
# workManager
#     .beginUniqueWork("photo-backup", ExistingWorkPolicy.XXX, compressRequests)
#     .then(uploadRequest)
#     .then(notifyRequest)
#     .enqueue()
# ```
#
# The server is simulated by `SERVER`: while `SERVER["down"]` is true, an upload cannot
# get through.

# %%
SERVER = {"down": False}

# %% [markdown]
# ## ✏️ Step 1: `CompressPhoto`
#
# Input: `"photo"` (a String, e.g. `"beach.jpg"`) and `"size_kb"` (a Long). A run takes
# **10 seconds**. Output: `"photo"` with the extension replaced by `.webp`
# (`"beach.webp"`) and `"size_kb"` divided by 4 (integer division). With no `"photo"`
# in its input it fails with output `{"error": "no photo"}`.


# %% tags=["exercise"]
class CompressPhoto(Worker):
    def do_work(self):
        raise NotImplementedError  # ← step 1


# %%
ex12.check_compress(CompressPhoto)

# %% [markdown]
# ## ✏️ Step 2: `UploadBatch`
#
# Its input is the merged output of every `CompressPhoto` before it: with
# `ArrayCreatingInputMerger`, `"photo"` and `"size_kb"` arrive as **arrays**. A run takes
# **20 seconds per photo** (set `self.duration` 🐍 in `do_work`).
#
# - If `SERVER["down"]`: ask for a retry, but give up on the **fifth** run with
#   `Result.failure({"error": "server down"})`.
# - Otherwise succeed with `{"uploaded": <number of photos>, "size_kb": <total>}`.


# %% tags=["exercise"]
class UploadBatch(Worker):
    def do_work(self):
        raise NotImplementedError  # ← step 2


# %%
ex12.check_upload(UploadBatch, SERVER)

# %% [markdown]
# ## ✏️ Step 3: `NotifyUser`
#
# Reads `"uploaded"` and succeeds with `{"message": "<n> photos backed up"}` (for 3:
# `"3 photos backed up"`). Instantaneous.


# %% tags=["exercise"]
class NotifyUser(Worker):
    def do_work(self):
        raise NotImplementedError  # ← step 3


# %%
ex12.check_notify(NotifyUser)

# %% [markdown]
# ## ✏️ Step 4: `enqueue_backup`
#
# `photos` is a list of `(name, size_kb)` pairs. Enqueue, as unique work
# `"photo-backup"`:
#
# 1. one `CompressPhoto` per photo, in parallel, each with its own input;
# 2. then one `UploadBatch` that merges their outputs into arrays, runs only on an
#    **unmetered** network with the **battery not low**, and backs off
#    **exponentially from 1 minute**;
# 3. then `NotifyUser`.
#
# Choose the `ExistingWorkPolicy` from the design above. Tag every request `"backup"`.


# %% tags=["exercise"]
def enqueue_backup(wm, photos):
    raise NotImplementedError  # ← step 4


# %%
ex12.check_pipeline(enqueue_backup, SERVER)

# %% [markdown]
# ## Your pipeline in the Studio 🐍
#
# Your pipeline in the Studio, on a phone at its best (wifi, charging, the app open).
#
# 🔁 **Change, predict, re-run.** Add `wm.set_device(network="cellular")` 🐍 just before
# `Studio(wm)`. Predict which works run, which wait, and what `explain` will say about
# the upload; then re-run the cell, step the clock and click the upload. Then try your
# own changes in the device panel (the battery low, Doze) and predict before each step.
#
# <details><summary>What you should see (if your pipeline is right)</summary>
#
# The three compressions run at once (they need nothing) and succeed at 0:10; the upload
# is released but stays ENQUEUED: `explain` says its unmetered-network constraint is
# unmet. `NotifyUser` stays BLOCKED behind it. Nothing fails: a constraint only makes a
# work wait.
# </details>

# %%
wm = WorkManager()
try:
    enqueue_backup(wm, [("beach.jpg", 2400), ("city.jpg", 3600), ("dog.jpg", 1200)])
except NotImplementedError:
    print("enqueue_backup is not written yet: the Studio shows an empty manager for now.")
Studio(wm)

# %% [markdown]
# ## Your pipeline in a pocket
#
# The user takes four photos at home (on wifi, on battery) and puts the phone in a
# pocket: the screen is off and the phone moves, so it is in **light Doze** (lesson 10).
# Regular work runs only in its maintenance windows, a minute each, after idle periods
# of 5, 10, then 15 minutes. After 50 minutes the user takes the phone out and turns the
# screen on.
#
# 🔮 **Predict, then run.** The compressions take 10 s each, in parallel; the upload of
# four photos takes 80 s. When do they run? How many times is the upload stopped, and
# what `run_attempt_count` does its worker see when the phone comes out?

# %%
wm = WorkManager()
wm.set_device(charging=False, doze="light")  # 0:00: into the pocket, on wifi
photos = [("beach.jpg", 2400), ("city.jpg", 3600), ("dog.jpg", 1200), ("cake.jpg", 2000)]
try:
    enqueue_backup(wm, photos)
except NotImplementedError:
    print("enqueue_backup is not written yet: come back after step 4.")
wm.advance(timedelta(minutes=50))
wm.set_device(doze=False)  # 0:50: out of the pocket, the screen on
wm.advance(timedelta(minutes=5))
shown = ("started", "stopped", "succeeded", "failed")
for work in wm.describe_works():  # 🐍 every stored work
    if work.short_name == "UploadBatch":
        for event in wm.trace:
            if event.work_id == work.id and event.kind in shown:
                print(event)
        print(wm.get_work_info_by_id(work.id))

# %% [markdown]
# <details><summary>Why? (if your pipeline is right)</summary>
#
# The first light window opens at 0:05: the compressions run and succeed at 0:05:10, and
# the upload starts. The window closes at 0:06 and JobScheduler stops the upload
# (`DEVICE_STATE`). Every later window (0:16, 0:32, 0:48) lasts a minute, shorter than the
# upload: it is stopped **four** times in all. When the phone comes out at 0:50, Doze ends
# and its backoff (counted from 0:05:10, when the compressions released it) is long past:
# it runs at once, its worker sees `run_attempt_count` **4**, and it succeeds at 0:51:20.
#
# Those four attempts were the phone's doing, not the server's: an `UploadBatch` that
# gave up on its fifth run *whatever the reason* would have thrown this backup away.
# Give up only on the failure you retry for. (On a phone a light window can stretch to
# 5 minutes when earlier ones ended early, and the user may take the phone out sooner;
# never count on either.)
# </details>

# %% [markdown]
# ## ✏️ The final check: a day in the life
#
# The check runs your pipeline through eight stories, each on a fresh simulated phone,
# and says which ones it survives:
#
# 1. a normal backup of three photos;
# 2. wifi lost in the middle of the upload, back five minutes later;
# 3. the battery low for a while;
# 4. the server down for two minutes;
# 5. the server down for good, then a new batch once it is back;
# 6. the app killed in the middle of the upload;
# 7. fifty minutes in a pocket (light Doze), then out of it;
# 8. a night in (deep) Doze.

# %%
ex12.check_day_in_the_life(enqueue_backup, SERVER)

# %% [markdown]
# ## Questions to answer, on a real phone now
#
# You can answer these for your own pipeline, and for any WorkManager code you meet:
#
# - **Why didn't my worker run?** BLOCKED behind a prerequisite; not due yet (initial
#   delay, backoff, period, flex); a constraint unmet; Doze (deep at night, light in a
#   pocket) or a quota; all slots busy.
#   `WorkInfo` (state, `run_attempt_count`, `next_schedule_time_millis`, `stop_reason`)
#   and `adb shell dumpsys jobscheduler` tell you which.
# - **When will it run next?** `next_schedule_time_millis` is the earliest instant;
#   constraints, Doze and quotas can only push it later.
# - **What happens to the rest of my chain if this step fails?** Everything after it
#   FAILS without running; a cancel cancels everything after it; nothing before it or
#   beside it changes. With APPEND, later work inherits the failure; with
#   APPEND_OR_REPLACE it starts fresh.
# - **Which unique-work policy do I need?** KEEP for "one at a time, the pending one is
#   fine"; REPLACE for "the newest wins"; APPEND for an ordered queue that stops on
#   failure; APPEND_OR_REPLACE for a queue that recovers; UPDATE for periodic work whose
#   schedule must survive an app update.
#
# Congratulations: that is WorkManager, from the first `do_work` to a night in Doze. 🎉

# %% [markdown]
# ## 🚀 Transfer: your pipeline on Android
#
# Write the three workers in Kotlin (`CompressPhoto`, `UploadBatch`, `NotifyUser`, as in
# steps 1 to 3; `UploadBatch` reads `getStringArray("photo")` and
# `getLongArray("size_kb")`), then test the pipeline with the `WorkTest` class of
# lesson 00.
#
# <details><summary>The test (open it once your final check passes: it shows the
# answer to step 4)</summary>
#
# With these imports added:
#
# ```kotlin
# import androidx.work.ArrayCreatingInputMerger
# import androidx.work.BackoffPolicy
# import androidx.work.Constraints
# import androidx.work.ExistingWorkPolicy
# import androidx.work.NetworkType
# import java.util.concurrent.TimeUnit
#
# @Test
# fun aBackupCompressesUploadsAndTellsTheUser() {
#     val compress = listOf("beach.jpg" to 2400L, "city.jpg" to 3600L).map { (photo, size) ->
#         OneTimeWorkRequestBuilder<CompressPhoto>()
#             .setInputData(workDataOf("photo" to photo, "size_kb" to size))
#             .addTag("backup")
#             .build()
#     }
#     val upload = OneTimeWorkRequestBuilder<UploadBatch>()
#         .setInputMerger(ArrayCreatingInputMerger::class.java)
#         .setConstraints(
#             Constraints.Builder()
#                 .setRequiredNetworkType(NetworkType.UNMETERED)
#                 .setRequiresBatteryNotLow(true)
#                 .build()
#         )
#         .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, 1, TimeUnit.MINUTES)
#         .addTag("backup")
#         .build()
#     val notify = OneTimeWorkRequestBuilder<NotifyUser>().addTag("backup").build()
#     workManager.beginUniqueWork("photo-backup", ExistingWorkPolicy.APPEND_OR_REPLACE, compress)
#         .then(upload)
#         .then(notify)
#         .enqueue()
#         .result.get()
#     // the compressions ran; the upload waits for its constraints
#     assertEquals(WorkInfo.State.ENQUEUED, workManager.getWorkInfoById(upload.id).get()?.state)
#     driver.setAllConstraintsMet(upload.id)
#     val done = checkNotNull(workManager.getWorkInfoById(notify.id).get())
#     assertEquals("2 photos backed up", done.outputData.getString("message"))
# }
# ```
# </details>
#
# **On a device**, the day in the life of this lesson's final check, for real: start a
# backup on wifi, then
#
# ```sh
# adb shell svc wifi disable                      # wifi lost mid-upload: stopped, re-enqueued
# adb shell svc wifi enable
# adb shell dumpsys battery unplug                # on battery from here on
# adb shell dumpsys battery set level 10          # battery low: the upload waits
# adb shell dumpsys battery set level 80          # the battery is fine again
# adb shell am kill com.example.app               # (app in the background) process death
# adb shell dumpsys deviceidle force-idle light   # in a pocket: light Doze...
# adb shell dumpsys deviceidle step light         # ...its next state (a window, then idle)
# adb shell dumpsys deviceidle unforce            # ...out of the pocket
# adb shell dumpsys deviceidle force-idle         # a night in deep Doze...
# adb shell dumpsys deviceidle unforce            # ...and the morning
# adb shell dumpsys battery reset                 # the real battery again
# adb shell dumpsys jobscheduler com.example.app  # at any point: what each job waits for
# ```
#
# and read each step's `WorkInfo` in your app, or with the diagnostics broadcast of
# lesson 00.
