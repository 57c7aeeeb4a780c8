# Source of lessons/06_constraints_and_the_device.ipynb: edit here, then run
# `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/ unless said):
# - A stop: ENQUEUED, attempt kept, lastEnqueueTime kept, result ignored:
#   impl/WorkerWrapper.kt resetWorkerStatus / interrupt.
# - WorkInfo.stopReason is `@get:RequiresApi(31)` (WorkInfo.kt); ListenableWorker's
#   getStopReason() is @RequiresApi(31) (developer.android.com reference). Below API 31
#   SystemJobService.onStopJob records STOP_REASON_UNKNOWN (impl/background/systemjob/
#   SystemJobService.java: `if (SDK_INT >= S) getStopReason(params) else UNKNOWN`).
# - CoroutineWorker.onStopped is final (CoroutineWorker.kt).
# - TEMPORARILY_UNMETERED: NetworkType.kt ("networks that are generally metered, but are
#   currently unmetered"); SystemJobInfoConverter.setRequiredNetwork asks JobScheduler for
#   NET_CAPABILITY_TEMPORARILY_NOT_METERED on API 30+, while the in-process
#   NetworkUnmeteredController is satisfied by any connected, unmetered network.
# - 10 minutes: ListenableWorker.java class doc ("execution window"); GreedyScheduler's
#   own limit: impl/background/greedy/TimeLimiter.kt.
# - After a TIMEOUT stop: SystemJobService.onStopJob returns "reschedule" unless cancelled,
#   but WorkerWrapper's interrupted path writes the row ENQUEUED with the stop reason and
#   marks it unscheduled, and Schedulers.registerRescheduling (impl/Schedulers.java)
#   cancels the job in every scheduler and schedules it again at calculateNextRunTime:
#   E + backoff, usually already past, so the rerun follows at once. The stop reason is
#   reset when the next run starts (trySetRunning).
# - setForegroundAsync fails with IllegalStateException under foreground-service
#   restrictions, getForegroundInfoAsync for expedited work: ListenableWorker.java;
#   ForegroundInfo(id, notification, foregroundServiceType): ForegroundInfo.java.
# - Declaring SystemForegroundService's type with tools:node="merge":
#   developer.android.com/develop/background-work/background-tasks/persistent/how-to/
#   long-running; types required when targeting Android 14: developer.android.com/about/
#   versions/14/changes/fgs-types-required; dataSync 6 h per 24 h on Android 15:
#   developer.android.com/develop/background-work/services/fgs/timeout;
#   STOP_REASON_FOREGROUND_SERVICE_TIMEOUT: WorkInfo.kt.

# %% [markdown]
# # 06 · Constraints and the device: why a work waits, and what stops a run
#
# *About 30 minutes.*
#
# **What you'll learn**
#
# - how to say what a work needs from the phone (network, charger, battery, storage);
# - how to find out why a work is not running;
# - what happens when a constraint stops holding *during* a run: stop reasons,
#   `on_stopped`, `is_stopped`, and the attempt that counts anyway;
# - the 10-minute limit on one run, and what to do about it.

# %%
from datetime import timedelta

from wmkit import (
    Constraints,
    CoroutineWorker,
    NetworkType,
    OneTimeWorkRequest,
    Result,
    StopReason,
    Worker,
    WorkManager,
    scenarios,
)
from wmkit.widgets import DevicePanel, Studio

from lesson_checks import ex06

# %% [markdown]
# ## Constraints
#
# ```kotlin
# val constraints = Constraints.Builder()
#     .setRequiredNetworkType(NetworkType.UNMETERED)
#     .setRequiresBatteryNotLow(true)
#     .build()
# val backup = OneTimeWorkRequestBuilder<Backup>().setConstraints(constraints).build()
# ```
#
# | Kotlin `Constraints.Builder()` | wmkit 🐍 `Constraints(...)` keyword | met when |
# |---|---|---|
# | `.setRequiredNetworkType(NetworkType.X)` | `required_network_type=NetworkType.X` | the network fits X (table below) |
# | `.setRequiresCharging(true)` | `requires_charging=True` | plugged in |
# | `.setRequiresBatteryNotLow(true)` | `requires_battery_not_low=True` | battery not low |
# | `.setRequiresStorageNotLow(true)` | `requires_storage_not_low=True` | storage not low |
# | `.setRequiresDeviceIdle(true)` | `requires_device_idle=True` | the user is not using the phone |
#
# wmkit also has `Constraints.Builder()` with the same setters in snake_case.
#
# | network now | satisfies |
# |---|---|
# | wifi | CONNECTED, UNMETERED, NOT_ROAMING, TEMPORARILY_UNMETERED |
# | cellular | CONNECTED, NOT_ROAMING, METERED |
# | cellular_roaming | CONNECTED, METERED |
# | none | only NOT_REQUIRED |
#
# 📱 On a phone "unmetered" is a property of the network, not of wifi itself: a metered
# wifi hotspot does not satisfy UNMETERED. wmkit simplifies: wifi is unmetered, cellular
# is metered. `TEMPORARILY_UNMETERED` (API 30+) means a network that is normally metered
# but free for now (a carrier's unmetered 5G, say): JobScheduler asks for exactly that,
# so plain wifi does not satisfy it there, while WorkManager's in-process scheduler
# (lesson 11) accepts any unmetered network, as wmkit's wifi does.


