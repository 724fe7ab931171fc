"""Named days of the church and civil year as parishes and associations in Finland and
Sweden write them (Swedish, Finnish, English): ``julafton``, ``juldagen``, ``första
advent``, ``påskdagen``, ``midsommarafton``, ``allhelgonadagen``, ``jouluaatto``,
``1. adventtisunnuntai``, ``pitkäperjantai``, ``juhannusaatto``, ``pyhäinpäivä``,
``Christmas Eve``, ``Good Friday``...

``FEASTS`` maps each written form (lower case; Finnish essive and genitive forms and
Swedish definite and genitive forms included) to a rule; ``feast_day(rule, year)`` gives
its date in a year. Moving feasts count from Easter (``dateutil.easter``, the Western date
that the Lutheran churches of both countries keep); the others are a fixed date or the
given weekday in a fixed span of dates, as the Finnish and Swedish church calendars set
them: first Sunday of Advent 27.11.–3.12., midsummer eve the Friday 19.–25.6., All
Saints' Day the Saturday 31.10.–6.11., Michaelmas the Sunday 29.9.–5.10., Candlemas the
Sunday 2.–8.2., Father's Day the second Sunday of November, the Annunciation the Sunday
22.–28.3. (the Sunday before Palm Sunday when that is Palm Sunday or Easter Day).

Some days depend on the country: Mother's Day (``mors dag``, ``äitienpäivä``) is the second
Sunday of May in Finland and the last Sunday of May in Sweden. ``in_country(rule, country)``
gives the rule of a country ("FI" or "SE"; ``country_of_zone`` reads Europe/Stockholm as
Sweden and any other zone as Finland), and ``public_holidays(year, country)`` the days no
work is done: the public holidays and the eves that are days off (midsummer eve and
Christmas Eve in both countries, New Year's Eve in Sweden).
"""
from __future__ import annotations

from datetime import date, timedelta

from dateutil.easter import easter

__all__ = ["FEASTS", "feast_day", "in_country", "country_of_zone", "public_holidays"]

# rule: ("easter", offset) | ("fixed", month, day) | ("weekday", month, first_day, weekday, offset)
# "weekday": the first `weekday` on or after first_day.month, then `offset` days later.
_EASTER = "easter"
_FIXED = "fixed"
_WEEKDAY = "weekday"
_ANNUNCIATION = "annunciation"
_COUNTRY = "country"


def country_of_zone(tz: str) -> str:
    """"SE" for Europe/Stockholm, "FI" for any other zone (the sources are Finnish or Swedish)."""
    return "SE" if tz == "Europe/Stockholm" else "FI"


def in_country(rule: tuple, country: str) -> tuple:
    """The rule a country keeps, for a day that differs between Finland and Sweden."""
    if rule[0] != _COUNTRY:
        return rule
    rules = dict(rule[1])
    return rules.get(country, rules["FI"])


def feast_day(rule: tuple, year: int, country: str = "FI") -> date:
    kind = rule[0]
    if kind == _COUNTRY:
        return feast_day(in_country(rule, country), year)
    if kind == _EASTER:
        return easter(year) + timedelta(days=rule[1])
    if kind == _FIXED:
        return date(year, rule[1], rule[2])
    if kind == _ANNUNCIATION:
        # the Sunday 22.–28.3.; on Palm Sunday or Easter Day, the Sunday before Palm Sunday
        sunday = feast_day(_nth(3, 22, 6), year)
        palm = easter(year) - timedelta(days=7)
        return palm - timedelta(days=7) if sunday in (palm, easter(year)) else sunday
    _, month, first, weekday, offset = rule
    start = date(year, month, first)
    return start + timedelta(days=(weekday - start.weekday()) % 7 + offset)


def _easter(offset: int) -> tuple:
    return (_EASTER, offset)


def _fixed(month: int, day: int) -> tuple:
    return (_FIXED, month, day)


