"""The same activity published by several sources: group the copies.

``group_duplicates(events)`` takes event rows (dicts with ``id``, ``source_id``, ``title``,
``start``, ``all_day``, ``rrule``, ``location``, ``address``, ``municipality``; optionally
``organiser``, ``organiser_type``, ``source_name`` and ``first_seen``) and returns
``{event_id: group_id}`` for every event that has a copy in another source. The group id is
the id of the group's canonical event (which maps to itself); events without copies are
absent.

Two events are copies when all of these hold:

* **other sources** — a source never duplicates itself (two rows of one source at the same
  time are two activities), and a group holds at most one event per source;
* **time** — both timed and starting within 15 minutes of each other; or both all-day (or
  one of them) on the same date; two series need the same rule (weekdays, interval) and a
  local start time within 15 minutes; a series and a one-off event are never copies;
* **place** — the municipalities do not differ (when both are known), and the place names
  or addresses agree (shared words, compared accent- and case-folded, with common Swedish
  place words read as their Finnish equivalents: kyrka = kirkko, bibliotek = kirjasto …).
  When one side names no place, the titles must be near-identical instead;
* **title** — every word of the shorter title appears in the longer one ("Julbasar" in
  "Joulumyyjäiset – Julbasar"), or most words are shared, or the texts are close (difflib).

The canonical event of a group is the organiser's own publication (a source whose name is
the organiser another copy names), else the municipality's, else the first seen.

Pure function: no database.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from itertools import combinations

WINDOW = timedelta(minutes=15)
STOPWORDS = {
    "ja", "och", "and", "i", "in", "the", "a", "an", "of", "for", "för", "med", "with", "på", "klo",
    "kl", "kello", "at", "till", "to", "til", "en", "ett", "der", "die", "das", "le", "la", "ry", "rf",
    "r.f", "r.y", "vid", "by", "från", "from", "om", "av", "on", "sekä", "tai", "eller", "or",
}
# Common Swedish words of place names read as the Finnish word (after folding).
PLACE_WORDS = {
    "bibliotek": "kirjasto", "biblioteket": "kirjasto", "stadsbibliotek": "kirjasto",
    "stadsbiblioteket": "kirjasto", "huvudbiblioteket": "kirjasto", "kaupunginkirjasto": "kirjasto",
    "paakirjasto": "kirjasto", "kyrka": "kirkko", "kyrkan": "kirkko", "forsamlingshem": "seurakuntakoti",
    "forsamlingshemmet": "seurakuntakoti", "seurakuntatalo": "seurakuntakoti", "stadshus": "kaupungintalo",
    "stadshuset": "kaupungintalo", "torget": "tori", "torg": "tori", "salutorget": "kauppatori",
    "simhall": "uimahalli", "simhallen": "uimahalli", "idrottshall": "urheiluhalli",
    "idrottshallen": "urheiluhalli", "servicecentral": "palvelukeskus", "servicecentralen": "palvelukeskus",
    "servicehus": "palvelutalo", "servicehuset": "palvelutalo", "ungdomsgard": "nuorisotalo",
    "ungdomsgarden": "nuorisotalo", "sal": "sali", "salen": "sali",
}
WORD = re.compile(r"[^\W_]+")


# Titles, places and town names repeat across the pairs compared (hundreds of thousands at a
# national scale): each text is folded and split once.
@lru_cache(maxsize=200_000)
def fold(text: str | None) -> str:
    """Case- and accent-folded text: 'Joulumyyjäiset – Julbasar' → 'joulumyyjaiset – julbasar'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str | None, place: bool = False) -> list[str]:
    return list(_words(text, place))


