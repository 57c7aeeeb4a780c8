"""QuotaLedger: session time in a rolling window, and when quota frees up."""

from __future__ import annotations

from wmkit.phone.quota import QuotaLedger

MINUTE = 60_000
HOUR = 60 * MINUTE


def ledger_with(*sessions: tuple[int, int]) -> QuotaLedger:
    ledger = QuotaLedger()
    for start, end in sessions:
        ledger.job_started(start)
        ledger.job_ended(end)
    return ledger


def test_overlapping_jobs_form_one_session() -> None:
    """Two jobs running together use the app's time once, not twice."""
    ledger = QuotaLedger()
    ledger.job_started(0)
    ledger.job_started(MINUTE)
    ledger.job_ended(2 * MINUTE)
    ledger.job_ended(3 * MINUTE)
    assert ledger.sessions == [[0, 3 * MINUTE]]


def test_usage_counts_only_the_window() -> None:
    """Time before the window's start does not count; a session is clipped at it."""
    ledger = ledger_with((0, 10 * MINUTE), (HOUR, HOUR + 5 * MINUTE))
    assert ledger.usage(HOUR + 5 * MINUTE, window=HOUR) == 10 * MINUTE  # [5, 10] + [60, 65]
    assert ledger.usage(HOUR + 5 * MINUTE, window=HOUR + 3 * MINUTE) == 13 * MINUTE
    assert ledger.usage(HOUR + 15 * MINUTE, window=HOUR) == 5 * MINUTE


def test_an_open_session_counts_up_to_now() -> None:
    """A running job's time counts until now."""
    ledger = QuotaLedger()
    ledger.job_started(0)
    assert ledger.counting
    assert ledger.usage(4 * MINUTE, window=HOUR) == 4 * MINUTE
    assert ledger.exhausted_at(4 * MINUTE, window=HOUR, allowance=10 * MINUTE) == 10 * MINUTE


def test_available_at_is_when_old_time_leaves_the_window() -> None:
    """Usage falls to the allowance when enough of the oldest session left the window."""
    ledger = ledger_with((0, 10 * MINUTE))
    assert ledger.available_at(20 * MINUTE, window=HOUR, allowance=10 * MINUTE) == 20 * MINUTE
    assert ledger.available_at(20 * MINUTE, window=HOUR, allowance=6 * MINUTE) == HOUR + 4 * MINUTE


def test_available_at_walks_several_sessions() -> None:
    """Freeing more than the oldest session holds moves on to the next one."""
    ledger = ledger_with((0, 2 * MINUTE), (10 * MINUTE, 20 * MINUTE))
    at = ledger.available_at(30 * MINUTE, window=HOUR, allowance=5 * MINUTE)
    assert at == 10 * MINUTE + 5 * MINUTE + HOUR
    assert ledger.usage(at, window=HOUR) == 5 * MINUTE


def test_session_slot_opens_a_window_after_the_oldest_counted_start() -> None:
    """With one session per window allowed, the next may start a window after the last."""
    ledger = ledger_with((5 * MINUTE, 7 * MINUTE))
    assert ledger.session_slot_at(10 * MINUTE, window=HOUR, max_sessions=1) == HOUR + 5 * MINUTE
    assert ledger.session_slot_at(10 * MINUTE, window=HOUR, max_sessions=2) == 10 * MINUTE


def test_pause_closes_the_session_and_resume_reopens_it() -> None:
    """Charging stops the clock of quota; back on battery, running jobs count again."""
    ledger = QuotaLedger()
    ledger.job_started(0)
    ledger.pause(3 * MINUTE)
    assert not ledger.counting
    ledger.resume(10 * MINUTE, running=1)
    ledger.job_ended(12 * MINUTE)
    assert ledger.sessions == [[0, 3 * MINUTE], [10 * MINUTE, 12 * MINUTE]]


def test_prune_forgets_sessions_no_window_can_see() -> None:
    """Sessions that ended before the window are dropped; later ones stay."""
    ledger = ledger_with((0, MINUTE), (HOUR, HOUR + MINUTE))
    ledger.prune(2 * HOUR, window=HOUR)
    assert ledger.sessions == [[HOUR, HOUR + MINUTE]]
