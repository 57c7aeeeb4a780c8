"""Fixtures for the scenario tests: a fresh manager and empty run records."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wmkit import WorkManager

from .workers import RUNS, STOPPED


@pytest.fixture(autouse=True)
def _forget_runs() -> Iterator[None]:
    """Each test starts and ends with no recorded runs or stops."""
    RUNS.clear()
    STOPPED.clear()
    yield
    RUNS.clear()
    STOPPED.clear()


@pytest.fixture
def manager() -> WorkManager:
    """A fresh in-memory manager at virtual time 0 on the default device."""
    return WorkManager()
