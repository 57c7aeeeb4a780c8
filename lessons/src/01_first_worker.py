# Source of lessons/01_first_worker.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - getWorkInfoById returns ListenableFuture<WorkInfo?>; getWorkInfoByIdFlow and
#   getWorkInfoByIdLiveData: WorkManager.kt. Operation.await() and the androidx.concurrent
#   `await` it uses: Operation.kt.
# - A worker that throws, or returns null, fails: impl/WorkerWrapper.kt (2.9: "returned a
#   null result. Treating it as a failure"; 2.10+: catch Throwable -> Failed).
# - The worker sees the pre-increment runAttemptCount: impl/WorkerWrapper.kt builds
#   WorkerParameters from the spec read before trySetRunning().
# - nextScheduleTimeMillis is Long.MAX_VALUE unless ENQUEUED: WorkInfo.kt.
# - `cmd jobscheduler run` triggers a job at once, delay or not; -f also ignores
#   technical constraints such as connectivity: frameworks/base JobSchedulerShellCommand
#   onHelp.

# %% [markdown]
# # 01 · A first Worker: `Result` and the states of a work
#
# *About 20 minutes.*
#
# **What you'll learn**
#
# - how to write a `Worker` and what its `Result` means;
# - three ways to build a `OneTimeWorkRequest`;
# - how to read a `WorkInfo`: its state, its run attempts, its next schedule time;
# - what happens when `do_work` returns nothing or raises;
# - how an initial delay shows up.

# %%
from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, State, Worker, WorkManager
from wmkit.widgets import Studio

from lesson_checks import ex01

# %% [markdown]
# ## A worker
#
# A worker is a class with one method, `do_work`, that does the job and returns a
# `Result`:
#
# | Kotlin | wmkit |
# |---|---|
# | `class Compress(ctx: Context, params: WorkerParameters) : Worker(ctx, params)` | `class Compress(Worker):` |
# | `override fun doWork(): Result { ... }` | `def do_work(self): ...` |
# | `Result.success()`, `Result.failure()`, `Result.retry()` | the same |
#
# - `success()`: done; the work is **SUCCEEDED** and never runs again.
# - `failure()`: failed for good; the work is **FAILED** and never runs again.
# - `retry()`: try again later, after a backoff delay (lesson 05).
#
# WorkManager makes a **new instance for every run**, so keep nothing in `self` between
# runs. On a phone `doWork` runs on a background thread for as long as your code takes;
# here you declare how much *virtual* time a run takes with `duration` 🐍.


# %%
class Compress(Worker):
    duration = timedelta(seconds=20)

    def do_work(self):
        return Result.success()


# %% [markdown]
# ## A request
#
# You never call `do_work` yourself: you hand WorkManager a *request* and it runs the
# worker when it sees fit. Three equivalent ways:
#
# | Kotlin | wmkit |
# |---|---|
# | `OneTimeWorkRequestBuilder<Compress>().build()` | `OneTimeWorkRequest.Builder(Compress).build()` |
# | `OneTimeWorkRequest.from(Compress::class.java)` | `OneTimeWorkRequest.from_(Compress)` |
# | (none: Kotlin uses the builder) | 🐍 `OneTimeWorkRequest(Compress)`, with keywords such as `initial_delay=` |
#
# Each `build()` gives a request with a fresh `id` (a UUID): that id is how you ask about
# the work later. Every request is also tagged with its worker's class name.

# %%
request = OneTimeWorkRequest.Builder(Compress).build()
print(request.id)
print(sorted(request.tags))

# %% [markdown]
# ## WorkInfo: what WorkManager knows about a work
#
# `wm.get_work_info_by_id(id)` returns a `WorkInfo`, a snapshot with the work's `state`,
# `run_attempt_count`, `output_data`, `next_schedule_time_millis`, `stop_reason` and more
# (or `None` for an id WorkManager does not know).
#
# 📱 In Kotlin the same call does not return the `WorkInfo` itself: WorkManager reads its
# database on a background thread, so `getWorkInfoById(id)` returns a
# `ListenableFuture<WorkInfo?>` (nullable: the id may be unknown or pruned). 🐍 wmkit's
# call answers at once. Three ways to read it in an app:
#
# ```kotlin
# // in a coroutine (dependency androidx.concurrent:concurrent-futures-ktx,
# // import androidx.concurrent.futures.await)
# val info: WorkInfo? = workManager.getWorkInfoById(id).await()
# // as a Flow (WorkManager 2.9+): every change, null while the id is unknown
# workManager.getWorkInfoByIdFlow(id).collect { info -> show(info?.state) }
# // as LiveData, bound to a lifecycle
# workManager.getWorkInfoByIdLiveData(id).observe(owner) { info -> show(info?.state) }
# ```
#
# Never call `.get()` on the main thread: it blocks until the database answers (tests
# may, see the transfer step). The states:
#
# ```text
#             enqueue
#                │  (waiting for other works: BLOCKED, lesson 03)
#                ▼
#            ENQUEUED ── due and allowed to run ──▶ RUNNING ── success() ──▶ SUCCEEDED
#                ▲                                     │ ──── failure() ──▶ FAILED
#                └──────── retry(), or stopped ────────┘
#
#   cancel: any unfinished state ──▶ CANCELLED          (lesson 05)
# ```
#
# SUCCEEDED, FAILED and CANCELLED are *finished* (`state.is_finished`): nothing changes
# them again.

