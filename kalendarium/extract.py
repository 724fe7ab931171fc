"""`kalendarium extract`: every event one document holds, as canonical records.

The same parsers and normaliser as the harvest, without Scrapy or the database, so a
coordinator can see what a page yields before adding it to sources.yaml.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from crawlers.parsers import ParseError
from crawlers.parsers.apis import next_page, same_site
from crawlers.parsers.document import detect_kind, read_document
from crawlers.parsers.offers import detail_links, find_offers, plan
from crawlers.plainwords import http_status_words
from crawlers.settings import MAX_RESPONSE_BYTES, USER_AGENT
from normalise.record import Context, NormaliseError, normalise_item

FETCH_TIMEOUT_SECONDS = 30
MAX_DETAIL_PAGES = 100
MAX_API_PAGES = 20


class ExtractError(RuntimeError):
    """The document cannot be fetched or read at all."""


@dataclass
class Extraction:
    kind: str
    records: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the document was read


def load(source: str) -> tuple[bytes, str | None, str | None]:
    """(bytes, content type, url) of a local file or an http(s)/webcal URL."""
    if source.startswith("webcal://"):
        source = "https://" + source.removeprefix("webcal://")
    if source.startswith(("http://", "https://")):
        return _fetch(source)
    path = Path(source)
    try:
        return path.read_bytes(), None, None
    except OSError as error:
        raise ExtractError(f"{source}: cannot be read: {error.strerror or error}") from error


class _RedirectsNoted(urllib.request.HTTPRedirectHandler):
    """Follows redirects as urllib does, noting where they lead, for the error messages."""

    def __init__(self):
        self.last: str | None = None

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.last = newurl
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str) -> tuple[bytes, str | None, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    redirects = _RedirectsNoted()
    # as the harvest words them (crawlers.spiders.base.page_address): the address given first
    where = lambda: f"{url} (redirected to {redirects.last})" if redirects.last else url  # noqa: E731
    try:
        with urllib.request.build_opener(redirects).open(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
            data = response.read(MAX_RESPONSE_BYTES + 1)
            if len(data) > MAX_RESPONSE_BYTES:
                raise ExtractError(f"{url}: the answer is larger than {MAX_RESPONSE_BYTES} bytes")
            return data, response.headers.get("Content-Type"), response.geturl()
    except urllib.error.HTTPError as error:
        raise ExtractError(f"{where()}: {http_status_words(error.code)}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        from kalendarium.crawl import plain_error

        reason = getattr(error, "reason", error)
        said = plain_error(f"{url}: {reason}").removeprefix(f"{url}: ")
        raise ExtractError(f"{where()}: cannot be fetched: {said}") from error


def extract(source: str, *, kind: str | None = None, url: str | None = None, today: date | None = None,
            lang: str | None = None, tz: str = "Europe/Helsinki", horizon_days: int = 365) -> Extraction:
    """Every event in `source`. Without `kind`, a web page is read for the best it offers:
    a feed or event API it links to, its own schema.org data, a calendar page it links to,
    or its own listing (see `crawlers.parsers.offers.plan`). A local file is read alone."""
    data, content_type, fetched_url = load(source)
    options = dict(today=today or date.today(), lang=lang, tz=tz, horizon_days=horizon_days)
    page_url = url or fetched_url
    if kind is None and fetched_url and detect_kind(data, content_type) == "html":
        return _best_offer(source, data, content_type, page_url, options)
    extraction = _read(source, data, content_type, page_url, kind, options)
    if kind is None and detect_kind(data, content_type) == "html" and not extraction.records:
        offers = [offer for offer in find_offers(data, page_url or "") if offer.kind != "page"]
        extraction.notes += [f"the page links to {offer.url} ({offer.how}); run extract on it"
                             for offer in offers[:3]]
    return extraction


def _best_offer(source, data, content_type, page_url, options) -> Extraction:
    last = None
    details = detail_links(data, page_url, limit=MAX_DETAIL_PAGES)
    for step in plan(find_offers(data, page_url), details):
        if step.kind == "details":
            extraction = _read_details(details, options)
        elif not step.url:
            extraction = _read(source, data, content_type, page_url, step.kind, options)
        else:
            try:
                step_data, step_type, step_url = load(step.url)
                extraction = _read(step.url, step_data, step_type, step_url,
                                   None if step.kind == "page" else step.kind, options)
                if extraction.records and step.kind in ("tribe", "linkedevents"):
                    _read_next_pages(extraction, step.kind, step_data, step_url or step.url, options)
            except ExtractError as error:
                last = last or Extraction(kind="html", problems=[])
                last.problems.append(f"tried {step.url} ({step.how}): {error}")
                continue
        if extraction.records:
            if step.url:
                extraction.notes.insert(0, f"read {step.url}: {step.how}")
            return extraction
        last = extraction if last is None else Extraction(last.kind, [], last.problems + extraction.problems)
    return last or Extraction(kind="html")


def _read_next_pages(extraction: Extraction, kind: str, data: bytes, url: str, options) -> None:
    """The rest of a paged API answer, page by page (up to MAX_API_PAGES)."""
    for _ in range(MAX_API_PAGES):
        try:
            following = next_page(kind, json.loads(data))
        except ValueError:
            return
        if not following:
            return
        url = same_site(following, url)
        try:
            data, content_type, _ = load(url)
            more = _read(url, data, content_type, url, kind, options)
        except ExtractError as error:
            extraction.problems.append(str(error))
            return
        extraction.records += more.records
        extraction.problems += more.problems


def _read_details(links: list[str], options) -> Extraction:
    """Every event page below a listing, when the first of them carries schema.org data."""
    combined = Extraction(kind="jsonld")
    for number, link in enumerate(links):
        try:
            link_data, link_type, link_url = load(link)
            extraction = _read(link, link_data, link_type, link_url, "jsonld", options)
        except ExtractError as error:
            combined.problems.append(str(error))
            continue
        if number == 0 and not extraction.records:
            return combined  # not event pages: the plan goes on
        combined.records += extraction.records
        combined.problems += extraction.problems
    if combined.records:
        combined.notes.append(f"read {len(links)} event pages below the listing")
    return combined


def _read(source, data, content_type, page_url, kind, options) -> Extraction:
    try:
        document = read_document(data, url=page_url, kind=kind, content_type=content_type, **options)
    except ParseError as error:
        raise ExtractError(f"{source}: {error}") from error
    context = Context(language=options["lang"], timezone=options["tz"], url=page_url,
                      today=options["today"], horizon_days=options["horizon_days"])
    extraction = Extraction(kind=document.kind, problems=list(document.skipped))
    for item in document.items:
        try:
            extraction.records.append(normalise_item(item, context))
        except NormaliseError as error:
            extraction.problems.append(f"event {item.get('title')!r}: {error}")
    return extraction
