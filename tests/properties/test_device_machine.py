"""A Hypothesis state machine over the simulated phone: network, charger, Doze (light
and deep), buckets, and the user force-stopping and opening the app.

Rules enqueue constrained, expedited and slow works and flip the device at random
instants; after every step the invariants of ANDROID_SEMANTICS §7, §15 and §21 hold:
nothing RUNNING has an unmet constraint, no regular work runs in a Doze idle period
(light or deep), no quota is ever overdrawn, and nothing runs or starts while the app
is force-stopped.
"""

from __future__ import annotations

from datetime import timedelta

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
    Constraints,
    IllegalStateError,
    NetworkType,
    OneTimeWorkRequest,
    OutOfQuotaPolicy,
    Result,
    State,
    Worker,
    WorkManager,
)
from wmkit.phone.defaults import (
    ALLOWED_TIME_PER_WINDOW_MILLIS,
    BUCKET_WINDOW_MILLIS,
    EXPEDITED_QUOTA_MILLIS,
    EXPEDITED_WINDOW_MILLIS,
)
from wmkit.work.constraints import NETWORK_SATISFIES


class Brief(Worker):
    """Succeeds after three minutes."""

    duration = timedelta(minutes=3)

    def do_work(self) -> Result:
        return Result.success()


class Long(Worker):
    """Would take eight minutes."""

    duration = timedelta(minutes=8)

    def do_work(self) -> Result:
        return Result.success()


NETWORK_NEEDS = st.sampled_from(
    [NetworkType.NOT_REQUIRED, NetworkType.CONNECTED, NetworkType.UNMETERED, NetworkType.METERED]
)


