"""Free-text Nordic dates, times, ranges and recurring phrases (Swedish, Finnish, English).

``parse_when(text)`` reads the first date expression in ``text`` (surrounding prose is
ignored) and returns a :class:`ParsedWhen`; ``find_when`` does the same but returns None
instead of raising :class:`DateParseError`.

Forms read by the fast regex path (case-insensitive):

* numeric dates ``5.3.``, ``5.3``, ``5.3.2025``, ``5.3.25``, ``12-12-2026``, ``2026/12/12``,
  ``12/4``, ``05/02/2025`` (day first, on English pages too; month first when day first is no
  date, ``12/24/2026``, or only month first falls on the weekday written before it, ``Tue,
  12/8/2026``; without a year, when day first falls on it in no year around today), ISO
  ``2025-04-12``, ``2025-04-12 14:00``, ``2025-04-12T14:00:00+03:00``, ``20261208T160000Z``,
  intervals ``2026-12-08/2026-12-10``, week dates ``2026-W50`` (Monday to Sunday),
  ``2026-W50-2``;
* month names in sv/fi/en incl. Finnish partitive/genitive (``1. toukokuuta 2025``,
  ``4 mars 2025``, ``12 April 2025``, ``April 12, 2025``, ``26 Feb``), and the Finnish stem
  alone beside a day, as date badges print it (``07 joulu 2026``, ``20 tammi``);
* weekday names and abbreviations before a date (``ti 4.3.``, ``Torstaina 1.5.``,
  ``Sat 12 April``) -- the weekday picks the year, see below;
* lists of days: ``4.3. och 11.3.``, ``9., 16. ja 23.12.``, ``den 9, 16 och 23 december``,
  ``den 8:e och 9:e december``, ``8th and 9th December`` (bare days share the month of the
  full date that ends the list), ``December 9, 16 and 23`` -> rdates; further showings
  ``kl. 11, 13 och 15`` or a second session of the same length ``kl. 9–11 och 13–15`` ->
  rdates on the same day;
* one event with several rules -> ``ParsedWhen.also`` (the first rule is the answer):
  weekdays listed with times of their own (``mån–tors 9–15, fre 9–13``, ``ma klo 10 ja to
  klo 14``, ``Mondays 10–11am and Wednesdays 6–7pm``, ``klo 10 maanantaisin ja klo 14
  torstaisin``, a block of opening hours: ``ma–to 9–19``, ``pe 9–16`` a line each), dates
  listed with times of their own (``ti 8.12. klo 18 ja to 10.12. klo 13``), a series' second
  session of the day (``mån–fre 9–11 och 12–15``), several ranges
  (``8.–9.12. och 15.–16.12. kl. 10–12``: each read as the first is); window, exceptions and
  breaks apply to each;
* date ranges ``12.–14.6.2025``, ``12.6.–14.6.2025``, ``24.6. - 26.6.``, ``12–14 juni``,
  ``December 9–11, 2026``, ``28.12.–2.1.`` (consecutive years), ``mellan 12.12. och
  14.12.``, ``between 12 and 14 December``: all-day spans; with one time of day
  (``2.–3.12. klo 10–14``) that time on each day, a daily series
  (``FREQ=DAILY;UNTIL=``); with a time at each end (``pe 4.12. klo 18 – su 6.12. klo 14``)
  one span; weekdays before a range (``lö–sö 12.–13.12.``) name its days, weekdays that
  leave some of its days out (``ma–pe 7.–18.12.``) make a weekly series in it, as does one
  weekday before a range of a week or more (``ti 12.1.–27.4.``: every Tuesday; other
  weekdays at both ends, ``ma 28.12. – su 3.1.``, name its ends) or before a date with
  ``joka viikko``/``every week`` after it; ``Start: … End: …``/``Alkaa: …
  Päättyy: …`` is a range;
* times after ``klo``/``kl.``/``kello``/``klockan``/``at``/``från``/``from``/``alkaen``
  (``Klo: 18–20``, four digits ``kl 1800``), or right after a date or weekday, also as a field
  of a table or badge (``ti | 8.12. | 18.00``, ``Datum: 8.12.2026 Tid: 18.00``): ``13–15``,
  ``13.00–15.00``, ``10–11.30``, ``10–11:30``, ``2pm``, ``14:00``, ``noon``, ``midnight``,
  ``18 fram till 21``, ``18–ca 20``, ``mellan kl. 10 och 14``, ``between 10am and 2pm``,
  ``klo 10 ja 14 välillä``, ``18h30``, ``18h–20h`` (a lone ``18h`` after a date from 13h on:
  ``2h`` is a length), ``18:00:00`` (seconds dropped); a range ending before it
  starts ends the next day (``kl. 20–02``, ``9 pm – midnight``), except a morning start with
  a smaller end (``9–5`` is 9–17); ``från 21:00`` gives no end, a length right after a time
  does (``klo 12 (noin 2 h)``, ``kesto 1,5 h``, ``längd 90 min``); in a dated text without
  such a time, a dotted one elsewhere that is no day.month (``18.00 Joulukonsertti, ti 8.12.``,
  07.00–23.59, minutes 00 or above 12), unless it prices or counts;
* ISO week numbers: ``vecka 50`` (Monday to Sunday), ``v. 50–51``, ``vko 2/2027``, with a
  weekday ``tisdag vecka 51``, ``v. 51 onsdag``, ``viikolla 51 keskiviikkona``;
* named days of the church and civil year (``julafton``, ``första advent``, ``påskdagen``,
  ``midsommarafton``, ``jouluaattona``, ``1. adventtisunnuntai``, ``pitkäperjantai``,
  ``pyhäinpäivä``, ``Good Friday``, ``mors dag``: Finland's or, in Europe/Stockholm,
  Sweden's; see normalise/holidays.py), in the year the window
  below gives or the one written after them (``påskdagen 2027``); beside a written date
  (``juldagen 25.12.``) the date is read;
* recurring phrases -> RRULE: ``varje tisdag``, ``tisdagar(na)``, ``joka tiistai``,
  ``tiistaisin``, ``every Wednesday``, ``Mondays``, with a part of the day
  (``tisdagskvällar``, ``keskiviikkoaamuisin``, ``tiistai-iltaisin``, ``Tuesday evenings``:
  an English evening's ``at 6`` is 18:00), lists (``måndagar och torsdagar``, ``tiistai- ja
  torstai-iltaisin``, ``tis- och torsdagar``),
  weekday ranges with a time (``mån–fre kl. 9–15``), ``varje vecka på tisdag``,
  ``första måndagen i månaden``, ``sista fredagen i månaden``, ``varje månads sista
  onsdag``, ``kuun ensimmäinen maanantai``, ``joka kuukauden 1. tiistai``, ``first Monday
  of the month``, ``every 2nd and 4th Thursday``, ``varannan tisdag``/``joka toinen
  keskiviikko``/``every other week``/``fortnightly`` (INTERVAL=2), ``jämna veckor``/``udda
  veckor``/``parillisilla viikoilla``/``odd weeks`` (ISO week numbers:
  ``FREQ=YEARLY;BYWEEKNO=1,3,...,53``),
  ``varje dag``/``alla dagar``/``päivittäin``/``daily`` (``joka päivä paitsi sunnuntaisin``,
  ``daily except Mondays``: weekly on the other days), ``vardagar``/``arkisin``/``weekdays``,
  ``varje helg``/``every weekend``; exceptions
  ``(ej 26.2.)``, ``(paitsi 26.2.)``, ``except 26 Feb``, ``(ej julafton)``, ``lukuun
  ottamatta 28.12.``, ``ei 24.12. eikä 31.12.``, ``no class 24 Dec`` (a lone weekday whose
  exceptions fall on it is a series, as is one on even or odd weeks: ``ma klo 10 (ei
  28.12.)``), breaks
  ``(paus 22.12.–5.1.)``/``tauko``/``juluppehåll``/``joululomalla``/``Christmas break``
  -> exdates; ``helgfria vardagar``/``utom helgdagar``/``(ei arkipyhinä)``/``pyhäpäiviä lukuun
  ottamatta``/``except public holidays``: the country's days off (normalise.holidays
  ``public_holidays``) that fall on the series from its first day to its end, or for a
  year, are exdates; a date range or
  ``från 3.9.``/``3.9. alkaen``/``till (och med) 15.12.`` on a series -> DTSTART/UNTIL, and
  so do months written beside its weekdays or time (``joulukuussa``, ``tammi–toukokuussa``,
  ``tammikuusta alkaen``, ``toukokuun loppuun``, ``i januari–maj``, ``från januari``,
  ``from January to May``), in the year whose months are nearest the listing window; a
  month that starts it (``från och med januari``, ``tammikuun alusta``, ``starting in
  January``) may stand anywhere in the text; months
  with a negation or a pause (``joulukuussa ei kokoonnuta``, ``ei kesä–elokuussa``, ``inte i
  juli``, ``not in January``, ``heinäkuussa tauko``, ``uppehåll i januari``) are months off:
  the series' days in them, on or after its first day, are exdates. Terms and seasons
  bound a series by a convention (schools', adult education's and parishes' terms vary by
  a week or two): the autumn term (``syyskaudella``, ``höstterminen``, ``autumn term``) is
  1.9.–15.12., the spring term (``kevätkaudella``, ``vårterminen``, ``spring term``)
  7.1.–31.5., the summer season (``kesäkaudella``, ``sommarsäsongen``) 1.6.–31.8., of the
  year written or the term under way or next, which is read from today; so are the seasons
  in words (``hela hösten``, ``under våren``, ``i höst``, ``syksyllä``, ``kevään ajan``,
  ``kesällä``, ``this autumn``, ``Spring 2027``). The winter holiday
  week (``hiihtolomaviikolla``, ``sportlovet``) differs by region: alone it is an error
  that says so; so are the other school holidays (``jullovet``, ``syyslomalla``, ``höstlovet``),
  whose dates differ by municipality and school;
* and: a time before abbreviated weekdays (``kl 10–16 mån–fre, lör 10–14``: two rules), days
  said to be closed left out (``ma–pe 9–16, la–su suljettu``), ``maanantaista perjantaihin``,
  weekdays after a range (``7.–20.12. ma–pe``), ``A klo 17 alkaen B klo 15 asti`` (a span),
  ``ja uudelleen klo 14``/``och igen``/``and again`` (a further showing), a series' end after
  ``päättyy``/``slutar``/``ends``, lengths in words (``kesto noin tunti``, ``ca en timme``,
  ``puolitoista tuntia``, ``an hour and a half``, ``1½ h``), ``viikot 50–51``, a part of the
  day beside a time (``tonight at 7``, ``klo 7 illalla``: p.m.) and hours in words with it
  (``klockan sju på kvällen``, ``kello puoli seitsemän illalla``; without it, ``klockan tre``,
  an error: 3 or 15). ``klo 2026`` reads as a year: an error, not 20:26. A deadline
  (``anmälan senast 1.12.``, ``ilmoittautuminen 30.11. mennessä``, ``register by 1 Dec``) is
  no day of the event when the text has another; dates a series is closed on (``arkisin klo
  9–15, suljettu 24.–26.12.``) are its exdates.

Not dates: a lone weekday inside a sentence, without a time or date (``valde på måndagen
en ny bibliotekschef``, ``päätti maanantaina``, ``met on Monday``: news tells of a day), unless
it heads the line (``Måndag: Dagklubb``), the text is a few words (``Torstai``) or invites
(``Välkommen på måndag``, ``Tervetuloa maanantaina``); a number right after a word that
counts or prices things (``sivu 12.3``, ``Lotto 7.12``, ``versio 3.11``, ``kohta 5.3``, ``§``,
``sali 2.12``, ``hinta 5.10``), a Bible reference (``Joh. 1:19–28``), a price (``3.50–5.00 €``).

Relative words (``idag``, ``ikväll``, ``i morgon``, ``tänä iltana``, ``huomenna``,
``ylihuomenna``, ``tonight``, ``tomorrow``...) count days from today, when the text has no
date; a weekday with ``nästa vecka``/``ensi viikolla``/``next week`` is that day of next
week. Only when the fast path finds no day at all, short texts with a month or weekday word
go to ``dateparser``.

Year rule for dates written without a year, relative to ``today``:

1. with a weekday, the year among ``today.year - 1 .. today.year + 1`` in which that day
   falls on that weekday (the one nearest the window below if several);
2. otherwise the year that puts the date in the window ``[today - 120 days,
   today + 245 days]`` (listings keep recent past events). A weekday that fits no
   candidate year is ignored.

Times are wall-clock times in ``tz`` (zoneinfo); a time in the spring-forward gap moves
forward by the gap, an ambiguous autumn time takes the first (summer-time) offset. A zone
written after a time is the zone of the text's times, and the answer is given in ``tz``:
``CET`` +01:00, ``CEST`` +02:00, ``EET`` +02:00, ``EEST`` +03:00, ``UTC``/``GMT`` (``UTC+2``),
RFC 2822's numeric offset (``Tue, 08 Dec 2026 18:00:00 +0200``),
``svensk tid``/``Ruotsin aikaa``/``Swedish time`` Europe/Stockholm, ``finsk tid``/``Suomen
aikaa``/``Finnish time`` Europe/Helsinki (``9.12. kl. 18 CET`` is 19:00+02:00 in Helsinki).
A weekly or daily series in a written zone is a series in ``tz`` at the time its first day
gives there, on the days its times fall on there (``tisdagar kl. 23.30 UTC`` is Wednesdays at
01:30 in Helsinki, all year, as every series keeps its wall time); so is a monthly one moved
to the next or previous day (``första tisdagen i månaden kl. 23.30 UTC``:
``FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=2,...,8``, the Wednesday after the first Tuesday).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from normalise.holidays import FEASTS, country_of_zone, feast_day, in_country, public_holidays
from normalise.wordtrie import alternation

__all__ = ["DateParseError", "ParsedWhen", "parse_when", "find_when"]


class DateParseError(ValueError):
    """No date or time can be read from the text; the message names the text and why."""

    def __init__(self, text, reason: str):
        self.text = text
        self.reason = reason
        shown = text if not isinstance(text, str) or len(text) <= 120 else text[:117] + "..."
        super().__init__(f"cannot read a date from {shown!r}: {reason}")


@dataclass
class ParsedWhen:
    start: datetime | date
    end: datetime | date | None
    all_day: bool
    rrule: str | None = None
    exdates: list = field(default_factory=list)
    span: tuple[int, int] | None = None
    # further days of the same event when the text lists several ("4.3. och 11.3. kl 18"),
    # each at the first one's time (as iCalendar's RDATE)
    rdates: list = field(default_factory=list)
    # further rules of the same event, each a ParsedWhen without `also` of its own: weekdays
    # with times of their own ("mån–tors 9–15, fre 9–13": Friday's rule), further ranges
    # ("8.–9.12. och 15.–16.12."), days with their own times ("ti 8.12. klo 18 ja to 10.12.
    # klo 13"); normalise.record expands each into occurrences
    also: list = field(default_factory=list)

    def to_json(self) -> dict:
        answer = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end is not None else None,
            "all_day": self.all_day,
            "rrule": self.rrule,
            "exdates": [value.isoformat() for value in self.exdates],
        }
        if self.rdates:
            answer["rdates"] = [value.isoformat() for value in self.rdates]
        if self.also:
            answer["also"] = [rule.to_json() for rule in self.also]
        return answer


# ---------------------------------------------------------------------------------------
# Vocabulary

_FI_MONTH_STEMS = ("tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo",
                   "syys", "loka", "marras", "joulu")
_MONTHS: dict[str, int] = {
    # Swedish
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12, "febr": 2,
    # English (where it differs)
    "january": 1, "february": 2, "march": 3, "mar": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "oct": 10,
}
for _number, _stem in enumerate(_FI_MONTH_STEMS, 1):
    # partitive (with a day: "1. toukokuuta"), genitive, nominative, abbreviation "touk."
    for _suffix in ("kuuta", "kuun", "kuu", "k"):
        _MONTHS[_stem + _suffix] = _number
    # the stem alone, as date badges and calendar plugins print it beside a day ("07 joulu
    # 2026", "20 tammi"): read only next to a day, never as a month word of its own
    _MONTHS[_stem] = _number

_SV_DAYS = ("mån", "tis", "ons", "tors", "fre", "lör", "sön")
_FI_DAYS = ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai",
            "sunnuntai")
_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBREVIATIONS = {
    0: ("må", "ma", "mon"), 1: ("ti", "tue", "tues"), 2: ("on", "ke", "wed"),
    3: ("to", "tor", "thu", "thur", "thurs"), 4: ("fr", "pe", "fri"), 5: ("lö", "la", "sat"),
    6: ("sö", "su", "sun"),
}
# word -> (weekdays, kind); kind "name" is one day, "plural" means every such day,
# "abbr" counts only next to a date or time (two letters are too often other words).
_WEEKDAYS: dict[str, tuple[tuple[int, ...], str]] = {}
for _day, (_sv, _fi, _en) in enumerate(zip(_SV_DAYS, _FI_DAYS, _EN_DAYS)):
    _one = (_day,)
    for _word in (_sv + "dag", _sv + "dagen", _fi, _fi + "na", _fi + "ista", _en):
        _WEEKDAYS[_word] = (_one, "name")
    for _word in (_sv + "dagar", _sv + "dagarna", _fi + "sin", _fi + "isin", _en + "s"):
        _WEEKDAYS[_word] = (_one, "plural")
    _WEEKDAYS[_sv + "dags"] = (_one, "name")      # "måndags- och onsdagskvällar"
    for _word in (_sv,) + _ABBREVIATIONS[_day]:
        _WEEKDAYS.setdefault(_word, (_one, "abbr"))
# "maanantaista perjantaihin" (from Monday to Friday): a range of days, see _take_weekdays
_FI_ELATIVE = ("maanantaista", "tiistaista", "keskiviikosta", "torstaista", "perjantaista",
               "lauantaista", "sunnuntaista")
_FI_ILLATIVE = ("maanantaihin", "tiistaihin", "keskiviikkoon", "torstaihin", "perjantaihin",
                "lauantaihin", "sunnuntaihin")
for _day, (_from, _to) in enumerate(zip(_FI_ELATIVE, _FI_ILLATIVE)):
    _WEEKDAYS[_from] = _WEEKDAYS[_to] = ((_day,), "name")
_WEEKDAYS["keskiviikkoisin"] = ((2,), "plural")
_WEEKDAYS.pop("keskiviikkosin", None)
# a part of the day joined to the weekday: "tisdagskvällar", "onsdagsförmiddagen",
# "tiistai-iltaisin", "keskiviikkoaamuisin", "Tuesday evenings"
_SV_PARTS = {"morgon": "name", "morgonen": "name", "morgnar": "plural", "morgnarna": "plural",
             "förmiddag": "name", "förmiddagen": "name", "förmiddagar": "plural",
             "förmiddagarna": "plural", "eftermiddag": "name", "eftermiddagen": "name",
             "eftermiddagar": "plural", "eftermiddagarna": "plural", "kväll": "name",
             "kvällen": "name", "kvällar": "plural", "kvällarna": "plural"}
_FI_PARTS = ("aamuisin", "aamupäivisin", "päivisin", "iltapäivisin", "iltaisin", "öisin")
_EN_PARTS = {"morning": "name", "mornings": "plural", "afternoon": "name",
             "afternoons": "plural", "evening": "name", "evenings": "plural",
             "night": "name", "nights": "plural"}
for _day, (_sv, _fi, _en) in enumerate(zip(_SV_DAYS, _FI_DAYS, _EN_DAYS)):
    for _part, _kind in _SV_PARTS.items():
        _WEEKDAYS[f"{_sv}dags{_part}"] = ((_day,), _kind)
    for _part in _FI_PARTS:
        _WEEKDAYS[f"{_fi}{_part}"] = _WEEKDAYS[f"{_fi}-{_part}"] = ((_day,), "plural")
    for _part, _kind in _EN_PARTS.items():
        _WEEKDAYS[f"{_en} {_part}"] = ((_day,), _kind)
# "Tuesday evenings at 6" is 18:00
_PM_PART = re.compile(r"\s(?:afternoons?|evenings?|nights?)$")
# "arkisin"/"vardagar" alone is mostly opening hours: like "abbr", they need a time
for _word in ("vardagar", "vardagarna", "arkisin", "arkipäivisin", "weekdays",
              "vardag", "arkipäivä", "weekday"):  # singular after varje/joka/every
    _WEEKDAYS[_word] = ((0, 1, 2, 3, 4), "weekdays")
for _word in ("helger", "helgerna", "viikonloppuisin", "weekends"):
    _WEEKDAYS[_word] = ((5, 6), "weekdays")
for _word in ("helg", "viikonloppu", "weekend"):       # after varje/joka/every, or with a time
    _WEEKDAYS[_word] = ((5, 6), "abbr")
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


_MONTH_ALT = alternation(_MONTHS)
_WEEKDAY_ALT = alternation(_WEEKDAYS)

# ---------------------------------------------------------------------------------------
# Regular expressions (all compiled once)

# Every pattern reads the lower-cased text (_Scan.lower / _Scan.work): matched case-sensitively,
# the word alternations are about three times faster than with re.IGNORECASE.
_DASHES = "-–—‐‑−"


def _hints(*words: str) -> re.Pattern:
    """A pattern that finds any of `words`: whether a text holds one, before a slower pattern
    that needs one is run (one search is cheaper than a substring test a word)."""
    return re.compile("|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True)))


# "13–15", "13 till 15", "18 fram till 21", "18–ca 20", "18–n. 20"
_SEP_TIME = (rf"(?:[{_DASHES}]|\b(?:(?:fram\s+)?till|to|until|bis)\b)"
             r"(?:\s*(?:ca\.?|cirka|n\.|noin)(?=\s*\d))?")
_SEP_DATE = (rf"(?:[{_DASHES}]+|\b(?:till\s+och\s+med|till|to|until|through|thru)\b"
             r"|t\.\s?o\.\s?m\.?|\b(?:ends?|slut|slutar|loppuu|päättyy)\b:?)")   # "Start: … End: …"
_HOUR = r"(?:2[0-4]|[01]?\d)(?!\d)"
_MIN = r"[0-5]\d(?!\d)"
_AMPM = r"(?:\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w))"
# noon and midnight as words ("at noon", "12 noon", "9 pm – midnight")
_WORD_CLOCK = r"(?:(?:12\s*)?noon|midday|midnight|midnatt(?:en)?|keskiyö(?:llä|hön)?)(?!\w)"
_CLOCK = rf"(?:{_HOUR}(?:[.:]{_MIN})?{_AMPM}?|{_WORD_CLOCK})"
_CLOCK_WORD = r"(?:klockan|kello|klo|kl|at|@)"
_FROM_WORD = r"(?:från|from|alkaen|fr\.\s?o\.\s?m\.?)"

_ISO = re.compile(
    r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[t ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"(?P<off>z|[+-](?:0\d|1[0-4]):?\d{2})?"    # "18:00-20:00" is a range, not UTC-20
    rf"(?:\s*[{_DASHES}]\s*(?P<H2>\d{{2}}):(?P<M2>\d{{2}}))?)?(?![\d:])")
# "klo 13–15", "Kl.20.00-02.00", "Från kl. 17", "at 2pm", "kl. 13 till 15"
# (after a clock word also four digits: "kl 1800", "klo 0930–1100"; and "Klo: 18–20"; and
# the word in both languages: "klo/kl. 10–11")
_CLOCK4 = r"(?:[01]\d|2[0-3])[0-5]\d(?!\d)"
_PREFIXED_TIME = re.compile(
    rf"(?<!\w)(?:{_FROM_WORD}\s*)?(?P<word>{_CLOCK_WORD})[.:]?(?:\s*/\s*{_CLOCK_WORD}[.:]?)?\s*"
    rf"(?P<a>{_CLOCK}|{_CLOCK4})"
    rf"(?:\s*{_SEP_TIME}\s*(?:{_CLOCK_WORD}\.?\s*)?(?P<b>{_CLOCK}|{_CLOCK4}))?(?![\w]|[.:]\d)")
# "från 21:00": without a clock word the time must not look like a date ("från 3.9.")
_FROM_TIME = re.compile(
    rf"(?<!\w){_FROM_WORD}\s*(?P<a>{_CLOCK})(?:\s*{_SEP_TIME}\s*(?P<b>{_CLOCK}))?"
    r"(?![\w]|[.:]\d)")
_AMPM_TIME = re.compile(
    rf"(?<![\w.:])(?:(?P<a>{_HOUR}(?:[.:]{_MIN})?{_AMPM}?)\s*{_SEP_TIME}\s*)?"
    rf"(?P<b>{_HOUR}(?:[.:]{_MIN})?{_AMPM})")
# the same with noon and midnight as words ("noon to 2 pm", "9 pm – midnight"), run instead
# of it on a text that holds one (the word alternatives slow the scan of every text)
_WORD_TIME = re.compile(
    rf"(?<![\w.:])(?:(?P<a>{_HOUR}(?:[.:]{_MIN})?{_AMPM}?|{_WORD_CLOCK})\s*{_SEP_TIME}\s*)?"
    rf"(?P<b>{_HOUR}(?:[.:]{_MIN})?{_AMPM}|{_WORD_CLOCK})")
_WORD_CLOCK_HINTS = _hints("noon", "midday", "midn", "keskiyö")
# "mellan kl. 10 och 14", "between 10am and 2pm", "klo 10 ja 14 välillä": a range
_BETWEEN_TIME = re.compile(
    rf"(?<!\w)(?:(?:mellan|between)\s+(?P<cw>{_CLOCK_WORD}\.?\s*)?(?P<a>{_CLOCK})\s+(?:och|and)\s+"
    rf"(?:{_CLOCK_WORD}\.?\s*)?(?P<b>{_CLOCK})|(?:klo|kello)\.?\s*(?P<fa>{_CLOCK})\s*(?:ja|[{_DASHES}])"
    rf"\s*(?P<fb>{_CLOCK})\s+välillä)(?![\w]|[.:]\d)")
_BETWEEN_HINTS = _hints("mellan", "between", "välillä")
# what every _FROM_TIME match holds
_FROM_HINTS = _hints("från", "from", "alkaen", "fr.")
# what every _AMPM_TIME match holds ("am", "pm", "a.m.", "p.m."): without it the pattern is not run
_AMPM_HINT = re.compile(r"[ap]\.?m")
# "10–11:30": a range whose end alone has the colon
_COLON_END_RANGE = re.compile(
    rf"(?<![\w.:,/])(?P<a>{_HOUR}(?:\.{_MIN})?)\s*{_SEP_TIME}\s*(?P<b>{_HOUR}:{_MIN})"
    r"(?![\w:]|\.\d)")
_COLON_TIME = re.compile(      # (seconds are read and dropped: "Tue, 08 Dec 2026 18:00:00 +0200")
    rf"(?<![\w.:])(?P<a>{_HOUR}:{_MIN}(?::{_MIN})?)(?:\s*{_SEP_TIME}\s*(?P<b>{_HOUR}[.:]{_MIN}))?"
    r"(?![\w:]|\.\d)")
# "13.00-16.00": a dotted range is a time when it has no trailing dot (that is "1.9.–15.12.")
_DOTTED_RANGE = re.compile(
    rf"(?<![\w.:,/])(?P<a>{_HOUR}\.{_MIN})\s*{_SEP_TIME}\s*(?P<b>{_HOUR}[.:]{_MIN})"
    r"(?![\d.:])")
# a bare "13–15" or "13.00" right after a date or weekday ("4.3. 13–15", "mån–fre 10–16")
# (or a field of a table or badge: "ti | 8.12. | 18.00", "Datum: 8.12.2026 Tid: 18.00"; French
# hours "18h", "18h30", "18h–20h")
_BARE_TIME = re.compile(
    r"[\s,|·•]*(?:(?:tid|aika|kellonaika|time|klockslag)\s*:\s*)?"
    rf"(?P<a>{_HOUR}(?:[.:]{_MIN}|h(?:{_MIN})?)?)"
    rf"(?:\s*{_SEP_TIME}\s*(?P<b>{_HOUR}(?:[.:]{_MIN}|h(?:{_MIN})?)?))?"
    r"(?![\w]|[.:,]\d|\s*(?:€|e\b|eur|kr|%|:-|år|v\.|vuot|years|yrs))"
    rf"(?!\s*(?:{_MONTH_ALT})(?!\w))")     # "lö–sö 12–13 dec" are days, not 12–13 o'clock
# a currency after a number: a price, not a time ("3.50–5.00 €", "från 12.50 €")
_PRICE_AFTER = re.compile(r"\s?(?:€|eur\b|euro|e\b|kr\b|sek\b|:-)")
# what follows "at 5" when it is a house number, not five o'clock: a name or a street word
_ADDRESS_AFTER = re.compile(r"\s*(?:[A-ZÅÄÖ]|(?:street|st|road|rd|avenue|ave|lane|gatan|vägen|katu|tie)\b)")
# a length right after a time without an end: "klo 12 (noin 2 h)", "kl. 13, längd 1,5 h",
# "klo 13, kesto 90 min", "at 10am, 2 hours", "(duration 1 h 30 min)"
_DURATION = re.compile(
    r"(?:\s*(?:alkaen|och\s+framåt|framåt|onwards))?"       # "klo 18 alkaen, n. 3 h"
    r"(?:[\s,;:(]*|\.\s+(?=kesto|längd|duration|varaktighet))"     # "klo 11. Kesto noin 30 min"
    r"(?:(?:kesto|längd|duration|varaktighet|ca\.?|cirka|noin|n\.|about|approx\.?|"
    r"approximately)\s*:?\s*)*(?:(?P<n>\d{1,2}(?:[.,]\d{1,2})?|\d?½)\s*(?P<u>h|t|tim|timme|timmar|"
    r"tunti|tuntia|hours?|hrs?|min|mins|minuter|minuuttia|minutes?)(?!\w)"
    # a length in words: "kesto noin tunti", "ca en timme", "an hour", "puoli tuntia"
    r"|(?P<w>(?:en\s+)?timme|(?:en\s+)?halvtimme|(?:en\s+)?halv\s+timme|(?:yksi\s+)?tunti|"
    r"puoli\s+tuntia|puolitoista\s+tuntia|(?:an|one)\s+hour|half\s+an\s+hour|"
    r"an\s+hour\s+and\s+a\s+half|one\s+and\s+a\s+half\s+hours)(?!\w))"
    r"(?:\s*(?P<n2>\d{1,2})\s*(?:min|mins|minuter|minuuttia|minutes?)(?!\w))?"
    r"(?=\s*(?:[),.;!]|$))")      # not "(10 min från stationen)"
# "klo 25", "kl. 23.60": a clock word before a number that is no time of day
_BAD_CLOCK = re.compile(r"(?<!\w)(?:klockan|kello|klo|kl)\.?\s*(?P<t>\d{1,2}(?:[.:]\d{1,2})?)(?![\d])")
# "klo 2026": four digits after a clock word that read as a year of these times are no time
_YEAR_LIKE = re.compile(r"20[1-3]\d")
_YEAR_CLOCK = re.compile(r"(?<!\w)(?:klockan|kello|klo|kl)\.?\s*20[1-3]\d(?!\d)")
_CLOCK_PARTS = re.compile(r"(\d{1,2})(?:[.:h]?(\d{2}))?(?::\d{2})?h?\s?(?:([ap])\.?m\.?)?")

_UNITS = r"(?!\s?(?:€|%|km|kg|cm|mm|m|h|l|dl|e|eur|kr|min|st|kpl)(?!\w))"
# a number right after a word that counts or prices things is no date or time: "sivu 12.3",
# "Lotto 7.12", "versio 3.11", "kohta 5.3", "§ 7.12", "sali 2.12", "hinta 5.10", and a Bible
# reference ("Joh. 1:19–28", "Luuk. 2.1-14": the book abbreviated with its dot)
_COUNTER_WORDS = (
    "sivu", "sivut", "sivulla", "sivuilla", "sidan", "sida", "sidorna", "page", "pages", "p.", "pp.",
    "lotto", "lottorivi", "lottorad", "lottoraden", "versio", "versiossa", "version", "versionen",
    "ver.", "release", "kohta", "kohdat", "kohdassa", "punkt", "punkten", "paragraf", "paragrafen",
    "pykälä", "pykälässä", "nro", "nr", "no.", "numero", "number", "sali", "salissa", "salen", "sal",
    "room", "rum", "rummet", "huone", "huoneessa", "luokka", "luokassa", "klassrum", "klassrummet",
    "auditorio", "auditoriossa", "hinta", "hinnat", "pris", "priset", "priser", "avgift", "avgiften",
    "maksu", "price", "prices", "fee", "ticket", "tickets", "liput", "lippu", "biljett", "biljetter",
    "biljetten", "inträde", "pääsymaksu", "psalm", "psalmi", "luke", "john", "acts", "matteus",
    "markus", "lukas", "luukas", "johannes")
_BIBLE_BOOKS = (
    "moos", "mos", "joos", "jos", "tuom", "dom", "sam", "kun", "kung", "aik", "krön", "neh", "est",
    "job", "ps", "psalt", "sananl", "ords", "saarn", "pred", "jes", "jer", "valit", "klag", "hes",
    "dan", "hoos", "hos", "aam", "am", "joona", "jon", "miika", "mik", "sak", "mal", "matt", "mark",
    "luuk", "luk", "joh", "apt", "apg", "room", "rom", "kor", "gal", "ef", "fil", "kol", "tess", "tim",
    "tit", "hepr", "hebr", "jaak", "jak", "piet", "petr", "juud", "jud", "ilm", "upp", "gen", "exod",
    "lev", "deut", "isa", "eph", "phil", "col", "heb", "rev")
_COUNTER = re.compile(rf"(?<![\w.])(?:(?:{alternation(_COUNTER_WORDS)})(?!\w)|(?:{alternation(_BIBLE_BOOKS)})\.|[§#])")
# between the counting word and the number: "sivu: 12", "sivut 12.–14.6." (the range's end)
_COUNTED_GAP = re.compile(rf"\s*:?\s*(?:\d{{1,3}}(?:[.:]\d{{1,3}})?\.?\s*[{_DASHES}]\s*)?")
_NUM_DATE = re.compile(
    r"(?<![\w.,/:])(?P<d>\d{1,2})\.(?P<m>\d{1,2})"
    r"(?:\.(?:\s?(?P<y>\d{4})(?!\d)|(?P<yy>\d{2})(?![\d.:]))?)?"
    rf"(?!\d|\.\d){_UNITS}")
_SLASH_DATE = re.compile(
    rf"(?<![\w./:])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}|\d{{2}}))?(?![\d/]){_UNITS}")
# "2026/12/12", "12-12-2026" (the year 19xx or 20xx: not a phone number)
_YMD_SLASH = re.compile(r"(?<![\w./:-])(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])")
_DMY_DASH = re.compile(r"(?<![\w./:-])(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>(?:19|20)\d{2})(?![\d-])")
_TEXT_DM = re.compile(
    r"(?<![\w.,])(?P<d>\d{1,2})(?:\.|st|nd|rd|th|:e|:a)?\s*(?:\|\s*)?"
    r"(?:(?:of|de[nt]|päivä(?:nä)?)\s+)?"            # "the 8th of", "den 8", "15. päivä joulukuuta"
    rf"(?P<mon>{_MONTH_ALT})(?!\w)\.?(?:,?\s*(?P<y>\d{{4}})(?!\d))?")
_TEXT_MD = re.compile(
    rf"(?<!\w)(?P<mon>{_MONTH_ALT})\.?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?!\w|[.:]\d)(?:,?\s*(?P<y>\d{4})(?!\d))?")
# a bare day listed before a full date, whose month it shares: "9., 16. ja 23.12."
_DAY_LIST = re.compile(
    r"(?<![\w.,/:])(?P<d>\d{1,2})(?:\.|:[ae]|st|nd|rd|th)?"      # "8:e och 9:e", "8th and 9th"
    r"(?=\s*(?:,|&|\b(?:och|ja|and|samt|sekä|eller|tai|or)\b)\s*"
    rf"(?:(?:{_WEEKDAY_ALT})\.?\s*)?\d{{1,2}}(?!\d))")
# the last day of "December 9–11, 2026", right after a _TEXT_MD date: the same month
_TEXT_MD_TO = re.compile(
    rf"\s*[{_DASHES}]\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\w|[.:]\d|\s*(?:[ap]\.?m(?!\w)|:))"
    r"(?:,?\s*(?P<y>\d{4})(?!\d))?")
# the further days of "December 9, 16 and 23", "Dec 9 and 16": the same month
_TEXT_MD_MORE = re.compile(
    r"\s*(?:,|&|\band\b|\bja\b|\boch\b)\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    rf"(?!\w|[.:]\d|\s*(?:[ap]\.?m(?!\w)|:|[{_DASHES}]))")
# what every _DAY_LIST / _DAY_ONLY match holds: a joiner of a list, or of a range
_LIST_HINTS = _hints(",", "&", "och", "ja", "and", "samt", "sekä", "eller", "tai", "or")
_RANGE_HINTS = _hints(*_DASHES, "till", "to", "until", "through", "thru", "t.", "end", "slut",
                      "loppuu", "päättyy")
# the first day of "12.–14.6." / "12–14 juni"; used only when a full date follows
_DAY_ONLY = re.compile(rf"(?<![\w.,/:])(?P<d>\d{{1,2}})(?!\d)(?:\.|:[ae]|st|nd|rd|th)?"
                       rf"(?=\s*{_SEP_DATE}\s*(?:(?:{_WEEKDAY_ALT})\.?\s*)?\d)")

_WEEKDAY = re.compile(rf"(?<!\w)(?P<wd>{_WEEKDAY_ALT})(?!\w)\.?")
# "julafton", "1. adventtisunnuntai", "påskdagen 2027": the words of a name may be apart by
# any space (a no-break space too)
_FEAST_ALT = alternation(FEASTS).replace(re.escape(" "), r"\s+")
_FEAST = re.compile(
    rf"(?<![\w.,:])(?P<name>{_FEAST_ALT})(?!\w)"
    r"(?:\s+(?P<y>(?:19|20)\d{2})(?![\d.:]))?")
# ISO week numbers: "vecka 50", "v. 50–51", "viikolla 51", "vko 2/2027", "week 50"
_WEEK = re.compile(
    r"(?<!\w)(?:vecka|veckan|v\.|v|vk\.?|vv\.?|viikko|viikot|viikolla|viikon|viikoilla|vko\.?|week|wk\.?)"
    r"\s*(?P<w>5[0-3]|[1-4]\d|0?[1-9])(?!\d|[.,:]\d)"
    rf"(?:\s*[{_DASHES}]\s*(?P<w2>5[0-3]|[1-4]\d|0?[1-9])(?!\d|[.,:]\d))?"
    r"(?:\s*[/,]?\s*(?P<y>(?:19|20)\d{2})(?!\d))?")
# what a feast name beside a written date may be apart from it by: it names that day
_FEAST_BESIDE = re.compile(r"[^.!?\n\d]{0,30}")
_LIST_JOIN = re.compile(
    r"\s*(?:,|&|\+|/|\b(?:och|ja|and|sekä|samt|eller|tai|or)\b)\s*"
    r"(?:(?:varje|joka|every|on)\s+)?")
_RANGE_JOIN = re.compile(rf"\s*{_SEP_DATE}\s*")
_EVERY_BEFORE = re.compile(
    r"(?<!\w)(?:varje|joka|every|each|alla|på\s+alla|(?:varje\s+vecka|joka\s+viikko|every\s+week"
    r"|weekly)(?:\s+(?:på|on))?)\s+$")
_CUE_HINTS = _hints("varje", "joka", "every", "each", "alla", "weekly", "varannan")
_OTHER_BEFORE = re.compile(
    r"(?<!\w)(?:varannan|varje\s+annan|joka\s+toinen|every\s+(?:other|second|2nd))\s+$")
_INTERVAL2 = re.compile(
    r"(?<!\w)(?:varannan|varje\s+annan|joka\s+toinen|every\s+(?:other|second|2nd)"
    r"|every\s+(?:2|two)\s+weeks|fortnightly|bi-?weekly|kahden\s+viikon\s+välein"
    r"|varannan\s+vecka)(?!\w)")
# even or odd ISO week numbers: "jämna veckor", "udda veckor", "parillisilla viikoilla"
_PARITY_BEFORE = re.compile(r"(?:jämna|jämn|parilli\w*|even|udda|ojämna|parittom\w*|pariton|odd)\s+$")
_WEEK_PARITY = re.compile(
    r"(?<!\w)(?:(?P<even>jämna|jämn|parilli\w*|even(?:-numbered)?)|(?P<odd>udda|ojämna|"
    r"parittom\w*|pariton|odd(?:-numbered)?))\s+(?:veck\w*|v\.|vk\.?|viiko\w*|viikko\w*|weeks?)"
    r"(?!\w)")
# months that bound a series: "joulukuussa", "tammi–toukokuussa", "tammikuusta toukokuuhun",
# "i december", "under januari–maj", "in January–May", "from January to May 2027"
_FI_STEM_ALT = "|".join(_FI_MONTH_STEMS)
_NAME_MONTHS = {word: number for word, number in _MONTHS.items()
                if (len(word) > 3 or word in ("maj", "may")) and word not in _FI_MONTH_STEMS
                and not word.endswith(("kuuta", "kuun", "kuu", "k"))}
_NAME_MONTH_ALT = alternation(_NAME_MONTHS)
# a range of months may be written short: "(jan–maj)", "sep–dec"
_RANGE_MONTH_ALT = alternation({**_NAME_MONTHS, **{word: number for word, number in _MONTHS.items()
                                                   if len(word) <= 4 and word.isalpha()}})
_MONTH_WINDOW = re.compile(
    rf"(?<!\w)(?:(?P<fa>{_FI_STEM_ALT})(?:kuu(?:sta)?)?\s*[{_DASHES}]\s*(?P<fb>{_FI_STEM_ALT})"
    rf"kuu(?:ssa|hun|n\s+loppuun)?|(?P<fc>{_FI_STEM_ALT})kuusta\s+(?P<fd>{_FI_STEM_ALT})kuuhun"
    rf"|(?P<fe>{_FI_STEM_ALT})kuussa|(?P<until_f>{_FI_STEM_ALT})kuun\s+loppuun"
    rf"|(?P<from_f>{_FI_STEM_ALT})kuusta(?:\s+(?:alkaen|lähtien))?"
    rf"|(?P<from_g>{_FI_STEM_ALT})kuun\s+alusta(?:\s+(?:alkaen|lähtien))?"
    r"|(?P<pre>i|under|in|during|from|från(?:\s+och\s+med)?|fr\.\s?o\.\s?m\.?|(?:starting|beginning)"
    r"(?:\s+in)?|till\s+och\s+med|t\.\s?o\.\s?m\.?"
    r"|fram\s+till|till|until|through|to\s+the\s+end\s+of)"
    rf"\s+(?P<sa>{_NAME_MONTH_ALT})(?:\s*(?:[{_DASHES}]|till|to|until|through)"
    rf"\s*(?P<sb>{_NAME_MONTH_ALT}))?"
    rf"|(?P<sc>{_RANGE_MONTH_ALT})\.?\s*[{_DASHES}]\s*(?P<sd>{_RANGE_MONTH_ALT}))(?!\w)"
    r"(?:\s+(?P<y>(?:19|20)\d{2})(?!\d))?")
# "joka viikko" after a dated weekday: "alkaen ti 12.1. klo 10 joka viikko"
_WEEKLY = re.compile(r"(?<!\w)(?:joka\s+viikko|viikoittain|varje\s+vecka|veckovis|every\s+week|weekly)"
                     r"(?!\w)")
_DAILY = re.compile(
    r"(?<!\w)(?:varje\s+dag|alla\s+dagar|dagligen|joka\s+päivä|kaikkina\s+päivinä|päivittäin"
    r"|every\s+day|daily)(?!\w)")
# "joka päivä paitsi sunnuntaisin", "varje dag utom måndag", "daily except Mondays": the others
_DAILY_BUT = re.compile(
    r"\s*,?\s*(?:paitsi|ei|utom|förutom|ej|except|but|not)\s+(?:(?:on|på)\s+)?")

_ORD_WORDS = {
    "första": 1, "1:a": 1, "andra": 2, "2:a": 2, "tredje": 3, "3:e": 3, "fjärde": 4, "4:e": 4,
    "femte": 5, "5:e": 5, "sista": -1, "ensimmäinen": 1, "ensimmäisenä": 1, "toinen": 2,
    "toisena": 2, "kolmas": 3, "kolmantena": 3, "neljäs": 4, "neljäntenä": 4,
    "viimeinen": -1, "viimeisenä": -1, "first": 1, "1st": 1, "second": 2, "2nd": 2,
    "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1,
}
_ORD_ALT = alternation(_ORD_WORDS)
_ORD_LIST = rf"(?P<ords>(?:{_ORD_ALT})(?:\s*(?:,|&|och|ja|and)\s*(?:{_ORD_ALT}))*)"
_MONTHLY = [
    # "första måndagen i månaden", "sista fredagen i varje månad"
    re.compile(rf"(?<!\w){_ORD_LIST}\s+(?P<wd>{_WEEKDAY_ALT})\s+(?:i|varje|per|av)\s+"
               r"(?:varje\s+)?månad(?:en)?(?!\w)"),
    # "varje månads sista onsdag", "månadens första måndag"
    re.compile(rf"(?<!\w)(?:varje\s+)?månad(?:en)?s\s+{_ORD_LIST}\s+(?P<wd>{_WEEKDAY_ALT})(?!\w)"),
    # "kuun ensimmäinen maanantai", "joka kuukauden ensimmäisenä maanantaina"
    re.compile(rf"(?<!\w)(?:(?:joka|jokaisen)\s+)?(?:kuun|kuukauden)\s+{_ORD_LIST}\s+"
               rf"(?P<wd>{_WEEKDAY_ALT})(?!\w)"),
    # "first Monday of the month", "every last Friday of each month"
    re.compile(rf"(?<!\w)(?:(?:every|on)\s+)?(?:the\s+)?{_ORD_LIST}\s+(?P<wd>{_WEEKDAY_ALT})"
               r"\s+(?:of|in)\s+(?:the|each|every)\s+month(?!\w)"),
    # "every 2nd and 4th Thursday", "varje första och tredje måndag", "joka toinen ja neljäs
    # torstai" (but "joka toinen torstai" alone is every other week: _INTERVAL2)
    re.compile(rf"(?<!\w)(?:every|varje|joka)\s+{_ORD_LIST}\s+(?P<wd>{_WEEKDAY_ALT})(?!\w)"),
]
_ORD_SPLIT = re.compile(rf"{_ORD_ALT}")
# One day named by its place in a named month: "första tisdagen i februari",
# "helmikuun ensimmäinen tiistai", "the first Tuesday of February 2027"
_NTH_WEEKDAY = [
    re.compile(rf"(?<!\w)(?:(?:den|the)\s+)?(?P<ord>{_ORD_ALT})\s+(?P<wd>{_WEEKDAY_ALT})\s+(?:i|of|in)\s+"
               rf"(?P<mon>{_MONTH_ALT})(?!\w)\.?(?:,?\s*(?P<y>\d{{4}})(?!\d))?"),
    re.compile(rf"(?<!\w)(?P<mon>{_MONTH_ALT})\s+(?P<ord>{_ORD_ALT})\s+(?P<wd>{_WEEKDAY_ALT})(?!\w)"),
    # "toinen keskiviikko marraskuussa" (in November)
    re.compile(rf"(?<!\w)(?P<ord>{_ORD_ALT})\s+(?P<wd>{_WEEKDAY_ALT})\s+"
               rf"(?P<stem>{'|'.join(_FI_MONTH_STEMS)})kuussa(?!\w)"),
]

_EXCEPT_TAIL = r"(?:\s+(?:den|on|the|på|under|during))?[\s:]*"
_EXCEPT_HINTS = _hints("ej", "inte", "utom", "paitsi", "ei", "exc", "no", "ingen", "inga", "lukuun")
_EXCEPT = re.compile(
    r"(?<!\w)(?:ej|inte|utom|förutom|paitsi|ei|except|excluding|not|no|ingen|inga|lukuun\s+ottamatta)"
    r"(?!\w)" + _EXCEPT_TAIL)
# a break: "(paus 22.12.–5.1.)", "tauko", "juluppehåll", "jullovet", "joululomalla"; run only
# on a text that holds one of _PAUSE_ROOTS (the leading \w* is slow at every position)
_PAUSE_ROOTS = _hints("paus", "tauko", "tauol", "uppehåll", "lov", "loma", "break", "holiday")
_PAUSE = re.compile(
    r"(?<!\w)(?P<pause>\w*(?:paus|pausen|tauko|tauolla|uppehåll|uppehållet|lov|lovet|loma|lomalla"
    r"|break|holidays?))(?!\w)" + _EXCEPT_TAIL)
_EXCEPT_GAP = re.compile(
    rf"^[\s,]*(?:(?:och|ja|and|&|sekä|samt|eller|tai|or|nor|eikä|den|on|the)\s*)*"
    rf"(?:(?:{_WEEKDAY_ALT})\.?\s*)?(?:(?:den|the)\s+)?$")
# between an exception word and its first date: a weekday ("ej to 24.12."), what is not held
# ("no class 24 Dec", "ingen träff 23.12.", "ei kerhoa 24.12.")
_EXCEPT_FIRST_GAP = re.compile(
    r"\s*(?:(?:class(?:es)?|meetings?|sessions?|lessons?|practice|club|services?|träff(?:ar)?|"
    r"kurs|lektion|verksamhet|kerhoa|harjoituksia|kokoontumista|opetusta|toimintaa)\s+)?"
    rf"(?:(?:{_WEEKDAY_ALT})\.?\s*)?")
_SKIP_TO_NEXT = re.compile(r"[\s.,:]*(?:(?:den|the)\s+)?")
_WEEKDAY_BEFORE_DATE = re.compile(r"^[\s.,]*(?:(?:den|the)\s+)?$")
_WINDOW_FROM_BEFORE = re.compile(
    rf"(?<!\w)(?:{_FROM_WORD}|starting|beginning|lähtien)\s*(?:(?:den|the|on)\s+)?$")
_WINDOW_FROM_AFTER = re.compile(r"^\s*(?:alkaen|lähtien|och\s+framåt|framåt|onwards|->)")
_WINDOW_UNTIL_BEFORE = re.compile(
    r"(?<!\w)(?:till(?:\s+och\s+med)?|fram\s+till|ända\s+till|t\.\s?o\.\s?m\.?|until|through|to"
    r"|up\s+to|asti|saakka|päättyy|päättyvät|päättyen|loppuu|loppuvat|slutar|avslutas|ends?|ending)"
    r"\s*:?\s*(?:(?:den|the|on)\s+)?$")
_WINDOW_UNTIL_AFTER = re.compile(r"^\s*(?:asti|saakka|mennessä)")

# days counted from today
_RELATIVE_DAYS = {
    "idag": 0, "i dag": 0, "ikväll": 0, "i kväll": 0, "i eftermiddag": 0, "i förmiddag": 0,
    "tänään": 0, "tänä iltana": 0, "tänä aamuna": 0, "tänä iltapäivänä": 0, "today": 0,
    "tonight": 0, "this evening": 0, "this afternoon": 0, "this morning": 0,
    "imorgon": 1, "i morgon": 1, "huomenna": 1, "huomisiltana": 1, "huomisaamuna": 1,
    "tomorrow": 1, "i övermorgon": 2, "ylihuomenna": 2, "day after tomorrow": 2,
    "the day after tomorrow": 2,
}
_RELATIVE = re.compile(
    rf"(?<!\w)(?:{alternation(_RELATIVE_DAYS).replace(re.escape(' '), r'[ ]+')})(?!\w)")
# (not the bare Finnish stems: "joulu", "kesä" alone are Christmas and summer)
_MONTH_WORD = re.compile(
    rf"(?<!\w)(?:{alternation([w for w in _MONTHS if w not in _FI_MONTH_STEMS])})(?!\w)")
# in every _TEXT_DM / _TEXT_MD match (also "9december", "1stjan": no boundary before)
_MONTH_HINT = re.compile(rf"(?:{_MONTH_ALT})(?!\w)")
_LONE_CLOCK = re.compile(rf"(?<![\w.:]){_HOUR}[.:]{_MIN}(?![\w.:])")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")

_LANG_MARKERS = {
    "fi": re.compile(
        r"(?<!\w)(?:klo|kello|joka|ja|paitsi|ei|alkaen|asti|saakka|lähtien|kuun|kuukauden|"
        r"on|tai|sekä|\w+kuuta|\w+(?:ai|ko)(?:na|i?sin)|" + "|".join(_FI_DAYS) + r")(?!\w)"),
    "sv": re.compile(
        r"(?<!\w)(?:kl|klockan|varje|och|ej|inte|från|till|på|den|varannan|månaden|utom|"
        r"eller|samt|i|\w*dag(?:ar|arna|en)?|januari|februari|mars|maj|juni|juli|augusti|"
        r"oktober)(?!\w)"),
    "en": re.compile(
        r"(?<!\w)(?:at|every|and|from|the|of|except|until|each|other|pm|am|\w+days?|"
        r"january|february|march|april|may|june|july|august|september|october|november|"
        r"december)(?!\w)"),
}


# ---------------------------------------------------------------------------------------
# Tokens found in the text

@dataclass(slots=True)
class _Atom:
    """One written date; month is None for the bare first day of "12.–14.6."."""
    start: int
    end: int
    day: int
    month: int | None
    year: int | None
    weekday: int | None = None
    lead: int | None = None          # start of a weekday written before the date
    clock: time | None = None        # ISO only
    clock_end: time | None = None
    offset: timezone | None = None
    nth: tuple[int, int] | None = None  # (ordinal, weekday): "första tisdagen i februari"
    feast: tuple | None = None       # a rule of normalise.holidays: "julafton", "påskdagen"
    week: tuple[int, int] | None = None  # ISO weeks (first, last): "vecka 50", "v. 50–51"
    swappable: bool = False          # "12/8/2026": day first, unless its weekday says month first
    iso: bool = False                # ISO 8601: "2026-12-08/2026-12-10" is a range

    @property
    def by_rule(self) -> bool:
        """A day found from the year by a rule (nth weekday, feast, week), not written out."""
        return self.nth is not None or self.feast is not None or self.week is not None

    @property
    def first(self) -> int:
        return self.lead if self.lead is not None else self.start


@dataclass(slots=True)
class _Dates:
    """A date or a range of dates as written."""
    first: _Atom
    last: _Atom | None = None

    @property
    def start(self) -> int:
        return self.first.first

    @property
    def end(self) -> int:
        return (self.last or self.first).end


@dataclass(slots=True)
class _Time:
    start: int
    end: int
    begin: time
    finish: time | None


@dataclass(slots=True)
class _Day:
    start: int
    end: int
    days: tuple[int, ...]
    kind: str


@dataclass(slots=True)
class _Group:
    """Weekday words joined by "och"/","/"–" ("måndagar och torsdagar", "ma–pe")."""
    members: list[_Day]
    days: tuple[int, ...]
    start: int
    end: int
    cue: str | None = None          # "every" / "other" when "varje"/"varannan" precedes
    # [start, end, days] of each list item ("ma–to" is one, "ma ja to" two): times written
    # between them belong to each ("ma klo 10 ja to klo 14")
    runs: list = field(default_factory=list)

    @property
    def recurring(self) -> bool:
        return (self.cue is not None or len(self.members) > 1
                or any(m.kind in ("plural", "weekdays") for m in self.members))


@dataclass(slots=True)
class _Monthly:
    start: int
    end: int
    byday: list[str]


@dataclass(slots=True)
class _Scan:
    text: str
    lower: str                       # the text lower-cased (same length): what patterns read
    work: str                        # `lower` with consumed parts blanked out
    lang: str
    times: list[_Time] = field(default_factory=list)
    dates: list[_Dates] = field(default_factory=list)
    exceptions: list[_Dates] = field(default_factory=list)
    # the exceptions written as a break ("paus 22.12.–5.1."): without a series, its dates
    breaks: list[_Dates] = field(default_factory=list)
    exception_spans: list[tuple[int, int]] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)
    monthly: list[_Monthly] = field(default_factory=list)
    daily: tuple[int, int] | None = None
    months: re.Match | None = None   # "tammi–toukokuussa": months that bound a series
    interval2: re.Match | None = None    # "varannan", "joka toinen", "every other"
    parity: re.Match | None = None   # "jämna veckor" / "udda veckor"
    pm: bool = False                 # "Tuesday evenings": a time before noon is p.m.
    wall: object = None              # the zone written after a time ("kl. 18 CET", "svensk tid")
    country: str = "FI"              # whose named days: "mors dag" differs (normalise.holidays)
    no_holidays: bool = False        # "helgfria vardagar", "ei arkipyhinä": not on days off
    months_off: list = field(default_factory=list)   # "joulukuussa ei kokoonnuta" (matches)
    counters: list | None = None     # ends of "sivu", "hinta", "Joh." ... (_COUNTER), when asked
    atoms: list = field(default_factory=list)     # the written dates (no bare time where one starts)
    # an ordinal word ("första", "toinen", "last") in the text: without one, neither the
    # nth-weekday nor the monthly patterns can match (blanking never makes a word)
    ordinal: bool = True
    unsure: str | None = None        # an hour in words without its part of the day ("klockan tre")

    def blank(self, start: int, end: int) -> None:
        self.work = self.work[:start] + " " * (end - start) + self.work[end:]


# ---------------------------------------------------------------------------------------
# Public functions

def weekday_number(word: str) -> int | None:
    """0 for Monday … 6 for Sunday, from a weekday word or abbreviation in sv/fi/en."""
    found = _WEEKDAYS.get(word.strip(" .,").lower())
    return found[0][0] if found and len(found[0]) == 1 else None


def parse_when(text: str, *, lang: str | None = None, today: date | None = None,
               tz: str = "Europe/Helsinki", default_date: date | None = None) -> ParsedWhen:
    """Read the first date expression in `text`; raise DateParseError when there is none.

    `lang` (sv/fi/en) is a hint; without it the language is guessed from the words.
    `default_date` is the day to use when the text has a time but no day (a listing whose
    day is in a heading); without it a bare time is an error.
    """
    if not isinstance(text, str) or not text.strip():
        raise DateParseError(text, "the text is empty")
    zone = _zone(tz, text)
    if today is None:
        today = datetime.now(zone).date()
    lower = _lowered(text)
    scan = _scan(text, lower, lang or _detect_lang(lower), country_of_zone(tz))
    if scan.wall is not None and scan.wall != zone:
        zone = _WrittenZone(zone, scan.wall)
    return _assemble(scan, today, zone, default_date)


def find_when(text: str, *, lang: str | None = None, today: date | None = None,
              tz: str = "Europe/Helsinki", default_date: date | None = None) -> ParsedWhen | None:
    """Like parse_when, but None when the text holds no readable date."""
    try:
        return parse_when(text, lang=lang, today=today, tz=tz, default_date=default_date)
    except DateParseError:
        return None


# ---------------------------------------------------------------------------------------
# Scanning

def _zone(tz: str, text) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise DateParseError(text, f"unknown time zone {tz!r}") from error


def _lowered(text: str) -> str:
    """The text lower-cased letter by letter: spans found in it are spans of the text ("İ"
    alone lower-cases to two characters, and is left as it is)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    return lower


