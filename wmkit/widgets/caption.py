"""What a click did, in one line: built from that click's events, for a class to read.

"0:40 the user cancels the upload: Upload #upload CANCELLED by the app → Notify #notify
CANCELLED, its dependent". The line reads each event's ``kind`` and ``data`` (never its
``detail`` text): what caused the click's changes comes first (a story cue, a device
change, Doze, a restart), then what happened to each work, then, after an arrow, what
cascaded to dependents. A device change is read from the device before and after, so a
flip names itself ("wifi off") and what it did to which works.

Pure and headless: the Studio's narration calls :func:`caption`; tests call it with
hand-made events.

>>> from wmkit.trace.events import Event
>>> upload, notify = "u-1", "n-2"
>>> events = [Event(40_000, "cancelled", upload, "cancel_work_by_id"),
...           Event(40_000, "cancelled", notify, "")]
>>> names = {upload: "Upload #upload", notify: "Notify #notify"}
>>> before = {upload: "RUNNING", notify: "BLOCKED"}
>>> after = {upload: "CANCELLED", notify: "CANCELLED"}
>>> caption(events, names=names, before=before, after=after, now=40_000,
...         dependents={notify: upload}).text
'0:40 Upload #upload CANCELLED by the app → Notify #notify CANCELLED, its dependent'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..enums import stop_reason_name
from ..units import DAY, HOUR, MINUTE, SECOND

#: Works named at most per phrase before "+N more".
MAX_NAMES = 3
#: Phrases (a verb and its works) at most per caption before "+N more changes".
MAX_PHRASES = 4
#: Event kinds that change a work's state (its work is highlighted).
TRANSITIONS = frozenset(
    {
        "enqueued",
        "blocked",
        "unblocked",
        "started",
        "succeeded",
        "failed",
        "retry",
        "stopped",
        "cancelled",
        "deleted",
        "dropped",
        "updated",
    }
)


_READY = ("enqueued", "ENQUEUED: its prerequisites succeeded")


@dataclass(frozen=True)
class Caption:
    """The line, the works whose state changed, and the work it is mostly about."""

    text: str
    changed: frozenset[str] = field(default_factory=frozenset)
    lead: str | None = None


def short_time(millis: int) -> str:
    """A story's time as a class reads it: ``0:40``, ``12:05``, ``1:02:00``, ``1d 03:00:00``.

    >>> short_time(40_000), short_time(62 * 60_000), short_time(27 * 3_600_000)
    ('0:40', '1:02:00', '1d 03:00:00')
    """
    sign = "-" if millis < 0 else ""
    days, rest = divmod(abs(millis), DAY)
    hours, rest = divmod(rest, HOUR)
    minutes, rest = divmod(rest, MINUTE)
    seconds = rest // SECOND
    if days:
        return f"{sign}{days}d {hours:02d}:{minutes:02d}:{seconds:02d}"
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


_SWITCHES = {
    "charging": ("plugged in", "unplugged"),
    "doze": ("Doze on", "Doze off"),
    "battery_low": ("battery low", "battery okay"),
    "storage_low": ("storage low", "storage okay"),
    "idle": ("device idle", "device in use"),
    "app_in_foreground": ("app in foreground", "app in background"),
}


def device_changes(old: Any, new: Any) -> list[str]:
    """What changed on the phone, in words: ``["wifi off (network: cellular)"]``.

    >>> from wmkit import Device
    >>> device_changes(Device(), Device(network="none", charging=False))
    ['network off', 'unplugged']
    """
    if old is None or new is None or old == new or not dataclasses.is_dataclass(new):
        return []
    phrases = []
    for item in dataclasses.fields(new):
        before, after = getattr(old, item.name, None), getattr(new, item.name)
        if before == after:
            continue
        if item.name == "network":
            if after == "none":
                phrases.append("network off")
            elif after == "wifi":
                phrases.append("wifi on")
            elif before == "wifi":
                phrases.append(f"wifi off (network: {after})")
            else:
                phrases.append(f"network: {after}")
        elif item.name in _SWITCHES:
            on, off = _SWITCHES[item.name]
            phrases.append(on if after else off)
        elif item.name == "standby_bucket":
            phrases.append(f"standby bucket {after}")
        else:
            phrases.append(f"{item.name.replace('_', ' ')}: {after}")
    return phrases


def _work_phrase(event: Any, cascade: bool = False) -> str | None:
    """What one event did to its work, as the verb part of a phrase (None: nothing to
    say); ``cascade``: it happened because a prerequisite was cancelled or failed."""
    kind, data = event.kind, event.data
    if kind == "started":
        run = data.get("run_attempt_count", 1)
        return "started" if run <= 1 else f"started again (run {run})"
    if kind == "succeeded":
        if "period_count" in data:
            return f"finished period {data['period_count']}, next run {_at(data)}"
        return "SUCCEEDED"
    if kind == "failed":
        if "period_count" in data:
            return f"failed period {data['period_count']}, next run {_at(data)}"
        return "FAILED, its dependent" if cascade else "FAILED"
    if kind == "cancelled":
        return "CANCELLED, its dependent" if cascade else "CANCELLED by the app"
    if kind == "retry":
        return f"asked to retry, due {_at(data)}"
    if kind == "stopped":
        reason = stop_reason_name(data["stop_reason"]) if "stop_reason" in data else "?"
        due = data.get("due_millis")
        later = due is not None and due > event.millis
        return f"stopped ({reason})" + (f", due again {short_time(due)}" if later else "")
    if kind == "enqueued":
        return "enqueued"
    if kind == "blocked":
        return "enqueued, BLOCKED by its prerequisites"
    if kind == "unblocked":
        return "ENQUEUED: its prerequisites succeeded"
    if kind == "waiting":
        until = data.get("until_millis")
        return "waits" if until is None else f"waits until {short_time(until)}"
    if kind == "deleted":
        return "deleted"
    if kind == "dropped":
        return "dropped (out of expedited quota)"
    if kind == "updated":
        return "updated"
    if kind == "progress":
        return "reported progress"
    return None


def _at(data: Mapping[str, Any]) -> str:
    due = data.get("due_millis")
    return "?" if due is None else short_time(due)


#: What a ``restart`` event's cause says in a caption.
_APP_LIFE = {
    "force-stopped": "the app was force-stopped: nothing runs until it is opened",
    "opened": "the user opened the app: every unfinished work was rescheduled",
    "store": "the store was opened: the app process started",
    "store-stopped": "the store was opened: the app is still force-stopped",
}


def _cause(event: Any) -> str | None:
    """What a work-less event says about the click's cause."""
    kind, data = event.kind, event.data
    if kind == "doze" and "until_millis" in data:
        return f"{data.get('doze', 'deep')} Doze until {short_time(data['until_millis'])}"
    if kind == "maintenance" and "until_millis" in data:
        return f"Doze maintenance window until {short_time(data['until_millis'])}"
    if kind == "restart":
        return _APP_LIFE.get(data.get("cause", ""), "the app process was killed and restarted")
    if kind == "kept":
        return "KEEP: the new request was ignored"
    if kind == "error":
        return "⚠ an error (see the banner)"
    if kind == "rewind":
        return "rewound"
    return None


