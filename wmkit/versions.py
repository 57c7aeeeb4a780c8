"""androidx.work releases and what differs between them: one table, with sources.

Students meet every WorkManager release in the wild, and a few behaviours changed from
one release to the next. ``WorkManager(androidx="2.9" | "2.10" | "2.11")`` picks the
release whose behaviour the simulation follows; the default is the newest release
whose source was read (:data:`DEFAULT_VERSION`), and ``manager.androidx`` says which
one is active.

Two tables hold every difference, each row with where it was read (files of
``androidx/androidx`` at a commit, or the release notes at
developer.android.com/jetpack/androidx/releases/work):

* :data:`BEHAVIOURS` — what the library *does* differently (a periodic worker that
  throws, an input merger that throws);
* :data:`API_ADDED` — the release that added a call; wmkit refuses the call on an older
  profile, naming that release.

Checked and found equal in 2.9, 2.10 and 2.11 (so not in the tables): every
``WorkInfo`` field wmkit shows (``stopReason``, ``nextScheduleTimeMillis``,
``constraints``, ``initialDelayMillis``, ``periodicityInfo`` were all added in 2.9.0:
release notes 2.9.0, work-runtime/api/2.9.0-beta01.txt @ 6ff110c),
``setNextScheduleTimeOverride`` (2.9.0-alpha01, same files), and a worker whose
construction throws, which FAILS the work, periodic or not, in all three
(WorkerWrapper.kt @ aa889ef ``worker == null -> setFailedAndResolve`` with the
null-returning WorkerFactory.java @ cbceafd; WorkerWrapper.kt @ 07c9725 ``catch ->
workerInitializationExceptionHandler -> Resolution.Failed -> setFailed``).

>>> profile("2.9").periodic_worker_raised
'next period'
>>> profile("2.10").periodic_worker_raised
'failed'
>>> profile(None).version == DEFAULT_VERSION
True
>>> profile("2.8")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
wmkit.errors.VersionError: androidx='2.8' is not a release wmkit simulates; choose one of ...
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import VersionError

#: The releases wmkit simulates, oldest first.
KNOWN_VERSIONS: tuple[str, ...] = ("2.9", "2.10", "2.11")
#: The newest release whose source was read: what ``WorkManager()`` simulates.
DEFAULT_VERSION = "2.11"

NEXT_PERIOD, FAILED, APP_CRASH = "next period", "failed", "app crash"

_WRAPPER = "work/work-runtime/src/main/java/androidx/work/impl/WorkerWrapper.kt"


@dataclass(frozen=True)
class Behaviour:
    """One behaviour that differs between releases: its value in each, and the source
    each value was read from."""

    what: str
    values: Mapping[str, str]
    sources: Mapping[str, str]


#: Every behaviour that differs between the simulated releases.
BEHAVIOURS: dict[str, Behaviour] = {
    "periodic_worker_raised": Behaviour(
        "a periodic worker's do_work raises",
        {"2.9": NEXT_PERIOD, "2.10": FAILED, "2.11": FAILED},
        {
            "2.9": f"{_WRAPPER} @ aa889ef (the Runnable wrapper of 2.9): the failed future "
            "leaves result = Result.failure(); onWorkFinished -> handleResult -> periodic -> "
            "resetPeriodicAndResolve, the next period",
            "2.10": f"{_WRAPPER} @ 07c9725 (the coroutine wrapper of 2.10): runWorker "
            "catch (Throwable) -> Resolution.Failed; launch() -> setFailed -> "
            "iterativelyFailWorkAndDependents, with no periodic check: FAILED for good",
            "2.11": "as 2.10: 2.11 changes only resetWorkerStatus "
            "(setBackoffForSystemInterruptions, release notes 2.11.0-alpha01); the periodic "
            f"check (onWorkFailed -> resetPeriodic) first appears in {_WRAPPER} @ a9b06aa, "
            'whose libraryversions.toml says WORK = "2.12.0-alpha01"',
        },
    ),
    "input_merger_raised": Behaviour(
        "the input merger raises (an Int and a Long under one key)",
        {"2.9": APP_CRASH, "2.10": FAILED, "2.11": FAILED},
        {
            "2.9": f"{_WRAPPER} @ aa889ef runWorker(): inputMerger.merge(inputs) is inside no "
            "try, so the exception leaves run() on WorkManager's background executor and "
            "kills the app process; the row is still ENQUEUED",
            "2.10": f"{_WRAPPER} @ 07c9725 launch(): catch (throwable: Throwable) -> "
            "Resolution.Failed -> setFailed before trySetRunning: FAILED with its "
            "dependents, runAttemptCount 0",
            "2.11": "as 2.10 (same launch() in 2.11 and in a9b06aa)",
        },
    ),
}


@dataclass(frozen=True)
class Added:
    """The release that added a call, and where that was read."""

    android: str  # Android's name of the call
    release: str  # the first release with it, e.g. "2.11.0-alpha01"
    source: str

    @property
    def version(self) -> str:
        """The simulated version that has it first ("2.11" for "2.11.0-alpha01")."""
        return ".".join(self.release.split(".")[:2])


#: Calls that exist only from some release on, by wmkit name.
API_ADDED: dict[str, Added] = {
    "set_backoff_for_system_interruptions": Added(
        "WorkRequest.Builder.setBackoffForSystemInterruptions()",
        "2.11.0-alpha01",
        "release notes 2.11.0-alpha01 (Ie2dc7, @ExperimentalWorkRequestBuilderApi); in "
        "work-runtime/api/restricted_2.11.0-beta01.txt, not in api/2.9.0-beta01.txt",
    ),
    "set_worker_execution_exception_handler": Added(
        "Configuration.Builder.setWorkerExecutionExceptionHandler()",
        "2.10.0-alpha02",
        "release notes 2.10.0-alpha02 (Ib1b74, 'Add custom exception handlers for "
        f"Workers'); called from {_WRAPPER} @ 07c9725 with WorkerExceptionInfo",
    ),
    "set_worker_initialization_exception_handler": Added(
        "Configuration.Builder.setWorkerInitializationExceptionHandler()",
        "2.10.0-alpha02",
        f"release notes 2.10.0-alpha02 (Ib1b74); called from {_WRAPPER} @ 07c9725",
    ),
    "stop_running_work_with_reason": Added(
        "TestDriver.stopRunningWorkWithReason()",
        "2.11.0-beta01",
        "release notes 2.11.0-beta01 (Ie53b2); in work-testing/api/"
        "restricted_2.11.0-beta01.txt, not in work-testing/api/2.9.0-beta01.txt",
    ),
}


@dataclass(frozen=True)
class AndroidxProfile:
    """The behaviour of one simulated release, read from :data:`BEHAVIOURS`."""

    version: str
    periodic_worker_raised: str
    input_merger_raised: str

    def has(self, api: str) -> bool:
        """Whether this release has the call ``api`` (a key of :data:`API_ADDED`)."""
        added = API_ADDED[api]
        return KNOWN_VERSIONS.index(self.version) >= KNOWN_VERSIONS.index(added.version)

    def require(self, api: str, what: str | None = None) -> None:
        """Refuse the call ``api`` if this release does not have it, naming the release
        that added it (``what``: how the student wrote it, default ``api + '()'``)."""
        if self.has(api):
            return
        added = API_ADDED[api]
        raise VersionError(
            f"{what or api + '()'} is Android's {added.android}, added in androidx.work "
            f"{added.release}; this WorkManager simulates androidx {self.version}. Use "
            f"WorkManager(androidx={added.version!r}) or later, or do without it."
        )


def profile(version: Any) -> AndroidxProfile:
    """The profile of ``version`` ("2.9", "2.10", "2.11"; None: the default)."""
    if version is None:
        version = DEFAULT_VERSION
    if not isinstance(version, str) or version not in KNOWN_VERSIONS:
        known = ", ".join(repr(v) for v in KNOWN_VERSIONS)
        raise VersionError(
            f"androidx={version!r} is not a release wmkit simulates; choose one of {known} "
            f"(the default is {DEFAULT_VERSION!r})."
        )
    values = {name: row.values[version] for name, row in BEHAVIOURS.items()}
    return AndroidxProfile(version=version, **values)


def differences(*versions: str) -> str:
    """The behaviours that differ, one line per behaviour and release (for lessons).

    >>> print(differences("2.9", "2.10"))
    a periodic worker's do_work raises: 2.9 next period | 2.10 failed
    the input merger raises (an Int and a Long under one key): 2.9 app crash | 2.10 failed
    """
    chosen = versions or KNOWN_VERSIONS
    for version in chosen:
        profile(version)  # refuses an unknown one
    return "\n".join(
        f"{row.what}: " + " | ".join(f"{v} {row.values[v]}" for v in chosen)
        for row in BEHAVIOURS.values()
    )


__all__ = [
    "API_ADDED",
    "BEHAVIOURS",
    "DEFAULT_VERSION",
    "KNOWN_VERSIONS",
    "AndroidxProfile",
    "differences",
    "profile",
]
