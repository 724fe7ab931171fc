"""Item pipelines: normalise each raw event, then keep the record with its spider.

The harvest runner hands each spider's records to the store once every spider has finished,
so a source is replaced in the database only when its whole harvest succeeded.
"""

from scrapy.exceptions import DropItem

from normalise.record import NormaliseError, normalise_item


class NormalisePipeline:
    def process_item(self, item, spider):
        try:
            return normalise_item(dict(item), spider.context)
        except NormaliseError as error:
            spider.problems.append(f"event {item.get('title')!r} skipped: {error}")
            raise DropItem(str(error)) from error


class CollectPipeline:
    def process_item(self, record, spider):
        spider.records.append(record)
        return record
