"""The published, read-only Datasette site: metadata, landing page, canned queries, search, safety.

A fixture database is built with `kalendarium.store.publish` from hand-written canonical records
dated relative to today in Finland, so no test depends on the calendar date.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
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
    karleby_records = [
        record(karleby, "gym", "Seniorgym för äldre – öppet hus i Ängsbacka", [occurrence(day(1), 10)],
               location="Ängsbacka idrottshall", description="Styrketräning för seniorer."),
        record(karleby, "tuoli", "Tuolijumppa", [occurrence(day(2), 13)], language="fi",
               location="Kokkolan pääkirjasto", description="Kevyt jumppa tuolilla istuen."),
        record(karleby, "xss", SCRIPT_TITLE, [occurrence(day(3), 15)], language="en",
               description="<b>bold?</b> & friends"),
        # A weekly series: today, +7 (inside this week's window) and +14 (outside it).
        record(karleby, "cafe", "Mötesplats Café Äppelträdet / Kohtaamispaikka",
               [occurrence(day(0), 9, 60 * 14), occurrence(day(7), 9, 60 * 14), occurrence(day(14), 9, 60 * 14)],
               rrule="FREQ=WEEKLY", location="Äppelträdet, Storgatan 1"),
    ]
    vasa_records = [
        record(vasa, "kor", "Seniorkören övar – inställd", [occurrence(day(4), 18, status="cancelled")],
               status="cancelled", location="Trefaldighetskyrkan", extraction="jsonld"),
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


# --- the landing page -------------------------------------------------------------------------

def test_root_page_is_a_swedish_landing_page_by_default(site):
    _, ds = site
    response = get(ds, "/")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="sv">' in page
    assert 'name="viewport"' in page
    assert "Kalendarium – aktiviteter / toiminta" in page
    assert 'action="/kalendarium/upcoming_search"' in page and 'name="q"' in page
    for href, label in [("/kalendarium/this_week", "Den här veckan"), ("/kalendarium/events", "Alla evenemang"),
                        ("/kalendarium/sources", "Källor")]:
        assert f'href="{href}"' in page and label in page
    for code in ("sv", "fi", "en"):
        assert f'href="?lang={code}"' in page


def test_root_page_switches_to_finnish_and_english(site):
    _, ds = site
    finnish = get(ds, "/?lang=fi").text
    assert '<html lang="fi">' in finnish
    assert "Tällä viikolla" in finnish and "Kaikki tapahtumat" in finnish and "Lähteet" in finnish
    assert "Den här veckan" not in finnish
    assert 'href="?lang=fi" lang="fi" hreflang="fi" aria-label="Suomi" title="Suomi" aria-current="true"' in finnish
    english = get(ds, "/?lang=en").text
    assert '<html lang="en">' in english and "This week" in english


def test_root_language_follows_browser_when_not_chosen_and_ignores_unknown_codes(site):
    _, ds = site
    assert '<html lang="fi">' in get(ds, "/", headers={"Accept-Language": "fi-FI,fi;q=0.9"}).text
    assert '<html lang="fi">' in get(ds, "/", headers={"Accept-Language": "en-US,en;q=0.9,fi;q=0.8"}).text
    assert '<html lang="sv">' in get(ds, "/", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="sv">' in get(ds, "/?lang=<script>").text


def test_root_page_uses_large_type(site):
    _, ds = site
    page = get(ds, "/").text
    assert "html { font-size: 20px; }" in page


def test_datasette_own_pages_still_work(site):
    _, ds = site
    for path in ("/kalendarium", "/kalendarium/events", "/kalendarium/occurrences", "/kalendarium/harvest_runs",
                 "/kalendarium/upcoming_occurrences", "/-/metadata.json", "/.json"):
        assert get(ds, path).status_code == 200, path
    css = get(ds, "/-/kalendarium.css")
    assert css.status_code == 200 and "font-size: 18px" in css.text
    assert '/-/kalendarium.css' in get(ds, "/kalendarium/events").text


# --- metadata -----------------------------------------------------------------------------------

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
                           "event_changes", "source_health"}
    for name, table in tables.items():
        assert table["description"] and table["columns"], name


def test_every_column_has_a_description(site):
    db_path, _ = site
    import sqlite3

    metadata = yaml.safe_load((SITE / "metadata.yml").read_text(encoding="utf-8"))
    tables = metadata["databases"]["kalendarium"]["tables"]
    connection = sqlite3.connect(db_path)
    try:
        for name, table in tables.items():
            columns = [row[1] for row in connection.execute(f"pragma table_info([{name}])")]
            assert columns, name
            assert set(columns) == set(table["columns"]), name
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
