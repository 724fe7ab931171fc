"""What a web page offers to a harvester: feeds, calendars, event APIs and calendar pages.

A coordinator should be able to add most sites with a URL alone. Given a homepage or a
calendar page, `find_offers` lists what it links to, best first: an iCal or RSS/Atom feed,
The Events Calendar's or Linked Events' API, then pages whose link text or address says
they are calendars ("evenemang", "tapahtumat", "kalender" …).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import lxml.etree
import lxml.html
from bs4 import BeautifulSoup, UnicodeDammit, XMLParsedAsHTMLWarning

FEED_TYPES = {
    "text/calendar": "ical",
    "application/rss+xml": "rss",
    "application/atom+xml": "rss",
    "application/rdf+xml": "rss",
}
CALENDAR_WORDS = re.compile(
    r"evenemang|kalender|händelser|handelser|aktiviteter|verksamhet|program|tapahtum|menot|"
    r"toiminta|kalenteri|ohjelma|events?\b|calendar|whats-on|what's on",
    re.IGNORECASE)
ICAL_HREF = re.compile(r"(\.ics(\?|$)|^webcal:|[?&](ical|ics)=1|/ical/?$|outlook-ical|format=ical)", re.I)
FEED_HREF = re.compile(r"(\.rss(\?|$)|/rss/?$|/feed/?$|[?&]feed=rss|\.atom(\?|$)|/atom/?$)", re.I)
TRIBE_SIGN = re.compile(rb"tribe-events|/wp-json/tribe/events|tribe_events", re.I)
LINKED_EVENTS_API = re.compile(r"https?://[^\s\"'<>]+/linkedevents/v1/event/?[^\s\"'<>]*|"
                               r"https?://[^\s\"'<>]*linkedevents[^\s\"'<>]*/v1/event/?[^\s\"'<>]*", re.I)
COMMENT_FEED = re.compile(r"comment|kommentar|kommentit", re.I)
PRIORITY = {"ical": 0, "tribe": 1, "linkedevents": 1, "rss": 2, "jsonld": 3, "details": 3, "page": 4}
MAX_PAGE_LINKS = 5


@dataclass(frozen=True)
class Offer:
    """One thing worth trying: `kind` is how to read `url`; `how` says where it was found."""

    kind: str
    url: str
    how: str

    @property
    def priority(self) -> int:
        return PRIORITY.get(self.kind, 9)


def find_offers(html: bytes | str, url: str) -> list[Offer]:
    """Feeds, APIs and calendar pages the page links to, best first, without duplicates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    raw = html.encode("utf-8", "replace") if isinstance(html, str) else html
    offers: list[Offer] = []
    offers += _alternate_links(soup, url)
    offers += _anchor_feeds(soup, url)
    offers += _event_apis(soup, raw, url)
    offers += _calendar_pages(soup, url)
    return _unique(sorted(offers, key=lambda offer: offer.priority))


def _alternate_links(soup, url: str) -> list[Offer]:
    offers = []
    for link in soup.find_all("link", href=True):
        rel = " ".join(link.get("rel") or []).lower()
        kind = FEED_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        if "alternate" in rel and kind:
            if kind == "rss" and COMMENT_FEED.search(f'{link.get("title") or ""} {link["href"]}'):
                continue  # a blog's comment feed is not a calendar
            offers.append(Offer(kind, _absolute(link["href"], url), f'<link rel="alternate" type="{link.get("type")}">'))
    return offers


def _anchor_feeds(soup, url: str) -> list[Offer]:
    offers = []
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"].strip()
        if ICAL_HREF.search(href):
            offers.append(Offer("ical", _absolute(href, url), f"link {_label(anchor)!r} to a calendar file"))
        elif FEED_HREF.search(href) and not COMMENT_FEED.search(href):
            offers.append(Offer("rss", _absolute(href, url), f"link {_label(anchor)!r} to a feed"))
    return offers


def _event_apis(soup, raw: bytes, url: str) -> list[Offer]:
    offers = []
    api_root = soup.find("link", rel=lambda value: value and "https://api.w.org/" in value)
    if api_root is not None:
        # Any WordPress site may run The Events Calendar: one request tells.
        root = api_root.get("href", "").rstrip("/")
        how = "WordPress with The Events Calendar" if TRIBE_SIGN.search(raw) else \
            "WordPress: The Events Calendar's API, if the site runs it"
        offers.append(Offer("tribe", _absolute(root + "/tribe/events/v1/events", url), how))
    for match in LINKED_EVENTS_API.finditer(raw.decode("utf-8", "replace")):
        offers.append(Offer("linkedevents", match.group(0).rstrip(".,;)"), "a Linked Events API address"))
    return offers


