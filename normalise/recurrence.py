"""Expand a series (RRULE, EXDATE, RDATE) into occurrences inside the harvest horizon.

Occurrences keep local wall-clock time across daylight-saving changes: a club that meets
"every Tuesday 13–15" meets at 13:00 in both March and April, whatever the UTC offset.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

UNTIL_DATE = re.compile(r"UNTIL=(\d{8})(?![T\d])")
UNTIL_FLOATING = re.compile(r"UNTIL=(\d{8}T\d{6})(?!Z)")


class RecurrenceError(ValueError):
    """An RRULE that cannot be expanded."""


def expand(start, end, rrule: str | None, *, tz: str, window_start: date, window_end: date,
           exdates=(), rdates=()) -> list[tuple]:
    """Return [(start, end)] of a series between window_start and window_end (inclusive).

    `start`/`end` are aware datetimes or dates (all-day, `end` inclusive). A single event
    (no rrule, no rdates) is returned as it is, whatever the window: the horizon limits
    how far a series is unrolled, never whether a one-off event is kept.
    """
    if not rrule and not rdates:
        return [(start, end)]
    zone = ZoneInfo(tz)
    all_day = not isinstance(start, datetime)
    duration = (end - start) if end is not None else None
    dtstart = _as_datetime(start, zone)
    starts: set[datetime] = set()
    if rrule:
        try:
            rule = rrulestr(_fix_until(rrule, zone), dtstart=dtstart, cache=False)
        except (ValueError, TypeError) as error:
            raise RecurrenceError(f"RRULE {rrule!r} cannot be read: {error}") from error
        low = _as_datetime(window_start, zone)
        high = _as_datetime(window_end, zone) + timedelta(days=1)
        starts.update(rule.between(low, high, inc=True))
    elif window_start <= _day(start, zone) <= window_end:
        starts.add(dtstart)  # without a rule the set is DTSTART and the RDATEs (RFC 5545)
    starts.update(_as_datetime(value, zone) for value in rdates
                  if window_start <= _day(value, zone) <= window_end)
    excluded_days = {value for value in exdates if not isinstance(value, datetime)}
    excluded_times = {_local(value, zone) for value in exdates if isinstance(value, datetime)}
    result = []
    for occurrence in sorted(starts):
        if occurrence.date() in excluded_days or _local(occurrence, zone) in excluded_times:
            continue
        occurrence_start = occurrence.date() if all_day else occurrence
        occurrence_end = occurrence_start + duration if duration is not None else None
        result.append((occurrence_start, occurrence_end))
    return result


def _as_datetime(value, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(value, time(0), tzinfo=zone)


def _day(value, zone: ZoneInfo) -> date:
    return _as_datetime(value, zone).date() if isinstance(value, datetime) else value


def _local(value: datetime, zone: ZoneInfo) -> datetime:
    """Local wall-clock time: an EXDATE matches an occurrence at the same local time.

    An EXDATE given as a bare date (common in feeds and free text) excludes that whole day.
    """
    return _as_datetime(value, zone).replace(tzinfo=None)


def _fix_until(rrule: str, zone: ZoneInfo) -> str:
    """dateutil wants UNTIL in UTC when DTSTART is aware; sources often write a bare date."""
    rrule = rrule.removeprefix("RRULE:")

    def date_until(match):
        day = datetime.strptime(match.group(1), "%Y%m%d").replace(hour=23, minute=59, second=59, tzinfo=zone)
        return "UNTIL=" + day.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    def floating_until(match):
        moment = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=zone)
        return "UNTIL=" + moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")

    return UNTIL_FLOATING.sub(floating_until, UNTIL_DATE.sub(date_until, rrule))
