"""What every spider shares: its source, its failures, and turning parser output into items.

A spider is configured by one `Source` from sources.yaml. Whatever goes wrong is written to
`self.failure` (the source's harvest failed: its previous events are kept) or to
`self.problems` (one page or event was skipped), never raised past the spider.
"""

from __future__ import annotations

import json
from datetime import date

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawlers.archive import ArchiveWriter
from crawlers.items import RawEventLoader
from crawlers.parsers import ParseError
from crawlers.parsers.document import read_document
from normalise.record import Context


class SourceSpider(scrapy.Spider):
    """Base for the spiders of each kind; subclasses set `name` and may override `parse`."""

    # Kinds read from one document: an unchanged answer means unchanged events.
    single_document = False

    def __init__(self, source=None, today: date | None = None, horizon_days: int = 365,
                 skip_unchanged: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.skip_unchanged = skip_unchanged
        self.unchanged = False
        self.source = source
        self.today = today or date.today()
        self.horizon_days = horizon_days
        self.context = Context.for_source(source, today=self.today, horizon_days=horizon_days)
        self.records: list[dict] = []
        self.problems: list[str] = []
        self.failure: str | None = None
        self.pages = 0
        self._archive: ArchiveWriter | None = None

    def keep(self, response, kind: str | None) -> None:
        """Archive a parsed document (see crawlers/archive.py), when the harvest keeps them."""
        if self._archive is None:
            raw_dir = self.settings.get("KALENDARIUM_RAW_DIR") if hasattr(self, "settings") else None
            self._archive = ArchiveWriter(raw_dir, self.source.id)
        self._archive.keep(response.url, response.headers.get("Content-Type", b"").decode("latin-1"),
                           response.body, kind)

    @property
    def start_url(self) -> str:
        url = self.source.url
        return "https://" + url.removeprefix("webcal://") if url.startswith("webcal://") else url

    async def start(self):
        yield scrapy.Request(self.start_url, callback=self.parse, errback=self.on_start_error)

    def parse(self, response, **kwargs):
        if self.single_document and self.unchanged_since_last_harvest(response):
            return
        yield from self.read(response, fail_source=True)

    def unchanged_since_last_harvest(self, response) -> bool:
        """The source's only document came back from the HTTP cache (304 Not Modified, or
        still fresh) after a good harvest: its events stand, nothing is parsed again."""
        if self.skip_unchanged and "cached" in response.flags:
            self.unchanged = True
            self.pages += 1
            return True
        return False

    def read(self, response, *, fail_source: bool, kind: str | None = None):
        """Parse one response with the shared parsers and yield its events as items."""
        self.pages += 1
        self.keep(response, kind or self.parser_kind)
        try:
            document = read_document(
                response.body, url=response.url, kind=kind or self.parser_kind,
                content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
                lang=self.source.language, today=self.today, tz=self.source.timezone,
                horizon_days=self.horizon_days, selectors=self.source.options.get("selectors"),
            )
        except ParseError as error:
            self.note(f"{response.url}: {error}", fail_source=fail_source)
            return
        self.problems.extend(f"{response.url}: {problem}" for problem in document.skipped)
        for raw in document.items:
            yield self.item(raw)

    parser_kind: str | None = None

    def item(self, raw: dict):
        loader = RawEventLoader()
        loader.add_value("source_id", self.source.id)
        for key, value in raw.items():
            if value is not None and value != [] and key in loader.item.fields:
                loader.add_value(key, value)
        return loader.load_item()

    def on_start_error(self, failure):
        self.note(describe_failure(failure), fail_source=True)

    def on_page_error(self, failure):
        self.note(describe_failure(failure), fail_source=False)

    def note(self, message: str, *, fail_source: bool) -> None:
        if fail_source and self.failure is None:
            self.failure = message
        else:
            self.problems.append(message)
        self.logger.warning("%s: %s", self.source.id, message)


def describe_failure(failure) -> str:
    """A download failure in plain words: "the page answered 404", "no answer within 30 s"."""
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    if failure.check(HttpError):
        return f"{failure.value.response.url}: the page answered {failure.value.response.status}"
    if failure.check(DNSLookupError):
        return f"{url}: the host name cannot be found"
    if failure.check(TimeoutError, TCPTimedOutError):
        return f"{url}: no answer in time"
    message = str(failure.value) or type(failure.value).__name__
    if "Forbidden by robots.txt" in message or failure.value.__class__.__name__ == "IgnoreRequest":
        return f"{url}: not fetched: {message}"
    return f"{url}: {message}"


def load_json(response):
    try:
        return json.loads(response.text)
    except ValueError as error:
        raise ParseError(f"the answer is not valid JSON: {error}") from error
