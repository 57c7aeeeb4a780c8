# Source of lessons/11_capstone.ipynb: edit here, then run `python lessons/build.py`.

# %% [markdown]
# # 11 · Capstone: a photo-backup pipeline, from scratch
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
# unique work (08), and the phone (06, 09, 10).
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

from lesson_checks import ex11

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
ex11.check_compress(CompressPhoto)

# %% [markdown]
# ## ✏️ Step 2: `UploadBatch`
#
# Its input is the merged output of every `CompressPhoto` before it: with
# `ArrayCreatingInputMerger`, `"photo"` and `"size_kb"` arrive as **arrays**. A run takes
# **20 seconds per photo** (set `self.duration` in `do_work`).
#
# - If `SERVER["down"]`: ask for a retry, but give up on the **fifth** run with
#   `Result.failure({"error": "server down"})`.
# - Otherwise succeed with `{"uploaded": <number of photos>, "size_kb": <total>}`.


# %% tags=["exercise"]
class UploadBatch(Worker):
    def do_work(self):
        raise NotImplementedError  # ← step 2


# %%
ex11.check_upload(UploadBatch, SERVER)

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
ex11.check_notify(NotifyUser)

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
ex11.check_pipeline(enqueue_backup, SERVER)

# %% [markdown]
# ## Watch it run
#
# Your pipeline in the Studio. Try the device panel: take the phone off wifi in the middle
# of the upload, set the battery low, put it in Doze, and step the clock. Ask `explain`
# about the upload each time: can you predict its answer?

# %%
wm = WorkManager()
try:
    enqueue_backup(wm, [("beach.jpg", 2400), ("city.jpg", 3600), ("dog.jpg", 1200)])
except NotImplementedError:
    print("enqueue_backup is not written yet: the Studio shows an empty manager for now.")
Studio(wm)

# %% [markdown]
# ## ✏️ The final check: a day in the life
#
# The check runs your pipeline through seven stories, each on a fresh simulated phone,
# and says which ones it survives:
#
# 1. a normal backup of three photos;
# 2. wifi lost in the middle of the upload, back five minutes later;
# 3. the battery low for a while;
# 4. the server down for two minutes;
# 5. the server down for good, then a new batch once it is back;
# 6. the app killed in the middle of the upload;
# 7. a night in Doze.

# %%
ex11.check_day_in_the_life(enqueue_backup, SERVER)

# %% [markdown]
# ## Questions to answer, on a real phone now
#
# You can answer these for your own pipeline, and for any WorkManager code you meet:
#
# - **Why didn't my worker run?** BLOCKED behind a prerequisite; not due yet (initial
#   delay, backoff, period, flex); a constraint unmet; Doze or a quota; all slots busy.
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
