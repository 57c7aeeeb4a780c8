"""Showing an SVG drawing in a notebook, fitted to its panel.

The drawing goes into an ``ipywidgets.HTML`` as ``<img src="data:image/svg+xml,...">``.
An image, because that is how JupyterLab shows SVG anyway (and how Voila and VS Code
show it too); an ``HTML`` widget rather than an ``Output`` of ``image/svg+xml``,
because only then can the page style the image: ``max-width: 100%`` shrinks a wide
drawing to the panel and leaves a small one at its natural size. The data URI is
percent-encoded only where it must be (``%``, ``#``, ``"``, ``&``, line breaks), so
the SVG's literal colours stay readable in the page (a browser test searches them).
Replacing the value replaces the picture in one message, without the flicker of an
emptied output, and works the same in a headless test.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import ipywidgets as widgets

_ESCAPES = str.maketrans({"%": "%25", "#": "%23", '"': "%22", "&": "%26", "\n": "%0A", "\r": ""})
_SRC = re.compile(r'src="data:image/svg\+xml,([^"]*)"')


def svg_data_uri(svg: str) -> str:
    """``data:image/svg+xml,...`` for ``svg``, safe inside a double-quoted attribute.

    >>> svg_data_uri('<svg fill="#fff"/>')
    'data:image/svg+xml,<svg fill=%22%23fff%22/>'
    """
    return "data:image/svg+xml," + svg.translate(_ESCAPES)


def picture_html(svg: str, *, fit: bool = True, label: str = "drawing") -> str:
    """The HTML showing ``svg``: fitted to the panel's width, or at full size."""
    size = "max-width:100%;height:auto" if fit else "max-width:none"
    return (
        f'<div style="overflow:auto;max-height:640px;border:1px solid #dee2e6;padding:2px">'
        f'<img alt="{label}" style="{size};display:block" src="{svg_data_uri(svg)}"></div>'
    )


def svg_picture() -> widgets.HTML:
    """An empty HTML widget that drawings are shown in."""
    picture = widgets.HTML(value="", layout=widgets.Layout(width="100%"))
    picture.add_class("wmkit-picture")
    return picture


def show_svg(picture: widgets.HTML, svg: str, *, fit: bool = True, label: str = "drawing") -> None:
    """Show ``svg`` in ``picture`` (no message at all when it is unchanged)."""
    value = picture_html(svg, fit=fit, label=label)
    if picture.value != value:
        picture.value = value


def shown_svg(picture: widgets.HTML) -> str:
    """The SVG text a picture widget currently shows ('' if none)."""
    match = _SRC.search(picture.value)
    return unquote(match.group(1)) if match else ""
