from crawlers.spiders.base import SourceSpider


class RssSpider(SourceSpider):
    """An RSS or Atom feed whose items name their event time (ev:startdate or in words)."""

    name = "rss"
    parser_kind = "rss"
