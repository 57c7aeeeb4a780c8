# Source of lessons/07_periodic_work.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - Minimum interval 15 min, flex clamped to [5 min, interval] with a warning:
#   PeriodicWorkRequest.kt, impl/model/WorkSpec.kt setPeriodic.
# - First run at E + delay (+ interval - flex), later runs at finish + interval ("Flex
#   only applies to the first run"): impl/model/WorkSpec.kt calculateNextRunTime.
# - success and failure both end the period (resetPeriodic: runAttemptCount 0,
#   periodCount + 1, output not stored): impl/WorkerWrapper.kt handleResult.
# - WorkInfo fields (no period count; PeriodicityInfo; nextScheduleTimeMillis): WorkInfo.kt.
#   periodCount lives in impl/model/WorkSpec.kt only.
# - A periodic worker that throws: 2.9 wrapper (impl/WorkerWrapper.kt, Runnable-based,
#   commit aa889ef) treats it like failure() -> resetPeriodic; the 2.10 wrapper
#   (commit 07c9725) catches Throwable -> Resolution.Failed -> setFailed: FAILED for good;
#   2.11 the same. The periodic check returns in the 2.12 development source (commit
#   a9b06aa, libraryversions.toml WORK = "2.12.0-alpha01": onWorkFailed -> isPeriodic ->
#   resetPeriodic).
#   wmkit.versions.BEHAVIOURS holds these rows with their sources.
# - Each period is a one-shot JobScheduler job (no JobInfo.setPeriodic):
#   impl/background/systemjob/SystemJobInfoConverter.java. A periodic work started
#   before its time is put back ("Delaying execution"): impl/WorkerWrapper.kt runWorker.
# - The TestDriver runs a first period at once, flex or not, and each later one on
#   setPeriodDelayMet: work-testing TestScheduler.kt isRunnableInternalState;
#   TestSchedulerTest testWorker_withPeriodicWorkerFlex_shouldRun.

# %% [markdown]
# # 07 · Periodic work: interval, flex window, initial delay, drift
#
# *About 20 minutes.*
#
# **What you'll learn**
#
# - how to run a worker again and again, and the minimum interval;
# - when the first run happens, with and without a flex window or an initial delay;
# - when the *next* run happens, and why the schedule drifts;
# - what `success`, `failure` and `retry` mean for work that never finishes.

# %%
import warnings
from datetime import timedelta

from wmkit import (
    Constraints,
    NetworkType,
    PeriodicWorkRequest,
    Result,
    Worker,
    WorkManager,
    scenarios,
    versions,
)
from wmkit.widgets import Studio

from lesson_checks import ex07

# %% [markdown]
# ## A periodic request
#
# | Kotlin | wmkit |
# |---|---|
# | `PeriodicWorkRequestBuilder<Sync>(1, TimeUnit.HOURS).build()` | `PeriodicWorkRequest.Builder(Sync, timedelta(hours=1)).build()` |
# | `PeriodicWorkRequestBuilder<Sync>(1, TimeUnit.HOURS, 15, TimeUnit.MINUTES).build()` | `PeriodicWorkRequest.Builder(Sync, timedelta(hours=1), timedelta(minutes=15)).build()` |
# | `.setInitialDelay(10, TimeUnit.MINUTES)` | `.set_initial_delay(timedelta(minutes=10))` |
#
# The same setters as one-time work apply (constraints, tags, backoff, input). Periodic
# work cannot be part of a chain and cannot be expedited.
#
# The interval is at least **15 minutes**, and the flex at least **5 minutes** and at most
# the interval. Android does not refuse smaller values: it quietly raises them to the
# minimum and logs a warning. wmkit warns you where you can see it:


