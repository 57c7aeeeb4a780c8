"""An SVG drawing as named parts, so a view can resend only the parts that changed.

Each part is one element carrying ``data-part="<key>"`` (a node, an edge, a lane, the
legend...). A step that recolours three nodes of a 300-node DAG changes three parts:
the canvas widget (:mod:`wmkit.widgets.canvas`) sends those three and the browser
swaps them in place, instead of receiving the whole drawing again.

>>> doc = SvgDocument('<svg xmlns="http://www.w3.org/2000/svg">',
...                   (("a", part("a", "<rect/>")),))
>>> doc.text()
'<svg xmlns="http://www.w3.org/2000/svg"><g data-part="a"><rect/></g></svg>'
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import escape

#: Prefix of the ids a drawing defines for itself (hatching patterns). Inline SVGs share
#: the page's ids, and a pattern found in a hidden drawing paints nothing, so the canvas
#: gives each drawing shown its own prefix in place of this one.
LOCAL_ID = "wmk-"


def part(key: str, body: str, attrs: str = "") -> str:
    """``<g data-part="key" attrs>body</g>``: one replaceable part."""
    return f'<g data-part="{escape(key)}"{attrs}>{body}</g>'


@dataclass(frozen=True)
class SvgDocument:
    """The root element's opening tag (with any ``<defs>``), the parts in drawing
    order, and the closing tag."""

    head: str
    parts: tuple[tuple[str, str], ...]
    tail: str = "</svg>"

    def text(self) -> str:
        """The whole SVG document."""
        return self.head + "".join(body for _, body in self.parts) + self.tail

    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.parts)
