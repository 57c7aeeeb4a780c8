"""Android's ``work-testing`` artifact, as far as wmkit needs it: the ``TestDriver``.

On Android an instrumented test gets a ``TestDriver`` from
``WorkManagerTestInitHelper.getTestDriver(context)``. wmkit's virtual clock already does
what its ``setInitialDelayMet`` / ``setPeriodDelayMet`` / ``setAllConstraintsMet`` are
for (``advance``, ``set_device``), so wmkit's driver has the one call the clock cannot
express: stopping a running work with a reason of your choice, as the system does when
a constraint is lost. Android added it in work-testing 2.11.0-beta01 (release notes;
``TestScheduler.kt``), so a manager simulating an older release refuses it.

>>> from datetime import timedelta
>>> from wmkit import OneTimeWorkRequest, Result, StopReason, Worker, WorkManager
>>> class Slow(Worker):
...     duration = timedelta(minutes=1)
...     def do_work(self):
...         return Result.success()
>>> wm = WorkManager()
>>> slow = OneTimeWorkRequest(Slow)
>>> wm.enqueue(slow)
>>> _ = wm.advance(timedelta(seconds=1))
>>> driver = WorkManagerTestInitHelper.get_test_driver(wm)
>>> driver.stop_running_work_with_reason(slow.id, StopReason.CONSTRAINT_CHARGING)
>>> info = wm.get_work_info_by_id(slow.id)
>>> info.state.name, StopReason(info.stop_reason).name
('ENQUEUED', 'CONSTRAINT_CHARGING')
"""

from __future__ import annotations

import uuid

from .errors import IllegalArgumentError
from .manager.manager import WorkManager


class TestDriver:
    """Android's ``TestDriver`` for one WorkManager."""

    __test__ = False  # not a pytest test class

    def __init__(self, manager: WorkManager) -> None:
        if not isinstance(manager, WorkManager):
            raise IllegalArgumentError(f"TestDriver drives a WorkManager, got {manager!r}.")
        self._manager = manager

    def stop_running_work_with_reason(self, work_spec_id: uuid.UUID, reason: int) -> None:
        """Stop the RUNNING work ``work_spec_id`` as the system would, with ``reason`` (a
        ``StopReason``): its worker's ``on_stopped`` runs and sees ``stop_reason``, and
        the work goes back to ENQUEUED with that stop reason, its attempt counted.
        Refused for a work that is not running, and for ``StopReason.NOT_STOPPED``."""
        self._manager._stop_running_work_with_reason(work_spec_id, reason)


class WorkManagerTestInitHelper:
    """Where Android's tests get their driver: ``getTestDriver``."""

    __test__ = False

    @staticmethod
    def get_test_driver(manager: WorkManager) -> TestDriver:
        """The ``TestDriver`` of ``manager`` (Android: ``getTestDriver(context)``)."""
        return TestDriver(manager)


__all__ = ["TestDriver", "WorkManagerTestInitHelper"]
