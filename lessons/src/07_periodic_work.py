# Source of lessons/07_periodic_work.ipynb: edit here, then run `python lessons/build.py`.

# %% [markdown]
# # 07 · Periodic work: interval, flex window, initial delay, drift
#
# *About 20 minutes.*
#
# **What you'll learn**
#
# - how to run a worker again and again, and the minimum interval;
# - when the first run happens, with and without a flex window or an initial delay;
# - when the *next* run happens, and why the schedule drifts;
# - what `success`, `failure` and `retry` mean for work that never finishes.

# %%
import warnings
from datetime import timedelta

from wmkit import (
    Constraints,
    NetworkType,
    PeriodicWorkRequest,
    Result,
    Worker,
    WorkManager,
    scenarios,
)
from wmkit.widgets import Studio

from lesson_checks import ex07

# %% [markdown]
# ## A periodic request
#
# | Kotlin | wmkit |
# |---|---|
# | `PeriodicWorkRequestBuilder<Sync>(1, TimeUnit.HOURS).build()` | `PeriodicWorkRequest.Builder(Sync, timedelta(hours=1)).build()` |
# | `PeriodicWorkRequestBuilder<Sync>(1, TimeUnit.HOURS, 15, TimeUnit.MINUTES).build()` | `PeriodicWorkRequest.Builder(Sync, timedelta(hours=1), timedelta(minutes=15)).build()` |
# | `.setInitialDelay(10, TimeUnit.MINUTES)` | `.set_initial_delay(timedelta(minutes=10))` |
#
# The same setters as one-time work apply (constraints, tags, backoff, input). Periodic
# work cannot be part of a chain and cannot be expedited.
#
# The interval is at least **15 minutes**, and the flex at least **5 minutes** and at most
# the interval. Android does not refuse smaller values: it quietly raises them to the
# minimum and logs a warning. wmkit warns you where you can see it:


