"""Unit tests for wmkit.work.mergers: how own input and prerequisites' outputs are merged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wmkit.errors import DataError, IllegalArgumentError, IllegalStateError
from wmkit.work.data import Data
from wmkit.work.mergers import (
    ArrayCreatingInputMerger,
    InputMerger,
    OverwritingInputMerger,
    merge_inputs,
)

overwrite = OverwritingInputMerger().merge
arrays = ArrayCreatingInputMerger().merge


def kinds(data: Data) -> dict[str, str]:
    return {key: data.kind_of(key) for key in data}


# --- OverwritingInputMerger -----------------------------------------------------------


def test_overwriting_later_input_wins() -> None:
    """For a key in several inputs, the last input's value is kept."""
    assert overwrite([Data({"k": 1}), Data({"k": 2}), Data({"k": 3})]) == Data({"k": 3})


def test_overwriting_a_parent_output_beats_the_childs_own_input() -> None:
    """With [own input] + parents' outputs, the parent's value replaces the child's own."""
    own_input = Data({"key1": "value1", "key2": "value2"})
    parent_output = Data({"key1": "value1a", "key3": "value3"})
    merged = overwrite([own_input, parent_output])
    assert merged == Data({"key1": "value1a", "key2": "value2", "key3": "value3"})


def test_overwriting_keeps_kinds() -> None:
    """A value keeps the kind it had in the input it came from."""
    parent = Data.Builder().put_int("n", 1).put_float_array("f", [0.5]).build()
    merged = overwrite([Data({"n": 9, "s": "x"}), parent])
    assert kinds(merged) == {"n": "int", "s": "string", "f": "float[]"}


def test_overwriting_nothing_gives_empty() -> None:
    """No inputs, or only empty ones, merge to Data.EMPTY."""
    assert overwrite([]) is Data.EMPTY
    assert overwrite([Data.EMPTY, Data()]) is Data.EMPTY


def test_overwriting_a_single_non_empty_input_is_returned_as_is() -> None:
    """With one non-empty input the (immutable) input itself is the result."""
    only = Data({"a": 1})
    assert overwrite([Data.EMPTY, only, Data.EMPTY]) is only


def test_overwriting_refuses_a_merged_result_over_the_limit() -> None:
    """Inputs that fit alone but not together raise DataError naming the size."""
    half = "x" * 6000
    with pytest.raises(DataError, match=r"Data is \d+ bytes when serialized; the limit is 10240"):
        overwrite([Data({"a": half}), Data({"b": half})])


def test_overwriting_accepts_plain_dicts() -> None:
    """A dict input is read as Data(dict), so a merger can be tried in a notebook."""
    assert overwrite([{"a": 1}, {"a": 2}]) == Data({"a": 2})  # type: ignore[list-item]


# --- ArrayCreatingInputMerger ---------------------------------------------------------


def test_array_creating_wraps_a_first_scalar_in_an_array() -> None:
    """A key seen once with a scalar becomes a one-element array of its kind."""
    merged = arrays([Data({"a": 1}), Data({"b": "x"})])
    assert merged == Data({"a": [1], "b": ["x"]})


def test_array_creating_keeps_a_first_array_as_is() -> None:
    """A key seen once with an array keeps that array and its kind."""
    merged = arrays([Data.Builder().put_int_array("a", [1, 2]).build()])
    assert (merged.kind_of("a"), merged.get("a")) == ("int[]", [1, 2])


def test_array_creating_two_scalars_of_one_kind_make_a_pair() -> None:
    """Two scalars of the same kind become a two-element array, in input order."""
    merged = arrays([built_int("a", 1), built_int("a", 2)])
    assert (merged.kind_of("a"), merged.get("a")) == ("int[]", [1, 2])


def test_array_creating_concatenates_arrays_of_one_kind() -> None:
    """Two arrays of the same kind are concatenated."""
    merged = arrays([Data({"a": ["x", "y"]}), Data({"a": ["z"]})])
    assert merged.get("a") == ["x", "y", "z"]


def test_array_creating_appends_a_scalar_of_the_element_kind() -> None:
    """An array followed by a scalar of its element kind gets the scalar appended."""
    assert arrays([Data({"a": [1, 2]}), Data({"a": 3})]).get("a") == [1, 2, 3]


