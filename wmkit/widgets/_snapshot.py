"""One read of the engine per step, shared by every view of a manager, and a small bus.

Each view redraws once per step; without sharing, a Studio would call
``describe_works()`` once per view. :func:`snapshot` keeps the last read per manager
and reuses it while the manager's state key (trace length, last event, clock, device)
is unchanged.

The bus exists because the manager tells listeners only about calls that produced
events: moving the clock by a minute in which nothing happens changes the time every
view shows but calls no listener. The clock controls (and the rewind bar) then
:func:`notify` every view of that manager themselves.

A click that makes several calls (a story cue: advance, the cue's own call, the
engine's reaction) runs inside :func:`click`: the views hold their redraws until it
ends, then redraw once, and the click is narrated as one (see ``narration``).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..render.text import id_text
from .labels import work_labels


@dataclass(frozen=True)
class Snapshot:
    """What the views read at one instant."""

    key: tuple[Any, ...]
    now: int
    descriptions: list[Any]
    by_id: dict[str, Any]
    device: Any
    labels: dict[str, str]  # work id -> the name every view shows (labels.work_labels)


_snapshots: weakref.WeakKeyDictionary[Any, Snapshot] = weakref.WeakKeyDictionary()
_views: weakref.WeakKeyDictionary[Any, weakref.WeakSet[Any]] = weakref.WeakKeyDictionary()
_error_sinks: weakref.WeakKeyDictionary[Any, list[Callable[[str, BaseException], None]]] = (
    weakref.WeakKeyDictionary()
)


def state_key(manager: Any) -> tuple[Any, ...]:
    """Changes whenever anything a view shows may have changed."""
    trace = manager.trace
    count = len(trace)
    last = trace[count - 1] if count else None
    return (count, manager.clock.now_millis, manager.device, last)


def snapshot(manager: Any) -> Snapshot:
    """The manager's works now, read once per state and shared."""
    key = state_key(manager)
    cached = _snapshots.get(manager)
    if cached is not None and cached.key == key:
        return cached
    descriptions = manager.describe_works()
    shot = Snapshot(
        key=key,
        now=manager.clock.now_millis,
        descriptions=descriptions,
        by_id={id_text(d.id): d for d in descriptions},
        device=manager.device,
        labels=work_labels(descriptions),
    )
    _snapshots[manager] = shot
    return shot


_held: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def held(manager: Any) -> bool:
    """Is a :func:`click` on ``manager`` under way (views wait for its end)?"""
    return _held.get(manager, 0) > 0


@contextlib.contextmanager
def click(manager: Any) -> Iterator[None]:
    """One user action on ``manager``, however many calls it makes: the views redraw
    once, when it ends (even if it raised)."""
    _held[manager] = _held.get(manager, 0) + 1
    try:
        yield
    finally:
        _held[manager] -= 1
        if not _held[manager]:
            notify(manager)


def register(manager: Any, view: Any) -> None:
    _views.setdefault(manager, weakref.WeakSet()).add(view)


def unregister(manager: Any, view: Any) -> None:
    views = _views.get(manager)
    if views is not None:
        views.discard(view)


def notify(manager: Any) -> None:
    """Ask every view of ``manager`` to redraw if what it shows changed."""
    for view in list(_views.get(manager, ())):
        view.refresh()


def add_error_sink(manager: Any, sink: Callable[[str, BaseException], None]) -> None:
    """``sink(where, error)`` hears about every exception a view of ``manager`` caught."""
    _error_sinks.setdefault(manager, []).append(sink)


def remove_error_sink(manager: Any, sink: Callable[[str, BaseException], None]) -> None:
    sinks = _error_sinks.get(manager, [])
    if sink in sinks:
        sinks.remove(sink)


def report_error(manager: Any, where: str, error: BaseException) -> None:
    for sink in list(_error_sinks.get(manager, ())):
        with contextlib.suppress(Exception):  # a broken sink must not hide the error
            sink(where, error)