# %%
class Backup(Worker):
    duration = timedelta(minutes=3)

    def do_work(self):
        return Result.success()


wifi_only = Constraints.Builder().set_required_network_type(NetworkType.UNMETERED).build()
wm = WorkManager()
wm.set_device(network="cellular")
backup = OneTimeWorkRequest(Backup, constraints=wifi_only)
wm.enqueue(backup)
wm.advance(timedelta(minutes=10))
print(wm.get_work_info_by_id(backup.id))

# %% [markdown]
# ## Why didn't my worker run?
#
# A constraint is not part of the schedule: `next_schedule_time_millis` says the work
# was due at 0, and it is still waiting. `explain` 🐍 says what holds it and what would
# let it run (on a phone, `adb shell dumpsys jobscheduler <package>` lists each job's
# unsatisfied constraints; see the transfer step):

# %%
print(wm.explain(backup.id))

# %% [markdown]
# The phone is `wm.device`; change it with `wm.set_device(...)` 🐍, or with the device
# panel (the same panel sits on the left of the Studio 🐍).
#
# 🔁 **Change, predict, re-run.** Switch the network to wifi in the panel below. Predict
# the instant the backup (3 minutes) starts and the instant it succeeds, then run the
# next cell (it sets wifi as well, harmless if you already did, and advances 5 minutes).
#
# <details><summary>What you should see</summary>
#
# It starts at **10:00**, the moment wifi is there (it had been due since 0:00), and
# succeeds at **13:00**; at 15:00 it is SUCCEEDED.
# </details>

# %%
print(wm.device.describe())
DevicePanel(wm)

# %%
wm.set_device(network="wifi")  # what the panel does; harmless if you already did it
wm.advance(timedelta(minutes=5))
print(wm.get_work_info_by_id(backup.id))

# %% [markdown]
# ## A constraint lost in the middle of a run
#
# If a constraint stops holding while a work runs, WorkManager **stops** the run. This
# is not a failure:
#
# - the worker's `is_stopped` becomes true and its `on_stopped()` is called once;
# - whatever `do_work` returns afterwards is ignored;
# - the work goes back to ENQUEUED, with a `stop_reason` saying why;
# - the stopped run **counts as an attempt**, and the next run waits for the backoff,
#   counted from the work's last enqueue time (usually long past, so it starts as soon
#   as the constraint holds again);
# - the next run starts **from the beginning**: resuming is your job.

# %%
lost = scenarios.get("constraint_lost")
lost

# %% [markdown]
# 🔮 **Predict, then run.** At 1:30, half a minute after wifi was lost: what are the
# state, `run_attempt_count`, `stop_reason` and progress of the video upload?

# %%
wm = lost.load()
events = lost.play(wm, until=timedelta(minutes=1, seconds=30))
video = wm.get_work_infos_by_tag("video")[0]
print(video.state, "| attempts:", video.run_attempt_count, "| progress:", video.progress)
print("stop reason:", video.stop_reason, StopReason(video.stop_reason).name)
print(wm.explain(video.id))

