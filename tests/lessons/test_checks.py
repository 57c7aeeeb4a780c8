"""Every exercise check accepts the reference answer, rejects typical wrong answers with
a specific message, and says "not answered yet" (without raising) for the placeholder."""

from __future__ import annotations

from datetime import timedelta

import pytest
from lesson_checks import (
    ex00,
    ex01,
    ex02,
    ex03,
    ex04,
    ex05,
    ex06,
    ex07,
    ex08,
    ex09,
    ex10,
    ex11,
    ex12,
)

from wmkit import (
    ArrayCreatingInputMerger,
    BackoffPolicy,
    Constraints,
    CoroutineWorker,
    Data,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    InputMerger,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    PeriodicWorkRequest,
    Result,
    State,
    WorkContinuation,
    Worker,
    WorkQuery,
)

from . import answers


@pytest.fixture
def verdict(capsys):
    """Run a check and return the one line it printed."""

    def run(check, *args) -> str:
        result = check(*args)
        assert result is None  # checks print; they return nothing for the notebook to show
        out = capsys.readouterr().out
        assert out.count("\n") == 1, out
        return out.strip()

    return run


def passes(out: str) -> bool:
    return out.startswith("✓")


def fails(out: str, *fragments: str) -> bool:
    return out.startswith("✗") and all(f in out for f in fragments)


def unanswered(out: str) -> bool:
    return out.startswith("⏳") and "not answered yet" in out


# --------------------------------------------------------------------- lesson 00
def test_ex00_enough(verdict):
    assert passes(verdict(ex00.check_enough, answers.enough))
    assert fails(verdict(ex00.check_enough, timedelta(seconds=35)), "too far")
    assert fails(verdict(ex00.check_enough, timedelta(seconds=15)), "city download is still")
    assert fails(verdict(ex00.check_enough, "20s"), "timedelta")
    assert unanswered(verdict(ex00.check_enough, ...))


def test_ex00_album_start(verdict):
    assert passes(verdict(ex00.check_album_start, answers.album_starts_at))
    assert passes(verdict(ex00.check_album_start, timedelta(seconds=30)))
    assert fails(verdict(ex00.check_album_start, 35_000), "finished")
    assert fails(verdict(ex00.check_album_start, 30), "seconds")
    assert fails(verdict(ex00.check_album_start, 10_000), "all three downloads")
    assert unanswered(verdict(ex00.check_album_start, ...))


# --------------------------------------------------------------------- lesson 01
class NoDuration(Worker):
    def do_work(self):
        return Result.success()


class TooLong(Worker):
    duration = timedelta(seconds=60)

    def do_work(self):
        return Result.success()


class FailsAt45(Worker):
    duration = timedelta(seconds=45)

    def do_work(self):
        return Result.failure()


class Placeholder(Worker):
    def do_work(self):
        raise NotImplementedError


def test_ex01_resize(verdict):
    assert passes(verdict(ex01.check_resize, answers.Resize))
    assert fails(verdict(ex01.check_resize, NoDuration), "already SUCCEEDED", "duration")
    assert fails(verdict(ex01.check_resize, TooLong), "still RUNNING")
    assert fails(verdict(ex01.check_resize, FailsAt45), "ended FAILED", "Result.success()")
    assert fails(verdict(ex01.check_resize, 42), "extends Worker")
    assert unanswered(verdict(ex01.check_resize, Placeholder))


def test_ex01_delayed_request(verdict):
    assert passes(verdict(ex01.check_delayed_request, answers.delayed_request()))
    builder = OneTimeWorkRequest.Builder(answers.Compress).add_tag("compress")
    assert fails(verdict(ex01.check_delayed_request, builder), ".build()")
    assert fails(verdict(ex01.check_delayed_request, builder.build()), "due at", "5:00")
    untagged = OneTimeWorkRequest(answers.Compress, initial_delay=timedelta(minutes=5))
    assert fails(verdict(ex01.check_delayed_request, untagged), '"compress"')
    seconds = OneTimeWorkRequest(
        answers.Compress, initial_delay=timedelta(seconds=5), tags=["compress"]
    )
    assert fails(verdict(ex01.check_delayed_request, seconds), "set_initial_delay")
    charging = OneTimeWorkRequest(
        answers.Compress,
        initial_delay=timedelta(minutes=5),
        tags=["compress"],
        constraints=Constraints(requires_charging=True),
    )
    assert fails(verdict(ex01.check_delayed_request, charging), "also requires charging")
    assert unanswered(verdict(ex01.check_delayed_request, ...))


def test_ex01_predicted_states(verdict):
    assert passes(verdict(ex01.check_predicted_states, answers.predicted_states))
    wrong = [State.ENQUEUED, State.RUNNING, State.RUNNING, State.SUCCEEDED]
    assert fails(verdict(ex01.check_predicted_states, wrong), "at 0:30", "initial delay")
    off_by_one = [State.ENQUEUED, State.ENQUEUED, State.RUNNING, State.RUNNING]
    assert fails(verdict(ex01.check_predicted_states, off_by_one), "at 1:20", "SUCCEEDED")
    assert fails(verdict(ex01.check_predicted_states, ["ENQUEUED"] * 4), "State members")
    assert unanswered(verdict(ex01.check_predicted_states, [...]))
    assert unanswered(verdict(ex01.check_predicted_states, ...))


# --------------------------------------------------------------------- lesson 02
class GreetNoExclamation(Worker):
    def do_work(self):
        return Result.success({"greeting": f"Hello, {self.input_data.get_string('name')}"})


class GreetWrongKey(Worker):
    def do_work(self):
        return Result.success({"message": "Hello, Ada!"})


class GreetNeverFails(Worker):
    def do_work(self):
        name = self.input_data.get_string("name", "stranger")
        return Result.success({"greeting": f"Hello, {name}!"})


class GreetCrashes(Worker):
    def do_work(self):
        return Result.success({"greeting": "Hello, " + self.input_data.get_string("name") + "!"})


class GreetOnlyAda(Worker):
    def do_work(self):
        if self.input_data.get_string("name") is None:
            return Result.failure({"error": "no name"})
        return Result.success({"greeting": "Hello, Ada!"})


def test_ex02_greet(verdict):
    assert passes(verdict(ex02.check_greet, answers.Greet))
    assert fails(verdict(ex02.check_greet, GreetOnlyAda), "Grace", "from the name")
    assert fails(verdict(ex02.check_greet, GreetNoExclamation), "Hello, Ada!")
    assert fails(verdict(ex02.check_greet, GreetWrongKey), '"greeting"')
    assert fails(verdict(ex02.check_greet, GreetNeverFails), "should fail")
    assert fails(verdict(ex02.check_greet, GreetCrashes), "raised TypeError")
    assert unanswered(verdict(ex02.check_greet, Placeholder))


class CountdownBeforeSleep(CoroutineWorker):
    async def do_work(self):
        for left in (2, 1, 0):
            await self.set_progress({"left": left})
            await self.sleep(timedelta(seconds=10))
        return Result.success()


class CountdownTooFast(CoroutineWorker):
    async def do_work(self):
        for left in (2, 1, 0):
            await self.sleep(timedelta(seconds=5))
            await self.set_progress({"left": left})
        return Result.success()


class CoroutinePlaceholder(CoroutineWorker):
    async def do_work(self):
        raise NotImplementedError


