"""Unit tests for wmkit.storage: every protocol case on MemoryStore and TinyDBStore (the
latter with orjson and with the standard library's json), then the file and its journal."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from wmkit import Data, OneTimeWorkRequest, Result, State, Worker, WorkManager
from wmkit.engine.lifecycle import EngineMeta
from wmkit.errors import StoreError, WorkManagerError
from wmkit.phone.device import Device
from wmkit.storage import (
    STORE_FORMAT,
    STORE_VERSION,
    MemoryStore,
    NullStore,
    StoredState,
    jsonio,
    open_store,
    tinydb_store,
)
from wmkit.storage.codec import work_record
from wmkit.storage.tinydb_store import TinyDBStore
from wmkit.work.work_spec import WorkSpec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "store_written_by_1cf47bd.json"
META = EngineMeta(now=0, seq=0, next_doc_id=1, device=Device())


class Ping(Worker):
    """Succeeds 10 s after it starts."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


def row(doc_id: int, state: State = State.ENQUEUED, attempts: int = 0) -> WorkSpec:
    """A stored row as the engine holds one: doc id, a fixed id, tags and input."""
    spec = WorkSpec(uuid.UUID(int=doc_id), None, "lesson.Ping")
    spec.doc_id = doc_id
    spec.state = state
    spec.run_attempt_count = attempts
    spec.tags = frozenset({"a", "b"})
    spec.input = Data({"k": [doc_id]})
    spec.last_enqueue_time = doc_id
    return spec


def rows(*specs: WorkSpec) -> dict[int, dict[str, Any]]:
    """What a store holds of each row, by doc id (the codec's record: every stored field)."""
    return {spec.doc_id: work_record(spec) for spec in specs}


def loaded_rows(state: StoredState | None) -> dict[int, dict[str, Any]]:
    assert state is not None
    return rows(*state.works)


class Handle:
    """One backend under test: the open store and a way to reopen the same storage."""

    def __init__(self, kind: str, path: Path) -> None:
        self.kind = kind
        self.path = path
        self._memory = MemoryStore() if kind == "memory" else None
        self.store: Any = None
        self.opened: StoredState | None = None
        self.reopen()

    def new_store(self) -> Any:
        return self._memory if self._memory is not None else TinyDBStore(self.path)

    def reopen(self) -> Any:
        """Close the open store (if any) and open the same storage again."""
        self.close()
        self.store = self.new_store()
        self.opened = self.store.open()
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def reload(self) -> StoredState | None:
        """What a fresh opener of the same storage reads."""
        self.reopen()
        return self.opened


