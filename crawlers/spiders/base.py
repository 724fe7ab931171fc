"""What every spider shares: its source, its failures, and turning parser output into items.

A spider is configured by one `Source` from sources.yaml. Whatever goes wrong is written to
`self.failure` (the source's harvest failed: its previous events are kept) or to
`self.problems` (one page or event was skipped), never raised past the spider.
"""

from __future__ import annotations

import itertools
import json
import time
import zlib
from datetime import date, datetime, timezone
from types import SimpleNamespace

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from crawlers.archive import ArchiveWriter
from crawlers.items import raw_event
from crawlers.parsers import ParseError
from crawlers.plainwords import http_status_words
from normalise.context import Context


class SourceSpider(scrapy.Spider):
    """Base for the spiders of each kind; subclasses set `name` and may override `parse`."""

    def __init__(self, source=None, today: date | str | None = None, horizon_days: int | str = 365,
                 skip_unchanged: bool | str = False, **kwargs):
        super().__init__(**kwargs)
        # `scrapy crawl` and Scrapyd pass arguments as text: the source as JSON (see
        # source_argument), the day as ISO, flags as "true"/"false".
        source = source_argument(source)
        self.skip_unchanged = skip_unchanged in (True, "true", "1", "yes")
        # Documents that came back unchanged, not parsed yet (see `unless_unchanged`), and
        # whether any document of this harvest came back new or changed.
        self.deferred: list = []
        self.changed = False
        # Links of those documents not followed yet (see `follow`).
        self.unrequested: list = []
        self.source = source
        self.today = date.fromisoformat(today) if isinstance(today, str) else today or date.today()
        self.horizon_days = int(horizon_days)
        self.context = Context.for_source(source, today=self.today, horizon_days=self.horizon_days)
        self.records: list[dict] = []
        self.problems: list[str] = []
        self.failure: str | None = None
        self.unexpected: str | None = None  # the first exception a callback raised, in words
        self.pages = 0
        self._archive: ArchiveWriter | None = None
        # Run with other sources in one crawler (crawlers/spiders/batch.py): this source's
        # own share of the crawl's stats, and when its crawl started and last heard back.
        self.own_stats: dict | None = None
        self.started_at: float | None = None
        self.finished_at: float | None = None

    def keep(self, response, kind: str | None) -> None:
        """Archive a parsed document (see crawlers/archive.py), when the harvest keeps them."""
        if self._archive is None:
            raw_dir = self.settings.get("KALENDARIUM_RAW_DIR") if hasattr(self, "settings") else None
            self._archive = ArchiveWriter(raw_dir, self.source.id)
        self._archive.keep(response.url, response.headers.get("Content-Type", b"").decode("latin-1"),
                           response.body, kind)

    def closed(self, reason=None) -> None:
        """The crawl ended (Scrapy calls this on the crawler's spider; a SourcesSpider calls it
        on each of its sources' spiders): the archive's files are closed."""
        if self._archive is not None:
            self._archive.close()

    @property
    def start_url(self) -> str:
        url = self.source.url
        return "https://" + url.removeprefix("webcal://") if url.startswith("webcal://") else url

    async def start(self):
        yield scrapy.Request(self.start_url, callback=self.parse, errback=self.on_start_error)

    def parse(self, response, **kwargs):
        yield from self.read(response, fail_source=True)

    def unless_unchanged(self, response, events):
        """Yield `events()` (the items of one document) unless the source may turn out unchanged.

        After a good harvest (`skip_unchanged`), a document that came back from the HTTP cache
        (304 Not Modified) is put aside unparsed: the spider still follows its links. If every
        document of the source comes back so, the source is `unchanged` and its events stand
        as they are in the database: nothing was parsed. At the first new or changed document
        the put-aside ones are parsed after all, so the source's records are complete.
        """
        if self.skip_unchanged and not self.changed and "cached" in response.flags:
            self.deferred.append(events)
            return
        yield from self.now_changed()
        yield from events()

    def now_changed(self):
        """The source turned out changed: parse the documents put aside and request the
        pages not asked for (see `follow`), so its records are complete."""
        self.changed = True
        pending, self.unrequested = self.unrequested, []
        yield from pending
        while self.deferred:
            yield from self.deferred.pop(0)()

    def follow(self, request):
        """Yield `request`, for a page that a document of this source links to (an event page,
        the listing's next page), unless the source looks unchanged and the page is not due
        for revalidation tonight: then it is put aside.

        After a good harvest, a source whose documents so far all came back 304 is most
        likely unchanged, and asking again for each of its pages every night is most of an
        unchanged night's cost (and of the load on the site). Each linked page is therefore
        revalidated one night in KALENDARIUM_REVALIDATE_DAYS (spread by its address, so a
        few of a source's pages are asked for every night): a page changed on its own (a
        listing that stays the same) is harvested within that many nights. The pages put
        aside are requested as soon as any document of the source turns out changed, so a
        changed source is always harvested whole. 1 asks for every page every night.
        """
        if not self.skip_unchanged or self.changed or due_for_revalidation(request.url, self.today,
                                                                            self.revalidate_days):
            yield request
        else:
            self.unrequested.append(request)

    @property
    def revalidate_days(self) -> int:
        settings = getattr(self, "settings", None)
        return max(1, settings.getint("KALENDARIUM_REVALIDATE_DAYS", 7)) if settings is not None else 1

    @property
    def unchanged(self) -> bool:
        """Every document came back unchanged since the last good harvest (none was parsed)."""
        return bool(self.deferred) and not self.changed

    def read(self, response, *, fail_source: bool, kind: str | None = None, defer: bool = True):
        """Parse one response with the shared parsers and yield its events as items (put
        aside while the source looks unchanged, unless `defer` is off)."""
        events = lambda: self._read(response, fail_source=fail_source, kind=kind)  # noqa: E731
        if not defer:  # parsed now, with whatever was put aside before it
            return itertools.chain(self.now_changed(), events())
        return self.unless_unchanged(response, events)

    def _read(self, response, *, fail_source: bool, kind: str | None):
        # The parsers (and through them the normaliser) load with the first document that is
        # read: on a night when every page comes back unchanged a worker never needs them.
        from crawlers.parsers.document import read_document

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
        return raw_event(self.source.id, raw)

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

    def note_unexpected(self, url: str, error: BaseException) -> None:
        """A callback raised: Scrapy's own report of it is silenced (kalendarium/crawl.py), so
        the source's error and one log line say what and where."""
        if self.unexpected is None:
            self.unexpected = f"{url}: {type(error).__name__}: {error}"
        self.logger.warning("%s: unexpected error: %s: %s: %s", self.source.id, url, type(error).__name__, error)

    def spider_for(self, source_id: str) -> "SourceSpider":
        """The spider of a source in this crawl: this one (see SourcesSpider for many)."""
        return self

    def count(self, key: str) -> None:
        """Count a stat of this source's own (when it shares its crawler with others)."""
        now = datetime.now(timezone.utc)
        self.own_stats.setdefault("start_time", now)
        self.own_stats[key] = self.own_stats.get(key, 0) + 1
        self.own_stats["finish_time"] = now
        self.finished_at = time.monotonic()

    def outcome(self) -> dict:
        """How the source's harvest went, from the spider's notes and the crawl's stats: the
        failure (if any), the skipped pages and events, and whether nothing had changed. No
        events at all is not a failure here: the store decides whether that is a first harvest
        that found nothing (failed) or a collapse (held)."""
        if self.own_stats is not None:
            stats = self.own_stats
        else:
            stats = self.crawler.stats.get_stats() if getattr(self, "crawler", None) and self.crawler.stats else {}
        error = self.failure
        exceptions = sum(value for key, value in stats.items() if key.startswith("spider_exceptions/"))
        if error is None and exceptions:
            error = f"the harvest raised {exceptions} unexpected error(s)" + (
                f", the first: {self.unexpected} (a fault in Kalendarium: please report it with this message)"
                if self.unexpected else "; see the log")
        if error is None and not self.records and not self.unchanged:
            error = _silent_failure(stats, self.source.url)
        return {"source_id": self.source.id, "error": error, "problems": list(self.problems),
                "unchanged": self.unchanged and error is None, "pages": self.pages,
                "started": _stamp(stats.get("start_time")), "finished": _stamp(stats.get("finish_time"))}


