"""The scenario side of a manager, for the views: which story it plays, which cues have
played, its recording. ``wmkit.scenarios`` may be missing from an installation (the
picker then says so), so every view asks through here and gets None instead of an
ImportError."""

from __future__ import annotations

from typing import Any


def scenario_of(manager: Any) -> Any:
    """The scenario built on ``manager``, or None (none, or no ``wmkit.scenarios``)."""
    try:
        from ..scenarios import scenario_of as lookup
    except ImportError:
        return None
    return lookup(manager)


def played_cues(manager: Any) -> frozenset[int]:
    """Indexes of the story's cues already played on ``manager``."""
    try:
        from ..scenarios.base import played_cues as lookup
    except ImportError:
        return frozenset()
    try:
        return lookup(manager)
    except TypeError:  # a stand-in that cannot be weakly referenced
        return frozenset()


def record(manager: Any) -> Any:
    """The manager's step recording (started now if needed), or None without
    ``wmkit.scenarios``."""
    try:
        from ..scenarios.recording import record as start
    except ImportError:
        return None
    return start(manager)


def recording_of(manager: Any) -> Any:
    """The manager's step recording if one was started, else None."""
    try:
        from ..scenarios.recording import recording_of as lookup
    except ImportError:
        return None
    return lookup(manager)
