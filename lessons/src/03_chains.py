# Source of lessons/03_chains.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - A dependent's lastEnqueueTime is set only when it is unblocked ("Dependent work will
#   set their scheduled times when they are unblocked"): impl/utils/EnqueueRunnable.kt.
# - A cycle: EnqueueRunnable.enqueue `check(!hasCycles())` runs inside launchOperation
#   (Operation.kt), called from WorkContinuationImpl.enqueue(): the exception completes
#   the returned Operation's result exceptionally and sets its state to FAILURE.
# - combine inserts CombineContinuationsWorker with ArrayCreatingInputMerger:
#   impl/WorkContinuationImpl.java combineInternal.
# - Only ENQUEUED rows are handed to JobScheduler (BLOCKED ones have no job yet):
#   impl/Schedulers.java, WorkSpecDao getEligibleWorkForScheduling.

# %% [markdown]
# # 03 · Chains: `begin_with`, `then`, `combine`
#
# *About 25 minutes.*
#
# **What you'll learn**
#
# - how to make works wait for other works, in sequence and in parallel;
# - what BLOCKED means, and the exact moment a blocked work is released;
# - when the initial delay of a work in a chain starts counting;
# - how `combine` joins two chains, and what it does to their outputs.

# %%
from datetime import timedelta

from wmkit import (
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    WorkContinuation,
    Worker,
    WorkManager,
    WorkManagerError,
    scenarios,
)
from wmkit.widgets import Studio

from lesson_checks import ex03

# %% [markdown]
# ## A chain
#
# `begin_with` starts a chain, each `then` adds a level, and `enqueue` puts the whole
# chain in at once. A list is a level whose works run in parallel.
#
# ```kotlin
# workManager
#     .beginWith(listOf(downloadBeach, downloadCity))   // in parallel
#     .then(makeAlbum)                                  // after both
#     .then(upload)                                     // after makeAlbum
#     .enqueue()
# ```


# %%
class Step(Worker):
    """A step that takes 10 s and passes its input on, plus its own name."""

    duration = timedelta(seconds=10)

    def do_work(self):
        return Result.success({"last_step": self.input_data.get_string("step")})


def step(name, **options):
    return OneTimeWorkRequest(Step, input_data={"step": name}, tags=[name], **options)


wm = WorkManager()
works = {name: step(name) for name in ("beach", "city", "album", "upload")}
wm.begin_with([works["beach"], works["city"]]).then(works["album"]).then(works["upload"]).enqueue()
for name, request in works.items():
    print(f"{name:7}", wm.get_work_info_by_id(request.id).state)

# %% [markdown]
# The works waiting for others are **BLOCKED**. A blocked work becomes ENQUEUED at the
# instant its *last* prerequisite SUCCEEDS, and then runs as any other work.

# %%
for event in wm.run_until_idle():
    print(event)

# %% [markdown]
# 📱 Every work of a `then` level depends on **every** work of the level before. There is
# no "after just this one" inside one chain: for that, build a separate chain (or use
# `combine`, below).
#
# A chain can be watched as a whole: `continuation.get_work_infos_live_data()` holds the
# `WorkInfo` of every work in it, earliest level first, and tells its observers each
# change (Kotlin: `continuation.workInfosLiveData.observe(owner) { infos -> ... }`, or
# `continuation.workInfos.await()` for one look).

# %%
wm = WorkManager()
chain = wm.begin_with(step("resize")).then(step("upload"))
chain.get_work_infos_live_data().observe(lambda infos: print([i.state.name for i in infos]))
chain.enqueue()
events = wm.run_until_idle()

# %% [markdown]
# ## When does a delay start counting?
#
# 🔮 **Predict, then run.** `first` takes 10 s. `second` has an initial delay of
# 1 minute and runs after `first`. At what instant does `second` start?

# %%
wm = WorkManager()
first = step("first")
second = step("second", initial_delay=timedelta(minutes=1))
wm.begin_with(first).then(second).enqueue()
for event in wm.run_until_idle():
    if event.kind in ("unblocked", "started"):
        print(event)

