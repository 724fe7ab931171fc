"""Run the harvest: one Scrapy crawler per source, all in one process, then publish.

Every source's outcome becomes a `SourceResult`. A source that failed, or that suddenly
yields no events at all, keeps its previous rows; the others are replaced. The database is
published atomically by `kalendarium.store.publish`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers import settings as default_settings
from crawlers.spiders import SPIDERS
from kalendarium.sources import Source
from kalendarium.store import SourceResult, publish, utc_now


@dataclass
class HarvestReport:
    results: list[SourceResult]
    summary: dict
    seconds: float

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


def harvest(sources: list[Source], db_path: Path, *, today: date | None = None, horizon_days: int = 365,
            settings: dict | None = None, cache_dir: Path | None = None) -> HarvestReport:
    """Harvest every enabled source and publish the database; returns per-source results."""
    began = time.monotonic()
    run_id = utc_now()
    enabled = [source for source in sources if source.enabled]
    process = CrawlerProcess(scrapy_settings(settings, cache_dir))
    quiet_duplicate_reports()
    crawlers = []
    for source in enabled:
        crawler = process.create_crawler(SPIDERS[source.kind])
        process.crawl(crawler, source=source, today=today, horizon_days=horizon_days)
        crawlers.append((source, crawler))
    process.start()
    results = [result_of(source, crawler, run_id) for source, crawler in crawlers]
    summary = publish(db_path, results, sources=[source.as_row() for source in sources], run_id=run_id)
    return HarvestReport(results=results, summary=summary, seconds=time.monotonic() - began)


def quiet_duplicate_reports() -> None:
    """Download failures are reported once, by the spider's errback, in plain words."""
    for name in ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry",
                 "scrapy.core.scraper"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def result_of(source: Source, crawler, run_id: str) -> SourceResult:
    spider = crawler.spider
    stats = crawler.stats.get_stats() if crawler.stats else {}
    error = spider.failure if spider is not None else "the spider did not start"
    exceptions = sum(value for key, value in stats.items() if key.startswith("spider_exceptions/"))
    if error is None and exceptions:
        error = f"the harvest raised {exceptions} unexpected error(s); see the log"
    records = spider.records if spider is not None else []
    if error is None and not records:
        error = "no events were found" + (f" ({spider.problems[0]})" if spider.problems else "")
    return SourceResult(
        source=source.as_row(), records=records if error is None else [], error=error,
        started=_stamp(stats.get("start_time")) or run_id, finished=_stamp(stats.get("finish_time")) or utc_now(),
    )


def _stamp(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None
