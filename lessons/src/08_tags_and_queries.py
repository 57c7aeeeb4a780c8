# Source of lessons/08_tags_and_queries.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - Implicit tag = the worker's class name: WorkRequest.kt (tags = workerClass.name);
#   testEnqueue_AddsImplicitTags.
# - getWorkInfosByTag / getWorkInfos(query) return ListenableFuture<List<WorkInfo>>, with
#   Flow (2.9+) and LiveData twins: WorkManager.kt. Both skip a result equal to the last
#   one: the LiveData through impl/utils/LiveDataUtils dedupedMappedLiveDataFor (used by
#   WorkManagerImpl), the Flow through dedup in impl/model/WorkSpecDao.kt (and
#   RawWorkInfoDao.kt getWorkInfoPojosFlow for a WorkQuery).
# - WorkQuery.Builder's constructor is private: WorkQuery.Builder.fromIds/fromTags/
#   fromStates/fromUniqueWorkNames; build() with nothing throws IllegalArgumentException
#   ("Must specify ids, uniqueNames, tags or states"); the companion WorkQuery.fromX
#   factories do not validate: WorkQuery.kt; impl/utils/RawQueries.kt.
# - cancelAllWorkByTag cancels the unfinished works with the tag and, through the
#   dependency table, every work that depends on them; finished works keep their state:
#   impl/utils/CancelWorkRunnable.kt (forTag, iterativelyCancelWorkAndDependents);
#   testCancelAllWorkByTag_cancelsDependentWork.
# - Finished rows stay in every query's result until pruned: impl/WorkDatabase.kt.

# %% [markdown]
# # 08 · Tags and queries: finding, watching and cancelling groups of works
#
# *About 25 minutes.*
#
# **What you'll learn**
#
# - how tags label groups of works, and which tag every work carries anyway;
# - how to ask precise questions with `WorkQuery`, and which query matches everything;
# - how to *watch* a group of works, as a progress screen does, with a LiveData (a Flow
#   in Kotlin), and why its list holds finished works too;
# - what `cancel_all_work_by_tag` cancels, and what it leaves alone.

# %%
from datetime import timedelta

