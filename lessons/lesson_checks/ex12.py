"""Checks for lesson 12 (the capstone: a photo-backup pipeline)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from wmkit import (
    BackoffPolicy,
    NetworkType,
    OneTimeWorkRequest,
    State,
    StopReason,
    WorkDescription,
    WorkManager,
)

from ._common import (
    NOT_YET,
    PASSED,
    UNANSWERED,
    Problem,
    Unanswered,
    at,
    call,
    extra_constraints,
    raised_in_run,
    report,
    starts,
    worker_class,
)

_MINUTE = 60_000
_PHOTOS = [("beach.jpg", 2400), ("city.jpg", 3600), ("dog.jpg", 1200)]


# --------------------------------------------------------------------- steps 1 to 3
def check_compress(compress: object) -> None:
    """Step 1: 10 s, ".webp", size / 4; no photo -> failure {"error": "no photo"}."""

    def run() -> str:
        cls = worker_class(compress, "CompressPhoto")
        for photo, size, want in (
            ("beach.jpg", 2400, "beach.webp"),
            ("IMG_7.png", 1001, "IMG_7.webp"),
            ("trip.day1.jpeg", 8, "trip.day1.webp"),
        ):
            wm = WorkManager()
            request = OneTimeWorkRequest(cls, input_data={"photo": photo, "size_kb": size})
            wm.enqueue(request)
            wm.advance(timedelta(seconds=9))
            raised_in_run(wm, request.id, "CompressPhoto")
            state = wm.get_work_info_by_id(request.id).state
            if state is not State.RUNNING:
                raise Problem(f"at 0:09 it is already {state.name}: a run should take 10 seconds.")
            wm.advance(timedelta(seconds=1))
            info = wm.get_work_info_by_id(request.id)
            if info.state is not State.SUCCEEDED:
                raise Problem(f"after 10 s it is {info.state.name}; it should have succeeded.")
            out = info.output_data
            if out.get_string("photo") != want:
                hint = " Replace only the last extension." if photo.count(".") > 1 else ""
                raise Problem(
                    f"for {photo} its output photo is {out.get_string('photo')!r}; "
                    f"expected {want!r}.{hint}"
                )
            if out.get_long("size_kb", -1) != size // 4:
                raise Problem(
                    f"for {size} KB its output size_kb is {out.get('size_kb')!r}; expected "
                    f"{size // 4} (integer division by 4)."
                )
        wm = WorkManager()
        empty = OneTimeWorkRequest(cls)
        wm.enqueue(empty)
        wm.advance(timedelta(minutes=1))
        raised_in_run(wm, empty.id, "CompressPhoto")
        info = wm.get_work_info_by_id(empty.id)
        if info.state is not State.FAILED or info.output_data.get_string("error") != "no photo":
            raise Problem('with no photo in its input it should fail with {"error": "no photo"}.')
        return "10 s per photo, .webp, a quarter of the size, and a clear failure without input."

    report("Step 1", run)


def check_upload(upload: object, server: object) -> None:
    """Step 2: 20 s per photo, totals; server down: retry, give up on the fifth run."""

    def run() -> str:
        cls = worker_class(upload, "UploadBatch")
        if not isinstance(server, dict):
            raise Problem("pass SERVER too: ex12.check_upload(UploadBatch, SERVER).")
        was = server.get("down", False)
        try:
            return _check_upload(cls, server)
        finally:
            server["down"] = was

    report("Step 2", run)


_BATCHES = ((("a.webp", 600), ("b.webp", 300)), (("c.webp", 10), ("d.webp", 20), ("e.webp", 5)))


def _batch_request(cls: type, batch: tuple = _BATCHES[0]) -> OneTimeWorkRequest:
    """A request whose input is what ArrayCreatingInputMerger makes of ``batch``."""
    merged = {"photo": [p for p, _ in batch], "size_kb": [s for _, s in batch]}
    return OneTimeWorkRequest(cls, input_data=merged)


def _check_upload_batch(cls: type, batch: tuple) -> None:
    """With the server up: 20 s per photo, then the count and the total size."""
    wm = WorkManager()
    request = _batch_request(cls, batch)
    wm.enqueue(request)
    took = 20_000 * len(batch)
    wm.advance_to(took - 1_000)
    raised_in_run(wm, request.id, "UploadBatch")
    state = wm.get_work_info_by_id(request.id).state
    if state is not State.RUNNING:
        raise Problem(
            f"with {len(batch)} photos it is {state.name} at {at(took - 1_000)}: it should "
            f"take {took // 1000} s (20 per photo). Set self.duration from the length of the "
            "photo array."
        )
    wm.advance_to(took)
    info = wm.get_work_info_by_id(request.id)
    if info.state is not State.SUCCEEDED:
        raise Problem(
            f"with {len(batch)} photos and the server up it is {info.state.name} at "
            f"{at(took)}; it should succeed after {took // 1000} s."
        )
    out = info.output_data
    total = sum(size for _, size in batch)
    if out.get_long("uploaded", -1) != len(batch) or out.get_long("size_kb", -1) != total:
        raise Problem(
            f"for photos {[p for p, _ in batch]} of {[s for _, s in batch]} KB the output is "
            f"{out!r}; expected uploaded = {len(batch)} and size_kb = {total}. Read them with "
            "get_string_array and get_long_array: the merger made arrays."
        )


_KEPT_COUNT = (
    "UploadBatch counts its runs itself, in a class or module variable: every UploadBatch "
    "shares that count, and on a phone the process death erases it. Decide from "
    "self.run_attempt_count."
)


def _runs_with_the_server_down(cls: type, how_many: int) -> tuple[WorkManager, list]:
    wm = WorkManager()
    requests = [_batch_request(cls) for _ in range(how_many)]
    wm.enqueue(requests)
    wm.advance(timedelta(hours=3))
    for request in requests:
        raised_in_run(wm, request.id, "UploadBatch")
    return wm, requests


def _check_server_back_for_the_fifth_run(cls: type, server: dict) -> None:
    """Four runs with the server down, then the server back: the fifth run succeeds."""
    server["down"] = True
    wm = WorkManager()
    request = _batch_request(cls)
    wm.enqueue(request)
    for _ in range(100):  # one step per start or result; four retries need about ten
        state = wm.get_work_info_by_id(request.id).state
        if len(starts(wm, request.id)) >= 4 and state is not State.RUNNING:
            break
        wm.step()
    raised_in_run(wm, request.id, "UploadBatch")
    server["down"] = False
    wm.advance(timedelta(hours=1))
    raised_in_run(wm, request.id, "UploadBatch")
    info = wm.get_work_info_by_id(request.id)
    if info.state is not State.SUCCEEDED:
        raise Problem(
            "the server was down for four runs and back for the fifth, yet the upload is "
            f'{info.state.name}: give up only while SERVER["down"]. run_attempt_count also '
            "counts runs the phone stopped (a lost network, Doze), not only the server's "
            "refusals."
        )


def _check_upload(cls: type, server: dict) -> str:
    server["down"] = False
    for batch in _BATCHES:
        _check_upload_batch(cls, batch)
    server["down"] = True
    wm, [request] = _runs_with_the_server_down(cls, 1)
    info = wm.get_work_info_by_id(request.id)
    runs = len(starts(wm, request.id))
    if info.state is State.SUCCEEDED:
        raise Problem('with SERVER["down"] it still succeeded: check SERVER["down"] first.')
    if info.state is State.ENQUEUED:
        raise Problem(
            f"with the server down it is still retrying after {runs} runs: give up with "
            "Result.failure(...) when self.run_attempt_count reaches 4."
        )
    if runs != 5:
        raise Problem(
            f"with the server down it ran {runs} time(s) before failing; it should run 5 times "
            "(run_attempt_count is 0 on the first run)."
        )
    if info.output_data.get_string("error") != "server down":
        raise Problem('it gives up, but its failure output should be {"error": "server down"}.')
    wm, pair = _runs_with_the_server_down(cls, 2)
    counts = [len(starts(wm, r.id)) for r in pair]
    if counts != [5, 5]:
        raise Problem(
            f"alone it is right, but two UploadBatch works with the server down ran "
            f"{counts[0]} and {counts[1]} times; each should run 5 times. {_KEPT_COUNT}"
        )
    _check_server_back_for_the_fifth_run(cls, server)
    return (
        "20 s per photo with correct totals; with the server down, four retries, then "
        "FAILED (two batches at once too); a fifth run with the server back succeeds."
    )


def check_notify(notify: object) -> None:
    """Step 3: {"uploaded": n} -> {"message": "n photos backed up"}."""

    def run() -> str:
        cls = worker_class(notify, "NotifyUser")
        for n in (3, 12):
            wm = WorkManager()
            request = OneTimeWorkRequest(cls, input_data={"uploaded": n})
            wm.enqueue(request)
            wm.advance(timedelta(0))
            raised_in_run(wm, request.id, "NotifyUser")
            info = wm.get_work_info_by_id(request.id)
            if info.state is not State.SUCCEEDED:
                raise Problem(f"it is {info.state.name} right away; it should succeed at once.")
            message = info.output_data.get_string("message")
            if message != f"{n} photos backed up":
                raise Problem(
                    f"for uploaded = {n} the message is {message!r}; "
                    f'expected "{n} photos backed up".'
                )
        return "it tells the user how many photos were backed up."

    report("Step 3", run)


# --------------------------------------------------------------------- step 4
def _short(description: WorkDescription) -> str:
    return description.short_name


def _enqueue(enqueue_backup: Callable, wm: WorkManager, photos: list) -> list[WorkDescription]:
    before = {d.id for d in wm.describe_works()}
    call(enqueue_backup, wm, photos, what="enqueue_backup")
    return [d for d in wm.describe_works() if d.id not in before]


def _structure(
    works: list[WorkDescription], count: int = len(_PHOTOS)
) -> tuple[list, WorkDescription, WorkDescription]:
    if not works:
        raise Problem("enqueue_backup enqueued nothing: end the chain with `.enqueue()`.")
    compress = [d for d in works if _short(d) == "CompressPhoto"]
    uploads = [d for d in works if _short(d) == "UploadBatch"]
    notifies = [d for d in works if _short(d) == "NotifyUser"]
    if len(compress) != count:
        raise Problem(
            f"for {count} photo(s) it enqueued {len(compress)} CompressPhoto works; one per photo."
        )
    if len(uploads) != 1 or len(notifies) != 1:
        raise Problem(
            f"it enqueued {len(uploads)} UploadBatch and {len(notifies)} NotifyUser works; "
            "one of each."
        )
    return compress, uploads[0], notifies[0]


def check_pipeline(enqueue_backup: object, server: object) -> None:
    """Step 4: the chain, its merger, constraints, backoff, tags and unique policy."""

    def run() -> str:
        if not isinstance(server, dict):
            raise Problem("pass SERVER too: ex12.check_pipeline(enqueue_backup, SERVER).")
        was = server.get("down", False)
        try:
            return _check_pipeline(enqueue_backup, server)
        finally:
            server["down"] = was

    report("Step 4", run)


def _check_pipeline(enqueue_backup: object, server: dict) -> str:
    server["down"] = False
    wm = WorkManager()
    works = _enqueue(enqueue_backup, wm, _PHOTOS)
    compress, upload, notify = _structure(works)
    inputs = sorted(
        (d.input_data.get_string("photo"), d.input_data.get_long("size_kb")) for d in compress
    )
    if inputs != sorted(_PHOTOS):
        raise Problem(
            f"the CompressPhoto inputs are {inputs}; each should get one photo and its size_kb."
        )
    if any(d.prerequisites for d in compress):
        raise Problem("the CompressPhoto works should start the chain, in parallel.")
    if set(upload.prerequisites) != {d.id for d in compress}:
        raise Problem(
            "UploadBatch should wait for every CompressPhoto: `.then(upload)` after the list."
        )
    if not upload.input_merger_name.endswith("ArrayCreatingInputMerger"):
        raise Problem(
            "UploadBatch keeps the default merger, so it would see one photo only: "
            "`.set_input_merger(ArrayCreatingInputMerger)`."
        )
    c = upload.constraints
    if c.required_network_type is not NetworkType.UNMETERED or not c.requires_battery_not_low:
        raise Problem("UploadBatch needs an UNMETERED network and the battery not low.")
    extra = extra_constraints(c, "required_network_type", "requires_battery_not_low")
    if extra:
        raise Problem(f"UploadBatch: {extra}")
    if (
        upload.backoff_policy is not BackoffPolicy.EXPONENTIAL
        or upload.backoff_delay_millis != _MINUTE
    ):
        raise Problem(
            "UploadBatch should back off EXPONENTIAL from 1 minute (set_backoff_criteria)."
        )
    if set(notify.prerequisites) != {upload.id}:
        raise Problem("NotifyUser should run after UploadBatch, and only after it.")
    untagged = [_short(d) for d in works if "backup" not in d.tags]
    if untagged:
        raise Problem(f'tag every request "backup" ({", ".join(sorted(set(untagged)))} lacks it).')
    names = {d.unique_name for d in works}
    if names != {"photo-backup"}:
        raise Problem(
            f'every work should be unique work "photo-backup"; found {sorted(map(str, names))}.'
        )
    wm.advance(timedelta(minutes=10))
    for d in works:
        raised_in_run(wm, d.id, _short(d))
    message = wm.get_work_info_by_id(notify.id).output_data.get_string("message")
    if wm.get_work_info_by_id(notify.id).state is not State.SUCCEEDED:
        raise Problem(
            "on a good day the chain did not finish within 10 minutes; check steps 1 to 3."
        )
    _check_policy(enqueue_backup, server)
    return f'the chain is right, and on a good day the user reads "{message}".'


def _check_policy(enqueue_backup: object, server: dict) -> None:
    wm = WorkManager()
    first = _enqueue(enqueue_backup, wm, _PHOTOS[:1])
    second = _enqueue(enqueue_backup, wm, _PHOTOS[1:2])
    if not second:
        raise Problem(
            "a second batch enqueued while the first is pending was dropped (KEEP?): the new "
            "photos must be backed up too, after the first batch."
        )
    if any(wm.get_work_info_by_id(d.id) is None for d in first):
        raise Problem(
            "a second batch replaced the first one (REPLACE?): the first batch's photos were "
            "never backed up. The new batch should run after it."
        )
    second_roots = [d for d in second if _short(d) == "CompressPhoto"]
    if any(wm.get_work_info_by_id(d.id).state is not State.BLOCKED for d in second_roots):
        raise Problem("the second batch does not wait for the first: append it to the unique work.")
    server["down"] = True
    wm = WorkManager()
    _enqueue(enqueue_backup, wm, _PHOTOS[:1])
    wm.advance(timedelta(hours=3))
    server["down"] = False
    later = _enqueue(enqueue_backup, wm, _PHOTOS[2:])
    wm.advance(timedelta(minutes=10))
    notify = next(d for d in later if _short(d) == "NotifyUser")
    if wm.get_work_info_by_id(notify.id).state is not State.SUCCEEDED:
        raise Problem(
            "after a batch failed for good, the next batch failed at once too (APPEND?): it "
            "inherited the failure. Choose the policy that starts fresh after a failure."
        )


# --------------------------------------------------------------------- the day in the life
class _Story:
    """One day-in-the-life story: set the phone, enqueue, drive the clock, judge."""

    def __init__(self, enqueue_backup: Callable, server: dict) -> None:
        self.enqueue_backup = enqueue_backup
        self.server = server
        self.wm = WorkManager()

    def enqueue(self, photos: list = _PHOTOS) -> dict[str, uuid.UUID]:
        works = _enqueue(self.enqueue_backup, self.wm, photos)
        _, upload, notify = _structure(works, len(photos))
        return {"upload": upload.id, "notify": notify.id}

    def state(self, work_id: uuid.UUID) -> State | None:
        info = self.wm.get_work_info_by_id(work_id)
        return None if info is None else info.state

    def done(self, ids: dict[str, uuid.UUID]) -> bool:
        return self.state(ids["notify"]) is State.SUCCEEDED


def _normal(story: _Story) -> str | None:
    ids = story.enqueue()
    story.wm.advance(timedelta(minutes=5))
    if not story.done(ids):
        return "the backup did not finish within 5 minutes on a good day"
    return None


def _wifi_lost(story: _Story) -> str | None:
    ids = story.enqueue()
    story.wm.advance(timedelta(seconds=30))
    story.wm.set_device(network="cellular")
    story.wm.advance(timedelta(minutes=5))
    stops = [
        e
        for e in story.wm.trace
        if e.work_id == ids["upload"]
        and e.kind == "stopped"
        and e.detail.startswith(StopReason.CONSTRAINT_CONNECTIVITY.name)
    ]
    if story.done(ids) or not stops:
        return "the upload went on over cellular data: it needs an UNMETERED network"
    story.wm.set_device(network="wifi")
    story.wm.advance(timedelta(minutes=10))
    return None if story.done(ids) else "after wifi came back the backup did not finish"


def _battery_low(story: _Story) -> str | None:
    story.wm.set_device(charging=False, battery_low=True)
    ids = story.enqueue()
    story.wm.advance(timedelta(minutes=10))
    if starts(story.wm, ids["upload"]):
        return "the upload ran with the battery low"
    story.wm.set_device(battery_low=False)
    story.wm.advance(timedelta(minutes=10))
    return None if story.done(ids) else "once the battery was fine the backup did not finish"


def _server_blip(story: _Story) -> str | None:
    story.server["down"] = True
    ids = story.enqueue()
    story.wm.advance(timedelta(minutes=2))
    story.server["down"] = False
    story.wm.advance(timedelta(minutes=30))
    if not story.done(ids):
        return "after a two-minute server outage the backup never finished: retry, do not fail"
    return None


def _server_gone(story: _Story) -> str | None:
    story.server["down"] = True
    ids = story.enqueue()
    story.wm.advance(timedelta(hours=3))
    if story.state(ids["upload"]) is not State.FAILED:
        return "with the server down for good the upload never gave up"
    story.server["down"] = False
    later = story.enqueue(_PHOTOS[:1])
    story.wm.advance(timedelta(minutes=10))
    return None if story.done(later) else "the batch after a failed one never ran"


def _killed(story: _Story) -> str | None:
    ids = story.enqueue()
    story.wm.advance(timedelta(seconds=30))
    story.wm.restart_app()
    story.wm.advance(timedelta(minutes=10))
    if not story.done(ids):
        return "after the app was killed mid-upload the backup did not finish"
    return None


#: Four photos: the upload takes 80 s, longer than any of light Doze's 1-minute windows.
_POCKET_PHOTOS = [*_PHOTOS, ("cake.jpg", 2000)]


def _pocket(story: _Story) -> str | None:
    """Fifty minutes in a pocket (light Doze, on wifi): the compressions run in the first
    window, the upload is cut off at the end of each; out of the pocket it must finish."""
    story.wm.set_device(charging=False, doze="light")
    ids = story.enqueue(_POCKET_PHOTOS)
    story.wm.advance(timedelta(minutes=50))
    stops = [
        e
        for e in story.wm.trace
        if e.work_id == ids["upload"]
        and e.kind == "stopped"
        and e.detail.startswith(StopReason.DEVICE_STATE.name)
    ]
    if story.done(ids):
        return (
            "the backup finished inside 1-minute light Doze windows: the upload of 4 photos "
            "should take 80 s (20 s per photo)"
        )
    if not stops:
        return "the upload never ran in a light Doze window; the compressions should feed it"
    story.wm.set_device(doze=False)  # out of the pocket, the screen on
    story.wm.advance(timedelta(minutes=5))
    if story.state(ids["upload"]) is State.FAILED:
        return (
            f"light Doze stopped the upload at the end of {len(stops)} windows, and once out "
            "of the pocket it gave up although the server was up: each stop counts in "
            'run_attempt_count, so give up only while SERVER["down"]'
        )
    return None if story.done(ids) else "out of the pocket the backup did not finish"


def _doze(story: _Story) -> str | None:
    story.wm.set_device(charging=False, doze=True)
    ids = story.enqueue()
    story.wm.advance(timedelta(minutes=59))
    if any(e.kind == "started" for e in story.wm.trace):
        return "something ran during Doze's first idle hour"
    story.wm.advance(timedelta(minutes=6))
    return None if story.done(ids) else "the backup did not finish in the first maintenance window"


_STORIES = (
    ("a normal backup", _normal),
    ("wifi lost mid-upload", _wifi_lost),
    ("battery low", _battery_low),
    ("the server down for two minutes", _server_blip),
    ("the server down for good, then a new batch", _server_gone),
    ("the app killed mid-upload", _killed),
    ("fifty minutes in a pocket (light Doze)", _pocket),
    ("a night in Doze", _doze),
)


def check_day_in_the_life(enqueue_backup: object, server: object) -> None:
    """The final check: eight stories on fresh phones; one line each."""
    title = "Day in the life"
    if not isinstance(server, dict):
        print(
            f"{NOT_YET} {title}: pass SERVER too: "
            "ex12.check_day_in_the_life(enqueue_backup, SERVER)."
        )
        return
    was = server.get("down", False)
    lines, passed = [], 0
    try:
        for label, story in _STORIES:
            server["down"] = False
            try:
                trouble = story(_Story(enqueue_backup, server))
            except Unanswered as missing:
                print(f"{UNANSWERED} {title}: not answered yet: {missing} (steps 1 to 4 first).")
                return
            except Problem as problem:
                trouble = str(problem)
            except Exception as error:
                trouble = f"{type(error).__name__}: {error}"
            if trouble is None:
                passed += 1
                lines.append(f"  {PASSED} {label}")
            else:
                lines.append(f"  {NOT_YET} {label}: {trouble.rstrip('.')}.")
    finally:
        server["down"] = was
    if passed == len(_STORIES):
        print(f"{PASSED} {title}: your pipeline survives all {passed} stories. Ship it!")
    else:
        print(f"{NOT_YET} {title}: {passed} of {len(_STORIES)} stories survived; not quite yet.")
    print("\n".join(lines))


__all__ = [
    "check_compress",
    "check_day_in_the_life",
    "check_notify",
    "check_pipeline",
    "check_upload",
]
