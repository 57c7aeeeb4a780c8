# Source of lessons/09_doze_and_expedited.ipynb: edit here, then run `python lessons/build.py`.

# %% [markdown]
# # 09 · Doze, standby buckets and expedited work
#
# *About 30 minutes.*
#
# **What you'll learn**
#
# - what Doze does to your works at night, and when they get to run;
# - what App Standby buckets are, and the quotas they impose on battery;
# - what expedited work is for, what its quota is, and what happens when it runs out;
# - a checklist for "why didn't my worker run?".
#
# 📱 The numbers in this lesson (Doze windows, quotas) are the AOSP defaults, kept in
# `wmkit.phone.defaults`. Phone makers and Google's server-side settings change them,
# and they differ between Android releases: treat them as *typical*, not guaranteed. The
# rules are what matters.

# %%
from datetime import timedelta

from wmkit import (
    Constraints,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    Result,
    Worker,
    WorkManager,
    scenarios,
)
from wmkit.phone.defaults import EXPEDITED_QUOTA_MILLIS
from wmkit.widgets import Studio

from lesson_checks import ex09

# %% [markdown]
# ## Doze
#
# A phone that is unplugged, still and with its screen off for a while enters **Doze**.
# In deep Doze the system batches background activity to save the battery:
#
# - JobScheduler runs **no regular jobs**, so no regular WorkManager work, and apps
#   have **no network**;
# - every so often a short **maintenance window** opens: pending jobs run and the
#   network is back;
# - the windows come less and less often (AOSP defaults: idle 1 h, a 5-minute window,
#   idle 2 h, a 10-minute window, then idle 4 h, then 6 h at a time);
# - plugging the charger in, turning the screen on, or moving the phone ends Doze at once.
#
# A regular job still running when an idle period begins is stopped with
# `STOP_REASON_DEVICE_STATE`, and rescheduled like any stop.
#
# In wmkit, `wm.set_device(charging=False, doze=True)` puts the phone in deep Doze at
# once (a real phone needs a while of stillness first); the screen goes off with it.

# %%
night = scenarios.get("night_in_doze")
night

# %% [markdown]
# 🔮 **Predict, then run.** At 0:30 the backup (wifi only) is due. The phone is in Doze
# since 0:02. When will the backup start?

# %%
wm = night.load()
events = night.play(wm, until=timedelta(minutes=30))
backup = wm.get_work_infos_by_tag("backup")[0]
print(backup)
print(wm.explain(backup.id))

# %% [markdown]
# <details><summary>Why?</summary>
#
# Two things hold it: Doze defers regular work to the next maintenance window, and the
# network is off outside the windows, so its UNMETERED constraint is unmet too. The
# first window opens one hour after Doze began, at **1:02**; then both are fine. Note
# that `next_schedule_time_millis` still says 0:30: it is the *earliest* time and never
# includes Doze.
# </details>
#
# Play the night and read the timeline: the windows, the index cut off at 1:07, the
# expedited chat at 3:00, and everything overdue at 7:00 when the phone is plugged in.

# %%
events = night.play(wm)
for role in night.roles:
    info = wm.get_work_infos_by_tag(role)[0]
    starts = [e.millis for e in wm.trace if e.work_id == info.id and e.kind == "started"]
    print(f"{role:7}", ", ".join(f"{t // 3_600_000}:{t // 60_000 % 60:02d}" for t in starts))
Studio(wm)

# %% [markdown]
# ## App Standby buckets
#
# Android puts every app in a **standby bucket** from how recently and how often the
# user uses it. On battery, the bucket limits how much job time the app's background
# work gets (Android's documented limits before Android 13; they change between
# releases):
#
# | bucket | the user... | regular jobs on battery (AOSP defaults) |
# |---|---|---|
# | `active` | is using the app now, or just did | no limit |
# | `working_set` | uses it often | 10 minutes per 2 hours |
# | `frequent` | uses it regularly, not daily | 10 minutes per 8 hours |
# | `rare` | rarely uses it | 10 minutes per 24 hours |
# | `restricted` | hardly ever, or it misbehaves | one session a day |
#
# Past the limit, a running job is stopped with `STOP_REASON_QUOTA` and the rest wait
# until time frees up. Charging lifts the limits (except, on a real phone, for the
# restricted bucket), and so does the app being in the foreground. You cannot choose
# your bucket; to test, `adb shell am set-standby-bucket <package> rare`.


# %%
class Job(Worker):
    def do_work(self):
        self.duration = timedelta(minutes=self.input_data.get_long("minutes"))
        return Result.success()


wm = WorkManager()
wm.set_device(charging=False, app_in_foreground=False, standby_bucket="working_set")
first = OneTimeWorkRequest(Job, input_data={"minutes": 8})
second = OneTimeWorkRequest(Job, input_data={"minutes": 5})
wm.begin_with(first).then(second).enqueue()
wm.advance(timedelta(minutes=12))
print(wm.explain(second.id))

