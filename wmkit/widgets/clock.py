"""``ClockControls``: drive the virtual clock from buttons, or let it play.

Play/Pause uses an ``ipywidgets.Play``: the *browser* ticks its ``value`` every
``interval`` ms and the kernel reacts to each tick in an ``observe`` callback, on the
kernel's own thread. No background thread or asyncio task touches the engine, so a
tick never runs while a notebook cell does (the kernel handles widget messages
between cells), and a headless test plays by setting ``play.value``. When nothing is
left to run, playing pauses itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import ipywidgets as widgets

from ..units import DAY, HOUR, MINUTE, SECOND, format_millis
from . import _snapshot as bus
from ._base import ManagerView, guarded

#: The jump buttons: label and virtual milliseconds.
JUMPS: tuple[tuple[str, int], ...] = (
    ("+1 min", MINUTE),
    ("+15 min", 15 * MINUTE),
    ("+1 h", HOUR),
    ("+1 day", DAY),
)
#: Play speeds: label and milliseconds of wall time between ticks.
SPEEDS: tuple[tuple[str, int], ...] = (
    ("1 tick/s", 1000),
    ("2 ticks/s", 500),
    ("5 ticks/s", 200),
    ("10 ticks/s", 100),
)
#: What one tick does: the next event, or a fixed stretch of virtual time.
TICKS: tuple[tuple[str, int], ...] = (
    ("next event", 0),
    ("+1 s", SECOND),
    ("+1 min", MINUTE),
    ("+15 min", 15 * MINUTE),
    ("+1 h", HOUR),
)


def clock_text(millis: int) -> str:
    """The time as the views show it: ``T+0d 00:15:00``."""
    return format_millis(millis)


class ClockControls(ManagerView):
    """Next event, +1 min, +15 min, +1 h, +1 day, Play/Pause with a speed, and the time."""

    def __init__(self, manager: Any, *, interval_ms: int = 500) -> None:
        super().__init__(layout=widgets.Layout(width="100%"))
        self.clock_label = widgets.Label(
            value=clock_text(manager.clock.now_millis),
            layout=widgets.Layout(min_width="150px"),
            style={"font_weight": "bold", "font_size": "15px"},
        )
        self.next_button = widgets.Button(
            description="⏭ next event",
            tooltip="jump to the next instant at which anything happens (manager.step())",
            button_style="primary",
            layout=widgets.Layout(width="auto"),
        )
        self.next_button.on_click(self._next_event)
        self.next_button.add_class("wmkit-next-event")
        self.clock_label.add_class("wmkit-clock")
        self.add_class("wmkit-clock-controls")
        self.jump_buttons: dict[str, widgets.Button] = {}
        for label, millis in JUMPS:
            button = widgets.Button(
                description=label,
                tooltip=f"manager.advance(timedelta(milliseconds={millis}))",
                layout=widgets.Layout(width="auto"),
            )
            button.on_click(lambda _b, m=millis: self._advance(m))
            self.jump_buttons[label] = button
        self.play = widgets.Play(
            value=0,
            min=0,
            max=10**9,
            step=1,
            interval=interval_ms,
            show_repeat=False,
            description="Play",
            tooltip="play / pause the clock",
        )
        self.play.observe(self._on_tick, "value")
        self.speed = widgets.Dropdown(
            options=list(SPEEDS),
            value=interval_ms if interval_ms in dict(SPEEDS).values() else 500,
            description="speed",
            layout=widgets.Layout(width="170px"),
        )
        self.speed.observe(self._on_speed, "value")
        self.tick = widgets.Dropdown(
            options=list(TICKS),
            value=0,
            description="each tick",
            layout=widgets.Layout(width="200px"),
        )
        self.status = widgets.HTML(value="")
        row1 = widgets.HBox(
            [self.clock_label, self.next_button, *self.jump_buttons.values()],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        row2 = widgets.HBox(
            [self.play, self.speed, self.tick, self.status],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        self.children = [row1, row2, self.errors]
        self.bind(manager)

    # ---------------------------------------------------------------- actions
    @guarded
    def _next_event(self, _button: Any = None) -> None:
        events = self.manager.step()
        if not events:
            self.status.value = _muted("nothing is scheduled: the clock has nothing to jump to")
        self._after(events)

    @guarded
    def _advance(self, millis: int) -> None:
        self._after(self.manager.advance(timedelta(milliseconds=millis)))

    def _after(self, events: Any) -> None:
        """Redraw everyone even when the call made no events (the clock still moved)."""
        if not events:
            bus.notify(self.manager)
        self.refresh()

    @guarded
    def _on_tick(self, change: dict[str, Any]) -> None:
        if change["new"] <= change["old"]:
            return  # the Play widget's stop button rewinds its counter: not a tick
        step = self.tick.value
        if step:
            self._after(self.manager.advance(timedelta(milliseconds=step)))
            return
        events = self.manager.step()
        if not events and _upcoming(self.manager) is None:
            self.play.playing = False
            self.status.value = _muted("paused: nothing left to run")
        self._after(events)

    @guarded
    def _on_speed(self, change: dict[str, Any]) -> None:
        self.play.interval = change["new"]

    # ---------------------------------------------------------------- drawing
    def _redraw(self, snap: bus.Snapshot) -> None:
        self.clock_label.value = clock_text(snap.now)
        upcoming = _upcoming(self.manager)
        if upcoming is None:
            self.status.value = _muted("nothing scheduled")
        else:
            self.status.value = _muted(f"next event at {format_millis(upcoming)}")


def _upcoming(manager: Any) -> int | None:
    probe = getattr(manager, "next_event_millis", None)
    return probe() if callable(probe) else None


def _muted(text: str) -> str:
    return f'<span style="color:#6c757d;font-size:12px">{text}</span>'
