"""A Hypothesis state machine over the real WorkManager, with a tiny model on the side.

``EngineMachine`` enqueues one-time works, chains and periodic works, drives the clock,
cancels, flips the device and restarts the app, and after every step checks the
invariants of STYLE.md against what the manager reports. ``DeterminismMachine`` makes
the same calls on two fresh managers and checks they tell the same story.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from wmkit import (
    BackoffPolicy,
    Constraints,
    CoroutineWorker,
    Data,
    ExistingWorkPolicy,
    MemoryStore,
    NetworkType,
    OneTimeWorkRequest,
    PeriodicWorkRequest,
    Result,
    State,
    StopReason,
    Worker,
    WorkInfo,
    WorkManager,
    WorkQuery,
    WorkRequest,
)
from wmkit.work.constraints import unmet_constraints

SECOND = 1_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
LONG_MAX = 2**63 - 1
TAGS = ("red", "green", "blue")
NAMES = ("sync", "upload")
NETWORKS = ("none", "wifi", "cellular", "cellular_roaming")
EVERYTHING = WorkQuery.from_ids([])

MACHINE_SETTINGS = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# --- workers: what a drawn recipe runs ------------------------------------------------------


class Succeed(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success({"from": "succeed"})


class Fail(Worker):
    """Fails at once."""

    def do_work(self) -> Result:
        return Result.failure()


class RetryThenSucceed(Worker):
    """Retries while its attempt count is below input 'retries', then succeeds."""

    def do_work(self) -> Result:
        if self.run_attempt_count < self.input_data.get_long("retries"):
            return Result.retry()
        return Result.success()


class Slow(Worker):
    """Succeeds after input 'ms' of virtual time (a run over 10 minutes times out)."""

    def do_work(self) -> Result:
        self.duration = timedelta(milliseconds=self.input_data.get_long("ms"))
        return Result.success()


class Nap(CoroutineWorker):
    """Sleeps input 'ms' in two halves, reporting progress in between, then succeeds."""

    async def do_work(self) -> Result:
        half = self.input_data.get_long("ms") // 2
        await self.sleep(timedelta(milliseconds=half))
        await self.set_progress({"half": True})
        await self.sleep(timedelta(milliseconds=half))
        return Result.success()


WORKERS = {
    "succeed": Succeed,
    "fail": Fail,
    "retry": RetryThenSucceed,
    "slow": Slow,
    "nap": Nap,
}


@dataclass(frozen=True)
class Recipe:
    """What to build: a worker kind and the request's parameters."""

    kind: str
    ms: int
    retries: int
    network: NetworkType
    charging: bool
    delay: int
    tag: str
    linear: bool

    def _common(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "input_data": {"ms": self.ms, "retries": self.retries},
            "constraints": Constraints(
                required_network_type=self.network, requires_charging=self.charging
            ),
            "tags": [self.tag],
        }
        if self.delay:
            options["initial_delay"] = timedelta(milliseconds=self.delay)
        if self.linear:
            options["backoff_policy"] = BackoffPolicy.LINEAR
            options["backoff_delay"] = timedelta(seconds=10)
        return options

    def one_time(self) -> OneTimeWorkRequest:
        return OneTimeWorkRequest(WORKERS[self.kind], **self._common())

    def periodic(self, interval: int, flex: int | None) -> PeriodicWorkRequest:
        return PeriodicWorkRequest(
            WORKERS[self.kind],
            timedelta(milliseconds=interval),
            None if flex is None else timedelta(milliseconds=flex),
            **self._common(),
        )


recipes = st.builds(
    Recipe,
    kind=st.sampled_from(sorted(WORKERS)),
    ms=st.sampled_from([0, 1, SECOND, 30 * SECOND, 10 * MINUTE, 11 * MINUTE])
    | st.integers(0, 15 * MINUTE),
    retries=st.integers(0, 3),
    network=st.sampled_from([NetworkType.NOT_REQUIRED] * 3 + list(NetworkType)),
    charging=st.booleans(),
    delay=st.sampled_from([0, 0, 0, SECOND, 5 * MINUTE]),
    tag=st.sampled_from(TAGS),
    linear=st.booleans(),
)
durations = st.sampled_from([0, 1, 999, 30 * SECOND, 10 * MINUTE, 15 * MINUTE, HOUR, 2 * HOUR]) | (
    st.integers(0, 2 * HOUR)
)
intervals = st.sampled_from([15 * MINUTE, 20 * MINUTE, HOUR])
flexes = st.none() | st.sampled_from([5 * MINUTE, 10 * MINUTE, 15 * MINUTE])
levels = st.lists(st.lists(recipes, min_size=1, max_size=2), min_size=1, max_size=3)


