"""Events in JSON or XML answers of APIs that have no parser of their own.

City, tourism and association APIs each have their own format (Visit Tampere, Espoo's
OpenNC, Helsingborg's event manager, events.osterbotten.fi, Eventor …), but they all say
the same things with different words. This reader walks the document and takes every
object that has both a title and a start time, by a vocabulary of the field names these
APIs use in English, Finnish and Swedish. An object that is taken is not searched further,
except for its list of dates ("occasions", "times", "Dates") which become its occurrences.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import icalendar
from lxml import etree

from crawlers.parsers import ParseError
from crawlers.parsers.ical import dates_of, in_zone_of, windows_zone, zone_name

LANGUAGE_ORDER = ("sv", "fi", "en")

TITLE_KEYS = ("title", "name", "subject", "eventname", "summary", "headline", "otsikko", "nimi",
              "rubrik", "namn", "heading", "label", "displayname")
START_KEYS = ("start", "startdate", "starttime", "startdatetime", "startdt", "eventstartdate",
              "eventstart", "begin", "begins", "beginsat", "startsat", "dtstart", "datefrom",
              "fromdate", "alkaa", "alku", "alkuaika", "alkupvm", "starttid", "startdatum",
              "racedate", "date", "datetime", "when", "pvm", "paivamaara", "datum")
# A bare "date" is also how news and documents are dated: it only makes an event together
# with a place, an end or a list of dates.
WEAK_START_KEYS = ("date", "datetime", "when", "pvm", "paivamaara", "datum")
# A time of day given apart from the date ("EventDate": "24.04.2020", "EventTime": "19:00").
TIME_KEYS = ("time", "starttime", "clock", "kellonaika", "klo", "tid", "kello", "alkamisaika")
END_KEYS = ("end", "enddate", "endtime", "enddatetime", "enddt", "eventenddate", "eventend",
            "finish", "finishdate", "ends", "endsat", "dtend", "dateto", "todate", "loppu",
            "loppuu", "loppuaika", "loppupvm", "paattyy", "paattymisaika", "paattymispvm", "sluttid",
            "slutdatum", "slut")
# Not "schedules": opening-hour APIs (libraries, sports halls) list their days that way.
OCCURRENCE_KEYS = ("occasions", "occurrences", "times", "dates", "instances", "sessions",
                   "eventrace", "eventraces", "subevents", "ajat", "tillfallen", "tapahtumakerrat")
DESCRIPTION_KEYS = ("description", "content", "eventtext", "text", "body", "details", "kuvaus",
                    "beskrivning", "liftcontent", "lead", "ingress", "summary", "shortdescription",
                    "eventtextshort", "excerpt", "serietext", "info", "bodypreview")
PLACE_KEYS = ("location", "venue", "place", "paikka", "plats", "tapahtumapaikka", "locationname")
ADDRESS_KEYS = ("address", "streetaddress", "postaladdress", "formattedaddress", "osoite", "adress",
                "katuosoite", "street", "gatuadress")
# Objects that hold an event's address when the event itself does not (Visit Tampere).
ADDRESS_CONTAINERS = ("contactinfo", "contact", "venue", "location", "place", "address")
POSTCODE_KEYS = ("postcode", "postalcode", "zip", "postinumero", "postnummer")
CITY_KEYS = ("city", "postaloffice", "town", "locality", "addresslocality", "kaupunki", "ort")
URL_KEYS = ("url", "link", "eventlink", "homepage", "infourl", "permalink", "webpage", "www",
            "ticketlink", "linkki", "lank", "htmllink", "weblink")
STATUS_KEYS = ("status", "eventstatus", "tila")
ID_KEYS = ("id", "eventid", "itemid", "contentid", "uid", "uuid", "identifier", "guid", "tunniste")
ORGANISER_KEYS = ("organizer", "organiser", "organizers", "organisers", "association",
                  "provider", "jarjestaja", "arrangor", "companyname")
DATE_PART_KEYS = ("date",)
CLOCK_PART_KEYS = ("clock", "time")
# Calendar APIs give a time as {"dateTime": …, "timeZone": …} (Google Calendar, Microsoft
# Graph, whose zones are Windows names) or {"date": …} for an all-day event.
WHOLE_MOMENT_KEYS = ("datetime",)
ZONE_KEYS = ("timezone", "tzid", "tz")
ALL_DAY_KEYS = ("isallday", "allday", "wholeday", "kokopaiva")
CANCELLED_KEYS = ("iscancelled", "cancelled", "canceled")

NON_EVENT_KEYS = {"openinghours", "aukioloajat", "oppettider", "connections", "periods",
                  "schedulesperday"}
EPOCH_MS = 10 ** 11
ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
NORDIC_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(?:klo\s+|kl\.?\s+)?(\d{1,2})[:.](\d{2}))?$")
CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")


def parse_generic(document, *, lang: str | None = None, url: str | None = None,
                  extraction: str = "json") -> list[dict]:
    """Every object in `document` (parsed JSON or an XML tree) that reads as an event."""
    found: list[dict] = []
    _walk(document, lang, url, extraction, found)
    _apply_exceptions(document, found)
    return found


def _apply_exceptions(document, found: list[dict]) -> None:
    """Google Calendar lists a series' changed or cancelled dates as events of their own
    (`recurringEventId`, `originalStartTime`; a cancelled one has no title): each such date is
    an excluded date of its series, and a changed one stays an event of its own."""
    series = {item["source_event_id"]: item for item in found if item.get("rrule") and item.get("source_event_id")}
    if not series:
        return
    for node in _objects(document):
        master = series.get(str(node.get("recurringEventId") or ""))
        original = node.get("originalStartTime")
        if master is None or not isinstance(original, dict):
            continue
        moment = _in_utc_if(_zone(original), _moment(original))
        try:
            day = datetime.fromisoformat(str(moment).replace("Z", "+00:00")) if len(str(moment)) > 10 \
                else date.fromisoformat(str(moment))
        except ValueError:
            continue
        if day not in master.setdefault("exdates", []):
            master["exdates"].append(day)


def _objects(node):
    """Every object in a parsed document, in document order."""
    if isinstance(node, list):
        for child in node:
            yield from _objects(child)
    elif isinstance(node, dict):
        yield node
        for child in node.values():
            if isinstance(child, (dict, list)):
                yield from _objects(child)


def xml_tree(data: bytes):
    """An XML document as nested dicts and lists (attributes are ignored, repeated children listed)."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                             recover=True, huge_tree=False))
    except etree.XMLSyntaxError as error:
        raise ParseError(f"the XML document cannot be read: {error}") from error
    if root is None:
        raise ParseError("the XML document is empty")
    return {_local(root.tag): _element(root)}


