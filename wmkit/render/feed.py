"""Reading ``manager.trace`` a step at a time, and noticing when it was rewound.

Views redraw every step, and the trace only grows, so each reader remembers how far
it got and reads only the new events. A rewind (``restore_checkpoint``) truncates the
trace and appends a ``rewind`` event: the reader sees that the event it read last is
no longer where it was, and starts again from the beginning.

>>> from wmkit.trace.events import Event
>>> feed = TraceFeed()
>>> trace = [Event(0, "enqueued", None, "a"), Event(5, "started", None, "b")]
>>> rewound, events = feed.read(trace)
>>> rewound, [e.kind for e in events], feed.read(trace)
(False, ['enqueued', 'started'], (False, []))
>>> feed.read(trace[:1] + [Event(7, "rewind", None, "rewound")])[0]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class TraceFeed:
    """Remembers how much of a trace was read and the last event read."""

    def __init__(self) -> None:
        self.seen = 0
        self._last: Any = None

    def reset(self) -> None:
        self.seen = 0
        self._last = None

    def read(self, trace: Sequence[Any]) -> tuple[bool, list[Any]]:
        """``(rewound, events)``: the events not read yet; all of them, with ``rewound``
        True, when the trace no longer continues what was read before."""
        total = len(trace)
        rewound = total < self.seen or (
            self.seen > 0 and not _same(trace[self.seen - 1], self._last)
        )
        if rewound:
            self.reset()
        if total == self.seen:
            return rewound, []
        events = list(trace[self.seen :])
        self.seen = total
        self._last = events[-1]
        return rewound, events


def _same(a: Any, b: Any) -> bool:
    return a is b or a == b
