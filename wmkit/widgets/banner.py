"""``ErrorBanner``: what went wrong, at the top of the Studio, without stopping it.

It gathers three kinds of trouble: ``error`` events in the trace (an exception in
``on_stopped``, a LiveData observer, a listener), works that FAILED with a failure
text (the exception a student's ``do_work`` raised, with its traceback), and
exceptions a view caught in its own callbacks (a cue that raised, a selection that
points at a deleted work, a manager that was closed). The same message from several
views is shown once. "✕" hides what is shown now; anything new appears again. The
banner is a box beside the views' flow, its dismiss a small button at its right.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..render.feed import TraceFeed
from ..render.text import first_line, id_text
from ..units import format_millis
from . import _snapshot as bus
from ._base import ManagerView, guarded

KEEP = 5


class ErrorBanner(ManagerView):
    """Errors and failures of one manager; empty (and invisible) when all is well."""

    def __init__(self, manager: Any) -> None:
        super().__init__()
        self.error_events: list[Any] = []
        self.view_errors: list[str] = []
        self._feed = TraceFeed()
        self._dismissed_events = 0
        self._dismissed_failures: set[str] = set()
        self.dismiss = widgets.Button(
            description="✕",
            tooltip="dismiss: hide these messages (new ones appear again)",
            layout=widgets.Layout(width="auto", flex="0 0 auto", align_self="flex-start"),
        )
        self.dismiss.add_class("wmkit-banner-dismiss")
        self.dismiss.on_click(self._on_dismiss)
        self.message = widgets.HTML(value="", layout=widgets.Layout(flex="1 1 auto"))
        self.box = widgets.HBox(
            [self.message, self.dismiss], layout=widgets.Layout(align_items="flex-start")
        )
        self.children: list[widgets.Widget] = []
        self.add_class("wmkit-banner")
        self.bind(manager)

    def bind(self, manager: Any) -> None:
        bus.add_error_sink(manager, self._view_error)
        super().bind(manager)

    def _unbind(self) -> None:
        if self._manager is not None:
            bus.remove_error_sink(self._manager, self._view_error)
        super()._unbind()

    def _reset(self) -> None:
        self.error_events = []
        self.view_errors = []
        self._feed = TraceFeed()
        self._dismissed_events = 0
        self._dismissed_failures = set()

    def _view_error(self, where: str, error: BaseException) -> None:
        if getattr(self, "_reporting", False):
            return  # the banner's own redraw failed: do not loop
        self._reporting = True
        try:
            message = f"{type(error).__name__}: {error}"
            kept = [e for e in self.view_errors if not e.endswith(message)]
            self.view_errors = [*kept, f"{where}: {message}"][-KEEP:]
            self.refresh(force=True)
        finally:
            self._reporting = False

    @guarded
    def _on_dismiss(self, _button: Any = None) -> None:
        self._dismissed_events = len(self.error_events)
        self.view_errors = []
        try:
            snap = bus.snapshot(self.manager)
        except Exception:  # a closed manager: only the views' errors were shown
            self._draw([], 0)
            return
        self._dismissed_failures = {id_text(d.id) for d in snap.descriptions if d.failure}
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        """Redraw; a manager that cannot be read (closed) still shows the views' errors."""
        try:
            bus.snapshot(self.manager)
        except Exception:
            self._draw([_item("⚠ view", "", text) for text in self.view_errors], 0)
            return
        super().refresh(force)

    def _redraw(self, snap: bus.Snapshot) -> None:
        rewound, events = self._feed.read(self.manager.trace)
        if rewound:
            self.error_events = []
            self._dismissed_events = 0
        self.error_events += [e for e in events if e.kind == "error"]
        failures = [
            d
            for d in snap.descriptions
            if d.failure
            and d.state.name == "FAILED"
            and id_text(d.id) not in self._dismissed_failures
        ]
        errors = self.error_events[self._dismissed_events :]
        parts = [_item("⚠ error", format_millis(e.millis), e.detail) for e in errors[-KEEP:]]
        parts += [
            _item(f"✖ {snap.labels.get(id_text(d.id), id_text(d.id)[:8])} failed", "", d.failure)
            for d in failures[-KEEP:]
        ]
        parts += [_item("⚠ view", "", text) for text in self.view_errors]
        more = len(errors) + len(failures) - min(len(errors), KEEP) - min(len(failures), KEEP)
        self._draw(parts, more)

    def _draw(self, parts: list[str], more: int) -> None:
        if not parts:
            self.message.value = ""
            self.children = []
            return
        tail = f'<div style="color:#6c757d">… and {more} more</div>' if more > 0 else ""
        self.message.value = (
            '<div class="wmkit-banner-text" style="border:1px solid #ffa8a8;background:#fff5f5;'
            f'border-radius:4px;padding:4px 8px;font-size:12px">{"".join(parts)}{tail}</div>'
        )
        self.children = [self.box]


def _item(title: str, when: str, detail: str) -> str:
    head = f"<b>{html.escape(title)}</b> {html.escape(when)} {html.escape(first_line(detail))}"
    if len(detail.strip().splitlines()) <= 1:
        return f'<div style="color:#5c0f0f">{head}</div>'
    return (
        f'<details style="color:#5c0f0f"><summary>{head}</summary>'
        f'<pre style="font-size:11px;white-space:pre-wrap">{html.escape(detail)}</pre></details>'
    )
