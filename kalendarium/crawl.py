"""Crawl sources in this process: one Scrapy crawler per source, a few dozen at a time.

`crawl` is the harvest's in-process runner; `kalendarium.workers` runs it in one process per
core and `kalendarium.scrapyd` replaces it with Scrapyd jobs. Each source's outcome becomes a
`SourceResult` with plain words for what went wrong; nothing here raises for one source.
"""

from __future__ import annotations

import logging
import re
import time
from collections import deque
from datetime import date
from pathlib import Path
from typing import Callable

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers import settings as default_settings
from crawlers.spiders import SPIDERS
from kalendarium.sources import Source
from kalendarium.store import SourceResult, utc_now


class HarvestError(RuntimeError):
    """The run itself failed (lock held, data/ not writable, disk full…); nothing was published."""


def scrapy_settings(overrides: dict | None = None, cache_dir: Path | None = None) -> Settings:
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
        report_progress(on_source_done, result, len(results), len(sources))

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
