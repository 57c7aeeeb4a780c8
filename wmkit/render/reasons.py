"""Why a work is not running, in a few words: the badges of the DAG and the colours of
the timeline's waits.

``manager.explain(id)`` answers in sentences; a drawing needs a badge ("wifi",
"Doze → 1:02", "waits for Parse", "backoff → 1:40") and a kind to colour it by. Both
are read from public calls and event data only:

* a BLOCKED work waits for its unfinished prerequisites (``WorkDescription``);
* an ENQUEUED work that is not due yet waits for its backoff, initial delay or period
  (``next_run_time``, ``run_attempt_count``, ``interval_millis``);
* a due ENQUEUED work is held by what ``WorkDescription.blockers`` lists, each a
  :class:`~wmkit.manager.description.BlockerInfo` with the kind of rule that holds it
  (``"doze"``, ``"constraint"``...), its words and until when. Which constraint is unmet
  comes from :func:`wmkit.work.constraints.unmet_constraints` on the device; until when
  from the blocker, else from the ``until_millis`` of the trace's ``waiting`` and
  ``doze`` events.

>>> from wmkit import BlockerInfo
>>> reason_kind(BlockerInfo("doze", "the phone is in deep Doze", 60_000))
'doze'
>>> reason_kind(BlockerInfo("slots-busy", "all 4 worker slots are busy"))
'other'
>>> stop_reason_kind(7), stop_reason_kind(4)
('constraint', 'doze')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..enums import NetworkType, StopReason
from ..units import LONG_MAX
from ..work.constraints import unmet_constraints
from .feed import TraceFeed
from .text import fit_text, id_text, role_tag, short_instant, work_label

#: The blocker kinds (``BlockerInfo.kind``) with a colour family of their own.
BLOCKER_KINDS: dict[str, str] = {
    "doze": "doze",
    "quota": "quota",
    "expedited-quota": "quota",
    "constraint": "constraint",
    "dropped": "dropped",
}

#: Kinds listed in the order a badge prefers them (the first is what to fix first).
PRIORITY = ("other", "dropped", "doze", "quota", "constraint")

_STOP_KINDS: dict[int, str] = {
    StopReason.DEVICE_STATE: "doze",
    StopReason.QUOTA: "quota",
    StopReason.APP_STANDBY: "quota",
    StopReason.CONSTRAINT_BATTERY_NOT_LOW: "constraint",
    StopReason.CONSTRAINT_CHARGING: "constraint",
    StopReason.CONSTRAINT_CONNECTIVITY: "constraint",
    StopReason.CONSTRAINT_DEVICE_IDLE: "constraint",
    StopReason.CONSTRAINT_STORAGE_NOT_LOW: "constraint",
}

_CONSTRAINT_WORD: dict[int, str] = {
    StopReason.CONSTRAINT_CHARGING: "charger",
    StopReason.CONSTRAINT_BATTERY_NOT_LOW: "battery",
    StopReason.CONSTRAINT_STORAGE_NOT_LOW: "storage",
    StopReason.CONSTRAINT_DEVICE_IDLE: "idle",
}

_NETWORK_WORD: dict[NetworkType, str] = {
    NetworkType.CONNECTED: "network",
    NetworkType.UNMETERED: "wifi",
    NetworkType.TEMPORARILY_UNMETERED: "wifi",
    NetworkType.NOT_ROAMING: "not roaming",
    NetworkType.METERED: "cellular",
}

#: Longest badge text, in characters of an 11 px font (about 150 px).
BADGE_WIDTH = 150.0


def reason_kind(blocker: Any) -> str:
    """The colour family of one ``BlockerInfo``: its rule kind's family, or ``"other"``
    (busy slots, the scheduler limit, a worker class not defined yet, a force stop)."""
    return BLOCKER_KINDS.get(blocker.kind, "other")


def stop_reason_kind(stop_reason: int) -> str:
    """The colour family of a run stopped for ``stop_reason`` (Android's value)."""
    return _STOP_KINDS.get(int(stop_reason), "other")


class Reason(NamedTuple):
    """Why one work is not running now: ``kind`` colours it, ``label`` is the badge,
    ``detail`` the tooltip, ``until`` when it will be looked at again (if known), ``short``
    a shorter badge to fall back on ("waits for 3 works").
    (A named tuple: views compare last step's reason with this step's for every work.)"""

    kind: str
    label: str
    detail: str
    until: int | None = None
    short: str = ""  # a shorter badge, for a box too narrow for ``label``


@dataclass
class TraceHints:
    """What the trace adds to ``describe_works()``: until when each due work was told
    to wait, and until when the current deep-Doze idle period lasts. Reads only the
    events added since the last call (from the start again after a rewind)."""

    waiting_until: dict[str, int] = field(default_factory=dict)
    doze_until: int | None = None
    _feed: TraceFeed = field(default_factory=TraceFeed, repr=False)

    def update(self, trace: Sequence[Any]) -> None:
        rewound, events = self._feed.read(trace)
        if rewound:
            self.waiting_until.clear()
            self.doze_until = None
        for event in events:
            kind = event.kind
            if kind == "waiting" and event.work_id is not None:
                until = event.data.get("until_millis")
                key = id_text(event.work_id)
                if until is None:
                    self.waiting_until.pop(key, None)
                else:
                    self.waiting_until[key] = until
            elif kind == "doze":
                # An idle period carries its end; "Doze ended" carries nothing.
                self.doze_until = event.data.get("until_millis")
            elif kind == "maintenance":
                self.doze_until = None


def why_not_running(
    d: Any,
    *,
    now: int,
    device: Any = None,
    by_id: Mapping[str, Any] | None = None,
    hints: TraceHints | None = None,
    slots_busy: bool = False,
) -> Reason | None:
    """The badge of one ``WorkDescription``; None when nothing holds it (it runs, it is
    finished, or it is due and about to start). ``slots_busy``: as many works run as
    the manager allows at once (``max_concurrent_workers``)."""
    state = d.state.name
    if state == "BLOCKED":
        return _blocked(d, by_id or {})
    if state != "ENQUEUED":
        return None
    due = d.next_run_time
    if due > now and due < LONG_MAX:
        return _not_due(d, due)
    if d.blockers:
        return _held(d, now, device, hints, slots_busy)
    return None


def _blocked(d: Any, by_id: Mapping[str, Any]) -> Reason:
    """ "waits for #download-forest" (the role tag of the one prerequisite left, else
    its class), or "waits for 3 works"; every one of them named in the tooltip."""
    waiting = [by_id.get(id_text(p)) for p in d.prerequisites]
    left = [w for w in waiting if w is not None and w.state.name != "SUCCEEDED"]
    if not left:
        return Reason("blocked", "waits for its prerequisites", "waits for its prerequisites")
    count = f"waits for {len(left)} work" + ("s" if len(left) > 1 else "")
    detail = "waits for " + ", ".join(work_label(w) for w in left) + " to succeed"
    if len(left) > 1:
        return Reason("blocked", count, detail, None, count)
    role = role_tag(left[0].tags, left[0].worker_class_name)
    label = f"waits for #{role}" if role else f"waits for {left[0].short_name}"
    return Reason("blocked", label, detail, None, count)


def _not_due(d: Any, due: int) -> Reason:
    at = short_instant(due)
    if d.run_attempt_count > 0:
        return Reason("backoff", f"backoff → {at}", f"backs off until {at}", due)
    if d.interval_millis and d.period_count > 0:
        return Reason("period", f"period → {at}", f"next period's run from {at}", due)
    return Reason("delay", f"delay → {at}", f"initial delay until {at}", due)


def _held(d: Any, now: int, device: Any, hints: TraceHints | None, slots_busy: bool) -> Reason:
    blockers = d.blockers
    kinds = [reason_kind(b) for b in blockers]
    kind = min(kinds, key=PRIORITY.index)
    blocker = blockers[kinds.index(kind)]
    detail = "; ".join(b.entry for b in blockers)
    until = blocker.until_millis
    if until is None and hints is not None:
        until = hints.doze_until if kind == "doze" else hints.waiting_until.get(id_text(d.id))
    if until is not None and (until <= now or until >= LONG_MAX):
        until = None
    arrow = f" → {short_instant(until)}" if until is not None else ""
    if kind == "doze":
        label = "Doze"
    elif kind == "quota":
        label = "quota"
    elif kind == "constraint":
        label = _constraint_words(d.constraints, device) or "constraint"
    elif kind == "dropped":
        label = "dropped"
    elif slots_busy:
        label = "slots busy"
    else:
        label = fit_text(blocker.entry, 11, BADGE_WIDTH)
    return Reason(kind, label + arrow, detail, until)


def _constraint_words(constraints: Any, device: Any) -> str:
    """``'wifi'``, ``'wifi + charger'``: the unmet constraints, named by what fixes them."""
    if device is None:
        return ""
    unmet = unmet_constraints(
        constraints,
        network=device.network,
        charging=device.charging,
        battery_low=device.battery_low,
        storage_low=device.storage_low,
        idle=device.idle,
    )
    words = []
    for item in unmet:
        if item.reason == StopReason.CONSTRAINT_CONNECTIVITY:
            words.append(_NETWORK_WORD.get(constraints.required_network_type, "network"))
        else:
            words.append(_CONSTRAINT_WORD.get(item.reason, "constraint"))
    if not words and constraints.required_network_type is not NetworkType.NOT_REQUIRED:
        words.append("network (Doze)")  # Doze suspends the network outside its windows
    return " + ".join(words)
