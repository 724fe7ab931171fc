"""JSON event APIs that Nordic sites publish → raw events.

- The Events Calendar (WordPress), `/wp-json/tribe/events/v1/events`.
- Linked Events (Helsinki, Espoo, Turku …), `/v1/event/`.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from urllib.parse import urlparse

from crawlers.parsers import ParseError
from crawlers.parsers.prices import price_of

LANGUAGE_ORDER = ("sv", "fi", "en")
# The Events Calendar's error code for a range without events (or a page past the last): no
# error, nothing to read.
EMPTY_TRIBE_RANGE = "event-archive-page-not-found"
DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_tribe(document) -> bool:
    """An event list (`/events`) or one event (`/events/<id>`) of The Events Calendar's API."""
    return _is_tribe_event(document) or isinstance(document, dict) and isinstance(document.get("events"), list) and (
        "rest_url" in document or "total" in document or "next_rest_url" in document
        or any(isinstance(e, dict) and "utc_start_date" in e for e in document["events"]))


def _is_tribe_event(document) -> bool:
    return isinstance(document, dict) and "utc_start_date" in document and (
        "rest_url" in document or "global_id" in document)


def is_linked_events(document) -> bool:
    """A page of events (`/v1/event/`) or one event (`/v1/event/<id>/`) of Linked Events."""
    return _is_linked_event(document) or (isinstance(document, dict) and isinstance(document.get("data"), list)
                                          and isinstance(document.get("meta"), dict))


def _is_linked_event(document) -> bool:
    return isinstance(document, dict) and str(document.get("@type") or "").endswith("LinkedEvent")


def parse_tribe(document) -> list[dict]:
    if not is_tribe(document):
        raise ParseError("the answer is not a The Events Calendar event list (no 'events')")
    events = [document] if _is_tribe_event(document) else document["events"]
    return [_tribe_event(event) for event in events if isinstance(event, dict)]


def tribe_next_page(document) -> str | None:
    return document.get("next_rest_url") if isinstance(document, dict) else None


def _tribe_event(event: dict) -> dict:
    venue = event.get("venue") if isinstance(event.get("venue"), dict) else {}
    organisers = event.get("organizer") if isinstance(event.get("organizer"), list) else []
    zone = event.get("timezone")
    item = {
        "source_event_id": str(event.get("id")) if event.get("id") is not None else None,
        "title": event.get("title") or "",
        "description": event.get("description") or event.get("excerpt") or "",
        "all_day": bool(event.get("all_day")),
        "location": venue.get("venue"),
        "address": _address(venue.get("address"), venue.get("zip"), venue.get("city")),
        "url": event.get("url"),
        "organiser": ", ".join(o.get("organizer", "") for o in organisers if isinstance(o, dict)) or None,
        "categories": [c.get("name") for c in event.get("categories") or [] if isinstance(c, dict)],
        "status": event.get("status") if event.get("status") not in ("publish",) else None,
        "free_of_charge": _tribe_free(event),
        "extraction": "tribe",
    }
    if zone and not str(zone).startswith("UTC"):
        # Local times with an IANA zone are what the site's visitors saw.
        item.update(timezone=zone, start=event.get("start_date"), end=event.get("end_date"))
    else:
        item.update(start=_utc(event.get("utc_start_date")), end=_utc(event.get("utc_end_date")))
    if item["all_day"]:
        item["start"] = (event.get("start_date") or "")[:10] or None
        item["end"] = (event.get("end_date") or "")[:10] or None
    return item


def _tribe_free(event: dict) -> bool | None:
    """`cost` as the site wrote it ("Maksuton", "0", "15 &euro;"); empty says nothing."""
    price = price_of(html.unescape(str(event.get("cost") or "")).strip())
    return None if price is None else price == 0


def _address(street, postcode, city) -> str | None:
    """"Storgatan 1, 68600 Jakobstad": the postcode goes with its town."""
    town = " ".join(str(part) for part in (postcode, city) if part)
    return ", ".join(str(part) for part in (street, town) if part) or None


def _utc(value: str | None) -> str | None:
    return f"{value.replace(' ', 'T')}+00:00" if value else None


