"""Android's enums, with Android's member names.

``StopReason`` is an ``IntEnum`` whose values are ``WorkInfo.STOP_REASON_*``, so a
``WorkInfo.stop_reason`` (a plain ``int``, as on Android) compares equal to it.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class State(Enum):
    """A work's life cycle state (``WorkInfo.State``)."""

    ENQUEUED = "ENQUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    BLOCKED = "BLOCKED"
    CANCELLED = "CANCELLED"

    # Members are singletons compared by identity, so they may hash by identity: Enum's
    # own __hash__ is a Python-level call, and the engine keys dicts by state per run.
    __hash__ = object.__hash__

    @property
    def is_finished(self) -> bool:
        """SUCCEEDED, FAILED and CANCELLED are final: nothing changes them again."""
        # Identity tests: Enum hashing is Python-level, and this runs on hot paths.
        return self is State.SUCCEEDED or self is State.FAILED or self is State.CANCELLED


class NetworkType(Enum):
    """The network a work needs (``androidx.work.NetworkType``)."""

    NOT_REQUIRED = "NOT_REQUIRED"
    CONNECTED = "CONNECTED"
    UNMETERED = "UNMETERED"
    NOT_ROAMING = "NOT_ROAMING"
    METERED = "METERED"
    TEMPORARILY_UNMETERED = "TEMPORARILY_UNMETERED"


class BackoffPolicy(Enum):
    """How the wait before a retry grows with the attempt count."""

    EXPONENTIAL = "EXPONENTIAL"
    LINEAR = "LINEAR"


class ExistingWorkPolicy(Enum):
    """What ``enqueue_unique_work`` does when work with that name exists."""

    REPLACE = "REPLACE"
    KEEP = "KEEP"
    APPEND = "APPEND"
    APPEND_OR_REPLACE = "APPEND_OR_REPLACE"


class ExistingPeriodicWorkPolicy(Enum):
    """What ``enqueue_unique_periodic_work`` does when work with that name exists."""

    KEEP = "KEEP"
    REPLACE = "REPLACE"
    UPDATE = "UPDATE"
    CANCEL_AND_REENQUEUE = "CANCEL_AND_REENQUEUE"


class OutOfQuotaPolicy(Enum):
    """What happens to expedited work when the app's expedited quota is used up."""

    RUN_AS_NON_EXPEDITED_WORK_REQUEST = "RUN_AS_NON_EXPEDITED_WORK_REQUEST"
    DROP_WORK_REQUEST = "DROP_WORK_REQUEST"


class UpdateResult(Enum):
    """What ``update_work`` did (``WorkManager.UpdateResult``)."""

    NOT_APPLIED = "NOT_APPLIED"
    APPLIED_IMMEDIATELY = "APPLIED_IMMEDIATELY"
    APPLIED_FOR_NEXT_RUN = "APPLIED_FOR_NEXT_RUN"


class StopReason(IntEnum):
    """Why a run was stopped: Android's ``WorkInfo.STOP_REASON_*`` values."""

    FOREGROUND_SERVICE_TIMEOUT = -128
    NOT_STOPPED = -256
    UNKNOWN = -512
    CANCELLED_BY_APP = 1
    PREEMPT = 2
    TIMEOUT = 3
    DEVICE_STATE = 4
    CONSTRAINT_BATTERY_NOT_LOW = 5
    CONSTRAINT_CHARGING = 6
    CONSTRAINT_CONNECTIVITY = 7
    CONSTRAINT_DEVICE_IDLE = 8
    CONSTRAINT_STORAGE_NOT_LOW = 9
    QUOTA = 10
    BACKGROUND_RESTRICTION = 11
    APP_STANDBY = 12
    USER = 13
    SYSTEM_PROCESSING = 14
    ESTIMATED_APP_LAUNCH_TIME_CHANGED = 15


def stop_reason_name(value: int) -> str:
    """Name of a stop reason value, or the number itself for one Android adds later."""
    try:
        return StopReason(value).name
    except ValueError:
        return str(value)
