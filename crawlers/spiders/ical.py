from crawlers.spiders.base import SourceSpider


class IcalSpider(SourceSpider):
    """An iCalendar feed (.ics, webcal://); series unrolled with recurring-ical-events."""

    name = "ical"
    parser_kind = "ical"
