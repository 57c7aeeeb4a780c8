"""Which androidx release a manager simulates, and the calls that release refuses.

A new manager simulates ``androidx=`` (default: :data:`wmkit.versions.DEFAULT_VERSION`).
A stored manager remembers its release: reopened without ``androidx=`` it goes on with
the stored one; reopened with another one it is refused. Every stored work lived under
its release's rules (a 2.11 request may back off after system stops, which 2.9 cannot
even express), and an app update's database migration is not simulated, so switching
in mid-life would mix two releases' rules without saying which applied when. To compare
releases, use one manager per release (lesson 07 does). A store written before wmkit
knew releases takes the release it is opened with.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import versions
from ..errors import IllegalArgumentError, VersionError
from ..versions import AndroidxProfile
from ..work.configuration import Configuration
from ..work.requests import WorkRequest


def choose_profile(requested: Any, stored: str | None, where: str | None) -> AndroidxProfile:
    """The release to simulate: ``requested`` (None: the stored one, else the default),
    refused when a store written under another release is opened with it."""
    chosen = versions.profile(requested if requested is not None else stored)
    if stored is not None and chosen.version != stored:
        raise VersionError(
            f"{where or 'This store'} was written by a WorkManager simulating androidx "
            f"{stored}; it cannot be reopened with androidx={requested!r}. A stored manager "
            "keeps its release: each stored work lived under that release's rules. Omit "
            f"androidx= (or pass androidx={stored!r}), or start a new store to try another "
            "release."
        )
    return chosen


def check_configuration(profile: AndroidxProfile, configuration: Any) -> Configuration:
    """``WorkManager(configuration=...)``: a Configuration whose calls the release has."""
    if configuration is None:
        return Configuration()
    if not isinstance(configuration, Configuration):
        raise IllegalArgumentError(
            f"configuration must be a wmkit.Configuration (build one with "
            f"Configuration.Builder()...build()), got {configuration!r}."
        )
    for api in configuration.apis_used():
        profile.require(api, f"Configuration.Builder().{api}(...)")
    return configuration


def check_requests(profile: AndroidxProfile, requests: Iterable[WorkRequest]) -> None:
    """Refuse, at the call that hands them over, requests built with a call the release
    does not have."""
    for request in requests:
        if request.work_spec.backoff_on_system_interruptions:
            profile.require(
                "set_backoff_for_system_interruptions",
                f"The request {request.id} uses set_backoff_for_system_interruptions(), which",
            )
