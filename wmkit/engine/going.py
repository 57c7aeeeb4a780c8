"""The runs going now and the worker slots they hold (``max_concurrent_workers``).

Every run going now is a :class:`~wmkit.engine.runner.Run` here, keyed by its row, with
one exception made for speed: the commonest run (a plain worker's zero-duration run,
the fast path of :meth:`~wmkit.engine.runs.Runs.start`) begins and ends inside one
call, during which nothing else can start. It is only *pending* here: its row, when it
started and whether it runs expedited. Its Run object is made, and its slot taken, only
if something asks about the runs going while its ``do_work`` runs (the worker cancels
its own work, reads its ``WorkInfo``, changes the device...) or if it does not end at
once; from then on it is an ordinary run. Every reader here settles it first, so
nobody outside can tell a pending run from an ordinary one.
"""

from __future__ import annotations

from ..work.work_spec import WorkSpec
from .runner import Run, Runner


class Going:
    """The runs going now, oldest first, and how many worker slots are free."""

    def __init__(self, max_workers: int, runner: Runner) -> None:
        self.max_workers = max_workers
        #: Worker slots free now (max_concurrent_workers minus the runs going).
        self.free = max_workers
        self.runs: dict[WorkSpec, Run] = {}
        #: The row of the fast run going now whose Run is not made yet, or None.
        self.pending: WorkSpec | None = None
        self.pending_at = 0  # when it started
        self.pending_expedited = False  # whether it runs as an expedited job
        self.settled: Run | None = None  # the pending run's Run, once made
        self._runner = runner  # its ``worker`` is the pending run's worker

    def of(self, spec: WorkSpec) -> Run | None:
        """The run going for this row now, if any."""
        if self.pending is not None:
            self.settle()
        return self.runs.get(spec)

    def all(self) -> list[Run]:
        """The runs going now, oldest first."""
        if self.pending is not None:
            self.settle()
        return list(self.runs.values())

    def __len__(self) -> int:
        if self.pending is not None:
            self.settle()
        return len(self.runs)

    def settle(self) -> Run:
        """Make the Run of the pending run: from here on it is an ordinary run (the
        newest, so it goes last)."""
        spec = self.pending
        assert spec is not None
        self.pending = None
        run = Run(
            spec,
            self.pending_at,
            spec.override_generation,
            self.pending_expedited,
            self._runner.worker,
        )
        self.pending_expedited = False
        self.add(run)
        self.settled = run
        return run

    def take_settled(self) -> Run:
        """The pending run's Run (made now if it was not yet), once."""
        run = self.settle() if self.pending is not None else self.settled
        assert run is not None
        self.settled = None
        return run

    def add(self, run: Run) -> None:
        """A run starts: it holds a slot."""
        self.runs[run.spec] = run
        self.free -= 1

    def remove(self, run: Run) -> bool:
        """The run ends: its slot is free again. False if it held none (any more)."""
        if self.runs.get(run.spec) is not run:
            return False
        del self.runs[run.spec]
        self.free += 1
        return True

    def forget(self, spec: WorkSpec) -> None:
        """The row is deleted: if it is the pending run, it becomes an ordinary one, whose
        result will be ignored."""
        if self.pending is spec:
            self.settle()

    def drop_all(self) -> None:
        """End every run without a stop: nothing of the process runs any more."""
        if self.pending is not None:
            self.settle()
        for run in self.runs.values():
            run.ended = True
            run.coro = None  # dropped, not closed: the process is gone
        self.runs.clear()
        self.free = self.max_workers
