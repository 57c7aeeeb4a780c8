"""Unit tests for wmkit.work.backoff: the backoff table and calculateNextRunTime."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from wmkit.enums import BackoffPolicy
from wmkit.work.backoff import backoff_delay, next_run_time

EXP, LIN = BackoffPolicy.EXPONENTIAL, BackoffPolicy.LINEAR
MINUTE = 60_000
HOUR = 60 * MINUTE
CAP = 18_000_000
LONG_MAX = 2**63 - 1

# ANDROID_SEMANTICS §4, backoff tables for B = 30 000.
EXPONENTIAL_TABLE = {
    1: 30_000,
    2: 60_000,
    3: 120_000,
    4: 240_000,
    5: 480_000,
    6: 960_000,
    7: 1_920_000,
    8: 3_840_000,
    9: 7_680_000,
    10: 15_360_000,
    11: CAP,
    12: CAP,
    40: CAP,
    41: CAP,
    42: CAP,
    1000: CAP,
}
LINEAR_TABLE = {
    1: 30_000,
    2: 60_000,
    3: 90_000,
    4: 120_000,
    5: 150_000,
    10: 300_000,
    599: 17_970_000,
    600: CAP,
    601: CAP,
    1000: CAP,
}


@pytest.mark.parametrize(("n", "delay"), sorted(EXPONENTIAL_TABLE.items()))
def test_exponential_table(n: int, delay: int) -> None:
    """EXPONENTIAL with B = 30 s: 30 000·2^(n−1), capped at 18 000 000 from n = 11 (§4)."""
    assert backoff_delay(EXP, 30_000, n) == delay


@pytest.mark.parametrize(("n", "delay"), sorted(LINEAR_TABLE.items()))
def test_linear_table(n: int, delay: int) -> None:
    """LINEAR with B = 30 s: 30 000·n, capped at 18 000 000 from n = 600 (§4)."""
    assert backoff_delay(LIN, 30_000, n) == delay


def test_backoff_of_the_minimum_base() -> None:
    """With the 10 s minimum: EXPONENTIAL 10 000, 20 000, 40 000; LINEAR 10 000, 20 000, 30 000."""
    assert [backoff_delay(EXP, 10_000, n) for n in (1, 2, 3)] == [10_000, 20_000, 40_000]
    assert [backoff_delay(LIN, 10_000, n) for n in (1, 2, 3)] == [10_000, 20_000, 30_000]


def test_backoff_of_the_maximum_base_is_capped_from_the_second_attempt() -> None:
    """With a 5 h base every delay is 5 h: the first equals the cap, later ones are capped."""
    for policy in (EXP, LIN):
        assert [backoff_delay(policy, CAP, n) for n in (1, 2, 3, 1000)] == [CAP] * 4


def test_backoff_is_an_int() -> None:
    """The delay is an int of milliseconds even though EXPONENTIAL computes on a float."""
    assert type(backoff_delay(EXP, 12_345, 7)) is int
    assert backoff_delay(EXP, 12_345, 7) == 790_080


def row(**fields: object) -> SimpleNamespace:
    """A stored work's scheduling fields: a fresh one-time work enqueued at 0 by default."""
    defaults: dict[str, object] = {
        "state_is_enqueued": True,
        "last_enqueue_time": 0,
        "run_attempt_count": 0,
        "backoff_policy": EXP,
        "backoff_delay": 30_000,
        "initial_delay": 0,
        "interval": 0,
        "flex": 0,
        "period_count": 0,
        "override": LONG_MAX,
    }
    defaults.update(fields)
    return SimpleNamespace(**defaults)


def test_one_time_is_due_at_enqueue_time_plus_initial_delay() -> None:
    """A one-time work never run is due at E + D: E = 1 000, D = 2 000 gives 3 000 (§4)."""
    assert next_run_time(row(last_enqueue_time=1_000, initial_delay=2_000)) == 3_000


