"""Benchmark: the whole normaliser and its date parser against dateparser alone.

    .venv/bin/python bench/bench_normalise.py --items 100000 --seed 7

Generates a synthetic batch of raw items (fixed seed) like the spiders yield: machine-readable
times (iCal / JSON-LD / APIs), Nordic free-text dates ("ti 4.3. klo 13–15", "tisdag 4 mars kl.
13.00", "Torstaina 1. toukokuuta 2027 kello 12", "12.–14.6.2027"), recurring phrases ("joka
tiistai klo 10–11", "måndagar och torsdagar kl. 9–11"), English ("Sat 12 June 2027 at 14:00"),
realistic Swedish/Finnish titles and descriptions with å ä ö, some of them HTML. Then it times

1. ``normalise.record.normalise_item`` over every item (dates, series unrolled into occurrences,
   text cleaning, places, classification, ids);
2. ``normalise.dates.parse_when`` alone over the items written as text;
3. ``dateparser.parse`` alone over the same texts, twice: with the item's language and today's
   date as hints, and with its default settings (it detects the language itself, as it is
   called on pages of unknown language) — on samples, because it is slow; rates are scaled.

and prints items per second for each and the ratios. Target: the whole normaliser ≥ 20× the
dateparser baseline.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normalise.dates import DateParseError, parse_when  # noqa: E402
from normalise.record import Context, NormaliseError, normalise_item  # noqa: E402

TODAY = date(2026, 11, 25)

WEEKDAYS = {
    "fi": (["ma", "ti", "ke", "to", "pe", "la", "su"],
           ["maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"],
           ["maanantaisin", "tiistaisin", "keskiviikkoisin", "torstaisin", "perjantaisin", "lauantaisin",
            "sunnuntaisin"]),
    "sv": (["må", "ti", "on", "to", "fr", "lö", "sö"],
           ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"],
           ["måndagar", "tisdagar", "onsdagar", "torsdagar", "fredagar", "lördagar", "söndagar"]),
    "en": (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
           ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
           ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"]),
}
MONTHS = {
    "fi": ["tammikuuta", "helmikuuta", "maaliskuuta", "huhtikuuta", "toukokuuta", "kesäkuuta", "heinäkuuta",
           "elokuuta", "syyskuuta", "lokakuuta", "marraskuuta", "joulukuuta"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
TITLES = {
    "fi": ["Tuolijumppa senioreille", "Omaishoitajien vertaisryhmä", "Kuntosaliryhmä ikäihmisille",
           "Perhekahvila", "Eläkeläiskerho", "Digituki: älypuhelimen perusteet", "Luontoretki Öjanjärvelle",
           "Iltamessu", "Yhteislaulutilaisuus", "Työttömien ruokailu", "Kielikahvila maahanmuuttajille",
           "Vauvakerho", "Muistikahvila", "Joulumyyjäiset", "Nuorten ilta", "Vesijumppa", "Sauvakävely",
           "Kauneimmat joululaulut", "Kehitysvammaisten disco", "Vapaaehtoisten koulutus"],
    "sv": ["Seniorträffen", "Sittdans och sång", "Föreläsning: Sömn och återhämtning", "Familjecafé",
           "Högmässa", "Kyrkokören övar", "Stödgrupp för närståendevårdare", "Datorhjälp för äldre",
           "Naturvandring på Fäboda", "Julgröt i församlingshemmet", "Babyrytmik", "Träff för arbetslösa",
           "Svenska för invandrare", "Julbasar", "Ungdomskväll", "Vattengympa", "Stavgång runt Höstvesi",
           "Allsång på torget", "Motion för personer med funktionsnedsättning", "Frivilligträff"],
    "en": ["Chair exercise for seniors", "Family café", "Carers' support group", "Choir rehearsal",
           "Nature walk", "Digital help desk"],
}
DESCRIPTIONS = {
    "fi": ["Tervetuloa mukaan! Maksuton, ei ennakkoilmoittautumista. Tila on esteetön.",
           "Kevyttä liikuntaa tuolilla istuen. Kahvitarjoilu. Hinta 3 €.",
           "Ilmoittautuminen viimeistään viikkoa ennen. Lisätietoja diakoniatyöntekijältä.",
           "Yhdessäoloa, keskustelua ja pientä purtavaa. Kaikille avoin.",
           "Ota mukaan oma älypuhelin tai tabletti. Opastus on ilmaista. Salissa on induktiosilmukka."],
    "sv": ["Välkommen på en stund med kaffe, sång och gemenskap! Fritt inträde.",
           "Anmälan senast fredagen innan till församlingskansliet. Avgift 5 €.",
           "Lokalen är tillgänglig för rullstol och har hörslinga. Ingen förhandsanmälan behövs.",
           "Vi träffas vid entrén och går tillsammans. Ta med egen matsäck.",
           "Gratis för alla. Kaffe och dopp serveras efteråt i församlingshemmet."],
    "en": ["Everyone welcome, free of charge. Step-free access.", "Please register in advance. Tickets 10 €."],
}
PLACES = ["Seurakuntakoti, Isokatu 1, 67100 Kokkola", "Församlingshemmet, Storgatan 5, 68600 Jakobstad",
          "Palvelukeskus Linnusperä", "Kokkolan kaupunginkirjasto", "Plats: Vasa stadsbibliotek",
          "Paikka: Uimahalli", "Nykarleby kyrka", "Kvarnbacka bönehus", "Salutorget", None]


def _time_range(rng: random.Random, lang: str) -> str:
    hour = rng.choice([9, 10, 11, 12, 13, 14, 17, 18, 19])
    minutes = rng.choice(["", ".30"]) if lang != "en" else ""
    end = hour + rng.choice([1, 2])
    word = {"fi": rng.choice(["klo", "kello"]), "sv": rng.choice(["kl.", "kl", "klockan"]), "en": "at"}[lang]
    if lang == "en":
        return f"{word} {hour}:00" if rng.random() < 0.5 else f"{hour}:00–{end}:00"
    if rng.random() < 0.5:
        return f"{word} {hour}{minutes}–{end}{minutes}"
    return f"{word} {hour}{'.00' if lang == 'sv' and not minutes else minutes}"


def when_text(rng: random.Random, lang: str) -> str:
    day = TODAY + timedelta(days=rng.randint(-20, 220))
    short, long_, plural = WEEKDAYS[lang]
    weekday = day.weekday()
    form = rng.random()
    if lang == "en":
        if form < 0.75:
            return f"{short[weekday]} {day.day} {MONTHS['en'][day.month - 1]} {day.year} {_time_range(rng, lang)}"
        return f"every {long_[weekday]} {_time_range(rng, lang)}"
    if form < 0.30:  # ti 4.3. klo 13–15
        return f"{short[weekday]} {day.day}.{day.month}. {_time_range(rng, lang)}"
    if form < 0.45:  # tisdag 4 mars kl. 13.00 / tiistaina 4. maaliskuuta
        if lang == "sv":
            return f"{long_[weekday]} {day.day} {MONTHS['sv'][day.month - 1]} {_time_range(rng, lang)}"
        return f"{long_[weekday].capitalize()}na {day.day}. {MONTHS['fi'][day.month - 1]} {day.year} {_time_range(rng, lang)}"
    if form < 0.60:  # 5.3.2027 kl. 10–11.30
        return f"{day.day}.{day.month}.{day.year} {_time_range(rng, lang)}"
    if form < 0.68:  # 12.–14.6.2027
        last = day + timedelta(days=rng.randint(1, 3))
        if last.month == day.month:
            return f"{day.day}.–{last.day}.{day.month}.{day.year}"
        return f"{day.day}.{day.month}.–{last.day}.{last.month}.{last.year}"
    if form < 0.82:  # joka tiistai / varje tisdag
        every = {"fi": "joka", "sv": "varje"}[lang]
        return f"{every} {long_[weekday]} {_time_range(rng, lang)}"
    if form < 0.92:  # tiistaisin / tisdagar
        return f"{plural[weekday].capitalize()} {_time_range(rng, lang)}"
    other = (weekday + 3) % 7
    join = {"fi": "ja", "sv": "och"}[lang]
    return f"{plural[min(weekday, other)]} {join} {plural[max(weekday, other)]} {_time_range(rng, lang)}"


def make_items(count: int, seed: int) -> list[tuple[dict, str]]:
    """(raw item, language) pairs; about 40 % machine times and 60 % free text."""
    rng = random.Random(seed)
    items = []
    for n in range(count):
        lang = rng.choices(["fi", "sv", "en"], weights=[46, 46, 8])[0]
        description = rng.choice(DESCRIPTIONS[lang])
        if rng.random() < 0.3:
            description = f"<p>{description}</p><p>Lisätietoja / Mer information: <a href='#'>länk</a></p>"
        raw = {
            "title": rng.choice(TITLES[lang]) + ("" if rng.random() < 0.7 else f" {rng.randint(1, 40)}"),
            "description": description, "location": rng.choice(PLACES), "language": lang,
            "url": f"https://example.fi/tapahtumat/{n}", "categories": rng.choice([[], ["Liikunta"], ["Kultur"]]),
        }
        if rng.random() < 0.4:
            start = datetime(2026, 11, 25, 8) + timedelta(days=rng.randint(-20, 300), hours=rng.randint(0, 11))
            raw["start"] = start.isoformat() if rng.random() < 0.5 else start
            raw["end"] = start + timedelta(hours=rng.choice([1, 2]))
            raw["source_event_id"] = f"uid-{n}@example.fi"
            raw["extraction"] = rng.choice(["ical", "jsonld", "linkedevents"])
        else:
            raw["when_text"] = when_text(rng, lang)
            raw["extraction"] = "listing"
        items.append((raw, lang))
    return items


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000, help="raw items to generate (default 100000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--baseline-sample", type=int, default=2000,
                        help="texts given to dateparser (default 2000); its rate is scaled from them")
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()} on {platform.machine()}, seed {args.seed}, today {TODAY}")
    started = time.perf_counter()
    items = make_items(args.items, args.seed)
    texts = [(raw["when_text"], lang) for raw, lang in items if "when_text" in raw]
    print(f"generated {len(items):,} raw items ({len(texts):,} with free-text times) "
          f"in {time.perf_counter() - started:.1f} s")

    contexts = {lang: Context(source_id=f"bench-{lang}", source_name="Bench", organiser_type="association",
                              municipality="Karleby" if lang == "sv" else "Kokkola", language=lang, today=TODAY)
                for lang in ("fi", "sv", "en")}
    # 1. the whole normaliser
    failed = occurrences = 0
    text_seconds = 0.0
    started = time.perf_counter()
    for raw, lang in items:
        item_started = time.perf_counter() if "when_text" in raw else None
        try:
            record = normalise_item(dict(raw), contexts[lang])
            occurrences += len(record["occurrences"])
        except NormaliseError:
            failed += 1
        if item_started is not None:
            text_seconds += time.perf_counter() - item_started
    whole = time.perf_counter() - started
    whole_rate = rate(len(items), whole)
    text_rate = rate(len(texts), text_seconds)
    print(f"normalise_item (whole normaliser): {len(items):,} items in {whole:.1f} s = {whole_rate:,.0f} items/s "
          f"({occurrences:,} occurrences, {failed:,} not readable)")
    print(f"  of which the {len(texts):,} free-text items: {text_seconds:.1f} s = {text_rate:,.0f} items/s")

    # 2. date parsing alone
    unread = 0
    started = time.perf_counter()
    for text, lang in texts:
        try:
            parse_when(text, lang=lang, today=TODAY, tz="Europe/Helsinki")
        except DateParseError:
            unread += 1
    dates_seconds = time.perf_counter() - started
    dates_rate = rate(len(texts), dates_seconds)
    print(f"normalise.dates.parse_when alone: {len(texts):,} texts in {dates_seconds:.1f} s = "
          f"{dates_rate:,.0f} texts/s ({unread:,} not readable)")

    # 3. dateparser alone, on a sample
    import dateparser

    sample = random.Random(args.seed + 1).sample(texts, min(args.baseline_sample, len(texts)))
    relative_base = datetime(TODAY.year, TODAY.month, TODAY.day)
    dateparser.parse("1.1.2027", languages=["fi"])  # load its data before timing
    found = 0
    started = time.perf_counter()
    for text, lang in sample:
        if dateparser.parse(text, languages=[lang], settings={"RELATIVE_BASE": relative_base,
                                                              "PREFER_DATES_FROM": "future"}):
            found += 1
    baseline_seconds = time.perf_counter() - started
    baseline_rate = rate(len(sample), baseline_seconds)
    print(f"dateparser.parse alone (baseline): a sample of {len(sample):,} of the texts in {baseline_seconds:.1f} s "
          f"= {baseline_rate:,.0f} texts/s (scaled: {len(texts):,} texts would take "
          f"{len(texts) / baseline_rate:,.0f} s; it returned a date for {found:,} of {len(sample):,})")

    # 3b. dateparser as it is usually called on pages of unknown language: no hints
    default_sample = sample[: max(1, len(sample) // 4)]
    found_default = 0
    started = time.perf_counter()
    for text, _lang in default_sample:
        if dateparser.parse(text):
            found_default += 1
    default_seconds = time.perf_counter() - started
    default_rate = rate(len(default_sample), default_seconds)
    print(f"dateparser.parse alone, default settings (language detected by dateparser): a sample of "
          f"{len(default_sample):,} texts in {default_seconds:.1f} s = {default_rate:,.0f} texts/s "
          f"(it returned a date for {found_default:,} of {len(default_sample):,})")

    print(f"ratio whole normaliser / dateparser with language hints: {whole_rate / baseline_rate:,.1f}x")
    print(f"ratio whole normaliser / dateparser default:             {whole_rate / default_rate:,.1f}x "
          f"(target >= 20x)")
    print(f"ratio normaliser on free-text items / dateparser hints:  {text_rate / baseline_rate:,.1f}x")
    print(f"ratio parse_when / dateparser with language hints:       {dates_rate / baseline_rate:,.1f}x")
    print(f"ratio parse_when / dateparser default:                   {dates_rate / default_rate:,.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
