"""Unit tests for wmkit.work.data: Android's typed, size-limited Data payload."""

from __future__ import annotations

import copy
import enum
import json
import math
import pickle
import struct
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmkit.errors import DataError, IllegalArgumentError, WorkManagerError
from wmkit.storage import jsonio
from wmkit.storage.codec import data_from_record, data_record
from wmkit.work.data import Data

# --- an independent V1 writer, following Android's Data.toByteArrayInternalV1 ----------

_NULL_STRING_V1 = "androidx.work.Data-95ed6082-b8e9-46e8-a73f-ff56f00f5d9d"
_TYPE_CODES = {"boolean": 1, "byte": 2, "int": 3, "long": 4, "float": 5, "double": 6, "string": 7}
_FORMATS = {"boolean": ">?", "byte": ">b", "int": ">i", "long": ">q", "float": ">f", "double": ">d"}


def _write_utf(text: str) -> bytes:
    """Java's DataOutputStream.writeUTF: a 2-byte length, then modified UTF-8."""
    body = bytearray()
    units = text.encode("utf-16-be", "surrogatepass")
    for i in range(0, len(units), 2):
        unit = int.from_bytes(units[i : i + 2], "big")
        if 1 <= unit <= 0x7F:
            body.append(unit)
        elif unit <= 0x7FF:
            body += bytes([0xC0 | unit >> 6, 0x80 | unit & 0x3F])
        else:
            body += bytes([0xE0 | unit >> 12, 0x80 | (unit >> 6) & 0x3F, 0x80 | unit & 0x3F])
    return struct.pack(">H", len(body)) + bytes(body)


def _write_element(kind: str, value: Any) -> bytes:
    if kind == "string":
        return _write_utf(_NULL_STRING_V1 if value is None else value)
    return struct.pack(_FORMATS[kind], value)


def v1_bytes(data: Data) -> bytes:
    """The bytes Android would write for ``data``."""
    out = struct.pack(">HHi", 0xABEF, 1, len(data))
    for key in data:
        kind, value = data.kind_of(key), data.get(key)
        if kind.endswith("[]"):
            element = kind[:-2]
            out += struct.pack(">bi", _TYPE_CODES[element] + 7, len(value))
            out += b"".join(_write_element(element, v) for v in value)
        elif value is None:
            out += b"\x00"
        else:
            out += bytes([_TYPE_CODES[kind]]) + _write_element(kind, value)
        out += _write_utf(key)
    return out


# --- Hypothesis strategies ------------------------------------------------------------

_ELEMENTS = {
    "boolean": st.booleans(),
    "byte": st.integers(-(2**7), 2**7 - 1),
    "int": st.integers(-(2**31), 2**31 - 1),
    "long": st.integers(-(2**63), 2**63 - 1),
    "float": st.floats(width=32),
    "double": st.floats(),
    "string": st.none() | st.text(max_size=10),
}


@st.composite
def datas(draw: st.DrawFn, max_keys: int = 6) -> Data:
    """A valid Data built with random typed setters (well under the size limit)."""
    builder = Data.Builder()
    for key in draw(st.lists(st.text(max_size=8), max_size=max_keys, unique=True)):
        kind = draw(st.sampled_from(sorted(_ELEMENTS)))
        if draw(st.booleans()):
            values = draw(st.lists(_ELEMENTS[kind], max_size=8))
            getattr(builder, f"put_{kind}_array")(key, values)
        else:
            getattr(builder, f"put_{kind}")(key, draw(_ELEMENTS[kind]))
    return builder.build()


def built(**puts: Any) -> Data:
    """A Data from typed setters: ``built(int=("a", 1))`` is put_int("a", 1)."""
    builder = Data.Builder()
    for setter, (key, value) in puts.items():
        getattr(builder, f"put_{setter}")(key, value)
    return builder.build()


# --- kinds: inference and typed setters -----------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind"),
    [(True, "boolean"), (1, "long"), (1.5, "double"), ("s", "string"), (None, "string")],
)
def test_mapping_infers_scalar_kinds(value: Any, kind: str) -> None:
    """The mapping form gives bool, int, float, str and None Android's Boolean, Long, Double
    and String."""
    assert Data({"k": value}).kind_of("k") == kind


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ([True, False], "boolean[]"),
        ([1, 2], "long[]"),
        ((1.5,), "double[]"),
        (["a", None], "string[]"),
        ([None, None], "string[]"),
    ],
)
def test_mapping_infers_array_kinds(value: Any, kind: str) -> None:
    """A list or tuple of one type becomes an array of that type's kind."""
    assert Data({"k": value}).kind_of("k") == kind


def test_empty_list_is_a_string_array() -> None:
    """An empty list, which has no element type, is documented to become a String[]."""
    assert Data({"k": []}).kind_of("k") == "string[]"


def test_int_and_str_subclasses_are_stored_as_plain_values() -> None:
    """An IntEnum member is stored as a plain int (a Long) and compares equal to one."""

    class Level(enum.IntEnum):
        HIGH = 3

    data = Data({"level": Level.HIGH})
    assert type(data.get("level")) is int
    assert data == Data({"level": 3})