def test_one_time_never_enqueued_is_never_due() -> None:
    """A BLOCKED work (E = −1) is due at Long.MAX_VALUE (§4)."""
    assert next_run_time(row(state_is_enqueued=False, last_enqueue_time=-1)) == LONG_MAX


def test_backed_off_one_time_work() -> None:
    """ENQUEUED with n = 2: E + backoff(2); LINEAR 10 s base: E + 20 000 (§4)."""
    assert next_run_time(row(last_enqueue_time=5_000, run_attempt_count=2)) == 65_000
    linear = row(
        last_enqueue_time=5_000, run_attempt_count=2, backoff_policy=LIN, backoff_delay=10_000
    )
    assert next_run_time(linear) == 25_000


def test_backoff_ignores_the_initial_delay() -> None:
    """A backed-off work waits E + backoff(n), not E + D + backoff(n) (§4)."""
    assert next_run_time(row(run_attempt_count=1, initial_delay=HOUR)) == 30_000


def test_attempts_count_only_while_enqueued() -> None:
    """A RUNNING one-time work with n = 1 is not backed off: the formula gives E + D (§4)."""
    running = row(
        state_is_enqueued=False, last_enqueue_time=1_000, run_attempt_count=1, initial_delay=500
    )
    assert next_run_time(running) == 1_500


def test_one_time_work_ignores_an_override() -> None:
    """The override applies to periodic work only; a one-time row is due at E + D (§4)."""
    assert next_run_time(row(override=7, initial_delay=100)) == 100


def test_periodic_first_period_without_flex() -> None:
    """Periodic, P = 0, F = I: due at E + D (§4)."""
    periodic = row(last_enqueue_time=1_000, initial_delay=2_000, interval=HOUR, flex=HOUR)
    assert next_run_time(periodic) == 3_000


def test_periodic_first_period_with_flex() -> None:
    """Periodic, P = 0, F < I: due at E + D + (I − F) (§4, §6)."""
    periodic = row(last_enqueue_time=1_000, initial_delay=2_000, interval=HOUR, flex=15 * MINUTE)
    assert next_run_time(periodic) == 1_000 + 2_000 + 45 * MINUTE


def test_periodic_later_period_is_one_interval_after_e() -> None:
    """Periodic, P = 3: due at E + I; flex and initial delay no longer apply (§4, §6)."""
    periodic = row(
        last_enqueue_time=1_000,
        initial_delay=2_000,
        interval=15 * MINUTE,
        flex=5 * MINUTE,
        period_count=3,
    )
    assert next_run_time(periodic) == 901_000


def test_periodic_retry_uses_backoff() -> None:
    """Periodic ENQUEUED with n = 1 and no override: E + backoff(1) (§4)."""
    periodic = row(
        last_enqueue_time=10_000, run_attempt_count=1, interval=HOUR, flex=HOUR, period_count=2
    )
    assert next_run_time(periodic) == 40_000


def test_override_in_the_first_period_is_used_verbatim() -> None:
    """Periodic, override O, P = 0: due at O, even in the past and even when backed off (§4)."""
    assert next_run_time(row(interval=HOUR, flex=HOUR, override=123)) == 123
    assert next_run_time(row(last_enqueue_time=5_000, interval=HOUR, flex=HOUR, override=0)) == 0
    backed_off = row(interval=HOUR, flex=HOUR, override=777, run_attempt_count=4)
    assert next_run_time(backed_off) == 777


def test_override_in_a_later_period_is_at_least_fifteen_minutes_after_e() -> None:
    """Periodic, override O, P > 0: max(O, E + 900 000) (§4)."""
    early = row(last_enqueue_time=1_000, interval=HOUR, flex=HOUR, override=5_000, period_count=1)
    assert next_run_time(early) == 901_000
    late = row(
        last_enqueue_time=1_000, interval=HOUR, flex=HOUR, override=2_000_000, period_count=1
    )
    assert next_run_time(late) == 2_000_000