class CountdownNeverZero(CoroutineWorker):
    """The wrong answer of issue 12: 2 and 1, then the last wait, but never 0."""

    async def do_work(self):
        for left in (2, 1):
            await self.sleep(timedelta(seconds=10))
            await self.set_progress({"left": left})
        await self.sleep(timedelta(seconds=10))
        return Result.success()


class CountdownFromThree(CoroutineWorker):
    async def do_work(self):
        await self.set_progress({"left": 3})
        for left in (2, 1, 0):
            await self.sleep(timedelta(seconds=10))
            await self.set_progress({"left": left})
        return Result.success()


class CountdownAsText(CoroutineWorker):
    async def do_work(self):
        for left in ("2", "1", "0"):
            await self.sleep(timedelta(seconds=10))
            await self.set_progress({"left": left})
        return Result.success()


class CountdownSharedCount(CoroutineWorker):
    """Counts in a class variable that it resets at the start of each run."""

    left = 3

    async def do_work(self):
        CountdownSharedCount.left = 3
        for _ in range(3):
            await self.sleep(timedelta(seconds=10))
            CountdownSharedCount.left -= 1
            await self.set_progress({"left": CountdownSharedCount.left})
        return Result.success()


class CountdownAsInt(CoroutineWorker):
    """Publishes Ints (put_int) rather than Longs: the same countdown, also right."""

    async def do_work(self):
        for left in (2, 1, 0):
            await self.sleep(timedelta(seconds=10))
            await self.set_progress(Data.Builder().put_int("left", left).build())
        return Result.success()


def test_ex02_countdown(verdict):
    assert passes(verdict(ex02.check_countdown, answers.Countdown))
    assert passes(verdict(ex02.check_countdown, CountdownAsInt))
    assert fails(verdict(ex02.check_countdown, CountdownBeforeSleep), "before any wait", "after")
    assert fails(verdict(ex02.check_countdown, CountdownTooFast), "ahead of time", "seconds=10")
    out = verdict(ex02.check_countdown, CountdownNeverZero)
    assert fails(out, "left = 2 at 00:00:10, left = 1 at 00:00:20", "never left = 0")
    out = verdict(ex02.check_countdown, CountdownFromThree)
    assert fails(out, "left = 3 at 00:00:00", "nothing else")
    assert fails(verdict(ex02.check_countdown, CountdownAsText), "left = '2' at 00:00:10")
    out = verdict(ex02.check_countdown, CountdownSharedCount)
    assert fails(out, "two Countdown works running at once", "class or module variable")
    assert fails(verdict(ex02.check_countdown, answers.Greet), "extends CoroutineWorker")
    assert unanswered(verdict(ex02.check_countdown, CoroutinePlaceholder))


def test_ex02_getters(verdict):
    assert passes(verdict(ex02.check_getters, answers.getter_predictions))
    assert fails(verdict(ex02.check_getters, ("3", 7, False)), "1. you said '3'")
    assert fails(verdict(ex02.check_getters, (None, 0, False)), "2. you said 0")
    assert fails(verdict(ex02.check_getters, (None, 7, True)), "3. you said True")
    assert unanswered(verdict(ex02.check_getters, (..., ..., ...)))


# --------------------------------------------------------------------- lesson 03
def pipeline_sequential(wm, download, resize, thumbnail, upload):
    wm.begin_with(download).then(resize).then(thumbnail).then(upload).enqueue()


def pipeline_not_enqueued(wm, download, resize, thumbnail, upload):
    wm.begin_with(download).then([resize, thumbnail]).then(upload)


def pipeline_flat(wm, download, resize, thumbnail, upload):
    wm.begin_with(download).then([resize, thumbnail, upload]).enqueue()


def not_written(*args):
    raise NotImplementedError


def test_ex03_pipeline(verdict):
    assert passes(verdict(ex03.check_pipeline, answers.build_pipeline))
    assert fails(verdict(ex03.check_pipeline, pipeline_sequential), "thumbnail waits for resize")
    assert fails(verdict(ex03.check_pipeline, pipeline_not_enqueued), ".enqueue()")
    assert fails(verdict(ex03.check_pipeline, pipeline_flat), "upload waits for download")
    assert unanswered(verdict(ex03.check_pipeline, not_written))


def test_ex03_delay_in_chain(verdict):
    assert passes(verdict(ex03.check_delay_in_chain, answers.b_starts_at))
    assert fails(verdict(ex03.check_delay_in_chain, 120_000), "BLOCKED first")
    assert fails(verdict(ex03.check_delay_in_chain, 155_000), "finishes")
    assert fails(verdict(ex03.check_delay_in_chain, 150), "milliseconds")
    assert unanswered(verdict(ex03.check_delay_in_chain, ...))


def joined_one_chain(wm, a, b, c, d, e):
    wm.begin_with([a, c]).then([b, d]).then(e).enqueue()


def joined_forgot_e(wm, a, b, c, d, e):
    wm.begin_with(a).then(b).enqueue()
    wm.begin_with(c).then(d).enqueue()


def joined_e_after_the_slow_chain_only(wm, a, b, c, d, e):
    """The wrong answer of issue 12: e waits for c -> d only (the slower chain)."""
    wm.begin_with(a).then(b).enqueue()
    wm.begin_with(c).then(d).then(e).enqueue()


def joined_serial(wm, a, b, c, d, e):
    wm.begin_with(a).then(b).then(c).then(d).then(e).enqueue()


def joined_a_waits_for_c(wm, a, b, c, d, e):
    first = wm.begin_with(c).then(a).then(b)
    second = wm.begin_with(d)
    WorkContinuation.combine([first, second]).then(e).enqueue()


def test_ex03_joined(verdict):
    assert passes(verdict(ex03.check_joined, answers.build_joined))
    out = verdict(ex03.check_joined, joined_e_after_the_slow_chain_only)
    assert fails(out, "e waits for c and d but not for b", "b is still running", "combine")
    assert fails(verdict(ex03.check_joined, joined_serial), "d waits for a and b and c")
    assert fails(verdict(ex03.check_joined, joined_a_waits_for_c), "b waits for a and c")
    assert fails(verdict(ex03.check_joined, joined_one_chain), "b waits for a and c")
    assert fails(verdict(ex03.check_joined, joined_forgot_e), "e never got enqueued", "combine")
    assert unanswered(verdict(ex03.check_joined, not_written))


# --------------------------------------------------------------------- lesson 04
def test_ex04_overwriting(verdict):
    assert passes(verdict(ex04.check_overwriting, answers.overwriting_result))
    assert passes(verdict(ex04.check_overwriting, Data(answers.overwriting_result)))
    assert fails(verdict(ex04.check_overwriting, {"quality": 80, "size": 3}), "a later value wins")
    assert fails(verdict(ex04.check_overwriting, {"quality": 50}), "every key")
    assert fails(verdict(ex04.check_overwriting, [("quality", 50)]), "should be a dict")
    assert unanswered(verdict(ex04.check_overwriting, ...))


def test_ex04_array_creating(verdict):
    assert passes(verdict(ex04.check_array_creating, answers.array_result))
    assert fails(
        verdict(ex04.check_array_creating, {"n": [1, 2], "m": "x"}), "m should be an array"
    )
    assert fails(verdict(ex04.check_array_creating, {"n": [2], "m": ["x"]}), "own input")
    assert fails(verdict(ex04.check_array_creating, {"n": [2, 1], "m": ["x"]}), "comes first")
    assert unanswered(verdict(ex04.check_array_creating, ...))


