"""``ClockControls`` driven headless: buttons, Play ticks, the clock label."""

from __future__ import annotations

from datetime import timedelta

from wmkit import OneTimeWorkRequest, WorkManager
from wmkit.widgets import ClockControls, DagView

from .workers import DAY, HOUR, MINUTE, SECOND, Quick, Slow


def test_the_clock_label_reads_t_plus_days_and_time(manager: WorkManager) -> None:
    """The label is a real widget showing ``T+0d 00:00:00``."""
    clock = ClockControls(manager)
    assert clock.clock_label.value == "T+0d 00:00:00"
    assert "wmkit-clock" in clock.clock_label._dom_classes


def test_next_event_jumps_to_the_next_instant(manager: WorkManager) -> None:
    """ "next event" runs ``manager.step()``: here to the end of a 30 s run."""
    manager.enqueue(OneTimeWorkRequest(Quick))
    manager.advance(timedelta(0))  # started at 0: the next instant is its end
    clock = ClockControls(manager)
    clock.next_button.click()
    assert manager.clock.now_millis == 30 * SECOND
    assert clock.clock_label.value == "T+0d 00:00:30"


def test_jump_buttons_advance_by_their_amount(manager: WorkManager) -> None:
    """+1 min, +15 min, +1 h and +1 day add up on the virtual clock."""
    clock = ClockControls(manager)
    for label in ("+1 min", "+15 min", "+1 h", "+1 day"):
        clock.jump_buttons[label].click()
    assert manager.clock.now_millis == MINUTE + 15 * MINUTE + HOUR + DAY
    assert clock.clock_label.value == "T+1d 01:16:00"


def test_a_quiet_minute_still_moves_every_view(manager: WorkManager) -> None:
    """Advancing through a minute with no events still redraws the other views."""
    clock = ClockControls(manager)
    dag = DagView(manager)
    before = dag.redraws
    clock.jump_buttons["+1 min"].click()
    assert dag.redraws == before + 1


def test_play_ticks_step_the_clock(manager: WorkManager) -> None:
    """Each tick of the Play widget (its value going up) is one step."""
    manager.enqueue([OneTimeWorkRequest(Quick), OneTimeWorkRequest(Slow)])
    manager.advance(timedelta(0))
    clock = ClockControls(manager)
    clock.play.value = 1
    assert manager.clock.now_millis == 30 * SECOND
    clock.play.value = 2
    assert manager.clock.now_millis == 2 * MINUTE


def test_play_pauses_itself_when_nothing_is_left(manager: WorkManager) -> None:
    """A tick with nothing scheduled pauses playing and says so."""
    clock = ClockControls(manager)
    clock.play.playing = True
    clock.play.value = 1
    assert clock.play.playing is False
    assert "nothing left" in clock.status.value


def test_a_tick_can_be_a_fixed_stretch_of_time(manager: WorkManager) -> None:
    """With "each tick" set to +1 min, a tick advances one virtual minute."""
    clock = ClockControls(manager)
    clock.tick.value = MINUTE
    clock.play.value = 1
    clock.play.value = 2
    assert manager.clock.now_millis == 2 * MINUTE


def test_the_play_counter_going_back_is_not_a_tick(manager: WorkManager) -> None:
    """The Play widget's stop button resets its counter; that must not step."""
    manager.enqueue(OneTimeWorkRequest(Slow))
    clock = ClockControls(manager)
    clock.play.value = 5
    now = manager.clock.now_millis
    clock.play.value = 0
    assert manager.clock.now_millis == now


def test_speed_sets_the_play_interval(manager: WorkManager) -> None:
    """Choosing a speed changes how often the browser ticks."""
    clock = ClockControls(manager)
    clock.speed.value = 100
    assert clock.play.interval == 100


def test_status_shows_when_the_next_event_is(manager: WorkManager) -> None:
    """The status line names the next event's instant."""
    manager.enqueue(OneTimeWorkRequest(Quick, initial_delay=timedelta(minutes=5)))
    clock = ClockControls(manager)
    assert "T+0d 00:05:00" in clock.status.value


def test_status_names_a_quiet_timer_as_a_timer_not_an_event() -> None:
    """At 7:01 in night_in_doze the engine's next timer is a Doze re-check at 7:17 that
    finds nothing to do (the 7:00 cue plugged the phone in), and "next event" steps over
    it: the status line names it as a timer, and a cue as the story's."""
    from wmkit import scenarios

    manager = scenarios.load("night_in_doze")
    story = scenarios.scenario_of(manager)
    clock = ClockControls(manager)
    seen = []
    while manager.clock.now_millis < 7 * 3_600_000 + 60_000:
        story.step(manager)
        clock.refresh()
        seen.append(clock.status.value)
    assert not any("next event at" in line for line in seen)
    assert any("story cue at T+0d 07:00:00" in line for line in seen)
    assert "engine's next timer at T+0d 07:17:00" in clock.status.value, clock.status.value