def _nth(month: int, first: int, weekday: int, offset: int = 0) -> tuple:
    return (_WEEKDAY, month, first, weekday, offset)


def _by_country(**rules: tuple) -> tuple:
    return (_COUNTRY, tuple(sorted(rules.items())))


_ADVENT = _nth(11, 27, 6)
# the second Sunday of May in Finland, the last Sunday of May in Sweden
_MOTHERS_DAY = _by_country(FI=_nth(5, 8, 6), SE=_nth(5, 25, 6))
_FATHERS_DAY = _nth(11, 8, 6)
_MIDSUMMER_EVE = _nth(6, 19, 4)
_ALL_SAINTS = _nth(10, 31, 5)

# Swedish: the bare, definite and genitive forms ("julafton", "julaftonen", "julaftons")
_SV = {
    "julafton": _fixed(12, 24), "juldag": _fixed(12, 25), "annandag jul": _fixed(12, 26),
    "annandag juldag": _fixed(12, 26),
    "nyårsafton": _fixed(12, 31), "nyårsdag": _fixed(1, 1),
    "trettondagsafton": _fixed(1, 5), "trettondag": _fixed(1, 6), "trettondag jul": _fixed(1, 6),
    "trettondedag jul": _fixed(1, 6), "trettondedagen": _fixed(1, 6),
    "självständighetsdag": _fixed(12, 6), "luciadag": _fixed(12, 13),
    "valborgsmässoafton": _fixed(4, 30), "valborgsafton": _fixed(4, 30),
    "kyndelsmässodag": _nth(2, 2, 6), "fastlagssöndag": _easter(-49),
    "askonsdag": _easter(-46), "palmsöndag": _easter(-7), "skärtorsdag": _easter(-3),
    "långfredag": _easter(-2), "påskafton": _easter(-1), "påskdag": _easter(0),
    "annandag påsk": _easter(1), "annandagen påsk": _easter(1),
    "kristi himmelsfärdsdag": _easter(39), "kristi himmelsfärds dag": _easter(39),
    "himmelsfärdsdag": _easter(39), "pingstafton": _easter(48), "pingstdag": _easter(49),
    "annandag pingst": _easter(50), "midsommarafton": _MIDSUMMER_EVE,
    "midsommardag": _nth(6, 20, 5), "mikaelidag": _nth(9, 29, 6),
    "mikaelsdag": _nth(9, 29, 6), "allhelgonaafton": _nth(10, 30, 4),
    "allhelgonadag": _ALL_SAINTS, "alla helgons dag": _ALL_SAINTS,
    "alla själars dag": _nth(10, 31, 5, 1), "marie bebådelsedag": (_ANNUNCIATION,),
    "jungfru marie bebådelsedag": (_ANNUNCIATION,), "marie bebådelses dag": (_ANNUNCIATION,), "domsöndag": _nth(11, 20, 6),
    "fars dag": _FATHERS_DAY, "farsdag": _FATHERS_DAY, "mors dag": _MOTHERS_DAY,
    "morsdag": _MOTHERS_DAY,
    # the early service of Christmas Day ("julotta", "julottan")
    "julotta": _fixed(12, 25), "julottan": _fixed(12, 25),
}
_SV_FORMS: dict[str, tuple] = {}
for _name, _rule in _SV.items():
    _SV_FORMS[_name] = _rule
    if _name.endswith("afton"):
        _SV_FORMS[_name + "en"] = _SV_FORMS[_name + "s"] = _SV_FORMS[_name + "ens"] = _rule
    elif _name.endswith("dag") or _name.endswith("söndag") or _name.endswith("torsdag"):
        _SV_FORMS[_name + "en"] = _SV_FORMS[_name + "s"] = _SV_FORMS[_name + "ens"] = _rule
    elif not _name.endswith("dagen"):
        _SV_FORMS[_name + "s"] = _rule            # "annandag jul" -> "annandag juls" (harmless)

