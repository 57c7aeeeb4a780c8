"""What happens to the simulated app's process: started from a store, killed for
memory, crashed, force-stopped by the user, opened again.

Each function acts on the engine and records why in a ``restart`` event; the manager's
methods of the same names check the call and save the result. The three ways a process
ends differ on a phone, and the course compares them (lesson 11):

* a low-memory kill or a crash: RUNNING rows back to ENQUEUED (``STOP_REASON_UNKNOWN``),
  the jobs survive, so due work runs again without the user;
* a force stop: the process dies *and* Android cancels the app's jobs and alarms, so
  nothing runs until the user opens the app (ForceStopRunnable then reschedules all).
"""

from __future__ import annotations

import uuid

from ..engine import lifecycle
from ..engine.engine import Engine
from ..enums import stop_reason_name
from ..errors import IllegalStateError
from ..phone.device import apply_device_change, describe_change
from ..storage import StoredState
from ..trace.kinds import EventKind
from ..trace.payloads import AppLife
from .pruning import prune_on_open


def started_from_store(engine: Engine, stored: StoredState) -> None:
    """A new process opened the store: the previous one is gone (RUNNING rows back to
    ENQUEUED) and old finished work is pruned, unless the app is still force-stopped."""
    lifecycle.load_rows(engine, stored.meta, stored.works)
    lifecycle.kill_process(engine)
    if engine.phone.force_stopped:  # the phone still holds it stopped: nothing starts
        engine.emit(EventKind.RESTART, None, (AppLife, "store-stopped"))
    else:
        prune_on_open(engine)
        engine.emit(EventKind.RESTART, None, (AppLife, "store"))


def restarted(engine: Engine, cause: str) -> None:
    """The process died and started again (``cause``: a key of ``APP_LIFE``)."""
    engine.emit(EventKind.RESTART, None, (AppLife, cause))
    lifecycle.kill_process(engine)
    prune_on_open(engine)


def refuse_restart_while_force_stopped(engine: Engine) -> None:
    if engine.phone.force_stopped:
        raise IllegalStateError(
            "restart_app() kills the app's running process, and a force-stopped app has "
            "none: nothing starts it again until the user opens it. Call open_app()."
        )


def refuse_app_code_while_force_stopped(engine: Engine, call: str) -> None:
    if engine.phone.force_stopped:
        raise IllegalStateError(
            f"{call} is the app's own code, and the app is force-stopped: none of its "
            "code runs until the user opens it. Call open_app() first (reading works, "
            "explain() and the clock still work while it is stopped)."
        )


def force_stopped(engine: Engine) -> None:
    """The user force-stopped the app (a second force stop changes nothing: Settings
    greys the button out)."""
    if not engine.phone.force_stopped:
        engine.emit(EventKind.RESTART, None, (AppLife, "force-stopped"))
        lifecycle.force_stop(engine)


def opened(engine: Engine) -> None:
    """The user opened the app: foreground (Doze ends), bucket ``active``; after a force
    stop its process starts and every unfinished work is scheduled again."""
    old = engine.device
    new = apply_device_change(old, {"app_in_foreground": True, "standby_bucket": "active"})
    if new != old:
        engine.set_device(new, describe_change(old, new) + " (the user opened the app)")
    if engine.phone.force_stopped:
        engine.emit(EventKind.RESTART, None, (AppLife, "opened"))
        lifecycle.open_after_force_stop(engine)
        prune_on_open(engine)


def stop_running_work(engine: Engine, work_id: uuid.UUID, reason: int) -> None:
    """``TestDriver.stopRunningWorkWithReason``: the system stops a RUNNING work with
    ``reason`` (its ``on_stopped`` runs; the work is ENQUEUED again)."""
    spec = engine.table.get(work_id)
    run = None if spec is None else engine.run_of(spec)
    if run is None:
        raise IllegalStateError(f"Work with id {work_id} is not running and cannot be stopped.")
    why = f"stopped by TestDriver.stop_running_work_with_reason({stop_reason_name(reason)})"
    engine.running.interrupt(run, reason, why)
