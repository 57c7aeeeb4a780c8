"""Android's V1 byte layout of ``Data``: the size the 10240-byte limit counts, and the
bytes themselves (``Data.to_byte_array`` / ``Data.from_byte_array``).

androidx.work writes a Data (``Data.toByteArrayInternalV1``) with a ``DataOutputStream``,
big-endian: the magic ``0xABEF`` and version ``1`` (two shorts), the entry count (an
int), then per entry a type byte, the value, and the key (``writeUTF``). Strings are
Java's modified UTF-8 behind a 2-byte length; a null element of a String[] is written
as a 55-character sentinel string. This module knows only kinds and values; ``Data``
builds on it.

>>> encode({"a": ("int", 1)}).hex(" ")
'ab ef 00 01 00 00 00 01 03 00 00 00 01 00 01 61'
>>> decode(encode({"a": ("int", 1)}))
{'a': ('int', 1)}
"""

from __future__ import annotations

import struct
from typing import Any

from ..errors import DataError

__all__ = ["decode", "encode", "entry_size", "items_size"]

_MAGIC, _VERSION = 0xABEF, 1
_HEADER = struct.Struct(">HHi")
# Java's ObjectOutputStream magic: the V0 layout that older WorkManager releases wrote.
_JAVA_SERIALIZATION_MAGIC = b"\xac\xed"
_TYPE_NULL = 0
# Type byte of each scalar kind; its array kind's type byte is 7 more.
_TYPE_CODE = {"boolean": 1, "byte": 2, "int": 3, "long": 4, "float": 5, "double": 6, "string": 7}
_KIND_OF_CODE = {code: kind for kind, code in _TYPE_CODE.items()} | {
    code + 7: kind + "[]" for kind, code in _TYPE_CODE.items()
}
_FORMAT = {
    kind: struct.Struct(fmt)
    for kind, fmt in (
        ("boolean", ">?"),
        ("byte", ">b"),
        ("int", ">i"),
        ("long", ">q"),
        ("float", ">f"),
        ("double", ">d"),
    )
}
_NULL_STRING_V1 = "androidx.work.Data-95ed6082-b8e9-46e8-a73f-ff56f00f5d9d"


# --- modified UTF-8 (DataOutputStream.writeUTF) -------------------------------------------


def _mutf8_len(text: str) -> int:
    """Bytes of ``text`` in Java's modified UTF-8, as ``DataOutputStream.writeUTF`` writes it.

    Equal to the UTF-8 length except that NUL takes 2 bytes and a character outside the
    Basic Multilingual Plane (an emoji) takes 6, because Java encodes its two UTF-16
    surrogates separately.
    """
    if text.isascii():
        return len(text) + text.count("\0")
    utf8 = len(text.encode("utf-8", "surrogatepass"))
    astral = len(text.encode("utf-16-le", "surrogatepass")) // 2 - len(text)
    return utf8 + text.count("\0") + 2 * astral


def _mutf8(text: str) -> bytes:
    if text.isascii() and "\0" not in text:
        return text.encode("ascii")
    # Each UTF-16 unit on its own (an emoji becomes two 3-byte surrogates), NUL as C0 80.
    split = "".join(
        chr(0xD800 + ((ord(c) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(c) - 0x10000) & 0x3FF))
        if ord(c) > 0xFFFF
        else c
        for c in text
    )
    return split.encode("utf-8", "surrogatepass").replace(b"\0", b"\xc0\x80")


def _write_utf(text: str) -> bytes:
    body = _mutf8(text)
    return len(body).to_bytes(2, "big") + body


def _from_mutf8(body: bytes) -> str:
    # Surrogates arrive one by one; a UTF-16 round trip pairs them into one character.
    text = body.replace(b"\xc0\x80", b"\0").decode("utf-8", "surrogatepass")
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


# --- sizes ------------------------------------------------------------------------------

_FIXED_SIZE = {"boolean": 2, "byte": 2, "int": 5, "float": 5, "long": 9, "double": 9}
_ELEMENT_SIZE = {"boolean[]": 1, "byte[]": 1, "int[]": 4, "float[]": 4, "long[]": 8, "double[]": 8}
_NULL_STRING_SIZE = 2 + len(_NULL_STRING_V1)


def _value_size(kind: str, value: Any) -> int:
    """Bytes of one value (type byte included)."""
    # SIM: writeUTF cannot write a string over 65535 bytes, and Android then logs the
    # IOException and stores nothing; wmkit counts it and refuses it as too big instead.
    fixed = _FIXED_SIZE.get(kind)
    if fixed is not None:
        return fixed
    if kind == "string":
        return 1 if value is None else 3 + _mutf8_len(value)
    element = _ELEMENT_SIZE.get(kind)
    if element is not None:
        return 5 + element * len(value)
    return 5 + sum(_NULL_STRING_SIZE if s is None else 2 + _mutf8_len(s) for s in value)


def entry_size(key: str, kind: str, value: Any) -> int:
    """Bytes of one entry: its value, then its key."""
    return _value_size(kind, value) + 2 + _mutf8_len(key)


