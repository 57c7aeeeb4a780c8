"""Unit tests for wmkit.trace.history: raw event tuples in, read-only list-like EventLists out."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from wmkit import OneTimeWorkRequest, Result, Worker, WorkManager
from wmkit.trace.events import Event
from wmkit.trace.history import EventList, History

WORK = uuid.UUID(int=7)


class Quick(Worker):
    """Succeeds at once."""

    def do_work(self) -> Result:
        return Result.success()


def history_of(*raw: tuple) -> History:
    history = History()
    history.raw.extend(raw)
    return history


HISTORY = history_of(
    (0, "enqueued", WORK, "a"),
    (10, "started", WORK, "b"),
    (20, "succeeded", WORK, "c"),
    (30, "device", None, "d"),
)
EVENTS = [
    Event(0, "enqueued", WORK, "a"),
    Event(10, "started", WORK, "b"),
    Event(20, "succeeded", WORK, "c"),
    Event(30, "device", None, "d"),
]


def test_len_and_bool() -> None:
    """len counts the window's events; an empty window is falsy."""
    assert len(HISTORY.view()) == 4
    assert len(HISTORY.view(1, 3)) == 2
    assert bool(HISTORY.view())
    assert not HISTORY.view(2, 2)
    assert not History().view()


def test_index_and_negative_index() -> None:
    """[i] and [-i] index within the window, as a list does."""
    window = HISTORY.view(1, 4)
    assert window[0] == EVENTS[1]
    assert window[2] == EVENTS[3]
    assert window[-1] == EVENTS[3]
    assert window[-3] == EVENTS[1]


@pytest.mark.parametrize("index", [3, -4, 100])
def test_out_of_range_index_raises_index_error(index: int) -> None:
    """An index outside the window raises IndexError, even if the history holds that event."""
    with pytest.raises(IndexError, match="event index out of range"):
        HISTORY.view(1, 4)[index]


def test_slices_are_lists() -> None:
    """A slice of an EventList is a plain list of Events, steps included."""
    window = HISTORY.view()
    assert window[1:3] == EVENTS[1:3]
    assert isinstance(window[1:3], list)
    assert window[::2] == EVENTS[::2]
    assert window[::-1] == EVENTS[::-1]
    assert window[-2:] == EVENTS[-2:]
    assert HISTORY.view(1, 3)[5:] == []


def test_iter_and_equality_with_lists_and_tuples() -> None:
    """An EventList iterates its Events and equals a list or tuple of the same Events."""
    window = HISTORY.view()
    assert list(window) == EVENTS
    assert window == EVENTS
    assert EVENTS == window  # noqa: SIM300  (the list on the left: reflected __eq__)
    assert window == tuple(EVENTS)
    assert window == HISTORY.view(0, 4)
    assert window != EVENTS[:3]
    assert (window == "events") is False


def test_repr_is_the_lists_repr() -> None:
    """repr(EventList) is repr of the list of its Events."""
    window = HISTORY.view(3, 4)
    assert repr(window) == repr([EVENTS[3]])
    assert repr(window) == "[Event(millis=30, kind='device', work_id=None, detail='d')]"


def test_kinds_lists_each_kind() -> None:
    """kinds() gives each event's kind in order, without building Events."""
    assert HISTORY.view().kinds() == ["enqueued", "started", "succeeded", "device"]
    assert HISTORY.view(2).kinds() == ["succeeded", "device"]


def test_adding_gives_a_list() -> None:
    """EventList + list is a plain list of both."""
    assert HISTORY.view(0, 1) + EVENTS[3:] == [EVENTS[0], EVENTS[3]]


def test_event_list_is_read_only() -> None:
    """An EventList cannot be assigned to or appended to."""
    window = HISTORY.view()
    with pytest.raises(TypeError):
        window[0] = EVENTS[0]  # type: ignore[index]
    assert not hasattr(window, "append")


def test_detail_is_formatted_lazily_and_once() -> None:
    """A (function, *args) detail is formatted on first read only, then kept."""
    calls: list[tuple[int, int]] = []

    def describe(a: int, b: int) -> str:
        calls.append((a, b))
        return f"{a}+{b}"

    history = history_of((5, "retry", WORK, describe, 1, 2))
    window = history.view()
    assert window.kinds() == ["retry"]
    event = window[0]
    assert calls == []
    assert event.detail == "1+2"
    assert event.detail == "1+2"
    assert window[0].detail == "1+2"
    assert calls == [(1, 2)]


def test_events_are_built_once_and_kept() -> None:
    """Reading an index twice gives the same Event object."""
    history = history_of((1, "a", None, ""), (2, "b", None, ""))
    assert history.event(1) is history.event(1)
    assert history.event(0).kind == "a"


def test_a_fixed_window_does_not_grow_but_the_trace_does() -> None:
    """A window with a stop keeps its length; one without (manager.trace) follows new events."""
    history = history_of((0, "a", None, ""))
    fixed = history.view()
    following = EventList(history, 0, None)
    history.raw.append((1, "b", None, ""))
    assert len(fixed) == 1
    assert len(following) == 2
    assert following.kinds() == ["a", "b"]


def test_manager_trace_grows_and_returned_lists_stay() -> None:
    """manager.trace grows with every call; advance's returned list keeps its own events."""
    manager = WorkManager()
    trace = manager.trace
    assert len(trace) == 0
    manager.enqueue(OneTimeWorkRequest(Quick))
    returned = manager.advance(timedelta(0))
    assert trace.kinds() == ["enqueued", "started", "succeeded"]
    manager.enqueue(OneTimeWorkRequest(Quick))
    assert returned.kinds() == ["started", "succeeded"]
    assert trace.kinds() == ["enqueued", "started", "succeeded", "enqueued"]
    assert trace[-1].kind == "enqueued"
