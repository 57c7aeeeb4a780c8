# Source of lessons/11_under_the_hood.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/ unless said otherwise):
# - RUNNING rows back to ENQUEUED with STOP_REASON_UNKNOWN at every start, JobScheduler's
#   jobs reconciled with the database, a full reschedule after a detected force stop or a
#   database migration: java/androidx/work/impl/utils/ForceStopRunnable.java (run from the
#   WorkManagerImpl constructor); SystemJobScheduler.reconcileJobs.
# - Reboot: RescheduleReceiver (BOOT_COMPLETED, TIME_SET, TIMEZONE_CHANGED; enabled only
#   while unfinished work exists): AndroidManifest.xml, impl/background/systemalarm/
#   RescheduleReceiver.java, impl/UnfinishedWorkListener.kt; the missing jobs are found by
#   SystemJobScheduler.reconcileJobs in ForceStopRunnable. JobScheduler
#   keeps an app's jobs across an update (ACTION_PACKAGE_REMOVED with EXTRA_REPLACING):
#   frameworks/base JobSchedulerService. WorkManager's jobs are not persisted across a
#   reboot ("we reschedule these jobs on BOOT_COMPLETED"): impl/background/systemjob/
#   SystemJobInfoConverter.java setPersisted(false).
# - Initialisation: App Startup's InitializationProvider with the
#   androidx.work.WorkManagerInitializer meta-data (AndroidManifest.xml), which calls
#   WorkManager.initialize with a default Configuration; WorkManagerImpl.getInstance(ctx)
#   asks the Application's Configuration.Provider only when nothing initialised it yet
#   (java/androidx/work/impl/WorkManagerImpl.java). Manifest lines:
#   developer.android.com/develop/background-work/background-tasks/persistent/
#   configuration/custom-configuration.
# - WorkerFactory returning null falls back to the default reflective factory:
#   java/androidx/work/WorkerFactory.kt.
# - Schedulers: JobScheduler from API 23, AlarmManager below (older releases): WorkManager.kt
#   class doc, impl/Schedulers.java createBestAvailableBackgroundScheduler; the in-process
#   GreedyScheduler (starts due work at once, tracks constraints itself, ignores
#   device-idle and content-URI work, 90-minute TimeLimiter):
#   impl/background/greedy/GreedyScheduler.java, TimeLimiter.kt.
# - Force stop: ForceStopRunnable.isForceStopped (API 30+: an ApplicationExitInfo with
#   REASON_USER_REQUESTED since the last one seen; before: its own 10-year alarm is gone)
#   -> WorkManagerImpl.rescheduleEligibleWork (cancel all jobs, reset the scheduled state,
#   Schedulers.schedule: every unfinished row scheduled from its stored times); cleanUp:
#   RUNNING -> ENQUEUED with STOP_REASON_UNKNOWN and workProgressDao.deleteAll() at every
#   start. Platform: frameworks/base JobSchedulerService, ACTION_PACKAGE_RESTARTED ->
#   cancelJobsForPackageAndUid(..., "app force stopped") (STOP_REASON_USER on Android 12+);
#   a stopped package gets no broadcasts until it is launched, BOOT_COMPLETED included
#   (developer.android.com/about/versions/android-3.1, "Launch controls on stopped
#   applications"). `am kill` / `am force-stop`: `adb shell am help`.
# - Pruning: impl/WorkDatabase.kt (CleanupCallback, 1 day), pruneWork (WorkManager.kt).
# - Default executor max(2, min(cpus - 1, 4)): Configuration.kt.

# %% [markdown]
# # 11 · Under the hood: the store, process death, pruning, the executor
#
# *About 25 minutes.*
#
# **What you'll learn**
#
# - where WorkManager keeps your works, and why they survive the app being killed;
# - exactly what a killed process leaves behind, and what comes back;
# - why a **force stop** is not a kill: nothing runs until the user opens the app;
# - how finished works are pruned, automatically and on demand;
# - how many works run at once, and what the others do meanwhile.

# %%
import os
import shutil
import tempfile
from datetime import timedelta

from wmkit import (
    CoroutineWorker,
    OneTimeWorkRequest,
    Result,
    StopReason,
    Worker,
    WorkManager,
    WorkManagerError,
    scenarios,
)
from wmkit.widgets import Studio

from lesson_checks import ex11

