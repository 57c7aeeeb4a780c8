"""``RewindBar``: scrub back through every step of the story, then continue from one.

The steps come from the manager's recording (:mod:`wmkit.scenarios.recording`): one
checkpoint per engine step, from the instant a scenario was built (so a story played
in code before the Studio opened, or by "play story" in one click, can be scrubbed), or,
for a manager built by hand, from the moment this bar was made. Each step is labelled
by its main event ("0:40 the user cancels the upload: Upload #upload CANCELLED ...").

Dragging the slider (or ←/→ on it, or ◀/▶) *previews* a step read-only: every view shows
it, nothing is written to the store. "⏪ rewind here" keeps the previewed step (stepping
on from it forgets the steps after it, like undo); "back to latest" returns to where the
story stood. A manager without checkpoints gets a disabled bar and a hint, never an
error.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets

from . import _snapshot as bus
from ._base import ManagerView, guarded
from ._story import record
from .caption import step_label

UNSUPPORTED_HINT = (
    "Rewind needs manager.checkpoint(), manager.restore_checkpoint() and "
    "manager.add_instant_listener(), which this manager does not have."
)


def supports_checkpoints(manager: Any) -> bool:
    return all(
        callable(getattr(manager, name, None))
        for name in ("checkpoint", "restore_checkpoint", "add_instant_listener", "batch")
    )


class RewindBar(ManagerView):
    """A slider over the recorded steps, a preview, and a button to continue from it."""

    def __init__(self, manager: Any) -> None:
        super().__init__()
        self.recording: Any = None
        self._syncing = False
        self._names: dict[str, str] = {}
        self._labels: dict[int, tuple[Any, str]] = {}  # id(step) -> (step, its label)
        self.slider = widgets.IntSlider(
            value=0,
            min=0,
            max=0,
            description="step",
            continuous_update=False,
            readout=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="320px"),
        )
        self.slider.add_class("wmkit-rewind-slider")
        self.slider.observe(self._on_slide, "value")
        self.back = widgets.Button(
            description="◀", tooltip="preview the step before", layout=widgets.Layout(width="auto")
        )
        self.forward = widgets.Button(
            description="▶", tooltip="preview the step after", layout=widgets.Layout(width="auto")
        )
        self.back.on_click(lambda _b: self._nudge(-1))
        self.forward.on_click(lambda _b: self._nudge(1))
        self.when = widgets.HTML(value="")
        self.when.add_class("wmkit-rewind-label")
        self.rewind_button = widgets.Button(
            description="⏪ rewind here",
            tooltip="continue the story from the previewed step (manager.restore_checkpoint)",
            layout=widgets.Layout(width="auto"),
        )
        self.rewind_button.add_class("wmkit-rewind-here")
        self.rewind_button.on_click(lambda _b: self.commit())
        self.latest_button = widgets.Button(
            description="back to latest",
            tooltip="leave the preview: the story as it stood",
            layout=widgets.Layout(width="auto"),
        )
        self.latest_button.on_click(lambda _b: self.end_preview())
        self.hint = widgets.HTML(value="")
        row = widgets.HBox(
            [self.slider, self.back, self.forward, self.rewind_button, self.latest_button],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        self.children = [row, self.when, self.hint, self.errors]
        self.add_class("wmkit-rewind")
        self.bind(manager)

    def bind(self, manager: Any) -> None:
        if self.recording is not None and self.recording.previewing:
            self.recording.end_preview()
        self.recording = None
        if supports_checkpoints(manager):
            try:
                self.recording = record(manager)  # a scenario's started when it was built
            except Exception as error:  # a closed manager: say so, keep the bar
                self.show_error(error, "rewind")
        super().bind(manager)

    def _reset(self) -> None:
        self._labels = {}

    @property
    def supported(self) -> bool:
        return self.recording is not None

    @property
    def checkpoints(self) -> list[Any]:
        """The recorded steps (each has ``millis``, ``checkpoint``, ``events``...)."""
        return [] if self.recording is None else self.recording.steps

    @property
    def position(self) -> int:
        return -1 if self.recording is None else self.recording.position

    @property
    def previewing(self) -> bool:
        return self.recording is not None and self.recording.previewing

    # ---------------------------------------------------------------- actions
    @guarded
    def _on_slide(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self.preview(change["new"])

    @guarded
    def _nudge(self, steps: int) -> None:
        self.preview(self.slider.value + steps)

    def preview(self, index: int) -> None:
        """Show step ``index`` in every view, read-only (the store is not written)."""
        if self.recording is None:
            return
        index = min(max(index, 0), len(self.recording.steps) - 1)
        if index == self.recording.position and not self.recording.previewing:
            return
        with bus.click(self.manager):
            self.recording.preview(index)

    @guarded
    def commit(self) -> None:
        """Continue the story from the previewed step (or from the slider's step)."""
        if self.recording is None:
            return
        with bus.click(self.manager):
            if not self.recording.previewing and self.slider.value != self.recording.position:
                self.recording.preview(self.slider.value)
            self.recording.commit()

    @guarded
    def end_preview(self) -> None:
        """Return to where the story stood before the preview."""
        if self.recording is not None and self.recording.previewing:
            with bus.click(self.manager):
                self.recording.end_preview()

    @guarded
    def rewind_to(self, index: int) -> None:
        """Return the manager to step ``index`` for good and redraw every view."""
        if self.recording is not None and 0 <= index < len(self.recording.steps):
            with bus.click(self.manager):
                self.recording.rewind_to(index)

    # ---------------------------------------------------------------- drawing
    def _redraw(self, snap: bus.Snapshot) -> None:
        if self.recording is None:
            self.hint.value = (
                f'<span style="color:#6c757d;font-size:12px">{UNSUPPORTED_HINT}</span>'
            )
            self.slider.disabled = self.rewind_button.disabled = True
            self.back.disabled = self.forward.disabled = self.latest_button.disabled = True
            return
        self._names.update(snap.labels)
        steps = self.recording.steps
        position = max(self.recording.position, 0)
        self._syncing = True
        try:
            with self.slider.hold_sync():  # one message for the three changes
                self.slider.disabled = len(steps) < 2
                self.slider.max = max(len(steps) - 1, 0)
                self.slider.value = position
        finally:
            self._syncing = False
        previewing = self.recording.previewing
        self.back.disabled = position == 0
        self.forward.disabled = position >= len(steps) - 1
        self.rewind_button.disabled = not previewing
        self.latest_button.disabled = not previewing
        self.latest_button.layout.display = None if previewing else "none"
        if previewing:
            label = html.escape(self.label(position))
            count = f"step {position} of {len(steps) - 1}"
            self.when.value = (
                '<div class="wmkit-preview" style="background:#e7f5ff;border-left:4px solid '
                '#1c7ed6;padding:2px 8px;font-size:13px">'
                f"<b>previewing {count}</b> (read-only): {label}<br>"
                "“⏪ rewind here” continues the story from this step; "
                "“back to latest” returns.</div>"
            )
        else:  # the caption under the clock already says what the latest step did
            self.when.value = ""
        self.hint.value = ""

    def label(self, index: int) -> str:
        """Step ``index``'s label, computed once per step."""
        steps = self.checkpoints
        if not 0 <= index < len(steps):
            return ""
        step = steps[index]
        cached = self._labels.get(id(step))
        if cached is None or cached[0] is not step:
            cached = self._labels[id(step)] = (step, step_label(steps, index, self._names).text)
        return cached[1]
