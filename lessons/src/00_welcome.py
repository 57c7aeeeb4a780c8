# Source of lessons/00_welcome.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources for the Android claims below (androidx/androidx, work/ unless said otherwise):
# - work-testing: work-testing/.../TestDriver.java, WorkManagerTestInitHelper.java; the
#   instrumented test follows developer.android.com/guide/background/testing/persistent/
#   integration-testing.
# - Diagnostics broadcast: work-runtime/src/main/AndroidManifest.xml (DiagnosticsReceiver,
#   permission DUMP); developer.android.com/guide/background/testing/persistent/debug.
# - `dumpsys jobscheduler <package>` filters by package: frameworks/base
#   JobSchedulerService.dumpInternal; `cmd jobscheduler run [-f] [-n NAMESPACE] PACKAGE
#   JOB_ID`: JobSchedulerShellCommand.onHelp; WorkManager's namespace
#   "androidx.work.systemjobscheduler" on API 34+: work-runtime/.../systemjob/JobSchedulerExt.kt.

# %% [markdown]
# # 00 · Welcome: WorkManager on a virtual clock
#
# *About 15 minutes.*
#
# **What you'll learn**
#
# - what this course simulates, and how each line maps onto Kotlin;
# - how to drive the virtual clock (🐍 wmkit only): `advance`, `advance_to`, `step`,
#   `run_until_idle`;
# - where to look when you wonder what happened: `trace`, `explain` and the Studio (🐍);
# - how to load a ready-made scenario from the catalogue.

# %% [markdown]
# ## How this course works
#
# Android's **WorkManager** runs background work that must happen even if the user
# leaves the app or the phone restarts: uploads, syncs, clean-ups. You hand it a
# request; *it* decides when the work runs, depending on the phone's state, your
# constraints, earlier failures and Android's power saving. On a phone you cannot
# watch that decision, and time does not wait for you.
#
# **wmkit** simulates WorkManager in Python on a *virtual clock* that moves only when
# you move it. Every instant is exact and repeatable: run a cell twice, get the same
# times twice. Its names are Android's in snake_case (`enqueueUniqueWork` is
# `enqueue_unique_work`), so each cell maps line for line onto Kotlin, and each lesson
# shows the Kotlin beside the Python.
#
# Signs you will meet in every lesson:
#
# - 🔮 **Predict, then run.** Write your guess down *before* running the cell. Being
#   wrong here is cheap; being wrong on a user's phone is not.
# - ✏️ **Exercise.** Change the cell, run it, then run the check cell below it. The
#   check says ✓, or ✗ and what is still wrong, or ⏳ when you have not answered yet.
# - 🔁 **Change, predict, re-run.** At each Studio: one change to make, a prediction to
#   write down, then re-run the cell and compare.
# - 📱 **On a real phone.** Where a phone differs from the simulation, or surprises.
# - 🐍 **wmkit only.** A convenience of the simulation that Android does not have (the
#   virtual clock, `explain`, the Studio, keyword constructors...). Never look for it in
#   Kotlin; the text says what to use on Android instead.
# - 🚀 **Transfer.** Every lesson ends with the same scenario on Android: an
#   instrumented test with `work-testing`, and the `adb` commands that reproduce it on
#   a device.

# %%
from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager, scenarios
from wmkit.widgets import Studio

from lesson_checks import ex00

# %% [markdown]
# ## A first worker, in both languages
#
# Here is a worker that "uploads" a file, and a request to run it once. Kotlin first:
#
# ```kotlin
# class Upload(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork(): Result {
#         val name = inputData.getString("name")
#         return Result.success(workDataOf("url" to "https://example.com/$name"))
#     }
# }
#
# val upload = OneTimeWorkRequestBuilder<Upload>()
#     .setInputData(workDataOf("name" to "cat.jpg"))
#     .build()
# WorkManager.getInstance(context).enqueue(upload)
# ```
#
# And the same in wmkit. The only new line is `duration` 🐍: on a phone a run takes as
# long as your code takes; here you say how much *virtual* time one run takes.


