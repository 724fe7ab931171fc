"""iCalendar (RFC 5545) → raw events, with series expanded by recurring-ical-events.

Each VEVENT master becomes one item carrying its RRULE/EXDATE and its already-expanded
occurrences (RECURRENCE-ID overrides and cancelled instances included), so moved and
cancelled instances reach the database exactly as the calendar says.
"""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import lxml.etree
import recurring_ical_events
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from crawlers.parsers import ParseError

LINE_BREAK = re.compile(rb"\r?\n|\r")
VTIMEZONE_BLOCK = re.compile(rb"BEGIN:VTIMEZONE.*?END:VTIMEZONE\r?\n?", re.DOTALL | re.IGNORECASE)
# An IANA-looking name inside a vendor TZID ("custom_America/New_York", "/mozilla.org/…/Europe/Oslo").
IANA_LIKE = re.compile(r"[A-Z][A-Za-z_+-]*(?:/[A-Za-z0-9_+-]+)+")
# A folded line: a line break and one space or tab (RFC 5545 3.1). Folding counts octets, so
# exporters split a UTF-8 character between two lines; unfolding the bytes joins it again.
FOLD = re.compile(rb"(?:\r?\n)+[ \t]")
# Outlook and Exchange name zones the Windows way. icalendar's table gives each the zone of
# its first country (FLE Standard Time → Europe/Kiev, W. Europe → Europe/Berlin); a Nordic
# calendar means the Nordic zone of the same rules.
# TEXT escapes (RFC 5545 3.3.11), which icalendar undoes only for the properties it knows.
TEXT_ESCAPE = re.compile(r"\\([\\,;:nN])")
# Microsoft 365 writes zones as "tzone://Microsoft/Utc" (a Windows name after the prefix),
# unquoted although the colon then ends the parameter: the time was lost.
MICROSOFT_TZID = re.compile(rb'TZID="?tzone://Microsoft/([^":;\r\n]+)"?', re.I)
NORDIC_WINDOWS_ZONES = {
    "FLE Standard Time": "Europe/Helsinki",
    "W. Europe Standard Time": "Europe/Stockholm",
    "Romance Standard Time": "Europe/Copenhagen",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
}


def parse_ical(data: bytes | str, *, window_start: date, window_end: date,
               skipped: list | None = None) -> list[dict]:
    """All events of every VCALENDAR in `data`; series unrolled between the window dates."""
    calendars = _read_calendars(data)
    skipped = skipped if skipped is not None else []
    raw = data.encode("utf-8") if isinstance(data, str) else data
    written = len(re.findall(rb"(?im)^BEGIN:VEVENT\s*$", raw))
    read = sum(1 for calendar in calendars for _ in calendar.walk("VEVENT"))
    if written > read:
        problem = _structure_problem(raw)
        if problem and not read:
            raise ParseError(f"the calendar file is broken at {problem}")
        if problem:
            skipped.append(f"the calendar file is broken at {problem}: the events around it are lost")
    items: list[dict] = []
    for calendar in calendars:
        items.extend(_events_of(calendar, window_start, window_end, skipped))
    return items