@pytest.mark.parametrize(
    ("setter", "value", "kind"),
    [
        ("put_boolean", True, "boolean"),
        ("put_byte", 7, "byte"),
        ("put_int", 7, "int"),
        ("put_long", 7, "long"),
        ("put_float", 0.5, "float"),
        ("put_double", 0.5, "double"),
        ("put_string", "s", "string"),
        ("put_boolean_array", [True], "boolean[]"),
        ("put_byte_array", [7], "byte[]"),
        ("put_int_array", [7], "int[]"),
        ("put_long_array", [7], "long[]"),
        ("put_float_array", [0.5], "float[]"),
        ("put_double_array", [0.5], "double[]"),
        ("put_string_array", ["s", None], "string[]"),
    ],
)
def test_typed_setters_record_their_kind(setter: str, value: Any, kind: str) -> None:
    """Each typed setter stores its value with its own kind."""
    data = getattr(Data.Builder(), setter)("k", value).build()
    assert data.kind_of("k") == kind
    assert data.get("k") == value


def test_builder_setters_return_the_builder() -> None:
    """Every setter returns the same builder, so calls chain as in Kotlin."""
    builder = Data.Builder()
    assert builder.put_int("a", 1) is builder
    assert builder.put_string_array("b", []) is builder
    assert builder.put("c", 1) is builder
    assert builder.put_all({"d": 1}) is builder


def test_put_infers_the_kind_like_the_mapping_form() -> None:
    """Builder.put gives a value the kind its Python type gives it in Data(mapping)."""
    data = Data.Builder().put("n", 1).put("xs", [1.0]).put("s", None).build()
    assert data == Data({"n": 1, "xs": [1.0], "s": None})


def test_put_all_infers_kinds_from_a_mapping() -> None:
    """put_all of a dict infers kinds like the mapping form."""
    assert Data.Builder().put_all({"n": 1}).build().kind_of("n") == "long"


def test_put_all_keeps_the_kinds_of_a_data() -> None:
    """put_all of a Data keeps each value's recorded kind."""
    source = Data.Builder().put_int("n", 1).build()
    assert Data.Builder().put_all(source).build().kind_of("n") == "int"


def test_data_from_data_copies_kinds() -> None:
    """Data(other_data) is equal to it, kinds included."""
    source = Data.Builder().put_byte("b", 1).put_float_array("f", [1.0]).build()
    copied = Data(source)
    assert copied == source
    assert copied.kind_of("b") == "byte"


def test_a_later_put_replaces_an_earlier_one() -> None:
    """Putting a key twice keeps the last value and kind."""
    data = Data.Builder().put_int("k", 1).put_string("k", "x").build()
    assert (data.kind_of("k"), data.get("k")) == ("string", "x")


def test_reusing_a_builder_does_not_change_a_built_data() -> None:
    """build() snapshots the builder, so later puts do not reach the built Data."""
    builder = Data.Builder().put_int("a", 1)
    first = builder.build()
    builder.put_int("b", 2)
    assert list(first) == ["a"]


def test_put_double_accepts_an_int_as_a_float() -> None:
    """put_double(key, 2) stores the float 2.0, as Kotlin's 2.toDouble()."""
    value = Data.Builder().put_double("d", 2).build().get("d")
    assert (type(value), value) == (float, 2.0)


def test_empty_and_its_constants() -> None:
    """Data.EMPTY has no keys, equals Data(), and MAX_DATA_BYTES is Android's 10240."""
    assert len(Data.EMPTY) == 0
    assert Data.EMPTY == Data() == Data({}) == Data.Builder().build()
    assert Data.MAX_DATA_BYTES == 10240


# --- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [{"x": 1}, {1, 2}, object(), b"bytes", bytearray(b"x"), 1j, Data.EMPTY],
    ids=["dict", "set", "object", "bytes", "bytearray", "complex", "Data"],
)
def test_unsupported_types_are_refused_naming_key_and_type(value: Any) -> None:
    """A value Data cannot hold raises DataError naming the key and the type."""
    with pytest.raises(DataError) as caught:
        Data({"payload": value})
    assert "'payload'" in str(caught.value)
    assert str(type(value)) in str(caught.value)


def test_a_dict_value_gets_androids_message() -> None:
    """The refusal of a dict reads like Android's, with the fix."""
    with pytest.raises(DataError) as caught:
        Data({"k": {}})
    assert str(caught.value) == (
        "Key 'k' has invalid type <class 'dict'>; Data holds only bool, int, float, str, "
        "None and lists of one of them. Serialize it (e.g. json.dumps) or store it elsewhere "
        "and pass its id."
    )


def test_data_errors_are_value_errors_and_workmanager_errors() -> None:
    """DataError is caught by except ValueError, IllegalArgumentError and WorkManagerError."""
    with pytest.raises(DataError) as caught:
        Data({"k": {}})
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, IllegalArgumentError)
    assert isinstance(caught.value, WorkManagerError)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ([[1], [2]], "list of <class 'list'>"),
        ([1, "a"], "list mixing <class 'int'> and <class 'str'>"),
        ([1, 2.0], "list mixing <class 'int'> and <class 'float'>"),
        ([True, 1], "list mixing <class 'bool'> and <class 'int'>"),
        ([1, None], "list mixing <class 'int'> and None"),
        ([{"a": 1}], "list of <class 'dict'>"),
    ],
)
def test_nested_mixed_and_null_number_lists_are_refused(value: Any, words: str) -> None:
    """A list of lists, of mixed types, or of numbers with None raises DataError."""
    with pytest.raises(DataError, match="Key 'xs'") as caught:
        Data({"xs": value})
    assert words in str(caught.value)


