"""``ExplainPanel``: pick a work and read ``manager.explain(id)``, kept current.

It is the question students ask most ("why isn't my worker running?"), answered in
the engine's own words at every step.
"""

from __future__ import annotations

import html
import uuid
from typing import Any

import ipywidgets as widgets

from . import _snapshot as bus
from ._base import ManagerView, guarded
from .picker import WorkPicker


class ExplainPanel(ManagerView):
    """A work picker and the explanation of the picked work; ``text`` holds it."""

    def __init__(self, manager: Any) -> None:
        super().__init__()
        self.text = ""
        self.picker = WorkPicker(self._on_pick)
        self.explanation = widgets.HTML(value="")
        self.explanation.add_class("wmkit-explain")
        self.add_class("wmkit-explain-panel")
        heading = widgets.HTML(
            value="<b>🔎 Why (not) running?</b> <code>manager.explain(id)</code>"
        )
        self.children = [heading, self.picker.dropdown, self.explanation, self.errors]
        self.bind(manager)

    def select(self, work_id: Any) -> None:
        """Show the work with this id (a ``UUID`` or its string)."""
        self.picker.value = str(work_id)

    @guarded
    def _on_pick(self, _work_id: str | None) -> None:
        self.refresh(force=True)

    def _reset(self) -> None:
        self.picker.update([])

    def _redraw(self, snap: bus.Snapshot) -> None:
        prefer = next((str(d.id) for d in snap.descriptions if not d.state.is_finished), None)
        self.picker.update(snap.descriptions, prefer)
        work_id = self.picker.value
        if work_id is None:
            self.text = ""
            self.explanation.value = '<p style="color:#6c757d">No work enqueued yet.</p>'
            return
        self.text = self.manager.explain(uuid.UUID(work_id))
        self.explanation.value = (
            '<div style="white-space:pre-wrap;word-break:normal;overflow-wrap:break-word;'
            "font-size:12px;line-height:1.45;background:#f8f9fa;padding:6px 8px;"
            f'border-radius:4px">{html.escape(self.text)}</div>'
        )
