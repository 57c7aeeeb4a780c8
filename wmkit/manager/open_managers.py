"""Opening managers: the open ones of this process (weakly held, for ``close_all()`` and
clear messages), and the garbage collector paused while a store is loaded.

A notebook cell that opens a store may run twice; the earlier manager still holds the
file. Opening the same path again is refused with a message that names the way out.
A manager is registered once its store is open and unregisters itself when it closes.
"""

from __future__ import annotations

import gc
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from ..errors import StoreError


class _Manager(Protocol):
    path: str | None

    def close(self) -> None: ...


_OPEN: weakref.WeakSet[_Manager] = weakref.WeakSet()


def register(manager: _Manager) -> None:
    _OPEN.add(manager)


def unregister(manager: _Manager) -> None:
    _OPEN.discard(manager)


def close_all() -> int:
    """Close every open WorkManager of this process; how many were open.

    For a notebook whose cell opened a store and was run again: the earlier manager
    still holds the file, and ``wmkit.close_all()`` lets it go.
    """
    managers = list(_OPEN)
    for manager in managers:
        manager.close()
    return len(managers)


def refuse_if_open_here(path: str | os.PathLike[str]) -> None:
    wanted = os.path.realpath(os.fspath(path))
    for manager in list(_OPEN):
        if manager.path and os.path.realpath(manager.path) == wanted:
            raise StoreError(
                f"{os.fspath(path)} is already open in this kernel by another WorkManager "
                "(did a cell that opens it run twice?). Close that one first: "
                "old_manager.close(), or wmkit.close_all() to close every open manager."
            )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Opening builds tens of thousands of acyclic objects and runs no student code:
    the cyclic GC would only rescan them (and everything else alive) repeatedly. Then
    what opening built goes straight to the collector's oldest generation (``gc.freeze``
    then ``gc.unfreeze``), so the collector does not scan those long-lived rows on their
    way there."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if getattr(gc, "freeze", None) is not None:  # CPython and Pyodide have it
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
