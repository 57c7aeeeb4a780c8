"""Unit tests for wmkit.trace.events: one line of manager.trace."""

from __future__ import annotations

import uuid

from wmkit.trace.events import Event

WORK = uuid.UUID("1234abcd-0000-4000-8000-000000000000")


def test_fields() -> None:
    """An Event has millis, kind, work_id and a str detail (empty by default)."""
    event = Event(1_500, "started", WORK)
    assert (event.millis, event.kind, event.work_id, event.detail) == (1_500, "started", WORK, "")


def test_unpacks_like_a_tuple() -> None:
    """millis, kind, work_id, detail = event."""
    millis, kind, work_id, detail = Event(5, "retry", WORK, "backoff 30s")
    assert (millis, kind, work_id, detail) == (5, "retry", WORK, "backoff 30s")


def test_equality_and_hash_follow_all_four_fields() -> None:
    """Events with equal fields are equal and hash alike; any field differing makes them differ."""
    a = Event(1, "started", WORK, "x")
    assert a == Event(1, "started", WORK, "x")
    assert hash(a) == hash(Event(1, "started", WORK, "x"))
    assert a != Event(2, "started", WORK, "x")
    assert a != Event(1, "succeeded", WORK, "x")
    assert a != Event(1, "started", None, "x")
    assert a != Event(1, "started", WORK, "y")
    assert a != (1, "started", WORK, "x")


def test_a_recipe_detail_equals_its_formatted_text() -> None:
    """A (function, *args) detail is formatted on read, so it equals the same text given as str."""
    lazy = Event(1, "failed", WORK, ("{} of {}".format, 2, 3))
    assert lazy.detail == "2 of 3"
    assert lazy == Event(1, "failed", WORK, "2 of 3")


def test_repr_is_valid_python() -> None:
    """repr(event) is a constructor call that evaluates back to an equal Event."""
    event = Event(30, "device", None, "network='none'")
    text = repr(event)
    assert text == "Event(millis=30, kind='device', work_id=None, detail=\"network='none'\")"
    assert eval(text, {"Event": Event}) == event
    with_id = Event(0, "enqueued", WORK, "")
    assert eval(repr(with_id), {"Event": Event, "UUID": uuid.UUID}) == with_id


def test_str_reads_as_a_trace_line() -> None:
    """str(event) is 'T+… kind shortid: detail', without the id for device-wide events."""
    assert str(Event(61_000, "started", WORK, "Upload run 1")) == (
        "T+0d 00:01:01 started 1234abcd: Upload run 1"
    )
    assert str(Event(0, "device", None, "charging=False")) == "T+0d 00:00:00 device: charging=False"
