"""Spiders for JSON event APIs that page with a "next" link."""

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError

from crawlers.parsers import ParseError
from crawlers.parsers.apis import (EMPTY_TRIBE_RANGE, linked_events_next_page, parse_linked_events, parse_tribe,
                                   same_site, tribe_next_page)
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
        if response.status == 404 and page > 1:
            return  # a page past the end: some APIs say so with a 404
        try:
            document = load_json(response)
        except ParseError as error:
            yield from self.now_changed()
            self.pages += 1
            self.keep(response, api_kind)
            self.note(f"{response.url}: {error}", fail_source=fail_source and page == 1)
            return
        yield from self.unless_unchanged(
            response, lambda: self.events_of_page(response, document, api_kind, fail_source and page == 1))
        next_url = API_READERS[api_kind][1](document)
        if next_url and page < int(self.source.options.get("max_pages", DEFAULT_MAX_PAGES)):
            yield from self.follow(scrapy.Request(
                same_site(next_url, response.url), callback=self.parse_page,
                cb_kwargs={"page": page + 1, "api_kind": api_kind},
                errback=self.on_page_error, meta={"handle_httpstatus_list": [404]}))

    def events_of_page(self, response, document, api_kind: str, fail_source: bool):
        self.pages += 1
        self.keep(response, api_kind)
        try:
            items = API_READERS[api_kind][0](document, self.source.language)
        except ParseError as error:
            self.note(f"{response.url}: {error}", fail_source=fail_source)
            return
        for raw in items:
            yield self.item(raw)


class TribeSpider(PagedApiSpider):
    """WordPress with The Events Calendar: its REST API, page by page via next_rest_url.

    `url` may be the site's root (the API path is added) or the API address itself. The API
    answers an empty date range with a 404 that is not an error; a site whose REST API is
    switched off is read from the plugin's iCal export (`/events/?ical=1`) instead.
    """

    name = "tribe"
    api_kind = "tribe"
    endpoint = "wp-json/tribe/events/v1/events"

    @property
    def start_url(self) -> str:
        url = super().start_url
        return url if self.endpoint in url else url.rstrip("/") + "/" + self.endpoint

    async def start(self):
        yield scrapy.Request(self.start_url, callback=self.parse, errback=self.on_start_error,
                             meta={"handle_httpstatus_list": [404]})

    def parse(self, response, **kwargs):
        if response.status != 404:
            yield from super().parse(response, **kwargs)
            return
        if tribe_answer_is_empty(response):
            self.problems.append(f"{response.url}: the calendar has no events in its range (404 'no events')")
            return
        site = self.start_url.split("/" + self.endpoint)[0]
        self.problems.append(f"{response.url}: no REST API here (404); reading {site}/events/?ical=1")
        yield scrapy.Request(f"{site}/events/?ical=1", callback=self.parse_ical_export,
                             errback=self.on_export_error)

    def parse_ical_export(self, response):
        yield from self.read(response, fail_source=True, kind="ical")

    def on_export_error(self, failure):
        """Neither the REST API nor the iCal export: most likely not The Events Calendar at all."""
        if failure.check(HttpError) and failure.value.response.status == 404:
            site = self.start_url.split("/" + self.endpoint)[0]
            self.note(f"{site}/: neither The Events Calendar's REST API ({self.endpoint}) nor its iCal export "
                      f"(/events/?ical=1) is here, so the site does not seem to run it; "
                      f"`kalendarium sources discover {site}/` tells what it offers", fail_source=True)
            return
        self.on_start_error(failure)


def tribe_answer_is_empty(response) -> bool:
    """The plugin's own 404 for an empty range or a page past the end, as opposed to a
    missing REST route (`rest_no_route`) or a site without the plugin."""
    try:
        document = load_json(response)
    except ParseError:
        return False
    return isinstance(document, dict) and document.get("code") == EMPTY_TRIBE_RANGE


class LinkedEventsSpider(PagedApiSpider):
    """The Linked Events API of Finnish cities (`/v1/event/`), paged through meta.next.

    Add `include=location` to the url so that places come with names and addresses.
    """

    name = "linkedevents"
    api_kind = "linkedevents"

    @property
    def start_url(self) -> str:
        """Places come with their names and addresses only when the API is asked to include them."""
        url = super().start_url
        if "include=" in url:
            return url
        return url + ("&" if "?" in url else "?") + "include=location"
