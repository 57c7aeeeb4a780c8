"""The scenario catalogue: named situations an instructor loads in one call.

Each :class:`Scenario` builds a fresh manager (its works enqueued, its device set),
documents what it teaches and the Android rules behind it, and may carry *cues*, later
events of the story that :meth:`Scenario.play` performs while driving the clock.

>>> from wmkit import scenarios
>>> [s.name for s in scenarios.catalogue()][:3]
['fan_in_merge', 'diamond_cancel', 'retry_backoff']
>>> wm = scenarios.load("diamond_cancel")
>>> _ = scenarios.get("diamond_cancel").play(wm)
>>> ids = scenarios.get("diamond_cancel").ids(wm)
>>> wm.get_work_info_by_id(ids["upload"]).state, wm.get_work_info_by_id(ids["notify"]).state
(<State.CANCELLED: 'CANCELLED'>, <State.CANCELLED: 'CANCELLED'>)
"""

from __future__ import annotations

from typing import Any

from ..errors import IllegalArgumentError
from ..manager.manager import WorkManager
from .base import Cue, CueError, Scenario, role_id, scenario_of
from .chains import DIAMOND_CANCEL, FAN_IN_MERGE
from .device_states import CONSTRAINT_LOST, EXPEDITED_OUT_OF_QUOTA, NIGHT_IN_DOZE
from .periodic import FLEX_WINDOW
from .process import PROCESS_DEATH
from .retries import RETRY_BACKOFF
from .unique_work import KEEP_VS_REPLACE, UNIQUE_APPEND_ONTO_FAILED

_CATALOGUE: tuple[Scenario, ...] = (
    FAN_IN_MERGE,
    DIAMOND_CANCEL,
    RETRY_BACKOFF,
    CONSTRAINT_LOST,
    FLEX_WINDOW,
    NIGHT_IN_DOZE,
    UNIQUE_APPEND_ONTO_FAILED,
    KEEP_VS_REPLACE,
    EXPEDITED_OUT_OF_QUOTA,
    PROCESS_DEATH,
)
_BY_NAME = {scenario.name: scenario for scenario in _CATALOGUE}


def catalogue() -> list[Scenario]:
    """Every scenario, in the order the course meets them."""
    return list(_CATALOGUE)


def get(name: str) -> Scenario:
    """The scenario called ``name``; the error lists the names there are."""
    try:
        return _BY_NAME[name]
    except (KeyError, TypeError):
        names = ", ".join(_BY_NAME)
        raise IllegalArgumentError(f"No scenario named {name!r}; there are: {names}.") from None


def load(name: str, path: Any = None, **kwargs: Any) -> WorkManager:
    """A fresh manager (in memory unless ``path``) with scenario ``name`` built on it.

    ``kwargs`` go to ``WorkManager`` (``start_millis``, ``max_concurrent_workers``...).
    """
    return get(name).load(path, **kwargs)


__all__ = ["Cue", "CueError", "Scenario", "catalogue", "get", "load", "role_id", "scenario_of"]
