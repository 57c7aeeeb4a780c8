"""Captions: one line per click, from the click's events (kind and data only), pure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from wmkit import Device, OneTimeWorkRequest, WorkManager, scenarios
from wmkit.trace.events import Event
from wmkit.widgets.caption import caption, device_changes, short_time
from wmkit.widgets.labels import work_labels

from .workers import Boom, Flaky, Quick


@pytest.fixture(autouse=True)
def detail_is_never_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Captions read ``kind`` and ``data``: reading an event's text would fail here."""

    def refuse(self: Event) -> str:
        raise AssertionError("a caption read Event.detail")

    monkeypatch.setattr(Event, "detail", property(refuse))
    yield


class Narrated:
    """A manager whose calls are captioned one by one, as the Studio does."""

    def __init__(self, manager: WorkManager) -> None:
        self.manager = manager
        self._look()

    def _look(self) -> None:
        works = self.manager.describe_works()
        self.states = {str(d.id): d.state.name for d in works}
        self.names = work_labels(works)
        self.device = self.manager.device
        self.seen = len(self.manager.trace)

    def __call__(self, action: Any) -> str:
        before, names, device = self.states, self.names, self.device
        start = self.seen
        action()
        self._look()
        return caption(
            self.manager.trace[start:],
            names={**names, **self.names},
            before=before,
            after=self.states,
            now=self.manager.clock.now_millis,
            device_before=device,
            device_after=self.manager.device,
        ).text


def test_short_times_and_device_phrases() -> None:
    assert [short_time(ms) for ms in (0, 40_000, 3_599_000, 3_600_000)] == [
        "0:00",
        "0:40",
        "59:59",
        "1:00:00",
    ]
    assert device_changes(Device(), Device(network="cellular")) == ["wifi off (network: cellular)"]
    assert device_changes(Device(network="none"), Device()) == ["wifi on"]
    doze = Device(charging=False, app_in_foreground=False, doze=True)
    assert device_changes(Device(), doze) == ["unplugged", "Doze on", "app in background"]
    assert device_changes(Device(), Device()) == []


def test_a_failure_cascades_after_the_arrow(manager: WorkManager) -> None:
    narrate = Narrated(manager)
    manager.begin_with(OneTimeWorkRequest(Boom, tags=["boom"])).then(
        OneTimeWorkRequest(Quick, tags=["after"])
    ).enqueue()
    narrate._look()
    text = narrate(lambda: manager.advance(timedelta(seconds=1)))
    assert text == (
        "0:00–0:01 Boom #boom started, then FAILED → Quick #after FAILED, its dependent"
    )


def test_a_retry_names_when_it_is_due(manager: WorkManager) -> None:
    manager.enqueue(OneTimeWorkRequest(Flaky, tags=["flaky"]))
    narrate = Narrated(manager)
    assert narrate(manager.step) == "0:00 Flaky #flaky started"
    assert narrate(manager.step) == "0:10 Flaky #flaky asked to retry, due 0:40"
    assert narrate(manager.step) == "0:40 Flaky #flaky started again (run 2)"


def test_a_device_flip_names_the_works_it_stopped() -> None:
    wm = scenarios.load("night_in_doze")
    narrate = Narrated(wm)
    wm.step()
    narrate._look()
    text = narrate(lambda: wm.set_device(doze=True))
    assert text.startswith("0:00 Doze on; deep Doze until 1:00:00: ")
    stopped = "IndexPhotos #index, SyncFeed #feed stopped (DEVICE_STATE), due again 0:30"
    assert text.endswith(stopped)


def test_a_process_death_says_what_came_back(manager: WorkManager) -> None:
    manager.enqueue(OneTimeWorkRequest(Quick, tags=["q"]))
    manager.step()
    narrate = Narrated(manager)
    text = narrate(manager.restart_app)
    assert text == (
        "0:00 the app process was killed and restarted: Quick #q stopped (UNKNOWN), due again 0:30"
    )


def test_many_works_are_summed_up_not_listed(manager: WorkManager) -> None:
    """Thirty works starting at once make one short phrase, not thirty names."""
    manager.enqueue([OneTimeWorkRequest(Quick, tags=[f"w{i:02d}"]) for i in range(30)])
    narrate = Narrated(manager)
    text = narrate(manager.step)
    assert text.startswith("0:00 Quick #w00, Quick #w01, Quick #w02 +")
    assert text.endswith("more started")
    assert len(text) < 120


def test_a_quiet_click_says_time_passed(manager: WorkManager) -> None:
    narrate = Narrated(manager)
    assert narrate(lambda: manager.advance(timedelta(minutes=1))) == (
        "1:00 time passed, nothing happened"
    )


def test_changed_works_and_the_lead() -> None:
    wm = scenarios.load("diamond_cancel")
    scenarios.get("diamond_cancel").play(wm, timedelta(seconds=39))
    ids = {r: str(i) for r, i in scenarios.get("diamond_cancel").ids(wm).items()}
    start = len(wm.trace)
    before = {str(d.id): d.state.name for d in wm.describe_works()}
    wm.cancel_work_by_id(scenarios.get("diamond_cancel").ids(wm)["upload"])
    told = caption(
        wm.trace[start:],
        names={},
        before=before,
        after={str(d.id): d.state.name for d in wm.describe_works()},
        now=wm.clock.now_millis,
    )
    assert told.changed == {ids["upload"], ids["notify"]}
    assert told.lead == ids["upload"]
