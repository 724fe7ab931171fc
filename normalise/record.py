"""One raw item from any spider → one canonical record (see docs/design.md).

Pure functions: no network, no database. A raw item that cannot become a record (no title,
no readable time) raises `NormaliseError` with the reason, which the harvest reports.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urljoin, urlparse
from zoneinfo import ZoneInfo

from normalise import dates
from normalise.classify import classify
from normalise.context import Context
from normalise.language import language_of
from normalise.places import clean_place, municipality_for
from normalise.recurrence import RecurrenceError, expand
from normalise.text import clean_line, html_to_text

# Series are unrolled from a little before today, so this week's listing is complete.
PAST_DAYS = 31

CANCELLED_WORDS = re.compile(
    r"\b(cancel+ed|eventcancelled|inställ[td]a?|peruttu|peruutettu|peruuntuu|peruuntunut|avlyst|avbokad)\b",
    re.IGNORECASE)
POSTPONED_WORDS = re.compile(
    r"\b(postponed|eventpostponed|uppskjut(en|et|na)|framflyttad|siirretty|siirtyy)\b", re.IGNORECASE)
STATUS_WORD = r"(inställt|inställd|peruttu|peruutettu|avlyst|cancel+ed)"
# A status word that opens or closes a title ("INSTÄLLT: Seniorträffen", "Bowlingilta PERUTTU").
STATUS_IN_TITLE = re.compile(
    rf"^\s*[\[(]?\s*{STATUS_WORD}\s*[\])]?\s*[:!–-]*\s*|\s*[:!–-]*\s*[\[(]?\s*{STATUS_WORD}\s*[\])]?[!.]*\s*$",
    re.IGNORECASE)
# An opening status word is the title's own first word ("Peruttu sarja", "Inställt program för
# hösten") unless a mark sets it off: brackets, a colon or dash after it, or capitals.
STATUS_SET_OFF = re.compile(rf"^\s*(?:[\[(]\s*{STATUS_WORD}\s*[\])]|{STATUS_WORD}\s*[:!–-])", re.IGNORECASE)


def without_status_word(title: str) -> str:
    """The title without a status word the source put before or after it (the status itself
    is read by read_status); a title that is nothing but the word stays as it is."""
    def strip(match: re.Match) -> str:
        at_start = match.start() == 0 and match.end() < len(title)
        if at_start and not STATUS_SET_OFF.match(title) and not match.group().strip().isupper():
            return match.group()
        return ""
    return STATUS_IN_TITLE.sub(strip, title).strip() or title


class NormaliseError(ValueError):
    """The raw item cannot become a record; the message says why."""


def normalise_item(raw: dict, context: Context) -> dict:
    """Turn one raw item into a canonical record with its occurrences."""
    title = clean_line(raw.get("title"))
    status = read_status(raw.get("status"), title)
    title = without_status_word(title)
    if not title:
        raise NormaliseError("the item has no title")
    tz = raw.get("timezone") or context.timezone
    try:
        zone = ZoneInfo(tz)
    except (ValueError, KeyError) as error:
        raise NormaliseError(f"unknown time zone {tz!r}") from error
    when = read_when(raw, context, tz)
    start, end, all_day = when["start"], when["end"], when["all_day"]
    raw_location = clean_line(raw.get("location")) or None
    location, address = clean_place(raw_location, clean_line(raw.get("address")) or None)
    record = {
        "id": None,
        "source_id": context.source_id,
        "source_event_id": _text_or_none(raw.get("source_event_id")),
        "title": title,
        "description": html_to_text(raw.get("description")),
        "start": iso(start),
        "end": iso(end),
        "all_day": all_day,
        "timezone": tz,
        "rrule": when["rrule"],
        "exdates": [iso(value) for value in when["exdates"]],
        "status": status,
        "location": location,
        "address": address,
        "municipality": municipality_for({"municipality": raw.get("municipality"), "location": location,
                                          "address": address}, context.municipality),
        "url": absolute_url(raw.get("url"), context.url),
        "language": raw.get("language"),
        "organiser": clean_line(raw.get("organiser")) or context.source_name,
        "organiser_type": context.organiser_type,
        "keywords": sorted({clean_line(c) for c in raw.get("categories") or [] if clean_line(c)}),
        "extraction": raw.get("extraction"),
    }
    # a language the source's data states wins; the source's own language gives way only to
    # text that is clearly in another (a Finnish group on a Swedish parish's page)
    record["language"] = record["language"] or language_of(title, record["description"], context.language)
    if isinstance(raw.get("free_of_charge"), bool):  # the source's own field outranks its words
        record["free_of_charge"] = raw["free_of_charge"]
    record.update(classify(record))
    # the id hashes the place as the source wrote it, so splitting the address keeps ids stable
    record["id"] = record_id(context.source_id, {**record, "location": raw_location}, raw)
    if when["also"]:
        # further rules of the same event ("mån–tors 9–15, fre 9–13"): `rrule` is the first
        # one's; the occurrences hold every rule's
        record["also"] = [{"start": iso(rule["start"]), "end": iso(rule["end"]), "all_day": rule["all_day"],
                           "rrule": rule["rrule"], "exdates": [iso(value) for value in rule["exdates"]],
                           "rdates": [iso(value) for value in rule["rdates"]]} for rule in when["also"]]
    record["occurrences"] = occurrences_for(raw, record, when, context, zone)
    return record


def absolute_url(link, source_url: str | None) -> str | None:
    """The event's own address, absolute: a relative one (an API spider's raw item, which no
    document reader has joined) is joined to the source's address; without an address to
    join it to, the source's address stands in (the catalogue cannot link a relative path)."""
    link = str(link).strip() if link else ""
    if link and urlparse(link).scheme:
        return link
    web = urlparse(source_url or "").scheme in ("http", "https")
    if link and web:
        return urljoin(source_url, link)
    return source_url or None


