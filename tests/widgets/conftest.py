"""Fixtures for the widget and drawing tests: managers, a hidden ``dot``, SVG parsing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from wmkit import WorkManager

SVG_NS = "{http://www.w3.org/2000/svg}"


def parse_svg(text: str) -> ET.Element:
    """The SVG parsed as XML (raises if it is not well-formed)."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    return root


def find_all(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    """Every element ``tag`` (without namespace), optionally with ``class`` ``cls``."""
    found = root.iter(f"{SVG_NS}{tag}")
    if cls is None:
        return list(found)
    return [e for e in found if cls in (e.get("class") or "").split()]


@pytest.fixture
def manager() -> Iterator[WorkManager]:
    """A fresh in-memory manager at virtual time 0 on the default device."""
    wm = WorkManager()
    yield wm
    wm.close()


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Graphviz's ``dot`` hidden: PATH points at an empty directory."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.fixture
def broken_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A ``dot`` on PATH that fails with an error message, like a broken install."""
    bin_dir = tmp_path / "broken-bin"
    bin_dir.mkdir()
    script = bin_dir / "dot"
    script.write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