@lru_cache(maxsize=200_000)
def _words(text: str | None, place: bool) -> tuple[str, ...]:
    found = [w for w in WORD.findall(fold(text)) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return tuple(PLACE_WORDS.get(w, w) for w in found) if place else tuple(found)


def _same_word(a: str, b: str) -> bool:
    """Equal, or one an inflection of the other (seniortraff / seniortraffen, kirjasto / kirjastossa)."""
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and long_.startswith(short[: max(5, len(short) - 2)])


def _shared(a: list[str], b: list[str]) -> int:
    return sum(1 for word in set(a) if any(_same_word(word, other) for other in set(b)))


@lru_cache(maxsize=200_000)
def titles_match(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    shared = _shared(wa, wb)
    shorter = min(len(set(wa)), len(set(wb)))
    if shared == shorter:
        return True
    if shared / len(set(wa) | set(wb)) >= 0.5:
        return True
    return _similar(fold(a), fold(b), 0.8)


@lru_cache(maxsize=200_000)
def titles_near_identical(a: str, b: str) -> bool:
    return _similar(" ".join(words(a)), " ".join(words(b)), 0.9)


def _similar(a: str, b: str, threshold: float) -> bool:
    """difflib's ratio() >= threshold, after its cheap upper bounds: most pairs of titles
    compared are far apart, and ratio() is the costliest step of the duplicate search."""
    matcher = SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


def _place_words(event: dict, key: str) -> tuple[str, ...]:
    return _words_of_place(event.get(key), event.get("municipality"))


@lru_cache(maxsize=200_000)
def _words_of_place(text: str | None, municipality: str | None) -> tuple[str, ...]:
    town = fold(municipality)
    found = _words(text, True)
    # the town's own name says nothing about the building ("Kokkolan kirjasto" = "kirjasto")
    return tuple(w for w in found if not town or not w.startswith(town[:5])) or found


def places_match(a: dict, b: dict) -> bool | None:
    """True/False when both name a place; None when one of them does not."""
    ma, mb = fold(a.get("municipality")), fold(b.get("municipality"))
    if ma and mb and ma != mb:
        return False
    compared = False
    for key in ("location", "address"):
        pa, pb = _place_words(a, key), _place_words(b, key)
        if not pa or not pb:
            continue
        compared = True
        shared = _shared(pa, pb)
        numbers_a, numbers_b = {w for w in pa if w.isdigit()}, {w for w in pb if w.isdigit()}
        if numbers_a and numbers_b and not numbers_a & numbers_b:
            continue  # Storgatan 5 is not Storgatan 7
        if shared and shared >= min(len(set(pa)), len(set(pb))) / 2:
            return True
    if not compared:
        # one has only a place name, the other only an address: compare across
        pa = _place_words(a, "location") + _place_words(a, "address")
        pb = _place_words(b, "location") + _place_words(b, "address")
        if pa and pb:
            return _shared(pa, pb) > 0
        return None
    return False


@lru_cache(maxsize=200_000)
def _moment(value: str | None):
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.fromisoformat(value).date()
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@lru_cache(maxsize=20_000)
def _rule(rrule: str | None) -> tuple:
    parts = dict(part.split("=", 1) for part in (rrule or "").upper().split(";") if "=" in part)
    return (parts.get("FREQ"), parts.get("INTERVAL", "1"), ",".join(sorted(parts.get("BYDAY", "").split(","))),
            parts.get("BYSETPOS"), parts.get("BYMONTHDAY"))


def times_match(a: dict, b: dict) -> bool:
    start_a, start_b = _moment(a.get("start")), _moment(b.get("start"))
    if start_a is None or start_b is None:
        return False
    if bool(a.get("rrule")) != bool(b.get("rrule")):
        return False
    timed_a, timed_b = isinstance(start_a, datetime), isinstance(start_b, datetime)
    if a.get("rrule"):
        if _rule(a["rrule"]) != _rule(b["rrule"]) or timed_a != timed_b:
            return False
        if not timed_a:
            return True
        minutes = lambda moment: moment.hour * 60 + moment.minute  # noqa: E731 — local wall-clock time
        return abs(minutes(start_a) - minutes(start_b)) <= WINDOW.seconds // 60
    if a.get("all_day") or b.get("all_day") or not timed_a or not timed_b:
        day = lambda moment: moment.date() if isinstance(moment, datetime) else moment  # noqa: E731
        return day(start_a) == day(start_b)
    return abs(start_a - start_b) <= WINDOW


def same_activity(a: dict, b: dict) -> bool:
    if a.get("source_id") == b.get("source_id"):
        return False
    if not times_match(a, b):
        return False
    place = places_match(a, b)
    if place is False:
        return False
    if place is None:
        return titles_near_identical(a.get("title") or "", b.get("title") or "")
    return titles_match(a.get("title") or "", b.get("title") or "")


def _block(event: dict) -> list[str]:
    """Keys under which candidate copies are compared: the local date, or a series' weekday rule."""
    start = event.get("start") or ""
    if event.get("rrule"):
        return ["rule:" + "|".join(str(part) for part in _rule(event["rrule"]))]
    day = start[:10]
    if len(day) != 10:
        return []
    keys = [day]
    moment = _moment(start)
    if isinstance(moment, datetime):  # near midnight a copy may fall on the next/previous date
        for shifted in (moment - WINDOW, moment + WINDOW):
            if shifted.date().isoformat() != day:
                keys.append(shifted.date().isoformat())
    return keys


def _candidate_pairs(block: list[dict]):
    """Pairs worth comparing: timed one-off events only within the 15-minute window, and
    timed series of one rule only within 15 minutes of each other's time of day (a block of
    weekly Tuesday series holds thousands of them at a national scale)."""
    timed, other = [], []
    for event in block:
        moment = _moment(event.get("start"))
        if not isinstance(moment, datetime) or event.get("all_day"):
            other.append(event)
        elif event.get("rrule"):
            timed.append((moment.hour * 60 + moment.minute, event))
        else:
            timed.append((moment.timestamp() / 60, event))
    timed.sort(key=lambda pair: pair[0])
    window = WINDOW.seconds / 60
    for i, (minute, event) in enumerate(timed):
        for later, candidate in timed[i + 1:]:
            if later - minute > window:
                break
            yield event, candidate
    yield from combinations(other, 2)
    for event in other:
        if event.get("rrule") and not isinstance(_moment(event.get("start")), datetime):
            continue  # a series by date never matches one at a time of day (times_match)
        for _, candidate in timed:
            yield event, candidate


def _pairs_by_town(block: list[dict]):
    """The candidate pairs of a block that can be copies as far as the town goes: events in two
    different known municipalities never are (places_match). So the block is split by town and
    each town's events are paired among themselves, and an event of no known town with every
    event; a date at a national scale holds thousands of events in hundreds of towns, and
    pairing them all first cost more than comparing the pairs that remain."""
    towns: dict[str, list[dict]] = {}
    for event in block:
        towns.setdefault(fold(event.get("municipality")), []).append(event)
    unknown = towns.pop("", [])
    for members in towns.values():
        if len(members) > 1:
            yield from _candidate_pairs(members)
    if unknown:
        yield from _candidate_pairs(unknown)
        without_town = {id(event) for event in unknown}
        for members in towns.values():
            for a, b in _candidate_pairs(unknown + members):
                if (id(a) in without_town) != (id(b) in without_town):
                    yield a, b


def group_duplicates(events: list[dict]) -> dict[str, str]:
    """{event_id: canonical event id} for every event that has a copy in another source."""
    by_id = {event["id"]: event for event in events}
    parent = {event_id: event_id for event_id in by_id}
    sources = {event_id: {by_id[event_id].get("source_id")} for event_id in by_id}

    def root(event_id: str) -> str:
        while parent[event_id] != event_id:
            parent[event_id] = parent[parent[event_id]]
            event_id = parent[event_id]
        return event_id

    blocks: dict[str, list[dict]] = {}
    for event in events:
        for key in _block(event):
            blocks.setdefault(key, []).append(event)
    for block in blocks.values():
        if len(block) < 2:
            continue
        for a, b in _pairs_by_town(block):
            ra, rb = root(a["id"]), root(b["id"])
            if ra == rb or sources[ra] & sources[rb]:
                continue  # already together, or one source would appear twice in a group
            if same_activity(a, b):
                parent[rb] = ra
                sources[ra] |= sources.pop(rb)
    groups: dict[str, list[dict]] = {}
    for event_id, event in by_id.items():
        groups.setdefault(root(event_id), []).append(event)
    result = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = min(members, key=lambda event: _preference(event, members))
        for event in members:
            result[event["id"]] = canonical["id"]
    return result


def _preference(event: dict, members: list[dict]) -> tuple:
    own_name = event.get("source_name") or ""
    named_by_others = any(_same_organiser(own_name, other.get("organiser")) for other in members
                          if other is not event)
    municipal = event.get("organiser_type") == "municipality"
    return (not named_by_others, not municipal, event.get("first_seen") or "9999", event["id"])


def _same_organiser(source_name: str, organiser: str | None) -> bool:
    if not source_name or not organiser:
        return False
    a = [w for w in words(source_name) if len(w) > 2]
    b = [w for w in words(organiser) if len(w) > 2]
    if not a or not b:
        return False
    return _shared(a, b) >= min(len(set(a)), len(set(b)))
