"""Unit tests for wmkit.storage: every case on both MemoryStore and TinyDBStore."""

from __future__ import annotations

import json
import select
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB

from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager
from wmkit.errors import StoreError, WorkManagerError
from wmkit.storage import (
    STORE_FORMAT,
    STORE_VERSION,
    MemoryStore,
    StoredState,
    open_store,
    tinydb_store,
)
from wmkit.storage.tinydb_store import TinyDBStore

PROJECT_ROOT = Path(__file__).resolve().parents[2]
META = {"format": STORE_FORMAT, "version": STORE_VERSION, "now": 0, "seq": 0}


class Ping(Worker):
    """Succeeds 10 s after it starts."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


def work(doc_id: int, state: str = "ENQUEUED") -> dict[str, Any]:
    """A work document as the engine writes one (the store does not interpret it)."""
    return {"id": f"work-{doc_id}", "s": state, "t": ["a", "b"], "E": doc_id, "in": {"k": [1]}}


class Handle:
    """One backend under test: the open store and a way to reopen the same storage."""

    def __init__(self, kind: str, path: Path) -> None:
        self.kind = kind
        self.path = path
        self._memory = MemoryStore() if kind == "memory" else None
        self.store: Any = None
        self.reopen()

    def reopen(self) -> Any:
        """Close the open store (if any) and open the same storage again."""
        self.close()
        if self._memory is not None:
            self._memory.attach()
            self.store = self._memory
        else:
            self.store = TinyDBStore(self.path)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def reload(self) -> StoredState | None:
        """What a fresh opener of the same storage loads."""
        return self.reopen().load()


@pytest.fixture(params=["memory", "tinydb"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Handle]:
    """An open, empty store of each kind, with reopen(); closed at teardown."""
    handle = Handle(request.param, tmp_path / "lesson.wmk.json")
    yield handle
    handle.close()


# --- both backends ------------------------------------------------------------------------


def test_a_new_store_loads_nothing(store: Handle) -> None:
    """A store never saved to loads None."""
    assert store.store.load() is None


def test_save_then_load_round_trips(store: Handle) -> None:
    """What is saved (meta and each work by doc id) is what a new opener loads."""
    store.store.save(META, {1: work(1), 2: work(2), 7: work(7)}, set())
    loaded = store.reload()
    assert loaded == StoredState(META, {1: work(1), 2: work(2), 7: work(7)})


def test_later_saves_replace_meta_and_changed_works_only(store: Handle) -> None:
    """A save writes the new meta and the changed works; the other works stay as they were."""
    store.store.save(META, {1: work(1), 2: work(2)}, set())
    store.store.save({**META, "now": 500}, {2: work(2, "RUNNING")}, set())
    loaded = store.reload()
    assert loaded.meta["now"] == 500
    assert loaded.works == {1: work(1), 2: work(2, "RUNNING")}


def test_deleted_documents_vanish(store: Handle) -> None:
    """A doc id passed in ``deleted`` is gone on reload; deleting an unknown id is harmless."""
    store.store.save(META, {1: work(1), 2: work(2), 3: work(3)}, set())
    store.store.save(META, {}, {2, 99})
    assert store.reload().works == {1: work(1), 3: work(3)}


def test_delete_and_change_in_one_save(store: Handle) -> None:
    """One save may delete some documents and change or add others."""
    store.store.save(META, {1: work(1), 2: work(2)}, set())
    store.store.save(META, {3: work(3), 1: work(1, "SUCCEEDED")}, {2})
    assert store.reload().works == {1: work(1, "SUCCEEDED"), 3: work(3)}


def test_chunked_re_encoding_keeps_untouched_documents(store: Handle) -> None:
    """Across three 128-id chunks, changing one chunk and deleting from another keeps the rest."""
    docs = {doc_id: work(doc_id) for doc_id in range(1, 301)}
    store.store.save(META, docs, set())
    store.store.save(META, {130: work(130, "SUCCEEDED")}, {260, 1})
    expected = {**docs, 130: work(130, "SUCCEEDED")}
    del expected[260], expected[1]
    assert store.reload().works == expected


def test_a_reopened_store_keeps_every_chunk_on_its_first_save(store: Handle) -> None:
    """After reopening, a save that touches one document still writes all the others."""
    docs = {doc_id: work(doc_id) for doc_id in range(1, 301)}
    store.store.save(META, docs, set())
    store.reload()
    store.store.save({**META, "now": 9}, {5: work(5, "FAILED")}, set())
    loaded = store.reload()
    assert loaded.works == {**docs, 5: work(5, "FAILED")}
    assert loaded.meta["now"] == 9


def test_emptying_a_chunk_drops_it(store: Handle) -> None:
    """Deleting every document of a chunk leaves the other chunks intact."""
    store.store.save(META, {1: work(1), 200: work(200)}, set())
    store.store.save(META, {}, {200})
    store.store.save(META, {}, set())
    assert store.reload().works == {1: work(1)}


def test_loaded_state_does_not_alias_the_meta(store: Handle) -> None:
    """Changing a loaded meta dict does not change what the store holds."""
    store.store.save(META, {1: work(1)}, set())
    loaded = store.reload()
    loaded.meta["now"] = 12345
    assert store.reload().meta["now"] == 0


def test_a_second_opener_is_refused(store: Handle) -> None:
    """While a store is open, opening it again raises StoreError (a WorkManagerError)."""
    store.store.save(META, {1: work(1)}, set())
    with pytest.raises(StoreError, match="already open in another WorkManager"):
        if store.kind == "memory":
            store.store.attach()
        else:
            TinyDBStore(store.path)
    assert store.reload().works == {1: work(1)}


def test_close_releases_the_store(store: Handle) -> None:
    """After close, the same storage opens again."""
    store.store.save(META, {}, set())
    store.close()
    store.reopen()
    assert store.store.load().meta == META


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


# --- the TinyDB file ---------------------------------------------------------------------


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "lesson.wmk.json"


def test_the_file_is_json_that_plain_tinydb_reads(path: Path) -> None:
    """The store file is valid JSON with tables 'meta' and 'works' that TinyDB(path) reads."""
    store = TinyDBStore(path)
    store.save(META, {1: work(1), 130: work(130)}, set())
    store.close()
    parsed = json.loads(path.read_text(encoding="utf-8"))
    assert parsed == {"meta": {"1": META}, "works": {"1": work(1), "130": work(130)}}
    with TinyDB(path, access_mode="r") as db:
        assert db.tables() == {"meta", "works"}
        assert db.table("meta").get(doc_id=1) == META
        assert db.table("works").get(doc_id=130) == work(130)
        assert len(db.table("works")) == 2


def test_a_manager_file_carries_the_format_marker(path: Path) -> None:
    """A manager's file has meta format 'wmkit-store', version 1, and its clock."""
    with WorkManager(path, start_millis=42):
        pass
    with TinyDB(path, access_mode="r") as db:
        meta = db.table("meta").get(doc_id=1)
    assert (meta["format"], meta["version"], meta["now"]) == ("wmkit-store", 1, 42)