def _calendar_pages(soup, url: str) -> list[Offer]:
    """Same-site pages whose link text or address says they are the calendar."""
    site = urlparse(url).netloc
    offers = []
    for anchor in soup.find_all("a", href=True):
        target = _absolute(anchor["href"], url)
        parsed = urlparse(target)
        if parsed.scheme not in ("http", "https") or parsed.netloc != site or target.rstrip("/") == url.rstrip("/"):
            continue
        if CALENDAR_WORDS.search(_label(anchor)) or CALENDAR_WORDS.search(parsed.path):
            offers.append(Offer("page", target.split("#")[0], f"menu link {_label(anchor)!r}"))
        if len(offers) >= MAX_PAGE_LINKS:
            break
    return offers


def _label(anchor) -> str:
    return " ".join(anchor.get_text(" ").split())[:60] or anchor.get("title") or anchor["href"]


def _absolute(href: str, base: str) -> str:
    href = href.strip()
    if href.lower().startswith("webcal://"):
        return "https://" + href[len("webcal://"):]
    return urljoin(base, href)


def _unique(offers: list[Offer]) -> list[Offer]:
    seen, unique = set(), []
    for offer in offers:
        if offer.url not in seen:
            seen.add(offer.url)
            unique.append(offer)
    return unique


# The page's own content, as steps of a plan beside the offers it links to.
OWN_STRUCTURED = Offer("jsonld", "", "the page's own schema.org data")
OWN_DETAILS = Offer("details", "", "the schema.org data of the event pages below it")
OWN_LISTING = Offer("html", "", "the page's own listing, read heuristically")
MAX_TRIED = 6


def plan(offers: list[Offer], details: list[str] = ()) -> list[Offer]:
    """In which order to try what a page offers: feeds and APIs, the page's own structured
    data, the event pages below it (a CMS listing), calendar pages it links to, and last the
    page's own text. The first step that yields events is used. Steps with an empty url
    mean the page itself."""
    feeds = [offer for offer in offers if offer.kind in ("ical", "tribe", "linkedevents", "rss")]
    pages = [offer for offer in offers if offer.kind == "page"]
    own = [OWN_STRUCTURED] + ([OWN_DETAILS] if len(details) >= 2 else [])
    return (feeds + own + pages)[:MAX_TRIED + 1] + [OWN_LISTING]


def detail_links(html: bytes | str, url: str, selector: str | None = None, limit: int = 200) -> list[str]:
    """Links to the pages of single events: by a CSS selector, or else same-site links below
    the listing's own path (a CMS's /evenemang/ → /evenemang/some-event/)."""
    if selector:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(html, "lxml")
        hrefs = [a.get("href") for element in soup.select(selector)
                 for a in ([element] if element.name == "a" else element.find_all("a"))]
    else:
        hrefs = _hrefs(html)
    base = urlparse(url)
    prefix = base.path if base.path.endswith("/") else base.path.rsplit("/", 1)[0] + "/"
    links: list[str] = []
    for href in hrefs:
        if not href:
            continue
        target = urljoin(url, href.strip()).split("#")[0]
        parsed = urlparse(target)
        below = parsed.netloc == base.netloc and parsed.path.startswith(prefix) and parsed.path != prefix
        if (selector or below) and target != url and target not in links and parsed.scheme in ("http", "https"):
            links.append(target)
        if len(links) >= limit:
            break
    return links


def _hrefs(html: bytes | str) -> list[str | None]:
    """The href of every <a> in document order, straight from lxml: a BeautifulSoup tree of a
    listing page costs ~20 ms, and a CMS listing is read for its links every night, changed or
    not. The bytes are decoded as BeautifulSoup would (UnicodeDammit: declared charset, UTF-8,
    then Windows-1252)."""
    text = html if isinstance(html, str) else UnicodeDammit(html, is_html=True).unicode_markup
    if not text or not text.strip():
        return []
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=_UTF8_HTML)
    except (lxml.etree.ParserError, ValueError):
        return []
    return [anchor.get("href") for anchor in root.iter("a")]


_UTF8_HTML = lxml.html.HTMLParser(encoding="utf-8")
