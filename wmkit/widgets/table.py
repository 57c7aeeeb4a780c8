"""``WorkTable``: one row per ``WorkInfo``, every field, sortable by state or next run.

The columns are ``WorkInfo``'s dataclass fields, so a field the engine adds appears
by itself; a last column shows a failed work's failure (from ``describe_work``).
Rows are paged (50 a page) so a thousand works cost one page of HTML per step.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any

import ipywidgets as widgets

from ..enums import stop_reason_name
from ..render.colors import state_fill, state_stroke
from ..render.text import first_line, id_text, shorten
from ..units import LONG_MAX, format_duration, format_millis
from . import _snapshot as bus
from ._base import ManagerView, guarded

PAGE_SIZE = 50
SORTS = (("enqueue order", "order"), ("state", "state"), ("next run", "next_run"))
#: "Sort by state": what is happening first, then what waits, then what is over.
STATE_SORT = ("RUNNING", "ENQUEUED", "BLOCKED", "FAILED", "CANCELLED", "SUCCEEDED")
_STATE_RANK = {s: i for i, s in enumerate(STATE_SORT)}
_CELL = "padding:2px 6px;border-bottom:1px solid #e9ecef;vertical-align:top;white-space:nowrap;"


def format_data(data: Any) -> str:
    """``Data`` as ``{key: value}`` text, '—' when empty."""
    values = getattr(data, "key_value_map", None)
    if values is None:
        return html.escape(str(data))
    if not values:
        return "—"
    return html.escape(shorten(repr(dict(values)), 120))


def format_constraints(constraints: Any) -> str:
    """Only the constraints that are set: ``network UNMETERED, charging``."""
    parts = []
    for field in dataclasses.fields(constraints):
        value = getattr(constraints, field.name)
        if field.name == "required_network_type":
            if getattr(value, "name", value) != "NOT_REQUIRED":
                parts.append(f"network {getattr(value, 'name', value)}")
        elif value not in (False, None, 0, ()):
            parts.append(field.name.replace("requires_", "").replace("_", " "))
    return html.escape(", ".join(parts)) or "none"


def format_cell(name: str, value: Any, info: Any) -> str:
    """One ``WorkInfo`` field as table-cell HTML."""
    if name == "id":
        return f'<code title="{value}">{str(value)[:8]}</code>'
    if name == "state":
        state = value.name
        return (
            f'<span style="background:{state_fill(state)};border:1px solid '
            f'{state_stroke(state)};border-radius:3px;padding:0 4px">{state}</span>'
        )
    if name == "tags":
        return _tags(value, info)
    if name in ("output_data", "progress"):
        return format_data(value)
    if name == "constraints":
        return format_constraints(value)
    if name == "initial_delay_millis":
        return format_duration(value) if value else "—"
    if name == "periodicity_info":
        if value is None:
            return "one-time"
        repeat, flex = value.repeat_interval_millis, value.flex_interval_millis
        flex_text = f", flex {format_duration(flex)}" if flex != repeat else ""
        return f"every {format_duration(repeat)}{flex_text}"
    if name == "next_schedule_time_millis":
        return "never" if value >= LONG_MAX else format_millis(value)
    if name == "stop_reason":
        return stop_reason_name(value)
    return html.escape(str(value))


def _tags(tags: Any, info: Any) -> str:
    user = sorted(t for t in tags if "." not in t)
    implicit = sorted(t for t in tags if "." in t)
    parts = [html.escape(t) for t in user]
    parts += [
        f'<span style="color:#adb5bd">{html.escape(t.rsplit(".", 1)[-1])}</span>' for t in implicit
    ]
    return " ".join(parts) or "—"


def _row(info: Any, d: Any, names: list[str]) -> str:
    """One table row: the worker class, every ``WorkInfo`` field, the failure."""
    worker = html.escape(d.worker_class_name.rsplit(".", 1)[-1]) if d else "?"
    failure = ""
    if d is not None and d.failure:
        failure = (
            f'<span title="{html.escape(d.failure)}" style="color:#c92a2a">'
            f"{html.escape(first_line(d.failure, 80))}</span>"
        )
    cells = [worker] + [format_cell(n, getattr(info, n), info) for n in names]
    cells.append(failure)
    return "<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in cells) + "</tr>"


class WorkTable(ManagerView):
    """Every ``WorkInfo`` as a row; ``rows`` holds the current page's ``WorkInfo``s."""

    def __init__(self, manager: Any, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.page_size = page_size
        self.page = 0
        self.rows: list[Any] = []
        self._row_cache: dict[Any, tuple[Any, str]] = {}
        self.sort = widgets.Dropdown(options=list(SORTS), value="order", description="sort by")
        self.state_filter = widgets.Dropdown(
            options=[("all states", "")] + [(s, s) for s in STATE_SORT],
            value="",
            description="show",
        )
        self.previous = widgets.Button(description="◀", layout=widgets.Layout(width="40px"))
        self.next = widgets.Button(description="▶", layout=widgets.Layout(width="40px"))
        self.position = widgets.Label(value="")
        self.table = widgets.HTML(value="")
        for control in (self.sort, self.state_filter):
            control.observe(self._on_control, "value")
        self.previous.on_click(lambda _b: self._turn(-1))
        self.next.on_click(lambda _b: self._turn(1))
        bar = widgets.HBox(
            [self.sort, self.state_filter, self.previous, self.position, self.next],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        self.children = [bar, self.table, self.errors]
        self.add_class("wmkit-work-table")
        self.bind(manager)

    @guarded
    def _on_control(self, _change: Any = None) -> None:
        self.page = 0
        self.refresh(force=True)

    @guarded
    def _turn(self, pages: int) -> None:
        self.page = max(self.page + pages, 0)
        self.refresh(force=True)

    def ordered(self, descriptions: list[Any]) -> list[Any]:
        """The descriptions filtered and sorted as the controls say."""
        wanted = self.state_filter.value
        rows = [d for d in descriptions if not wanted or d.state.name == wanted]
        if self.sort.value == "state":
            rows.sort(key=lambda d: _STATE_RANK.get(d.state.name, 99))
        elif self.sort.value == "next_run":
            rows.sort(key=lambda d: d.next_run_time)
        return rows

    def _redraw(self, snap: bus.Snapshot) -> None:
        rows = self.ordered(snap.descriptions)
        pages = max((len(rows) - 1) // self.page_size + 1, 1)
        self.page = min(self.page, pages - 1)
        first = self.page * self.page_size
        shown = rows[first : first + self.page_size]
        infos = [self.manager.get_work_info_by_id(d.id) for d in shown]
        self.rows = [i for i in infos if i is not None]
        self.position.value = (
            f"{first + 1}–{first + len(shown)} of {len(rows)}" if rows else "no works"
        )
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= pages - 1
        self.table.value = self._html(self.rows, snap)

    def _html(self, infos: list[Any], snap: bus.Snapshot) -> str:
        if not infos:
            return '<p style="color:#6c757d">No works to show.</p>'
        names = [f.name for f in dataclasses.fields(infos[0])]
        head = "".join(
            f'<th style="{_CELL}text-align:left;position:sticky;top:0;background:#f1f3f5">'
            f"{html.escape(n)}</th>"
            for n in ["worker", *names, "failure"]
        )
        cache, self._row_cache = self._row_cache, {}
        body = []
        for info in infos:
            d = snap.by_id.get(id_text(info.id))
            key = (info, None if d is None else d.failure)
            cached = cache.get(info.id)
            row = cached[1] if cached is not None and cached[0] == key else _row(info, d, names)
            self._row_cache[info.id] = (key, row)
            body.append(row)
        return (
            '<div style="max-height:560px;overflow:auto;font-size:12px">'
            f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>"
        )
