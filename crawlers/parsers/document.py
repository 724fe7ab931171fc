"""Recognise what a document is and read its events with the right parser.

Used by `kalendarium extract` (any file or URL) and by the spiders, so both read a
document the same way.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urljoin, urlparse

from crawlers.parsers import ParseError
from crawlers.parsers.apis import EMPTY_TRIBE_RANGE, is_linked_events, is_tribe, parse_linked_events, parse_tribe
from crawlers.parsers.feed import parse_feed
from crawlers.parsers.generic import parse_generic, xml_tree
from crawlers.parsers.ical import is_jcal, jcal_to_ical, parse_ical, xcal_to_ical
from crawlers.parsers.schemaorg import parse_jsonld_document, parse_structured

KINDS = ("ical", "rss", "jsonld", "html", "tribe", "linkedevents", "json", "xml")
# Unrolling window for iCal series: a month back, the horizon ahead.
PAST_DAYS = 31
# The first element, past an XML declaration, processing instructions, comments and a doctype
# (feeds in the wild often start with a comment, so `<rss` is not always at the top).
FIRST_TAG = re.compile(rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\w.:-]*)",
                       re.DOTALL | re.IGNORECASE)
FEED_ROOTS = ("rss", "feed", "rdf", "channel")
HTML_ROOTS = ("html", "head", "body", "div", "section", "article", "main", "span", "p", "ul", "ol", "li",
              "table", "a", "abbr", "header", "footer", "nav", "meta", "link", "title", "script", "style")


# Files that are no calendar, feed, page or API answer, by their first bytes.
BINARY_FORMATS = ((b"%PDF-", "a PDF file"), (b"PK\x03\x04", "a ZIP file (an Office document?)"),
                  (b"\xd0\xcf\x11\xe0", "an old Office document"), (b"\x89PNG", "a PNG image"),
                  (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"))
GZIP_MAGIC = b"\x1f\x8b"
MAX_UNPACKED_BYTES = 20 * 1024 * 1024


@dataclass
class Document:
    """What was read from one document."""

    kind: str
    items: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def detect_kind(data: bytes, content_type: str | None = None) -> str:
    """ical, rss, tribe, linkedevents, jsonld (a JSON-LD document) or html, from the bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    content_type = (content_type or "").lower()
    # Any BEGIN: line is iCalendar-like: the iCal parser then says what is wrong with it.
    if head.startswith(b"begin:") or "text/calendar" in content_type:
        return "ical"
    if head.startswith((b"{", b"[")) or "json" in content_type:
        document = _json(data)
        if is_jcal(document):
            return "ical"
        if is_tribe(document):
            return "tribe"
        if is_linked_events(document):
            return "linkedevents"
        return "jsonld"
    root = xml_root(data)
    if root and root.lower() == "icalendar" or "calendar+xml" in content_type:  # xCal
        return "ical"
    if root and root.lower() in FEED_ROOTS:
        return "rss"
    if root and root.lower() in HTML_ROOTS:
        return "html"
    # XML is case-sensitive and capitalised roots (<Event>) are not HTML: an API answer.
    is_xml = head.startswith(b"<?xml") or "xml" in content_type or (root and root != root.lower())
    if is_xml and b"<html" not in head:
        return "xml"
    return "html"


def xml_root(data: bytes) -> str | None:
    """Local name of the document's first element (`rdf:RDF` → `RDF`), or None."""
    match = FIRST_TAG.match(data[:8192].lstrip(b"\xef\xbb\xbf"))
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1] if match else None