class SumOnlyScalars(InputMerger):
    def merge(self, inputs):
        total = sum(d.get_long("bytes") for d in inputs)
        photos = [d.get_string("photo") for d in inputs if "photo" in d]
        return Data({"bytes": total, "photos": photos})


class ExtraKeys(InputMerger):
    def merge(self, inputs):
        merged = ArrayCreatingInputMerger().merge(inputs)
        return Data({**merged.key_value_map, "bytes": 0, "photos": []})


class SortsPhotos(InputMerger):
    def merge(self, inputs):
        merged = answers.TotalBytesMerger().merge(inputs)
        photos = sorted(merged.get_string_array("photos"))
        return Data({"bytes": merged.get_long("bytes"), "photos": photos})


class BytesAsFloat(InputMerger):
    def merge(self, inputs):
        merged = answers.TotalBytesMerger().merge(inputs)
        return Data({"bytes": float(merged.get_long("bytes")), "photos": merged.get("photos")})


class NoPhotosAsNone(InputMerger):
    def merge(self, inputs):
        merged = answers.TotalBytesMerger().merge(inputs)
        return Data({"bytes": merged.get_long("bytes"), "photos": merged.get("photos") or None})


class MergerPlaceholder(InputMerger):
    def merge(self, inputs):
        raise NotImplementedError


def test_ex04_total_bytes_merger(verdict):
    assert passes(verdict(ex04.check_total_bytes_merger, answers.TotalBytesMerger))
    out = verdict(ex04.check_total_bytes_merger, SumOnlyScalars)
    assert fails(out, "bytes given as an array", "expected 6")
    assert fails(verdict(ex04.check_total_bytes_merger, ExtraKeys), "exactly bytes and photos")
    out = verdict(ex04.check_total_bytes_merger, SortsPhotos)
    assert fails(out, "out of alphabetical order", "['ant.jpg', 'zoo.jpg']", "in input order")
    out = verdict(ex04.check_total_bytes_merger, BytesAsFloat)
    assert fails(out, "bytes is 350.0 but a double", "should be a Long")
    out = verdict(ex04.check_total_bytes_merger, NoPhotosAsNone)
    assert fails(out, "as a Long, photos is None", "even when it is empty")
    assert fails(verdict(ex04.check_total_bytes_merger, answers.Greet), "extends InputMerger")
    assert unanswered(verdict(ex04.check_total_bytes_merger, MergerPlaceholder))


# --------------------------------------------------------------------- lesson 05
class GiveUpNever(Worker):
    def do_work(self):
        return Result.retry()


class GiveUpTooLate(Worker):
    def do_work(self):
        if self.run_attempt_count >= 4:
            return Result.failure({"error": "gave up"})
        return Result.retry()


class GiveUpClassCounter(Worker):
    """The wrong answer of issue 12: counts its runs in a class variable."""

    runs = 0

    def do_work(self):
        GiveUpClassCounter.runs += 1
        if GiveUpClassCounter.runs >= 4:
            return Result.failure({"error": "gave up"})
        return Result.retry()


MODULE_RUNS = {"n": 0}


class GiveUpModuleCounter(Worker):
    """Counts in a module variable and starts over after giving up: right when alone."""

    def do_work(self):
        MODULE_RUNS["n"] += 1
        if MODULE_RUNS["n"] == 4:
            MODULE_RUNS["n"] = 0
            return Result.failure({"error": "gave up"})
        return Result.retry()


RUNS_BY_ID: dict = {}


class GiveUpCountsById(Worker):
    """Counts each work's runs in a module dict keyed by its id: right for any number of
    works at once, wrong once the same work runs in a new process."""

    def do_work(self):
        RUNS_BY_ID[self.id] = RUNS_BY_ID.get(self.id, 0) + 1
        if RUNS_BY_ID[self.id] >= 4:
            return Result.failure({"error": "gave up"})
        return Result.retry()


def linear_20s(cls):
    return OneTimeWorkRequest(
        cls, backoff_policy=BackoffPolicy.LINEAR, backoff_delay=timedelta(seconds=20)
    )


def test_ex05_give_up(verdict):
    assert passes(verdict(ex05.check_give_up, answers.GiveUp, answers.give_up_request()))
    assert passes(verdict(ex05.check_give_up, answers.GiveUp, answers.give_up_request()))
    out = verdict(ex05.check_give_up, GiveUpClassCounter, linear_20s(GiveUpClassCounter))
    assert fails(out, "two GiveUp works enqueued together ran 1 and 1 times", "run_attempt_count")
    out = verdict(ex05.check_give_up, GiveUpClassCounter, linear_20s(GiveUpClassCounter))
    assert fails(out, "GiveUp ran 1 time(s)", "class or module variable")
    out = verdict(ex05.check_give_up, GiveUpModuleCounter, linear_20s(GiveUpModuleCounter))
    assert fails(out, "together ran 6 and 2 times", "lost whenever the process dies")
    out = verdict(ex05.check_give_up, GiveUpCountsById, linear_20s(GiveUpCountsById))
    assert fails(out, "on a second phone", "ran 1 time(s) instead of 4", "run_attempt_count")
    exponential = OneTimeWorkRequest(answers.GiveUp)
    assert fails(verdict(ex05.check_give_up, answers.GiveUp, exponential), "LINEAR")
    never = OneTimeWorkRequest(
        GiveUpNever, backoff_policy=BackoffPolicy.LINEAR, backoff_delay=timedelta(seconds=20)
    )
    assert fails(verdict(ex05.check_give_up, GiveUpNever, never), "still retrying")
    late = OneTimeWorkRequest(
        GiveUpTooLate, backoff_policy=BackoffPolicy.LINEAR, backoff_delay=timedelta(seconds=20)
    )
    assert fails(
        verdict(ex05.check_give_up, GiveUpTooLate, late), "ran 5 time(s)", "0 on the first"
    )
    assert unanswered(verdict(ex05.check_give_up, answers.GiveUp, ...))


def test_ex05_fourth_run(verdict):
    assert passes(verdict(ex05.check_fourth_run, answers.fourth_run_at))
    assert fails(verdict(ex05.check_fourth_run, 240_000), "*after* the fourth")
    assert fails(verdict(ex05.check_fourth_run, 120_000), "LINEAR")
    assert fails(verdict(ex05.check_fourth_run, 90_000), "third run")
    assert unanswered(verdict(ex05.check_fourth_run, ...))


def test_ex05_diamond_failure(verdict):
    assert passes(verdict(ex05.check_diamond_failure, answers.states_at_two_minutes))
    as_names = {k: v.name for k, v in answers.states_at_two_minutes.items()}
    assert passes(verdict(ex05.check_diamond_failure, as_names))
    sibling = {**answers.states_at_two_minutes, "b": State.FAILED}
    assert fails(verdict(ex05.check_diamond_failure, sibling), "b is SUCCEEDED", "sibling")
    blocked = {**answers.states_at_two_minutes, "d": State.BLOCKED}
    assert fails(
        verdict(ex05.check_diamond_failure, blocked), "d is FAILED", "without ever running"
    )
    assert unanswered(verdict(ex05.check_diamond_failure, {"a": ..., "b": ..., "c": ..., "d": ...}))