# %%
print("finished:", [state.name for state in State if state.is_finished])

# %% [markdown]
# 🔮 **Predict, then run.** We enqueue `Compress` (20 s) and advance 10 s.
#
# 1. What is its state?
# 2. What is `WorkInfo.run_attempt_count`?

# %%
wm = WorkManager()
wm.enqueue(request)
wm.advance(timedelta(seconds=10))
info = wm.get_work_info_by_id(request.id)
print(info.state, "| run attempts:", info.run_attempt_count)

# %% [markdown]
# <details><summary>Why?</summary>
#
# The work was due at 0 and nothing held it back, so it started at 0 and is
# **RUNNING** at 10 s. The attempt is counted when the run *starts*, so
# `WorkInfo.run_attempt_count` is already **1**.
# </details>
#
# 📱 One surprise, exactly as on Android: the *worker itself* sees
# `run_attempt_count` as it was *before* this run, so **0 on the first run**. Kotlin's
# `runAttemptCount` inside `doWork` behaves the same way.


# %%
class Peek(Worker):
    def do_work(self):
        print("inside do_work, run_attempt_count =", self.run_attempt_count)
        return Result.success()


peek = OneTimeWorkRequest(Peek)
wm.enqueue(peek)
wm.advance(timedelta(0))  # process what is due now
print("WorkInfo.run_attempt_count =", wm.get_work_info_by_id(peek.id).run_attempt_count)

# %% [markdown]
# ## When things fail
#
# There are three ways for a run to end in **FAILED**:
#
# | What `do_work` does | Result |
# |---|---|
# | returns `Result.failure()` | FAILED |
# | raises an exception | FAILED, as if it returned `failure()` |
# | returns `None` (impossible in Kotlin, possible from Java) | FAILED, as if it returned `failure()` |
#
# A raised exception is kept: `explain` 🐍 shows its traceback, so you can read it here.


# %%
class Crash(Worker):
    def do_work(self):
        size = {"photo.jpg": 2048}["video.mp4"]  # a bug: this key is not there
        return Result.success({"size": size})


crash = OneTimeWorkRequest(Crash)
wm.enqueue(crash)
wm.advance(timedelta(0))
print(wm.get_work_info_by_id(crash.id).state)
print(wm.explain(crash.id))

# %% [markdown]
# ## Initial delay and the next schedule time
#
# `setInitialDelay` keeps a work ENQUEUED for a while after it is enqueued.
# `WorkInfo.next_schedule_time_millis` says when it will be due: the *earliest* instant
# it may run, not a promise (constraints and the phone may hold it longer). Once the
# work runs or finishes, it is `2**63 - 1`, Kotlin's `Long.MAX_VALUE`: "no next time".
#
# ```kotlin
# val later = OneTimeWorkRequestBuilder<Compress>()
#     .setInitialDelay(5, TimeUnit.MINUTES)
#     .build()
# ```

# %%
wm = WorkManager()
later = OneTimeWorkRequest.Builder(Compress).set_initial_delay(timedelta(minutes=5)).build()
wm.enqueue(later)
print(wm.get_work_info_by_id(later.id))
print(wm.explain(later.id))

# %%
wm.advance(timedelta(minutes=5, seconds=1))
info = wm.get_work_info_by_id(later.id)
print(info.state, info.next_schedule_time_millis == 2**63 - 1)

# %% [markdown]
# ## The Studio 🐍 on a few works
#
# Here are three works: one quick (20 s), one slow (2 minutes), one that fails after
# 30 s. Use the Studio's clock buttons to step through them and click a work to see its
# details and `explain`.
#
# 🔁 **Change, predict, re-run.** Replace `OneTimeWorkRequest(Slow)` by
# `OneTimeWorkRequest(Slow, initial_delay=timedelta(minutes=1))`. Predict when `Slow`
# starts, when it succeeds, and what its row shows as next schedule time before it
# starts. Re-run the cell and step.
#
# <details><summary>What you should see</summary>
#
# `Slow` stays ENQUEUED with next schedule time 1:00, starts at 1:00 and succeeds at
# 3:00. The other two do not change: a delay holds only its own work.
# </details>


