"""`kind: auto` — a URL alone: the spider reads the best that the page offers.

The order is `crawlers.parsers.offers.plan`, shared with `kalendarium extract`: a feed or
event API the page links to, the page's own schema.org data, a calendar page it links to,
and last its own text. The first step that yields events is used and recorded in
`self.chosen`, so the harvest can say how the source was read.
"""

import scrapy

from crawlers.parsers.offers import detail_links, find_offers, plan
from crawlers.spiders.api import API_READERS, PagedApiSpider
from crawlers.spiders.base import describe_failure


PROBES = 3


class AutoSpider(PagedApiSpider):
    name = "auto"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = []
        self.details = []
        self.page = None
        self.chosen = None

    def parse(self, response, **kwargs):
        from crawlers.parsers.document import detect_kind  # loaded when a page is read (base.py)

        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        if detect_kind(response.body, content_type) != "html":
            self.chosen = "the document itself"
            yield from self.read(response, fail_source=True)
            return
        self.page = response
        self.details = detail_links(response.body, response.url, limit=self.max_details)
        self.steps = plan(find_offers(response.body, response.url), self.details)
        yield from self.next_step()

    def unless_unchanged(self, response, events):
        """The plan's choice depends on what each step yields: always parse."""
        self.changed = True
        return events()

    @property
    def max_details(self) -> int:
        return int(self.source.options.get("max_pages", 200))

    def next_step(self):
        while self.steps:
            step = self.steps.pop(0)
            if step.kind == "details":
                yield self.probe(step, 0)
                return
            if step.url:
                yield scrapy.Request(step.url, callback=self.parse_step, errback=self.step_failed,
                                     cb_kwargs={"step": step}, dont_filter=True)
                return
            items = list(self.read(self.page, fail_source=False, kind=step.kind))
            if items:
                self.chosen = step.how
                yield from items
                return

    def parse_step(self, response, step):
        if step.kind in API_READERS:
            items = list(self.parse_page(response, page=1, api_kind=step.kind, fail_source=False))
        else:
            items = list(self.read(response, fail_source=False, kind=None if step.kind == "page" else step.kind))
        if any(not isinstance(item, scrapy.Request) for item in items):
            self.chosen = f"{step.how}: {step.url}"
            yield from items
        else:
            yield from self.next_step()

    def probe(self, step, index: int):
        """Read one event page below the listing; the rest follow only if it carries
        schema.org data. A broken link is not the verdict: up to PROBES pages are tried."""
        return scrapy.Request(self.details[index], callback=self.parse_probe, errback=self.probe_failed,
                              cb_kwargs={"step": step, "index": index}, dont_filter=True)

    def parse_probe(self, response, step, index):
        items = list(self.read(response, fail_source=False, kind="jsonld"))
        if not items:
            yield from self.next_step()
            return
        self.chosen = step.how
        yield from items
        for url in self.details[index + 1:]:  # the ones before it failed already
            yield scrapy.Request(url, callback=self.parse_detail, errback=self.on_page_error)

    def probe_failed(self, failure):
        step, index = failure.request.cb_kwargs["step"], failure.request.cb_kwargs["index"]
        self.problems.append(f"tried: {describe_failure(failure)}")
        if index + 1 < min(len(self.details), PROBES):
            yield self.probe(step, index + 1)
        else:
            yield from self.next_step()

    def parse_detail(self, response):
        yield from self.read(response, fail_source=False, kind="jsonld")

    def step_failed(self, failure):
        self.problems.append(f"tried: {describe_failure(failure)}")
        yield from self.next_step()