def read_when(raw: dict, context: Context, tz: str) -> dict:
    """Start, end, all-day flag and series rule, from machine-readable fields or free text."""
    zone = ZoneInfo(tz)
    if raw.get("start") not in (None, ""):
        start = to_moment(raw["start"], zone)
        end = to_moment(raw["end"], zone) if raw.get("end") not in (None, "") else None
        all_day = bool(raw.get("all_day")) or not isinstance(start, datetime)
        if all_day:
            start, end = _as_date(start), _as_date(end) if end is not None else _as_date(start)
        elif isinstance(end, date) and not isinstance(end, datetime):
            end = None
        if end is not None and end < start:
            end = None
        return {"start": start, "end": end, "all_day": all_day, "rrule": raw.get("rrule") or None,
                "exdates": list(raw.get("exdates") or []), "rdates": list(raw.get("rdates") or []),
                "also": [read_when({**rule, "also": None}, context, tz) for rule in raw.get("also") or []
                         if isinstance(rule, dict) and rule.get("start") not in (None, "")]}
    text = " ".join(str(part) for part in (raw.get("when_text"),) if part)
    if not text:
        raise NormaliseError("the item has no start time")
    try:
        parsed = dates.parse_when(text, lang=raw.get("language") or context.language,
                                  today=context.day(), tz=tz)
    except dates.DateParseError as error:
        raise NormaliseError(str(error)) from error
    return {"start": parsed.start, "end": parsed.end, "all_day": parsed.all_day,
            "rrule": parsed.rrule, "exdates": list(parsed.exdates) + list(raw.get("exdates") or []),
            "rdates": list(parsed.rdates) + list(raw.get("rdates") or []),
            "also": [{"start": rule.start, "end": rule.end, "all_day": rule.all_day, "rrule": rule.rrule,
                      "exdates": list(rule.exdates), "rdates": list(rule.rdates), "also": []}
                     for rule in parsed.also]}


