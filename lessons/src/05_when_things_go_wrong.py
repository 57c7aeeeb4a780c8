# Source of lessons/05_when_things_go_wrong.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - Backoff: impl/model/WorkSpec.kt calculateNextRunTime (scalb for EXPONENTIAL, cap
#   MAX_BACKOFF_MILLIS = 5 h, base clamped to [10 s, 5 h] with a warning in WorkRequest.kt).
# - No retry limit: impl/WorkerWrapper.kt handleResult -> reschedule, no cap.
# - Failure cascade: impl/WorkerWrapper.kt iterativelyFailWorkAndDependents; cancel
#   cascade through finished works: impl/utils/CancelWorkRunnable.kt.
# - Cancelled while running: stop reason CANCELLED_BY_APP; before it ran: NOT_STOPPED
#   (WorkInfo.kt; StopReasonTest).
# - A backed-off work started early is put back, not run ("Delaying execution ... being
#   executed before schedule"): impl/WorkerWrapper.kt runWorker.
# - TestDriver.setAllConstraintsMet re-runs a backed-off work: work-testing
#   TestSchedulerTest.testOneTimeWorkerRetry.

# %% [markdown]
# # 05 · When things go wrong: retries, failures, cancellations
#
# *About 30 minutes.*
#
# **What you'll learn**
#
# - how `Result.retry()` and the backoff policy decide when the next attempt runs;
# - why you must give up yourself, and how;
# - what a failure does to the rest of a chain;
# - what cancelling does, to running work and to the works that depend on it.

# %%
import warnings
from datetime import timedelta

from wmkit import (
    BackoffPolicy,
    Configuration,
    OneTimeWorkRequest,
    Result,
    StopReason,
    Worker,
    WorkManager,
    scenarios,
)
from wmkit.widgets import Studio

from lesson_checks import ex05

# %% [markdown]
# ## `Result.retry()` and backoff
#
# `retry()` means "this failed, but try again later". The work goes back to ENQUEUED and
# waits a *backoff delay*, measured from the moment the retry was returned:
#
# | Policy | wait after the n-th attempt | with the default base of 30 s |
# |---|---|---|
# | `EXPONENTIAL` (the default) | base × 2^(n−1) | 30 s, 1 min, 2 min, 4 min, 8 min ... |
# | `LINEAR` | base × n | 30 s, 1 min, 1 min 30 s, 2 min ... |
#
# The wait is capped at 5 hours, and the base is clamped to between 10 seconds and
# 5 hours.
#
# ```kotlin
# val upload = OneTimeWorkRequestBuilder<Upload>()
#     .setBackoffCriteria(BackoffPolicy.LINEAR, 30, TimeUnit.SECONDS)
#     .build()
# ```
#
# The `retry_backoff` scenario 🐍 runs one flaky upload under each policy. It asks for a
# retry on its first four runs and succeeds on the fifth; each run takes 5 s.

# %%
retry = scenarios.get("retry_backoff")
retry

# %% [markdown]
# 🔮 **Predict, then run.** At 2:00, the exponential copy has run three times (at 0:00,
# 0:35 and 1:40). When is its fourth run due?

# %%
wm = retry.load()
events = retry.play(wm, until=timedelta(minutes=2))
exponential = wm.get_work_infos_by_tag("exponential")[0]
print(exponential)
print(wm.explain(exponential.id))

# %% [markdown]
# <details><summary>Why?</summary>
#
# Its third run ended at 1:45 with `retry()`. After the third attempt the exponential
# wait is 30 s × 2² = 2 minutes, counted from 1:45: due at **3:45**. Each wait counts from
# when the retry was *returned*, so the run time adds up too.
# </details>
#
# Now the whole story in the Studio 🐍: compare the two policies on the timeline.
#
# 🔁 **Change, predict, re-run.** Change `minutes=10` to `minutes=5`. Predict, for each
# copy, its state, its `run_attempt_count` and its next schedule time at 5:00. Re-run
# the cell and click each work.
#
# <details><summary>What you should see</summary>
#
# Both are ENQUEUED after 4 attempts, neither has succeeded yet. `linear` waits
# 1 min 30 s, then 2 min: its fifth run is due at **5:20** (and succeeds at 5:25).
# `exponential` waits 2 min, then 4 min: due at **7:50**.
# </details>

