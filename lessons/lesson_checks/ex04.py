"""Checks for lesson 04 (input mergers)."""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from wmkit import (
    ArrayCreatingInputMerger,
    Data,
    InputMerger,
    OneTimeWorkRequest,
    Result,
    State,
    Worker,
    WorkManager,
)

from ._common import Problem, Unanswered, report, require


def _as_dict(answer: object, name: str) -> dict:
    value = require(answer, f"`{name}` to a dict")
    if isinstance(value, Data):
        return value.key_value_map
    if not isinstance(value, Mapping):
        raise Problem(f"`{name}` should be a dict such as {{'key': 'value'}}; got {value!r}.")
    return {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}


def check_overwriting(answer: object) -> None:
    """Exercise 4.1: [own {quality: 80}] + [{quality: 50}, {size: 3}] -> {quality: 50, size: 3}."""

    def run() -> str:
        got = _as_dict(answer, "overwriting_result")
        if got == {"quality": 50, "size": 3}:
            return "quality 50, size 3: the parent's 50 overwrote your own 80, and size was added."
        if got.get("quality") == 80:
            raise Problem(
                "quality is not 80. The merger receives [own input] + parents' outputs, in "
                "that order, and a later value wins: which value of quality comes last?"
            )
        if "size" not in got:
            raise Problem("the other parent's key is missing: every key of every input is kept.")
        if isinstance(got.get("quality"), list):
            raise Problem(
                "that is what ArrayCreatingInputMerger does; the default keeps one value."
            )
        raise Problem(
            f"not {got!r}. Write the list [own, parent 1, parent 2] and apply it in order."
        )

    report("Exercise 4.1", run)


def check_array_creating(answer: object) -> None:
    """Exercise 4.2: [own {n: 1}] + [{n: 2}, {m: "x"}] -> {n: [1, 2], m: ["x"]}."""

    def run() -> str:
        got = _as_dict(answer, "array_result")
        expected = _array_creating_expected()
        if got == expected:
            return 'n = [1, 2] (your own value first), and m = ["x"]: every key becomes an array.'
        if got.get("m") == "x":
            raise Problem("m should be an array too: a single value becomes a one-element array.")
        if got.get("n") == [2]:
            raise Problem("your own input is part of the list: its n = 1 is kept too.")
        if got.get("n") == [2, 1]:
            raise Problem("the work's own input comes first in the list, before its parents.")
        if set(got) != {"n", "m"}:
            raise Problem(f"the merged input has the keys n and m; yours has {sorted(got)}.")
        raise Problem(f"not {got!r}. Each key collects its values from every input, in list order.")

    report("Exercise 4.2", run)


def _array_creating_expected() -> dict:
    merged = ArrayCreatingInputMerger().merge([Data({"n": 1}), Data({"n": 2}), Data({"m": "x"})])
    return merged.key_value_map


_CASES = (
    (
        "an album input and two downloads",
        [
            Data({"album": "Holiday"}),
            Data({"photo": "a.jpg", "bytes": 100}),
            Data({"photo": "b.jpg", "bytes": 250}),
        ],
        {"bytes": 350, "photos": ["a.jpg", "b.jpg"]},
    ),
    (
        "bytes given as an array and as a Long",
        [Data({"bytes": [1, 2]}), Data({"bytes": 3})],
        {"bytes": 6, "photos": []},
    ),
    (
        "no bytes and no photos at all",
        [Data.EMPTY, Data({"other": True})],
        {"bytes": 0, "photos": []},
    ),
    (
        "photos given out of alphabetical order",
        [Data({"photo": "zoo.jpg", "bytes": 1}), Data({"photo": "ant.jpg", "bytes": 2})],
        {"bytes": 3, "photos": ["zoo.jpg", "ant.jpg"]},
    ),
)


class _Emit(Worker):
    def do_work(self) -> Result:
        return Result.success(self.input_data)


class _Seen(Worker):
    def do_work(self) -> Result:
        return Result.success(self.input_data)


def check_total_bytes_merger(merger: object) -> None:
    """Exercise 4.3: a custom merger summing "bytes" and collecting "photo"s."""

    def run() -> str:
        cls = require(merger, "the class TotalBytesMerger")
        if not (inspect.isclass(cls) and issubclass(cls, InputMerger)):
            raise Problem("TotalBytesMerger should be a class that extends InputMerger.")
        for label, inputs, want in _CASES:
            try:
                result = cls().merge(list(inputs))
            except NotImplementedError:
                raise Unanswered("replace `raise NotImplementedError` in merge") from None
            except Exception as error:
                raise Problem(
                    f"for {label}, merge raised {type(error).__name__}: {error}"
                ) from None
            if isinstance(result, Mapping) and not isinstance(result, Data):
                result = Data(result)
            if not isinstance(result, Data):
                raise Problem(f"merge should return a Data; for {label} it returned {result!r}.")
            got = result.key_value_map
            if set(got) != set(want):
                raise Problem(
                    f"for {label} the result has the keys {sorted(got)}; it should have "
                    "exactly bytes and photos."
                )
            if got["bytes"] != want["bytes"]:
                raise Problem(f"for {label}, bytes is {got['bytes']!r}; expected {want['bytes']}.")
            if result.kind_of("bytes") != "long":
                raise Problem(
                    f"for {label}, bytes is {got['bytes']!r} but a {result.kind_of('bytes')}; "
                    "it should be a Long: sum Python ints (not floats) into a plain int."
                )
            if result.kind_of("photos") != "string[]":
                raise Problem(
                    f"for {label}, photos is {got['photos']!r}; it should be an array of "
                    f"Strings, {want['photos']} (a list, even when it is empty)."
                )
            if got["photos"] != want["photos"]:
                order = " in input order" if sorted(got["photos"]) == sorted(want["photos"]) else ""
                raise Problem(
                    f"for {label}, photos is {got['photos']!r}; expected {want['photos']}{order}."
                )
        wm = WorkManager()
        parents = [
            OneTimeWorkRequest(_Emit, input_data={"photo": p, "bytes": b})
            for p, b in (("x.jpg", 10), ("y.jpg", 20))
        ]
        child = OneTimeWorkRequest(_Seen, input_merger=cls)
        wm.begin_with(parents).then(child).enqueue()
        wm.run_until_idle()
        info = wm.get_work_info_by_id(child.id)
        received = info.output_data
        if info.state is not State.SUCCEEDED or received.get_long("bytes") != 30:
            raise Problem("in a real chain the child did not receive bytes = 30; check merge.")
        if sorted(received.get_string_array("photos") or []) != ["x.jpg", "y.jpg"]:
            raise Problem(
                f"in a real chain the child received photos = {received.get('photos')!r}; "
                "expected both parents' photos, x.jpg and y.jpg."
            )
        return "sums bytes (scalars and arrays) and collects photos, in a real chain too."

    report("Exercise 4.3", run)
