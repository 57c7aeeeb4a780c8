"""A store written by an earlier wmkit reopens and runs on: its stored class names
(``wmkit.work.continuation.CombineContinuationsWorker``, ``wmkit.work.mergers.*InputMerger``) keep
resolving after wmkit's modules moved.

The fixture was written by wmkit at commit 1cf47bd (before the package layout changed):
a combine of two network-bound works into an ArrayCreatingInputMerger, and a periodic
work, with the network off, after one virtual minute.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

from wmkit import Result, State, Worker, WorkManager

from .workers import MINUTE


# The notebook's classes, defined again as a student's re-run cell would (the names the
# fixture stored: ``legacy_notebook.Echo`` and ``legacy_notebook.Succeed``).
class Echo(Worker):
    __module__ = "legacy_notebook"

    def do_work(self) -> Result:
        return Result.success(self.input_data)


class Succeed(Worker):
    __module__ = "legacy_notebook"

    def do_work(self) -> Result:
        return Result.success()

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store_written_by_1cf47bd.json"


def _open_copy(tmp_path: Path) -> WorkManager:
    path = tmp_path / "old.wmk.json"
    shutil.copyfile(FIXTURE, path)
    return WorkManager(path)


def _only(wm: WorkManager, tag: str):
    (info,) = wm.get_work_infos_by_tag(tag)
    return info


def test_an_old_store_reopens_with_its_works_clock_and_device(tmp_path):
    with _open_copy(tmp_path) as wm:
        assert wm.clock.now_millis == MINUTE
        assert wm.device.network == "none"
        assert [_only(wm, t).state for t in "abcp"] == [
            State.ENQUEUED,
            State.ENQUEUED,
            State.BLOCKED,
            State.ENQUEUED,
        ]


def test_an_old_store_runs_its_combine_and_mergers_to_the_end(tmp_path):
    with _open_copy(tmp_path) as wm:
        wm.set_device(network="wifi")
        wm.advance(timedelta(minutes=1))
        merged = _only(wm, "c")
        assert merged.state is State.SUCCEEDED
        assert merged.output_data.get_long_array("a") == [1]
        assert merged.output_data.get_long_array("b") == [2]
        assert _only(wm, "p").state is State.ENQUEUED
        assert "wmkit.work.continuation.CombineContinuationsWorker" not in wm.explain(merged.id)


def test_an_old_store_in_deep_doze_reopens_in_deep_doze(tmp_path):
    """A store written before light Doze holds ``"doze": true``: it reopens as deep Doze,
    its schedule kept from ``doze_since``, and reopens so again."""
    path = tmp_path / "old.wmk.json"
    stored = json.loads(FIXTURE.read_text())
    meta = stored["meta"]["1"]
    meta["device"].update(charging=False, doze=True, app_in_foreground=False)
    meta["phone"]["doze_since"] = 0
    path.write_text(json.dumps(stored))
    wm = WorkManager(path)
    assert wm.device.doze == "deep"
    assert "deep Doze, idle until the maintenance window at T+0d 01:00:00" in wm.explain(
        _only(wm, "a").id
    )
    wm.advance_to(61 * MINUTE)  # the first window, at 1:00: the network is back
    wm.close()
    wm = WorkManager(path)
    assert wm.device.doze == "deep"
    wm.close()