# %%
wm = retry.load()
events = retry.play(wm, until=timedelta(minutes=10))  # the whole story
Studio(wm)

# %% [markdown]
# Values outside the allowed range are clamped, not refused, as Android logs a warning
# and carries on:


# %%
class Flaky(Worker):
    def do_work(self):
        return Result.retry()


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    builder = OneTimeWorkRequest.Builder(Flaky)
    builder.set_backoff_criteria(BackoffPolicy.LINEAR, timedelta(seconds=1))
print(caught[0].message)

# %% [markdown]
# ## Giving up is your job
#
# WorkManager has **no maximum number of retries**: a work that always returns `retry()`
# is retried forever, with up to 5 hours between attempts. Decide yourself when to stop, with
# `run_attempt_count`, which counts the runs *before* this one:
#
# ```kotlin
# override suspend fun doWork(): Result {
#     if (runAttemptCount >= 3) return Result.failure(workDataOf("error" to "gave up"))
#     return try { upload(); Result.success() } catch (e: IOException) { Result.retry() }
# }
# ```

# %% [markdown]
# ## A failure fails everything after it
#
# When a work FAILS, every work that depends on it, directly or not, becomes FAILED at
# once without running. Works *before* it, and works beside it in the chain, are not
# touched.


# %%
class Quick(Worker):
    duration = timedelta(seconds=10)

    def do_work(self):
        return Result.success()


class Boom(Worker):
    duration = timedelta(seconds=5)

    def do_work(self):
        raise ConnectionError("server closed the connection")


wm = WorkManager()
a, b, c, d = (
    OneTimeWorkRequest(cls, tags=[name])
    for cls, name in ((Quick, "a"), (Quick, "b"), (Boom, "c"), (Quick, "d"))
)
wm.begin_with(a).then([b, c]).then(d).enqueue()
events = wm.run_until_idle()
for name, request in {"a": a, "b": b, "c": c, "d": d}.items():
    print(name, wm.get_work_info_by_id(request.id).state.name)
print(wm.explain(d.id))

# %% [markdown]
# FAILED is final. To try again, enqueue a *new* request (lesson 09 shows how unique work
# helps, and how `APPEND` can trap you behind a failure).
#
# **Hearing about exceptions.** Since androidx 2.10 the app's `Configuration` can take a
# handler that WorkManager calls whenever a worker's `doWork` throws, with the worker's
# class name, its parameters and the exception, just before the work is marked FAILED
# (a sibling, `setWorkerInitializationExceptionHandler`, hears of workers that cannot be
# created). Use it to log crashes; it changes nothing about the work. Lesson 11 shows how
# an app installs its `Configuration`.
#
# ```kotlin
# override val workManagerConfiguration = Configuration.Builder()
#     .setWorkerExecutionExceptionHandler { info ->
#         Log.e("Work", "${info.workerClassName} threw", info.throwable)
#     }
#     .build()
# ```


# %%
def log_crash(info):
    attempt = info.worker_parameters.run_attempt_count + 1
    print(f"{info.worker_class_name} threw {info.throwable!r} on attempt {attempt}")


config = Configuration.Builder().set_worker_execution_exception_handler(log_crash).build()
wm = WorkManager(configuration=config)
wm.enqueue(OneTimeWorkRequest(Boom))
events = wm.run_until_idle()