@pytest.fixture(params=["memory", "tinydb-orjson", "tinydb-json"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Handle]:
    """An open, empty store of each kind, with reopen(); closed at teardown."""
    if request.param == "tinydb-json":
        monkeypatch.setattr(jsonio, "dumps", jsonio.std_dumps)
        monkeypatch.setattr(jsonio, "loads", jsonio.std_loads)
    elif request.param == "tinydb-orjson" and jsonio.BACKEND != "orjson":
        pytest.skip("orjson is not installed (pip install wmkit[fast])")
    handle = Handle(request.param.split("-")[0], tmp_path / "lesson.wmk.json")
    yield handle
    handle.close()


# --- every store ------------------------------------------------------------------------


def test_a_new_store_opens_empty(store: Handle) -> None:
    """A store never saved to opens as None."""
    assert store.opened is None


def test_save_then_open_round_trips(store: Handle) -> None:
    """What is saved (meta and each row) is what a new opener reads, as new rows."""
    saved = (row(1), row(2), row(7))
    store.store.save(META, saved, ())
    loaded = store.reload()
    assert loaded is not None and loaded.meta == META
    assert loaded_rows(loaded) == rows(*saved)
    assert {spec.doc_id for spec in loaded.works} == {1, 2, 7}
    assert not any(spec.stored or spec is original for spec in loaded.works for original in saved)


def test_later_saves_replace_meta_and_changed_rows_only(store: Handle) -> None:
    """A save writes the new meta and the changed rows; the others stay as they were."""
    store.store.save(META, (row(1), row(2)), ())
    store.store.save(EngineMeta(500, 3, 9, Device(network="none")), (row(2, State.RUNNING),), ())
    loaded = store.reload()
    assert loaded is not None
    assert (loaded.meta.now, loaded.meta.seq, loaded.meta.device.network) == (500, 3, "none")
    assert loaded_rows(loaded) == rows(row(1), row(2, State.RUNNING))


def test_deleted_rows_vanish(store: Handle) -> None:
    """A doc id passed in ``deleted`` is gone on reload; deleting an unknown id is harmless."""
    store.store.save(META, (row(1), row(2), row(3)), ())
    store.store.save(META, (), {2, 99})
    assert loaded_rows(store.reload()) == rows(row(1), row(3))


def test_delete_and_change_in_one_save(store: Handle) -> None:
    """One save may delete some rows and change or add others."""
    store.store.save(META, (row(1), row(2)), ())
    store.store.save(META, (row(3), row(1, State.SUCCEEDED)), {2})
    assert loaded_rows(store.reload()) == rows(row(1, State.SUCCEEDED), row(3))


def test_many_steps_of_the_same_rows_keep_the_last(store: Handle) -> None:
    """Rows saved step after step (as a running store does) reopen as the last step left them."""
    live = [row(doc_id) for doc_id in range(1, 301)]
    store.store.save(META, live, ())
    for step in range(1, 6):
        for spec in live[::step]:
            spec.run_attempt_count += 1
        store.store.save(EngineMeta(step, step, 301, Device()), live[::step], ())
    loaded = store.reload()
    assert loaded is not None and loaded.meta.now == 5
    assert loaded_rows(loaded) == rows(*live)


def test_a_changed_static_field_is_saved(store: Handle) -> None:
    """A row whose tags and input changed (update_work) is saved whole, not just its state."""
    spec = row(1)
    store.store.save(META, (spec,), ())
    spec.tags = frozenset({"renamed"})
    spec.input = Data({"k": "new"})
    spec.static_record = None  # what update_work does when it changes these fields
    store.store.save(META, (spec,), ())
    (loaded,) = store.reload().works  # type: ignore[union-attr]
    assert (loaded.tags, loaded.input) == (frozenset({"renamed"}), Data({"k": "new"}))


def test_a_reopened_store_keeps_every_row_on_its_first_save(store: Handle) -> None:
    """After reopening, a save that touches one row keeps all the others."""
    saved = [row(doc_id) for doc_id in range(1, 301)]
    store.store.save(META, saved, ())
    store.reload()
    store.store.save(EngineMeta(9, 0, 301, Device()), (row(5, State.FAILED),), ())
    loaded = store.reload()
    saved[4] = row(5, State.FAILED)
    assert loaded is not None and loaded.meta.now == 9
    assert loaded_rows(loaded) == rows(*saved)


def test_a_second_opener_is_refused(store: Handle) -> None:
    """While a store is open, opening it again raises StoreError (a WorkManagerError)."""
    store.store.save(META, (row(1),), ())
    with pytest.raises(StoreError, match="already open in another WorkManager"):
        store.new_store().open()
    assert loaded_rows(store.reload()) == rows(row(1))


def test_close_releases_the_store_and_is_harmless_twice(store: Handle) -> None:
    """After close (twice is fine), the same storage opens again."""
    store.store.save(META, (), ())
    store.store.close()
    store.close()
    store.reopen()
    assert store.opened is not None and store.opened.meta == META


def test_managers_share_a_store_across_reopen(store: Handle) -> None:
    """A WorkManager on a store, closed, and a new one on it report the same work."""
    store.close()
    kwargs: dict[str, Any] = (
        {"store": store._memory} if store.kind == "memory" else {"path": store.path}
    )
    request = OneTimeWorkRequest(Ping)
    with WorkManager(**kwargs) as first:
        first.enqueue(request)
        first.advance(timedelta(seconds=20))
        before = first.get_work_info_by_id(request.id)
    with WorkManager(**kwargs) as second:
        assert second.get_work_info_by_id(request.id) == before
        assert second.clock.now_millis == 20_000


def test_a_lone_surrogate_in_output_data_is_stored(store: Handle) -> None:
    """A Data string may hold a lone surrogate (Java strings can); it is stored and read back."""
    spec = row(1, State.SUCCEEDED)
    spec.output = Data({"s": "half \ud800 a pair"})
    store.store.save(META, (spec,), ())
    (loaded,) = store.reload().works  # type: ignore[union-attr]
    assert loaded.output == spec.output


def test_the_null_store_keeps_nothing() -> None:
    """NullStore (a manager without a path) opens empty every time and ignores saves."""
    null = NullStore()
    null.save(META, (row(1),), ())
    assert null.open() is None
    null.close()


# --- the file ---------------------------------------------------------------------------


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "lesson.wmk.json"


def opened(path: Path) -> TinyDBStore:
    store = TinyDBStore(path)
    store.open()
    return store


def read(path: Path) -> StoredState | None:
    """What a new opener of the file reads (opened and closed again)."""
    store = TinyDBStore(path)
    try:
        return store.open()
    finally:
        store.close()


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def test_a_closed_store_is_one_json_file_that_plain_tinydb_reads(path: Path) -> None:
    """After close the file alone is the store: tables 'meta' and 'works' TinyDB(path) reads."""
    store = opened(path)
    store.save(META, (row(1), row(130)), ())
    store.save(META, (row(1, State.RUNNING),), ())
    store.close()
    parsed = json.loads(path.read_bytes())
    assert set(parsed) == {"meta", "works"}
    assert parsed["works"] == {
        "1": work_record(row(1, State.RUNNING)),
        "130": work_record(row(130)),
    }
    with TinyDB(path, access_mode="r") as db:
        assert db.tables() == {"meta", "works"}
        assert db.table("meta").get(doc_id=1)["format"] == STORE_FORMAT
        assert db.table("works").get(doc_id=130) == work_record(row(130))
        assert len(db.table("works")) == 2


def test_a_manager_file_carries_the_format_marker(path: Path) -> None:
    """A manager's file has meta format 'wmkit-store', this version, and its clock."""
    with WorkManager(path, start_millis=42):
        pass
    with TinyDB(path, access_mode="r") as db:
        meta = db.table("meta").get(doc_id=1)
    assert (meta["format"], meta["version"], meta["now"]) == ("wmkit-store", STORE_VERSION, 42)


def test_while_open_the_file_is_a_whole_snapshot_and_steps_go_to_the_journal(path: Path) -> None:
    """Saves append to <store>.journal; the file stays the last whole snapshot, unchanged."""
    store = opened(path)
    store.save(META, (row(1),), ())
    snapshot = path.read_bytes()
    store.save(EngineMeta(5, 0, 2, Device()), (row(1, State.RUNNING),), ())
    store.save(EngineMeta(6, 0, 2, Device()), (row(1, State.SUCCEEDED),), ())
    assert path.read_bytes() == snapshot
    assert len(journal_of(path).read_bytes().splitlines()) == 3  # header and two steps
    store.close()
    assert not journal_of(path).exists()


def frames_of(path: Path) -> list[dict[str, Any]]:
    """The journal's step frames (its header left out)."""
    lines = journal_of(path).read_bytes().splitlines()[1:]
    return [json.loads(line.split(b" ", 1)[1]) for line in lines]


def test_a_row_whose_static_part_is_written_saves_only_its_dynamic_part(path: Path) -> None:
    """A step writes a row whole ('put') the first time the store sees it and after its
    static fields change; otherwise only its state, times and counters ('set')."""
    spec = row(1)
    store = opened(path)
    store.save(META, (spec,), ())  # the first save writes the whole file
    spec.run_attempt_count = 1
    store.save(META, (spec,), ())
    spec.tags = frozenset({"renamed"})
    spec.static_record = None
    store.save(META, (spec,), ())
    frames = frames_of(path)
    store.close()
    assert [sorted(set(frame) - {"meta"}) for frame in frames] == [["set"], ["put"]]
    assert frames[0]["set"] == [[1, {"s": "ENQUEUED", "E": 1, "n": 1, "q": 0}]]
    assert frames[1]["put"][0][1]["t"] == ["renamed"]


def test_close_folds_in_what_was_saved_not_what_the_rows_became(path: Path) -> None:
    """Closing writes the file from the file and journal on disk: a row changed after the
    last save (a step interrupted before its save) does not reach the file."""
    spec = row(1)
    store = opened(path)
    store.save(META, (spec,), ())
    spec.run_attempt_count = 1
    store.save(EngineMeta(1, 0, 2, Device()), (spec,), ())
    spec.run_attempt_count = 99  # never saved
    store.close()
    assert loaded_rows(read(path)) == rows(row(1, attempts=1))


def test_writes_leave_no_temporary_files(path: Path) -> None:
    """After saves and close only the store and its .lock sidecar remain in the directory."""
    store = opened(path)
    for now in range(5):
        store.save(EngineMeta(now, 0, 9, Device()), (row(now + 1),), ())
    store.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "lesson.wmk.json",
        "lesson.wmk.json.lock",
    ]


