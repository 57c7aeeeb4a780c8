"""A story you can rewind: one checkpoint per engine step of a manager.

Recording starts when a scenario is built on a manager (``scenarios.load(...)``), so a
story played in code before the Studio was opened, or played by the Studio's "play
story" in one click, can still be scrubbed from its first instant. A manager built by
hand starts recording when something asks for it (the Studio's rewind bar).

A *step* is what happened between two moments the manager stood still: one engine
instant inside ``advance``/``step`` (heard through ``manager.add_instant_listener``), or
one public call that changed the manager without running an instant (an enqueue, a
cancel, a device change, a cue, a quiet jump of the clock). Each step keeps its events,
the device after it, the story's played cues and a checkpoint, so a step can be shown
(labelled by its main event) and returned to.

*Previewing* a step rewinds the manager inside ``manager.batch()``: the views show that
step, nothing is written to the store, and :meth:`Recording.end_preview` returns to
where the story was; :meth:`Recording.commit` keeps the previewed step instead (the
later steps are forgotten once the story steps on from there, like undo).

>>> from wmkit import scenarios
>>> wm = scenarios.load("diamond_cancel")
>>> _ = scenarios.get("diamond_cancel").play(wm)
>>> steps = recording_of(wm).steps
>>> steps[0].millis, steps[-1].millis, [s.cue for s in steps if s.cue]
(0, 120000, ['the user cancels the upload'])
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..manager.manager import WorkManager
from ..trace.events import Event
from .base import played_cues, scenario_of, set_played_cues

#: Steps kept at most (each holds a checkpoint of every work); the oldest go first.
MAX_STEPS = 500


@dataclass(frozen=True)
class Step:
    """One step of a recorded story: what happened, and the manager right after it."""

    millis: int
    trace_length: int
    checkpoint: Any
    events: tuple[Event, ...]
    device: Any
    played: frozenset[int]
    cue: str | None = None  # the story's cue played in this step, if any


class Recording:
    """The steps of one manager, oldest first; ``position`` is the step it stands at."""

    def __init__(self, manager: WorkManager, *, max_steps: int = MAX_STEPS) -> None:
        self._manager = weakref.ref(manager)
        self.max_steps = max_steps
        self.steps: list[Step] = []
        self.position = -1
        self.previewing = False
        self._batch: contextlib.AbstractContextManager[Any] | None = None
        self._latest = -1  # the step the story stood at when a preview began
        self._quiet = False  # our own restores are not steps
        self._seen = (-1, -1)  # (trace length, clock) when the last step was taken
        self._one_from: int | None = None  # steps from here on merge (see as_one_step)
        self._take()
        manager.add_instant_listener(self._on_instant)
        manager.add_listener(self._on_commit)

    @property
    def manager(self) -> WorkManager | None:
        return self._manager()

    # ------------------------------------------------------------------ recording
    def _on_instant(self) -> None:
        manager = self._manager()
        if manager is not None and not self._quiet and len(manager.trace) > self._seen[0]:
            self._take()

    def _on_commit(self, _events: Any) -> None:
        manager = self._manager()
        if manager is None or self._quiet:
            return
        trace = manager.trace
        now = (len(trace), manager.clock.now_millis)
        if now == self._seen:
            return
        if now[0] < self._seen[0] + 1 and len(trace) and trace[-1].kind == "rewind":
            self._follow_restore(now)  # a checkpoint restored by hand, in a cell
            return
        if self.previewing:
            self._leave_batch()  # code stepped on from the previewed step: keep it
        self._take()

    def _take(self) -> None:
        """Record the manager as it is now as a new step after ``position``."""
        manager = self._manager()
        if manager is None:
            return
        trace = manager.trace
        played = played_cues(manager)
        if self.steps:  # what happened since the step the manager stood at
            new = played - self.steps[self.position].played
            start, cue = self._seen[0], _cue_text(manager, new)
        else:  # the first step is where the story starts: nothing happened yet
            start, cue = len(trace), None
        step = Step(
            millis=manager.clock.now_millis,
            trace_length=len(trace),
            checkpoint=manager.checkpoint(),
            events=tuple(trace[start:]),
            device=manager.device,
            played=played,
            cue=cue,
        )
        del self.steps[self.position + 1 :]
        last = self.steps[-1] if self.position > 0 else None
        merging = self._one_from is not None and len(self.steps) > self._one_from
        if last is not None and not last.events and (last.millis == step.millis or merging):
            self.steps.pop()  # the clock only came here to do this: one step, not two
        self.steps.append(step)
        if len(self.steps) > self.max_steps:
            del self.steps[: len(self.steps) - self.max_steps]
        self.position = len(self.steps) - 1
        self._seen = (step.trace_length, step.millis)

    def _follow_restore(self, now: tuple[int, int]) -> None:
        """Someone restored one of our checkpoints: stand at that step again."""
        self._seen = now
        for index, step in enumerate(self.steps):
            if step.trace_length == now[0] - 1 and step.millis == now[1]:
                self.position = index
                manager = self._manager()
                if manager is not None:
                    set_played_cues(manager, step.played)
                return

    @contextlib.contextmanager
    def as_one_step(self) -> Iterator[None]:
        """Record what happens inside as one step: an instant at which nothing happened
        (the Studio's "next event" steps over such re-checks) is not a step of its own,
        it joins the step that follows it."""
        outer, self._one_from = self._one_from, len(self.steps)
        try:
            yield
        finally:
            self._one_from = outer

    # ------------------------------------------------------------------ going back
    def _restore(self, index: int) -> None:
        manager = self._manager()
        if manager is None or not 0 <= index < len(self.steps):
            raise IndexError(f"no recorded step {index}; there are {len(self.steps)}")
        step = self.steps[index]
        with self._quietly():
            manager.restore_checkpoint(step.checkpoint)
            set_played_cues(manager, step.played)
            self.position = index
            self._seen = (len(manager.trace), manager.clock.now_millis)

    def rewind_to(self, index: int) -> None:
        """Return the manager to step ``index`` for good (the store is written)."""
        if self.previewing:
            self.preview(index)
            self.commit()
        else:
            self._restore(index)

    def preview(self, index: int) -> None:
        """Show step ``index`` without writing the store; :meth:`end_preview` or
        :meth:`commit` ends the preview."""
        manager = self._manager()
        if manager is None:
            return
        if not self.previewing:
            self._latest = self.position
            self._batch = manager.batch()
            self._batch.__enter__()
            self.previewing = True
        self._restore(index)

    def end_preview(self) -> None:
        """Leave the preview: the manager is back where the story stood before it."""
        if self.previewing:
            if self.position != self._latest:
                self._restore(self._latest)
            self._leave_batch()

    def commit(self) -> None:
        """Keep the previewed step: the story goes on from here."""
        self._leave_batch()

    def _leave_batch(self) -> None:
        batch, self._batch = self._batch, None
        self.previewing = False
        if batch is not None:
            with self._quietly():
                batch.__exit__(None, None, None)
                manager = self._manager()
                if manager is not None:
                    self._seen = (len(manager.trace), manager.clock.now_millis)

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    def close(self) -> None:
        """Stop recording (the steps stay readable)."""
        self.end_preview()
        manager = self._manager()
        if manager is not None:
            manager.remove_instant_listener(self._on_instant)
            manager.remove_listener(self._on_commit)
            _recordings.pop(manager, None)


def _cue_text(manager: WorkManager, new: frozenset[int]) -> str | None:
    scenario = scenario_of(manager)
    if scenario is None or not new:
        return None
    return "; ".join(scenario.cues[i].what for i in sorted(new) if i < len(scenario.cues))


_recordings: weakref.WeakKeyDictionary[WorkManager, Recording] = weakref.WeakKeyDictionary()


def record(manager: WorkManager) -> Recording:
    """The manager's recording, started now if it had none."""
    recording = _recordings.get(manager)
    if recording is None:
        recording = _recordings[manager] = Recording(manager)
    return recording


def recording_of(manager: Any) -> Recording | None:
    """The manager's recording, or None if nothing started one."""
    try:
        return _recordings.get(manager)
    except TypeError:  # not weakly referenceable
        return None
