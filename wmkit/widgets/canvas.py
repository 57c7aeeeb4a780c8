"""``SvgCanvas``: an SVG drawing shown inline, whose works can be clicked.

JupyterLab shows SVG output as an ``<img>``: nothing in it can be clicked and its
``<title>`` tooltips never show. The canvas puts the SVG into the page instead, with a
small ES module of its own (anywidget, no CDN: it works offline, in Voila, and in
JupyterLite when anywidget is installed there), and:

* reports a click on any element carrying ``data-work-id`` (``clicked``);
* marks the selected work and the works the last click changed with CSS classes
  (``selected``, ``highlighted``), without sending the drawing again;
* sends a new drawing as the parts that changed (:class:`~wmkit.render.document.SvgDocument`):
  a step that recolours three nodes sends three nodes, and the browser swaps them in
  place. A view created later asks for the parts it missed (``"ready"``);
* tells Python how wide it is shown (``width``), so the drawing can follow its panel;
  with ``fit`` a drawing wider than the panel is shrunk to it, else it scrolls sideways.

Every trait is a plain traitlet on the Python side, so tests drive it headless:
``canvas.clicked = work_id`` is a click, ``canvas.width = 500`` a narrower panel.

Without the ``anywidget`` package (a JupyterLite site built without it, say),
:func:`new_canvas` gives an :class:`HtmlCanvas` instead: the same drawing inline in an
``ipywidgets.HTML``, tooltips and the selection and highlight included, but no clicks,
and every change sends the whole drawing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import traitlets

from ..render.document import LOCAL_ID, SvgDocument

try:
    import anywidget
except ImportError:  # pragma: no cover - exercised in a subprocess by the tests
    anywidget = None  # type: ignore[assignment]

#: Above this share of the drawing, pending parts are replaced by a full drawing.
FULL_SEND_SHARE = 0.5

_ESM = r"""
function render({ model, el }) {
  el.classList.add("wmkit-canvas");
  // Ids a drawing defines (LOCAL_ID, "wmk-") are made unique to this view: inline SVGs
  // share the page's ids, and a pattern found in a hidden drawing paints nothing.
  // (anywidget loads this module once per widget: the count lives on the page.)
  globalThis.wmkitDrawings = (globalThis.wmkitDrawings || 0) + 1;
  const local = `wmk${globalThis.wmkitDrawings}-`;
  const own = (html) => html.replaceAll("wmk-", local);
  const box = document.createElement("div");
  box.className = "wmkit-canvas-box";
  el.appendChild(box);

  function mark() {
    const lit = new Set(model.get("highlighted"));
    const chosen = model.get("selected");
    for (const g of box.querySelectorAll("[data-work-id]")) {
      const id = g.getAttribute("data-work-id");
      g.classList.toggle("wm-hl", lit.has(id));
      g.classList.toggle("wm-sel", id === chosen);
    }
    box.classList.toggle("wm-fit", model.get("fit"));
  }
  function paint() {
    box.innerHTML = own(model.get("svg"));
    mark();
  }
  function patch(parts) {
    const svg = box.querySelector("svg");
    if (!svg) return;
    for (const [key, html] of Object.entries(parts)) {
      const old = svg.querySelector(`:scope > [data-part="${CSS.escape(key)}"]`);
      if (old) old.outerHTML = own(html);
    }
    mark();
  }
  function onMessage(msg) {
    if (msg && msg.type === "patch") patch(msg.parts);
  }
  function onClick(event) {
    const target = event.target.closest("[data-work-id]");
    if (!target || !box.contains(target)) return;
    model.set("clicked", target.getAttribute("data-work-id"));
    model.save_changes();
  }
  function measure() {
    const width = Math.round(el.getBoundingClientRect().width / 10) * 10;
    if (width > 0 && width !== model.get("width")) {
      model.set("width", width);
      model.save_changes();
    }
  }
  model.on("change:svg", paint);
  model.on("change:highlighted", mark);
  model.on("change:selected", mark);
  model.on("change:fit", mark);
  model.on("msg:custom", onMessage);
  box.addEventListener("click", onClick);
  const observer = new ResizeObserver(measure);
  observer.observe(el);
  paint();
  model.send({ type: "ready" });
  return () => {
    observer.disconnect();
    model.off("change:svg", paint);
    model.off("change:highlighted", mark);
    model.off("change:selected", mark);
    model.off("change:fit", mark);
    model.off("msg:custom", onMessage);
  };
}
export default { render };
"""

_CSS = """
.wmkit-canvas { width: 100%; min-width: 0; }
.wmkit-canvas-box { overflow-x: auto; overflow-y: hidden; }
.wmkit-canvas-box > svg { display: block; }
.wmkit-canvas-box.wm-fit > svg { max-width: 100%; height: auto; }
.wmkit-canvas [data-work-id] { cursor: pointer; }
.wmkit-canvas g.node.wm-hl {
  filter: drop-shadow(0 0 3px #f59f00) drop-shadow(0 0 6px #f59f00);
}
.wmkit-canvas g.node.wm-sel > rect:first-of-type,
.wmkit-canvas g.node.wm-sel > circle {
  stroke: #1864ab; stroke-width: 4.5px; stroke-dasharray: none;
}
.wmkit-canvas g.lane.wm-hl > .lane-bg { fill: #ffe066; fill-opacity: 1; }
.wmkit-canvas g.lane.wm-sel > .lane-bg { fill: #a5d8ff; fill-opacity: 1; }
.wmkit-canvas g.lane:hover > .lane-bg { fill: #e7f5ff; fill-opacity: 1; }
"""


_AnyWidget: Any = anywidget.AnyWidget if anywidget is not None else widgets.DOMWidget


class SvgCanvas(_AnyWidget):  # type: ignore[misc]
    """An inline SVG drawing with clickable works; see the module docstring."""

    _esm = _ESM
    _css = _CSS

    svg = traitlets.Unicode("").tag(sync=True)
    highlighted = traitlets.List(traitlets.Unicode(), default_value=[]).tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)
    clicked = traitlets.Unicode("").tag(sync=True)
    width = traitlets.Int(0).tag(sync=True)
    fit = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._head = ""
        self._parts: dict[str, str] | None = None
        self._tail = ""
        self._pending: dict[str, str] = {}
        self._pending_size = 0
        self._own_write = False
        self.full_sends = 0
        self.patches_sent = 0
        self._on_click: Callable[[str], Any] | None = None
        self.observe(self._svg_set, "svg")
        self.observe(self._clicked, "clicked")
        self.on_msg(self._message)

    # ---------------------------------------------------------------- drawing
    def show(self, document: SvgDocument) -> None:
        """Show ``document``, sending only the parts that changed since the last one."""
        parts = dict(document.parts)
        old = self._parts
        same_shape = (
            old is not None
            and document.head == self._head
            and document.tail == self._tail
            and list(parts) == list(old)
        )
        if not same_shape or old is None:
            self._full(document, parts)
            return
        changed = {key: body for key, body in parts.items() if old[key] != body}
        if not changed:
            return
        self._parts = parts
        size = sum(len(body) for body in changed.values())
        if self._pending_size + size > FULL_SEND_SHARE * len(self.svg):
            self._full(document, parts)
            return
        for key, body in changed.items():
            self._pending_size += len(body) - len(self._pending.get(key, ""))
            self._pending[key] = body
        self.send({"type": "patch", "parts": changed})
        self.patches_sent += 1

    def _full(self, document: SvgDocument, parts: dict[str, str]) -> None:
        text = document.text()
        if text == self.svg and self._pending:
            # Back to the drawing the browser already has: a trait that does not change
            # sends nothing, so the patched parts are patched back.
            self.send({"type": "patch", "parts": {key: parts[key] for key in self._pending}})
        self._head, self._tail, self._parts = document.head, document.tail, parts
        self._pending, self._pending_size = {}, 0
        self._own_write = True
        try:
            self.svg = text
        finally:
            self._own_write = False
        self.full_sends += 1

    @property
    def document(self) -> str:
        """The SVG text the browser shows now (the last drawing with every patch)."""
        if self._parts is None:
            return self.svg
        return self._head + "".join(self._parts.values()) + self._tail

    def _svg_set(self, _change: Any) -> None:
        if not self._own_write:  # set from outside: parts no longer known
            self._parts, self._pending, self._pending_size = None, {}, 0

    def _message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ready" and self._pending:
            self.send({"type": "patch", "parts": dict(self._pending)})

    # ------------------------------------------------------------------ clicks
    def on_click(self, callback: Callable[[str], Any] | None) -> None:
        """Call ``callback(work_id)`` when a work in the drawing is clicked."""
        self._on_click = callback

    def _clicked(self, change: Any) -> None:
        work_id = change["new"]
        if not work_id:
            return
        try:
            if self._on_click is not None:
                self._on_click(work_id)
        finally:
            self.clicked = ""  # so that clicking the same work again is heard


_ids = itertools.count(1)


class HtmlCanvas(widgets.HTML):  # type: ignore[misc]
    """The drawing in an ``ipywidgets.HTML``, for when anywidget is missing: inline
    (tooltips work), selection and highlight drawn by a style block, no clicks."""

    svg = traitlets.Unicode("")
    highlighted = traitlets.List(traitlets.Unicode(), default_value=[])
    selected = traitlets.Unicode("")
    clicked = traitlets.Unicode("")
    width = traitlets.Int(0)
    fit = traitlets.Bool(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._scope = f"wmkit-canvas-{next(_ids)}"
        self.full_sends = 0
        self.patches_sent = 0
        self.observe(self._paint, ["svg", "highlighted", "selected", "fit"])

    def show(self, document: SvgDocument) -> None:
        """Show ``document`` (whole: this canvas cannot patch)."""
        text = document.text()
        if text != self.svg:
            self.svg = text
            self.full_sends += 1

    @property
    def document(self) -> str:
        return self.svg

    def on_click(self, callback: Callable[[str], Any] | None) -> None:
        """Clicks cannot be heard without anywidget; selection works from other views."""

    def _paint(self, _change: Any = None) -> None:
        scope = f".{self._scope}"
        rules = [f"{scope} svg {{display:block}}"]
        if self.fit:
            rules.append(f"{scope} svg {{max-width:100%;height:auto}}")
        for work_id in self.highlighted:
            rules.append(
                f'{scope} g[data-work-id="{_css(work_id)}"] {{filter:drop-shadow(0 0 4px #f59f00)}}'
            )
        if self.selected:
            rules.append(
                f'{scope} g[data-work-id="{_css(self.selected)}"] > rect:first-of-type '
                "{stroke:#1864ab;stroke-width:4.5px}"
            )
        drawing = self.svg.replace(LOCAL_ID, f"{self._scope}-")
        self.value = (
            f'<div class="{self._scope}" style="overflow-x:auto"><style>{"".join(rules)}</style>'
            f"{drawing}</div>"
        )


def _css(value: str) -> str:
    """A work id made safe inside a CSS attribute selector."""
    return value.replace('"', "").replace("\\", "")


def new_canvas() -> SvgCanvas | HtmlCanvas:
    """A :class:`SvgCanvas`, or an :class:`HtmlCanvas` where anywidget is not installed."""
    return SvgCanvas() if anywidget is not None else HtmlCanvas()