def to_moment(value, zone: ZoneInfo):
    """A datetime in `zone` (naive values are local wall-clock time there) or a date."""
    if isinstance(value, str):
        value = _parse_iso(value)
    if isinstance(value, datetime):
        return value.astimezone(zone) if value.tzinfo else _localise(value, zone)
    if isinstance(value, date):
        return value
    raise NormaliseError(f"cannot read the time {value!r}")


def _parse_iso(text: str):
    text = text.strip()
    try:
        day = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)  # iCal/hCalendar write 20080119
        if day:
            return date(*map(int, day.groups()))
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        raise NormaliseError(f"the time {text!r} is not ISO 8601") from None


def _localise(value: datetime, zone: ZoneInfo) -> datetime:
    """Attach a zone to a wall-clock time; a time skipped by spring-forward moves forward."""
    aware = value.replace(tzinfo=zone)
    round_trip = aware.astimezone(timezone.utc).astimezone(zone)
    if round_trip.replace(tzinfo=None) != value:  # in the spring gap
        return round_trip
    return aware


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def read_status(raw_status, title: str) -> str:
    """Only the source's own word means cancelled or postponed."""
    text = f"{raw_status or ''}"
    if CANCELLED_WORDS.search(text) or STATUS_IN_TITLE.search(title or ""):
        return "cancelled"
    if POSTPONED_WORDS.search(text):
        return "postponed"
    return "scheduled"


def record_id(source_id: str, record: dict, raw: dict) -> str:
    """Stable id: the source's own id when it has one, else a hash of what identifies the event."""
    own = record["source_event_id"]
    if own:
        key = own
        if raw.get("recurrence_id"):
            key += f"@{raw['recurrence_id']}"
    else:
        key = "|".join(str(part or "") for part in (record["title"], record["start"], record["url"],
                                                     record["location"]))
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    return f"{source_id}:{digest}"


def occurrences_for(raw: dict, record: dict, when: dict, context: Context, zone: ZoneInfo) -> list[dict]:
    if raw.get("occurrences"):
        pairs = [(to_moment(o["start"], zone), to_moment(o["end"], zone) if o.get("end") else None,
                  read_status(o.get("status"), "")) for o in raw["occurrences"]]
        if record["status"] == "cancelled":
            pairs = [(start, end, "cancelled") for start, end, _ in pairs]
    else:
        today = context.day()
        pairs = []
        # the first rule and each further one ("also": "mån–tors 9–15, fre 9–13"), every
        # occurrence once, in time order
        for rule in [when, *when.get("also", [])]:
            try:
                expanded = expand(rule["start"], rule["end"], rule["rrule"], tz=str(zone.key),
                                  window_start=today - timedelta(days=PAST_DAYS),
                                  window_end=today + timedelta(days=context.horizon_days),
                                  exdates=rule["exdates"], rdates=rule["rdates"])
            except RecurrenceError as error:
                raise NormaliseError(str(error)) from error
            pairs += [(start, end, record["status"], rule["all_day"]) for start, end in expanded]
        if when.get("also"):
            unique: dict[tuple, tuple] = {}
            for pair in sorted(pairs, key=lambda pair: utc(pair[0], zone)):
                unique.setdefault((iso(pair[0]), iso(pair[1])), pair)
            pairs = list(unique.values())
        return [occurrence_row(start, end, status, all_day, zone) for start, end, status, all_day in pairs]
    return [occurrence_row(start, end, status, record["all_day"], zone) for start, end, status in pairs]


def occurrence_row(start, end, status: str, all_day: bool, zone: ZoneInfo) -> dict:
    if all_day:
        start, end = _as_date(start), _as_date(end) if end is not None else _as_date(start)
    return {
        "start": iso(start), "end": iso(end), "all_day": all_day, "status": status,
        "date": _as_date(start).isoformat(),
        "start_utc": utc(start, zone), "end_utc": utc(end + timedelta(days=1), zone) if all_day and end else utc(end, zone),
    }


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def utc(value, zone: ZoneInfo) -> str | None:
    """UTC text that sorts: all-day values count from local midnight."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0), tzinfo=zone)
    return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _text_or_none(value) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None
