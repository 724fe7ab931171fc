"""One spider per kind of source; `SPIDERS` maps the `kind:` of sources.yaml to it."""

from crawlers.spiders.api import LinkedEventsSpider, TribeSpider
from crawlers.spiders.auto import AutoSpider
from crawlers.spiders.html import HtmlSpider
from crawlers.spiders.ical import IcalSpider
from crawlers.spiders.jsonld import JsonLdSpider
from crawlers.spiders.rss import RssSpider

SPIDERS = {spider.name: spider for spider in (IcalSpider, RssSpider, JsonLdSpider, HtmlSpider, TribeSpider,
                                             LinkedEventsSpider, AutoSpider)}
