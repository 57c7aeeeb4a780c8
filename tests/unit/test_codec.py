"""Unit tests for wmkit.storage.codec: rows, constraints, devices, quotas and the meta
document to records and back (the Data and WorkSpec field round trips live beside
those types' own tests, in test_data.py and test_work_spec.py)."""

from __future__ import annotations

import json
import random
import uuid

import pytest

from wmkit.engine.lifecycle import EngineMeta
from wmkit.enums import NetworkType, State
from wmkit.phone.device import Device
from wmkit.storage import codec, jsonio
from wmkit.work.constraints import Constraints
from wmkit.work.data import Data
from wmkit.work.work_spec import WorkSpec


def spec() -> WorkSpec:
    row = WorkSpec(uuid.UUID(int=3), None, "lesson.Sync")
    row.tags = frozenset({"sync"})
    row.input = Data({"name": "cat.jpg"})
    row.interval = row.flex = 900_000
    return row


def test_constraints_round_trip_and_nothing_is_none() -> None:
    """Constraints record as a list; a record of nothing comes back as Constraints.NONE."""
    c = Constraints(NetworkType.NOT_ROAMING, False, True, False, True)
    assert codec.constraints_record(c) == ["NOT_ROAMING", False, True, False, True]
    assert codec.constraints_from_record(codec.constraints_record(c)) == c
    nothing = codec.constraints_record(Constraints())
    assert codec.constraints_from_record(nothing) is Constraints.NONE


def test_device_round_trips_and_drops_keys_of_a_newer_wmkit() -> None:
    """device_from_record(device_record()) is the same device; unknown keys are dropped."""
    device = Device(network="none", charging=False, idle=True, standby_bucket="rare")
    assert codec.device_from_record(codec.device_record(device)) == device
    newer = {**codec.device_record(device), "thermal": "hot"}
    assert codec.device_from_record(newer) == device


def test_meta_round_trips_through_json_with_quotas_and_the_random_generator() -> None:
    """The meta document keeps clock, counters, device, Doze start, quota sessions and rng."""
    rng = random.Random(7)
    rng.random()
    meta = EngineMeta(
        now=90_000,
        seq=4,
        next_doc_id=6,
        device=Device(network="cellular", charging=False, app_in_foreground=False),
        doze_since=5,
        regular_sessions=((0, 60_000), (70_000, 80_000)),
        expedited_sessions=((1, 2),),
        rng_state=rng.getstate(),
        last_cancel_all_millis=42_000,
        androidx="2.10",
    )
    record = codec.meta_record(meta)
    assert (record["last_cancel_all"], record["androidx"]) == (42_000, "2.10")
    assert (record["format"], record["version"]) == (codec.STORE_FORMAT, codec.STORE_VERSION)
    assert record["phone"] == {
        "doze_since": 5,
        "regular": [[0, 60_000], [70_000, 80_000]],
        "expedited": [[1, 2]],
    }
    assert codec.meta_from_record(jsonio.loads(jsonio.dumps(record))) == meta


def test_a_version_1_meta_without_phone_or_rng_reads_with_defaults() -> None:
    """The oldest meta documents had no 'phone' and no 'rng': no sessions, rng kept."""
    record = {"format": "wmkit-store", "version": 1, "now": 5, "seq": 1, "next_doc_id": 2}
    meta = codec.meta_from_record({**record, "device": {"network": "none"}})
    assert meta == EngineMeta(5, 1, 2, Device(network="none"))


def test_a_work_record_is_its_static_and_dynamic_parts() -> None:
    """work_record = static part ∪ dynamic part; the dynamic keys are DYNAMIC_KEYS."""
    row = spec()
    row.state = State.SUCCEEDED
    row.output = Data({"url": "x"})
    row.period_count = 2
    static, dynamic = codec.static_record(row), codec.dynamic_record(row)
    assert codec.work_record(row) == {**static, **dynamic}
    assert set(dynamic) <= codec.DYNAMIC_KEYS
    assert not set(static) & codec.DYNAMIC_KEYS
    assert dynamic == {
        "s": "SUCCEEDED",
        "E": -1,
        "n": 0,
        "q": 0,
        "out": {"url": ["string", "x"]},
        "P": 2,
    }


