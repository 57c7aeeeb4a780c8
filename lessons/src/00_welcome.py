# Source of lessons/00_welcome.ipynb: edit here, then run `python lessons/build.py`.

# %% [markdown]
# # 00 · Welcome: WorkManager on a virtual clock
#
# *About 15 minutes.*
#
# **What you'll learn**
#
# - what this course simulates, and how each line maps onto Kotlin;
# - how to drive the virtual clock: `advance`, `advance_to`, `step`, `run_until_idle`;
# - where to look when you wonder what happened: `trace`, `explain` and the Studio;
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
# Three signs you will meet in every lesson:
#
# - 🔮 **Predict, then run.** Write your guess down *before* running the cell. Being
#   wrong here is cheap; being wrong on a user's phone is not.
# - ✏️ **Exercise.** Change the cell, run it, then run the check cell below it. The
#   check says ✓, or ✗ and what is still wrong, or ⏳ when you have not answered yet.
# - 📱 **On a real phone.** Where a phone differs from the simulation, or surprises.

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
# And the same in wmkit. The only new line is `duration`: on a phone a run takes as long
# as your code takes; here you say how much *virtual* time one run takes.


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
# Enqueueing only *schedules* the work. Nothing runs until you drive the clock:
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
# (`setInitialDelayMet`, `setAllConstraintsMet`), which tests use to skip waiting.

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
# `wm.trace` lists every event so far, oldest first; `wm.explain(id)` says in plain words
# why a work is (or is not) running, and when it will next be considered. You will ask
# that second question a lot on real phones; here you can always get an answer.

# %%
for event in wm.trace:
    print(event)
print()
print(wm.explain(upload.id))

# %% [markdown]
# ## The scenario catalogue
#
# Instructors and lessons share ready-made situations. Each one builds a fresh manager
# in one call, documents what it teaches, and may carry *cues*, things that happen later
# in its story (the phone loses wifi, the user cancels).

# %%
for scenario in scenarios.catalogue():
    print(f"{scenario.name:28} {scenario.title}")

# %%
fan_in = scenarios.get("fan_in_merge")
fan_in  # a scenario shows its own description

# %% [markdown]
# ## The Studio
#
# The Studio is a dashboard on one manager: clock buttons, the phone's state, the graph
# of works, a timeline, the table of works and an inspector. It drives the *same*
# manager as your code: click "step" there, or call `wm.step()` here, it is one clock.
#
# Load the fan-in scenario and open a Studio on it. Then step through it with the
# Studio's buttons, and watch `make-album` and `pick-cover` stay BLOCKED until the last
# download succeeds.

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
# ## Where next
#
# - A manager in memory disappears with the kernel; lessons that keep a store on disk
#   put it in a temporary directory, so running a lesson twice never trips over the
#   first run.
# - Next, **01 · A first Worker**: `Result`, `WorkInfo` and the states a work goes
#   through.
