"""Run the harvest: one Scrapy crawler per source, all in one process, then publish.

Every source's outcome becomes a `SourceResult`. A source that failed keeps its previous
rows; one that suddenly yields nothing, or would lose more than a fifth of its upcoming
events, is held (see `kalendarium.store`); the others are merged. The whole run holds
`data/harvest.lock`, so two harvests never overlap, and the database is published
atomically by `kalendarium.store.publish`.
"""

from __future__ import annotations

import errno
from collections import deque
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers import archive
from crawlers import settings as default_settings
from crawlers.spiders import SPIDERS
from kalendarium.lock import LockError, harvest_lock
from kalendarium.sources import Source
from kalendarium.store import DEFAULT_KEEP_DAYS, SourceResult, StoreError, publish, utc_now

LOCK_NAME = "harvest.lock"


class HarvestError(RuntimeError):
    """The run itself failed (lock held, data/ not writable, disk full…); nothing was published."""


@dataclass
class HarvestReport:
    results: list[SourceResult]
    summary: dict
    seconds: float
    crawl_seconds: float | None = None  # fetching, parsing and normalising
    publish_seconds: float | None = None  # building and swapping in the database

    @property
    def failed(self) -> list[SourceResult]:
        return [result for result in self.results if not result.ok]


def scrapy_settings(overrides: dict | None = None, cache_dir: Path | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    if cache_dir is not None:
        settings.set("HTTPCACHE_DIR", str(Path(cache_dir).resolve()), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


ProgressCallback = Callable[[SourceResult, int, int], None]


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
        if scrapyd:
            from kalendarium.scrapyd import crawl_on_scrapyd

            results = crawl_on_scrapyd(enabled, scrapyd, **options)
        elif workers > 1 and len(enabled) > 1:
            from kalendarium.workers import crawl_in_workers

            results = crawl_in_workers(enabled, min(workers, len(enabled)), **options)
        else:
            results = crawl(enabled, **options)
        crawled = time.monotonic()
        try:
            summary = publish(db_path, results, sources=[source.as_row() for source in sources], run_id=run_id,
                              keep_days=keep_days)
        except (sqlite3.Error, OSError, StoreError) as error:
            raise HarvestError(plain_store_error(error, db_path)) from error
        for result in results:
            archive.settle(raw_dir, result.source["id"], succeeded=result.ok)
    ended = time.monotonic()
    return HarvestReport(results=results, summary=summary, seconds=ended - began, crawl_seconds=crawled - began,
                         publish_seconds=ended - crawled)


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


def crawl(sources: list[Source], *, today: date | None, horizon_days: int, settings: dict | None,
          cache_dir: Path | None, run_id: str, on_source_done: ProgressCallback | None = None,
          last_ok: set[str] = frozenset()) -> list[SourceResult]:
    """Run one crawler per source in this process; never raises for a source's failure.

    At most KALENDARIUM_PARALLEL_SOURCES crawlers run at once: when one ends, however it
    ends, its result is kept, the crawler is let go and the next source starts, so memory
    stays flat however many sources there are (beyond their records).
    """
    process = CrawlerProcess(scrapy_settings(settings, cache_dir))
    quiet_duplicate_reports()
    running: dict[str, object] = {}
    results: dict[str, SourceResult] = {}
    opened: dict[str, float] = {}
    waiting = deque(sources)

    def finish(source: Source):
        crawler = running.pop(source.id, None)
        if crawler is None or source.id in results:
            return
        result = result_of(source, crawler, run_id)
        result.seconds = time.monotonic() - opened[source.id] if source.id in opened else None
        results[source.id] = result
        if on_source_done is not None:
            try:
                on_source_done(result, len(results), len(sources))
            except Exception:  # a progress display never stops the harvest
                logging.getLogger(__name__).exception("progress display failed")

    def start_next(outcome=None):
        if not waiting:
            return outcome
        source = waiting.popleft()
        crawler = process.create_crawler(SPIDERS[source.kind])
        running[source.id] = crawler
        crawler.signals.connect(lambda spider: opened.setdefault(source.id, time.monotonic()),
                                signal=signals.spider_opened, weak=False)
        crawler.signals.connect(lambda spider, reason: finish(source), signal=signals.spider_closed, weak=False)
        ended = process.crawl(crawler, source=source, today=today, horizon_days=horizon_days,
                              skip_unchanged=source.id in last_ok)
        ended.addBoth(lambda outcome: (finish(source), start_next(outcome))[1])
        return outcome

    for _ in range(max(1, process.settings.getint("KALENDARIUM_PARALLEL_SOURCES", 64))):
        start_next()
    if running:
        process.start()
    for source in sources:  # a crawler that never reported: read what it has
        finish(source)
    return [results.get(source.id) or SourceResult(source=source.as_row(), error="the spider did not start",
                                                    started=run_id, finished=utc_now())
            for source in sources]


def quiet_duplicate_reports() -> None:
    """Download failures are reported once, by the spider's errback, in plain words."""
    for name in ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry",
                 "scrapy.core.scraper"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def result_of(source: Source, crawler, run_id: str) -> SourceResult:
    """The source's outcome (see SourceSpider.outcome), with its records unless it failed."""
    spider = crawler.spider
    if spider is None:
        return SourceResult(source=source.as_row(), error="the spider did not start", started=run_id,
                            finished=utc_now())
    return result_from_outcome(source, spider.outcome(), spider.records, run_id)


def result_from_outcome(source: Source, outcome: dict, records: list[dict], run_id: str) -> SourceResult:
    error = plain_error(outcome["error"])
    return SourceResult(
        source=source.as_row(), records=list(records) if error is None else [], error=error,
        started=outcome.get("started") or run_id, finished=outcome.get("finished") or utc_now(),
        problems=[plain_error(problem) for problem in outcome.get("problems", [])],
        unchanged=bool(outcome.get("unchanged")) and error is None,
    )


# Download failures the spiders pass on in Scrapy's or Twisted's words, in plain words.
# (crawlers.spiders.base.describe_failure already says "the page answered 404", "no answer in
# time", "the host name cannot be found"; the parsers say "the calendar file is cut off …".)
PLAIN_WORDS = [
    (re.compile(r"Connection was refused|Connection refused", re.I), "the site refused the connection (is it down?)"),
    (re.compile(r"No route to host|Network is unreachable", re.I), "the site cannot be reached"),
    (re.compile(r"max redirections reached|redirect(?:ed)? too many times", re.I),
     "the page redirects in a loop (too many redirections)"),
    (re.compile(r"larger than download max size|exceeds? (?:the )?(?:download )?max ?size|maxsize", re.I),
     "the answer is too large (over the download size limit)"),
    (re.compile(r"User timeout caused connection failure|took longer than|timed? ?out", re.I), "no answer in time"),
    (re.compile(r"ResponseNeverReceived|Connection was closed cleanly|ConnectionDone|ConnectionLost|"
                r"connection to the other side was lost", re.I),
     "the site closed the connection without a complete answer"),
    (re.compile(r"SSL|certificate|TLS", re.I), "the site's secure connection (certificate) failed"),
    (re.compile(r"Forbidden by robots\.txt", re.I), "the site's robots.txt does not allow us to read the page"),
]


def plain_error(message: str | None) -> str | None:
    """Keep the spiders' plain words; translate library messages. The url stays in front."""
    if not message:
        return message
    url, sep, rest = message.partition(": ") if re.match(r"^[a-z]+://\S+: ", message) else ("", "", message)
    if any(rest.startswith(words) for _, words in PLAIN_WORDS):
        return message
    for pattern, words in PLAIN_WORDS:
        if pattern.search(rest):
            return f"{url}{sep}{words}"
    return message


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
