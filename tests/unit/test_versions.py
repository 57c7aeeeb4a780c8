"""The androidx release table: every difference has a value and a source per release,
``WorkManager(androidx=...)`` picks one, refuses unknown ones, and a store keeps it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from wmkit import (
    IllegalArgumentError,
    OneTimeWorkRequest,
    Result,
    VersionError,
    Worker,
    WorkManager,
    WorkManagerError,
    versions,
)
from wmkit.versions import API_ADDED, BEHAVIOURS, DEFAULT_VERSION, KNOWN_VERSIONS, profile

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store_written_by_1cf47bd.json"


class Ok(Worker):
    def do_work(self) -> Result:
        return Result.success()


def test_every_behaviour_has_a_value_and_a_source_for_every_release() -> None:
    for name, row in BEHAVIOURS.items():
        assert set(row.values) == set(KNOWN_VERSIONS), name
        assert set(row.sources) == set(KNOWN_VERSIONS), name
        assert all(len(source) > 20 for source in row.sources.values()), name
        assert len(set(row.values.values())) > 1, f"{name} differs in no release"


def test_every_added_call_names_a_simulated_release_and_a_source() -> None:
    for name, added in API_ADDED.items():
        assert added.version in KNOWN_VERSIONS, name
        assert added.release.startswith(added.version + "."), name
        assert "." in added.android and added.source, name


def test_the_default_is_the_newest_release() -> None:
    assert DEFAULT_VERSION == KNOWN_VERSIONS[-1] == "2.11"
    assert WorkManager().androidx == DEFAULT_VERSION
    assert profile(None).version == DEFAULT_VERSION


@pytest.mark.parametrize("release", KNOWN_VERSIONS)
def test_a_manager_says_which_release_it_simulates(release: str) -> None:
    assert WorkManager(androidx=release).androidx == release


@pytest.mark.parametrize("bad", ["2.8", "2.12", "2.10.0", 2.9, "", "latest"])
def test_an_unknown_release_is_refused_listing_the_known_ones(bad: object) -> None:
    with pytest.raises(VersionError) as refused:
        WorkManager(androidx=bad)  # type: ignore[arg-type]
    error = refused.value
    assert isinstance(error, WorkManagerError) and isinstance(error, ValueError)
    assert isinstance(error, IllegalArgumentError)
    assert "'2.9', '2.10', '2.11'" in str(error) and repr(bad) in str(error)


def test_a_profile_has_a_call_from_the_release_that_added_it() -> None:
    assert not profile("2.9").has("set_worker_execution_exception_handler")
    assert profile("2.10").has("set_worker_execution_exception_handler")
    assert not profile("2.10").has("stop_running_work_with_reason")
    assert profile("2.11").has("stop_running_work_with_reason")
    with pytest.raises(VersionError, match=r"added in androidx\.work 2\.11\.0-beta01"):
        profile("2.10").require("stop_running_work_with_reason")
    profile("2.11").require("stop_running_work_with_reason")  # no error


def test_differences_lists_every_behaviour_for_the_chosen_releases() -> None:
    text = versions.differences("2.9", "2.11")
    assert text.count("\n") == len(BEHAVIOURS) - 1
    assert "2.9 next period | 2.11 failed" in text
    assert "2.9 app crash | 2.11 failed" in text
    with pytest.raises(VersionError):
        versions.differences("3.0")


def test_a_store_keeps_its_release(tmp_path: Path) -> None:
    path = tmp_path / "kept.json"
    WorkManager(path, androidx="2.9").close()
    with WorkManager(path) as reopened:
        assert reopened.androidx == "2.9"
    with WorkManager(path, androidx="2.9") as same:
        assert same.androidx == "2.9"


def test_a_store_reopened_with_another_release_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kept.json"
    with WorkManager(path, androidx="2.10") as wm:
        wm.enqueue(OneTimeWorkRequest(Ok))
    before = path.read_bytes()
    with pytest.raises(VersionError, match=r"androidx 2\.10.*androidx='2\.11'"):
        WorkManager(path, androidx="2.11")
    assert path.read_bytes() == before
    with WorkManager(path) as wm:  # released: it opens again
        assert wm.androidx == "2.10" and len(wm.describe_works()) == 1


def test_a_store_from_before_releases_takes_the_requested_one(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_bytes(FIXTURE.read_bytes())
    with WorkManager(path, androidx="2.9") as wm:
        assert wm.androidx == "2.9"
    with WorkManager(path) as wm:  # the release was recorded at the first save
        assert wm.androidx == "2.9"


def test_a_rewind_keeps_the_release() -> None:
    wm = WorkManager(androidx="2.10")
    checkpoint = wm.checkpoint()
    wm.advance(timedelta(seconds=1))
    wm.restore_checkpoint(checkpoint)
    assert wm.androidx == "2.10"
