"""Many sources in one crawler: each source keeps its own spider of its kind, one Scrapy
crawler runs them all.

A crawler costs about 14 ms of CPU to create and run (its settings, engine, downloader,
middlewares, robots.txt parser…), which at a nightly harvest of thousands of sources is a
large part of an unchanged night. `SourcesSpider` is what the crawler runs: its start
requests are those of every source's own spider (`SPIDERS[kind]`, configured exactly as
when it runs alone), and since a request's callback and errback are that spider's methods,
each response is parsed, and each failure noted, by its own source's spider. What Scrapy
keeps per crawler is kept here per source:

- items and records go to their source's spider (`spider_for`, used by the pipelines);
- the statuses of its responses (crawlers/middlewares.py) and the errors its callbacks
  raised (`SourceSpider.outcome`);
- requests are told apart by source as well as by address (`crawlers.fingerprint`), so two
  sources that link to the same page both get it, and each has its own cached copy.
- Scrapy tells only the crawler's spider that the crawl is closed: `closed` passes it on to
  every source's spider, which closes its archive (crawlers/archive.py).

The per-site limits (CONCURRENT_REQUESTS_PER_DOMAIN, the delay, AutoThrottle) now hold
across the sources of one site in the crawler, as a polite harvest wants.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

import scrapy
from scrapy import signals

from crawlers.spiders import SPIDERS
from crawlers.spiders.base import SourceSpider, source_of_request


class SourcesSpider(scrapy.Spider):
    name = "sources"

    def __init__(self, sources=(), today=None, horizon_days: int | str = 365, unchanged_before=(), **kwargs):
        super().__init__(**kwargs)
        self.spiders: dict[str, SourceSpider] = {}
        self.not_started: dict[str, str] = {}  # source id -> why its spider could not be made
        unchanged_before = set(unchanged_before)
        for source in sources:
            try:
                self.spiders[source.id] = SPIDERS[source.kind](
                    source=source, today=today, horizon_days=horizon_days,
                    skip_unchanged=source.id in unchanged_before)
            except Exception as error:  # one source's bad configuration fails that source only
                self.not_started[source.id] = f"the spider could not start: {type(error).__name__}: {error}"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        for own in spider.spiders.values():
            own._set_crawler(crawler)
            own.own_stats = {}
        crawler.signals.connect(spider.count_error, signal=signals.spider_error)
        return spider

    def spider_for(self, source_id: str) -> SourceSpider | None:
        return self.spiders.get(source_id)

    async def start(self):
        for own in self.spiders.values():
            own.started_at = time.monotonic()
            own.own_stats.setdefault("start_time", datetime.now(timezone.utc))
            async for request in own.start():
                yield request

    def closed(self, reason=None) -> None:
        """The crawl ended: each source's spider closes its archive (they are not the
        crawler's spider, so Scrapy does not call their `closed` itself)."""
        for own in self.spiders.values():
            own.closed(reason)

    def count_error(self, failure, response, spider=None):
        own = source_of_request(response.request) if response is not None and response.request is not None else None
        if own is not None and own.own_stats is not None:  # as SourceStatsMiddleware decides
            own.count(f"spider_exceptions/{type(failure.value).__name__}")
            own.note_unexpected(response.url, failure.value)