def test_put_refuses_invalid_types_too() -> None:
    """Builder.put applies the mapping form's rules."""
    with pytest.raises(DataError, match="Key 'k' has invalid type <class 'set'>"):
        Data.Builder().put("k", set())


@pytest.mark.parametrize("key", [1, None, b"k", ("a",)])
def test_non_str_keys_are_refused(key: Any) -> None:
    """Keys must be str, in the mapping form and in every setter."""
    with pytest.raises(DataError, match="keys must be str"):
        Data({key: 1})
    with pytest.raises(DataError, match="keys must be str"):
        Data.Builder().put_int(key, 1)
    with pytest.raises(DataError, match="keys must be str"):
        Data.Builder().put_int_array(key, [1])


def test_a_non_mapping_is_refused() -> None:
    """Data("text") raises DataError asking for a dict."""
    with pytest.raises(DataError, match="needs a dict"):
        Data("text")  # type: ignore[arg-type]


def test_a_typed_setter_refuses_a_wrong_type_naming_key_type_and_fix() -> None:
    """put_int("a", "x") names the key, the setter, the type and a fix."""
    with pytest.raises(DataError) as caught:
        Data.Builder().put_int("a", "x")  # type: ignore[arg-type]
    message = str(caught.value)
    assert "Key 'a'" in message
    assert "put_int" in message
    assert "<class 'str'>" in message
    assert "Convert it first" in message


@pytest.mark.parametrize("setter", ["put_byte", "put_int", "put_long", "put_float", "put_double"])
def test_number_setters_refuse_a_bool(setter: str) -> None:
    """A bool is not a number in Data: number setters refuse it and point to put_boolean."""
    with pytest.raises(DataError, match="use put_boolean"):
        getattr(Data.Builder(), setter)("a", True)


@pytest.mark.parametrize(
    ("setter", "value"),
    [("put_boolean", 1), ("put_string", 1), ("put_int", 1.0), ("put_long", "1")],
)
def test_setters_refuse_other_python_types(setter: str, value: Any) -> None:
    """put_boolean(1), put_string(1), put_int(1.0) and put_long("1") are refused."""
    with pytest.raises(DataError, match=f"Key 'a': {setter} needs"):
        getattr(Data.Builder(), setter)("a", value)


@pytest.mark.parametrize(
    ("setter", "low", "high"),
    [
        ("put_byte", -128, 127),
        ("put_int", -(2**31), 2**31 - 1),
        ("put_long", -(2**63), 2**63 - 1),
    ],
)
def test_integer_setters_check_their_range(setter: str, low: int, high: int) -> None:
    """Byte, Int and Long setters accept their whole range and refuse one beyond it."""
    data = getattr(getattr(Data.Builder(), setter)("low", low), setter)("high", high).build()
    assert (data.get("low"), data.get("high")) == (low, high)
    for beyond in (low - 1, high + 1):
        with pytest.raises(DataError, match="Key 'x'"):
            getattr(Data.Builder(), setter)("x", beyond)


def test_an_int_beyond_a_long_is_refused_in_the_mapping_form() -> None:
    """A Python int that does not fit in a Long cannot be stored, and the fix says str(n)."""
    Data({"n": 2**63 - 1})
    with pytest.raises(DataError, match=r"Key 'n'.*str\(n\)"):
        Data({"n": 2**63})
    with pytest.raises(DataError, match="Key 'ns'"):
        Data({"ns": [0, -(2**63) - 1]})


def test_put_float_refuses_a_value_beyond_a_float() -> None:
    """put_float refuses a finite value over Float.MAX_VALUE but keeps infinities and NaN."""
    with pytest.raises(DataError, match="put_double"):
        Data.Builder().put_float("f", 1e39)
    data = Data.Builder().put_float("inf", math.inf).put_float("nan", math.nan).build()
    assert data.get_float("inf") == math.inf
    assert math.isnan(data.get_float("nan"))


def test_put_double_refuses_an_int_too_big_for_a_double() -> None:
    """An int too large to convert to a float is refused, not an OverflowError."""
    with pytest.raises(DataError, match="Key 'd'"):
        Data.Builder().put_double("d", 10**400)


def test_array_setters_name_the_bad_element() -> None:
    """put_int_array names the key and the index of an element of the wrong type."""
    with pytest.raises(DataError, match=r"Key 'xs'.*element 1 is <class 'str'>"):
        Data.Builder().put_int_array("xs", [1, "x", 3])  # type: ignore[list-item]


def test_array_setters_need_a_list_or_tuple() -> None:
    """put_int_array("k", "123") is refused instead of iterating the string."""
    with pytest.raises(DataError, match="needs a list or tuple"):
        Data.Builder().put_int_array("k", "123")  # type: ignore[arg-type]


def test_only_string_arrays_hold_none() -> None:
    """put_string_array keeps None elements; put_int_array refuses them."""
    assert Data.Builder().put_string_array("s", [None]).build().get("s") == [None]
    with pytest.raises(DataError, match="element 0 is <class 'NoneType'>"):
        Data.Builder().put_int_array("i", [None])  # type: ignore[list-item]


# --- size in Android's V1 layout ------------------------------------------------------


