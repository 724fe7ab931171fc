"""schema.org Events (JSON-LD, microdata, RDFa) and hCalendar `h-event`s → raw events.

extruct reads microdata, RDFa and microformats; JSON-LD blocks are read here, one by one and
leniently (HTML comments around them, JS comments, trailing commas), so one broken block does
not lose the others. This module finds every Event node wherever it is nested (`@graph`,
`ItemList`, `subEvent`, bare JSON arrays), follows `{"@id": …}` references to the nodes they
name (a `@graph`'s Place and Organization, RDFa's blank nodes), and maps its properties.
"""

from __future__ import annotations

import html as html_entities
import json
import re
import warnings
from datetime import date, datetime, timedelta
from urllib.parse import urljoin

import extruct
import jstyleson
import lxml.etree
import lxml.html
from w3lib.encoding import html_to_unicode

from crawlers.parsers import ParseError
from crawlers.parsers.prices import price_of
from normalise.text import html_to_text

SYNTAXES = ["json-ld", "microdata", "rdfa", "microformat"]
# Each syntax is only looked for where the page shows a sign of it: RDFa (pyRdfa) and
# microformats are slow, and most pages carry neither. A sign is a word found in the page
# (lower-cased), then confirmed by its pattern; searching the patterns themselves over every
# page cost a quarter of a millisecond a page. An RDFa Event needs `typeof`: the `property`
# attributes of OpenGraph tags, on most CMS pages, are no sign of one.
SIGNS = {
    "json-ld": ((b"application/ld+json",), re.compile(rb"application/ld\+json")),
    "microdata": ((b"itemscope", b"itemtype"), re.compile(rb"itemscope|itemtype")),
    "rdfa": ((b"typeof",), re.compile(rb"\stypeof\s*=")),
    "microformat": ((b"h-event", b"vevent"), re.compile(rb"class\s*=\s*[\"'][^\"']*\b(?:h-event|vevent)\b")),
}
EVENT_TYPE = re.compile(r"(^|[/:#])([A-Za-z]*Event|EventSeries|h-event)$")
UTC_SUFFIX = re.compile(r"(Z|[+-]00:?00)$")
DATE_ONLY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
# Property names written as full IRIs (RDFa with vocab="https://schema.org/") or with a prefix.
SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)")
# What wraps a JSON-LD block on old CMS pages: HTML comments and CDATA sections, often behind //.
JSONLD_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")
JSONLD_SCRIPTS = lxml.etree.XPath(
    "//script[starts-with(translate(normalize-space(@type), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
    "'abcdefghijklmnopqrstuvwxyz'), 'application/ld+json')]")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
UTF8_HTML = lxml.html.HTMLParser(encoding="utf-8")
# A microdata <time> without a datetime attribute has its text as its value (HTML's rule);
# extruct reads the attribute alone and gives "".
TIME_ELEMENT = re.compile(rb"<time\b([^>]*\bitemprop\s*=[^>]*)>([^<]+)</time>", re.I)
# How deep `{"@id": …}` references are followed (a Place's address, an Event's organiser …).
REFERENCE_DEPTH = 4
ISO_START = re.compile(r"\d{4}-?\d{2}-?\d{2}(?:[T ]|$)")
ZONE_SUFFIX = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})?$")
MIDNIGHT = re.compile(r"\d{4}-\d{2}-\d{2}T00:00(?::00)?(?:[+-]\d{2}:?\d{2}|Z)?$")
DAY_END = re.compile(r"\d{4}-\d{2}-\d{2}T23:59(?::59(?:\.\d+)?)?(?:[+-]\d{2}:?\d{2}|Z)?$")
DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?", re.I)