def _element(element):
    children = [child for child in element if isinstance(child.tag, str)]
    if not children:
        return (element.text or "").strip()
    result: dict = {}
    for child in children:
        key, value = _local(child.tag), _element(child)
        if key in result:
            if not isinstance(result[key], list):
                result[key] = [result[key]]
            result[key].append(value)
        else:
            result[key] = value
    return result


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _walk(node, lang, url, extraction, found) -> None:
    if isinstance(node, list):
        for child in node:
            _walk(child, lang, url, extraction, found)
        return
    if not isinstance(node, dict):
        return
    fields = _fields(node)
    item = _event(fields, lang, url, extraction)
    if item is not None:
        found.append(item)
        return
    for key, child in node.items():
        if _key(key) not in NON_EVENT_KEYS and isinstance(child, (dict, list)):
            _walk(child, lang, url, extraction, found)


def _fields(node: dict) -> dict:
    """Keys folded to lower-case letters and digits; name/value lists merged in (Espoo's
    `ExtendedProperties: [{"Name": "name", "Text": …}]`)."""
    fields = {}
    for key, value in node.items():
        folded = _key(key)
        fields.setdefault(folded, value)
        if folded.startswith("event") and len(folded) > 5:
            fields.setdefault(folded[5:], value)  # EventVenue, EventZip, EventLinkFi …
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for entry in value:
                name = entry.get("Name") or entry.get("name")
                text = entry.get("Text") or entry.get("Value") or entry.get("value") or entry.get("Date")
                if isinstance(name, str) and text not in (None, "") and len(entry) <= 6:
                    fields.setdefault(_key(name), text)
    return fields


def _key(key) -> str:
    return re.sub(r"[^a-z0-9]", "", str(key).lower().replace("ä", "a").replace("å", "a").replace("ö", "o"))


