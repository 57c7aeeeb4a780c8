"""Rows ↔ records: how wmkit's state looks in a store, and the only module that knows.

A *record* is what a store file holds: dicts, lists, strings, numbers, booleans and
None, nothing else (strict JSON: no NaN). The domain types (``WorkSpec``, ``Data``,
``Constraints``, ``Device``, the quota ledgers) know nothing of records; this module
turns each into its record and back, and the engine's own state (its
:class:`~wmkit.engine.lifecycle.EngineMeta`) into the store's meta document.

A work record uses short keys (a 20 000-work file stays small) and leaves defaults out.
It has two parts, and a store may keep and write them apart:

* the *static* part, which only ``update_work``, a retag or a deleted prerequisite
  changes: ``id``, ``w`` worker class, ``t`` tags, ``in`` input, ``u`` unique name,
  ``c`` constraints, ``D`` initial delay, ``bp``/``B`` backoff, ``bs`` backoff for system
  interruptions, ``I``/``F`` interval and flex, ``x`` expedited, ``oq`` out-of-quota
  policy, ``k`` keep results for, ``m`` input merger, ``pre`` prerequisites. It is
  cached in ``WorkSpec.static_record``; whoever changes one of these fields sets that
  cache to None;
* the *dynamic* part, which every run changes: ``s`` state, ``E`` last enqueue time,
  ``n`` run attempts, ``q`` enqueue order, ``out``/``pr`` output and progress, ``O``/``Og``
  next-run override, ``P`` period count, ``g`` generation, ``sr`` stop reason,
  ``f`` failure. Its keys are :data:`DYNAMIC_KEYS`.

Store versions: 1 is a snapshot file; 2 adds the meta key ``base`` that binds a journal
to its snapshot (see :mod:`wmkit.storage.tinydb_store`). Work records are the same in
both, so a version 1 store reads as it always did.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from ..engine.lifecycle import EngineMeta, Sessions
from ..enums import BackoffPolicy, NetworkType, OutOfQuotaPolicy, State, StopReason
from ..errors import DataError
from ..phone.device import Device
from ..units import LONG_MAX
from ..work.constraints import Constraints
from ..work.data import Data
from ..work.data_kinds import _NAN, KINDS  # _NAN: the one NaN that Data equals to itself
from ..work.work_spec import WorkSpec

STORE_FORMAT = "wmkit-store"
STORE_VERSION = 2
READABLE_VERSIONS = frozenset({1, 2})

DYNAMIC_KEYS = frozenset({"s", "E", "n", "q", "out", "pr", "O", "Og", "P", "g", "sr", "f"})

_EMPTY = Data.EMPTY
_NO_CONSTRAINTS = Constraints.NONE
_EXPONENTIAL = BackoffPolicy.EXPONENTIAL
_NOT_STOPPED = int(StopReason.NOT_STOPPED)
_STATES = {state.value: state for state in State}  # Enum lookup by value is slow
_DEVICE_FIELDS = frozenset(f.name for f in fields(Device))
_FLOAT_KINDS = frozenset({"float", "double"})
_PLAIN_KINDS = frozenset({"boolean", "byte", "int", "long", "string"})
_FLOAT_ARRAY_KINDS = frozenset({"float[]", "double[]"})
_NON_FINITE = {"NaN": _NAN, "Infinity": math.inf, "-Infinity": -math.inf}
_new_spec = WorkSpec.__new__


# --- Data --------------------------------------------------------------------------------


def _float_record(value: float) -> float | str:
    # JSON has no NaN or Infinity: they are stored as strings inside a float kind.
    if math.isfinite(value):
        return value
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


def data_record(data: Data) -> dict[str, list[Any]]:
    """``{key: [kind, value]}``; arrays as lists, non-finite floats as strings.

    >>> data_record(Data.Builder().put_int("n", 1).put_string_array("s", ["x", None]).build())
    {'n': ['int', 1], 's': ['string[]', ['x', None]]}
    """
    record: dict[str, list[Any]] = {}
    for key in data:
        kind, value = data.kind_of(key), data.get(key)
        if kind in _FLOAT_ARRAY_KINDS and not all(map(math.isfinite, value)):
            value = [_float_record(x) for x in value]
        elif kind in _FLOAT_KINDS and not math.isfinite(value):
            value = _float_record(value)
        record[key] = [kind, value]
    return record


def data_from_record(record: Mapping[str, Any]) -> Data:
    """The Data that :func:`data_record` described (only the kinds are checked).

    >>> data_from_record({"n": ["int", 1]}) == Data.Builder().put_int("n", 1).build()
    True
    """
    if not record:
        return _EMPTY
    items: dict[str, tuple[str, Any]] = {}
    for key, (kind, value) in record.items():
        if kind in _PLAIN_KINDS:  # stored as they are: the common case first
            items[key] = (kind, value)
            continue
        if kind not in KINDS:
            raise DataError(f"Key {key!r} has unknown kind {kind!r} in a stored Data record.")
        if kind in _FLOAT_KINDS:
            value = _NON_FINITE.get(value, value) if type(value) is str else value
        elif kind in _FLOAT_ARRAY_KINDS:
            value = tuple(_NON_FINITE.get(x, x) if type(x) is str else x for x in value)
        elif kind.endswith("[]"):
            value = tuple(value)
        items[key] = (kind, value)
    # Trusted: a store wrote it from a valid Data, so the size is computed only if asked.
    return Data._from_items(items, check_size=False)


# --- Constraints, Device, quota sessions -------------------------------------------------


def constraints_record(constraints: Constraints) -> list[Any]:
    """``[network type, charging, battery not low, device idle, storage not low]``."""
    return [
        constraints.required_network_type.value,
        constraints.requires_charging,
        constraints.requires_battery_not_low,
        constraints.requires_device_idle,
        constraints.requires_storage_not_low,
    ]


def constraints_from_record(record: list[Any]) -> Constraints:
    """The Constraints of :func:`constraints_record`; ``Constraints.NONE`` for nothing."""
    if not any(record[1:]) and record[0] == NetworkType.NOT_REQUIRED.value:
        return _NO_CONSTRAINTS
    return Constraints(NetworkType(record[0]), *record[1:])


def device_record(device: Device) -> dict[str, Any]:
    return asdict(device)


def device_from_record(record: Mapping[str, Any]) -> Device:
    """The Device of :func:`device_record`; keys a newer wmkit added are dropped.

    ``doze`` is ``False``, ``"light"`` or ``"deep"``; a store written before light Doze
    holds a bool, and ``True`` (deep Doze then, the only kind) reads as ``"deep"``.

    >>> device_from_record({"charging": False, "doze": True, "app_in_foreground": False}).doze
    'deep'
    """
    return Device(**{k: v for k, v in record.items() if k in _DEVICE_FIELDS})


def sessions_record(sessions: Sessions) -> list[list[int]]:
    """A quota ledger's closed sessions: ``[[start, end], ...]``."""
    return [[start, end] for start, end in sessions]