# %%
class Sync(Worker):
    duration = timedelta(minutes=2)

    def do_work(self):
        return Result.success()


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    every_minute = PeriodicWorkRequest(Sync, timedelta(minutes=1))
print(caught[0].message)
print(every_minute.work_spec.interval // 60_000, "minutes")

# %% [markdown]
# ## When does it run?
#
# - **First run:** as soon as it is enqueued (plus the initial delay, if any). With a
#   flex shorter than the interval, the first run waits for the *flex window*: the last
#   `flex` of the first interval, so `interval − flex` after enqueueing.
# - **Every later run:** one interval after the previous run **finished**. Flex plays no
#   part after the first run: WorkManager's own scheduling code says "flex only applies
#   to the first run". (The docs describe the flex window as the end of *each*
#   interval; since a later run is never due before a full interval has passed, it
#   already lands at the end of its interval.)
#
# So the runs drift: a 2-minute run every hour starts at 0:00, 1:02, 2:04, ...
#
# The `flex_window` scenario runs two hourly syncs of 2 minutes, one without flex and one
# with a 15-minute flex.

# %%
flex = scenarios.get("flex_window")
flex

# %% [markdown]
# 🔮 **Predict, then run.** At what instants do the first two runs of `with-flex` start?

# %%
wm = flex.load()
events = flex.play(wm)
for role in ("no-flex", "with-flex"):
    info = wm.get_work_infos_by_tag(role)[0]
    starts = [e.millis // 60_000 for e in wm.trace if e.work_id == info.id and e.kind == "started"]
    print(f"{role:9} started at minutes {starts}")

# %% [markdown]
# <details><summary>Why?</summary>
#
# Its flex window is the last 15 minutes of the first hour, so it first runs at
# **0:45**. It finishes at 0:47, and the next run is due one hour after that: **1:47**.
# </details>
#
# ## Drift in the Studio 🐍
#
# One hourly `Sync` (2 minutes a run), three hours of it: on the timeline each run
# starts 2 minutes later than the one before.
#
# 🔁 **Change, predict, re-run.** Change `PeriodicWorkRequest(Sync, timedelta(hours=1))`
# to `PeriodicWorkRequest(Sync, timedelta(hours=1), timedelta(minutes=20))`, a 20-minute
# flex. Predict the start of the first three runs, then re-run the cell.
#
# <details><summary>What you should see</summary>
#
# **0:40, 1:42, 2:44**. The flex only moves the first run, to the start of its window
# (1 h − 20 min); every later run is one hour after the previous one *finished*.
# Without the flex: 0:00, 1:02, 2:04.
# </details>

# %%
wm = WorkManager()
hourly = PeriodicWorkRequest(Sync, timedelta(hours=1))
wm.enqueue(hourly)
events = wm.advance(timedelta(hours=3))
Studio(wm)

# %% [markdown]
# 📱 **On a real phone** these times are the *earliest*. JobScheduler may run a periodic
# work later (Doze, constraints, quotas, batching), and the next period counts from
# when that late run finishes. The interval is a minimum gap, never a metronome: if
# something must happen at 7:00 sharp, WorkManager is the wrong tool (that is what
# `AlarmManager` is for).

# %% [markdown]
# ## What a periodic `WorkInfo` says
#
# A periodic work is never SUCCEEDED: after each run it is ENQUEUED for the next period.
# `periodicity_info` holds the interval and flex, and `next_schedule_time_millis` the
# next due time. `period_count` 🐍 counts the finished periods: Android keeps that count
# inside WorkManager's database, and its `WorkInfo` has no such field; count runs
# yourself if you need the number.

# %%
wm = flex.load()
events = flex.play(wm)
info = wm.get_work_infos_by_tag("with-flex")[0]
print(info.state, "| periods:", info.period_count, "| next:", info.next_schedule_time_millis)
print(info.periodicity_info)

# %% [markdown]
# ## `success`, `failure`, `retry`
#
# | the run returns | one-time work | periodic work |
# |---|---|---|
# | `success()` | SUCCEEDED, output kept | ENQUEUED for the next period; output **not** kept |
# | `failure()` | FAILED, for good | ENQUEUED for the next period, as after success |
# | `retry()` | backoff, then run again | backoff, then run again (same period) |
#
# After a period ends `run_attempt_count` goes back to 0. Returning `failure()` does not
# stop a periodic work; cancelling it does.


# %%
class Unlucky(Worker):
    def do_work(self):
        return Result.failure({"error": "server down"})


wm = WorkManager()
unlucky = PeriodicWorkRequest(Unlucky, timedelta(minutes=15))
wm.enqueue(unlucky)
wm.advance(timedelta(minutes=31))
info = wm.get_work_info_by_id(unlucky.id)
print(info.state, "| periods:", info.period_count, "| attempts:", info.run_attempt_count)
print("output:", info.output_data)

# %% [markdown]
# ## An exception in a periodic worker: it depends on your androidx release
#
# A worker that *throws* is not a worker that returns `failure()`, and what WorkManager
# makes of it changed between releases:
#
# - **2.9**: the worker wrapper treats the exception like `failure()`: the period ends and
#   the next one is scheduled;
# - **2.10 and 2.11**: the rewritten wrapper marks the work **FAILED for good**: that
#   periodic work never runs again until you enqueue it anew;
# - **after 2.11**: androidx's development source for 2.12 ends the period again, as 2.9
#   did. wmkit does not simulate that release; read the release notes of the one you
#   ship.
#
# 🐍 wmkit simulates the release you choose: `WorkManager(androidx="2.9")`, `"2.10"` or
# `"2.11"` (the default: the newest release whose source wmkit follows); `wm.androidx`
# says which. Below, the same worker under two releases, one manager each.
#
# 🔮 **Predict, then run.** `Flaky` raises on every run; its interval is 15 minutes. After
# 46 minutes, how many runs has each manager seen, and in what state is the work?


# %%
class Flaky(Worker):
    def do_work(self):
        raise ConnectionError("server down")


for release in ("2.9", "2.11"):
    wm = WorkManager(androidx=release)
    flaky = PeriodicWorkRequest(Flaky, timedelta(minutes=15))
    wm.enqueue(flaky)
    wm.advance(timedelta(minutes=46))
    runs = [e.millis // 60_000 for e in wm.trace if e.work_id == flaky.id and e.kind == "started"]
    state = wm.get_work_info_by_id(flaky.id).state.name
    print(f"androidx {wm.androidx:4}: runs at minutes {runs}, now {state}")

# %% [markdown]
# <details><summary>Why?</summary>
#
# Under **2.9** each exception ends its period: runs at 0, 15, 30 and 45, still ENQUEUED.
# Under **2.11** the first exception fails the work for good: one run, FAILED.
# </details>
#
# Every behaviour wmkit knows to differ between releases, with the androidx source each
# was read from, is one table (`wmkit.versions.BEHAVIOURS`):

# %%
print(versions.differences())

# %% [markdown]
# On Android the release is the dependency you ship, and the fix is the same on all of
# them: catch what you expect and decide yourself.
#
# ```kotlin
# // build.gradle.kts: this line decides what an exception does
# implementation("androidx.work:work-runtime-ktx:2.11.0")
#
# class Flaky(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork(): Result = try {
#         sync()
#         Result.success()
#     } catch (e: IOException) {
#         Result.failure()  // ends this period on every release; the next one runs
#     }
# }
# ```

# %% [markdown]
# ## ✏️ Exercise 7.1: a nightly-ish cleanup
#
# Build `cleanup_request`: `Cleanup` every **6 hours** with a flex window of **1 hour**
# (so its first run waits until 5:00), and only on an unmetered network.


# %% tags=["exercise"]
class Cleanup(Worker):
    def do_work(self):
        return Result.success()


wifi = Constraints(required_network_type=NetworkType.UNMETERED)
cleanup_request = ...  # PeriodicWorkRequest.Builder(Cleanup, ...)...build(), using `wifi`

# %%
ex07.check_cleanup_request(cleanup_request)

# %% [markdown]
# ## ✏️ Exercise 7.2: 🔮 drift
#
# An hourly periodic work, no flex, no delay; each run takes 10 minutes. It is enqueued
# at 0. List the start instants of its first three runs, in milliseconds.

# %% tags=["exercise"]
first_three_starts = [..., ..., ...]

# %%
ex07.check_drift(first_three_starts)

# %% [markdown]
# ## ✏️ Exercise 7.3: 🔮 too often
#
# A periodic work is built with an interval of **10 minutes**; its runs take no time. It
# is enqueued at 0. When does its *second* run start (milliseconds)?

# %% tags=["exercise"]
second_run_at = ...

# %%
ex07.check_clamped(second_run_at)

# %% [markdown]
# ## ✏️ Exercise 7.4: 🔮 a retry in a periodic work
#
# An hourly periodic work (no flex, no delay, default backoff) takes no time and returns
# `Result.retry()` on its first run, at 0. When does its second run start
# (milliseconds)?

# %% tags=["exercise"]
run_after_retry_at = ...

# %%
ex07.check_periodic_retry(run_after_retry_at)

# %% [markdown]
# ## What to remember
#
# - Interval ≥ 15 min, flex ≥ 5 min: smaller values are raised, with a warning.
# - First run: at once, or after the initial delay, or at the start of the flex window.
# - Later runs: one interval after the previous run *finished*. Schedules drift, and a
#   phone may run later still.
# - Periodic work is never SUCCEEDED; `failure()` ends the period, not the work; cancel
#   it to stop it (and do not let it throw: on 2.10 and 2.11 that fails it for good; pick
#   the release with 🐍 `WorkManager(androidx=...)`).

# %% [markdown]
# ## 🚀 Transfer: periodic work on Android
#
# **The test.** A worker that counts its runs, with your app's other workers:
#
# ```kotlin
# class CountingSync(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork(): Result {
#         runs.incrementAndGet()
#         return Result.success()
#     }
#     companion object { val runs = AtomicInteger(0) }
# }
# ```
#
# and a test for the `WorkTest` class of lesson 00, with these imports:
#
# ```kotlin
# import androidx.work.PeriodicWorkRequestBuilder
# import java.util.concurrent.TimeUnit
#
# @Test
# fun eachPeriodRunsOnceWhenItsDelayIsMet() {
#     CountingSync.runs.set(0)
#     val request = PeriodicWorkRequestBuilder<CountingSync>(
#         1, TimeUnit.HOURS, 15, TimeUnit.MINUTES,
#     ).build()
#     workManager.enqueue(request).result.get()
#     assertEquals(1, CountingSync.runs.get())  // the TestDriver ignores the flex window
#     driver.setPeriodDelayMet(request.id)
#     assertEquals(2, CountingSync.runs.get())
#     val info = checkNotNull(workManager.getWorkInfoById(request.id).get())
#     assertEquals(WorkInfo.State.ENQUEUED, info.state)  // never SUCCEEDED
#     assertEquals(0, info.runAttemptCount)               // reset after each period
#     assertEquals(TimeUnit.HOURS.toMillis(1), info.periodicityInfo?.repeatIntervalMillis)
# }
# ```
#
# Note the first assertion: under the `TestDriver` the first period runs at once even
# with a flex, where a phone would wait for the flex window (0:45 here).
#
# **On a device**, enqueue the hourly sync, let it run once, then:
#
# ```sh
# adb shell dumpsys jobscheduler com.example.app   # one one-shot job for the next period
# adb shell cmd jobscheduler run -f com.example.app 42
# ```
#
# The job runs, but the worker does not: WorkManager checks the period itself, sees
# the next one is not due, puts the work back and schedules the same period again. You
# cannot hurry a period from outside; for a test, use `setPeriodDelayMet`.
#
# Next, **08 · Tags and queries**: finding, watching and cancelling groups of works.