def _event(fields: dict, lang, url, extraction) -> dict | None:
    title = _text(_first_of(fields, TITLE_KEYS), lang)
    if not title or len(title) > 300:
        return None
    occurrences = _occurrences(fields, lang)
    start_field, end_field = _first_of(fields, START_KEYS), _first_of(fields, END_KEYS)
    zone = _zone(start_field)
    start = _in_utc_if(zone, _with_time(_moment(start_field), fields))
    end = _in_utc_if(zone, _moment(end_field))
    if start is None and occurrences:
        start, end = occurrences[0]["start"], occurrences[0]["end"]
    if start is None:
        return None
    all_day = (isinstance(start, str) and len(start) == 10) or fields.get(_first_key(fields, ALL_DAY_KEYS)) is True
    if all_day and (_exclusive_end(fields) or _is_midnight(end)):
        end = _day_before(start, end)
    place = _first_of(fields, PLACE_KEYS)
    location, address = _place(place, fields, lang)
    strong_start = any(_moment(fields.get(key)) is not None for key in START_KEYS if key not in WEAK_START_KEYS)
    if not (strong_start or occurrences or end or location):
        return None
    item = {
        "source_event_id": _text(_first_of(fields, ID_KEYS), lang),
        "title": title,
        "description": _text(_first_of(fields, DESCRIPTION_KEYS, skip=title), lang) or "",
        "start": start,
        "end": end,
        "all_day": all_day,
        "location": location,
        "address": address,
        "url": _url(_first_of(fields, _with_language(URL_KEYS, lang)), lang) or url,
        "status": "cancelled" if fields.get(_first_key(fields, CANCELLED_KEYS)) is True
                  else _text(_first_of(fields, STATUS_KEYS), lang),
        "organiser": _name(_first_of(fields, ORGANISER_KEYS), lang),
        "categories": _names(fields.get("categories") or fields.get("eventcategories") or fields.get("tags"), lang),
        "extraction": extraction,
    }
    if zone and zone != "UTC":
        item["timezone"] = zone
    if isinstance(fields.get("recurrence"), list):
        item.update(_recurrence(fields["recurrence"], start))
    if len(occurrences) > 1 or (occurrences and occurrences[0]["start"] != start):
        item["occurrences"] = occurrences
    return item


def _first_key(fields: dict, keys: tuple) -> str | None:
    return next((key for key in keys if key in fields), None)


def _zone(value) -> str | None:
    """The IANA zone of a {"dateTime", "timeZone"} time ("UTC" for UTC), or None."""
    if not isinstance(value, dict):
        return None
    name = _first_of(_fields(value), ZONE_KEYS)
    if not isinstance(name, str):
        return None
    return zone_name(name.strip()) or windows_zone(name)


def _in_utc_if(zone: str | None, moment):
    """A wall-clock time that its zone says is UTC (Graph's default) gets its offset."""
    if zone == "UTC" and isinstance(moment, str) and len(moment) > 10 and not re.search(r"(Z|[+-]\d{2}:?\d{2})$", moment):
        return moment + "+00:00"
    return moment


def _exclusive_end(fields: dict) -> bool:
    """Google Calendar's all-day end is the day after the last (as iCalendar's DTEND)."""
    return str(fields.get("kind") or "").startswith("calendar#")


def _is_midnight(moment) -> bool:
    return isinstance(moment, str) and len(moment) > 10 and re.match(r"\d{4}-\d{2}-\d{2}T00:00(:00(\.0+)?)?(?!\d)", moment) is not None


def _day_before(start, end):
    """The inclusive last day of an all-day event whose end was given exclusive."""
    try:
        first, last = date.fromisoformat(str(start)[:10]), date.fromisoformat(str(end)[:10])
    except ValueError:
        return end
    return max(first, last - timedelta(days=1)).isoformat() if last > first else first.isoformat()


def _recurrence(lines: list, start) -> dict:
    """Google Calendar's `recurrence` (["RRULE:…", "EXDATE;TZID=…:…"]) read as iCalendar lines."""
    lines = [line for line in lines if isinstance(line, str) and re.match(r"(RRULE|EXDATE|RDATE)[;:]", line)]
    if not lines:
        return {}
    try:
        component = icalendar.Event.from_ical("BEGIN:VEVENT\r\n" + "\r\n".join(lines) + "\r\nEND:VEVENT\r\n")
    except ValueError:
        return {}
    rule = component.get("RRULE")
    rrule = next((line.split(":", 1)[1] for line in lines if line.startswith("RRULE:")), None) if rule else None
    try:
        first = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
    except ValueError:
        first = None
    return {"rrule": rrule,
            "exdates": [in_zone_of(first, moment) for moment in dates_of(component.get("EXDATE"))],
            "rdates": [in_zone_of(first, moment) for moment in dates_of(component.get("RDATE"))]}


def _with_language(keys: tuple, lang: str | None) -> tuple:
    """`linkfi`, `linksv` … after `link`: the wanted language first, then the others."""
    codes = ((lang,) if lang else ()) + LANGUAGE_ORDER
    return tuple(key + suffix for key in keys for suffix in ("",) + codes)


def _with_time(start, fields: dict):
    """A date-only start joined with a time of day given in a field of its own."""
    if not (isinstance(start, str) and len(start) == 10):
        return start
    clock = _first_of(fields, TIME_KEYS)
    match = CLOCK.match(clock.strip()) if isinstance(clock, str) else None
    if match:
        return f"{start}T{int(match[1]):02d}:{match[2]}:{match[3] or '00'}"
    return start


def _first_of(fields: dict, keys: tuple, skip=None):
    for key in keys:
        value = fields.get(key)
        if value not in (None, "", [], {}) and value != skip:
            return value
    return None


