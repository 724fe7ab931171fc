"""`kalendarium sources discover URL`: what a site offers, tried, and a ready sources.yaml entry.

A coordinator gives a homepage; discovery lists the feeds, calendar files, event APIs and
calendar pages it links to (one level down from the menu too), reads each with the same
parsers as the harvest, and recommends the one that yields the most upcoming events in
the most structured form.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlparse

import yaml
from bs4 import BeautifulSoup

from crawlers.parsers.document import detect_kind
from crawlers.parsers.offers import Offer, find_offers
from kalendarium.extract import Extraction, ExtractError, _read, load

# Structured sources are preferred over reading a page's text: they keep working when the
# site's layout changes.
KIND_RANK = {"ical": 5, "tribe": 5, "linkedevents": 5, "rss": 4, "jsonld": 3, "auto": 2, "html": 1}
STRUCTURED = ("jsonld", "microdata", "rdfa", "hcalendar")
PARISH_WORDS = re.compile(r"församling|seurakunta|parish|kyrk|kirkko", re.I)
MUNICIPALITY_WORDS = re.compile(r"\b(kommun|stad|kaupunki|kunta|municipality|city of)\b", re.I)


@dataclass
class Candidate:
    offer: Offer
    kind: str
    events: int = 0
    upcoming: int = 0
    error: str | None = None
    extraction: Extraction | None = None
    data: bytes = b""

    @property
    def score(self) -> tuple:
        return (self.upcoming > 0, KIND_RANK.get(self.kind, 0), self.upcoming, self.events)


@dataclass
class Discovery:
    url: str
    title: str
    language: str | None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        found = [c for c in self.candidates if c.events]
        return max(found, key=lambda c: c.score) if found else None


def discover(url: str, *, today: date | None = None, tz: str = "Europe/Helsinki") -> Discovery:
    today = today or date.today()
    data, content_type, page_url = load(url)
    page_url = page_url or url
    title, language = _page_facts(data) if detect_kind(data, content_type) == "html" else ("", None)
    found = Discovery(url=page_url, title=title, language=language)
    options = dict(today=today, lang=language, tz=tz, horizon_days=365)
    offers = find_offers(data, page_url) if detect_kind(data, content_type) == "html" else []
    seen = {page_url}
    found.candidates.append(_try(Offer("auto", page_url, "the page itself"), "auto", options,
                                 (data, content_type, page_url)))
    for offer in offers:
        if offer.url in seen:
            continue
        seen.add(offer.url)
        candidate = _try(offer, "auto" if offer.kind == "page" else offer.kind, options)
        found.candidates.append(candidate)
        if offer.kind == "page" and candidate.data:
            # a calendar page often links to the feed the homepage does not mention
            for deeper in find_offers(candidate.data, offer.url):
                if deeper.kind != "page" and deeper.url not in seen:
                    seen.add(deeper.url)
                    found.candidates.append(_try(deeper, deeper.kind, options))
    _add_structured_listing(found)
    return found


def _add_structured_listing(found: Discovery) -> None:
    """Detail pages below this page that carry schema.org events: harvest them all as a
    `jsonld` source that follows the listing's links, rather than reading the listing's text."""
    prefix = urlparse(found.url).path
    details = [c for c in found.candidates
               if c.offer.kind == "page" and c.extraction is not None and c.events
               and all(r["extraction"] in STRUCTURED for r in c.extraction.records)
               and urlparse(c.offer.url).path.startswith(prefix)]
    if len(details) >= 2:
        found.candidates.append(Candidate(
            offer=Offer("jsonld", found.url, f"{len(details)} event pages below it carry schema.org data"),
            kind="jsonld", events=sum(c.events for c in details), upcoming=sum(c.upcoming for c in details)))


def _try(offer: Offer, kind: str, options: dict, loaded=None) -> Candidate:
    candidate = Candidate(offer=offer, kind=kind)
    try:
        data, content_type, url = loaded or load(offer.url)
        candidate.data = data
        extraction = _read(offer.url, data, content_type, url or offer.url,
                           None if kind == "auto" else kind, options)
    except ExtractError as error:
        candidate.error = str(error)
        return candidate
    candidate.extraction = extraction
    candidate.events = len(extraction.records)
    today = options["today"].isoformat()
    candidate.upcoming = sum(1 for record in extraction.records
                             if any(o["date"] >= today for o in record.get("occurrences") or []))
    return candidate


def _page_facts(data: bytes) -> tuple[str, str | None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(data, "lxml")
    title = " ".join(soup.title.get_text(" ").split()) if soup.title else ""
    lang = (soup.html.get("lang") or "")[:2].lower() if soup.html else ""
    return title, lang if lang in ("sv", "fi", "en") else None


def source_entry(found: Discovery, existing_ids: set[str] = frozenset()) -> dict:
    """A sources.yaml entry for the best candidate (the coordinator checks name and municipality)."""
    best = found.best
    name = re.split(r"\s+[|–-]\s+", found.title)[-1].strip() if found.title else urlparse(found.url).netloc
    entry = {
        "id": _unique_id(found.url, existing_ids),
        "name": name or urlparse(found.url).netloc,
        "organiser_type": "parish" if PARISH_WORDS.search(found.title) else
                          "municipality" if MUNICIPALITY_WORDS.search(found.title) else "association",
        "language": found.language,  # the page's lang="…"; without it, left to the coordinator
        "kind": best.kind if best else "auto",
        "url": best.offer.url if best else found.url,
    }
    if entry["language"] is None:
        del entry["language"]
    return entry


def _unique_id(url: str, existing_ids: set[str]) -> str:
    parsed = urlparse(url)
    host = parsed.netloc.split(":")[0].removeprefix("www.")
    words = [host.rsplit(".", 1)[0]] + [part for part in parsed.path.split("/") if part][:1]
    base = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-") or "source"
    candidate, number = base, 2
    while candidate in existing_ids:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def robots_allows(url: str) -> bool:
    """Whether the site's robots.txt lets the harvest (Scrapy's ProtegoRobotParser, our user
    agent) read `url`; discovery itself reads pages as a person would, so it would not notice."""
    from protego import Protego

    from crawlers.settings import USER_AGENT

    parts = urlparse(url)
    try:
        data, _, _ = load(f"{parts.scheme}://{parts.netloc}/robots.txt")
    except ExtractError:
        return True  # none, or unreadable: the harvest reads the site as if it allowed everything
    return Protego.parse(data.decode("utf-8", "replace")).can_fetch(url, USER_AGENT)


def entry_yaml(entry: dict) -> str:
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    return "\n".join("  " + line if line else line for line in text.splitlines()) + "\n"