def cancel_everything(wm):
    wm.cancel_all_work()


def cancel_one(wm):
    wm.cancel_work_by_id(wm.get_work_infos_by_tag("batch")[-1].id)


def cancel_the_running_ones(wm):
    for info in wm.get_work_infos_by_tag("batch"):
        if info.state is State.RUNNING:
            wm.cancel_work_by_id(info.id)


def cancel_in_a_loop(wm):
    for info in wm.get_work_infos_by_tag("batch"):
        wm.cancel_work_by_id(info.id)


def test_ex05_cancel_batch(verdict):
    assert passes(verdict(ex05.check_cancel_batch, answers.cancel_batch))
    assert fails(verdict(ex05.check_cancel_batch, cancel_everything), "'other' were cancelled")
    out = verdict(ex05.check_cancel_batch, cancel_one)
    assert fails(out, "not CANCELLED: 2 RUNNING, 1 ENQUEUED (delayed)", "cancel_all_work_by_tag")
    out = verdict(ex05.check_cancel_batch, cancel_the_running_ones)
    assert fails(out, "not CANCELLED: 1 ENQUEUED (delayed), 1 BLOCKED", "the waiting ones too")
    out = verdict(ex05.check_cancel_batch, cancel_in_a_loop)
    assert fails(out, "with 5 cancel calls (5 × cancel_work_by_id)", "One call does it")
    assert unanswered(verdict(ex05.check_cancel_batch, not_written))


# --------------------------------------------------------------------- lesson 06
def test_ex06_backup_constraints(verdict):
    assert passes(verdict(ex06.check_backup_constraints, answers.backup_constraints))
    built = (
        Constraints.Builder()
        .set_required_network_type(NetworkType.UNMETERED)
        .set_requires_charging(True)
        .build()
    )
    assert passes(verdict(ex06.check_backup_constraints, built))
    connected = Constraints(required_network_type=NetworkType.CONNECTED, requires_charging=True)
    assert fails(verdict(ex06.check_backup_constraints, connected), "cellular")
    no_charge = Constraints(required_network_type=NetworkType.UNMETERED)
    assert fails(verdict(ex06.check_backup_constraints, no_charge), "require charging")
    extra = Constraints(
        required_network_type=NetworkType.UNMETERED,
        requires_charging=True,
        requires_battery_not_low=True,
    )
    assert fails(verdict(ex06.check_backup_constraints, extra), "more than asked")
    assert unanswered(verdict(ex06.check_backup_constraints, ...))


def export_in_one_part(wm):
    wm.enqueue(OneTimeWorkRequest(answers.ExportPart, input_data={"minutes": 25}))


def export_in_parallel(wm):
    wm.enqueue(
        [OneTimeWorkRequest(answers.ExportPart, input_data={"minutes": m}) for m in (10, 10, 5)]
    )


def export_too_short(wm):
    parts = [OneTimeWorkRequest(answers.ExportPart, input_data={"minutes": m}) for m in (10, 10)]
    wm.begin_with(parts[0]).then(parts[1]).enqueue()


def export_parts(*minutes):
    return [OneTimeWorkRequest(answers.ExportPart, input_data={"minutes": m}) for m in minutes]


def export_nine_then_two_eights(wm):
    """The wrong answer of issue 12: begin_with(p9).then([p8, p8]) is no chain."""
    p9, p8, other8 = export_parts(9, 8, 8)
    wm.begin_with(p9).then([p8, other8]).enqueue()


def export_two_then_one(wm):
    p10, other10, p5 = export_parts(10, 10, 5)
    wm.begin_with([p10, other10]).then(p5).enqueue()


def export_combined(wm):
    p10, other10, p5 = export_parts(10, 10, 5)
    WorkContinuation.combine([wm.begin_with(p10), wm.begin_with(other10)]).then(p5).enqueue()


def export_minutes_as_floats(wm):
    parts = export_parts(10.0, 10.0, 5.0)
    wm.begin_with(parts[0]).then(parts[1]).then(parts[2]).enqueue()


def export_five_parts(wm):
    parts = export_parts(5, 5, 5, 5, 5)
    chain = wm.begin_with(parts[0])
    for part in parts[1:]:
        chain = chain.then(part)
    chain.enqueue()


def test_ex06_export(verdict):
    assert passes(verdict(ex06.check_export, answers.build_export))
    assert passes(verdict(ex06.check_export, export_five_parts))
    out = verdict(ex06.check_export, export_nine_then_two_eights)
    assert fails(out, "the parts of 8 and 8 minutes all wait for the 9-minute part")
    assert fails(out, "side by side", "not .then([p2, p3])")
    out = verdict(ex06.check_export, export_two_then_one)
    assert fails(out, "2 parts start at once")
    assert fails(verdict(ex06.check_export, export_combined), "WorkContinuation.combine")
    out = verdict(ex06.check_export, export_minutes_as_floats)
    assert fails(out, 'whole number of "minutes"', "[10.0, 10.0, 5.0]")
    assert fails(verdict(ex06.check_export, export_in_one_part), "25 minutes", "TIMEOUT")
    assert fails(verdict(ex06.check_export, export_in_parallel), "one after another")
    assert fails(verdict(ex06.check_export, export_too_short), "add up to 20 minutes")
    assert unanswered(verdict(ex06.check_export, not_written))


def test_ex06_lost_and_found(verdict):
    right = (answers.second_run_at, answers.succeeded_at)
    assert passes(verdict(ex06.check_lost_and_found, *right))
    assert fails(verdict(ex06.check_lost_and_found, 180_000, 360_000), "does not resume")
    assert fails(verdict(ex06.check_lost_and_found, 30_000, 480_000), "backoff ends")
    assert unanswered(verdict(ex06.check_lost_and_found, ..., ...))


# --------------------------------------------------------------------- lesson 07
def test_ex07_cleanup_request(verdict):
    assert passes(verdict(ex07.check_cleanup_request, answers.cleanup_request()))
    wifi = Constraints(required_network_type=NetworkType.UNMETERED)
    no_flex = PeriodicWorkRequest(answers.Cleanup, timedelta(hours=6), constraints=wifi)
    assert fails(verdict(ex07.check_cleanup_request, no_flex), "no flex window")
    no_wifi = PeriodicWorkRequest(answers.Cleanup, timedelta(hours=6), timedelta(hours=1))
    assert fails(verdict(ex07.check_cleanup_request, no_wifi), "UNMETERED")
    one_time = OneTimeWorkRequest(answers.Cleanup)
    assert fails(verdict(ex07.check_cleanup_request, one_time), "PeriodicWorkRequest")
    other_worker = PeriodicWorkRequest(
        answers.Resize, timedelta(hours=6), timedelta(hours=1), constraints=wifi
    )
    assert fails(verdict(ex07.check_cleanup_request, other_worker), "runs Resize", "Cleanup")
    wifi_and_charging = Constraints(
        required_network_type=NetworkType.UNMETERED, requires_charging=True
    )
    charging = PeriodicWorkRequest(
        answers.Cleanup, timedelta(hours=6), timedelta(hours=1), constraints=wifi_and_charging
    )
    assert fails(verdict(ex07.check_cleanup_request, charging), "also requires charging")
    assert unanswered(verdict(ex07.check_cleanup_request, ...))


