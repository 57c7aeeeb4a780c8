"""Unit tests for wmkit.work.live_data: observers are called at once, then on change only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from wmkit import OneTimeWorkRequest, Result, State, Worker, WorkManager, WorkManagerError
from wmkit.errors import ArgumentTypeError
from wmkit.work.live_data import LiveData


class TenSeconds(Worker):
    """Succeeds 10 s after it starts."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success()


class Source:
    """A value that LiveData computes from, with the errors it reports and observed flags."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self.errors: list[BaseException] = []
        self.observed: list[bool] = []

    def live(self) -> LiveData[Any]:
        return LiveData(
            lambda: self.value, self.errors.append, lambda _live, on: self.observed.append(on)
        )


def test_value_is_computed_at_creation() -> None:
    """A new LiveData's value is the computed value."""
    assert Source(5).live().value == 5


def test_observe_calls_at_once_with_the_current_value() -> None:
    """observe(cb) calls cb(value) once immediately."""
    source = Source("a")
    seen: list[Any] = []
    source.live().observe(seen.append)
    assert seen == ["a"]


def test_observe_recomputes_before_the_first_call() -> None:
    """A value that changed since creation is delivered fresh at observe()."""
    source = Source(1)
    live = source.live()
    source.value = 2
    seen: list[Any] = []
    live.observe(seen.append)
    assert seen == [2]
    assert live.value == 2


def test_refresh_calls_observers_on_change_only() -> None:
    """refresh() tells every observer a changed value, and nobody an unchanged one."""
    source = Source(1)
    live = source.live()
    first: list[Any] = []
    second: list[Any] = []
    live.observe(first.append)
    live.observe(second.append)
    live.refresh()
    source.value = 2
    live.refresh()
    live.refresh()
    source.value = 3
    live.refresh()
    assert first == [1, 2, 3]
    assert second == [1, 2, 3]


def test_equal_value_counts_as_unchanged() -> None:
    """A recomputed value equal to the old one (a new but equal list) notifies nobody."""
    source = Source([1, 2])
    live = source.live()
    seen: list[Any] = []
    live.observe(seen.append)
    source.value = [1, 2]
    live.refresh()
    assert seen == [[1, 2]]


def test_remove_observer_stops_calls() -> None:
    """A removed observer is not called again; removing an unknown one does nothing."""
    source = Source(1)
    live = source.live()
    seen: list[Any] = []
    live.observe(seen.append)
    live.remove_observer(seen.append)
    live.remove_observer(print)
    source.value = 2
    live.refresh()
    assert seen == [1]
    assert live.value == 2


def test_on_observed_reports_the_first_observer_and_the_last_leaving() -> None:
    """The owner is told True when the first observer comes and False when the last goes."""
    source = Source(0)
    live = source.live()
    a: list[Any] = []
    b: list[Any] = []
    live.observe(a.append)
    live.observe(b.append)
    assert live.has_observers
    live.remove_observer(a.append)
    live.remove_observer(b.append)
    assert source.observed == [True, False]
    assert not live.has_observers


def test_a_raising_callback_is_reported_not_raised() -> None:
    """An observer that raises is reported to on_error; the others still get the value."""
    source = Source(1)
    live = source.live()
    error = ZeroDivisionError("student bug")

    def broken(_value: Any) -> None:
        raise error

    seen: list[Any] = []
    live.observe(broken)
    live.observe(seen.append)
    source.value = 2
    live.refresh()
    assert source.errors == [error, error]
    assert seen == [1, 2]


def test_observe_refuses_what_is_not_callable() -> None:
    """observe(42) is refused at the call with a TypeError naming the value."""
    with pytest.raises(TypeError, match="observe\\(\\) takes a function, got 42"):
        Source(1).live().observe(42)  # type: ignore[arg-type]


def test_observe_refusal_is_a_work_manager_error() -> None:
    """observe(42)'s refusal is an ArgumentTypeError: a WorkManagerError and a TypeError."""
    with pytest.raises(WorkManagerError) as caught:
        Source(1).live().observe(42)  # type: ignore[arg-type]
    assert isinstance(caught.value, ArgumentTypeError)
    assert isinstance(caught.value, TypeError)


def test_manager_live_data_follows_a_work_once_per_instant() -> None:
    """Observing a work's LiveData sees ENQUEUED, RUNNING at 0, SUCCEEDED at 10 s."""
    manager = WorkManager()
    request = OneTimeWorkRequest(TenSeconds)
    manager.enqueue(request)
    states: list[State] = []
    live = manager.get_work_info_by_id_live_data(request.id)
    live.observe(lambda info: states.append(info.state))
    manager.advance(timedelta(seconds=5))
    manager.advance(timedelta(seconds=5))
    manager.advance(timedelta(seconds=5))
    assert states == [State.ENQUEUED, State.RUNNING, State.SUCCEEDED]


def test_manager_reports_a_raising_observer_as_an_error_event() -> None:
    """A raising observer leaves the clock working and an 'error' event naming the exception."""
    manager = WorkManager()
    request = OneTimeWorkRequest(TenSeconds)
    manager.enqueue(request)

    def broken(_info: Any) -> None:
        raise KeyError("oops")

    manager.get_work_info_by_id_live_data(request.id).observe(broken)
    manager.advance(timedelta(seconds=10))
    errors = [e for e in manager.trace if e.kind == "error"]
    assert len(errors) == 3
    assert errors[0].detail.startswith("a LiveData observer raised KeyError: 'oops'\n")
    assert manager.get_work_info_by_id(request.id).state is State.SUCCEEDED
