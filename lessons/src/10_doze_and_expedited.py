# Source of lessons/10_doze_and_expedited.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources:
# - Doze: developer.android.com/training/monitoring-device-state/doze-standby; window
#   timings: AOSP DeviceIdleController defaults (wmkit/phone/defaults.py).
# - Light Doze: developer.android.com/about/versions/nougat/android-7.0-changes ("Doze":
#   screen off on battery, not necessarily stationary: app network access off, jobs and
#   syncs deferred; wake locks, alarms, GPS and Wi-Fi scans only in deep Doze). Timings:
#   aosp-mirror/platform_frameworks_base apex/jobscheduler/service/java/com/android/server/
#   DeviceIdleController.java (commit 01740ef): LIGHT_IDLE_AFTER_INACTIVE_TIMEOUT 1 min
#   (240 000 ms in older releases' DeviceIdleController constants),
#   LIGHT_PRE_IDLE_TIMEOUT 3 min, LIGHT_IDLE_TIMEOUT 5 min x LIGHT_IDLE_FACTOR 2 up to
#   LIGHT_MAX_IDLE_TIMEOUT 15 min, LIGHT_IDLE_MAINTENANCE_MIN/MAX_BUDGET 1/5 min
#   (stepLightIdleStateLocked). JobScheduler treats light idle like deep idle:
#   .../job/controllers/DeviceIdleJobsController.java (isDeviceIdleMode() ||
#   isLightDeviceIdleMode()). adb: `dumpsys deviceidle force-idle light`, `step light`
#   (DeviceIdleController's shell help). Motion ends deep Doze only:
#   DeviceIdleController.handleMotionDetectedLocked resets the deep state to ACTIVE and
#   leaves light idling alone (it resumes it if deep idle had suspended it); deep idle
#   then needs MOTION_INACTIVE_TIMEOUT 10 min + IDLE_AFTER_INACTIVE_TIMEOUT 30 min +
#   sensing (up to 4 min) of stillness.
# - Standby buckets and job limits: developer.android.com/topic/performance/
#   power/power-details; `am set-standby-bucket`: developer.android.com/topic/performance/
#   power/test-power.
# - Expedited work: androidx work-runtime WorkRequest.kt (setExpedited, "Expedited jobs
#   cannot be delayed"), impl/background/systemjob/SystemJobInfoConverter.java (expedited
#   only when runAttemptCount == 0), ListenableWorker.java getForegroundInfoAsync (a
#   foreground service before Android 12).
# - Out of quota: impl/background/systemjob/SystemJobScheduler.java scheduleInternal:
#   on JobScheduler.RESULT_FAILURE, RUN_AS_NON_EXPEDITED_WORK_REQUEST reschedules the job
#   as a regular one; DROP_WORK_REQUEST does nothing more, so the row stays ENQUEUED.
#   GreedyScheduler (impl/background/greedy/GreedyScheduler.java) starts due,
#   unconstrained ENQUEUED work in the app's own process while it is alive.
# - adb: `dumpsys deviceidle force-idle` / `unforce`, `dumpsys battery unplug` / `reset`:
#   developer.android.com/training/monitoring-device-state/doze-standby (testing).

# %% [markdown]
# # 10 · Doze, standby buckets and expedited work
#
# *About 30 minutes.*
#
# **What you'll learn**
#
# - what Doze does to your works at night, and when they get to run;
# - what the lighter Doze of a phone in a pocket does, and why long work never finishes
#   there;
# - what App Standby buckets are, and the quotas they impose on battery;
# - what expedited work is for, what its quota is, and what happens when it runs out;
# - a checklist for "why didn't my worker run?".
#
# 📱 The numbers in this lesson (Doze windows, quotas) are the AOSP defaults, kept in
# 🐍 `wmkit.phone.defaults`. Phone makers and Google's server-side settings change them,
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
from wmkit.phone.defaults import (
    EXPEDITED_QUOTA_MILLIS,
    LIGHT_IDLE_AFTER_INACTIVE_MILLIS,
    LIGHT_MAINTENANCE_MAX_MILLIS,
    LIGHT_MAINTENANCE_MIN_MILLIS,
    LIGHT_PRE_IDLE_MILLIS,
)
from wmkit.widgets import Studio

