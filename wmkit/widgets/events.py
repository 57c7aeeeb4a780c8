"""``EventLog``: the newest events of ``manager.trace``, grouped per click.

Each group is one click (a "next event", a device flip, a cell's call), headed by that
click's caption, newest first; the newest group is marked, so a class sees which rows
the last click added. Events from before anyone narrated the manager are grouped by
instant. Works are named as in every view (``Upload #upload``); the kind filter and the
Studio's shared filter box narrow the rows.

Errors (a worker's exception, a callback that raised) and failures stand out in red,
with their tracebacks folded under the first line, so a student sees at once that
something went wrong and can open the details.
"""

from __future__ import annotations

import bisect
import html
from typing import Any

import ipywidgets as widgets

from ..render.text import id_text
from ..units import format_millis
from . import _snapshot as bus
from . import focus, narration
from ._base import ManagerView, guarded
from .caption import short_time

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
    """The last ``limit`` events (newest first), grouped per click; ``shown`` holds them
    and ``groups`` the caption of each group shown, newest first."""

    watches_focus = True

    def __init__(self, manager: Any, *, limit: int = 200) -> None:
        super().__init__()
        self.limit = limit
        self.shown: list[Any] = []
        self.groups: list[str] = []
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
        words = focus.focus_of(self.manager).filter
        shown: list[tuple[int, Any]] = []
        index = len(trace) - 1
        stop = max(len(trace) - SCAN_LIMIT, 0)
        while index >= stop and len(shown) < self.limit:
            event = trace[index]
            if (not wanted or event.kind == wanted) and (not words or _matches(event, words, snap)):
                shown.append((index, event))
            index -= 1
        self.shown = [event for _, event in shown]
        rows = self._rows
        self._rows = {}
        for _, event in shown:  # events never change: a row drawn once is drawn for good
            cached = rows.get(id(event))
            if cached is None or cached[0] is not event:
                cached = (event, _row(event, snap))
            self._rows[id(event)] = cached
        self.groups, body = _grouped(shown, narration.clicks(self.manager), self._rows)
        self.table.value = _table(body)

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


def _matches(event: Any, words: str, snap: bus.Snapshot) -> bool:
    if event.work_id is None:
        return False
    work = snap.by_id.get(id_text(event.work_id))
    return work is not None and focus.matches(work, words, snap.labels.get(id_text(work.id), ""))


def _grouped(
    shown: list[tuple[int, Any]], clicks: list[Any], rows: dict[int, tuple[Any, str]]
) -> tuple[list[str], list[str]]:
    """The rows with a header before each click's group (newest first): the captions
    of the groups, and the HTML rows."""
    starts = [click.start for click in clicks]
    captions: list[str] = []
    body: list[str] = []
    current: Any = None
    for index, event in shown:
        at = bisect.bisect_right(starts, index) - 1
        click = clicks[at] if at >= 0 and index < clicks[at].stop else None
        key = ("click", at) if click is not None else ("instant", event.millis)
        if key != current:
            current = key
            text = click.caption if click is not None else f"{short_time(event.millis)}"
            captions.append(text)
            body.append(_header(text, latest=len(captions) == 1))
        body.append(rows[id(event)][1])
    return captions, body


def _header(text: str, latest: bool) -> str:
    mark = (
        '<span style="background:#f08c00;color:white;border-radius:3px;padding:0 5px;'
        'margin-right:6px;font-size:0.85em">latest</span>'
        if latest
        else ""
    )
    style = "background:#fff9db;" if latest else "background:#f8f9fa;"
    return (
        f'<tr class="wmkit-click{" wmkit-click-latest" if latest else ""}" style="{style}">'
        f'<td colspan="4" style="padding:3px 6px;font-weight:bold;border-top:2px solid #dee2e6">'
        f"{mark}{html.escape(text)}</td></tr>"
    )


#: The log's cell styles, once per drawing rather than on each of its 200 rows (a
#: filter keystroke or a click resends the whole log: rows should be short).
LOG_CSS = (
    "<style>.wmkit-log-rows td{padding:2px 6px;border-bottom:1px solid #f1f3f5;"
    "vertical-align:top}.wmkit-log-rows td.t{white-space:nowrap;color:#6c757d}"
    ".wmkit-log-rows td.k{font-weight:bold}.wmkit-log-rows td.w{white-space:nowrap}"
    ".wmkit-log-rows tr.err{background:#fff5f5}</style>"
)


def _table(rows: list[str]) -> str:
    if not rows:
        return '<p style="color:#6c757d">No events yet.</p>'
    return (
        LOG_CSS + '<div class="wmkit-log-rows" style="max-height:480px;overflow:auto;'
        'font-size:12px"><table style="border-collapse:collapse;width:100%">'
        + "".join(rows)
        + "</table></div>"
    )


def _row(event: Any, snap: bus.Snapshot) -> str:
    colour = KIND_COLOURS.get(event.kind, "#495057")
    who = ""
    if event.work_id is not None:
        work_id = id_text(event.work_id)
        name = snap.labels.get(work_id) or work_id[:8]
        who = f'<span title="{work_id}">{html.escape(name)}</span>'
    detail = event.detail or ""
    lines = detail.strip().splitlines() or [""]
    text = html.escape(lines[0])
    if len(lines) > 1:
        text = (
            f"<details><summary>{text}</summary><pre style='font-size:11px'>"
            f"{html.escape(detail)}</pre></details>"
        )
    error = ' class="err"' if event.kind == "error" else ""
    return (
        f'<tr{error}><td class="t">{format_millis(event.millis)}</td>'
        f'<td class="k" style="color:{colour}">{html.escape(event.kind)}</td>'
        f'<td class="w">{who}</td><td>{text}</td></tr>'
    )