def _detect_lang(text: str) -> str:
    """sv/fi/en by counting marker words; only "on"/"to" and "to" as a range depend on it."""
    scores = {lang: len(regex.findall(text)) for lang, regex in _LANG_MARKERS.items()}
    if scores["en"] > max(scores["fi"], scores["sv"]):
        return "en"
    return "fi" if scores["fi"] > scores["sv"] else "sv"


def _scan(text: str, lower: str, lang: str, country: str = "FI") -> _Scan:
    scan = _Scan(text=text, lower=lower, work=lower, lang=lang.lower()[:2], country=country)
    iso_atoms = _take_iso(scan)
    _take_times(scan)
    nth_atoms = _take_nth_weekdays(scan) + _take_feasts(scan) + _take_weeks(scan)
    atoms = _drop_feasts_beside_dates(
        _drop_overlaps(iso_atoms + nth_atoms + _find_atoms(scan)), lower)
    scan.atoms = atoms
    _take_days_off(scan)
    atoms = _take_exceptions(scan, atoms)
    _take_monthly(scan)
    match = _DAILY.search(scan.work)
    if match:
        if not _take_daily_but(scan, match):
            scan.daily = match.span()
            scan.blank(*match.span())
            _take_bare_time(scan, match.end())          # "Avoinna päivittäin 10–18"
    # in `work`: "every second Tuesday of the month" is a monthly series, already taken
    scan.interval2 = _INTERVAL2.search(scan.work)
    if "veck" in lower or "viiko" in lower or "viikk" in lower or "week" in lower or "v." in lower:
        scan.parity = _WEEK_PARITY.search(lower)
        if scan.parity:
            _take_bare_time(scan, scan.parity.end())       # "torsdagar udda veckor 13–15"
    _take_weekdays(scan, atoms)
    scan.dates = _join_ranges(scan, atoms)
    for dates in scan.dates:
        _take_bare_time(scan, dates.end)
    if scan.dates and not scan.times:
        _take_lone_clock(scan)              # "18.00 Joulukonsertti, ti 8.12."
    scan.times.sort(key=lambda t: t.start)
    for found in scan.times:
        if found.finish is None:
            _take_duration(scan, found)
        if scan.pm or _pm_beside(scan, found):
            _to_afternoon(scan, found)
        _take_written_zone(scan, found)
    return scan