from lesson_checks import ex10

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
# - plugging the charger in or turning the screen on ends Doze at once; moving the phone
#   ends deep Doze, but with the screen still off the phone stays in light Doze (below).
#
# A regular job still running when an idle period begins is stopped with
# `STOP_REASON_DEVICE_STATE`, and rescheduled like any stop.
#
# In wmkit, `wm.set_device(charging=False, doze=True)` 🐍 puts the phone in deep Doze at
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
#
# 🔁 **Change, predict, re-run.** Replace `events = night.play(wm)` by three lines:
# `events = night.play(wm, until=timedelta(hours=4))`, then
# `wm.set_device(app_in_foreground=True)` (the user turns the screen on at 4:00 and
# keeps using the phone), then `events = night.play(wm)`. Predict when the hourly feed
# sync runs after 3:07, then re-run the cell.
#
# <details><summary>What you should see</summary>
#
# The screen ends Doze at 4:00. The feed last ran at 3:07 (1 minute), so its next period
# is due at 4:08: it runs **4:08, 5:09, 6:10, 7:11**, instead of waiting for the charger
# at 7:00. Nothing else changes: the index, backup and chat had already run.
# </details>

# %%
events = night.play(wm)
for role in night.roles:
    info = wm.get_work_infos_by_tag(role)[0]
    starts = [e.millis for e in wm.trace if e.work_id == info.id and e.kind == "started"]
    print(f"{role:7}", ", ".join(f"{t // 3_600_000}:{t // 60_000 % 60:02d}" for t in starts))
Studio(wm)

# %% [markdown]
# ## Light Doze: the phone in a pocket
#
# Deep Doze needs a phone lying still. Since Android 7.0 a phone with its **screen off,
# on battery**, even while it moves (in a pocket, in a bag), enters **light Doze**: about
# a minute after the screen goes off (`LIGHT_IDLE_AFTER_INACTIVE_TIMEOUT`; 4 minutes on
# some older releases), or up to 3 minutes later while jobs are still running
# (`LIGHT_PRE_IDLE_TIMEOUT`).
#
# For your works light Doze is Doze: JobScheduler runs **no regular jobs** in its idle
# periods (its `DeviceIdleJobsController` treats light and deep idle alike) and apps have
# **no network**, until a maintenance window. What differs is the pace, and what else is
# restricted:
#
# | | light Doze | deep Doze |
# |---|---|---|
# | when | screen off, on battery, the phone may move | the same, and the phone lies still for a while |
# | idle periods (AOSP defaults) | 5 min, 10 min, then 15 min at a time | 1 h, 2 h, 4 h, then 6 h at a time |
# | maintenance windows | 1 minute (up to 5 when earlier windows ended early) | 5 min, then 10 min |
# | regular jobs, network | wait for a window | wait for a window |
# | alarms, wake locks, GPS, Wi-Fi scans | not restricted | deferred or ignored |
# | expedited work | runs (within its quota) | runs (within its quota) |
#
# A phone in light Doze that then lies still long enough goes into deep Doze, with the
# deep schedule from then on. `wm.set_device(doze="light")` 🐍 puts the phone in light
# Doze at once; `doze="deep"` (or `True`) in deep Doze; `doze=False` wakes it. (🐍 wmkit
# keeps every light window at its 1-minute minimum: on a phone a window ends as soon as
# nothing is left to run, and the minutes it saved lengthen later windows, up to 5.)
#
# 🔮 **Predict, then run.** The phone goes into a pocket at 0:00. A 20-second sync that
# needs a network and a 3-minute photo upload are enqueued at once. When does each
# start? Does the upload finish while the phone stays in the pocket?


# %%
minutes = 60_000
print(
    f"On a phone light Doze begins {LIGHT_IDLE_AFTER_INACTIVE_MILLIS // minutes} min after the "
    f"screen goes off (up to {LIGHT_PRE_IDLE_MILLIS // minutes} min later while jobs run); its "
    f"windows last {LIGHT_MAINTENANCE_MIN_MILLIS // minutes} to "
    f"{LIGHT_MAINTENANCE_MAX_MILLIS // minutes} min."
)


class Sync(Worker):
    duration = timedelta(seconds=20)

    def do_work(self):
        return Result.success()


class PhotoUpload(Worker):
    duration = timedelta(minutes=3)

    def do_work(self):
        return Result.success()


def pocket_phone():
    phone = WorkManager()
    phone.set_device(charging=False, doze="light")  # in the pocket at 0:00
    online = Constraints(required_network_type=NetworkType.CONNECTED)
    sync, upload = OneTimeWorkRequest(Sync, constraints=online), OneTimeWorkRequest(PhotoUpload)
    phone.enqueue([sync, upload])
    return phone, sync, upload


wm, sync, upload = pocket_phone()
wm.advance(timedelta(minutes=40))
for name, request in (("sync", sync), ("upload", upload)):
    print(name)
    for event in wm.trace:
        if event.work_id == request.id and event.kind in ("started", "stopped", "succeeded"):
            print("   ", event)

