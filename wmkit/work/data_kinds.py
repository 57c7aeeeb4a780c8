"""What a ``Data`` value may be: its Kotlin *kind*, how a Python value is checked and
converted to one, and the errors that say what was wrong.

A typed setter (``put_int``) checks a value against its kind's range; a plain value
(``Data({"n": 3})``) gets the kind its Python type gives it (an int is a Long). Every
refusal names the key, the value and the fix.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NoReturn

from ..errors import DataError
from .data_layout import entry_size

#: Every kind a value can have; an array kind is its element kind plus ``"[]"``.
SCALAR_KINDS = ("boolean", "byte", "int", "long", "float", "double", "string")
KINDS = frozenset(SCALAR_KINDS + tuple(kind + "[]" for kind in SCALAR_KINDS))

_INT_RANGES = {
    "byte": (-(2**7), 2**7 - 1),
    "int": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
}
#: Android's ``Data.MAX_DATA_BYTES``: the most a Data may take, serialized.
MAX_DATA_BYTES = 10 * 1024
_FLOAT_MAX = 3.4028234663852886e38  # Float.MAX_VALUE
_NAN = float("nan")  # one NaN object, so that NaN == NaN inside Data, as Float.equals says
_KOTLIN = {
    "boolean": "Boolean",
    "byte": "Byte",
    "int": "Int",
    "long": "Long",
    "float": "Float",
    "double": "Double",
    "string": "String",
}
_NEEDS = {
    "boolean": "a bool",
    "byte": "an int from -128 to 127",
    "int": "an int from -2147483648 to 2147483647",
    "long": "an int from -9223372036854775808 to 9223372036854775807",
    "float": "a float within ±3.4028234663852886e+38",
    "double": "a float",
    "string": "a str or None",
}
_ALLOWED = "Data holds only bool, int, float, str, None and lists of one of them."
_SERIALIZE = "Serialize it (e.g. json.dumps) or store it elsewhere and pass its id."
_FLOAT_KINDS = frozenset({"float", "double"})
_FLOAT_ARRAY_KINDS = frozenset({"float[]", "double[]"})


class _Rejected(Exception):
    """Internal: a value refused by a typed setter; the caller adds the key and the fix."""


def _coerce(kind: str, value: Any) -> Any:
    """``value`` as stored for a scalar ``kind``, or raise ``_Rejected``."""
    if kind == "string":
        if value is None or type(value) is str:
            return value
        if isinstance(value, str):
            return str.__str__(value)  # a str subclass (StrEnum) stored as plain str
        raise _Rejected
    if kind == "boolean":
        if type(value) is bool:
            return value
        raise _Rejected
    if isinstance(value, bool):
        raise _Rejected  # Android keeps Boolean apart from the numbers
    if kind in _INT_RANGES:
        if not isinstance(value, int):
            raise _Rejected
        low, high = _INT_RANGES[kind]
        if not low <= value <= high:
            raise _Rejected
        return int(value)
    if not isinstance(value, (int, float)):
        raise _Rejected
    try:
        number = float(value)
    except OverflowError:
        raise _Rejected from None
    if number != number:
        return _NAN
    if kind == "float" and math.isfinite(number) and abs(number) > _FLOAT_MAX:
        raise _Rejected
    return number


def _setter_error(key: str, kind: str, value: Any, index: int | None = None) -> DataError:
    base = kind.removesuffix("[]")
    setter = f"put_{base}_array" if kind.endswith("[]") else f"put_{base}"
    what = f"{_NEEDS[base]} (a Kotlin {_KOTLIN[base]})"
    if index is None:
        got = f"got {type(value)} {value!r}"
    else:
        what = f"a list whose elements are each {what}"
        got = f"element {index} is {type(value)} {value!r}"
    array = "" if index is None else "_array"
    if isinstance(value, bool) and base != "boolean":
        fix = f"A bool is not a number in Data; use put_boolean{array} for it."
    elif isinstance(value, int) and base in ("byte", "int"):
        fix = f"Use put_long{array} for a bigger number."
    elif isinstance(value, int) and base == "long":
        fix = "Data has no bigger integer type; store it as a string: str(n)."
    elif isinstance(value, (int, float)) and base == "float":
        fix = f"Use put_double{array} for a bigger number."
    else:
        fix = "Convert it first (int(x), float(x), str(x)) or use the put_* setter for its type."
    return DataError(f"Key {key!r}: {setter} needs {what}, {got}. {fix}")


def _typed_array(key: str, kind: str, values: Any) -> tuple[Any, ...]:
    """``values`` checked for an explicit ``put_<kind>_array`` call, as a tuple."""
    if not isinstance(values, (list, tuple)):
        raise DataError(
            f"Key {key!r}: put_{kind}_array needs a list or tuple, got {type(values)}. "
            f"Pass list(values)."
        )
    stored = []
    for index, element in enumerate(values):
        try:
            stored.append(_coerce(kind, element))
        except _Rejected:
            raise _setter_error(key, kind + "[]", element, index) from None
    return tuple(stored)


def _invalid_type(key: str, what: str, fix: str = _SERIALIZE) -> NoReturn:
    raise DataError(f"Key {key!r} has invalid type {what}; {_ALLOWED} {fix}")


# Python type -> the kind the mapping form (and ``put``) gives it.
_INFERRED = {bool: "boolean", int: "long", float: "double", str: "string", type(None): "string"}


def _scalar_kind(value: Any) -> str | None:
    """The kind the mapping form gives a scalar, or None if Data cannot hold it."""
    kind = _INFERRED.get(type(value))
    if kind is not None:
        return kind
    if isinstance(value, int):
        return "long"  # an int subclass such as an IntEnum member
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    return None


def _infer(key: str, value: Any) -> tuple[str, Any]:
    """``(kind, stored value)`` for a value given without a kind (``Data({...})``, ``put``)."""
    _check_key(key)
    kind = _scalar_kind(value)
    if kind is not None:
        try:
            return kind, _coerce(kind, value)
        except _Rejected:
            raise DataError(
                f"Key {key!r} holds the int {value}, which does not fit in a Long "
                f"(-9223372036854775808..9223372036854775807), the type Data gives an int. "
                f"Store it as a string: str(n)."
            ) from None
    if not isinstance(value, (list, tuple)):
        _invalid_type(key, str(type(value)))
    return _infer_array(key, value)


def _infer_array(key: str, values: list[Any] | tuple[Any, ...]) -> tuple[str, Any]:
    """``(kind, tuple)`` for a list given without a kind: its elements share one type."""
    # SIM: an empty list has no element type to infer; wmkit calls it a String[] (the one
    # array type that also allows nulls). Use put_long_array(key, []) etc. to say otherwise.
    kinds: dict[str, type] = {}
    has_none = False
    for element in values:
        if element is None:
            has_none = True
            continue
        kind = _scalar_kind(element)
        if kind is None:
            _invalid_type(key, f"list of {type(element)}")
        kinds.setdefault(kind, type(element))
    if len(kinds) > 1:
        mixed = " and ".join(str(t) for t in kinds.values())
        _invalid_type(key, f"list mixing {mixed}", "Convert the elements to one type first.")
    kind = next(iter(kinds), "string")
    if has_none and kind != "string":
        _invalid_type(
            key,
            f"list mixing {kinds[kind]} and None",
            "None is allowed only in lists of str; use a sentinel value instead.",
        )
    try:
        return kind + "[]", tuple(_coerce(kind, element) for element in values)
    except _Rejected:
        raise DataError(
            f"Key {key!r} holds a list with an int that does not fit in a Long "
            f"(-9223372036854775808..9223372036854775807). Store such numbers as strings."
        ) from None


# Python type -> the kinds whose stored values are instances of it (bool is no number).
_INSTANCE_KINDS: dict[type, frozenset[str]] = {
    bool: frozenset({"boolean"}),
    int: frozenset({"byte", "int", "long"}),
    float: frozenset({"float", "double"}),
    str: frozenset({"string"}),
    list: frozenset(kind for kind in KINDS if kind.endswith("[]")),
    object: KINDS,
}


def _kinds_matching(value_type: Any) -> frozenset[str]:
    """The kinds ``has_key_with_value_of_type`` accepts for ``value_type``, or DataError."""
    if isinstance(value_type, str):
        if value_type in KINDS:
            return frozenset({value_type})
        raise DataError(
            f"{value_type!r} is not a Data type. Spell a Kotlin type as kind_of() does, in "
            f"lower case: {', '.join(repr(k) for k in SCALAR_KINDS)}, or one of them plus "
            f"'[]' (so Kotlin's Int is 'int' and Array<Long> is 'long[]')."
        )
    kinds = _INSTANCE_KINDS.get(value_type) if isinstance(value_type, type) else None
    if kinds is None:
        raise DataError(
            f"has_key_with_value_of_type takes a kind such as 'int' or 'long[]', or one of "
            f"the Python types bool, int, float, str, list, object; got {value_type!r}."
        )
    return kinds


def _inferred_kind(value: Any) -> str:
    """The kind the mapping form would give an already stored value (for ``repr``)."""
    if type(value) is tuple:
        first = next((element for element in value if element is not None), None)
        return _INFERRED[type(first)] + "[]"
    return _INFERRED[type(value)]


def _value_repr(value: Any) -> str:
    if type(value) is tuple:
        return "[" + ", ".join(_value_repr(element) for element in value) + "]"
    if type(value) is float and not math.isfinite(value):
        return f"float('{value}')"
    return repr(value)


def _check_size(items: dict[str, tuple[str, Any]], size: int) -> None:
    # SIM: Android throws IllegalStateException from build(); wmkit raises DataError (a
    # ValueError), the same exception as for a value of the wrong type.
    if size <= MAX_DATA_BYTES:
        return
    largest = max(items, key=lambda key: entry_size(key, *items[key]))
    raise DataError(
        f"Data is {size} bytes when serialized; the limit is {MAX_DATA_BYTES} "
        f"(Data.MAX_DATA_BYTES). Its largest entry is {largest!r} "
        f"({entry_size(largest, *items[largest])} bytes). "
        f"Store the payload elsewhere and pass its id."
    )


def _check_key(key: Any) -> None:
    if not isinstance(key, str):
        raise DataError(f"Data keys must be str, got {type(key)} {key!r}. Use str(key) as the key.")


def _items_of_mapping(mapping: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    if not isinstance(mapping, Mapping):
        raise DataError(
            f"Data needs a dict of key -> value (or another Data), got {type(mapping)}."
        )
    return {key: _infer(key, value) for key, value in mapping.items()}