def _occurrences(fields: dict, lang) -> list[dict]:
    for key in OCCURRENCE_KEYS:
        value = fields.get(key)
        if isinstance(value, dict) and len(value) == 1:
            value = next(iter(value.values()))  # <Dates><Date>…</Date></Dates>
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            continue
        result = []
        for entry in value:
            if not isinstance(entry, dict):
                continue
            entry_fields = _fields(entry)
            start = _moment(_first_of(entry_fields, START_KEYS))
            if start is None:
                continue
            result.append({"start": start, "end": _moment(_first_of(entry_fields, END_KEYS)),
                           "status": _text(_first_of(entry_fields, STATUS_KEYS), lang)})
        if result:
            return sorted(result, key=lambda o: str(o["start"]))
    return []


def _moment(value):
    """ISO text, "YYYY-MM-DD HH:MM", epoch seconds or milliseconds, or {Date, Clock}."""
    if isinstance(value, dict):
        parts = _fields(value)
        whole = _first_of(parts, WHOLE_MOMENT_KEYS)
        if isinstance(whole, str) and ISO_LIKE.match(whole.strip()):
            return _moment(whole)
        day = _first_of(parts, DATE_PART_KEYS)
        clock = _first_of(parts, CLOCK_PART_KEYS)
        if isinstance(day, str) and ISO_LIKE.match(day.strip()):
            return f"{day.strip()}T{clock.strip()}" if isinstance(clock, str) and clock.strip() else day.strip()
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and value > 0:
        seconds = value / 1000 if value > EPOCH_MS else value
        return datetime.fromtimestamp(int(seconds), tz=timezone.utc)
    if isinstance(value, str):
        text = value.strip()
        if ISO_LIKE.match(text):
            return text.replace(" ", "T", 1) if len(text) > 10 else text
        nordic = NORDIC_DATE.match(text)
        if nordic:
            day = f"{nordic[3]}-{int(nordic[2]):02d}-{int(nordic[1]):02d}"
            return f"{day}T{int(nordic[4]):02d}:{nordic[5]}:00" if nordic[4] else day
    return None


def _place(value, fields: dict, lang) -> tuple[str | None, str | None]:
    location = None
    address_parts: list[str] = []
    if isinstance(value, dict):
        inner = _fields(value)
        location = _text(_first_of(inner, TITLE_KEYS), lang)
        address_parts = _address_parts(inner, lang)
    elif value is not None:
        location = _text(value, lang)
    if not address_parts:
        address_parts = _address_parts(fields, lang)
    for key in ADDRESS_CONTAINERS:
        if address_parts:
            break
        if isinstance(fields.get(key), dict):
            address_parts = _address_parts(_fields(fields[key]), lang)
    if location and address_parts and address_parts[0] == location:
        address_parts = address_parts[1:]
    return location, ", ".join(address_parts) or None


def _address_parts(fields: dict, lang) -> list[str]:
    nested = _first_of(fields, ADDRESS_KEYS)
    if isinstance(nested, dict) and not _text(nested, lang):  # {"street": …, "city": …}
        return _address_parts(_fields(nested), lang)
    street = _text(nested, lang)
    if street and "," in street:
        return [street]
    postcode = _text(_first_of(fields, POSTCODE_KEYS), lang)
    city = _text(_first_of(fields, CITY_KEYS), lang)
    town = " ".join(part for part in (postcode, city) if part)
    return [part for part in (street, town) if part]


def _text(value, lang) -> str | None:
    """Text of a value: {fi, sv, en} in the wanted language, WordPress {rendered}, lists' first."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), None)
    if isinstance(value, dict):
        if "rendered" in value:
            value = value["rendered"]
        else:
            for code in ((lang,) if lang else ()) + LANGUAGE_ORDER:
                if isinstance(value.get(code), str) and value[code].strip():
                    return value[code].strip()
            return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


_RELATIVE_URL = re.compile(r"(?:\.{0,2}/)?[\w.~%-]+(?:/[\w.~%+=&?#-]*)+|/[^\s]*")


def _url(value, lang) -> str | None:
    """An address, absolute or relative to the document (`/aktiviteter/boccia`,
    `aktiviteter/boccia`: `read_document` joins it); a bare word or a host without a
    scheme (`www.example.fi`) is none."""
    text = _text(value, lang)
    if not text:
        return None
    if text.startswith(("http://", "https://")):
        return text
    if not text.lower().startswith("www.") and _RELATIVE_URL.fullmatch(text):
        return text
    return None


def _name(value, lang) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        inner = _fields(value)
        return _text(_first_of(inner, ORGANISER_KEYS + TITLE_KEYS), lang)
    return _text(value, lang)


def _names(value, lang) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    names = []
    for entry in values:
        text = _name(entry, lang) if isinstance(entry, dict) else _text(entry, lang)
        if text:
            names.append(text)
    return names
