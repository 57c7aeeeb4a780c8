"""``ExplainPanel``: ``manager.explain(id)`` for the work the class is looking at.

It is the question students ask most ("why isn't my worker running?"), answered in
the engine's own words at every step. The panel follows the shared focus: the work the
last click was mostly about (the caption's lead), or the work someone selected (a DAG
node, a timeline lane, a table row, this panel's own picker), whichever came last.
"📌 pin" keeps the current work however the story goes on. A selected work that no
longer exists (deleted, pruned, rewound away) is said so in the Studio's banner, and
the panel falls back to an unfinished work.
"""

from __future__ import annotations

import html
import uuid
from typing import Any

import ipywidgets as widgets

from ..errors import IllegalArgumentError
from ..render.text import id_text
from . import _snapshot as bus
from . import focus
from ._base import ManagerView, guarded
from .picker import WorkPicker


class ExplainPanel(ManagerView):
    """A work picker, a pin, and the explanation of the work; ``text`` holds it."""

    watches_focus = True

    def __init__(self, manager: Any) -> None:
        super().__init__()
        self.text = ""
        self.label = ""  # the explained work's name, as every view shows it
        self.work_id: str | None = None  # the work explained now
        self._seen = focus.Focus()
        self.picker = WorkPicker(self._on_pick)
        self.pin = widgets.ToggleButton(
            value=False,
            description="📌 pin",
            tooltip="keep explaining this work whatever the next clicks change",
            layout=widgets.Layout(width="auto", flex="0 0 auto"),
        )
        self.pin.add_class("wmkit-explain-pin")
        self.pin.observe(self._on_pin, "value")
        self.explanation = widgets.HTML(value="")
        self.explanation.add_class("wmkit-explain")
        self.add_class("wmkit-explain-panel")
        heading = widgets.HTML(
            value="<b>🔎 Why (not) running?</b> <code>manager.explain(id)</code>"
        )
        dropdown = self.picker.dropdown.layout  # shares the row with the pin, never hides it
        dropdown.width, dropdown.flex, dropdown.min_width = "auto", "1 1 auto", "0"
        row = widgets.HBox(
            [self.picker.dropdown, self.pin],
            layout=widgets.Layout(align_items="center", width="100%"),
        )
        self.children = [heading, row, self.explanation, self.errors]
        self.bind(manager)

    def select(self, work_id: Any) -> None:
        """Explain the work with this id (a ``UUID`` or its string), in every view."""
        focus.select(self.manager, str(work_id))

    @guarded
    def _on_pick(self, work_id: str | None) -> None:
        if work_id is not None:
            focus.select(self.manager, work_id)

    @guarded
    def _on_pin(self, change: dict[str, Any]) -> None:
        if change["new"] and self.work_id is not None:
            focus.select(self.manager, self.work_id, pin=True)
        else:
            focus.select(self.manager, focus.selected(self.manager), pin=bool(change["new"]))

    def _reset(self) -> None:
        self.picker.update([])
        self.work_id = None
        self._seen = focus.Focus()

    def _follow(self, snap: bus.Snapshot) -> str | None:
        """Which work to explain now, by what changed in the focus since the last look."""
        now, seen = focus.focus_of(self.manager), self._seen
        self._seen = now
        if self.pin.value != now.pinned:
            self.pin.value = now.pinned
        wanted = self.work_id
        if now.selected != seen.selected and now.selected is not None:
            wanted = now.selected
        elif (
            not now.pinned
            and now.lead is not None
            and (now.lead, now.caption)
            != (
                seen.lead,
                seen.caption,
            )
        ):
            wanted = now.lead
        if wanted is not None and wanted not in snap.by_id:
            if wanted == now.selected:
                focus.select(self.manager, None, pin=False)
                error = IllegalArgumentError(
                    f"The selected work {wanted[:8]} does not exist any more (deleted, "
                    "pruned, or rewound away): explaining another work instead."
                )
                bus.report_error(self.manager, "selection", error)
            wanted = None
        if wanted is None:
            wanted = next(
                (id_text(d.id) for d in snap.descriptions if not d.state.is_finished),
                next(iter(snap.by_id), None),
            )
        return wanted

    def _redraw(self, snap: bus.Snapshot) -> None:
        self.work_id = self._follow(snap)
        self.picker.update(snap.descriptions, self.work_id, snap.labels)
        if self.work_id is not None and self.picker.value != self.work_id:
            self.picker.show(self.work_id)
        if self.work_id is None:
            self.text = self.label = ""
            self.explanation.value = '<p style="color:#6c757d">No work enqueued yet.</p>'
            return
        self.text = self.manager.explain(uuid.UUID(self.work_id))
        # The work named as every other view names it ("Upload #upload"); explain()'s
        # own words (class and short id) stay as they are: lessons and tests read them.
        self.label = snap.labels.get(self.work_id, self.work_id[:8])
        state = snap.by_id[self.work_id].state.name if self.work_id in snap.by_id else ""
        self.explanation.value = (
            '<div class="wmkit-explain-label" style="font-weight:bold;font-size:14px;'
            f'margin:2px 0 3px 0">{html.escape(self.label)}'
            f'<span style="font-weight:normal;color:#495057"> · {html.escape(state)}</span>'
            "</div>"
            '<div class="wmkit-explain-text" style="white-space:pre-wrap;word-break:normal;'
            "overflow-wrap:break-word;font-size:12px;line-height:1.45;background:#f8f9fa;"
            f'padding:6px 8px;border-radius:4px">{html.escape(self.text)}</div>'
        )
