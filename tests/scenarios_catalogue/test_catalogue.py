"""The scenario catalogue: every scenario loads, plays, and shows what it claims.

Times are exact virtual instants after the scenario was built (wmkit starts work at the
first instant it may). The Doze and quota scenarios use the AOSP defaults kept in
``wmkit.phone.defaults``: deep Doze idles 1 h, opens a 5-minute window, idles 2 h,
opens a 10-minute window, then idles 4 h.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from wmkit import (
    Data,
    IllegalArgumentError,
    OneTimeWorkRequest,
    State,
    StopReason,
    WorkManager,
    scenarios,
)
from wmkit.scenarios import Scenario
from wmkit.scenarios.workers import DownloadMap

SECOND = 1_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
NAMES = [
    "fan_in_merge",
    "diamond_cancel",
    "retry_backoff",
    "constraint_lost",
    "flex_window",
    "night_in_doze",
    "unique_append_onto_failed",
    "keep_vs_replace",
    "expedited_out_of_quota",
    "process_death",
]


def played(name: str, until: timedelta | None = None) -> tuple[Scenario, WorkManager]:
    scenario = scenarios.get(name)
    manager = scenario.load()
    scenario.play(manager, until)
    return scenario, manager


def times(manager: WorkManager, work_id, kind: str) -> list[int]:
    """Every instant at which ``work_id`` had an event of ``kind``."""
    return [e.millis for e in manager.trace if e.work_id == work_id and e.kind == kind]


def state(manager: WorkManager, work_id) -> State | None:
    info = manager.get_work_info_by_id(work_id)
    return None if info is None else info.state


# --------------------------------------------------------------------- the catalogue
def test_the_catalogue_holds_the_ten_scenarios_in_course_order():
    """catalogue() lists the ten scenarios the issue asks for, in teaching order."""
    assert [s.name for s in scenarios.catalogue()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_scenario_is_documented_and_loads_fresh(name):
    """Each scenario has a title, a summary, Android notes and roles, and loads into a
    fresh in-memory manager holding work."""
    scenario = scenarios.get(name)
    assert scenario.title and len(scenario.summary) > 80 and len(scenario.android_notes) > 80
    assert scenario.roles and scenario.run_for > timedelta(0)
    manager = scenarios.load(name)
    assert manager.path is None
    assert manager.describe_works()
    assert scenario.title in scenario.describe()
    assert scenario.describe() == scenario._repr_markdown_()


@pytest.mark.parametrize("name", NAMES)
def test_every_scenario_plays_to_the_end_with_each_cue_once(name):
    """play() drives the clock run_for past the origin and plays every cue exactly once;
    playing again changes nothing."""
    scenario, manager = played(name)
    assert manager.clock.now_millis == scenario.run_for // timedelta(milliseconds=1)
    assert scenario.pending_cues(manager) == []
    assert scenario.play(manager) == []


def test_get_refuses_an_unknown_name_and_lists_the_real_ones():
    """A typo gets a clear error naming every scenario."""
    with pytest.raises(IllegalArgumentError, match=r"fan_in_merge.*process_death"):
        scenarios.get("fan_in")


def test_build_refuses_a_manager_that_already_holds_work():
    """A scenario starts from nothing: building it twice on one manager is refused."""
    manager = scenarios.load("retry_backoff")
    with pytest.raises(IllegalArgumentError, match="empty WorkManager"):
        scenarios.get("retry_backoff").build(manager)


def test_load_passes_keywords_to_the_manager_and_cues_follow_the_origin():
    """load(start_millis=...) starts the clock there; cues count from that origin."""
    scenario = scenarios.get("diamond_cancel")
    manager = scenario.load(start_millis=HOUR)
    assert scenario.origin(manager) == HOUR
    assert [at for at, _ in scenario.pending_cues(manager)] == [HOUR + 40 * SECOND]
    scenario.play(manager)
    assert times(manager, scenario.ids(manager)["upload"], "cancelled") == [HOUR + 40 * SECOND]


def test_playing_in_steps_matches_playing_at_once():
    """Stopping half-way (to let students predict) and playing on gives the same story."""
    scenario = scenarios.get("keep_vs_replace")
    whole = scenario.load()
    scenario.play(whole)
    halves = scenario.load()
    scenario.play(halves, timedelta(seconds=20))
    assert len(scenario.pending_cues(halves)) == 2
    scenario.play(halves)
    assert [tuple(e)[:2] for e in whole.trace] == [tuple(e)[:2] for e in halves.trace]


def test_a_cue_passed_by_hand_plays_at_once():
    """If the student drove the clock past a cue, play() performs it at the current instant."""
    scenario = scenarios.get("diamond_cancel")
    manager = scenario.load()
    manager.advance(timedelta(seconds=50))
    scenario.play(manager)
    upload = scenario.ids(manager)["upload"]
    assert times(manager, upload, "cancelled") == [50 * SECOND]


def test_a_scenario_in_a_store_file_reopens_with_its_workers(tmp_path):
    """Scenario workers live in an importable module, so a reopened store finds them."""
    path = os.path.join(tmp_path, "story.wmk.json")
    scenario = scenarios.get("process_death")
    manager = scenario.load(path)
    manager.advance(timedelta(minutes=2))
    manager.close()
    reopened = WorkManager(path)
    download = scenario.ids(reopened)["download"]
    info = reopened.get_work_info_by_id(download)
    assert info.state is State.ENQUEUED and info.stop_reason == StopReason.UNKNOWN
    reopened.advance(timedelta(minutes=6))
    assert state(reopened, scenario.ids(reopened)["tiles"]) is State.SUCCEEDED
    reopened.close()


def test_load_refuses_a_store_that_already_holds_work(tmp_path):
    """A second load on the same file would enqueue everything twice: refused, file kept."""
    path = os.path.join(tmp_path, "story.wmk.json")
    scenarios.load("retry_backoff", path).close()
    with pytest.raises(IllegalArgumentError, match="empty WorkManager"):
        scenarios.load("retry_backoff", path)
    WorkManager(path).close()  # the refused load released the file


# --------------------------------------------------------------------- each story
def test_fan_in_merge_waits_for_the_slowest_and_merges_two_ways():
    """Both children start at 0:30 (the slowest download) and finish at 0:35; the
    ArrayCreating child sees every photo and its own album as arrays, the Overwriting
    child sees one photo string."""
    scenario, manager = played("fan_in_merge")
    ids = scenario.ids(manager)
    downloads = ["download-beach", "download-city", "download-forest"]
    assert [times(manager, ids[r], "succeeded") for r in downloads] == [
        [10 * SECOND],
        [20 * SECOND],
        [30 * SECOND],
    ]
    for child in ("make-album", "pick-cover"):
        assert times(manager, ids[child], "unblocked") == [30 * SECOND]
        assert times(manager, ids[child], "succeeded") == [35 * SECOND]
    album = manager.get_work_info_by_id(ids["make-album"]).output_data
    assert album.get_string("album") == "Holiday"
    assert sorted(album.get_string_array("photos")) == ["beach.jpg", "city.jpg", "forest.jpg"]
    cover = manager.get_work_info_by_id(ids["pick-cover"]).output_data.get_string("cover")
    assert cover in {"beach.jpg", "city.jpg", "forest.jpg"}


def test_fan_in_merge_children_are_blocked_until_then():
    """At 0:25 two downloads have succeeded and both children are still BLOCKED."""
    scenario, manager = played("fan_in_merge", timedelta(seconds=25))
    ids = scenario.ids(manager)
    assert state(manager, ids["make-album"]) is State.BLOCKED
    assert state(manager, ids["pick-cover"]) is State.BLOCKED
    assert state(manager, ids["download-forest"]) is State.RUNNING


def test_diamond_cancel_cascades_down_not_up():
    """Cancelling the running upload at 0:40 cancels notify; prepare and resize stay
    SUCCEEDED; upload reports CANCELLED_BY_APP, notify (never started) NOT_STOPPED."""
    scenario, manager = played("diamond_cancel")
    ids = scenario.ids(manager)
    assert {role: state(manager, i) for role, i in ids.items()} == {
        "prepare": State.SUCCEEDED,
        "resize": State.SUCCEEDED,
        "upload": State.CANCELLED,
        "notify": State.CANCELLED,
    }
    assert times(manager, ids["upload"], "cancelled") == [40 * SECOND]
    assert times(manager, ids["notify"], "cancelled") == [40 * SECOND]
    assert manager.get_work_info_by_id(ids["upload"]).stop_reason == StopReason.CANCELLED_BY_APP
    assert manager.get_work_info_by_id(ids["notify"]).stop_reason == StopReason.NOT_STOPPED
    assert times(manager, ids["notify"], "started") == []


def test_retry_backoff_exponential_and_linear_timings():
    """Five runs each; exponential waits 30 s, 1 m, 2 m, 4 m; linear 30 s, 1 m, 1m30, 2 m,
    each counted from the retry (the end of a 5-second run)."""
    scenario, manager = played("retry_backoff")
    ids = scenario.ids(manager)
    assert times(manager, ids["exponential"], "started") == [
        0,
        35 * SECOND,
        100 * SECOND,
        225 * SECOND,
        470 * SECOND,
    ]
    assert times(manager, ids["linear"], "started") == [
        0,
        35 * SECOND,
        100 * SECOND,
        195 * SECOND,
        320 * SECOND,
    ]
    assert times(manager, ids["exponential"], "succeeded") == [475 * SECOND]
    assert times(manager, ids["linear"], "succeeded") == [325 * SECOND]
    info = manager.get_work_info_by_id(ids["exponential"])
    assert info.run_attempt_count == 5
    assert info.output_data == Data({"attempts": 5})


def test_retry_backoff_next_schedule_time_during_the_wait():
    """At 2:00 exponential has retried three times and is due at 3:45."""
    scenario, manager = played("retry_backoff", timedelta(minutes=2))
    info = manager.get_work_info_by_id(scenario.ids(manager)["exponential"])
    assert info.state is State.ENQUEUED
    assert info.run_attempt_count == 3
    assert info.next_schedule_time_millis == 225 * SECOND


def test_constraint_lost_stops_keeps_progress_and_reruns_on_wifi():
    """Stopped at 1:00 (CONSTRAINT_CONNECTIVITY, attempt counted, 25 % progress kept),
    rerun at 5:00 when wifi is back, SUCCEEDED at 8:00."""
    scenario, manager = played("constraint_lost", timedelta(minutes=3))
    video = scenario.ids(manager)["video"]
    info = manager.get_work_info_by_id(video)
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.CONSTRAINT_CONNECTIVITY
    assert info.run_attempt_count == 1
    assert info.progress.get_long("percent") == 25
    assert "UNMETERED" in manager.explain(video)
    scenario.play(manager)
    assert times(manager, video, "stopped") == [MINUTE]
    assert times(manager, video, "started") == [0, 5 * MINUTE]
    assert times(manager, video, "succeeded") == [8 * MINUTE]
    assert manager.get_work_info_by_id(video).run_attempt_count == 2


def test_flex_window_first_run_and_drift():
    """No flex: 0:00, 1:02, 2:04, 3:06. Flex 15 min: 0:45, 1:47, 2:49, 3:51."""
    scenario, manager = played("flex_window")
    ids = scenario.ids(manager)
    assert times(manager, ids["no-flex"], "started") == [0, 62 * MINUTE, 124 * MINUTE, 186 * MINUTE]
    assert times(manager, ids["with-flex"], "started") == [
        45 * MINUTE,
        107 * MINUTE,
        169 * MINUTE,
        231 * MINUTE,
    ]
    info = manager.get_work_info_by_id(ids["with-flex"])
    assert info.state is State.ENQUEUED and info.period_count == 4
    assert info.next_schedule_time_millis == 293 * MINUTE
    assert info.periodicity_info.flex_interval_millis == 15 * MINUTE


def test_night_in_doze_defers_regular_work_to_maintenance_windows():
    """Doze from 0:02: windows 1:02-1:07 and 3:07-3:17. The index is stopped at 0:02 and
    1:07 (DEVICE_STATE) and finishes at 3:15; the feed runs at 0:00, 1:02, 3:07 and,
    after the 7:00 charger, at 7:00; the backup runs in the first window."""
    scenario, manager = played("night_in_doze")
    ids = scenario.ids(manager)
    assert times(manager, ids["index"], "started") == [0, 62 * MINUTE, 187 * MINUTE]
    assert times(manager, ids["index"], "stopped") == [2 * MINUTE, 67 * MINUTE]
    assert times(manager, ids["index"], "succeeded") == [195 * MINUTE]
    assert times(manager, ids["feed"], "started") == [0, 62 * MINUTE, 187 * MINUTE, 7 * HOUR]
    assert times(manager, ids["backup"], "started") == [62 * MINUTE]
    assert times(manager, ids["backup"], "succeeded") == [65 * MINUTE]
    assert times(manager, ids["chat"], "started") == [3 * HOUR]
    assert times(manager, ids["chat"], "succeeded") == [3 * HOUR + MINUTE]


def test_night_in_doze_stop_reason_and_explain_at_half_past_midnight():
    """At 0:30 the index waits ENQUEUED (stopped for DEVICE_STATE) and explain names Doze
    and the 1:02 maintenance window."""
    scenario, manager = played("night_in_doze", timedelta(minutes=30))
    index = scenario.ids(manager)["index"]
    info = manager.get_work_info_by_id(index)
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.DEVICE_STATE
    text = manager.explain(index)
    assert "Doze" in text and "01:02:00" in text


def test_unique_append_onto_failed_fails_at_once_and_append_or_replace_recovers():
    """fetch FAILED at 0:10; apply (APPEND, 1:00) FAILED at once with no run;
    APPEND_OR_REPLACE at 2:00 deletes both rows and the new chain succeeds at 2:20."""
    scenario, manager = played("unique_append_onto_failed", timedelta(seconds=90))
    ids = scenario.ids(manager)
    assert state(manager, ids["fetch"]) is State.FAILED
    assert times(manager, ids["fetch"], "failed") == [10 * SECOND]
    apply = ids["apply"]
    assert state(manager, apply) is State.FAILED
    assert times(manager, apply, "failed") == [MINUTE]
    assert manager.get_work_info_by_id(apply).run_attempt_count == 0
    scenario.play(manager)
    assert manager.get_work_info_by_id(ids["fetch"]) is None
    assert manager.get_work_info_by_id(apply) is None
    later = scenario.ids(manager)
    assert times(manager, later["fetch-again"], "started") == [2 * MINUTE]
    assert times(manager, later["apply-again"], "succeeded") == [140 * SECOND]
    names = manager.get_work_infos_for_unique_work("sync")
    assert [i.state for i in names] == [State.SUCCEEDED, State.SUCCEEDED]


def test_keep_vs_replace():
    """KEEP ignores keep-2 (never stored), keep-1 SUCCEEDED at 2:00; REPLACE stops and
    deletes replace-1 at 0:30 and replace-2 runs 0:30-2:30; KEEP over the finished keep-1
    at 3:00 deletes it and runs keep-3 until 5:00."""
    scenario, manager = played("keep_vs_replace", timedelta(minutes=2, seconds=45))
    ids = scenario.ids(manager)
    assert "keep-2" not in ids and "replace-1" not in ids
    assert times(manager, ids["keep-1"], "succeeded") == [2 * MINUTE]
    assert times(manager, ids["replace-2"], "started") == [30 * SECOND]
    assert times(manager, ids["replace-2"], "succeeded") == [150 * SECOND]
    stopped = [e for e in manager.trace if e.kind == "cancelled" and e.millis == 30 * SECOND]
    assert len(stopped) == 1
    assert manager.get_work_info_by_id(stopped[0].work_id) is None  # deleted by REPLACE
    keep_1 = ids["keep-1"]
    scenario.play(manager)
    assert manager.get_work_info_by_id(keep_1) is None
    keep_3 = scenario.ids(manager)["keep-3"]
    assert times(manager, keep_3, "started") == [3 * MINUTE]
    assert times(manager, keep_3, "succeeded") == [5 * MINUTE]


def test_expedited_out_of_quota():
    """In Doze, bucket rare (10 min of expedited time): chats runs at once 0:00-0:08;
    photo starts at 0:15 and is stopped with QUOTA at 0:17, then runs as regular work in
    the 1:00 window with the newsletter; ping (DROP_WORK_REQUEST) never runs."""
    scenario, manager = played("expedited_out_of_quota")
    ids = scenario.ids(manager)
    assert times(manager, ids["chats"], "started") == [0]
    assert times(manager, ids["chats"], "succeeded") == [8 * MINUTE]
    assert times(manager, ids["newsletter"], "started") == [HOUR]
    assert times(manager, ids["photo"], "started") == [15 * MINUTE, HOUR]
    assert times(manager, ids["photo"], "stopped") == [17 * MINUTE]
    assert times(manager, ids["photo"], "succeeded") == [HOUR + 4 * MINUTE]
    stops = [e.detail for e in manager.trace if e.work_id == ids["photo"] and e.kind == "stopped"]
    assert stops[0].startswith("QUOTA")
    ping = manager.get_work_info_by_id(ids["ping"])
    assert times(manager, ids["ping"], "started") == []
    assert ping.state is State.ENQUEUED and ping.run_attempt_count == 0


def test_process_death_requeues_the_running_download():
    """Killed at 2:00: the download is stopped with UNKNOWN and reruns at once; it sees
    run_attempt_count 1, finishes at 7:00, and the tiles at 8:00."""
    scenario, manager = played("process_death", timedelta(minutes=2))
    download = scenario.ids(manager)["download"]
    info = manager.get_work_info_by_id(download)
    assert info.state is State.RUNNING and info.run_attempt_count == 2
    stops = [e for e in manager.trace if e.work_id == download and e.kind == "stopped"]
    assert [(e.millis, e.detail.split(":")[0]) for e in stops] == [(2 * MINUTE, "UNKNOWN")]
    scenario.play(manager)
    assert times(manager, download, "started") == [0, 2 * MINUTE]
    assert manager.get_work_info_by_id(download).output_data.get_long("earlier_runs") == 1
    tiles = scenario.ids(manager)["tiles"]
    assert times(manager, tiles, "succeeded") == [8 * MINUTE]


STOPPED_CALLS: list[int] = []


class RecordingDownload(DownloadMap):
    """The scenario's download, recording each on_stopped call."""

    def on_stopped(self) -> None:
        STOPPED_CALLS.append(self.stop_reason)


def test_process_death_calls_no_on_stopped():
    """A dead process runs nothing: restart_app() never calls the killed worker's on_stopped
    (while a cancel does), as the scenario's summary says."""
    STOPPED_CALLS.clear()
    manager = WorkManager()
    killed = OneTimeWorkRequest(RecordingDownload)
    manager.enqueue(killed)
    manager.advance(timedelta(minutes=2))
    manager.restart_app()
    assert STOPPED_CALLS == []
    manager.advance(timedelta(minutes=1))
    manager.cancel_work_by_id(killed.id)
    assert STOPPED_CALLS == [StopReason.CANCELLED_BY_APP]


def test_process_death_state_right_after_the_restart():
    """Just after restart_app(), before the clock moves, the download is ENQUEUED with
    stop reason UNKNOWN and one attempt counted."""
    scenario = scenarios.get("process_death")
    manager = scenario.load()
    manager.advance(timedelta(minutes=2))
    manager.restart_app()
    info = manager.get_work_info_by_id(scenario.ids(manager)["download"])
    assert info.state is State.ENQUEUED
    assert info.stop_reason == StopReason.UNKNOWN
    assert info.run_attempt_count == 1
