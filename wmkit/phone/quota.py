"""Execution-time quotas over a rolling window, as App Standby's QuotaController keeps them.

An app's jobs form *sessions*: stretches of time during which at least one of its jobs
runs. A quota allows so much session time (and, for some buckets, so many sessions)
within any rolling window. Only time on battery with the app in the background counts:
the engine reports job starts and ends only then, and ``pause``/``resume`` the ledger
when the phone starts or stops charging.

>>> q = QuotaLedger()
>>> q.job_started(0); q.job_ended(4 * 60_000)
>>> q.usage(10 * 60_000, window=60 * 60_000)
240000
>>> q.available_at(10 * 60_000, window=60 * 60_000, allowance=3 * 60_000)
3660000
"""

from __future__ import annotations


class QuotaLedger:
    """Sessions of one app for one kind of job (regular or expedited)."""

    __slots__ = ("_open_since", "_running", "sessions")

    def __init__(self) -> None:
        self.sessions: list[list[int]] = []  # closed [start, end] pairs, oldest first
        self._open_since: int | None = None
        self._running = 0

    # -- counting ----------------------------------------------------------------
    def job_started(self, now: int) -> None:
        self._running += 1
        if self._running == 1:
            self._open_since = now

    def job_ended(self, now: int) -> None:
        if self._running == 0:
            return
        self._running -= 1
        if self._running == 0:
            self._close(now)

    def pause(self, now: int) -> None:
        """Stop counting (the phone started charging): close the open session."""
        if self._open_since is not None:
            self._close(now)
        self._running = 0

    def resume(self, now: int, running: int) -> None:
        """Count again (back on battery, app in background) the ``running`` jobs."""
        self._running = running
        if running:
            self._open_since = now

    def _close(self, now: int) -> None:
        start, self._open_since = self._open_since, None
        if start is not None and now > start:
            self.sessions.append([start, now])

    # -- reading -----------------------------------------------------------------
    @property
    def counting(self) -> bool:
        """True while a session is open (time is being used now)."""
        return self._open_since is not None

    def _intervals(self, now: int) -> list[tuple[int, int]]:
        spans = [(s, e) for s, e in self.sessions]
        if self._open_since is not None:
            spans.append((self._open_since, now))
        return spans

    def usage(self, now: int, window: int) -> int:
        """Session time within ``[now - window, now]``."""
        floor = now - window
        return sum(max(0, e - max(s, floor)) for s, e in self._intervals(now) if e > floor)

    def sessions_in(self, now: int, window: int) -> int:
        """Sessions that started within the window (the open one included)."""
        floor = now - window
        return sum(1 for s, _ in self._intervals(now) if s > floor)

    def available_at(self, now: int, window: int, allowance: int) -> int:
        """The first instant from ``now`` at which usage is at most ``allowance``, if no
        new session starts (old time leaving the window frees quota)."""
        used = self.usage(now, window)
        if used <= allowance:
            return now
        to_free = used - allowance
        floor = now - window
        for s, e in self._intervals(now):
            if e <= floor:
                continue
            s = max(s, floor)
            if e - s >= to_free:
                return s + to_free + window
            to_free -= e - s
        return now + window  # the open session holds it all: after it ends, a window later

    def session_slot_at(self, now: int, window: int, max_sessions: int) -> int:
        """The first instant from ``now`` at which a new session may start."""
        starts = sorted(s for s, _ in self._intervals(now) if s > now - window)
        if len(starts) < max_sessions:
            return now
        return starts[len(starts) - max_sessions] + window

    def exhausted_at(self, now: int, window: int, allowance: int) -> int | None:
        """When the open session will have used the allowance, at the latest estimate
        (None when nothing is counting); the engine re-checks at that instant."""
        if self._open_since is None:
            return None
        return now + max(0, allowance - self.usage(now, window))

    def prune(self, now: int, window: int) -> None:
        """Forget sessions that ended before any window could see them."""
        floor = now - window
        self.sessions = [s for s in self.sessions if s[1] > floor]