def test_ex07_drift(verdict):
    assert passes(verdict(ex07.check_drift, answers.first_three_starts))
    assert fails(verdict(ex07.check_drift, [0, 3_600_000, 7_200_000]), "metronome")
    assert unanswered(verdict(ex07.check_drift, [..., ..., ...]))


def test_ex07_clamped(verdict):
    assert passes(verdict(ex07.check_clamped, answers.clamped_second_run_at))
    assert fails(verdict(ex07.check_clamped, 600_000), "below the minimum")
    assert unanswered(verdict(ex07.check_clamped, ...))


def test_ex07_periodic_retry(verdict):
    assert passes(verdict(ex07.check_periodic_retry, answers.run_after_retry_at))
    assert fails(verdict(ex07.check_periodic_retry, 3_600_000), "next period")
    assert unanswered(verdict(ex07.check_periodic_retry, ...))


# --------------------------------------------------------------------- lesson 08
def test_ex08_uploads_scenario_has_an_upload_in_every_state():
    """The check's phone holds the uploads that tell a right query from a wrong one."""
    wm, uploads, others = ex08.uploads_scenario()
    assert set(uploads) == set(State)
    for state, request in uploads.items():
        assert wm.get_work_info_by_id(request.id).state is state
    assert [wm.get_work_info_by_id(r.id).state for r in others] == [State.RUNNING, State.ENQUEUED]


def uploads_in(*states):
    return WorkQuery.Builder.from_tags(["upload"]).add_states(list(states)).build()


def test_ex08_pending_uploads(verdict):
    assert passes(verdict(ex08.check_pending_uploads, answers.pending_uploads))
    tag_only = WorkQuery.from_tags(["upload"])
    out = verdict(ex08.check_pending_uploads, tag_only)
    assert fails(out, "the uploads that are BLOCKED, SUCCEEDED, FAILED and CANCELLED")
    states_only = WorkQuery.from_states([State.ENQUEUED, State.RUNNING])
    assert fails(verdict(ex08.check_pending_uploads, states_only), "'sync'")
    running_only = uploads_in(State.RUNNING)
    assert fails(verdict(ex08.check_pending_uploads, running_only), "misses the ENQUEUED")
    with_blocked = uploads_in(State.ENQUEUED, State.RUNNING, State.BLOCKED)
    out = verdict(ex08.check_pending_uploads, with_blocked)
    assert fails(out, "the uploads that are BLOCKED, which are not pending", "add_states")
    with_failed = uploads_in(State.ENQUEUED, State.RUNNING, State.FAILED)
    assert fails(verdict(ex08.check_pending_uploads, with_failed), "uploads that are FAILED")
    assert unanswered(verdict(ex08.check_pending_uploads, ...))


def test_ex08_progress_lists_cover_every_rule():
    """The check's phone shows an empty list, running, failed and cancelled uploads, and
    a list where every upload is cancelled."""
    lines = [ex08._line(infos) for _, infos in ex08.progress_lists()]
    assert lines == [
        "nothing to upload",
        "0 of 4 uploaded",
        "0 of 4 uploaded",
        "1 of 4 uploaded",
        "1 of 4 uploaded, 1 failed",
        "2 of 4 uploaded, 1 failed",
        "2 of 3 uploaded, 1 failed",
        "nothing to upload",
    ]


def counts_the_cancelled(infos):
    done = sum(info.state is State.SUCCEEDED for info in infos)
    failed = sum(info.state is State.FAILED for info in infos)
    if not infos:
        return "nothing to upload"
    line = f"{done} of {len(infos)} uploaded"
    return f"{line}, {failed} failed" if failed else line


def counts_the_running(infos):
    counted = [info for info in infos if info.state is not State.CANCELLED]
    if not counted:
        return "nothing to upload"
    done = sum(info.state in (State.SUCCEEDED, State.RUNNING) for info in counted)
    failed = sum(info.state is State.FAILED for info in counted)
    line = f"{done} of {len(counted)} uploaded"
    return f"{line}, {failed} failed" if failed else line


def forgets_the_failed(infos):
    counted = [info for info in infos if info.state is not State.CANCELLED]
    done = sum(info.state is State.SUCCEEDED for info in counted)
    return f"{done} of {len(counted)} uploaded" if counted else "nothing to upload"


def says_zero_of_zero(infos):
    counted = [info for info in infos if info.state is not State.CANCELLED]
    done = sum(info.state is State.SUCCEEDED for info in counted)
    failed = sum(info.state is State.FAILED for info in counted)
    line = f"{done} of {len(counted)} uploaded"
    return f"{line}, {failed} failed" if failed else line


def test_ex08_progress_line(verdict):
    assert passes(verdict(ex08.check_progress_line, answers.progress_line))
    out = verdict(ex08.check_progress_line, counts_the_cancelled)
    assert fails(out, "'2 of 4 uploaded, 1 failed' instead of '2 of 3", "CANCELLED upload")
    out = verdict(ex08.check_progress_line, counts_the_running)
    assert fails(out, "with 1 ENQUEUED, 3 RUNNING", "'3 of 4 uploaded'", "RUNNING one")
    out = verdict(ex08.check_progress_line, forgets_the_failed)
    assert fails(out, "at 00:01:30", "instead of '1 of 4 uploaded, 1 failed'", '", 1 failed"')
    out = verdict(ex08.check_progress_line, says_zero_of_zero)
    assert fails(out, "with no uploads at all", "'0 of 0 uploaded'", '"nothing to upload"')
    out = verdict(ex08.check_progress_line, lambda infos: len(infos))
    assert fails(out, "should return the text (a str), got 0")
    out = verdict(ex08.check_progress_line, lambda infos: infos[0].state.name)
    assert fails(out, "progress_line raised IndexError")
    assert unanswered(verdict(ex08.check_progress_line, not_written))
    assert unanswered(verdict(ex08.check_progress_line, ...))


def test_ex08_cancel_phone():
    """The phone of exercise 8.3 is in the states its text and messages describe."""
    wm, works = ex08.cancel_phone()
    states = {name: wm.get_work_info_by_id(r.id).state for name, r in works.items()}
    assert states == {
        "thumb": State.SUCCEEDED,
        "album": State.CANCELLED,
        "scan": State.RUNNING,
        "cover": State.CANCELLED,
        "share": State.CANCELLED,
    }


def test_ex08_cancelled_by_tag(verdict):
    assert passes(verdict(ex08.check_cancelled_by_tag, answers.cancelled))
    assert passes(verdict(ex08.check_cancelled_by_tag, ["share", "cover", "album"]))
    out = verdict(ex08.check_cancelled_by_tag, {"thumb", "album", "cover"})
    assert fails(out, "not thumb: thumb had SUCCEEDED", "share too:", "waits for cover")
    out = verdict(ex08.check_cancelled_by_tag, {"album", "scan", "cover", "share"})
    assert fails(out, "not scan:", "never up to a prerequisite")
    out = verdict(ex08.check_cancelled_by_tag, {"cover", "share"})
    assert fails(out, "album too:", "RUNNING")
    assert fails(verdict(ex08.check_cancelled_by_tag, {"album", "photo"}), "'photo' is not one")
    assert fails(verdict(ex08.check_cancelled_by_tag, "album"), "a set of names")
    assert unanswered(verdict(ex08.check_cancelled_by_tag, ...))