def test_an_int_entry_is_16_bytes() -> None:
    """{"a": Int} is 4 header + 4 count + 5 value + 3 key = 16 bytes, as on Android."""
    assert Data.Builder().put_int("a", 1).build().serialized_size() == 16


def test_an_inferred_int_is_a_long_of_20_bytes() -> None:
    """A Python int counts as a Long: 9 value bytes instead of an Int's 5."""
    assert Data({"a": 1}).serialized_size() == 20


def test_empty_data_is_8_bytes() -> None:
    """Data.EMPTY is only the header and the count."""
    assert Data.EMPTY.serialized_size() == 8


@pytest.mark.parametrize(
    ("setter", "value", "value_size"),
    [
        ("put_boolean", True, 2),
        ("put_byte", 1, 2),
        ("put_int", 1, 5),
        ("put_float", 1.0, 5),
        ("put_long", 1, 9),
        ("put_double", 1.0, 9),
        ("put_string", None, 1),
        ("put_string", "abc", 6),
        ("put_boolean_array", [True, False], 7),
        ("put_byte_array", [1, 2], 7),
        ("put_int_array", [1, 2], 13),
        ("put_float_array", [1.0, 2.0], 13),
        ("put_long_array", [1, 2], 21),
        ("put_double_array", [1.0, 2.0], 21),
        ("put_string_array", ["ab", "c"], 12),
    ],
)
def test_each_kind_has_its_v1_size(setter: str, value: Any, value_size: int) -> None:
    """Each kind takes the bytes Android's V1 layout gives it (8 header + value + 3 key)."""
    data = getattr(Data.Builder(), setter)("k", value).build()
    assert data.serialized_size() == 8 + value_size + 3


def test_an_int_array_of_2554_fits_and_2555_does_not() -> None:
    """putIntArray("payload", n) fits iff 22 + 4n <= 10240, so n = 2554 is the largest."""
    fits = Data.Builder().put_int_array("payload", [0] * 2554).build()
    assert fits.serialized_size() == 10238
    with pytest.raises(DataError) as caught:
        Data.Builder().put_int_array("payload", [0] * 2555).build()
    message = str(caught.value)
    assert message.startswith(
        "Data is 10242 bytes when serialized; the limit is 10240 (Data.MAX_DATA_BYTES)."
    )
    assert "'payload'" in message
    assert message.endswith("Store the payload elsewhere and pass its id.")


def test_exactly_the_limit_is_allowed() -> None:
    """A Data of exactly 10240 bytes is accepted and one more byte is refused."""
    # 8 header + (3 + n) string value + 3 key bytes = 10240  =>  n = 10226.
    assert Data({"k": "x" * 10226}).serialized_size() == 10240
    with pytest.raises(DataError, match="Data is 10241 bytes"):
        Data({"k": "x" * 10227})


def test_the_mapping_form_is_size_checked() -> None:
    """Data(mapping) refuses an oversized payload, naming its largest entry."""
    with pytest.raises(DataError, match=r"Data is 20\d\d\d bytes.*'big'"):
        Data({"small": 1, "big": "y" * 20000})


def test_non_ascii_strings_are_counted_in_utf8() -> None:
    """'héllo €' is 10 UTF-8 bytes (é takes 2, € takes 3), not 7 characters."""
    data = Data({"k": "héllo €"})
    assert data.serialized_size() == 8 + (3 + 10) + (2 + 1)


def test_non_ascii_keys_are_counted_in_utf8() -> None:
    """A key is written with writeUTF too: 'ключ' is 8 bytes."""
    assert Data.Builder().put_int("ключ", 1).build().serialized_size() == 8 + 5 + (2 + 8)


def test_emoji_and_nul_follow_javas_modified_utf8() -> None:
    """writeUTF writes an emoji as two 3-byte surrogates (6 bytes) and NUL as 2 bytes."""
    assert Data({"k": "😀"}).serialized_size() == 8 + (3 + 6) + 3
    assert Data({"k": "a\0b"}).serialized_size() == 8 + (3 + 4) + 3


def test_a_null_string_array_element_takes_the_sentinels_bytes() -> None:
    """A null element of a String[] is written as Android's 55-character sentinel."""
    data = Data.Builder().put_string_array("k", [None]).build()
    assert data.serialized_size() == 8 + (1 + 4 + 2 + 55) + 3


def test_the_size_matches_the_bytes_android_would_write() -> None:
    """serialized_size equals the length of an independent V1 writer's output."""
    data = Data({"s": "héllo 😀", "n": None, "xs": ["a", None], "f": 1.5, "b": True})
    assert data.serialized_size() == len(v1_bytes(data))


@given(datas())
def test_serialized_size_matches_an_independent_v1_writer(data: Data) -> None:
    """For any valid Data, serialized_size is the length of the bytes Android would write."""
    assert data.serialized_size() == len(v1_bytes(data))


# --- getters --------------------------------------------------------------------------

_ALL_KINDS = (
    Data.Builder()
    .put_boolean("boolean", True)
    .put_byte("byte", 5)
    .put_int("int", 6)
    .put_long("long", 7)
    .put_long("big", 2**40)
    .put_float("float", 0.5)
    .put_double("double", 0.25)
    .put_string("string", "s")
    .put_string("null", None)
    .put_boolean_array("boolean[]", [True])
    .put_byte_array("byte[]", [5])
    .put_int_array("int[]", [6])
    .put_long_array("long[]", [7])
    .put_long_array("big[]", [7, 2**40])
    .put_float_array("float[]", [0.5])
    .put_double_array("double[]", [0.25])
    .put_string_array("string[]", ["s", None])
    .build()
)