from wmkit import (
    OneTimeWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
    WorkManagerError,
    WorkQuery,
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
# | `getWorkInfosByTag("upload")` (a `ListenableFuture`) | `wm.get_work_infos_by_tag("upload")` (🐍 the list, at once) |
# | `cancelAllWorkByTag("upload")` | `wm.cancel_all_work_by_tag("upload")` |
#
# Every request also carries its worker's class name as a tag, as Android adds
# `Class.getName()`: "cancel every Upload" needs no tag of your own. (On a phone the
# name is the full Kotlin one, `com.example.app.Upload`; in a notebook it is
# `__main__.Upload`.)
#
# 📱 As with `getWorkInfoById` (lesson 01), the Kotlin queries are asynchronous:
# `getWorkInfosByTag(tag).await()` in a coroutine, or observe
# `getWorkInfosByTagFlow(tag)` (2.9+) / `getWorkInfosByTagLiveData(tag)`; the same holds
# for `getWorkInfos(query)` and `getWorkInfosForUniqueWork(name)`.


# %%
class Upload(Worker):
    def do_work(self):
        self.duration = timedelta(minutes=self.input_data.get_long("minutes", 1))  # 🐍
        return Result.success()


upload_tag = f"{Upload.__module__}.{Upload.__qualname__}"  # Kotlin: Upload::class.java.name

wm = WorkManager()
photos = [OneTimeWorkRequest(Upload, tags=["upload", "photos"]) for _ in range(2)]
video = OneTimeWorkRequest(Upload, tags=["upload", "video"])
wm.enqueue([*photos, video])
print(sorted(video.tags))
print(len(wm.get_work_infos_by_tag("upload")), "works tagged upload")
print(len(wm.get_work_infos_by_tag(upload_tag)), "Upload works, by the implicit tag", upload_tag)

# %% [markdown]
# ## `WorkQuery`: precise questions
#
# A query combines ids, tags, unique names (lesson 09) and states: **AND** across kinds,
# **OR** within one kind.
#
# ```kotlin
# val query = WorkQuery.Builder
#     .fromTags(listOf("upload"))
#     .addStates(listOf(WorkInfo.State.ENQUEUED, WorkInfo.State.RUNNING))
#     .build()
# val infos: List<WorkInfo> = workManager.getWorkInfos(query).await()
# ```

# %%
wm.advance(timedelta(seconds=30))
wm.cancel_work_by_id(video.id)
query = WorkQuery.Builder.from_tags(["upload"]).add_states([State.RUNNING]).build()
for info in wm.get_work_infos(query):
    print(info.state.name, sorted(tag for tag in info.tags if "." not in tag))

# %% [markdown]
# 📱 `WorkQuery.Builder` refuses an empty query (`WorkQuery.Builder.fromTags(emptyList())
# .build()` throws `IllegalArgumentException`), but the shortcut factories do not
# validate: `WorkQuery.fromIds(emptyList())` matches **every** work. Check a list before
# you build a query from it. (A builder always starts from one of the `from...`
# functions: Kotlin has no `WorkQuery.Builder()`; 🐍 wmkit's is a convenience.)

# %%
try:
    WorkQuery.Builder.from_tags([]).build()
except WorkManagerError as error:
    print("refused:", error)
print(len(wm.get_work_infos(WorkQuery.from_ids([]))), "works match an empty id list")

# %% [markdown]
# ## Watching a group of works
#
# A screen that shows "2 uploading" does not ask again and again: it observes the
# query, as lesson 02 observed one work.
#
# ```kotlin
# val uploads = WorkQuery.Builder.fromTags(listOf("upload")).build()
# workManager.getWorkInfosLiveData(uploads).observe(lifecycleOwner) { infos ->
#     val running = infos.count { it.state == WorkInfo.State.RUNNING }
#     binding.progress.text = "$running uploading"
# }
# // or in a coroutine (WorkManager 2.9+): workManager.getWorkInfosFlow(uploads).collect { ... }
# ```
#
# | Kotlin | wmkit |
# |---|---|
# | `getWorkInfosLiveData(query)` / `getWorkInfosFlow(query)` | `wm.get_work_infos_live_data(query)` |
# | `getWorkInfosByTagLiveData(tag)` / `getWorkInfosByTagFlow(tag)` | `wm.get_work_infos_by_tag_live_data(tag)` |
# | `.observe(lifecycleOwner) { infos -> ... }` | `.observe(show)` (🐍 no lifecycle owner) |
#
# The observer is called at once with the current list, then with the **whole list
# again** each time the result changes (WorkManager skips a result equal to the last
# one). The list holds every matching work, finished ones included, until they are
# pruned (lesson 11): yesterday's uploads are still in it.
#
# 🔮 **Predict, then run.** We observe the uploads *before* enqueuing three of them (1,
# 2 and 3 minutes, all starting at once), then advance 4 minutes. How many lines does
# `show` print? What does the first line say, and the last?


# %%
def show(infos):
    states = ", ".join(sorted(info.state.name for info in infos))
    print(f"  at {wm.clock.now_millis // 1000:>3} s: {states or '(no works yet)'}")


wm = WorkManager()
uploads = WorkQuery.from_tags(["upload"])
wm.get_work_infos_live_data(uploads).observe(show)
wm.enqueue(
    [OneTimeWorkRequest(Upload, input_data={"minutes": m}, tags=["upload"]) for m in (1, 2, 3)]
)
events = wm.advance(timedelta(minutes=4))

# %% [markdown]
# <details><summary>Why?</summary>
#
# Six lines. The first comes from `observe` itself, before any upload exists: an empty
# list. Then one per change: enqueued, started, and one each time an upload finished.
# Nothing changed between 3:00 and 4:00, so nothing was printed. The last line still
# lists all three: a finished work stays in the result. A screen must count by state,
# never by the length of the list.
# </details>

# %% [markdown]
# ## Cancelling by tag
#
# `cancel_all_work_by_tag(tag)` cancels every **unfinished** work with that tag (a
# running worker is stopped) and, as any cancel does (lesson 05), every work that waits
# for one of them, whatever its tags. Finished works keep their state.
#
# 🔮 **Predict, then run.** Two photos (1 and 3 minutes) and a video (5 minutes) upload;
# `notify` (tagged only `notify`) waits for the video. At 2:00 we cancel by the tag
# `video`. What is the state of each of the four works right after?


# %%
class Notify(Worker):
    def do_work(self):
        return Result.success()


def upload(minutes, *tags):
    return OneTimeWorkRequest(Upload, input_data={"minutes": minutes}, tags=["upload", *tags])


wm = WorkManager()
wm.enqueue([upload(1, "photos", "photo-1"), upload(3, "photos", "photo-2")])
wm.begin_with(upload(5, "video")).then(OneTimeWorkRequest(Notify, tags=["notify"])).enqueue()
wm.advance(timedelta(minutes=2))
wm.cancel_all_work_by_tag("video")
for tag in ("photo-1", "photo-2", "video", "notify"):
    print(f"{tag:8}", wm.get_work_infos_by_tag(tag)[0].state.name)

# %% [markdown]
# <details><summary>Why?</summary>
#
# `photo-1` finished at 1:00 and `photo-2` has no `video` tag: SUCCEEDED and RUNNING.
# The video was RUNNING: its worker is stopped and it is CANCELLED. `notify` has no
# `video` tag, yet it is CANCELLED too: it waited for the video, and a cancel reaches
# every work downstream.
# </details>

# %% [markdown]
# ## The Studio 🐍
#
# The same phone, from the cancel at 2:00 on. The *Works* tab shows each work's tags
# (your own first, then the class name); step the clock to see `photo-2` finish.
#
# 🔁 **Change, predict, re-run.** Replace `"video"` in `cancel_all_work_by_tag("video")`
# by `upload_tag`, the implicit tag of every `Upload`. Predict which works are CANCELLED
# and which end SUCCEEDED, then re-run and step the clock to 5:00.
#
# <details><summary>What you should see</summary>
#
# `photo-1` stays SUCCEEDED: it finished at 1:00, and a cancel never touches a finished
# work. `photo-2` and the video, both still running, are stopped and CANCELLED at 2:00,
# and `notify` is CANCELLED with the video. With `"video"` instead, `photo-2` went on
# and SUCCEEDED at 3:00.
# </details>

# %%
wm = WorkManager()
wm.enqueue([upload(1, "photos", "photo-1"), upload(3, "photos", "photo-2")])
wm.begin_with(upload(5, "video")).then(OneTimeWorkRequest(Notify, tags=["notify"])).enqueue()
wm.advance(timedelta(minutes=2))
wm.cancel_all_work_by_tag("video")
Studio(wm)

# %% [markdown]
# ## ✏️ Exercise 8.1: a query
#
# Build `pending_uploads`: a `WorkQuery` for the works tagged `"upload"` that are
# ENQUEUED or RUNNING.

# %% tags=["exercise"]
pending_uploads = ...  # WorkQuery.Builder...build()

# %%
ex08.check_pending_uploads(pending_uploads)

# %% [markdown]
# ## ✏️ Exercise 8.2: a progress line
#
# Write `progress_line(infos)`, the function a screen observes the uploads with: given
# the list of `WorkInfo` of every work tagged `"upload"`, it returns the text to show.
#
# - `"2 of 3 uploaded"`: how many SUCCEEDED, out of all the uploads **except the
#   CANCELLED ones** (the user withdrew those);
# - with `", 1 failed"` added when some FAILED: `"2 of 4 uploaded, 1 failed"`;
# - `"nothing to upload"` when no upload counts (no works yet, or all cancelled).
#
# The check observes the uploads of a phone with `progress_line` as it enqueues, runs,
# fails and cancels some, and compares every line it would show.

# %% tags=["exercise"]
def progress_line(infos):
    raise NotImplementedError  # ← replace this line


# %%
ex08.check_progress_line(progress_line)

# %% [markdown]
# When it passes, watch it work: add a cell with
# `wm.get_work_infos_by_tag_live_data("upload").observe(lambda infos: print(progress_line(infos)))`
# on any of the phones above, and advance the clock.
#
# ## ✏️ Exercise 8.3: 🔮 what does a cancel by tag cancel?
#
# At 0:00 a phone enqueues:
#
# - `thumb` (tag `photos`, 30 seconds) and `album` (tag `photos`, 5 minutes);
# - a chain `scan` (tag `video`, 3 minutes) → `cover` (tag `photos`) → `share` (tag
#   `social`).
#
# At 1:00 it calls `cancel_all_work_by_tag("photos")`. Which works are CANCELLED? Give
# their names as a set, such as `{"thumb", "scan"}`.

# %% tags=["exercise"]
cancelled = ...

# %%
ex08.check_cancelled_by_tag(cancelled)

# %% [markdown]
# ## What to remember
#
# - Tags group works; every work is tagged with its worker class's name too.
# - `WorkQuery`: AND across kinds, OR within; an empty id list means *all* works.
# - Observe a group with `get_work_infos_live_data` / `getWorkInfosFlow`: the whole list
#   comes again at each change, finished works included until pruned; count by state.
# - `cancel_all_work_by_tag` cancels only unfinished works with the tag, plus everything
#   downstream of them, whatever its tags; never their prerequisites.

# %% [markdown]
# ## 🚀 Transfer: tags and queries on Android
#
# **The tests.** With the `Step` worker of lesson 03, add to the `WorkTest` class of
# lesson 00, with these imports:
#
# ```kotlin
# import androidx.work.WorkQuery
# import java.util.concurrent.TimeUnit
# import kotlinx.coroutines.flow.first
# import kotlinx.coroutines.runBlocking
#
# @Test
# fun everyWorkCarriesItsClassNameAsATag() {
#     val step = OneTimeWorkRequestBuilder<Step>().addTag("upload").build()
#     workManager.enqueue(step).result.get()
#     val info = checkNotNull(workManager.getWorkInfoById(step.id).get())
#     assertEquals(setOf("upload", Step::class.java.name), info.tags)
#     val steps = workManager.getWorkInfosByTag(Step::class.java.name).get()
#     assertEquals(listOf(step.id), steps.map { it.id })
# }
#
# @Test
# fun aQueryFindsOnlyThePendingUploads() {
#     val done = OneTimeWorkRequestBuilder<Step>().addTag("upload").build()
#     val waiting = OneTimeWorkRequestBuilder<Step>().addTag("upload")
#         .setInitialDelay(1, TimeUnit.HOURS).build()
#     workManager.enqueue(listOf(done, waiting)).result.get()
#     val pending = WorkQuery.Builder.fromTags(listOf("upload"))
#         .addStates(listOf(WorkInfo.State.ENQUEUED, WorkInfo.State.RUNNING))
#         .build()
#     assertEquals(listOf(waiting.id), workManager.getWorkInfos(pending).get().map { it.id })
#     // the Flow's first value is the same list (work-runtime 2.9+)
#     val first = runBlocking { workManager.getWorkInfosFlow(pending).first() }
#     assertEquals(listOf(waiting.id), first.map { it.id })
# }
#
# @Test
# fun cancelByTagLeavesFinishedWorkAndCancelsWhatWaits() {
#     val photo = OneTimeWorkRequestBuilder<Step>().addTag("photos").build()
#     val video = OneTimeWorkRequestBuilder<Step>().addTag("video")
#         .setInitialDelay(1, TimeUnit.HOURS).build()
#     val notify = OneTimeWorkRequestBuilder<Step>().addTag("notify").build()
#     workManager.enqueue(photo).result.get()  // SUCCEEDED at once (SynchronousExecutor)
#     workManager.beginWith(video).then(notify).enqueue().result.get()
#     workManager.cancelAllWorkByTag("photos").result.get()
#     workManager.cancelAllWorkByTag("video").result.get()
#     assertEquals(WorkInfo.State.SUCCEEDED, workManager.getWorkInfoById(photo.id).get()?.state)
#     assertEquals(WorkInfo.State.CANCELLED, workManager.getWorkInfoById(video.id).get()?.state)
#     assertEquals(WorkInfo.State.CANCELLED, workManager.getWorkInfoById(notify.id).get()?.state)
# }
# ```
#
# **On a device**, WorkManager's diagnostics table lists each work with its tags (the
# class name among them), so you can check what a tag or a cancel will reach:
#
# ```sh
# adb shell am broadcast -a "androidx.work.diagnostics.REQUEST_DIAGNOSTICS" -p "com.example.app"
# adb logcat -d -s WM-DiagnosticsWrkr
# # after cancelAllWorkByTag("video"): the video's job is gone from JobScheduler
# adb shell dumpsys jobscheduler com.example.app
# ```
#
# Next, **09 · Unique work**: which policy do I need?