def test_writes_leave_no_temporary_files(path: Path) -> None:
    """After saves and close only the store and its .lock sidecar remain in the directory."""
    store = TinyDBStore(path)
    for now in range(5):
        store.save({**META, "now": now}, {now + 1: work(now + 1)}, set())
    store.close()
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "lesson.wmk.json",
        "lesson.wmk.json.lock",
    ]


def test_open_store_opens_a_tinydb_store(path: Path) -> None:
    """storage.open_store(path) gives a TinyDBStore on that path."""
    store = open_store(path)
    try:
        assert isinstance(store, TinyDBStore)
        assert store.path == path
    finally:
        store.close()


def test_a_store_locked_by_another_process_is_refused_untouched(path: Path) -> None:
    """A store held by another process is refused, its bytes unchanged; free once it closes."""
    writer = TinyDBStore(path)
    writer.save(META, {1: work(1)}, set())
    writer.close()
    code = textwrap.dedent(
        f"""
        import sys
        from wmkit.storage.tinydb_store import TinyDBStore
        store = TinyDBStore({str(path)!r})
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
            TinyDBStore(path)
        assert path.read_bytes() == before
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.wait(timeout=60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=60)
    store = TinyDBStore(path)
    assert store.load().works == {1: work(1)}
    store.close()


VALID = json.dumps({"meta": {"1": META}, "works": {}}).encode()


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
            json.dumps({"meta": {"1": META}, "works": [1, 2]}).encode(),
            "its 'works' table is not a table",
        ),
        (
            json.dumps({"meta": {"1": {**META, "version": STORE_VERSION + 1}}}).encode(),
            "was written by a newer wmkit (store version 2); this wmkit reads version 1",
        ),
        (
            json.dumps({"meta": {"1": {**META, "version": "1"}}}).encode(),
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
def test_a_file_that_is_not_a_store_is_refused_untouched_without_a_lock(
    path: Path, content: bytes, message: str
) -> None:
    """Refusals leave the bytes as they were and create no .lock file, store or manager."""
    path.write_bytes(content)
    for opener in (TinyDBStore, WorkManager):
        with pytest.raises(StoreError) as caught:
            opener(path)
        assert message in str(caught.value)
        assert isinstance(caught.value, WorkManagerError)
        assert isinstance(caught.value, OSError)
    assert path.read_bytes() == content
    assert sorted(p.name for p in path.parent.iterdir()) == ["lesson.wmk.json"]


def test_a_foreign_file_message_names_the_file_and_the_way_out(path: Path) -> None:
    """The refusal names the path, says it was left untouched and how to carry on."""
    path.write_bytes(b"")
    with pytest.raises(StoreError) as caught:
        TinyDBStore(path)
    assert str(caught.value) == (
        f"{path} is not a wmkit store (the file is empty); it was left untouched. "
        "Pass a new path (e.g. 'lesson.wmk.json') or delete the file if it is yours."
    )


def test_a_directory_is_refused(tmp_path: Path) -> None:
    """A directory given as the store path is refused with StoreError."""
    with pytest.raises(StoreError, match="is a directory; give WorkManager a file path"):
        TinyDBStore(tmp_path)


def test_a_valid_store_file_opens(path: Path) -> None:
    """A minimal file with only the meta document opens and loads no works."""
    path.write_bytes(VALID)
    store = TinyDBStore(path)
    try:
        assert store.load() == StoredState(META, {})
    finally:
        store.close()


def test_a_store_written_and_closed_before_the_lock_is_taken_is_read_fresh(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An opener that gets the lock loads the last snapshot, even one written just before."""
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
