from urllib.parse import urlparse

import scrapy

from crawlers.parsers import ParseError
from crawlers.parsers.apis import parse_tribe, tribe_next_page
from crawlers.spiders.base import SourceSpider, load_json

ENDPOINT = "wp-json/tribe/events/v1/events"
DEFAULT_MAX_PAGES = 50


class TribeSpider(SourceSpider):
    """WordPress with The Events Calendar: its REST API, page by page via next_rest_url."""

    name = "tribe"

    @property
    def start_url(self) -> str:
        url = self.source.url
        return url if ENDPOINT in url else url.rstrip("/") + "/" + ENDPOINT

    def parse(self, response, **kwargs):
        yield from self.parse_page(response, page=1)

    def parse_page(self, response, page: int):
        self.pages += 1
        try:
            document = load_json(response)
            items = parse_tribe(document)
        except ParseError as error:
            self.note(f"{response.url}: {error}", fail_source=page == 1)
            return
        for raw in items:
            yield self.item(raw)
        next_url = tribe_next_page(document)
        if next_url and page < int(self.source.options.get("max_pages", DEFAULT_MAX_PAGES)):
            yield scrapy.Request(self.same_site(next_url, response.url), callback=self.parse_page,
                                 cb_kwargs={"page": page + 1}, errback=self.on_page_error)

    @staticmethod
    def same_site(next_url: str, current_url: str) -> str:
        """Sites behind a proxy often announce their next page on their internal host name."""
        current, following = urlparse(current_url), urlparse(next_url)
        if following.path.startswith("/") and following.netloc != current.netloc:
            prefix = current.path.split("/wp-json/")[0]
            path = following.path if following.path.startswith(prefix + "/") else prefix + following.path
            return following._replace(scheme=current.scheme, netloc=current.netloc, path=path).geturl()
        return next_url