# %%
class Upload(Worker):
    duration = timedelta(seconds=30)  # virtual time one run takes

    def do_work(self):
        name = self.input_data.get_string("name")
        return Result.success({"url": f"https://example.com/{name}"})


wm = WorkManager()  # in memory; a fresh, empty WorkManager at virtual time 0
upload = OneTimeWorkRequest.Builder(Upload).set_input_data({"name": "cat.jpg"}).build()
wm.enqueue(upload)

# %% [markdown]
# ## Driving the clock
#
# Enqueueing only *schedules* the work. Nothing runs until you drive the clock. All of
# these are 🐍 wmkit only: a phone's clock drives itself.
#
# | Call | What it does |
# |---|---|
# | `wm.clock.now_millis` | virtual now, in milliseconds (a new manager starts at 0) |
# | `wm.advance(timedelta(seconds=10))` | move forward 10 s, running everything due on the way |
# | `wm.advance_to(90_000)` | move to the instant 90 000 ms, likewise |
# | `wm.step()` | jump to the next instant at which anything happens, and do it |
# | `wm.run_until_idle()` | step until nothing is scheduled (periodic work never idles) |
#
# Each returns the events that happened. The scheduler starts a work the moment it may
# run, so every instant you will see has a reason.
#
# 📱 On a phone the clock drives itself, and JobScheduler adds its own latency. The
# closest Android has to this is the `work-testing` artifact's `TestDriver`
# (`setInitialDelayMet`, `setAllConstraintsMet`, `setPeriodDelayMet`), which tests use
# to skip waiting; the transfer step at the end of this lesson sets it up.

# %% [markdown]
# 🔮 **Predict, then run.** The upload takes 30 s of virtual time. What is its state
# *now*, before the clock moves? After 10 s? After 30 s? Write your three guesses down.

# %%
print("now:", wm.get_work_info_by_id(upload.id).state)
wm.advance(timedelta(seconds=10))
print("at", wm.clock.now_millis, "ms:", wm.get_work_info_by_id(upload.id).state)
wm.advance(timedelta(seconds=20))
print("at", wm.clock.now_millis, "ms:", wm.get_work_info_by_id(upload.id).state)
print("output:", wm.get_work_info_by_id(upload.id).output_data)

# %% [markdown]
# <details><summary>Why?</summary>
#
# Enqueued work waits **ENQUEUED** until the clock is driven. At 0 it was due with no
# constraint, so it started: **RUNNING** at 10 s. Its result applied when its 30 s
# were up: **SUCCEEDED**, with its output stored.
# </details>

# %% [markdown]
# ## What happened, and why: `trace` and `explain`
#
# `wm.trace` 🐍 lists every event so far, oldest first; `wm.explain(id)` 🐍 says in
# plain words why a work is (or is not) running, and when it will next be considered.
# You will ask that second question a lot on real phones, where the answer is spread
# over `WorkInfo`, `adb shell dumpsys jobscheduler` and WorkManager's own logs (see the
# transfer step); here you can always get it in one call.

# %%
for event in wm.trace:
    print(event)
print()
print(wm.explain(upload.id))

# %% [markdown]
# ## The scenario catalogue
#
# Instructors and lessons share ready-made situations (🐍 `wmkit.scenarios`). Each one
# builds a fresh manager in one call, documents what it teaches, and may carry *cues*,
# things that happen later in its story (the phone loses wifi, the user cancels).

# %%
for scenario in scenarios.catalogue():
    print(f"{scenario.name:28} {scenario.title}")

# %%
fan_in = scenarios.get("fan_in_merge")
fan_in  # a scenario shows its own description

