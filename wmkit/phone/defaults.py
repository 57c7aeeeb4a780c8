"""The platform's device-dependent numbers, all in one place: Doze (deep and light) and
App Standby quotas.

These are **AOSP defaults** (``DeviceIdleController`` and ``QuotaController.QcConstants``),
which device makers and Google's server-side config can change, and which differ between
Android releases. wmkit uses them so that a lesson's times are exact and explainable;
on a real phone treat them as *typical*, not guaranteed (ANDROID_SEMANTICS §21).

The library's own constants (backoff, periodic minimums, Data size) are exact and live in
:mod:`wmkit.units`.
"""

from __future__ import annotations

from ..units import HOUR, MINUTE, SECOND

# --- Deep Doze (DeviceIdleController defaults) --------------------------------------
#: The first idle period after the device enters deep Doze.
DOZE_FIRST_IDLE_MILLIS = 1 * HOUR
#: Each idle period is this factor longer than the one before ...
DOZE_IDLE_FACTOR = 2
#: ... up to this length.
DOZE_MAX_IDLE_MILLIS = 6 * HOUR
#: The first maintenance window (the device wakes briefly and runs pending jobs) ...
DOZE_FIRST_MAINTENANCE_MILLIS = 5 * MINUTE
#: ... grows by this factor ...
DOZE_MAINTENANCE_FACTOR = 2
#: ... up to this length.
DOZE_MAX_MAINTENANCE_MILLIS = 10 * MINUTE

# --- Light Doze (DeviceIdleController light constants) -------------------------------
# The screen is off on battery but the phone moves ("in a pocket"): Android 7.0+ applies
# the first subset of Doze restrictions (no app network, jobs and syncs deferred; alarms
# and wake locks are left alone) with short idle periods and frequent windows. Defaults
# of Constants in aosp-mirror/platform_frameworks_base apex/jobscheduler/service/java/
# com/android/server/DeviceIdleController.java (commit 01740ef), stepLightIdleStateLocked.
#: On a phone light Doze begins this long after the screen goes off (LIGHT_STATE_INACTIVE) ...
LIGHT_IDLE_AFTER_INACTIVE_MILLIS = 1 * MINUTE  # LIGHT_IDLE_AFTER_INACTIVE_TIMEOUT
#: ... or up to this much later while jobs are still running (LIGHT_STATE_PRE_IDLE).
LIGHT_PRE_IDLE_MILLIS = 3 * MINUTE  # LIGHT_PRE_IDLE_TIMEOUT
#: The first light idle period ...
LIGHT_FIRST_IDLE_MILLIS = 5 * MINUTE  # LIGHT_IDLE_TIMEOUT
#: ... each one this factor longer than the one before ...
LIGHT_IDLE_FACTOR = 2  # LIGHT_IDLE_FACTOR
#: ... up to this length.
LIGHT_MAX_IDLE_MILLIS = 15 * MINUTE  # LIGHT_MAX_IDLE_TIMEOUT
#: A light maintenance window lasts at least its budget's minimum ...
LIGHT_MAINTENANCE_MIN_MILLIS = 1 * MINUTE  # LIGHT_IDLE_MAINTENANCE_MIN_BUDGET
#: ... and at most this: a window that ends early (nothing left to run) saves what it did
#: not use for later windows, up to this cap. SIM: wmkit keeps every window at the
#: minimum, the case of a phone whose windows are used in full.
LIGHT_MAINTENANCE_MAX_MILLIS = 5 * MINUTE  # LIGHT_IDLE_MAINTENANCE_MAX_BUDGET

# --- App Standby buckets: regular jobs (QuotaController) ---------------------------
#: Execution time a regular job may use per window, in every restricted bucket.
ALLOWED_TIME_PER_WINDOW_MILLIS = 10 * MINUTE
#: The rolling window per bucket. "active" is effectively unlimited.
BUCKET_WINDOW_MILLIS: dict[str, int | None] = {
    "active": None,
    "working_set": 2 * HOUR,
    "frequent": 8 * HOUR,
    "rare": 24 * HOUR,
    "restricted": 24 * HOUR,
}
#: Sessions (groups of jobs running together) allowed per window; restricted apps get
#: one a day ("once per day" in the Android docs).
BUCKET_MAX_SESSIONS: dict[str, int | None] = {
    "active": None,
    "working_set": None,
    "frequent": None,
    "rare": None,
    "restricted": 1,
}

#: A job starts only with at least this much quota left (QcConstants IN_QUOTA_BUFFER),
#: so it is not stopped the moment it starts; a running job may use it all.
IN_QUOTA_BUFFER_MILLIS = 30 * SECOND

# --- Expedited jobs (QuotaController EJ defaults) ----------------------------------
#: The rolling window of the expedited-job quota.
EXPEDITED_WINDOW_MILLIS = 24 * HOUR
#: Expedited execution time allowed per rolling 24 h, by bucket.
EXPEDITED_QUOTA_MILLIS: dict[str, int] = {
    "active": 30 * MINUTE,
    "working_set": 30 * MINUTE,
    "frequent": 10 * MINUTE,
    "rare": 10 * MINUTE,
    "restricted": 5 * MINUTE,
}
