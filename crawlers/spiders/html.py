from urllib.parse import urldefrag

import scrapy

from crawlers.spiders.base import SourceSpider

DEFAULT_MAX_PAGES = 10
NEXT_PAGE = ("a[rel~=next]::attr(href)", "link[rel~=next]::attr(href)")
NEXT_WORDS = ("nästa", "seuraava", "next", "›", "»", "följande", "seuraavat")
DETAIL_FIELDS = ("description", "end", "location", "address", "organiser", "status")


class HtmlSpider(SourceSpider):
    """A plain HTML page of events or weekly activities.

    With `options.selectors` the page is read by those CSS selectors; without, the
    heuristic listing reader finds the repeated event blocks and activity paragraphs.
    The listing's next pages are followed (`rel="next"`, "Nästa", "Seuraava", or the CSS
    selector in `options.next_page`) up to `options.max_pages`. With `options.details: true`
    each event's own page is fetched, and its schema.org data completes what the listing
    left out (description, end, place).
    """

    name = "html"
    parser_kind = "html"

    def parse(self, response, page: int = 1, **kwargs):
        # With details, the listing's items lead to the event pages: it is always parsed.
        details = bool(self.source.options.get("details"))
        for item in self.read(response, fail_source=page == 1, defer=not details):
            detail_url = urldefrag(item.get("url") or "")[0]
            if details and detail_url and detail_url != urldefrag(response.url)[0]:
                yield scrapy.Request(detail_url, callback=self.parse_detail, errback=self.on_detail_error,
                                     cb_kwargs={"item": item}, dont_filter=True)
            else:
                yield item
        next_url = self.next_page(response)
        if next_url and page < int(self.source.options.get("max_pages", DEFAULT_MAX_PAGES)):
            yield from self.follow(scrapy.Request(response.urljoin(next_url), callback=self.parse,
                                                  cb_kwargs={"page": page + 1}, errback=self.on_page_error))

    def next_page(self, response) -> str | None:
        selector = self.source.options.get("next_page")
        if selector:
            return response.css(f"{selector}::attr(href)").get() or response.css(f"{selector} a::attr(href)").get()
        for css in NEXT_PAGE:
            found = response.css(css).get()
            if found:
                return found
        for anchor in response.css("a[href]"):
            text = " ".join(anchor.css("::text").getall()).strip().lower()
            if text and any(text == word or text.startswith(word + " ") for word in NEXT_WORDS):
                return anchor.attrib["href"]
        return None

    def parse_detail(self, response, item):
        from crawlers.parsers.schemaorg import parse_structured  # loaded when a page is read (base.py)

        self.pages += 1
        events = parse_structured(response.body, url=response.url)
        if len(events) == 1:
            for field in DETAIL_FIELDS:
                if events[0].get(field) and not item.get(field):
                    item[field] = events[0][field]
        yield item

    def on_detail_error(self, failure):
        self.on_page_error(failure)
        yield failure.request.cb_kwargs["item"]