# %% [markdown]
# <details><summary>Why?</summary>
#
# Both wait for the first light window, at **0:05**, where the network is back: the sync
# runs and succeeds at 0:05:20. The upload starts too, but the window closes at **0:06**
# and the upload is stopped with `DEVICE_STATE`; it starts again in the next window at
# 0:16, is stopped at 0:17, and so on: **a job longer than a light window never finishes
# in a pocket.** Keep background work short (split it, lesson 06), or expedite what the
# user waits for.
# </details>
#
# 🔁 **Change, predict, re-run.** In the cell below, uncomment
# `wm.set_device(doze="deep")`: at 0:20 the phone leaves the pocket and lies on a desk.
# Predict when the upload starts again, and when it succeeds. Re-run the cell and read the
# timeline's Doze bands.
#
# <details><summary>What you should see</summary>
#
# Deep Doze starts its own schedule at 0:20: idle for an hour. No window at 0:32 any more:
# the upload waits for the deep window at **1:20**, which lasts 5 minutes, long enough for
# it: it succeeds at **1:23**. Fewer, longer windows: worse for quick syncs, better for
# long jobs. (🐍 wmkit switches to deep Doze the moment you ask. A real phone goes deep
# only after lying still for a while, about 40 minutes with the AOSP defaults, and its
# light windows go on until then.)
# </details>

# %%
wm, sync, upload = pocket_phone()
wm.advance(timedelta(minutes=20))
# wm.set_device(doze="deep")  # 0:20: out of the pocket, onto the desk
wm.advance(timedelta(minutes=70))
print(wm.get_work_info_by_id(upload.id))
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
# | out of quota: `RUN_AS_NON_EXPEDITED_WORK_REQUEST` runs it as regular work; with `DROP_WORK_REQUEST` JobScheduler refuses the job | you choose which |
#
# **`DROP_WORK_REQUEST` does not cancel or delete the work.** JobScheduler refuses the
# expedited job and WorkManager schedules nothing else for it: the row stays
# **ENQUEUED**, `getWorkInfoById` keeps saying so, and nothing runs it until something
# schedules it again (the app's next start, a reboot). 📱 One more
# subtlety: while your app's process is alive, WorkManager's in-process scheduler (lesson
# 11) can still start a due work on its own, so the drop mostly bites work enqueued from
# the background. wmkit models the JobScheduler path: a dropped work waits.
#
# On Android 11 and lower, WorkManager runs an expedited work as a foreground service:
# it calls your worker's `getForegroundInfo()` for the notification (lesson 06 shows
# one, with its foreground service type), and fails the work if you did not write it.
#
# The quota applies on battery with the app in the background; it is counted per
# rolling 24 hours and depends on the bucket (AOSP defaults, in minutes, from 🐍
# `wmkit.phone.defaults`):

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
# at **1:04**. `ping` (DROP_WORK_REQUEST) found no quota at 0:20: JobScheduler refused
# it, and it is still ENQUEUED below, never run and never cancelled.
# </details>
#
# The cell below replays the story and opens the Studio 🐍; it prints `ping`'s events
# first.
#
# 🔁 **Change, predict, re-run.** In the cell below, replace `events = quota.play(wm)` by
# three lines: `events = quota.play(wm, until=timedelta(minutes=16))`, then
# `wm.set_device(charging=True)` (the user plugs the phone in at 0:16), then
# `events = quota.play(wm)`. Predict what happens to `photo` at 0:17 and to `ping` at
# 0:20, then re-run the cell.
#
# <details><summary>What you should see</summary>
#
# Plugging in at 0:16 ends Doze and lifts the quotas: `photo` is not stopped and
# succeeds at **0:19**, `ping` runs at **0:20**, and the `newsletter` waiting for the
# window runs at once, at 0:16.
# </details>

# %%
wm = quota.load()
events = quota.play(wm)
ping = wm.get_work_infos_by_tag("ping")[0]
for event in wm.trace:
    if event.work_id == ping.id:
        print(event)
print(ping)
Studio(wm)

# %% [markdown]
# ## Why didn't my worker run? A checklist
#
# Ask `explain` 🐍 (or, on a phone, read `WorkInfo` and `adb shell dumpsys jobscheduler`),
# and go down the list:
#
# 1. **BLOCKED**: a prerequisite has not succeeded (or FAILED / CANCELLED: then it never
#    will).
# 2. **ENQUEUED, not due yet**: initial delay, backoff after a retry or a stop, the next
#    period, the flex window: `next_schedule_time_millis` says until when.
# 3. **Due, but a constraint is unmet**: network, charging, battery, storage, idle.
# 4. **Due, but the phone says no**: Doze (wait for a window), a standby-bucket quota, an
#    expedited quota.
# 5. **Due, but all worker slots are busy** (🐍 `max_concurrent_workers`, lesson 11).
# 6. **It ran and was stopped**: `stop_reason` says why; it will run again.

