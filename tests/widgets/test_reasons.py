"""The short "why not running" of a work (DAG badges, timeline wait colours), read from
``WorkDescription.blockers`` as data, never from the words of ``waiting_for``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from wmkit import BlockerInfo, Constraints, State
from wmkit.render.reasons import why_not_running
from wmkit.units import LONG_MAX

WORK = uuid.UUID(int=7)


@dataclass(frozen=True)
class Held:
    """A due ENQUEUED work as a view sees it: no ``waiting_for``, only ``blockers``."""

    blockers: tuple[BlockerInfo, ...]
    id: uuid.UUID = WORK
    state: State = State.ENQUEUED
    next_run_time: int = 0
    constraints: Constraints = Constraints.NONE
    prerequisites: tuple[uuid.UUID, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def test_the_kind_comes_from_the_blocker_not_from_its_words() -> None:
    """A quota blocker whose text happens to start like a Doze entry is a quota badge,
    with the blocker's own ``until_millis`` as its arrow."""
    held = Held((BlockerInfo("quota", "doze: not really", 100_000),))
    reason = why_not_running(held, now=1_000)
    assert reason is not None
    assert (reason.kind, reason.until) == ("quota", 100_000)
    assert reason.label == "quota → 1:40"
    assert reason.detail == "quota: doze: not really"


def test_the_first_kind_to_fix_wins_and_the_manager_kinds_are_other() -> None:
    """Doze before a constraint; busy slots are the "other" family."""
    both = Held(
        (
            BlockerInfo("constraint", "needs network CONNECTED but the network is none"),
            BlockerInfo("doze", "the phone is in deep Doze", 62_000),
        )
    )
    reason = why_not_running(both, now=0)
    assert reason is not None and reason.kind == "doze" and reason.label == "Doze → 1:02"
    slots = Held((BlockerInfo("slots-busy", "all 4 worker slots are busy"),))
    reason = why_not_running(slots, now=0, slots_busy=True)
    assert reason is not None and (reason.kind, reason.label) == ("other", "slots busy")
    assert why_not_running(Held(()), now=0) is None
    assert why_not_running(Held((), next_run_time=LONG_MAX), now=0) is None


def _badges(svg: str) -> list[tuple[str, str]]:
    """(shown text, tooltip) of every why-not-running badge of a DAG drawing."""
    from .conftest import SVG_NS, find_all, parse_svg

    found = []
    for badge in find_all(parse_svg(svg), "g", "badge"):
        shown = "".join(t.text or "" for t in badge.iter(f"{SVG_NS}text"))
        tip = badge.find(f"{SVG_NS}title")
        found.append((shown, "" if tip is None else tip.text or ""))
    return found


def test_a_waits_for_badge_names_what_it_waits_for_and_fits() -> None:
    """Fan-in (lesson 00): at 0:00 the joins wait for "3 works"; at 0:20 for the one left,
    by its role tag ("#download-forest"), never cut to "waits for DownloadP…"; the
    tooltip names every work waited for."""
    from datetime import timedelta

    from wmkit import scenarios
    from wmkit.render import dag_svg

    wm = scenarios.load("fan_in_merge")
    wm.advance(timedelta(0))
    badges = _badges(dag_svg(wm))
    assert [shown for shown, _ in badges] == ["waits for 3 works"] * 2
    assert all("DownloadPhoto #download-forest" in tip for _, tip in badges)
    wm.advance(timedelta(seconds=20))
    badges = _badges(dag_svg(wm))
    assert [shown for shown, _ in badges] == ["waits for #download-forest"] * 2
    assert all(tip == "waits for DownloadPhoto #download-forest to succeed" for _, tip in badges)
    assert not any("…" in shown for shown, _ in badges)
    wm.close()