# --------------------------------------------------------------------- lesson 09
def test_ex09_policies(verdict):
    assert passes(verdict(ex09.check_policies, answers.policies))
    append = {**answers.policies, "chat": ExistingWorkPolicy.APPEND}
    assert fails(verdict(ex09.check_policies, append), "chat: not APPEND", "FAILED at once")
    reenqueue = {
        **answers.policies,
        "daily_cleanup": ExistingPeriodicWorkPolicy.CANCEL_AND_REENQUEUE,
    }
    assert fails(verdict(ex09.check_policies, reenqueue), "new schedule")
    wrong_kind = {**answers.policies, "daily_cleanup": ExistingWorkPolicy.KEEP}
    assert fails(verdict(ex09.check_policies, wrong_kind), "ExistingPeriodicWorkPolicy")
    assert unanswered(verdict(ex09.check_policies, dict.fromkeys(answers.policies, ...)))


def test_ex09_append_states(verdict):
    assert passes(verdict(ex09.check_append_states, answers.append_states))
    wrong = {**answers.append_states, "cancelled": State.ENQUEUED}
    assert fails(verdict(ex09.check_append_states, wrong), "cancelled: it is CANCELLED")
    assert unanswered(
        verdict(ex09.check_append_states, {"running": ..., "succeeded": ..., "cancelled": ...})
    )


BATTERY = Constraints(requires_battery_not_low=True)


def upgrade_with(policy, interval=timedelta(days=1), constraints=BATTERY, name="cleanup"):
    """on_upgrade as in the reference answer, with one choice changed."""

    def on_upgrade(wm):
        request = PeriodicWorkRequest(answers.Cleanup, interval, constraints=constraints)
        wm.enqueue_unique_periodic_work(name, policy, request)

    return on_upgrade


def update_by_id(wm):
    """update_work on the stored work: right while there is one, wrong on a new install."""
    old = wm.get_work_infos_for_unique_work("cleanup")[0]
    request = (
        PeriodicWorkRequest.Builder(answers.Cleanup, timedelta(days=1))
        .set_constraints(BATTERY)
        .set_id(old.id)
        .build()
    )
    wm.update_work(request)


def plain_enqueue(wm):
    wm.enqueue(PeriodicWorkRequest(answers.Cleanup, timedelta(days=1), constraints=BATTERY))


def test_ex09_on_upgrade(verdict):
    update = ExistingPeriodicWorkPolicy.UPDATE
    assert passes(verdict(ex09.check_on_upgrade, answers.on_upgrade, answers.Cleanup))
    keep = upgrade_with(ExistingPeriodicWorkPolicy.KEEP)
    out = verdict(ex09.check_on_upgrade, keep, answers.Cleanup)
    assert fails(out, "starts at 05:00", "does not require a battery that is not low", "KEEP")
    reenqueue = upgrade_with(ExistingPeriodicWorkPolicy.CANCEL_AND_REENQUEUE)
    out = verdict(ex09.check_on_upgrade, reenqueue, answers.Cleanup)
    assert fails(out, "next run came at 05:00:00, not at 24:00", "UPDATE")
    out = verdict(ex09.check_on_upgrade, plain_enqueue, answers.Cleanup)
    assert fails(out, "there are 2 clean-up works", '"cleanup"')
    other_name = upgrade_with(update, name="clean-up")
    assert fails(verdict(ex09.check_on_upgrade, other_name, answers.Cleanup), "2 clean-up works")
    twice_a_day = upgrade_with(update, interval=timedelta(hours=12))
    out = verdict(ex09.check_on_upgrade, twice_a_day, answers.Cleanup)
    assert fails(out, "1-day interval")
    charging = Constraints(requires_battery_not_low=True, requires_charging=True)
    also_charging = upgrade_with(update, constraints=charging)
    out = verdict(ex09.check_on_upgrade, also_charging, answers.Cleanup)
    assert fails(out, "also requires charging")
    out = verdict(ex09.check_on_upgrade, update_by_id, answers.Cleanup)
    assert fails(out, "on a new install", "IndexError", "nothing to update")
    assert fails(verdict(ex09.check_on_upgrade, answers.on_upgrade, 42), "extends Worker")
    assert unanswered(verdict(ex09.check_on_upgrade, not_written, answers.Cleanup))
    assert unanswered(verdict(ex09.check_on_upgrade, ..., answers.Cleanup))


# --------------------------------------------------------------------- lesson 10
def test_ex10_send_request(verdict):
    assert passes(verdict(ex10.check_send_request, answers.send_request()))
    connected = Constraints(required_network_type=NetworkType.CONNECTED)
    dropped = OneTimeWorkRequest(
        answers.SendMessage, expedited=OutOfQuotaPolicy.DROP_WORK_REQUEST, constraints=connected
    )
    out = verdict(ex10.check_send_request, dropped)
    assert fails(out, "stays ENQUEUED", "JobScheduler never runs it", "RUN_AS_NON_EXPEDITED")
    assert "dropped" not in out
    plain = OneTimeWorkRequest(answers.SendMessage, constraints=connected)
    assert fails(verdict(ex10.check_send_request, plain), "not expedited")
    no_network = OneTimeWorkRequest(
        answers.SendMessage, expedited=OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST
    )
    assert fails(verdict(ex10.check_send_request, no_network), "connected network")
    connected_storage = Constraints(
        required_network_type=NetworkType.CONNECTED, requires_storage_not_low=True
    )
    storage = OneTimeWorkRequest(
        answers.SendMessage,
        expedited=OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST,
        constraints=connected_storage,
    )
    assert fails(verdict(ex10.check_send_request, storage), "also requires storage not low")
    other_worker = OneTimeWorkRequest(
        answers.Compress,
        expedited=OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST,
        constraints=connected,
    )
    assert fails(verdict(ex10.check_send_request, other_worker), "runs Compress", "SendMessage")
    assert unanswered(verdict(ex10.check_send_request, ...))


def test_ex10_first_window(verdict):
    right = (answers.starts_in_doze, answers.starts_when_plugged_in)
    assert passes(verdict(ex10.check_first_window, *right))
    assert fails(verdict(ex10.check_first_window, 600_000, 1_800_000), "idle period")
    assert fails(verdict(ex10.check_first_window, 4_200_000, 1_800_000), "Doze *began*")
    assert fails(verdict(ex10.check_first_window, 3_600_000, 3_600_000), "ends Doze at once")
    assert unanswered(verdict(ex10.check_first_window, ..., ...))


def test_ex10_each_mystery_waits_for_its_reason():
    """Each mystery's explain names what holds it, so a student can reason from it."""
    holds = {
        "m1": ("Deep Doze", "Constraint unmet"),
        "m2": ("backing off",),
        "m3": ("Deep Doze", "Constraint unmet"),
        "m4": ("Blocked by prerequisite",),
        "m5": ("App Standby quota",),
    }
    for name, (wm, work_id) in ex10.mysteries().items():
        assert all(clue in wm.explain(work_id) for clue in holds[name]), name


