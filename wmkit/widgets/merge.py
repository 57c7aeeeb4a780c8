"""``MergeInspector``: how a work's input is made from its parents' outputs.

Pick a work (or click it in the DAG or the timeline: the inspector follows the shared
selection of :mod:`wmkit.widgets.focus`): it shows the work's own input, each
prerequisite's output, the merger, and the merged input, computed here exactly as the
engine does for a one-time work: the merger applied to ``[own input] + parents'
outputs``. (Periodic work runs with its own input, unmerged; a merger that raises
shows its error, as the work would fail.)
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ..render.colors import state_fill, state_stroke
from ..render.dag.graph import merger_label
from ..render.text import id_text, work_label
from ..work.mergers import InputMerger, merge_inputs
from . import _snapshot as bus
from . import focus
from ._base import ManagerView, guarded
from ._follow import FollowsFocus
from .picker import WorkPicker
from .table import format_data


def find_merger(qualified_name: str) -> type | None:
    """The ``InputMerger`` subclass defined under ``module.QualName`` in this process."""
    stack: list[type] = [InputMerger]
    while stack:
        cls = stack.pop()
        if f"{cls.__module__}.{cls.__qualname__}" == qualified_name:
            return cls
        stack.extend(cls.__subclasses__())
    return None


@dataclass(frozen=True)
class MergeReport:
    """What the inspector shows for one work (plain data, for tests and lessons)."""

    work: Any
    parents: tuple[Any, ...]
    merger_name: str
    merged: Any = None
    error: str = ""
    note: str = ""


def merge_report(manager: Any, work: Any, by_id: dict[str, Any] | None = None) -> MergeReport:
    """Own input, parents' outputs, merger and merged input of one ``WorkDescription``."""
    parents = []
    for parent_id in work.prerequisites:
        parent = (by_id or {}).get(id_text(parent_id)) or manager.describe_work(parent_id)
        if parent is not None:
            parents.append(parent)
    note = ""
    if work.is_periodic:
        note = "Periodic work runs with its own input; a merger is never applied."
    elif any(p.state.name != "SUCCEEDED" for p in parents):
        note = "Not every prerequisite has SUCCEEDED yet: this is the merge of the outputs so far."
    if len(parents) < len(work.prerequisites):
        note += " Some prerequisites were deleted (pruned or replaced); they add nothing."
    merger_cls = find_merger(work.input_merger_name)
    if merger_cls is None:
        return MergeReport(
            work,
            tuple(parents),
            work.input_merger_name,
            error=f"{work.input_merger_name} is not defined in this process: "
            "run the cell that defines it.",
            note=note.strip(),
        )
    try:
        inputs = [work.input_data] + [p.output_data for p in parents]
        merged = work.input_data if work.is_periodic else merge_inputs(merger_cls(), inputs)
    except Exception as error:
        return MergeReport(
            work,
            tuple(parents),
            work.input_merger_name,
            error=f"{type(error).__name__}: {error}",
            note=note.strip(),
        )
    return MergeReport(work, tuple(parents), work.input_merger_name, merged, note=note.strip())


class MergeInspector(FollowsFocus, ManagerView):
    """Pick a work; see its input, its parents' outputs, the merger and the merged input."""

    def __init__(self, manager: Any) -> None:
        super().__init__()
        self.report: MergeReport | None = None
        self.picker = WorkPicker(self._on_pick)
        self.panel = widgets.HTML(value="")
        self.children = [self.picker.dropdown, self.panel, self.errors]
        self.add_class("wmkit-merge")
        self.bind(manager)

    def select(self, work_id: Any) -> None:
        """Inspect the work with this id (a ``UUID`` or its string)."""
        self.picker.value = str(work_id)

    def _on_focus(self, current: focus.Focus) -> None:
        """Inspect the work selected in another view (a work no longer stored is
        ignored: the inspector keeps what it shows)."""
        chosen = current.selected
        if chosen and chosen != self.picker.value and chosen in self._known:
            self.picker.value = chosen

    @property
    def _known(self) -> tuple[str, ...]:
        return tuple(value for _, value in self.picker.dropdown.options)

    @guarded
    def _on_pick(self, _work_id: str | None) -> None:
        self.refresh(force=True)

    def _redraw(self, snap: bus.Snapshot) -> None:
        fan_in = [d for d in snap.descriptions if len(d.prerequisites) >= 2]
        with_parents = fan_in or [d for d in snap.descriptions if d.prerequisites]
        prefer = id_text(with_parents[0].id) if with_parents else None
        self.picker.update(snap.descriptions, prefer)
        work = snap.by_id.get(self.picker.value or "")
        if work is None:
            self.report = None
            self.panel.value = '<p style="color:#6c757d">No work enqueued yet.</p>'
            return
        self.report = merge_report(self.manager, work, snap.by_id)
        self.panel.value = _html(self.report)


def _chip(d: Any) -> str:
    state = d.state.name
    return (
        f'<span style="background:{state_fill(state)};border:1px solid {state_stroke(state)};'
        f'border-radius:3px;padding:0 4px;font-size:11px">{state}</span>'
    )


def _row(title: str, value: str) -> str:
    return (
        f'<tr><td style="padding:3px 8px;color:#495057;vertical-align:top;white-space:nowrap">'
        f'{title}</td><td style="padding:3px 8px"><code>{value}</code></td></tr>'
    )


def _html(report: MergeReport) -> str:
    work = report.work
    rows = [
        _row(
            f"own input of {html.escape(work_label(work))} {_chip(work)}",
            format_data(work.input_data),
        )
    ]
    if not report.parents:
        rows.append(_row("prerequisites", "none: the work runs with its own input"))
    for parent in report.parents:
        rows.append(
            _row(
                f"output of {html.escape(work_label(parent))} {_chip(parent)}",
                format_data(parent.output_data),
            )
        )
    rows.append(
        _row(
            "merger",
            f"⇉ {html.escape(merger_label(report.merger_name))}"
            f" ({html.escape(report.merger_name)})",
        )
    )
    if report.error:
        merged = f'<span style="color:#c92a2a">{html.escape(report.error)}</span>'
    else:
        merged = format_data(report.merged)
    rows.append(_row("<b>merged input</b>", merged))
    note = (
        f'<p style="color:#6c757d;font-size:12px">{html.escape(report.note)}</p>'
        if report.note
        else ""
    )
    return f'<table style="font-size:12px;border-collapse:collapse">{"".join(rows)}</table>{note}'
