"""``Scenario`` and ``Cue``: a named situation an instructor can load in one call.

A scenario *builds* a fresh manager (enqueues its works, sets the device) and may carry
*cues*: things that happen later in the story ("the phone loses wifi at 1:00", "the
user cancels the upload at 0:40"). ``play`` drives the clock through the cues, so a
lesson, a test or the Studio's picker can show the whole story, or stop half-way and
let the student predict what comes next. ``step`` and ``advance`` move through the same
story one click at a time (the Studio's clock buttons): each stops right after the cue
it played, so a class sees the cue's effect before the clock moves on.

A manager remembers the scenario built on it (:func:`scenario_of`), so a Studio opened
on ``scenarios.load(...)`` knows which story it shows.

Every work a scenario enqueues carries a *role* tag (``"upload"``, ``"join"``...), so a
lesson finds it with ``manager.get_work_infos_by_tag("upload")``, as an app would.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from ..errors import IllegalArgumentError, WorkManagerError
from ..manager.manager import WorkManager
from ..trace.events import Event
from ..units import format_duration, format_millis, to_millis


@dataclass(frozen=True)
class Cue:
    """Something the story does at ``at`` after the scenario was built."""

    at: timedelta
    what: str
    action: Callable[[WorkManager], Any]

    @property
    def at_millis(self) -> int:
        return to_millis(self.at, name="Cue.at")


class CueError(WorkManagerError, RuntimeError):
    """A scenario's cue raised: the story goes on without it (it counts as played)."""


@dataclass
class _Progress:
    """Where one manager stands in a scenario: its origin and the cues already played."""

    origin: int
    played: set[int] = field(default_factory=set)
    scenario: Scenario | None = None


