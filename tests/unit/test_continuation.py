"""``WorkContinuation.get_work_infos_live_data``: the chain's WorkInfos, earliest level
first, told to observers whenever any work of the chain changes."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager


class Step(Worker):
    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


def test_observers_hear_every_change_of_the_chain() -> None:
    wm = WorkManager()
    first, second = OneTimeWorkRequest(Step), OneTimeWorkRequest(Step)
    chain = wm.begin_with(first).then(second)
    live = chain.get_work_infos_live_data()
    heard: list[list[str]] = []
    live.observe(lambda infos: heard.append([i.state.name for i in infos]))
    chain.enqueue()
    wm.advance(timedelta(seconds=30))
    assert heard == [
        [],  # not enqueued yet: no WorkInfo
        ["ENQUEUED", "BLOCKED"],
        ["RUNNING", "BLOCKED"],
        ["SUCCEEDED", "RUNNING"],
        ["SUCCEEDED", "SUCCEEDED"],
    ]
    assert [i.id for i in live.value] == [first.id, second.id]
    assert live.value == chain.get_work_infos()
