"""``LiveData``: an observable value, like Android's, fed by the manager.

``observe(callback)`` calls ``callback(value)`` at once with the current value, then
again whenever the value changes. The manager refreshes live values once per
processed virtual instant and after every call that changes work, so observers see
each instant's settled state (a zero-duration worker may go ENQUEUED → SUCCEEDED
within one instant; Android's LiveData also coalesces fast changes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..errors import ArgumentTypeError

T = TypeVar("T")


class LiveData(Generic[T]):
    """A value observers can follow. Created by ``manager.get_*_live_data(...)``."""

    def __init__(
        self,
        compute: Callable[[], T],
        on_error: Callable[[BaseException], None],
        on_observed: Callable[[LiveData[T], bool], None] | None = None,
    ):
        self._compute = compute
        self._on_error = on_error
        # Told when the first observer arrives / the last leaves, so the manager holds an
        # observed LiveData strongly: `manager.get_..._live_data(id).observe(cb)` must keep
        # working after the expression's LiveData is no longer referenced, as on Android.
        self._on_observed = on_observed
        self._observers: list[Callable[[T], Any]] = []
        self._value: T = compute()

    @property
    def value(self) -> T:
        """The latest value (refreshed by the manager)."""
        return self._value

    @property
    def has_observers(self) -> bool:
        return bool(self._observers)

    def observe(self, callback: Callable[[T], Any]) -> None:
        """Call ``callback(value)`` now and at every change."""
        if not callable(callback):
            raise ArgumentTypeError(
                f"observe() takes a function, got {callback!r}; e.g. "
                "observe(lambda info: print(info))."
            )
        self._observers.append(callback)
        if len(self._observers) == 1 and self._on_observed is not None:
            self._on_observed(self, True)
        self._value = self._compute()
        self._notify(callback)

    def remove_observer(self, callback: Callable[[T], Any]) -> None:
        if callback in self._observers:
            self._observers.remove(callback)
            if not self._observers and self._on_observed is not None:
                self._on_observed(self, False)

    def refresh(self) -> None:
        """Recompute; tell every observer if the value changed."""
        new = self._compute()
        if new == self._value:
            return
        self._value = new
        for callback in list(self._observers):
            self._notify(callback)

    def _notify(self, callback: Callable[[T], Any]) -> None:
        try:
            callback(self._value)
        except Exception as error:  # a student's callback must not break the clock
            self._on_error(error)
