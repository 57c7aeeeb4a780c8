"""What happens to the whole phone, for the timeline: Doze, maintenance windows,
device changes, errors, restarts and rewinds; and the stretch of time to draw.

Doze is read from the engine's ``doze`` events: an idle period carries
``data["until_millis"]``, the end of Doze carries nothing; each ``maintenance`` event
opens a window until its ``data["until_millis"]``. Device changes, errors, restarts
and rewinds become markers labelled with the event's words (shown, never parsed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...units import LONG_MAX, MINUTE, SECOND
from ..text import first_line
from .lanes import Band, Flag, Lane, Marker
from .times import tick_step

MARKER_KINDS = ("device", "error", "restart", "rewind")
#: The story window shows scheduled work up to this share of the story's length ahead.
LOOKAHEAD = 0.5
#: Room left around the drawn stretch, as a share of its length.
PAD = 0.03
#: The shortest stretch a window spans.
MIN_SPAN = 10 * SECOND


def global_bands(
    events: Sequence[Any], now: int, start: int, dozing_now: bool
) -> tuple[list[Band], list[Marker], list[int]]:
    """Doze and maintenance bands, device/error/restart markers, and restart instants."""
    bands: list[Band] = []
    markers: list[Marker] = []
    restarts: list[int] = []
    doze_from: int | None = None
    windows: list[tuple[int, int]] = []

    def end_doze(t: int) -> None:
        nonlocal doze_from
        if doze_from is not None:
            bands.append(Band("doze", doze_from, t, "Doze"))
            bands.extend(Band("maintenance", a, min(b, t), "maintenance") for a, b in windows)
            windows.clear()
            doze_from = None

    for event in events:
        t, kind = event.millis, event.kind
        if kind == "doze":
            if "until_millis" in event.data:
                doze_from = t if doze_from is None else doze_from
            else:
                end_doze(t)
        elif kind == "maintenance":
            until = event.data.get("until_millis", t + MINUTE)
            doze_from = t if doze_from is None else doze_from
            windows.append((t, until))
        elif kind in MARKER_KINDS:
            markers.append(Marker(t, kind, first_line(event.detail, 120)))
            if kind == "restart":
                restarts.append(t)
    if doze_from is None and dozing_now:
        doze_from = start
    if doze_from is not None:
        end_doze(now)
    return bands, markers, restarts


def _instants(
    lanes: Sequence[Lane], markers: Sequence[Marker], flags: Sequence[Flag], first: int | None
) -> tuple[list[int], list[int]]:
    """(what happened, what is only scheduled): the instants a window should show."""
    past = [m.millis for m in markers] + [f.millis for f in flags]
    future = []
    for lane in lanes:
        for s in lane.segments:
            if s.future:
                if s.end < LONG_MAX:
                    future.append(s.end)
            else:
                past.extend((s.start, s.end))
    if first is not None:
        past.append(first)
    return past, future


def story_window(
    lanes: Sequence[Lane],
    markers: Sequence[Marker],
    flags: Sequence[Flag],
    first: int | None,
    last: int | None,
    now: int,
) -> tuple[int, int]:
    """From the first event to the last one and the story's cues, plus what is
    scheduled soon after; now only when it is near. So "+1 day" with nothing happening
    leaves the story as wide as it was, with now off to the right."""
    past, future = _instants(lanes, markers, flags, first)
    if last is not None:
        past.append(last)
    start = min(past, default=now)
    end = max(past, default=now)
    span = max(end - start, MIN_SPAN)
    if start <= now <= end + span * LOOKAHEAD:
        end = max(end, now)
    ahead = [t for t in future if t <= end + span * LOOKAHEAD]
    end = max([end, *ahead])
    return _padded(start, end)


def all_window(
    lanes: Sequence[Lane],
    markers: Sequence[Marker],
    flags: Sequence[Flag],
    first: int | None,
    now: int,
) -> tuple[int, int]:
    """Everything: the first event, now, and all that is scheduled."""
    past, future = _instants(lanes, markers, flags, first)
    return _padded(min([*past, now]), max([*past, *future, now]))


def _padded(start: int, end: int) -> tuple[int, int]:
    """A little room on both sides, the end rounded up to a tick: the scale then stays
    put for several steps instead of creeping at every one."""
    span = max(end - start, MIN_SPAN)
    end = max(end, start + MIN_SPAN)
    lead = int(span * PAD)
    step = tick_step(span, 16)
    end = -(-(end + lead) // step) * step
    return (start - lead if start - lead >= 0 or start < 0 else 0), end


def zoomed(window: tuple[int, int], factor: float, around: int | None = None) -> tuple[int, int]:
    """``window`` made ``factor`` times as long, keeping ``around`` (else its middle)
    where it is on screen; never shorter than a second."""
    start, end = window
    centre = (start + end) / 2 if around is None or not start <= around <= end else around
    share = (centre - start) / max(end - start, 1)
    span = max((end - start) * factor, SECOND)
    new_start = int(centre - share * span)
    return new_start, int(new_start + span)
