# Source of lessons/09_unique_work.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - getWorkInfosForUniqueWork returns ListenableFuture<List<WorkInfo>>, with Flow and
#   LiveData twins: WorkManager.kt.
# - Unique policies, APPEND onto FAILED/CANCELLED leaves, APPEND_OR_REPLACE deleting
#   rows: impl/utils/EnqueueRunnable.kt enqueueWorkWithPrerequisites. Finished rows count
#   as existing until pruned: impl/WorkDatabase.kt (auto-prune), pruneWork (WorkManager.kt).
# - updateWork: NOT_APPLIED when the work is finished, APPLIED_FOR_NEXT_RUN while it
#   runs, an unknown id completes exceptionally: WorkManager.kt, impl/WorkerUpdater.kt.

# %% [markdown]
# # 09 · Unique work: which policy do I need?
#
# *About 25 minutes.*
#
# **What you'll learn**
#
# - what a unique name stands for, and what "the works already there" means;
# - what each `ExistingWorkPolicy` does to the work already there, step by step;
# - why APPEND onto a failed chain depends on *when* you append;
# - the periodic policies, and why UPDATE keeps a schedule;
# - how to pick the policy you need.

# %%
from datetime import timedelta

from wmkit import (
    Constraints,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
    scenarios,
)
from wmkit.widgets import Studio

from lesson_checks import ex09

# %% [markdown]
# ## Unique work
#
# A *unique name* stands for one job of your app: "sync", "backup". When you enqueue
# under a name that already has works, the **policy** decides what happens to them.
#
# ```kotlin
# workManager.enqueueUniqueWork("sync", ExistingWorkPolicy.KEEP, syncRequest)
# workManager.beginUniqueWork("sync", ExistingWorkPolicy.APPEND, fetch).then(apply).enqueue()
# ```
#
# | policy | what happens to the works already under that name |
# |---|---|
# | `KEEP` | if one is ENQUEUED or RUNNING, nothing: the new request is dropped. Otherwise they are deleted and the new work is enqueued |
# | `REPLACE` | unfinished ones are cancelled (running workers stopped), then every row is deleted; the new work is enqueued |
# | `APPEND` | they stay; the new work waits for the chain's last works (its *leaves*) |
# | `APPEND_OR_REPLACE` | as APPEND, unless a leaf FAILED or was CANCELLED: then every row is deleted (nothing is cancelled) and the new work starts a fresh chain |
#
# "Existing" means **every stored row with that name, finished ones included**, until
# they are pruned. With APPEND the new work's first state follows the chain's last
# works: any FAILED → FAILED at once; else any CANCELLED → CANCELLED; else any
# unfinished → BLOCKED; all SUCCEEDED → ENQUEUED (their outputs merged into its input).
#
# | Kotlin | wmkit |
# |---|---|
# | `getWorkInfosForUniqueWork("sync")` (a `ListenableFuture`; or its Flow, its LiveData) | `wm.get_work_infos_for_unique_work("sync")` (🐍 the list, at once) |
# | `cancelUniqueWork("sync")` | `wm.cancel_unique_work("sync")` |
#
# The examples tag each work with its role, so that the tags of lesson 08 find it.

# %% [markdown]
# A queue with APPEND: each new upload waits for the one before it.


# %%
class Upload(Worker):
    duration = timedelta(minutes=1)

    def do_work(self):
        return Result.success()


wm = WorkManager()
for n in range(3):
    request = OneTimeWorkRequest(Upload, tags=[f"upload-{n}"])
    wm.enqueue_unique_work("uploads", ExistingWorkPolicy.APPEND, request)
for info in wm.get_work_infos_for_unique_work("uploads"):
    print(sorted(tag for tag in info.tags if "." not in tag), info.state.name)

# %% [markdown]
# ### KEEP vs REPLACE
#
# The user pulls to refresh while a refresh is running.

# %%
keep_replace = scenarios.get("keep_vs_replace")
keep_replace

# %% [markdown]
# 🔮 **Predict, then run.** At 0:45: is there a work with the tag `keep-2`? And
# `replace-1`? What are the states of `keep-1` and `replace-2`?