def test_ex10_soonest(verdict):
    """The check accepts every single change that starts a work soonest, and None only
    where no change helps; it names what is wrong in the others."""
    assert passes(verdict(ex10.check_soonest, answers.soonest_changes))
    other_quota_fixes = [{"app_in_foreground": True}, {"standby_bucket": "active"}]
    for fix in other_quota_fixes:
        assert passes(verdict(ex10.check_soonest, {**answers.soonest_changes, "m5": fix}))
    screen_on = {**answers.soonest_changes, "m1": {"app_in_foreground": True}}
    assert fails(verdict(ex10.check_soonest, screen_on), "m1:", "does not start", "clue")
    plug_in = {**answers.soonest_changes, "m3": {"charging": True}}
    assert fails(verdict(ex10.check_soonest, plug_in), "m3:", "it starts at 01:00:00")
    keywords = {**answers.soonest_changes, "m2": "backoff"}
    assert fails(verdict(ex10.check_soonest, keywords), "m2 should be None or a dict")
    hurry = {**answers.soonest_changes, "m4": {"network": "wifi"}}
    assert fails(verdict(ex10.check_soonest, hurry), "m4: no change to the phone helps")
    lazy = {**answers.soonest_changes, "m5": None}
    assert fails(verdict(ex10.check_soonest, lazy), "m5: one change makes it start sooner")
    refused = {**answers.soonest_changes, "m1": {"doze": "yes please"}}
    assert fails(verdict(ex10.check_soonest, refused), "m1: set_device", "refused")
    assert unanswered(verdict(ex10.check_soonest, dict.fromkeys(answers.soonest_changes, ...)))


# --------------------------------------------------------------------- lesson 11
FROM_SCRATCH_DISK: dict = {}


class FromScratch(CoroutineWorker):
    async def do_work(self):
        for chunk in range(5):
            await self.sleep(timedelta(minutes=1))
            FROM_SCRATCH_DISK["done"] = chunk + 1
        return Result.success()


EAGER_DISK: dict = {}


class SavesTooEarly(CoroutineWorker):
    async def do_work(self):
        for chunk in range(EAGER_DISK.get("done", 0), 5):
            EAGER_DISK["done"] = chunk + 1
            await self.sleep(timedelta(minutes=1))
        return Result.success()


SKIPPING_DISK: dict = {}


class SkipsToChunkFour(CoroutineWorker):
    """Right when killed at 3:30 only: after any restart it skips to chunk 4."""

    async def do_work(self):
        for chunk in range(3 if SKIPPING_DISK.get("done") else 0, 5):
            await self.sleep(timedelta(minutes=1))
            SKIPPING_DISK["done"] = chunk + 1
        return Result.success()


FORGETFUL_DISK: dict = {}


class ResumesOnlyOnce(CoroutineWorker):
    """Reads DISK on its second run only, keeping that in a class variable."""

    runs = 0

    async def do_work(self):
        ResumesOnlyOnce.runs += 1
        start = FORGETFUL_DISK.get("done", 0) if ResumesOnlyOnce.runs == 2 else 0
        for chunk in range(start, 5):
            await self.sleep(timedelta(minutes=1))
            FORGETFUL_DISK["done"] = chunk + 1
        return Result.success()


def test_ex11_resumable_killed_at_other_instants(verdict):
    out = verdict(ex11.check_resumable, SkipsToChunkFour, SKIPPING_DISK)
    assert fails(out, "killed at 00:01:30 with 1 chunk saved", "finished at 00:03:30", "skipped")
    out = verdict(ex11.check_resumable, ResumesOnlyOnce, FORGETFUL_DISK)
    assert fails(out, 'restarted at 00:01:30, killed at 00:03:45, DISK["done"] is 2, but 3')


def test_ex11_resumable(verdict):
    assert passes(verdict(ex11.check_resumable, answers.ResumableDownload, answers.DISK))
    assert fails(
        verdict(ex11.check_resumable, FromScratch, FROM_SCRATCH_DISK), "all five chunks again"
    )
    assert fails(verdict(ex11.check_resumable, SavesTooEarly, EAGER_DISK), 'DISK["done"] is 4')
    assert fails(verdict(ex11.check_resumable, answers.ResumableDownload, None), "pass the DISK")
    assert unanswered(verdict(ex11.check_resumable, CoroutinePlaceholder, {}))


def test_ex11_survivors(verdict):
    assert passes(verdict(ex11.check_survivors, answers.survivors))
    assert fails(verdict(ex11.check_survivors, {"kept"}), "kept for the child")
    assert fails(verdict(ex11.check_survivors, {"plain", "kept", "parent"}), "it is pruned")
    assert fails(verdict(ex11.check_survivors, {"mystery"}), "plain, kept and parent")
    assert unanswered(verdict(ex11.check_survivors, ...))


def test_ex11_force_stop(verdict):
    """The check accepts only the right four values, naming each typical mistake: a sync
    that catches up, one aligned to the hour, a report run at its due time despite the
    force stop (or after a kill only when opened), a killed run not counted."""
    right = (
        answers.sync_starts,
        answers.report_starts,
        answers.report_starts_if_killed,
        answers.download_attempts,
    )
    check = ex11.check_force_stop
    assert passes(verdict(check, *right))
    hours = [timedelta(hours=h) for h in (0, 4)] + [timedelta(hours=5, minutes=1)]
    assert passes(verdict(check, hours, timedelta(hours=4), timedelta(hours=2), 2))
    catching_up = [0, 3_660_000, 7_260_000, 10_860_000, 14_400_000, 18_060_000]
    assert fails(verdict(check, catching_up, *right[1:]), "not once per missed period")
    on_the_hour = [0, 14_400_000, 18_000_000]
    assert fails(verdict(check, on_the_hour, *right[1:]), "counts from the end of the run")
    assert fails(verdict(check, [14_400_000, 18_060_000], *right[1:]), "first run is at 0:00")
    assert fails(verdict(check, [0, 18_060_000], *right[1:]), "runs at once")
    assert fails(
        verdict(check, right[0], 7_200_000, *right[2:]), "nothing runs until the user opens"
    )
    assert fails(verdict(check, right[0], right[1], 14_400_000, 2), "keeps the app's jobs")
    assert fails(verdict(check, *right[:3], 1), "counts as an attempt")
    assert fails(verdict(check, *right[:3], 3), "not 3 attempts")
    assert fails(verdict(check, *right[:3], True), "a whole number")
    assert fails(verdict(check, 14_400_000, *right[1:]), "a list of start times")
    # every part is checked: one right part never hides the others
    wrong_everywhere = verdict(check, catching_up, 7_200_000, 14_400_000, 1)
    for part in ("sync:", "report:", "report if killed:", "download:"):
        assert part in wrong_everywhere
    assert unanswered(verdict(check, ..., *right[1:]))
    assert unanswered(verdict(check, *right[:3], ...))


def test_ex11_fifth_start(verdict):
    assert passes(verdict(ex11.check_fifth_start, answers.fifth_starts_at))
    assert fails(verdict(ex11.check_fifth_start, 240_000), "one at a time")
    assert unanswered(verdict(ex11.check_fifth_start, ...))


# --------------------------------------------------------------------- lesson 12
class CompressNoDuration(answers.CompressPhoto):
    duration = timedelta(0)