def test_array_creating_a_scalar_then_an_array_of_its_kind_concatenate() -> None:
    """A scalar (now a one-element array) followed by an array of its kind concatenates."""
    assert arrays([Data({"a": 1}), Data({"a": [2, 3]})]).get("a") == [1, 2, 3]


def test_array_creating_collects_values_from_many_inputs_in_order() -> None:
    """Values from every input are collected in list order."""
    merged = arrays([Data({"a": 1}), Data({"a": [2, 3]}), Data({"a": 4}), Data({"a": 5})])
    assert merged.get("a") == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("first", "second", "old_kind", "new_kind"),
    [
        (Data.Builder().put_int("a", 1).build(), Data({"a": 1}), "int[]", "long"),
        (Data({"a": "s"}), Data.Builder().put_int("a", 1).build(), "string[]", "int"),
        (Data.Builder().put_int_array("a", [1]).build(), Data({"a": 1}), "int[]", "long"),
        (Data({"a": [1]}), Data({"a": [1.0]}), "long[]", "double[]"),
        (Data({"a": True}), Data({"a": 1}), "boolean[]", "long"),
        (Data({"a": None}), Data({"a": 1}), "string[]", "long"),
    ],
    ids=["int-long", "string-int", "int[]-long", "long[]-double[]", "bool-long", "null-long"],
)
def test_array_creating_refuses_mismatched_kinds(
    first: Data, second: Data, old_kind: str, new_kind: str
) -> None:
    """Mismatched kinds raise IllegalArgumentError naming the key and both kinds."""
    with pytest.raises(IllegalArgumentError) as caught:
        arrays([first, second])
    message = str(caught.value)
    assert "key 'a'" in message
    assert f"holds {old_kind} so far and the next input has {new_kind}" in message
    assert isinstance(caught.value, ValueError)


def test_array_creating_a_null_then_a_string_makes_a_string_array() -> None:
    """{a: None} + {a: "b"} gives a = [None, "b"]: null counts as a String."""
    merged = arrays([Data({"a": None}), Data({"a": "b"})])
    assert (merged.kind_of("a"), merged.get("a")) == ("string[]", [None, "b"])


def test_array_creating_a_string_array_then_a_null_appends_it() -> None:
    """{a: ["b", "c"]} + {a: None} gives a = ["b", "c", None]."""
    assert arrays([Data({"a": ["b", "c"]}), Data({"a": None})]).get("a") == ["b", "c", None]


def test_array_creating_nothing_gives_empty() -> None:
    """No inputs, or only empty ones, merge to Data.EMPTY."""
    assert arrays([]) is Data.EMPTY
    assert arrays([Data.EMPTY]) is Data.EMPTY


def test_array_creating_refuses_a_merged_result_over_the_limit() -> None:
    """Arrays that fit alone but not together (8 + 5 + 4 * 4000 + 3 bytes) raise DataError."""
    part = Data.Builder().put_int_array("p", [0] * 2000).build()
    with pytest.raises(DataError, match="Data is 16016 bytes"):
        arrays([part, part])


def test_array_creating_does_not_change_its_inputs() -> None:
    """The inputs are left as they were."""
    first = Data({"a": [1]})
    arrays([first, Data({"a": 2})])
    assert first == Data({"a": [1]})


def built_int(key: str, value: int) -> Data:
    return Data.Builder().put_int(key, value).build()


# --- the base class, custom mergers and merge_inputs ----------------------------------


class ConcatStrings(InputMerger):
    """A student's merger: joins every string value of a key with '+'."""

    def merge(self, inputs: list[Data]) -> Data:
        joined: dict[str, str] = {}
        for data in inputs:
            for key in data:
                text = data.get_string(key)
                if text is not None:
                    joined[key] = f"{joined[key]}+{text}" if key in joined else text
        return Data(joined)


def test_a_custom_merger_subclass_works() -> None:
    """A subclass overriding merge is used by merge_inputs like a built-in one."""
    merged = merge_inputs(ConcatStrings(), [Data({"a": "x"}), Data({"a": "y", "n": 1})])
    assert merged == Data({"a": "x+y"})