# %%
wm = keep_replace.load()
events = keep_replace.play(wm, until=timedelta(seconds=45))
for role in keep_replace.roles:
    infos = wm.get_work_infos_by_tag(role)
    print(
        f"{role:10}", infos[0].state.name if infos else "— no such work (never stored, or deleted)"
    )

# %% [markdown]
# <details><summary>Why?</summary>
#
# KEEP saw `keep-1` RUNNING and dropped the new request: `keep-2` was **never stored**.
# REPLACE cancelled `replace-1`, stopping its worker, and then **deleted** it: asking for
# its id now gives `None`, like `getWorkInfoById` returning null. `replace-2` runs in its
# place.
# </details>
#
# The whole story in the Studio 🐍: at 3:00 KEEP is used again, now that `keep-1` has
# finished.
#
# 🔁 **Change, predict, re-run.** Add this line just before `Studio(wm)`:
# `wm.enqueue_unique_work("feed-replace", ExistingWorkPolicy.KEEP, OneTimeWorkRequest(Upload))`.
# Predict: is `replace-2` (finished at 2:30) still there afterwards, and does the new
# `Upload` run? Re-run the cell and look at the table.
#
# <details><summary>What you should see</summary>
#
# `replace-2` is gone: KEEP protects only ENQUEUED or RUNNING work, so over a finished
# one it deletes the old rows and enqueues the new `Upload`, which runs for its minute
# once you step the clock.
# </details>

# %%
wm = keep_replace.load()
events = keep_replace.play(wm)
for role in keep_replace.roles:
    infos = wm.get_work_infos_by_tag(role)
    print(f"{role:10}", infos[0].state.name if infos else "—")
Studio(wm)

# %% [markdown]
# KEEP only protects work that is ENQUEUED or RUNNING. Over a finished `keep-1` it
# deleted the old row and ran `keep-3`.

# %% [markdown]
# ### APPEND onto a failed chain
#
# APPEND is tempting for a queue of jobs, but a failure in the queue is inherited by
# everything appended after it, for as long as the failed rows are stored: until they
# are pruned (automatically, a day or more later, or by `prune_work()`), every APPEND
# under that name is FAILED at once. Once they are gone, the next APPEND starts a fresh
# chain: the outcome depends on *when* you append.

# %%
append = scenarios.get("unique_append_onto_failed")
wm = append.load()
events = append.play(wm, until=timedelta(seconds=90))
apply = wm.get_work_infos_by_tag("apply")[0]
print(wm.explain(apply.id))

# %% [markdown]
# The whole story in the Studio.
#
# 🔁 **Change, predict, re-run.** Replace `events = append.play(wm)` by three lines:
# `events = append.play(wm, until=timedelta(seconds=59))`, then `wm.prune_work()`, then
# `events = append.play(wm)`. Predict what happens to `apply` at 1:00, then re-run.
#
# <details><summary>What you should see</summary>
#
# `prune_work()` at 0:59 deletes the FAILED `fetch` (nothing unfinished depends on it).
# At 1:00 the APPEND finds nothing under "sync", so `apply` starts a fresh chain: it
# runs and SUCCEEDS at 1:10. At 2:00 APPEND_OR_REPLACE finds a SUCCEEDED leaf and simply
# appends `fetch-again` → `apply-again` after it.
# </details>

# %%
wm = append.load()
events = append.play(wm)
for info in wm.get_work_infos_for_unique_work("sync"):
    print(sorted(info.tags - {t for t in info.tags if "." in t}), info.state.name)
Studio(wm)

# %% [markdown]
# APPEND_OR_REPLACE saw the failed leaf, deleted the old rows (without cancelling
# anything still running, exactly as Android does) and started a fresh chain.