def parse_structured(html: str | bytes, *, url: str | None = None, skipped: list | None = None,
                     lang: str | None = None, content_type: str | None = None) -> list[dict]:
    """Every Event a page carries as structured data; [] when it carries none.

    `lang` picks among the translations of a multilingual name (else the page's own lang)."""
    raw = (html.encode("utf-8", "replace") if isinstance(html, str) else html).lower()
    syntaxes = [syntax for syntax, (words, pattern) in SIGNS.items()
                if any(word in raw for word in words) and pattern.search(raw)]
    if not syntaxes:
        return []
    skipped = skipped if skipped is not None else []
    page = _as_utf8(html, content_type)
    others = [syntax for syntax in syntaxes if syntax != "json-ld"]
    if "microdata" in others and b"<time" in raw:
        page = TIME_ELEMENT.sub(_time_value, page)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = extruct.extract(page, base_url=url, syntaxes=others, uniform=True, errors="ignore",
                                   encoding="utf-8") if others else {}
            tree = lxml.html.fromstring(page, parser=UTF8_HTML)
    except Exception as error:  # extruct surfaces lxml/json errors of many kinds
        raise ParseError(f"the page's structured data cannot be read: {error}") from error
    if "json-ld" in syntaxes:
        data["json-ld"] = _jsonld_blocks(tree, skipped)
    lang = lang or _language(tree.get("lang"))
    index = _nodes_by_id(list(data.values()))
    items = []
    for syntax in SYNTAXES:
        extraction = "hcalendar" if syntax == "microformat" else syntax.replace("-", "")
        items.extend(events_in(_tidy(data.get(syntax) or [], index), extraction, url, lang))
    return _dedupe(items)


def _time_value(match: re.Match) -> bytes:
    attributes, text = match.group(1), match.group(2)
    if re.search(rb"\bdatetime\s*=", attributes, re.I) or not text.strip():
        return match.group(0)
    value = html_entities.escape(html_entities.unescape(text.decode("utf-8", "replace")).strip(), quote=True)
    return b"<time" + attributes + b' datetime="' + value.encode("utf-8") + b'">' + text + b"</time>"


def _as_utf8(html: str | bytes, content_type: str | None) -> bytes:
    """The page as UTF-8 bytes, decoded by its declared charset (HTTP header, BOM, <meta>),
    else UTF-8, else Windows-1252: extruct alone reads every page as UTF-8."""
    if isinstance(html, str):
        return html.encode("utf-8")
    if not content_type or "charset" not in content_type.lower():
        declared = META_CHARSET.search(html[:4096])
        content_type = f"text/html; charset={declared.group(1).decode('ascii', 'ignore')}" if declared else None

    def guess(body: bytes) -> str:
        try:
            body.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            return "cp1252"

    return html_to_unicode(content_type, html, auto_detect_fun=guess)[1].encode("utf-8")


def _jsonld_blocks(tree, skipped: list) -> list:
    """The nodes of every JSON-LD block; a block that cannot be read is reported and skipped."""
    nodes = []
    for number, script in enumerate(JSONLD_SCRIPTS(tree), start=1):
        text = script.text_content().strip()
        if not text:
            continue
        try:
            data = _lenient_json(text)
        except ValueError as error:
            skipped.append(f"JSON-LD block {number} cannot be read: {error}")
            continue
        nodes.extend(data if isinstance(data, list) else [data])
    return nodes


def _lenient_json(text: str):
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    unwrapped = "\n".join(JSONLD_WRAPPERS.sub("", line) for line in text.splitlines())
    return jstyleson.loads(unwrapped, strict=False)  # JS comments and trailing commas


def parse_jsonld_document(document, *, url: str | None = None, lang: str | None = None) -> list[dict]:
    """A bare JSON-LD document (object or array), as some APIs answer."""
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document)
        except ValueError as error:
            raise ParseError(f"the JSON-LD document is not valid JSON: {error}") from error
    return _dedupe(events_in(_tidy(document, _nodes_by_id(document)), "jsonld", url, lang))


def _nodes_by_id(node, index: dict | None = None) -> dict:
    """{@id: node} of every node that says more than its @id."""
    index = {} if index is None else index
    if isinstance(node, list):
        for child in node:
            _nodes_by_id(child, index)
    elif isinstance(node, dict):
        if isinstance(node.get("@id"), str) and set(node) - {"@id", "@context"}:
            index.setdefault(node["@id"], node)
        for key, child in node.items():
            if key != "@context":
                _nodes_by_id(child, index)
    return index