@pytest.mark.parametrize(
    ("getter", "key", "expected"),
    [
        ("get_boolean", "boolean", True),
        ("get_byte", "byte", 5),
        ("get_int", "int", 6),
        ("get_long", "long", 7),
        ("get_float", "float", 0.5),
        ("get_double", "double", 0.25),
        ("get_string", "string", "s"),
        ("get_boolean_array", "boolean[]", [True]),
        ("get_byte_array", "byte[]", [5]),
        ("get_int_array", "int[]", [6]),
        ("get_long_array", "long[]", [7]),
        ("get_float_array", "float[]", [0.5]),
        ("get_double_array", "double[]", [0.25]),
        ("get_string_array", "string[]", ["s", None]),
    ],
)
def test_each_getter_reads_its_own_kind(getter: str, key: str, expected: Any) -> None:
    """Each getter returns a value stored with its own kind."""
    assert getattr(_ALL_KINDS, getter)(key) == expected


@pytest.mark.parametrize(
    ("getter", "default"),
    [
        ("get_boolean", False),
        ("get_byte", 0),
        ("get_int", 0),
        ("get_long", 0),
        ("get_float", 0.0),
        ("get_double", 0.0),
        ("get_string", None),
    ],
)
def test_scalar_getters_default_for_a_missing_key(getter: str, default: Any) -> None:
    """A missing key gives the getter's default, or the one passed."""
    assert getattr(Data.EMPTY, getter)("missing") == default
    assert getattr(Data.EMPTY, getter)("missing", "given") == "given"


@pytest.mark.parametrize(
    "getter",
    [
        "get_boolean_array",
        "get_byte_array",
        "get_int_array",
        "get_long_array",
        "get_float_array",
        "get_double_array",
        "get_string_array",
    ],
)
def test_array_getters_give_none_for_a_missing_key(getter: str) -> None:
    """Array getters return None when the key is missing."""
    assert getattr(Data.EMPTY, getter)("missing") is None


@pytest.mark.parametrize(
    ("getter", "key"),
    [
        ("get_int", "boolean"),
        ("get_long", "string"),
        ("get_byte", "float"),
        ("get_int", "int[]"),
        ("get_float", "long"),
        ("get_double", "string"),
        ("get_boolean", "int"),
        ("get_boolean", "string"),
        ("get_string", "int"),
        ("get_string", "string[]"),
    ],
)
def test_scalar_getters_default_on_another_type(getter: str, key: str) -> None:
    """A value of another family gives the default, as Android's getOrDefault does."""
    assert getattr(_ALL_KINDS, getter)(key, "default") == "default"


@pytest.mark.parametrize(
    ("getter", "key"),
    [
        ("get_int_array", "int"),
        ("get_long_array", "string[]"),
        ("get_float_array", "int[]"),
        ("get_boolean_array", "byte[]"),
        ("get_string_array", "long[]"),
        ("get_string_array", "string"),
        ("get_byte_array", "boolean[]"),
    ],
)
def test_array_getters_give_none_on_another_type(getter: str, key: str) -> None:
    """An array getter returns None for a scalar or an array of another family."""
    assert getattr(_ALL_KINDS, getter)(key) is None


@pytest.mark.parametrize(
    ("getter", "key"),
    [
        ("get_int", "long"),
        ("get_int", "byte"),
        ("get_long", "int"),
        ("get_byte", "int"),
        ("get_float", "double"),
        ("get_double", "float"),
    ],
)
def test_number_getters_read_only_their_own_type(getter: str, key: str) -> None:
    """get_int on a stored Long gives the default, and so on: Android's getOrDefault tests
    ``value is T`` (androidx Data_.kt), so an Int is not a Long nor a Float a Double."""
    assert getattr(_ALL_KINDS, getter)(key, -1) == -1


@pytest.mark.parametrize(
    ("getter", "key"),
    [
        ("get_int_array", "long[]"),
        ("get_long_array", "int[]"),
        ("get_byte_array", "int[]"),
        ("get_float_array", "double[]"),
        ("get_double_array", "float[]"),
    ],
)
def test_number_array_getters_read_only_their_own_type(getter: str, key: str) -> None:
    """An array getter gives None for an array of another number type, as Android's
    getTypedArray (``isArrayOf<T>()``) does."""
    assert getattr(_ALL_KINDS, getter)(key) is None


def test_a_plain_python_int_is_read_with_get_long() -> None:
    """A Python int is stored as a Long and a float as a Double: get_long and get_double
    read them, get_int and get_float give their default; put_int makes an Int."""
    data = Data({"n": 1, "x": 0.5, "ns": [1, 2]})
    assert (data.get_long("n"), data.get_int("n", -1)) == (1, -1)
    assert (data.get_double("x"), data.get_float("x", -1.0)) == (0.5, -1.0)
    assert (data.get_long_array("ns"), data.get_int_array("ns")) == ([1, 2], None)
    assert Data.Builder().put_int("n", 1).build().get_int("n") == 1


def test_get_string_gives_the_default_for_a_stored_none() -> None:
    """A stored None is not a String, so get_string returns the default."""
    assert _ALL_KINDS.get_string("null") is None
    assert _ALL_KINDS.get_string("null", "fallback") == "fallback"