def test_the_static_part_is_cached_in_the_row_until_the_row_drops_it() -> None:
    """static_record returns the same dict while the row's cache holds it; None recomputes."""
    row = spec()
    first = codec.static_record(row)
    assert codec.static_record(row) is first
    row.tags = frozenset({"renamed"})
    row.static_record = None  # what update_work and retag do
    assert codec.static_record(row) is not first
    assert codec.static_record(row)["t"] == ["renamed"]


def test_every_field_a_dynamic_key_names_is_read_back() -> None:
    """Each DYNAMIC_KEYS entry set away from its default survives a record round trip."""
    row = spec()
    row.state, row.last_enqueue_time, row.run_attempt_count, row.enqueue_seq = (
        State.ENQUEUED,
        1,
        2,
        3,
    )
    row.output, row.progress = Data({"o": 1}), Data({"p": 2})
    row.override, row.override_generation, row.period_count, row.generation = 0, 1, 4, 5
    row.stop_reason, row.failure = 9, "boom"
    record = json.loads(json.dumps(codec.work_record(row)))
    assert set(record) >= codec.DYNAMIC_KEYS
    back = codec.work_from_record(record, 1)
    names = (
        "state",
        "last_enqueue_time",
        "run_attempt_count",
        "enqueue_seq",
        "output",
        "progress",
        "override",
        "override_generation",
        "period_count",
        "generation",
        "stop_reason",
        "failure",
    )
    assert [getattr(back, n) for n in names] == [getattr(row, n) for n in names]


@pytest.mark.parametrize("value", ["half \ud800 a pair", "line\nbreak", "é✓"])
def test_jsonio_writes_what_json_reads_even_where_orjson_is_stricter(value: str) -> None:
    """A lone surrogate, a newline, non-ASCII: both libraries agree and no raw newline
    reaches the text (a journal line is one frame)."""
    for dumps in (jsonio.dumps, jsonio.std_dumps):
        text = dumps({"s": value})
        assert b"\n" not in text
        assert json.loads(text) == {"s": value}
        assert jsonio.loads(text) == jsonio.std_loads(text) == {"s": value}


def test_backoff_for_system_interruptions_is_kept_only_when_set() -> None:
    """The 2.11 flag is a static key ``bs``, left out when False (older stores read False)."""
    row = spec()
    assert "bs" not in codec.work_record(row)
    row.backoff_on_system_interruptions = True
    row.static_record = None
    record = codec.work_record(row)
    assert record["bs"] is True
    assert codec.work_from_record(record, 1).backoff_on_system_interruptions is True


def test_a_store_written_before_light_doze_reads_its_bool_doze() -> None:
    """Stores written before light Doze hold ``doze`` as a bool: True reads as "deep"."""
    old = {**codec.device_record(Device()), "charging": False, "app_in_foreground": False}
    assert codec.device_from_record({**old, "doze": True}).doze == "deep"
    assert codec.device_from_record({**old, "doze": False}).doze is False
    light = Device(charging=False, app_in_foreground=False, doze="light")
    assert codec.device_record(light)["doze"] == "light"
    assert codec.device_from_record(json.loads(json.dumps(codec.device_record(light)))) == light


def test_a_force_stop_is_kept_in_the_meta_document() -> None:
    """force_stopped_at round-trips as ``app``; a meta without it is not force-stopped."""
    meta = EngineMeta(now=5, seq=1, next_doc_id=1, device=Device(), force_stopped_at=3)
    record = json.loads(json.dumps(codec.meta_record(meta)))
    assert record["app"] == {"force_stopped_at": 3}
    assert codec.meta_from_record(record).force_stopped_at == 3
    plain = codec.meta_record(EngineMeta(now=5, seq=1, next_doc_id=1, device=Device()))
    assert plain["app"] == {"force_stopped_at": None}
    del plain["app"]  # a store written before force stops
    assert codec.meta_from_record(plain).force_stopped_at is None
