"""Who hears what a manager did: the LiveData values students observe, and the
listeners views add.

LiveData is refreshed once per processed virtual instant and after every public call;
listeners hear, after every call that produced events or moved the clock, the events
it produced. Neither may break the clock: what an observer or a listener raises
becomes an ``error`` event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..engine.runner import describe_exception
from ..trace.history import EventList, History
from ..work.live_data import LiveData

Listener = Callable[[EventList], Any]


class Observers:
    """The LiveData being observed and the listeners of one manager."""

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report  # records an error event
        self._listeners: list[Listener] = []
        self._instant_listeners: list[Callable[[], Any]] = []
        self._live: set[LiveData[Any]] = set()  # the observed ones, held strongly
        self._published = 0  # events before this index were handed out already
        self._notified_at: int | None = None

    # --------------------------------------------------------------- LiveData
    def live_data(self, compute: Callable[[], Any]) -> LiveData[Any]:
        return LiveData(compute, self._observer_failed, self._observed)

    def _observed(self, live: LiveData[Any], observed: bool) -> None:
        # An observed LiveData must live on when the expression that made it is gone.
        if observed:
            self._live.add(live)
        else:
            self._live.discard(live)

    def _observer_failed(self, error: BaseException) -> None:
        self._report(describe_exception(error, "a LiveData observer"))

    def refresh(self) -> None:
        """Recompute every observed LiveData (observers hear only real changes)."""
        for live in list(self._live):
            live.refresh()

    def on_instant(self) -> None:
        """After each processed instant: observers see every instant's settled state,
        and instant listeners (the Studio's per-step recording) hear of it."""
        if self._live:
            self.refresh()
        if not self._instant_listeners:  # the commonest: nobody records instants
            return
        for listener in list(self._instant_listeners):
            try:
                listener()
            except Exception as error:  # a recorder's bug must not break the clock
                self._report(f"instant listener {listener!r} raised {error!r}")

    def add_instant_listener(self, callback: Callable[[], Any]) -> None:
        self._instant_listeners.append(callback)

    def remove_instant_listener(self, callback: Callable[[], Any]) -> None:
        if callback in self._instant_listeners:
            self._instant_listeners.remove(callback)

    # -------------------------------------------------------------- listeners
    def publish(self, history: History, now: int) -> EventList:
        """After a public call: refresh LiveData, then hand the call's new events to
        every listener (also when only the clock moved: views redraw); return them."""
        self.refresh()
        new = history.view(self._published)
        self._published = len(history)
        moved = self._notified_at != now
        self._notified_at = now
        if new or moved:
            self.tell_listeners(new)
        return new

    def rewound(self, history_length: int) -> None:
        """The history was cut back to ``history_length`` events (a rewind)."""
        self._published = min(self._published, history_length)

    def add_listener(self, callback: Listener) -> None:
        self._listeners.append(callback)

    def remove_listener(self, callback: Listener) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def tell_listeners(self, events: EventList) -> None:
        for listener in list(self._listeners):
            try:
                listener(events)
            except Exception as error:  # a view's bug must not break the clock
                self._report(f"listener {listener!r} raised {error!r}")