def read_document(data: bytes, *, url: str | None = None, kind: str | None = None,
                  content_type: str | None = None, lang: str | None = None,
                  today: date | None = None, tz: str = "Europe/Helsinki",
                  horizon_days: int = 365, selectors: dict | None = None) -> Document:
    """Read every event in `data`. Raises ParseError when the document itself is unreadable."""
    today = today or date.today()
    data = _unpacked(data)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n"):
        raise ParseError("the document is empty")
    kind = kind or detect_kind(data, content_type)
    if kind in ("html", "jsonld"):
        _check_is_a_page(data, kind)
    if kind in ("html", "xml", "rss", "jsonld"):  # the other readers say what is wrong themselves
        _check_text(data)
    document = Document(kind=kind)
    skipped = document.skipped
    if kind == "ical":
        document.items = parse_ical(_as_icalendar(data), window_start=today - timedelta(days=PAST_DAYS),
                                    window_end=today + timedelta(days=horizon_days), skipped=skipped)
    elif kind == "rss":
        _check_feed_root(data)
        document.items = parse_feed(data, url=url, lang=lang, today=today, tz=tz, skipped=skipped)
    elif kind == "tribe":
        document.items = parse_tribe(_json(data))
    elif kind == "linkedevents":
        document.items = parse_linked_events(_json(data), lang=lang)
    elif kind == "json" or (kind == "jsonld" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")):
        tree = _json(data)
        error = api_error(tree)
        if error == EMPTY_TRIBE_RANGE:
            skipped.append("The Events Calendar answers that it has no events in the range asked for")
            return document
        if error:
            raise ParseError(f"the answer is an error message, not events: {error}")
        document.items = parse_jsonld_document(tree, url=url, lang=lang) if kind == "jsonld" else []
        if not document.items:
            document.kind = "json"
            document.items = parse_generic(tree, lang=lang, url=url, extraction="json")
        if not document.items:
            skipped.append("the JSON document holds no schema.org Event and no object with both a "
                           "title and a start time")
    elif kind == "xml":
        document.items = parse_generic(xml_tree(data), lang=lang, url=url, extraction="xml")
        if not document.items:
            skipped.append(f"the XML document (root <{xml_root(data)}>) holds no element with both "
                           "a title and a start time")
    elif kind in ("jsonld", "html"):
        document.items = read_html(data, url=url, lang=lang, today=today, tz=tz, selectors=selectors,
                                   prefer_structured=kind == "jsonld", skipped=skipped,
                                   content_type=content_type)
    else:
        raise ParseError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    _absolute_urls(document.items, data, url, kind)
    return document


ERROR_KEYS = {"code", "message", "data", "status", "statuscode", "detail", "title", "type", "instance", "error",
              "errors", "error_description", "path", "timestamp", "additional_errors", "success"}


def api_error(document) -> str | None:
    """What an API's error answer says ("404 rest_no_route: No route was found …"), or None
    for an answer that is not one: WordPress's REST errors, Google's and Microsoft Graph's
    {"error": {…}}, Django REST's {"detail": …}, RFC 7807 problem details."""
    if not isinstance(document, dict) or not document or not set(map(str.lower, document)) <= ERROR_KEYS:
        return None
    fields = {key.lower(): value for key, value in document.items()}
    if isinstance(fields.get("data"), (list, dict)) and not (isinstance(fields["data"], dict) and
                                                             set(fields["data"]) <= {"status", "params", "details"}) \
            or fields.get("success") is True or str(fields.get("status")).lower() in ("ok", "success", "200"):
        return None  # an answer with its data beside a message
    error = fields.get("error")
    if isinstance(error, dict):
        fields = {key.lower(): value for key, value in error.items()}
    if fields.get("code") == EMPTY_TRIBE_RANGE:
        return EMPTY_TRIBE_RANGE
    data = fields.get("data") if isinstance(fields.get("data"), dict) else {}
    status = data.get("status") or fields.get("status") or fields.get("statuscode")
    failing = isinstance(status, int) and status >= 400
    keys = ("message", "detail", "error_description", "error") + (("title",) if failing else ())
    message = next((fields[key] for key in keys if isinstance(fields.get(key), str) and fields[key].strip()), None)
    said_so = failing or any(key in fields for key in ("code", "error")) or set(fields) == {"detail"}
    if message is None or not said_so:
        return None
    code = fields.get("code") if fields.get("code") not in (None, status) else None
    head = " ".join(str(part) for part in (status, code) if part not in (None, ""))
    return f"{head}: {message.strip()}" if head else message.strip()


def _as_icalendar(data: bytes) -> bytes:
    """iCalendar text; an xCal (XML) or jCal (JSON) calendar written back as one."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] == b"[":
        document = _json(data)
        if is_jcal(document):
            return jcal_to_ical(document)
    if head[:1] == b"<" and (xml_root(data) or "").lower() in ("icalendar", "vcalendar"):
        return xcal_to_ical(data.lstrip(b"\xef\xbb\xbf \t\r\n"))
    return data


NOT_A_PAGE = {"ical": "an iCalendar file", "rss": "an RSS or Atom feed"}


def _check_is_a_page(data: bytes, kind: str) -> None:
    """A calendar file or feed read as a web page holds no events in its "text": say what it is
    (a source's kind written wrong said only "no events were found")."""
    actual = detect_kind(data)  # from the bytes alone: servers' content types are often wrong
    if actual in NOT_A_PAGE:
        raise ParseError(f"the document is {NOT_A_PAGE[actual]}, not a web page: read it with kind: {actual}")


# A saved page still says where it lives (the listing reader reads the same tags with its soup).
_CANONICAL = (re.compile(rb"""<link\b[^>]*\brel\s*=\s*["']?canonical\b[^>]*>""", re.I),
              re.compile(rb"""<meta\b[^>]*\bproperty\s*=\s*["']?og:url\b[^>]*>""", re.I))
_BASE_TAG = re.compile(rb"""<base\b[^>]*>""", re.I)
_HREF = re.compile(rb"""\b(?:href|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _web(address: str | None) -> bool:
    return urlparse(address or "").scheme in ("http", "https")


def _attribute(tag: bytes) -> str:
    found = _HREF.search(tag)
    if not found:
        return ""
    value = next(group for group in found.groups() if group is not None)
    return value.decode("utf-8", "replace").strip()


def document_base(data: bytes, url: str | None, kind: str) -> str | None:
    """What a document's relative links resolve against: its own address, or for a saved web
    page read without one its canonical link or og:url; a `<base href>` over either, as in a
    browser. None when nothing says where the document lives."""
    if kind not in ("html", "jsonld"):
        return url if _web(url) else None
    head = data[:65536]
    if not _web(url):
        url = next((address for pattern in _CANONICAL for tag in pattern.findall(head)
                    if _web(address := _attribute(tag))), None)
    found = _BASE_TAG.search(head)
    base = _attribute(found.group(0)) if found is not None else ""
    if base:
        joined = urljoin(url or "", base)
        return joined if _web(joined) else url
    return url


def _absolute_urls(items: list[dict], data: bytes, url: str | None, kind: str) -> None:
    """Every item's own link as an absolute address: parsers keep what the document wrote
    (`/karleby/evenemang/seniorgym-prova-pa/`, `anmalan/?aktivitet=1`), which the catalogue
    cannot link to. Joined to the document's address (`document_base`); a link nothing can
    resolve is dropped, so the record falls back to the source's address."""
    relative = [item for item in items if item.get("url") and not urlparse(str(item["url"])).scheme]
    if not relative:
        return
    base = document_base(data, url, kind)
    for item in relative:
        item["url"] = urljoin(base, str(item["url"]).strip()) if base else None


def read_html(data: bytes, *, url, lang, today, tz, selectors=None, prefer_structured=True,
              skipped: list, content_type: str | None = None) -> list[dict]:
    """Structured data when the page has it; otherwise the page's own listing, read heuristically.

    A `jsonld` source's listing page links to detail pages that carry the data, so its own
    text is not read as a listing (that would count every event twice).
    """
    from crawlers.parsers.listing import parse_listing

    if selectors:
        return parse_listing(data, url or "", lang=lang, today=today, tz=tz, selectors=selectors)
    items = parse_structured(data, url=url, skipped=skipped, lang=lang, content_type=content_type)
    if items or prefer_structured:
        return items
    return parse_listing(data, url or "", lang=lang, today=today, tz=tz)


def _unpacked(data: bytes) -> bytes:
    """A gzip-compressed document (a saved `.ics.gz`, an answer sent compressed unasked)."""
    if not data.startswith(GZIP_MAGIC):
        return data
    unpacker = zlib.decompressobj(wbits=31)
    try:
        unpacked = unpacker.decompress(data, MAX_UNPACKED_BYTES)
    except zlib.error as error:
        raise ParseError(f"the document is a damaged gzip file: {error}") from error
    if unpacker.unconsumed_tail:
        raise ParseError(f"the document unpacks to more than {MAX_UNPACKED_BYTES} bytes")
    return unpacked


def _check_text(data: bytes) -> None:
    """A PDF, an image or other binary file gets an error naming it, not '0 events'."""
    head = data[:1024]
    for magic, what in BINARY_FORMATS:
        if head.startswith(magic):
            raise ParseError(f"the document is {what}, not a calendar, feed, web page or event API answer")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs too
        raise ParseError("the document is binary, not a calendar, feed, web page or event API answer")


def _check_feed_root(data: bytes) -> None:
    """An XML answer that is not a feed (an event API's own format) gets a clear error."""
    root = xml_root(data)
    if root and root.lower() not in FEED_ROOTS + ("html",):
        raise ParseError(f"the XML document's root element is <{root}>, not an RSS or Atom feed; "
                         "there is no parser for this format")


def _json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ParseError(f"the document is not valid JSON: {error}") from error
