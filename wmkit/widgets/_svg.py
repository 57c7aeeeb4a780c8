"""Reading back what a drawing view shows, for tests and lessons.

Drawings are shown by :class:`~wmkit.widgets.canvas.SvgCanvas` (inline SVG, sent as
the parts that changed); :func:`shown_svg` gives the whole SVG text the browser has
after the last step, whatever was sent to get it there.
"""

from __future__ import annotations

from typing import Any


def shown_svg(picture: Any) -> str:
    """The SVG text a drawing widget (a view's ``picture``) currently shows."""
    return str(picture.document)
