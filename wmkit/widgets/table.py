"""``WorkTable``: one row per work, with the columns a student asks about first.

The curated columns say what a work is doing and why: state, attempts, constraints,
next run, what it waits for, why it last stopped (or how it failed). "all fields" adds
every ``WorkInfo`` field (its dataclass fields, so a field the engine adds appears by
itself). Each row starts with the work's name as a button: clicking it selects the work
in every view (``focus.select``); the works the last click changed are highlighted, the
selected one is outlined. The Studio's shared filter box and the state filter narrow the
rows; rows are paged (50 a page). Each row is its own pair of widgets, so a step resends
only the rows that changed.
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
from . import focus
from ._base import ManagerView, guarded
from .caption import short_time

PAGE_SIZE = 50
SORTS = (("enqueue order", "order"), ("state", "state"), ("next run", "next_run"))
#: "Sort by state": what is happening first, then what waits, then what is over.
STATE_SORT = ("RUNNING", "ENQUEUED", "BLOCKED", "FAILED", "CANCELLED", "SUCCEEDED")
_STATE_RANK = {s: i for i, s in enumerate(STATE_SORT)}
#: The curated columns: title and width (in em, so projector mode scales them).
COLUMNS: tuple[tuple[str, float], ...] = (
    ("state", 7.5),
    ("attempts", 6.5),
    ("constraints", 10),
    ("next run", 7),
    ("waiting for", 16),
    ("stop reason / failure", 14),
)
ALL_FIELDS_WIDTH = 11.0
NAME_WIDTH = "15em"
HIGHLIGHT = "#ffe066"  # the works the last click changed
SELECTED = "#a5d8ff"  # the selected work


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


#: A cell's look, sent once with the header rather than with each of a page's cells.
CELL_CSS = (
    "<style>.wmkit-cell{display:inline-block;overflow:hidden;text-overflow:ellipsis;"
    "white-space:nowrap;vertical-align:middle;padding:0 0.4em}"
    # A narrow panel (projector mode) scrolls the table sideways instead of wrapping
    # the header onto lines of its own, so columns stay under their titles.
    ".wmkit-table-head,.wmkit-row .widget-html-content{white-space:nowrap}"
    ".wmkit-table-head,.wmkit-row{width:max-content;min-width:100%}</style>"
)


def _cell(text: str, width: float, title: str = "") -> str:
    tip = f' title="{html.escape(title, quote=True)}"' if title else ""
    return f'<span class="wmkit-cell" style="width:{width}em"{tip}>{text}</span>'



def _state_chip(state: str) -> str:
    return (
        f'<span style="background:{state_fill(state)};border:1px solid '
        f'{state_stroke(state)};border-radius:3px;padding:0 4px">{state}</span>'
    )


def waiting_text(d: Any, snap: bus.Snapshot) -> str:
    """What keeps a work from running now, in a few words."""
    state = d.state.name
    if state == "BLOCKED":
        waits = [
            snap.labels.get(id_text(p), id_text(p)[:8])
            for p in d.prerequisites
            if (p_d := snap.by_id.get(id_text(p))) is not None and p_d.state.name != "SUCCEEDED"
        ]
        return "waits for " + ", ".join(waits) if waits else "its prerequisites"
    if state == "RUNNING":
        since = d.running_since
        return "" if since is None else f"running since {short_time(since)}"
    if state != "ENQUEUED":
        return ""
    if d.waiting_for:
        return "; ".join(d.waiting_for)
    if d.next_run_time > snap.now and d.next_run_time < LONG_MAX:
        why = "backoff" if d.run_attempt_count else "delay"
        if d.is_periodic and d.period_count:
            why = "next period"
        return f"{why} until {short_time(d.next_run_time)}"
    return ""


def _stop_text(d: Any) -> tuple[str, str]:
    """The stop reason (or failure) cell, and its tooltip."""
    if d.failure:
        return (
            f'<span style="color:#c92a2a">{html.escape(first_line(d.failure, 80))}</span>',
            d.failure,
        )
    name = stop_reason_name(d.stop_reason)
    if name == "NOT_STOPPED":
        return "—", ""
    return html.escape(name), name


def curated_cells(d: Any, snap: bus.Snapshot) -> str:
    """The curated columns of one work, as inline cells."""
    widths = dict(COLUMNS)
    next_run = "—"
    if d.state.name == "ENQUEUED":
        next_run = "never" if d.next_run_time >= LONG_MAX else short_time(d.next_run_time)
    if d.is_periodic:
        next_run += f" (every {format_duration(d.interval_millis)})"
    waiting = waiting_text(d, snap)
    stop, stop_title = _stop_text(d)
    constraints = format_constraints(d.constraints)
    return "".join(
        [
            _cell(_state_chip(d.state.name), widths["state"]),
            _cell(str(d.run_attempt_count), widths["attempts"]),
            _cell(constraints, widths["constraints"], html.unescape(constraints)),
            _cell(html.escape(next_run), widths["next run"], next_run),
            _cell(html.escape(waiting) or "—", widths["waiting for"], waiting),
            _cell(stop, widths["stop reason / failure"], stop_title),
        ]
    )


def all_field_cells(info: Any, d: Any, names: list[str]) -> str:
    """Every ``WorkInfo`` field, then the failure."""
    cells = [_cell(format_cell(n, getattr(info, n), info), ALL_FIELDS_WIDTH) for n in names]
    failure = d.failure if d is not None and d.failure else ""
    cells.append(
        _cell(
            f'<span style="color:#c92a2a">{html.escape(first_line(failure, 80))}</span>',
            ALL_FIELDS_WIDTH * 2,
            failure,
        )
    )
    return "".join(cells)


class _Row:
    """One row's widgets: the work's name (a button that selects it) and its cells."""

    def __init__(self, on_pick: Any) -> None:
        self.work_id: str | None = None
        self.name = widgets.Button(layout=widgets.Layout(width=NAME_WIDTH, flex="0 0 auto"))
        self.name.add_class("wmkit-row-name")
        self.name.on_click(lambda _b: on_pick(self.work_id))
        self.cells = widgets.HTML(value="", layout=widgets.Layout(flex="1 1 auto"))
        self.box = widgets.HBox(
            [self.name, self.cells], layout=widgets.Layout(align_items="center")
        )
        self.box.add_class("wmkit-row")

    def show(self, work_id: str, label: str, cells: str, marked: str | None) -> None:
        self.work_id = work_id
        if self.name.description != label:
            self.name.description = label
            self.name.tooltip = f"{label} · id {work_id} · click to select it in every view"
        if self.name.style.button_color != marked:
            self.name.style.button_color = marked
        weight = "bold" if marked == SELECTED else ""
        if self.name.style.font_weight != weight:
            self.name.style.font_weight = weight
        if self.cells.value != cells:
            self.cells.value = cells
        if self.box.layout.display is not None:
            self.box.layout.display = None

class WorkTable(ManagerView):
    """The works as rows; ``rows`` holds the current page's ``WorkDescription``s."""

    watches_focus = True

    def __init__(self, manager: Any, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.page_size = page_size
        self.page = 0
        self.rows: list[Any] = []
        self._pool: list[_Row] = []  # the rows shown, in order
        # Every row made so far (at most a page of them). A work that stays on the page
        # keeps its row, and a row off the page keeps what it showed, so a filter
        # keystroke resends only the rows whose work changed, and the body's order.
        self._made: list[_Row] = []
        self.sort = widgets.Dropdown(options=list(SORTS), value="order", description="sort by")
        self.state_filter = widgets.Dropdown(
            options=[("all states", "")] + [(s, s) for s in STATE_SORT],
            value="",
            description="show",
        )
        self.all_fields = widgets.ToggleButton(
            value=False,
            description="all fields",
            tooltip="every WorkInfo field, not only the curated columns",
            layout=widgets.Layout(width="auto"),
        )
        self.previous = widgets.Button(description="◀", layout=widgets.Layout(width="40px"))
        self.next = widgets.Button(description="▶", layout=widgets.Layout(width="40px"))
        self.position = widgets.Label(value="")
        self.header = widgets.HTML(value="")
        self.empty = widgets.HTML(value="")
        self.body = widgets.VBox([])
        self.body.add_class("wmkit-table-rows")
        for control in (self.sort, self.state_filter, self.all_fields):
            control.observe(self._on_control, "value")
        self.previous.on_click(lambda _b: self._turn(-1))
        self.next.on_click(lambda _b: self._turn(1))
        bar = widgets.HBox(
            [
                self.sort,
                self.state_filter,
                self.all_fields,
                self.previous,
                self.position,
                self.next,
            ],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        grid = widgets.VBox(
            [self.header, self.body],
            layout=widgets.Layout(overflow="auto", max_height="560px"),
        )
        grid.add_class("wmkit-table-grid")
        self.children = [bar, self.empty, grid, self.errors]
        self.add_class("wmkit-work-table")
        self.bind(manager)

    @property
    def text(self) -> str:
        """Everything the table shows, as one HTML string (for tests and lessons)."""
        shown = [r for r in self._pool if r.work_id is not None]
        return (
            self.header.value
            + "".join(f"{r.name.description} {r.cells.value}" for r in shown)
            + self.empty.value
        )

    @guarded
    def _on_control(self, _change: Any = None) -> None:
        self.page = 0
        self.refresh(force=True)

    @guarded
    def _turn(self, pages: int) -> None:
        self.page = max(self.page + pages, 0)
        self.refresh(force=True)

    def _pick(self, work_id: str | None) -> None:
        if work_id is not None and self.manager is not None:
            focus.select(self.manager, work_id)

    def ordered(self, descriptions: list[Any], snap: bus.Snapshot | None = None) -> list[Any]:
        """The descriptions filtered and sorted as the controls (and the shared filter
        box) say."""
        wanted = self.state_filter.value
        words = focus.focus_of(self.manager).filter if self.manager is not None else ""
        labels = snap.labels if snap is not None else {}
        rows = [
            d
            for d in descriptions
            if (not wanted or d.state.name == wanted)
            and (not words or focus.matches(d, words, labels.get(id_text(d.id), "")))
        ]
        if self.sort.value == "state":
            rows.sort(key=lambda d: _STATE_RANK.get(d.state.name, 99))
        elif self.sort.value == "next_run":
            rows.sort(key=lambda d: d.next_run_time)
        return rows

    def _redraw(self, snap: bus.Snapshot) -> None:
        rows = self.ordered(snap.descriptions, snap)
        pages = max((len(rows) - 1) // self.page_size + 1, 1)
        self.page = min(self.page, pages - 1)
        first = self.page * self.page_size
        shown = rows[first : first + self.page_size]
        self.rows = shown
        self.position.value = (
            f"{first + 1}–{first + len(shown)} of {len(rows)}" if rows else "no works"
        )
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= pages - 1
        self._draw_rows(shown, snap)

    def _draw_rows(self, shown: list[Any], snap: bus.Snapshot) -> None:
        current = focus.focus_of(self.manager)
        names: list[str] = []
        infos: dict[str, Any] = {}
        if self.all_fields.value:
            infos = {id_text(d.id): self.manager.get_work_info_by_id(d.id) for d in shown}
            first = next((i for i in infos.values() if i is not None), None)
            names = [f.name for f in dataclasses.fields(first)] if first is not None else []
            titles = [(n, ALL_FIELDS_WIDTH) for n in names] + [("failure", ALL_FIELDS_WIDTH * 2)]
        else:
            titles = list(COLUMNS)
        head = "".join(_cell(f"<b>{html.escape(t)}</b>", w) for t, w in titles)
        header = CELL_CSS + (
            f'<div class="wmkit-table-head" style="padding-left:{NAME_WIDTH};'
            f'border-bottom:1px solid #dee2e6">{head}</div>'
        )
        if self.header.value != header:
            self.header.value = header
        empty = '<p style="color:#6c757d">No works to show.</p>' if not shown else ""
        if self.empty.value != empty:
            self.empty.value = empty
        pool = self._rows_for([id_text(d.id) for d in shown])
        for row, d in zip(pool, shown, strict=True):
            work_id = id_text(d.id)
            if self.all_fields.value:
                cells = all_field_cells(infos[work_id], d, names)
            else:
                cells = curated_cells(d, snap)
            marked = (
                SELECTED
                if work_id == current.selected
                else HIGHLIGHT
                if work_id in current.highlighted
                else None
            )
            row.show(work_id, snap.labels.get(work_id, work_id[:8]), cells, marked)
        self._pool = pool
        boxes = tuple(row.box for row in pool)
        if tuple(self.body.children) != boxes:
            self.body.children = boxes

    def _rows_for(self, work_ids: list[str]) -> list[_Row]:
        """A row for each work, in order: the row that showed it last if there is one,
        else a row whose work is not shown now, else a new one."""
        last = {row.work_id: row for row in self._made if row.work_id is not None}
        taken = {id(last[w]) for w in work_ids if w in last}
        free = iter([row for row in self._made if id(row) not in taken])
        rows = []
        for work_id in work_ids:
            row = last.get(work_id)
            if row is None:
                row = next(free, None)
                if row is None:
                    row = _Row(self._pick)
                    self._made.append(row)
            rows.append(row)
        return rows