# Finnish: nominative, essive and genitive ("jouluaatto", "jouluaattona", "jouluaaton")
_FI = {
    "jouluaatto": _fixed(12, 24), "joulupäivä": _fixed(12, 25), "tapaninpäivä": _fixed(12, 26),
    "uudenvuodenaatto": _fixed(12, 31), "uudenvuodenpäivä": _fixed(1, 1),
    "loppiaisaatto": _fixed(1, 5), "loppiainen": _fixed(1, 6),
    "itsenäisyyspäivä": _fixed(12, 6), "lucianpäivä": _fixed(12, 13),
    "vappuaatto": _fixed(4, 30), "vappu": _fixed(5, 1), "vappupäivä": _fixed(5, 1),
    "kynttilänpäivä": _nth(2, 2, 6), "laskiaissunnuntai": _easter(-49),
    "laskiaistiistai": _easter(-47), "tuhkakeskiviikko": _easter(-46),
    "palmusunnuntai": _easter(-7), "kiirastorstai": _easter(-3), "pitkäperjantai": _easter(-2),
    "lankalauantai": _easter(-1), "pääsiäislauantai": _easter(-1),
    "pääsiäispäivä": _easter(0), "pääsiäissunnuntai": _easter(0),
    "2. pääsiäispäivä": _easter(1), "toinen pääsiäispäivä": _easter(1),
    "pääsiäismaanantai": _easter(1), "helatorstai": _easter(39),
    "helluntaiaatto": _easter(48), "helluntai": _easter(49), "helluntaipäivä": _easter(49),
    "juhannusaatto": _MIDSUMMER_EVE, "juhannuspäivä": _nth(6, 20, 5),
    "mikkelinpäivä": _nth(9, 29, 6), "pyhäinpäivä": _ALL_SAINTS,
    "pyhäinpäivän aatto": _nth(10, 30, 4), "tuomiosunnuntai": _nth(11, 20, 6),
    "isänpäivä": _FATHERS_DAY, "äitienpäivä": _MOTHERS_DAY,
    "marian ilmestyspäivä": (_ANNUNCIATION,), "marianpäivä": (_ANNUNCIATION,),
}


def _fi_forms(word: str) -> tuple[str, ...]:
    """The nominative with its essive and genitive: -aatto/-aattona/-aaton, -päivä/-päivänä/
    -päivän, -ai/-aina/-ain, -inen/-isena/-isen, -u/-una/-un."""
    if word.endswith("atto"):
        return word, word + "na", word[:-3] + "ton"
    if word.endswith("inen"):
        return word, word[:-3] + "sena", word[:-3] + "sen"
    if word.endswith("ppu"):
        return word, word[:-3] + "ppuna", word[:-3] + "pun"
    if word.endswith("ä"):
        return word, word + "nä", word + "n"
    return word, word + "na", word + "n"


_FI_FORMS: dict[str, tuple] = {}
for _name, _rule in _FI.items():
    _head, _, _last = _name.rpartition(" ")
    for _form in _fi_forms(_last):
        _FI_FORMS[(_head + " " if _head else "") + _form] = _rule
_FI_FORMS["toisena pääsiäispäivänä"] = _easter(1)
# both parts declined: "pitkänperjantain", "pitkänäperjantaina"
_FI_FORMS["pitkänperjantain"] = _FI_FORMS["pitkänäperjantaina"] = _easter(-2)