# %%
class Sync(Worker):
    duration = timedelta(minutes=2)

    def do_work(self):
        return Result.success()


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    every_minute = PeriodicWorkRequest(Sync, timedelta(minutes=1))
print(caught[0].message)
print(every_minute.work_spec.interval // 60_000, "minutes")

# %% [markdown]
# ## When does it run?
#
# - **First run:** as soon as it is enqueued (plus the initial delay, if any). With a
#   flex shorter than the interval, the first run waits for the *flex window*: the last
#   `flex` of the first interval, so `interval − flex` after enqueueing.
# - **Every later run:** one interval after the previous run **finished**. Flex plays no
#   part after the first run: WorkManager's own scheduling code says "flex only applies
#   to the first run". (The docs describe the flex window as the end of *each*
#   interval; since a later run is never due before a full interval has passed, it
#   already lands at the end of its interval.)
#
# So the runs drift: a 2-minute run every hour starts at 0:00, 1:02, 2:04, ...
#
# The `flex_window` scenario runs two hourly syncs of 2 minutes, one without flex and one
# with a 15-minute flex.

# %%
flex = scenarios.get("flex_window")
flex

# %% [markdown]
# 🔮 **Predict, then run.** At what instants do the first two runs of `with-flex` start?

# %%
wm = flex.load()
events = flex.play(wm)
for role in ("no-flex", "with-flex"):
    info = wm.get_work_infos_by_tag(role)[0]
    starts = [e.millis // 60_000 for e in wm.trace if e.work_id == info.id and e.kind == "started"]
    print(f"{role:9} started at minutes {starts}")

# %% [markdown]
# <details><summary>Why?</summary>
#
# Its flex window is the last 15 minutes of the first hour, so it first runs at
# **0:45**. It finishes at 0:47, and the next run is due one hour after that: **1:47**.
# </details>
#
# On the timeline you can see both runs drift by 2 minutes per period:

# %%
Studio(wm)

# %% [markdown]
# 📱 **On a real phone** these times are the *earliest*. JobScheduler may run a periodic
# work later (Doze, constraints, quotas, batching), and the next period counts from
# when that late run finishes. The interval is a minimum gap, never a metronome: if
# something must happen at 7:00 sharp, WorkManager is the wrong tool (that is what
# `AlarmManager` is for).

# %% [markdown]
# ## What a periodic `WorkInfo` says
#
# A periodic work is never SUCCEEDED: after each run it is ENQUEUED for the next period.
# `period_count` counts the finished periods, `periodicity_info` holds the interval and
# flex, and `next_schedule_time_millis` the next due time.

# %%
info = wm.get_work_infos_by_tag("with-flex")[0]
print(info.state, "| periods:", info.period_count, "| next:", info.next_schedule_time_millis)
print(info.periodicity_info)

# %% [markdown]
# ## `success`, `failure`, `retry`
#
# | the run returns | one-time work | periodic work |
# |---|---|---|
# | `success()` | SUCCEEDED, output kept | ENQUEUED for the next period; output **not** kept |
# | `failure()` | FAILED, for good | ENQUEUED for the next period, as after success |
# | `retry()` | backoff, then run again | backoff, then run again (same period) |
#
# After a period ends `run_attempt_count` goes back to 0. Returning `failure()` does not
# stop a periodic work; cancelling it does.
#
# 📱 An exception thrown by a periodic worker has changed meaning across versions: the
# Java worker wrapper (2.9 and before) treated it like `failure()`; some releases of the
# coroutine-based wrapper marked the work FAILED for good; the current androidx source
# treats it like `failure()` again: the period ends and the next one is scheduled. wmkit
# follows the current source. Since your users' phones may run any of them, catch your
# exceptions in a periodic worker and return `failure()` or `retry()` yourself.


# %%
class Unlucky(Worker):
    def do_work(self):
        return Result.failure({"error": "server down"})


wm = WorkManager()
unlucky = PeriodicWorkRequest(Unlucky, timedelta(minutes=15))
wm.enqueue(unlucky)
wm.advance(timedelta(minutes=31))
info = wm.get_work_info_by_id(unlucky.id)
print(info.state, "| periods:", info.period_count, "| attempts:", info.run_attempt_count)
print("output:", info.output_data)

# %% [markdown]
# ## ✏️ Exercise 7.1: a nightly-ish cleanup
#
# Build `cleanup_request`: `Cleanup` every **6 hours** with a flex window of **1 hour**
# (so its first run waits until 5:00), and only on an unmetered network.


# %% tags=["exercise"]
class Cleanup(Worker):
    def do_work(self):
        return Result.success()


wifi = Constraints(required_network_type=NetworkType.UNMETERED)
cleanup_request = ...  # PeriodicWorkRequest.Builder(Cleanup, ...)...build(), using `wifi`

# %%
ex07.check_cleanup_request(cleanup_request)

# %% [markdown]
# ## ✏️ Exercise 7.2: 🔮 drift
#
# An hourly periodic work, no flex, no delay; each run takes 10 minutes. It is enqueued
# at 0. List the start instants of its first three runs, in milliseconds.

# %% tags=["exercise"]
first_three_starts = [..., ..., ...]

# %%
ex07.check_drift(first_three_starts)

# %% [markdown]
# ## ✏️ Exercise 7.3: 🔮 too often
#
# A periodic work is built with an interval of **10 minutes**; its runs take no time. It
# is enqueued at 0. When does its *second* run start (milliseconds)?

# %% tags=["exercise"]
second_run_at = ...

# %%
ex07.check_clamped(second_run_at)

# %% [markdown]
# ## ✏️ Exercise 7.4: 🔮 a retry in a periodic work
#
# An hourly periodic work (no flex, no delay, default backoff) takes no time and returns
# `Result.retry()` on its first run, at 0. When does its second run start
# (milliseconds)?

# %% tags=["exercise"]
run_after_retry_at = ...

# %%
ex07.check_periodic_retry(run_after_retry_at)

# %% [markdown]
# ## What to remember
#
# - Interval ≥ 15 min, flex ≥ 5 min: smaller values are raised, with a warning.
# - First run: at once, or after the initial delay, or at the start of the flex window.
# - Later runs: one interval after the previous run *finished*. Schedules drift, and a
#   phone may run later still.
# - Periodic work is never SUCCEEDED; `failure()` ends the period, not the work; cancel
#   it to stop it (and do not let it throw).
#
# Next, **08 · Unique work, tags and queries**: which policy do you need?