def _names(work_ids: Sequence[str], names: Mapping[str, str]) -> str:
    shown = [names.get(w, w[:8]) for w in work_ids[:MAX_NAMES]]
    more = len(work_ids) - len(shown)
    return ", ".join(shown) + (f" +{more} more" if more > 0 else "")


def _phrases(by_verb: dict[str, list[str]], names: Mapping[str, str]) -> list[str]:
    return [f"{_names(ids, names)} {verb}" for verb, ids in by_verb.items()]


def caption(
    events: Iterable[Any],
    *,
    names: Mapping[str, str],
    before: Mapping[str, str],
    after: Mapping[str, str],
    now: int,
    device_before: Any = None,
    device_after: Any = None,
    cues: Sequence[str] = (),
    dependents: Mapping[str, str] | None = None,
) -> Caption:
    """The caption of one click.

    ``events``: what the click recorded. ``names``: work id (text) -> label.
    ``before``/``after``: work id -> state name at the click's start and end.
    ``cues``: the story cues it played. ``dependents``: work id -> the work whose
    cancel or failure cascaded to it (defaults to each event's ``caused_by``).
    """
    events = list(events)
    causes: list[str] = list(cues)
    if not cues:  # a cue already says what it did to the phone or the process
        causes += device_changes(device_before, device_after)
    major: dict[str, list[str]] = {}  # work -> what happened to it, in order
    minor: dict[str, str] = {}  # work -> its last wait or progress
    falls: set[str] = set()  # works a cancel or a failure cascaded to
    touched: set[str] = set()
    for event in events:
        work = event.work_id
        if work is None:
            cause = _cause(event)
            if cause is not None and cause not in causes and not (cues and event.kind == "restart"):
                causes.append(cause)
            continue
        key = str(work)
        is_cascade = "caused_by" in event.data or bool(dependents and key in dependents)
        verb = _work_phrase(event, is_cascade)
        if verb is None:
            continue
        if event.kind in TRANSITIONS:
            touched.add(key)
            verbs = major.setdefault(key, [])
            if verb.startswith("started") and verbs and verbs[-1] in _READY:
                verbs.pop()  # "started" says it was ready: the unblock adds nothing
            if not verbs or verbs[-1] != verb:
                verbs.append(verb)
            if is_cascade:
                falls.add(key)
        else:
            minor[key] = verb
    direct: dict[str, list[str]] = {}
    cascade: dict[str, list[str]] = {}
    for work in [*major, *(w for w in minor if w not in major)]:
        verb = ", then ".join(major[work][-2:]) if work in major else minor[work]
        (cascade if work in falls else direct).setdefault(verb, []).append(work)
    changed = {w for w in set(before) | set(after) if before.get(w) != after.get(w)}
    changed |= touched
    phrases = _phrases(direct, names)
    after_arrow = _phrases(cascade, names)
    hidden = max(len(phrases) + len(after_arrow) - MAX_PHRASES, 0)
    if hidden:  # keep the first cascade, if any: it is the lesson of the click
        keep = max(MAX_PHRASES - len(after_arrow[:1]), 1)
        phrases, after_arrow = phrases[:keep], after_arrow[: max(MAX_PHRASES - keep, 0)]
    body = ", ".join(phrases)
    if after_arrow:
        body = f"{body} → {', '.join(after_arrow)}" if body else ", ".join(after_arrow)
    if hidden:
        body += f" (+{hidden} more changes)"
    times = sorted({e.millis for e in events})
    when = short_time(now)
    if times and times[0] != now:
        when = f"{short_time(times[0])}–{short_time(now)}"
    head = "; ".join(causes)
    if head and body:
        text = f"{when} {head}: {body}"
    elif head or body:
        text = f"{when} {head or body}"
    else:
        text = f"{when} nothing happened" if events else f"{when} time passed, nothing happened"
    leads = [ids[0] for ids in direct.values()] + [ids[0] for ids in cascade.values()]
    lead = leads[0] if leads else None
    if lead is None and changed:
        lead = sorted(changed)[0]
    return Caption(text=text, changed=frozenset(changed), lead=lead)


def step_label(steps: Sequence[Any], index: int, names: Mapping[str, str]) -> Caption:
    """What step ``index`` of a recording (``wmkit.scenarios.recording``) did, by its
    events, its device change and its cue: the rewind bar's label of that step."""
    step = steps[index]
    if index == 0:
        return Caption(f"{short_time(step.millis)} the start")
    previous = steps[index - 1]
    return caption(
        step.events,
        names=names,
        before={},
        after={},
        now=step.millis,
        device_before=previous.device,
        device_after=step.device,
        cues=[step.cue] if step.cue else [],
    )
