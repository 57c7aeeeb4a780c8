"""Unit tests for wmkit.errors: the exception tree and the clamp warning."""

from __future__ import annotations

import warnings

import pytest

import wmkit
from wmkit.errors import (
    ArgumentTypeError,
    ClampWarning,
    DataError,
    IllegalArgumentError,
    IllegalStateError,
    StoreError,
    UnsupportedOperationError,
    WorkManagerError,
    warn_user,
)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (IllegalArgumentError, ValueError),
        (DataError, ValueError),
        (ArgumentTypeError, ValueError),
        (ArgumentTypeError, TypeError),
        (IllegalStateError, RuntimeError),
        (UnsupportedOperationError, RuntimeError),
        (StoreError, OSError),
    ],
)
def test_every_exception_is_a_work_manager_error_and_its_builtin(
    error: type[Exception], builtin: type[Exception]
) -> None:
    """Each exception is a WorkManagerError and the builtin matching Android's exception."""
    assert issubclass(error, WorkManagerError)
    assert issubclass(error, builtin)
    with pytest.raises(builtin):
        raise error("x")


def test_data_and_type_errors_are_illegal_argument_errors() -> None:
    """DataError and ArgumentTypeError derive from IllegalArgumentError (Android's IAE)."""
    assert issubclass(DataError, IllegalArgumentError)
    assert issubclass(ArgumentTypeError, IllegalArgumentError)


def test_the_hierarchy_has_no_cross_links() -> None:
    """IllegalState and UnsupportedOperation are not ValueErrors; StoreError is no RuntimeError."""
    assert not issubclass(IllegalStateError, ValueError)
    assert not issubclass(UnsupportedOperationError, ValueError)
    assert not issubclass(StoreError, (ValueError, RuntimeError))
    assert not issubclass(IllegalArgumentError, RuntimeError)


def test_work_manager_error_is_an_exception() -> None:
    """WorkManagerError derives from Exception directly."""
    assert WorkManagerError.__bases__ == (Exception,)


def test_clamp_warning_is_a_user_warning_not_an_error() -> None:
    """ClampWarning is a UserWarning (Android logs and carries on), not a WorkManagerError."""
    assert issubclass(ClampWarning, UserWarning)
    assert not issubclass(ClampWarning, WorkManagerError)


def test_every_error_is_exported_from_wmkit() -> None:
    """The exceptions and ClampWarning are importable from the top-level package."""
    for name in (
        "WorkManagerError",
        "IllegalArgumentError",
        "DataError",
        "ArgumentTypeError",
        "IllegalStateError",
        "UnsupportedOperationError",
        "StoreError",
        "ClampWarning",
    ):
        assert getattr(wmkit, name) is getattr(wmkit.errors, name)


def test_warn_user_warns_a_clamp_warning_with_the_message() -> None:
    """warn_user issues one ClampWarning carrying the message as given."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_user("Backoff delay 1s is less than the minimum of 10s")
    assert [(w.category, str(w.message)) for w in caught] == [
        (ClampWarning, "Backoff delay 1s is less than the minimum of 10s")
    ]


def test_warn_user_points_at_the_callers_line() -> None:
    """warn_user called from outside wmkit attributes the warning to the calling line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_user("Backoff delay 1s is less than the minimum of 10s")
    assert caught[0].filename == __file__