# %% [markdown]
# <details><summary>Why?</summary>
#
# The run was stopped, not failed: **ENQUEUED**, with **1** attempt counted and stop
# reason **CONSTRAINT_CONNECTIVITY** (7). The progress it published at 0:45 (25 %) is
# kept until the next run publishes its own. It was due again at 0:30 (enqueue time 0
# plus a 30 s backoff), already past: only the network holds it now.
# </details>
#
# 🔁 **Change, predict, re-run.** In the cell below, replace `events = lost.play(wm)` by
# `events = lost.play(wm, until=timedelta(minutes=2))` followed by
# `wm.set_device(network="wifi")`: wifi comes back at 2:00 instead of 5:00. Predict when
# the second run starts, its `run_attempt_count`, and when the upload succeeds. Re-run.
#
# <details><summary>What you should see</summary>
#
# The second run starts at **2:00** (attempt 2) and, running its 3 minutes from the
# beginning, succeeds at **5:00**. The story's own "wifi is back" at 5:00 changes
# nothing any more.
# </details>

# %%
wm = lost.load()
events = lost.play(wm)
Studio(wm)

# %% [markdown]
# ### Backing off after a stop (androidx 2.11)
#
# Since the stopped run's backoff counts from the last *enqueue*, a work that keeps
# losing its network mid-run is retried as soon as the network is back, every time.
# androidx 2.11 added an experimental opt-in, `setBackoffForSystemInterruptions()`: the
# backoff then counts from the **stop** (the release notes: "apply backoff when work is
# interrupted by the system"). A manager simulating 2.9 or 2.10 refuses such a request at
# `enqueue`, naming the release that added it.
#
# ```kotlin
# @OptIn(ExperimentalWorkRequestBuilderApi::class)
# val upload = OneTimeWorkRequestBuilder<VideoUpload>()
#     .setConstraints(wifiOnly)
#     .setBackoffForSystemInterruptions()
#     .build()
# ```
#
# The same upload twice, wifi lost at 1:00: when is each due again?

# %%
class Upload(Worker):
    duration = timedelta(minutes=3)

    def do_work(self):
        return Result.success()


wm = WorkManager(androidx="2.11")
plain = OneTimeWorkRequest.Builder(Upload).set_constraints(wifi_only).build()
backs_off = (
    OneTimeWorkRequest.Builder(Upload)
    .set_constraints(wifi_only)
    .set_backoff_for_system_interruptions()
    .build()
)
wm.enqueue([plain, backs_off])
wm.advance(timedelta(minutes=1))
wm.set_device(network="cellular")
for name, request in (("plain", plain), ("backs off", backs_off)):
    due = wm.get_work_info_by_id(request.id).next_schedule_time_millis
    print(f"{name:9}: due again at {due / 1000:.0f} s")

# %% [markdown]
# `plain` was due again at 30 s (enqueued at 0, plus 30 s), already past: it restarts the
# moment wifi is back. `backs off` waits until 90 s (stopped at 60 s, plus 30 s).
#
# ### Stopping a run yourself, in a test
#
# On a phone the system stops runs; in an instrumented test, `work-testing` 2.11's
# `TestDriver.stopRunningWorkWithReason(id, reason)` does it with the reason you choose.
# wmkit has it under the same name (🐍 `wmkit.testing`), on managers simulating 2.11:
#
# ```kotlin
# val driver = WorkManagerTestInitHelper.getTestDriver(context)!!
# driver.stopRunningWorkWithReason(upload.id, WorkInfo.STOP_REASON_CONSTRAINT_CHARGING)
# ```

# %%
from wmkit.testing import WorkManagerTestInitHelper

wm = WorkManager()
upload = OneTimeWorkRequest(Upload)
wm.enqueue(upload)
wm.advance(timedelta(seconds=10))
driver = WorkManagerTestInitHelper.get_test_driver(wm)
driver.stop_running_work_with_reason(upload.id, StopReason.CONSTRAINT_CHARGING)
info = wm.get_work_info_by_id(upload.id)
print(info.state, StopReason(info.stop_reason).name, "| attempts:", info.run_attempt_count)

# %% [markdown]
# ## `on_stopped` and `is_stopped` in your code
#
# How a worker learns it was stopped depends on its kind:
#
# ```kotlin
# class Sync(ctx: Context, params: WorkerParameters) : CoroutineWorker(ctx, params) {
#     override suspend fun doWork(): Result {
#         try {
#             for (page in 1..4) { download(page); setProgress(workDataOf("page" to page)) }
#             return Result.success()
#         } finally {
#             if (isStopped) {
#                 // stopReason is API 31+: older Android versions do not say why
#                 val why = if (Build.VERSION.SDK_INT >= 31) "$stopReason" else "unknown"
#                 Log.i("Sync", "stopped, reason $why")
#             }
#         }
#     }
# }
#
# class Backup(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork(): Result {
#         for (file in files) { if (isStopped) break; copy(file) }  // the result is ignored
#         return Result.success()                                   // once stopped anyway
#     }
#     override fun onStopped() { /* release what doWork holds */ }
# }
# ```
#
# - A `CoroutineWorker`'s coroutine is **cancelled** at its next suspension point, so its
#   `finally` blocks run. (Its `onStopped` is `final` in Kotlin: use `finally`.) In
#   wmkit, a stop closes the coroutine at its next `await`, and `finally` runs the same
#   way.
# - A plain `Worker` gets `onStopped()`, once, and its `doWork` should check `isStopped`
#   in long loops.
#
# 📱 wmkit runs a plain `Worker`'s `do_work` in one instant and then lets `duration` 🐍 pass,
# so such a worker can never *see* `is_stopped` inside `do_work`; write a long, careful
# run as a `CoroutineWorker`, as below.


