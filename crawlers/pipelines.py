"""Item pipelines: normalise each raw event, then keep the record with its spider.

The harvest runner hands each spider's records to the store once every spider has finished,
so a source is replaced in the database only when its whole harvest succeeded.

When the crawl writes its items to a feed (a Scrapyd job: Scrapyd sets FEEDS from its
`items_dir`; or `scrapy crawl … -o items.jl`), the source's outcome travels in the same feed
as its last line, `{"kalendarium_outcome": {...}, "kalendarium_code": "…"}`: the
coordinator (kalendarium/scrapyd.py) reads the records and the outcome from there.
"""

import hashlib
import importlib.util
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DropItem


OUTCOME_KEY = "kalendarium_outcome"
CODE_KEY = "kalendarium_code"


class SpiderPipeline:
    """Pipelines reach their spider (its source, context and result lists) via the crawler."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class NormalisePipeline(SpiderPipeline):
    def process_item(self, item, spider=None):  # Scrapy < 2.14 passes the spider
        # Loaded with the first item, not with the crawler: a night of unchanged pages has none.
        from normalise.record import NormaliseError, normalise_item

        spider = self.crawler.spider.spider_for(item.get("source_id"))
        try:
            return normalise_item(dict(item), spider.context)
        except NormaliseError as error:
            spider.problems.append(f"event {item.get('title')!r} skipped: {error}")
            raise DropItem(str(error)) from error
        except Exception as error:  # a normaliser bug skips the event, in the source's report
            spider.problems.append(f"event {item.get('title')!r} skipped: unexpected error in the normaliser: "
                                   f"{type(error).__name__}: {error}")
            spider.crawler.stats.inc_value("kalendarium/normaliser_errors")
            raise DropItem(str(error)) from error


class CollectPipeline(SpiderPipeline):
    def process_item(self, record, spider=None):
        self.crawler.spider.spider_for(record["source_id"]).records.append(record)
        return record


class OutcomePipeline(SpiderPipeline):
    """Writes the source's outcome (SourceSpider.outcome) as the last item of the crawl's feed.

    Scrapy closes the item pipelines before it sends `spider_closed`, on which the feed
    exporter closes its files, so an item sent from `close_spider` still lands in the feed.
    A crawl without a feed (the local harvest reads the spider itself) sends nothing.
    """

    # No process_item: items pass by (Scrapy calls only the methods a pipeline has).

    def close_spider(self, spider=None):
        spider = self.crawler.spider
        if not self.crawler.settings.getdict("FEEDS") or not hasattr(spider, "outcome"):
            return
        outcome = spider.outcome()
        # The crawl's finish_time is only set on spider_closed, which comes after this.
        outcome["finished"] = outcome.get("finished") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.crawler.signals.send_catch_log(signals.item_scraped, item={OUTCOME_KEY: outcome,
                                                                        CODE_KEY: code_fingerprint()},
                                            response=None, spider=spider)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the code that turns pages into records (the crawlers and normalise
    packages, their .py and .yaml files): a Scrapyd host whose records would differ from this
    machine's because it runs other code is told apart by it."""
    digest = hashlib.sha256()
    for package in ("crawlers", "normalise"):
        folder = Path(importlib.util.find_spec(package).origin).parent
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
                digest.update(f"{package}/{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
                digest.update(b"\0")
    return digest.hexdigest()[:16]
