"""``WorkContinuation``: chains of work, built with ``begin_with``/``then``/``combine``.

Every work of a ``then`` level depends on *every* work of the level before it; a list
runs in parallel. ``combine`` joins several chains behind a hidden worker that merges
their outputs with ``ArrayCreatingInputMerger`` (so what follows sees arrays).

>>> from wmkit import WorkManager, Worker, Result, OneTimeWorkRequest
>>> class Step(Worker):
...     def do_work(self):
...         return Result.success()
>>> wm = WorkManager()
>>> a, b, c = (OneTimeWorkRequest(Step) for _ in range(3))
>>> wm.begin_with([a, b]).then(c).enqueue()
>>> wm.get_work_info_by_id(c.id).state.name
'BLOCKED'
>>> _ = wm.advance(timedelta(0))
>>> wm.get_work_info_by_id(c.id).state.name
'SUCCEEDED'
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta  # noqa: F401  (used by the doctest)
from typing import Any, Protocol

from ..enums import ExistingWorkPolicy
from ..errors import IllegalArgumentError, IllegalStateError
from .live_data import LiveData
from .mergers import ArrayCreatingInputMerger
from .request_lists import as_request_list
from .requests import OneTimeWorkRequest, WorkRequest
from .work_info import WorkInfo
from .worker import Result, Worker


class ContinuationHost(Protocol):
    """What a chain reads from the WorkManager it belongs to."""

    def get_work_info_by_id(self, id: uuid.UUID) -> WorkInfo | None: ...

    def _live_data(self, compute: Callable[[], Any]) -> LiveData[Any]: ...


@dataclass(frozen=True)
class ChainLevel:
    """One level of a chain to insert: its requests behind every id of ``prerequisites``,
    under ``name`` with ``policy`` (a policy applies only to a named chain's first level)."""

    requests: tuple[WorkRequest, ...]
    prerequisites: tuple[uuid.UUID, ...]
    name: str | None
    policy: ExistingWorkPolicy


#: How a chain is handed to its WorkManager: the levels not enqueued yet, earliest first.
EnqueueLevels = Callable[[list[ChainLevel]], None]


class CombineContinuationsWorker(Worker):
    """The hidden worker ``combine`` inserts: it passes its merged input on unchanged."""

    def do_work(self) -> Result:
        return Result.success(self.input_data)


class WorkContinuation:
    """A level of a chain, with the levels it follows (``parents``)."""

    def __init__(
        self,
        manager: ContinuationHost,
        enqueue_levels: EnqueueLevels,
        requests: Sequence[WorkRequest],
        parents: Sequence[WorkContinuation] = (),
        name: str | None = None,
        policy: ExistingWorkPolicy = ExistingWorkPolicy.KEEP,
    ) -> None:
        self._manager = manager
        self._enqueue_levels = enqueue_levels
        self._requests = list(requests)
        self._parents = list(parents)
        self._name = name
        self._policy = policy
        self._enqueued = False

    @property
    def ids(self) -> list[uuid.UUID]:
        """The ids of this level's works."""
        return [r.id for r in self._requests]

    @property
    def parents(self) -> list[WorkContinuation]:
        return list(self._parents)

    @property
    def is_enqueued(self) -> bool:
        return self._enqueued

    def then(self, request_or_list: Any) -> WorkContinuation:
        """A new level that runs after every work of this one; ``then([])`` is a no-op."""
        if isinstance(request_or_list, (list, tuple)) and not request_or_list:
            return self
        requests = as_request_list(request_or_list, "then", one_time_only=True)
        return WorkContinuation(
            self._manager,
            self._enqueue_levels,
            requests,
            [self],
            self._name,
            ExistingWorkPolicy.KEEP,
        )

    @staticmethod
    def combine(continuations: Sequence[WorkContinuation]) -> WorkContinuation:
        """Join chains: what follows runs after all of them, with their outputs as arrays."""
        chains = list(continuations)
        if not chains:
            raise IllegalArgumentError("combine needs at least one WorkContinuation.")
        for chain in chains:
            if not isinstance(chain, WorkContinuation):
                raise IllegalArgumentError(
                    "combine takes WorkContinuations (from manager.begin_with(...)), "
                    f"got {chain!r}."
                )
        manager = chains[0]._manager
        if any(chain._manager is not manager for chain in chains):
            raise IllegalArgumentError(
                "combine needs continuations of the same WorkManager; these come from "
                "different ones."
            )
        joiner = (
            OneTimeWorkRequest.Builder(CombineContinuationsWorker)
            .set_input_merger(ArrayCreatingInputMerger)
            .build()
        )
        return WorkContinuation(manager, chains[0]._enqueue_levels, [joiner], chains)

    def enqueue(self) -> None:
        """Enqueue this chain and every level before it (once; again is a no-op)."""
        if self._enqueued:
            return
        self._check_cycles()
        pending = [level for level in self._levels() if not level._enqueued]
        self._enqueue_levels([level._as_chain_level() for level in pending])
        for level in pending:
            level._enqueued = True

    def _as_chain_level(self) -> ChainLevel:
        prerequisites = tuple(i for parent in self._parents for i in parent.ids)
        return ChainLevel(tuple(self._requests), prerequisites, self._name, self._policy)

    def get_work_infos(self) -> list[WorkInfo]:
        """The WorkInfos of every work in this chain, earliest levels first."""
        ids: list[uuid.UUID] = []
        for level in self._levels():
            ids.extend(i for i in level.ids if i not in ids)
        infos = (self._manager.get_work_info_by_id(i) for i in ids)
        return [info for info in infos if info is not None]

    def get_work_infos_live_data(self) -> LiveData[list[WorkInfo]]:
        """:meth:`get_work_infos` as a LiveData: observers hear of every change to any
        work of the chain (Android's ``getWorkInfosLiveData``)."""
        return self._manager._live_data(self.get_work_infos)

    def _levels(self) -> list[WorkContinuation]:
        order: list[WorkContinuation] = []
        seen: set[int] = set()

        def visit(level: WorkContinuation) -> None:
            if id(level) in seen:
                return
            seen.add(id(level))
            for parent in level._parents:
                visit(parent)
            order.append(level)

        visit(self)
        return order

    def _check_cycles(self) -> None:
        """A request that appears again in its own ancestors would wait for itself."""

        def walk(level: WorkContinuation, above: frozenset[uuid.UUID]) -> None:
            mine = set(level.ids)
            if mine & above:
                raise IllegalStateError(
                    "WorkContinuation has cycles: a request is used again after itself in the "
                    "same chain. Build a new request for each step."
                )
            for parent in level._parents:
                walk(parent, above | mine)

        walk(self, frozenset())

    def __repr__(self) -> str:
        names = ", ".join(r.worker_class.__qualname__ for r in self._requests)
        return f"<WorkContinuation [{names}] after {len(self._parents)} level(s)>"
