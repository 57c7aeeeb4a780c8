"""What every view shares: binding to a manager, redrawing once per step, and
showing (never raising) what went wrong.

A view is an ``ipywidgets.VBox`` that builds its children, listens to the manager
(``manager.add_listener``), and on each call of its listener redraws inside
``hold_sync`` so the browser gets one update per step. Before drawing, it has the step
narrated (``narration.catch_up``: the caption and highlight of the click), and a view
that shows the shared focus (selection, highlight, filter) sets ``watches_focus`` to be
redrawn when only the focus changed. Views hold no domain state:
they read a :func:`~wmkit.widgets._snapshot.snapshot` and act only through the
manager's public calls. An exception in a redraw or a button handler is shown in the
view (and in the Studio's banner) and the dashboard keeps working.
"""

from __future__ import annotations

import functools
import html
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as widgets

from ..errors import WorkManagerError
from . import _snapshot as bus
from . import focus, narration

F = TypeVar("F", bound=Callable[..., Any])


def error_html(error: BaseException, where: str = "") -> str:
    """A readable error box: the message, and the traceback folded away (a refusal
    from wmkit already says what to do, so it gets no traceback)."""
    prefix = f"<b>{html.escape(where)}</b>: " if where else ""
    message = html.escape(f"{type(error).__name__}: {error}")
    body = (
        f'<div class="wmkit-error" style="border-left:4px solid #c92a2a;background:#fff5f5;'
        f"padding:4px 8px;"
        f'margin:2px 0;color:#5c0f0f;font-size:12px">{prefix}{message}'
    )
    if not isinstance(error, WorkManagerError):
        trace = html.escape("".join(traceback.format_exception(error)))
        body += f"<details><summary>traceback</summary><pre>{trace}</pre></details>"
    return body + "</div>"


def guarded(method: F) -> F:
    """Run a widget callback; show an exception in the view instead of losing it in the
    browser's log (where ipywidgets would put it)."""

    @functools.wraps(method)
    def wrapper(self: ManagerView, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            self.show_error(error, method.__name__.strip("_").replace("_", " "))
            return None

    return wrapper  # type: ignore[return-value]


class ManagerView(widgets.VBox):
    """Base of every view: ``bind``, ``refresh``, ``show_error``, ``close``.

    Subclasses build their widgets in ``__init__`` before calling :meth:`bind`, and
    implement :meth:`_redraw` (given the shared snapshot).
    """

    #: Redraw when only the manager's shared focus changed (a selection, a filter).
    watches_focus = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._manager: Any = None
        self._drawn_key: Any = None
        self.errors = widgets.HTML(value="")
        self.redraws = 0

    @property
    def manager(self) -> Any:
        """The WorkManager this view shows."""
        return self._manager

    def bind(self, manager: Any) -> None:
        """Show ``manager`` (detaching from the previous one) and draw it now."""
        if self._manager is not None:
            self._unbind()
        self._manager = manager
        manager.add_listener(self._on_events)
        bus.register(manager, self)
        if self.watches_focus:
            focus.subscribe(manager, self._on_focus)
        self._reset()
        self.refresh(force=True)

    def _unbind(self) -> None:
        manager = self._manager
        if manager is not None:
            manager.remove_listener(self._on_events)
            bus.unregister(manager, self)
            focus.unsubscribe(manager, self._on_focus)
        self._manager = None

    def _on_events(self, events: Any) -> None:
        if not bus.held(self._manager):  # a click under way: redraw once, at its end
            self.refresh()

    def _on_focus(self, _focus: focus.Focus) -> None:
        """The focus changed: redraw now, unless the manager changed too (then the
        redraw that follows reads the new focus anyway)."""
        manager = self._manager
        if manager is None or bus.held(manager):
            return
        try:
            if bus.state_key(manager) == self._drawn_key:
                self.refresh(force=True)
        except Exception as error:
            self.show_error(error, f"{type(self).__name__} focus")

    def refresh(self, force: bool = False) -> None:
        """Redraw if the manager changed since the last drawing (or if ``force``)."""
        manager = self._manager
        if manager is None:
            return
        try:
            key = bus.state_key(manager)
            if not force and key == self._drawn_key:
                return
            narration.catch_up(manager)
            with self.hold_sync():
                self._redraw(bus.snapshot(manager))
            self._drawn_key = key
            self.redraws += 1
            if self.errors.value:
                self.errors.value = ""
        except Exception as error:
            self.show_error(error, f"{type(self).__name__} redraw")

    def show_error(self, error: BaseException, where: str = "") -> None:
        """Show ``error`` in this view and tell the Studio's banner."""
        self.errors.value = error_html(error, where)
        if self._manager is not None:
            bus.report_error(self._manager, where or type(self).__name__, error)

    def _reset(self) -> None:
        """Forget what was read from the previous manager (caches, selections)."""

    def _redraw(self, snap: bus.Snapshot) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop listening to the manager and close the widgets."""
        self._unbind()
        super().close()