def _read_calendars(data: bytes | str) -> list:
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    head = data[:64].upper()
    if head.startswith(b"BEGIN:VEVENT"):  # a bare event, as some exports send
        data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + data.rstrip() + b"\r\nEND:VCALENDAR\r\n"
    elif not head.startswith(b"BEGIN:VCALENDAR"):
        raise ParseError("the document is not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    if b"END:VCALENDAR" not in data.upper():
        lines = len(LINE_BREAK.split(data.rstrip()))
        raise ParseError(f"the calendar file is cut off at line {lines} (no END:VCALENDAR)")
    data = MICROSOFT_TZID.sub(_microsoft_tzid, _as_utf8(FOLD.sub(b"", data)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # vendor-prefixed TZIDs and similar are guessed, fine for us
        try:
            return icalendar.Calendar.from_ical(data, multiple=True)
        except Exception as error:  # icalendar raises many kinds on malformed input
            first_error = error
        # A broken VTIMEZONE (seen in WordPress exports) spoils the whole file; the TZIDs
        # themselves are usually IANA names that resolve without it.
        try:
            return icalendar.Calendar.from_ical(VTIMEZONE_BLOCK.sub(b"", data), multiple=True)
        except Exception:
            raise ParseError(f"the calendar file cannot be read: {type(first_error).__name__}: "
                             f"{first_error}") from first_error


def _structure_problem(data: bytes) -> str | None:
    """Where the file's BEGIN: and END: lines stop pairing up ("line 7: BEGIN:VEVENT inside
    the VEVENT begun at line 3, which has no END:VEVENT"), or None."""
    open_components: list[tuple[str, int]] = []
    for number, line in enumerate(LINE_BREAK.split(data), start=1):
        match = re.match(rb"(?i)(BEGIN|END):([A-Z-]+)\s*$", line)
        if not match:
            continue
        verb, name = match.group(1).upper(), match.group(2).upper().decode("ascii")
        if verb == b"BEGIN":
            if any(opened == name for opened, _ in open_components):
                begun = next(at for opened, at in reversed(open_components) if opened == name)
                return f"line {number}: BEGIN:{name} inside the {name} begun at line {begun}, which has no END:{name}"
            open_components.append((name, number))
        elif not open_components or open_components[-1][0] != name:
            inside = f"the {open_components[-1][0]} begun at line {open_components[-1][1]}" if open_components \
                else "no open component"
            return f"line {number}: END:{name} inside {inside}"
        else:
            open_components.pop()
    if open_components:
        name, begun = open_components[-1]
        return f"line {begun}: the {name} begun there has no END:{name}"
    return None


def _microsoft_tzid(match: re.Match) -> bytes:
    name = match.group(1).strip()
    return b"TZID=UTC" if name.lower() in (b"utc", b"coordinated universal time") else b'TZID="' + name + b'"'


def _as_utf8(data: bytes) -> bytes:
    """iCalendar is UTF-8, but old parish and Outlook exports write Windows-1252 (Latin-1)."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1").encode("utf-8")


def _events_of(calendar, window_start: date, window_end: date, skipped: list) -> list[dict]:
    default_zone = zone_name(calendar.get("X-WR-TIMEZONE")) or _only_zone(calendar)
    by_uid = defaultdict(list)
    for component in calendar.walk("VEVENT"):
        by_uid[str(component.get("UID") or id(component))].append(component)
        _until_through_its_day(component)
    has_series = any(c.get("RRULE") is not None or c.get("RDATE") is not None
                     for c in calendar.walk("VEVENT"))
    expanded = _expanded_occurrences(calendar, window_start, window_end) if has_series else {}
    items = []
    for uid, components in by_uid.items():
        masters = [c for c in components if c.get("RECURRENCE-ID") is None]
        # An override without its master is a one-off event of its own.
        for component in masters or components:
            try:
                item = _item(component, uid, default_zone)
            except Exception as error:  # one malformed VEVENT must not lose the others
                skipped.append(f"event {_summary(component)!r}: {error}")
                continue
            if item is None:
                skipped.append(f"event {_summary(component)!r}: it has no DTSTART")
                continue
            if not item["title"]:
                skipped.append(f"event {_summary(component)!r} on {_iso(item['start'])}: it has no SUMMARY "
                               "(no title)")
                continue
            if masters and (item.get("rrule") or item.get("rdates")) and uid in expanded:
                item["occurrences"] = expanded[uid]
            elif masters and len(components) > len(masters):
                item["occurrences"] = [_occurrence(c) for c in components]
            items.append(item)
    return items


def _item(component, uid: str, default_zone: str | None) -> dict | None:
    start_prop = _first(component.get("DTSTART"))
    if start_prop is None:
        return None
    try:
        start = start_prop.dt
    except Exception:  # icalendar keeps an unreadable value as vBroken, which raises here
        raise ValueError(f"its DTSTART {str(start_prop)!r} is not a date or time") from None
    end = _end_of(component, start)
    all_day = not isinstance(start, datetime)
    item = {
        "source_event_id": uid if component.get("UID") else None,
        "title": _title(component),
        "description": _description(component),
        "start": start,
        "end": end,
        "all_day": all_day,
        "status": str(component.get("STATUS") or "") or None,
        "location": str(component.get("LOCATION") or "") or None,
        "url": str(component.get("URL") or "") or None,
        "organiser": _organiser(component.get("ORGANIZER")),
        "categories": _categories(component.get("CATEGORIES")),
        "extraction": "ical",
    }
    zone = _zone_of(start, start_prop.params.get("TZID")) if isinstance(start, datetime) else None
    if not isinstance(start, datetime) or start.tzinfo is None:
        zone = default_zone  # floating time, all-day date: the calendar's zone, else the source's
    if zone and zone != "UTC":
        item["timezone"] = zone
    if component.get("RECURRENCE-ID") is not None:
        item["recurrence_id"] = _iso(component.get("RECURRENCE-ID").dt)
    if component.get("RRULE") is not None:
        item["rrule"] = _rrule_text(_first(component.get("RRULE")))
    item["exdates"] = [in_zone_of(start, moment) for moment in dates_of(component.get("EXDATE"))]
    item["rdates"] = [in_zone_of(start, moment) for moment in dates_of(component.get("RDATE"))]
    return item


def _until_through_its_day(component) -> None:
    """An UNTIL of another type than DTSTART, as RFC 5545 wants it: a timed series whose UNTIL
    is a bare date (Outlook, hand-made feeds) runs through that day, so its UNTIL becomes the
    day's last second (read as that day's midnight, the last date was lost); a zoned series'
    UNTIL in local time (Exchange) is the same moment in UTC, which every reader takes."""
    rule, start_prop = component.get("RRULE"), _first(component.get("DTSTART"))
    if not isinstance(rule, icalendar.vRecur) or start_prop is None:
        return  # none, several, or broken (reported with its event)
    try:
        start = start_prop.dt
    except Exception:
        return
    until = _first(rule.get("UNTIL"))
    if not isinstance(start, datetime) or not isinstance(until, date):
        return
    if not isinstance(until, datetime):
        until = datetime.combine(until, datetime.max.time().replace(microsecond=0))
    elif until.tzinfo is not None or start.tzinfo is None:
        return
    if start.tzinfo is not None:
        until = until.replace(tzinfo=start.tzinfo)
        until = until.astimezone(timezone.utc) if until.utcoffset() is not None else until.replace(tzinfo=None)
    rule["UNTIL"] = [until]


def in_zone_of(start, moment):
    """An EXDATE/RDATE written in UTC for a series in local time, in the series' zone."""
    if all(isinstance(value, datetime) and value.tzinfo is not None for value in (start, moment)):
        return moment.astimezone(start.tzinfo)
    return moment


def _end_of(component, start):
    if component.get("DTEND") is not None:
        end = _first(component.get("DTEND")).dt
    elif component.get("DURATION") is not None:
        end = start + component.get("DURATION").dt
    else:
        return start if not isinstance(start, datetime) else None
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        return max(start, end - timedelta(days=1))  # DTEND of an all-day event is exclusive
    return end


def _description(component) -> str:
    """DESCRIPTION, else Outlook's HTML one (X-ALT-DESC), which it may write alone."""
    text = str(component.get("DESCRIPTION") or "").strip()
    if text:
        return text
    html = _first(component.get("X-ALT-DESC"))
    return _unescape(str(html)) if html is not None else ""


def _unescape(text: str) -> str:
    return TEXT_ESCAPE.sub(lambda match: "\n" if match.group(1) in "nN" else match.group(1), text)


def _expanded_occurrences(calendar, window_start: date, window_end: date) -> dict:
    """{uid: [{start, end, status}]} for every series, overrides and cancellations applied.

    Where the library cannot expand a calendar (events without DTSTART, odd rules), the
    normaliser expands each series from its own RRULE instead, without overrides.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            query = recurring_ical_events.of(calendar, skip_bad_series=True)
            rows = _occurrence_rows(query, window_start, window_end + timedelta(days=1))
    except Exception:  # the library raises many kinds on odd calendars
        return {}
    result = defaultdict(list)
    for uid, occurrence in rows:
        result[uid].append(occurrence)
    for series in result.values():  # RDATEs come after the rule's own dates: keep time order
        series.sort(key=lambda occurrence: _utc_key(occurrence["start"]))
    return result


def _occurrence_rows(query, start: date, stop: date) -> list[tuple[str, dict]]:
    """[(uid, {start, end, status})] of the query's occurrences between the dates.

    `query.between` copies the whole VEVENT for every occurrence (most of the expansion's
    cost), only for us to read its DTSTART, DTEND, STATUS and UID. The occurrences themselves
    carry the same: their start and end, and the component (the master or the override) the
    copy would be made from. Where the library lacks these internals, or an occurrence has a
    time the copy would treat specially (not a date or datetime), the copies are made as before.
    """
    try:
        occurrences = query._occurrences_between(query.to_datetime(start), query.to_datetime(stop))
        sources = [occurrence._adapter._component for occurrence in occurrences]
    except AttributeError:
        occurrences = None
    if occurrences is None or not all(isinstance(occurrence.start, date) and isinstance(occurrence.end, date)
                                      for occurrence in occurrences):
        return [(str(component.get("UID")), _occurrence(component)) for component in query.between(start, stop)]
    rows = []
    for occurrence, component in zip(occurrences, sources):
        start_time, end_time = occurrence.start, occurrence.end
        if not isinstance(start_time, datetime) and not isinstance(end_time, datetime):
            end_time = max(start_time, end_time - timedelta(days=1))  # as _end_of: DTEND is exclusive
        rows.append((str(component.get("UID")), {"start": start_time, "end": end_time,
                                                  "status": str(component.get("STATUS") or "") or None}))
    return rows


def _utc_key(value) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat()
    return value.isoformat()


def _occurrence(component) -> dict:
    start = _first(component.get("DTSTART")).dt
    end = _end_of(component, start)
    return {"start": start, "end": end, "status": str(component.get("STATUS") or "") or None}


def dates_of(prop) -> list:
    if prop is None:
        return []
    props = prop if isinstance(prop, list) else [prop]
    values = []
    for entry in props:
        try:
            entry_values = list(entry.dts)
        except Exception:  # an empty or broken EXDATE/RDATE line: ignore that line only
            continue
        for value in entry_values:
            moment = value.dt
            if isinstance(moment, tuple):  # RDATE;VALUE=PERIOD
                moment = moment[0]
            values.append(moment)
    return values


def _rrule_text(prop) -> str:
    """The RRULE value; Exchange writes "BYDAY=MO, TU", which icalendar keeps unparsed and escapes."""
    text = str(prop) if type(prop).__name__ == "vBroken" else prop.to_ical().decode()
    return re.sub(r"\\(?=[;,])|\s+", "", text)


def _zone_of(moment: datetime, tzid) -> str | None:
    """IANA name of an aware time's zone, also for a vendor or Windows TZID with its own
    VTIMEZONE ("custom_America/New_York", "W. Europe Standard Time"), when that zone has the
    same offset at that time."""
    if moment.tzinfo is None:
        return None
    windows = windows_zone(str(tzid or ""))
    if windows and moment.replace(tzinfo=ZoneInfo(windows)).utcoffset() == moment.utcoffset():
        return windows
    name = zone_name(moment.tzinfo)
    if name:
        return name
    for candidate in _iana_candidates(str(tzid or "")):
        if moment.replace(tzinfo=ZoneInfo(candidate)).utcoffset() == moment.utcoffset():
            return candidate
    return None


def windows_zone(tzid: str) -> str | None:
    """The IANA zone of a Windows zone name, the Nordic one where the rules are shared."""
    name = tzid.strip().strip('"')
    return NORDIC_WINDOWS_ZONES.get(name) or WINDOWS_TO_OLSON.get(name)


def _iana_candidates(tzid: str):
    """Valid IANA names in a TZID, trailing "_words" trimmed one by one (…/New_York_Forward_reference)."""
    for match in IANA_LIKE.finditer(tzid):
        name = match.group(0)
        while name:
            if zone_name(name) not in (None, "UTC"):
                yield name
            name = name.rpartition("_")[0] if "/" in name.rpartition("_")[0] else ""


def _only_zone(calendar) -> str | None:
    """The one IANA zone the calendar's VTIMEZONEs and DTSTARTs name: the zone of its all-day
    and floating events (a broken VTIMEZONE may have been dropped, so DTSTARTs count too)."""
    tzids = [component.get("TZID") for component in calendar.walk("VTIMEZONE")]
    for component in calendar.walk("VEVENT"):
        start = _first(component.get("DTSTART"))
        tzids.append(start.params.get("TZID") if start is not None and hasattr(start, "params") else None)
    names = {zone_name(str(tzid)) or windows_zone(str(tzid)) for tzid in tzids
             if tzid and not isinstance(tzid, list)}
    names -= {None, "UTC"}
    return names.pop() if len(names) == 1 else None


def zone_name(value) -> str | None:
    if value is None:
        return None
    name = getattr(value, "key", None) or getattr(value, "zone", None) or str(value)
    if value is timezone.utc or name in ("UTC", "Z", "Etc/UTC", "GMT"):
        return "UTC"
    try:
        ZoneInfo(name)
    except (ValueError, KeyError):
        return None
    return name


def _organiser(value) -> str | None:
    if value is None:
        return None
    name = value.params.get("CN") if hasattr(value, "params") else None
    return str(name or value).removeprefix("mailto:").removeprefix("MAILTO:") or None


def _categories(value) -> list[str]:
    if value is None:
        return []
    entries = value if isinstance(value, list) else [value]
    names = []
    for entry in entries:
        names.extend(str(category) for category in getattr(entry, "cats", [entry]))
    return names


def _first(prop):
    """Some exports repeat a property (two DTSTART lines): the first one wins."""
    return prop[0] if isinstance(prop, list) else prop


def _title(component) -> str:
    """SUMMARY, or the first line of DESCRIPTION for events exported without one."""
    summary = str(component.get("SUMMARY") or "").strip()
    if summary:
        return summary
    first_line = str(component.get("DESCRIPTION") or "").strip().split("\n")[0]
    return first_line[:120]


def _summary(component) -> str:
    return str(component.get("SUMMARY") or component.get("UID") or "?")


def _iso(value) -> str:
    return value.isoformat()


# xCal (RFC 6321, XML) and jCal (RFC 7265, JSON) are iCalendar written as XML or JSON: each is
# turned back into iCalendar text and read as one.
XCAL_NAMESPACE = "urn:ietf:params:xml:ns:icalendar-2.0"


def is_jcal(document) -> bool:
    return isinstance(document, list) and len(document) == 3 and str(document[0]).lower() == "vcalendar"


def jcal_to_ical(document) -> bytes:
    """A jCal document (["vcalendar", [properties], [components]]) as iCalendar text."""
    lines: list[str] = []

    def component(node) -> None:
        if not (isinstance(node, list) and len(node) == 3 and isinstance(node[0], str)):
            raise ParseError("the jCal document has a component that is not [name, properties, components]")
        name, properties, components = node
        lines.append(f"BEGIN:{name.upper()}")
        for prop in properties or []:
            if isinstance(prop, list) and len(prop) >= 4 and isinstance(prop[0], str):
                lines.append(_content_line(prop[0], prop[1] if isinstance(prop[1], dict) else {},
                                           str(prop[2]), prop[3:]))
        for child in components or []:
            component(child)
        lines.append(f"END:{name.upper()}")

    component(document)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def xcal_to_ical(data: bytes) -> bytes:
    """An xCal document (<icalendar><vcalendar><properties>…<components>…) as iCalendar text."""
    try:
        root = lxml.etree.fromstring(data, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    except lxml.etree.XMLSyntaxError as error:
        raise ParseError(f"the xCal document is not well-formed XML: {error}") from error
    lines: list[str] = []

    local = _local_name

    def children(element, name=None):
        return [child for child in element if isinstance(child.tag, str) and (name is None or local(child) == name)]

    def component(element) -> None:
        lines.append(f"BEGIN:{local(element).upper()}")
        for group in children(element, "properties"):
            for prop in children(group):
                params = {}
                for holder in children(prop, "parameters"):
                    for param in children(holder):
                        params[local(param)] = [value.text or "" for value in children(param)]
                values = [child for child in children(prop) if local(child) != "parameters"]
                kind = local(values[0]) if values else "text"
                lines.append(_content_line(local(prop), params, kind,
                                           [_xcal_value(value) for value in values]))
        for group in children(element, "components"):
            for child in children(group):
                component(child)
        lines.append(f"END:{local(element).upper()}")

    for calendar in (children(root, "vcalendar") if local(root) == "icalendar" else [root]):
        component(calendar)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _xcal_value(element):
    """An xCal value element as jCal's value: text, or a dict of a recur's parts, or [start, end]."""
    name = _local_name(element)
    parts = [child for child in element if isinstance(child.tag, str)]
    if name == "recur":
        recur: dict = {}
        for part in parts:
            recur.setdefault(_local_name(part), []).append(part.text or "")
        return recur
    if name == "period":
        return [part.text or "" for part in parts]
    return element.text or ""


def _local_name(element) -> str:
    return lxml.etree.QName(element).localname.lower()


def _content_line(name: str, params: dict, kind: str, values: list) -> str:
    """One iCalendar content line from a property's name, parameters, value type and values."""
    kind = kind.lower()
    written = []
    for key, value in params.items():
        value = value if isinstance(value, list) else [value]
        texts = [str(v) for v in value]
        written.append(f";{key.upper()}=" + ",".join(f'"{t}"' if re.search(r'[:;,]', t) else t for t in texts))
    if kind in ("date", "period") and "value" not in params:
        written.append(f";VALUE={kind.upper()}")
    text = ",".join(_ical_value(kind, value) for value in values)
    return f"{name.upper()}{''.join(written)}:{text}"


def _ical_value(kind: str, value) -> str:
    if kind == "recur" and isinstance(value, dict):
        parts = []
        for key, part in value.items():
            items = part if isinstance(part, list) else [part]
            parts.append(f"{key.upper()}=" + ",".join(_ical_value("date-time", item) if key.lower() == "until"
                                                      else str(item) for item in items))
        return ";".join(parts)
    if kind == "period" and isinstance(value, list):
        return "/".join(_ical_value("date-time", part) if not str(part).startswith(("P", "-P")) else str(part)
                        for part in value)
    if kind in ("date-time", "date", "time"):
        return str(value).replace("-", "").replace(":", "")
    if kind == "utc-offset":
        return str(value).replace(":", "")
    if kind == "boolean":
        return "TRUE" if value is True or str(value).lower() == "true" else "FALSE"
    if kind == "text":
        return str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return str(value)
