"""Spiders for JSON event APIs that page with a "next" link."""

from urllib.parse import urlparse

import scrapy

from crawlers.parsers import ParseError
from crawlers.parsers.apis import linked_events_next_page, parse_linked_events, parse_tribe, tribe_next_page
from crawlers.spiders.base import SourceSpider, load_json

DEFAULT_MAX_PAGES = 50
# kind -> (events of one page, the next page's address)
API_READERS = {
    "tribe": (lambda document, lang: parse_tribe(document), tribe_next_page),
    "linkedevents": (lambda document, lang: parse_linked_events(document, lang=lang), linked_events_next_page),
}


class PagedApiSpider(SourceSpider):
    """Reads page after page until the API gives no next link or `options.max_pages` is reached."""

    api_kind: str = ""

    def parse(self, response, **kwargs):
        yield from self.parse_page(response, page=1, api_kind=self.api_kind)

    def parse_page(self, response, page: int, api_kind: str, fail_source: bool = True):
        self.pages += 1
        items_of, next_page = API_READERS[api_kind]
        try:
            document = load_json(response)
            items = items_of(document, self.source.language)
        except ParseError as error:
            self.note(f"{response.url}: {error}", fail_source=fail_source and page == 1)
            return
        for raw in items:
            yield self.item(raw)
        next_url = next_page(document)
        if next_url and page < int(self.source.options.get("max_pages", DEFAULT_MAX_PAGES)):
            yield scrapy.Request(same_site(next_url, response.url), callback=self.parse_page,
                                 cb_kwargs={"page": page + 1, "api_kind": api_kind},
                                 errback=self.on_page_error)


def same_site(next_url: str, current_url: str) -> str:
    """Sites behind a proxy often announce their next page on an internal host name."""
    current, following = urlparse(current_url), urlparse(next_url)
    if following.netloc and following.netloc != current.netloc:
        prefix = current.path.split("/wp-json/")[0] if "/wp-json/" in current.path else ""
        path = following.path if following.path.startswith(prefix + "/") else prefix + following.path
        return following._replace(scheme=current.scheme, netloc=current.netloc, path=path).geturl()
    return next_url


class TribeSpider(PagedApiSpider):
    """WordPress with The Events Calendar: its REST API, page by page via next_rest_url.

    `url` may be the site's root (the API path is added) or the API address itself.
    """

    name = "tribe"
    api_kind = "tribe"
    endpoint = "wp-json/tribe/events/v1/events"

    @property
    def start_url(self) -> str:
        url = super().start_url
        return url if self.endpoint in url else url.rstrip("/") + "/" + self.endpoint


class LinkedEventsSpider(PagedApiSpider):
    """The Linked Events API of Finnish cities (`/v1/event/`), paged through meta.next.

    Add `include=location` to the url so that places come with names and addresses.
    """

    name = "linkedevents"
    api_kind = "linkedevents"