# %% [markdown]
# ## Unique periodic work
#
# `enqueue_unique_periodic_work` (Kotlin `enqueueUniquePeriodicWork`) has its own
# policies:
#
# | policy | over an existing ENQUEUED or RUNNING periodic work |
# |---|---|
# | `KEEP` | nothing happens |
# | `UPDATE` | the same work is changed in place: same id, same schedule, `generation + 1`; a running worker finishes its run with the old parameters |
# | `CANCEL_AND_REENQUEUE` | cancelled and deleted; the new request starts a new schedule (its first run comes at once, unless it has a delay or a flex) |
#
# `REPLACE` is the deprecated name of `CANCEL_AND_REENQUEUE`. Use UPDATE when an app
# update changes a periodic work's constraints or interval: the user keeps the schedule.
#
# `update_work(request)` (Kotlin `updateWork`, which returns a
# `ListenableFuture<UpdateResult>`) changes a stored work by id the same way, if it is
# not finished: `APPLIED_IMMEDIATELY`, or `APPLIED_FOR_NEXT_RUN` while it runs. A
# finished work is not changed at all: `NOT_APPLIED`. (An id WorkManager does not know
# is an error.)


# %%
class Sync(Worker):
    duration = timedelta(minutes=1)

    def do_work(self):
        return Result.success()


wm = WorkManager()
hourly = PeriodicWorkRequest(Sync, timedelta(hours=1))
wm.enqueue_unique_periodic_work("sync", ExistingPeriodicWorkPolicy.UPDATE, hourly)
wm.advance(timedelta(minutes=20))
print("before:", wm.get_work_info_by_id(hourly.id))
every_two = PeriodicWorkRequest(Sync, timedelta(hours=2))
wm.enqueue_unique_periodic_work("sync", ExistingPeriodicWorkPolicy.UPDATE, every_two)
info = wm.get_work_infos_for_unique_work("sync")[0]
print("after: ", info, "| same id:", info.id == hourly.id, "| generation:", info.generation)

# %% [markdown]
# The first run ended at 0:01, so with the new 2-hour interval the next run is due at
# 2:01: the schedule was kept, only the interval changed. With CANCEL_AND_REENQUEUE the
# new request would have run at once, at 0:20.

# %% [markdown]
# ## Which policy do I need?
#
# | you want | use |
# |---|---|
# | at most one at a time; if one is already waiting or running, that one is fine | `KEEP` |
# | the newest request wins; stop and forget the old one | `REPLACE` |
# | run after what is there, in order, and stop the queue if one fails | `APPEND` |
# | run after what is there, but start fresh if what is there failed or was cancelled | `APPEND_OR_REPLACE` |
# | periodic: keep the schedule, change the parameters | `UPDATE` |
# | periodic: start the schedule over | `CANCEL_AND_REENQUEUE` |

# %% [markdown]
# ## ✏️ Exercise 9.1: pick the policy
#
# For each situation, choose the policy (an `ExistingWorkPolicy` or
# `ExistingPeriodicWorkPolicy` member):
#
# - `"sync_button"`: a "sync now" button; if a sync is already waiting or running,
#   pressing again must not start a second one.
# - `"search"`: a search runs in the background as the user types; only the latest query
#   matters, and an older search still running is wasted work.
# - `"chat"`: each new message is queued behind the earlier ones; once a message has
#   failed for good, the next message the user sends must not be stuck behind it.
# - `"daily_cleanup"`: a daily periodic clean-up; the new app version adds a
#   battery-not-low constraint and must not reset the daily schedule.

# %% tags=["exercise"]
policies = {
    "sync_button": ...,
    "search": ...,
    "chat": ...,
    "daily_cleanup": ...,
}

# %%
ex09.check_policies(policies)

# %% [markdown]
# ## ✏️ Exercise 9.2: 🔮 APPEND to what?
#
# A unique name `"sync"` holds one work. We enqueue a new request under it with APPEND.
# What is the new work's state, right after `enqueue`, if the existing work is
# (a) RUNNING, (b) SUCCEEDED, (c) CANCELLED?

# %% tags=["exercise"]
append_states = {"running": ..., "succeeded": ..., "cancelled": ...}

# %%
ex09.check_append_states(append_states)