def source_of_request(request) -> SourceSpider | None:
    """The source spider whose request this is: its callback (or errback) is one of its methods."""
    for handler in (request.callback, request.errback):
        owner = getattr(handler, "__self__", None)
        if isinstance(owner, SourceSpider):
            return owner
    return None


def due_for_revalidation(url: str, today: date, every_days: int) -> bool:
    """Whether a page is revalidated on `today` when each page is once in `every_days`:
    the same night every time for the same address, the nights spread over the addresses."""
    return every_days <= 1 or zlib.crc32(url.encode("utf-8")) % every_days == today.toordinal() % every_days


def source_argument(value):
    """A spider's source: a `kalendarium.sources.Source`, or the same as JSON text (its
    fields, `dataclasses.asdict`) when the spider is started by `scrapy crawl` or Scrapyd."""
    if isinstance(value, (str, bytes)):
        fields = json.loads(value)
        fields.setdefault("options", {})
        return SimpleNamespace(**fields)
    return value


def _silent_failure(stats: dict, url: str) -> str | None:
    """Failures Scrapy drops without an errback, read from the crawl's stats: a redirect loop
    (the redirect to an address already visited is filtered as a duplicate)."""
    def count(prefix, low, high):
        return sum(value for key, value in stats.items() if key.startswith(prefix)
                   and key.rsplit("/", 1)[-1].isdigit() and low <= int(key.rsplit("/", 1)[-1]) < high)

    answered = count("downloader/response_status_count/", 200, 300) - count("robotstxt/response_status_count/", 200, 300)
    redirected = count("downloader/response_status_count/", 300, 400) - count("robotstxt/response_status_count/", 300, 400)
    if answered <= 0 and redirected > 0:
        return f"{url}: the page redirects in a loop (too many redirections)"
    return None