def test_array_getters_return_copies() -> None:
    """Changing a returned list does not change the Data."""
    _ALL_KINDS.get_int_array("int[]").append(1)  # type: ignore[union-attr]
    _ALL_KINDS.get("int[]").append(1)
    assert _ALL_KINDS.get_int_array("int[]") == [6]


def test_get_returns_the_raw_value_whatever_its_kind() -> None:
    """get(key) returns the value of any kind, a list for arrays, None when missing."""
    assert _ALL_KINDS.get("boolean") is True
    assert _ALL_KINDS.get("string[]") == ["s", None]
    assert _ALL_KINDS.get("missing") is None


def test_key_value_map_is_a_new_plain_dict() -> None:
    """key_value_map is a fresh dict with list values for arrays."""
    data = Data({"a": 1, "xs": ["x"]})
    mapping = data.key_value_map
    assert mapping == {"a": 1, "xs": ["x"]}
    mapping["xs"].append("y")
    mapping["b"] = 2
    assert data.key_value_map == {"a": 1, "xs": ["x"]}


def test_container_protocols() -> None:
    """keys(), iteration, in, len and [] behave like a read-only dict."""
    data = Data({"a": 1, "b": [2]})
    assert list(data.keys()) == ["a", "b"]
    assert list(data) == ["a", "b"]
    assert "a" in data
    assert "z" not in data
    assert len(data) == 2
    assert data["b"] == [2]
    assert dict(data) == {"a": 1, "b": [2]}
    with pytest.raises(KeyError):
        data["z"]


def test_kind_of_a_none_is_string_and_of_a_missing_key_raises() -> None:
    """None is typed String, as on Android; kind_of a missing key raises KeyError."""
    assert Data({"n": None}).kind_of("n") == "string"
    with pytest.raises(KeyError):
        Data.EMPTY.kind_of("missing")


# --- equality, hashing, repr, immutability --------------------------------------------


def test_equal_keys_values_and_kinds_are_equal() -> None:
    """Two Data with the same pairs and kinds are equal and hash alike, whatever the order."""
    one = Data({"a": 1, "b": ["x"]})
    two = Data.Builder().put_string_array("b", ["x"]).put_long("a", 1).build()
    assert one == two
    assert hash(one) == hash(two)
    assert len({one, two}) == 1


def test_the_same_value_with_another_kind_is_not_equal() -> None:
    """put_int("a", 1) and put_long("a", 1) differ, as Integer 1 and Long 1 do on Android."""
    assert built(int=("a", 1)) != built(long=("a", 1))
    assert Data({"a": True}) != Data({"a": 1})
    assert Data({"a": [1.0]}) != Data.Builder().put_float_array("a", [1.0]).build()


def test_different_values_or_keys_are_not_equal() -> None:
    """A changed value or an extra key makes Data unequal."""
    assert Data({"a": 1}) != Data({"a": 2})
    assert Data({"a": 1}) != Data({"a": 1, "b": 1})


def test_nan_equals_nan_inside_data() -> None:
    """NaN values compare equal, as Float.equals says on Android."""
    assert Data({"x": math.nan}) == Data({"x": float("nan")})
    assert Data({"x": [math.nan]}) == Data({"x": [float("nan")]})


def test_data_is_not_equal_to_a_dict() -> None:
    """A Data never equals a plain dict with the same pairs."""
    assert Data({"a": 1}) != {"a": 1}


def test_repr_uses_the_mapping_form_when_kinds_are_inferred() -> None:
    """The repr of a Data whose kinds all match their Python types is Data({...})."""
    assert repr(Data({"a": 1, "s": None, "xs": [1.5]})) == "Data({'a': 1, 's': None, 'xs': [1.5]})"
    assert repr(Data.EMPTY) == "Data({})"


def test_repr_uses_the_builder_when_a_kind_differs() -> None:
    """A Data with explicit kinds has a Builder repr that names every setter."""
    data = Data.Builder().put_int("a", 1).put_string("b", "x").build()
    assert repr(data) == "Data.Builder().put_int('a', 1).put_string('b', 'x').build()"


@pytest.mark.parametrize(
    "data",
    [
        Data({"a": 1, "s": "x", "n": None, "xs": [], "f": [math.inf, -0.0]}),
        Data.Builder().put_long_array("e", []).put_double("d", -math.inf).build(),
        Data.Builder().put_float_array("f", [math.nan]).put_byte("b", -1).build(),
    ],
)
def test_repr_evaluates_back_to_an_equal_data(data: Data) -> None:
    """eval(repr(data)) rebuilds an equal Data, non-finite floats included."""
    assert eval(repr(data), {"Data": Data}) == data


@given(datas())
def test_repr_round_trips_for_any_data(data: Data) -> None:
    """For any valid Data, eval(repr(data)) == data (so Hypothesis failures replay)."""
    assert eval(repr(data), {"Data": Data}) == data


def test_data_is_immutable() -> None:
    """Setting or deleting an attribute of a Data raises AttributeError."""
    data = Data({"a": 1})
    with pytest.raises(AttributeError, match="immutable"):
        data.extra = 1
    with pytest.raises(AttributeError, match="immutable"):
        del data._items