# %% [markdown]
# ## The Studio
#
# The Studio 🐍 is a dashboard on one manager: clock buttons, the phone's state, the
# graph of works, a timeline, the table of works and an inspector. It drives the *same*
# manager as your code: click "step" there, or call `wm.step()` here, it is one clock.
#
# The cell below loads the fan-in scenario and opens a Studio on it. Step through it with
# the Studio's buttons: `make-album` and `pick-cover` wait for the downloads.
#
# 🔁 **Change, predict, re-run.** Add `wm.advance(timedelta(seconds=15))` between the two
# lines. Predict the state of each of the five works that the Studio will show at 0:15
# (the downloads take 10 s, 20 s and 30 s), then re-run the cell and compare.
#
# <details><summary>What you should see</summary>
#
# The beach download (10 s) is SUCCEEDED; city and forest are RUNNING; `make-album` and
# `pick-cover` are BLOCKED: they wait for *all three* downloads.
# </details>

# %%
wm = fan_in.load()
Studio(wm)

# %% [markdown]
# You can also drive it from code. `step()` jumps to the next instant at which anything
# happens, so a few calls walk through the whole story:

# %%
for _ in range(3):
    for event in wm.step():
        print(event)
    print("-- now at", wm.clock.now_millis, "ms")

# %% [markdown]
# Each role in a scenario is a tag, so you find its work as an app would, by tag:

# %%
album = wm.get_work_infos_by_tag("make-album")[0]
print(album.state)
print(wm.explain(album.id))

# %% [markdown]
# ## ✏️ Exercise 0.1: just enough time
#
# On a *freshly loaded* fan-in scenario, how far must you `advance` so that the beach
# and city downloads have finished but the forest download has not? Set `enough` to a
# `timedelta`. (Hint: the Studio's timeline, or `wm.trace` above, shows when each
# download finished.)

# %% tags=["exercise"]
enough = ...  # e.g. timedelta(seconds=5)

# %%
ex00.check_enough(enough)

# %% [markdown]
# ## ✏️ Exercise 0.2: when does the album start?
#
# At which virtual instant (in milliseconds) does the `make-album` work *start*? Find it
# with `step()`, the trace or the Studio, and set `album_starts_at` to that number.

# %% tags=["exercise"]
album_starts_at = ...  # an int of virtual milliseconds

# %%
ex00.check_album_start(album_starts_at)

# %% [markdown]
# ## What to remember
#
# - wmkit runs WorkManager on a virtual clock that moves only when you drive it
#   (`advance`, `step`, `run_until_idle`: all 🐍).
# - `trace` and `explain` 🐍 tell you what happened and why; on a phone you piece that
#   together from `WorkInfo`, `dumpsys jobscheduler` and WorkManager's logs.
# - A manager in memory disappears with the kernel; lessons that keep a store on disk
#   put it in a temporary directory, so running a lesson twice never trips over the
#   first run.