# %% [markdown]
# ## Cancelling
#
# | Kotlin | wmkit |
# |---|---|
# | `cancelWorkById(id)` | `wm.cancel_work_by_id(id)` |
# | `cancelAllWorkByTag("sync")` | `wm.cancel_all_work_by_tag("sync")` |
# | `cancelUniqueWork("sync")` | `wm.cancel_unique_work("sync")` |
# | `cancelAllWork()` | `wm.cancel_all_work()` |
# | `getLastCancelAllTimeMillis().await()` | `wm.get_last_cancel_all_time_millis()` |
#
# WorkManager remembers when `cancelAllWork()` was last called (0 if never), across
# restarts: an app that reads results later can ignore those of work enqueued before
# that instant. Its LiveData twin is `get_last_cancel_all_time_millis_live_data()`.
#
# A cancel cascades like a failure: every unfinished work that depends on the cancelled
# one becomes CANCELLED. A **running** worker is stopped: its `on_stopped` runs, its
# result is ignored, and its `stop_reason` is `CANCELLED_BY_APP`. Finished works never
# change, but the cascade goes *through* them: cancelling a work that already SUCCEEDED
# still cancels its unfinished dependents.
#
# The `diamond_cancel` scenario: `prepare` → `resize` and `upload` → `notify`; the user
# cancels the running upload at 0:40.

# %%
diamond = scenarios.get("diamond_cancel")
wm = diamond.load()
events = diamond.play(wm, until=timedelta(seconds=39))
for role, work_id in diamond.ids(wm).items():
    print(f"{role:8}", wm.get_work_info_by_id(work_id).state.name)

# %% [markdown]
# 🔮 **Predict, then run.** After the cancel at 0:40: what are the four states? And
# which stop reason does each cancelled work report?

# %%
events = diamond.play(wm)
for role, work_id in diamond.ids(wm).items():
    info = wm.get_work_info_by_id(work_id)
    reason = StopReason(info.stop_reason).name
    print(f"{role:8} {info.state.name:9} stop reason {info.stop_reason} ({reason})")

# %% [markdown]
# <details><summary>Why?</summary>
#
# `upload` was running, so its worker was stopped: stop reason 1, `CANCELLED_BY_APP`.
# `notify` depended on it and was cancelled with it, but it never started, so its stop
# reason is still -256, `NOT_STOPPED`. `prepare` and `resize` had SUCCEEDED: finished
# works never change, and a cancel never goes *up* a chain.
# </details>
#
# 📱 In Kotlin, `WorkInfo.stopReason` exists since WorkManager 2.9 and only on Android 12
# (API 31) and later: read it behind `if (Build.VERSION.SDK_INT >= 31)`. Lesson 06 has
# the details.
#
# Replay it in the Studio.
#
# 🔁 **Change, predict, re-run.** Add `wm.cancel_work_by_id(diamond.ids(wm)["prepare"])`
# right after `diamond.load()`, before the clock moves. Predict the four final states and
# their stop reasons. Re-run the cell.
#
# <details><summary>What you should see</summary>
#
# All four are CANCELLED at once, nothing ever runs, and every stop reason is
# `NOT_STOPPED`: no worker was running to be stopped. A cancel goes *down* the chain
# from `prepare`, through both branches, to `notify`. (The story's own cancel of the
# upload at 0:40 then has nothing left to do.)
# </details>

# %%
wm = diamond.load()
events = diamond.play(wm)
Studio(wm)

# %% [markdown]
# ## ✏️ Exercise 5.1: retry, then give up
#
# Write `GiveUp`: it returns `retry()` on its first three runs, and on the fourth it
# fails with output `{"error": "gave up"}`. Then build `give_up_request` for it with a
# **LINEAR** backoff of **20 seconds**.


# %% tags=["exercise"]
class GiveUp(Worker):
    def do_work(self):
        raise NotImplementedError  # ← your code here


give_up_request = ...  # OneTimeWorkRequest.Builder(GiveUp)...build()

# %%
ex05.check_give_up(GiveUp, give_up_request)

# %% [markdown]
# ## ✏️ Exercise 5.2: 🔮 the fourth attempt
#
# A worker takes no time and always returns `retry()`; its request keeps the default
# backoff. It is enqueued at 0. At which instant (in milliseconds) does its **fourth**
# run start?

# %% tags=["exercise"]
fourth_run_at = ...  # an int of virtual milliseconds

# %%
ex05.check_fourth_run(fourth_run_at)

# %% [markdown]
# ## ✏️ Exercise 5.3: 🔮 a failure in a diamond
#
# `a → [b, c] → d`. `a` takes 10 s, `b` 1 minute; `c` fails after 5 s. What is each
# state at 2:00? Fill in the dict with `State` members (or their names, as strings).