# %% [markdown]
# <details><summary>Why?</summary>
#
# A blocked work has not been "enqueued" yet as far as its delay is concerned: its
# enqueue time is set when it is *unblocked*, at 0:10 here. The delay of 1 minute
# counts from then, so it starts at **1:10** (70 000 ms). WorkManager's own source says
# it: dependent work sets its scheduled time when it is unblocked.
# </details>

# %% [markdown]
# ## Outputs flow down the chain
#
# A work's input is its own input *plus the outputs of its direct prerequisites*. Above,
# `Step` put its name under `"last_step"`; the next step receives it. Lesson 04 shows
# exactly how several outputs are merged.


# %%
class Report(Worker):
    def do_work(self):
        print("Report got:", self.input_data)
        return Result.success()


wm = WorkManager()
wm.begin_with(step("resize")).then(OneTimeWorkRequest(Report)).enqueue()
events = wm.run_until_idle()

# %% [markdown]
# ## `combine`: joining chains
#
# Two independent chains can be joined so that a last work waits for both. Android
# inserts a hidden worker, `CombineContinuationsWorker`, that waits for every leaf of the
# chains and passes their merged outputs on. It merges with `ArrayCreatingInputMerger`,
# so **what follows sees arrays**.
#
# ```kotlin
# val photos = workManager.beginWith(scanPhotos).then(compressPhotos)
# val videos = workManager.beginWith(scanVideos).then(compressVideos)
# WorkContinuation.combine(listOf(photos, videos)).then(upload).enqueue()
# ```

# %%
wm = WorkManager()
photos = wm.begin_with(step("scan-photos")).then(step("compress-photos"))
videos = wm.begin_with(step("scan-videos")).then(step("compress-videos"))
WorkContinuation.combine([photos, videos]).then(OneTimeWorkRequest(Report)).enqueue()
events = wm.run_until_idle()
print(sorted({d.short_name for d in wm.describe_works()}))  # 🐍 every stored work's class

# %% [markdown]
# ## Mistakes WorkManager refuses
#
# A chain is made of one-time works only, and a request may appear once: using the same
# request twice would make it wait for itself. In Kotlin the first mistake does not even
# compile (`then` takes `OneTimeWorkRequest`s). The second compiles and `enqueue()`
# returns normally: it only hands the chain to a background thread and returns an
# `Operation`. The check runs there, and the `Operation` carries the failure:
# `operation.result.get()` throws an `ExecutionException` whose cause is
# `IllegalStateException("WorkContinuation has cycles ...")`, `operation.await()` throws
# that exception, and `operation.state` (a LiveData) becomes `FAILURE`. Nothing of the
# chain is stored. 🐍 wmkit refuses both mistakes at the call, where you make them.


# %%
class Sync(Worker):
    def do_work(self):
        return Result.success()


wm = WorkManager()
again = step("again")
try:
    wm.begin_with(again).then(step("middle")).then(again).enqueue()
except WorkManagerError as error:
    print("refused:", error)
try:
    wm.begin_with(step("a")).then(PeriodicWorkRequest(Sync, timedelta(hours=1)))
except WorkManagerError as error:
    print("refused:", error)

# %% [markdown]
# ## The Studio 🐍 on a diamond
#
# The `diamond_cancel` scenario is a diamond: `prepare` (10 s) feeds `resize` (20 s) and
# `upload` (60 s), and `notify` waits for both. (Its story has the user cancel the upload
# at 0:40; that is lesson 05. Here look at the start.)
#
# 🔁 **Change, predict, re-run.** Add `wm.advance(timedelta(seconds=35))` between the two
# lines. Predict the state of the four works at 0:35, and the instant `notify` would be
# released if nobody cancelled the upload. Re-run the cell and compare.
#
# <details><summary>What you should see</summary>
#
# `prepare` (done at 0:10) and `resize` (done at 0:30) are SUCCEEDED, `upload` is
# RUNNING until 1:10, and `notify` is BLOCKED: without the cancel it would be released at
# **1:10**, when its *last* prerequisite succeeds.
# </details>

# %%
wm = scenarios.load("diamond_cancel")
Studio(wm)

# %% [markdown]
# ## ✏️ Exercise 3.1: a pipeline
#
# Complete `build_pipeline` so that it enqueues: `download` first, then `resize` and
# `thumbnail` in parallel, then `upload` after both. The check calls your function with
# a fresh manager and four fresh requests.


