"""Checks for lesson 00 (driving the clock)."""

from __future__ import annotations

from wmkit import State, scenarios

from ._common import Problem, as_millis, at, report, require


def check_enough(enough: object) -> None:
    """Exercise 0.1: advancing ``enough`` finishes beach and city but not forest."""

    def run() -> str:
        delta = as_millis(require(enough, "`enough` to a timedelta"), "`enough`")
        scenario = scenarios.get("fan_in_merge")
        wm = scenario.load()
        wm.advance_to(delta)
        ids = scenario.ids(wm)
        state = {role: wm.get_work_info_by_id(i).state for role, i in ids.items()}
        if state["download-city"] is not State.SUCCEEDED:
            raise Problem(
                f"after {at(delta)} the city download is still {state['download-city'].name}: "
                "advance further. Look in the trace for when it succeeded."
            )
        if state["download-forest"] is State.SUCCEEDED:
            raise Problem(
                f"after {at(delta)} the forest download has finished too: that was too "
                "far. Stop before it succeeds."
            )
        return (
            f"after {at(delta)} beach and city are SUCCEEDED and forest is still RUNNING, "
            "so make-album and pick-cover are still BLOCKED."
        )

    report("Exercise 0.1", run)


def check_album_start(album_starts_at: object) -> None:
    """Exercise 0.2: the instant make-album starts (30 000 ms)."""

    def run() -> str:
        answer = as_millis(require(album_starts_at, "`album_starts_at`"), "`album_starts_at`")
        scenario = scenarios.get("fan_in_merge")
        wm = scenario.load()
        scenario.play(wm)
        album = scenario.ids(wm)["make-album"]
        started = [e.millis for e in wm.trace if e.work_id == album and e.kind == "started"]
        if answer == started[0]:
            return (
                f"make-album starts at {answer} ms, the instant the slowest download "
                "succeeded: a child waits for *every* parent."
            )
        finished = [e.millis for e in wm.trace if e.work_id == album and e.kind == "succeeded"]
        if answer == finished[0]:
            raise Problem(
                f"{answer} ms is when make-album *finished*; the question asks when it "
                "started (look for its 'started' event)."
            )
        if answer == 30:
            raise Problem("30 is in seconds; give the instant in milliseconds.")
        raise Problem(
            f"make-album does not start at {answer} ms. It waits until all three downloads "
            "have succeeded; look for its 'started' event in wm.trace."
        )

    report("Exercise 0.2", run)
