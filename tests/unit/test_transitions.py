"""Unit tests for wmkit.engine.transitions: the work state machine as a table."""

from __future__ import annotations

import uuid

import pytest

from wmkit.engine.transitions import TRANSITIONS, allowed, check_transition
from wmkit.enums import State
from wmkit.errors import IllegalStateError

E, R, S, F, B, C = (
    State.ENQUEUED,
    State.RUNNING,
    State.SUCCEEDED,
    State.FAILED,
    State.BLOCKED,
    State.CANCELLED,
)
WORK = uuid.UUID(int=1)
# ANDROID_SEMANTICS §2, as (from, to) pairs.
EXPECTED = {
    (E, R), (E, E), (E, F), (E, C),
    (R, S), (R, F), (R, E), (R, C),
    (B, E), (B, F), (B, C),
}  # fmt: skip


def test_table_covers_every_state() -> None:
    """Every state has a row, and every cause is a non-empty sentence."""
    assert set(TRANSITIONS) == set(State)
    assert all(cause for row in TRANSITIONS.values() for cause in row.values())


def test_the_allowed_pairs_are_androids() -> None:
    """The table allows exactly §2's transitions."""
    pairs = {(old, new) for old, row in TRANSITIONS.items() for new in row}
    assert pairs == EXPECTED


@pytest.mark.parametrize("old", [S, F, C])
def test_finished_states_have_no_exits(old: State) -> None:
    """SUCCEEDED, FAILED and CANCELLED can become nothing, not even themselves."""
    assert TRANSITIONS[old] == {}
    assert not any(allowed(old, new) for new in State)


@pytest.mark.parametrize("old", list(State))
@pytest.mark.parametrize("new", list(State))
def test_allowed_matches_check_transition(old: State, new: State) -> None:
    """allowed() is True exactly when check_transition() passes."""
    if allowed(old, new):
        check_transition(old, new, WORK)
    else:
        with pytest.raises(IllegalStateError):
            check_transition(old, new, WORK)
    assert allowed(old, new) is ((old, new) in EXPECTED)


def test_refusal_names_the_work_both_states_and_the_options() -> None:
    """Moving BLOCKED to RUNNING names the work, both states and what BLOCKED may become."""
    with pytest.raises(IllegalStateError) as caught:
        check_transition(B, R, WORK)
    assert str(caught.value) == (
        f"Can't move work {WORK} from BLOCKED to RUNNING: "
        "BLOCKED can only become ENQUEUED, FAILED, CANCELLED."
    )


def test_refusal_from_a_finished_state_says_nothing_follows() -> None:
    """Moving SUCCEEDED to ENQUEUED says SUCCEEDED can only become nothing."""
    with pytest.raises(IllegalStateError) as caught:
        check_transition(S, E, WORK)
    assert str(caught.value) == (
        f"Can't move work {WORK} from SUCCEEDED to ENQUEUED: SUCCEEDED can only become nothing."
    )
    assert isinstance(caught.value, RuntimeError)
