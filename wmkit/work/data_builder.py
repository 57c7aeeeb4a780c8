"""``Data.Builder``: Android's typed setters, each returning the builder."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .data_kinds import (
    _check_key,
    _coerce,
    _infer,
    _items_of_mapping,
    _Rejected,
    _setter_error,
    _typed_array,
)

if TYPE_CHECKING:
    from .data import Data


class Builder:
    """Android's ``Data.Builder``: typed setters, each returning the builder.

    >>> from wmkit import Data
    >>> Data.Builder().put_byte("b", 7).put_float_array("f", [0.5]).build().kind_of("f")
    'float[]'
    """

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[str, tuple[str, Any]] = {}

    def _put(self, key: str, kind: str, value: Any) -> Builder:
        _check_key(key)
        try:
            self._items[key] = (kind, _coerce(kind, value))
        except _Rejected:
            raise _setter_error(key, kind, value) from None
        return self

    def _put_array(self, key: str, kind: str, values: Any) -> Builder:
        _check_key(key)
        self._items[key] = (kind + "[]", _typed_array(key, kind, values))
        return self

    def put_boolean(self, key: str, value: bool) -> Builder:
        """Put a Boolean."""
        return self._put(key, "boolean", value)

    def put_byte(self, key: str, value: int) -> Builder:
        """Put a Byte (-128..127)."""
        return self._put(key, "byte", value)

    def put_int(self, key: str, value: int) -> Builder:
        """Put an Int (32-bit)."""
        return self._put(key, "int", value)

    def put_long(self, key: str, value: int) -> Builder:
        """Put a Long (64-bit); what a plain Python int becomes."""
        return self._put(key, "long", value)

    def put_float(self, key: str, value: float) -> Builder:
        """Put a Float (an int is converted)."""
        # SIM: the value keeps Python's double precision; only its range is a Float's.
        return self._put(key, "float", value)

    def put_double(self, key: str, value: float) -> Builder:
        """Put a Double (an int is converted); what a plain Python float becomes."""
        return self._put(key, "double", value)

    def put_string(self, key: str, value: str | None) -> Builder:
        """Put a String, or None (only Strings may be null on Android)."""
        return self._put(key, "string", value)

    def put_boolean_array(
        self, key: str, values: list[bool] | tuple[bool, ...]
    ) -> Builder:
        """Put a Boolean[] from a list or tuple."""
        return self._put_array(key, "boolean", values)

    def put_byte_array(self, key: str, values: list[int] | tuple[int, ...]) -> Builder:
        """Put a Byte[] from a list or tuple."""
        return self._put_array(key, "byte", values)

    def put_int_array(self, key: str, values: list[int] | tuple[int, ...]) -> Builder:
        """Put an Int[] from a list or tuple."""
        return self._put_array(key, "int", values)

    def put_long_array(self, key: str, values: list[int] | tuple[int, ...]) -> Builder:
        """Put a Long[] from a list or tuple."""
        return self._put_array(key, "long", values)

    def put_float_array(
        self, key: str, values: list[float] | tuple[float, ...]
    ) -> Builder:
        """Put a Float[] from a list or tuple."""
        return self._put_array(key, "float", values)

    def put_double_array(
        self, key: str, values: list[float] | tuple[float, ...]
    ) -> Builder:
        """Put a Double[] from a list or tuple."""
        return self._put_array(key, "double", values)

    def put_string_array(
        self, key: str, values: list[str | None] | tuple[str | None, ...]
    ) -> Builder:
        """Put a String[] from a list or tuple; elements may be None."""
        return self._put_array(key, "string", values)

    def put(self, key: str, value: Any) -> Builder:
        """Put ``value`` with the kind its Python type gives it (int -> long...)."""
        self._items[key] = _infer(key, value)
        return self

    def put_all(self, values: Mapping[str, Any] | Data) -> Builder:
        """Put every pair of a mapping (kinds inferred) or of a Data (kinds kept)."""
        from .data import Data  # data.py imports this module: Data exists by now

        if isinstance(values, Data):
            self._items.update(values._items)
        else:
            self._items.update(_items_of_mapping(values))
        return self

    def build(self) -> Data:
        """The Data; ``DataError`` if it is over ``Data.MAX_DATA_BYTES`` serialized."""
        from .data import Data

        return Data._from_items(dict(self._items))
