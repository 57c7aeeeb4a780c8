"""Pruning finished work, the two ways Android does it (ANDROID_SEMANTICS §17).

* ``prune_work()``: every finished row with no unfinished dependent, whatever its
  ``keep_results_for_at_least``.
* Opening the database: finished rows whose ``lastEnqueueTime + keepResultsFor`` is more
  than one day ago, with no unfinished dependent. The clock is the last *enqueue* time,
  not the finish time.
"""

from __future__ import annotations

from ..engine.engine import Engine
from ..units import PRUNE_THRESHOLD_MILLIS


def prune_finished(engine: Engine) -> None:
    table = engine.table
    doomed = [
        spec.id
        for spec in table
        if spec.state.is_finished and not table.has_unfinished_dependent(spec.id)
    ]
    engine.delete(doomed, "pruned by prune_work()")


def prune_on_open(engine: Engine) -> None:
    cutoff = engine.now - PRUNE_THRESHOLD_MILLIS
    table = engine.table
    doomed = [
        spec.id
        for spec in table
        if spec.state.is_finished
        and spec.last_enqueue_time + spec.keep_results_for < cutoff
        and not table.has_unfinished_dependent(spec.id)
    ]
    engine.delete(doomed, "pruned when the store was opened (finished over a day ago)")
