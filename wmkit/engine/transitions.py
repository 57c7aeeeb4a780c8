"""The work state machine as data: which state may follow which (ANDROID_SEMANTICS §2).

Every state change of a stored work goes through
:meth:`~wmkit.engine.table.WorkTable.transition`, which checks it here, so a bug that would
move a finished work fails loudly instead of teaching something untrue. A new row's
first state is checked against :data:`FIRST_STATES` (the "∅ → state" rows of §2).

>>> allowed(State.BLOCKED, State.ENQUEUED), allowed(State.SUCCEEDED, State.RUNNING)
(True, False)
>>> allowed(None, State.BLOCKED), allowed(None, State.RUNNING)
(True, False)
"""

from __future__ import annotations

import uuid

from ..enums import State
from ..errors import IllegalStateError

E, R, S, F, B, C = (
    State.ENQUEUED,
    State.RUNNING,
    State.SUCCEEDED,
    State.FAILED,
    State.BLOCKED,
    State.CANCELLED,
)

#: state -> {next state: what causes it}
TRANSITIONS: dict[State, dict[State, str]] = {
    E: {
        R: "the scheduler starts it (due, constraints met, a worker slot free)",
        E: "rescheduled (update, restart); a periodic work whose worker cannot be created "
        "skips to its next period",
        F: "its worker or input merger cannot be created",
        C: "cancelled",
    },
    R: {
        S: "one-time work returned Result.success()",
        F: "Result.failure(), None, or do_work raised",
        E: "Result.retry(); a periodic run ended; or the run was stopped",
        C: "cancelled while running (StopReason.CANCELLED_BY_APP)",
    },
    B: {
        E: "its last prerequisite SUCCEEDED",
        F: "a prerequisite FAILED",
        C: "cancelled, or a prerequisite was",
    },
    S: {},
    F: {},
    C: {},
}

#: The state a new row is inserted in -> why (EnqueueRunnable).
FIRST_STATES: dict[State, str] = {
    E: "no prerequisites, or every prerequisite SUCCEEDED",
    B: "a prerequisite is still unfinished",
    F: "a prerequisite FAILED",
    C: "a prerequisite was CANCELLED (and none FAILED)",
}

# Lookups keyed by state, for the check on every transition (State hashes by identity).
_NEXT: dict[State | None, frozenset[State]] = {
    old: frozenset(row) for old, row in TRANSITIONS.items()
}
_NEXT[None] = frozenset(FIRST_STATES)


def allowed(old: State | None, new: State) -> bool:
    """Whether ``new`` may follow ``old`` (``old`` None: a row being inserted)."""
    return new in _NEXT[old]


def check_transition(old: State | None, new: State, work_id: uuid.UUID) -> None:
    """Raise :class:`IllegalStateError` unless ``new`` may follow ``old``."""
    if new not in _NEXT[old]:
        raise refusal(old, new, work_id)


def refusal(old: State | None, new: State, work_id: uuid.UUID) -> IllegalStateError:
    """The error for a transition the table does not allow, naming what is allowed."""
    if old is None:
        options = ", ".join(s.name for s in FIRST_STATES)
        return IllegalStateError(
            f"Can't insert work {work_id} as {new.name}: a new work starts as {options}."
        )
    options = ", ".join(s.name for s in TRANSITIONS[old]) or "nothing"
    return IllegalStateError(
        f"Can't move work {work_id} from {old.name} to {new.name}: "
        f"{old.name} can only become {options}."
    )