def _stamp(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None


def describe_failure(failure) -> str:
    """A download failure in plain words, after the page's address (and where its redirects
    began): "the page answered 404 Not Found: …", "no answer in time (waited 30 s)"."""
    request = getattr(failure, "request", None)
    if failure.check(HttpError):
        response = failure.value.response
        return f"{page_address(response.request or request, response.url)}: {http_status_words(response.status)}"
    where = page_address(request) if request is not None else "?"
    if failure.check(*CANNOT_RESOLVE):
        return f"{where}: the host name cannot be found (is the address right?)"
    if failure.check(*TIMED_OUT):
        seconds = request.meta.get("download_timeout") if request is not None else None
        return f"{where}: no answer in time" + (f" (waited {seconds:g} s)" if seconds else "")
    message = str(failure.value) or type(failure.value).__name__
    if "Forbidden by robots.txt" in message or failure.value.__class__.__name__ == "IgnoreRequest":
        return f"{where}: not fetched: {message}"
    return f"{where}: {message}"


def _scrapy_exceptions(*names: str) -> tuple:
    """Scrapy's own download exceptions (2.14 and later wrap Twisted's in them), where it has them."""
    import scrapy.exceptions

    return tuple(getattr(scrapy.exceptions, name) for name in names if hasattr(scrapy.exceptions, name))


CANNOT_RESOLVE = (DNSLookupError, *_scrapy_exceptions("CannotResolveHostError"))
TIMED_OUT = (TimeoutError, TCPTimedOutError, *_scrapy_exceptions("DownloadTimeoutError"))


def page_address(request, url: str | None = None) -> str:
    """The address that failed; after a redirect, `first (redirected to url)`, so that the
    coordinator recognises the source's own url."""
    url = url or request.url
    redirects = request.meta.get("redirect_urls") if request is not None else None
    return f"{redirects[0]} (redirected to {url})" if redirects and redirects[0] != url else url


def load_json(response):
    try:
        return json.loads(response.text)
    except ValueError as error:
        raise ParseError(f"the answer is not valid JSON: {error}") from error