def test_copy_and_pickle_keep_the_value() -> None:
    """copy returns the same immutable object; pickling round-trips values and kinds."""
    data = Data.Builder().put_int("a", 1).put_string_array("s", [None]).build()
    assert copy.copy(data) is data
    assert copy.deepcopy(data) is data
    assert pickle.loads(pickle.dumps(data)) == data


# --- the store's records (wmkit.storage.codec) ----------------------------------------


def test_record_format_is_key_to_kind_and_value() -> None:
    """data_record gives {key: [kind, value]}, with arrays as lists."""
    data = Data.Builder().put_int("n", 1).put_string_array("s", ["x", None]).build()
    assert data_record(data) == {"n": ["int", 1], "s": ["string[]", ["x", None]]}


def test_empty_record_is_an_empty_dict_and_back() -> None:
    """Data.EMPTY records as {} and {} loads as Data.EMPTY itself."""
    assert data_record(Data.EMPTY) == {}
    assert data_from_record({}) is Data.EMPTY


def test_record_round_trips_kinds_and_exact_floats_through_json() -> None:
    """A record survives json with every kind and every float bit intact."""
    data = (
        Data.Builder()
        .put_float("f", 0.1)
        .put_double("d", 1e-300)
        .put_double_array("ds", [2.0 / 3.0, -0.0])
        .put_byte("b", -5)
        .put_string("n", None)
        .put_all({"x": 5, "t": True})
        .build()
    )
    loaded = data_from_record(json.loads(json.dumps(data_record(data))))
    assert loaded == data
    assert loaded.kind_of("f") == "float"
    assert loaded.get("f") == 0.1
    assert math.copysign(1.0, loaded.get("ds")[1]) == -1.0


def test_non_finite_floats_are_stored_as_strict_json() -> None:
    """NaN and infinities are recorded as strings, so the record is strict JSON."""
    data = Data.Builder().put_double("a", math.inf).put_float_array("b", [math.nan, 1.0]).build()
    record = data_record(data)
    assert record == {"a": ["double", "Infinity"], "b": ["float[]", ["NaN", 1.0]]}
    assert data_from_record(json.loads(json.dumps(record, allow_nan=False))) == data


def test_a_record_with_an_unknown_kind_is_refused() -> None:
    """data_from_record refuses a kind it does not know, naming the key."""
    with pytest.raises(DataError, match="Key 'a' has unknown kind 'short'"):
        data_from_record({"a": ["short", 1]})


def test_a_loaded_record_computes_its_size_on_demand() -> None:
    """A Data loaded from a record reports the same size as the original."""
    data = Data({"s": "héllo", "xs": [1, 2]})
    assert data_from_record(data_record(data)).serialized_size() == data.serialized_size()


@given(datas())
def test_records_round_trip_through_json(data: Data) -> None:
    """For any valid Data, data_from_record(json(data_record())) equals it, kinds included,
    through the store's JSON (orjson when installed) and the standard library's."""
    for dumps, loads in ((jsonio.dumps, jsonio.loads), (jsonio.std_dumps, jsonio.std_loads)):
        loaded = data_from_record(loads(dumps(data_record(data))))
        assert loaded == data
        assert [loaded.kind_of(k) for k in loaded] == [data.kind_of(k) for k in data]


# --- the internal fast constructor ----------------------------------------------------


def test_from_items_checks_the_size_by_default() -> None:
    """Data._from_items refuses an oversized payload unless told the size is trusted."""
    items = {"payload": ("int[]", (0,) * 2555)}
    with pytest.raises(DataError, match="Data is 10242 bytes"):
        Data._from_items(dict(items))
    assert Data._from_items(dict(items), check_size=False).serialized_size() == 10242


# --- bytes: to_byte_array and from_byte_array -----------------------------------------


def test_to_byte_array_writes_androids_v1_bytes() -> None:
    """An Int entry is Android's 16 V1 bytes: magic, version, count, type, value, key."""
    raw = built(int=("a", 1)).to_byte_array()
    assert raw == bytes.fromhex("abef 0001 00000001 03 00000001 0001 61")


@given(datas())
def test_to_byte_array_matches_an_independent_v1_writer(data: Data) -> None:
    """Every kind, null, emoji and NUL is written as Android's toByteArrayInternalV1 would,
    and the length is what the size limit counts."""
    raw = data.to_byte_array()
    assert raw == v1_bytes(data)
    assert len(raw) == data.serialized_size()


@given(datas())
def test_from_byte_array_reads_back_every_kind(data: Data) -> None:
    """from_byte_array(to_byte_array()) gives an equal Data with the same kinds and order."""
    loaded = Data.from_byte_array(data.to_byte_array())
    assert loaded == data
    assert [(k, loaded.kind_of(k)) for k in loaded] == [(k, data.kind_of(k)) for k in data]


def test_from_byte_array_keeps_nulls_and_nan() -> None:
    """A null String, a null String[] element and NaN come back as they were."""
    data = Data.Builder().put_string("s", None).put_string_array("a", [None, "x"]).build()
    data = Data.Builder().put_all(data).put_double("nan", math.nan).build()
    loaded = Data.from_byte_array(data.to_byte_array())
    assert loaded == data
    assert loaded.get("s") is None and loaded.get_string_array("a") == [None, "x"]