def _tidy(node, index: dict, depth: int = 0):
    """The node with schema.org's prefixes dropped from property names and each reference
    `{"@id": …}` replaced by the node it names (to REFERENCE_DEPTH, so cycles end)."""
    if isinstance(node, list):
        return [_tidy(child, index, depth) for child in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"@id"} and node["@id"] in index and depth < REFERENCE_DEPTH:
        return _tidy(index[node["@id"]], index, depth + 1)
    return {SCHEMA_PREFIX.sub("", key) if isinstance(key, str) else key:
            value if key == "@context" else _tidy(value, index, depth) for key, value in node.items()}


def events_in(node, extraction: str, url: str | None, lang: str | None = None) -> list[dict]:
    """Depth-first search for Event nodes; an Event's own sub-events are included."""
    found = []
    if isinstance(node, list):
        for child in node:
            found.extend(events_in(child, extraction, url, lang))
    elif isinstance(node, dict):
        if _is_event(node):
            subs = events_in(node.get("subEvent") or node.get("subEvents") or [], extraction, url, lang)
            # An EventSeries that lists its events is their container: each is one date of it.
            item = None if subs and _has_type(node, "EventSeries") else _item(node, extraction, url, lang)
            if item is not None:
                found.append(item)
            found.extend(subs)
        else:
            for key, child in node.items():
                if key not in ("@context",) and isinstance(child, (dict, list)):
                    found.extend(events_in(child, extraction, url, lang))
    return found


def _types(node) -> list[str]:
    """A node's types as written ("Event", "https://schema.org/Event", "schema:Event")."""
    types = (node.get("@type") or node.get("type") or []) if isinstance(node, dict) else []
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _has_type(node, name: str) -> bool:
    """Whether one of the node's types is `name`, with or without a vocabulary before it."""
    return any(t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name for t in _types(node))


def _is_event(node: dict) -> bool:
    return any(EVENT_TYPE.search(t) for t in _types(node))


def _item(node: dict, extraction: str, url: str | None, lang: str | None = None) -> dict | None:
    if extraction == "hcalendar":
        node = {key: _first(value) for key, value in node.items()}
        node = {"name": node.get("name") or node.get("summary"), "startDate": node.get("start"),
                "endDate": _hcal_end(_text(node.get("start")), _text(node.get("end"))), "location": node.get("location"), "url": node.get("url"),
                "description": node.get("description") or node.get("summary"), "@id": node.get("uid")}
    schedules = [found for found in (_schedule(value, node) for value in _listed(node.get("eventSchedule")))
                 if found]
    schedule = schedules[0] if schedules else None
    start = (schedule or {}).get("start") or _text(node.get("startDate"))
    name, name_language = _translation(node.get("name"), lang)
    title = _text(name)
    if not start or not title:
        return None
    description = _unescaped(_text(_translation(node.get("description"), name_language or lang)[0]))
    location, address = _place(node.get("location"))
    online = _online(node.get("location"))
    if online and not location:
        location = online
    elif online and online not in (description or ""):
        description = f"{description}\n\nOnline: {online}" if description else f"Online: {online}"
    item = {
        "source_event_id": _text(node.get("@id")) or _text(node.get("identifier")),
        "title": title,
        "description": description,
        "start": _trusted_time(start, f"{title} {html_to_text(description)}"),
        "end": _trusted_time(_text(node.get("endDate")), f"{title} {html_to_text(description)}"),
        "status": _text(node.get("eventStatus")),
        "location": location,
        "address": address,
        "url": _absolute(_text(node.get("url")), url),
        "organiser": _name(node.get("organizer")),
        "language": name_language or _language(node.get("inLanguage")),
        "categories": _keywords(node.get("keywords")),
        "free_of_charge": _free_of_charge(node),
        "extraction": extraction,
    }
    if schedule:
        item.update({key: value for key, value in schedule.items() if value})
    if len(schedules) > 1:  # "Mondays 10–11 and Thursdays 17–18": a rule each
        item["also"] = [{"start": rule["start"], "end": rule["end"], "all_day": "T" not in rule["start"],
                         "rrule": rule["rrule"], "exdates": rule["exdates"], "rdates": []}
                        for rule in schedules[1:]]
    if not item["end"] and not schedule:
        item["end"] = _end_after(item["start"], _text(node.get("duration")))
    if _whole_days(item["start"], item["end"]):  # The Events Calendar's all-day events
        item.update(start=item["start"][:10], end=item["end"][:10], all_day=True)
    if not ISO_START.match(item["start"]):  # "12.12.2026 klo 19": the page's words, read as such
        item["when_text"] = item.pop("start")
        item["end"] = item["end"] if item["end"] and ISO_START.match(item["end"]) else None
    return item


