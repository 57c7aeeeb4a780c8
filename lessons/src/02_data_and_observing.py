# Source of lessons/02_data_and_observing.ipynb: edit here, then run `python lessons/build.py`.
#
# Sources (androidx/androidx, work/work-runtime/src/main/java/androidx/work/):
# - Data types, typed getters returning the default on a type mismatch, the 10 240-byte
#   limit: Data_.kt (getOrDefault is `is T`; "Data cannot occupy more than 10240 bytes").
# - Progress is deleted when a run finishes: impl/WorkerWrapper.kt onWorkFinished
#   (workProgressDao().delete).
# - outputData is Data.EMPTY until the work is finished: WorkInfo.kt.
# - getWorkInfoByIdLiveData / getWorkInfoByIdFlow: WorkManager.kt.

# %% [markdown]
# # 02 · Input, output and watching work run
#
# *About 25 minutes.*
#
# **What you'll learn**
#
# - what `Data` may hold, and its 10 KB limit;
# - how a worker reads its input and returns its output;
# - how a long run reports progress;
# - how to *observe* a work instead of asking again and again.

# %%
from datetime import timedelta

from wmkit import (
    CoroutineWorker,
    Data,
    DataError,
    OneTimeWorkRequest,
    Result,
    Worker,
    WorkManager,
)
from wmkit.widgets import Studio

from lesson_checks import ex02

# %% [markdown]
# ## `Data`: a small, typed bag of values
#
# Input and output travel as `Data`: keys mapped to booleans, numbers, strings, or
# arrays of one of those. WorkManager stores it in its database with the work, so it is
# meant for *small* values: ids, names, counts, never the photo itself.
#
# | Kotlin | wmkit |
# |---|---|
# | `workDataOf("name" to "cat.jpg", "retries" to 3)` | 🐍 `Data({"name": "cat.jpg", "retries": 3})` (a `dict`; its `3` is a Long, below) |
# | `Data.Builder().putString("name", "cat.jpg").putInt("retries", 3).build()` | `Data.Builder().put_string("name", "cat.jpg").put_int("retries", 3).build()` |
# | `data.getString("name")` | `data.get_string("name")` |
# | `data.getInt("retries", 0)` | `data.get_int("retries", 0)` |
#
# A getter returns its default when the key is missing **or holds another type**: ask
# for the type you stored.

# %%
data = Data({"name": "cat.jpg", "retries": 3, "sizes": [120, 480]})
print(data.get_string("name"), data.get_long("retries"), data.get_long_array("sizes"))
print(data.get_string("retries"))  # a number, not a string: the default (None)
print(data.get_int("retries"))  # a Long, not an Int: the default (0)
print(data.get_int("missing", 7))  # no such key: the default

# %% [markdown]
# 📱 **On a real phone** the getter must match the stored type exactly: in Kotlin,
# `workDataOf("n" to 3)` stores an `Int`, and `getLong("n", 0)` returns `0`. wmkit's
# getters are just as strict. Python has one integer type, so wmkit stores a Python `int`
# as a `Long` (read it with `get_long`) and a `float` as a `Double` (`get_double`); use
# `Data.Builder().put_int(...)` for an `Int` (it matters in lesson 04).
# 🐍 `data.kind_of("retries")` says which type a value has; to ask about one type, as
# Kotlin's `data.hasKeyWithValueOfType<Long>("retries")` does, call
# `data.has_key_with_value_of_type("retries", "long")`.

# %% [markdown]
# Anything else is refused where you make the mistake, with the rule and a fix, as
# Android throws `IllegalArgumentException` or `IllegalStateException`:

# %%
try:
    Data({"photo": {"width": 640}})  # a dict is not a Data value
except DataError as error:
    print("refused:", error)

try:
    Data({"pixels": list(range(3000))})  # 3000 Longs is more than 10 240 bytes
except DataError as error:
    print("refused:", error)

# %% [markdown]
# ## Input and output
#
# ```kotlin
# class Greet(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork(): Result {
#         val name = inputData.getString("name") ?: return Result.failure()
#         return Result.success(workDataOf("greeting" to "Hi, $name"))
#     }
# }
# val request = OneTimeWorkRequestBuilder<Greet>()
#     .setInputData(workDataOf("name" to "Ada"))
#     .build()
# ```
#
# 🐍 In wmkit, `Result.success(...)` and `set_input_data(...)` also take a plain `dict`,
# turned into `Data` for you; Kotlin passes `Data` (`workDataOf(...)`).