_EN = {
    "christmas eve": _fixed(12, 24), "christmas day": _fixed(12, 25),
    "boxing day": _fixed(12, 26), "st stephen's day": _fixed(12, 26),
    "st. stephen's day": _fixed(12, 26), "new year's eve": _fixed(12, 31),
    "new year's day": _fixed(1, 1), "epiphany": _fixed(1, 6), "twelfth night": _fixed(1, 5),
    "st lucy's day": _fixed(12, 13), "lucia day": _fixed(12, 13), "candlemas": _nth(2, 2, 6),
    "shrove tuesday": _easter(-47), "ash wednesday": _easter(-46),
    "palm sunday": _easter(-7), "maundy thursday": _easter(-3), "good friday": _easter(-2),
    "holy saturday": _easter(-1), "easter eve": _easter(-1), "easter saturday": _easter(-1),
    "easter sunday": _easter(0), "easter day": _easter(0), "easter monday": _easter(1),
    "ascension day": _easter(39), "whitsun": _easter(49), "whit sunday": _easter(49),
    "pentecost": _easter(49), "pentecost sunday": _easter(49),
    "midsummer eve": _MIDSUMMER_EVE, "midsummer day": _nth(6, 20, 5),
    "michaelmas": _nth(9, 29, 6), "annunciation": (_ANNUNCIATION,),
    "lady day": (_ANNUNCIATION,), "all saints' day": _ALL_SAINTS, "all saints day": _ALL_SAINTS,
    "all saints’ day": _ALL_SAINTS,
    "mother's day": _MOTHERS_DAY, "mothers day": _MOTHERS_DAY, "mother’s day": _MOTHERS_DAY,
    "father's day": _FATHERS_DAY, "fathers day": _FATHERS_DAY, "father’s day": _FATHERS_DAY,
}

# The Sundays of Advent: "första advent", "1:a advent", "andra adventssöndagen",
# "1. adventtisunnuntai", "toisena adventtisunnuntaina", "the second Sunday of Advent"
_ADVENT_ORDINALS = {
    1: ("första", "1:a", "1:sta", "1.", "ensimmäinen", "ensimmäisenä", "first", "1st"),
    2: ("andra", "2:a", "2.", "toinen", "toisena", "second", "2nd"),
    3: ("tredje", "3:e", "3:dje", "3.", "kolmas", "kolmantena", "third", "3rd"),
    4: ("fjärde", "4:e", "4.", "neljäs", "neljäntenä", "fourth", "4th"),
}
_ADVENT_WORDS = ("advent", "adventssöndag", "adventssöndagen", "söndagen i advent",
                 "adventtisunnuntai", "adventtisunnuntaina", "adventtisunnuntain",
                 "adventtina", "adventti", "sunday of advent", "sunday in advent",
                 "advent sunday")

FEASTS: dict[str, tuple] = {**_SV_FORMS, **_FI_FORMS, **_EN}
for _number, _ordinals in _ADVENT_ORDINALS.items():
    for _ordinal in _ordinals:
        for _word in _ADVENT_WORDS:
            FEASTS[f"{_ordinal} {_word}"] = _ADVENT[:4] + (7 * (_number - 1),)
            FEASTS[f"the {_ordinal} {_word}"] = FEASTS[f"{_ordinal} {_word}"]
FEASTS["advent sunday"] = FEASTS["adventssöndagen"] = _ADVENT


# the days off of each country: (month, day) fixed, Easter offsets, and weekday rules
_DAYS_OFF = {
    "FI": ([(1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26)], [-2, 0, 1, 39, 49],
           [_MIDSUMMER_EVE, _nth(6, 20, 5), _ALL_SAINTS]),
    "SE": ([(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)],
           [-2, 0, 1, 39, 49], [_MIDSUMMER_EVE, _nth(6, 20, 5), _ALL_SAINTS]),
}


def public_holidays(year: int, country: str = "FI") -> set[date]:
    """The public holidays of a year and the eves that are days off (midsummer eve,
    Christmas Eve; New Year's Eve in Sweden), as "helgfria vardagar" / "arkipyhät" mean."""
    fixed, from_easter, rules = _DAYS_OFF.get(country, _DAYS_OFF["FI"])
    days = {date(year, month, day) for month, day in fixed}
    days |= {easter(year) + timedelta(days=offset) for offset in from_easter}
    days |= {feast_day(rule, year) for rule in rules}
    return days