# %%
class Slow(Worker):
    duration = timedelta(minutes=2)

    def do_work(self):
        return Result.success()


class Broken(Worker):
    duration = timedelta(seconds=30)

    def do_work(self):
        return Result.failure({"reason": "file is corrupt"})


wm = WorkManager()
wm.enqueue([OneTimeWorkRequest(Compress), OneTimeWorkRequest(Slow), OneTimeWorkRequest(Broken)])
Studio(wm)

# %% [markdown]
# ## ✏️ Exercise 1.1: a worker of your own
#
# Write `Resize`, a worker whose run takes **45 seconds** of virtual time and succeeds.


# %% tags=["exercise"]
class Resize(Worker):
    def do_work(self):
        raise NotImplementedError  # ← replace this line (and give the class a duration)


# %%
ex01.check_resize(Resize)

# %% [markdown]
# ## ✏️ Exercise 1.2: a delayed, tagged request
#
# Build a request for `Compress` that becomes due **5 minutes** after it is enqueued and
# carries the tag `"compress"`. Use the builder (`add_tag`, `set_initial_delay`).
#
# ```kotlin
# val request = OneTimeWorkRequestBuilder<Compress>()
#     .setInitialDelay(5, TimeUnit.MINUTES)
#     .addTag("compress")
#     .build()
# ```

# %% tags=["exercise"]
delayed_request = ...  # OneTimeWorkRequest.Builder(Compress)...build()

# %%
ex01.check_delayed_request(delayed_request)

# %% [markdown]
# ## ✏️ Exercise 1.3: 🔮 predict four states
#
# A `Thumbnail` run takes 20 s; its request has an initial delay of 1 minute. It is
# enqueued at 0. What is its state (a) right after `enqueue`, (b) at 0:30, (c) at 1:10,
# (d) at 1:20? Fill in `predicted` with four `State` members, then check. Do not run
# anything first: predicting is the exercise.

# %% tags=["exercise"]
predicted = [...]  # e.g. [State.ENQUEUED, State.RUNNING, ...]

# %%
ex01.check_predicted_states(predicted)

# %% [markdown]
# ## What to remember
#
# - A worker returns `success()`, `failure()` or `retry()`; raising or returning
#   nothing counts as `failure()`.
# - `enqueue` only schedules. The work is ENQUEUED until it is due, RUNNING while it
#   runs, then SUCCEEDED or FAILED for good.
# - `WorkInfo.run_attempt_count` counts the run in progress; the worker sees the count
#   before its run (0 on the first).
# - `next_schedule_time_millis` is the earliest next run, `Long.MAX_VALUE` when there is
#   none.
# - In Kotlin, `getWorkInfoById` is asynchronous: `await()` it, or observe its Flow or
#   LiveData.

# %% [markdown]
# ## 🚀 Transfer: a delayed request, tested and on a device
#
# **The test.** Add this to the `WorkTest` class of lesson 00 (with the `Compress`
# worker in your app) and its two extra imports:
#
# ```kotlin
# import java.util.concurrent.TimeUnit
# import org.junit.Assert.assertNotEquals
#
# @Test
# fun delayedCompressWaitsForItsDelay() {
#     val request = OneTimeWorkRequestBuilder<Compress>()
#         .setInitialDelay(5, TimeUnit.MINUTES)
#         .addTag("compress")
#         .build()
#     workManager.enqueue(request).result.get()
#     val waiting = checkNotNull(workManager.getWorkInfoById(request.id).get())
#     assertEquals(WorkInfo.State.ENQUEUED, waiting.state)
#     assertNotEquals(Long.MAX_VALUE, waiting.nextScheduleTimeMillis)
#
#     driver.setInitialDelayMet(request.id)  // as if the 5 minutes had passed
#     val done = checkNotNull(workManager.getWorkInfoById(request.id).get())
#     assertEquals(WorkInfo.State.SUCCEEDED, done.state)
#     assertEquals(1, done.runAttemptCount)
# }
# ```
#
# `.get()` is fine here: a test may block, and with `SynchronousExecutor` the answer is
# ready at once. In app code use `await()`, the Flow or the LiveData.
#
# **On a device**, enqueue the delayed request from your app, then:
#
# ```sh
# adb shell dumpsys jobscheduler com.example.app
# # the job waits for its delay; `run` starts it now, delay or not
# adb shell cmd jobscheduler run com.example.app 42   # 42: its Job Id, as in lesson 00
# ```
#
# Next, **02 · Data**: giving a worker input, getting its output, and watching it run.