class CompressKeepsJpg(Worker):
    duration = timedelta(seconds=10)

    def do_work(self):
        size = self.input_data.get_long("size_kb")
        return Result.success({"photo": self.input_data.get_string("photo"), "size_kb": size // 4})


class CompressCutsAtTheFirstDot(Worker):
    duration = timedelta(seconds=10)

    def do_work(self):
        photo = self.input_data.get_string("photo")
        if photo is None:
            return Result.failure({"error": "no photo"})
        size = self.input_data.get_long("size_kb")
        return Result.success({"photo": photo.split(".")[0] + ".webp", "size_kb": size // 4})


def test_ex12_compress(verdict):
    assert passes(verdict(ex12.check_compress, answers.CompressPhoto))
    out = verdict(ex12.check_compress, CompressCutsAtTheFirstDot)
    assert fails(out, "for trip.day1.jpeg", "'trip.webp'", "only the last extension")
    assert fails(verdict(ex12.check_compress, CompressNoDuration), "10 seconds")
    assert fails(verdict(ex12.check_compress, CompressKeepsJpg), "'beach.webp'")
    assert unanswered(verdict(ex12.check_compress, Placeholder))


class UploadReadsOnePhoto(Worker):
    def do_work(self):
        photo = self.input_data.get_string("photo")
        self.duration = timedelta(seconds=20)
        return Result.success({"uploaded": 1 if photo else 0, "size_kb": 0})


class UploadNeverGivesUp(answers.UploadBatch):
    def do_work(self):
        if answers.SERVER["down"]:
            return Result.retry()
        return super().do_work()


class UploadAlwaysForty(answers.UploadBatch):
    def do_work(self):
        result = super().do_work()
        self.duration = timedelta(seconds=40)
        return result


class UploadCountsInAClass(Worker):
    """Gives up after five runs counted in a class variable, starting over after that."""

    runs = 0

    def do_work(self):
        photos = self.input_data.get_string_array("photo") or []
        if answers.SERVER["down"]:
            UploadCountsInAClass.runs += 1
            if UploadCountsInAClass.runs == 5:
                UploadCountsInAClass.runs = 0
                return Result.failure({"error": "server down"})
            return Result.retry()
        self.duration = timedelta(seconds=20 * len(photos))
        sizes = self.input_data.get_long_array("size_kb") or []
        return Result.success({"uploaded": len(photos), "size_kb": sum(sizes)})


class GivesUpOnItsFifthRun:
    """A namespace, so that the worker keeps the name the pipeline checks look for."""

    class UploadBatch(answers.UploadBatch):
        """Gives up on its fifth run whatever the reason, the server up or not."""

        def do_work(self):
            if self.run_attempt_count >= 4:
                return Result.failure({"error": "server down"})
            return super().do_work()


def test_ex12_upload_robustness(verdict):
    server = answers.SERVER
    out = verdict(ex12.check_upload, UploadAlwaysForty, server)
    assert fails(out, "with 3 photos it is SUCCEEDED at 00:00:59", "60 s")
    out = verdict(ex12.check_upload, UploadCountsInAClass, server)
    assert fails(out, "two UploadBatch works with the server down ran", "run_attempt_count")
    out = verdict(ex12.check_upload, GivesUpOnItsFifthRun.UploadBatch, server)
    assert fails(out, "back for the fifth, yet the upload is FAILED", "runs the phone stopped")
    assert server == {"down": False}


def test_ex12_upload(verdict):
    server = answers.SERVER
    assert passes(verdict(ex12.check_upload, answers.UploadBatch, server))
    assert server == {"down": False}  # the check restores the server
    assert fails(verdict(ex12.check_upload, UploadReadsOnePhoto, server), "40 s")
    assert fails(verdict(ex12.check_upload, UploadNeverGivesUp, server), "still retrying")
    assert fails(verdict(ex12.check_upload, answers.UploadBatch, None), "pass SERVER")
    assert unanswered(verdict(ex12.check_upload, Placeholder, server))


class NotifyTerse(Worker):
    def do_work(self):
        return Result.success({"message": "done"})


def test_ex12_notify(verdict):
    assert passes(verdict(ex12.check_notify, answers.NotifyUser))
    assert fails(verdict(ex12.check_notify, NotifyTerse), '"3 photos backed up"')
    assert unanswered(verdict(ex12.check_notify, Placeholder))


WIFI_AND_BATTERY = Constraints(
    required_network_type=NetworkType.UNMETERED, requires_battery_not_low=True
)


def make_pipeline(
    policy=ExistingWorkPolicy.APPEND_OR_REPLACE,
    merger=ArrayCreatingInputMerger,
    constraints=WIFI_AND_BATTERY,
    upload=answers.UploadBatch,
):
    """enqueue_backup as in the reference answer, with one choice changed."""

    def enqueue_backup(wm, photos):
        compress = [
            OneTimeWorkRequest(
                answers.CompressPhoto, input_data={"photo": n, "size_kb": s}, tags=["backup"]
            )
            for n, s in photos
        ]
        builder = (
            OneTimeWorkRequest.Builder(upload)
            .set_constraints(constraints)
            .set_backoff_criteria(BackoffPolicy.EXPONENTIAL, timedelta(minutes=1))
            .add_tag("backup")
        )
        if merger is not None:
            builder.set_input_merger(merger)
        notify = OneTimeWorkRequest(answers.NotifyUser, tags=["backup"])
        wm.begin_unique_work("photo-backup", policy, compress).then(builder.build()).then(
            notify
        ).enqueue()

    return enqueue_backup


def test_ex12_pipeline(verdict):
    server = answers.SERVER
    assert passes(verdict(ex12.check_pipeline, answers.enqueue_backup, server))
    keep = make_pipeline(policy=ExistingWorkPolicy.KEEP)
    assert fails(verdict(ex12.check_pipeline, keep, server), "dropped (KEEP?)")
    replace = make_pipeline(policy=ExistingWorkPolicy.REPLACE)
    assert fails(verdict(ex12.check_pipeline, replace, server), "(REPLACE?)")
    append = make_pipeline(policy=ExistingWorkPolicy.APPEND)
    assert fails(verdict(ex12.check_pipeline, append, server), "(APPEND?)", "starts fresh")
    overwriting = make_pipeline(merger=None)
    assert fails(verdict(ex12.check_pipeline, overwriting, server), "ArrayCreatingInputMerger")
    wifi_only = make_pipeline(constraints=Constraints(required_network_type=NetworkType.UNMETERED))
    assert fails(verdict(ex12.check_pipeline, wifi_only, server), "battery not low")
    assert server == {"down": False}
    assert unanswered(verdict(ex12.check_pipeline, not_written, server))


def test_ex12_day_in_the_life(capsys):
    server = answers.SERVER
    ex12.check_day_in_the_life(answers.enqueue_backup, server)
    out = capsys.readouterr().out
    assert out.startswith("✓") and "all 8 stories" in out
    ex12.check_day_in_the_life(make_pipeline(constraints=Constraints()), server)
    out = capsys.readouterr().out
    assert out.startswith("✗") and "6 of 8" in out
    assert "wifi lost mid-upload: the upload went on over cellular data" in out
    assert "battery low: the upload ran with the battery low" in out
    ex12.check_day_in_the_life(make_pipeline(policy=ExistingWorkPolicy.APPEND), server)
    out = capsys.readouterr().out
    assert "the batch after a failed one never ran" in out
    ex12.check_day_in_the_life(make_pipeline(upload=GivesUpOnItsFifthRun.UploadBatch), server)
    out = capsys.readouterr().out
    assert "7 of 8" in out
    assert "light Doze stopped the upload at the end of 4 windows" in out
    assert "each stop counts in run_attempt_count" in out
    assert server == {"down": False}
    ex12.check_day_in_the_life(not_written, server)
    assert "not answered yet" in capsys.readouterr().out
