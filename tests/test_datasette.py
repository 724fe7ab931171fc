"""The published, read-only Datasette site: metadata, landing page, canned queries, search, safety.

A fixture database is built with `kalendarium.store.publish` from hand-written canonical records
dated relative to today in Finland, so no test depends on the calendar date.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import re
import urllib.parse
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from kalendarium.store import SourceResult, publish

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "datasette"
ZONE = ZoneInfo("Europe/Helsinki")
SCRIPT_TITLE = "<script>alert(1)</script>"
SETTINGS = {"sql_time_limit_ms": 3000, "max_returned_rows": 1000}

SOURCES = [
    {"id": "karleby-stad", "name": "Karleby stad / Kokkolan kaupunki", "organiser_type": "municipality",
     "municipality": "Kokkola", "language": "sv", "timezone": "Europe/Helsinki", "kind": "ical",
     "url": "https://example.org/karleby.ics", "enabled": True},
    {"id": "vasa-forsamlingar", "name": "Vasa svenska församling", "organiser_type": "parish",
     "municipality": "Vaasa", "language": "sv", "timezone": "Europe/Helsinki", "kind": "jsonld",
     "url": "https://example.org/vasa", "enabled": True},
]


def today_fi() -> date:
    return datetime.now(ZONE).date()


def occurrence(day: date, hour: int, minutes: int = 90, status: str = "scheduled") -> dict:
    start = datetime.combine(day, time(hour, 0), ZONE)
    end = start + timedelta(minutes=minutes)
    utc = lambda moment: moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    return {"start": start.isoformat(), "end": end.isoformat(), "start_utc": utc(start),
            "end_utc": utc(end), "date": day.isoformat(), "all_day": False, "status": status}


def record(source: dict, key: str, title: str, occurrences: list[dict], **fields) -> dict:
    first = occurrences[0]
    base = {
        "id": f"{source['id']}:{hashlib.sha1(key.encode()).hexdigest()[:12]}",
        "source_id": source["id"], "source_event_id": key, "title": title,
        "description": fields.pop("description", ""), "start": first["start"], "end": first["end"],
        "all_day": False, "timezone": "Europe/Helsinki", "rrule": None, "exdates": [],
        "status": "scheduled", "location": None, "address": None,
        "municipality": source["municipality"], "url": f"https://example.org/e/{key}",
        "organiser": source["name"], "organiser_type": source["organiser_type"],
        "language": source["language"], "keywords": [], "extraction": source["kind"],
        "occurrences": occurrences,
    }
    base.update(fields)
    return base


def fixture_records(today: date) -> tuple[list[dict], list[dict]]:
    karleby, vasa = SOURCES
    day = lambda n: today + timedelta(days=n)  # noqa: E731
    weekday = "MO,TU,WE,TH,FR,SA,SU".split(",")[today.weekday()]
    karleby_records = [
        record(karleby, "gym", "Seniorgym för äldre – öppet hus i Ängsbacka", [occurrence(day(1), 10)],
               location="Ängsbacka idrottshall", address="Ängsbackavägen 3", description="Styrketräning för seniorer.",
               categories=["exercise"], audiences=["older_people"], free_of_charge=True,
               registration_required=False, accessibility="Hiss och handikapptoalett."),
        record(karleby, "tuoli", "Tuolijumppa", [occurrence(day(2), 13)], language="fi",
               location="Kokkolan pääkirjasto", description="Kevyt jumppa tuolilla istuen.",
               categories=["exercise"], audiences=["older_people", "disabilities"], free_of_charge=False),
        record(karleby, "xss", SCRIPT_TITLE, [occurrence(day(3), 15)], language="en",
               description="<b>bold?</b> & friends </script><script>alert(3)</script>",
               url="javascript:alert(2)", location="<img src=x onerror=alert(4)>"),
        # A weekly series: today, +7 (inside this week's window) and +14 (outside it).
        record(karleby, "cafe", "Mötesplats Café Äppelträdet / Kohtaamispaikka",
               [occurrence(day(0), 9, 60 * 14), occurrence(day(7), 9, 60 * 14), occurrence(day(14), 9, 60 * 14)],
               rrule=f"FREQ=WEEKLY;BYDAY={weekday}", location="Äppelträdet, Storgatan 1",
               address="Storgatan 1", categories=["meeting_places", "food"],
               audiences=["everyone", "unemployed"], free_of_charge=True,
               description="Kaffe, samtal och tidningar. / Kahvia, juttelua ja lehtiä."),
    ]
    vasa_records = [
        record(vasa, "kor", "Seniorkören övar – inställd", [occurrence(day(4), 18, status="cancelled")],
               status="cancelled", location="Trefaldighetskyrkan", extraction="jsonld",
               categories=["culture_music", "spiritual_parish"], audiences=["older_people"]),
        record(vasa, "past", "Föreläsning om sömn", [occurrence(day(-3), 17)],
               location="Församlingshemmet"),
    ]
    return karleby_records, vasa_records


def build_fixture_db(path: Path, today: date | None = None) -> Path:
    karleby_records, vasa_records = fixture_records(today or today_fi())
    publish(path, [SourceResult(SOURCES[0], karleby_records), SourceResult(SOURCES[1], vasa_records)],
            sources=SOURCES, run_id="2026-01-01T00:00:00Z")
    return path


def make_datasette(db_path: Path):
    from datasette.app import Datasette

    return Datasette(
        [], immutables=[str(db_path)],
        metadata=yaml.safe_load((SITE / "metadata.yml").read_text(encoding="utf-8")),
        template_dir=str(SITE / "templates"), plugins_dir=str(SITE / "plugins"),
        settings=SETTINGS,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db_path = build_fixture_db(tmp_path_factory.mktemp("site") / "kalendarium.db")
    return db_path, make_datasette(db_path)


def get(ds, path: str, **kwargs):
    return asyncio.run(ds.client.get(path, **kwargs))


def rows_of(response) -> list[dict]:
    assert response.status_code == 200, response.text[:500]
    return response.json()["rows"]


# --- the staff search page --------------------------------------------------------------------

def plugin():
    """The plugin module, loaded from its file as Datasette loads it."""
    from datasette.utils import module_from_path

    return module_from_path(str(SITE / "plugins" / "kalendarium_site.py"), "kalendarium_site_test")


def card_titles(page: str) -> list[str]:
    return [html.unescape(title) for title in re.findall(r'<h3><a href="[^"]+">(.*?)</a></h3>', page)]


def test_root_is_the_swedish_search_page_by_default(site):
    _, ds = site
    response = get(ds, "/")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="sv">' in page and 'name="viewport"' in page
    assert "Aktiviteter för hälsa och välmående" in page
    assert '<form class="search" action="/" method="get" role="search">' in page and 'name="q"' in page
    for name in ("municipality", "audience", "category", "when", "from", "to", "free", "language"):
        assert f'name="{name}"' in page, name
    for code, name in (("sv", "Svenska"), ("fi", "Suomi"), ("en", "English")):
        assert f'href="/?lang={code}" lang="{code}" hreflang="{code}"' in page and f">{name}</a>" in page
    # Municipalities as a Swedish reader calls them; the value is the database's Finnish name.
    assert '<option value="Kokkola">Karleby</option>' in page and '<option value="Vaasa">Vasa</option>' in page
    assert '<option value="older_people">Äldre</option>' in page
    # Default: the next 30 days, soonest first; the past lecture is not there.
    assert card_titles(page) == ["Mötesplats Café Äppelträdet / Kohtaamispaikka",
                                 "Seniorgym för äldre – öppet hus i Ängsbacka", "Tuolijumppa",
                                 SCRIPT_TITLE, "Seniorkören övar – inställd"]
    assert "5 aktiviteter" in page
    for href in ("/kalendarium/this_week", "/kalendarium/coverage", "/kalendarium/sources", "/kalendarium"):
        assert f'href="{href}"' in page


def test_skip_links_name_where_they_go(site):
    _, ds = site
    assert '<a class="skip" href="#results">Hoppa till resultaten</a>' in get(ds, "/?lang=sv").text
    identifier = event_id(ds, "Tuolijumppa")
    activity = get(ds, "/activity", params={"id": identifier, "lang": "fi"}).text
    assert '<a class="skip" href="#main">Siirry sisältöön</a>' in activity


def test_search_page_in_finnish_and_english_and_browser_language(site):
    _, ds = site
    finnish = get(ds, "/?lang=fi&q=jumppa").text
    assert '<html lang="fi">' in finnish and "Hae toimintaa" in finnish
    assert card_titles(finnish) == ["Tuolijumppa"] and "Maksullinen" in finnish
    assert 'href="/?q=jumppa&amp;lang=sv"' in finnish  # the switch keeps the search
    assert 'aria-current="true">Suomi</a>' in finnish
    english = get(ds, "/?lang=en").text
    assert '<html lang="en">' in english and "Health and wellbeing activities" in english
    assert '<html lang="fi">' in get(ds, "/", headers={"Accept-Language": "fi-FI,fi;q=0.9"}).text
    assert '<html lang="sv">' in get(ds, "/", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="sv">' in get(ds, "/?lang=<script>").text


def test_cards_show_next_time_series_place_organiser_price_and_source_link(site):
    _, ds = site
    page = get(ds, "/?lang=sv&q=Äppelträdet").text
    weekday = plugin().WEEKDAYS["sv"][today_fi().weekday()]
    # A time span is one unbreakable piece: not "9.30–" at a line's end and "11.30" on the next.
    assert f'Återkommer: <strong>varje {weekday} <span class="nowrap">9–23</span></strong>' in page
    assert "I dag, " in page and 'kl. <span class="nowrap">9–23</span>' in page
    assert "Äppelträdet, Storgatan 1, Karleby" in page and "Karleby stad / Kokkolan kaupunki" in page
    assert '<span class="badge badge-free">Avgiftsfri</span>' in page
    assert 'href="https://example.org/e/cafe"' in page
    finnish = get(ds, "/?lang=fi&q=Äppelträdet").text
    assert "Äppelträdet, Storgatan 1, Kokkola" in finnish
    assert f'joka {plugin().WEEKDAYS["fi"][today_fi().weekday()]} <span class="nowrap">9–23</span>' in finnish


@pytest.mark.parametrize("query, titles", [
    ("municipality=Vaasa", ["Seniorkören övar – inställd"]),
    ("municipality=Kokkola&audience=older_people", ["Seniorgym för äldre – öppet hus i Ängsbacka", "Tuolijumppa"]),
    ("audience=older_people&free=1", ["Seniorgym för äldre – öppet hus i Ängsbacka"]),
    ("category=meeting_places", ["Mötesplats Café Äppelträdet / Kohtaamispaikka"]),
    ("language=fi", ["Tuolijumppa"]),
    ("when=today", ["Mötesplats Café Äppelträdet / Kohtaamispaikka"]),
    ("q=Tu", ["Tuolijumppa"]),  # shorter than a trigram: like
    ("q=sömn", []),  # only in the past
    ("audience=<script>&category=nope&when=x&page=abc", None),  # unknown values are ignored
])
def test_search_filters(site, query, titles):
    _, ds = site
    response = get(ds, "/?lang=sv&" + query)
    assert response.status_code == 200
    if titles is not None:
        assert card_titles(response.text) == titles


def test_date_range_and_this_week(site):
    _, ds = site
    today = today_fi()
    first = (today + timedelta(days=13)).isoformat()
    last = (today + timedelta(days=15)).isoformat()
    page = get(ds, f"/?from={first}&to={last}").text
    assert card_titles(page) == ["Mötesplats Café Äppelträdet / Kohtaamispaikka"]
    weekly = card_titles(get(ds, "/?when=week").text)
    sunday = today + timedelta(days=6 - today.weekday())
    assert ("Seniorkören övar – inställd" in weekly) == (today + timedelta(days=4) <= sunday)


def test_municipalities_in_the_readers_language(site):
    _, ds = site
    finnish = get(ds, "/?lang=fi").text
    assert '<option value="Kokkola">Kokkola</option>' in finnish and '<option value="Vaasa">Vaasa</option>' in finnish
    english = get(ds, "/?lang=en").text
    assert '<option value="Kokkola">Kokkola</option>' in english
    swedish = get(ds, "/?lang=sv").text
    assert swedish.index(">Karleby</option>") < swedish.index(">Vasa</option>")  # sorted as shown
    identifier = event_id(ds, "Seniorgym för äldre – öppet hus i Ängsbacka")
    assert "Karleby" in get(ds, "/activity", params={"id": identifier, "lang": "sv"}).text
    assert "Karleby</dd>" in get(ds, "/activity/print", params={"id": identifier, "lang": "sv"}).text
    assert plugin().nordic_key("Övermark") > plugin().nordic_key("Åbo") > plugin().nordic_key("Zürich")


@pytest.mark.parametrize("query, municipality, words", [
    ("gym Karleby", "Kokkola", "gym"),   # Swedish name
    ("kokkola", "Kokkola", ""),          # Finnish name, any case
    ("Vasa,", "Vaasa", ""),
    ("Helsingfors gym", "", "Helsingfors gym"),  # a municipality with nothing in the catalogue stays a word
])
def test_a_municipality_typed_in_the_search_box_is_the_municipality_filter(site, query, municipality, words):
    _, ds = site
    page = get(ds, "/", params={"lang": "sv", "q": query}).text
    assert f'name="q" value="{words}"' in page
    if municipality:
        assert f'<option value="{municipality}" selected>' in page
        assert card_titles(page)
    if query == "gym Karleby":
        assert card_titles(page) == ["Seniorgym för äldre – öppet hus i Ängsbacka"]
        feed = get(ds, "/search.ics", params={"q": query}).text
        assert feed.count("BEGIN:VEVENT") == 1


def test_the_target_group_everyone_is_not_a_second_all(site):
    _, ds = site
    for lang, every in (("sv", "Alla"), ("fi", "Kaikki"), ("en", "All")):
        page = get(ds, f"/?lang={lang}").text
        audiences = re.search(r'<select id="audience".*?</select>', page, re.S).group(0)
        assert re.findall(r">([^<]+)</option>", audiences).count(every) == 1, lang
    assert '<option value="everyone">Öppet för alla</option>' in get(ds, "/?lang=sv").text


@pytest.mark.parametrize("typed, meant", [
    ("jumpa", "jumppa"),          # the end of a compound word of a title (Tuolijumppa)
    ("Seniorgim", "seniorgym"),
    ("äppelträd", None),          # found as it is: nothing to suggest
    ("xyzzyqq", None),            # nothing near
])
def test_a_search_that_finds_nothing_suggests_the_nearest_word(site, typed, meant):
    # Before: "Inga aktiviteter hittades" and nothing more for a letter too few.
    _, ds = site
    page = get(ds, "/", params={"lang": "sv", "q": typed}).text
    if meant is None:
        assert "Menade du" not in page
    else:
        assert card_titles(page) == []
        assert f'Menade du: <a href="/?q={meant}&amp;lang=sv"><strong>{meant}</strong></a>?' in page
        assert card_titles(get(ds, "/", params={"lang": "sv", "q": meant}).text)


def test_a_search_with_nothing_in_its_days_offers_the_later_ones(site):
    _, ds = site
    page = get(ds, "/", params={"lang": "fi", "q": "jumppa", "when": "today"}).text
    assert card_titles(page) == [] and "Tällä haulla on toimintaa myöhemmin." in page
    href = html.unescape(re.search(r'<a href="([^"]+)"><strong>Näytä kaikki tulevat päivät', page).group(1))
    assert card_titles(get(ds, href).text) == ["Tuolijumppa"]
    assert "myöhemmin" not in get(ds, "/", params={"lang": "fi", "q": "sömn"}).text  # past only


def test_dates_typed_as_staff_write_them(site):
    # A browser without a date picker sends what was typed: 24.12.2026, 24.12.26, 24.12.
    _, ds = site
    today = today_fi()
    first, last = today + timedelta(days=13), today + timedelta(days=15)
    page = get(ds, f"/?from={first.day}.{first.month}.{first.year}&to={last.day}.{last.month}.").text
    assert card_titles(page) == ["Mötesplats Café Äppelträdet / Kohtaamispaikka"]
    assert f'name="from" value="{first.isoformat()}"' in page  # the date picker gets it as ISO
    # The wrong way round is the same range.
    assert card_titles(get(ds, f"/?from={last.isoformat()}&to={first.isoformat()}").text) == card_titles(page)
    read_date = plugin().read_date
    assert read_date("24.12.26", date(2026, 12, 1)) == "2026-12-24"
    assert read_date("6.1.", date(2026, 12, 1)) == "2027-01-06"  # the next 6 January
    assert read_date("31.2.2027", today) is None and read_date("tomorrow", today) is None


def test_an_unreadable_date_is_told_in_the_users_language(site):
    _, ds = site
    page = get(ds, "/?lang=fi&from=2026-13-45").text
    assert "Päivämäärää ”2026-13-45” ei voitu lukea" in page
    assert len(card_titles(page)) == 5  # the default window, as the notice says
    assert "could not be read" in get(ds, "/?lang=en&to=yesterday").text
    assert 'class="notice"' not in get(ds, "/?lang=sv").text


def test_a_range_in_the_past_shows_nothing_and_says_why(site):
    # Before: the past range was moved to today, so today's activities were shown as January's.
    _, ds = site
    today = today_fi()
    first, last = today - timedelta(days=40), today - timedelta(days=20)
    page = get(ds, f"/?lang=sv&from={first.isoformat()}&to={last.isoformat()}").text
    assert card_titles(page) == []
    assert "Katalogen visar bara kommande aktiviteter" in page

def test_cancelled_is_shown_as_cancelled_and_removed_is_hidden(site, tmp_path):
    _, ds = site
    page = get(ds, "/?municipality=Vaasa").text
    assert '<strong class="badge badge-cancelled">INSTÄLLD</strong>' in page
    assert "PERUTTU" in get(ds, "/?municipality=Vaasa&lang=fi").text
    # A database where one event is removed and one is a duplicate: neither is shown.
    import sqlite3

    db_path = build_fixture_db(tmp_path / "kalendarium.db")
    connection = sqlite3.connect(db_path)
    if "duplicate_of" not in {row[1] for row in connection.execute("pragma table_info(events)")}:
        connection.execute("alter table events add column duplicate_of text")
    connection.execute("update events set status = 'removed' where title = 'Tuolijumppa'")
    connection.execute("update events set duplicate_of = 'x' where title like 'Seniorgym%'")
    connection.commit()
    connection.close()
    other = make_datasette(db_path)
    titles = card_titles(get(other, "/").text)
    assert "Tuolijumppa" not in titles and not any(t.startswith("Seniorgym") for t in titles) and titles
    tuoli = [row for row in rows_of(get(other, "/kalendarium/events.json?_shape=objects&title=Tuolijumppa"))][0]
    assert get(other, "/activity?id=" + urllib.parse.quote(tuoli["id"])).status_code == 404
    assert get(other, "/activity.ics?id=" + urllib.parse.quote(tuoli["id"])).status_code == 404


def test_a_cancelled_date_of_a_series_does_not_cancel_the_series(tmp_path):
    # Before: the card of a weekly café whose next date was cancelled was red, "INSTÄLLD",
    # its next time struck through, as if the café had closed.
    import sqlite3

    db_path = build_fixture_db(tmp_path / "kalendarium.db")
    today = today_fi()
    week = (today + timedelta(days=7)).isoformat()
    with sqlite3.connect(db_path) as connection:
        connection.execute("update occurrences set status = 'cancelled' where date = ? and event_id in "
                           "(select id from events where title like 'Mötesplats%')", [week])
    ds = make_datasette(db_path)
    first, last = (today + timedelta(days=6)).isoformat(), (today + timedelta(days=15)).isoformat()
    page = get(ds, f"/?lang=sv&q=Äppelträdet&from={first}&to={last}").text
    card = re.search(r'<article class="card[^"]*">.*?</article>', page, re.S).group(0)
    assert "is-cancelled" not in card
    cancelled = plugin().format_day(today + timedelta(days=7), "sv", today)
    assert f'Nästa gång:</span> <time datetime="{(today + timedelta(days=14)).isoformat()}T09:00' in card
    assert re.search(r'badge-cancelled">INSTÄLLD</strong> <span class="struck">' + re.escape(cancelled), card)


def test_paging(site):
    _, ds = site
    module = plugin()
    module.PAGE_SIZE, before = 2, module.PAGE_SIZE
    params = module.parse_search({})
    sql, args = module.build_search_sql(params, set(), today_fi(), module.now_utc_text(), 3, 0)
    assert "limit :limit offset :offset" in sql and args["limit"] == 3
    module.PAGE_SIZE = before
    assert get(ds, "/?page=2").status_code == 200


def test_the_summary_tells_where_in_the_results_a_page_is():
    # Before: page 2 of a long search said "More than 60 activities – showing the first 60".
    summary = plugin().results_summary
    assert summary(30, 0, True, "sv") == "Fler än 30 aktiviteter – de första 30 visas"
    assert summary(30, 30, True, "sv") == "Aktiviteter 31–60 av fler än 60"
    assert summary(25, 30, False, "en") == "Activities 31–55 of 55"
    assert summary(1, 0, False, "fi") == "1 toiminta"


def test_a_page_past_the_last_says_so_and_leads_to_the_first(site):
    # Before: "150 aktiviteter" above "Inga aktiviteter hittades".
    _, ds = site
    page = get(ds, "/?lang=sv&q=jumppa&page=6").text
    assert "Inga fler aktiviteter: sökningen har färre sidor." in page and "150" not in page
    assert '<a href="/?q=jumppa&amp;lang=sv">Till första sidan</a>' in page


# --- activity page, calendar file, print, feeds --------------------------------------------------

def event_id(ds, title: str) -> str:
    rows = rows_of(get(ds, "/kalendarium/events.json", params={"_shape": "objects", "title": title}))
    return rows[0]["id"]


def test_activity_page(site):
    _, ds = site
    identifier = event_id(ds, "Seniorgym för äldre – öppet hus i Ängsbacka")
    response = get(ds, "/activity", params={"id": identifier, "lang": "sv"})
    assert response.status_code == 200
    page = response.text
    assert "<h1>Seniorgym för äldre – öppet hus i Ängsbacka</h1>" in page
    assert "Styrketräning för seniorer." in page and "Ängsbackavägen 3" in page
    assert "https://www.openstreetmap.org/search?query=%C3%84ngsbackav%C3%A4gen+3%2C+Kokkola" in page
    assert "Hiss och handikapptoalett." in page and "Ingen anmälan" in page
    assert 'href="/activity.ics?id=' in page and 'href="/activity/print?id=' in page
    assert "Lägg till i kalendern" in page and "Skriv ut åt klienten" in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Event" and data["name"] == "Seniorgym för äldre – öppet hus i Ängsbacka"
    assert data["location"]["address"]["streetAddress"] == "Ängsbackavägen 3"
    assert data["isAccessibleForFree"] is True and data["eventStatus"] == "https://schema.org/EventScheduled"
    assert get(ds, "/activity?id=nope").status_code == 404


def test_activity_page_says_first_what_it_is_and_when_it_is_next(site):
    # Before: the description came after the list of dates (twenty for a weekly series), and a
    # one-off activity's date only in that list.
    _, ds = site
    page = get(ds, "/activity", params={"id": event_id(ds, "Tuolijumppa"), "lang": "fi"}).text
    next_time = re.search(r'<p class="next big">Seuraavan kerran: <strong>(.*?)</strong>', page).group(1)
    assert next_time.endswith('klo <span class="nowrap">13–14.30</span>') and next_time.startswith(("Keskiviikko", "Torstai", "Perjantai",
                                                                         "Lauantai", "Sunnuntai", "Maanantai",
                                                                         "Tiistai", "Huomenna"))
    assert page.index("Kevyt jumppa tuolilla istuen.") < page.index("<h2>Tulevat kerrat</h2>")
    cancelled = get(ds, "/activity", params={"id": event_id(ds, "Seniorkören övar – inställd")}).text
    assert 'class="next big"' not in cancelled  # a cancelled activity has no next time


def test_a_long_series_lists_ten_dates_and_folds_the_rest(tmp_path):
    today = today_fi()
    dates = [occurrence(today + timedelta(days=7 * week + 1), 13) for week in range(30)]
    dates[12]["status"] = "cancelled"
    karleby = SOURCES[0]
    db_path = tmp_path / "kalendarium.db"
    publish(db_path, [SourceResult(karleby, [record(karleby, "long", "Långserie", dates, rrule="FREQ=WEEKLY")])],
            sources=SOURCES[:1], run_id="2026-01-02T00:00:00Z")
    ds = make_datasette(db_path)
    page = get(ds, "/activity", params={"id": event_id(ds, "Långserie"), "lang": "sv"}).text
    shown, folded = page.split("<details>")
    assert shown.split('<ul class="dates">')[1].count("<li>") == 10 and "och 20 tillfällen till" in folded
    assert '<strong class="badge badge-cancelled">INSTÄLLD</strong> <time class="struck"' in folded


def test_back_to_the_search_returns_to_the_same_search(site):
    _, ds = site
    page = get(ds, "/?lang=fi&q=jumppa&audience=older_people&when=week").text
    href = html.unescape(re.search(r'<h3><a href="([^"]+)">Tuolijumppa</a>', page).group(1))
    assert "q=jumppa" in href and "audience=older_people" in href and "when=week" in href
    activity = get(ds, href).text
    assert '<a href="/?q=jumppa&amp;audience=older_people&amp;when=week&amp;lang=fi">← Takaisin hakuun</a>' in activity
    printed = html.unescape(re.search(r'href="(/activity/print[^"]+)"', activity).group(1))
    assert "q=jumppa" in printed
    assert "q=jumppa" in html.unescape(re.search(r'<a href="([^"]+)">←', get(ds, printed).text).group(1))


@pytest.mark.parametrize("path, heading", [
    ("/nosuch?lang=fi", "Sivua ei löydy"),
    ("/activity/print?id=nope&lang=en", "This activity is no longer in the catalogue."),
    ("/activity.ics?id=nope&lang=sv", "Aktiviteten finns inte längre i katalogen."),
    ("/kalendarium/nosuch?lang=sv", "Sidan finns inte"),
])
def test_a_missing_page_speaks_the_readers_language_and_leads_back_to_the_search(site, path, heading):
    # Before: Datasette's English "Error 404 / Database not found", without a way back.
    _, ds = site
    response = get(ds, path)
    assert response.status_code == 404
    lang = re.search(r"lang=(\w\w)", path).group(1)
    assert f'<html lang="{lang}">' in response.text and f"<h1>{heading}</h1>" in response.text
    assert f'<a class="button" href="/?lang={lang}">' in response.text
    assert "Database not found" not in response.text


def test_data_answers_keep_datasettes_error(site):
    _, ds = site
    response = get(ds, "/kalendarium/nosuch.json")
    assert response.status_code == 404 and response.json()["error"] == "Table not found"


def test_json_ld_cannot_close_its_script_element(site):
    _, ds = site
    page = get(ds, "/activity", params={"id": event_id(ds, SCRIPT_TITLE)}).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</" not in block and "<\\/script>" in block
    data = json.loads(block)
    assert data["name"] == SCRIPT_TITLE and "</script><script>alert(3)</script>" in data["description"]
    assert "url" not in data or data["url"].startswith("http")


def test_activity_ics_is_a_valid_calendar_with_rrule_or_dates(site):
    import icalendar

    _, ds = site
    series = get(ds, "/activity.ics", params={"id": event_id(ds, "Mötesplats Café Äppelträdet / Kohtaamispaikka")})
    assert series.status_code == 200 and series.headers["content-type"].startswith("text/calendar")
    assert "attachment" in series.headers["content-disposition"]
    calendar = icalendar.Calendar.from_ical(series.content)
    assert calendar["VERSION"] == "2.0"
    (event,) = calendar.walk("VEVENT")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and str(event["DTSTART"].dt.tzinfo) == "Europe/Helsinki"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=14)
    assert calendar.walk("VTIMEZONE")
    cancelled = icalendar.Calendar.from_ical(
        get(ds, "/activity.ics", params={"id": event_id(ds, "Seniorkören övar – inställd")}).content)
    (event,) = cancelled.walk("VEVENT")
    assert event["STATUS"] == "CANCELLED" and "RRULE" not in event


def test_ical_series_excludes_exdates_and_cancelled_dates():
    module = plugin()
    event = {"id": "s:1", "title": "Kör", "start": "2026-12-01T13:00:00+02:00", "end": "2026-12-01T15:00:00+02:00",
             "all_day": 0, "timezone": "Europe/Helsinki", "rrule": "FREQ=WEEKLY;BYDAY=TU",
             "exdates": json.dumps(["2026-12-08T13:00:00+02:00"]), "status": "scheduled", "url": "javascript:x"}
    occurrences = [{"start": "2026-12-15T13:00:00+02:00", "end": "2026-12-15T15:00:00+02:00", "all_day": 0,
                    "status": "cancelled"}]
    import icalendar

    calendar = icalendar.Calendar.from_ical(module.calendar_bytes("t", module.ical_events(event, occurrences, None)))
    (item,) = calendar.walk("VEVENT")
    excluded = sorted(value.dt.isoformat() for value in item["EXDATE"].dts)
    assert excluded == ["2026-12-08T13:00:00+02:00", "2026-12-15T13:00:00+02:00"]
    assert "URL" not in item


def test_print_view_in_the_clients_language(site):
    _, ds = site
    identifier = event_id(ds, "Mötesplats Café Äppelträdet / Kohtaamispaikka")
    finnish = get(ds, "/activity/print", params={"id": identifier, "lang": "fi"}).text
    assert '<html lang="fi">' in finnish and 'class="print-card"' in finnish
    assert "Järjestäjä" in finnish and "Maksuton" in finnish and "joka " in finnish
    assert "window.print()" in finnish
    css = get(ds, "/-/kalendarium-site.css").text
    assert "@media print" in css and "@page" in css


def test_price_is_labelled_price_and_print_leads_back_to_the_activity(site):
    # Before: "Maksuton / Maksullinen: Hinta: kysy järjestäjältä", and the print card's
    # "Takaisin hakuun" went to the activity, not the search.
    _, ds = site
    identifier = event_id(ds, "Seniorkören övar – inställd")  # the source says nothing of a fee
    for path in ("/activity", "/activity/print"):
        page = get(ds, path, params={"id": identifier, "lang": "fi"}).text
        assert "<dt>Hinta</dt>" in page and "Kysy järjestäjältä" in page, path
        assert "Maksuton / Maksullinen" not in page and "Hinta: kysy" not in page, path
    printed = get(ds, "/activity/print", params={"id": identifier, "lang": "fi"}).text
    assert "← Takaisin toimintaan</a>" in printed and "Takaisin hakuun" not in printed
    search = get(ds, "/?lang=sv&q=Tuolijumppa").text
    assert 'Mer information<span class="sr"> (Tuolijumppa)</span>' in search  # tells the links apart


def test_search_feeds_ical_and_atom(site):
    import icalendar

    _, ds = site
    feed = get(ds, "/search.ics?municipality=Kokkola&audience=older_people")
    assert feed.status_code == 200
    calendar = icalendar.Calendar.from_ical(feed.content)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        "Seniorgym för äldre – öppet hus i Ängsbacka", "Tuolijumppa"]
    atom = get(ds, "/search.atom?q=alert&lang=en")
    assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
    from xml.etree import ElementTree

    root = ElementTree.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == [SCRIPT_TITLE]
    assert b"<script>" not in atom.content
    page = get(ds, "/?q=jumppa").text
    assert 'href="/search.ics?q=jumppa&amp;lang=sv"' in page and 'href="/search.atom?q=jumppa&amp;lang=sv"' in page


def test_a_subscribed_series_leaves_out_its_cancelled_dates_after_the_searchs_days(tmp_path):
    # Before: the feed of "today" gave the whole weekly series (RRULE) but excluded only the
    # cancelled dates of today, so a calendar app showed the cancelled one in two weeks.
    import icalendar
    import sqlite3

    db_path = build_fixture_db(tmp_path / "kalendarium.db")
    in_two_weeks = (today_fi() + timedelta(days=14)).isoformat()
    with sqlite3.connect(db_path) as connection:
        connection.execute("update occurrences set status = 'cancelled' where date = ? and event_id in "
                           "(select id from events where title like 'Mötesplats%')", [in_two_weeks])
    feed = get(make_datasette(db_path), "/search.ics?when=today&q=Äppelträdet")
    [series] = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert series.get("RRULE")
    excluded = [moment.dt.date().isoformat() for moment in series["EXDATE"].dts]
    assert excluded == [in_two_weeks]


def test_a_calendar_entry_names_its_town_once():
    place = plugin().calendar_place
    assert place({"location": "Församlingshem", "address": "Kyrkogatan 8, Karleby", "municipality": "Kokkola"}) \
        == "Församlingshem, Kyrkogatan 8, Karleby"
    assert place({"location": "Kirjasto", "address": None, "municipality": "Kokkola"}) == "Kirjasto, Kokkola"


def test_search_exports_as_csv_and_json_through_datasette(site):
    _, ds = site
    page = get(ds, "/?q=jumppa&municipality=Kokkola").text
    csv_href = html.unescape(re.search(r'href="(/kalendarium\.csv\?[^"]+)"', page).group(1))
    json_href = html.unescape(re.search(r'href="(/kalendarium\.json\?[^"]+)"', page).group(1))
    csv = get(ds, csv_href)
    assert csv.status_code == 200 and "Tuolijumppa" in csv.text and csv.text.startswith("id,title")
    rows = rows_of(get(ds, json_href))
    assert [row["title"] for row in rows] == ["Tuolijumppa"]


@pytest.mark.parametrize("lang, rrule, start, end, expected", [
    ("sv", "FREQ=WEEKLY;BYDAY=TU", "2026-12-01T13:00:00+02:00", "2026-12-01T15:00:00+02:00", "varje tisdag 13–15"),
    ("fi", "FREQ=WEEKLY;BYDAY=TU", "2026-12-01T13:00:00+02:00", "2026-12-01T15:00:00+02:00", "joka tiistai 13–15"),
    ("en", "FREQ=WEEKLY;BYDAY=TU", "2026-12-01T13:00:00+02:00", "2026-12-01T15:00:00+02:00", "every Tuesday 13–15"),
    ("sv", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2026-12-01T13:30:00+02:00", None, "varannan tisdag kl. 13.30"),
    ("fi", "FREQ=WEEKLY;BYDAY=MO,TH", "2026-12-03T09:00:00+02:00", "2026-12-03T10:30:00+02:00",
     "joka maanantai ja torstai 9–10.30"),
    ("fi", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-12-03T09:00:00+02:00", None, "arkisin klo 9"),
    ("sv", "FREQ=MONTHLY;BYDAY=1MO", "2026-12-07T18:00:00+02:00", None, "första måndagen i månaden kl. 18"),
    ("fi", "FREQ=MONTHLY;BYDAY=-1FR", "2026-12-25T18:00:00+02:00", None, "kuukauden viimeinen perjantai klo 18"),
    ("en", "FREQ=WEEKLY;BYDAY=WE", "2026-12-02T09:30:00+02:00", "2026-12-02T11:30:00+02:00",
     "every Wednesday 9:30–11:30"),
    ("en", "FREQ=WEEKLY", "2026-12-02", "2026-12-02", "every Wednesday"),
    ("en", "FREQ=YEARLY", "2026-12-02", None, "recurring"),
    ("en", "FREQ=WEEKLY;BYDAY=FR", "2026-12-04T18:00:00+02:00", None, "every Friday at 18"),
])
def test_series_in_words(lang, rrule, start, end, expected):
    assert plugin().describe_series(rrule, start, end, len(start) == 10, lang) == expected


EVEN = "FREQ=YEARLY;BYWEEKNO=" + ",".join(str(week) for week in range(2, 53, 2)) + ";BYDAY=TU"
ODD = "FREQ=YEARLY;BYWEEKNO=" + ",".join(str(week) for week in range(1, 54, 2)) + ";BYDAY=TH"
TUESDAY = ("2026-12-08T13:00:00+02:00", "2026-12-08T15:00:00+02:00")


@pytest.mark.parametrize("lang, rrule, start, end, expected", [
    # Before: "återkommande" / "toistuva" / "recurring" for each of these.
    ("sv", EVEN, *TUESDAY, "jämna veckor på tisdag 13–15"),
    ("fi", EVEN, *TUESDAY, "parillisten viikkojen tiistaisin 13–15"),
    ("en", EVEN, *TUESDAY, "even weeks on Tuesday 13–15"),
    ("sv", ODD, "2026-12-03T10:00:00+02:00", None, "udda veckor på torsdag kl. 10"),
    ("fi", ODD, "2026-12-03T10:00:00+02:00", None, "parittomien viikkojen torstaisin klo 10"),
    ("sv", "FREQ=DAILY;UNTIL=20261203T080000Z", "2026-12-02T10:00:00+02:00", "2026-12-02T14:00:00+02:00",
     "dagligen 2–3 december kl. 10–14"),
    ("fi", "FREQ=DAILY;UNTIL=20261203T080000Z", "2026-12-02T10:00:00+02:00", "2026-12-02T14:00:00+02:00",
     "päivittäin 2.–3.12. klo 10–14"),
    ("en", "FREQ=DAILY;UNTIL=20261203T080000Z", "2026-12-02T10:00:00+02:00", "2026-12-02T14:00:00+02:00",
     "daily 2–3 December 10–14"),
    ("sv", "FREQ=DAILY;COUNT=3", "2026-11-30T10:00:00+02:00", "2026-11-30T14:00:00+02:00",
     "dagligen 30 november–2 december kl. 10–14"),
    ("fi", "FREQ=DAILY;UNTIL=20261202", "2026-11-30", "2026-11-30", "päivittäin 30.11.–2.12."),
    ("sv", "FREQ=MONTHLY;BYDAY=1TU,3TU", "2026-12-15T13:00:00+02:00", None,
     "första och tredje tisdagen i månaden kl. 13"),
    ("fi", "FREQ=MONTHLY;BYDAY=-1FR,2FR", "2026-12-11T18:00:00+02:00", None,
     "kuukauden toinen ja viimeinen perjantai klo 18"),
    ("en", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "2026-12-07T18:00:00+02:00", None, "first Monday of the month at 18"),
    ("sv", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T110000Z", *TUESDAY, "varje tisdag 13–15, till och med 15 december"),
    ("fi", "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T110000Z", *TUESDAY, "joka tiistai 13–15, 15.12. asti"),
    ("en", "FREQ=WEEKLY;COUNT=8;INTERVAL=2;BYDAY=TU", *TUESDAY, "every other Tuesday 13–15, until 16 March"),
    ("sv", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH", "2026-12-02T09:00:00+02:00", "2026-12-02T15:00:00+02:00",
     "varje måndag–torsdag 9–15"),
])
def test_the_rules_the_cards_did_not_know_in_words(lang, rrule, start, end, expected):
    assert plugin().describe_series(rrule, start, end, len(start) == 10, lang) == expected


def test_further_rules_in_words():
    module = plugin()
    day = lambda text: datetime.fromisoformat(text)  # noqa: E731
    fridays = [(day(f"2026-12-{n:02d}T09:00:00+02:00"), day(f"2026-12-{n:02d}T13:00:00+02:00"), False)
               for n in (4, 11, 18)]
    assert module.further_words(fridays, "sv") == ["fredag 9–13"]
    weekend = [(day(f"2026-12-{n:02d}T10:00:00+02:00"), None, False) for n in (5, 6, 12, 13)]
    assert module.further_words(weekend, "fi") == ["lauantai ja sunnuntai klo 10"]
    days = [(date(2026, 12, 15), date(2026, 12, 15), True), (date(2026, 12, 16), date(2026, 12, 16), True)]
    assert module.further_words(days, "en") == ["15–16 December"]
    once = [(day("2026-12-10T13:00:00+02:00"), None, False)]
    assert module.further_words(once, "sv") == ["torsdag 10 december kl. 13"]
    words = module.describe_series("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH", "2026-12-02T09:00:00+02:00",
                                   "2026-12-02T15:00:00+02:00", False, "fi", module.further_words(fridays, "fi"))
    assert words == "joka maanantai–torstai 9–15 ja perjantai 9–13"


@pytest.mark.parametrize("lang, title, expected", [
    # Before: the card named the first rule only ("varje måndag, tisdag, onsdag och torsdag 9–15").
    ("sv", "Öppet hus på mötesplatsen", "varje måndag–torsdag 9–15 och fredag 9–13"),
    ("fi", "Kuntosali", "joka maanantai klo 10 ja torstai klo 14"),
    ("en", "Walking group", "every Monday 10–11 and Wednesday 18–19"),
    ("fi", "Parittomien viikkojen kerho", "parittomien viikkojen torstaisin 10–12"),
])
def test_a_card_and_the_activity_page_name_every_rule(rules_site, lang, title, expected):
    _, ds = rules_site
    page = get(ds, "/", params={"lang": lang, "q": title}).text
    series = re.search(r'<p class="series">.*?<strong>(.*?)</strong>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", series) == expected
    page = get(ds, "/activity", params={"lang": lang, "id": event_id(ds, title)}).text
    series = re.search(r'<p class="series big">.*?<strong>(.*?)</strong>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", series) == expected


def test_a_lone_hour_in_english_has_its_word():
    # Before: "Next time: Wednesday 2 December 18".
    assert plugin().format_when("2026-12-02T18:00:00+02:00", None, False, "en") == "Wednesday 2 December at 18"


def test_the_times_filter_escapes_and_keeps_spans_whole():
    keep = plugin().keep_times_whole
    assert str(keep("joka tiistai 9.30–11.30")) == 'joka tiistai <span class="nowrap">9.30–11.30</span>'
    assert str(keep("<b>13–15</b>")) == '&lt;b&gt;<span class="nowrap">13–15</span>&lt;/b&gt;'


def test_an_english_card_writes_its_times_one_way():
    # Before: "Next time: … 09:30–11:30" above "Repeats: every Wednesday 9.30–11.30".
    module = plugin()
    start, end = "2026-12-02T09:30:00+02:00", "2026-12-02T11:30:00+02:00"
    assert module.format_when(start, end, False, "en") == "Wednesday 2 December 9:30–11:30"
    assert module.format_when(start, end, False, "sv") == "Onsdag 2 december kl. 9.30–11.30"
    assert module.format_when(start, end, False, "fi") == "Keskiviikko 2.12. klo 9.30–11.30"


def test_only_http_links_from_sources():
    module = plugin()
    assert module.safe_url("https://example.org/x") == "https://example.org/x"
    for bad in ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//evil", "", None, " vbscript:x"):
        assert module.safe_url(bad) is None, bad


def test_a_relative_organiser_link_is_made_from_the_sources_address():
    link = plugin().organiser_link
    assert link("/evenemang/12", "https://www.example.fi/evenemang/") == "https://www.example.fi/evenemang/12"
    assert link("tapahtuma.html?id=3", "https://example.fi/kalenteri/lista") == "https://example.fi/kalenteri/tapahtuma.html?id=3"
    assert link("/e/1", "webcal://example.fi/k.ics") == "https://example.fi/e/1"
    assert link("https://other.fi/x", "https://example.fi/") == "https://other.fi/x"
    for bad, base in (("/e/1", None), ("/e/1", "file:///etc/"), ("javascript:alert(1)", "https://example.fi/"),
                      ("mailto:a@example.fi", "https://example.fi/"), ("//evil.example/x", "https://example.fi/"),
                      ("", "https://example.fi/"), ("/e/\n1", "https://example.fi/")):
        assert link(bad, base) is None, bad


def test_a_relative_event_url_is_never_a_link_that_goes_nowhere(tmp_path):
    # Before: the card had no "Arrangörens sida" for an event whose url was "/evenemang/12"
    # (and a template that printed such a url would have linked to the catalogue itself).
    import icalendar
    import sqlite3

    db_path = build_fixture_db(tmp_path / "kalendarium.db")
    with sqlite3.connect(db_path) as connection:
        connection.execute("update events set url = '/e/tuoli' where title = 'Tuolijumppa'")
        connection.execute("update events set url = 'e/gym' where title like 'Seniorgym%'")
        connection.execute("update sources set url = 'not an address' where id = 'vasa-forsamlingar'")
        connection.execute("update events set url = '/e/kor' where title like 'Seniorkören%'")
    ds = make_datasette(db_path)
    page = get(ds, "/?lang=sv&when=range").text
    cards = {html.unescape(re.search(r'<h3><a[^>]*>(.*?)</a>', card).group(1)): card
             for card in re.findall(r'<article class="card.*?</article>', page, re.S)}
    assert 'href="https://example.org/e/tuoli"' in cards["Tuolijumppa"]
    assert 'href="https://example.org/e/gym"' in cards["Seniorgym för äldre – öppet hus i Ängsbacka"]
    assert "Arrangörens sida" not in cards["Seniorkören övar – inställd"]  # its source has no address
    for title, link in (("Tuolijumppa", "https://example.org/e/tuoli"), ("Seniorkören övar – inställd", None)):
        identifier = event_id(ds, title)
        activity = get(ds, "/activity", params={"id": identifier}).text
        hrefs = re.findall(r'href="([^"]+)"', activity)
        assert not [href for href in hrefs if href.startswith("/e/") or href.startswith("e/")]
        assert (link in hrefs) if link else "Arrangörens sida" not in activity
        (item, *_) = icalendar.Calendar.from_ical(get(ds, "/activity.ics", params={"id": identifier}).content).walk("VEVENT")
        assert item.get("URL") == link
    assert "/e/kor" not in get(ds, "/activity/print", params={"id": event_id(ds, "Seniorkören övar – inställd")}).text


def test_datasette_own_pages_still_work(site):
    _, ds = site
    for path in ("/kalendarium", "/kalendarium/events", "/kalendarium/occurrences", "/kalendarium/harvest_runs",
                 "/kalendarium/upcoming_occurrences", "/kalendarium/coverage", "/-/metadata.json", "/.json"):
        assert get(ds, path).status_code == 200, path
    css = get(ds, "/-/kalendarium.css")
    assert css.status_code == 200 and "font-size: 18px" in css.text
    assert '/-/kalendarium.css' in get(ds, "/kalendarium/events").text


# --- metadata -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/kalendarium", "/kalendarium/events", "/kalendarium/this_week",
                                  "/kalendarium/events?_search=jumppa", "/kalendarium/sources/karleby-stad",
                                  "/kalendarium?sql=select+1"])
def test_datasettes_pages_lead_back_to_the_staff_search(site, path):
    # Before: the only way back was a crumb called "home".
    _, ds = site
    page = get(ds, path).text
    assert '<a href="/">← Kalendarium: sök aktiviteter · hae toimintaa</a>' in page
    assert ">home<" not in page
    # Before: that small crumb in the header only; now a box says what the page is and leads
    # back, in the reader's language (the browser's), the two others beside it.
    assert '<a class="kal-back-link" href="/?lang=sv">← Sök aktiviteter</a>' in page
    assert "Den här sidan är för analytiker" in page
    assert '<a href="/?lang=fi" lang="fi">Hae toimintaa</a>' in page
    assert '<a href="/?lang=en" lang="en">Search for activities</a>' in page
    finnish = get(ds, path, headers={"accept-language": "fi-FI,fi;q=0.9"}).text
    assert '<a class="kal-back-link" href="/?lang=fi">← Hae toimintaa</a>' in finnish
    assert "Tämä sivu on analyytikoille" in finnish and '<a href="/?lang=sv" lang="sv">Sök aktiviteter</a>' in finnish
    assert ".kal-back" in get(ds, "/-/kalendarium.css").text


def test_metadata_descriptions_are_shown(site):
    _, ds = site
    events = get(ds, "/kalendarium/events").text
    assert "Evenemang: en rad per aktivitet eller serie" in events
    assert "Tapahtumat: yksi rivi toimintaa" in events
    assert "Arrangör / Järjestäjä" in events  # column description
    database = get(ds, "/kalendarium").text
    assert "Databasen är skrivskyddad" in database
    metadata = get(ds, "/-/metadata.json").json()
    tables = metadata["databases"]["kalendarium"]["tables"]
    assert set(tables) == {"sources", "events", "occurrences", "harvest_runs", "upcoming_occurrences",
                           "event_changes", "source_health", "coverage", "events_fts_pending"}
    for name, table in tables.items():
        if table.get("hidden"):  # the harvest's own bookkeeping, empty once published
            assert name == "events_fts_pending" and name not in database
            continue
        assert table["description"] and table["columns"], name


def test_every_column_has_a_description(site):
    db_path, _ = site
    import sqlite3

    metadata = yaml.safe_load((SITE / "metadata.yml").read_text(encoding="utf-8"))
    tables = metadata["databases"]["kalendarium"]["tables"]
    connection = sqlite3.connect(db_path)
    try:
        for name, table in tables.items():
            if table.get("hidden"):
                continue
            columns = [row[1] for row in connection.execute(f"pragma table_info([{name}])")]
            assert columns, name
            assert set(columns) <= set(table["columns"]), (name, set(columns) - set(table["columns"]))
            # Only columns that another stage is about to add may be described ahead of time.
            assert set(table["columns"]) - set(columns) <= {"duplicate_of", "sources_count"}, name
    finally:
        connection.close()


def test_events_has_facets_and_sorts_by_start(site):
    _, ds = site
    data = get(ds, "/kalendarium/events.json?_shape=objects").json()
    assert {"municipality", "organiser", "language", "extraction", "status"} <= set(data["facet_results"])
    assert data["facet_results"]["status"]["results"][0]["value"] in ("scheduled", "cancelled")
    assert "sorted by start" in data["human_description_en"]
    starts = [row["start"] for row in data["rows"]]
    assert starts == sorted(starts) and len(starts) == 6
    page = get(ds, "/kalendarium/events").text
    assert 'data-facet="municipality"' in page or "facet-municipality" in page


# --- canned queries and search ------------------------------------------------------------------

def test_this_week_returns_today_to_seven_days_ahead_in_order(site):
    _, ds = site
    rows = rows_of(get(ds, "/kalendarium/this_week.json?_shape=objects"))
    today = today_fi()
    offsets = [(date.fromisoformat(row["date"]) - today).days for row in rows]
    assert offsets == [0, 1, 2, 3, 4, 7]  # the series today and at +7; not +14, not the past lecture
    titles = [row["title"] for row in rows]
    assert titles[2] == "Tuolijumppa" and titles[3] == SCRIPT_TITLE
    assert rows[2]["time"] == "13:00–14:30" and rows[2]["municipality"] == "Kokkola"
    cancelled = rows[4]
    assert cancelled["status"] == "cancelled" and cancelled["notice"] == "Inställd / Peruttu"
    assert titles.count("Mötesplats Café Äppelträdet / Kohtaamispaikka") == 2


def test_this_week_filters_by_text_and_municipality_and_ignores_them_when_empty(site):
    _, ds = site
    everything = rows_of(get(ds, "/kalendarium/this_week.json?_shape=objects&q=&municipality="))
    assert len(everything) == 6
    vaasa = rows_of(get(ds, "/kalendarium/this_week.json?_shape=objects&municipality=Vaasa"))
    assert [row["title"] for row in vaasa] == ["Seniorkören övar – inställd"]
    text = rows_of(get(ds, "/kalendarium/this_week.json?_shape=objects&q=jumppa"))
    assert [row["title"] for row in text] == ["Tuolijumppa"]


def test_upcoming_search_finds_compound_word_part_with_trigrams(site):
    _, ds = site
    rows = rows_of(get(ds, "/kalendarium/upcoming_search.json?_shape=objects&q=jumppa"))
    assert [row["title"] for row in rows] == ["Tuolijumppa"]
    # Case-insensitive, non-ASCII, several words (AND), words shorter than 3 characters ignored.
    rows = rows_of(get(ds, "/kalendarium/upcoming_search.json?_shape=objects&q=ÄNGSBACKA%20öppet%20i"))
    assert [row["title"] for row in rows] == ["Seniorgym för äldre – öppet hus i Ängsbacka"]
    # Input that would be FTS syntax is searched as text, not an error.
    for nasty in ('jumppa"', "jumppa OR", "NEAR(", "*", "-jumppa"):
        response = get(ds, "/kalendarium/upcoming_search.json", params={"q": nasty, "_shape": "objects"})
        assert response.status_code == 200, (nasty, response.text[:300])


def test_upcoming_search_short_text_falls_back_to_like_and_skips_the_past(site):
    _, ds = site
    rows = rows_of(get(ds, "/kalendarium/upcoming_search.json?_shape=objects&q=Tu"))
    assert "Tuolijumppa" in [row["title"] for row in rows]
    past = rows_of(get(ds, "/kalendarium/upcoming_search.json?_shape=objects&q=sömn"))
    assert past == []


def test_upcoming_search_page_renders_for_the_landing_form(site):
    _, ds = site
    response = get(ds, "/kalendarium/upcoming_search?q=jumppa")
    assert response.status_code == 200
    assert "Tuolijumppa" in response.text
    assert "Hae tulevaa toimintaa" in response.text


def test_events_table_search_uses_trigram_fts(site):
    _, ds = site
    rows = rows_of(get(ds, "/kalendarium/events.json?_search=jumppa&_shape=objects"))
    assert [row["title"] for row in rows] == ["Tuolijumppa"]
    rows = rows_of(get(ds, "/kalendarium/events.json?_search=%C3%A4ppeltr%C3%A4det&_shape=objects"))
    assert [row["title"] for row in rows] == ["Mötesplats Café Äppelträdet / Kohtaamispaikka"]
    # Default escaping stays on: FTS operators in the box are not syntax errors.
    assert get(ds, "/kalendarium/events.json?_search=jumppa%22%20OR").status_code == 200


def test_events_search_needs_rowid_not_id_as_fts_pk(site):
    """events_fts is keyed on events.rowid; `fts_pk: id` would silently find nothing."""
    metadata = yaml.safe_load((SITE / "metadata.yml").read_text(encoding="utf-8"))
    assert metadata["databases"]["kalendarium"]["tables"]["events"]["fts_pk"] == "rowid"
    _, ds = site
    assert rows_of(get(ds, "/kalendarium/events.json?_search=jumppa&_fts_pk=id")) == []


# --- analysts' views ------------------------------------------------------------------------------

def test_coverage_counts_activities_and_weekly_hours_with_zero_rows_for_gaps(site):
    _, ds = site
    rows = rows_of(get(ds, "/kalendarium/coverage.json?_shape=objects&_size=max"))
    by_key = {(r["municipality"], r["audience"], r["category"]): r for r in rows}
    # 2 municipalities × (8 target groups + unclassified) × (9 categories + unclassified)
    assert len(rows) == 2 * 9 * 10
    assert by_key[("Kokkola", "older_people", "exercise")]["activities"] == 2
    assert by_key[("Kokkola", "older_people", "exercise")]["weekly_hours"] == 0.8  # 2 × 1.5 h / 4 weeks
    assert by_key[("Kokkola", "everyone", "meeting_places")]["weekly_hours"] == 10.5  # 3 × 14 h / 4
    assert by_key[("Kokkola", "family_caregivers", "peer_support")]["activities"] == 0  # a gap
    # The cancelled choir does not count; Vaasa has nothing scheduled: every Vaasa row is 0 … but one
    assert sum(r["activities"] for r in rows if r["municipality"] == "Vaasa") == 0
    gaps = rows_of(get(ds, "/kalendarium/gaps.json?_shape=objects&category="))
    assert ("Kokkola", "family_caregivers") in {(r["municipality"], r["audience"]) for r in gaps}
    assert ("Kokkola", "older_people") not in {(r["municipality"], r["audience"]) for r in gaps}


@pytest.mark.parametrize("name", ["this_week", "upcoming_search", "gaps", "by_municipality",
                                  "free_for_target_group", "cancelled_upcoming"])
def test_canned_queries_run(site, name):
    _, ds = site
    rows = rows_of(get(ds, f"/kalendarium/{name}.json?_shape=objects&q=&municipality=&audience=&category="))
    if name == "cancelled_upcoming":
        assert [r["title"] for r in rows] == ["Seniorkören övar – inställd"]
    if name == "free_for_target_group":
        assert {r["title"] for r in rows} == {"Seniorgym för äldre – öppet hus i Ängsbacka",
                                              "Mötesplats Café Äppelträdet / Kohtaamispaikka"}


def test_upcoming_occurrences_keeps_events_without_status(tmp_path):
    import sqlite3

    db_path = build_fixture_db(tmp_path / "kalendarium.db")
    connection = sqlite3.connect(db_path)
    before = connection.execute("select count(*) from upcoming_occurrences").fetchone()[0]
    connection.execute("update events set status = null")
    assert connection.execute("select count(*) from upcoming_occurrences").fetchone()[0] == before
    connection.execute("update events set status = 'removed' where title = 'Tuolijumppa'")
    assert connection.execute("select count(*) from upcoming_occurrences").fetchone()[0] == before - 1
    connection.close()


# --- safety ---------------------------------------------------------------------------------------

def test_script_title_is_escaped_everywhere(site):
    _, ds = site
    for path in ("/kalendarium/events", "/kalendarium/this_week", "/kalendarium/upcoming_search?q=alert",
                 "/kalendarium/events?_search=script", "/kalendarium/upcoming_occurrences", "/"):
        page = get(ds, path).text
        assert SCRIPT_TITLE not in page, path
        assert "<b>bold?</b>" not in page, path
    assert html.escape(SCRIPT_TITLE, quote=False) in get(ds, "/kalendarium/this_week").text


@pytest.mark.parametrize("sql", [
    "insert into sources (id, name) values ('evil', 'Evil')",
    "update events set title = 'hacked'",
    "delete from events",
    "drop table events",
    "create table evil (id)",
    "select 1; delete from events",
    "pragma writable_schema = 1",
    "attach database '/tmp/evil.db' as evil",
    "vacuum",
])
def test_writes_through_sql_are_refused(site, sql):
    db_path, ds = site
    before = db_path.read_bytes()
    response = get(ds, "/kalendarium.json", params={"sql": sql})
    assert response.status_code in (400, 403), (sql, response.status_code, response.text[:300])
    assert response.json()["ok"] is False
    assert db_path.read_bytes() == before
    titles = [row["title"] for row in rows_of(get(ds, "/kalendarium/events.json?_shape=objects&_size=max"))]
    assert len(titles) == 6 and "hacked" not in titles


def test_database_is_served_immutable_and_post_is_refused(site):
    db_path, ds = site
    databases = get(ds, "/-/databases.json").json()
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("kalendarium", False)]
    before = db_path.read_bytes()
    # The plugin answers every write method with 405 (Datasette 0.65 alone would give a 500).
    for method in ("post", "put", "patch", "delete"):
        response = asyncio.run(getattr(ds.client, method)("/kalendarium/this_week"))
        assert response.status_code == 405, method
    assert get(ds, "/kalendarium/this_week").status_code == 200
    assert db_path.read_bytes() == before


def test_settings_are_applied(site):
    _, ds = site
    settings = get(ds, "/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 3000 and settings["max_returned_rows"] == 1000


if __name__ == "__main__":  # build a fixture database by hand: python tests/test_datasette.py out.db
    import sys

    print(json.dumps(str(build_fixture_db(Path(sys.argv[1])))))


def test_coordinators_reach_source_health_from_the_search_page(site):
    _, ds = site
    page = get(ds, "/?lang=fi").text
    assert 'href="/kalendarium/source_health"' in page
    assert "Lähteiden tila (koordinaattoreille)" in page


# --- events with several rules, and the rules the cards write in words ---------------------------

def several_rules(today: date) -> list[tuple[str, str, str]]:
    """(title, time in words, language): series of several rules, dated ones a few days on."""
    day = lambda n: today + timedelta(days=n)  # noqa: E731
    dm = lambda n: f"{day(n).day}.{day(n).month}."  # noqa: E731
    return [
        ("Öppet hus på mötesplatsen", "mån–tors 9–15, fre 9–13", "sv"),
        ("Kuntosali", "ma klo 10 ja to klo 14", "fi"),
        ("Måndagscafé och onsdagskör", f"måndagar kl 10 (ej {dm(20)}), onsdagar kl 18", "sv"),
        ("Walking group", "Mondays 10–11am and Wednesdays 6–7pm", "en"),
        ("Julpyssel", f"{dm(3)}–{dm(4)} och {dm(10)}–{dm(11)} kl. 10–12", "sv"),
        ("Konsert", f"{dm(5)} kl. 13 och 15", "sv"),
        ("Vardagsgym", "helgfria vardagar kl 9–15", "sv"),
        ("Parittomien viikkojen kerho", "parittomilla viikoilla torstaisin klo 10–12", "fi"),
        ("Adventsmarknad", f"{dm(1)}–{dm(2)} klo 10–14", "sv"),
        ("Kaksi päivää", f"{dm(1)} klo 18 ja {dm(3)} klo 13", "fi"),
    ]


SEVERAL_RULES = several_rules(date(2026, 12, 2))  # the titles (the same whatever the day)


def normalised_records(source: dict, items, today: date) -> list[dict]:
    """Records as the harvest makes them from free-text times (every rule's occurrences)."""
    from normalise.record import Context, normalise_item

    context = Context(source_id=source["id"], source_name=source["name"], organiser_type=source["organiser_type"],
                      municipality=source["municipality"], language=source["language"], timezone=source["timezone"],
                      url=source["url"], today=today)
    return [normalise_item({"title": title, "when_text": text, "language": lang,
                            "url": f"https://example.org/r/{index}"}, context)
            for index, (title, text, lang) in enumerate(items)]


@pytest.fixture(scope="module")
def rules_site(tmp_path_factory):
    karleby = SOURCES[0]
    db_path = tmp_path_factory.mktemp("rules") / "kalendarium.db"
    publish(db_path, [SourceResult(karleby, normalised_records(karleby, several_rules(today_fi()), today_fi()))],
            sources=SOURCES[:1], run_id="2026-01-03T00:00:00Z")
    return db_path, make_datasette(db_path)


def stored_dates(db_path: Path, event: str) -> set[tuple[str, str | None]]:
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        return {(start, end) for start, end in connection.execute(
            "select start, \"end\" from occurrences where event_id = ? and coalesce(status, '') != 'cancelled'",
            [event])}


def calendar_dates(content: bytes, first: date, last: date, uid_prefix: str | None = None) -> list[tuple[str, str | None]]:
    """The dates a calendar app shows of an .ics between two days (recurring-ical-events)."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(content)
    shown = []
    for item in recurring_ical_events.of(calendar).between(first, last + timedelta(days=1)):
        if uid_prefix and not str(item["UID"]).startswith(uid_prefix):
            continue
        if str(item.get("STATUS", "")) == "CANCELLED":
            continue
        begin, finish = item.decoded("DTSTART"), item.decoded("DTEND") if "DTEND" in item else None
        if isinstance(begin, datetime):
            begin, finish = begin.astimezone(ZONE), finish.astimezone(ZONE) if finish else None
            shown.append((begin.isoformat(), finish.isoformat() if finish and finish != begin else None))
        else:
            shown.append((begin.isoformat(), (finish - timedelta(days=1)).isoformat() if finish else None))
    return shown


@pytest.mark.parametrize("title", [title for title, _, _ in SEVERAL_RULES])
def test_the_calendar_file_holds_every_date_of_every_rule(rules_site, title):
    # Before: only the events row's RRULE (the first rule) was written: "mån–tors 9–15, fre
    # 9–13" lost every Friday, "8.–9.12. och 15.–16.12." the 15th and 16th.
    db_path, ds = rules_site
    identifier = event_id(ds, title)
    stored = stored_dates(db_path, identifier)
    days = sorted(date.fromisoformat(start[:10]) for start, _ in stored)
    content = get(ds, "/activity.ics", params={"id": identifier}).content
    shown = calendar_dates(content, days[0], days[-1])
    assert len(shown) == len(set(shown)), "a date is in the calendar twice"
    assert set(shown) == stored


def test_a_further_weekly_rule_is_a_weekly_series_of_its_own(rules_site):
    import icalendar

    _, ds = rules_site
    content = get(ds, "/activity.ics", params={"id": event_id(ds, "Öppet hus på mötesplatsen")}).content
    items = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert [str(item["RRULE"].to_ical().decode()).split(";")[0] for item in items] == ["FREQ=WEEKLY"] * 2
    friday = items[1]
    assert friday["RRULE"]["UNTIL"] and friday.decoded("DTSTART").weekday() == 4
    assert friday.decoded("DTEND") - friday.decoded("DTSTART") == timedelta(hours=4)


def test_the_search_calendar_holds_every_date_of_every_rule(rules_site):
    # A series in a subscription is the whole series (its RRULE), so its further rules' dates
    # must be there too, after the search's days as well; a dated event has the search's days.
    import icalendar

    db_path, ds = rules_site
    today = today_fi()
    first, last = (date.fromisoformat(day) for day in plugin().search_window(plugin().parse_search({"when": "week"}), today))
    content = get(ds, "/search.ics", params={"when": "week"}).content
    identifiers = {str(item["UID"]).split("@")[0] for item in icalendar.Calendar.from_ical(content).walk("VEVENT")}
    series = {row["id"] for row in rows_of(get(ds, "/kalendarium/events.json?_shape=objects&rrule__notblank=1"))}
    assert identifiers & series and identifiers - series
    for identifier in identifiers:
        stored = {(start, end) for start, end in stored_dates(db_path, identifier) if start[:10] >= today.isoformat()}
        if identifier not in series:
            stored = {(start, end) for start, end in stored if start[:10] <= last.isoformat()}
        end = max(date.fromisoformat(start[:10]) for start, _ in stored)
        assert set(calendar_dates(content, today, end, identifier + "@")) == stored, identifier


def test_a_time_in_sweden_says_so_with_the_finnish_time_beside_it(tmp_path):
    # Before: "Torstai 10.12. klo 18–19.30" for a digital meeting held at 18 Swedish time, 19
    # Finnish time: staff in Finland would have joined an hour late.
    today = today_fi()
    umea = {**SOURCES[0], "id": "umea", "municipality": "Uumaja", "timezone": "Europe/Stockholm"}
    zone = ZoneInfo("Europe/Stockholm")
    start = datetime.combine(today + timedelta(days=2), time(18, 0), zone)
    utc = lambda moment: moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    dates = [{"start": (start + timedelta(days=7 * n)).isoformat(), "end": (start + timedelta(days=7 * n, minutes=90)).isoformat(),
              "start_utc": utc(start + timedelta(days=7 * n)), "end_utc": utc(start + timedelta(days=7 * n, minutes=90)),
              "date": (start + timedelta(days=7 * n)).date().isoformat(), "all_day": False, "status": "scheduled"}
             for n in range(3)]
    weekday = "MO,TU,WE,TH,FR,SA,SU".split(",")[start.weekday()]
    db_path = tmp_path / "kalendarium.db"
    publish(db_path, [SourceResult(umea, [record(umea, "kvarken", "Anhörigträff över Kvarken", dates,
                                                 timezone="Europe/Stockholm", rrule=f"FREQ=WEEKLY;BYDAY={weekday}")])],
            sources=[umea], run_id="2026-01-04T00:00:00Z")
    ds = make_datasette(db_path)
    page = get(ds, "/?lang=fi&q=Kvarken").text
    when = re.sub(r"<[^>]+>", "", re.search(r"<time[^>]*>(.*?)</time>", page, re.S).group(1))
    assert when.endswith("klo 18–19.30 Ruotsin aikaa (19–20.30 Suomen aikaa)"), when
    series = re.sub(r"<[^>]+>", "", re.search(r'<p class="series">.*?<strong>(.*?)</strong>', page, re.S).group(1))
    assert series.endswith("18–19.30 (Ruotsin aikaa)"), series
    activity = get(ds, "/activity", params={"id": event_id(ds, "Anhörigträff över Kvarken"), "lang": "sv"}).text
    assert activity.count("svensk tid (<span class=\"nowrap\">19–20.30</span> finsk tid)") >= 4  # next + 3 dates
    english = plugin().format_when(dates[0]["start"], dates[0]["end"], False, "en", None, "Europe/Stockholm")
    assert english.endswith("18–19:30 Swedish time (19–20:30 Finnish time)")
    assert plugin().format_when(dates[0]["start"], dates[0]["end"], False, "sv", None, "Europe/Helsinki").endswith("kl. 18–19.30")


def test_the_print_card_gives_dates_not_today_or_tomorrow(site):
    # Before: the paper given to a client said "Huomenna, keskiviikko 3.12." and "Tänään, …",
    # wrong from the day after it was printed.
    _, ds = site
    tomorrow = today_fi() + timedelta(days=1)
    identifier = event_id(ds, "Seniorgym för äldre – öppet hus i Ängsbacka")  # tomorrow at 10
    for lang, word in (("sv", "I morgon"), ("fi", "Huomenna"), ("en", "Tomorrow")):
        assert word in get(ds, "/activity", params={"id": identifier, "lang": lang}).text
        printed = get(ds, "/activity/print", params={"id": identifier, "lang": lang}).text
        assert word not in printed and plugin().format_day(tomorrow, lang) in printed, lang
    cafe = get(ds, "/activity/print", params={"id": event_id(ds, "Mötesplats Café Äppelträdet / Kohtaamispaikka"),
                                              "lang": "fi"}).text
    assert "Tänään" not in cafe and plugin().format_day(today_fi(), "fi") in cafe


def test_a_card_of_an_activity_on_several_dates_names_the_others(rules_site, tmp_path):
    # Before: "lö 5.12. kl. 13 och 15" and "8.12. klo 18 ja 10.12. klo 13" showed one date on
    # the card, as if the activity were once.
    _, ds = rules_site
    module = plugin()
    page = get(ds, "/", params={"lang": "sv", "q": "Konsert"}).text
    also = re.sub(r"<[^>]+>", "", re.search(r'<p class="series also">(.*?)</p>', page, re.S).group(1))
    assert also.startswith("Även: ") and also.endswith(" kl. 15"), also
    page = get(ds, "/", params={"lang": "fi", "q": "Kaksi"}).text
    also = re.sub(r"<[^>]+>", "", re.search(r'<p class="series also">(.*?)</p>', page, re.S).group(1))
    assert also.startswith("Myös: ") and also.endswith(" klo 13"), also
    assert 'class="series also"' not in get(ds, "/", params={"q": "Kuntosali"}).text  # a series has its words
    today = today_fi()
    karleby = SOURCES[0]
    dates = [occurrence(today + timedelta(days=n), 10) for n in (2, 4, 6, 8)]
    db_path = tmp_path / "kalendarium.db"
    publish(db_path, [SourceResult(karleby, [record(karleby, "four", "Fyra gånger", dates)])],
            sources=SOURCES[:1], run_id="2026-01-05T00:00:00Z")
    page = get(make_datasette(db_path), "/", params={"lang": "en", "q": "Fyra"}).text
    also = re.sub(r"<[^>]+>", "", re.search(r'<p class="series also">(.*?)</p>', page, re.S).group(1))
    assert also == f"Also: {module.format_when(dates[1]['start'], dates[1]['end'], False, 'en', today)} and 2 more dates"
    assert module.more_dates(1, "sv") == "och 1 tillfälle till" and module.more_dates(1, "fi") == "ja 1 muu kerta"
