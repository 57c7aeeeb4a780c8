"""``EventKind``: what kind of thing an event records.

A ``str`` enum whose values are the short words a trace has always used, so
``event.kind == "started"`` holds, a kind prints (and reprs) as its word, and it
hashes like it.

>>> EventKind.STARTED == "started", f"{EventKind.RETRY}", EventKind("stopped").name
(True, 'retry', 'STOPPED')
"""

from __future__ import annotations

from enum import Enum


class EventKind(str, Enum):
    """Every kind of event the engine and the manager record."""

    # A work's life: each of these but progress and updated is a state change.
    ENQUEUED = "enqueued"  # inserted ENQUEUED (enqueue, or a chain's first level)
    BLOCKED = "blocked"  # inserted BLOCKED behind unfinished prerequisites
    UNBLOCKED = "unblocked"  # BLOCKED -> ENQUEUED: every prerequisite SUCCEEDED
    STARTED = "started"  # ENQUEUED -> RUNNING
    SUCCEEDED = "succeeded"  # one-time success, or a periodic period that succeeded
    FAILED = "failed"  # FAILED (or a periodic period that failed; or a cascade)
    RETRY = "retry"  # RUNNING -> ENQUEUED after Result.retry(), due after the backoff
    STOPPED = "stopped"  # RUNNING -> ENQUEUED without a result (constraint, Doze...)
    CANCELLED = "cancelled"
    DELETED = "deleted"  # the row was removed (REPLACE, pruning...)
    UPDATED = "updated"  # update_work
    PROGRESS = "progress"  # set_progress during a run
    WAITING = "waiting"  # due, but held back by the device
    DROPPED = "dropped"  # expedited work JobScheduler refused (DROP_WORK_REQUEST)
    FINISHED = "finished"  # a run ended after its row was deleted: result ignored
    # The app and the phone.
    DEVICE = "device"  # set_device changed the phone
    DOZE = "doze"  # a deep Doze idle period began, or Doze ended
    MAINTENANCE = "maintenance"  # a Doze maintenance window opened
    RESTART = "restart"  # the app process (re)started
    REWIND = "rewind"  # restore_checkpoint
    # Calls that did nothing, and errors in student code that did not stop the clock.
    SKIPPED = "skipped"  # an enqueue behind a prerequisite that does not exist
    KEPT = "kept"  # KEEP left existing unique work alone
    ERROR = "error"  # on_stopped, an observer or a listener raised

    # It prints, formats and reprs as its word ('started', not EventKind.STARTED), so
    # traces, lists of kinds and notebooks read as they always have.
    __str__ = str.__str__
    __repr__ = str.__repr__
    __format__ = str.__format__  # type: ignore[assignment]
    __hash__ = str.__hash__  # equal to its word, so it must hash like it


#: word -> kind, for events built from plain strings.
KINDS: dict[str, EventKind] = {kind.value: kind for kind in EventKind}