def parse_linked_events(document, *, lang: str | None = None) -> list[dict]:
    if not is_linked_events(document):
        raise ParseError("the answer is not a Linked Events page (no 'data' and 'meta')")
    events = [document] if _is_linked_event(document) else [event for event in document["data"]
                                                              if isinstance(event, dict)]
    listed = {event.get("@id") for event in events}
    return [_linked_event(event, lang) for event in events if not _container_of_listed(event, listed)]


def _container_of_listed(event: dict, listed: set) -> bool:
    """A recurring or umbrella super event whose sub events are in the same answer: each
    sub event is one date of it, so the container itself would count the activity twice."""
    subs = {sub.get("@id") for sub in event.get("sub_events") or [] if isinstance(sub, dict)}
    return bool(event.get("super_event_type")) and bool(subs & listed)


def linked_events_next_page(document) -> str | None:
    meta = document.get("meta") if isinstance(document, dict) else None
    return meta.get("next") if isinstance(meta, dict) else None


def _linked_event(event: dict, lang: str | None) -> dict:
    location = event.get("location") if isinstance(event.get("location"), dict) else {}
    name = event.get("name") or {}
    language = _language_of(name, lang)
    address = _pick(location.get("street_address"), language)
    locality = _pick(location.get("address_locality"), language)
    return {
        "source_event_id": event.get("id"),
        "title": _pick(name, language),
        "description": _pick(event.get("description"), language) or _pick(event.get("short_description"), language),
        "start": event.get("start_time"),
        "end": _linked_end(event.get("start_time"), event.get("end_time")),
        "all_day": bool(event.get("start_time")) and "T" not in str(event.get("start_time")),
        "status": event.get("event_status"),
        "location": _pick(location.get("name"), language),
        "address": _address(address, location.get("postal_code"), locality),
        "url": _pick(event.get("info_url"), language) or event.get("@id"),
        "organiser": _pick(event.get("provider"), language),
        "language": language,
        "categories": [_pick(k.get("name"), language) for k in event.get("keywords") or []
                       if isinstance(k, dict) and k.get("name")],
        "free_of_charge": _linked_free(event.get("offers")),
        "extraction": "linkedevents",
    }


def _linked_end(start, end):
    """Linked Events writes an end without its time as the last day, inclusive (it stores the
    next midnight and reports the day before). Beside an all-day start that is the event's last
    day; beside a start with a time the event ends as that day does, at the next midnight."""
    if not (isinstance(start, str) and "T" in start and isinstance(end, str) and DATE_ONLY.fullmatch(end)):
        return end
    return f"{date.fromisoformat(end) + timedelta(days=1)}T00:00:00"


def _linked_free(offers) -> bool | None:
    """Free when every offer says `is_free`; an offer with a price makes it cost."""
    flags = [offer.get("is_free") for offer in offers or [] if isinstance(offer, dict)]
    flags = [flag for flag in flags if isinstance(flag, bool)]
    return all(flags) if flags else None


def _language_of(translations, preferred: str | None) -> str | None:
    if not isinstance(translations, dict):
        return preferred
    for code in ((preferred,) if preferred else ()) + LANGUAGE_ORDER:
        if translations.get(code):
            return code
    return preferred


def _pick(value, language: str | None):
    """A multilingual {fi, sv, en} value in the wanted language, else the first there is."""
    if not isinstance(value, dict):
        return value
    for code in ((language,) if language else ()) + LANGUAGE_ORDER:
        if value.get(code):
            return value[code]
    return next((text for text in value.values() if text), None)


def same_site(next_url: str, current_url: str) -> str:
    """Sites behind a proxy often announce their next page on an internal host name."""
    current, following = urlparse(current_url), urlparse(next_url)
    if following.netloc and following.netloc != current.netloc:
        prefix = current.path.split("/wp-json/")[0] if "/wp-json/" in current.path else ""
        path = following.path if following.path.startswith(prefix + "/") else prefix + following.path
        return following._replace(scheme=current.scheme, netloc=current.netloc, path=path).geturl()
    return next_url


def next_page(kind: str, document) -> str | None:
    """The next page's address of a paged API answer (tribe, linkedevents), or None."""
    if kind == "tribe":
        return tribe_next_page(document)
    if kind == "linkedevents":
        return linked_events_next_page(document)
    return None
