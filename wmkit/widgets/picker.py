"""``WorkPicker``: a dropdown of the stored works, for the panels that show one work.

Its options change only when the set of works changes (labels carry the worker class
and role tag or short id, not the state), so a step does not resend a thousand options;
and refilling the options never counts as the user picking something.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets

from ..render.text import id_text, work_label


class WorkPicker:
    """A Dropdown of works; ``on_pick(work_id)`` runs when the user picks one."""

    def __init__(self, on_pick: Callable[[str | None], None], description: str = "work") -> None:
        self.dropdown = widgets.Dropdown(
            options=[],
            description=description,
            layout=widgets.Layout(width="340px", max_width="100%"),
        )
        self._on_pick = on_pick
        self._ids: tuple[str, ...] = ()
        self._filling = False
        self.dropdown.observe(self._changed, "value")

    @property
    def value(self) -> str | None:
        """The picked work's id as a string (None when there are no works)."""
        return self.dropdown.value

    @value.setter
    def value(self, work_id: str | None) -> None:
        self.dropdown.value = work_id

    def update(
        self,
        descriptions: Sequence[Any],
        prefer: str | None = None,
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Refill the options if the works changed, keeping the current pick if it still
        exists, else ``prefer``, else the first work. ``labels`` (id -> name) names the
        works as the other views do (``Snapshot.labels``)."""
        ids = tuple(id_text(d.id) for d in descriptions)
        if ids == self._ids:
            return
        current = self.dropdown.value
        self._filling = True
        try:
            self.dropdown.options = [
                ((labels or {}).get(i) or work_label(d), i)
                for i, d in zip(ids, descriptions, strict=True)
            ]
            if current in ids:
                self.dropdown.value = current
            elif prefer in ids:
                self.dropdown.value = prefer
            else:
                self.dropdown.value = ids[0] if ids else None
        finally:
            self._filling = False
        self._ids = ids

    def show(self, work_id: str | None) -> None:
        """Point at ``work_id`` without counting it as the user's pick."""
        self._filling = True
        try:
            self.dropdown.value = work_id
        finally:
            self._filling = False

    def _changed(self, change: dict[str, Any]) -> None:
        if not self._filling:
            self._on_pick(change["new"])
