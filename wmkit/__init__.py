"""wmkit: Android Jetpack WorkManager, simulated on a virtual clock, for teaching.

Names are Android's in snake_case, so a notebook cell maps line for line onto Kotlin.

>>> from datetime import timedelta
>>> from wmkit import WorkManager, Worker, Result, OneTimeWorkRequest
>>> class Upload(Worker):
...     duration = timedelta(seconds=30)
...     def do_work(self):
...         return Result.success({"url": "https://example/cat.jpg"})
>>> wm = WorkManager()
>>> upload = OneTimeWorkRequest(Upload)
>>> wm.enqueue(upload)
>>> _ = wm.advance(timedelta(seconds=10))
>>> wm.get_work_info_by_id(upload.id).state
<State.RUNNING: 'RUNNING'>
>>> _ = wm.advance(timedelta(seconds=20))
>>> wm.get_work_info_by_id(upload.id).output_data.get_string("url")
'https://example/cat.jpg'
"""

from . import versions
from .engine.checkpoint import Checkpoint
from .enums import (
    BackoffPolicy,
    ExistingPeriodicWorkPolicy,
    ExistingWorkPolicy,
    NetworkType,
    OutOfQuotaPolicy,
    State,
    StopReason,
    UpdateResult,
)
from .errors import (
    AppCrashError,
    ArgumentTypeError,
    ClampWarning,
    DataError,
    IllegalArgumentError,
    IllegalStateError,
    StoreError,
    UnsupportedOperationError,
    VersionError,
    WorkManagerError,
)
from .manager.description import BlockerInfo, WorkDescription
from .manager.manager import WorkManager, close_all
from .phone.device import Device
from .storage import MemoryStore, WorkStore
from .trace.events import Event
from .work.configuration import Configuration, WorkerExceptionInfo, WorkerParameters
from .work.constraints import Constraints
from .work.continuation import WorkContinuation
from .work.data import Data
from .work.live_data import LiveData
from .work.mergers import ArrayCreatingInputMerger, InputMerger, OverwritingInputMerger
from .work.query import WorkQuery
from .work.requests import OneTimeWorkRequest, PeriodicWorkRequest, WorkRequest
from .work.work_info import PeriodicityInfo, WorkInfo
from .work.worker import CoroutineWorker, ListenableWorker, Result, Worker

__version__ = "0.1.0"

__all__ = [
    "AppCrashError",
    "ArgumentTypeError",
    "ArrayCreatingInputMerger",
    "BackoffPolicy",
    "BlockerInfo",
    "Checkpoint",
    "ClampWarning",
    "Configuration",
    "Constraints",
    "CoroutineWorker",
    "Data",
    "DataError",
    "Device",
    "Event",
    "ExistingPeriodicWorkPolicy",
    "ExistingWorkPolicy",
    "IllegalArgumentError",
    "IllegalStateError",
    "InputMerger",
    "ListenableWorker",
    "LiveData",
    "MemoryStore",
    "NetworkType",
    "OneTimeWorkRequest",
    "OutOfQuotaPolicy",
    "OverwritingInputMerger",
    "PeriodicWorkRequest",
    "PeriodicityInfo",
    "Result",
    "State",
    "StopReason",
    "StoreError",
    "UnsupportedOperationError",
    "UpdateResult",
    "VersionError",
    "WorkContinuation",
    "WorkDescription",
    "WorkInfo",
    "WorkManager",
    "WorkManagerError",
    "WorkQuery",
    "WorkRequest",
    "WorkStore",
    "Worker",
    "WorkerExceptionInfo",
    "WorkerParameters",
    "__version__",
    "close_all",
    "versions",
]
