# Source of lessons/04_input_mergers.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - The merge list is [own input] + prerequisites' outputs, in no specified order:
#   impl/WorkerWrapper.kt (`listOf(workSpec.input) + getInputsFromPrerequisites`, SQL
#   without ORDER BY in impl/model/WorkSpecDao.kt).
# - OverwritingInputMerger: putAll in list order (OverwritingInputMerger.kt);
#   ArrayCreatingInputMerger throws IllegalArgumentException on mismatched types
#   (ArrayCreatingInputMerger.kt; ArrayCreatingInputMergerTest).
# - A merge that throws: in the 2.9 wrapper (impl/WorkerWrapper.kt, Runnable-based,
#   commit aa889ef) `inputMerger.merge(inputs)` in runWorker() has no try/catch, so the
#   exception escapes WorkManager's task-executor thread (uncaught: the app process
#   dies) before trySetRunning(), leaving the row ENQUEUED. In the 2.10+ coroutine
#   wrapper (impl/WorkerWrapper.kt launch(), commit 07c9725) runWorker's throwable is
#   caught -> Resolution.Failed -> setFailed: FAILED with its dependents, runAttemptCount 0.

# %% [markdown]
# # 04 · Input mergers: when several parents feed one child
#
# *About 20 minutes.*
#
# **What you'll learn**
#
# - the exact list a merger receives, and why a parent can overwrite your own input;
# - `OverwritingInputMerger` (the default) and `ArrayCreatingInputMerger`;
# - what happens when the types do not match;
# - how to write your own merger.

# %%
from datetime import timedelta

from wmkit import (
    AppCrashError,
    ArrayCreatingInputMerger,
    Data,
    InputMerger,
    OneTimeWorkRequest,
    OverwritingInputMerger,
    Result,
    Worker,
    WorkManager,
    scenarios,
)
from wmkit.widgets import MergeInspector, Studio

from lesson_checks import ex04

# %% [markdown]
# ## The rule
#
# When a work in a chain is unblocked, WorkManager builds its input with its *input
# merger* from one list:
#
# ```text
# [ the work's own input ]  +  [ output of each direct prerequisite ]
# ```
#
# The work's own input comes **first**. The order of the prerequisites after it is not
# specified by Android (it comes from a database query with no ORDER BY): never rely on
# it.

# %% [markdown]
# ## `OverwritingInputMerger`, the default
#
# It copies every input into one `Data`, in list order: for a key that appears twice, the
# later value wins. Since your own input comes first, **a parent's output overwrites your
# own input** for the same key.
#
# 🔮 **Predict, then run.** `Encode` is enqueued with input `{"quality": 80, "format":
# "jpg"}` after `Pick`, whose output is `{"quality": 50}`. What quality does `Encode` see?


# %%
class Pick(Worker):
    def do_work(self):
        return Result.success({"quality": 50})


class Encode(Worker):
    def do_work(self):
        print("Encode sees", self.input_data)
        return Result.success()


wm = WorkManager()
encode = OneTimeWorkRequest(Encode, input_data={"quality": 80, "format": "jpg"})
wm.begin_with(OneTimeWorkRequest(Pick)).then(encode).enqueue()
events = wm.run_until_idle()

# %% [markdown]
# <details><summary>Why?</summary>
#
# The list was `[{quality: 80, format: jpg}, {quality: 50}]`; the later 50 overwrote
# 80. Keys only you have (`format`) survive. If your own value must win, give it a key no
# parent uses.
# </details>

# %% [markdown]
# ## `ArrayCreatingInputMerger`: keep everything
#
# This merger turns **every key into an array** holding the values of all inputs: your
# own input's values too, even when there is only one.
#
# ```kotlin
# val album = OneTimeWorkRequestBuilder<MakeAlbum>()
#     .setInputMerger(ArrayCreatingInputMerger::class.java)
#     .build()
# ```
#
# You can try a merger directly on a list of `Data`:

# %%
inputs = [Data({"album": "Holiday"}), Data({"photo": "beach.jpg"}), Data({"photo": "city.jpg"})]
print("Overwriting:  ", OverwritingInputMerger().merge(inputs))
print("ArrayCreating:", ArrayCreatingInputMerger().merge(inputs))

# %% [markdown]
# A worker behind `ArrayCreatingInputMerger` must read arrays: `get_string("album")`
# now returns `None`; `get_string_array("album")` returns `["Holiday"]`.
#
# Arrays are only built from values of the **same type**. An `Int` and a `Long` under one
# key do not mix: the merger throws `IllegalArgumentException`. What follows depends on
# the WorkManager version, and it is a trap worth knowing:
#
# - **2.10 and later** catch it: the work is FAILED without running (its
#   `runAttemptCount` stays 0), and every work after it fails too. wmkit's default
#   release, 2.11, does this.
# - **2.9** does not catch it: the exception escapes WorkManager's background thread and
#   **crashes your app**. The work is still ENQUEUED afterwards, so the next time it is
#   due, the same merge crashes the app again.
#
# Give a key the same type in every input. Python's `int` is a `Long` in wmkit;
# `put_int` makes an `Int`:


