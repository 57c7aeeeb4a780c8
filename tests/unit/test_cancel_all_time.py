"""``get_last_cancel_all_time_millis``: 0 before any ``cancel_all_work``, then the virtual
instant of the last one; stored, so kept across restarts and reopens; a LiveData too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from wmkit import OneTimeWorkRequest, Result, State, Worker, WorkManager


class Later(Worker):
    def do_work(self) -> Result:
        return Result.success()


def test_zero_before_any_cancel_all_then_the_instant_of_the_last() -> None:
    wm = WorkManager(start_millis=1_000)
    assert wm.get_last_cancel_all_time_millis() == 0
    wm.cancel_all_work()  # even with nothing to cancel (CancelWorkRunnable.forAll)
    assert wm.get_last_cancel_all_time_millis() == 1_000
    later = OneTimeWorkRequest(Later, initial_delay=timedelta(hours=1))
    wm.enqueue(later)
    wm.advance(timedelta(seconds=5))
    wm.cancel_work_by_id(later.id)  # other cancels do not count
    assert wm.get_last_cancel_all_time_millis() == 1_000
    wm.cancel_all_work()
    assert wm.get_last_cancel_all_time_millis() == 6_000


def test_it_survives_a_restart_and_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "cancel.json"
    with WorkManager(path) as wm:
        wm.enqueue(OneTimeWorkRequest(Later, initial_delay=timedelta(hours=1)))
        wm.advance(timedelta(seconds=3))
        wm.cancel_all_work()
        wm.restart_app()
        assert wm.get_last_cancel_all_time_millis() == 3_000
    with WorkManager(path) as reopened:
        assert reopened.get_last_cancel_all_time_millis() == 3_000
        assert [i.state for i in reopened.get_work_infos_by_tag(f"{__name__}.Later")] == [
            State.CANCELLED
        ]


def test_the_live_data_tells_each_cancel_all() -> None:
    wm = WorkManager()
    heard: list[int] = []
    wm.get_last_cancel_all_time_millis_live_data().observe(heard.append)
    wm.advance(timedelta(seconds=2))
    wm.cancel_all_work()
    wm.advance(timedelta(seconds=2))
    wm.cancel_all_work()
    assert heard == [0, 2_000, 4_000]


def test_a_rewind_brings_back_the_earlier_value() -> None:
    wm = WorkManager()
    checkpoint = wm.checkpoint()
    wm.advance(timedelta(seconds=1))
    wm.cancel_all_work()
    wm.restore_checkpoint(checkpoint)
    assert wm.get_last_cancel_all_time_millis() == 0