# %% [markdown]
# ## The store
#
# On a phone, WorkManager keeps every work in a small SQLite database inside your app's
# private storage: its request, state, attempts, input and output. That is why work
# survives the app being killed and the phone rebooting: at the next start WorkManager
# reads the database and schedules everything again.
#
# wmkit does the same with a JSON file: `WorkManager(path)` keeps the works, the clock
# and the device there, and a manager opened on the same file later finds them again.
# This lesson writes its store in a fresh temporary directory, so running it twice
# never trips over the first run.


# %%
class Download(Worker):
    duration = timedelta(minutes=5)

    def do_work(self):
        return Result.success({"bytes": 1_000_000, "earlier_runs": self.run_attempt_count})


class Unzip(Worker):
    duration = timedelta(minutes=1)

    def do_work(self):
        return Result.success()


lesson_dir = tempfile.mkdtemp(prefix="wmkit-lesson11-")
path = os.path.join(lesson_dir, "app.wmk.json")

wm = WorkManager(path)
download, unzip = OneTimeWorkRequest(Download), OneTimeWorkRequest(Unzip)
wm.begin_with(download).then(unzip).enqueue()
wm.advance(timedelta(minutes=2))
print(wm)

# %% [markdown]
# Only one manager may have a store open at a time; a second one is refused with a clear
# error, and the file is left untouched:

# %%
try:
    WorkManager(path)
except WorkManagerError as error:
    print("refused:", error)

# %% [markdown]
# 🌐 **In the browser version of this course** (JupyterLite: Python runs inside your
# browser tab, with no server), a few things differ:
#
# - A store in the notebook's folder, such as `WorkManager("mine.wmk.json")`, is kept in
#   your browser's storage for this site. It survives a page reload and closing the tab,
#   and it shows in the file browser, where you can download it. Clearing the site's data
#   or a private window loses it, and another browser or computer does not see it.
# - This lesson's temporary directory (`tempfile.mkdtemp()`) lives in memory only: a
#   reload empties it.
# - A tab is a single process and has no file locks, so no `.lock` file is made; the
#   refusal above still happens, because wmkit remembers which paths this kernel has open.
# - A page reload or a kernel restart is the process death of the next section: the store
#   file is what survives.

# %% [markdown]
# ## Process death
#
# Android kills background apps whenever it needs memory, and a user can swipe yours
# away. Nothing in memory survives: the running worker just disappears, mid-sentence.
# **Its `on_stopped` is never called.** What survives is the database, which still says
# RUNNING. At the next start WorkManager fixes that:
#
# - a work found RUNNING goes back to **ENQUEUED**, with stop reason **UNKNOWN** (-512);
# - the attempt stays counted, so its next run waits for the backoff (from its last
#   enqueue time, so usually not at all);
# - everything is scheduled again.
#
# 🔮 **Predict, then run.** We close the manager at 2:00, in the middle of the download,
# as a killed process would leave it, and open the file again. What is the download's
# state, `run_attempt_count` and stop reason?

# %%
wm.close()  # the process is gone; the file is all that is left
wm = WorkManager(path)  # the app starts again
info = wm.get_work_info_by_id(download.id)
print(info.state, "| attempts:", info.run_attempt_count)
print("stop reason:", info.stop_reason, StopReason(info.stop_reason).name)
print(wm.explain(download.id))

# %% [markdown]
# <details><summary>Why?</summary>
#
# The file said RUNNING; a new process cannot continue a run it never had, so the work
# is **ENQUEUED** again with stop reason **UNKNOWN**. Its one attempt is counted. It was
# due again at 0:30 (enqueue time 0 plus a 30 s backoff), so it starts at once when the
# clock moves, **from the beginning**.
# </details>

# %%
for event in wm.advance(timedelta(minutes=10)):
    print(event)
print(wm.get_work_info_by_id(download.id).output_data)
wm.close()