def _absolute(link: str | None, page_url: str | None) -> str | None:
    """The event's own url, relative ones joined to the page's; else the page's."""
    if link and page_url:
        return urljoin(page_url, link)
    return link or page_url


def _whole_days(start: str | None, end: str | None) -> bool:
    """From midnight to 23:59(:59) in the same zone: days, not times."""
    if not (start and end and MIDNIGHT.match(start) and DAY_END.match(end)):
        return False
    return ZONE_SUFFIX.search(start).group() == ZONE_SUFFIX.search(end).group()


def _end_after(start: str, duration: str | None) -> str | None:
    """startDate + duration ("PT1H30M"), for events that give no endDate."""
    match = DURATION.fullmatch(duration or "")
    if not match or not any(match.groups()):
        return None
    try:
        moment = datetime.fromisoformat(start.replace("Z", "+00:00"))
    except ValueError:
        return None
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return (moment + timedelta(days=days, hours=hours, minutes=minutes)).isoformat()


SCHEMA_DAYS = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
               "saturday": "SA", "sunday": "SU"}
FREQUENCIES = {"DAILY": "DAILY", "WEEKLY": "WEEKLY", "MONTHLY": "MONTHLY", "YEARLY": "YEARLY"}


def _listed(value) -> list:
    return value if isinstance(value, list) else [value] if value else []


def _schedule(value, event: dict | None = None) -> dict | None:
    """schema.org `eventSchedule` (a Schedule: byDay, startTime, endTime or duration,
    repeatFrequency, startDate, endDate, exceptDate, scheduleTimezone) → start, end, rrule and
    exdates. What the Schedule leaves out (its first day, its times) the Event's own startDate,
    endDate and duration give."""
    if not isinstance(value, dict):
        return None
    event = event or {}
    event_start, event_end = _text(event.get("startDate")) or "", _text(event.get("endDate")) or ""
    value = dict(value)
    if not _text(value.get("startDate")) and ISO_START.match(event_start):
        value["startDate"] = event_start[:10]
    if not _text(value.get("startTime")) and re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", event_start):
        value["startTime"] = event_start[11:19]
        if not _text(value.get("endTime")) and event_end[:10] == event_start[:10] and "T" in event_end:
            value["endTime"] = event_end[11:19]
    duration = _text(value.get("duration")) or _text(event.get("duration"))
    days = [SCHEMA_DAYS.get(str(day).rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower())
            for day in (value.get("byDay") if isinstance(value.get("byDay"), list) else [value.get("byDay")])
            if day]
    days = [day for day in days if day]
    frequency = _frequency(_text(value.get("repeatFrequency")) or ("P1W" if days else ""))
    first_day = _date_only((_text(value.get("startDate")) or "")[:10])
    if not frequency or first_day is None:
        return None
    if days:  # DTSTART on the first listed weekday on or after the schedule's start
        weekdays = [list(SCHEMA_DAYS.values()).index(day) for day in days]
        first_day = min(first_day + timedelta(days=(weekday - first_day.weekday()) % 7) for weekday in weekdays)
    start_time, end_time = _text(value.get("startTime")), _text(value.get("endTime"))
    month_week = _number(value.get("byMonthWeek"))
    rrule = f"FREQ={frequency}" + (f";BYDAY={','.join(f'{month_week}{day}' if month_week else day for day in days)}"
                                   if days else "")
    for part, key in (("BYMONTHDAY", "byMonthDay"), ("BYMONTH", "byMonth")):
        numbers = [_number(n) for n in _listed(value.get(key))]
        if any(numbers):
            rrule += f";{part}={','.join(str(n) for n in numbers if n)}"
    last_day = _date_only((_text(value.get("endDate")) or "")[:10])
    count = _number(value.get("repeatCount"))
    if last_day:
        rrule += f";UNTIL={last_day:%Y%m%d}"
    elif count:
        rrule += f";COUNT={count}"
    if month_week or ";BYMONTH" in rrule:  # the first date the rule gives, not the next weekday
        first_day = _first_date(rrule, _date_only((_text(value.get("startDate")) or "")[:10])) or first_day
    start = f"{first_day}T{start_time[:8]}" if start_time else first_day.isoformat()
    end = f"{first_day}T{end_time[:8]}" if start_time and end_time else \
        _end_after(start, duration) if start_time and duration else None
    return {
        "start": start,
        "end": end,
        "rrule": rrule,
        "exdates": [day for day in (_date_only(str(d)[:10]) for d in _listed(value.get("exceptDate")) if d) if day],
        "timezone": _text(value.get("scheduleTimezone")),
    }


