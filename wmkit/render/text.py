"""Text for SVG: escaping, shortening, and an estimate of how wide a string is drawn.

Nodes are sized from an estimate rather than from a font engine, so the pure-Python
layout and Graphviz get the same boxes (Graphviz is told ``fixedsize=true``) and the
same drawing comes out whichever lays it out.

>>> escape("Outer.<locals>.Upload & co")
'Outer.&lt;locals&gt;.Upload &amp; co'
>>> shorten("a very long tag name indeed", 12)
'a very long…'
>>> 50 < text_width("Upload 3f2a91c0", 11) < 110
True
>>> fit_text("FlakyUpload #exponential", 11, 90)
'FlakyUpload #…'
>>> [short_instant(t) for t in (40_000, 100_000, 3_723_000, 90_000_000)]
['0:40', '1:40', '1:02:03', '1d 1:00:00']
"""

from __future__ import annotations

from functools import lru_cache

from ..units import DAY, HOUR, MINUTE, SECOND

#: Fonts that ship with Debian/Ubuntu (Binder) first; the generic family last.
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"
MONO_FAMILY = "DejaVu Sans Mono, Liberation Mono, Menlo, Consolas, monospace"

_NARROW = set("iljtf.,:;'|!()[] ")
_WIDE = set("mwMW@%")


def char_width(char: str) -> float:
    """Width of one character in ems, roughly as DejaVu Sans draws it."""
    if char in _NARROW:
        return 0.34
    if char in _WIDE:
        return 0.9
    if char.isupper() or char.isdigit():
        return 0.68
    if ord(char) > 0x2000:  # arrows and symbols
        return 0.9
    return 0.58


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in pixels of ``text`` at font ``size`` (px), a little generous."""
    width = sum(char_width(c) for c in text) * size
    return width * (1.08 if bold else 1.0)


@lru_cache(maxsize=1 << 16)
def id_text(work_id: object) -> str:
    """``str(work_id)``, remembered: ``UUID.__str__`` is slow and views ask every step."""
    return str(work_id)


def escape(text: str) -> str:
    """Make any string safe inside SVG/XML text and attribute values."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


def fit_text(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis so that it is drawn no wider than ``width``
    px at ``size``; '' when not even one character and the ellipsis fit."""
    if text_width(text, size, bold=bold) <= width:
        return text
    for end in range(len(text) - 1, 0, -1):
        cut = text[:end].rstrip() + "…"
        if text_width(cut, size, bold=bold) <= width:
            return cut
    return ""


def short_instant(millis: int) -> str:
    """A virtual instant as a class reads it aloud: ``0:40`` (m:ss) within the first
    hour, ``1:02:03`` (h:mm:ss) within the first day, then ``1d 1:00:00``."""
    sign = "-" if millis < 0 else ""
    days, rest = divmod(abs(millis), DAY)
    hours, rest = divmod(rest, HOUR)
    minutes, rest = divmod(rest, MINUTE)
    seconds = rest // SECOND
    if days:
        return f"{sign}{days}d {hours}:{minutes:02d}:{seconds:02d}"
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes}:{seconds:02d}"


def first_line(text: str, limit: int = 160) -> str:
    """The first non-empty line of a (possibly multi-line) message, shortened."""
    for line in text.splitlines():
        if line.strip():
            return shorten(line.strip(), limit)
    return ""


def role_tag(tags: object, worker_class_name: str) -> str | None:
    """The tag that says what a work is for (a scenario's ``"upload"``), if it has one:
    the first tag, in sorted order, that is not its worker class's own name."""
    if not isinstance(tags, frozenset):
        tags = frozenset(tags)  # type: ignore[call-overload]
    return _role_tag(tags, worker_class_name)


@lru_cache(maxsize=4096)
def _role_tag(tags: frozenset[str], worker_class_name: str) -> str | None:
    """:func:`role_tag`, remembered (views ask for every work at every step)."""
    own = {worker_class_name, worker_class_name.rsplit(".", 1)[-1]}
    roles = sorted(t for t in tags if t not in own)
    return roles[0] if roles else None


def work_label(description: object) -> str:
    """How every view names a work: its class and role tag, ``'FlakyUpload #linear'``,
    or its class and short id when it has no role tag, ``'Upload 3f2a91c0'``."""
    cls: str = description.worker_class_name  # type: ignore[attr-defined]
    short = cls.rsplit(".", 1)[-1]
    role = role_tag(description.tags, cls)  # type: ignore[attr-defined]
    return f"{short} #{role}" if role else f"{short} {id_text(description.id)[:8]}"  # type: ignore[attr-defined]
