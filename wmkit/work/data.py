"""``Data``: the small, typed key-value payload that carries a worker's input and output.

Android keeps ``Data`` deliberately small and typed, because it is stored in the
WorkManager database with every work row: values are booleans, numbers, strings and
arrays of one of those, and a ``Data`` over 10240 bytes (serialized in Android's V1
layout) is refused. wmkit keeps both rules so that a lesson written here fails the way
the Kotlin code would. Every value remembers its Kotlin type, its *kind*: ``"boolean"``,
``"byte"``, ``"int"``, ``"long"``, ``"float"``, ``"double"``, ``"string"`` or an array of
one of them (``"int[]"``). A Python int counts as a Long and a float as a Double, unless
a typed ``put_*`` setter says otherwise; each getter reads only its own type, as on
Android.

>>> data = Data({"url": "https://example.com", "retries": 3})
>>> data.get_string("url")
'https://example.com'
>>> data.get_long("retries"), data.kind_of("retries"), data.get_int("retries", -1)
(3, 'long', -1)
>>> data.serialized_size()
53
>>> Data.Builder().put_int("retries", 3).build()
Data.Builder().put_int('retries', 3).build()
"""

from __future__ import annotations

import math
from collections.abc import Iterator, KeysView, Mapping
from typing import Any, ClassVar, NoReturn

from ..errors import DataError
from .data_layout import decode, encode, entry_size, items_size

__all__ = ["Data"]

#: Every kind a value can have; an array kind is its element kind plus ``"[]"``.
SCALAR_KINDS = ("boolean", "byte", "int", "long", "float", "double", "string")
KINDS = frozenset(SCALAR_KINDS + tuple(kind + "[]" for kind in SCALAR_KINDS))

_INT_RANGES = {
    "byte": (-(2**7), 2**7 - 1),
    "int": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
}
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
    if size <= Data.MAX_DATA_BYTES:
        return
    largest = max(items, key=lambda key: entry_size(key, *items[key]))
    raise DataError(
        f"Data is {size} bytes when serialized; the limit is {Data.MAX_DATA_BYTES} "
        f"(Data.MAX_DATA_BYTES). Its largest entry is {largest!r} "
        f"({entry_size(largest, *items[largest])} bytes). "
        f"Store the payload elsewhere and pass its id."
    )