# %% [markdown]
# 📱 A stored work remembers its worker by class name (Android stores
# `Class.getName()` and creates the worker by reflection, or with your `WorkerFactory`,
# below). In a notebook the class lives in the kernel: after a kernel restart, run the
# cell that defines it again, and `explain` 🐍 tells you when a work waits for its class.
#
# Without a file, `wm.restart_app()` 🐍 simulates the same thing in place. The
# `process_death` scenario uses it: a 5-minute download, killed at 2:00, then a 1-minute
# tile build.
#
# 🔁 **Change, predict, re-run.** Replace `events = death.play(wm)` by three lines:
# `events = death.play(wm, until=timedelta(minutes=1))`, then `wm.restart_app()` (an
# extra kill at 1:00), then `events = death.play(wm)`. Predict the download's final
# `run_attempt_count` and when the tiles finish. Re-run.
#
# <details><summary>What you should see</summary>
#
# Every kill costs a whole run: the download starts at 0:00, 1:00 and 2:00, so its
# `run_attempt_count` ends at **3**; the last run succeeds at 7:00 and the tiles finish at
# **8:00**, as before: the kills lose work, not time, because each restart begins at
# once (the backoff counts from the first enqueue, long past).
# </details>

# %%
death = scenarios.get("process_death")
wm = death.load()
events = death.play(wm)
Studio(wm)

# %% [markdown]
# ## A kill, a force stop, and the user coming back
#
# A process death is not the only way your app stops. From the outside, three things look
# alike (the app is gone from the screen) and are not:
#
# | | **low-memory kill** (🐍 `wm.restart_app()`) | **force stop** (🐍 `wm.force_stop()`) | **the user opens the app** (🐍 `wm.open_app()`) |
# |---|---|---|---|
# | who | Android, for memory; a swipe away | the user: Settings › Apps › *Force stop*, or a phone maker's "cleaner" | the user taps its icon |
# | adb | `adb shell am kill com.example.app` | `adb shell am force-stop com.example.app` | `adb shell monkey -p com.example.app 1` |
# | the process | killed | killed | starts, if it was not running |
# | a running worker | gone, no `on_stopped` | gone, no `on_stopped` | (nothing was running) |
# | JobScheduler's jobs, alarms | **kept** | **cancelled** | a force-stopped app's are scheduled again |
# | what runs next | due work, when due: JobScheduler starts the process | **nothing, however long**: no job, no alarm, no broadcast (not even `BOOT_COMPLETED`) starts a stopped app | everything overdue, at once |
#
# When a force-stopped app is opened, WorkManager's `ForceStopRunnable` notices the force
# stop (on Android 11+ it reads the app's last exit reason, `REASON_USER_REQUESTED`) and
# **reschedules every unfinished work** from the database: RUNNING rows come back
# ENQUEUED with stop reason UNKNOWN, as after any death; a work whose time passed while
# the app was stopped runs at once (once: periodic work does not catch up on the periods
# it missed, and counts its next period from that run); a work not due yet keeps its
# time. Opening the app also makes it the foreground app, in the `active` bucket, screen
# on (so Doze ends).
#
# 📱 Your app can tell, at its next start, that the user force-stopped it (API 30+):
#
# ```kotlin
# val am = context.getSystemService(ActivityManager::class.java)
# val lastExit = am.getHistoricalProcessExitReasons(context.packageName, 0, 1).firstOrNull()
# val forceStopped = lastExit?.reason == ApplicationExitInfo.REASON_USER_REQUESTED
# ```
#
# 🔮 **Predict, then run.** Two phones run the same app: a 5-minute download starts at
# 0:00 and an upload is due at 0:10. At 0:02 Android kills the first app for memory; the
# user force-stops the second. The user opens both apps at 1:00. When does the download
# start again, and when does the upload run, on each phone?


# %%
class Upload(Worker):
    def do_work(self):
        return Result.success()


def phone():
    wm = WorkManager()
    download = OneTimeWorkRequest(Download)
    upload = OneTimeWorkRequest.Builder(Upload).set_initial_delay(timedelta(minutes=10)).build()
    wm.enqueue([download, upload])
    wm.advance(timedelta(minutes=2))
    return wm, download, upload


