"""The package's shape stays readable: few modules at the top, none too long.

The folders are the architecture (import-linter checks that imports point down them);
these limits keep each file and class small enough to read in one sitting.
"""

from __future__ import annotations

import ast
from pathlib import Path

import wmkit

PACKAGE = Path(wmkit.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_TOP_LEVEL_MODULES = 8
MAX_MODULE_LINES = 450
MAX_CLASS_LINES = 400


def test_few_modules_sit_directly_in_wmkit() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in MODULES
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines: {long}"


def test_no_class_is_over_the_line_limit() -> None:
    long = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_CLASS_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.name}"] = length
    assert not long, f"classes over {MAX_CLASS_LINES} lines: {long}"
