"""``FollowsFocus``: a view that shows the manager's shared focus (selection, highlight).

The DAG, the timeline and the merge inspector each mark or show the selected work and
the works the last click changed (:mod:`wmkit.widgets.focus`). This mixin keeps their
``_on_focus`` subscribed while they are bound to a manager, and calls it once at once.
"""

from __future__ import annotations

from typing import Any

from . import focus


class FollowsFocus:
    """Mix in before :class:`~wmkit.widgets._base.ManagerView`; implement ``_on_focus``."""

    _manager: Any

    def bind(self, manager: Any) -> None:
        self._drop_focus()
        super().bind(manager)  # type: ignore[misc]
        focus.subscribe(manager, self._on_focus)
        self._on_focus(focus.focus_of(manager))

    def _unbind(self) -> None:
        self._drop_focus()
        super()._unbind()  # type: ignore[misc]

    def _drop_focus(self) -> None:
        if self._manager is not None:
            focus.unsubscribe(self._manager, self._on_focus)

    def _on_focus(self, current: focus.Focus) -> None:
        raise NotImplementedError
