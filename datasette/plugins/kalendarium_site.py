"""Kalendarium's Datasette plugin (loaded with `--plugins-dir datasette/plugins`).

Pages for staff (Swedish, Finnish, English: `?lang=sv|fi|en`, else the browser's
Accept-Language for sv/fi, else Swedish), all rendered from `datasette/templates/kal_*.html`
with autoescaping on:

* `/`                    the search page: one box, filters, results as cards
* `/activity?id=…`       one activity: description, upcoming dates, place, map, JSON-LD
* `/activity.ics?id=…`   that activity as an iCalendar file (RRULE/EXDATE, every rule's dates)
* `/activity/print?id=…` a one-page printable card in the client's language
* `/search.ics?…`, `/search.atom?…`  any search as an iCal or Atom feed (same filters)
* CSV/JSON of a search: Datasette's own `/kalendarium.csv?sql=…` with the page's SQL
* any missing page: a 404 in the reader's language with the way back to the search

For the canned queries in `metadata.yml`: SQL functions `kalendarium_today()` (today in
Finland) and `kalendarium_fts_query(text)` (a safe trigram FTS query). Every write method is
answered with 405 (the site is read-only). `/-/kalendarium.css` styles Datasette's own pages,
`/-/kalendarium-site.css` the staff pages (from `datasette/static/site.css`).
"""

from __future__ import annotations

import asyncio
import difflib
import json
import re
import urllib.parse
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
from xml.etree import ElementTree

import yaml
from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from normalise.places import GAZETTEER_PATH, load_gazetteer

LOCAL_ZONE = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("sv", "fi", "en")
DEFAULT_LANGUAGE = "sv"
DATABASE = "kalendarium"
PAGE_SIZE = 30
FEED_SIZE = 200
EXPORT_SIZE = 1000
LONG_TITLE = 80  # characters; a longer title is printed smaller
STATIC = Path(__file__).resolve().parent.parent / "static"

CATEGORIES = {
    "exercise": ("Motion", "Liikunta", "Exercise"),
    "culture_music": ("Kultur och musik", "Kulttuuri ja musiikki", "Culture and music"),
    "meeting_places": ("Mötesplatser", "Kohtaamispaikat", "Meeting places"),
    "peer_support": ("Kamratstöd", "Vertaistuki", "Peer support"),
    "learning_digital": ("Lärande och digitalt stöd", "Oppiminen ja digituki", "Learning and digital help"),
    "outdoors_nature": ("Friluftsliv och natur", "Ulkoilu ja luonto", "Outdoors and nature"),
    "spiritual_parish": ("Församling och andlighet", "Seurakunta ja hengellisyys", "Parish and spiritual"),
    "food": ("Mat och måltider", "Ruoka ja ateriat", "Food and meals"),
    "volunteering": ("Frivilligarbete", "Vapaaehtoistyö", "Volunteering"),
}
AUDIENCES = {
    "older_people": ("Äldre", "Ikääntyneet", "Older people"),
    "family_caregivers": ("Närståendevårdare", "Omaishoitajat", "Family caregivers"),
    "unemployed": ("Arbetssökande", "Työttömät", "Unemployed people"),
    "families_children": ("Familjer och barn", "Perheet ja lapset", "Families and children"),
    "young_people": ("Unga", "Nuoret", "Young people"),
    "immigrants": ("Inflyttade och invandrare", "Maahanmuuttajat", "Immigrants"),
    "disabilities": ("Personer med funktionsnedsättning", "Vammaiset henkilöt", "People with disabilities"),
    # Not "Alla" / "Kaikki": that is already the list's first choice, "no filter".
    "everyone": ("Öppet för alla", "Avoin kaikille", "Open to everyone"),
}
ACTIVITY_LANGUAGES = {"sv": ("svenska", "ruotsi", "Swedish"), "fi": ("finska", "suomi", "Finnish"),
                      "en": ("engelska", "englanti", "English")}
WHEN_CHOICES = ("today", "week", "30", "range")

STRINGS = {
    "sv": {
        "language_name": "Svenska", "language": "Språk",
        "site": "Kalendarium",
        "heading": "Aktiviteter för hälsa och välmående",
        "intro": "Hitta en aktivitet åt din klient: skriv ett ord eller välj bland filtren.",
        "search_label": "Sök aktivitet", "search_placeholder": "t.ex. gym, kör, jumppa",
        "search_button": "Sök",
        "search_hint": "Du kan skriva en del av ett ord: ”jumppa” hittar också ”Tuolijumppa”.",
        "municipality": "Kommun", "audience": "Målgrupp", "category": "Typ av aktivitet",
        "when": "När", "activity_language": "Aktivitetens språk", "all": "Alla",
        "today": "I dag", "week": "Den här veckan", "next30": "Kommande 30 dagar",
        "range": "Välj datum", "from": "Från", "to": "Till",
        "free_only": "Bara avgiftsfria", "clear_filters": "Töm filtren",
        "results_one": "1 aktivitet", "results_many": "{n} aktiviteter",
        "results_more": "Fler än {n} aktiviteter – de första {n} visas",
        "results_page": "Aktiviteter {first}–{last} av {n}",
        "results_page_more": "Aktiviteter {first}–{last} av fler än {last}",
        "no_more": "Inga fler aktiviteter: sökningen har färre sidor.", "first_page": "Till första sidan",
        "did_you_mean": "Menade du", "later": "Den här sökningen har aktiviteter senare.", "show_later": "Visa alla kommande datum",
        "no_results": "Inga aktiviteter hittades. Pröva ett kortare ord, en annan tid eller färre filter.",
        "next": "Nästa gång", "cancelled": "INSTÄLLD", "postponed": "UPPSKJUTEN",
        "place": "Plats", "organiser": "Arrangör", "free": "Avgiftsfri", "fee": "Avgift",
        "price_unknown": "Pris: fråga arrangören", "source_link": "Arrangörens sida",
        "details": "Mer information", "more_results": "Visa fler", "previous_results": "Föregående",
        "subscribe": "Prenumerera eller ladda ner den här sökningen",
        "subscribe_help": "Kalenderprogram (iCal), nyhetsläsare (Atom) eller kalkylblad (CSV).",
        "ical": "Kalender (iCal)", "atom": "Nyhetsflöde (Atom)", "csv": "Kalkylblad (CSV)", "json": "JSON",
        "today_word": "i dag", "tomorrow_word": "i morgon", "at": "kl.", "all_day": "hela dagen",
        "description": "Beskrivning", "dates": "Kommande tillfällen", "no_dates": "Inga kommande tillfällen.",
        "address": "Adress", "map": "Visa på karta (OpenStreetMap)",
        "add_to_calendar": "Lägg till i kalendern", "print": "Skriv ut åt klienten",
        "print_now": "Skriv ut", "back": "Tillbaka till sökningen",
        "back_activity": "Tillbaka till aktiviteten", "price": "Pris", "ask_organiser": "Fråga arrangören",
        "registration": "Anmälan", "registration_yes": "Anmälan krävs", "registration_no": "Ingen anmälan",
        "accessibility": "Tillgänglighet", "source": "Källa", "repeats": "Återkommer",
        "contact": "Kontakt och mer information", "check": "Kontrollera alltid tid och plats hos arrangören.",
        "not_found": "Aktiviteten finns inte längre i katalogen.",
        "more_dates": "och {n} tillfällen till", "more_dates_one": "och 1 tillfälle till", "also": "Även",
        "analysts": "För analytiker: alla tabeller och SQL", "coverage": "Utbud per kommun och målgrupp",
        "this_week_query": "Veckans aktiviteter (tabell)", "sources": "Källor",
        "health": "Källornas hälsa (för koordinatorer)",
        "notice": "Uppgifterna hämtas automatiskt från arrangörernas webbsidor.",
        "unreadable_date": "Datumet ”{value}” kunde inte läsas och används inte. Skriv det till exempel så här: {example}.",
        "past_dates": "Katalogen visar bara kommande aktiviteter, och datumen du valde har redan varit.",
        "page_not_found": "Sidan finns inte",
        "not_found_help": "Adressen kan vara felskriven, eller så har sidan tagits bort. Sök aktiviteten på nytt.",
        "to_search": "Till sökningen", "skip_content": "Hoppa till innehållet",
        "skip": "Hoppa till resultaten", "filters": "Avgränsa",
        "back_to_search": "Sök aktiviteter", "analysts_page": "Den här sidan är för analytiker: tabeller och SQL. Aktiviteter åt klienter hittar du i sökningen.",
    },
    "fi": {
        "language_name": "Suomi", "language": "Kieli",
        "site": "Kalendarium",
        "heading": "Terveyttä ja hyvinvointia edistävä toiminta",
        "intro": "Löydä asiakkaallesi sopiva toiminta: kirjoita hakusana tai valitse rajauksista.",
        "search_label": "Hae toimintaa", "search_placeholder": "esim. jumppa, kuoro, kahvila",
        "search_button": "Hae",
        "search_hint": "Voit kirjoittaa sanan osan: ”jumppa” löytää myös ”Tuolijumppa”.",
        "municipality": "Kunta", "audience": "Kohderyhmä", "category": "Toiminnan laji",
        "when": "Milloin", "activity_language": "Toiminnan kieli", "all": "Kaikki",
        "today": "Tänään", "week": "Tällä viikolla", "next30": "Seuraavat 30 päivää",
        "range": "Valitse päivät", "from": "Alkaen", "to": "Asti",
        "free_only": "Vain maksuttomat", "clear_filters": "Tyhjennä rajaukset",
        "results_one": "1 toiminta", "results_many": "{n} toimintaa",
        "results_more": "Yli {n} toimintaa – ensimmäiset {n} näytetään",
        "results_page": "Toiminnot {first}–{last}, yhteensä {n}",
        "results_page_more": "Toiminnot {first}–{last}, yhteensä yli {last}",
        "no_more": "Ei enempää toimintaa: haussa on vähemmän sivuja.", "first_page": "Ensimmäiselle sivulle",
        "did_you_mean": "Tarkoititko", "later": "Tällä haulla on toimintaa myöhemmin.", "show_later": "Näytä kaikki tulevat päivät",
        "no_results": "Toimintaa ei löytynyt. Kokeile lyhyempää sanaa, toista aikaa tai vähemmän rajauksia.",
        "next": "Seuraavan kerran", "cancelled": "PERUTTU", "postponed": "SIIRRETTY",
        "place": "Paikka", "organiser": "Järjestäjä", "free": "Maksuton", "fee": "Maksullinen",
        "price_unknown": "Hinta: kysy järjestäjältä", "source_link": "Järjestäjän sivu",
        "details": "Lisätietoja", "more_results": "Näytä lisää", "previous_results": "Edelliset",
        "subscribe": "Tilaa tai lataa tämä haku",
        "subscribe_help": "Kalenteriohjelmaan (iCal), syötteenlukijaan (Atom) tai taulukkoon (CSV).",
        "ical": "Kalenteri (iCal)", "atom": "Syöte (Atom)", "csv": "Taulukko (CSV)", "json": "JSON",
        "today_word": "tänään", "tomorrow_word": "huomenna", "at": "klo", "all_day": "koko päivän",
        "description": "Kuvaus", "dates": "Tulevat kerrat", "no_dates": "Ei tulevia kertoja.",
        "address": "Osoite", "map": "Näytä kartalla (OpenStreetMap)",
        "add_to_calendar": "Lisää kalenteriin", "print": "Tulosta asiakkaalle",
        "print_now": "Tulosta", "back": "Takaisin hakuun",
        "back_activity": "Takaisin toimintaan", "price": "Hinta", "ask_organiser": "Kysy järjestäjältä",
        "registration": "Ilmoittautuminen", "registration_yes": "Ilmoittautuminen vaaditaan",
        "registration_no": "Ei ilmoittautumista",
        "accessibility": "Saavutettavuus", "source": "Lähde", "repeats": "Toistuu",
        "contact": "Yhteystiedot ja lisätietoja", "check": "Tarkista aina aika ja paikka järjestäjältä.",
        "not_found": "Toimintaa ei enää ole luettelossa.",
        "more_dates": "ja {n} muuta kertaa", "more_dates_one": "ja 1 muu kerta", "also": "Myös",
        "analysts": "Analyytikoille: kaikki taulut ja SQL", "coverage": "Tarjonta kunnittain ja kohderyhmittäin",
        "this_week_query": "Viikon toiminta (taulukko)", "sources": "Lähteet",
        "health": "Lähteiden tila (koordinaattoreille)",
        "notice": "Tiedot haetaan automaattisesti järjestäjien verkkosivuilta.",
        "unreadable_date": "Päivämäärää ”{value}” ei voitu lukea, eikä sitä käytetä. Kirjoita se esimerkiksi näin: {example}.",
        "past_dates": "Luettelossa on vain tulevaa toimintaa, ja valitsemasi päivät ovat jo menneet.",
        "page_not_found": "Sivua ei löydy",
        "not_found_help": "Osoite voi olla kirjoitettu väärin, tai sivu on poistettu. Hae toimintaa uudelleen.",
        "to_search": "Hakuun", "skip_content": "Siirry sisältöön",
        "skip": "Siirry tuloksiin", "filters": "Rajaa",
        "back_to_search": "Hae toimintaa", "analysts_page": "Tämä sivu on analyytikoille: taulut ja SQL. Asiakkaalle sopivan toiminnan löydät haulla.",
    },
    "en": {
        "language_name": "English", "language": "Language",
        "site": "Kalendarium",
        "heading": "Health and wellbeing activities",
        "intro": "Find an activity for your client: type a word or choose from the filters.",
        "search_label": "Search for an activity", "search_placeholder": "e.g. gym, choir, jumppa",
        "search_button": "Search",
        "search_hint": "You can type part of a word: “jumppa” also finds “Tuolijumppa”.",
        "municipality": "Municipality", "audience": "Target group", "category": "Kind of activity",
        "when": "When", "activity_language": "Language of the activity", "all": "All",
        "today": "Today", "week": "This week", "next30": "Next 30 days",
        "range": "Choose dates", "from": "From", "to": "To",
        "free_only": "Free of charge only", "clear_filters": "Clear filters",
        "results_one": "1 activity", "results_many": "{n} activities",
        "results_more": "More than {n} activities – showing the first {n}",
        "results_page": "Activities {first}–{last} of {n}",
        "results_page_more": "Activities {first}–{last} of more than {last}",
        "no_more": "No more activities: the search has fewer pages.", "first_page": "To the first page",
        "did_you_mean": "Did you mean", "later": "This search has activities later on.", "show_later": "Show all upcoming dates",
        "no_results": "No activities found. Try a shorter word, another time or fewer filters.",
        "next": "Next time", "cancelled": "CANCELLED", "postponed": "POSTPONED",
        "place": "Place", "organiser": "Organiser", "free": "Free of charge", "fee": "Fee",
        "price_unknown": "Price: ask the organiser", "source_link": "Organiser's page",
        "details": "More information", "more_results": "Show more", "previous_results": "Previous",
        "subscribe": "Subscribe to or download this search",
        "subscribe_help": "For a calendar app (iCal), a feed reader (Atom) or a spreadsheet (CSV).",
        "ical": "Calendar (iCal)", "atom": "Feed (Atom)", "csv": "Spreadsheet (CSV)", "json": "JSON",
        "today_word": "today", "tomorrow_word": "tomorrow", "at": "", "all_day": "all day",
        "description": "Description", "dates": "Upcoming dates", "no_dates": "No upcoming dates.",
        "address": "Address", "map": "Show on a map (OpenStreetMap)",
        "add_to_calendar": "Add to calendar", "print": "Print for the client",
        "print_now": "Print", "back": "Back to the search",
        "back_activity": "Back to the activity", "price": "Price", "ask_organiser": "Ask the organiser",
        "registration": "Registration", "registration_yes": "Registration required",
        "registration_no": "No registration needed",
        "accessibility": "Accessibility", "source": "Source", "repeats": "Repeats",
        "contact": "Contact and more information", "check": "Always check time and place with the organiser.",
        "not_found": "This activity is no longer in the catalogue.",
        "more_dates": "and {n} more dates", "more_dates_one": "and 1 more date", "also": "Also",
        "analysts": "For analysts: all tables and SQL", "coverage": "Provision by municipality and target group",
        "this_week_query": "This week's activities (table)", "sources": "Sources",
        "health": "Source health (for coordinators)",
        "notice": "The information is collected automatically from the organisers' websites.",
        "unreadable_date": "The date “{value}” could not be read and is not used. Write it like this, for example: {example}.",
        "past_dates": "The catalogue only shows upcoming activities, and the dates you chose are in the past.",
        "page_not_found": "Page not found",
        "not_found_help": "The address may be mistyped, or the page has been removed. Search for the activity again.",
        "to_search": "To the search", "skip_content": "Skip to the content",
        "skip": "Skip to the results", "filters": "Narrow down",
        "back_to_search": "Search for activities", "analysts_page": "This page is for analysts: tables and SQL. Activities for clients are found with the search.",
    },
}