# %%
class Sync(CoroutineWorker):
    async def do_work(self):
        try:
            for page in range(1, 5):
                await self.sleep(timedelta(seconds=30))
                await self.set_progress({"page": page})
            return Result.success()
        finally:
            if self.is_stopped:
                print(f"Sync finally: stopped, reason {StopReason(self.stop_reason).name}")


class Backup(Worker):
    duration = timedelta(minutes=3)

    def do_work(self):
        return Result.success()

    def on_stopped(self):
        print(f"Backup.on_stopped: reason {StopReason(self.stop_reason).name}")


wm = WorkManager()
charging = Constraints(requires_charging=True)
sync = OneTimeWorkRequest(Sync, constraints=charging)
backup = OneTimeWorkRequest(Backup, constraints=charging)
wm.enqueue([sync, backup])
wm.advance(timedelta(seconds=70))
wm.set_device(charging=False)
print(wm.get_work_info_by_id(sync.id))
print(wm.get_work_info_by_id(backup.id))

# %% [markdown]
# ## The 10-minute limit
#
# A run cannot last for ever. JobScheduler gives a job about **10 minutes** (the limit
# `ListenableWorker`'s documentation states); wmkit stops a run that reaches them with
# `STOP_REASON_TIMEOUT` and reschedules it like any other stop. A worker that always needs
# more than 10 minutes therefore never finishes.
#
# **Where do you see such a stop?** It is easy to miss: the work goes back to ENQUEUED
# with `stop_reason` TIMEOUT, but its next run is due at its last enqueue time plus the
# backoff (here 0:00 + 30 s), long past, so WorkManager schedules it again at once and it
# is RUNNING again a moment later, with its stop reason reset. Android does the same:
# JobScheduler would back the job off, but WorkManager cancels that job and schedules
# its own, due now. So:
#
# - a **LiveData observer** (or a Flow) sees the stop: RUNNING, then ENQUEUED with
#   `stop_reason` TIMEOUT and its next run time, then RUNNING again with one more attempt
#   (🐍 wmkit hands an observer that ENQUEUED row before anything restarts the work, as
#   Room's observer usually delivers it on a phone);
# - **polling** `get_work_info_by_id` after the fact shows only RUNNING, with a
#   `run_attempt_count` that grew without a result in between: the only trace the stop
#   leaves in the row;
# - the **worker** sees it: `on_stopped()` is called and `stop_reason` is TIMEOUT (log
#   it, API 31+);
# - the trace 🐍 (and, on a device, `adb shell dumpsys jobscheduler`) records it.
#
# 🔮 **Predict, then run.** The observer below prints every WorkInfo it is handed. What
# does it print at 10:00 and at 20:00, and what `run_attempt_count` does the last line
# show?


# %%
class Export(Worker):
    duration = timedelta(minutes=12)

    def do_work(self):
        return Result.success()


wm = WorkManager()
export = OneTimeWorkRequest(Export)
wm.enqueue(export)
live = wm.get_work_info_by_id_live_data(export.id)
live.observe(lambda info: print(f"{wm.clock.now_millis // 60_000:2} min  {info}"))
wm.advance(timedelta(minutes=25))
print("polled at 25 min:", wm.get_work_info_by_id(export.id))

# %% [markdown]
# <details><summary>Why?</summary>
#
# At 10:00 the run reaches the limit: the observer gets **ENQUEUED, stop reason
# TIMEOUT, next run 0:30** (already past), then **RUNNING, attempt 2** at the same
# instant; at 20:00 the same again, with the next run at 1:00 (backoff 60 s) and then
# attempt 3. Polled at 25:00 the work is simply RUNNING with 3 attempts. The trace tells
# the same story:
# </details>