# Keyed by manager, weakly: a forgotten manager takes its progress with it.
_progress: weakref.WeakKeyDictionary[WorkManager, _Progress] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Scenario:
    """A named, documented situation: what to build, what happens later, what it shows.

    ``summary`` says what the scenario teaches and what to watch for; ``android_notes``
    names the Android rules behind it; ``run_for`` is how long to drive the clock (from
    the moment it was built) to see the whole story.
    """

    name: str
    title: str
    summary: str
    android_notes: str
    builder: Callable[[WorkManager], Any]
    roles: tuple[str, ...]
    run_for: timedelta
    cues: tuple[Cue, ...] = ()
    lessons: tuple[str, ...] = ()

    # ----------------------------------------------------------------- setting up
    def build(self, manager: WorkManager) -> WorkManager:
        """Enqueue this scenario's works on ``manager`` and set its device, now."""
        if not isinstance(manager, WorkManager):
            raise IllegalArgumentError(f"build() takes a WorkManager, got {manager!r}.")
        if manager.describe_works():
            raise IllegalArgumentError(
                f"Scenario {self.name!r} needs an empty WorkManager; this one already holds "
                "work. Use scenarios.load(name) for a fresh one."
            )
        _progress[manager] = _Progress(manager.clock.now_millis, scenario=self)
        self.builder(manager)
        from .recording import record  # late: the recording reads this module

        record(manager)  # rewinding starts at the story's first instant
        return manager

    def load(self, path: Any = None, **kwargs: Any) -> WorkManager:
        """A fresh ``WorkManager(path, **kwargs)`` (in memory by default), built.

        A ``path`` must not hold a store with work in it already: a scenario starts
        from nothing (delete the file, or use ``tempfile.mkdtemp()``).
        """
        manager = WorkManager(path, **kwargs)
        try:
            return self.build(manager)
        except BaseException:
            manager.close()
            raise

    # ----------------------------------------------------------------- playing
    def origin(self, manager: WorkManager) -> int:
        """The virtual instant this scenario was built on ``manager`` (0 if unknown)."""
        progress = _progress.get(manager)
        return 0 if progress is None else progress.origin

    def pending_cues(self, manager: WorkManager) -> list[tuple[int, Cue]]:
        """The cues not played yet on ``manager``, with the virtual instant each is due."""
        progress = _progress.setdefault(manager, _Progress(0))
        return [
            (progress.origin + cue.at_millis, cue)
            for index, cue in enumerate(self.cues)
            if index not in progress.played
        ]

    def next_cue(self, manager: WorkManager) -> tuple[int, Cue] | None:
        """The earliest cue not played yet on ``manager``, with its instant (or None)."""
        pending = self.pending_cues(manager)
        return min(pending, key=lambda entry: entry[0]) if pending else None

    def play(self, manager: WorkManager, until: timedelta | None = None) -> list[Event]:
        """Drive the clock to ``until`` after the origin (default ``run_for``), playing
        each cue at its instant. A cue whose instant has already passed (because the
        clock was driven by hand) plays now. Returns the events that happened."""
        progress = _progress.setdefault(manager, _Progress(0))
        limit = self.run_for if until is None else until
        target = progress.origin + to_millis(limit, name="until")
        events: list[Event] = []
        while True:
            cue = self.next_cue(manager)
            if cue is None or cue[0] > target:
                break
            events.extend(self._play_cue(manager, *cue))
        if target > manager.clock.now_millis:
            events.extend(manager.advance_to(target))
        return events

    def step(self, manager: WorkManager) -> list[Event]:
        """One click of the story: the next instant at which anything happens, where a
        due cue counts as a happening (it is played after the engine's events of its
        instant, as :meth:`play` does). ``[]`` when neither the engine nor the story
        has anything left."""
        cue = self.next_cue(manager)
        upcoming = manager.next_event_millis()
        if cue is not None and (upcoming is None or cue[0] <= upcoming):
            return self._play_cue(manager, *cue)
        return list(manager.step())

    def advance(self, manager: WorkManager, delta: timedelta) -> list[Event]:
        """Move the clock forward by ``delta``, but stop right after the first cue due on
        the way (played at its instant). The Studio's jump buttons and Play use it."""
        target = manager.clock.now_millis + to_millis(delta, name="advance()")
        cue = self.next_cue(manager)
        if cue is not None and cue[0] <= target:
            return self._play_cue(manager, *cue)
        return list(manager.advance_to(target))

    def _play_cue(self, manager: WorkManager, at: int, cue: Cue) -> list[Event]:
        """Drive the clock to ``at`` (if it is not past it), play ``cue``, and let the
        engine react at that same instant."""
        progress = _progress.setdefault(manager, _Progress(0))
        events: list[Event] = []
        if at > manager.clock.now_millis:
            events.extend(manager.advance_to(at))
        progress.played.add(next(i for i, c in enumerate(self.cues) if c is cue))
        failure: Exception | None = None
        start = len(manager.trace)
        try:
            cue.action(manager)
        except Exception as error:
            failure = error
        events.extend(manager.trace[start:])  # what the cue itself did (a cancel, a flip)
        events.extend(manager.advance(timedelta(0)))
        if failure is not None:
            raise CueError(
                f"The cue {cue.what!r} of scenario {self.name!r} raised "
                f"{type(failure).__name__}: {failure}. It counts as played and the story "
                "goes on without it; what the cue changed before it raised is kept."
            ) from failure
        return events

    def end_millis(self, manager: WorkManager) -> int:
        """The virtual instant at which the story has been told (origin + ``run_for``)."""
        return self.origin(manager) + to_millis(self.run_for)

    # ----------------------------------------------------------------- finding works
    def ids(self, manager: WorkManager) -> dict[str, uuid.UUID]:
        """Role -> id of the newest stored work with that role tag (roles with no
        stored work are left out: not enqueued yet, or deleted)."""
        found = {}
        for role in self.roles:
            infos = manager.get_work_infos_by_tag(role)
            if infos:
                found[role] = infos[-1].id
        return found

    # ----------------------------------------------------------------- showing
    def describe(self) -> str:
        """The scenario as Markdown: what it teaches, its cues, the Android rules."""
        lines = [f"### {self.title} (`{self.name}`)", "", self.summary, ""]
        if self.cues:
            lines.append("**What happens, and when** (after the scenario is built):")
            lines.append("")
            lines.extend(f"- at {format_millis(c.at_millis)}: {c.what}" for c in self.cues)
            lines.append("")
        lines.append(f"Drive the clock {format_duration(to_millis(self.run_for))} to see it all.")
        lines.extend(["", f"**On a real phone:** {self.android_notes}"])
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.describe()

    def __repr__(self) -> str:
        return f"<Scenario {self.name!r}: {self.title}>"


def scenario_of(manager: object) -> Scenario | None:
    """The scenario built on ``manager`` (by ``scenarios.load`` or ``Scenario.build``),
    or None for a manager built by hand."""
    try:
        progress = _progress.get(manager)  # type: ignore[call-overload]
    except TypeError:  # not weakly referenceable: certainly not a scenario's manager
        return None
    return None if progress is None else progress.scenario


def played_cues(manager: WorkManager) -> frozenset[int]:
    """Indexes of the cues already played on ``manager`` (for rewinding a story)."""
    progress = _progress.get(manager)
    return frozenset() if progress is None else frozenset(progress.played)


def set_played_cues(manager: WorkManager, played: frozenset[int]) -> None:
    """Put the story back where a checkpoint found it: these cues played, the rest not."""
    progress = _progress.get(manager)
    if progress is not None:
        progress.played = set(played)


def role_id(manager: WorkManager, role: str) -> uuid.UUID:
    """The id of the newest stored work tagged ``role`` (for cues)."""
    infos = manager.get_work_infos_by_tag(role)
    if not infos:
        raise IllegalArgumentError(f"No stored work has the role tag {role!r}.")
    return infos[-1].id