# %% [markdown]
# ## ✏️ Exercise 9.3: an app update that keeps the schedule
#
# Version 1 of the app enqueued a daily clean-up when it started:
#
# ```python
# v1 = PeriodicWorkRequest(Cleanup, timedelta(days=1))
# wm.enqueue_unique_periodic_work("cleanup", ExistingPeriodicWorkPolicy.KEEP, v1)
# ```
#
# In version 2 the clean-up must also require a battery that is not low. Write
# `on_upgrade(wm)`, which version 2 calls **each time it starts** (it cannot tell the
# first start from the others, nor an update from a new install). Afterwards there is
# one clean-up work, daily, with the new constraint, and its next run comes when version
# 1 had planned it. The check runs it on a phone where version 1 ran its clean-up at
# 0:00, starting version 2 at 5:00 and again at 10:00, and on a new install.


# %%
class Cleanup(Worker):
    def do_work(self):
        return Result.success()


battery = Constraints(requires_battery_not_low=True)  # version 2's new constraint


# %% tags=["exercise"]
def on_upgrade(wm):
    raise NotImplementedError  # ← replace this line


# %%
ex09.check_on_upgrade(on_upgrade, Cleanup)

# %% [markdown]
# ## What to remember
#
# - A unique name's "existing works" are all its stored rows, finished ones included,
#   until they are pruned.
# - KEEP protects only unfinished work; REPLACE stops and deletes; APPEND inherits
#   failure and cancellation; APPEND_OR_REPLACE starts fresh after them.
# - For periodic work prefer UPDATE: it keeps the id and the schedule, and it enqueues
#   the work when none exists, so the same start-up code serves a new install.
# - A failed APPEND chain traps later APPENDs only until its rows are pruned.
# - `updateWork` on a finished work returns `NOT_APPLIED`.

# %% [markdown]
# ## 🚀 Transfer: unique work on Android
#
# **The tests.** With the `Step` worker of lesson 03 and a `Boom` worker that returns
# `Result.failure()`, add to the `WorkTest` class of lesson 00, with these imports:
#
# ```kotlin
# import androidx.work.ExistingWorkPolicy
# import androidx.work.WorkQuery
# import java.util.concurrent.TimeUnit
# import org.junit.Assert.assertNull
#
# @Test
# fun keepIgnoresTheNewRequestWhileTheOldOneWaits() {
#     val first = OneTimeWorkRequestBuilder<Step>().setInitialDelay(1, TimeUnit.HOURS).build()
#     val second = OneTimeWorkRequestBuilder<Step>().build()
#     workManager.enqueueUniqueWork("feed", ExistingWorkPolicy.KEEP, first).result.get()
#     workManager.enqueueUniqueWork("feed", ExistingWorkPolicy.KEEP, second).result.get()
#     assertNull(workManager.getWorkInfoById(second.id).get())  // never stored
#     val waiting = workManager.getWorkInfos(
#         WorkQuery.Builder.fromUniqueWorkNames(listOf("feed"))
#             .addStates(listOf(WorkInfo.State.ENQUEUED))
#             .build()
#     ).get()
#     assertEquals(listOf(first.id), waiting.map { it.id })
# }
#
# @Test
# fun appendOntoAFailedChainFailsUntilItIsPruned() {
#     val boom = OneTimeWorkRequestBuilder<Boom>().build()
#     val apply = OneTimeWorkRequestBuilder<Step>().build()
#     workManager.enqueueUniqueWork("sync", ExistingWorkPolicy.APPEND, boom).result.get()
#     workManager.enqueueUniqueWork("sync", ExistingWorkPolicy.APPEND, apply).result.get()
#     assertEquals(WorkInfo.State.FAILED, workManager.getWorkInfoById(apply.id).get()?.state)
#
#     workManager.pruneWork().result.get()  // the failed rows are gone...
#     val again = OneTimeWorkRequestBuilder<Step>().build()
#     workManager.enqueueUniqueWork("sync", ExistingWorkPolicy.APPEND, again).result.get()
#     assertEquals(WorkInfo.State.SUCCEEDED, workManager.getWorkInfoById(again.id).get()?.state)
# }
# ```
#
# **On a device**, the diagnostics table shows each work's unique name and tags, so you
# can see which rows a policy kept, replaced or deleted:
#
# ```sh
# adb shell am broadcast -a "androidx.work.diagnostics.REQUEST_DIAGNOSTICS" -p "com.example.app"
# adb logcat -d -s WM-DiagnosticsWrkr
# ```
#
# Next, **10 · Doze, standby buckets and expedited work**.