WEEKDAYS = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "fi": ("maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
WEEKDAYS_DEFINITE_SV = ("måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen", "lördagen", "söndagen")
MONTHS = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
ORDINALS = {
    "sv": {1: "första", 2: "andra", 3: "tredje", 4: "fjärde", -1: "sista"},
    "fi": {1: "ensimmäinen", 2: "toinen", 3: "kolmas", 4: "neljäs", -1: "viimeinen"},
    "en": {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"},
}
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

CSS = """
/* Kalendarium: larger, calmer type on Datasette's own pages; AA contrast on buttons. */
body { font-size: 18px; line-height: 1.5; }
table.rows-and-columns td, table.rows-and-columns th { font-size: 1rem; padding: 0.5em; }
.facet-info li, .facet-info-name, form.filters input, form.filters select, .search-row input,
form.sql textarea, input[type=text], input[type=search] { font-size: 1rem; }
form input[type=submit], form button[type=button] { font-size: 1rem; padding: 0.6em 1em; }
form input[type=submit] { background-color: #0b4f9c; border-color: #0b4f9c; }
a:focus, input:focus, button:focus, select:focus { outline: 3px solid #b45309; outline-offset: 2px; }
/* Column descriptions are a legend: show them after the rows, compactly, not above the search. */
body.table section.content { display: flex; flex-direction: column; }
body.table section.content > * { min-width: 0; }
body.table dl.column-descriptions {
  order: 99; display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em;
  font-size: 0.9rem; border-top: 1px solid #ccc; padding-top: 0.75em; margin-top: 1.5em;
}
body.table dl.column-descriptions dt, body.table dl.column-descriptions dd { margin: 0; padding: 0; line-height: 1.4; }
body.table dl.column-descriptions dd { color: #404040; }
/* The way back to the staff search, on every page of Datasette's own (templates/_crumbs.html). */
.kal-back { clear: both; display: flex; flex-wrap: wrap; align-items: center; gap: 0.4em 1em; margin: 0.5em 0 0.25em;
  padding: 0.6em 0.9em; background: #fff8e6; color: #1a1a1a; border-left: 5px solid #b45309; border-radius: 4px; }
header .kal-back a:link, header .kal-back a:visited { color: #0b4f9c; text-decoration: underline; }
header .kal-back a.kal-back-link { display: inline-block; padding: 0.45em 0.9em; background: #0b4f9c; color: #fff;
  border-radius: 6px; font-weight: 700; text-decoration: none; font-size: 1.05rem; }
header .kal-back a.kal-back-link:hover, header .kal-back a.kal-back-link:focus { background: #072f5f; color: #fff; }
.kal-back-note { flex: 1 1 20em; }
.kal-back-langs { font-size: 0.9rem; }
"""


# --- language ------------------------------------------------------------------------------------

def choose_language(request) -> str:
    """`?lang=` wins, then the browser's first Swedish/Finnish preference, then Swedish."""
    if request is None:
        return DEFAULT_LANGUAGE
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in LANGUAGES:
        return asked
    for part in (request.headers.get("accept-language") or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("sv", "fi"):  # English only when asked for: the site is Swedish/Finnish first
            return code
    return DEFAULT_LANGUAGE


def label(table: dict, key, lang: str) -> str:
    names = table.get(key)
    return names[LANGUAGES.index(lang)] if names else str(key)


@lru_cache(maxsize=1)
def swedish_municipality_names() -> dict[str, str]:
    """Finnish name → Swedish name (Kokkola → Karleby), from the gazetteer the harvest uses to
    give every event its one Finnish municipality name."""
    data = yaml.safe_load(GAZETTEER_PATH.read_text(encoding="utf-8"))
    return {entry["fi"]: entry["sv"] for entry in data["municipalities"] if entry.get("sv")}


def municipality_label(name, lang: str):
    """The municipality as the reader calls it: Karleby in Swedish, Kokkola in Finnish and
    English (the database keeps the Finnish name, which the filter's values stay)."""
    if lang == "sv" and name:
        return swedish_municipality_names().get(name, name)
    return name


# Three code points above every letter, in the Nordic order of the three letters after z.
NORDIC_ORDER = str.maketrans({"å": "\uffe1", "ä": "\uffe2", "æ": "\uffe2", "ö": "\uffe3", "ø": "\uffe3"})


def nordic_key(text: str) -> str:
    """Sorts as Swedish and Finnish do: å, ä, ö after z."""
    return text.casefold().translate(NORDIC_ORDER)


def today_local() -> str:
    return datetime.now(LOCAL_ZONE).date().isoformat()


TIME_SPAN = re.compile(r"\d{1,2}(?:[.:]\d\d)?–\d{1,2}(?:[.:]\d\d)?")


def keep_times_whole(text) -> Markup:
    """Jinja filter `times`: the text escaped, its time spans unbreakable ("9.30–11.30" is not
    split after its dash at the end of a narrow phone's line)."""
    escaped = str(Markup.escape(text or ""))
    return Markup(TIME_SPAN.sub(lambda match: f'<span class="nowrap">{match.group(0)}</span>', escaped))


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["times"] = keep_times_whole


@hookimpl
def extra_template_vars(request):
    lang = choose_language(request)
    return {
        "kal": {
            "lang": lang,
            "t": STRINGS[lang],
            "languages": [(code, STRINGS[code]["language_name"]) for code in LANGUAGES],
        },
        "kal_strings": STRINGS,
    }


# --- SQL helpers for canned queries ---------------------------------------------------------------

def fts_query(text) -> str:
    """Quote each word (quotes doubled) and AND them: input is never read as FTS syntax.

    Example: `Tuoli jumppa ja` becomes `"Tuoli" "jumppa"` ("ja" is too short for trigrams);
    a double quote inside a word is doubled.
    """
    words = [word for word in str(text or "").split() if len(word) >= 3]
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


@hookimpl
def prepare_connection(conn):
    # Read the (immutable, often large) file through mmap: random lookups without a syscall each.
    conn.execute("pragma mmap_size = 268435456")
    conn.create_function("kalendarium_today", 0, today_local)
    conn.create_function("kalendarium_fts_query", 1, fts_query, deterministic=True)


# --- the search: parameters and SQL -----------------------------------------------------------------

NORDIC_DATE = re.compile(r"(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]?\s*(\d{4}|\d{2})?")


def read_date(text: str, today: date) -> str | None:
    """A typed date as ISO: '2026-12-24', or as staff write it, '24.12.2026', '24.12.26' or
    '24.12.' (the next 24 December). '' for nothing typed; None when it cannot be read.

    Browsers without a date picker (and people editing the address) send what was typed."""
    text = text.strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    match = NORDIC_DATE.fullmatch(text)
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day).isoformat()
        this_year = date(today.year, month, day)
        return (this_year if this_year >= today else date(today.year + 1, month, day)).isoformat()
    except ValueError:
        return None


def parse_search(args, today: date | None = None) -> dict:
    """Validated search parameters from a query string (anything unknown becomes '').

    `unreadable_dates` lists the typed dates that could not be read, for the page to say so."""
    today = today or today_in_finland()
    get = lambda name: (args.get(name) or "").strip()  # noqa: E731
    dates = {name: read_date(get(name)[:40], today) for name in ("from", "to")}
    params = {
        "q": get("q")[:200],
        "municipality": get("municipality")[:100],
        "audience": get("audience") if get("audience") in AUDIENCES else "",
        "category": get("category") if get("category") in CATEGORIES else "",
        "when": get("when") if get("when") in WHEN_CHOICES else "",
        "from": dates["from"] or "",
        "to": dates["to"] or "",
        "free": "1" if get("free") in ("1", "on", "true") else "",
        "language": get("language") if get("language") in ACTIVITY_LANGUAGES else "",
        "unreadable_dates": [get(name)[:40] for name in ("from", "to") if dates[name] is None],
    }
    if params["from"] and params["to"] and params["to"] < params["from"]:
        params["from"], params["to"] = params["to"], params["from"]  # typed the wrong way round
    # Dates typed in win over the default window; "today" and "this week" chosen explicitly win over dates.
    if params["when"] in ("", "30") and (params["from"] or params["to"]):
        params["when"] = "range"
    params["when"] = params["when"] or "30"
    try:
        params["page"] = min(max(int(get("page") or 1), 1), 100)
    except ValueError:
        params["page"] = 1
    return params


def search_window(params: dict, today: date) -> tuple[str, str]:
    """The first and last local date the search covers."""
    when = params["when"]
    if when == "today":
        return today.isoformat(), today.isoformat()
    if when == "week":  # today to Sunday
        return today.isoformat(), (today + timedelta(days=6 - today.weekday())).isoformat()
    if when == "range" and (params["from"] or params["to"]):
        if params["to"] and params["to"] < today.isoformat():
            return params["from"] or params["to"], params["to"]  # all past: nothing to show
        start = max(params["from"] or today.isoformat(), today.isoformat())
        end = params["to"] or (date.fromisoformat(start) + timedelta(days=365)).isoformat()
        return start, max(start, end)
    return today.isoformat(), (today + timedelta(days=30)).isoformat()


def visible_condition(columns: set[str]) -> str:
    condition = "coalesce(e.status, '') != 'removed'"
    if "duplicate_of" in columns:
        condition += " and e.duplicate_of is null"
    return condition


SEARCH_COLUMNS = """e.id, e.title, e.rrule, e.start as series_start, e."end" as series_end,
  e.all_day as series_all_day, e.status, e.location, e.address, e.municipality, e.organiser,
  e.url, e.language, e.free_of_charge, e.registration_required, e.categories, e.audiences,
  e.timezone, (select s.url from sources s where s.id = e.source_id) as source_url"""
SELECTIVE = 2000  # at most this many candidate events: read the events first


def event_conditions(params: dict, columns: set[str]) -> tuple[list[str], dict]:
    """WHERE conditions on `events e` for the filters in use (only those: indexes stay usable)."""
    where, args = [visible_condition(columns)], {}
    fts = fts_query(params["q"])
    if fts:
        where.append("e.rowid in (select rowid from events_fts where events_fts match :fts)")
        args["fts"] = fts
    elif params["q"]:
        where.append("(e.title like :like or e.location like :like)")
        args["like"] = "%" + params["q"] + "%"
    if params["municipality"]:
        where.append("e.municipality = :municipality")
        args["municipality"] = params["municipality"]
    if params["language"]:
        where.append("e.language = :language")
        args["language"] = params["language"]
    if params["free"]:
        where.append("e.free_of_charge = 1")
    for name in ("audience", "category"):
        if params[name]:
            column = "audiences" if name == "audience" else "categories"
            where.append(f"instr(e.{column}, :{name}) > 0")
            args[name] = json.dumps(params[name])  # '"older_people"', with its quotes
    return where, args


def build_search_sql(params: dict, columns: set[str], today: date, now_utc: str,
                     limit: int = PAGE_SIZE + 1, offset: int = 0, events_first: bool | None = None,
                     window: tuple[str, str] | None = None) -> tuple[str, dict]:
    """One row per activity with its next occurrence in the window, soonest first (complete).

    With a word or a municipality the matching events are read first (FTS / index), each
    looking up its occurrences by (event_id, date); otherwise the occurrences in the window are
    read by date and joined to their events. Used for exports and when few events match.
    """
    where, args = event_conditions(params, columns)
    first, last = window or search_window(params, today)
    args.update(first=first, last=last, now=now_utc, limit=int(limit), offset=int(offset))
    if events_first is None:
        events_first = bool(params["q"] or params["municipality"])
    source = ("events e cross join occurrences o on o.event_id = e.id" if events_first
              else "occurrences o cross join events e on e.id = o.event_id")
    conditions = "\n  and ".join(where)
    sql = f"""select {SEARCH_COLUMNS},
  min(o.start_utc) as next_utc, o.start as next_start, o."end" as next_end,
  o.all_day as next_all_day, o.status as next_status
from {source}
where o.date between :first and :last
  and coalesce(o.end_utc, o.start_utc) >= :now
  and {conditions}
group by e.id
order by next_utc, e.title
limit :limit offset :offset"""
    return sql, args


async def search(execute, params: dict, columns: set[str], today: date, now_utc: str,
                 limit: int, offset: int = 0) -> list[dict]:
    """The staff search: up to `limit` activities after `offset`, soonest next occurrence first.

    `execute(sql, args)` is an async function returning rows as dicts (Datasette's database, or
    plain sqlite3 in the benchmark), so both run exactly the same statements. The plan:

    * a municipality, or a word that at most SELECTIVE events contain: read those events first
      (cost grows with the number of matching events, never with the number of dates);
    * otherwise read the window's dates a slice at a time (1 day, then 3, 9, 27 … days), each
      slice grouped per event: an event's first date in the earliest slice it appears in is its
      next date, so the page is complete as soon as the slices so far hold enough activities.
    """
    need = offset + limit
    events_first = bool(params["municipality"])
    fts = fts_query(params["q"])
    if fts and not events_first:
        probe = await execute("select count(*) as n from (select rowid from events_fts "
                              "where events_fts match :fts limit :cap)", {"fts": fts, "cap": SELECTIVE + 1})
        events_first = probe[0]["n"] <= SELECTIVE
    if events_first:
        sql, args = build_search_sql(params, columns, today, now_utc, limit, offset, events_first=True)
        return await execute(sql, args)
    first, last = (date.fromisoformat(day) for day in search_window(params, today))
    found: dict[str, dict] = {}
    start, span = first, 1
    while start <= last and len(found) < need:
        stop = min(start + timedelta(days=span - 1), last)
        sql, args = build_search_sql(params, columns, today, now_utc, need + len(found), 0, events_first=False,
                                     window=(start.isoformat(), stop.isoformat()))
        for row in await execute(sql, args):
            found.setdefault(row["id"], row)
        start, span = stop + timedelta(days=1), span * 3
    return list(found.values())[offset:need]


def now_utc_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def today_in_finland() -> date:
    return datetime.now(LOCAL_ZONE).date()


# --- formatting ------------------------------------------------------------------------------------

def parse_moment(text):
    """ISO text → (date, local 'HH:MM' or None). The local time is the one written in the text."""
    if not text:
        return None, None
    text = str(text)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None, None
    clock = text[11:16] if len(text) >= 16 and text[10] in "T " else None
    return day, clock


def short_clock(clock: str | None, lang: str = "sv") -> str:
    """'13', '9.30' ('9:30' in English: a dot between hours and minutes is Nordic)."""
    if not clock:
        return ""
    hours, minutes = clock.split(":")
    return str(int(hours)) + ("" if minutes == "00" else (":" if lang == "en" else ".") + minutes)


def time_span(start, end, all_day, lang: str) -> str:
    """'13–15', '9.30–11' ('9:30–11' in English), the same in a date and in a series' words."""
    if all_day:
        return ""
    _, begin = parse_moment(start)
    _, finish = parse_moment(end)
    if not begin:
        return ""
    text = short_clock(begin, lang)
    if finish and finish != begin:
        text += "–" + short_clock(finish, lang)
    return text


def format_day(day: date, lang: str, today: date | None = None, relative: bool = True) -> str:
    """'Tisdag 1 december' ('I dag, tisdag 1 december' when `relative`; the year when far off)."""
    weekday = WEEKDAYS[lang][day.weekday()]
    if lang == "fi":
        text = f"{weekday} {day.day}.{day.month}."
    else:
        text = f"{weekday} {day.day} {MONTHS[lang][day.month - 1]}"
    if today is not None and (day - today).days > 180:
        text += f" {day.year}"
    if lang != "en":
        text = text[0].upper() + text[1:]
    if today is not None and relative:
        t = STRINGS[lang]
        if day == today:
            text = f"{t['today_word'].capitalize()}, {text[0].lower() + text[1:] if lang != 'en' else text}"
        elif day == today + timedelta(days=1):
            text = f"{t['tomorrow_word'].capitalize()}, {text[0].lower() + text[1:] if lang != 'en' else text}"
    return text


ZONE_WORDS = {  # a time in another zone than Finland's says whose time it is
    "Europe/Stockholm": ("svensk tid", "Ruotsin aikaa", "Swedish time"),
    "Europe/Oslo": ("norsk tid", "Norjan aikaa", "Norwegian time"),
    "Europe/Copenhagen": ("dansk tid", "Tanskan aikaa", "Danish time"),
    "Europe/Helsinki": ("finsk tid", "Suomen aikaa", "Finnish time"),
}


def zone_words(tz, lang: str) -> str:
    return label(ZONE_WORDS, tz, lang) if tz in ZONE_WORDS else str(tz)


def other_zone(tz) -> bool:
    return bool(tz) and tz != LOCAL_ZONE.key


def format_when(start, end, all_day, lang: str, today: date | None = None, tz=None, relative: bool = True) -> str:
    """'Tisdag 1 december kl. 13–15' / 'Tiistai 1.12. klo 13–15' / 'Tuesday 1 December 13–15'.

    A time in another zone than Finland's (`tz`, the event's) is said to be so, with the Finnish
    time beside it: 'kl. 18–19.30 svensk tid (19–20.30 finsk tid)'; a Finnish worker would
    otherwise join a digital meeting across the Kvarken an hour late."""
    text = _format_when(start, end, all_day, lang, today, relative)
    if text and other_zone(tz) and not all_day and time_span(start, end, all_day, lang):
        zone = _zone(tz)
        here = [_moment(value, zone, False) for value in (start, end)]
        here = [value.astimezone(LOCAL_ZONE).isoformat() if isinstance(value, datetime) else None for value in here]
        finnish = time_span(here[0], here[1], False, lang)
        text += f" {zone_words(tz, lang)}"
        if finnish != time_span(start, end, all_day, lang):
            text += f" ({finnish} {zone_words(LOCAL_ZONE.key, lang)})"
    return text


def _format_when(start, end, all_day, lang: str, today: date | None = None, relative: bool = True) -> str:
    day, _ = parse_moment(start)
    if day is None:
        return ""
    text = format_day(day, lang, today, relative)
    if all_day:
        end_day, _ = parse_moment(end)
        if end_day and end_day > day:
            return f"{text} – {format_day(end_day, lang)}"
        return f"{text}, {STRINGS[lang]['all_day']}"
    span = time_span(start, end, all_day, lang)
    at = STRINGS[lang]["at"] or ("" if "–" in span else "at")  # "2 December 13–15", "2 December at 18"
    return f"{text} {at} {span}".replace("  ", " ").strip() if span else text


def _join(words: list[str], lang: str) -> str:
    conjunction = {"sv": "och", "fi": "ja", "en": "and"}[lang]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {conjunction} " + words[-1]


# "tiistaisin": a weekday as Finnish says "on Tuesdays" (parillisten viikkojen tiistaisin).
WEEKDAYS_FI_ADVERB = ("maanantaisin", "tiistaisin", "keskiviikkoisin", "torstaisin", "perjantaisin",
                      "lauantaisin", "sunnuntaisin")
CLOCK_WORD = {"sv": "kl. ", "fi": "klo ", "en": "at "}


def weekday_names(indexes: list[int], lang: str, adverb: bool = False) -> str:
    """'måndag–torsdag' for three days or more in a row, else 'måndag och torsdag'."""
    names = WEEKDAYS_FI_ADVERB if adverb and lang == "fi" else WEEKDAYS[lang]
    runs: list[list[int]] = []
    for index in sorted(set(indexes)):
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            words.extend(names[index] for index in run)
    return _join(words, lang)


def day_span(first: date, last: date, lang: str) -> str:
    """'2–3 december' / '2.–3.12.' / '2–3 December'; '30 november–2 december' across a month."""
    if lang == "fi":
        if first.month == last.month and first.year == last.year:
            return f"{first.day}.–{last.day}.{last.month}."
        return f"{first.day}.{first.month}.–{last.day}.{last.month}."
    month = MONTHS[lang]
    if first.month == last.month and first.year == last.year:
        return f"{first.day}–{last.day} {month[last.month - 1]}"
    return f"{first.day} {month[first.month - 1]}–{last.day} {month[last.month - 1]}"


def day_words(day: date, lang: str) -> str:
    return f"{day.day}.{day.month}." if lang == "fi" else f"{day.day} {MONTHS[lang][day.month - 1]}"


def _with_clock(span: str, lang: str, always: bool = False) -> str:
    """A lone hour needs its word ("arkisin klo 9", not "arkisin 9"), and so does a time after a
    date ("2.–3.12. klo 10–14", not "2.–3.12. 10–14")."""
    if span and (always or "–" not in span):
        return CLOCK_WORD[lang] + span
    return span


def _rule_parts(rrule) -> dict:
    parts = {}
    for item in str(rrule).upper().replace("RRULE:", "").split(";"):
        if "=" in item:
            key, value = item.split("=", 1)
            parts[key.strip()] = value.strip()
    return parts


def _last_date(rrule, start, end, all_day) -> date | None:
    """The last date of a rule bounded by UNTIL or COUNT (as the harvest expands it), else None."""
    parts = _rule_parts(rrule)
    if "UNTIL" not in parts and "COUNT" not in parts:
        return None
    from normalise.recurrence import RecurrenceError, expand

    zone = LOCAL_ZONE
    begin = _moment(start, zone, bool(all_day))
    if begin is None:
        return None
    first = begin.date() if isinstance(begin, datetime) else begin
    try:
        made = expand(begin, None, rrule_text(rrule), tz=zone.key, window_start=first,
                      window_end=first + timedelta(days=3 * 366))
    except (RecurrenceError, ValueError, TypeError):
        return None
    if not made:
        return None
    last = made[-1][0]
    return last.date() if isinstance(last, datetime) else last


def describe_series(rrule, start, end, all_day, lang: str, further: list[str] | None = None) -> str | None:
    """A repeating rule in words: 'varje tisdag 13–15', 'joka tiistai 13–15', 'every Tuesday 13–15';
    'jämna veckor på tisdag 13–15', 'dagligen 2–3 december kl. 10–14', 'första måndagen i
    månaden kl. 18', ', till och med 26 maj' for a rule that ends; `further`: the words of the
    event's further rules ('fredag 9–13'), joined on with 'och'."""
    if not rrule:
        return None
    parts = _rule_parts(rrule)
    freq = parts.get("FREQ", "")
    try:
        interval = max(int(parts.get("INTERVAL", "1")), 1)
    except ValueError:
        interval = 1
    day, _ = parse_moment(start)
    byday = [value for value in parts.get("BYDAY", "").split(",") if value]
    span = time_span(start, end, all_day, lang)
    text = None
    bounded = True  # say until when it runs
    days = [value[-2:] for value in byday if value[-2:] in RRULE_DAYS]
    if not days and day:
        days = [RRULE_DAYS[day.weekday()]]
    indexes = sorted({RRULE_DAYS.index(value) for value in days})
    if freq == "DAILY" and interval == 1:
        last = _last_date(rrule, start, end, all_day)
        if last and day and last > day:  # a range of days: "dagligen 2–3 december kl. 10–14"
            word = {"sv": "dagligen", "fi": "päivittäin", "en": "daily"}[lang]
            text, span, bounded = f"{word} {day_span(day, last, lang)}", _with_clock(span, lang, lang != "en"), False
        else:
            text = {"sv": "varje dag", "fi": "joka päivä", "en": "every day"}[lang]
    elif freq == "WEEKLY":
        if indexes == [0, 1, 2, 3, 4] and interval == 1:
            text = {"sv": "vardagar", "fi": "arkisin", "en": "weekdays"}[lang]
        elif indexes == list(range(7)) and interval == 1:
            text = {"sv": "varje dag", "fi": "joka päivä", "en": "every day"}[lang]
        elif indexes:
            names = weekday_names(indexes, lang)
            if interval == 1:
                text = {"sv": f"varje {names}", "fi": f"joka {names}", "en": f"every {names}"}[lang]
            elif interval == 2:
                text = {"sv": f"varannan {names}", "fi": f"joka toinen {names}", "en": f"every other {names}"}[lang]
            else:
                text = {"sv": f"var {interval}:e vecka, {names}", "fi": f"joka {interval}. viikko, {names}",
                        "en": f"every {interval} weeks on {names}"}[lang]
    elif freq == "YEARLY" and parts.get("BYWEEKNO") and indexes and interval == 1:
        weeks = {int(value) for value in parts["BYWEEKNO"].split(",") if value.strip().lstrip("+").isdigit()}
        parity = ("even" if weeks and all(week % 2 == 0 for week in weeks) and len(weeks) >= 26 else
                  "odd" if weeks and all(week % 2 == 1 for week in weeks) and len(weeks) >= 26 else None)
        if parity:
            text = {
                "sv": f"{'jämna' if parity == 'even' else 'udda'} veckor på {weekday_names(indexes, 'sv')}",
                "fi": f"{'parillisten' if parity == 'even' else 'parittomien'} viikkojen "
                      f"{weekday_names(indexes, 'fi', adverb=True)}",
                "en": f"{parity} weeks on {weekday_names(indexes, 'en')}",
            }[lang]
        elif weeks and len(weeks) <= 6:
            numbers = _join([str(week) for week in sorted(weeks)], lang)
            text = {"sv": f"{weekday_names(indexes, 'sv')} vecka {numbers}",
                    "fi": f"viikoilla {numbers} {weekday_names(indexes, 'fi', adverb=True)}",
                    "en": f"{weekday_names(indexes, 'en')} in week {numbers}"}[lang]
    elif freq == "MONTHLY" and interval == 1:
        positions = [re.fullmatch(r"([+-]?\d)?(MO|TU|WE|TH|FR|SA|SU)", value) for value in byday]
        setpos = parts.get("BYSETPOS")
        if byday and all(positions) and len({match.group(2) for match in positions}) == 1:
            index = RRULE_DAYS.index(positions[0].group(2))
            numbers = sorted({int(match.group(1) or setpos or 1) for match in positions},
                             key=lambda number: (number < 0, number))
            ordinals = [ORDINALS[lang].get(number) for number in numbers]
            if all(ordinals):
                ordinal = _join(ordinals, lang)
                text = {"sv": f"{ordinal} {WEEKDAYS_DEFINITE_SV[index]} i månaden",
                        "fi": f"kuukauden {ordinal} {WEEKDAYS['fi'][index]}",
                        "en": f"{ordinal} {WEEKDAYS['en'][index]} of the month"}[lang]
        elif parts.get("BYMONTHDAY", "").isdigit() or (not byday and day):
            number = int(parts.get("BYMONTHDAY") or day.day)
            text = {"sv": f"den {number} i varje månad", "fi": f"kuukauden {number}. päivä",
                    "en": f"on day {number} of every month"}[lang]
    if text is None:
        text = {"sv": "återkommande", "fi": "toistuva", "en": "recurring"}[lang]
        bounded = False
    words = f"{text} {_with_clock(span, lang)}".strip()
    if further:
        words = _join([words, *further], lang)
    last = _last_date(rrule, start, end, all_day) if bounded else None
    if last:
        words += {"sv": f", till och med {day_words(last, 'sv')}", "fi": f", {day_words(last, 'fi')} asti",
                  "en": f", until {day_words(last, 'en')}"}[lang]
    return words


def zoned(words: str | None, tz, lang: str) -> str | None:
    """A series' words with whose time its times are, when that is not Finland's."""
    if words and other_zone(tz) and re.search(r"\d[.:]?\d*–|\b(kl\.|klo|at) \d", words):
        return f"{words} ({zone_words(tz, lang)})"
    return words


def further_words(extras: list[tuple], lang: str, zone: ZoneInfo = LOCAL_ZONE) -> list[str]:
    """The dates a series' rule does not make (further rules), in words: a weekday at one time
    twice or more is 'fredag 9–13' (days at the same time together: 'lördag och söndag 10–14'),
    days in a row at one time '10–11 december kl. 10–12', a lone date 'torsdag 10 december kl. 13'.
    More than three lone dates or runs are left out (the dates list has them)."""
    by_time: dict[tuple, list] = {}
    for begin, finish, whole_day in extras:
        key = (time_span(_iso(begin, zone), _iso(finish, zone), whole_day, lang), bool(whole_day))
        by_time.setdefault(key, []).append(begin.astimezone(zone).date() if isinstance(begin, datetime) else begin)
    weekly, dated = [], []
    for (span, _), days in by_time.items():
        counts: dict[int, int] = {}
        for day in days:
            counts[day.weekday()] = counts.get(day.weekday(), 0) + 1
        repeated = sorted(weekday for weekday, count in counts.items() if count >= 2)
        if repeated:
            weekly.append((repeated[0], f"{weekday_names(repeated, lang)} {_with_clock(span, lang)}".strip()))
        rest = sorted(day for day in days if day.weekday() not in repeated)
        runs: list[list[date]] = []
        for day in rest:
            if runs and day == runs[-1][-1] + timedelta(days=1):
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in runs:
            when = (day_span(run[0], run[-1], lang) if len(run) > 1 else
                    (WEEKDAYS[lang][run[0].weekday()] + " " + day_words(run[0], lang)))
            dated.append((run[0], f"{when} {_with_clock(span, lang, lang != 'en')}".strip()))
    weekly.sort()
    dated.sort()
    return [words for _, words in weekly] + ([words for _, words in dated] if len(dated) <= 3 else [])


def safe_url(value) -> str | None:
    """Only http(s) links from a source are used as links (no javascript:, data: …)."""
    text = str(value or "").strip()
    parsed = urllib.parse.urlsplit(text)
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return text
    return None


def organiser_link(value, base=None) -> str | None:
    """The organiser's page of an event as a link: its url if that is http(s); a relative one
    ("/evenemang/123", "tapahtuma.html") made absolute from the source's url when that is an
    http(s) (or webcal, read as https) address; else None, never a link that goes nowhere."""
    absolute = safe_url(value)
    if absolute or not value:
        return absolute
    text = str(value).strip()
    if urllib.parse.urlsplit(text).scheme or text.startswith(("//", "\\")) or any(ord(c) < 32 for c in text):
        return None  # another scheme (javascript:, mailto:) or another host: not the source's page
    base_text = str(base or "").strip()
    if base_text.lower().startswith("webcal://"):
        base_text = "https://" + base_text[len("webcal://"):]
    if not safe_url(base_text):
        return None
    return safe_url(urllib.parse.urljoin(base_text, text))


def json_list(value) -> list[str]:
    try:
        items = json.loads(value) if value else []
    except (TypeError, ValueError):
        return []
    return [str(item) for item in items] if isinstance(items, list) else []


def map_url(location, address, municipality) -> str | None:
    parts = [part for part in (address or location, municipality) if part]
    if not parts:
        return None
    query = ", ".join(dict.fromkeys(parts))
    return "https://www.openstreetmap.org/search?" + urllib.parse.urlencode({"query": query})


def link(path: str, params: dict) -> str:
    clean = {key: value for key, value in params.items() if value not in (None, "", 0)}
    return path + ("?" + urllib.parse.urlencode(clean) if clean else "")


def price(free, lang: str) -> tuple[str, str]:
    t = STRINGS[lang]
    if free == 1:
        return t["free"], "free"
    if free == 0:
        return t["fee"], "fee"
    return t["price_unknown"], "unknown"


def status_label(status, lang: str) -> str | None:
    if status == "cancelled":
        return STRINGS[lang]["cancelled"]
    if status == "postponed":
        return STRINGS[lang]["postponed"]
    return None


def card(row: dict, lang: str, today: date, search: dict | None = None) -> dict:
    """One result; `search` (the search it was found by) rides along on its link, so that the
    activity page's "back to the search" returns to the same results."""
    free_text, free_kind = price(row["free_of_charge"], lang)
    status = row["next_status"] if row["next_status"] in ("cancelled", "postponed") else row["status"]
    when = (row["next_start"], row["next_end"], row["next_all_day"])
    cancelled_when = None
    if status == "cancelled" and row["status"] != "cancelled" and row.get("open_start"):
        # One date of a running series is cancelled: the next time is the date after it.
        cancelled_when = format_when(*when, lang, today, row.get("timezone"))
        when, status = (row["open_start"], row["open_end"], row["open_all_day"]), None
    return {
        "id": row["id"],
        "title": row["title"] or "—",
        "href": link("/activity", {"id": row["id"], "lang": lang, **(search or {})}),
        "when": format_when(*when, lang, today, row.get("timezone")),
        "when_iso": when[0],
        "cancelled_when": cancelled_when,
        "series": zoned(describe_series(row["rrule"], row["series_start"], row["series_end"], row["series_all_day"],
                                        lang, further_words(row.get("further") or [], lang, _zone(row.get("timezone")))),
                        row.get("timezone"), lang),
        "status": status_label(status, lang),
        "place": ", ".join(part for part in (row["location"], municipality_label(row["municipality"], lang)) if part),
        "organiser": row["organiser"],
        "free": free_text, "free_kind": free_kind,
        "url": organiser_link(row["url"], row.get("source_url")),
        "categories": [label(CATEGORIES, key, lang) for key in json_list(row["categories"]) if key in CATEGORIES],
        "audiences": [label(AUDIENCES, key, lang) for key in json_list(row["audiences"]) if key in AUDIENCES],
        "language": label(ACTIVITY_LANGUAGES, row["language"], lang) if row["language"] in ACTIVITY_LANGUAGES else None,
        "also": other_dates_words(row, lang, today),
    }


def other_dates_words(row: dict, lang: str, today: date) -> str | None:
    """The card's further dates of an activity that is not a series: 'Tisdag 8 december kl. 14',
    two such ('…; …'), or the first and how many more ('… och 5 tillfällen till')."""
    later, count = row.get("other_dates") or [], row.get("other_count") or 0
    words = [format_when(o["start"], o["end"], o["all_day"], lang, today, row.get("timezone")) for o in later]
    if not words:
        return None
    if count <= OTHER_DATES:
        return "; ".join(words)
    return f"{words[0]} {more_dates(count - 1, lang)}"


# --- database access ---------------------------------------------------------------------------------

def catalogue_db(datasette):
    names = [name for name in datasette.databases if not name.startswith("_")]
    if DATABASE in names:
        return datasette.get_database(DATABASE)
    if not names:
        raise NotFound("no database")
    return datasette.get_database(names[0])


def _cache(datasette) -> dict:
    if not hasattr(datasette, "_kalendarium_cache"):
        datasette._kalendarium_cache = {}
    return datasette._kalendarium_cache


async def event_columns(datasette, db) -> set[str]:
    cache = _cache(datasette)
    key = ("columns", db.name)
    if key not in cache or db.is_mutable:
        result = await db.execute("select name from pragma_table_info('events')")
        cache[key] = {row[0] for row in result.rows}
    return cache[key]


async def municipalities(datasette, db, columns: set[str]) -> list[str]:
    cache = _cache(datasette)
    key = ("municipalities", db.name)
    if key not in cache or db.is_mutable:
        result = await db.execute(
            "select distinct municipality from events indexed by events_municipality_language "
            "where municipality is not null and municipality != '' order by municipality"
            if await _has_index(db, "events_municipality_language") else
            "select distinct municipality from events where municipality is not null "
            "and municipality != '' order by municipality")
        cache[key] = [row[0] for row in result.rows]
    return cache[key]


async def _has_index(db, name: str) -> bool:
    result = await db.execute("select 1 from sqlite_master where type = 'index' and name = ?", [name])
    return bool(result.rows)


async def add_next_open_dates(db, rows: list[dict]) -> list[dict]:
    """For an activity whose next date is cancelled (the activity itself is not), its next
    date that is not: the card shows that as the next time and the cancelled one apart, rather
    than the whole series as cancelled. Few rows ever need it, so one small query each."""
    for row in rows:
        if row["next_status"] == "cancelled" and row["status"] != "cancelled":
            result = await db.execute(
                'select start, "end", all_day from occurrences where event_id = ? and start_utc > ? '
                "and coalesce(status, '') != 'cancelled' order by start_utc limit 1",
                [row["id"], row["next_utc"]])
            if result.rows:
                row["open_start"], row["open_end"], row["open_all_day"] = tuple(result.rows[0])
    return rows


FURTHER_DAYS = 63  # a card's series words read this many days of its dates


def further_dates(event: dict, occurrences: list[dict]) -> list[tuple]:
    """The dates of a series that its rule (the events row's) does not make: those of its
    further rules ("fre 9–13" of "mån–tors 9–15, fre 9–13"), as (start, end, all_day)."""
    if not event.get("rrule") or not occurrences:
        return []
    zone = _zone(event.get("timezone"))
    split = _split_by_rule(event, occurrences, zone, bool(event.get("all_day")))
    return split[1] if split else []


async def add_further_dates(db, rows: list[dict], today: date) -> list[dict]:
    """For the series among the rows, their dates in the next weeks that their rule does not
    make (`further`), so that the card's words name every rule. One query for the page."""
    await add_other_dates(db, [row for row in rows if not row.get("rrule")], today)
    series = [row for row in rows if row.get("rrule")]
    if not series:
        return rows
    result = await db.execute(
        'select event_id, start, "end", all_day, status from occurrences where event_id in '
        "(select value from json_each(?)) and date between ? and ? order by start_utc",
        [json.dumps([row["id"] for row in series]), today.isoformat(),
         (today + timedelta(days=FURTHER_DAYS)).isoformat()])
    dates: dict[str, list[dict]] = {}
    for row in result.rows:
        dates.setdefault(row["event_id"], []).append(dict(row))
    for row in series:
        event = {"rrule": row["rrule"], "start": row["series_start"], "end": row["series_end"],
                 "all_day": row["series_all_day"], "timezone": row.get("timezone")}
        row["further"] = further_dates(event, dates.get(row["id"], []))
    return rows


OTHER_DATES = 2  # a card names this many more dates of an activity that is not a series


async def add_other_dates(db, rows: list[dict], today: date) -> None:
    """For activities that are not a series, their upcoming dates after the card's next one
    (`other_dates`, at most OTHER_DATES + 1, and `other_count`): "lö 5.12. kl. 13 och 15" or
    two dates listed showed one date only, as if it were once."""
    if not rows:
        return
    result = await db.execute(
        'select event_id, start, "end", all_day, status from occurrences where event_id in '
        "(select value from json_each(?)) and coalesce(end_utc, start_utc) >= ? "
        "and coalesce(status, '') != 'cancelled' order by start_utc",
        [json.dumps([row["id"] for row in rows]), now_utc_text()])
    dates: dict[str, list[dict]] = {}
    for row in result.rows:
        dates.setdefault(row["event_id"], []).append(dict(row))
    for row in rows:
        shown = {row.get("next_start"), row.get("open_start")}
        later = [o for o in dates.get(row["id"], []) if o["start"] not in shown
                 and o["start"] > (row.get("open_start") or row.get("next_start") or "")]
        row["other_dates"], row["other_count"] = later[:OTHER_DATES + 1], len(later)


def more_dates(n: int, lang: str) -> str:
    return STRINGS[lang]["more_dates_one"] if n == 1 else STRINGS[lang]["more_dates"].format(n=n)


WORD = re.compile(r"[^\W\d_]{3,}")


async def title_words(datasette, db, columns: set[str]) -> list[str]:
    """The words, three letters or more and in lower case, of the shown activities' titles and
    places, and the ends of their compound words, five letters or more ("jumppa" of
    "tuolijumppa"): what a mistyped search word is compared with."""
    cache = _cache(datasette)
    key = ("words", db.name)
    if key not in cache or db.is_mutable:
        result = await db.execute(f"select e.title, e.location from events e where {visible_condition(columns)}")
        words = {word.casefold() for row in result.rows for text in row if text for word in WORD.findall(text)}
        cache[key] = sorted(words | {word[start:] for word in words for start in range(1, len(word) - 4)})
    return cache[key]


async def suggest_search(datasette, params: dict) -> str | None:
    """For a search that found nothing, the same search with each word the catalogue does not
    contain replaced by its nearest word in the titles and places ("jumpa" → "jumppa",
    "omaishoitaja" → "omaishoitajien"), if that search finds something; else None."""
    db = catalogue_db(datasette)
    columns = await event_columns(datasette, db)
    vocabulary = await title_words(datasette, db, columns)
    words = params["q"].split()
    choices = []  # per word: itself, or the nearest words the catalogue has
    for word in words:
        found = None
        if len(word) >= 4:
            found = await db.execute("select 1 from events_fts where events_fts match ? limit 1", [fts_query(word)])
        # In a thread: over a country's words (200,000 with the compound ends) this takes 0.2–0.4 s.
        close = [] if found is None or found.rows else await asyncio.to_thread(
            difflib.get_close_matches, word.casefold(), vocabulary, n=3, cutoff=0.75)
        choices.append(close or [word])
    for rank in range(3):  # the nearest first; a further one when the nearest is not on in the window
        suggestion = " ".join(options[min(rank, len(options) - 1)] for options in choices)
        if suggestion.casefold() == params["q"].casefold():
            return None
        _, _, _, rows = await run_search(datasette, {**params, "q": suggestion, "page": 1}, 1)
        if rows:
            return suggestion
    return None


def all_upcoming(params: dict, today: date) -> dict | None:
    """The same search over every upcoming date (a year), when it covers fewer days."""
    every = {**params, "when": "range", "from": today.isoformat(), "to": "", "page": 1}
    return every if search_window(params, today) != search_window(every, today) else None


async def found_later(datasette, params: dict, today: date) -> dict | None:
    """For a search that found nothing in its days: the search over every upcoming date, if
    that finds something ("omaishoitaja" has nothing this month, three in the spring)."""
    every = all_upcoming(params, today)
    if every is None or search_window(params, today)[1] < today.isoformat():
        return None
    _, _, _, rows = await run_search(datasette, every, 1)
    return every if rows else None


async def run_search(datasette, params: dict, limit: int, offset: int = 0):
    """Rows of the staff search, and the complete SQL (for the CSV/JSON export links)."""
    db = catalogue_db(datasette)
    columns = await event_columns(datasette, db)
    today, now = today_in_finland(), now_utc_text()

    async def execute(sql, args):
        return [dict(row) for row in (await db.execute(sql, args)).rows]

    rows = await add_next_open_dates(db, await search(execute, params, columns, today, now, limit, offset))
    rows = await add_further_dates(db, rows, today)
    sql, args = build_search_sql(params, columns, today, now, limit, offset)
    return db, sql, args, rows


# --- pages ---------------------------------------------------------------------------------------------

def page_context(request, lang: str, **extra) -> dict:
    here = request.path
    others = {key: request.args.get(key) for key in request.args.keys() if key != "lang"}
    return {
        "lang": lang, "t": STRINGS[lang], "more_dates": lambda n: more_dates(n, lang),
        "languages": [{"code": code, "name": STRINGS[code]["language_name"],
                       "href": link(here, {**others, "lang": code}), "current": code == lang}
                      for code in LANGUAGES],
        **extra,
    }


def search_links(params: dict, lang: str) -> dict:
    base = {key: params[key] for key in ("q", "municipality", "audience", "category", "when",
                                         "from", "to", "free", "language")}
    if base["when"] == "30":
        base["when"] = ""
    return {"base": base, "ical": link("/search.ics", {**base, "lang": lang}),
            "atom": link("/search.atom", {**base, "lang": lang})}


def search_state(args) -> dict:
    """The search (filters and page) in a query string, as the parameters of a link back to it."""
    params = parse_search(args)
    return {**search_links(params, DEFAULT_LANGUAGE)["base"], "page": params["page"] if params["page"] > 1 else ""}


def results_summary(shown: int, offset: int, more: bool, lang: str) -> str:
    """'5 activities', 'More than 30 activities – showing the first 30'; after the first page
    the place in the list ('Activities 31–60 of more than 60'), or that there are no more."""
    t = STRINGS[lang]
    count = offset + shown
    if offset and not shown:
        return t["no_more"]
    if offset:
        return t["results_page_more" if more else "results_page"].format(first=offset + 1, last=count, n=count)
    if more:
        return t["results_more"].format(n=count)
    return t["results_one"] if count == 1 else t["results_many"].format(n=count)


def search_notices(params: dict, lang: str, today: date) -> list[str]:
    """What the page must tell about the dates asked for: one that could not be read (it is
    left out, not silently), or a range wholly in the past (the catalogue has the future only)."""
    t = STRINGS[lang]
    example = format_numeric_date(today + timedelta(days=7))
    notices = [t["unreadable_date"].format(value=value, example=example) for value in params["unreadable_dates"]]
    if search_window(params, today)[1] < today.isoformat():
        notices.append(t["past_dates"])
    return notices


def format_numeric_date(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def municipality_from_words(params: dict, known: list[str]) -> dict:
    """A municipality typed in the search box, in either language ('gym Karleby', 'Kokkola'),
    becomes the municipality filter: the text search reads title, description and place, where
    the town's name is seldom written, so the word alone found nothing."""
    if params["municipality"] or not params["q"]:
        return params
    words = params["q"].split()
    for index, word in enumerate(words):
        name = load_gazetteer().known(word.strip(",.;:()"))
        if name in known:
            return {**params, "q": " ".join(words[:index] + words[index + 1:]), "municipality": name}
    return params


async def search_params(datasette, request) -> dict:
    """The search asked for in the query string, as the page, feeds and exports run it."""
    db = catalogue_db(datasette)
    known = await municipalities(datasette, db, await event_columns(datasette, db))
    return municipality_from_words(parse_search(request.args), known)


async def search_page(datasette, request):
    lang = choose_language(request)
    params = await search_params(datasette, request)
    offset = (params["page"] - 1) * PAGE_SIZE
    db, sql, args, rows = await run_search(datasette, params, PAGE_SIZE + 1, offset)
    today = today_in_finland()
    more = len(rows) > PAGE_SIZE
    cards = [card(row, lang, today, search_state(request.args)) for row in rows[:PAGE_SIZE]]
    columns = await event_columns(datasette, db)
    links = search_links(params, lang)
    export_args = {key: value for key, value in args.items() if key not in ("limit", "offset")}
    export_sql = sql.replace("limit :limit offset :offset", f"limit {EXPORT_SIZE}")
    t = STRINGS[lang]
    summary = results_summary(len(cards), offset, more, lang)
    suggestion = await suggest_search(datasette, params) if not rows and params["q"] and not offset else None
    later = await found_later(datasette, params, today) if not rows and not offset else None
    first, last = search_window(params, today)
    context = page_context(
        request, lang,
        params=params, cards=cards, more=more, summary=summary, searched=bool(request.args),
        notices=search_notices(params, lang, today),
        suggestion=suggestion,
        later_href=link("/", {**search_links(later, lang)["base"], "lang": lang}) if later else None,
        suggestion_href=link("/", {**links["base"], "q": suggestion, "lang": lang}) if suggestion else None,
        window={"first": first, "last": last},
        municipalities=sorted(((name, municipality_label(name, lang)) for name in
                               await municipalities(datasette, db, columns)), key=lambda item: nordic_key(item[1])),
        audiences=[(key, label(AUDIENCES, key, lang)) for key in AUDIENCES],
        categories=[(key, label(CATEGORIES, key, lang)) for key in CATEGORIES],
        activity_languages=[(key, label(ACTIVITY_LANGUAGES, key, lang)) for key in ACTIVITY_LANGUAGES],
        when_choices=[("today", t["today"]), ("week", t["week"]), ("30", t["next30"]), ("range", t["range"])],
        first_href=link("/", {**links["base"], "lang": lang}) if params["page"] > 1 else None,
        next_href=link("/", {**links["base"], "lang": lang, "page": params["page"] + 1}) if more else None,
        previous_href=(link("/", {**links["base"], "lang": lang, "page": params["page"] - 1})
                       if params["page"] > 1 else None),
        feeds={
            "ical": links["ical"], "atom": links["atom"],
            "csv": link(f"/{db.name}.csv", {"sql": export_sql, **export_args, "_size": "max"}),
            "json": link(f"/{db.name}.json", {"sql": export_sql, **export_args, "_shape": "objects"}),
        },
        analysts={"database": f"/{db.name}", "coverage": f"/{db.name}/coverage",
                  "this_week": f"/{db.name}/this_week", "sources": f"/{db.name}/sources",
                  "health": f"/{db.name}/source_health"},
    )
    return Response.html(await datasette.render_template("kal_search.html", context, request=request))


async def load_activity(datasette, request):
    event_id = (request.args.get("id") or "").strip()
    db = catalogue_db(datasette)
    columns = await event_columns(datasette, db)
    result = await db.execute(
        f"select e.*, s.name as source_name, s.url as source_url from events e "
        f"left join sources s on s.id = e.source_id where e.id = ? and {visible_condition(columns)}",
        [event_id])
    if not result.rows:
        return db, None, []
    event = dict(result.rows[0])
    occurrences = await db.execute(
        "select start, \"end\", all_day, status, start_utc from occurrences "
        "where event_id = ? and coalesce(end_utc, start_utc) >= ? order by start_utc limit 400",
        [event_id, now_utc_text()])
    return db, event, [dict(row) for row in occurrences.rows]


def activity_view(event: dict, occurrences: list[dict], lang: str, today: date, relative: bool = True) -> dict:
    """What the activity page shows; `relative=False` for paper, read on another day than it
    is printed: 'Torsdag 3 december', never 'I morgon'."""
    free_text, free_kind = price(event.get("free_of_charge"), lang)
    registration = event.get("registration_required")
    t = STRINGS[lang]
    if free_kind == "unknown":
        free_text = t["ask_organiser"]  # under the heading "Price" ("Price: ask the organiser" on a card)
    return {
        "id": event["id"],
        "title": event.get("title") or "—",
        "description": [part.strip() for part in (event.get("description") or "").split("\n\n") if part.strip()],
        "status": status_label(event.get("status"), lang),
        "series": zoned(describe_series(event.get("rrule"), event.get("start"), event.get("end"), event.get("all_day"),
                                        lang, further_words(further_dates(event, occurrences), lang,
                                                            _zone(event.get("timezone")))),
                        event.get("timezone"), lang),
        "dates": [{"when": format_when(o["start"], o["end"], o["all_day"], lang, today, event.get("timezone"), relative),
                   "iso": o["start"], "status": status_label(o["status"], lang)} for o in occurrences],
        "next": next((format_when(o["start"], o["end"], o["all_day"], lang, today, event.get("timezone"), relative)
                      for o in occurrences
                      if o["status"] != "cancelled" and event.get("status") != "cancelled"), None),
        "location": event.get("location"),
        "address": (event.get("address") if event.get("address") and
                    event.get("address") not in (event.get("location") or "") else None),
        "municipality": municipality_label(event.get("municipality"), lang),
        "map": map_url(event.get("location"), event.get("address"), event.get("municipality")),
        "organiser": event.get("organiser") or event.get("source_name"),
        "url": organiser_link(event.get("url"), event.get("source_url")),
        "source_name": event.get("source_name"), "source_url": safe_url(event.get("source_url")),
        "free": free_text, "free_kind": free_kind,
        "registration": (t["registration_yes"] if registration == 1 else
                         t["registration_no"] if registration == 0 else None),
        "accessibility": event.get("accessibility"),
        "categories": [label(CATEGORIES, key, lang) for key in json_list(event.get("categories")) if key in CATEGORIES],
        "audiences": [label(AUDIENCES, key, lang) for key in json_list(event.get("audiences")) if key in AUDIENCES],
        "language": (label(ACTIVITY_LANGUAGES, event.get("language"), lang)
                     if event.get("language") in ACTIVITY_LANGUAGES else None),
    }


def organiser_link_of(event: dict) -> str | None:
    return organiser_link(event.get("url"), event.get("source_url"))


def json_ld(event: dict, occurrences: list[dict], page_url: str) -> Markup:
    """schema.org Event, safe inside <script>: '</' becomes '<\\/' and '<!--' cannot open a comment."""
    first = next((o for o in occurrences if o["status"] != "cancelled"), occurrences[0] if occurrences else None)
    status = {"cancelled": "EventCancelled", "postponed": "EventPostponed"}.get(event.get("status"), "EventScheduled")
    data = {
        "@context": "https://schema.org", "@type": "Event",
        "@id": page_url, "name": event.get("title"),
        "description": event.get("description") or None,
        "startDate": (first or event)["start"], "endDate": (first or event).get("end"),
        "eventStatus": f"https://schema.org/{status}",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "inLanguage": event.get("language"),
        "url": organiser_link_of(event) or page_url,
    }
    if event.get("location") or event.get("address"):
        data["location"] = {"@type": "Place", "name": event.get("location") or event.get("address"),
                            "address": {"@type": "PostalAddress",
                                        "streetAddress": event.get("address"),
                                        "addressLocality": event.get("municipality"),
                                        "addressCountry": "FI"}}
    if event.get("organiser"):
        data["organizer"] = {"@type": "Organization", "name": event["organiser"],
                             "url": safe_url(event.get("source_url"))}
    if event.get("free_of_charge") in (0, 1):
        data["isAccessibleForFree"] = bool(event["free_of_charge"])
    if event.get("rrule"):
        data["eventSchedule"] = {"@type": "Schedule", "scheduleTimezone": event.get("timezone") or "Europe/Helsinki",
                                 "startDate": event.get("start"), "repeatFrequency": event["rrule"]}
    if len(occurrences) > 1:
        data["subEvent"] = [{"@type": "Event", "name": event.get("title"), "startDate": o["start"],
                             "endDate": o["end"],
                             "eventStatus": "https://schema.org/" + ("EventCancelled" if o["status"] == "cancelled"
                                                                      else "EventScheduled")}
                            for o in occurrences[:50]]
    data = _drop_empty(data)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace("</", "<\\/").replace("<!--", "\\u003c!--"))


def _drop_empty(value):
    if isinstance(value, dict):
        return {key: _drop_empty(item) for key, item in value.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_drop_empty(item) for item in value]
    return value


async def activity_page(datasette, request):
    lang = choose_language(request)
    db, event, occurrences = await load_activity(datasette, request)
    if event is None:
        context = page_context(request, lang, missing=True, back=link("/", {"lang": lang}))
        return Response.html(await datasette.render_template("kal_activity.html", context, request=request),
                             status=404)
    today = today_in_finland()
    event_id = event["id"]
    search = search_state(request.args)
    context = page_context(
        request, lang, missing=False,
        activity=activity_view(event, occurrences, lang, today),
        json_ld=json_ld(event, occurrences, datasette.absolute_url(request, link("/activity", {"id": event_id}))),
        ics_href=link("/activity.ics", {"id": event_id}),
        print_href=link("/activity/print", {"id": event_id, "lang": lang, **search}),
        back=link("/", {**search, "lang": lang}),
        row_href=f"/{db.name}/events?" + urllib.parse.urlencode({"id": event_id}),
    )
    return Response.html(await datasette.render_template("kal_activity.html", context, request=request))


async def print_page(datasette, request):
    lang = choose_language(request)
    _, event, occurrences = await load_activity(datasette, request)
    if event is None:
        raise NotFound(STRINGS[lang]["not_found"])  # the reader's page, see handle_exception
    view = activity_view(event, occurrences, lang, today_in_finland(), relative=False)
    # One A4 page: a title of a paragraph's length (smaller type, see site.css) leaves room for
    # fewer dates and a shorter description.
    long_title = len(view["title"]) > LONG_TITLE
    shown = view["dates"][:4 if long_title else 6]
    context = page_context(request, lang, activity=view, shown_dates=shown, long_title=long_title,
                           description_length=250 if long_title else 400,
                           hidden_dates=max(len(view["dates"]) - len(shown), 0),
                           back=link("/activity", {"id": event["id"], "lang": lang, **search_state(request.args)}))
    return Response.html(await datasette.render_template("kal_print.html", context, request=request))


# --- iCalendar and Atom ---------------------------------------------------------------------------------

def _zone(name) -> ZoneInfo:
    try:
        return ZoneInfo(name or "Europe/Helsinki")
    except (ZoneInfoNotFoundError, ValueError):
        return LOCAL_ZONE


def _moment(text, zone: ZoneInfo, all_day: bool):
    if not text:
        return None
    text = str(text)
    if all_day or len(text) == 10:
        return date.fromisoformat(text[:10])
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def calendar_place(event: dict) -> str:
    """Place, address and municipality for a calendar entry; the municipality only when the
    address does not already name it in either language ("Kyrkogatan 8, Karleby", not
    "Kyrkogatan 8, Karleby, Kokkola")."""
    parts = [part for part in (event.get("location"), event.get("address")) if part]
    town = event.get("municipality")
    written = " ".join(parts).casefold()
    if town and not any(name.casefold() in written for name in {town, municipality_label(town, "sv")}):
        parts.append(town)
    return ", ".join(parts)


def ical_events(event: dict, occurrences: list[dict], page_url: str | None) -> list:
    """VEVENTs of one activity, holding every date the catalogue has of it.

    A series is DTSTART + RRULE (its first rule, the events row's) + EXDATE: the source's
    exdates, cancelled dates, and the rule's dates the catalogue does not have between its
    first and last stored date. The stored dates the rule does not make (further rules,
    "mån–tors 9–15, fre 9–13"; extra showings; a moved date) follow: on one weekday at one
    time, weekly, as a VEVENT with RRULE + UNTIL (+ EXDATE), otherwise one VEVENT each. Not
    RDATE: it cannot give a date its own length without PERIOD values, which calendar apps
    read poorly, and some ignore RDATE altogether.

    Anything else is one VEVENT per occurrence (cancelled ones marked)."""
    from icalendar import Event, vRecur

    zone = _zone(event.get("timezone"))
    all_day = bool(event.get("all_day"))
    stamp = datetime.now(timezone.utc).replace(microsecond=0)

    def base(uid: str, start, end, status, whole_day: bool = all_day) -> Event:
        item = Event()
        item.add("uid", uid)
        item.add("dtstamp", stamp)
        item.add("summary", event.get("title") or "")
        if event.get("description"):
            item.add("description", event["description"])
        place = calendar_place(event)
        if place:
            item.add("location", place)
        if organiser_link_of(event):
            item.add("url", organiser_link_of(event))
        if event.get("organiser"):
            item.add("x-kalendarium-organiser", event["organiser"])
        begin = _moment(start, zone, whole_day)
        item.add("dtstart", begin)
        finish = _moment(end, zone, whole_day)
        if isinstance(begin, date) and not isinstance(begin, datetime):
            item.add("dtend", (finish or begin) + timedelta(days=1))  # DTEND is exclusive
        elif finish and finish > begin:
            item.add("dtend", finish)
        item.add("status", "CANCELLED" if status == "cancelled" else "CONFIRMED")
        return item

    uid = f"{event['id']}@kalendarium"
    rrule = event.get("rrule")
    if rrule:
        try:
            recur = vRecur.from_ical(str(rrule).replace("RRULE:", ""))
        except ValueError:
            recur = None
        split = _split_by_rule(event, occurrences, zone, all_day) if recur is not None else None
        if split is not None:
            missing, extras = split
            item = base(uid, event["start"], event.get("end"), event.get("status"))
            item.add("rrule", recur)
            excluded = [_moment(value, zone, all_day) for value in json_list(event.get("exdates"))] + missing
            excluded = sorted({value for value in excluded if value is not None and
                               type(value) is type(item.decoded("dtstart"))}, key=str)
            if excluded:
                item.add("exdate", excluded)
            return [item, *_further_dates(event, extras, zone, base)]
    if not occurrences:
        return [base(uid, event["start"], event.get("end"), event.get("status"))]
    items = []
    for occurrence in occurrences:
        occurrence_uid = uid if len(occurrences) == 1 else f"{event['id']}@{occurrence['start']}@kalendarium"
        status = "cancelled" if "cancelled" in (occurrence["status"], event.get("status")) else occurrence["status"]
        items.append(base(occurrence_uid, occurrence["start"], occurrence["end"], status,
                          bool(occurrence.get("all_day", all_day))))
    return items


def _split_by_rule(event: dict, occurrences: list[dict], zone: ZoneInfo, all_day: bool):
    """(the rule's starts to exclude, the stored dates the rule does not make), or None for
    a rule that cannot be read. The rule's dates as a calendar app makes them: DTSTART is one
    (RFC 5545), whether or not the rule would make it."""
    from normalise.recurrence import RecurrenceError, expand

    start, end = _moment(event["start"], zone, all_day), _moment(event.get("end"), zone, all_day)
    if start is None:
        return None
    stored = []
    for occurrence in occurrences:
        whole_day = bool(occurrence.get("all_day", all_day))
        begin = _moment(occurrence["start"], zone, whole_day)
        if begin is not None:
            stored.append((begin, _moment(occurrence.get("end"), zone, whole_day), occurrence.get("status"), whole_day))
    if not stored:
        return [], []
    day = lambda value: value.astimezone(zone).date() if isinstance(value, datetime) else value  # noqa: E731
    first, last = min(day(item[0]) for item in stored), max(day(item[0]) for item in stored)
    if isinstance(end, datetime) != isinstance(start, datetime) or (end is not None and end < start):
        end = None
    try:
        made = expand(start, end, str(rrule_text(event["rrule"])), tz=zone.key, window_start=first, window_end=last)
    except (RecurrenceError, ValueError, TypeError):
        return None
    if first <= day(start) <= last:
        made.append((start, end))
    kept = {(begin, finish) for begin, finish, status, _ in stored if status != "cancelled"}
    rule_dates = {(begin, finish) for begin, finish in made}
    missing = sorted({begin for begin, finish in rule_dates if (begin, finish) not in kept}, key=str)
    extras = sorted(((begin, finish, whole_day) for begin, finish, status, whole_day in stored
                     if status != "cancelled" and (begin, finish) not in rule_dates), key=lambda item: str(item[0]))
    return missing, extras


def rrule_text(value) -> str:
    return str(value or "").strip().removeprefix("RRULE:")


def _further_dates(event: dict, extras: list[tuple], zone: ZoneInfo, base) -> list:
    """The stored dates a series' rule does not make, as VEVENTs: a weekday at one time, three
    times or more and mostly weekly, is one VEVENT with a weekly RRULE until its last date
    (its missing weeks excluded); the rest one VEVENT each."""
    from icalendar import vRecur

    groups: dict[tuple, list[tuple]] = {}
    for begin, finish, whole_day in extras:
        clock = begin.astimezone(zone).strftime("%H%M") if isinstance(begin, datetime) else ""
        length = (finish - begin) if finish is not None else None
        weekday = (begin.astimezone(zone) if isinstance(begin, datetime) else begin).weekday()
        groups.setdefault((weekday, clock, length, whole_day), []).append((begin, finish))
    items = []
    for (weekday, clock, _, whole_day), dates in groups.items():
        dates.sort(key=lambda item: str(item[0]))
        first, last = dates[0][0], dates[-1][0]
        weeks = ((last - first).days + 6) // 7 + 1 if len(dates) > 1 else 1
        if len(dates) >= 3 and weeks <= 2 * len(dates):  # one weekday at one time: weeks apart
            uid = f"{event['id']}@weekly-{RRULE_DAYS[weekday]}{'-' + clock if clock else ''}@kalendarium"
            item = base(uid, _iso(first, zone), _iso(dates[0][1], zone), "scheduled", whole_day)
            until = last.astimezone(timezone.utc) if isinstance(last, datetime) else last
            item.add("rrule", vRecur({"FREQ": "WEEKLY", "UNTIL": until}))
            present = {begin for begin, _ in dates}
            step = first
            skipped = []
            while step <= last:
                if step not in present:
                    skipped.append(step)
                step = _add_week(step, zone)
            if skipped:
                item.add("exdate", skipped)
            items.append(item)
        else:
            for begin, finish in dates:
                items.append(base(f"{event['id']}@{_iso(begin, zone)}@kalendarium", _iso(begin, zone),
                                  _iso(finish, zone), "scheduled", whole_day))
    items.sort(key=lambda item: str(item.decoded("dtstart")))
    return items


def _iso(value, zone: ZoneInfo):
    if value is None:
        return None
    return value.astimezone(zone).isoformat() if isinstance(value, datetime) else value.isoformat()


def _add_week(value, zone: ZoneInfo):
    """A week later at the same wall-clock time (across a daylight-saving change)."""
    if not isinstance(value, datetime):
        return value + timedelta(days=7)
    local = value.astimezone(zone).replace(tzinfo=None) + timedelta(days=7)
    return local.replace(tzinfo=zone)


def calendar_bytes(name: str, items: list) -> bytes:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Kalendarium//Kalendarium catalogue//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in items:
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _filename(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60]
    return slug or "kalendarium"


async def activity_ics(datasette, request):
    db = catalogue_db(datasette)
    event_id = (request.args.get("id") or "").strip()
    columns = await event_columns(datasette, db)
    result = await db.execute(f"select e.*, (select s.url from sources s where s.id = e.source_id) as source_url "
                              f"from events e where e.id = ? and {visible_condition(columns)}", [event_id])
    if not result.rows:
        raise NotFound(STRINGS[choose_language(request)]["not_found"])
    event = dict(result.rows[0])
    # Every stored date of the activity (past ones too) so the calendar entry is complete.
    occurrences = await db.execute(
        'select start, "end", all_day, status from occurrences where event_id = ? order by start_utc limit 1000',
        [event_id])
    items = ical_events(event, [dict(row) for row in occurrences.rows], None)
    body = calendar_bytes(event.get("title") or "Kalendarium", items)
    return Response(body, content_type="text/calendar; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{_filename(event.get("title") or "")}.ics"'})


async def _feed_rows(datasette, request):
    params = await search_params(datasette, request)
    db, _, _, rows = await run_search(datasette, params, FEED_SIZE)
    return db, params, rows


def _feed_title(params: dict, lang: str) -> str:
    bits = [params["q"]] if params["q"] else []
    bits += [municipality_label(params["municipality"], lang)] if params["municipality"] else []
    bits += [label(AUDIENCES, params["audience"], lang)] if params["audience"] else []
    bits += [label(CATEGORIES, params["category"], lang)] if params["category"] else []
    return "Kalendarium" + (": " + ", ".join(bits) if bits else "")


async def search_ics(datasette, request):
    lang = choose_language(request)
    db, params, rows = await _feed_rows(datasette, request)
    ids = [row["id"] for row in rows]
    events, occurrences = {}, {}
    if ids:
        result = await db.execute("select e.*, (select s.url from sources s where s.id = e.source_id) as source_url "
                                  "from events e where e.id in (select value from json_each(?))",
                                  [json.dumps(ids)])
        events = {row["id"]: dict(row) for row in result.rows}
        first, last = search_window(params, today_in_finland())
        # A series is a VEVENT with its RRULE for all its dates, and its other stored dates
        # (further rules) beside it: all its dates are read, so that every cancelled or
        # missing date of it is an EXDATE and every further date is there, not only those
        # inside the search's days. A dated event has the search's days.
        result = await db.execute(
            'select o.event_id, o.start, o."end", o.all_day, o.status from occurrences o '
            "join events e on e.id = o.event_id where o.event_id in (select value from json_each(?)) "
            "and (o.date between ? and ? or e.rrule is not null) order by o.start_utc",
            [json.dumps(ids), first, last])
        for row in result.rows:
            occurrences.setdefault(row["event_id"], []).append(dict(row))
    items = []
    for event_id in ids:
        items.extend(ical_events(events[event_id], occurrences.get(event_id, []), None))
    return Response(calendar_bytes(_feed_title(params, lang), items), content_type="text/calendar; charset=utf-8")


ATOM = "http://www.w3.org/2005/Atom"


async def search_atom(datasette, request):
    lang = choose_language(request)
    db, params, rows = await _feed_rows(datasette, request)
    today = today_in_finland()
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", lang)

    def sub(parent, tag, text=None, **attributes):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = text
        return element

    self_url = datasette.absolute_url(request, request.full_path)
    sub(feed, "id", self_url)
    sub(feed, "title", _feed_title(params, lang))
    sub(feed, "updated", now_utc_text())
    sub(feed, "link", rel="self", href=self_url)
    sub(feed, "link", rel="alternate", type="text/html",
        href=datasette.absolute_url(request, request.full_path.replace("/search.atom", "/", 1)))
    sub(sub(feed, "author"), "name", "Kalendarium")
    for row in rows:
        view = card(row, lang, today)
        entry = sub(feed, "entry")
        page = datasette.absolute_url(request, link("/activity", {"id": row["id"], "lang": lang}))
        sub(entry, "id", page)
        title = view["title"] + (f" ({view['status']})" if view["status"] else "")
        sub(entry, "title", title)
        sub(entry, "updated", _atom_time(row.get("next_utc")))
        sub(entry, "link", rel="alternate", type="text/html", href=page)
        summary = " · ".join(part for part in (view["when"], view["series"], view["place"], view["organiser"], view["free"]) if part)
        sub(entry, "summary", summary)
    body = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _atom_time(value) -> str:
    return value if value and value.endswith("Z") else now_utc_text()


# --- static and routes --------------------------------------------------------------------------------

async def kalendarium_css():
    return Response(CSS, content_type="text/css; charset=utf-8", headers={"cache-control": "max-age=3600"})


async def site_css():
    return Response((STATIC / "site.css").read_text(encoding="utf-8"), content_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=3600"})


@hookimpl
def extra_css_urls(template, view_name):
    if template and str(template).startswith("kal_"):
        return []
    return ["/-/kalendarium.css"]


DATA_SUFFIXES = (".json", ".csv")


@hookimpl
def handle_exception(datasette, request, exception):
    """A page that does not exist, in the reader's language, with the way back to the search,
    instead of Datasette's English "Database not found" without one. The JSON and CSV answers
    keep Datasette's own error for programs; other errors keep Datasette's page."""
    if not isinstance(exception, NotFound) or request is None or request.path.endswith(DATA_SUFFIXES):
        return None

    async def page():
        lang = choose_language(request)
        t = STRINGS[lang]
        about_activity = request.path.startswith("/activity")
        # Datasette's own reason ("Table not found") helps an analyst on Datasette's pages only.
        datasette_page = request.path.startswith(f"/{catalogue_db(datasette).name}/")
        context = page_context(request, lang, back=link("/", {"lang": lang}),
                               heading=t["not_found"] if about_activity else t["page_not_found"],
                               detail=str(exception.args[0]) if datasette_page and exception.args else None)
        return Response.html(await datasette.render_template("kal_error.html", context, request=request),
                             status=404)

    return page


@hookimpl
def register_routes():
    return [
        (r"^/$", search_page),
        (r"^/activity$", activity_page),
        (r"^/activity\.ics$", activity_ics),
        (r"^/activity/print$", print_page),
        (r"^/search\.ics$", search_ics),
        (r"^/search\.atom$", search_atom),
        (r"^/-/kalendarium\.css$", kalendarium_css),
        (r"^/-/kalendarium-site\.css$", site_css),
    ]


READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def read_only(scope, receive, send):
            if scope.get("type") == "http" and scope.get("method", "GET").upper() not in READ_METHODS:
                await Response.text("405 – skrivskyddad / vain luku / read-only", status=405,
                                    headers={"allow": "GET, HEAD, OPTIONS"}).asgi_send(send)
                return
            await app(scope, receive, send)

        return read_only

    return wrap