# %% [markdown]
# ## 🚀 Transfer: the same upload on Android
#
# Every lesson ends here: the lesson's scenario as an **instrumented test** (it runs on
# a device or an emulator, against the real WorkManager), then the **adb commands** that
# show it on a device. This first one sets up what all later lessons reuse.
#
# **1. Dependencies** (`app/build.gradle.kts`):
#
# ```kotlin
# android {
#     defaultConfig {
#         testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"
#     }
# }
# dependencies {
#     val workVersion = "2.11.0"
#     implementation("androidx.work:work-runtime-ktx:$workVersion")
#     androidTestImplementation("androidx.work:work-testing:$workVersion")
#     androidTestImplementation("androidx.test:core-ktx:1.6.1")
#     androidTestImplementation("androidx.test.ext:junit:1.2.1")
#     androidTestImplementation("androidx.test:runner:1.6.2")
# }
# ```
#
# **2. The test** (`app/src/androidTest/java/com/example/app/WorkTest.kt`, with the
# `Upload` worker from the top of this lesson in `app/src/main`). `initializeTestWorkManager`
# replaces the app's WorkManager by a test one whose scheduler is the `TestDriver`, and
# `SynchronousExecutor` runs each worker on the test's own thread, so a work with nothing
# to wait for has finished when `enqueue(...).result.get()` returns.
#
# ```kotlin
# package com.example.app
#
# import android.content.Context
# import android.util.Log
# import androidx.test.core.app.ApplicationProvider
# import androidx.test.ext.junit.runners.AndroidJUnit4
# import androidx.work.Configuration
# import androidx.work.OneTimeWorkRequestBuilder
# import androidx.work.WorkInfo
# import androidx.work.WorkManager
# import androidx.work.testing.SynchronousExecutor
# import androidx.work.testing.TestDriver
# import androidx.work.testing.WorkManagerTestInitHelper
# import androidx.work.workDataOf
# import org.junit.Assert.assertEquals
# import org.junit.Before
# import org.junit.Test
# import org.junit.runner.RunWith
#
# @RunWith(AndroidJUnit4::class)
# class WorkTest {
#     private lateinit var context: Context
#     private lateinit var workManager: WorkManager
#     private lateinit var driver: TestDriver
#
#     @Before
#     fun setUp() {
#         context = ApplicationProvider.getApplicationContext()
#         val config = Configuration.Builder()
#             .setMinimumLoggingLevel(Log.DEBUG)
#             .setExecutor(SynchronousExecutor())
#             .build()
#         WorkManagerTestInitHelper.initializeTestWorkManager(context, config)
#         workManager = WorkManager.getInstance(context)
#         driver = checkNotNull(WorkManagerTestInitHelper.getTestDriver(context))
#     }
#
#     @Test
#     fun uploadSucceedsWithItsUrl() {
#         val upload = OneTimeWorkRequestBuilder<Upload>()
#             .setInputData(workDataOf("name" to "cat.jpg"))
#             .build()
#         workManager.enqueue(upload).result.get()
#         val info = checkNotNull(workManager.getWorkInfoById(upload.id).get())
#         assertEquals(WorkInfo.State.SUCCEEDED, info.state)
#         assertEquals("https://example.com/cat.jpg", info.outputData.getString("url"))
#     }
# }
# ```
#
# Run it with `./gradlew connectedDebugAndroidTest`, a device or emulator attached.
# Later lessons add one `@Test` to this `WorkTest` class and name the imports it adds.
# The `TestDriver` plays the part of wmkit's virtual clock: `driver.setInitialDelayMet(id)`,
# `driver.setAllConstraintsMet(id)` and `driver.setPeriodDelayMet(id)` release a work as
# if its delay had passed or its constraints held.
#
# **3. On a device.** Enqueue the upload from your app (a debug build; say its package is
# `com.example.app`), then:
#
# ```sh
# # the jobs WorkManager handed to JobScheduler for your app, with what each waits for
# adb shell dumpsys jobscheduler com.example.app
# # WorkManager's own table of its works (id, class, Job Id, state, unique name, tags),
# # written to logcat (WorkManager 2.4+)
# adb shell am broadcast -a "androidx.work.diagnostics.REQUEST_DIAGNOSTICS" -p "com.example.app"
# adb logcat -d -s WM-DiagnosticsWrkr
# # run one job now, whatever it waits for; 42 stands for its Job Id (the diagnostics
# # table has it, and dumpsys shows it after the "/" in its "JOB #u0a123/42:" line)
# adb shell cmd jobscheduler run -f com.example.app 42
# ```
#
# On Android 14 and later, recent WorkManager releases keep their jobs in the JobScheduler
# namespace `androidx.work.systemjobscheduler`; when `dumpsys` shows that namespace on
# the job, add `-n androidx.work.systemjobscheduler` before the package name. A job that
# ran in your app's process before JobScheduler got to it (WorkManager also starts due
# work itself while the app is alive; lesson 11) may already be gone from `dumpsys`.
#
# Next, **01 · A first Worker**: `Result`, `WorkInfo` and the states a work goes through.