def all_infos(manager: WorkManager) -> dict[uuid.UUID, WorkInfo]:
    return {info.id: info for info in manager.get_work_infos(EVERYTHING)}


def unmet_on(manager: WorkManager, info: WorkInfo) -> list[Any]:
    device = manager.device
    return unmet_constraints(
        info.constraints,
        network=device.network,
        charging=device.charging,
        battery_low=device.battery_low,
        storage_low=device.storage_low,
        idle=device.idle,
    )


class EngineMachine(RuleBasedStateMachine):
    """The real manager, driven at random, checked against STYLE.md's invariants."""

    def __init__(self) -> None:
        super().__init__()
        self.manager: WorkManager | None = None
        self.directory: str | None = None
        self.path: Path | None = None
        self.memory: MemoryStore | None = None
        self.workers = 4
        self.requests: dict[uuid.UUID, WorkRequest] = {}
        self.periodic: set[uuid.UUID] = set()
        self.prerequisites: dict[uuid.UUID, tuple[uuid.UUID, ...]] = {}
        self.dependents: dict[uuid.UUID, list[uuid.UUID]] = {}
        self.last: dict[uuid.UUID, WorkInfo] = {}
        self.finished: dict[uuid.UUID, State] = {}
        self.gone: set[uuid.UUID] = set()
        self.names: dict[uuid.UUID, str] = {}
        self.succeeded: set[uuid.UUID] = set()
        self.last_now = 0
        self.seen_events = 0

    # --- set-up and tear-down ----------------------------------------------------------

    @initialize(on_file=st.booleans(), workers=st.integers(1, 4), start=st.sampled_from([0, 5]))
    def open(self, on_file: bool, workers: int, start: int) -> None:
        self.workers = workers
        if on_file:
            self.directory = tempfile.mkdtemp(prefix="wmkit-machine-")
            self.path = Path(self.directory) / "machine.wmk.json"
        else:
            self.memory = MemoryStore()
        self.manager = self._open(start_millis=start, max_concurrent_workers=workers)
        self.last_now = start

    def _open(self, **kwargs: Any) -> WorkManager:
        if self.path is not None:
            return WorkManager(self.path, **kwargs)
        return WorkManager(store=self.memory, **kwargs)

    def teardown(self) -> None:
        if self.manager is not None:
            self.manager.close()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    # --- the model's bookkeeping ---------------------------------------------------------

    def _remember(self, request: WorkRequest, after: tuple[uuid.UUID, ...] = ()) -> None:
        self.requests[request.id] = request
        self.prerequisites[request.id] = after
        for parent in after:
            self.dependents.setdefault(parent, []).append(request.id)

    def _info(self, work_id: uuid.UUID) -> WorkInfo | None:
        assert self.manager is not None
        return self.manager.get_work_info_by_id(work_id)

    # --- rules ------------------------------------------------------------------------------

    @rule(recipe=recipes)
    def enqueue_one_time(self, recipe: Recipe) -> None:
        """A fresh one-time work is ENQUEUED at once, due at now + its initial delay."""
        assert self.manager is not None
        request = recipe.one_time()
        self.manager.enqueue(request)
        self._remember(request)
        info = self._info(request.id)
        assert info is not None and info.state is State.ENQUEUED
        assert info.next_schedule_time_millis == self.manager.clock.now_millis + recipe.delay
        assert info.run_attempt_count == 0

    @rule(chain=levels)
    def enqueue_chain(self, chain: list[list[Recipe]]) -> None:
        """begin_with(level 0).then(level 1)...: the first level ENQUEUED, the rest BLOCKED."""
        assert self.manager is not None
        built = [[recipe.one_time() for recipe in level] for level in chain]
        continuation = self.manager.begin_with(built[0])
        for level in built[1:]:
            continuation = continuation.then(level)
        continuation.enqueue()
        before: tuple[uuid.UUID, ...] = ()
        for depth, level in enumerate(built):
            for request in level:
                self._remember(request, before)
                info = self._info(request.id)
                assert info is not None
                assert info.state is (State.ENQUEUED if depth == 0 else State.BLOCKED)
            before = tuple(r.id for r in level)

    @rule(recipe=recipes, interval=intervals, flex=flexes)
    def enqueue_periodic(self, recipe: Recipe, interval: int, flex: int | None) -> None:
        """A periodic work starts ENQUEUED, its first run due at E + D + (I − F)."""
        assert self.manager is not None
        request = recipe.periodic(interval, flex)
        self.manager.enqueue(request)
        self._remember(request)
        self.periodic.add(request.id)
        info = self._info(request.id)
        assert info is not None and info.state is State.ENQUEUED
        first = self.manager.clock.now_millis + recipe.delay
        if flex is not None and flex < interval:
            first += interval - flex
        assert info.next_schedule_time_millis == first

    @rule(
        name=st.sampled_from(NAMES),
        policy=st.sampled_from(list(ExistingWorkPolicy)),
        recipe=recipes,
    )
    def enqueue_unique(self, name: str, policy: ExistingWorkPolicy, recipe: Recipe) -> None:
        """enqueue_unique_work follows §10's table: what is deleted, kept, or appended to."""
        assert self.manager is not None
        before = all_infos(self.manager)
        named = [i for i, n in self.names.items() if n == name and i in before]
        leaves = [i for i in named if not any(d in before for d in self.dependents.get(i, ()))]
        deleted: list[uuid.UUID] = []
        after_ids: tuple[uuid.UUID, ...] = ()
        inserted = True
        if named and policy is ExistingWorkPolicy.KEEP:
            if any(before[i].state in (State.ENQUEUED, State.RUNNING) for i in named):
                inserted = False
            else:
                deleted = named
        elif named and policy is ExistingWorkPolicy.REPLACE:
            deleted = named
        elif named:  # APPEND, APPEND_OR_REPLACE
            broken = any(before[i].state in (State.FAILED, State.CANCELLED) for i in leaves)
            if policy is ExistingWorkPolicy.APPEND_OR_REPLACE and broken:
                deleted = named
            else:
                after_ids = tuple(leaves)
        request = recipe.one_time()
        self.manager.enqueue_unique_work(name, policy, request)
        after = all_infos(self.manager)
        expected = set(before) - set(deleted) | ({request.id} if inserted else set())
        assert set(after) == expected
        for work_id in expected - {request.id}:
            assert after[work_id] == before[work_id]
        self.gone.update(deleted)
        if not inserted:
            return
        self._remember(request, after_ids)
        self.names[request.id] = name
        states = {before[i].state for i in after_ids}
        if State.FAILED in states:
            first = State.FAILED
        elif State.CANCELLED in states:
            first = State.CANCELLED
        elif states - {State.SUCCEEDED}:
            first = State.BLOCKED
        else:
            first = State.ENQUEUED
        assert after[request.id].state is first

    @precondition(lambda self: self.requests)
    @rule(index=st.integers(0, 10**6))
    def enqueue_again(self, index: int) -> None:
        """Enqueueing a request whose id is stored changes nothing (Android's IGNORE)."""
        assert self.manager is not None
        stored = [i for i in self.requests if i not in self.gone]
        if not stored:
            return
        before = all_infos(self.manager)
        self.manager.enqueue(self.requests[stored[index % len(stored)]])
        assert all_infos(self.manager) == before

    @rule(millis=durations)
    def advance(self, millis: int) -> None:
        assert self.manager is not None
        target = self.manager.clock.now_millis + millis
        self.manager.advance(timedelta(milliseconds=millis))
        assert self.manager.clock.now_millis == target

    @rule()
    def step(self) -> None:
        """step() goes to next_event_millis() and processes it; with nothing scheduled, []."""
        assert self.manager is not None
        before = self.manager.clock.now_millis
        upcoming = self.manager.next_event_millis()
        events = self.manager.step()
        if upcoming is None:
            assert list(events) == []
            assert self.manager.clock.now_millis == before
        else:
            assert upcoming >= before
            assert self.manager.clock.now_millis == upcoming

    @precondition(lambda self: self.requests)
    @rule(index=st.integers(0, 10**6))
    def cancel_by_id(self, index: int) -> None:
        """The work and every unfinished transitive dependent are CANCELLED at the call."""
        assert self.manager is not None
        ids = list(self.requests)
        target = ids[index % len(ids)]
        before = all_infos(self.manager)
        self.manager.cancel_work_by_id(target)
        self._check_cancelled([target], before)

    @rule(tag=st.sampled_from(TAGS))
    def cancel_by_tag(self, tag: str) -> None:
        """Unfinished works with the tag, and their unfinished dependents, are CANCELLED."""
        assert self.manager is not None
        before = all_infos(self.manager)
        tagged = [i for i, info in before.items() if tag in info.tags]
        self.manager.cancel_all_work_by_tag(tag)
        self._check_cancelled([i for i in tagged if not before[i].state.is_finished], before)

    def _check_cancelled(self, starts: list[uuid.UUID], before: dict[uuid.UUID, WorkInfo]) -> None:
        after = all_infos(self.manager)  # type: ignore[arg-type]
        reached: set[uuid.UUID] = set()
        stack = list(starts)
        while stack:
            work_id = stack.pop()
            if work_id in reached:
                continue
            reached.add(work_id)
            if work_id in before:  # a deleted row's dependency rows went with it
                stack.extend(self.dependents.get(work_id, ()))
        for work_id, old in before.items():
            new = after[work_id]
            if work_id in reached and not old.state.is_finished:
                assert new.state is State.CANCELLED
                expected = (
                    StopReason.CANCELLED_BY_APP
                    if old.state is State.RUNNING
                    else StopReason.NOT_STOPPED
                )
                assert new.stop_reason == expected
            elif work_id in reached and old.state is State.CANCELLED:
                # Android's setCancelledState runs again on a CANCELLED row: stop reason -256.
                assert new == dataclasses.replace(old, stop_reason=int(StopReason.NOT_STOPPED))
            else:
                assert new == old

    @rule(network=st.sampled_from(NETWORKS), charging=st.booleans())
    def flip_device(self, network: str, charging: bool) -> None:
        assert self.manager is not None
        self.manager.set_device(network=network, charging=charging)
        assert (self.manager.device.network, self.manager.device.charging) == (network, charging)

    @rule()
    def prune(self) -> None:
        """prune_work deletes exactly the finished works without an unfinished dependent."""
        assert self.manager is not None
        before = all_infos(self.manager)
        doomed = {
            work_id
            for work_id, info in before.items()
            if info.state.is_finished
            and not any(
                d in before and not before[d].state.is_finished
                for d in self.dependents.get(work_id, ())
            )
        }
        self.manager.prune_work()
        assert set(all_infos(self.manager)) == set(before) - doomed

    @rule(reopen=st.booleans())
    def restart(self, reopen: bool) -> None:
        """After a restart every WorkInfo is as before, RUNNING ones back ENQUEUED (UNKNOWN),
        and no work has progress any more (ForceStopRunnable.cleanUp deletes it all:
        ``workProgressDao.deleteAll()``, androidx impl/utils/ForceStopRunnable.java)."""
        assert self.manager is not None
        self._read_events()
        manager = self.manager
        now = manager.clock.now_millis
        device = manager.device
        before = all_infos(manager)
        described = {d.id: d for d in manager.describe_works()}
        if reopen:
            manager.close()
            self.manager = self._open(max_concurrent_workers=self.workers)
            self.seen_events = 0
        else:
            manager.restart_app()
        after = all_infos(self.manager)
        assert self.manager.clock.now_millis == now
        assert self.manager.device == device
        pruned = {
            work_id
            for work_id, info in before.items()
            if info.state.is_finished
            and described[work_id].last_enqueue_time < now - DAY
            and not any(
                d in before and not before[d].state.is_finished
                for d in described[work_id].dependents
            )
        }
        assert set(after) == set(before) - pruned
        for work_id, new in after.items():
            old = before[work_id]
            if old.state is State.RUNNING:
                assert new.state is State.ENQUEUED
                assert new.stop_reason == StopReason.UNKNOWN
                assert new.next_schedule_time_millis != LONG_MAX
                old = dataclasses.replace(
                    old,
                    state=State.ENQUEUED,
                    stop_reason=int(StopReason.UNKNOWN),
                    next_schedule_time_millis=new.next_schedule_time_millis,
                )
            assert new == dataclasses.replace(old, progress=Data.EMPTY)

    # --- invariants -------------------------------------------------------------------------

    def _read_events(self) -> None:
        """Check the new events: a dependent starts only after its prerequisites SUCCEEDED."""
        assert self.manager is not None
        trace = self.manager.trace
        for event in trace[self.seen_events :]:
            work_id = event.work_id
            if event.kind == "succeeded" and work_id not in self.periodic:
                self.succeeded.add(work_id)
            elif event.kind == "started":
                missing = [
                    p for p in self.prerequisites.get(work_id, ()) if p not in self.succeeded
                ]
                assert not missing, f"{work_id} started before its prerequisites {missing}"
        self.seen_events = len(trace)

    @invariant()
    def the_clock_never_goes_back(self) -> None:
        if self.manager is None:
            return
        now = self.manager.clock.now_millis
        assert now >= self.last_now
        self.last_now = now

    @invariant()
    def works_obey_the_rules(self) -> None:
        if self.manager is None:
            return
        self._read_events()
        infos = all_infos(self.manager)
        running = 0
        for work_id in self.requests:
            info = infos.get(work_id)
            if info is None:
                assert (
                    work_id in self.gone
                    or work_id not in self.last
                    or (self.last[work_id].state.is_finished)
                ), f"unfinished work {work_id} vanished"
                if work_id in self.last:
                    self.gone.add(work_id)
                continue
            assert work_id not in self.gone, f"deleted work {work_id} came back"
            self._check_one(work_id, info, infos)
            running += info.state is State.RUNNING
            self.last[work_id] = info
        assert running <= self.manager.max_concurrent_workers
        assert set(infos) <= set(self.requests)

    def _check_one(
        self, work_id: uuid.UUID, info: WorkInfo, infos: dict[uuid.UUID, WorkInfo]
    ) -> None:
        state = info.state
        if work_id in self.finished:
            assert state is self.finished[work_id], f"finished {work_id} became {state}"
        elif state.is_finished:
            self.finished[work_id] = state
        assert (info.next_schedule_time_millis == LONG_MAX) is (state is not State.ENQUEUED)
        previous = self.last.get(work_id)
        if previous is not None:
            assert info.period_count >= previous.period_count
            if info.period_count == previous.period_count:
                assert info.run_attempt_count >= previous.run_attempt_count
        if state is State.RUNNING:
            assert unmet_on(self.manager, info) == []  # type: ignore[arg-type]
            assert info.stop_reason == StopReason.NOT_STOPPED
            assert info.run_attempt_count >= 1
        if state in (State.RUNNING, State.SUCCEEDED):
            for parent in self.prerequisites[work_id]:
                parent_info = infos.get(parent)
                assert parent in self.succeeded
                assert parent_info is None or parent_info.state is State.SUCCEEDED
        if work_id in self.periodic:
            assert state in (State.ENQUEUED, State.RUNNING, State.CANCELLED)
            assert info.periodicity_info is not None
        else:
            assert info.periodicity_info is None
            assert info.period_count == 0
            if state is State.SUCCEEDED:
                assert info.run_attempt_count >= 1
        if state is State.BLOCKED:
            assert any(
                infos.get(p) is not None and infos[p].state is not State.SUCCEEDED
                for p in self.prerequisites[work_id]
            )


