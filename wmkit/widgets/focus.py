"""What every view of one manager points at together: the selected work, and the works
the last click changed.

A click on a DAG node, a timeline lane or a table row *selects* a work; every view of
that manager then shows the same one (the explain panel explains it). After each click
of the clock controls, the works whose state changed are *highlighted* for that step,
with a one-line caption saying what happened. Views hold no domain state, so this is
the one place such a choice lives, keyed weakly by manager like the snapshot bus. The
filter text typed in the Studio's one filter box lives here too, so every view narrows
to the same works (:func:`matches` says which).

>>> class Manager: ...
>>> m = Manager()
>>> heard = []
>>> subscribe(m, lambda focus: heard.append(focus.selected))
>>> select(m, "abc")
>>> selected(m), heard
('abc', ['abc'])
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Focus:
    """The shared pointer of one manager's views.

    ``selected``: a work id's text (``str(uuid)``) or None. ``pinned``: the explain panel
    keeps ``selected`` even when a click changes other works. ``highlighted``: ids of
    the works the last click changed; ``caption``: what that click did, in one line;
    ``lead``: the one work the caption is mostly about (the explain panel follows it).
    ``filter``: the text of the shared filter box ("" shows every work).
    """

    selected: str | None = None
    pinned: bool = False
    highlighted: frozenset[str] = field(default_factory=frozenset)
    caption: str = ""
    lead: str | None = None
    filter: str = ""


Listener = Callable[[Focus], Any]

_focus: weakref.WeakKeyDictionary[Any, Focus] = weakref.WeakKeyDictionary()
_listeners: weakref.WeakKeyDictionary[Any, list[Listener]] = weakref.WeakKeyDictionary()


def focus_of(manager: Any) -> Focus:
    """The manager's focus now (an empty one before anything was chosen)."""
    return _focus.get(manager, Focus())


def selected(manager: Any) -> str | None:
    return focus_of(manager).selected


def _set(manager: Any, focus: Focus) -> None:
    if _focus.get(manager) == focus:
        return
    _focus[manager] = focus
    for listener in list(_listeners.get(manager, ())):
        with contextlib.suppress(Exception):  # one broken view must not silence the rest
            listener(focus)


def select(manager: Any, work_id: str | None, *, pin: bool | None = None) -> None:
    """Select ``work_id`` (its text) in every view of ``manager``; None clears it."""
    current = focus_of(manager)
    _set(manager, replace(current, selected=work_id, pinned=current.pinned if pin is None else pin))


def highlight(
    manager: Any, work_ids: Iterable[str], caption: str = "", lead: str | None = None
) -> None:
    """Mark the works the last click changed, with the caption that says how (and the
    work it is mostly about)."""
    _set(
        manager,
        replace(focus_of(manager), highlighted=frozenset(work_ids), caption=caption, lead=lead),
    )


def set_filter(manager: Any, text: str) -> None:
    """Narrow every view of ``manager`` to the works :func:`matches` finds for ``text``."""
    _set(manager, replace(focus_of(manager), filter=str(text).strip()))


def matches(description: Any, text: str, label: str = "") -> bool:
    """Does this work match the filter ``text``? Case-insensitive, any of: its label,
    worker class, a tag, its state, its unique name, the start of its id. Words
    separated by spaces must all match (``"upload running"``).

    >>> from types import SimpleNamespace as W
    >>> from enum import Enum
    >>> State = Enum("State", "RUNNING")
    >>> w = W(id="3f2a91c0-0000", worker_class_name="app.Upload", tags={"photos"},
    ...       state=State.RUNNING, unique_name=None)
    >>> matches(w, "upload run"), matches(w, "3F2A"), matches(w, "video"), matches(w, "")
    (True, True, False, True)
    """
    words = text.lower().split()
    if not words:
        return True
    state = getattr(description.state, "name", str(description.state))
    haystack = " ".join(
        [
            label,
            description.worker_class_name,
            *description.tags,
            state,
            description.unique_name or "",
        ]
    ).lower()
    work_id = str(description.id).lower()
    return all(word in haystack or work_id.startswith(word) for word in words)


def subscribe(manager: Any, listener: Listener) -> None:
    """Call ``listener(focus)`` whenever the manager's focus changes."""
    _listeners.setdefault(manager, []).append(listener)


def unsubscribe(manager: Any, listener: Listener) -> None:
    listeners = _listeners.get(manager, [])
    if listener in listeners:
        listeners.remove(listener)
