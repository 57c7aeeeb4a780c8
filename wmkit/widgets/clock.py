"""``ClockControls``: drive the virtual clock from buttons, or let it play.

Play/Pause uses an ``ipywidgets.Play``: the *browser* ticks its ``value`` every
``interval`` ms and the kernel reacts to each tick in an ``observe`` callback, on the
kernel's own thread. No background thread or asyncio task touches the engine, so a
tick never runs while a notebook cell does (the kernel handles widget messages
between cells), and a headless test plays by setting ``play.value``. When nothing is
left to run, playing pauses itself.

On a scenario's manager the controls follow the story (``Scenario.step`` and
``Scenario.advance``): "next event", the jumps and Play fire each cue when it falls due
and stop right after it (Play pauses there, so the class sees what the cue did), and a
line under the clock says what comes next in the story. A second line, the caption,
says what the last click did (``narration``).
"""

from __future__ import annotations

import contextlib
import html
from datetime import timedelta
from typing import Any

import ipywidgets as widgets

from ..units import DAY, HOUR, MINUTE, SECOND, format_millis
from . import _snapshot as bus
from . import focus
from ._base import ManagerView, guarded
from ._story import recording_of, scenario_of
from .caption import short_time

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
#: At most this many quiet engine instants (nothing happened) are stepped over in one
#: "next event" click.
QUIET_STEPS = 200