# %%
for event in wm.trace:
    if event.kind in ("started", "stopped"):
        print(event)

# %% [markdown]
# 📱 Which limit applies depends on who started the run: JobScheduler's 10 minutes, or
# WorkManager's in-process scheduler (lesson 11), which has a limit of its own (90
# minutes in recent versions). Do not design for either. Split long work into a chain
# of shorter works, or make it a long-running worker, below.

# %% [markdown]
# ## Longer than 10 minutes: a foreground worker
#
# A worker that must run long (a big upload that cannot be split, a model to crunch) can
# ask WorkManager to run it in a **foreground service**: a notification tells the user
# it runs, and the 10-minute limit no longer applies. wmkit does not simulate this; here
# is the Android side, which changed with Android 14.
#
# ```kotlin
# class Export(ctx: Context, params: WorkerParameters) : CoroutineWorker(ctx, params) {
#     override suspend fun doWork(): Result {
#         setForeground(foregroundInfo())  // before the long part
#         exportEverything()
#         return Result.success()
#     }
#
#     // also what an expedited request shows on Android 11 and lower (lesson 10)
#     override suspend fun getForegroundInfo() = foregroundInfo()
#
#     private fun foregroundInfo(): ForegroundInfo {
#         val notification = NotificationCompat.Builder(applicationContext, "export")
#             .setContentTitle("Exporting your photos")
#             .setSmallIcon(R.drawable.ic_export)
#             .setOngoing(true)
#             .build()
#         return if (Build.VERSION.SDK_INT >= 29) {
#             ForegroundInfo(EXPORT_ID, notification, ServiceInfo.FOREGROUND_SERVICE_TYPE_DATA_SYNC)
#         } else {
#             ForegroundInfo(EXPORT_ID, notification)
#         }
#     }
# }
# ```
#
# An app that **targets Android 14 (API 34)** must also declare the type on
# WorkManager's own foreground service, and hold the permission that type requires
# (`FOREGROUND_SERVICE` itself comes with WorkManager's manifest):
#
# ```xml
# <manifest xmlns:android="http://schemas.android.com/apk/res/android"
#           xmlns:tools="http://schemas.android.com/tools">
#     <uses-permission android:name="android.permission.FOREGROUND_SERVICE_DATA_SYNC" />
#     <application>
#         <service
#             android:name="androidx.work.impl.foreground.SystemForegroundService"
#             android:foregroundServiceType="dataSync"
#             tools:node="merge" />
#     </application>
# </manifest>
# ```
#
# 📱 Three traps:
#
# - The type in `ForegroundInfo` must be one the manifest declares (`location`,
#   `microphone`, `dataSync`...), or starting the service fails.
# - An app that targets Android 12 (API 31) or later may not start a foreground service
#   from the background: `setForeground` then fails with an `IllegalStateException`. Call it while the app is
#   visible, or make the request expedited (lesson 10), which WorkManager may run as a
#   foreground service with `getForegroundInfo()` on older Android versions.
# - Types carry limits of their own: an app targeting Android 15 gets 6 hours of
#   `dataSync` foreground service per 24 hours; past that WorkManager stops the worker
#   with `STOP_REASON_FOREGROUND_SERVICE_TIMEOUT` (-128).

# %% [markdown]
# ## Stop reasons
#
# `WorkInfo.stop_reason` (Kotlin `WorkInfo.stopReason`, and `stopReason` inside the
# worker) is an `int` with Android's `STOP_REASON_*` values; `StopReason` names them.
#
# 📱 In Kotlin both getters exist since WorkManager 2.9 and are **API 31+ only**
# (`@RequiresApi(31)`): guard them, as in the `Sync` worker above, or lint refuses the
# build. On Android 11 and lower, a stop that JobScheduler made (its `onStopJob`: Doze,
# its time limit, a constraint JobScheduler saw go) is recorded as `STOP_REASON_UNKNOWN`
# (-512), because before API 31 JobScheduler does not say why it stopped a job. wmkit gives every
# simulated stop its reason, as Android 12+ does:

# %%
for reason in (
    StopReason.NOT_STOPPED,
    StopReason.UNKNOWN,
    StopReason.CANCELLED_BY_APP,
    StopReason.TIMEOUT,
    StopReason.DEVICE_STATE,
    StopReason.CONSTRAINT_CHARGING,
    StopReason.CONSTRAINT_CONNECTIVITY,
    StopReason.QUOTA,
):
    print(f"{reason.value:5}  {reason.name}")