def sessions_from_record(record: list[list[int]]) -> Sessions:
    return tuple((start, end) for start, end in record)


# --- the meta document -------------------------------------------------------------------


def meta_record(meta: EngineMeta) -> dict[str, Any]:
    """The store's meta document: format marker, clock, counters, device, quotas, rng,
    the last cancel-all instant, the androidx release simulated, and ``app``: when the
    user force-stopped the app (None while it is not)."""
    record: dict[str, Any] = {
        "format": STORE_FORMAT,
        "version": STORE_VERSION,
        "now": meta.now,
        "seq": meta.seq,
        "next_doc_id": meta.next_doc_id,
        "device": device_record(meta.device),
        "phone": {
            "doze_since": meta.doze_since,
            "regular": sessions_record(meta.regular_sessions),
            "expedited": sessions_record(meta.expedited_sessions),
        },
    }
    if meta.rng_state is not None:
        version, state, gauss = meta.rng_state
        record["rng"] = [version, list(state), gauss]
    if meta.last_cancel_all_millis:
        record["last_cancel_all"] = meta.last_cancel_all_millis
    if meta.androidx is not None:
        record["androidx"] = meta.androidx
    # Always written (a store may merge meta documents); older stores lack it: not stopped.
    record["app"] = {"force_stopped_at": meta.force_stopped_at}
    return record


def meta_from_record(record: Mapping[str, Any]) -> EngineMeta:
    """The EngineMeta of a meta document of any readable version."""
    phone = record.get("phone", {})
    rng = record.get("rng")
    app = record.get("app", {})
    return EngineMeta(
        now=record["now"],
        seq=record["seq"],
        next_doc_id=record["next_doc_id"],
        device=device_from_record(record["device"]),
        doze_since=phone.get("doze_since"),
        regular_sessions=sessions_from_record(phone.get("regular", [])),
        expedited_sessions=sessions_from_record(phone.get("expedited", [])),
        rng_state=None if rng is None else (rng[0], tuple(rng[1]), rng[2]),
        last_cancel_all_millis=record.get("last_cancel_all", 0),
        androidx=record.get("androidx"),
        force_stopped_at=app.get("force_stopped_at"),
    )


# --- works -------------------------------------------------------------------------------