def started(wm, request):
    """When the work's runs started, as h:mm."""
    runs = [e.millis // 60_000 for e in wm.trace if e.kind == "started" and e.work_id == request.id]
    return [f"{m // 60}:{m % 60:02d}" for m in runs]


killed, download_k, upload_k = phone()
killed.restart_app()  # 0:02: a low-memory kill
stopped, download_s, upload_s = phone()
stopped.force_stop()  # 0:02: Settings > Force stop
print("force-stopped explains:", stopped.explain(upload_s.id).splitlines()[-1])
for wm in (killed, stopped):
    wm.advance_to(60 * 60_000)
    wm.open_app()  # 1:00: the user opens the app
    wm.advance(timedelta(minutes=10))
print("killed:  download", started(killed, download_k), " upload", started(killed, upload_k))
print("stopped: download", started(stopped, download_s), " upload", started(stopped, upload_s))

# %% [markdown]
# <details><summary>Why?</summary>
#
# After the **kill**, JobScheduler still has both jobs: the download (due again 30 s
# after its enqueue at 0:00, its backoff: long past) starts again at once, at **0:02**,
# and the upload at **0:10**,
# without the user doing anything; opening the app at 1:00 changes nothing for them.
# After the **force stop** there are no jobs: nothing runs until the user opens the app
# at **1:00**, and then both start at once. On a phone this is the most common "my
# worker never ran" report that no code can fix: tell your users not to force-stop the
# app, and know that some phone makers' battery "cleaners" do it for them.
# </details>
#
# The Studio's 📱 Device panel has the same two buttons: **Force stop** and **Open app**.
#
# 🔁 **Change, predict, re-run.** In the cell below the user force-stops the app at 0:02
# and opens it at 1:00. Replace `wm.force_stop()` by `wm.restart_app()` and predict how
# the timeline changes; then put `wm.force_stop()` back and delete `wm.open_app()`, and
# predict again.
#
# <details><summary>What you should see</summary>
#
# With `restart_app()` the download is cut at 0:02 and starts again at once; the upload
# runs at 0:10; nothing waits for 1:00. With the force stop but no `open_app()`, nothing
# runs after 0:02 at all: the timeline stays empty however far you play it, and
# `explain` says why and what brings it back.
# </details>

# %%
wm, download, upload = phone()
wm.force_stop()
wm.advance_to(60 * 60_000)
wm.open_app()
wm.advance(timedelta(minutes=10))
Studio(wm)

# %% [markdown]
# ## Who runs your work: the schedulers
#
# On a phone no single clock starts your works. WorkManager hands each ENQUEUED work to
# up to two schedulers at once, and the first to start it wins:
#
# | scheduler | who decides | what it does |
# |---|---|---|
# | **JobScheduler** (`SystemJobScheduler`, Android 6 / API 23 and later) | the system | one job per work, with its delay and constraints; starts it when the system allows (Doze, buckets, quotas), starting your app's process if it is dead |
# | **GreedyScheduler** | your app's process, while it is alive | starts a due work with no constraint at once, and watches the constraints of the others itself (not device-idle or content-URI ones); its runs have their own time limit (90 minutes) |
# | **AlarmManager** (`SystemAlarmScheduler`) | the system | older WorkManager releases only, on Android 5 (API 21 and 22) |
#
# Either way the worker itself runs in your app's process.
#
# So a work you enqueue from a screen the user is looking at usually starts at once, in
# your process; the same work enqueued while your app is in the background and about
# to be killed waits for JobScheduler. 🐍 wmkit has one scheduler that starts a work the
# moment it is due and allowed: GreedyScheduler's promptness, with JobScheduler's rules
# for Doze and quotas.
#
# **What survives what.** Your works live in the database, but the *jobs* live in the
# system, and each event is repaired differently:
#
# - **Force stop**: the jobs are cancelled and the app stays stopped, through reboots too,
#   until the user opens it; then `ForceStopRunnable` reschedules every unfinished work
#   (previous section).
# - **Process death** (memory, a swipe away): the jobs stay. At the next start,
#   `ForceStopRunnable` (which runs every time WorkManager initialises) puts RUNNING rows
#   back to ENQUEUED with `STOP_REASON_UNKNOWN` and checks JobScheduler's jobs against
#   the database, creating any that are missing.
# - **Reboot**: the jobs WorkManager schedules do not survive it (it does not persist
#   them). WorkManager's `RescheduleReceiver` gets `BOOT_COMPLETED` (also `TIME_SET` and
#   `TIMEZONE_CHANGED`), which starts your app's process: WorkManager initialises, finds
#   the jobs missing, and schedules every unfinished work again. The receiver is enabled
#   only while unfinished work exists.
# - **App update**: the new version replaces the old one and its process is killed;
#   JobScheduler keeps the jobs of an updated app. At the next start `ForceStopRunnable`
#   repairs the rows as after a process death, and reschedules everything if a
#   database migration asked for it.

# %% [markdown]
# ## Pruning: finished works do not stay for ever
#
# Finished works (SUCCEEDED, FAILED, CANCELLED) keep their rows, so you can read their
# output, until they are pruned:
#
# | how | what goes |
# |---|---|
# | automatically, when the database opens (the app starts) | finished works whose **last enqueue time** + `keep_results_for_at_least` is more than **1 day** ago |
# | `wm.prune_work()` (Kotlin `pruneWork()`) | every finished work, ignoring `keep_results_for_at_least` |
#
# Either way a finished work that an **unfinished** work still depends on is kept. Note
# the clock: it is the time the work was last enqueued (or unblocked), not the time it
# finished.
#
# ```kotlin
# OneTimeWorkRequestBuilder<Report>().keepResultsForAtLeast(7, TimeUnit.DAYS).build()
# ```


# %%
class Report(Worker):
    def do_work(self):
        return Result.success({"pages": 3})


path = os.path.join(lesson_dir, "pruning.wmk.json")
wm = WorkManager(path)
plain = OneTimeWorkRequest(Report)
kept = OneTimeWorkRequest.Builder(Report).keep_results_for_at_least(timedelta(days=7)).build()
wm.enqueue([plain, kept])
wm.advance(timedelta(days=2))
wm.close()

wm = WorkManager(path)  # two days later, the app starts
print("plain:", wm.get_work_info_by_id(plain.id))
print("kept: ", wm.get_work_info_by_id(kept.id))
wm.prune_work()
print("after prune_work, kept:", wm.get_work_info_by_id(kept.id))
wm.close()

# %% [markdown]
# A pruned work is gone: `get_work_info_by_id` returns `None`, as Kotlin's returns null.
# If the result matters later, save it yourself.

# %% [markdown]
# ## How many run at once?
#
# A phone does not run all your works at the same moment. WorkManager's default executor
# for `Worker`s is a thread pool of `max(2, min(cpus - 1, 4))` threads, and you can give
# it your own in a custom `Configuration` (next section).
#
# 🐍 wmkit runs at most `max_concurrent_workers` works at once (a `WorkManager(...)`
# keyword, default 4); the others wait ENQUEUED, due, and `explain` says why. 📱 On a
# phone a `CoroutineWorker` runs on a coroutine dispatcher rather than that pool, and
# JobScheduler has limits of its own; wmkit uses one limit for all.


# %%
class Task(Worker):
    duration = timedelta(minutes=1)

    def do_work(self):
        return Result.success()


wm = WorkManager(max_concurrent_workers=2)
tasks = [OneTimeWorkRequest(Task, tags=[f"task-{n}"]) for n in range(5)]
wm.enqueue(tasks)
wm.advance(timedelta(seconds=30))
print(wm.explain(tasks[2].id))

# %% [markdown]
# ## Where WorkManager comes from: initialisation
#
# Your code calls `WorkManager.getInstance(context)`, but something must have created
# WorkManager first. By default that is **App Startup**: WorkManager's manifest adds a
# `WorkManagerInitializer` to `androidx.startup.InitializationProvider`, a content
# provider that runs before your `Application.onCreate` and initialises WorkManager with
# the **default** `Configuration`.
#
# To choose the configuration yourself (an executor, a log level, a `WorkerFactory`,
# `setMaxSchedulerLimit`...), initialise **on demand**: your `Application` implements
# `Configuration.Provider`, and WorkManager asks it the first time
# `WorkManager.getInstance(context)` is called.
#
# ```kotlin
# class App : Application(), Configuration.Provider {
#     override val workManagerConfiguration: Configuration
#         get() = Configuration.Builder()
#             .setExecutor(Executors.newFixedThreadPool(2))
#             .setMinimumLoggingLevel(Log.DEBUG)
#             .build()
# }
# ```
#
# (WorkManager 2.9 and later; before, it was `override fun getWorkManagerConfiguration()`.)
#
# 📱 **This alone changes nothing**, silently: App Startup has already initialised
# WorkManager with the default configuration before your `Application` exists, and
# `getInstance` only asks the provider when nothing has initialised WorkManager yet.
# You must also remove the default initializer from the merged manifest
# (`AndroidManifest.xml`, with `xmlns:tools="http://schemas.android.com/tools"` on its
# `<manifest>` element):
#
# ```xml
# <provider
#     android:name="androidx.startup.InitializationProvider"
#     android:authorities="${applicationId}.androidx-startup"
#     android:exported="false"
#     tools:node="merge">
#     <meta-data
#         android:name="androidx.work.WorkManagerInitializer"
#         android:value="androidx.startup"
#         tools:node="remove" />
# </provider>
# ```
#
# (Before WorkManager 2.6 the initializer was a provider of its own: remove
# `androidx.work.impl.WorkManagerInitializer`, authorities
# `${applicationId}.workmanager-init`, with `tools:node="remove"`.) The last option,
# `WorkManager.initialize(context, configuration)` in `Application.onCreate`, needs the
# same manifest change; calling it while the initializer is still there throws
# "WorkManager is already initialized".
#
# **A custom `WorkerFactory`** is the reason most apps do this: WorkManager creates your
# workers by reflection, with `(Context, WorkerParameters)` only. A factory can pass them
# anything else (a repository, an API client); returning `null` lets WorkManager fall
# back to reflection for the classes it does not know:
#
# ```kotlin
# class UploadFactory(private val api: UploadApi) : WorkerFactory() {
#     override fun createWorker(
#         appContext: Context, workerClassName: String, workerParameters: WorkerParameters,
#     ): ListenableWorker? = when (workerClassName) {
#         Upload::class.java.name -> Upload(appContext, workerParameters, api)
#         else -> null
#     }
# }
# // in the Configuration above: .setWorkerFactory(UploadFactory(api))
# ```
#
# Because the stored class name is what finds the worker again, renaming or deleting a
# worker class makes its pending works fail when they come due: keep the old name
# working in your factory. (Hilt users get the same through `HiltWorkerFactory`.)
#
# 🐍 In wmkit there is nothing to initialise: `WorkManager(...)` is the configured
# instance (`max_concurrent_workers`, `scheduler_limit`).

# %% [markdown]
# ## ✏️ Exercise 11.1: survive process death
#
# A download has 5 chunks of 1 minute each. `DISK` stands for a file in the app's
# storage: it survives process death. Write `ResumableDownload` so that after a
# restart it continues from the first chunk not yet downloaded: keep the number of
# finished chunks in `DISK["done"]`, update it after each chunk, and read it at the
# start of each run. (Each chunk is one `await self.sleep(timedelta(minutes=1))` 🐍.)

# %% tags=["exercise"]
DISK = {}


class ResumableDownload(CoroutineWorker):
    async def do_work(self):
        raise NotImplementedError  # ← your code here


# %%
ex11.check_resumable(ResumableDownload, DISK)

# %% [markdown]
# ## ✏️ Exercise 11.2: 🔮 who survives two days?
#
# Three works are enqueued at 0:00 and finish at once: `plain` (nothing special), `kept`
# (`keep_results_for_at_least` 7 days) and `parent`, whose child in a chain has an
# initial delay of 3 days (so the child is still ENQUEUED). The app is restarted two days
# later. Which of the three are still stored? Answer with a set of names.

# %% tags=["exercise"]
survivors = ...  # e.g. {"plain"}

# %%
ex11.check_survivors(survivors)

# %% [markdown]
# ## ✏️ Exercise 11.3: 🔮 two at a time
#
# `WorkManager(max_concurrent_workers=2)`; five works of one minute each are enqueued at
# 0:00. At which instant (milliseconds) does the fifth one start?

# %% tags=["exercise"]
fifth_starts_at = ...

# %%
ex11.check_fifth_start(fifth_starts_at)

# %% [markdown]
# ## ✏️ Exercise 11.4: 🔮 the app the user force-stopped
#
# At 0:00 an app enqueues three works (every run takes 1 minute unless said):
#
# - `sync`, periodic every hour; its first run is at 0:00;
# - `report`, one-time, with an initial delay of 2 hours;
# - `download`, one-time, 5 minutes long, with an initial delay of 58 minutes.
#
# At 1:00 the user force-stops the app; at 4:00 they open it again. Predict, in
# milliseconds (or as `timedelta`s): (a) every start of `sync` before 6:00, as a list;
# (b) when `report` starts; (c) when `report` would start if, instead of the force stop,
# Android had killed the app for memory at 1:00 and nobody opened it; (d) the
# download's `run_attempt_count` at 6:00.

# %% tags=["exercise"]
sync_starts = ...  # e.g. [0, ...]
report_starts = ...
report_starts_if_killed = ...
download_attempts = ...

# %%
ex11.check_force_stop(sync_starts, report_starts, report_starts_if_killed, download_attempts)

# %%
shutil.rmtree(lesson_dir)  # tidy up this lesson's store files

# %% [markdown]
# ## What to remember
#
# - Works live in WorkManager's database, so they survive process death and reboots.
# - A killed run leaves a RUNNING row that comes back ENQUEUED with stop reason UNKNOWN,
#   its attempt counted, no `on_stopped` called, and starts again from scratch.
# - A force stop also cancels every job: nothing runs, however long, until the user
#   opens the app; then everything overdue runs at once, and periodic work runs once,
#   not once per missed period.
# - Finished works are pruned: at app start after 1 day (counted from the last enqueue
#   time, plus `keep_results_for_at_least`), or by `prune_work()` regardless.
# - Only a few works run at once; the rest wait ENQUEUED.
# - JobScheduler decides from outside your process (and starts it when needed);
#   GreedyScheduler decides inside it while the app lives. After a reboot
#   `RescheduleReceiver` wakes the app to schedule everything again; after a process
#   death or an update, `ForceStopRunnable` repairs the rows at the next start.
# - A custom `Configuration` needs the manifest change that removes
#   `WorkManagerInitializer`, or it is silently ignored.

# %% [markdown]
# ## 🚀 Transfer: the store and the start-up on Android
#
# **The tests.** A worker that needs a constructor argument, and its factory, in your
# app:
#
# ```kotlin
# class Greeter(ctx: Context, params: WorkerParameters, private val greeting: String) :
#     Worker(ctx, params) {
#     override fun doWork() = Result.success(workDataOf("text" to greeting))
# }
# class GreeterFactory(private val greeting: String) : WorkerFactory() {
#     override fun createWorker(
#         appContext: Context, workerClassName: String, workerParameters: WorkerParameters,
#     ): ListenableWorker? =
#         if (workerClassName == Greeter::class.java.name) {
#             Greeter(appContext, workerParameters, greeting)
#         } else {
#             null
#         }
# }
# ```
#
# Add to the `WorkTest` class of lesson 00, with these imports:
#
# ```kotlin
# import java.util.concurrent.TimeUnit
# import org.junit.Assert.assertNull
#
# @Test
# fun pruneWorkForgetsFinishedWorkWhateverItsKeepTime() {
#     val report = OneTimeWorkRequestBuilder<Step>()
#         .keepResultsForAtLeast(7, TimeUnit.DAYS)
#         .build()
#     workManager.enqueue(report).result.get()
#     assertEquals(WorkInfo.State.SUCCEEDED, workManager.getWorkInfoById(report.id).get()?.state)
#     workManager.pruneWork().result.get()
#     assertNull(workManager.getWorkInfoById(report.id).get())
# }
#
# @Test
# fun aWorkerFactoryHandsWorkersTheirArguments() {
#     val config = Configuration.Builder()
#         .setExecutor(SynchronousExecutor())
#         .setWorkerFactory(GreeterFactory("hello from the factory"))
#         .build()
#     WorkManagerTestInitHelper.initializeTestWorkManager(context, config)  // replaces setUp's
#     val factoryWorkManager = WorkManager.getInstance(context)
#     val request = OneTimeWorkRequestBuilder<Greeter>().build()
#     factoryWorkManager.enqueue(request).result.get()
#     val info = checkNotNull(factoryWorkManager.getWorkInfoById(request.id).get())
#     assertEquals("hello from the factory", info.outputData.getString("text"))
# }
# ```
#
# **On a device**: process death, reboot and update, for a work that is due later
# (enqueue a download with an initial delay of 10 minutes, say):
#
# ```sh
# adb shell dumpsys jobscheduler com.example.app   # its job
# # process death: put the app in the background first (home button), then
# adb shell am kill com.example.app                # kills a background process only
# adb shell dumpsys jobscheduler com.example.app   # the job is still there
# adb reboot                                       # reboot: jobs are gone...
# adb wait-for-device
# adb shell dumpsys jobscheduler com.example.app   # ...and back once RescheduleReceiver ran
# ./gradlew installDebug                           # an update: the job survives it
# adb shell am force-stop com.example.app          # force stop...
# adb shell dumpsys jobscheduler com.example.app   # ...no job left, however long you wait
# adb shell monkey -p com.example.app 1            # the user opens the app: jobs are back
# adb shell dumpsys jobscheduler com.example.app
# ```
#
# Next, **12 · Capstone**: a photo-backup pipeline, built from scratch.
