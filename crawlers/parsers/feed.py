"""RSS and Atom feeds → raw events.

A feed item is an event only when it says when the event happens: the RSS event module
(`ev:startdate`), xCal, or a date in the item's own words ("Ti 2.12. klo 13–15",
"onsdag 9 december kl. 18"). The publication date (`pubDate`, `updated`) is not taken for
the event date, so news items are skipped; the one exception is The Events Calendar's own
feed, which writes each event's start as its pubDate.

News mentions days too ("valde på måndagen", "budgeten godkändes den 23 november"): a lone
weekday without a date, time or repetition, or a date before the item was published, is a
report of what happened, not an event.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import feedparser

from crawlers.parsers import ParseError
from crawlers.parsers.listing import find_location
from normalise.dates import find_when, to_24h
from normalise.text import clean_line, html_to_text

TITLE_SEPARATORS = " \t-–—:|,.;"
ISO_DATE = re.compile(r"\d{4}-?\d{2}-?\d{2}")
CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?\s?m\.?)?(?![\d.:])", re.I)
GREETING = re.compile(r"(?:hjärtligt |varmt |lämpimästi |warmly )?(?:välkomn?a?|tervetuloa|welcome)\b", re.I)
HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
# WordPress's guid of an event post of The Events Calendar (`/?post_type=tribe_events&p=2211`).
TRIBE_EVENT_GUID = re.compile(r"[?&](?:amp;|#038;)?post_type=tribe_events(?:&|$)")


def parse_feed(data: bytes | str, *, url: str | None = None, lang: str | None = None,
               today: date | None = None, tz: str = "Europe/Helsinki",
               skipped: list | None = None) -> list[dict]:
    feed = feedparser.parse(data, response_headers={"content-location": url} if url else None)
    if not feed.entries:
        # A feed cut off or broken before its first item; a wrong charset alone is no reason.
        if feed.bozo and (not feed.feed or not isinstance(feed.bozo_exception, HARMLESS_BOZO)):
            raise ParseError(f"the feed cannot be read: {feed.bozo_exception}")
        return []
    skipped = skipped if skipped is not None else []
    if feed.bozo and not isinstance(feed.bozo_exception, HARMLESS_BOZO):
        skipped.append(_broken(feed.bozo_exception))
    feed_lang = lang or _language(feed.feed.get("language"))
    items = []
    for entry in feed.entries:
        item = _item(entry, feed_lang, today, tz)
        if item is None:
            skipped.append(f"feed item {clean_line(entry.get('title'))!r}: no event date in it (news?)")
            continue
        items.append(item)
    return items


def _broken(error: Exception) -> str:
    """What is wrong with a feed that was read leniently all the same."""
    line = error.getLineNumber() if hasattr(error, "getLineNumber") else None
    message = error.getMessage() if hasattr(error, "getMessage") else str(error)
    if line and message == "no element found":
        return f"the feed is cut off at line {line}: only the items before it were read"
    where = f" at line {line}" if line else ""
    return f"the feed is not well-formed XML{where} ({message}): its items were read leniently, some may be missing"


def _item(entry, lang: str | None, today: date | None, tz: str) -> dict | None:
    title = clean_line(entry.get("title"))
    description = _description(entry)
    item = {
        "source_event_id": entry.get("id") or entry.get("link"),
        "title": title,
        "description": description,
        "url": entry.get("link"),
        "location": entry.get("ev_location") or entry.get("xcal_location") or entry.get("mec_location"),
        "organiser": entry.get("ev_organizer") or entry.get("author"),
        "categories": [tag.get("term") for tag in entry.get("tags", []) if tag.get("term")] + (
            [clean_line(entry["mec_category"])] if entry.get("mec_category") else []),
        "language": _language(entry.get("language")) or lang,
        "extraction": "feed",
    }
    start = entry.get("ev_startdate") or entry.get("xcal_dtstart")
    if start:
        item["start"] = _module_time(start)
        end = entry.get("ev_enddate") or entry.get("xcal_dtend")
        item["end"] = _module_time(end) if end else None
        return item
    if entry.get("mec_startdate"):  # Modern Events Calendar: mec:startDate, startHour …
        return _mec_times(item, entry)
    published = _published(entry)
    if published and TRIBE_EVENT_GUID.search(entry.get("id") or ""):
        item["start"] = published  # The Events Calendar: the event's start, in UTC
        schedule = entry.get("summary") if entry.get("summary") != description else ""
        return _tribe_schedule(item, published, html_to_text(f"{schedule}\n{description}"), lang, today, tz)
    published_day = published.astimezone(ZoneInfo(tz)).date() if published else None
    return _with_date_from_text(item, title, html_to_text(description), lang, today, tz, published_day)


def _tribe_schedule(item: dict, published: datetime, text: str, lang, today, tz) -> dict:
    """The end, or the whole days, of a The Events Calendar item from the schedule its
    description opens with ("10.12.2026 @ 18:00 - 20:00", "December 19"): its pubDate gives
    the start alone, and an all-day event's start as its local midnight."""
    found = find_when(text, lang=lang, today=today, tz=tz) if text else None
    if found is None or found.rrule:
        return item
    local = published.astimezone(ZoneInfo(tz))
    if found.all_day:
        if found.start == local.date() and local.time() == datetime.min.time():
            item.update(start=found.start, end=found.end, all_day=True)
    elif found.start == published and found.end:
        item["end"] = found.end
    return item