# %%
class Hello(Worker):
    def do_work(self):
        name = self.input_data.get_string("name")
        if name is None:
            return Result.failure({"error": "whom should I greet?"})
        return Result.success({"greeting": f"Hi, {name}"})


wm = WorkManager()
ada = OneTimeWorkRequest.Builder(Hello).set_input_data({"name": "Ada"}).build()
nobody = OneTimeWorkRequest(Hello)
wm.enqueue([ada, nobody])
wm.advance(timedelta(0))
print(wm.get_work_info_by_id(ada.id).output_data)
print(wm.get_work_info_by_id(nobody.id).state, wm.get_work_info_by_id(nobody.id).output_data)

# %% [markdown]
# `WorkInfo.output_data` is kept for one-time work once it is SUCCEEDED or FAILED (a
# failure may carry data too, as above). Before that, and always for periodic work, it
# is empty.

# %% [markdown]
# ## Progress, for runs that take a while
#
# A worker can publish progress while it runs; it shows up in `WorkInfo.progress` and
# disappears when the run finishes. (A plain Kotlin `Worker` calls `setProgressAsync`;
# here is the `CoroutineWorker` way.)
#
# | Kotlin | wmkit |
# |---|---|
# | `class Copy(...) : CoroutineWorker(ctx, params)` | `class Copy(CoroutineWorker):` |
# | `override suspend fun doWork(): Result` | `async def do_work(self):` |
# | `delay(30.seconds)` | 🐍 `await self.sleep(timedelta(seconds=30))` |
# | `setProgress(workDataOf("percent" to 50))` | `await self.set_progress({"percent": 50})` |
#
# `self.sleep` waits on the *virtual* clock (never `asyncio.sleep`): the rest of the
# world, other works included, goes on meanwhile.


# %%
class Copy(CoroutineWorker):
    async def do_work(self):
        for percent in (25, 50, 75, 100):
            await self.sleep(timedelta(seconds=30))
            await self.set_progress({"percent": percent})
        return Result.success({"copied": 4})


wm = WorkManager()
copy = OneTimeWorkRequest(Copy)
wm.enqueue(copy)
wm.advance(timedelta(seconds=70))
info = wm.get_work_info_by_id(copy.id)
print(info.state, info.progress)

# %% [markdown]
# ## Observing instead of polling
#
# In an app you do not ask "is it done yet?" in a loop: you *observe*. WorkManager hands
# out a `LiveData<WorkInfo?>` (`null` while the id is unknown); your observer is called
# with the current value at once, then after every change.
#
# ```kotlin
# workManager.getWorkInfoByIdLiveData(copy.id).observe(lifecycleOwner) { info ->
#     progressBar.progress = info?.progress?.getInt("percent", 0) ?: 0
# }
# ```
#
# (Kotlin code can also collect `getWorkInfoByIdFlow(id)`, WorkManager 2.9+.) The wmkit
# version has no lifecycle owner 🐍; the observer is any function:


# %%
def show(info):
    print(f"  at {wm.clock.now_millis:>6} ms: {info.state.name:9} {info.progress}")


wm = WorkManager()
copy = OneTimeWorkRequest(Copy)
wm.enqueue(copy)
wm.get_work_info_by_id_live_data(copy.id).observe(show)
events = wm.advance(timedelta(minutes=3))

# %% [markdown]
# 🔮 **Predict, then run.** `Hello` takes no time at all. If we observe it right after
# `enqueue` and advance one second, which states will the observer print?

# %%
wm = WorkManager()
quick = OneTimeWorkRequest(Hello, input_data={"name": "Grace"})
wm.enqueue(quick)
wm.get_work_info_by_id_live_data(quick.id).observe(show)
events = wm.advance(timedelta(seconds=1))

# %% [markdown]
# <details><summary>Why?</summary>
#
# An observer sees each *settled* value: the work started and finished within the same
# instant, so RUNNING was never a value the LiveData held when observers were told.
# Android's LiveData also delivers only the latest value, so a fast work can skip
# RUNNING on a phone too. Never write an observer that *needs* to see every state.
# </details>