# %% tags=["exercise"]
states_at_two_minutes = {"a": ..., "b": ..., "c": ..., "d": ...}

# %%
ex05.check_diamond_failure(states_at_two_minutes)

# %% [markdown]
# ## ✏️ Exercise 5.4: cancel a batch
#
# Complete `cancel_batch` so that it cancels every unfinished work tagged `"batch"`, in
# one call, and nothing else.


# %% tags=["exercise"]
def cancel_batch(wm):
    raise NotImplementedError  # ← one line


# %%
ex05.check_cancel_batch(cancel_batch)

# %% [markdown]
# ## What to remember
#
# - `retry()` waits base × 2^(n−1) (EXPONENTIAL, default 30 s) or base × n (LINEAR) after
#   the n-th attempt, counted from the retry, capped at 5 h.
# - There is no retry limit: give up with `run_attempt_count`.
# - A failure fails every work after it; a cancel cancels every unfinished work after
#   it; neither goes up the chain or sideways.
# - A cancelled running worker is stopped (`on_stopped`, `CANCELLED_BY_APP`) and its
#   result ignored.

# %% [markdown]
# ## 🚀 Transfer: retries and cancels on Android
#
# **The tests.** Two workers in your app: `Step` from lesson 03, and `GiveUp`, the
# answer to exercise 5.1 in Kotlin:
#
# ```kotlin
# class GiveUp(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork(): Result =
#         if (runAttemptCount >= 3) Result.failure(workDataOf("error" to "gave up"))
#         else Result.retry()
# }
# ```
#
# Add to the `WorkTest` class of lesson 00, with these imports:
#
# ```kotlin
# import androidx.work.BackoffPolicy
# import java.util.concurrent.TimeUnit
#
# @Test
# fun giveUpRetriesThreeTimesThenFails() {
#     val request = OneTimeWorkRequestBuilder<GiveUp>()
#         .setBackoffCriteria(BackoffPolicy.LINEAR, 20, TimeUnit.SECONDS)
#         .build()
#     workManager.enqueue(request).result.get()            // run 1: retry
#     val waiting = checkNotNull(workManager.getWorkInfoById(request.id).get())
#     assertEquals(WorkInfo.State.ENQUEUED, waiting.state)  // backing off
#     assertEquals(1, waiting.runAttemptCount)
#     repeat(3) { driver.setAllConstraintsMet(request.id) } // skips each backoff: runs 2, 3, 4
#     val info = checkNotNull(workManager.getWorkInfoById(request.id).get())
#     assertEquals(WorkInfo.State.FAILED, info.state)
#     assertEquals(4, info.runAttemptCount)
#     assertEquals("gave up", info.outputData.getString("error"))
# }
#
# @Test
# fun aCancelReachesWhatWaitsForIt() {
#     val prepare = OneTimeWorkRequestBuilder<Step>().setInitialDelay(1, TimeUnit.HOURS).build()
#     val notify = OneTimeWorkRequestBuilder<Step>().build()
#     workManager.beginWith(prepare).then(notify).enqueue().result.get()
#     workManager.cancelWorkById(prepare.id).result.get()
#     assertEquals(WorkInfo.State.CANCELLED, workManager.getWorkInfoById(notify.id).get()?.state)
# }
# ```
#
# `setAllConstraintsMet` also releases a work that is only waiting for its backoff: that
# is how a test skips the wait.
#
# **On a device**, enqueue `GiveUp` and watch its job between attempts:
#
# ```sh
# adb shell dumpsys jobscheduler com.example.app   # the job of the backing-off work, with its delay
# adb shell cmd jobscheduler run -f com.example.app 42
# ```
#
# Forcing the job does **not** skip a backoff: WorkManager checks the backoff itself
# when the job starts, puts the work back and reschedules it (its `WM-WorkerWrapper` log
# says "Delaying execution ... being executed before schedule" when your configuration
# logs at DEBUG, lesson 11). The backoff is WorkManager's rule, not JobScheduler's.
#
# Next, **06 · Constraints and the device**: why a work waits, and what stops a run.