# a part of the day written beside a time: "tonight at 7", "kl 7 på kvällen", "kello kuusi
# illalla" (p.m.); "på morgonen", "aamulla", "in the morning" (a.m.)
_PM_WORDS = (r"på\s+(?:kvällen|eftermiddagen)|i\s*kväll|i\s+eftermiddag|illalla|iltapäivällä|"
             r"tänä\s+iltana|tänään\s+illalla|in\s+the\s+(?:evening|afternoon)|tonight|"
             r"this\s+(?:evening|afternoon)")
_AM_WORDS = r"på\s+(?:morgonen|förmiddagen)|i\s+morse|aamulla|aamupäivällä|in\s+the\s+morning|this\s+morning"
_PART_AFTER = re.compile(rf"[\s,]*(?:(?P<pm>{_PM_WORDS})|(?P<am>{_AM_WORDS}))(?!\w)")
_PART_BEFORE = re.compile(rf"(?<!\w)(?:(?P<pm>{_PM_WORDS})|(?P<am>{_AM_WORDS}))[\s,]*$")
_PART_HINTS = _hints("kväll", "efterm", "morgon", "förmidd", "morse", "illalla", "iltap", "iltana",
                     "aamu", "evening", "afternoon", "tonight", "morning")


def _part_of_day(scan: _Scan, start: int, end: int) -> str | None:
    """"pm" or "am" when a part of the day is written right before or after a time."""
    if not _PART_HINTS.search(scan.lower):
        return None
    m = _PART_AFTER.match(scan.lower, end) or _PART_BEFORE.search(scan.lower, max(0, start - 20), start)
    return None if m is None else ("pm" if m["pm"] else "am")


