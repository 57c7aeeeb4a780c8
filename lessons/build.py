"""Build the lesson notebooks from their reviewable sources in ``lessons/src``.

Each ``lessons/src/NN_name.py`` is a Python file in the "percent" format::

    # %% [markdown]
    # # A title
    # Some *Markdown*: every line starts with "# " (or is a bare "#").

    # %%
    print("a code cell")

    # %% tags=["exercise"]
    answer = ...

Lines before the first ``# %%`` are a header for reviewers and are left out. The
notebooks are written stripped (no outputs, no execution counts, sequential cell ids,
kernelspec python3), exactly as ``nbstripout`` leaves them, so that
``nbstripout --verify`` passes and a rebuild of unchanged sources changes no byte.

Usage::

    python lessons/build.py            # rebuild every lessons/NN_name.ipynb
    python lessons/build.py --check    # exit 1 if a notebook is out of date
    python lessons/build.py 03_chains  # rebuild only the lessons whose name starts so
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat

LESSONS = Path(__file__).resolve().parent
SOURCES = LESSONS / "src"
_CELL = re.compile(r"^# %%(?P<markdown> \[markdown\])?(?P<rest>.*)$")
_TAGS = re.compile(r"""^\s*tags=(?P<tags>\[.*\])\s*$""")

#: Code lines longer than this are refused: they scroll sideways in a notebook.
MAX_CODE_LINE = 100
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "version": "3.11"}


class SourceError(ValueError):
    """A lesson source that does not follow the percent format."""


def parse(text: str, name: str = "<source>") -> list[nbformat.NotebookNode]:
    """The cells of one percent-format source, in order."""
    cells: list[nbformat.NotebookNode] = []
    kind: str | None = None
    tags: list[str] = []
    lines: list[str] = []

    def flush(line_number: int) -> None:
        if kind is None:
            return
        body = _trim(lines)
        if kind == "markdown":
            body = [_uncomment(line, name, line_number) for line in body]
            cell = nbformat.v4.new_markdown_cell("\n".join(body))
        else:
            long = [line for line in body if len(line) > MAX_CODE_LINE]
            if long:
                raise SourceError(
                    f"{name}: a code line near line {line_number} is over {MAX_CODE_LINE} "
                    f"characters: {long[0]!r}"
                )
            cell = nbformat.v4.new_code_cell("\n".join(body))
        if not body:
            raise SourceError(f"{name}:{line_number}: empty {kind} cell")
        if tags:
            cell.metadata["tags"] = list(tags)
        cells.append(cell)

    for number, line in enumerate(text.splitlines(), start=1):
        match = _CELL.match(line)
        if match is None:
            lines.append(line)
            continue
        flush(number)
        kind = "markdown" if match["markdown"] else "code"
        tags = _parse_tags(match["rest"], name, number)
        lines = []
    flush(len(text.splitlines()))
    if not cells:
        raise SourceError(f"{name}: no '# %%' cell markers found")
    return cells


def _parse_tags(rest: str, name: str, number: int) -> list[str]:
    if not rest.strip():
        return []
    match = _TAGS.match(rest)
    if match is None:
        raise SourceError(f"{name}:{number}: after '# %%' only tags=[...] is understood")
    tags = json.loads(match["tags"])
    if not all(isinstance(t, str) for t in tags):
        raise SourceError(f"{name}:{number}: tags must be strings")
    return tags


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return [line.rstrip() for line in lines[start:end]]


def _uncomment(line: str, name: str, number: int) -> str:
    if line == "#":
        return ""
    if line.startswith("# "):
        return line[2:]
    raise SourceError(f"{name}: a Markdown line near line {number} must start with '# ': {line!r}")


def notebook(cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """A stripped notebook: sequential ids, no outputs, kernelspec python3."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
    for index, cell in enumerate(cells):
        cell.id = str(index)
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def render(source: Path) -> str:
    """The .ipynb text for one source, as nbformat writes it."""
    nb = notebook(parse(source.read_text(encoding="utf-8"), source.name))
    return nbformat.writes(nb) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a notebook is stale")
    parser.add_argument("only", nargs="*", help="lesson name prefixes to build")
    args = parser.parse_args(argv)
    sources = sorted(SOURCES.glob("[0-9][0-9]_*.py"))
    if args.only:
        sources = [s for s in sources if any(s.stem.startswith(p) for p in args.only)]
    if not sources:
        print("no lesson sources matched", file=sys.stderr)
        return 1
    stale = []
    for source in sources:
        target = LESSONS / f"{source.stem}.ipynb"
        text = render(source)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(LESSONS.parent)}")
    if stale:
        print("out of date (run python lessons/build.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
