"""Kalendarium's small Datasette plugin (loaded with `--plugins-dir datasette/plugins`).

* `extra_template_vars`: the landing page's strings in Swedish, Finnish and English, chosen by
  `?lang=sv|fi|en`, else by the browser's Accept-Language (sv or fi), else Swedish.
* `prepare_connection`: SQL functions for the canned queries in `metadata.yml`:
  `kalendarium_today()`, today's date in Finland (`YYYY-MM-DD`), so "this week" does not depend
  on the server's time zone; `kalendarium_fts_query(text)`, a safe FTS5 query for the trigram
  index (every word of 3+ characters quoted, shorter words dropped; '' when none is left).
* `asgi_wrapper`: the site is read-only, so any method but GET/HEAD/OPTIONS is answered with
  405 before Datasette sees it (Datasette 0.65 answers a POST to a read-only canned query
  with a 500).
* `extra_css_urls` + `register_routes`: one small stylesheet that makes Datasette's own pages
  easier to read (larger type), served from `/-/kalendarium.css`.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from datasette import hookimpl
from datasette.utils.asgi import Response

LOCAL_ZONE = ZoneInfo("Europe/Helsinki")
LANGUAGES = ("sv", "fi", "en")
DEFAULT_LANGUAGE = "sv"

STRINGS = {
    "sv": {
        "language_name": "Svenska",
        "heading": "Aktiviteter för hälsa och välmående",
        "intro": "Sök bland kommande aktiviteter från kommuner, församlingar och föreningar.",
        "search_label": "Sök aktivitet",
        "search_placeholder": "t.ex. gym, kör, jumppa",
        "search_button": "Sök",
        "search_hint": "Du kan skriva en del av ett ord: ”jumppa” hittar också ”Tuolijumppa”.",
        "this_week": "Den här veckan",
        "this_week_help": "Aktiviteter i dag och de följande sju dagarna",
        "all_events": "Alla evenemang",
        "all_events_help": "Filtrera på kommun, arrangör och språk",
        "sources": "Källor",
        "sources_help": "Varifrån uppgifterna kommer",
        "advanced": "Alla tabeller och SQL (för vana användare)",
        "language": "Språk",
        "notice": "Uppgifterna hämtas automatiskt. Kontrollera alltid tid och plats hos arrangören.",
        "no_database": "Databasen är inte tillgänglig just nu.",
    },
    "fi": {
        "language_name": "Suomi",
        "heading": "Terveyttä ja hyvinvointia edistävä toiminta",
        "intro": "Hae tulevaa toimintaa kunnista, seurakunnista ja yhdistyksistä.",
        "search_label": "Hae toimintaa",
        "search_placeholder": "esim. jumppa, kuoro, kahvila",
        "search_button": "Hae",
        "search_hint": "Voit kirjoittaa sanan osan: ”jumppa” löytää myös ”Tuolijumppa”.",
        "this_week": "Tällä viikolla",
        "this_week_help": "Toiminta tänään ja seuraavina seitsemänä päivänä",
        "all_events": "Kaikki tapahtumat",
        "all_events_help": "Rajaa kunnan, järjestäjän ja kielen mukaan",
        "sources": "Lähteet",
        "sources_help": "Mistä tiedot ovat peräisin",
        "advanced": "Kaikki taulut ja SQL (kokeneille käyttäjille)",
        "language": "Kieli",
        "notice": "Tiedot haetaan automaattisesti. Tarkista aina aika ja paikka järjestäjältä.",
        "no_database": "Tietokanta ei ole juuri nyt käytettävissä.",
    },
    "en": {
        "language_name": "English",
        "heading": "Health and wellbeing activities",
        "intro": "Search upcoming activities from municipalities, parishes and associations.",
        "search_label": "Search for an activity",
        "search_placeholder": "e.g. gym, choir, jumppa",
        "search_button": "Search",
        "search_hint": "You can type part of a word: “jumppa” also finds “Tuolijumppa”.",
        "this_week": "This week",
        "this_week_help": "Activities today and the next seven days",
        "all_events": "All events",
        "all_events_help": "Filter by municipality, organiser and language",
        "sources": "Sources",
        "sources_help": "Where the information comes from",
        "advanced": "All tables and SQL (for experienced users)",
        "language": "Language",
        "notice": "The information is collected automatically. Always check time and place with the organiser.",
        "no_database": "The database is not available right now.",
    },
}

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
"""


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


def today_local() -> str:
    return datetime.now(LOCAL_ZONE).date().isoformat()


@hookimpl
def extra_template_vars(request):
    lang = choose_language(request)
    return {
        "kal": {
            "lang": lang,
            "t": STRINGS[lang],
            "languages": [(code, STRINGS[code]["language_name"]) for code in LANGUAGES],
        }
    }


def fts_query(text) -> str:
    """Quote each word (quotes doubled) and AND them: input is never read as FTS syntax.

    Example: `Tuoli jumppa ja` becomes `"Tuoli" "jumppa"` ("ja" is too short for trigrams);
    a double quote inside a word is doubled.
    """
    words = [word for word in str(text or "").split() if len(word) >= 3]
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


@hookimpl
def prepare_connection(conn):
    conn.create_function("kalendarium_today", 0, today_local)
    conn.create_function("kalendarium_fts_query", 1, fts_query, deterministic=True)


@hookimpl
def extra_css_urls():
    return ["/-/kalendarium.css"]


async def kalendarium_css():
    return Response(CSS, content_type="text/css; charset=utf-8",
                    headers={"cache-control": "max-age=3600"})


@hookimpl
def register_routes():
    return [(r"^/-/kalendarium\.css$", kalendarium_css)]


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
