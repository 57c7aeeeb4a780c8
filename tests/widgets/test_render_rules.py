"""Rules every drawing keeps: facts from data (never from words), colours a projected
room can tell apart, text large enough in projector mode."""

from __future__ import annotations

import ast
import itertools
import re
from datetime import timedelta
from pathlib import Path

import pytest

import wmkit.render
from wmkit import scenarios
from wmkit.render import (
    NORMAL,
    PROJECTOR,
    STATE_FILL,
    STATE_ICON,
    dag_svg,
    timeline_svg,
)
from wmkit.render.colors import (
    DOZE_BAND,
    MAINTENANCE_BAND,
    REASON_FILL,
    SEGMENT_FILL,
    SEGMENT_TEXT,
    STATE_TEXT,
    contrast,
)

from .conftest import SVG_NS, parse_svg

RENDER = Path(wmkit.render.__file__).parent


def test_no_module_under_render_imports_re() -> None:
    """Views read instants, causes and reasons from ``Event.data`` and public calls;
    a module that imports ``re`` is about to parse an event's English."""
    offenders = []
    for path in sorted(RENDER.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name == "re" or name.startswith("re.") for name in names):
                offenders.append(str(path.relative_to(RENDER.parent)))
    assert offenders == []


def test_state_fills_differ_in_brightness_not_only_in_hue() -> None:
    """Every pair of state fills is at least 1.4:1 apart (issue 10 found ENQUEUED vs
    BLOCKED at 1.01:1), and each state has its own icon."""
    for a, b in itertools.combinations(STATE_FILL, 2):
        assert contrast(STATE_FILL[a], STATE_FILL[b]) >= 1.4, (a, b)
    assert len(set(STATE_ICON.values())) == len(STATE_FILL)


def test_text_reads_on_every_fill_it_is_written_on() -> None:
    """State text on its fill, badge text on its colour, run labels on their bars:
    4.5:1 at least (WCAG AA)."""
    for state, fill in STATE_FILL.items():
        assert contrast(STATE_TEXT[state], fill) >= 4.5, state
    for kind, fill in REASON_FILL.items():
        assert contrast("#ffffff", fill) >= 4.5, kind
    for kind, colour in SEGMENT_TEXT.items():
        assert contrast(colour, SEGMENT_FILL[kind]) >= 4.5, kind


def test_doze_and_maintenance_strips_stand_out_from_white() -> None:
    """The solid strips are at least 3:1 against the page (issue 10 found 1.18:1), and
    their white labels read on them."""
    for colour in (DOZE_BAND, MAINTENANCE_BAND):
        assert contrast(colour, "#ffffff") >= 3.0


def _font_sizes(svg: str) -> list[float]:
    root = parse_svg(svg)
    sizes = [float(t.get("font-size") or root.get("font-size")) for t in root.iter(f"{SVG_NS}text")]
    assert sizes
    return sizes


def _night_in_doze() -> object:
    manager = scenarios.load("night_in_doze")
    scenarios.get("night_in_doze").play(manager)
    return manager


def test_projector_timeline_text_is_at_least_14_px() -> None:
    """In projector mode every text of the timeline is 14 px or more, its lanes 36 px."""
    manager = _night_in_doze()
    svg = timeline_svg(manager, width=800, projector=True)
    assert min(_font_sizes(svg)) >= 14 and PROJECTOR.lane_h == 36
    assert min(_font_sizes(timeline_svg(manager, width=800))) >= NORMAL.min_text


def test_projector_dag_text_is_at_least_14_px_as_shown() -> None:
    """The DAG is drawn 1.3 times larger in projector mode: its smallest text, times
    the ratio of shown to drawn width, is at least 14 px."""
    manager = _night_in_doze()
    root = parse_svg(dag_svg(manager, projector=True))
    shown = float(root.get("width"))
    drawn = float(root.get("viewBox").split()[2])
    assert min(_font_sizes(dag_svg(manager, projector=True))) * shown / drawn >= 14
    assert min(_font_sizes(dag_svg(manager))) >= NORMAL.min_text


@pytest.mark.parametrize("projector", [False, True])
def test_thicker_strokes_in_projector_mode(projector: bool) -> None:
    """Edges are drawn thicker for a projector."""
    manager = scenarios.load("diamond_cancel")
    manager.advance(timedelta(seconds=1))
    widths = [
        float(w)
        for w in re.findall(
            r'<path [^>]*stroke-width="([\d.]+)"', dag_svg(manager, projector=projector)
        )
    ]
    assert widths and (min(widths) > 2 if projector else max(widths) < 2)
