# Source of lessons/10_under_the_hood.ipynb: edit here, then run `python lessons/build.py`.

# %% [markdown]
# # 10 · Under the hood: the store, process death, pruning, the executor
#
# *About 25 minutes.*
#
# **What you'll learn**
#
# - where WorkManager keeps your works, and why they survive the app being killed;
# - exactly what a killed process leaves behind, and what comes back;
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

from lesson_checks import ex10

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


lesson_dir = tempfile.mkdtemp(prefix="wmkit-lesson10-")
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
# `Class.getName()` and creates the worker by reflection, or with your `WorkerFactory`).
# In a notebook the class lives in the kernel: after a kernel restart, run the cell that
# defines it again, and `explain` tells you when a work waits for its class.
#
# Without a file, `wm.restart_app()` simulates the same thing in place. The
# `process_death` scenario uses it:

# %%
death = scenarios.get("process_death")
wm = death.load()
events = death.play(wm)
Studio(wm)

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
# it your own:
#
# ```kotlin
# class App : Application(), Configuration.Provider {
#     override val workManagerConfiguration =
#         Configuration.Builder().setExecutor(Executors.newFixedThreadPool(2)).build()
# }
# ```
#
# wmkit runs at most `max_concurrent_workers` works at once (default 4); the others wait
# ENQUEUED, due, and `explain` says why. 📱 On a phone a `CoroutineWorker` runs on a
# coroutine dispatcher rather than that pool, and JobScheduler has limits of its own;
# wmkit uses one limit for all.


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
# ## ✏️ Exercise 10.1: survive process death
#
# A download has 5 chunks of 1 minute each. `DISK` stands for a file in the app's
# storage: it survives process death. Write `ResumableDownload` so that after a
# restart it continues from the first chunk not yet downloaded: keep the number of
# finished chunks in `DISK["done"]`, update it after each chunk, and read it at the
# start of each run. (Each chunk is one `await self.sleep(timedelta(minutes=1))`.)

# %% tags=["exercise"]
DISK = {}


class ResumableDownload(CoroutineWorker):
    async def do_work(self):
        raise NotImplementedError  # ← your code here


# %%
ex10.check_resumable(ResumableDownload, DISK)

# %% [markdown]
# ## ✏️ Exercise 10.2: 🔮 who survives two days?
#
# Three works are enqueued at 0:00 and finish at once: `plain` (nothing special), `kept`
# (`keep_results_for_at_least` 7 days) and `parent`, whose child in a chain has an
# initial delay of 3 days (so the child is still ENQUEUED). The app is restarted two days
# later. Which of the three are still stored? Answer with a set of names.

# %% tags=["exercise"]
survivors = ...  # e.g. {"plain"}

# %%
ex10.check_survivors(survivors)

# %% [markdown]
# ## ✏️ Exercise 10.3: 🔮 two at a time
#
# `WorkManager(max_concurrent_workers=2)`; five works of one minute each are enqueued at
# 0:00. At which instant (milliseconds) does the fifth one start?

# %% tags=["exercise"]
fifth_starts_at = ...

# %%
ex10.check_fifth_start(fifth_starts_at)

# %%
shutil.rmtree(lesson_dir)  # tidy up this lesson's store files

# %% [markdown]
# ## What to remember
#
# - Works live in WorkManager's database, so they survive process death and reboots.
# - A killed run leaves a RUNNING row that comes back ENQUEUED with stop reason UNKNOWN,
#   its attempt counted, no `on_stopped` called, and starts again from scratch.
# - Finished works are pruned: at app start after 1 day (counted from the last enqueue
#   time, plus `keep_results_for_at_least`), or by `prune_work()` regardless.
# - Only a few works run at once; the rest wait ENQUEUED.
#
# Next, **11 · Capstone**: a photo-backup pipeline, built from scratch.
