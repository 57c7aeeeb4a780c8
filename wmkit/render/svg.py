"""Small SVG writers shared by the DAG and the timeline: shapes, text, hatching, legends.

Everything is written as plain strings with literal colours and inline attributes, so
a drawing looks the same inline in a page, saved as a file or opened in a browser tab,
and tests find a state's colour by searching the text. (The canvas widget adds only
the selection and highlight, with CSS classes, on top.)

>>> rect(1, 2, 30, 4, "#cfe2ff")
'<rect x="1" y="2" width="30" height="4" fill="#cfe2ff"/>'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .colors import INK, MUTED
from .text import FONT_FAMILY, escape, text_width

LEGEND_SIZE = 12.0
LEGEND_ROW = 20.0


def num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def open_svg(
    width: float, height: float, *, scale: float = 1.0, css_class: str = "", **data: str
) -> str:
    """The root element, shown ``scale`` times its drawing size; ``data`` becomes
    ``data-*`` attributes that tests can read. (The white background is a part of its
    own, ``"paper"``, so that every child of the root is a replaceable part.)"""
    extra = "".join(f' data-{k.replace("_", "-")}="{escape(v)}"' for k, v in data.items())
    if css_class:
        extra += f' class="{css_class}"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(width * scale)}" '
        f'height="{num(height * scale)}" viewBox="0 0 {num(width)} {num(height)}" '
        f'font-family="{FONT_FAMILY}" font-size="12"{extra}>'
    )


def paper(width: float, height: float) -> str:
    """The white background, as the part ``"paper"``."""
    return (
        f'<g data-part="paper"><rect x="0" y="0" width="{num(width)}" height="{num(height)}" '
        'fill="#ffffff"/></g>'
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
    cls: str | None = None,
) -> str:
    attrs = [f'class="{cls}"'] if cls else []
    attrs.append(f'x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(max(h, 0))}"')
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


def legend(
    entries: Iterable[Any],
    x: float,
    y: float,
    max_width: float,
    *,
    size: float = LEGEND_SIZE,
    row: float = LEGEND_ROW,
) -> tuple[str, float]:
    """Swatches with labels, wrapped into rows no wider than ``max_width``.

    Each entry has ``label``, ``fill``, ``stroke``, ``shape`` and ``dashed``; shapes are
    ``box``, ``edge``, ``circle``, ``cluster``, ``origin``, ``band``, ``line``,
    ``badge``, ``summary`` and ``hatch:<pattern id>``. Returns the SVG (the part
    ``"legend"``) and the height used.
    """
    parts = ['<g data-part="legend" class="legend">']
    cx, cy = x, y
    grow = size / LEGEND_SIZE
    for entry in entries:
        width = (22 + 14) * grow + text_width(entry.label, size)
        if cx > x and cx + width > x + max_width:
            cx, cy = x, cy + row
        parts.append(_swatch(entry, cx, cy + (row - 14) / 2 - 3))
        parts.append(text(cx + 22 * grow, cy + size, entry.label, size=size, fill=MUTED))
        cx += width
    parts.append("</g>")
    return "".join(parts), cy - y + row


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
        return rect(x, y, 17, 14, entry.fill)
    if shape == "badge":
        return rect(x, y + 2, 19, 11, entry.fill, rx=5.5)
    if shape == "summary":
        return rect(x, y + 1, 17, 12, entry.fill, entry.stroke, width=1.2, rx=3) + rect(
            x + 2, y + 9, 13, 3, "#2f9a48"
        )
    if shape == "origin":
        return rect(x, y + 1, 17, 12, entry.fill, entry.stroke, width=2.6, rx=3)
    if shape == "cluster":
        return rect(x, y + 1, 17, 12, entry.fill, entry.stroke, rx=3, dash="3 2")
    return rect(x, y + 1, 17, 12, entry.fill, entry.stroke, width=1.2, rx=3, dash=dash)