class Data:
    """An immutable set of typed key-value pairs: a worker's input or output.

    Build one from a mapping (``Data({"n": 1})``: Python types pick the kinds) or with
    ``Data.Builder`` and its typed setters, as in Kotlin. Getters return the default when
    the key is missing *or* holds another type, as ``Data.getInt`` does on Android. A
    value that Data cannot hold, or a total over ``MAX_DATA_BYTES`` (10240) serialized
    bytes, raises ``DataError`` when the Data is made.

    >>> data = Data({"tags": ["a", "b"], "ok": True})
    >>> data.get_string_array("tags"), data.get_boolean("ok"), data.get_int("ok", -1)
    (['a', 'b'], True, -1)
    >>> "tags" in data, len(data), data == Data(data)
    (True, 2, True)
    """

    __slots__ = ("_hash", "_items", "_size")

    MAX_DATA_BYTES: ClassVar[int] = 10 * 1024
    EMPTY: ClassVar[Data]

    _items: dict[str, tuple[str, Any]]
    _size: int | None
    _hash: int | None

    def __init__(self, mapping: Mapping[str, Any] | Data | None = None) -> None:
        if isinstance(mapping, Data):  # immutable, so the copy shares its storage
            _init(self, mapping._items, mapping._size, mapping._hash)
            return
        items = {} if mapping is None else _items_of_mapping(mapping)
        size = items_size(items)
        _check_size(items, size)
        _init(self, items, size, None)

    @classmethod
    def _from_items(cls, items: dict[str, tuple[str, Any]], *, check_size: bool = True) -> Data:
        """A Data that takes ownership of ``items`` (key -> (kind, value)) without validation.

        For trusted callers (the builder, the mergers, the store codec): values must already
        be in stored form (arrays as tuples). The size is checked when ``check_size`` is
        true, and otherwise computed on first use.
        """
        data = object.__new__(cls)
        size = None
        if check_size:
            size = items_size(items)
            _check_size(items, size)
        _init(data, items, size, None)
        return data

    def serialized_size(self) -> int:
        """Bytes this Data takes in Android's V1 serialized layout (what the limit counts).

        >>> Data.Builder().put_int("a", 1).build().serialized_size()
        16
        """
        if self._size is None:
            object.__setattr__(self, "_size", items_size(self._items))
        assert self._size is not None
        return self._size

    def to_byte_array(self) -> bytes:
        """This Data as bytes in Android's V1 layout (``Data.toByteArray``).

        ``Data.from_byte_array`` reads them back. Android's docs say what these bytes are
        for: passing a Data between processes of one app, not storing it (the layout may
        change between versions). A Float keeps only its 32 bits, as in Kotlin.

        >>> raw = Data({"n": 3}).to_byte_array()
        >>> len(raw), Data.from_byte_array(raw)
        (20, Data({'n': 3}))
        """
        _check_size(self._items, self.serialized_size())
        return encode(self._items)

    @classmethod
    def from_byte_array(cls, raw: bytes | bytearray | memoryview) -> Data:
        """The Data that ``to_byte_array`` wrote (``Data.fromByteArray``).

        Empty bytes give ``Data.EMPTY``. Bytes over ``MAX_DATA_BYTES``, or that are not a
        whole V1 Data, raise ``DataError`` saying what is wrong with them.

        >>> Data.from_byte_array(Data.Builder().put_int("n", 3).build().to_byte_array())
        Data.Builder().put_int('n', 3).build()
        """
        if not isinstance(raw, (bytes, bytearray, memoryview)):
            raise DataError(
                f"Data.from_byte_array needs bytes, got {type(raw)}. Pass what "
                "data.to_byte_array() returned (a list of ints becomes bytes(values))."
            )
        raw = bytes(raw)
        if len(raw) > cls.MAX_DATA_BYTES:
            # SIM: Android throws IllegalStateException; wmkit raises DataError, as for a
            # Data that grows too big.
            raise DataError(
                f"These are {len(raw)} bytes; a serialized Data is at most "
                f"{cls.MAX_DATA_BYTES} (Data.MAX_DATA_BYTES), so they cannot be one."
            )
        items = decode(raw)
        if not items:
            return cls.EMPTY
        for key, (kind, value) in items.items():
            if kind in _FLOAT_KINDS and value != value:
                items[key] = (kind, _NAN)
            elif kind in _FLOAT_ARRAY_KINDS:
                items[key] = (kind, tuple(_NAN if x != x else x for x in value))
        return cls._from_items(items)

    def has_key_with_value_of_type(self, key: str, value_type: type | str) -> bool:
        """True if ``key`` holds a value (not None) of ``value_type``.

        Android's ``hasKeyWithValueOfType(key, Class)``. ``value_type`` is either

        * a Kotlin type, spelled as ``kind_of`` spells it: ``"boolean"``, ``"byte"``,
          ``"int"``, ``"long"``, ``"float"``, ``"double"``, ``"string"``, or one of those
          plus ``"[]"`` (``"long[]"``). Only that exact type matches, as ``Int::class.java``
          matches an Int and not a Long; it tells you which typed getter will read the key.
        * a Python type, matched as ``isinstance`` would match the value: ``int`` (a Byte,
          Int or Long, never a Boolean), ``float`` (a Float or Double), ``str``, ``bool``,
          ``list`` (any array), and ``object`` (any value), like Java's ``Object``.

        >>> data = Data({"n": 3, "name": None})
        >>> [data.has_key_with_value_of_type("n", t) for t in (int, "long", "int", float)]
        [True, True, False, False]
        >>> data.has_key_with_value_of_type("name", str)  # None is no value
        False
        """
        kinds = _kinds_matching(value_type)
        entry = self._items.get(key)
        return entry is not None and entry[1] is not None and entry[0] in kinds

    # --- getters ----------------------------------------------------------------------

    # Each getter reads only its own kind, as Android's getters do (``getOrDefault`` tests
    # ``value is T``, ``getTypedArray`` tests ``isArrayOf<T>()``, androidx Data_.kt): get_int
    # on a stored Long, or get_double on a stored Float, gives the default. A Python int
    # is stored as a Long and a float as a Double, so read those with get_long and
    # get_double, or store an Int with put_int to read it with get_int.

    def _scalar(self, key: str, kind: str, default: Any) -> Any:
        entry = self._items.get(key)
        if entry is None or entry[0] != kind or entry[1] is None:
            return default
        return entry[1]

    def _array(self, key: str, kind: str) -> list[Any] | None:
        entry = self._items.get(key)
        return list(entry[1]) if entry is not None and entry[0] == kind else None

    def get_boolean(self, key: str, default: bool = False) -> bool:
        """The Boolean at ``key``, or ``default`` if it is missing or of another type."""
        value: bool = self._scalar(key, "boolean", default)
        return value

    def get_byte(self, key: str, default: int = 0) -> int:
        """The Byte at ``key`` (stored with put_byte), else ``default``."""
        value: int = self._scalar(key, "byte", default)
        return value

    def get_int(self, key: str, default: int = 0) -> int:
        """The Int at ``key`` (stored with put_int), else ``default``.

        A plain Python int is stored as a Long: read it with get_long.

        >>> Data({"n": 3}).get_int("n", -1), Data.Builder().put_int("n", 3).build().get_int("n")
        (-1, 3)
        """
        value: int = self._scalar(key, "int", default)
        return value

    def get_long(self, key: str, default: int = 0) -> int:
        """The Long at ``key`` (a plain Python int, or put_long), else ``default``."""
        value: int = self._scalar(key, "long", default)
        return value

    def get_float(self, key: str, default: float = 0.0) -> float:
        """The Float at ``key`` (stored with put_float), else ``default``."""
        value: float = self._scalar(key, "float", default)
        return value

    def get_double(self, key: str, default: float = 0.0) -> float:
        """The Double at ``key`` (a plain Python float, or put_double), else ``default``."""
        value: float = self._scalar(key, "double", default)
        return value

    def get_string(self, key: str, default: str | None = None) -> str | None:
        """The String at ``key``, or ``default`` if it is missing, None or not a String."""
        value: str | None = self._scalar(key, "string", default)
        return value

    def get_boolean_array(self, key: str) -> list[bool] | None:
        """A copy of the Boolean[] at ``key``, or None."""
        return self._array(key, "boolean[]")

    def get_byte_array(self, key: str) -> list[int] | None:
        """A copy of the Byte[] at ``key``, or None."""
        return self._array(key, "byte[]")

    def get_int_array(self, key: str) -> list[int] | None:
        """A copy of the Int[] at ``key``, or None (a list of plain ints is a Long[])."""
        return self._array(key, "int[]")

    def get_long_array(self, key: str) -> list[int] | None:
        """A copy of the Long[] at ``key``, or None."""
        return self._array(key, "long[]")

    def get_float_array(self, key: str) -> list[float] | None:
        """A copy of the Float[] at ``key``, or None (a list of plain floats is a Double[])."""
        return self._array(key, "float[]")

    def get_double_array(self, key: str) -> list[float] | None:
        """A copy of the Double[] at ``key``, or None."""
        return self._array(key, "double[]")

    def get_string_array(self, key: str) -> list[str | None] | None:
        """A copy of the String[] at ``key`` (elements may be None), or None."""
        return self._array(key, "string[]")

    def get(self, key: str) -> Any:
        """The value at ``key`` whatever its kind (a new list for arrays), or None."""
        entry = self._items.get(key)
        if entry is None:
            return None
        value = entry[1]
        return list(value) if type(value) is tuple else value

    def kind_of(self, key: str) -> str:
        """The kind of the value at ``key`` (``"long"``, ``"int[]"``...); KeyError if missing.

        A None value has kind ``"string"``: on Android only a String may be null.
        """
        entry = self._items.get(key)
        if entry is None:
            raise KeyError(key)
        return entry[0]

    @property
    def key_value_map(self) -> dict[str, Any]:
        """A new dict of every key and value (arrays as new lists)."""
        return {
            key: list(value) if type(value) is tuple else value
            for key, (_, value) in self._items.items()
        }

    def keys(self) -> KeysView[str]:
        """The keys, in insertion order."""
        return self._items.keys()

    # --- Python protocols ---------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        if key not in self._items:
            raise KeyError(key)
        return self.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Data):
            return NotImplemented
        return self is other or self._items == other._items

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._items.items())))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        items = self._items.items()
        if all(kind == _inferred_kind(value) for _, (kind, value) in items):
            body = ", ".join(f"{key!r}: {_value_repr(value)}" for key, (_, value) in items)
            return f"Data({{{body}}})"
        calls = "".join(
            f".put_{kind.removesuffix('[]')}{'_array' if kind.endswith('[]') else ''}"
            f"({key!r}, {_value_repr(value)})"
            for key, (kind, value) in items
        )
        return f"Data.Builder(){calls}.build()"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(
            "Data is immutable; make a new one with Data.Builder().put_all(data)...build()"
        )

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("Data is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Data._from_items, (dict(self._items),))

    def __copy__(self) -> Data:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Data:
        return self

    class Builder:
        """Android's ``Data.Builder``: typed setters, each returning the builder.

        >>> Data.Builder().put_byte("b", 7).put_float_array("f", [0.5]).build().kind_of("f")
        'float[]'
        """

        __slots__ = ("_items",)

        def __init__(self) -> None:
            self._items: dict[str, tuple[str, Any]] = {}

        def _put(self, key: str, kind: str, value: Any) -> Data.Builder:
            _check_key(key)
            try:
                self._items[key] = (kind, _coerce(kind, value))
            except _Rejected:
                raise _setter_error(key, kind, value) from None
            return self

        def _put_array(self, key: str, kind: str, values: Any) -> Data.Builder:
            _check_key(key)
            self._items[key] = (kind + "[]", _typed_array(key, kind, values))
            return self

        def put_boolean(self, key: str, value: bool) -> Data.Builder:
            """Put a Boolean."""
            return self._put(key, "boolean", value)

        def put_byte(self, key: str, value: int) -> Data.Builder:
            """Put a Byte (-128..127)."""
            return self._put(key, "byte", value)

        def put_int(self, key: str, value: int) -> Data.Builder:
            """Put an Int (32-bit)."""
            return self._put(key, "int", value)

        def put_long(self, key: str, value: int) -> Data.Builder:
            """Put a Long (64-bit); what a plain Python int becomes."""
            return self._put(key, "long", value)

        def put_float(self, key: str, value: float) -> Data.Builder:
            """Put a Float (an int is converted)."""
            # SIM: the value keeps Python's double precision; only its range is a Float's.
            return self._put(key, "float", value)

        def put_double(self, key: str, value: float) -> Data.Builder:
            """Put a Double (an int is converted); what a plain Python float becomes."""
            return self._put(key, "double", value)

        def put_string(self, key: str, value: str | None) -> Data.Builder:
            """Put a String, or None (only Strings may be null on Android)."""
            return self._put(key, "string", value)

        def put_boolean_array(
            self, key: str, values: list[bool] | tuple[bool, ...]
        ) -> Data.Builder:
            """Put a Boolean[] from a list or tuple."""
            return self._put_array(key, "boolean", values)

        def put_byte_array(self, key: str, values: list[int] | tuple[int, ...]) -> Data.Builder:
            """Put a Byte[] from a list or tuple."""
            return self._put_array(key, "byte", values)

        def put_int_array(self, key: str, values: list[int] | tuple[int, ...]) -> Data.Builder:
            """Put an Int[] from a list or tuple."""
            return self._put_array(key, "int", values)

        def put_long_array(self, key: str, values: list[int] | tuple[int, ...]) -> Data.Builder:
            """Put a Long[] from a list or tuple."""
            return self._put_array(key, "long", values)

        def put_float_array(
            self, key: str, values: list[float] | tuple[float, ...]
        ) -> Data.Builder:
            """Put a Float[] from a list or tuple."""
            return self._put_array(key, "float", values)

        def put_double_array(
            self, key: str, values: list[float] | tuple[float, ...]
        ) -> Data.Builder:
            """Put a Double[] from a list or tuple."""
            return self._put_array(key, "double", values)

        def put_string_array(
            self, key: str, values: list[str | None] | tuple[str | None, ...]
        ) -> Data.Builder:
            """Put a String[] from a list or tuple; elements may be None."""
            return self._put_array(key, "string", values)

        def put(self, key: str, value: Any) -> Data.Builder:
            """Put ``value`` with the kind its Python type gives it (int -> long...)."""
            self._items[key] = _infer(key, value)
            return self

        def put_all(self, values: Mapping[str, Any] | Data) -> Data.Builder:
            """Put every pair of a mapping (kinds inferred) or of a Data (kinds kept)."""
            if isinstance(values, Data):
                self._items.update(values._items)
            else:
                self._items.update(_items_of_mapping(values))
            return self

        def build(self) -> Data:
            """The Data; ``DataError`` if it is over ``Data.MAX_DATA_BYTES`` serialized."""
            return Data._from_items(dict(self._items))


def _init(data: Data, items: dict[str, tuple[str, Any]], size: int | None, h: int | None) -> None:
    object.__setattr__(data, "_items", items)
    object.__setattr__(data, "_size", size)
    object.__setattr__(data, "_hash", h)


def _check_key(key: Any) -> None:
    if not isinstance(key, str):
        raise DataError(f"Data keys must be str, got {type(key)} {key!r}. Use str(key) as the key.")


def _items_of_mapping(mapping: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    if not isinstance(mapping, Mapping):
        raise DataError(
            f"Data needs a dict of key -> value (or another Data), got {type(mapping)}."
        )
    return {key: _infer(key, value) for key, value in mapping.items()}


Data.EMPTY = Data._from_items({})
