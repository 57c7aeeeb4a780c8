"""What happens to the whole phone, for the timeline: Doze, maintenance windows,
device changes, errors, restarts and rewinds; and the stretch of time to draw.

Doze is read from the device events (``doze=True``/``doze=False``) and from the
engine's ``doze`` events ("deep Doze idle until ...", "Doze ended"); each
``maintenance`` event opens a window "until" the instant it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...units import MINUTE, SECOND
from ..text import first_line
from .lanes import Band, Lane, Marker
from .times import any_instant, instant_after


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
        if kind == "device":
            detail = event.detail
            markers.append(Marker(t, "device", detail))
            if "doze=True" in detail and doze_from is None:
                doze_from = t
            elif "doze=False" in detail:
                end_doze(t)
        elif kind == "doze":
            if "ended" in event.detail or "left" in event.detail:
                end_doze(t)
            elif doze_from is None:
                doze_from = t
        elif kind == "maintenance":
            until = instant_after(event.detail, "until") or any_instant(event.detail)
            if doze_from is None:
                doze_from = t
            windows.append((t, until if until is not None else t + MINUTE))
        elif kind == "error":
            markers.append(Marker(t, "error", first_line(event.detail, 120)))
        elif kind == "restart":
            markers.append(Marker(t, "restart", first_line(event.detail, 80)))
            restarts.append(t)
        elif kind in ("rewind", "quota"):
            markers.append(Marker(t, kind, first_line(event.detail, 80)))
    if doze_from is None and dozing_now:
        doze_from = start
    if doze_from is not None:
        end_doze(now)
    return bands, markers, restarts


def choose_window(
    lanes: Sequence[Lane], first: int | None, now: int, markers: Sequence[Marker]
) -> tuple[int, int]:
    """From the first thing drawn to a little after now (or after what is scheduled soon)."""
    starts = [s.start for lane in lanes for s in lane.segments] + [m.millis for m in markers]
    start = min([*starts, now] + ([first] if first is not None else []))
    span = max(now - start, SECOND)
    future = [s.end for lane in lanes for s in lane.segments if s.end > now]
    horizon = now + max(span // 2, MINUTE)
    end = max(now + max(span // 30, SECOND), min(max(future, default=now), horizon))
    return start, end