# %% [markdown]
# ## ✏️ Exercise 10.1: an expedited request
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
ex10.check_send_request(send_request)

# %% [markdown]
# ## ✏️ Exercise 10.2: 🔮 the first window
#
# A phone enters deep Doze at 0:00 (AOSP defaults). At 0:10 a regular one-time work with
# no constraints is enqueued. (a) When does it start if nothing else happens? (b) When
# does it start if the phone is plugged in at 0:30? Give milliseconds.

# %% tags=["exercise"]
starts_in_doze = ...
starts_when_plugged_in = ...

# %%
ex10.check_first_window(starts_in_doze, starts_when_plugged_in)

# %% [markdown]
# ## ✏️ Exercise 10.3: which change makes it run soonest?
#
# Here are five works that are not running, each on its own phone. For each one, which
# **single** change to the phone makes it start soonest? Give one `set_device` keyword as
# a dict, such as `{"network": "wifi"}` or `{"standby_bucket": "active"}`, or `None` if
# no change to the phone makes it start any sooner. Read what `explain` says, then think:
# some works are held by two things at once, and one change may answer one but not the
# other. The check tries your change on a copy of the phone and says when the work would
# start.

# %%
mysteries = ex10.mysteries()
for name, (mystery_wm, work_id) in mysteries.items():
    print(f"--- {name}")
    print(mystery_wm.explain(work_id))

# %% tags=["exercise"]
changes = {"m1": ..., "m2": ..., "m3": ..., "m4": ..., "m5": ...}  # a dict each, or None

# %%
ex10.check_soonest(changes)

# %% [markdown]
# ## What to remember
#
# - Doze defers regular work (and cuts the network) until a maintenance window, which
#   comes less and less often; charging or the screen ends it.
# - Light Doze (a phone in a pocket) has the same rules for your works, with idle periods
#   of 5 to 15 minutes and 1-minute windows: short work runs soon, long work is cut off
#   at every window's end.
# - On battery, the standby bucket limits background job time; past it, runs stop with
#   QUOTA.
# - Expedited work runs now, even in Doze, within a per-bucket quota; only its first run
#   is expedited; out of quota it falls back to regular work, or (DROP_WORK_REQUEST)
#   waits, refused by JobScheduler.
# - `next_schedule_time_millis` never includes Doze or quotas: it is the earliest time.
# - `DROP_WORK_REQUEST` leaves the work ENQUEUED; nothing is cancelled or deleted.

# %% [markdown]
# ## 🚀 Transfer: expedited work and Doze on Android
#
# **The test.** The `TestDriver` knows no Doze and no quota: the test checks that the
# expedited request is accepted and runs once its network constraint holds. Add to the
# `WorkTest` class of lesson 00, with these imports:
#
# ```kotlin
# import androidx.test.filters.SdkSuppress
# import androidx.work.Constraints
# import androidx.work.NetworkType
# import androidx.work.OutOfQuotaPolicy
#
# @Test
# @SdkSuppress(minSdkVersion = 31)  // below 31 the worker also needs getForegroundInfo()
# fun anExpeditedMessageIsSentOnceTheNetworkIsThere() {
#     val send = OneTimeWorkRequestBuilder<SendMessage>()
#         .setExpedited(OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST)
#         .setConstraints(
#             Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build()
#         )
#         .build()
#     workManager.enqueue(send).result.get()
#     driver.setAllConstraintsMet(send.id)
#     assertEquals(WorkInfo.State.SUCCEEDED, workManager.getWorkInfoById(send.id).get()?.state)
# }
# ```
#
# **On a device**, Doze and the buckets are the real test. Enqueue the night's works
# from your app, then:
#
# ```sh
# adb shell dumpsys battery unplug                 # on battery: Doze and quotas apply
# adb shell am set-standby-bucket com.example.app rare
# adb shell am get-standby-bucket com.example.app
# adb shell dumpsys deviceidle force-idle          # deep Doze now
# adb shell dumpsys jobscheduler com.example.app   # regular jobs wait; expedited ones may run
# adb shell dumpsys deviceidle unforce             # leave Doze
# adb shell dumpsys deviceidle force-idle light    # light Doze now (the pocket)
# adb shell dumpsys deviceidle step light          # next light state: a window, then idle
# adb shell dumpsys deviceidle get light           # which light state it is in
# adb shell dumpsys deviceidle unforce
# adb shell am set-standby-bucket com.example.app active
# adb shell dumpsys battery reset
# ```
#
# Next, **11 · Under the hood**: the store, process death, pruning and the executor.
