"""Input mergers: how a work's own input and its prerequisites' outputs become one ``Data``.

When a work in a chain is unblocked, Android hands its ``InputMerger`` the list
``[own input] + outputs of the direct prerequisites`` (the order of the prerequisites is
unspecified) and runs the worker with the result. Two mergers ship with WorkManager:
``OverwritingInputMerger`` (the default: later values win, so a parent's output replaces
the child's own value for the same key) and ``ArrayCreatingInputMerger`` (every key
becomes an array that collects all the values). Subclass ``InputMerger`` to write your own.

>>> inputs = [Data({"city": "Oslo"}), Data({"city": "Lima", "temp": 21})]
>>> OverwritingInputMerger().merge(inputs)
Data({'city': 'Lima', 'temp': 21})
>>> ArrayCreatingInputMerger().merge(inputs)
Data({'city': ['Oslo', 'Lima'], 'temp': [21]})
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

from .. import registry
from ..errors import IllegalArgumentError, IllegalStateError
from .data import Data

__all__ = ["ArrayCreatingInputMerger", "InputMerger", "OverwritingInputMerger", "merge_inputs"]


class InputMerger(ABC):
    """Android's ``InputMerger``: turns a list of ``Data`` into a worker's single input.

    Override ``merge``. Mergers hold no state, so two mergers of the same class are equal.

    >>> class FirstWins(InputMerger):
    ...     def merge(self, inputs: list[Data]) -> Data:
    ...         return OverwritingInputMerger().merge(inputs[::-1])
    >>> FirstWins().merge([Data({"a": 1}), Data({"a": 2})])
    Data({'a': 1})
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        registry.register(cls)  # so a stored work finds its merger again after a restart

    @abstractmethod
    def merge(self, inputs: list[Data]) -> Data:
        """The merged input for a worker, from ``[own input] + prerequisites' outputs``."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, InputMerger):
            return NotImplemented
        return type(self) is type(other) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _as_data(value: Data | Mapping[str, Any]) -> Data:
    # A plain dict is accepted so that a merger can be tried in a notebook cell.
    return value if isinstance(value, Data) else Data(value)


class OverwritingInputMerger(InputMerger):
    """The default merger: put every input in list order, so a later value wins.

    As the engine passes ``[own input] + parents' outputs``, a parent's output overwrites
    the child's own input for the same key. Kinds are kept.

    >>> OverwritingInputMerger().merge([Data({"a": 1, "b": 2}), Data({"a": "x"})])
    Data({'a': 'x', 'b': 2})
    """

    def merge(self, inputs: list[Data]) -> Data:
        datas = [data for data in map(_as_data, inputs) if len(data)]
        if not datas:
            return Data.EMPTY
        if len(datas) == 1:
            return datas[0]  # immutable and already size-checked
        items: dict[str, tuple[str, Any]] = {}
        for data in datas:
            items.update(data._items)
        return Data._from_items(items)


class ArrayCreatingInputMerger(InputMerger):
    """A merger that turns every key into an array holding the values of all the inputs.

    Per key, in list order: the first value is kept if it is an array and wrapped in a
    one-element array otherwise; a later array of the same kind is concatenated, and a
    later scalar of the array's element kind is appended. Any other pair of kinds (Int
    and Long, String and Int, Int[] and Long) raises ``IllegalArgumentError``, as Android
    throws ``IllegalArgumentException``. None counts as a String, Android's only nullable
    type. The result must fit in ``Data.MAX_DATA_BYTES``.

    >>> ArrayCreatingInputMerger().merge([Data({"a": None}), Data({"a": "b"})])
    Data({'a': [None, 'b']})
    >>> ArrayCreatingInputMerger().merge([Data({"a": [1, 2]}), Data({"a": 3})])
    Data({'a': [1, 2, 3]})
    """

    def merge(self, inputs: list[Data]) -> Data:
        merged: dict[str, tuple[str, list[Any]]] = {}
        for data in map(_as_data, inputs):
            for key, (kind, value) in data._items.items():
                is_array = type(value) is tuple
                if key not in merged:
                    merged[key] = (kind, list(value)) if is_array else (kind + "[]", [value])
                    continue
                array_kind, values = merged[key]
                if is_array and kind == array_kind:
                    values.extend(value)
                elif not is_array and kind + "[]" == array_kind:
                    values.append(value)
                else:
                    raise IllegalArgumentError(
                        f"ArrayCreatingInputMerger cannot merge key {key!r}: it holds "
                        f"{array_kind} so far and the next input has {kind}. Android throws "
                        f"IllegalArgumentException when the types differ; give the key the "
                        f"same type in every input (e.g. put_long everywhere)."
                    )
        if not merged:
            return Data.EMPTY
        return Data._from_items(
            {key: (kind, tuple(values)) for key, (kind, values) in merged.items()}
        )


def merge_inputs(merger: InputMerger, inputs: Sequence[Data]) -> Data:
    """The input a worker runs with: ``merger.merge(inputs)``, checked to be a ``Data``.

    A custom merger may return a dict, which is turned into a Data (and so validated);
    anything else raises ``IllegalStateError`` naming the merger.

    >>> merge_inputs(OverwritingInputMerger(), [Data.EMPTY, Data({"n": 1})])
    Data({'n': 1})
    """
    result = merger.merge(list(inputs))
    if isinstance(result, Data):
        return result
    if isinstance(result, Mapping):
        return Data(result)
    raise IllegalStateError(
        f"{type(merger).__name__}.merge returned {type(result)}; an InputMerger must return "
        f"a Data. Build one with Data.Builder()...build() or Data(mapping)."
    )