def _frequency(value: str) -> str | None:
    """repeatFrequency ("P1W", "P2W", "P1M", "P1Y", "weekly") as an RRULE's FREQ (and INTERVAL)."""
    value = value.strip().upper()
    match = re.fullmatch(r"P(\d+)([DWMY])", value)
    if match:
        frequency = {"D": "DAILY", "W": "WEEKLY", "M": "MONTHLY", "Y": "YEARLY"}[match.group(2)]
        interval = int(match.group(1))
        return frequency + (f";INTERVAL={interval}" if interval > 1 else "") if interval else None
    return FREQUENCIES.get(value)


def _first_date(rrule: str, start: date) -> date | None:
    from dateutil.rrule import rrulestr
    try:
        first = rrulestr(rrule, dtstart=datetime.combine(start, datetime.min.time()), forceset=True)[0]
    except (ValueError, IndexError):
        return None
    return first.date()


def _number(value) -> int | None:
    """A positive or negative whole number (byMonthDay 15, byMonthWeek -1), else None."""
    text = _text(value)
    return int(text) if text and re.fullmatch(r"-?\d{1,3}", text) and int(text) else None


def _hcal_end(start: str | None, end: str | None) -> str | None:
    """hCalendar keeps iCalendar's exclusive all-day end (19 Jan – 20 Jan is one day)."""
    start_day, end_day = _date_only(start), _date_only(end)
    if start_day and end_day and end_day > start_day:
        return (end_day - timedelta(days=1)).isoformat()
    return end


def _date_only(value: str | None) -> date | None:
    match = DATE_ONLY.fullmatch(value or "")
    return date(*map(int, match.groups())) if match else None


def _trusted_time(value: str | None, text: str) -> str | None:
    """Drop a `+00:00` offset that the page's own words contradict.

    Some CMSs write local wall-clock time with a UTC offset (15:15 local as 15:15+00:00).
    When the page's text names that same wall-clock time ("klockan 15.15"), the offset is
    the mistake, so the time is read as local time in the source's zone instead.
    """
    if not value or not UTC_SUFFIX.search(value):
        return value
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.hour == 0 and moment.minute == 0:
        return value
    wall_clock = re.compile(rf"(?<!\d){moment.hour}[.:]{moment.minute:02d}(?!\d)")
    if wall_clock.search(text):
        return moment.replace(tzinfo=None).isoformat()
    return value