def items_size(items: dict[str, tuple[str, Any]]) -> int:
    """Bytes of a whole Data: the 8-byte header, then every entry."""
    return _HEADER.size + sum(entry_size(key, kind, value) for key, (kind, value) in items.items())


# --- writing ----------------------------------------------------------------------------


def _write_value(kind: str, value: Any) -> bytes:
    if kind.endswith("[]"):
        element = kind[:-2]
        head = struct.pack(">bi", _TYPE_CODE[element] + 7, len(value))
        if element == "string":
            return head + b"".join(_write_utf(_NULL_STRING_V1 if s is None else s) for s in value)
        return head + b"".join(_FORMAT[element].pack(v) for v in value)
    if value is None:
        return bytes([_TYPE_NULL])
    body = _write_utf(value) if kind == "string" else _FORMAT[kind].pack(value)
    return bytes([_TYPE_CODE[kind]]) + body


def encode(items: dict[str, tuple[str, Any]]) -> bytes:
    """The V1 bytes of ``items`` (key -> (kind, value)), entries in insertion order."""
    # SIM: Android keeps the values in a HashMap and writes them in its iteration order;
    # wmkit writes them in the order the keys were put. Every entry's bytes, and so the
    # size, are the same; only the order of the entries may differ.
    parts = [_HEADER.pack(_MAGIC, _VERSION, len(items))]
    for key, (kind, value) in items.items():
        parts.append(_write_value(kind, value))
        parts.append(_write_utf(key))
    return b"".join(parts)


# --- reading ----------------------------------------------------------------------------


class _Reader:
    """A cursor over the bytes that names what it was reading when they run out."""

    def __init__(self, raw: bytes) -> None:
        self.raw, self.at = raw, 0

    def take(self, count: int, what: str) -> bytes:
        end = self.at + count
        if end > len(self.raw):
            raise DataError(
                f"These bytes end after {len(self.raw)} bytes, in the middle of {what}: they "
                "are cut short. Pass every byte that to_byte_array() returned."
            )
        chunk, self.at = self.raw[self.at : end], end
        return chunk

    def unpack(self, kind: str, what: str) -> Any:
        form = _FORMAT[kind]
        return form.unpack(self.take(form.size, what))[0]

    def utf(self, what: str) -> str:
        length = int.from_bytes(self.take(2, what), "big")
        body = self.take(length, what)
        try:
            return _from_mutf8(body)
        except UnicodeDecodeError:
            raise DataError(f"{what} is not valid modified UTF-8 text.") from None

    def value(self, code: int, index: int) -> tuple[str, Any]:
        kind = _KIND_OF_CODE.get(code)
        what = f"entry {index}"
        if code == _TYPE_NULL:
            return "string", None
        if kind is None:
            raise DataError(
                f"Entry {index} has type byte {code}, which is none of Data's types (0 to 14)."
            )
        if kind == "string":
            return kind, self.utf(what)
        if not kind.endswith("[]"):
            return kind, self.unpack(kind, what)
        count = self.unpack("int", what)
        if count < 0:
            raise DataError(f"Entry {index} is an array of negative length {count}.")
        element = kind[:-2]
        if element == "string":
            strings = (self.utf(what) for _ in range(count))
            return kind, tuple(None if s == _NULL_STRING_V1 else s for s in strings)
        return kind, tuple(self.unpack(element, what) for _ in range(count))


def decode(raw: bytes) -> dict[str, tuple[str, Any]]:
    """``items`` (key -> (kind, value)) from V1 bytes; ``DataError`` if they are not V1.

    An empty byte string is an empty Data, as on Android.
    """
    if not raw:
        return {}
    if raw[:2] == _JAVA_SERIALIZATION_MAGIC:
        # SIM: Android still reads the V0 layout (Java serialization, written by older
        # releases) for old database rows; wmkit never wrote it and does not read it.
        raise DataError(
            "These bytes are the old V0 layout (Java serialization), which wmkit does not "
            "read. Use bytes from to_byte_array(), which writes the V1 layout."
        )
    reader = _Reader(raw)
    magic, version, count = _HEADER.unpack(reader.take(_HEADER.size, "the header"))
    if magic != _MAGIC:
        raise DataError(
            f"These bytes do not start with Data's magic number 0xabef (they start with "
            f"{raw[:2].hex()}): they are not a serialized Data. Use bytes from to_byte_array()."
        )
    if version != _VERSION:
        raise DataError(f"Data layout version {version} is not supported; only version 1 is.")
    items: dict[str, tuple[str, Any]] = {}
    for index in range(count):
        kind_value = reader.value(reader.take(1, f"entry {index}")[0], index)
        items[reader.utf(f"the key of entry {index}")] = kind_value
    if reader.at != len(raw):
        # SIM: Android stops after the last entry and ignores what follows; wmkit refuses
        # it, because such bytes were cut or joined by mistake.
        raise DataError(
            f"{len(raw) - reader.at} bytes follow the last of the {count} entries: these "
            "bytes are not one serialized Data. Pass exactly what to_byte_array() returned."
        )
    return items
