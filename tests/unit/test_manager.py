"""Unit tests for wmkit.manager.manager: construction, snapshots, closing, listeners and repr."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from wmkit import (
    Device,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    MemoryStore,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
    WorkQuery,
)
from wmkit.errors import IllegalArgumentError, IllegalStateError, StoreError


class Quick(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


class TenSeconds(Worker):
    """Succeeds 10 s after it starts."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


class CountingStore(MemoryStore):
    """A MemoryStore that counts the snapshots written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.saves = 0

    def save(self, meta: Any, changed: Any, deleted: Any) -> None:
        self.saves += 1
        super().save(meta, changed, deleted)


# --- construction ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"device": {"network": "none"}},
            "device must be a wmkit.Device, got {'network': 'none'}.",
        ),
        ({"max_concurrent_workers": 0}, "max_concurrent_workers must be a positive int, got 0."),
        ({"max_concurrent_workers": -2}, "max_concurrent_workers must be a positive int, got -2."),
        (
            {"max_concurrent_workers": True},
            "max_concurrent_workers must be a positive int, got True.",
        ),
        (
            {"max_concurrent_workers": 2.0},
            "max_concurrent_workers must be a positive int, got 2.0.",
        ),
        (
            {"path": "a.json", "store": MemoryStore()},
            "Give WorkManager a path or a store, not both.",
        ),
        ({"start_millis": 1.5}, "start_millis must be an int of virtual milliseconds, got 1.5."),
    ],
    ids=[
        "device-dict",
        "workers-0",
        "workers-negative",
        "workers-bool",
        "workers-float",
        "path-and-store",
        "start-float",
    ],
)
def test_constructor_refusals(kwargs: dict[str, Any], message: str) -> None:
    """Each bad constructor argument is refused with a message naming it."""
    with pytest.raises(IllegalArgumentError) as caught:
        WorkManager(**kwargs)
    assert str(caught.value) == message


def test_constructor_defaults() -> None:
    """A new manager: clock 0, default device, 4 workers, in memory, no events."""
    manager = WorkManager()
    assert manager.clock.now_millis == 0
    assert manager.device == Device()
    assert manager.max_concurrent_workers == 4
    assert manager.path is None
    assert list(manager.trace) == []
    assert manager.next_event_millis() is None


def test_constructor_takes_start_device_and_workers() -> None:
    """start_millis, device and max_concurrent_workers are used as given."""
    device = Device(network="cellular", charging=False)
    manager = WorkManager(start_millis=7_000, device=device, max_concurrent_workers=1)
    assert (manager.clock.now_millis, manager.device, manager.max_concurrent_workers) == (
        7_000,
        device,
        1,
    )


def test_a_refused_construction_leaves_the_store_free() -> None:
    """When construction fails after attaching a store, the store is released again."""
    store = MemoryStore()
    with pytest.raises(IllegalArgumentError):
        WorkManager(store=store, start_millis="0")  # type: ignore[arg-type]
    manager = WorkManager(store=store)
    assert manager.clock.now_millis == 0


def test_a_memory_store_takes_one_manager_at_a_time() -> None:
    """A second manager on an open MemoryStore is refused; after close it opens."""
    store = MemoryStore()
    first = WorkManager(store=store)
    with pytest.raises(StoreError, match="already open in another WorkManager"):
        WorkManager(store=store)
    first.close()
    WorkManager(store=store).close()


# --- snapshots and batch ---------------------------------------------------------------


def test_each_changing_call_writes_one_snapshot() -> None:
    """Opening writes one snapshot; each call that changes something writes one more."""
    store = CountingStore()
    manager = WorkManager(store=store)
    assert store.saves == 1
    manager.enqueue(OneTimeWorkRequest(Quick))
    manager.enqueue(OneTimeWorkRequest(Quick))
    manager.advance(timedelta(seconds=1))
    assert store.saves == 4
    manager.get_work_infos(WorkQuery.from_ids([]))
    manager.explain(uuid.UUID(int=1))
    assert store.saves == 4


def test_batch_writes_one_snapshot() -> None:
    """Calls inside batch() (nested too) write a single snapshot when the outer one ends."""
    store = CountingStore()
    manager = WorkManager(store=store)
    with manager.batch():
        manager.enqueue(OneTimeWorkRequest(Quick))
        with manager.batch():
            manager.enqueue(OneTimeWorkRequest(Quick))
            manager.advance(timedelta(seconds=1))
        assert store.saves == 1
        manager.set_device(network="none")
        assert store.saves == 1
    assert store.saves == 2
    reopened = store.load()
    assert len(reopened.works) == 2
    assert reopened.meta.now == 1_000


def test_batch_yields_the_manager() -> None:
    """with manager.batch() as m: m is the manager."""
    manager = WorkManager()
    with manager.batch() as same:
        assert same is manager


def test_close_inside_a_batch_writes_the_last_snapshot(tmp_path: Path) -> None:
    """close() flushes what the batch did before it releases the file."""
    path = tmp_path / "lesson.wmk.json"
    manager = WorkManager(path)
    request = OneTimeWorkRequest(Quick)
    with manager.batch():
        manager.enqueue(request)
        manager.close()
        with WorkManager(path) as reopened:
            assert reopened.get_work_info_by_id(request.id) is not None


# --- closing ---------------------------------------------------------------------------


def _calls() -> dict[str, Callable[[WorkManager], Any]]:
    one = OneTimeWorkRequest(Quick)
    periodic = PeriodicWorkRequest(Quick, timedelta(hours=1))
    return {
        "advance": lambda m: m.advance(timedelta(seconds=1)),
        "advance_to": lambda m: m.advance_to(5),
        "step": lambda m: m.step(),
        "run_until_idle": lambda m: m.run_until_idle(),
        "set_device": lambda m: m.set_device(network="none"),
        "enqueue": lambda m: m.enqueue(one),
        "begin_with": lambda m: m.begin_with(one),
        "begin_unique_work": lambda m: m.begin_unique_work("n", ExistingWorkPolicy.KEEP, one),
        "enqueue_unique_work": lambda m: m.enqueue_unique_work("n", ExistingWorkPolicy.KEEP, one),
        "enqueue_unique_periodic_work": lambda m: m.enqueue_unique_periodic_work(
            "p", ExistingPeriodicWorkPolicy.KEEP, periodic
        ),
        "update_work": lambda m: m.update_work(one),
        "cancel_work_by_id": lambda m: m.cancel_work_by_id(one.id),
        "cancel_all_work_by_tag": lambda m: m.cancel_all_work_by_tag("t"),
        "cancel_unique_work": lambda m: m.cancel_unique_work("n"),
        "cancel_all_work": lambda m: m.cancel_all_work(),
        "prune_work": lambda m: m.prune_work(),
        "restart_app": lambda m: m.restart_app(),
        "batch": lambda m: m.batch().__enter__(),
    }


@pytest.mark.parametrize("name", list(_calls()))
def test_every_changing_call_after_close_raises(name: str) -> None:
    """After close(), each call that would change the manager raises IllegalStateError."""
    manager = WorkManager()
    manager.close()
    with pytest.raises(IllegalStateError) as caught:
        _calls()[name](manager)
    assert str(caught.value) == (
        "This WorkManager is closed; open the store again with WorkManager(path)."
    )


READS: dict[str, Callable[[WorkManager, uuid.UUID], Any]] = {
    "get_work_info_by_id": lambda m, i: m.get_work_info_by_id(i),
    "get_work_infos_by_tag": lambda m, i: m.get_work_infos_by_tag("t"),
    "get_work_infos_for_unique_work": lambda m, i: m.get_work_infos_for_unique_work("n"),
    "get_work_infos": lambda m, i: m.get_work_infos(WorkQuery.from_ids([i])),
    "describe_work": lambda m, i: m.describe_work(i),
    "describe_works": lambda m, i: m.describe_works(),
    "explain": lambda m, i: m.explain(i),
}


@pytest.mark.parametrize("name", list(READS))
def test_reading_after_close_raises(name: str) -> None:
    """After close(), the reads raise IllegalStateError too, instead of answering stale data."""
    manager = WorkManager()
    request = OneTimeWorkRequest(Quick)
    manager.enqueue(request)
    manager.close()
    with pytest.raises(IllegalStateError, match="This WorkManager is closed"):
        READS[name](manager, request.id)


def test_close_is_idempotent_and_releases_the_file(tmp_path: Path) -> None:
    """close() twice is fine, and a new manager opens the file afterwards."""
    path = tmp_path / "lesson.wmk.json"
    manager = WorkManager(path, start_millis=3)
    manager.close()
    manager.close()
    with WorkManager(path) as again:
        assert again.clock.now_millis == 3


def test_context_manager_closes(tmp_path: Path) -> None:
    """Leaving a with-block closes the manager, also when the block raises."""
    path = tmp_path / "lesson.wmk.json"
    with WorkManager(path) as manager:
        manager.enqueue(OneTimeWorkRequest(Quick))
    with pytest.raises(IllegalStateError):
        manager.step()
    with pytest.raises(ZeroDivisionError), WorkManager(path) as failing:
        failing.advance(timedelta(seconds=1))
        raise ZeroDivisionError
    with WorkManager(path) as reopened:
        assert reopened.clock.now_millis == 1_000
        assert [i.state for i in reopened.get_work_infos(WorkQuery.from_ids([]))] == [
            State.SUCCEEDED
        ]


# --- listeners ---------------------------------------------------------------------------


def test_listeners_get_each_calls_events() -> None:
    """A listener gets the events of each call that made some, once, in order, and an
    empty list when only the clock moved (views redraw the time)."""
    manager = WorkManager()
    got: list[list[str]] = []
    manager.add_listener(lambda events: got.append(events.kinds()))
    request = OneTimeWorkRequest(TenSeconds)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=5))
    manager.advance(timedelta(seconds=5))
    manager.get_work_info_by_id(request.id)
    manager.advance(timedelta(seconds=5))
    assert got == [["enqueued"], ["started"], ["succeeded"], []]


def test_a_raising_listener_is_reported_as_an_error_event() -> None:
    """A listener that raises becomes an 'error' event; the next listener still gets the events."""
    manager = WorkManager()

    def broken(_events: Any) -> None:
        raise RuntimeError("view bug")

    got: list[list[str]] = []
    manager.add_listener(broken)
    manager.add_listener(lambda events: got.append(events.kinds()))
    manager.enqueue(OneTimeWorkRequest(Quick))
    assert got == [["enqueued"]]
    errors = [e for e in manager.trace if e.kind == "error"]
    assert [e.detail for e in errors] == [f"listener {broken!r} raised RuntimeError('view bug')"]
    assert errors[0].work_id is None


def test_removed_listener_is_not_called() -> None:
    """remove_listener stops the calls; removing an unknown listener does nothing."""
    manager = WorkManager()
    got: list[Any] = []
    manager.add_listener(got.append)
    manager.remove_listener(got.append)
    manager.remove_listener(print)
    manager.enqueue(OneTimeWorkRequest(Quick))
    assert got == []


# --- argument checks and repr -------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda m: m.get_work_info_by_id("abc"),
            "Expected a work id (uuid.UUID), got 'abc'; use request.id.",
        ),
        (lambda m: m.get_work_infos_by_tag(3), "A tag is a str, got 3."),
        (lambda m: m.cancel_all_work_by_tag(None), "A tag is a str, got None."),
        (lambda m: m.cancel_unique_work(""), "A unique work name is a non-empty str, got ''."),
        (
            lambda m: m.get_work_infos("all"),
            "get_work_infos takes a WorkQuery, got 'all'; e.g. "
            "WorkQuery.from_states([State.ENQUEUED]).",
        ),
        (
            lambda m: m.enqueue_unique_work("n", "KEEP", OneTimeWorkRequest(Quick)),
            "policy must be one of ExistingWorkPolicy.REPLACE, ExistingWorkPolicy.KEEP, "
            "ExistingWorkPolicy.APPEND, ExistingWorkPolicy.APPEND_OR_REPLACE; got 'KEEP'.",
        ),
        (
            lambda m: m.enqueue_unique_periodic_work(
                "n", ExistingPeriodicWorkPolicy.KEEP, OneTimeWorkRequest(Quick)
            ),
            "enqueue_unique_periodic_work takes a PeriodicWorkRequest",
        ),
        (lambda m: m.update_work("r"), "update_work takes a WorkRequest built with .set_id"),
        (lambda m: m.advance_to(1.5), "advance_to() takes virtual milliseconds (an int)"),
        (lambda m: m.set_device(wifi=True), "set_device() got unknown setting(s) wifi"),
    ],
    ids=[
        "id-str",
        "tag-int",
        "cancel-tag-none",
        "name-empty",
        "query-str",
        "policy-str",
        "periodic-one-time",
        "update-str",
        "advance-float",
        "device-key",
    ],
)
def test_calls_check_their_arguments(call: Callable[[WorkManager], Any], message: str) -> None:
    """Each public call refuses a wrong argument at the call, naming it."""
    with pytest.raises(IllegalArgumentError) as caught:
        call(WorkManager())
    assert str(caught.value).startswith(message)


def test_repr_counts_works_by_state(tmp_path: Path) -> None:
    """repr names the store, the clock and how many works are in each state."""
    manager = WorkManager(start_millis=5)
    assert repr(manager) == "<WorkManager memory at 5 ms: no work>"
    manager.enqueue([OneTimeWorkRequest(Quick), OneTimeWorkRequest(Quick)])
    manager.enqueue(OneTimeWorkRequest(TenSeconds, initial_delay=timedelta(hours=1)))
    manager.advance(timedelta(0))
    assert repr(manager) == "<WorkManager memory at 5 ms: 1 ENQUEUED, 2 SUCCEEDED>"
    path = tmp_path / "r.json"
    with WorkManager(path) as on_file:
        assert repr(on_file) == f"<WorkManager {path} at 0 ms: no work>"


# --- what a reopened store must agree with -----------------------------------------------


def test_a_device_change_alone_survives_a_reopen() -> None:
    """set_device, then close: the reopened manager has the changed device."""
    store = MemoryStore()
    manager = WorkManager(store=store)
    manager.set_device(network="none", charging=False)
    manager.close()
    with WorkManager(store=store) as reopened:
        assert (reopened.device.network, reopened.device.charging) == ("none", False)


def test_a_device_change_with_a_clock_move_survives_a_reopen() -> None:
    """set_device followed by advance: the device is stored with the moved clock."""
    store = MemoryStore()
    manager = WorkManager(store=store)
    manager.set_device(network="none", charging=False)
    manager.advance(timedelta(seconds=1))
    manager.close()
    with WorkManager(store=store) as reopened:
        assert (reopened.device.network, reopened.device.charging) == ("none", False)


def test_cancelling_a_cancelled_work_resets_its_stop_reason() -> None:
    """A second cancel of a work cancelled while running gives stop_reason −256 (Android's DAO)."""
    manager = WorkManager()
    request = OneTimeWorkRequest(TenSeconds)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    manager.cancel_work_by_id(request.id)
    assert manager.get_work_info_by_id(request.id).stop_reason == 1
    manager.cancel_work_by_id(request.id)
    info = manager.get_work_info_by_id(request.id)
    assert (info.state, info.stop_reason) == (State.CANCELLED, -256)


def test_a_repeated_cancel_survives_a_reopen() -> None:
    """After a second cancel, the reopened manager reports the same WorkInfo as before closing."""
    store = MemoryStore()
    manager = WorkManager(store=store)
    request = OneTimeWorkRequest(TenSeconds)
    manager.enqueue(request)
    manager.advance(timedelta(seconds=1))
    manager.cancel_work_by_id(request.id)
    manager.cancel_work_by_id(request.id)
    before = manager.get_work_info_by_id(request.id)
    manager.close()
    with WorkManager(store=store) as reopened:
        assert reopened.get_work_info_by_id(request.id) == before


def test_next_event_millis_counts_a_work_due_now() -> None:
    """Right after enqueueing a due work, the next event is now (step() would start it)."""
    manager = WorkManager(start_millis=500)
    manager.enqueue(OneTimeWorkRequest(Quick))
    assert manager.next_event_millis() == 500


def test_step_runs_what_is_due_now() -> None:
    """step() with a work due now starts it at now and returns its events."""
    manager = WorkManager(start_millis=500)
    manager.enqueue(OneTimeWorkRequest(Quick))
    events = manager.step()
    assert [(e.millis, e.kind) for e in events] == [(500, "started"), (500, "succeeded")]
    assert manager.clock.now_millis == 500


def test_reopening_a_path_open_in_this_kernel_names_the_fix(tmp_path: Path) -> None:
    """A cell that opens a store, run twice, is told to close the old manager; after
    wmkit.close_all() the same path opens again."""
    import wmkit

    path = tmp_path / "twice.wmk.json"
    first = WorkManager(path)
    with pytest.raises(StoreError, match="close_all"):
        WorkManager(path)
    assert wmkit.close_all() >= 1
    with pytest.raises(IllegalStateError, match="closed"):
        first.advance(timedelta(0))
    WorkManager(path).close()


def test_a_dropped_manager_lets_go_of_its_file(tmp_path: Path) -> None:
    """A manager garbage-collected without close() releases its lock (its state was
    saved by its last call)."""
    import gc

    path = tmp_path / "dropped.wmk.json"
    manager = WorkManager(path)
    manager.enqueue(OneTimeWorkRequest(TenSeconds))
    del manager
    gc.collect()
    again = WorkManager(path)
    try:
        tag = f"{TenSeconds.__module__}.{TenSeconds.__qualname__}"
        assert len(again.get_work_infos_by_tag(tag)) == 1
    finally:
        again.close()


def test_a_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    """A path in a folder that does not exist is refused with a StoreError naming it."""
    with pytest.raises(StoreError, match="does not exist"):
        WorkManager(tmp_path / "no" / "such" / "x.wmk.json")