def _pm_beside(scan: _Scan, found: _Time) -> bool:
    return _part_of_day(scan, found.start, found.end) == "pm"


# a dotted time elsewhere in a dated text, that is no day.month (its minutes 00 or above 12)
# nor a small number ("Tulos 3.00"): 07.00–23.59
_LONE_DOTTED = re.compile(
    rf"(?<![\w.:,/])(?:0?[7-9]|1\d|2[0-3])\.(?:00|1[3-9]|[2-5]\d)(?![\w.:,]|\s*[{_DASHES}])")


_LONE_DOTTED_HINT = re.compile(r"\.(?:00|1[3-9]|[2-5]\d)")    # (opens on a dot: found fast)


def _take_lone_clock(scan: _Scan) -> None:
    """The time of a dated text written apart from its date ("18.00 Joulukonsertti, ti 8.12."),
    unless it counts, prices or is part of a range."""
    if not _LONE_DOTTED_HINT.search(scan.work):
        return
    for m in _LONE_DOTTED.finditer(scan.work):
        if _counted(scan, m.start()) or _PRICE_AFTER.match(scan.work, m.end()) \
                or scan.work[:m.start()].rstrip().endswith(tuple(_DASHES)):
            continue            # (the end of a range not read: "klo–1 17–18.30")
        found = _clock_range(m[0], None)
        if found is not None:
            scan.times.append(_Time(m.start(), m.end(), *found))
            scan.blank(m.start(), m.end())
            return


def _take_daily_but(scan: _Scan, match: re.Match) -> bool:
    """"joka päivä paitsi sunnuntaisin", "daily except Mondays": every day but those, a
    weekly series on the others (a group of them, with its time after it)."""
    but = _DAILY_BUT.match(scan.work, match.end())
    if but is None:
        return False
    days, end = set(), but.end()
    while True:
        word = _WEEKDAY.match(scan.work, end)
        if word is None or (word["wd"] in ("on", "to") and scan.lang != "sv"):
            break
        days.update(_WEEKDAYS[word["wd"]][0])
        end = word.end()
        joined = _LIST_JOIN.match(scan.work, end)
        if joined is None or not _WEEKDAY.match(scan.work, joined.end()):
            break
        end = joined.end()
    if not days or len(days) == 7:
        return False
    others = tuple(day for day in range(7) if day not in days)
    scan.groups.append(_Group([], others, match.start(), end, cue="every",
                              runs=[[match.start(), end, others]]))
    scan.blank(match.start(), end)
    _take_bare_time(scan, end)
    return True


# a zone written after a time: "kl. 18 CET", "3 pm GMT", "UTC+2", "kl. 18 (svensk tid)",
# "klo 14 Suomen aikaa", "Swedish time", "18:00:00 +0200"
_WRITTEN_ZONE = re.compile(
    r"\s*\(?\s*(?:(?P<num>[+-](?:0\d|1[0-4]):?[0-5]\d)(?![\d:.])"
    r"|(?P<abbr>cest|cet|eest|eet|utc|gmt)(?:\s*(?P<sign>[+−-])\s*(?P<h>1[0-4]|0?\d)"
    r"(?::?(?P<m>[0-5]\d))?)?|(?P<se>svensk|sv\.|sverige|ruotsin|tukholman|swedish|stockholm)\s+"
    r"(?:tid|aikaa|time)|(?P<fi>finsk|finländsk|suomen|helsingin|finnish|helsinki)\s+"
    r"(?:tid|aikaa|time))(?!\w)\)?")
_ZONE_OFFSETS = {"cet": 1, "cest": 2, "eet": 2, "eest": 3, "utc": 0, "gmt": 0}


def _take_written_zone(scan: _Scan, found: _Time) -> None:
    """"kl. 18 CET": the times are wall-clock times in that zone (the answer is in `tz`)."""
    m = _WRITTEN_ZONE.match(scan.lower, found.end)
    if m is None:
        return
    if m["num"]:                    # RFC 2822's "Tue, 08 Dec 2026 18:00:00 +0200"
        wall = _offset(m["num"])
    elif m["abbr"]:
        hours = _ZONE_OFFSETS[m["abbr"]]
        if m["sign"]:
            hours = (-1 if m["sign"] in "−-" else 1) * int(m["h"])
        minutes = int(m["m"] or 0) * (-1 if hours < 0 else 1)
        wall = timezone(timedelta(hours=hours, minutes=minutes))
    else:
        wall = ZoneInfo("Europe/Stockholm" if m["se"] else "Europe/Helsinki")
    if scan.wall is None:
        scan.wall = wall
    found.end = m.end()
    scan.blank(m.start(), m.end())


class _WrittenZone:
    """The source's zone (`out`) and the zone a text writes its times in (`wall`)."""

    def __init__(self, out: ZoneInfo, wall):
        self.out, self.wall = out, wall


def _to_afternoon(scan: _Scan, found: _Time) -> None:
    """"Tuesday evenings at 6–8": 18–20, unless the time says a.m. itself."""
    if _AMPM_HINT.search(scan.lower, found.start, found.end) or not 1 <= found.begin.hour <= 11:
        return
    found.begin = found.begin.replace(hour=found.begin.hour + 12)
    if found.finish is not None and 1 <= found.finish.hour <= 11:
        found.finish = found.finish.replace(hour=found.finish.hour + 12)
    elif found.finish is not None and found.finish.hour == 12:
        found.finish = found.finish.replace(hour=0)       # "evenings 8–12": until midnight


def _take_duration(scan: _Scan, found: _Time) -> None:
    """"klo 12 (noin 2 h)": the end is the start plus the length written after it."""
    m = _DURATION.match(scan.lower, found.end)
    if m is None:
        return
    if m["w"]:
        words = m["w"]
        if "puolitoista" in words or "and a half" in words:
            minutes = 90
        elif "half" in words or "halv" in words or "puoli" in words:
            minutes = 30
        else:
            minutes = 60
    else:
        number = m["n"]
        amount = float(number[:-1] or 0) + 0.5 if number.endswith("½") else float(number.replace(",", "."))
        minutes = amount * (1 if m["u"].lower().startswith("min") else 60) + int(m["n2"] or 0)
    if not 0 < minutes < 24 * 60:
        return
    found.finish = (datetime.combine(date(2000, 1, 1), found.begin)
                    + timedelta(minutes=round(minutes))).time()
    found.end = m.end()


# ISO week dates: "2026-W50" (the week), "2026-W50-2" (its Tuesday)
_ISO_WEEK = re.compile(r"(?<![\w-])(?P<y>\d{4})-w(?P<w>5[0-3]|[0-4]\d)(?:-(?P<d>[1-7]))?(?![\w-])")
# the basic format of calendar files and feeds: "20261208T180000", "20261208T160000Z"
_ISO_BASIC = re.compile(r"(?<!\w)(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})t(?P<H>\d{2})(?P<M>\d{2})"
                        r"(?P<S>\d{2})?(?P<off>z)?(?!\w)")


_ISO_BASIC_HINT = re.compile(r"t\d{4}")      # (a pattern that opens on a letter is found fast)


def _take_iso(scan: _Scan) -> list[_Atom]:
    atoms = []
    for m in _ISO_BASIC.finditer(scan.work) if _ISO_BASIC_HINT.search(scan.work) else ():
        atom = _Atom(m.start(), m.end(), int(m["d"]), int(m["m"]), int(m["y"]), iso=True,
                     clock=_time_or_none(int(m["H"]), int(m["M"]), int(m["S"] or 0)),
                     offset=timezone.utc if m["off"] else None)
        if atom.clock is not None:
            atoms.append(atom)
            scan.blank(m.start(), m.end())
    if "-" not in scan.work:
        return atoms  # every other ISO form has its hyphens: most texts are spared the scans
    if "-w" in scan.work:
        for m in _ISO_WEEK.finditer(scan.work):
            week = int(m["w"])
            atoms.append(_Atom(m.start(), m.end(), 1, 1, int(m["y"]), week=(week, week),
                               weekday=int(m["d"]) - 1 if m["d"] else None))
            scan.blank(m.start(), m.end())
    for m in _ISO.finditer(scan.work):
        atom = _Atom(m.start(), m.end(), int(m["d"]), int(m["m"]), int(m["y"]), iso=True)
        if m["H"]:
            atom.clock = _time_or_none(int(m["H"]), int(m["M"]), int(m["S"] or 0))
            if m["H2"]:
                atom.clock_end = _time_or_none(int(m["H2"]), int(m["M2"]))
            if m["off"]:
                atom.offset = _offset(m["off"])
            else:
                zone = _ISO_ZONE_AFTER.match(scan.work, m.end())    # "2026-12-08 18:00 UTC"
                if zone:
                    atom.offset = timezone(timedelta(hours=_ZONE_OFFSETS[zone["z"]]))
                    atom.end = zone.end()
        atoms.append(atom)
        scan.blank(m.start(), atom.end)
    return atoms


_ISO_ZONE_AFTER = re.compile(r"\s*(?P<z>cest|cet|eest|eet|utc|gmt)(?![\w+-])")


def _offset(text: str) -> timezone:
    if text.upper() == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