def static_record(spec: WorkSpec) -> dict[str, Any]:
    """The static part of a work's record, cached in the row (callers must not change it)."""
    record = spec.static_record
    if record is None:
        record = spec.static_record = _static_record(spec)
    return record


def _static_record(spec: WorkSpec) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(spec.id),
        "w": spec.worker_class_name,
        "t": sorted(spec.tags),
    }
    optional = {
        "in": data_record(spec.input),
        "u": spec.unique_name,
        "c": None if spec.constraints.is_none else constraints_record(spec.constraints),
        "D": spec.initial_delay,
        "bp": None if spec.backoff_policy is _EXPONENTIAL else spec.backoff_policy.value,
        "B": None if spec.backoff_delay == 30_000 else spec.backoff_delay,
        "bs": spec.backoff_on_system_interruptions,
        "I": spec.interval,
        "F": spec.flex,
        "x": spec.expedited,
        "oq": None if spec.out_of_quota_policy is None else spec.out_of_quota_policy.value,
        "k": spec.keep_results_for,
        "m": spec.input_merger_name or None,
        "pre": [str(p) for p in spec.prerequisites],
    }
    record.update((k, v) for k, v in optional.items() if v)
    return record


def dynamic_record(spec: WorkSpec) -> dict[str, Any]:
    """The dynamic part of a work's record: a new dict on every call."""
    record: dict[str, Any] = {
        "s": spec.state._value_,
        "E": spec.last_enqueue_time,
        "n": spec.run_attempt_count,
        "q": spec.enqueue_seq,
    }
    if spec.output is not _EMPTY:
        record["out"] = data_record(spec.output)
    if spec.progress is not _EMPTY:
        record["pr"] = data_record(spec.progress)
    if spec.override != LONG_MAX:
        record["O"] = spec.override  # 0 is a real instant: test against the sentinel
    if spec.override_generation:
        record["Og"] = spec.override_generation
    if spec.period_count:
        record["P"] = spec.period_count
    if spec.generation:
        record["g"] = spec.generation
    if spec.stop_reason != _NOT_STOPPED:
        record["sr"] = spec.stop_reason
    if spec.failure:
        record["f"] = spec.failure
    return record


def work_record(spec: WorkSpec) -> dict[str, Any]:
    """A work's whole record: a new dict, whose nested values may be shared with the cache."""
    record = dict(static_record(spec))
    record.update(dynamic_record(spec))
    return record


def work_from_record(record: Mapping[str, Any], doc_id: int) -> WorkSpec:
    """The row a store saved as document ``doc_id``; its classes are looked up by name later.

    Every slot is set once, directly: a reopen builds tens of thousands of rows.
    """
    spec = _new_spec(WorkSpec)
    get = record.get
    spec.id = uuid.UUID(record["id"])
    spec.worker_class = None  # found by name once the program defines it again
    spec.worker_class_name = record["w"]
    spec.state = _STATES[record["s"]]
    spec.tags = frozenset(record["t"])
    spec.last_enqueue_time = record["E"]
    spec.run_attempt_count = record["n"]
    spec.enqueue_seq = record["q"]
    spec.input = data_from_record(record["in"]) if "in" in record else _EMPTY
    spec.output = data_from_record(record["out"]) if "out" in record else _EMPTY
    spec.progress = data_from_record(record["pr"]) if "pr" in record else _EMPTY
    spec.unique_name = get("u")
    spec.constraints = constraints_from_record(record["c"]) if "c" in record else _NO_CONSTRAINTS
    spec.initial_delay = get("D", 0)
    spec.backoff_policy = BackoffPolicy(record["bp"]) if "bp" in record else _EXPONENTIAL
    spec.backoff_delay = get("B", 30_000)
    spec.backoff_on_system_interruptions = get("bs", False)
    spec.interval = get("I", 0)
    spec.flex = get("F", 0)
    spec.override = get("O", LONG_MAX)
    spec.override_generation = get("Og", 0)
    spec.period_count = get("P", 0)
    spec.generation = get("g", 0)
    spec.expedited = get("x", False)
    spec.out_of_quota_policy = OutOfQuotaPolicy(record["oq"]) if "oq" in record else None
    spec.keep_results_for = get("k", 0)
    spec.input_merger = None
    spec.input_merger_name = get("m", "")
    spec.prerequisites = tuple(uuid.UUID(p) for p in record["pre"]) if "pre" in record else ()
    spec.stop_reason = get("sr", _NOT_STOPPED)
    spec.failure = get("f")
    spec.doc_id = doc_id
    spec.timer_token = 0
    spec.stored = False
    spec.static_record = None
    spec.fast = None
    return spec