# %% [markdown]
# ## ✏️ Exercise 6.1: the right constraints
#
# A photo backup must run only on an unmetered network (the user should not pay for the
# data) and only while the phone charges. Nothing else. Set `backup_constraints`.

# %% tags=["exercise"]
backup_constraints = ...  # Constraints(...) or Constraints.Builder()...build()

# %%
ex06.check_backup_constraints(backup_constraints)

# %% [markdown]
# ## ✏️ Exercise 6.2: fit in 10 minutes
#
# An export is 25 minutes of work. `ExportPart` exports a part of `"minutes"` minutes.
# Complete `build_export` so that it enqueues parts adding up to 25 minutes, **one
# after another**, none of which hits the 10-minute limit.


# %% tags=["exercise"]
class ExportPart(Worker):
    def do_work(self):
        self.duration = timedelta(minutes=self.input_data.get_long("minutes"))
        return Result.success()


def build_export(wm):
    raise NotImplementedError  # ← enqueue a chain of ExportPart requests


# %%
ex06.check_export(build_export)

# %% [markdown]
# ## ✏️ Exercise 6.3: 🔮 lost and found
#
# A 5-minute upload needs `NetworkType.CONNECTED`. It starts at 0:00. The network goes
# away at 2:00 and comes back at 3:00. When does its second run start, and when does
# the work succeed? Give both instants in milliseconds.

# %% tags=["exercise"]
second_run_at = ...  # an int of virtual milliseconds
succeeded_at = ...  # an int of virtual milliseconds

# %%
ex06.check_lost_and_found(second_run_at, succeeded_at)

# %% [markdown]
# ## What to remember
#
# - Constraints decide *whether* a due work may run; `next_schedule_time_millis` ignores
#   them. Ask `explain` why a work waits.
# - A constraint lost mid-run **stops** the run: `on_stopped`, `is_stopped`, a
#   `stop_reason`, back to ENQUEUED, the attempt counted, the result ignored.
# - The next run starts from scratch; save your progress yourself if it matters.
# - One run gets about 10 minutes under JobScheduler: split long work, or use a
#   foreground worker, with its service type declared when you target Android 14.
# - `stopReason` is API 31+ in Kotlin; below 31 a JobScheduler stop reads
#   `STOP_REASON_UNKNOWN`.

# %% [markdown]
# ## 🚀 Transfer: constraints on Android
#
# **The test.** With the `Backup` worker in your app, add to the `WorkTest` class of
# lesson 00, with these imports:
#
# ```kotlin
# import androidx.work.Constraints
# import androidx.work.NetworkType
#
# @Test
# fun aBackupWaitsForWifiAndTheCharger() {
#     val constraints = Constraints.Builder()
#         .setRequiredNetworkType(NetworkType.UNMETERED)
#         .setRequiresCharging(true)
#         .build()
#     val backup = OneTimeWorkRequestBuilder<Backup>().setConstraints(constraints).build()
#     workManager.enqueue(backup).result.get()
#     assertEquals(WorkInfo.State.ENQUEUED, workManager.getWorkInfoById(backup.id).get()?.state)
#     driver.setAllConstraintsMet(backup.id)  // as if wifi and the charger were there
#     assertEquals(WorkInfo.State.SUCCEEDED, workManager.getWorkInfoById(backup.id).get()?.state)
# }
# ```
#
# The test device's real network and charger do not matter: under the `TestDriver`,
# only `setAllConstraintsMet` satisfies constraints. From `work-testing` 2.11,
# `driver.stopRunningWorkWithReason(id, reason)` stops a running worker the way a lost
# constraint does (above); older releases do not have it.
#
# **On a device**, the real thing. Start the video upload of this lesson's scenario
# (unmetered network, 3 minutes) on wifi, then:
#
# ```sh
# adb shell dumpsys jobscheduler com.example.app   # its job: required and unsatisfied constraints
# adb shell svc wifi disable    # wifi lost mid-run: the worker is stopped, the work re-enqueued
# adb shell svc wifi enable     # back: it runs again, from the beginning
# adb shell dumpsys battery unplug   # "not charging", for a requires-charging work
# adb shell dumpsys battery reset    # the real battery state again
# ```
#
# Log `stopReason` in the worker (API 31+) to see `STOP_REASON_CONSTRAINT_CONNECTIVITY`.
#
# Next, **07 · Periodic work**: intervals, the flex window and drift.
