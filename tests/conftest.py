"""Fixtures shared by every test directory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from wmkit.engine.table import WorkTable
from wmkit.enums import State
from wmkit.work.work_spec import WorkSpec

StatePair = tuple["State | None", State]


@pytest.fixture
def state_changes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[StatePair]]:
    """Every state written to a stored row while the test runs, as ``(old, new)``; ``old``
    is None for the first state of a row just added. Observed at the ``WorkSpec.state``
    slot itself, so a write that bypassed the transition function shows up too."""
    slot: Any = WorkSpec.__dict__["state"]
    first: set[int] = set()  # ids of rows added whose first state is not written yet
    pairs: list[StatePair] = []

    def write(spec: WorkSpec, new: State) -> None:
        if id(spec) in first:
            first.discard(id(spec))
            pairs.append((None, new))
        elif getattr(spec, "stored", False):
            pairs.append((slot.__get__(spec), new))
        slot.__set__(spec, new)

    add = WorkTable.add

    def add_watched(table: WorkTable, spec: WorkSpec) -> None:
        first.add(id(spec))
        add(table, spec)

    monkeypatch.setattr(WorkSpec, "state", property(slot.__get__, write))
    monkeypatch.setattr(WorkTable, "add", add_watched)
    yield pairs
