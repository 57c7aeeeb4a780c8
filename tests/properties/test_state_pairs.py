"""Every state change the engine makes is one the transition table allows.

The engine machine of ``test_engine_machine`` (one-time works, chains, unique and
periodic work, cancels, device flips, pruning, restarts and reopens, all at random) runs
while every write to a stored row's ``state`` is observed at the ``WorkSpec`` slot
itself, so a write that bypassed ``WorkTable.transition`` would show up too.
"""

from __future__ import annotations

from typing import ClassVar

from hypothesis import settings
from hypothesis.stateful import invariant, run_state_machine_as_test
from test_engine_machine import MACHINE_SETTINGS, EngineMachine

from wmkit.engine.transitions import allowed


class StatePairsMachine(EngineMachine):
    """The engine machine, checking each observed state change against the table."""

    pairs: ClassVar[list] = []  # the state_changes fixture's list, set by the test
    checked: ClassVar[int] = 0

    @invariant()
    def every_state_change_is_in_the_table(self) -> None:
        new = self.pairs[self.checked :]
        StatePairsMachine.checked = len(self.pairs)
        refused = [(old, state) for old, state in new if not allowed(old, state)]
        assert not refused, f"state changes outside the transition table: {refused}"


def test_every_observed_state_change_is_in_the_table(state_changes: list) -> None:
    StatePairsMachine.pairs = state_changes
    StatePairsMachine.checked = 0
    run_state_machine_as_test(StatePairsMachine, settings=settings(MACHINE_SETTINGS))
    assert state_changes, "the machine changed no state at all"