# %% [markdown]
# ## Expedited work
#
# Work the user is waiting for right now (sending a message, paying) can ask to be
# **expedited**: it runs as soon as possible, and neither Doze nor the standby bucket
# holds it back (Android's docs: they are "less likely to affect" it), as long as the
# app has **expedited quota** left.
#
# ```kotlin
# val send = OneTimeWorkRequestBuilder<SendMessage>()
#     .setExpedited(OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST)
#     .build()
# ```
#
# | rule | why |
# |---|---|
# | one-time work only, no initial delay | "expedited" means *now* |
# | constraints: network and storage only | charging or idle would defeat the point |
# | only the first run is expedited; a retry or a rerun after a stop is regular work | JobScheduler gets an expedited job only for attempt 0 |
# | on Android 11 and lower it runs as a foreground service | your worker must provide `getForegroundInfo()` (a notification) |
# | out of quota: `RUN_AS_NON_EXPEDITED_WORK_REQUEST` runs it as regular work, `DROP_WORK_REQUEST` drops it | you choose which |
#
# The quota applies on battery with the app in the background; it is counted per
# rolling 24 hours and depends on the bucket (AOSP defaults, in minutes):

# %%
for bucket, millis in EXPEDITED_QUOTA_MILLIS.items():
    print(f"{bucket:12} {millis // 60_000:3} min of expedited time per 24 h")

# %%
try:
    OneTimeWorkRequest(
        Job,
        expedited=OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST,
        initial_delay=timedelta(minutes=1),
    )
except ValueError as error:
    print("refused:", error)

# %% [markdown]
# The `expedited_out_of_quota` scenario: a phone in Doze, the app in the `rare` bucket
# (10 minutes of expedited time).

# %%
quota = scenarios.get("expedited_out_of_quota")
quota

# %% [markdown]
# 🔮 **Predict, then run.** `chats` (8 minutes, expedited) ran from 0:00 to 0:08. At 0:15
# `photo` (4 minutes, expedited, RUN_AS_NON_EXPEDITED_WORK_REQUEST) starts. What happens
# at 0:17, and when does `photo` succeed?

# %%
wm = quota.load()
events = quota.play(wm)
photo = wm.get_work_infos_by_tag("photo")[0]
for event in wm.trace:
    if event.work_id == photo.id:
        print(event)

# %% [markdown]
# <details><summary>Why?</summary>
#
# At 0:17 the app's 10 expedited minutes are used up (8 by `chats`, 2 by `photo`): the
# run is stopped with **QUOTA**. Its next run is a second attempt, never expedited, so it
# is regular work in Doze and waits for the maintenance window at **1:00**; it succeeds
# at **1:04**. `ping` (DROP_WORK_REQUEST) found no quota at 0:20 and was dropped.
# </details>

# %%
ping = wm.get_work_infos_by_tag("ping")[0]
for event in wm.trace:
    if event.work_id == ping.id:
        print(event)
print(ping)
Studio(wm)

# %% [markdown]
# ## Why didn't my worker run? A checklist
#
# Ask `explain` (or, on a phone, read `WorkInfo` and `adb shell dumpsys jobscheduler`),
# and go down the list:
#
# 1. **BLOCKED**: a prerequisite has not succeeded (or FAILED / CANCELLED: then it never
#    will).
# 2. **ENQUEUED, not due yet**: initial delay, backoff after a retry or a stop, the next
#    period, the flex window: `next_schedule_time_millis` says until when.
# 3. **Due, but a constraint is unmet**: network, charging, battery, storage, idle.
# 4. **Due, but the phone says no**: Doze (wait for a window), a standby-bucket quota, an
#    expedited quota.
# 5. **Due, but all worker slots are busy** (`max_concurrent_workers`, lesson 10).
# 6. **It ran and was stopped**: `stop_reason` says why; it will run again.

# %% [markdown]
# ## ✏️ Exercise 9.1: an expedited request
#
# Build `send_request` for `SendMessage`: expedited, falling back to regular work when
# out of quota, and needing a connected network.


# %% tags=["exercise"]
class SendMessage(Worker):
    duration = timedelta(seconds=5)

    def do_work(self):
        return Result.success()


connected = Constraints(required_network_type=NetworkType.CONNECTED)
send_request = ...  # OneTimeWorkRequest.Builder(SendMessage)...build()

# %%
ex09.check_send_request(send_request)

# %% [markdown]
# ## ✏️ Exercise 9.2: 🔮 the first window
#
# A phone enters deep Doze at 0:00 (AOSP defaults). At 0:10 a regular one-time work with
# no constraints is enqueued. (a) When does it start if nothing else happens? (b) When
# does it start if the phone is plugged in at 0:30? Give milliseconds.

# %% tags=["exercise"]
starts_in_doze = ...
starts_when_plugged_in = ...

# %%
ex09.check_first_window(starts_in_doze, starts_when_plugged_in)

# %% [markdown]
# ## ✏️ Exercise 9.3: why didn't it run?
#
# Here are five works that are not running. Read what `explain` says about each one, and
# classify it as `"blocked"`, `"backoff"`, `"constraint"`, `"doze"` or `"quota"`.

# %%
mysteries = ex09.mysteries()
for name, (mystery_wm, work_id) in mysteries.items():
    print(f"--- {name}")
    print(mystery_wm.explain(work_id))

# %% tags=["exercise"]
reasons = {"m1": ..., "m2": ..., "m3": ..., "m4": ..., "m5": ...}

# %%
ex09.check_reasons(reasons)

# %% [markdown]
# ## What to remember
#
# - Doze defers regular work (and cuts the network) until a maintenance window, which
#   comes less and less often; charging or the screen ends it.
# - On battery, the standby bucket limits background job time; past it, runs stop with
#   QUOTA.
# - Expedited work runs now, even in Doze, within a per-bucket quota; only its first run
#   is expedited; out of quota it falls back to regular work or is dropped.
# - `next_schedule_time_millis` never includes Doze or quotas: it is the earliest time.
#
# Next, **10 · Under the hood**: the store, process death, pruning and the executor.