def test_the_base_merger_is_abstract() -> None:
    """InputMerger, and a subclass that forgets merge, cannot be instantiated."""

    class Forgetful(InputMerger):
        pass

    with pytest.raises(TypeError):
        InputMerger()  # type: ignore[abstract]
    with pytest.raises(TypeError):
        Forgetful()  # type: ignore[abstract]


def test_merge_inputs_passes_the_inputs_in_order_as_a_list() -> None:
    """merge_inputs hands the merger a list with the inputs in their order."""
    seen: list[Any] = []

    class Spy(InputMerger):
        def merge(self, inputs: list[Data]) -> Data:
            seen.append(inputs)
            return Data.EMPTY

    merge_inputs(Spy(), (Data({"a": 1}), Data({"b": 2})))
    assert seen == [[Data({"a": 1}), Data({"b": 2})]]


def test_merge_inputs_turns_a_returned_dict_into_data() -> None:
    """A custom merger returning a dict gets it validated into a Data."""

    class ReturnsDict(InputMerger):
        def merge(self, inputs: list[Data]) -> Data:
            return {"n": 1}  # type: ignore[return-value]

    assert merge_inputs(ReturnsDict(), []) == Data({"n": 1})


def test_merge_inputs_refuses_a_result_that_is_not_data() -> None:
    """A custom merger returning something else raises IllegalStateError naming it."""

    class ReturnsNone(InputMerger):
        def merge(self, inputs: list[Data]) -> Data:
            return None  # type: ignore[return-value]

    with pytest.raises(IllegalStateError, match=r"ReturnsNone\.merge returned <class 'NoneType'>"):
        merge_inputs(ReturnsNone(), [])


def test_mergers_compare_by_class_and_repr_as_python() -> None:
    """Mergers of one class are equal and hash alike; their repr is a constructor call."""
    assert OverwritingInputMerger() == OverwritingInputMerger()
    assert OverwritingInputMerger() != ArrayCreatingInputMerger()
    assert hash(ConcatStrings()) == hash(ConcatStrings())
    assert repr(ArrayCreatingInputMerger()) == "ArrayCreatingInputMerger()"


# --- properties -----------------------------------------------------------------------

_KEYS = st.sampled_from(["a", "b", "c", "d"])
_SETTERS = {
    "boolean": st.booleans(),
    "int": st.integers(-(2**31), 2**31 - 1),
    "long": st.integers(-(2**63), 2**63 - 1),
    "double": st.floats(allow_nan=False),
    "string": st.none() | st.text(max_size=6),
}


@st.composite
def small_datas(draw: st.DrawFn) -> Data:
    """A Data of up to four keys from a small shared set, scalars or arrays of any kind."""
    builder = Data.Builder()
    for key in draw(st.lists(_KEYS, max_size=4, unique=True)):
        kind = draw(st.sampled_from(sorted(_SETTERS)))
        if draw(st.booleans()):
            getattr(builder, f"put_{kind}_array")(key, draw(st.lists(_SETTERS[kind], max_size=4)))
        else:
            getattr(builder, f"put_{kind}")(key, draw(_SETTERS[kind]))
    return builder.build()


@given(st.lists(small_datas(), max_size=5))
def test_overwriting_equals_dict_update(inputs: list[Data]) -> None:
    """The merge equals updating one dict of (kind, value) with every input in turn."""
    expected: dict[str, tuple[str, Any]] = {}
    for data in inputs:
        expected.update({key: (data.kind_of(key), data.get(key)) for key in data})
    merged = overwrite(inputs)
    assert {key: (merged.kind_of(key), merged.get(key)) for key in merged} == expected


@given(st.lists(st.dictionaries(_KEYS, st.integers(-(2**63), 2**63 - 1)), max_size=5))
def test_array_creating_collects_same_kind_scalars_in_order(inputs: list[dict[str, int]]) -> None:
    """With scalars of one kind per key, each key's array lists its values in input order."""
    merged = arrays([Data(mapping) for mapping in inputs])
    expected: dict[str, list[int]] = {}
    for mapping in inputs:
        for key, value in mapping.items():
            expected.setdefault(key, []).append(value)
    assert merged.key_value_map == expected
    assert set(kinds(merged).values()) <= {"long[]"}