EngineMachine.TestCase.settings = MACHINE_SETTINGS
TestEngineMachine = EngineMachine.TestCase


# --- determinism: the same calls on two fresh managers --------------------------------------


class DeterminismMachine(RuleBasedStateMachine):
    """Two managers given the same calls (with their own request ids) tell the same story."""

    def __init__(self) -> None:
        super().__init__()
        self.stores = (MemoryStore(), MemoryStore())
        self.managers = [WorkManager(store=s, max_concurrent_workers=2) for s in self.stores]
        self.ids: tuple[list[uuid.UUID], list[uuid.UUID]] = ([], [])

    def teardown(self) -> None:
        for manager in self.managers:
            manager.close()

    def _both(self, make: Any) -> list[WorkRequest]:
        """Build a request per manager with ``make()``, recording both ids at one index."""
        pair = [make(), make()]
        for ids, request in zip(self.ids, pair, strict=True):
            ids.append(request.id)
        return pair

    @rule(recipe=recipes)
    def enqueue_one_time(self, recipe: Recipe) -> None:
        for manager, request in zip(self.managers, self._both(recipe.one_time), strict=True):
            manager.enqueue(request)

    @rule(recipe=recipes, interval=intervals, flex=flexes)
    def enqueue_periodic(self, recipe: Recipe, interval: int, flex: int | None) -> None:
        pair = self._both(lambda: recipe.periodic(interval, flex))
        for manager, request in zip(self.managers, pair, strict=True):
            manager.enqueue(request)

    @rule(
        name=st.sampled_from(NAMES),
        policy=st.sampled_from(list(ExistingWorkPolicy)),
        recipe=recipes,
    )
    def enqueue_unique(self, name: str, policy: ExistingWorkPolicy, recipe: Recipe) -> None:
        for manager, request in zip(self.managers, self._both(recipe.one_time), strict=True):
            manager.enqueue_unique_work(name, policy, request)

    @rule(chain=levels)
    def enqueue_chain(self, chain: list[list[Recipe]]) -> None:
        built = [[self._both(recipe.one_time) for recipe in level] for level in chain]
        for side, manager in enumerate(self.managers):
            continuation = manager.begin_with([pair[side] for pair in built[0]])
            for level in built[1:]:
                continuation = continuation.then([pair[side] for pair in level])
            continuation.enqueue()

    @rule(millis=durations)
    def advance(self, millis: int) -> None:
        for manager in self.managers:
            manager.advance(timedelta(milliseconds=millis))

    @rule()
    def step(self) -> None:
        for manager in self.managers:
            manager.step()

    @precondition(lambda self: self.ids[0])
    @rule(index=st.integers(0, 10**6))
    def cancel_by_id(self, index: int) -> None:
        for manager, ids in zip(self.managers, self.ids, strict=True):
            manager.cancel_work_by_id(ids[index % len(ids)])

    @rule(tag=st.sampled_from(TAGS))
    def cancel_by_tag(self, tag: str) -> None:
        for manager in self.managers:
            manager.cancel_all_work_by_tag(tag)

    @rule(network=st.sampled_from(NETWORKS), charging=st.booleans())
    def flip_device(self, network: str, charging: bool) -> None:
        for manager in self.managers:
            manager.set_device(network=network, charging=charging)

    @rule(reopen=st.booleans())
    def restart(self, reopen: bool) -> None:
        for side, manager in enumerate(self.managers):
            if reopen:
                manager.close()
                self.managers[side] = WorkManager(store=self.stores[side], max_concurrent_workers=2)
            else:
                manager.restart_app()

    def _normalise(self, side: int) -> tuple[list[tuple[Any, ...]], list[WorkInfo]]:
        index = {work_id: n for n, work_id in enumerate(self.ids[side])}

        def plain(text: str) -> str:
            for work_id, n in index.items():
                text = text.replace(str(work_id), f"#{n}").replace(str(work_id)[:8], f"#{n}")
            return text

        manager = self.managers[side]
        events = [(e.millis, e.kind, index.get(e.work_id), plain(e.detail)) for e in manager.trace]
        infos = [
            dataclasses.replace(info, id=index[info.id])
            for info in manager.get_work_infos(EVERYTHING)
        ]
        return events, infos

    @invariant()
    def both_managers_agree(self) -> None:
        left, right = self._normalise(0), self._normalise(1)
        assert left[0] == right[0]
        assert left[1] == right[1]
        assert self.managers[0].clock.now_millis == self.managers[1].clock.now_millis


DeterminismMachine.TestCase.settings = settings(MACHINE_SETTINGS, max_examples=20)
TestDeterminismMachine = DeterminismMachine.TestCase
