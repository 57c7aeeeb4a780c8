"""``EventLog``: the newest events of ``manager.trace``, filterable by kind.

Errors (a worker's exception, a callback that raised) and failures stand out in red,
with their tracebacks folded under the first line, so a student sees at once that
something went wrong and can open the details.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from ..render.text import id_text
from ..units import format_millis
from . import _snapshot as bus
from ._base import ManagerView, guarded

KIND_COLOURS = {
    "error": "#c92a2a",
    "failed": "#c92a2a",
    "succeeded": "#2b8a3e",
    "started": "#b7791f",
    "retry": "#e8590c",
    "stopped": "#e8590c",
    "cancelled": "#495057",
    "device": "#1864ab",
    "doze": "#5f3dc4",
    "maintenance": "#2b8a3e",
    "waiting": "#c2255c",
}
#: How far back a filtered view looks for matches, at most.
SCAN_LIMIT = 20_000


class EventLog(ManagerView):
    """The last ``limit`` events (newest first); ``shown`` holds them."""

    def __init__(self, manager: Any, *, limit: int = 200) -> None:
        super().__init__()
        self.limit = limit
        self.shown: list[Any] = []
        self._kinds: set[str] = set()
        self._kinds_seen = 0
        self._rows: dict[int, tuple[Any, str]] = {}
        self.kind = widgets.Dropdown(options=[("all kinds", "")], value="", description="kind")
        self.kind.observe(self._on_filter, "value")
        self.table = widgets.HTML(value="")
        self.children = [self.kind, self.table, self.errors]
        self.add_class("wmkit-event-log")
        self.bind(manager)

    def _reset(self) -> None:
        self._kinds = set()
        self._kinds_seen = 0
        self._rows = {}

    @guarded
    def _on_filter(self, _change: Any = None) -> None:
        self.refresh(force=True)

    def _redraw(self, snap: bus.Snapshot) -> None:
        trace = self.manager.trace
        self._learn_kinds(trace)
        wanted = self.kind.value
        shown: list[Any] = []
        index = len(trace) - 1
        stop = max(len(trace) - SCAN_LIMIT, 0)
        while index >= stop and len(shown) < self.limit:
            event = trace[index]
            if not wanted or event.kind == wanted:
                shown.append(event)
            index -= 1
        self.shown = shown
        rows = self._rows
        self._rows = {}
        for event in shown:  # events never change: a row drawn once is drawn for good
            cached = rows.get(id(event))
            if cached is None or cached[0] is not event:
                cached = (event, _row(event, snap))
            self._rows[id(event)] = cached
        self.table.value = _table([self._rows[id(e)][1] for e in shown])

    def _learn_kinds(self, trace: Any) -> None:
        """Offer every kind seen so far in the filter (reading only new events)."""
        if len(trace) < self._kinds_seen:
            self._reset()
        new = (
            trace.kinds()[self._kinds_seen :]
            if hasattr(trace, "kinds")
            else [e.kind for e in trace[self._kinds_seen :]]
        )
        self._kinds_seen = len(trace)
        if set(new) - self._kinds:
            self._kinds |= set(new)
            current = self.kind.value
            self.kind.options = [("all kinds", "")] + [(k, k) for k in sorted(self._kinds)]
            self.kind.value = current if current in self._kinds else ""


def _table(rows: list[str]) -> str:
    if not rows:
        return '<p style="color:#6c757d">No events yet.</p>'
    return (
        '<div style="max-height:480px;overflow:auto;font-size:12px">'
        '<table style="border-collapse:collapse;width:100%">' + "".join(rows) + "</table></div>"
    )


def _row(event: Any, snap: bus.Snapshot) -> str:
    colour = KIND_COLOURS.get(event.kind, "#495057")
    who = ""
    if event.work_id is not None:
        d = snap.by_id.get(id_text(event.work_id))
        name = d.worker_class_name.rsplit(".", 1)[-1] + " " if d is not None else ""
        who = f"{html.escape(name)}<code>{str(event.work_id)[:8]}</code>"
    detail = event.detail or ""
    lines = detail.strip().splitlines() or [""]
    text = html.escape(lines[0])
    if len(lines) > 1:
        text = (
            f"<details><summary>{text}</summary><pre style='font-size:11px'>"
            f"{html.escape(detail)}</pre></details>"
        )
    background = "background:#fff5f5;" if event.kind == "error" else ""
    cell = "padding:2px 6px;border-bottom:1px solid #f1f3f5;vertical-align:top;"
    return (
        f'<tr style="{background}"><td style="{cell}white-space:nowrap;color:#6c757d">'
        f"{format_millis(event.millis)}</td>"
        f'<td style="{cell}color:{colour};font-weight:bold">{html.escape(event.kind)}</td>'
        f'<td style="{cell}white-space:nowrap">{who}</td><td style="{cell}">{text}</td></tr>'
    )
