"""``ScenarioPicker``: load one of ``wmkit.scenarios``' ready-made situations.

``wmkit.scenarios.catalogue()`` returns named scenarios whose ``.load()`` builds a
manager; the Studio then shows that manager. A Studio opened on a manager that a
scenario built in code (``scenarios.load(...)``, as the lessons do) shows that scenario
too (:meth:`ScenarioPicker.show`): picked, "play story" enabled, its summary and its
cues in sight. The module ships separately, so the picker tolerates its absence (or a
broken catalogue) and says so instead of failing.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets

from . import _snapshot as bus
from . import focus
from ._base import error_html
from ._story import scenario_of
from .caption import short_time

MISSING_HINT = (
    "Ready-made scenarios come with <code>wmkit.scenarios</code>, which this installation "
    "does not have yet. Build your own with <code>WorkManager()</code> meanwhile."
)


def default_catalogue() -> Any:
    """``wmkit.scenarios.catalogue()`` (ImportError when the module is absent)."""
    return importlib.import_module("wmkit.scenarios").catalogue()


def _entries(catalogue: Any) -> dict[str, Any]:
    """Name -> scenario, from a mapping or a sequence of objects with a ``name``."""
    if isinstance(catalogue, Mapping):
        return {str(name): scenario for name, scenario in catalogue.items()}
    entries = {}
    for scenario in catalogue:
        name = getattr(scenario, "name", None) or getattr(scenario, "title", None)
        entries[str(name or scenario)] = scenario
    return entries


def _summary(scenario: Any) -> str:
    text = getattr(scenario, "summary", None) or getattr(scenario, "description", None)
    return str(text or (scenario.__doc__ or "")).strip()


class ScenarioPicker(widgets.VBox):
    """A dropdown of scenarios and a Load button; ``on_load(manager)`` gets the result."""

    def __init__(
        self,
        on_load: Callable[[Any], None] | None = None,
        *,
        catalogue: Callable[[], Any] = default_catalogue,
    ) -> None:
        super().__init__()
        self.on_load = on_load
        self.scenarios: dict[str, Any] = {}
        self.loaded: Any = None
        self.loaded_name: str | None = None
        self.open_summary = True
        self.dropdown = widgets.Dropdown(options=[], description="scenario")
        self.dropdown.add_class("wmkit-scenario")  # a stable hook for the browser test
        self.load_button = widgets.Button(
            description="load", icon="folder-open", layout=widgets.Layout(width="auto")
        )
        self.load_button.add_class("wmkit-scenario-load")
        self.load_button.on_click(lambda _b: self.load())
        self.play_button = widgets.Button(
            description="▶ play story",
            disabled=True,
            layout=widgets.Layout(width="auto"),
            tooltip="drive the clock through the scenario's story (scenario.play)",
        )
        self.play_button.on_click(lambda _b: self.play())
        self.info = widgets.HTML(value="")
        self.dropdown.observe(lambda _c: self._describe(), "value")
        try:
            self.scenarios = _entries(catalogue())
        except ImportError:
            self.info.value = f'<span style="color:#6c757d;font-size:12px">{MISSING_HINT}</span>'
        except Exception as error:
            self.info.value = error_html(error, "wmkit.scenarios.catalogue()")
        self.available = bool(self.scenarios)
        self.dropdown.options = [(_title(s, n), n) for n, s in self.scenarios.items()]
        self.dropdown.value = next(iter(self.scenarios), None)
        self.dropdown.disabled = self.load_button.disabled = not self.available
        row = widgets.HBox([self.dropdown, self.load_button, self.play_button])
        self.children = [row, self.info] if self.available or self.info.value else [row]
        self._describe()

    def _describe(self) -> None:
        scenario = self.scenarios.get(self.dropdown.value or "")
        if scenario is None:
            return
        text = _code(html.escape(_summary(scenario)))
        loaded = self.loaded_name == self.dropdown.value and self.loaded is not None
        state = (
            '<span style="color:#2b8a3e">● shown in this Studio</span>'
            if loaded
            else '<span style="color:#6c757d">press “load” to show it</span>'
        )
        self.info.value = (
            '<div class="wmkit-scenario-info" style="color:#495057;font-size:13px;'
            'line-height:1.45;max-width:900px">'
            f"<details{' open' if self.open_summary else ''}>"
            f"<summary>what this scenario shows · {state}</summary>{text}</details>"
            f"{self._cues_html(scenario, loaded)}</div>"
        )

    def _cues_html(self, scenario: Any, loaded: bool) -> str:
        """The story's cues, each ticked once it has played on the shown manager."""
        cues = getattr(scenario, "cues", ())
        if not cues:
            return '<div class="wmkit-cues">no cues: the works tell the story alone</div>'
        pending: set[int] = set()
        if loaded:
            pending = {id(cue) for _, cue in scenario.pending_cues(self.loaded)}
        items = []
        for cue in cues:
            done = loaded and id(cue) not in pending
            mark = "✓" if done else "○"
            items.append(
                f'<span class="wmkit-cue{" wmkit-cue-done" if done else ""}" '
                f'style="margin-right:14px;{"color:#868e96" if done else ""}">'
                f"{mark} {short_time(cue.at_millis)} {_code(html.escape(cue.what))}</span>"
            )
        return f'<div class="wmkit-cues"><b>story:</b> {"".join(items)}</div>'

    def show(self, manager: Any) -> None:
        """Show ``manager``'s scenario (the one built on it, if any) as the loaded one."""
        scenario = scenario_of(manager)
        name = getattr(scenario, "name", None)
        if self.loaded is not None:
            focus.unsubscribe(self.loaded, self._on_focus)
        if scenario is None or name not in self.scenarios:
            self.loaded, self.loaded_name = None, None
            self.play_button.disabled = True
            self._describe()
            return
        self.loaded, self.loaded_name = manager, name
        self.play_button.disabled = False
        focus.subscribe(manager, self._on_focus)  # each click may tick a cue off
        if self.dropdown.value != name:
            self.dropdown.value = name  # describes it
        else:
            self._describe()

    def _on_focus(self, _focus: Any) -> None:
        self._describe()

    def load(self, name: str | None = None) -> Any:
        """Build the named (or selected) scenario's manager and hand it to ``on_load``."""
        name = name or self.dropdown.value
        scenario = self.scenarios.get(name or "")
        if scenario is None:
            return None
        try:
            loader = getattr(scenario, "load", scenario)
            manager = loader()
            if self.on_load is not None:
                self.on_load(manager)
        except Exception as error:
            self.info.value = error_html(error, f"loading scenario {name!r}")
            return None
        self.show(manager)
        return manager

    def play(self) -> None:
        """Play the loaded scenario's story (its cues) on the loaded manager."""
        scenario = self.scenarios.get(self.loaded_name or "")
        if scenario is None or self.loaded is None:
            return
        try:
            with bus.click(self.loaded):
                scenario.play(self.loaded)
        except Exception as error:
            self.info.value = error_html(error, f"playing scenario {self.loaded_name!r}")
            bus.report_error(self.loaded, "play story", error)
            return
        self._describe()


def _code(text: str) -> str:
    """Markdown's `code` spans as <code>, as the catalogue writes its summaries."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


def _title(scenario: Any, name: str) -> str:
    title = getattr(scenario, "title", None)
    return f"{title} ({name})" if title and title != name else name
