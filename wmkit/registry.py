"""Finding worker and merger classes again by their qualified names.

A stored work remembers its worker class as ``"module.QualName"`` (Android stores
``Class.getName()``). After a restart, wmkit never imports a name read out of a file:
the class is found only once the program (a notebook cell, say) defines it again.
Defining a class registers it; re-running the cell replaces the old definition.
"""

from __future__ import annotations

_classes: dict[str, type] = {}

#: Where wmkit's own classes lived before its modules moved into sub-packages: a store
#: written then names them so (``wmkit.mergers.ArrayCreatingInputMerger``).
_MOVED_MODULES = {
    "wmkit.mergers": "wmkit.work.mergers",
    "wmkit.continuation": "wmkit.work.continuation",
}


def qualified_name(cls: type) -> str:
    """``"module.QualName"``: the name a stored work uses for its class (and its tag)."""
    return f"{cls.__module__}.{cls.__qualname__}"


def register(cls: type) -> None:
    """Remember ``cls`` under its qualified name (the newest definition wins)."""
    _classes[qualified_name(cls)] = cls


def lookup(name: str) -> type | None:
    """The class defined under ``name`` in this process, or None if not (yet) defined.

    >>> from wmkit import OverwritingInputMerger
    >>> lookup("wmkit.mergers.OverwritingInputMerger") is OverwritingInputMerger
    True
    """
    found = _classes.get(name)
    if found is None:
        module, _, qualname = name.rpartition(".")
        moved = _MOVED_MODULES.get(module)
        if moved is not None:
            found = _classes.get(f"{moved}.{qualname}")
    return found