# %% tags=["exercise"]
def build_pipeline(wm, download, resize, thumbnail, upload):
    raise NotImplementedError  # ← your chain here


# %%
ex03.check_pipeline(build_pipeline)

# %% [markdown]
# ## ✏️ Exercise 3.2: 🔮 a delay inside a chain
#
# A chain `a → b`: `a` takes 30 s; `b` takes 5 s and has an initial delay of 2 minutes.
# Both are enqueued at 0 with one `begin_with(a).then(b).enqueue()`. At which instant
# (in milliseconds) does `b` **start**?

# %% tags=["exercise"]
b_starts_at = ...  # an int of virtual milliseconds

# %%
ex03.check_delay_in_chain(b_starts_at)

# %% [markdown]
# ## ✏️ Exercise 3.3: join two chains
#
# Complete `build_joined` so that `a → b` and `c → d` are two independent chains, and
# `e` runs after *both* have finished. `b` must not wait for `c`, nor `d` for `a`.


# %% tags=["exercise"]
def build_joined(wm, a, b, c, d, e):
    raise NotImplementedError  # ← your code here


# %%
ex03.check_joined(build_joined)

# %% [markdown]
# ## What to remember
#
# - `begin_with(...).then(...).enqueue()`: each level waits for **all** of the level
#   before; a list is a parallel level.
# - A waiting work is BLOCKED; it becomes ENQUEUED when its last prerequisite SUCCEEDS,
#   and its initial delay counts from that instant.
# - `combine` joins chains behind a hidden worker; what follows sees **arrays**.
# - Chains hold one-time work only; periodic work stands alone.
# - In Kotlin a chain that waits for itself fails through the `Operation` that `enqueue()`
#   returns, not by throwing from `enqueue()`.

# %% [markdown]
# ## 🚀 Transfer: a chain on Android
#
# **The tests.** With a `Step` worker in your app that succeeds at once, add to the
# `WorkTest` class of lesson 00, with these imports added:
#
# ```kotlin
# import java.util.concurrent.ExecutionException
# import java.util.concurrent.TimeUnit
# import org.junit.Assert.assertNull
# import org.junit.Assert.assertThrows
# import org.junit.Assert.assertTrue
#
# @Test
# fun aDelayedStepCountsItsDelayFromItsRelease() {
#     val first = OneTimeWorkRequestBuilder<Step>().build()
#     val second = OneTimeWorkRequestBuilder<Step>()
#         .setInitialDelay(1, TimeUnit.MINUTES)
#         .build()
#     workManager.beginWith(first).then(second).enqueue().result.get()
#     // first has succeeded, which released second: now second waits for its own delay
#     assertEquals(WorkInfo.State.SUCCEEDED, workManager.getWorkInfoById(first.id).get()?.state)
#     assertEquals(WorkInfo.State.ENQUEUED, workManager.getWorkInfoById(second.id).get()?.state)
#     driver.setInitialDelayMet(second.id)
#     assertEquals(WorkInfo.State.SUCCEEDED, workManager.getWorkInfoById(second.id).get()?.state)
# }
#
# @Test
# fun aChainThatWaitsForItselfFailsItsOperation() {
#     val again = OneTimeWorkRequestBuilder<Step>().build()
#     val middle = OneTimeWorkRequestBuilder<Step>().build()
#     val operation = workManager.beginWith(again).then(middle).then(again).enqueue()
#     val error = assertThrows(ExecutionException::class.java) { operation.result.get() }
#     assertTrue(error.cause is IllegalStateException)
#     assertNull(workManager.getWorkInfoById(middle.id).get())  // nothing was stored
# }
# ```
#
# **On a device**, enqueue `beginWith(listOf(beach, city)).then(album).then(upload)` from
# your app and look at the jobs at once:
#
# ```sh
# adb shell dumpsys jobscheduler com.example.app
# ```
#
# Only `beach` and `city` have jobs: a BLOCKED work is given to JobScheduler only once it
# is released. Run the command again after they succeed, and `album` has one.
#
# Next, **04 · Input mergers**: exactly how several outputs become one input.
