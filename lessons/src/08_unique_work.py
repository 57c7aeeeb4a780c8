# Source of lessons/08_unique_work.ipynb: edit here, then run `python lessons/build.py`.

# %% [markdown]
# # 08 · Unique work, tags and queries: which policy do I need?
#
# *About 30 minutes.*
#
# **What you'll learn**
#
# - how tags find and cancel groups of works, and which tag every work has anyway;
# - how to ask precise questions with `WorkQuery`;
# - what each `ExistingWorkPolicy` does to the work already there, step by step;
# - the periodic policies, and why UPDATE keeps a schedule;
# - how to pick the policy you need.

# %%
from datetime import timedelta

from wmkit import (
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
    WorkManagerError,
    WorkQuery,
    scenarios,
)
from wmkit.widgets import Studio

from lesson_checks import ex08

# %% [markdown]
# ## Tags
#
# A tag is a label you choose; a work may have many, and many works may share one.
#
# | Kotlin | wmkit |
# |---|---|
# | `.addTag("upload")` | `.add_tag("upload")` |
# | `getWorkInfosByTag("upload")` | `wm.get_work_infos_by_tag("upload")` |
# | `cancelAllWorkByTag("upload")` | `wm.cancel_all_work_by_tag("upload")` |
#
# Every request also carries its worker's class name as a tag, as Android adds
# `Class.getName()`: "cancel every Upload" needs no tag of your own.


# %%
class Upload(Worker):
    duration = timedelta(minutes=1)

    def do_work(self):
        return Result.success()


wm = WorkManager()
photos = [OneTimeWorkRequest(Upload, tags=["upload", "photos"]) for _ in range(2)]
video = OneTimeWorkRequest(Upload, tags=["upload", "video"])
wm.enqueue([*photos, video])
print(sorted(video.tags))
print(len(wm.get_work_infos_by_tag("upload")), "works tagged upload")
print(len(wm.get_work_infos_by_tag(f"{Upload.__module__}.{Upload.__qualname__}")), "Upload works")

# %% [markdown]
# ## `WorkQuery`: precise questions
#
# A query combines ids, tags, unique names and states: **AND** across kinds, **OR**
# within one kind.
#
# ```kotlin
# val query = WorkQuery.Builder
#     .fromTags(listOf("upload"))
#     .addStates(listOf(WorkInfo.State.ENQUEUED, WorkInfo.State.RUNNING))
#     .build()
# workManager.getWorkInfos(query)
# ```

# %%
wm.advance(timedelta(seconds=30))
wm.cancel_work_by_id(video.id)
query = WorkQuery.Builder.from_tags(["upload"]).add_states([State.RUNNING]).build()
for info in wm.get_work_infos(query):
    print(info.state.name, sorted(tag for tag in info.tags if "." not in tag))

# %% [markdown]
# 📱 `WorkQuery.Builder` refuses an empty query, but the shortcut factories do not
# validate: `WorkQuery.fromIds(emptyList())` matches **every** work. Check a list before
# you build a query from it.

# %%
try:
    WorkQuery.Builder().build()
except WorkManagerError as error:
    print("refused:", error)
print(len(wm.get_work_infos(WorkQuery.from_ids([]))), "works match an empty id list")

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

# %% [markdown]
# A queue with APPEND: each new upload waits for the one before it.

# %%
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
# Play the rest: at 3:00 KEEP is used again, now that `keep-1` has finished.

# %%
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
# APPEND is tempting for a queue of jobs, but a failure anywhere in the queue is
# inherited by everything appended after it, forever.

# %%
append = scenarios.get("unique_append_onto_failed")
wm = append.load()
events = append.play(wm, until=timedelta(seconds=90))
apply = wm.get_work_infos_by_tag("apply")[0]
print(wm.explain(apply.id))

# %%
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
# `update_work(request)` (Kotlin `updateWork`) changes any stored work by id the same way.


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
# ## ✏️ Exercise 8.1: pick the policy
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
ex08.check_policies(policies)

# %% [markdown]
# ## ✏️ Exercise 8.2: a query
#
# Build `pending_uploads`: a `WorkQuery` for the works tagged `"upload"` that are
# ENQUEUED or RUNNING.

# %% tags=["exercise"]
pending_uploads = ...  # WorkQuery.Builder...build()

# %%
ex08.check_pending_uploads(pending_uploads)

# %% [markdown]
# ## ✏️ Exercise 8.3: 🔮 APPEND to what?
#
# A unique name `"sync"` holds one work. We enqueue a new request under it with APPEND.
# What is the new work's state, right after `enqueue`, if the existing work is
# (a) RUNNING, (b) SUCCEEDED, (c) CANCELLED?

# %% tags=["exercise"]
append_states = {"running": ..., "succeeded": ..., "cancelled": ...}

# %%
ex08.check_append_states(append_states)

# %% [markdown]
# ## What to remember
#
# - Tags group works; every work is tagged with its worker class's name too.
# - `WorkQuery`: AND across kinds, OR within; an empty id list means *all* works.
# - KEEP protects only unfinished work; REPLACE stops and deletes; APPEND inherits
#   failure and cancellation; APPEND_OR_REPLACE starts fresh after them.
# - For periodic work prefer UPDATE: it keeps the id and the schedule.
#
# Next, **09 · Doze, standby buckets and expedited work**.
