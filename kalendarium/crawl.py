"""Crawl sources in this process: a few Scrapy crawlers at a time, a few sources in each.

`crawl` is the harvest's in-process runner; `kalendarium.workers` runs it in one process per
core and `kalendarium.scrapyd` replaces it with Scrapyd jobs. Each source's outcome becomes a
`SourceResult` with plain words for what went wrong; nothing here raises for one source.
"""

from __future__ import annotations

import gc
import logging
import re
import time
from collections import deque
from datetime import date
from pathlib import Path
from typing import Callable

from kalendarium.sources import Source
from kalendarium.store import SourceResult, utc_now


class HarvestError(RuntimeError):
    """The run itself failed (lock held, data/ not writable, disk full…); nothing was published."""


def scrapy_settings(overrides: dict | None = None, cache_dir: Path | None = None):
    """The project's Scrapy settings (crawlers/settings.py) with this run's overrides."""
    from scrapy.settings import Settings

    from crawlers import settings as default_settings

    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    if cache_dir is not None:
        settings.set("HTTPCACHE_DIR", str(Path(cache_dir).resolve()), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


ProgressCallback = Callable[[SourceResult, int, int], None]


def crawl(sources: list[Source], *, today: date | None, horizon_days: int, settings: dict | None,
          cache_dir: Path | None, run_id: str, on_source_done: ProgressCallback | None = None,
          last_ok: set[str] = frozenset()) -> list[SourceResult]:
    """Crawl the sources in this process; never raises for a source's failure.

    The sources share crawlers KALENDARIUM_SOURCES_PER_CRAWLER at a time (each keeps its own
    spider: crawlers/spiders/batch.py), and about KALENDARIUM_PARALLEL_SOURCES sources are
    crawled at once: when a crawler ends, however it ends, its sources' results are kept,
    the crawler is let go and the next sources start, so memory stays flat however many
    sources there are (beyond their records).
    """
    # Scrapy and the spiders are imported here, not with the module: the harvest's coordinator
    # uses the rest of it, and with worker processes it never crawls; its start (and with it
    # the workers') is a second and a half sooner without them.
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawlers.spiders.batch import SourcesSpider

    leave_loaded_objects_out_of_collections()
    process = CrawlerProcess(scrapy_settings(settings, cache_dir))
    quiet_duplicate_reports()
    per_crawler = max(1, process.settings.getint("KALENDARIUM_SOURCES_PER_CRAWLER", 16))
    at_once = max(1, process.settings.getint("KALENDARIUM_PARALLEL_SOURCES", 64) // per_crawler)
    waiting = deque(sources[index:index + per_crawler] for index in range(0, len(sources), per_crawler))
    results: dict[str, SourceResult] = {}

    def finish(batch: list[Source], spider) -> None:
        for source in batch:
            if source.id not in results:
                results[source.id] = result_of(source, spider, run_id)
                report_progress(on_source_done, results[source.id], len(results), len(sources))

    def start_next(outcome=None):
        if not waiting:
            return outcome
        batch = waiting.popleft()
        crawler = process.create_crawler(SourcesSpider)
        # Scrapy's signal registry is global and this receiver is held strongly (weak=False):
        # it gets the spider as an argument and must not hold the crawler, or every finished
        # crawler, with its sources' records, would stay in memory until the harvest ends.
        crawler.signals.connect(lambda spider, reason: finish(batch, spider), signal=signals.spider_closed, weak=False)
        ended = process.crawl(crawler, sources=batch, today=today, horizon_days=horizon_days,
                              unchanged_before={source.id for source in batch} & set(last_ok))
        ended.addBoth(lambda outcome: (finish(batch, crawler.spider), start_next(outcome))[1])
        return outcome

    for _ in range(at_once):
        start_next()
    try:
        if sources:
            process.start()
    finally:
        gc.unfreeze()
    return [results.get(source.id) or result_of(source, None, run_id) for source in sources]


def leave_loaded_objects_out_of_collections() -> None:
    """For the crawl (`crawl` lets go with gc.unfreeze when it ends): what is loaded so far
    (Scrapy, Twisted, the spiders and parsers) is left out of the cyclic collector's scans
    (gc.freeze). Python's full collections walked all of it again and again: in a crawl of 40
    CMS event listings (2,080 pages) the collections took 1.17 s of 6.7 s of CPU, 0.64 s with
    this (measured with gc.callbacks). Collecting young objects less often was cheaper still,
    but every response, parsed tree and item waiting in a reference cycle then waits longer:
    240 instead of 135 MB a worker at 1,000 sources."""
    gc.freeze()


def report_progress(on_source_done: ProgressCallback | None, result: SourceResult, done: int, total: int) -> None:
    """Tell the progress display (if any) that a source is done; it never stops the harvest."""
    if on_source_done is None:
        return
    try:
        on_source_done(result, done, total)
    except Exception:
        logging.getLogger(__name__).exception("progress display failed")


def quiet_duplicate_reports() -> None:
    """Download failures are reported once, by the spider's errback, in plain words."""
    for name in ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry",
                 "scrapy.core.scraper"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def result_of(source: Source, crawl_spider, run_id: str) -> SourceResult:
    """The source's outcome (see SourceSpider.outcome) in the crawl of `crawl_spider` (a
    SourcesSpider, or None if the crawl never started), with its records unless it failed."""
    spider = crawl_spider.spider_for(source.id) if crawl_spider is not None else None
    if spider is None:
        why = getattr(crawl_spider, "not_started", {}).get(source.id, "the spider did not start")
        return SourceResult(source=source.as_row(), error=why, started=run_id, finished=utc_now())
    result = result_from_outcome(source, spider.outcome(), spider.records, run_id)
    if spider.started_at is not None:
        result.seconds = (spider.finished_at or time.monotonic()) - spider.started_at
    return result


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
    (re.compile(r"Name or service not known|nodename nor servname|getaddrinfo failed|"
                r"Temporary failure in name resolution|No address associated with hostname", re.I),
     "the host name cannot be found (is the address right?)"),
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


SPIDERS_OWN_WORDS = ("the page answered", "the host name cannot be found")

# "URL: …" or, after redirects, "URL (redirected to URL): …" (crawlers.spiders.base.page_address)
ADDRESS = re.compile(r"^([a-z]+://\S+(?: \(redirected to [a-z]+://\S+\))?): ")


def plain_error(message: str | None) -> str | None:
    """Keep the spiders' plain words; translate library messages. The url stays in front."""
    if not message:
        return message
    address = ADDRESS.match(message)
    url, sep, rest = (address.group(1), ": ", message[address.end():]) if address else ("", "", message)
    if rest.startswith(SPIDERS_OWN_WORDS) or any(rest.startswith(words) for _, words in PLAIN_WORDS):
        return message
    for pattern, words in PLAIN_WORDS:
        if pattern.search(rest):
            return f"{url}{sep}{words}"
    return message
