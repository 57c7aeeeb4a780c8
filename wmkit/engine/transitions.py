"""The work state machine as data: which state may follow which (ANDROID_SEMANTICS §2).

The engine checks every ordinary transition against this table, so a bug that would
move a finished work fails loudly instead of teaching something untrue.

>>> allowed(State.BLOCKED, State.ENQUEUED), allowed(State.SUCCEEDED, State.RUNNING)
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
        E: "rescheduled (update, restart)",
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


def allowed(old: State, new: State) -> bool:
    return new in TRANSITIONS[old]


def check_transition(old: State, new: State, work_id: uuid.UUID) -> None:
    if new not in TRANSITIONS[old]:
        options = ", ".join(s.name for s in TRANSITIONS[old]) or "nothing"
        raise IllegalStateError(
            f"Can't move work {work_id} from {old.name} to {new.name}: "
            f"{old.name} can only become {options}."
        )