def test_the_journal_is_folded_into_the_file_when_it_outgrows_it(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the journal would outgrow journal_to_file_ratio times the file, the store
    writes the whole file again and starts an empty journal: the journal stays bounded."""
    monkeypatch.setattr(TinyDBStore, "min_journal_bytes", 0)
    live = [row(doc_id) for doc_id in range(1, 21)]
    store = opened(path)
    store.save(META, live, ())
    files = set()
    for step in range(1, 41):
        for spec in live:
            spec.run_attempt_count = step
        store.save(EngineMeta(step, 0, 21, Device()), live, ())
        files.add(json.loads(path.read_bytes())["meta"]["1"]["base"])
        limit = path.stat().st_size * TinyDBStore.journal_to_file_ratio
        assert journal_of(path).stat().st_size <= limit
    assert len(files) > 3  # the whole file was written again several times
    image = path.with_name("copy.wmk.json")
    shutil.copyfile(path, image)
    shutil.copyfile(journal_of(path), journal_of(image))
    store.close()
    state = read(image)  # the crash image: the file and its journal as they were
    assert state is not None and state.meta.now == 40
    assert loaded_rows(state) == rows(*live)


def test_open_store_gives_an_unopened_tinydb_store(path: Path) -> None:
    """storage.open_store(path) gives a TinyDBStore on that path, not yet locked."""
    store = open_store(path)
    assert isinstance(store, TinyDBStore)
    assert store.path == path
    assert not path.with_name(path.name + ".lock").exists()
    store.close()


def test_a_store_locked_by_another_process_is_refused_untouched(path: Path) -> None:
    """A store held by another process is refused, its bytes unchanged; free once it closes."""
    writer = opened(path)
    writer.save(META, (row(1),), ())
    writer.close()
    code = textwrap.dedent(
        f"""
        import sys
        from wmkit.storage.tinydb_store import TinyDBStore
        store = TinyDBStore({str(path)!r})
        store.open()
        print("locked", flush=True)
        sys.stdin.readline()
        store.close()
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    try:
        ready, _, _ = select.select([child.stdout], [], [], 60)
        assert ready and child.stdout.readline().strip() == "locked"
        before = path.read_bytes()
        with pytest.raises(StoreError, match="in this process or another"):
            TinyDBStore(path).open()
        assert path.read_bytes() == before
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=60)
    assert loaded_rows(read(path)) == rows(row(1))


