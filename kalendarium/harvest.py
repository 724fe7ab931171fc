"""Run the harvest: crawl every source (kalendarium.crawl in this process, kalendarium.workers
on every core, or kalendarium.scrapyd on other hosts), then publish.

Every source's outcome becomes a `SourceResult`. A source that failed keeps its previous
rows; one that suddenly yields nothing, or would lose more than a fifth of its upcoming
events, is held (see `kalendarium.store`); the others are merged. The whole run holds
`data/harvest.lock`, so two harvests never overlap, and the database is published
atomically by `kalendarium.store.publish`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crawlers import archive
from kalendarium.crawl import HarvestError, ProgressCallback, crawl, plain_error, report_progress
from kalendarium.lock import LockError, harvest_lock
from kalendarium.sources import Source
from kalendarium.store import DEFAULT_KEEP_DAYS, Publication, SourceResult, StoreError, utc_now

LOCK_NAME = "harvest.lock"


@dataclass
class HarvestReport:
    results: list[SourceResult]
    summary: dict
    seconds: float
    # Fetching, parsing and normalising; with worker processes also merging each finished
    # source into the new database while the others are crawled.
    crawl_seconds: float | None = None
    # The rest of building the database (what needs every source: duplicates, search index,
    # checks) and swapping it in.
    publish_seconds: float | None = None

    @property
    def failed(self) -> list[SourceResult]:
        return [result for result in self.results if not result.ok]


def harvest(sources: list[Source], db_path: Path, *, today: date | None = None, horizon_days: int = 365,
            settings: dict | None = None, cache_dir: Path | None = None,
            keep_days: int | None = DEFAULT_KEEP_DAYS,
            on_source_done: ProgressCallback | None = None, workers: int = 1,
            scrapyd: list[str] | None = None) -> HarvestReport:
    """Harvest every enabled source and publish the database; returns per-source results.

    With `workers` > 1 the sources are crawled in that many processes (kalendarium.workers),
    one per core; with `scrapyd` (Scrapyd daemons' URLs) they are crawled as Scrapyd jobs
    spread over those hosts (kalendarium.scrapyd). The database built is the same.

    `on_source_done(result, done, total)` is called as each source finishes (before the
    database is published: the result's new/updated/removed counts are not known yet).
    The next database is opened before crawling (kalendarium.store.Publication): with
    workers, each finished source is merged into it while the others are crawled.
    Raises HarvestError (or LockError) when the run itself cannot be done.
    """
    db_path = Path(db_path)
    with harvest_lock(db_path.parent / LOCK_NAME):
        check_writable(db_path.parent)
        remove_leftovers(db_path)
        began = time.monotonic()
        run_id = utc_now()
        raw_dir = raw_dir_for(db_path)
        settings = {"KALENDARIUM_RAW_DIR": str(raw_dir), **(settings or {})}
        enabled = [source for source in sources if source.enabled]
        options = dict(today=today, horizon_days=horizon_days, settings=settings, cache_dir=cache_dir, run_id=run_id,
                       on_source_done=on_source_done, last_ok=last_ok_sources(db_path, raw_dir))
        rows = [source.as_row() for source in sources]
        with storing(db_path):
            publication = Publication(db_path, sources=rows, run_id=run_id, keep_days=keep_days)
        with publication:
            if scrapyd:
                from kalendarium.scrapyd import crawl_on_scrapyd

                results = crawl_on_scrapyd(enabled, scrapyd, **options)
                waiting = deque(results)
            elif workers > 1 and len(enabled) > 1:
                from kalendarium.workers import crawl_in_workers

                # The coordinator merges each finished source into the new database while the
                # workers crawl the others (it would otherwise wait idle, then do it all at the
                # end). Every result, a dead worker's sources' too, is reported as it comes.
                waiting = deque()
                options["on_source_done"] = lambda result, done, total: (
                    waiting.append(result), report_progress(on_source_done, result, done, total))

                def merge_one() -> bool:
                    if not waiting:
                        return False
                    with storing(db_path):
                        publication.add(waiting.popleft())
                    return True

                results = crawl_in_workers(enabled, min(workers, len(enabled)), while_waiting=merge_one, **options)
            else:
                results = crawl(enabled, **options)
                waiting = deque(results)
            crawled = time.monotonic()
            with storing(db_path):
                while waiting:
                    publication.add(waiting.popleft())
                summary = publication.finish(results)
        for result in results:
            archive.settle(raw_dir, result.source["id"], succeeded=result.ok)
    ended = time.monotonic()
    return HarvestReport(results=results, summary=summary, seconds=ended - began, crawl_seconds=crawled - began,
                         publish_seconds=ended - crawled)


@contextmanager
def storing(db_path: Path):
    """Failures of building the database become a HarvestError in plain words."""
    try:
        yield
    except (sqlite3.Error, OSError, StoreError) as error:
        raise HarvestError(plain_store_error(error, db_path)) from error


def raw_dir_for(db_path: Path) -> Path:
    """Where the raw documents of the last good harvest of each source are kept."""
    return Path(db_path).parent / "raw"


def last_ok_sources(db_path: Path, raw_dir: Path) -> set[str]:
    """Sources whose last harvest succeeded and whose pages are archived: for them an
    unchanged answer (304 Not Modified) means their events stand, without parsing again."""
    if not Path(db_path).exists():
        return set()
    try:
        connection = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
        try:
            rows = connection.execute(
                "select source_id, status from harvest_runs r where id = "
                "(select max(id) from harvest_runs where source_id = r.source_id)").fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return set()
    return {source_id for source_id, status in rows
            if status == "ok" and archive.documents(raw_dir, source_id)}


def plain_store_error(error: BaseException, db_path: Path) -> str:
    """Why the database could not be published, in words a coordinator can act on."""
    unchanged = f"the published database {db_path} is unchanged"
    text = str(error)
    number = getattr(error, "errno", None)
    sqlite_error = getattr(error, "sqlite_errorname", "") or ""
    if number in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) or sqlite_error == "SQLITE_FULL" or "disk is full" in text:
        return f"the disk is full: the new database could not be written in {db_path.parent}/; {unchanged}"
    if sqlite_error.startswith(("SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE")):
        return (f"writing the new database in {db_path.parent}/ failed ({text}): the disk is full or "
                f"failing; {unchanged}")
    if number in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text or "read-only" in text \
            or "unable to open database file" in text:
        return f"{db_path.parent}/ is not writable ({text}); {unchanged}"
    return f"the new database could not be built: {text}; {unchanged}"


def check_writable(folder: Path) -> None:
    """Fail before fetching anything when data/ is read-only or the disk has no room at all."""
    probe = Path(folder) / f".write-probe-{os.getpid()}"
    try:
        with open(probe, "wb") as handle:
            handle.write(b"kalendarium")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            message = f"the disk is full: cannot write in {folder}/ ({reason})"
        else:
            message = f"{folder}/ is not writable ({reason})"
        raise HarvestError(f"{message}; nothing was harvested or published") from error
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def remove_leftovers(db_path: Path) -> None:
    """Temporary databases of a run that was killed (we hold the lock: no one else is building)."""
    for leftover in db_path.parent.glob(f".{db_path.name}.tmp-*"):
        try:
            leftover.unlink()
        except OSError:
            pass


__all__ = ["HarvestError", "HarvestReport", "LockError", "harvest", "crawl", "plain_error"]
