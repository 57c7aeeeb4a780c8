"""``ErrorBanner``: what went wrong, at the top of the Studio, without stopping it.

It gathers three kinds of trouble: ``error`` events in the trace (an exception in
``on_stopped``, a LiveData observer, a listener), works that FAILED with a failure
text (the exception a student's ``do_work`` raised, with its traceback), and
exceptions a view caught in its own callbacks. "Dismiss" hides what is shown now;
anything new appears again.
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
        self.dismiss = widgets.Button(description="dismiss", layout=widgets.Layout(width="auto"))
        self.dismiss.on_click(self._on_dismiss)
        self.message = widgets.HTML(value="")
        self.children = [self.message]
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
            entry = f"{where}: {type(error).__name__}: {error}"
            self.view_errors = [*self.view_errors, entry][-KEEP:]
            self.refresh(force=True)
        finally:
            self._reporting = False

    @guarded
    def _on_dismiss(self, _button: Any = None) -> None:
        self._dismissed_events = len(self.error_events)
        self.view_errors = []
        snap = bus.snapshot(self.manager)
        self._dismissed_failures = {id_text(d.id) for d in snap.descriptions if d.failure}
        self.refresh(force=True)

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
            _item(
                f"✖ {d.worker_class_name.rsplit('.', 1)[-1]} {id_text(d.id)[:8]} failed",
                "",
                d.failure,
            )
            for d in failures[-KEEP:]
        ]
        parts += [_item("⚠ view", "", text) for text in self.view_errors]
        if not parts:
            self.message.value = ""
            self.children = [self.message]
            return
        more = len(errors) + len(failures) - min(len(errors), KEEP) - min(len(failures), KEEP)
        tail = f'<div style="color:#6c757d">… and {more} more</div>' if more > 0 else ""
        self.message.value = (
            '<div style="border:1px solid #ffa8a8;background:#fff5f5;border-radius:4px;'
            f'padding:4px 8px;font-size:12px">{"".join(parts)}{tail}</div>'
        )
        self.children = [self.message, self.dismiss]


def _item(title: str, when: str, detail: str) -> str:
    head = f"<b>{html.escape(title)}</b> {html.escape(when)} {html.escape(first_line(detail))}"
    if len(detail.strip().splitlines()) <= 1:
        return f'<div style="color:#5c0f0f">{head}</div>'
    return (
        f'<details style="color:#5c0f0f"><summary>{head}</summary>'
        f'<pre style="font-size:11px;white-space:pre-wrap">{html.escape(detail)}</pre></details>'
    )
