"""``RewindBar``: go back to any earlier step of this session.

After every step it asks the engine for a checkpoint (``manager.checkpoint()``, an
opaque object) and keeps one per step; "rewind" hands the chosen one back with
``manager.restore_checkpoint(cp)`` and redraws every view. Stepping on from a rewound
point forgets the steps that came after it, like undo. A manager without checkpoints
gets a disabled bar and a hint, never an error.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..units import format_millis
from . import _snapshot as bus
from ._base import ManagerView, guarded

#: Checkpoints kept at most; the oldest are dropped first.
MAX_CHECKPOINTS = 500
UNSUPPORTED_HINT = (
    "Rewind needs manager.checkpoint() and manager.restore_checkpoint(), which this "
    "version of the engine does not have yet."
)


def supports_checkpoints(manager: Any) -> bool:
    return callable(getattr(manager, "checkpoint", None)) and callable(
        getattr(manager, "restore_checkpoint", None)
    )


class RewindBar(ManagerView):
    """A slider over the recorded steps and a button to return to the chosen one.

    ``checkpoints`` is a list of ``(virtual millis, trace length, checkpoint)``.
    """

    def __init__(self, manager: Any, *, max_checkpoints: int = MAX_CHECKPOINTS) -> None:
        super().__init__()
        self.max_checkpoints = max_checkpoints
        self.checkpoints: list[tuple[int, int, Any]] = []
        self.position = -1
        self._restoring = False
        self.slider = widgets.IntSlider(
            value=0,
            min=0,
            max=0,
            description="step",
            continuous_update=False,
            readout=True,
            layout=widgets.Layout(width="360px"),
        )
        self.slider.observe(self._on_slide, "value")
        self.when = widgets.Label(value="")
        self.rewind_button = widgets.Button(
            description="⏪ rewind here",
            tooltip="manager.restore_checkpoint(...)",
            layout=widgets.Layout(width="auto"),
        )
        self.rewind_button.on_click(lambda _b: self.rewind_to(self.slider.value))
        self.hint = widgets.HTML(value="")
        row = widgets.HBox(
            [self.slider, self.when, self.rewind_button],
            layout=widgets.Layout(align_items="center"),
        )
        self.children = [row, self.hint, self.errors]
        self.add_class("wmkit-rewind")
        self.bind(manager)

    def _reset(self) -> None:
        self.checkpoints = []
        self.position = -1

    @property
    def supported(self) -> bool:
        return self.manager is not None and supports_checkpoints(self.manager)

    @guarded
    def _on_slide(self, _change: Any = None) -> None:
        self._label()

    def _label(self) -> None:
        index = self.slider.value
        if 0 <= index < len(self.checkpoints):
            millis, events, _ = self.checkpoints[index]
            self.when.value = f"{format_millis(millis)} · {events} events"

    def _redraw(self, snap: bus.Snapshot) -> None:
        if not self.supported:
            self.hint.value = (
                f'<span style="color:#6c757d;font-size:12px">{UNSUPPORTED_HINT}</span>'
            )
            self.slider.disabled = self.rewind_button.disabled = True
            return
        if not self._restoring:
            self._record(snap)
        with self.slider.hold_sync():  # one message for the three changes
            self.slider.disabled = len(self.checkpoints) < 2
            self.slider.max = max(len(self.checkpoints) - 1, 0)
            self.slider.value = max(self.position, 0)
        self.rewind_button.disabled = len(self.checkpoints) < 2
        self._label()

    def _record(self, snap: bus.Snapshot) -> None:
        """One checkpoint for the state just reached; later ones are forgotten."""
        del self.checkpoints[self.position + 1 :]
        self.checkpoints.append((snap.now, snap.key[0], self.manager.checkpoint()))
        if len(self.checkpoints) > self.max_checkpoints:
            del self.checkpoints[0]
        self.position = len(self.checkpoints) - 1

    @guarded
    def rewind_to(self, index: int) -> None:
        """Return the manager to checkpoint ``index`` and redraw every view."""
        if not self.supported or not 0 <= index < len(self.checkpoints):
            return
        self._restoring = True
        try:
            self.manager.restore_checkpoint(self.checkpoints[index][2])
            self.position = index
            bus.notify(self.manager)
            self.refresh(force=True)
        finally:
            self._restoring = False