# %% [markdown]
# ## The Studio 🐍
#
# Three copies run side by side, next to the two `Hello` works. Step the clock: the
# progress column changes every 30 s; click a work to see its input and output.
#
# 🔁 **Change, predict, re-run.** Add `initial_delay=timedelta(minutes=1)` to the `Copy`
# requests. Predict what the progress column shows for the copies at 1:30, and at 3:00.
# Re-run the cell and step (or advance) to those instants.
#
# <details><summary>What you should see</summary>
#
# At 1:30 each copy is RUNNING with progress `{percent: 25}`: they all started at 1:00
# and published once. At 3:00 they are SUCCEEDED and the progress is empty again:
# progress lives only while a run goes on; the result is in the output.
# </details>

# %%
wm = WorkManager()
wm.enqueue([OneTimeWorkRequest(Copy, tags=[f"copy-{n}"]) for n in range(3)])
wm.enqueue([ada, nobody])
Studio(wm)

# %% [markdown]
# ## ✏️ Exercise 2.1: read input, write output
#
# Write `Greet`: it reads the String `"name"` from its input and succeeds with output
# `{"greeting": "Hello, <name>!"}` (for the name Ada: `"Hello, Ada!"`). With no name in
# its input it fails with output `{"error": "no name"}`.


# %% tags=["exercise"]
class Greet(Worker):
    def do_work(self):
        raise NotImplementedError  # ← your code here


# %%
ex02.check_greet(Greet)

# %% [markdown]
# ## ✏️ Exercise 2.2: report progress
#
# Write `Countdown`, a `CoroutineWorker` that three times waits 10 s and then publishes
# progress `{"left": n}`, with n = 2, then 1, then 0. After that it succeeds.


# %% tags=["exercise"]
class Countdown(CoroutineWorker):
    async def do_work(self):
        raise NotImplementedError  # ← your code here


# %%
ex02.check_countdown(Countdown)

# %% [markdown]
# ## ✏️ Exercise 2.3: 🔮 what do the getters return?
#
# `d = Data({"count": 3, "name": "photo.jpg"})`. Without running anything, predict:
#
# 1. `d.get_string("count")`
# 2. `d.get_int("missing", 7)`
# 3. `d.get_boolean("name")`
#
# Put your three predictions in the tuple below.

# %% tags=["exercise"]
getter_predictions = (..., ..., ...)

# %%
ex02.check_getters(getter_predictions)

# %% [markdown]
# ## What to remember
#
# - `Data` holds small typed values (10 240 bytes at most); pass ids and names, not
#   payloads.
# - A getter gives its default for a missing key *or another type*.
# - Output is kept on the `WorkInfo` of finished one-time work; progress only while a
#   run is going.
# - Observe with `LiveData` (or a `Flow` in Kotlin); do not rely on seeing every
#   intermediate state.

# %% [markdown]
# ## 🚀 Transfer: input and output on Android
#
# **The test.** The `Hello` worker in Kotlin:
#
# ```kotlin
# class Hello(ctx: Context, params: WorkerParameters) : Worker(ctx, params) {
#     override fun doWork(): Result {
#         val name = inputData.getString("name")
#             ?: return Result.failure(workDataOf("error" to "whom should I greet?"))
#         return Result.success(workDataOf("greeting" to "Hi, $name"))
#     }
# }
# ```
#
# and a test for the `WorkTest` class of lesson 00 (no new imports):
#
# ```kotlin
# @Test
# fun helloGreetsAdaAndFailsWithoutAName() {
#     val ada = OneTimeWorkRequestBuilder<Hello>()
#         .setInputData(workDataOf("name" to "Ada"))
#         .build()
#     val nobody = OneTimeWorkRequestBuilder<Hello>().build()
#     workManager.enqueue(listOf(ada, nobody)).result.get()
#
#     val adaInfo = checkNotNull(workManager.getWorkInfoById(ada.id).get())
#     assertEquals(WorkInfo.State.SUCCEEDED, adaInfo.state)
#     assertEquals("Hi, Ada", adaInfo.outputData.getString("greeting"))
#     val nobodyInfo = checkNotNull(workManager.getWorkInfoById(nobody.id).get())
#     assertEquals(WorkInfo.State.FAILED, nobodyInfo.state)
#     assertEquals("whom should I greet?", nobodyInfo.outputData.getString("error"))
# }
# ```
#
# **On a device**, enqueue both from your app and ask WorkManager what it stored:
#
# ```sh
# adb shell am broadcast -a "androidx.work.diagnostics.REQUEST_DIAGNOSTICS" -p "com.example.app"
# adb logcat -d -s WM-DiagnosticsWrkr
# ```
#
# Its report lists the recently finished works with their state; an app's own screen
# shows the output through the LiveData or Flow above.
#
# Next, **03 · Chains**: works that wait for other works.