class PhoneMachine(RuleBasedStateMachine):
    """The real engine under random device changes."""

    def __init__(self) -> None:
        super().__init__()
        self.manager = WorkManager()
        self.finished: dict[object, State] = {}
        self.stopped_since: int | None = None  # trace length at the force stop

    def _app(self) -> bool:
        """Whether the app may run its own code (it is not force-stopped)."""
        return not self.manager.force_stopped

    @initialize(long=st.booleans(), doze=st.sampled_from([False, False, "light", "deep"]))
    def some_work_from_the_start(self, long: bool, doze: object) -> None:
        """Two works enqueued at 0:00 (so that runs are going when the rules strike), on a
        phone that is awake, or on battery in light or deep Doze."""
        if doze:
            self.manager.set_device(charging=False, doze=doze)
        self.manager.enqueue(
            [OneTimeWorkRequest(Long if long else Brief), OneTimeWorkRequest(Long)]
        )

    @precondition(_app)
    @rule(
        long=st.booleans(),
        network=NETWORK_NEEDS,
        charging=st.booleans(),
        storage=st.booleans(),
    )
    def enqueue_regular(
        self, long: bool, network: NetworkType, charging: bool, storage: bool
    ) -> None:
        constraints = Constraints(
            required_network_type=network,
            requires_charging=charging,
            requires_storage_not_low=storage,
        )
        self.manager.enqueue(OneTimeWorkRequest(Long if long else Brief, constraints=constraints))

    @precondition(_app)
    @rule(network=NETWORK_NEEDS, drop=st.booleans())
    def enqueue_expedited(self, network: NetworkType, drop: bool) -> None:
        policy = (
            OutOfQuotaPolicy.DROP_WORK_REQUEST
            if drop
            else OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST
        )
        request = OneTimeWorkRequest(
            Brief,
            expedited=policy,
            constraints=Constraints(required_network_type=network),
        )
        self.manager.enqueue(request)

    @rule(network=st.sampled_from(["none", "wifi", "cellular", "cellular_roaming"]))
    def flip_network(self, network: str) -> None:
        self.manager.set_device(network=network)

    @rule(storage_low=st.booleans())
    def flip_storage(self, storage_low: bool) -> None:
        self.manager.set_device(storage_low=storage_low)

    @rule(charging=st.booleans())
    def flip_charger(self, charging: bool) -> None:
        self.manager.set_device(charging=charging)

    @precondition(lambda self: not self.manager.device.charging)
    @rule(mode=st.sampled_from([True, "deep", "light"]))
    def enter_doze(self, mode: object) -> None:
        self.manager.set_device(doze=mode)
        assert self.manager.device.doze == ("deep" if mode is True else mode)

    @rule()
    def leave_doze(self) -> None:
        self.manager.set_device(doze=False)

    @rule(foreground=st.booleans())
    def flip_foreground(self, foreground: bool) -> None:
        self.manager.set_device(app_in_foreground=foreground)

    @rule(bucket=st.sampled_from(["active", "working_set", "frequent", "rare", "restricted"]))
    def change_bucket(self, bucket: str) -> None:
        self.manager.set_device(standby_bucket=bucket)

    @rule()
    def force_stop(self) -> None:
        if self._app():
            self.stopped_since = len(self.manager.trace)
        self.manager.force_stop()
        assert self.manager.force_stopped

    @rule()
    def open_app(self) -> None:
        self.manager.open_app()
        self.stopped_since = None
        device = self.manager.device
        assert device.app_in_foreground and not device.doze
        assert device.standby_bucket == "active" and not self.manager.force_stopped

    @rule()
    def restart_app(self) -> None:
        if self._app():
            self.manager.restart_app()
        else:
            try:
                self.manager.restart_app()
            except IllegalStateError:
                return
            raise AssertionError("restart_app() ran on a force-stopped app")

    @precondition(lambda self: not self._app())
    @rule()
    def enqueue_while_stopped_is_refused(self) -> None:
        before = len(self.manager.describe_works())
        try:
            self.manager.enqueue(OneTimeWorkRequest(Brief))
        except IllegalStateError:
            assert len(self.manager.describe_works()) == before
            return
        raise AssertionError("enqueue() ran on a force-stopped app")

    @rule(minutes=st.integers(min_value=0, max_value=180))
    def advance(self, minutes: int) -> None:
        self.manager.advance(timedelta(minutes=minutes))

    @rule()
    def step(self) -> None:
        self.manager.step()

    # ---------------------------------------------------------------- invariants
    def _running(self) -> list:
        return [d for d in self.manager.describe_works() if d.state is State.RUNNING]

    @invariant()
    def nothing_running_has_an_unmet_constraint(self) -> None:
        device = self.manager.device
        engine = self.manager._engine
        for description in self._running():
            run = engine.run_of(engine.table[description.id])
            network = engine.phone.network_for(run.expedited, engine.now)
            constraints = run.constraints
            assert constraints.required_network_type in NETWORK_SATISFIES[network]
            assert not (constraints.requires_charging and not device.charging)
            assert not (constraints.requires_storage_not_low and device.storage_low)

    @invariant()
    def no_regular_work_runs_in_a_doze_idle_period(self) -> None:
        engine = self.manager._engine
        phase = engine.phone.doze_phase(engine.now)
        if phase is None or phase.maintenance:
            return
        assert all(run.expedited for run in engine.runs())

    @invariant()
    def nothing_runs_while_force_stopped(self) -> None:
        if self.stopped_since is None:
            return
        engine = self.manager._engine
        assert engine.runs() == []
        assert not self._running()
        since = self.manager.trace[self.stopped_since :]
        assert [e for e in since if e.kind == "started"] == []

    @invariant()
    def quotas_are_never_overdrawn(self) -> None:
        """No run goes on past its quota. (Moving to a stricter bucket may find the time
        used already over it, as QuotaController counts it in every bucket: then no
        regular run may go on, which is what is checked.)"""
        engine = self.manager._engine
        phone = engine.phone
        if not phone.quota_applies:
            return
        now = engine.now
        bucket = phone.device.standby_bucket
        window = BUCKET_WINDOW_MILLIS[bucket]
        if window is not None and any(not run.expedited for run in engine.runs()):
            assert phone.regular.usage(now, window) <= ALLOWED_TIME_PER_WINDOW_MILLIS
        expedited = phone.expedited.usage(now, EXPEDITED_WINDOW_MILLIS)
        if any(run.expedited for run in engine.runs()):
            assert expedited <= EXPEDITED_QUOTA_MILLIS[bucket]

    @invariant()
    def finished_states_never_change(self) -> None:
        for info in self.manager.get_work_infos(_ALL):
            if info.id in self.finished:
                assert info.state is self.finished[info.id]
            elif info.state.is_finished:
                self.finished[info.id] = info.state

    @invariant()
    def at_most_max_concurrent_workers_run(self) -> None:
        assert len(self._running()) <= self.manager.max_concurrent_workers


_ALL = __import__("wmkit").WorkQuery.from_ids([])

PhoneMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestPhoneMachine = PhoneMachine.TestCase
