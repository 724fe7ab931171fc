"""Item pipelines: normalise each raw event, then keep the record with its spider.

The harvest runner hands each spider's records to the store once every spider has finished,
so a source is replaced in the database only when its whole harvest succeeded.
"""

from scrapy.exceptions import DropItem

from normalise.record import NormaliseError, normalise_item


class SpiderPipeline:
    """Pipelines reach their spider (its source, context and result lists) via the crawler."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class NormalisePipeline(SpiderPipeline):
    def process_item(self, item, spider=None):  # Scrapy < 2.14 passes the spider
        spider = self.crawler.spider
        try:
            return normalise_item(dict(item), spider.context)
        except NormaliseError as error:
            spider.problems.append(f"event {item.get('title')!r} skipped: {error}")
            raise DropItem(str(error)) from error


class CollectPipeline(SpiderPipeline):
    def process_item(self, record, spider=None):
        self.crawler.spider.records.append(record)
        return record
