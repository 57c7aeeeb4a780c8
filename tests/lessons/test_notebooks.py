"""The committed lessons: built from their sources, stripped, and shaped like a lesson.

Running them is `make lessons` (nbmake); these tests read them as files, so they are fast.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
NAMES = [
    "00_welcome",
    "01_first_worker",
    "02_data_and_observing",
    "03_chains",
    "04_input_mergers",
    "05_when_things_go_wrong",
    "06_constraints_and_the_device",
    "07_periodic_work",
    "08_tags_and_queries",
    "09_unique_work",
    "10_doze_and_expedited",
    "11_under_the_hood",
    "12_capstone",
]


def load_build():
    spec = importlib.util.spec_from_file_location("lesson_build", LESSONS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cells(name: str) -> list[dict]:
    return json.loads((LESSONS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def test_the_thirteen_lessons_are_there_in_order():
    """lessons/ holds exactly the thirteen lessons, each with its source in lessons/src."""
    assert sorted(p.stem for p in LESSONS.glob("[0-9][0-9]_*.ipynb")) == NAMES
    assert sorted(p.stem for p in (LESSONS / "src").glob("[0-9][0-9]_*.py")) == NAMES


def test_the_notebooks_are_up_to_date_with_their_sources(capsys):
    """`python lessons/build.py --check` passes: no notebook was edited by hand."""
    assert load_build().main(["--check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("name", NAMES)
def test_a_lesson_is_committed_stripped_with_a_python3_kernel(name):
    """No outputs, no execution counts, no widget state; kernelspec python3."""
    notebook = json.loads((LESSONS / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert "widgets" not in notebook["metadata"]
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("name", NAMES)
def test_a_lesson_has_the_parts_every_lesson_has(name):
    """What you'll learn, Kotlin beside wmkit, a live Studio (or part), a prediction, and
    at least two exercises, each followed by a check cell from lesson_checks."""
    all_cells = cells(name)
    text = "\n".join(source(c) for c in all_cells)
    assert "**What you'll learn**" in text or "**What you'll practise**" in text
    assert "```kotlin" in text or "| Kotlin |" in text
    assert re.search(r"\b(Studio|MergeInspector|DevicePanel)\(", text)
    assert "Predict, then run" in text or name == "12_capstone"
    exercises = [i for i, c in enumerate(all_cells) if "exercise" in c["metadata"].get("tags", [])]
    assert len(exercises) >= 2
    number = name[:2]
    for index in exercises:
        following = source(all_cells[index + 1])
        assert following.startswith(f"ex{number}.check_"), following


@pytest.mark.parametrize("name", NAMES)
def test_a_lesson_keeps_any_store_in_a_temporary_directory(name):
    """A WorkManager with a path is only opened under tempfile.mkdtemp(), so a second run
    never trips over the first."""
    text = "\n".join(source(c) for c in cells(name) if c["cell_type"] == "code")
    if re.search(r"WorkManager\((?!\)|\w+=)", text):  # a first argument, not a keyword
        assert "tempfile.mkdtemp(" in text


def test_each_scenario_is_used_by_the_lessons_it_names():
    """Every scenario names at least one lesson, and each named lesson loads it."""
    from wmkit import scenarios

    for scenario in scenarios.catalogue():
        assert scenario.lessons, scenario.name
        for name in scenario.lessons:
            assert name in NAMES, (scenario.name, name)
            text = "\n".join(source(c) for c in cells(name))
            assert f'"{scenario.name}"' in text, (scenario.name, name)


STUDIO_CALL = re.compile(r"^\s*(Studio|MergeInspector|DevicePanel)\(", re.MULTILINE)
PROMPT = "🔁 **Change, predict, re-run.**"


@pytest.mark.parametrize("name", NAMES)
def test_each_studio_moment_asks_for_a_change_and_a_prediction(name):
    """The Markdown before every cell that opens a Studio (or one of its parts) asks the
    student to change one thing, predict, and re-run, and says what they should see."""
    all_cells = cells(name)
    moments = [
        i
        for i, c in enumerate(all_cells)
        if c["cell_type"] == "code" and STUDIO_CALL.search(source(c))
    ]
    assert moments, name
    for index in moments:
        before = next(
            source(c) for c in reversed(all_cells[:index]) if c["cell_type"] == "markdown"
        )
        assert PROMPT in before and "What you should see" in before, (name, index)


@pytest.mark.parametrize("name", NAMES)
def test_a_lesson_ends_with_its_transfer_to_android(name):
    """The last cell is the transfer step: an instrumented Kotlin test and the adb
    commands that reproduce the lesson on a device."""
    last = source(cells(name)[-1])
    assert cells(name)[-1]["cell_type"] == "markdown"
    assert "## 🚀 Transfer" in last
    assert "```kotlin" in last and "@Test" in last
    assert "```sh" in last and "adb " in last
    if name == "00_welcome":
        for part in ("WorkManagerTestInitHelper", "SynchronousExecutor", "work-testing"):
            assert part in last


def test_the_wmkit_only_badge_is_defined_once_for_the_course():
    """Lesson 00 and the README say what 🐍 means; every lesson uses that one badge."""
    readme = (LESSONS.parent / "README.md").read_text(encoding="utf-8")
    assert "🐍 **wmkit only**" in readme
    welcome = "\n".join(source(c) for c in cells("00_welcome"))
    assert "🐍 **wmkit only.**" in welcome
    for name in NAMES:
        assert "🐍" in "\n".join(source(c) for c in cells(name)), name