def _mec_times(item: dict, entry) -> dict | None:
    """Modern Events Calendar's feed: the day (`mec:startDate`, `mec:endDate`, the last day) and
    the clock time as its settings write it (`mec:startHour` "6:00 pm" or "18:00"); without
    hours the event takes whole days."""
    first, last = (str(entry.get(key) or "").strip()[:10] for key in ("mec_startdate", "mec_enddate"))
    if not ISO_DATE.fullmatch(first):
        return None
    start_clock, end_clock = (_clock(entry.get(key)) for key in ("mec_starthour", "mec_endhour"))
    last = last if ISO_DATE.fullmatch(last) and last >= first else first
    if start_clock is None:
        item.update(start=first, end=last, all_day=True)
        return item
    item["start"] = f"{first}T{start_clock}"
    item["end"] = f"{last}T{end_clock}" if end_clock else None
    return item


def _clock(value) -> str | None:
    """"6:00 pm", "18:00", "6 PM" as HH:MM:00; None for none (or "All Day")."""
    match = CLOCK.search(str(value or ""))
    if not match:
        return None
    hour = to_24h(int(match.group(1)), (match.group(3) or "").lower()[:1] or None)
    minute = int(match.group(2) or 0)
    return f"{hour:02d}:{minute:02d}:00" if hour < 24 and minute < 60 else None


def _module_time(value: str) -> str:
    """An `ev:`/xCal time as ISO 8601; some feeds write them as RFC 822, like pubDate
    ("Thu, 10 Dec 2026 18:00:00 +0200")."""
    value = value.strip()
    if ISO_DATE.match(value):
        return value
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value


def _published(entry) -> datetime | None:
    """The item's publication time (RSS pubDate, Atom published; not `updated`), in UTC."""
    parsed = entry.get("published_parsed")
    return datetime(*parsed[:6], tzinfo=timezone.utc) if parsed else None


def _with_date_from_text(item: dict, title: str, text: str, lang, today, tz,
                         published_day: date | None = None) -> dict | None:
    """Read the event time from the title first, then the description."""
    for field, value in (("title", title), ("description", text)):
        found = find_when(value, lang=lang, today=today, tz=tz) if value else None
        if found is None or _reported(found, value, published_day):
            continue
        start, end = found.span or (0, 0)
        item["when_text"] = value[start:end] if found.span else value
        if field == "title" and found.span:
            rest = (value[:start].strip(TITLE_SEPARATORS) + " " + value[end:].strip(TITLE_SEPARATORS)).strip()
            item["title"] = rest or title
            found = _with_time_from(found, item["when_text"], text, lang, today, tz)
        item["location"] = item.get("location") or find_location(text)
        if not item["location"] and field == "description":
            item["location"], item["address"] = _place_lines(text, item["when_text"], lang, today, tz)
        item.update(start=found.start, end=found.end, all_day=found.all_day,
                    rrule=found.rrule, exdates=list(found.exdates), rdates=list(found.rdates),
                    also=[{"start": rule.start, "end": rule.end, "all_day": rule.all_day,
                           "rrule": rule.rrule, "exdates": list(rule.exdates), "rdates": list(rule.rdates)}
                          for rule in found.also])
        return item
    return None


def _place_lines(text: str, when_text: str, lang, today, tz) -> tuple[str | None, str | None]:
    """The place written one part a line under a line of its own with the date, as Events
    Manager's feed writes it ("13 december 2026 - 18:00 - 19:30 <br/>Nykarleby kyrka <br/>
    Kyrkogatan 1 <br/>Nykarleby"): its name, then street and town as the address."""
    lines = [line.strip() for line in text.splitlines()]
    at = next((number for number, line in enumerate(lines) if when_text and when_text in line), None)
    if at is None or len(lines[at].replace(when_text, " ").strip(TITLE_SEPARATORS).split()) > 3:
        return None, None  # the date is inside a sentence
    parts = []
    for line in lines[at + 1:]:
        if not line or len(line) > 60 or len(line.split()) > 6 or line[-1] in ".!?:;" or \
                GREETING.match(line) or find_when(line, lang=lang, today=today, tz=tz):
            break
        parts.append(line)
    if not parts:
        return None, None
    address = ", ".join(parts[1:3]) if len(parts) > 1 and any(char.isdigit() for char in parts[1]) else None
    return parts[0], address


def _reported(found, text: str, published_day: date | None) -> bool:
    """A day the item tells of rather than announces: a lone weekday ("på måndagen",
    "maanantaina"), or a date before the item was published."""
    words = text[found.span[0]:found.span[1]] if found.span else text
    if found.all_day and not found.rrule and not any(char.isdigit() for char in words):
        return True
    first_day = found.start.date() if isinstance(found.start, datetime) else found.start
    return published_day is not None and not found.rrule and first_day < published_day


def _with_time_from(found, when_text: str, text: str, lang, today, tz):
    """A date in the title ("Sorgegrupp 3.12.") with its time in the text ("kl. 18–19.30")."""
    if not found.all_day or found.rrule or not text:
        return found
    combined = find_when(f"{when_text} {text}", lang=lang, today=today, tz=tz)
    if combined is not None and not combined.all_day and combined.start.date() == found.start:
        return combined
    return found


def _description(entry) -> str:
    content = entry.get("content")
    if content:
        return content[0].get("value") or ""
    return entry.get("summary") or entry.get("description") or ""


def _language(value) -> str | None:
    if not value:
        return None
    code = str(value).lower()[:2]
    return code if code in ("sv", "fi", "en") else None
