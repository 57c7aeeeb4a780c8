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

from collections.abc import Iterator, KeysView, Mapping
from typing import Any, ClassVar, NoReturn

from ..errors import DataError
from .data_builder import Builder
from .data_kinds import (
    _FLOAT_ARRAY_KINDS,
    _FLOAT_KINDS,
    _NAN,
    MAX_DATA_BYTES,
    _check_size,
    _inferred_kind,
    _items_of_mapping,
    _kinds_matching,
    _value_repr,
)
from .data_layout import decode, encode, items_size

__all__ = ["Data"]

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

    MAX_DATA_BYTES: ClassVar[int] = MAX_DATA_BYTES
    EMPTY: ClassVar[Data]
    Builder = Builder

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


def _init(data: Data, items: dict[str, tuple[str, Any]], size: int | None, h: int | None) -> None:
    object.__setattr__(data, "_items", items)
    object.__setattr__(data, "_size", size)
    object.__setattr__(data, "_hash", h)


Data.EMPTY = Data._from_items({})
