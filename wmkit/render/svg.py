"""Small SVG writers shared by the DAG and the timeline: shapes, text, hatching, legends.

Everything is written as plain strings with literal colours and inline attributes
(no CSS classes), because JupyterLab shows the SVG as an ``<img>``: no page styles
reach it, and tests search its text.

>>> rect(1, 2, 30, 4, "#cfe2ff")
'<rect x="1" y="2" width="30" height="4" fill="#cfe2ff"/>'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .colors import INK, MUTED
from .text import FONT_FAMILY, escape, text_width

LEGEND_SIZE = 10.5
LEGEND_ROW = 18.0


def num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def open_svg(width: float, height: float, **data: str) -> str:
    """The root element; ``data`` becomes ``data-*`` attributes that tests can read."""
    extra = "".join(f' data-{k.replace("_", "-")}="{escape(v)}"' for k, v in data.items())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width)}" height="{num(height)}" '
        f'viewBox="0 0 {num(width)} {num(height)}" font-family="{FONT_FAMILY}" '
        f'font-size="11"{extra}>'
        f'<rect x="0" y="0" width="{num(width)}" height="{num(height)}" fill="#ffffff"/>'
    )


def rect(
    x: float,
    y: float,
    w: float,
    h: float,
    fill: str,
    stroke: str | None = None,
    *,
    width: float = 1.0,
    rx: float = 0.0,
    dash: str | None = None,
    opacity: float | None = None,
) -> str:
    attrs = [f'x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(max(h, 0))}"']
    if rx:
        attrs.append(f'rx="{num(rx)}"')
    attrs.append(f'fill="{fill}"')
    if stroke:
        attrs.append(f'stroke="{stroke}" stroke-width="{num(width)}"')
    if dash:
        attrs.append(f'stroke-dasharray="{dash}"')
    if opacity is not None:
        attrs.append(f'fill-opacity="{opacity:g}"')
    return f"<rect {' '.join(attrs)}/>"


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 11.0,
    fill: str = INK,
    anchor: str = "start",
    bold: bool = False,
    family: str | None = None,
) -> str:
    attrs = f'x="{num(x)}" y="{num(y)}" font-size="{num(size)}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if family:
        attrs += f' font-family="{family}"'
    return f"<text {attrs}>{escape(content)}</text>"


def line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    stroke: str,
    *,
    width: float = 1.0,
    dash: str | None = None,
) -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
        f'stroke="{stroke}" stroke-width="{num(width)}"{extra}/>'
    )


def title(content: str) -> str:
    """A tooltip for the enclosing group."""
    return f"<title>{escape(content)}</title>"


def hatch(pattern_id: str, fill: str, stripe: str = "#ffffff") -> str:
    """A diagonal-stripe pattern: waits are hatched so they never look like runs."""
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect x="0" y="0" width="6" height="6" fill="{fill}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{stripe}" stroke-width="2.2" '
        f'stroke-opacity="0.7"/></pattern>'
    )


def legend(entries: Iterable[Any], x: float, y: float, max_width: float) -> tuple[str, float]:
    """Swatches with labels, wrapped into rows no wider than ``max_width``.

    Each entry has ``label``, ``fill``, ``stroke``, ``shape`` and ``dashed``; shapes are
    ``box``, ``edge``, ``circle``, ``cluster``, ``origin``, ``band``, ``line`` and
    ``hatch:<pattern id>``. Returns the SVG and the height used.
    """
    parts = ['<g class="legend">']
    cx, cy = x, y
    for entry in entries:
        width = 22 + text_width(entry.label, LEGEND_SIZE) + 14
        if cx > x and cx + width > x + max_width:
            cx, cy = x, cy + LEGEND_ROW
        parts.append(_swatch(entry, cx, cy))
        parts.append(text(cx + 22, cy + 11, entry.label, size=LEGEND_SIZE, fill=MUTED))
        cx += width
    parts.append("</g>")
    return "".join(parts), cy - y + LEGEND_ROW


def _swatch(entry: Any, x: float, y: float) -> str:
    shape = entry.shape
    dash = "4 2" if entry.dashed else None
    if shape == "edge":
        return line(x, y + 7, x + 17, y + 7, entry.stroke, width=2.4, dash=dash)
    if shape == "line":
        return line(x + 8, y, x + 8, y + 14, entry.stroke, width=1.6, dash=dash)
    if shape == "circle":
        return (
            f'<circle cx="{num(x + 8)}" cy="{num(y + 7)}" r="6" fill="{entry.fill}" '
            f'stroke="{entry.stroke}" stroke-width="1.2"/>'
        )
    if shape.startswith("hatch:"):
        return rect(x, y + 1, 17, 12, f"url(#{shape[6:]})", entry.stroke, width=0.6)
    if shape == "band":
        return rect(x, y, 17, 14, entry.fill, opacity=0.6)
    if shape == "origin":
        return rect(x, y + 1, 17, 12, entry.fill, entry.stroke, width=2.6, rx=3)
    if shape == "cluster":
        return rect(x, y + 1, 17, 12, entry.fill, entry.stroke, rx=3, dash="3 2")
    return rect(x, y + 1, 17, 12, entry.fill, entry.stroke, width=1.2, rx=3, dash=dash)