V1_META = {
    "format": STORE_FORMAT,
    "version": 1,
    "now": 0,
    "seq": 0,
    "next_doc_id": 1,
    "device": {"network": "wifi"},
}
VALID = json.dumps({"meta": {"1": V1_META}, "works": {}}).encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t ", "the file is empty"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[1, 2, 3]", "it has no wmkit 'meta' document"),
        (b'{"_default": {"1": {"title": "shopping"}}}', "it has no wmkit 'meta' document"),
        (b'{"meta": {"1": {"format": "other-app"}}}', "it has no wmkit 'meta' document"),
        (
            json.dumps({"meta": {"1": V1_META}, "works": [1, 2]}).encode(),
            "its 'works' table is not a table",
        ),
        (
            json.dumps({"meta": {"1": {**V1_META, "version": STORE_VERSION + 1}}}).encode(),
            f"was written by a newer wmkit (store version {STORE_VERSION + 1}); "
            f"this wmkit reads versions up to {STORE_VERSION}",
        ),
        (
            json.dumps({"meta": {"1": {**V1_META, "version": "1"}}}).encode(),
            "was written by a newer wmkit (store version 1)",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "corrupt",
        "binary",
        "json-list",
        "foreign-tinydb",
        "foreign-meta",
        "works-list",
        "newer",
        "version-str",
    ],
)
@pytest.mark.parametrize("backend", ["orjson", "json"])
def test_a_file_that_is_not_a_store_is_refused_untouched_without_a_lock(
    path: Path, content: bytes, message: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refusals leave the bytes as they were and create no .lock file, store or manager."""
    if backend == "json":
        monkeypatch.setattr(jsonio, "loads", jsonio.std_loads)
    path.write_bytes(content)
    for opener in (lambda p: TinyDBStore(p).open(), WorkManager):
        with pytest.raises(StoreError) as caught:
            opener(path)
        assert message in str(caught.value)
        assert isinstance(caught.value, WorkManagerError)
        assert isinstance(caught.value, OSError)
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == ["lesson.wmk.json"]


def test_a_hand_edited_work_document_is_refused_untouched(path: Path) -> None:
    """A store whose work document lost a field (edited with TinyDB, say) is refused with
    a StoreError naming the file, and neither the file nor a lock file changes."""
    store = opened(path)
    store.save(META, (row(1),), ())
    store.close()
    with TinyDB(path) as db:
        db.table("works").update(lambda doc: doc.pop("s"), doc_ids=[1])
    before = path.read_bytes()
    with pytest.raises(StoreError, match="holds a document that is not a wmkit record"):
        WorkManager(path)
    assert path.read_bytes() == before
    with pytest.raises(StoreError, match="not a wmkit record"):  # not "already open"
        TinyDBStore(path).open()


def test_a_foreign_file_message_names_the_file_and_the_way_out(path: Path) -> None:
    """The refusal names the path, says it was left untouched and how to carry on."""
    path.write_bytes(b"")
    with pytest.raises(StoreError) as caught:
        TinyDBStore(path).open()
    assert str(caught.value) == (
        f"{path} is not a wmkit store (the file is empty); it was left untouched. "
        "Pass a new path (e.g. 'lesson.wmk.json') or delete the file if it is yours."
    )


def test_a_directory_is_refused(tmp_path: Path) -> None:
    """A directory given as the store path is refused with StoreError."""
    with pytest.raises(StoreError, match="is a directory; give WorkManager a file path"):
        TinyDBStore(tmp_path).open()


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    """A path in a folder that does not exist is refused, naming the folder."""
    with pytest.raises(StoreError, match=r"the folder .*missing does not exist"):
        TinyDBStore(tmp_path / "missing" / "lesson.wmk.json").open()


def test_a_minimal_version_1_file_opens(path: Path) -> None:
    """A version 1 file with only the meta document opens and holds no works."""
    path.write_bytes(VALID)
    store = TinyDBStore(path)
    try:
        state = store.open()
        assert state is not None and state.works == []
        assert (state.meta.now, state.meta.device, state.meta.rng_state) == (0, Device(), None)
    finally:
        store.close()
    assert path.read_bytes() == VALID  # opened and closed without a step: not rewritten


def test_a_version_1_store_is_rewritten_as_this_version_at_its_first_step(path: Path) -> None:
    """Today's format is read, and the first save writes the current version."""
    shutil.copyfile(FIXTURE, path)
    with WorkManager(path) as manager:
        before = manager.describe_works()
        manager.advance(timedelta(seconds=1))
    assert json.loads(path.read_bytes())["meta"]["1"]["version"] == STORE_VERSION
    with WorkManager(path) as manager:
        assert [d.id for d in manager.describe_works()] == [d.id for d in before]


def test_a_store_written_and_closed_before_the_lock_is_taken_is_read_fresh(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An opener that gets the lock reads the last snapshot, even one written just before."""
    # The first manager stands in for another process: opened through its own store, it
    # is not in this process's registry of open paths, so only the file lock guards it.
    first = WorkManager(store=tinydb_store.TinyDBStore(path))
    request = OneTimeWorkRequest(Ping)
    first.enqueue(request)
    real_lock = tinydb_store._FileLock

    def lock_after_the_first_manager_finishes(lock_path: Path) -> Any:
        # Another process's manager steps and closes between this opener's read and lock.
        first.advance(timedelta(minutes=5))
        first.close()
        return real_lock(lock_path)

    monkeypatch.setattr(tinydb_store, "_FileLock", lock_after_the_first_manager_finishes)
    second = WorkManager(path)
    try:
        assert second.clock.now_millis == 300_000
        assert second.get_work_info_by_id(request.id).state.name == "SUCCEEDED"
    finally:
        second.close()


# --- the journal after a crash ----------------------------------------------------------


def crashed(path: Path, steps: int) -> tuple[Path, list[WorkSpec]]:
    """A store stepped ``steps`` times and left as a killed process leaves it (file and
    journal copied aside while it was open); returns the copy's path and the rows."""
    live = [row(doc_id) for doc_id in range(1, 4)]
    store = opened(path)
    store.save(META, live, ())
    for step in range(1, steps + 1):
        live[step % 3].run_attempt_count = step
        store.save(EngineMeta(step, step, 4, Device()), (live[step % 3],), ())
    image = path.with_name("crashed.wmk.json")
    shutil.copyfile(path, image)
    shutil.copyfile(journal_of(path), journal_of(image))
    store.close()
    return image, live


def test_a_killed_store_reopens_at_its_last_step(path: Path) -> None:
    """File plus journal, as a kill leaves them, reopen with every step replayed."""
    image, live = crashed(path, 4)
    state = read(image)
    assert state is not None and state.meta.now == 4
    assert loaded_rows(state) == rows(*live)
    assert not journal_of(image).exists()
    assert json.loads(image.read_bytes())["meta"]["1"]["now"] == 4  # folded in at close


@pytest.mark.parametrize("damage", ["torn", "flipped"])
def test_a_torn_or_damaged_last_step_is_dropped_and_cut_off(path: Path, damage: str) -> None:
    """A last line cut short (a kill mid-append) or failing its checksum is ignored: the
    store reopens at the step before, and the next step follows the last whole one."""
    image, live = crashed(path, 4)
    journal = journal_of(image)
    raw = journal.read_bytes()
    last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    if damage == "torn":
        journal.write_bytes(raw[:-7])
    else:
        journal.write_bytes(raw[: last_start + 20] + b"X" + raw[last_start + 21 :])
    store = TinyDBStore(image)
    state = store.open()
    assert state is not None and state.meta.now == 3
    assert journal.read_bytes() == raw[:last_start]
    store.save(EngineMeta(10, 0, 4, Device()), (row(2, State.RUNNING),), ())
    store.close()
    state = read(image)
    live[4 % 3].run_attempt_count = 0  # step 4 was lost with its line; row 2 came after
    expected = rows(*live)
    expected[2] = work_record(row(2, State.RUNNING))
    assert state is not None and state.meta.now == 10
    assert loaded_rows(state) == expected


def test_a_journal_of_an_older_snapshot_is_not_replayed(path: Path) -> None:
    """Killed between writing a new snapshot and starting its journal: the old journal
    names the old snapshot and is ignored (its steps are in the new snapshot already)."""
    live = [row(1)]
    store = opened(path)
    store.save(META, live, ())
    store.save(EngineMeta(1, 0, 2, Device()), (row(1, State.RUNNING),), ())
    stale = journal_of(path).read_bytes()
    store.close()  # compacts: a new snapshot with a new base token
    journal_of(path).write_bytes(stale + stale[stale.index(b"\n") + 1 :])  # two RUNNING steps
    state = read(path)
    assert state is not None and state.meta.now == 1
    assert loaded_rows(state) == rows(row(1, State.RUNNING))


def test_a_journal_that_does_not_fit_its_file_is_refused_untouched(path: Path) -> None:
    """A whole, checksummed step about a work the file lacks is refused with a clear error."""
    store = opened(path)
    spec = row(1)
    store.save(META, (spec,), ())
    spec.state = State.RUNNING
    store.save(META, (spec,), ())  # the same row again: only its dynamic part is written
    image, journal = path.with_name("odd.wmk.json"), journal_of(path.with_name("odd.wmk.json"))
    shutil.copyfile(path, image)
    shutil.copyfile(journal_of(path), journal)
    store.close()
    parsed = json.loads(image.read_bytes())
    del parsed["works"]["1"]
    image.write_text(json.dumps(parsed))
    before = (image.read_bytes(), journal.read_bytes())
    with pytest.raises(StoreError, match="does not fit its store file"):
        TinyDBStore(image).open()
    assert (image.read_bytes(), journal.read_bytes()) == before


def test_a_failed_append_leaves_the_journal_whole(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails halfway (disk full) is cut back: the next step appends cleanly."""
    store = opened(path)
    store.save(META, (row(1),), ())
    real_write = os.write

    def half_then_fail(fd: int, data: Any) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_fail)
    with pytest.raises(OSError, match="No space left"):
        store.save(EngineMeta(1, 0, 2, Device()), (row(1, State.RUNNING),), ())
    monkeypatch.setattr(os, "write", real_write)
    store.save(EngineMeta(2, 0, 2, Device()), (row(1, State.SUCCEEDED, 1),), ())
    image = path.with_name("after.wmk.json")
    shutil.copyfile(path, image)
    shutil.copyfile(journal_of(path), journal_of(image))
    store.close()
    state = read(image)
    assert state is not None and state.meta.now == 2
    assert loaded_rows(state) == rows(row(1, State.SUCCEEDED, 1))


# --- JSON: orjson when installed, the standard library otherwise -----------------------


def test_either_json_library_reads_what_the_other_wrote(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written with one library (file and journal) reopens with the other."""
    libraries = [(jsonio.dumps, jsonio.loads), (jsonio.std_dumps, jsonio.std_loads)]
    for (dumps, _), (_, loads) in (libraries, libraries[::-1]):
        shutil.rmtree(path.parent)
        path.parent.mkdir()
        monkeypatch.setattr(jsonio, "dumps", dumps)
        image, live = crashed(path, 3)
        monkeypatch.setattr(jsonio, "loads", loads)
        state = read(image)
        assert state is not None and loaded_rows(state) == rows(*live)


def test_without_orjson_wmkit_uses_the_standard_library() -> None:
    """With orjson unimportable (as under Pyodide) a file store still works, on json."""
    code = textwrap.dedent(
        """
        import sys, tempfile, os
        sys.modules["orjson"] = None  # import orjson now raises ImportError
        from datetime import timedelta
        from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager
        from wmkit.storage import jsonio

        class Quick(Worker):
            def do_work(self):
                return Result.success({"n": 1})

        path = os.path.join(tempfile.mkdtemp(), "s.wmk.json")
        with WorkManager(path) as wm:
            request = OneTimeWorkRequest(Quick)
            wm.enqueue(request)
            wm.advance(timedelta(seconds=1))
        with WorkManager(path) as wm:
            info = wm.get_work_info_by_id(request.id)
        print(jsonio.BACKEND, info.state.name, info.output_data.get_long("n"))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["json", "SUCCEEDED", "1"]
