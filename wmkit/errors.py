"""wmkit's exceptions, mirroring the Java exceptions androidx.work throws.

Every exception derives from :class:`WorkManagerError` *and* from the builtin that
matches Android's, so ``except ValueError`` works where Kotlin code would catch
``IllegalArgumentException``::

    WorkManagerError
    ├── IllegalArgumentError     (ValueError)     bad argument: Android's IllegalArgumentException
    │   ├── DataError            (ValueError)     a Data value of the wrong type, or too big
    │   ├── ArgumentTypeError    (TypeError too)  an argument of the wrong kind of thing
    │   └── VersionError         (ValueError)     not in the chosen androidx release (androidx=)
    ├── IllegalStateError        (RuntimeError)   e.g. a chain with a cycle
    ├── AppCrashError            (RuntimeError)   the simulated app process crashed
    ├── UnsupportedOperationError (RuntimeError)  e.g. UPDATE across one-time and periodic work
    └── StoreError               (OSError)        a store file that is not wmkit's, or in use

Messages name the value, the rule and the fix, in Android's words where Android has them.
"""

from __future__ import annotations


class WorkManagerError(Exception):
    """Base class of every exception wmkit raises."""


class IllegalArgumentError(WorkManagerError, ValueError):
    """An argument Android refuses (``IllegalArgumentException``)."""


class DataError(IllegalArgumentError):
    """A ``Data`` value of a type Android cannot store, or a ``Data`` over 10240 bytes."""


class ArgumentTypeError(IllegalArgumentError, TypeError):
    """An argument of the wrong kind of thing (a number where a function is needed)."""


class VersionError(IllegalArgumentError):
    """Something the chosen androidx release does not have: an unknown ``androidx=``
    version, a call added in a later release, a store written under another release."""


class IllegalStateError(WorkManagerError, RuntimeError):
    """An operation impossible in the current state (``IllegalStateException``)."""


class UnsupportedOperationError(WorkManagerError, RuntimeError):
    """An operation Android does not support (``UnsupportedOperationException``)."""


class AppCrashError(WorkManagerError, RuntimeError):
    """The simulated app process crashed: an exception escaped WorkManager's own code
    (androidx 2.9 lets an input merger's exception through). The process died and
    started again, as ``restart_app()`` does; the message says what crashed it."""


class StoreError(WorkManagerError, OSError):
    """A store file that cannot be opened: foreign, corrupt, empty, or in use."""


class ClampWarning(UserWarning):
    """A value Android silently clamps (a 5-minute period, a 1-second backoff...).

    Android logs these and carries on; wmkit warns so the student sees it.
    """


def warn_user(message: str, category: type[Warning] = ClampWarning) -> None:
    """Warn, pointing at the first caller outside wmkit (the student's line)."""
    import sys
    import warnings

    depth = 2  # level 1 is this function; count the wmkit frames above it
    frame = sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("wmkit."):
        depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    warnings.warn(message, category, stacklevel=depth)
