from urllib.parse import urlparse

import scrapy

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
        seen = set()
        limit = int(self.source.options.get("max_pages", DEFAULT_MAX_PAGES))
        for href in self.links(response):
            url = response.urljoin(href).split("#")[0]
            if url in seen or url == response.url or len(seen) >= limit:
                continue
            seen.add(url)
            yield scrapy.Request(url, callback=self.parse_detail, errback=self.on_page_error)

    def links(self, response):
        selector = self.source.options.get("follow")
        if selector:
            return response.css(f"{selector}::attr(href)").getall() or response.css(
                f"{selector} a::attr(href)").getall()
        base = urlparse(response.url)
        prefix = base.path if base.path.endswith("/") else base.path.rsplit("/", 1)[0] + "/"
        return [href for href in response.css("a::attr(href)").getall()
                if _below(response.urljoin(href), base.netloc, prefix)]

    def parse_detail(self, response):
        yield from self.read(response, fail_source=False)


def _below(url: str, netloc: str, prefix: str) -> bool:
    parsed = urlparse(url)
    return parsed.netloc == netloc and parsed.path.startswith(prefix) and parsed.path != prefix