# %%
class Size(Worker):
    def do_work(self):
        return Result.success(Data.Builder().put_int("bytes", 2048).build())  # an Int


class Size64(Worker):
    def do_work(self):
        return Result.success({"bytes": 4096})  # a Long


class Total(Worker):
    def do_work(self):
        return Result.success({"total": sum(self.input_data.get_long_array("bytes"))})


wm = WorkManager()
total = OneTimeWorkRequest(Total, input_merger=ArrayCreatingInputMerger)
wm.begin_with([OneTimeWorkRequest(Size), OneTimeWorkRequest(Size64)]).then(total).enqueue()
events = wm.run_until_idle()
print(wm.explain(total.id).splitlines()[0])
print(wm.describe_work(total.id).failure.splitlines()[0])  # 🐍 why it failed

# %% [markdown]
# The same chain on a manager that simulates **androidx 2.9** (`WorkManager(androidx=
# "2.9")`): the clock call raises `AppCrashError` 🐍, the app's process restarts, and the
# work is still ENQUEUED, so the next `advance` would crash it again. Cancelling it ends
# the crash loop.

# %%
wm = WorkManager(androidx="2.9")
total = OneTimeWorkRequest(Total, input_merger=ArrayCreatingInputMerger)
wm.begin_with([OneTimeWorkRequest(Size), OneTimeWorkRequest(Size64)]).then(total).enqueue()
try:
    wm.run_until_idle()
except AppCrashError as crash:
    print("💥", str(crash).split(". In androidx")[0])
info = wm.get_work_info_by_id(total.id)
print(info.state, "| attempts:", info.run_attempt_count)
wm.cancel_work_by_id(total.id)

# %% [markdown]
# ## The fan-in scenario, inspected
#
# `fan_in_merge` has both mergers side by side: `make-album` (ArrayCreating, with its own
# input `album`) and `pick-cover` (Overwriting) wait for three downloads (10 s, 20 s,
# 30 s). The merge inspector 🐍 shows, for a work, the list its merger receives and what
# comes out. Play the story, then look at both children.
#
# 🔁 **Change, predict, re-run.** Change `seconds=40` to `seconds=25`. Predict what the
# inspector shows for `make-album` at 0:25, then re-run the cell and pick `make-album`.
#
# <details><summary>What you should see</summary>
#
# `make-album` is still BLOCKED: the forest download runs until 0:30. The inspector
# shows the merge of the outputs *so far* (beach and city) and says that not every
# prerequisite has succeeded: the real merge happens once, when the work starts at
# 0:30, with all three outputs.
# </details>

# %%
fan_in = scenarios.get("fan_in_merge")
wm = fan_in.load()
events = fan_in.play(wm, until=timedelta(seconds=40))  # the whole story
MergeInspector(wm)

# %%
for role in ("make-album", "pick-cover"):
    info = wm.get_work_infos_by_tag(role)[0]
    print(f"{role:11} output: {info.output_data}")

# %% [markdown]
# 📱 `pick-cover` got one of the three photos. Which one depends on the order of the
# parents, which Android does not specify: on a phone it may differ from run to run or
# between versions. Fan-in with the default merger is only safe when the parents write
# *different* keys.

# %% [markdown]
# ## Writing your own merger
#
# A merger is a class with one method, `merge(inputs) -> Data`. Android creates it by
# its class name, so it must have a constructor with no arguments and keep no state.
#
# | Kotlin | wmkit |
# |---|---|
# | `class FirstWins : InputMerger() { override fun merge(inputs: List<Data>): Data }` | `class FirstWins(InputMerger): def merge(self, inputs): ...` |
# | `.setInputMerger(FirstWins::class.java)` | `.set_input_merger(FirstWins)` |


# %%
class FirstWins(InputMerger):
    """Earlier inputs win: the work's own input beats its parents'."""

    def merge(self, inputs):
        return OverwritingInputMerger().merge(list(reversed(inputs)))


print(FirstWins().merge([Data({"quality": 80}), Data({"quality": 50})]))

# %% [markdown]
# ## A fan-in of your own, in the Studio 🐍
#
# `Encode` (own input `{quality: 80, format: jpg}`) waits for `Pick` (output
# `{quality: 50}`) and `Size64` (output `{bytes: 4096}`), with the default merger. Step
# the clock: `Encode` prints the input it got. (The Studio's list also loads any
# scenario.)
#
# 🔁 **Change, predict, re-run.** Change `OverwritingInputMerger` to
# `ArrayCreatingInputMerger` in the cell. Predict the input `Encode` prints, then re-run
# the cell and step to the end.
#
# <details><summary>What you should see</summary>
#
# `{quality: [80, 50], format: [jpg], bytes: [4096]}`: every key becomes an array, your
# own values first. With the default merger it printed `{quality: 50, format: jpg,
# bytes: 4096}`: the parent's 50 overwrote your 80.
# </details>