# hours in words after a clock word: "klockan sju", "kello kuusi", "at seven", "klockan halv
# sju" (6.30), "kello puoli seitsemän" (6.30)
_HOUR_WORDS = {
    "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12,
    "yksi": 1, "yhden": 1, "kaksi": 2, "kahden": 2, "kolme": 3, "kolmen": 3, "neljä": 4,
    "neljän": 4, "viisi": 5, "viiden": 5, "kuusi": 6, "kuuden": 6, "seitsemän": 7,
    "kahdeksan": 8, "yhdeksän": 9, "kymmenen": 10, "yksitoista": 11, "yhdentoista": 11,
    "kaksitoista": 12, "kahdentoista": 12,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_WORD_HOUR = re.compile(
    rf"(?<!\w)(?:(?:klockan|kello|klo|kl\.?)\s+(?:(?P<half>halv|puoli)\s+)?"
    rf"(?P<w>{alternation(_HOUR_WORDS)})(?!\w)(?:\s+o'clock)?(?P<ampm>{_AMPM})?"
    # ("at one of our libraries" is no time: in English with o'clock or a.m./p.m. only)
    rf"|at\s+(?P<ew>{alternation(_HOUR_WORDS)})(?:\s+o'clock)?(?P<eampm>{_AMPM})"
    rf"|at\s+(?P<ow>{alternation(_HOUR_WORDS)})\s+o'clock)")
_WORD_HOUR_HINTS = _hints(*_HOUR_WORDS)


def _take_word_hours(scan: _Scan) -> None:
    """An hour in words is a time when it is 12 or the text says the part of the day
    ("klockan sju på kvällen", "kello kolme iltapäivällä", "at seven pm"); "klockan tre"
    alone may be 3 or 15 o'clock: an error, not a guess."""
    for m in _WORD_HOUR.finditer(scan.work):
        hour = _HOUR_WORDS[m["w"] or m["ew"] or m["ow"]]
        minute = 0
        if m["half"]:                   # "halv sju", "puoli seitsemän": half past six
            hour, minute = (hour - 1) or 12, 30
        ampm = m["ampm"] or m["eampm"]
        part = ("pm" if "p" in ampm else "am") if ampm else _part_of_day(scan, m.start(), m.end())
        if part is None and hour != 12:
            # (an error when the text has no other time: see _reject_bad_clock)
            scan.unsure = (f"{scan.text[m.start():m.end()]!r} may be {hour} or {hour + 12} "
                           "o'clock: the text does not say which")
            continue
        if part == "pm" and hour < 12:
            hour += 12
        elif part == "am" and hour == 12:
            hour = 0
        scan.times.append(_Time(m.start(), m.end(), time(hour, minute), None))
        scan.blank(m.start(), m.end())


def _take_times(scan: _Scan) -> None:
    """Clock times, most explicit forms first; each found time is blanked out."""
    if _WORD_HOUR_HINTS.search(scan.work):
        _take_word_hours(scan)
    # a pattern that cannot match is not run: "between" times hold "mellan"/"between"/
    # "välillä", a.m./p.m. times "am"/"pm", colon times ":" (what blanking takes out of `work`
    # never puts a hint back)
    work = scan.work
    regexes = [_BETWEEN_TIME, _PREFIXED_TIME] if _BETWEEN_HINTS.search(work) else [_PREFIXED_TIME]
    if _FROM_HINTS.search(work):
        regexes.append(_FROM_TIME)
    regexes.append(_AMPM_TIME)
    if ":" in work:
        regexes += (_COLON_END_RANGE, _COLON_TIME)
    regexes.append(_DOTTED_RANGE)
    for regex in regexes:
        if regex is _AMPM_TIME:
            if _WORD_CLOCK_HINTS.search(scan.work):
                regex = _WORD_TIME
            elif not _AMPM_HINT.search(scan.work):
                continue
        for m in regex.finditer(scan.work):
            a, b = m["a"], m["b"]
            if regex is _BETWEEN_TIME and a is None:
                a, b = m["fa"], m["fb"]
            elif regex is _BETWEEN_TIME and not m["cw"] and not _clearly_clock(a) \
                    and not _clearly_clock(b):
                continue            # "mellan 5 och 10 deltagare"
            if regex in (_AMPM_TIME, _WORD_TIME) and a is None:
                a, b = b, None
            if regex is _PREFIXED_TIME and m["word"].lower() == "at" and not re.search(
                    r"[.:]|m", a) and _ADDRESS_AFTER.match(scan.text, m.end()):
                continue            # "at 5 Main Street": a bare number after "at" is a house
            if regex is _PREFIXED_TIME and _YEAR_LIKE.fullmatch(a) and (b is None or _YEAR_LIKE.fullmatch(b)):
                continue            # "klo 2026" is a year, not 20:26 (_reject_bad_clock says so)
            if regex is _FROM_TIME and not _clearly_clock(a):
                continue            # "från 3.9." is a date
            # (after a clock or from word a number is no page or price number)
            if regex not in (_PREFIXED_TIME, _FROM_TIME, _BETWEEN_TIME) \
                    and _counted(scan, m.start("a")) or _PRICE_AFTER.match(scan.work, m.end()):
                continue            # "Joh. 1:19–28", "hinnat 3.50–5.00 €"
            if b and scan.work[m.end("a"):m.start("b")] != scan.lower[m.end("a"):m.start("b")]:
                continue            # "4.12 kl 18 – 6.12 kl 14": not 4:12–6:12 across a time read
            found = _clock_range(a, b)
            if found is None:
                continue
            end = m.end()
            if b and regex is not _BETWEEN_TIME and _date_after_dash(
                    scan.work, m.end("b"), b, found, scan.work[m.end("a"):m.start("b")]):
                found, end = (found[0], None), m.end("a")   # "kl 18 – 6.12. kl 14"
            scan.times.append(_Time(m.start(), end, *found))
            scan.blank(m.start(), end)


def _date_after_dash(work: str, end: int, b: str, found: tuple[time, time | None],
                     separator: str) -> bool:
    """The end of "kl 18 – 6.12." / "kl. 14 fram till 17.12." is a date (a range's last
    day, a series' end), not 06:12 / 17:12: it is a day.month with the date's dot after it,
    and as a time it would run backwards, be followed by a time of its own, follow a word
    ("till", "until") or have minutes that are no multiple of five."""
    m = _DAY_DOT_MONTH.fullmatch(b)
    if m is None or not (1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12):
        return False
    if not work.startswith(".", end):
        # "från 8.12 kl 18 till 9.12 kl 12": without its dot, a date that has a time of its own
        return bool(_CLOCK_WORD_NEXT.match(work, end, end + 12)) and (
            found[1] < found[0] or bool(_LETTER.search(separator)))
    return found[1] < found[0] or int(m[2]) % 5 != 0 or bool(_LETTER.search(separator)) \
        or bool(_CLOCK_WORD_NEXT.match(work, end, end + 12))


_DAY_DOT_MONTH = re.compile(r"(\d{1,2})\.(\d{1,2})")
_LETTER = re.compile(r"[^\W\d]")
_CLOCK_WORD_NEXT = re.compile(rf"\.?\s*{_CLOCK_WORD}\b")


def _clearly_clock(text: str) -> bool:
    """A time that cannot be a day.month: "21:00", "21.00", "9pm", "noon"."""
    if _WORD_CLOCK_ONLY.fullmatch(text.strip()):
        return True
    m = _CLOCK_PARTS.fullmatch(text.strip())
    if m is None:
        return False
    if ":" in text or m[3]:
        return True
    return m[2] is not None and not 1 <= int(m[2]) <= 12


_WORD_CLOCK_ONLY = re.compile(_WORD_CLOCK)


def _read_clock(text: str) -> tuple[int, int, str | None] | None:
    text = text.strip()
    if ("noon" in text or "mid" in text or "keskiy" in text) and _WORD_CLOCK_ONLY.fullmatch(text):
        return (12 if "noon" in text or "midday" in text else 0), 0, None
    m = _CLOCK_PARTS.fullmatch(text)
    if m is None:
        return None
    return int(m[1]), int(m[2] or 0), (m[3] or "").lower() or None


def to_24h(hour: int, ampm: str | None) -> int:
    """The hour of a clock written with "a" / "p" (a.m. / p.m.): 4 p.m. is 16, 12 a.m. is 0;
    without either, as written."""
    if ampm == "p" and hour < 12:
        return hour + 12
    if ampm == "a" and hour == 12:
        return 0
    return hour


@lru_cache(maxsize=1024)
def _clock_range(a: str, b: str | None) -> tuple[time, time | None] | None:
    first = _read_clock(a)
    second = _read_clock(b) if b else None
    if first is None:
        return None
    hour, minute, ampm = first
    if second and ampm is None and second[2]:
        # "2–4pm": the first time shares the meridiem when that keeps the range forward
        end_hour = to_24h(second[0], second[2])
        ampm = second[2] if to_24h(hour, second[2]) <= end_hour else None
    begin = _time_or_none(to_24h(hour, ampm), minute)
    finish = _time_or_none(to_24h(second[0], second[2]), second[1]) if second else None
    if begin is not None and finish is not None and finish < begin and begin.hour < 12 \
            and finish.hour + 12 > begin.hour and not second[2] and not b.strip().startswith("0"):
        finish = finish.replace(hour=finish.hour + 12)      # "9–5" is 9 to 17, not overnight
    if begin is None or (second and finish is None):
        return None
    return begin, finish


def _time_or_none(hour: int, minute: int, second: int = 0) -> time | None:
    if hour == 24 and minute == 0:
        return time(0)              # "kl. 20–24": midnight, the range logic adds the day
    if 0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59:
        return time(hour, minute, second)
    return None


def _counted(scan: _Scan, start: int) -> bool:
    """The number at `start` follows a word that counts or prices things ("sivu 12.3")."""
    if scan.counters is None:           # found once a text, the first time a number asks
        scan.counters = [m.end() for m in _COUNTER.finditer(scan.lower)]
    return any(end <= start and _COUNTED_GAP.fullmatch(scan.work, end, start) for end in scan.counters)


def _find_atoms(scan: _Scan) -> list[_Atom]:
    work = scan.work
    atoms = []
    regexes = (_NUM_DATE, _SLASH_DATE, _YMD_SLASH) if "/" in work else (_NUM_DATE,)
    if "-20" in work or "-19" in work:
        regexes += (_DMY_DASH,)     # a slashed date holds a slash, a dashed one a dash before its year
    for regex in regexes:
        for m in regex.finditer(work):
            if regex is _SLASH_DATE and m.group(0) == "24/7" or _counted(scan, m.start()):
                continue
            day, month = int(m["d"]), int(m["m"])
            if regex is _SLASH_DATE and month > 12 >= day:
                day, month = month, day          # an unambiguous US month/day
            year = m["y"] and int(m["y"])
            if m.groupdict().get("yy"):
                year = 2000 + int(m["yy"])
            elif year and year < 100:
                year += 2000
            if 1 <= day <= 31 and 1 <= month <= 12:
                atoms.append(_Atom(m.start(), m.end(), day, month, year or None,
                                   swappable=regex is _SLASH_DATE and day <= 12 and day != month))
    # a month name is in every match of these (most texts have none: their scans are spared)
    for regex in ((_TEXT_DM, _TEXT_MD) if _MONTH_HINT.search(work) else ()):
        for m in regex.finditer(work):
            day = int(m["d"])
            if 1 <= day <= 31:
                month = _MONTHS[m["mon"].lower()]
                atoms.append(_Atom(m.start(), m.end(), day, month,
                                   int(m["y"]) if m["y"] else None))
                to = _TEXT_MD_TO.match(work, m.end()) if regex is _TEXT_MD and not m["y"] else None
                if to and day < int(to["d"]) <= 31:
                    atoms.append(_Atom(to.start("d"), to.end(), int(to["d"]), month,
                                       int(to["y"]) if to["y"] else None))
                more = _TEXT_MD_MORE.match(work, m.end()) if regex is _TEXT_MD and not m["y"] \
                    else None
                while more and day < int(more["d"]) <= 31:
                    day = int(more["d"])
                    atoms.append(_Atom(more.start("d"), more.end(), day, month, None))
                    more = _TEXT_MD_MORE.match(work, more.end())
    for regex in (_DAY_ONLY, _DAY_LIST):
        # a bare day opens a range ("12.–14.6."), or a list ("9., 16. ja 23.12."): its joiner
        # is in the text
        if regex is _DAY_LIST and not _LIST_HINTS.search(work) or \
                regex is _DAY_ONLY and not _RANGE_HINTS.search(work):
            continue
        for m in regex.finditer(work):
            day = int(m["d"])
            if 1 <= day <= 31 and not (_counted(scan, m.start())):
                atoms.append(_Atom(m.start(), m.end(), day, None, None))
    return atoms


def _take_nth_weekdays(scan: _Scan) -> list[_Atom]:
    """"första tisdagen i februari": a date whose day depends on the year (see _resolve)."""
    atoms = []
    scan.ordinal = bool(_ORD_SPLIT.search(scan.work))
    if not scan.ordinal:
        return atoms  # no ordinal word: most texts, spared the three long patterns below
    for regex in _NTH_WEEKDAY:
        for m in regex.finditer(scan.work):
            days, _ = _WEEKDAYS[m["wd"].lower()]
            if len(days) != 1:
                continue
            year = int(m["y"]) if m.groupdict().get("y") else None
            month = _MONTHS[m["mon"].lower()] if m.groupdict().get("mon") \
                else _FI_MONTH_STEMS.index(m["stem"].lower()) + 1
            atoms.append(_Atom(m.start(), m.end(), 1, month, year,
                               nth=(_ORD_WORDS[m["ord"].lower()], days[0])))
            scan.blank(m.start(), m.end())
    return atoms


def _take_feasts(scan: _Scan) -> list[_Atom]:
    """"julafton", "1. adventtisunnuntai", "Good Friday": a day of the year by its name."""
    atoms = []
    for m in _FEAST.finditer(scan.work):
        rule = in_country(FEASTS[re.sub(r"\s+", " ", m["name"])], scan.country)
        atoms.append(_Atom(m.start(), m.end(), 1, 1, int(m["y"]) if m["y"] else None,
                           feast=rule))
        scan.blank(m.start(), m.end())
    return atoms


def _take_weeks(scan: _Scan) -> list[_Atom]:
    """"vecka 50", "v. 51 onsdag", "viikolla 51": the days of an ISO week (or one of them)."""
    atoms = []
    for m in _WEEK.finditer(scan.work):
        if _PARITY_BEFORE.search(scan.work, max(0, m.start() - 16), m.start()):
            continue            # "parittomilla viikoilla 13–15": a time, not weeks 13–15
        first = int(m["w"])
        atoms.append(_Atom(m.start(), m.end(), 1, 1, int(m["y"]) if m["y"] else None,
                           week=(first, int(m["w2"]) if m["w2"] else first)))
        scan.blank(m.start(), m.end())
    return atoms


def _drop_feasts_beside_dates(atoms: list[_Atom], text: str) -> list[_Atom]:
    """A feast name next to a written date ("juldagen 25.12.", "Vappu-tanssit 30.4.") names
    that date's day: the written date is read. Apart from it by a sentence, it stays
    ("julafton kl 14. Anmälan senast 20.12.")."""
    if not any(atom.feast for atom in atoms):
        return atoms
    kept = []
    for index, atom in enumerate(atoms):
        if atom.feast is not None:
            neighbours = [other for at, other in enumerate(atoms[max(0, index - 1):index + 2],
                                                           max(0, index - 1))
                          if other is not atom and other.feast is None and not other.nth
                          and _written_date(atoms, at)]
            if any(_FEAST_BESIDE.fullmatch(text[atom.end:other.start] if other.start >= atom.end
                                           else text[other.end:atom.start])
                   for other in neighbours):
                continue
        kept.append(atom)
    return kept


def _written_date(atoms: list[_Atom], index: int) -> bool:
    """A date with its month, or a bare day that opens a range or list with one ("9–11
    December"), not a bare day alone ("1:a och 3:e tisdagen")."""
    if atoms[index].month is not None:
        return True
    following = atoms[index + 1] if index + 1 < len(atoms) else None
    return following is not None and following.month is not None and following.feast is None


def _nth_weekday(year: int, month: int, nth: tuple[int, int]) -> date | None:
    """The nth (or, for -1, the last) given weekday of a month, if the month has it."""
    ordinal, weekday = nth
    first = date(year, month, 1)
    days = [first + timedelta(days=offset) for offset in range(31)
            if (first + timedelta(days=offset)).month == month
            and (first + timedelta(days=offset)).weekday() == weekday]
    if ordinal == -1:
        return days[-1]
    return days[ordinal - 1] if ordinal <= len(days) else None


def _drop_overlaps(atoms: list[_Atom]) -> list[_Atom]:
    """Keep the earliest, then longest, of overlapping matches; full dates beat bare days."""
    atoms.sort(key=lambda a: (a.start, a.month is None, -(a.end - a.start)))
    kept: list[_Atom] = []
    for atom in atoms:
        if not kept or atom.start >= kept[-1].end:
            kept.append(atom)
    return kept


def _take_exceptions(scan: _Scan, atoms: list[_Atom]) -> list[_Atom]:
    """'(ej 26.2.)', 'paitsi 26.2. ja 5.3.', 'except 26 Feb': dates excluded from a series."""
    taken: set[int] = set()
    lower = scan.work
    words = list(_EXCEPT.finditer(lower)) if _EXCEPT_HINTS.search(lower) else []
    if _PAUSE_ROOTS.search(lower):
        words = sorted(words + list(_PAUSE.finditer(scan.work)), key=lambda m: m.start())
    for m in words:
        # a day named by a rule ("ej julafton") is blanked out of `work`: its space is not a gap
        position, found = m.start() + len(m.group(0).rstrip()), []
        for index, atom in enumerate(atoms):
            if atom.start < position or index in taken:
                continue
            gap = scan.work[position:atom.start]
            if _RANGE_JOIN.fullmatch(gap) and found and found[-1].last is None \
                    and atom.month is not None:          # a range ends on a full date
                found[-1].last = atom
            elif (_EXCEPT_GAP.match(gap) if found else _EXCEPT_FIRST_GAP.fullmatch(gap)):
                found.append(_Dates(atom))
            else:
                break
            taken.add(index)
            position = atom.end
        for index, dates in enumerate(found):      # "not 24 or 31 Dec": the month that ends them
            if dates.first.month is None and dates.last is None:
                later = next((d.first for d in found[index + 1:] if d.first.month is not None), None)
                if later is not None:
                    dates.first.month, dates.first.year = later.month, later.year
        found = [d for d in found if d.first.month is not None or d.last is not None]
        if not found:
            continue
        end = position
        if m.start() > 0 and scan.work[m.start() - 1] == "(":
            close = scan.work.find(")", end)
            if close != -1 and not scan.work[end:close].strip(" .,"):
                end = close + 1
            start = m.start() - 1
        else:
            start = m.start()
        scan.exceptions.extend(found)
        if m.re is _PAUSE:
            scan.breaks.extend(found)
        scan.exception_spans.append((start, end))
        scan.blank(start, end)
    return [atom for index, atom in enumerate(atoms) if index not in taken]


# not on public holidays: "helgfria vardagar", "utom helgdagar", "(ei arkipyhinä)",
# "pyhäpäiviä lukuun ottamatta", "except public holidays"
_DAYS_OFF_ROOTS = _hints("helg", "pyh", "holiday", "röda")
_DAYS_OFF = re.compile(
    r"(?<!\w)(?:helgfri(?:a|tt)?|(?:(?:utom|förutom|ej|inte|ei|paitsi|except|excluding|not)\s+"
    r"(?:(?:på|on)\s+)?)(?:helgdag(?:ar|arna|en)?|röda\s+dagar|arkipyh\w*|pyhäpäiv\w*|juhlapyh\w*|"
    r"(?:public|bank)\s+holidays?)|(?:arkipyh|pyhäpäiv|juhlapyh)\w*\s+lukuun\s+ottamatta|"
    r"(?:public|bank)\s+holidays\s+excluded)(?!\w)")


def _take_days_off(scan: _Scan) -> None:
    if not _DAYS_OFF_ROOTS.search(scan.work):
        return
    m = _DAYS_OFF.search(scan.work)
    if m is not None:
        scan.no_holidays = True
        start, end = m.span()
        if start > 0 and scan.work[start - 1] == "(" and scan.work.startswith(")", end):
            start, end = start - 1, end + 1
        scan.exception_spans.append((start, end))
        scan.blank(start, end)


# "joka kuukauden 1. tiistai", "kuun 1. ja 3. keskiviikkona": the ordinals as numbers
_FI_NUMBERED_MONTHLY = re.compile(
    r"(?<!\w)(?:(?:joka|jokaisen)\s+)?(?:kuun|kuukauden)\s+"
    rf"(?P<ords>[1-5]\.(?:\s*(?:,|&|ja)\s*[1-5]\.)*)\s*(?P<wd>{_WEEKDAY_ALT})(?!\w)")
_NUMBERED = re.compile(r"[1-5](?=\.)")


def _take_monthly(scan: _Scan) -> None:
    regexes = _MONTHLY if scan.ordinal else []      # each holds an ordinal word
    if "kuu" in scan.work:
        regexes = [*regexes, _FI_NUMBERED_MONTHLY]
    for regex in regexes:
        for m in regex.finditer(scan.work):
            days, _ = _WEEKDAYS[m["wd"].lower()]
            if len(days) != 1:
                continue
            if regex is _FI_NUMBERED_MONTHLY:
                ordinals = [int(o) for o in _NUMBERED.findall(m["ords"])]
            else:
                ordinals = [_ORD_WORDS[o.lower()] for o in _ORD_SPLIT.findall(m["ords"])]
            if regex is _MONTHLY[-1] and set(ordinals) == {2}:
                continue                # "every second Tuesday": every other week
            byday = [f"{n}{_RRULE_DAYS[days[0]]}" for n in sorted(set(ordinals), key=_ord_key)]
            scan.monthly.append(_Monthly(m.start(), m.end(), byday))
            scan.blank(m.start(), m.end())
            _take_bare_time(scan, m.end())      # "every 2nd and 4th Thursday 14–16"


def _ord_key(n: int) -> int:
    return n if n > 0 else 10 - n


# between a weekday's Finnish and Swedish names on bilingual pages ("Ti/Tis", "to / tors")
_SAME_DAY_JOIN = re.compile(r"\s*/\s*")


def _take_weekdays(scan: _Scan, atoms: list[_Atom]) -> None:
    """Weekday words grouped by joiners; abbreviations count only beside a date or time."""
    words = []
    for m in _WEEKDAY.finditer(scan.work):
        word = m["wd"].lower()
        if (word == "on" and scan.lang != "sv") or (word == "to" and scan.lang == "en"):
            continue                # English "on"/"to", Finnish "on" (is)
        days, kind = _WEEKDAYS[word]
        words.append(_Day(m.start(), m.end(), days, kind))
        if " " in word and not scan.pm:             # "Tuesday evenings"
            scan.pm = bool(_PM_PART.search(word))
    groups: list[_Group] = []
    for word in words:
        if groups:
            previous = groups[-1]
            work, gap = scan.work, (previous.end, word.start)
            elative = (work[previous.start:previous.end] in _FI_ELATIVE
                       and work[word.start:word.end] in _FI_ILLATIVE and work[gap[0]:gap[1]].isspace())
            if (_RANGE_JOIN.fullmatch(work, *gap) or elative) and len(previous.members) == 1 \
                    and len(previous.days) == 1 and len(word.days) == 1:
                previous.members.append(word)
                previous.days = _day_range(previous.days[0], word.days[0])
                previous.end = word.end
                previous.runs[-1] = [previous.start, word.end, previous.days]
                continue
            if _SAME_DAY_JOIN.fullmatch(work, *gap) and previous.members[-1].days == word.days:
                # one day in both languages ("ti/tis 8.12.", "ma/mån kl. 9"): one word, not a list
                previous.end = previous.runs[-1][1] = word.end
                continue
            if _LIST_JOIN.fullmatch(work, *gap) or _ELIDED_JOIN.fullmatch(work, *gap):
                previous.members.append(word)
                previous.days = tuple(sorted(set(previous.days) | set(word.days)))
                previous.end = word.end
                previous.runs.append([word.start, word.end, word.days])
                continue
        groups.append(_Group([word], word.days, word.start, word.end,
                             runs=[[word.start, word.end, word.days]]))
    # a bare "12." opens a range of days; a bare "9" (of "Mon–Fri 9–17") is an hour
    atom_at = {atom.first: atom for atom in atoms
               if atom.month is not None or scan.work[atom.end - 1] == "."}
    time_starts = {t.start for t in scan.times}
    weeks = [atom for atom in atoms if atom.week]
    for group in groups:
        before = scan.lower[max(0, group.start - 25):group.start]
        # (each cue holds one of _CUE_HINTS: most weekdays have none before them)
        cue = _CUE_HINTS.search(before) and (
            _OTHER_BEFORE.search(before) or _EVERY_BEFORE.search(before))
        if cue:
            group.cue = "other" if cue.re is _OTHER_BEFORE else "every"
            group.start -= len(before) - cue.start()
        # skip in the original text: times there are already blanked out of `work`
        follow = _SKIP_TO_NEXT.match(scan.lower, group.end).end()
        followed = follow in atom_at or follow in time_starts
        if not followed and not _followed_by_date_word(scan.work, follow):
            followed = _take_bare_time(scan, group.end)
        if not followed and len(group.runs) > 1:      # "ma–pe klo 9–15, la klo 10–14, su suljettu"
            followed = any(_SKIP_TO_NEXT.match(scan.lower, run[1]).end() in time_starts
                           for run in group.runs[:-1])
        if not followed and len(group.members) > 1:     # "7.–20.12. ma–pe": the days of a range
            followed = any(atom.month is not None and atom.end <= group.start
                           and _AFTER_RANGE_GAP.fullmatch(scan.work, atom.end, group.start)
                           and any(other.end <= atom.first and _RANGE_JOIN.fullmatch(
                               scan.work, other.end, atom.first) for other in atoms)
                           for atom in atoms)
        if _CLOSED.match(scan.lower, group.end):
            # "ma–pe 9–16, la–su suljettu", "lördag och söndag stängt": not on the days listed
            # after the last time
            closed_at = group.end
            while group.runs and not any(group.runs[-1][1] <= t.start < closed_at for t in scan.times):
                group.runs.pop()
            if not group.runs:
                continue
            group.members = [m for m in group.members if m.start < group.runs[-1][1]]
            group.days = tuple(sorted({d for run in group.runs for d in run[2]}))
            group.end = group.runs[-1][1]
        if not followed:                # "kl 10–16 mån–fre": the time written before them
            # (not one that is another day's: "ma–pe 9–16, la–su")
            followed = any(t.end <= group.start and _TIME_DAYS_GAP.fullmatch(scan.work, t.end, group.start)
                           and not any(_OWN_TIME_BEFORE.fullmatch(scan.work, other.end, t.start)
                                       for other in groups if other.end <= t.start)
                           for t in scan.times)
        week = next((a for a in weeks if a.weekday is None and a.end <= group.start
                     and re.fullmatch(r"[\s,:]*", scan.work[a.end:group.start])), None)
        if week is not None and not group.recurring and not cue:
            week.weekday, week.end = group.days[0], group.end     # "v. 51 onsdag"
            continue
        if any(m.kind in ("abbr", "weekdays") for m in group.members) and not followed \
                and not cue:
            continue
        if not group.recurring and follow in atom_at and \
                _WEEKDAY_BEFORE_DATE.match(scan.work[group.end:atom_at[follow].start]):
            atom = atom_at[follow]
            atom.weekday, atom.lead = group.days[0], group.start
            continue
        scan.groups.append(group)


# days the text says are closed ("la–su suljettu", "lör–sön stängt", "Sat–Sun closed")
_CLOSED = re.compile(r"[\s:,–-]*(?:suljettu|kiinni|stängt|stängd|closed)(?!\w)")
_AFTER_RANGE_GAP = re.compile(r"[\s,(]*")
_OWN_TIME_BEFORE = re.compile(r"[\s.,:]*(?:(?:klo|kl|kello|klockan|at)\.?\s*)?")


# a compound's first half, its second part left to the last: "tiistai- ja torstai-iltaisin"
_ELIDED_JOIN = re.compile(r"-\s*(?:,|&|\b(?:och|ja|and|sekä|samt|eller|tai)\b)\s*")
_DAY_MONTH = re.compile(r"\d{1,2}\.(\d{1,2})(?!\d)")


def _followed_by_date_word(work: str, position: int) -> bool:
    """A day.month follows ("ti 4.3."): not "11.30–13", whose 30 is no month."""
    m = _DAY_MONTH.match(work, position)
    return m is not None and 1 <= int(m[1]) <= 12


def _day_range(first: int, last: int) -> tuple[int, ...]:
    """'fre–mån' wraps over the weekend."""
    days, day = [first], first
    while day != last:
        day = (day + 1) % 7
        days.append(day)
    return tuple(sorted(days))


def _join_ranges(scan: _Scan, atoms: list[_Atom]) -> list[_Dates]:
    """Pair dates written 'A – B'; a bare first day needs a full date after it."""
    result: list[_Dates] = []
    _share_months(scan, atoms)
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        following = atoms[index + 1] if index + 1 < len(atoms) else None
        if following is not None and following.month is not None and \
                atom.feast is None and following.feast is None and \
                (_RANGE_JOIN.fullmatch(scan.work[atom.end:following.first]) or atom.iso
                 and following.iso and scan.work[atom.end:following.first] == "/"
                 or _between(scan, atom, following) or _from_until(scan, atom, following)):
            result.append(_Dates(atom, following))
            index += 2
            continue
        if atom.month is not None:
            result.append(_Dates(atom))
        index += 1
    return result


# "17.12. klo 17 alkaen 18.12. klo 15 asti": from the first date until the second
_FROM_UNTIL_JOIN = re.compile(r"[\s,]*(?:alkaen|lähtien)[\s,]*")
_UNTIL_AFTER = re.compile(r"[\s,]*(?:asti|saakka)(?!\w)")


def _from_until(scan: _Scan, first: _Atom, last: _Atom) -> bool:
    """Two dates written as a span's ends with "alkaen … asti" (times already blanked)."""
    return bool(_FROM_UNTIL_JOIN.fullmatch(scan.work, first.end, last.first)
                and _UNTIL_AFTER.match(scan.work, last.end))


# "mellan 12.12. och 14.12.", "between 12 and 14 December", "12.12. ja 14.12. välillä"
_BETWEEN_BEFORE = re.compile(r"(?<!\w)(?:mellan|between)\s+(?:(?:den|the)\s+)?$")
_BETWEEN_AND = re.compile(r"\s*(?:och|and|ja)\s+(?:(?:den|the)\s+)?")
_BETWEEN_AFTER = re.compile(r"\s+välillä(?!\w)")


def _between(scan: _Scan, first: _Atom, last: _Atom) -> bool:
    """Two dates written as the ends of a span with "between … and …"."""
    if not _BETWEEN_AND.fullmatch(scan.work, first.end, last.first):
        return False
    return bool(_BETWEEN_BEFORE.search(scan.lower, max(0, first.first - 16), first.first)
                or _BETWEEN_AFTER.match(scan.lower, last.end))


def _share_months(scan: _Scan, atoms: list[_Atom]) -> None:
    """"9., 16. ja 23.12.": bare days listed before a full date are in its month (and year)."""
    for index, atom in enumerate(atoms):
        if atom.month is not None or atom.by_rule:
            continue
        end = atom.end
        for later in atoms[index + 1:]:
            if later.by_rule or not _LIST_JOIN.fullmatch(scan.work[end:later.first]):
                break
            if later.month is not None:
                atom.month, atom.year = later.month, later.year
                break
            end = later.end


def _take_bare_time(scan: _Scan, position: int) -> bool:
    """A time without a clock word right after a date or weekday ("4.3. 13–15")."""
    if any(t.start <= position < t.end for t in scan.times):
        return False
    m = _BARE_TIME.match(scan.work, position)
    if not m or not (m["b"] or re.search(r"[.:]|h\d|(?:1[3-9]|2[0-3])h", m["a"])) \
            or any(atom.start == m.start("a") for atom in scan.atoms if atom.month is not None):
        # "8.12., 15.12. ja 22.12.": the next date, not 15:12; a lone "2h", "6h" is a length
        return False
    found = _clock_range(m["a"], m["b"])
    if found is None:
        return False
    start = m.start("a")
    scan.times.append(_Time(start, m.end(), *found))
    scan.blank(start, m.end())
    return True


# ---------------------------------------------------------------------------------------
# Assembly

def _assemble(scan: _Scan, today: date, zone: ZoneInfo, default_date: date | None) -> ParsedWhen:
    if not scan.times:
        _reject_bad_clock(scan)
    _drop_leading_day_ranges(scan, today)
    if not scan.dates and len(scan.groups) == 1 and not scan.groups[0].recurring and (
            scan.parity or scan.exceptions and _excepts_its_days(scan, scan.groups[0], today)):
        # "ma klo 10 (ei 28.12. ja 4.1.)": days left out of a series; "parillisten viikkojen
        # torstaina": a series on even weeks
        scan.groups[0].cue = "every"
    recurring = [g for g in scan.groups if g.recurring]
    if len(scan.dates) > 1:
        # "Ilmoittautuminen 30.11. mennessä. Kurssi ti 8.12.": a deadline is no day of the event
        kept = [d for d in scan.dates if not _deadline(scan, d)]
        if kept:
            scan.dates = kept
    # "varje dag" without a time is opening-hours prose, not an activity
    if scan.monthly or recurring or (scan.daily and scan.times and not scan.groups):
        for dates in [d for d in scan.dates
                      if _CLOSED_BEFORE.search(scan.lower, max(0, d.start - 16), d.start)]:
            # "arkisin klo 9–15, suljettu 24.–26.12.": days the series is not held
            scan.dates.remove(dates)
            scan.exceptions.append(dates)
            scan.exception_spans.append((dates.start, dates.end))
        return _series(scan, recurring, today, zone)
    clock = scan.times[0] if scan.times else None
    if scan.breaks:          # "Jullov 21.12.–6.1.": no series to pause, the dates themselves
        scan.dates = sorted(scan.dates + scan.breaks, key=lambda d: d.start)
        scan.exceptions = [d for d in scan.exceptions if d not in scan.breaks]
    if scan.dates:
        parts = _dated_parts(scan, clock)
        if parts is None:
            when = _dated(scan, scan.dates[0], clock, today, zone)
            if when.rrule is None:             # not a range's daily series
                when.rdates = _listed_days(scan, clock, today, zone) + _second_showings(scan, when, zone)
            return when
        # "8.–9.12. och 15.–16.12. kl. 10–12", "ti 8.12. klo 18 ja to 10.12. klo 13": each listed
        # date or range is read as the first is, at its own time or the one they share
        rules = [_dated(scan, dates, own, today, zone) for dates, own in parts]
        when, when.also = rules[0], rules[1:]
        if all(_one_day_at(rule, when) for rule in rules[1:]):
            # "ma 7.12. klo 13–14 ja ma 14.12. klo 13–14": days at the same time, as "4.3. och
            # 11.3. kl 18" (rdates), not rules of their own
            when.also, when.rdates = [], [rule.start for rule in rules[1:]]
        spans = [rule.span for rule in rules if rule.span] + [_span(*(d for d, _ in parts),
                                                                       *(t for _, t in parts))]
        when.span = min(a for a, _ in spans), max(b for _, b in spans)
        return when
    if scan.groups:
        group = scan.groups[0]
        if clock is None and _in_prose(scan, group):
            raise DateParseError(scan.text, "a weekday in running prose is no date")
        day = _next_weekday(today, group.days[0])
        later = _NEXT_WEEK.search(scan.lower) if "week" in scan.lower or "veck" in scan.lower \
            or "viiko" in scan.lower else None
        if later:                   # "lördag nästa vecka": that day of next week
            day = today + timedelta(days=7 - today.weekday() + group.days[0])
        return _at(day, day, clock, zone, _span(group, clock, later))
    relative = _RELATIVE.search(scan.lower)
    if relative:
        day = today + timedelta(days=_RELATIVE_DAYS[re.sub(r" +", " ", relative[0].lower())])
        return _at(day, day, clock, zone, _span(relative, clock))
    if clock is None:                              # "13.45": only for the message below
        clock = next((m for m in _LONE_CLOCK.finditer(scan.work) if not (_counted(scan, m.start()))
                      and not _PRICE_AFTER.match(scan.work, m.end())), None)     # not "12.50 €"
    if clock is not None and default_date is not None and isinstance(clock, _Time):
        return _at(default_date, default_date, clock, zone, _span(clock))
    if "lom" in scan.lower or "lov" in scan.lower or "holiday" in scan.lower:
        found = _REGIONAL_HOLIDAY.search(scan.lower)
        if found:
            raise DateParseError(scan.text, f"{scan.text[found.start():found.end()]!r}: the winter "
                                 "holiday week differs by region (weeks 8–10 in Finland, 7–10 in "
                                 "Sweden), it is not read")
        found = _SCHOOL_HOLIDAY.search(scan.lower)
        if found:
            raise DateParseError(scan.text, f"{scan.text[found.start():found.end()]!r}: school "
                                 "holidays differ by municipality and school, they are not read")
    if clock is not None:
        raise DateParseError(scan.text, "a time without a day")
    if len(scan.text) <= 80 and _MONTH_WORD.search(scan.lower):
        found = _dateparser_fallback(scan.text, scan.lang, today, zone)
        if found is not None:
            return found
    raise DateParseError(scan.text, "no date found")


_CLOSED_BEFORE = re.compile(r"(?<!\w)(?:suljettu|kiinni|stängt|stängd|closed)\s*:?\s*$")
# a date by which to sign up or pay: "anmälan senast 1.12.", "ilmoittautuminen 30.11. mennessä",
# "register by 1 Dec"
_DEADLINE_BEFORE = re.compile(
    r"(?<!\w)(?:senast|viimeistään|deadline|(?:register|sign\s+up|book|apply)\s+by|by)\s*:?\s*(?:(?:den|the)\s+)?$"
    r"|(?<!\w)(?:anmälan|anmälningar|ilmoittautu\w*|ilmoittaudu|registration|sign-?up)\s*:?\s*$")
_DEADLINE_AFTER = re.compile(r"\s*(?:mennessä|senast)(?!\w)")


def _deadline(scan: _Scan, dates: _Dates) -> bool:
    return bool(_DEADLINE_BEFORE.search(scan.lower, max(0, dates.start - 30), dates.start)
                or _DEADLINE_AFTER.match(scan.lower, dates.end))


def _one_day_at(rule: ParsedWhen, first: ParsedWhen) -> bool:
    """`rule` is one timed day at the times of `first`, also one timed day."""
    if rule.rrule or first.rrule or rule.all_day or first.all_day or rule.rdates or first.rdates \
            or not isinstance(rule.start, datetime) or not isinstance(first.start, datetime):
        return False
    if (rule.end is None) != (first.end is None):
        return False
    if rule.end is not None and (rule.end - rule.start != first.end - first.start
                                 or rule.end.date() != rule.start.date()):
        return False
    return rule.start.time() == first.start.time()


def _excepts_its_days(scan: _Scan, group: _Group, today: date) -> bool:
    """An exception of a lone weekday falls on that weekday: the weekday is a series."""
    for dates in scan.exceptions:
        try:
            first, last = _resolve_after(dates, today, today, scan.text)
        except DateParseError:
            continue
        if any((first + timedelta(days=n)).weekday() in group.days
               for n in range(min((last - first).days + 1, 7))):
            return True
    return False


_NEXT_WEEK = re.compile(
    r"(?<!\w)(?:nästa\s+vecka|(?:ensi|seuraava)\s+viiko(?:lla|n)|next\s+week)(?!\w)")
_OPENS = re.compile(r"[\W_]*(?:(?:på|on|i)\s+)?")
_HEADS = re.compile(rf"\s*(?:[{_DASHES}:|/,.!()]|$)")
_WORD = re.compile(r"[^\W\d_]+")
# words that invite to what the weekday dates ("Välkommen på måndag", "Meet ... on Friday")
_INVITES = re.compile(
    r"(?<!\w)(?:välkomm\w*|vi\s+ses|träffas|samlas|tervetuloa|tule|tulkaa|nähdään|tavataan|"
    r"kokoontuu|kokoonnumme|kokoonnutaan|welcome|join|come|meet|see\s+you)(?!\w)"
    r"|(?:^|[.!?]\s*)kom(?!\w)")      # "Kom med på måndag!", not "kom överens på måndagen"


def _in_prose(scan: _Scan, group: _Group) -> bool:
    """A lone weekday ("valde på måndagen", "päätti maanantaina", "voted on Monday") inside
    a sentence tells of a day rather than dating an event; one that heads a line ("Måndag:
    Dagklubb", "Maanantai – Perhekerho") or a short text ("Torstai", "Välkommen på måndag")
    dates it, as does one in an invitation ("Tervetuloa maanantaina kirjastoon", "Meet at
    the hall on Friday")."""
    if group.cue or len(group.members) != 1 or group.members[0].kind != "name":
        return False
    if _OPENS.fullmatch(scan.lower, 0, group.start) and _HEADS.match(scan.lower, group.end):
        return False
    return len(_WORD.findall(scan.work)) - 1 > 3 and not _INVITES.search(scan.lower)


# the winter holiday week: week 7, 8, 9 or 10 by municipality (Finland) or county (Sweden)
_REGIONAL_HOLIDAY = re.compile(r"(?<!\w)(?:hiihtoloma\w*|talviloma\w*|sportlov\w*)")
# the other school holidays ("jullovet", "syyslomalla"): their dates differ by municipality
# and school, year by year
_SCHOOL_HOLIDAY = re.compile(
    r"(?<!\w)(?:(?:jul|höst|påsk|sommar|vinter|skol|läs|sport)lov\w*|"
    r"(?:syys|joulu|kevät|pääsiäis|kesä|koulu)lom\w*|koulujen\s+lom\w*|(?:school|half[\s-]term)\s+holidays?)")


def _dated(scan: _Scan, dates: _Dates, clock: _Time | None, today: date, zone: ZoneInfo) -> ParsedWhen:
    """A written date or range at `clock`: one event, one span, or a daily series."""
    if (dates.last is not None or dates.first.week) and dates.first.clock is None \
            and clock is not None:
        ends = _times_at_both_ends(scan, dates) if dates.last is not None else None
        if ends is not None:               # "pe 4.12. klo 18 – su 6.12. klo 14"
            first_day, last_day = _resolve(dates, today, scan.text)
            return ParsedWhen(_aware(first_day, ends[0].begin, zone),
                              _aware(last_day, ends[1].begin, zone), False,
                              span=_span(dates, *ends))
        first_day, last_day = _resolve(dates, today, scan.text)
        if last_day > first_day:            # "2.–3.12. klo 10–14": 10–14 on each day
            return _series(scan, [], today, zone, window_dates=dates, clock=clock)
    return _single(scan, dates, clock, today, zone)


def _dated_parts(scan: _Scan, clock: _Time | None) -> list[tuple[_Dates, _Time | None]] | None:
    """Dates listed one after the other ("8.–9.12. och 15.–16.12.", "ti 8.12. klo 18 ja to
    10.12. klo 13") with their times: each its own when every one has a time after it,
    else the first time for all when one of them is a range. None when the text does not
    list such dates (single days at one time are rdates: "4.3. och 11.3. kl. 18")."""
    if len(scan.dates) < 2:
        return None
    chain = [scan.dates[0]]
    for dates in scan.dates[1:]:
        if not _LIST_JOIN.fullmatch(scan.work, chain[-1].end, dates.start):
            break
        chain.append(dates)
    if len(chain) < 2 or any(d.first.clock is not None or d.first.by_rule for d in chain):
        return None
    limits = [d.start for d in chain[1:]] + [len(scan.text)]
    own = [next((t for t in scan.times if d.end <= t.start < limit
                 and _OWN_TIME_GAP.fullmatch(scan.work, d.end, t.start)), None)
           for d, limit in zip(chain, limits)]
    if all(own):
        return list(zip(chain, own))
    if any(d.last is not None for d in chain) and not any(own[:-1]):
        return [(d, clock) for d in chain]
    return None


# what may stand between a date and its own time ("ti 8.12. klo 18": a space, a comma)
_OWN_TIME_GAP = re.compile(r"[\s,:/|(–-]*")


def _reject_bad_clock(scan: _Scan) -> None:
    """"8.12. klo 25" is an error naming the time, not an all-day event."""
    for m in _BAD_CLOCK.finditer(scan.work):
        hour, _, minute = m["t"].replace(":", ".").partition(".")
        if int(hour) > 24 or (minute and (len(minute) != 2 or int(minute) > 59)):
            raise DateParseError(scan.text, f"{scan.text[m.start():m.end()]!r} is not a time of day")
    if scan.unsure:
        raise DateParseError(scan.text, scan.unsure)
    m = _YEAR_CLOCK.search(scan.work)
    if m:
        raise DateParseError(scan.text, f"{scan.text[m.start():m.end()]!r} reads as a year, not a "
                             "time of day")


def _drop_leading_day_ranges(scan: _Scan, today: date) -> None:
    """Weekdays written before a range of dates: "lö–sö 12.–13.12." names its days (as "ti"
    before "8.12."); weekdays that leave some of its days out make a series on them in it
    ("ma–pe 7.–18.12."), as does one weekday before a range of a week or more ("ti 12.1.–
    27.4." is every Tuesday) or before a date with "joka viikko" / "every week" after it."""
    if not scan.dates:
        return
    dates = scan.dates[0]
    if dates.last is None:
        if dates.first.weekday is not None and not any(g.recurring for g in scan.groups) \
                and _WEEKLY.search(scan.work, dates.end):
            scan.groups.append(_Group([], (dates.first.weekday,), dates.start, dates.first.start,
                                      cue="every"))
        return
    try:
        first_day, last_day = _resolve(dates, today, scan.text)
    except DateParseError:
        return
    days = {(first_day + timedelta(days=n)).weekday()
            for n in range(min((last_day - first_day).days + 1, 7))}
    long = (last_day - first_day).days >= 6
    for group in scan.groups:
        if group.cue is None and all(m.kind in ("abbr", "name") for m in group.members) \
                and (group.end <= dates.start
                     and _WEEKDAY_BEFORE_DATE.match(scan.work[group.end:dates.start])
                     or dates.end <= group.start     # after it: "7.–20.12. ma–pe", "(la–su)"
                     and _AFTER_RANGE_GAP.fullmatch(scan.work, dates.end, group.start)):
            if days <= set(group.days) or not long:
                scan.groups.remove(group)
                dates.first.lead = group.start
            else:
                group.cue = "every"
            return
    if dates.first.weekday is not None and long and not scan.groups \
            and dates.last.weekday in (None, dates.first.weekday):
        # (not "ma 28.12. – su 3.1.": other weekdays at its ends name its ends, a span)
        scan.groups.append(_Group([], (dates.first.weekday,), dates.start, dates.first.start,
                                  cue="every"))


def _times_at_both_ends(scan: _Scan, dates: _Dates) -> tuple[_Time, _Time] | None:
    """A start time after the range's first day and an end time after its last one."""
    first, last = dates.first, dates.last
    between = [t for t in scan.times if first.end <= t.start and t.end <= last.first]
    after = [t for t in scan.times if t.start >= last.end]
    if len(between) != 1 or not after or between[0].finish is not None \
            or after[0].finish is not None \
            or not re.fullmatch(r"[\s,]*", scan.work[last.end:after[0].start]):
        return None
    return between[0], after[0]


def _span(*parts) -> tuple[int, int] | None:
    spans = [p.span() if isinstance(p, re.Match) else (p.start, p.end) for p in parts if p is not None]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _single(scan: _Scan, dates: _Dates, clock: _Time | None, today: date,
            zone: ZoneInfo) -> ParsedWhen:
    first_day, last_day = _resolve(dates, today, scan.text)
    first, last = dates.first, dates.last or dates.first
    span = _span(dates, clock)
    if first.clock is not None:                     # ISO with a time
        start = _iso_moment(first_day, first.clock, first.offset, zone)
        end = None
        if dates.last is not None and last.clock is not None:
            end = _iso_moment(last_day, last.clock, last.offset, zone)
        elif first.clock_end is not None:
            end = _iso_moment(first_day, first.clock_end, first.offset, zone)
            if end < start:
                end = _iso_moment(first_day + timedelta(days=1), first.clock_end,
                                  first.offset, zone)
        return ParsedWhen(start, end, False, span=_span(dates))
    return _at(first_day, last_day, clock, zone, span)


def _listed_days(scan: _Scan, clock: _Time | None, today: date, zone: ZoneInfo) -> list:
    """The single days listed right after the first one ("4.3., 11.3. och 18.3."), at its
    time. A date further on, not joined by a comma or "och" / "ja" / "and" ("anmälan senast
    1.3."), is not a day of the event."""
    first = scan.dates[0]
    if first.last is not None or first.first.clock is not None or first.first.nth:
        return []
    days, end = [], first.end
    for dates in scan.dates[1:]:
        if dates.last is not None or dates.first.clock is not None or dates.first.nth \
                or not _LIST_JOIN.fullmatch(scan.lower[end:dates.start]):
            break
        day, _ = _resolve(dates, today, scan.text)
        days.append(day if clock is None else _aware(day, clock.begin, zone))
        end = dates.end
    return days


# "kl. 13 och 15", "klo 10 ja 14": the same day again at a later time (two showings)
# ("ja uudelleen klo 14", "och igen kl 14", "and again at 2pm")
_AGAIN = r"(?:(?:igen|again|uudelleen|uudestaan|jälleen)\s*)?"
_AND_TIME = re.compile(rf"\s*(?:,|&|och|ja|and)\s*{_AGAIN}(?:{_CLOCK_WORD}\.?\s*)?(?P<t>{_HOUR}(?:[.:]{_MIN})?{_AMPM}?)"
                       r"(?![\w.:,]\d|\s*(?:€|e\b|eur|kr|%|[-–—]|år|vuot|years))")


# "kl. 9–11 och 13–15": a second session of the same length
_AND_RANGE = re.compile(
    rf"\s*(?:,|&|och|ja|and)\s*{_AGAIN}(?:{_CLOCK_WORD}\.?\s*)?(?P<a>{_HOUR}(?:[.:]{_MIN})?{_AMPM}?)"
    rf"\s*{_SEP_TIME}\s*(?P<b>{_HOUR}(?:[.:]{_MIN})?{_AMPM}?)(?![\w.:,]\d)")


def _second_showings(scan: _Scan, when: ParsedWhen, zone: ZoneInfo) -> list:
    """A one-day event at one time, then "och 15": the same day at that time too; a session
    "kl. 9–11" then "och 13–15" of the same length: the same day at 13 too."""
    if not scan.times or when.all_day or not isinstance(when.start, datetime) \
            or scan.dates[0].last is not None:
        return []
    first = scan.times[0]
    if first.finish is not None:
        found = _AND_RANGE.match(scan.lower, first.end)
        later = _clock_range(found["a"], found["b"]) if found else None
        if later is None or later[1] is None or later[0] <= first.finish:
            return []
        day = when.start.date()
        length = _aware(day, first.finish, zone) - _aware(day, first.begin, zone)
        if _aware(day, later[1], zone) - _aware(day, later[0], zone) != length:
            return []                   # an rdate lasts as long as the first session
        return [_aware(day, later[0], zone)]
    if when.end is not None:
        return []
    showings, previous, end = [], first.begin, first.end
    while found := _AND_TIME.match(scan.lower, end):        # "kl 11, 13 och 15"
        clock = _read_clock(found["t"])
        later = _time_or_none(to_24h(clock[0], clock[2]), clock[1]) if clock else None
        if later is None or later <= previous:
            break
        showings.append(_aware(when.start.date(), later, zone))
        previous, end = later, found.end()
    return showings


def _at(first_day: date, last_day: date, clock: _Time | None, zone: ZoneInfo,
        span) -> ParsedWhen:
    """An event on first_day..last_day, at a clock time or all day."""
    if clock is None:
        return ParsedWhen(first_day, last_day, True, span=span)
    start = _aware(first_day, clock.begin, zone)
    end = None
    if clock.finish is not None:
        end_day = last_day
        if clock.finish < clock.begin and last_day == first_day:
            end_day += timedelta(days=1)              # "kl. 20–02" ends the next day
        end = _aware(end_day, clock.finish, zone)
    return ParsedWhen(start, end, False, span=span)


def _aware(day: date, clock: time, zone) -> datetime:
    if isinstance(zone, _WrittenZone):             # "kl. 18 CET": 19:00 in Helsinki
        return _aware(day, clock, zone.wall).astimezone(zone.out)
    return _aware_in(day, clock, zone)


@lru_cache(maxsize=4096)
def _aware_in(day: date, clock: time, zone) -> datetime:
    """(kept: the same days and times come again and again; datetimes do not change)"""
    local = datetime.combine(day, clock, tzinfo=zone)
    # A wall time in the spring-forward gap does not exist: the round trip through UTC
    # moves it forward by the gap, as the clocks did. Autumn's repeated hour keeps fold=0.
    return local.astimezone(timezone.utc).astimezone(zone)


def _iso_moment(day: date, clock: time, offset, zone) -> datetime:
    if offset is None:
        return _aware(day, clock, zone)
    return datetime.combine(day, clock, tzinfo=offset).astimezone(getattr(zone, "out", zone))


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


# ---------------------------------------------------------------------------------------
# Years

# The longest range whose end is written before its start in the calendar ("1.8.–30.6." is 333 days).
BACKWARD_RANGE_DAYS = 335


def _resolve(dates: _Dates, today: date, text: str) -> tuple[date, date]:
    """Calendar dates for a written date or range, inferring missing years."""
    first, last = dates.first, dates.last
    if last is None and first.by_rule:
        day = _resolve_rule(first, today, text)
        return day, _rule_last_day(first, day)
    if last is None:
        if first.swappable and first.weekday is not None:
            _month_first_if_weekday_says(first, today)
        year = first.year or _infer_year(first.day, first.month, first.weekday, today, text)
        day = _make_date(year, first.month, first.day, text)
        return day, day
    first_month = first.month or last.month
    year1, year2 = first.year, last.year
    if year1 is None and year2 is None and first.weekday is None and last.weekday is None:
        year1 = _year_of_running_range(first.day, first_month, last.day, last.month, today)
    if year1 is None and year2 is None:
        if first.weekday is None and last.weekday is not None:
            year2 = _infer_year(last.day, last.month, last.weekday, today, text)
        else:
            year1 = _infer_year(first.day, first_month, first.weekday, today, text)
    forward = (first_month, first.day) <= (last.month, last.day)
    if year1 is None:
        year1 = year2 if forward else year2 - 1
    if year2 is None:
        year2 = year1 if forward else year1 + 1   # "28.12.–2.1." crosses the new year
    day1 = _make_date(year1, first_month, first.day, text)
    day2 = _make_date(year2, last.month, last.day, text)
    # Crossing the new year is plausible: "28.12.–2.1.", and a season of activities from
    # autumn to spring ("1.9.–31.5."); a backward range that leaves less than a month of the
    # year out ("14.6.–12.6.") is a slip, unless its years are written.
    written_years = first.year is not None and last.year is not None
    if day2 < day1 or (not forward and not written_years and (day2 - day1).days > BACKWARD_RANGE_DAYS):
        raise DateParseError(text, f"the range ends ({day2}) before it starts ({day1})")
    return day1, day2


def _month_first_if_weekday_says(atom: _Atom, today: date) -> None:
    """"Tue, 12/8/2026": a slashed date is day first, but month first when only that reading
    falls on the weekday written before it (8 December 2026 is a Tuesday, 12 August not)."""
    atom.swappable = False

    def agrees(day: int, month: int) -> bool:
        """The reading falls on the weekday: in the year written, or in one of the years the
        weekday may pick (a Nordic page's "tis 8/12" is 8 December even when that is a year off)."""
        year = atom.year or _year_of(day, month, atom.weekday, today)
        try:
            return year is not None and date(year, month, day).weekday() == atom.weekday
        except ValueError:
            return False

    if not agrees(atom.day, atom.month) and agrees(atom.month, atom.day):
        atom.day, atom.month = atom.month, atom.day


def _rule_day(atom: _Atom, year: int) -> date | None:
    if atom.feast is not None:
        return feast_day(atom.feast, year)
    if atom.week is not None:
        try:                        # Monday of the week, or its day written beside it
            return date.fromisocalendar(year, atom.week[0], (atom.weekday or 0) + 1)
        except ValueError:
            return None             # week 53 of a 52-week year
    return _nth_weekday(year, atom.month, atom.nth)


def _rule_last_day(atom: _Atom, day: date) -> date:
    """A week without a weekday lasts to the Sunday of its (last) week."""
    if atom.week is None or atom.weekday is not None:
        return day
    weeks = (atom.week[1] - atom.week[0]) % 53 if atom.week[1] != atom.week[0] else 0
    last = day + timedelta(days=7 * weeks + 6)
    while last.isocalendar()[1] != atom.week[1] and weeks:   # across a 52/53-week new year
        last -= timedelta(days=7)
    return last


def _resolve_rule(atom: _Atom, today: date, text: str) -> date:
    """The year written, or the one whose day falls in the listing window (as _infer_year)."""
    years = [atom.year] if atom.year else range(today.year - 1, today.year + 2)
    candidates = [day for day in (_rule_day(atom, year) for year in years) if day]
    if not candidates:
        if atom.week is not None:
            raise DateParseError(text, f"{'/'.join(map(str, years))} has no week {atom.week[0]}")
        raise DateParseError(text, "that month has no such weekday")
    low, high = today - timedelta(days=120), today + timedelta(days=245)
    return min(candidates, key=lambda day: (max((low - day).days, (day - high).days, 0), abs((day - today).days)))


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateParseError(text, f"{day}.{month}.{year} is not a date") from error


def _infer_year(day: int, month: int, weekday: int | None, today: date, text: str) -> int:
    """The weekday decides when it fits a candidate year; else the listing window."""
    year = _year_of(day, month, weekday, today)
    if year is None:
        raise DateParseError(text, f"{day}.{month}. is not a date")
    return year


def _year_of_running_range(day1: int, month1: int, day2: int, month2: int, today: date) -> int | None:
    """The year a range without years starts in when it is running today: a season
    "1.8.–30.6." read in December began this August, however far back that is."""
    for year in (today.year - 1, today.year):
        try:
            start = date(year, month1, day1)
            end = date(year if (month1, day1) <= (month2, day2) else year + 1, month2, day2)
        except ValueError:
            continue
        if start <= today <= end:
            return year
    return None


@lru_cache(maxsize=4096)
def _year_of(day: int, month: int, weekday: int | None, today: date) -> int | None:
    """_infer_year's answer, None for a day no year has (kept: a harvest asks the same few
    hundred days again and again)."""
    low, high = today - timedelta(days=120), today + timedelta(days=245)
    years = range(today.year - 1, today.year + 2)
    if (month, day) == (2, 29):
        years = range(today.year - 4, today.year + 5)
    candidates = []
    for year in years:
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            pass
    if not candidates:
        return None

    def distance(candidate: date) -> tuple[int, int]:
        outside = max((low - candidate).days, (candidate - high).days, 0)
        return outside, abs((candidate - today).days)

    if weekday is not None:
        agreeing = [c for c in candidates if c.weekday() == weekday]
        if agreeing:
            return min(agreeing, key=distance).year
    return min(candidates, key=distance).year


# ---------------------------------------------------------------------------------------
# Series

def _series(scan: _Scan, recurring: list[_Group], today: date, zone: ZoneInfo,
            window_dates: _Dates | None = None, clock: _Time | None = None) -> ParsedWhen:
    """The series the text writes; weekdays listed with times of their own ("mån–tors 9–15,
    fre 9–13", "ma klo 10 ja to klo 14") are one rule each: the first is the answer, the
    others its `also`."""
    _take_months_off(scan)
    window = _window(scan, today, window_dates)
    segments = _day_segments(scan) if recurring and not scan.monthly else None
    if not segments:
        days = sorted({d for g in recurring for d in g.days}) if recurring else None
        clock = clock or (scan.times[0] if scan.times else None)
        result = _series_rule(scan, recurring, days, clock, window, today, zone)
        pieces = [*recurring, clock]
        later = _second_session(scan, clock) if recurring and window_dates is None else None
        if later is not None:           # "ma–pe 9–11 ja 12–15": the same days at 12–15 too
            result.also = [_series_rule(scan, recurring, days, later, window, today, zone)]
            pieces.append(later)
    else:
        rules = [_series_rule(scan, recurring, sorted(days), clock, window, today, zone)
                 for days, clock in segments]
        for rule in rules:
            # an exception is the rule's whose day it is ("ma klo 10 (ej 28.12.), ke klo 18")
            days = _rule_weekdays(rule.rrule)
            rule.exdates = [day for day in rule.exdates
                            if (day.date() if isinstance(day, datetime) else day).weekday() in days]
        result, result.also = rules[0], rules[1:]
        pieces = [*recurring, *(clock for _, clock in segments)]
    # (an "every other" inside the monthly phrase is in the phrase's span)
    pieces += [*scan.monthly, window[2], scan.interval2, scan.parity]
    if scan.daily:
        pieces.append(_Time(scan.daily[0], scan.daily[1], time(0), None))
    pieces += [_Time(s, e, time(0), None) for s, e in scan.exception_spans]
    result.span = _span(*pieces)
    return result


def _second_session(scan: _Scan, clock: _Time | None) -> _Time | None:
    """A series' second session of the day: "mån–fre 9–11 och 12–15", "9–11 am and 1–3 pm"."""
    if clock is None or clock.finish is None:
        return None
    found = _AND_RANGE.match(scan.lower, clock.end)
    later = _clock_range(found["a"], found["b"]) if found else None
    if later is None or later[1] is None or later[0] < clock.finish:
        return None
    return _Time(found.start("a"), found.end(), *later)


def _series_rule(scan: _Scan, recurring: list[_Group], days: list[int] | None,
                 clock: _Time | None, window: tuple, today: date, zone: ZoneInfo) -> ParsedWhen:
    """One rule: monthly, weekly on `days`, or daily, at `clock`, in the series' window."""
    if scan.monthly:
        parts = ["FREQ=MONTHLY", f"BYDAY={','.join(b for m in scan.monthly for b in m.byday)}"]
    elif days:
        parts = ["FREQ=WEEKLY", f"BYDAY={','.join(_RRULE_DAYS[d] for d in days)}"]
    else:
        parts = ["FREQ=DAILY"]
    if scan.parity and recurring and not scan.monthly:
        # ISO week numbers, as schools count them: a year of 53 weeks has two odd ones in
        # a row, which every-other-week (INTERVAL=2) would get wrong
        numbers = range(2 if scan.parity["even"] else 1, 54, 2)
        parts = ["FREQ=YEARLY", f"BYWEEKNO={','.join(map(str, numbers))}", parts[1]]
    elif scan.interval2 or any(g.cue == "other" for g in recurring):
        parts.insert(1, "INTERVAL=2")
    window_start, window_end, _ = window
    anchor = window_start or today
    rule = ";".join(parts)
    shift, local = _zone_shift(clock, anchor, zone) if isinstance(zone, _WrittenZone) \
        else (0, None)
    if shift and (parts[0] == "FREQ=YEARLY" or parts[0] == "FREQ=MONTHLY"
                  and len({code[-2:] for code in parts[1][6:].split(",")}) != 1):
        shift, local = 0, None      # a week-number rule is not moved to other days
    # (with a zone written, the days are the text's: its first is found from the day before
    # or after today when its times fall on the next or previous day here)
    first_day = _first_day(parts, anchor - timedelta(days=shift))
    if first_day is None or (window_end is not None and first_day > window_end):
        raise DateParseError(scan.text, "the series has no day in its date range")
    if shift and parts[0] == "FREQ=MONTHLY":
        parts[1:2] = _shifted_monthly(parts[1][6:].split(","), shift)
    elif shift and days:
        parts[-1] = f"BYDAY={','.join(_RRULE_DAYS[(d + shift) % 7] for d in days)}"
    if window_end is not None:
        if clock is None:
            parts.append(f"UNTIL={window_end:%Y%m%d}")
        else:
            until = _aware(window_end, clock.begin, zone).astimezone(timezone.utc)
            parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
    if local is not None:
        # the series is in the source's zone, at the time the text's first day gives there
        # (its wall time kept across daylight saving, as every series'); so are its exdates
        day = first_day + timedelta(days=shift)
        result = _at(day, day, local, zone.out, None)
        excluded = _exdates(scan, rule, first_day, window_end, None, zone, today)
        result.exdates = [_aware(day + timedelta(days=shift), local.begin, zone.out) for day in excluded]
    else:
        result = _at(first_day, first_day, clock, zone, None)
        result.exdates = _exdates(scan, rule, first_day, window_end, clock, zone, today)
    result.rrule = ";".join(parts)
    return result


def _shifted_monthly(codes: list[str], shift: int) -> list[str]:
    """The nth weekdays `codes` ("1TU", "-1TU") of a month moved by `shift` days (a zone
    written: "första tisdagen i månaden kl. 23.30 UTC" is the day after the first Tuesday in
    Helsinki): the next weekday on the month's days that one can fall on (the first Tuesday
    is on day 1–7, the Wednesday after it on day 2–8; the one after the last Tuesday on day
    -6…-1 or the next month's 1st)."""
    weekday = (_RRULE_DAYS.index(codes[0][-2:]) + shift) % 7
    monthdays = set()
    for code in codes:
        n = int(code[:-2])
        base = range(7 * (n - 1) + 1, 7 * n + 1) if n > 0 else range(7 * n, 7 * n + 7)
        for day in base:
            moved = day + shift
            if moved == 0:      # the day before the 1st is the last day, the day after -1 the 1st
                moved = -1 if shift < 0 else 1
            if -31 <= moved <= 31:
                monthdays.add(moved)
    ordered = sorted(monthdays, key=lambda d: (d < 0, d))
    return [f"BYDAY={_RRULE_DAYS[weekday]}", f"BYMONTHDAY={','.join(map(str, ordered))}"]


def _rule_weekdays(rrule: str) -> set[int]:
    byday = next((p[6:] for p in rrule.split(";") if p.startswith("BYDAY=")), "")
    return {_RRULE_DAYS.index(code[-2:]) for code in byday.split(",") if code}


def _zone_shift(clock: _Time | None, day: date, zone: _WrittenZone) -> tuple[int, _Time | None]:
    """A series at `clock` in the zone the text writes: the days its times move by in the
    source's zone (-1, 0 or 1: "tisdagar kl. 23.30 UTC" are Wednesdays at 01:30 in Helsinki)
    and its time there."""
    if clock is None:
        return 0, None
    begin = _aware(day, clock.begin, zone)
    finish = _aware(day, clock.finish, zone).time() if clock.finish is not None else None
    return (begin.date() - day).days, _Time(clock.start, clock.end, begin.time(), finish)


# what lists a further weekday after a time ("mån–tors 9–15, fre 9–13", "klo 10 ja to")
# (or only a space or line break, in a block of opening hours: "ma–to 9–19\npe 9–16")
_SEGMENT_JOIN = re.compile(
    r"\s*(?:(?:[,;&+/|]|\b(?:och|ja|and|sekä|samt)\b)\s*(?:(?:varje|joka|every|on)\s+)?)?")


def _day_segments(scan: _Scan) -> list[tuple[set[int], _Time]] | None:
    """Weekdays each followed by a time of their own, listed one after the other: (days,
    time) of each, when there are two or more and their times differ; else None."""
    if len(scan.times) < 2:
        return None
    runs = [(run[0], run[1], run[2]) for group in scan.groups
            for run in (group.runs or [(group.start, group.end, group.days)])]
    if len(runs) < 2:
        return None
    items = sorted([(start, end, days) for start, end, days in runs]
                   + [(t.start, t.end, t) for t in scan.times], key=lambda item: item[0])
    segments, pending, previous_end = [], set(), None
    if isinstance(items[0][2], _Time):
        found = _time_first_segments(scan, items)
        if found is not None or len(items) < 4 or isinstance(items[1][2], _Time) \
                or not _TIME_DAYS_GAP.fullmatch(scan.work, items[0][1], items[1][0]):
            return found
        # "kl 10–16 mån–fre, lör 10–14": the first days after their time, the others before
        segments.append((set(items[1][2]), items[0][2]))
        previous_end, items = items[1][1], items[2:]
    for start, end, value in items:
        if not isinstance(value, _Time):
            if not pending and segments and not _SEGMENT_JOIN.fullmatch(scan.work, previous_end, start):
                break                   # "…, anmälan senast fredag kl 12": not one of them
            pending |= set(value)
            previous_end = end
        elif pending:
            segments.append((pending, value))
            pending, previous_end = set(), end
    if len(segments) < 2 or len({(t.begin, t.finish) for _, t in segments}) < 2:
        return None
    return segments


# between a time and the weekdays after it: "klo 10 maanantaisin", "at 10 am on Mondays"
_TIME_DAYS_GAP = re.compile(r"[\s,:]*(?:(?:on|på)\s+)?")


def _time_first_segments(scan: _Scan, items: list) -> list[tuple[set[int], _Time]] | None:
    """"klo 10 maanantaisin ja klo 14 torstaisin": each time before the weekdays it is on;
    None unless every time is right before weekdays and each pair after the first is joined
    to the one before by a list word."""
    segments, previous_end = [], None
    for index, (start, end, value) in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if isinstance(value, _Time):
            if following is None or isinstance(following[2], _Time) \
                    or not _TIME_DAYS_GAP.fullmatch(scan.work, end, following[0]) \
                    or (previous_end is not None
                        and not _SEGMENT_JOIN.fullmatch(scan.work, previous_end, start)):
                return None
            segments.append((set(), value))
        else:
            if not segments or (previous_end is not None and previous_end > segments[-1][1].end
                                and not _LIST_JOIN.fullmatch(scan.work, previous_end, start)):
                return None
            segments[-1][0].update(value)
        previous_end = end
    if len(segments) < 2 or len({(t.begin, t.finish) for _, t in segments}) < 2:
        return None
    return segments


def _first_day(parts: list[str], anchor: date) -> date | None:
    """The rule's first day on or after `anchor`, found without INTERVAL ("varannan tisdag
    från 3.9." starts on the first Tuesday on/after 3.9., and the fortnights count from
    there). Daily, weekly and monthly rules are counted here (dateutil's parser and iterator
    cost half the time of reading a weekly phrase); week-number rules go to dateutil."""
    freq, byday = parts[0], next((p[6:] for p in parts if p.startswith("BYDAY=")), None)
    if freq == "FREQ=DAILY" and byday is None:
        return anchor
    if freq == "FREQ=WEEKLY" and byday:
        weekdays = {_RRULE_DAYS.index(code) for code in byday.split(",")}
        return min(anchor + timedelta(days=(weekday - anchor.weekday()) % 7) for weekday in weekdays)
    if freq == "FREQ=MONTHLY" and byday:
        rules = [(int(code[:-2]), _RRULE_DAYS.index(code[-2:])) for code in byday.split(",")]
        year, month = anchor.year, anchor.month
        for _ in range(24):
            days = [day for day in (_nth_weekday(year, month, rule) for rule in rules)
                    if day is not None and day >= anchor]
            if days:
                return min(days)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return None
    from dateutil.rrule import rrulestr

    single_step = ";".join(p for p in parts if not p.startswith("INTERVAL"))
    first = next(iter(rrulestr(single_step, dtstart=datetime.combine(anchor, time(0)), cache=False)), None)
    return first.date() if first is not None else None


def _window(scan: _Scan, today: date, dates: _Dates | None = None
            ) -> tuple[date | None, date | None, _Dates | None]:
    """A series' date range: '1.9.–15.12.', 'från 3.9.', '3.9. alkaen', 'till 15.12.',
    'tammi–toukokuussa'; `dates` instead of the text's first date ("8.–9.12. och 15.–16.12.")."""
    if not scan.dates:
        months = _months_of_series(scan)
        if months is not None:
            first_day, last_day = _month_window(months, today)
            return first_day, last_day, _Time(months.start(), months.end(), time(0), None)
        term = _TERM.search(scan.work) if _TERM_HINTS.search(scan.work) else None
        if term is None:
            return None, None, None
        # a term's days are a convention, not written: a term under way is read from today
        first_day, last_day = _term_window(term, today)
        return max(first_day, today), last_day, _Time(term.start(), term.end(), time(0), None)
    dates = dates or scan.dates[0]
    first_day, last_day = _resolve(dates, today, scan.text)
    if _until_marked(scan, dates) and dates.last is None and last_day == first_day:
        return None, first_day, dates
    # the series' end may be a date of its own after its start ("alkaa 12.1. ja päättyy
    # 27.4.", "starting 12 January, ending 27 April", "alkavat viikolla 2 ja päättyvät
    # viikolla 18": the last day of that week)
    following = scan.dates[1] if len(scan.dates) > 1 and dates is scan.dates[0] else None
    if following is not None and following.last is None and _until_marked(scan, following):
        end_day = _resolve(following, today, scan.text)[1]
        if end_day >= last_day:
            return first_day, end_day, dates
    if dates.last is not None or last_day != first_day:     # a range, a week ("v. 2–10")
        return first_day, last_day, dates
    # "från 3.9.", or a plain date: the series (and an every-other week) starts there
    return first_day, None, dates


def _until_marked(scan: _Scan, dates: _Dates) -> bool:
    """The date is a series' last day: "till 15.12.", "päättyy 27.4.", "15.12. asti"."""
    before = scan.lower[max(0, dates.start - 20):dates.start]
    after = scan.lower[dates.end:dates.end + 20]
    return bool(_WINDOW_UNTIL_BEFORE.search(before) or _WINDOW_UNTIL_AFTER.match(after))


# terms and seasons that bound a series, by convention (README "How dates are read"): the
# autumn term 1.9.–15.12., the spring term 7.1.–31.5., the summer season 1.6.–31.8.
_TERMS = {"autumn": ((9, 1), (12, 15)), "spring": ((1, 7), (5, 31)), "summer": ((6, 1), (8, 31))}
# and the seasons in words: "hela hösten", "under våren", "i höst", "syksyllä", "kevään ajan",
# "kesällä", "this autumn", "Spring 2027" ("i vår" only at the end of a clause: "i vår kyrka"
# is in our church)
_TERM_HINTS = _hints("kau", "termin", "term", "semester", "säsong", "season", "höst", "vår",
                     "sommar", "syks", "kevä", "kesä", "autumn", "fall", "spring", "summer")
_YEAR_NEXT = r"(?=\s+(?:19|20)\d{2}(?!\d))"
_TERM = re.compile(
    r"(?<!\w)(?:(?P<autumn>syys(?:luku)?kau(?:si|della|den|deksi)|höstterminen?s?|hösttermin|"
    r"höstsäsongen?|(?:autumn|fall)\s+(?:term|semester)|hösten|i\s+höst|syksyllä|syksyn\s+ajan|"
    rf"koko\s+syksyn|syksy{_YEAR_NEXT}|(?:this|the)\s+(?:autumn|fall)|(?:autumn|fall){_YEAR_NEXT})"
    r"|(?P<spring>kevät(?:luku)?kau(?:si|della|den|deksi)|vårterminen?s?|vårtermin|vårsäsongen?|"
    r"spring\s+(?:term|semester)|våren|i\s+vår(?=\s*(?:[,.;:!)]|$))|keväällä|kevään\s+ajan|"
    rf"koko\s+kevään|kevät{_YEAR_NEXT}|(?:this|the)\s+spring|spring{_YEAR_NEXT})"
    r"|(?P<summer>kesäkau(?:si|della|den|deksi)|sommarsäsongen?|summer\s+season|sommaren|"
    rf"i\s+sommar|kesällä|kesän\s+ajan|koko\s+kesän|kesä{_YEAR_NEXT}|(?:this|the)\s+summer|"
    rf"summer{_YEAR_NEXT}))(?!\w)(?:\s+(?P<y>(?:19|20)\d{{2}})(?!\d))?")


def _term_window(m: re.Match, today: date) -> tuple[date, date]:
    (first_month, first_day), (last_month, last_day) = _TERMS[next(k for k in _TERMS if m[k])]

    def span(year: int) -> tuple[date, date]:
        return date(year, first_month, first_day), date(year, last_month, last_day)

    # the term under way or the next one: it is read from today
    return span(int(m["y"])) if m["y"] else _nearest_span(span, today, ended=False)


def _nearest_span(span, today: date, ended: bool = True) -> tuple[date, date]:
    """Of the spans of last, this and next year (not those `ended` before today, if told),
    the one nearest the listing window (one that holds today first)."""
    low, high = today - timedelta(days=120), today + timedelta(days=245)
    candidates = [span(year) for year in range(today.year - 1, today.year + 2)]
    candidates = [c for c in candidates if ended or c[1] >= today] or candidates
    return min(candidates, key=lambda c: (
        max((low - c[1]).days, (c[0] - high).days, 0), 0 if c[0] <= today <= c[1] else 1,
        min(abs((c[0] - today).days), abs((c[1] - today).days))))


def _months_of_series(scan: _Scan) -> re.Match | None:
    """Months written right beside the series' weekdays or time ("tammi–toukokuussa
    tiistaisin", "onsdagar kl 13 i januari–maj"), not a remark further on ("i kyrkan, i maj
    även utomhus") nor a pause ("joulukuussa ei kokoonnuta")."""
    if "kuu" not in scan.work and not _MONTH_WORD.search(scan.work):
        return None                 # every match holds a Finnish -kuu or a month name
    edges = [(g.start, g.end) for g in scan.groups] + [(t.start, t.end) for t in scan.times]
    for m in _MONTH_WINDOW.finditer(scan.work):
        if _NEGATION_AFTER.match(scan.work, m.end()):
            continue
        # a month that starts the series ("Från och med januari har seniorerna … varje fredag")
        # may be written anywhere in the text
        if _starts_series(m) or any(
                _BESIDE_BEFORE.fullmatch(scan.work, end, m.start()) if end <= m.start()
                else _BESIDE_AFTER.fullmatch(scan.work, m.end(), start) if start >= m.end()
                else False for start, end in edges):
            return m
    return None


# what may stand between a series' weekday or time and its months ("onsdagar kl 13 i maj",
# "januari–mars: torsdagar")
_BESIDE_BEFORE = re.compile(r"[\s,(]*")
_BESIDE_AFTER = re.compile(r"[\s,):]*")


def _starts_series(m: re.Match) -> bool:
    """"tammikuusta alkaen", "tammikuun alusta", "från (och med) januari", "fr.o.m.
    februari", "from / starting in January": the series starts on the month's first day."""
    return bool(m["from_f"] or m["from_g"] or (
        not m["sb"] and re.match(r"fr|from|start|begin", (m["pre"] or "").lower())))


_NEGATION_AFTER = re.compile(r"\s*(?:ei|inte|ej|no|not|ingen|inga)(?!\w)")
# months a series pauses: "joulukuussa ei kokoonnuta", "ei kesä–elokuussa", "(inte i juli)",
# "not in January", "heinäkuussa tauko", "uppehåll i januari", "paitsi heinäkuussa"
_OFF_AFTER = re.compile(r"[\s,:]*(?:ei|inte|ej|no|not|ingen|inga|tauko|tauolla|paus|uppehåll|"
                        r"break|lomalla)(?!\w)")
_OFF_BEFORE = re.compile(
    r"(?<!\w)(?:ei|inte|ej|not|no|utom|förutom|paitsi|except|excluding|ingen|inga|"
    r"\w*(?:paus|tauko|tauolla|uppehåll|break)\w*)(?:\s+\w+)?[\s:,(]*$")


def _take_months_off(scan: _Scan) -> None:
    """Months written with a negation or a pause ("joulukuussa ei kokoonnuta") are taken
    out of `work` (they do not bound the series) and kept as months off (exdates)."""
    if "kuu" not in scan.work and not _MONTH_WORD.search(scan.work):
        return
    for m in _MONTH_WINDOW.finditer(scan.work):
        if m["until_f"] or m["from_f"] or m["from_g"] \
                or (m["pre"] or "") not in ("", "i", "in", "under", "during"):
            continue
        after = _OFF_AFTER.match(scan.work, m.end())
        before = None if after else _OFF_BEFORE.search(scan.work, max(0, m.start() - 24), m.start())
        if after is None and before is None:
            continue
        scan.months_off.append(m)
        start, end = (before.start(), m.end()) if before else (m.start(), after.end())
        scan.exception_spans.append((start, end))
        scan.blank(m.start(), m.end())


def _months_span(m: re.Match):
    """A function of the year: the first and last day of the months written in `m`."""
    names = [m[g] for g in ("fa", "fb", "fc", "fd", "fe", "until_f", "from_f", "from_g", "sa", "sb",
                            "sc", "sd")]
    numbers = [_MONTHS[w] for w in names if w]      # (the Finnish stems are in it too)
    first, last = numbers[0], numbers[-1]

    def span(year: int) -> tuple[date, date]:
        end_year = year + (last < first)
        end = date(end_year + (last == 12), last % 12 + 1, 1) - timedelta(days=1)
        return date(year, first, 1), end

    return span


def _month_window(m: re.Match, today: date) -> tuple[date | None, date | None]:
    """The first and last day of the months written, in the year whose months are nearest
    the listing window (those that hold today first)."""
    span = _months_span(m)
    chosen = span(int(m["y"])) if m["y"] else _nearest_span(span, today)
    pre = (m["pre"] or "").lower()
    if m["until_f"] or (not m["sb"] and re.match(r"till|t\.|fram|until|through|to", pre)):
        return None, chosen[1]                      # "toukokuun loppuun", "till och med maj"
    if _starts_series(m):
        return chosen[0], None                      # "tammikuusta alkaen", "från januari"
    return chosen


def _exdates(scan: _Scan, rule: str, first_day: date, last_day: date | None,
             clock: _Time | None, zone: ZoneInfo, today: date) -> list:
    days: list[date] = []
    ranges: list[tuple[date, date]] = []
    for dates in scan.exceptions:
        start, end = _resolve_after(dates, first_day, today, scan.text)
        if end == start:
            days.append(start)
        else:
            ranges.append((start, end))
    for m in scan.months_off:
        # the months on or after the series' first day ("ei kesä–elokuussa" read in December
        # is next summer's)
        span = _months_span(m)
        year = int(m["y"]) if m["y"] else first_day.year - 1
        while span(year)[1] < first_day and not m["y"]:
            year += 1
        ranges.append(span(year))
    holidays: set[date] = set()
    if scan.no_holidays:
        # "helgfria vardagar": the days off from the first day to the last, or for a year
        last = last_day or first_day + timedelta(days=365)
        holidays = {day for year in range(first_day.year, last.year + 1)
                    for day in public_holidays(year, scan.country) if first_day <= day <= last}
    if ranges or holidays:
        from dateutil.rrule import rrulestr

        occurrences = rrulestr(rule, dtstart=datetime.combine(first_day, time(0)), cache=False)

        def between(start: date, end: date) -> list[date]:
            return [o.date() for o in occurrences.between(
                datetime.combine(start, time(0)), datetime.combine(end, time(0)), inc=True)]

        for start, end in ranges:
            days += between(start, end)
        if holidays:
            days += [day for day in between(min(holidays), max(holidays)) if day in holidays]
    days = sorted(set(days))
    if clock is None:
        return days
    return [_aware(day, clock.begin, zone) for day in days]


def _resolve_after(dates: _Dates, first_day: date, today: date, text: str) -> tuple[date, date]:
    """Excluded dates without a year fall on or after the series' first day."""
    if dates.first.year is not None or (dates.last and dates.last.year is not None):
        return _resolve(dates, today, text)
    if dates.last is None and dates.first.by_rule:
        days = [_rule_day(dates.first, year) for year in (first_day.year, first_day.year + 1)]
        day = next((d for d in days if d is not None and _rule_last_day(dates.first, d) >= first_day),
                   None)
        if day is None:
            raise DateParseError(text, "that month has no such weekday")
        return day, _rule_last_day(dates.first, day)
    month = dates.first.month or dates.last.month
    year = first_day.year
    try:
        if date(year, month, dates.first.day) < first_day:
            year += 1
    except ValueError:
        pass
    first = _Atom(0, 0, dates.first.day, month, year)
    return _resolve(_Dates(first, dates.last), today, text)


# ---------------------------------------------------------------------------------------
# dateparser, for what the fast path does not know (slow: imported only here)

@lru_cache(maxsize=8)
def _date_data_parser(languages: tuple[str, ...], base: date):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(languages), settings={
        "RELATIVE_BASE": datetime.combine(base, time(12)),
        "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
    })


def _languages(lang: str) -> tuple[str, ...]:
    return (lang,) + tuple(code for code in ("sv", "fi", "en") if code != lang)


def _dateparser_fallback(text: str, lang: str, today: date, zone: ZoneInfo) -> ParsedWhen | None:
    data = _date_data_parser(_languages(lang), today).get_date_data(text)
    if data is None or data.date_obj is None or data.period not in ("day", "time"):
        return None
    found = data.date_obj
    day = found.date()
    # dateparser fills a missing day from RELATIVE_BASE; only a day written in the text counts
    if str(day.day) not in re.findall(r"(?<!\d)0?(\d{1,2})(?!\d)", text):
        return None
    if not _YEAR.search(text):              # our year rule, not dateparser's
        year = _infer_year(day.day, day.month, None, today, text)
        day = _make_date(year, day.month, day.day, text)
    span = (0, len(text))
    if data.period == "time":
        clock = _Time(0, len(text), found.time().replace(tzinfo=None), None)
        return _at(day, day, clock, zone, span)
    return ParsedWhen(day, day, True, span=span)