CAPTION_STYLE = (
    "font-size:15px;line-height:1.35;background:#fff9db;border-left:4px solid #f08c00;"
    "padding:3px 8px;margin:2px 0;color:#212529"
)
STORY_STYLE = "font-size:14px;color:#364fc7;padding:1px 8px"


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
        self.story = widgets.HTML(value="")
        self.story.add_class("wmkit-story-line")
        self.caption = widgets.HTML(value="")
        self.caption.add_class("wmkit-caption")
        row1 = widgets.HBox(
            [self.clock_label, self.next_button, *self.jump_buttons.values()],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        row2 = widgets.HBox(
            [self.play, self.speed, self.tick, self.status],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        self.children = [row1, row2, self.story, self.caption, self.errors]
        self.bind(manager)

    # ---------------------------------------------------------------- actions
    def _story(self) -> Any:
        """The scenario this manager plays, or None (then the buttons move the engine)."""
        return scenario_of(self.manager)

    def _played(self) -> int:
        story = self._story()
        return 0 if story is None else len(story.cues) - len(story.pending_cues(self.manager))

    @guarded
    def _next_event(self, _button: Any = None) -> None:
        if not self._step():
            self.status.value = _muted("nothing is scheduled: the clock has nothing to jump to")

    def _step(self) -> bool:
        """One "next event" of the story (or of the engine); False when nothing is left.

        An engine instant at which nothing happened (a re-check of the phone's rules
        that found nothing to change, set for a Doze window or a quota that a device
        change or an ended run made moot) is stepped over, so every click shows
        something; on a story the click stops at the story's end rather than run past it.
        """
        story = self._story()
        manager = self.manager
        recording = recording_of(manager)
        merged = recording.as_one_step() if recording is not None else contextlib.nullcontext()
        with bus.click(manager), merged:
            for _ in range(QUIET_STEPS):
                played = self._played()
                events = story.step(manager) if story else manager.step()
                upcoming = _upcoming(manager, story)
                if events or self._played() > played or upcoming is None:
                    return bool(events) or upcoming is not None
                now = manager.clock.now_millis
                end = story.end_millis(manager) if story is not None else None
                if end is not None and now < end < upcoming:
                    story.advance(manager, timedelta(milliseconds=end - now))
                    return True
        return True

    @guarded
    def _advance(self, millis: int) -> None:
        self._move(millis)

    def _move(self, millis: int) -> Any:
        story = self._story()
        with bus.click(self.manager):
            if story is not None:
                return story.advance(self.manager, timedelta(milliseconds=millis))
            return self.manager.advance(timedelta(milliseconds=millis))

    @guarded
    def _on_tick(self, change: dict[str, Any]) -> None:
        if change["new"] <= change["old"]:
            return  # the Play widget's stop button rewinds its counter: not a tick
        played = self._played()
        step = self.tick.value
        if step:
            self._move(step)
        elif not self._step():
            self.play.playing = False
            self.status.value = _muted("paused: nothing left to run")
        if self._played() > played:
            self.play.playing = False
            self.status.value = _muted("paused at a story cue: press ▶ to go on")

    @guarded
    def _on_speed(self, change: dict[str, Any]) -> None:
        self.play.interval = change["new"]

    # ---------------------------------------------------------------- drawing
    def _redraw(self, snap: bus.Snapshot) -> None:
        self.clock_label.value = clock_text(snap.now)
        previewing = _previewing(self.manager)  # a rewind preview is read-only
        for button in (self.next_button, *self.jump_buttons.values()):
            button.disabled = previewing
        self.play.disabled = previewing
        story = self._story()
        self.status.value = _muted(_status(self.manager, story))
        self.story.value = _story_line(self.manager, story, snap.now)
        told = focus.focus_of(self.manager).caption
        self.caption.value = (
            f'<div class="wmkit-caption-text" title="what the last step did" '
            f'style="{CAPTION_STYLE}">'
            f"{html.escape(told)}</div>"
            if told
            else ""
        )


def _story_line(manager: Any, story: Any, now: int) -> str:
    """ "next in story: 0:40 the user cancels the upload", or how the story stands: true
    at every click (no claim about an instant the clock has not reached)."""
    if story is None:
        return ""
    origin = story.origin(manager)
    end = story.end_millis(manager)
    cue = story.next_cue(manager)
    if cue is not None:
        at, what = cue[0], cue[1].what
        text = f"<b>next in story:</b> {short_time(at - origin)} {html.escape(what)}"
        return _story_div(text)
    upcoming = _upcoming(manager)
    cued = "every cue played" if story.cues else "no cues"
    runs_to = short_time(end - origin)
    if now >= end:
        text = f"<b>story over</b> (it ran to {runs_to}): {cued}; the clock can go on"
    elif upcoming is None:
        text = f"<b>story over</b>: {cued} and no work has anything left to do"
    elif upcoming > end:
        text = f"<b>story over</b>: {cued}; nothing else happens in it (it runs to {runs_to})"
    elif story.cues:
        text = f"<b>story:</b> every cue played; the works play out the rest (it runs to {runs_to})"
    else:
        text = f"<b>story:</b> no cues: the works tell this story (it runs to {runs_to})"
    return _story_div(text)


def _story_div(text: str) -> str:
    return f'<div class="wmkit-story-text" style="{STORY_STYLE}">📖 {text}</div>'


def _previewing(manager: Any) -> bool:
    recording = recording_of(manager)
    return recording is not None and recording.previewing


def _upcoming(manager: Any, story: Any = None) -> int | None:
    """When the next thing happens: the engine's next event or the story's next cue."""
    probe = getattr(manager, "next_event_millis", None)
    upcoming = probe() if callable(probe) else None
    cue = story.next_cue(manager) if story is not None else None
    if cue is not None and (upcoming is None or cue[0] < upcoming):
        return max(cue[0], manager.clock.now_millis)
    return upcoming


def _status(manager: Any, story: Any) -> str:
    """What the clock knows is coming. An engine timer is named as a timer, not as an
    event: it may find nothing to do (a Doze or quota re-check), and "next event"
    steps over such an instant."""
    upcoming = _upcoming(manager, story)
    if upcoming is None:
        return "nothing scheduled"
    cue = story.next_cue(manager) if story is not None else None
    if cue is not None and max(cue[0], manager.clock.now_millis) == upcoming:
        return f"story cue at {format_millis(upcoming)}"
    return f"engine's next timer at {format_millis(upcoming)}"


def _muted(text: str) -> str:
    return f'<span class="wmkit-muted" style="color:#6c757d;font-size:12px">{text}</span>'