def _translation(value, lang: str | None) -> tuple[object, str | None]:
    """One of a multilingual value's translations ([{"@language": "fi", "@value": …}, …]):
    the wanted language's, else the first; with its language code."""
    if not isinstance(value, list) or not all(isinstance(entry, dict) and "@language" in entry for entry in value):
        return value, None
    if not value:
        return None, None
    chosen = next((entry for entry in value if lang and _language(entry["@language"]) == lang), value[0])
    return chosen, _language(chosen["@language"])


def _unescaped(description: str | None) -> str | None:
    """The Events Calendar writes its JSON-LD description HTML-escaped, with a literal "\\n"
    (`&lt;p&gt;…&lt;/p&gt;\\n`): markup that would otherwise reach the text as tags."""
    if description and "<" not in description and re.search(r"&lt;/?[a-zA-Z]", description):
        return html_entities.unescape(description).replace("\\n", "\n")
    return description


def _free_of_charge(node: dict) -> bool | None:
    """isAccessibleForFree, else the offers: free when every price is 0 or a word for free."""
    flag = _text(node.get("isAccessibleForFree"))
    if flag and flag.lower() in ("true", "false"):
        return flag.lower() == "true"
    offers = node.get("offers")
    prices = [_price(offer) for offer in (offers if isinstance(offers, list) else [offers]) if isinstance(offer, dict)]
    prices = [price for price in prices if price is not None]
    return not any(prices) if prices else None


def _price(offer: dict) -> float | None:
    text = _text(offer.get("price")) or _text(offer.get("lowPrice"))
    if text is None and isinstance(_first(offer.get("priceSpecification")), dict):
        text = _text(_first(offer["priceSpecification"]).get("price"))
    return price_of(text)


def _online(value) -> str | None:
    """The address of an online event's VirtualLocation (its name beside it, if it has one)."""
    for entry in _listed(value):
        if isinstance(entry, dict) and _has_type(entry, "VirtualLocation"):
            link, name = _text(entry.get("url")), _text(entry.get("name"))
            if link or name:
                return f"{name} ({link})" if name and link and name != link else link or name
    return None


def _place(value) -> tuple[str | None, str | None]:
    """The name and address of the event's physical place (a VirtualLocation is none)."""
    places = [entry for entry in (value if isinstance(value, list) else [value])
              if entry is not None and not _has_type(entry, "VirtualLocation")]
    value = places[0] if places else None
    if value is None:
        return None, None
    if isinstance(value, str):
        return html_to_text(value) or None, None
    if not isinstance(value, dict):
        return None, None
    name = _text(value.get("name"))
    address = value.get("address")
    if isinstance(_first(address), dict):
        address = _first(address)
        street, postcode, locality = (_text(address.get(key)) for key in ("streetAddress", "postalCode",
                                                                              "addressLocality"))
        town = " ".join(part for part in (postcode, locality) if part)  # "65630 Korsholm"
        address = ", ".join(part for part in (street, town) if part)
    return name, _text(address) or None


def _name(value) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _keywords(value) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    words = []
    for entry in values:
        if isinstance(entry, dict):
            entry = entry.get("name")
        if isinstance(entry, str):
            words.extend(word.strip() for word in entry.split(",") if word.strip())
    return words


def _language(value) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    code = str(value or "").lower()[:2]
    return code if code in ("sv", "fi", "en") else None


def _text(value) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("@id") or value.get("value")
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _dedupe(items: list[dict]) -> list[dict]:
    """A page often repeats one event in JSON-LD, microdata and hCalendar, its time written
    each its own way ("2026-12-10T18:00:00+02:00", "2026-12-10T18:00", "2026-12-10 18:00:00"):
    keep the first, completed with what the others say and it does not."""
    kept: dict = {}
    for item in items:
        when = str(item.get("start") or item.get("when_text") or "").replace(" ", "T", 1)
        key = (re.sub(r"\s+", " ", item["title"]).strip().casefold(),
               when[:16] if ISO_START.match(when) else when)
        first = kept.setdefault(key, item)
        if first is not item:
            for field, value in item.items():
                if value not in (None, "", []) and first.get(field) in (None, "", []):
                    first[field] = value
    return list(kept.values())
