"""The workers the scenarios run, defined at module level.

A stored work remembers its worker by qualified name (``wmkit.scenarios.workers.Upload``);
because these classes live in an importable module, a scenario loaded from a store file
finds them again after a restart, with no cell to re-run. Each one takes a fixed, short
amount of virtual time, so every instant in a scenario is exact.
"""

from __future__ import annotations

from datetime import timedelta

from ..work.data import Data
from ..work.worker import CoroutineWorker, Result, Worker


# ----------------------------------------------------------------- chains and merging
class DownloadPhoto(Worker):
    """Downloads ``photo`` (``size_kb`` KB at 100 KB/s) and outputs its name and size."""

    def do_work(self) -> Result:
        size_kb = self.input_data.get_long("size_kb", 1000)
        self.duration = timedelta(seconds=size_kb // 100)  # type: ignore[misc]  # per run
        photo = self.input_data.get_string("photo", "photo.jpg")
        return Result.success(Data({"photo": photo, "size_kb": size_kb}))


class MakeAlbum(Worker):
    """Collects every ``photo`` of its input into an album (5 s).

    Meant for ``ArrayCreatingInputMerger``: it reads ``photo`` and ``album`` as arrays.
    """

    duration = timedelta(seconds=5)

    def do_work(self) -> Result:
        photos = self.input_data.get_string_array("photo") or []
        album = (self.input_data.get_string_array("album") or ["Untitled"])[0]
        return Result.success(Data({"album": album, "photos": list(photos)}))


class PickCover(Worker):
    """Uses the single ``photo`` string of its input as the album cover (5 s)."""

    duration = timedelta(seconds=5)

    def do_work(self) -> Result:
        return Result.success(Data({"cover": self.input_data.get_string("photo", "none")}))


class Prepare(Worker):
    """Prepares an upload (10 s)."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success(Data({"file": "report.pdf"}))


class Resize(Worker):
    """Makes a small preview (20 s)."""

    duration = timedelta(seconds=20)

    def do_work(self) -> Result:
        return Result.success(Data({"preview": "report-small.png"}))


class Upload(Worker):
    """Uploads the file (60 s)."""

    duration = timedelta(seconds=60)

    def do_work(self) -> Result:
        return Result.success(Data({"url": "https://example.com/report.pdf"}))


class Notify(Worker):
    """Tells the user it is done (5 s)."""

    duration = timedelta(seconds=5)

    def do_work(self) -> Result:
        return Result.success()


# ----------------------------------------------------------------- retries and failures
class FlakyUpload(Worker):
    """Asks for a retry until its fifth run (5 s per run), then succeeds.

    It reads ``run_attempt_count``, the count *before* this run: 0 on the first run.
    """

    duration = timedelta(seconds=5)

    def do_work(self) -> Result:
        if self.run_attempt_count < 4:
            return Result.retry()
        return Result.success(Data({"attempts": self.run_attempt_count + 1}))


class FetchChanges(Worker):
    """Fetches changes from the server (10 s); fails while input ``server`` is ``"down"``."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        if self.input_data.get_string("server") == "down":
            return Result.failure(Data({"error": "HTTP 503 from the server"}))
        return Result.success(Data({"changes": 12}))


class ApplyChanges(Worker):
    """Applies the fetched changes to the local database (10 s)."""

    duration = timedelta(seconds=10)

    def do_work(self) -> Result:
        return Result.success(Data({"applied": self.input_data.get_long("changes")}))


class RefreshFeed(Worker):
    """Refreshes the news feed (2 min)."""

    duration = timedelta(minutes=2)

    def do_work(self) -> Result:
        return Result.success(Data({"stories": 25}))


# ----------------------------------------------------------------- the device
class UploadVideo(CoroutineWorker):
    """Uploads a video in four 45-second chunks, publishing progress after each."""

    async def do_work(self) -> Result:
        for chunk in range(4):
            await self.sleep(timedelta(seconds=45))
            await self.set_progress(Data({"percent": (chunk + 1) * 25}))
        return Result.success(Data({"url": "https://example.com/video.mp4"}))


class SyncNews(Worker):
    """Syncs the news (2 min): the periodic worker of the flex-window scenario."""

    duration = timedelta(minutes=2)

    def do_work(self) -> Result:
        return Result.success()


class IndexPhotos(Worker):
    """Indexes the photo library (8 min): long enough to be cut off by Doze."""

    duration = timedelta(minutes=8)

    def do_work(self) -> Result:
        return Result.success()


class SyncFeed(Worker):
    """A one-minute periodic sync."""

    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


class BackupPhotos(Worker):
    """Backs photos up (3 min); enqueued with an unmetered-network constraint."""

    duration = timedelta(minutes=3)

    def do_work(self) -> Result:
        return Result.success()


class SendChat(Worker):
    """Sends a chat message (1 min): the expedited work of the Doze scenarios."""

    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


class SyncChats(Worker):
    """Syncs every chat (8 min), expedited."""

    duration = timedelta(minutes=8)

    def do_work(self) -> Result:
        return Result.success()


class FetchNewsletter(Worker):
    """Fetches the newsletter (1 min): ordinary, non-expedited work."""

    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


class UploadPhoto(Worker):
    """Uploads one photo (4 min)."""

    duration = timedelta(minutes=4)

    def do_work(self) -> Result:
        return Result.success()


class Ping(Worker):
    """Tells the server the app is alive (1 min)."""

    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success()


# ----------------------------------------------------------------- process death
class DownloadMap(Worker):
    """Downloads an offline map (5 min); it sees how many runs came before this one."""

    duration = timedelta(minutes=5)

    def do_work(self) -> Result:
        return Result.success(Data({"tiles": 512, "earlier_runs": self.run_attempt_count}))


class BuildTiles(Worker):
    """Builds map tiles from the download (1 min)."""

    duration = timedelta(minutes=1)

    def do_work(self) -> Result:
        return Result.success(Data({"built": self.input_data.get_long("tiles")}))