# %%
wm = WorkManager()
encode = OneTimeWorkRequest(
    Encode, input_data={"quality": 80, "format": "jpg"}, input_merger=OverwritingInputMerger
)
wm.begin_with([OneTimeWorkRequest(Pick), OneTimeWorkRequest(Size64)]).then(encode).enqueue()
Studio(wm)

# %% [markdown]
# ## ✏️ Exercise 4.1: 🔮 the default merger
#
# A work has its own input `{"quality": 80}` and two parents whose outputs are
# `{"quality": 50}` and `{"size": 3}`. With the default merger, what input does it get?
# Write it as a `dict`.

# %% tags=["exercise"]
overwriting_result = ...  # a dict

# %%
ex04.check_overwriting(overwriting_result)

# %% [markdown]
# ## ✏️ Exercise 4.2: 🔮 the array merger
#
# Same question with `ArrayCreatingInputMerger`: own input `{"n": 1}`, parents' outputs
# `{"n": 2}` and `{"m": "x"}`. Write the merged input as a `dict` (use lists for arrays).

# %% tags=["exercise"]
array_result = ...  # a dict

# %%
ex04.check_array_creating(array_result)

# %% [markdown]
# ## ✏️ Exercise 4.3: a merger of your own
#
# Write `TotalBytesMerger`: from all its inputs it returns a `Data` with exactly two
# keys: `"bytes"`, the sum of every `"bytes"` value (a Long, or an array of Longs), and
# `"photos"`, an array of every `"photo"` String, in input order. Inputs without those
# keys add nothing. With no bytes at all, `"bytes"` is 0 and `"photos"` is `[]`.


# %% tags=["exercise"]
class TotalBytesMerger(InputMerger):
    def merge(self, inputs):
        raise NotImplementedError  # ← your code here


# %%
ex04.check_total_bytes_merger(TotalBytesMerger)

# %% [markdown]
# ## What to remember
#
# - A merger gets `[own input] + parents' outputs`; the parents' order is unspecified.
# - Default: later wins, so **a parent overwrites your own input** for the same key.
# - `ArrayCreatingInputMerger`: every key becomes an array, yours too; types must match.
# - A custom merger is a stateless class with `merge(inputs) -> Data`.
# - An `Int` and a `Long` under one key fail the merge: FAILED on 2.10+, an app crash
#   on 2.9.

# %% [markdown]
# ## 🚀 Transfer: mergers on Android
#
# **The tests.** The workers, in your app:
#
# ```kotlin
# class Pick(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork() = Result.success(workDataOf("quality" to 50))
# }
# class Echo(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork() = Result.success(inputData)  // its merged input, as output
# }
# class Size(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork() = Result.success(workDataOf("bytes" to 2048))   // an Int
# }
# class Size64(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork() = Result.success(workDataOf("bytes" to 4096L))  // a Long
# }
# ```
#
# and two tests for the `WorkTest` class of lesson 00, with these imports added:
#
# ```kotlin
# import androidx.work.ArrayCreatingInputMerger
# import org.junit.Assert.assertArrayEquals
#
# @Test
# fun theArrayMergerKeepsYourValueFirst() {
#     val echo = OneTimeWorkRequestBuilder<Echo>()
#         .setInputData(workDataOf("quality" to 80))
#         .setInputMerger(ArrayCreatingInputMerger::class.java)
#         .build()
#     workManager.beginWith(OneTimeWorkRequestBuilder<Pick>().build())
#         .then(echo).enqueue().result.get()
#     val info = checkNotNull(workManager.getWorkInfoById(echo.id).get())
#     assertArrayEquals(intArrayOf(80, 50), info.outputData.getIntArray("quality"))
# }
#
# @Test  // WorkManager 2.10+ (setup of lesson 00); on 2.9 this test crashes the app
# fun anIntAndALongUnderOneKeyFailTheWork() {
#     val echo = OneTimeWorkRequestBuilder<Echo>()
#         .setInputMerger(ArrayCreatingInputMerger::class.java)
#         .build()
#     val parents = listOf(
#         OneTimeWorkRequestBuilder<Size>().build(),
#         OneTimeWorkRequestBuilder<Size64>().build(),
#     )
#     workManager.beginWith(parents).then(echo).enqueue().result.get()
#     val info = checkNotNull(workManager.getWorkInfoById(echo.id).get())
#     assertEquals(WorkInfo.State.FAILED, info.state)
#     assertEquals(0, info.runAttemptCount)  // it never started
# }
# ```
#
# **On a device** there is nothing to see with `dumpsys` (a merge happens inside your
# app's process, when the work starts); the evidence is in logcat. On 2.10+ WorkManager
# logs the merge exception under a `WM-` tag and the work is FAILED; on 2.9 look for the
# `FATAL EXCEPTION` of the crash:
#
# ```sh
# adb logcat -d | grep -E "WM-|FATAL EXCEPTION"
# ```
#
# Next, **05 · When things go wrong**: retries, backoff, failures and cancellations.