def test_a_float_keeps_only_its_32_bits_through_bytes() -> None:
    """A Float is written with writeFloat, so bytes keep only Kotlin's 32-bit precision."""
    raw = Data.Builder().put_float("f", 0.1).build().to_byte_array()
    as_32_bits = struct.unpack(">f", struct.pack(">f", 0.1))[0]
    assert Data.from_byte_array(raw).get_float("f") == as_32_bits != 0.1


def test_empty_bytes_and_empty_data() -> None:
    """Empty bytes are Data.EMPTY, as on Android; EMPTY writes the 8-byte header."""
    assert Data.from_byte_array(b"") is Data.EMPTY
    assert Data.EMPTY.to_byte_array() == bytes.fromhex("abef0001 00000000")
    assert Data.from_byte_array(Data.EMPTY.to_byte_array()) is Data.EMPTY


def test_from_byte_array_accepts_bytearray_and_memoryview() -> None:
    """Any bytes-like object is read."""
    raw = Data({"n": 1}).to_byte_array()
    assert Data.from_byte_array(bytearray(raw)) == Data.from_byte_array(memoryview(raw))


def test_a_stored_data_over_the_limit_is_refused_by_to_byte_array() -> None:
    """to_byte_array checks the limit as Android's does (a trusted record may hold more)."""
    oversized = Data._from_items({"payload": ("int[]", (0,) * 2555)}, check_size=False)
    with pytest.raises(DataError, match=r"10242 bytes.*the limit is 10240"):
        oversized.to_byte_array()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ([171, 239], "needs bytes, got <class 'list'>.*bytes\\(values\\)"),
        ("abef", "needs bytes, got <class 'str'>"),
        (b"\0" * 10241, "10241 bytes.*at most 10240"),
        (b"\xac\xed\x00\x05", "old V0 layout.*to_byte_array"),
        (b"PK\x03\x04\0\0\0\0", "magic number 0xabef.*504b"),
        (bytes.fromhex("abef 0002 00000000"), "version 2"),
        (bytes.fromhex("abef 0001"), "cut short"),
        (bytes.fromhex("abef 0001 00000001 03 0000"), "middle of entry 0.*cut short"),
        (bytes.fromhex("abef 0001 00000001 03 00000001 0005 61"), "key of entry 0"),
        (bytes.fromhex("abef 0001 00000001 0f"), "type byte 15"),
        (bytes.fromhex("abef 0001 00000001 0a ffffffff"), "negative length -1"),
        (bytes.fromhex("abef 0001 00000000 00"), "1 bytes follow the last of the 0 entries"),
        (bytes.fromhex("abef 0001 00000001 07 0001 ff 0001 61"), "not valid modified UTF-8"),
    ],
)
def test_bad_bytes_are_refused_saying_what_is_wrong(raw: Any, words: str) -> None:
    """Bytes that are not one whole V1 Data raise DataError naming the problem and the fix."""
    with pytest.raises(DataError, match=words):
        Data.from_byte_array(raw)


# --- has_key_with_value_of_type ---------------------------------------------------------


# The keys of _ALL_KINDS named after their kind.
_KIND_KEYS = sorted(k for k in _ALL_KINDS if k not in ("big", "big[]", "null"))


@pytest.mark.parametrize("kind", _KIND_KEYS)
def test_a_kind_matches_exactly_its_own_type(kind: str) -> None:
    """A kind name ("int", "long[]"...) matches that Kotlin type and no other, as
    hasKeyWithValueOfType(key, Integer.class) is false for a Long."""
    matches = {key for key in _KIND_KEYS if _ALL_KINDS.has_key_with_value_of_type(key, kind)}
    assert matches == {kind}


@pytest.mark.parametrize(
    ("python_type", "kinds"),
    [
        (int, {"byte", "int", "long"}),
        (float, {"float", "double"}),
        (bool, {"boolean"}),
        (str, {"string"}),
        (list, {"boolean[]", "byte[]", "int[]", "long[]", "float[]", "double[]", "string[]"}),
    ],
)
def test_a_python_type_matches_like_isinstance(python_type: type, kinds: set[str]) -> None:
    """int matches every integer kind (never a Boolean), float both float kinds, list any
    array: what isinstance says of the stored value."""
    matched = {k for k in _KIND_KEYS if _ALL_KINDS.has_key_with_value_of_type(k, python_type)}
    assert matched == kinds


def test_object_matches_any_value_but_not_none_or_a_missing_key() -> None:
    """object is Java's Object: any stored value; a None value or no key is false."""
    data = Data({"n": 1, "s": None})
    assert data.has_key_with_value_of_type("n", object)
    assert not data.has_key_with_value_of_type("s", object)
    assert not data.has_key_with_value_of_type("s", "string")
    assert not data.has_key_with_value_of_type("missing", object)


@pytest.mark.parametrize(
    ("value_type", "words"),
    [
        ("Int", "'Int' is not a Data type.*Kotlin's Int is 'int'"),
        ("integer[]", "'integer\\[\\]' is not a Data type"),
        (bytes, "bool, int, float, str, list, object; got <class 'bytes'>"),
        (type(None), "got <class 'NoneType'>"),
        (3, "got 3"),
    ],
)
def test_an_unknown_type_is_refused_naming_the_accepted_ones(value_type: Any, words: str) -> None:
    """A type that is neither a kind nor one of the Python types raises DataError."""
    with pytest.raises(DataError, match=words):
        Data({"n": 1}).has_key_with_value_of_type("n", value_type)
