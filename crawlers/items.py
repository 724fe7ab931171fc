"""What a spider yields: one RawEvent per event found, before normalisation."""

import scrapy
from scrapy.loader import ItemLoader
from itemloaders.processors import Identity, MapCompose, TakeFirst


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class RawEvent(scrapy.Item):
    """Fields as in docs/design.md ("Raw item"); all optional except title."""

    source_id = scrapy.Field()
    source_event_id = scrapy.Field()
    title = scrapy.Field()
    description = scrapy.Field()
    start = scrapy.Field()
    end = scrapy.Field()
    all_day = scrapy.Field()
    timezone = scrapy.Field()
    when_text = scrapy.Field()
    rrule = scrapy.Field()
    exdates = scrapy.Field()
    rdates = scrapy.Field()
    occurrences = scrapy.Field()
    recurrence_id = scrapy.Field()
    status = scrapy.Field()
    location = scrapy.Field()
    address = scrapy.Field()
    municipality = scrapy.Field()
    url = scrapy.Field()
    organiser = scrapy.Field()
    language = scrapy.Field()
    categories = scrapy.Field()
    extraction = scrapy.Field()


class RawEventLoader(ItemLoader):
    """Single values stripped and taken once; list fields kept whole."""

    default_item_class = RawEvent
    default_input_processor = MapCompose(_strip)
    default_output_processor = TakeFirst()
    exdates_out = rdates_out = occurrences_out = categories_out = Identity()
    exdates_in = rdates_in = occurrences_in = categories_in = Identity()
