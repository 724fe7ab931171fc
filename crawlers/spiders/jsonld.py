import scrapy

from crawlers.parsers.offers import detail_links
from crawlers.spiders.base import SourceSpider

DEFAULT_MAX_PAGES = 200


class JsonLdSpider(SourceSpider):
    """schema.org Events (JSON-LD, microdata, RDFa) on a listing page and the pages it links to.

    Links are followed by the CSS selector in `options.follow`; without one, same-site links
    below the listing's own path (a CMS's /evenemang/ → /evenemang/some-event/).
    """

    name = "jsonld"
    parser_kind = "jsonld"

    def parse(self, response, **kwargs):
        yield from self.read(response, fail_source=True)
        if not hasattr(response, "css"):
            return
        limit = int(self.source.options.get("max_pages", DEFAULT_MAX_PAGES))
        for url in detail_links(response.body, response.url, self.source.options.get("follow"), limit):
            yield from self.follow(scrapy.Request(url, callback=self.parse_detail, errback=self.on_page_error))

    def parse_detail(self, response):
        yield from self.read(response, fail_source=False)
