"""Finding worker and merger classes again by their qualified names.

A stored work remembers its worker class as ``"module.QualName"`` (Android stores
``Class.getName()``). After a restart, wmkit never imports a name read out of a file:
the class is found only once the program (a notebook cell, say) defines it again.
Defining a class registers it; re-running the cell replaces the old definition.
"""

from __future__ import annotations

_classes: dict[str, type] = {}


def qualified_name(cls: type) -> str:
    """``"module.QualName"``: the name a stored work uses for its class (and its tag)."""
    return f"{cls.__module__}.{cls.__qualname__}"


def register(cls: type) -> None:
    """Remember ``cls`` under its qualified name (the newest definition wins)."""
    _classes[qualified_name(cls)] = cls


def lookup(name: str) -> type | None:
    """The class defined under ``name`` in this process, or None if not (yet) defined."""
    return _classes.get(name)
