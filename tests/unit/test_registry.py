"""Unit tests for wmkit.registry: worker and merger classes found by qualified name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from wmkit import Result, Worker, registry
from wmkit.work.mergers import ArrayCreatingInputMerger


@pytest.fixture
def cell_module() -> Iterator[str]:
    """A module name for classes defined as a notebook cell would; forgotten afterwards."""
    name = "lesson_cell_for_registry_tests"
    yield name
    for key in [k for k in registry._classes if k.startswith(name + ".")]:
        del registry._classes[key]


def define(module: str, result: str) -> type:
    """Run a 'cell' defining class Upload in ``module``."""
    namespace = {"__name__": module}
    exec(
        "from wmkit import Result, Worker\n"
        "class Upload(Worker):\n"
        f"    def do_work(self):\n        return Result.success({{'from': {result!r}}})\n",
        namespace,
    )
    return namespace["Upload"]


class Outer:
    """Holds a nested worker, to check nested qualified names."""

    class Inner(Worker):
        """Succeeds at once."""

        def do_work(self) -> Result:
            return Result.success()


def test_qualified_name_is_module_dot_qualname() -> None:
    """qualified_name gives 'module.QualName', nested classes with their outer class."""
    assert registry.qualified_name(Outer.Inner) == f"{__name__}.Outer.Inner"
    assert registry.qualified_name(ArrayCreatingInputMerger) == (
        "wmkit.work.mergers.ArrayCreatingInputMerger"
    )


def test_defining_a_worker_registers_it(cell_module: str) -> None:
    """A Worker subclass is registered under its qualified name when its class is defined."""
    upload = define(cell_module, "first")
    assert registry.lookup(f"{cell_module}.Upload") is upload
    assert registry.lookup(f"{__name__}.Outer.Inner") is Outer.Inner


def test_rerunning_a_cell_replaces_the_old_definition(cell_module: str) -> None:
    """Defining the same qualified name again makes lookup return the newest class."""
    old = define(cell_module, "old")
    new = define(cell_module, "new")
    assert old is not new
    assert registry.lookup(f"{cell_module}.Upload") is new


def test_unknown_name_is_none() -> None:
    """lookup of a name never defined in this process gives None (nothing is imported)."""
    assert registry.lookup("os.path.Nothing") is None
    assert registry.lookup("") is None


def test_register_is_explicit_for_other_classes(cell_module: str) -> None:
    """register() remembers any class, e.g. a merger, under its qualified name."""
    merger = type("Merger", (), {"__module__": cell_module})
    registry.register(merger)
    assert registry.lookup(f"{cell_module}.Merger") is merger


def test_base_classes_are_not_registered() -> None:
    """wmkit's own base worker classes are not registered (they do no work)."""
    assert registry.lookup("wmkit.work.worker.Worker") is None
    assert registry.lookup("wmkit.work.worker.CoroutineWorker") is None
