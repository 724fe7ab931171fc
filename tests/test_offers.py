"""Zero-configuration reading: a URL alone gives the best its site offers."""

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from crawlers.parsers.offers import OWN_LISTING, OWN_STRUCTURED, Offer, find_offers, plan
from conftest import served
from kalendarium.extract import extract

SITES = Path(__file__).parent / "files" / "offers"
TODAY = date(2026, 11, 25)


def harvest(sources_yaml: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path]:
    """The real harvest, in its own process, of the sources written out in `sources_yaml`."""
    sources, db_path = tmp_path / "sources.yaml", tmp_path / "k.db"
    sources.write_text(sources_yaml, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kalendarium", "harvest", "--sources", str(sources),
                          "--db", str(db_path), "--today", "2026-11-25", "-s", "DOWNLOAD_DELAY=0",
                          "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "HTTPCACHE_ENABLED=False"],
                         capture_output=True, text=True, timeout=120)
    return run, db_path


def test_finds_feeds_calendars_apis_and_calendar_pages():
    html = """<html><head>
      <link rel="alternate" type="application/rss+xml" title="Nyheter" href="/feed/">
      <link rel="alternate" type="application/rss+xml" title="Kommentarer" href="/comments/feed/">
      <link rel="alternate" type="text/calendar" href="/events/?ical=1">
      <link rel="https://api.w.org/" href="https://ex.fi/wp-json/"></head>
      <body class="tribe-events"><nav><a href="/tapahtumat/">Tapahtumat</a> <a href="/yhteystiedot/">Yhteystiedot</a>
      <a href="webcal://ex.fi/kalenteri.ics">Tilaa</a> <a href="https://other.fi/evenemang/">Grannens evenemang</a></nav>
      <script>var api = "https://api.hel.fi/linkedevents/v1/event/?keyword=yso:p2433";</script></body></html>"""
    offers = find_offers(html, "https://ex.fi/")
    assert [(offer.kind, offer.url) for offer in offers] == [
        ("ical", "https://ex.fi/events/?ical=1"),
        ("ical", "https://ex.fi/kalenteri.ics"),
        ("tribe", "https://ex.fi/wp-json/tribe/events/v1/events"),
        ("linkedevents", "https://api.hel.fi/linkedevents/v1/event/?keyword=yso:p2433"),
        ("rss", "https://ex.fi/feed/"),
        ("page", "https://ex.fi/tapahtumat/"),
    ]


def test_plan_tries_feeds_then_own_data_then_calendar_pages_then_own_text():
    feed, page = Offer("rss", "https://ex.fi/feed/", "x"), Offer("page", "https://ex.fi/kalender/", "y")
    assert plan([page, feed]) == [feed, OWN_STRUCTURED, page, OWN_LISTING]


@pytest.fixture()
def site(offers_url):
    return offers_url


def titles(extraction):
    return [record["title"] for record in extraction.records]


def test_news_feed_without_event_dates_falls_through_to_the_calendar_page(site):
    extraction = extract(f"{site}/parish/", today=TODAY)
    assert titles(extraction) == ["Seniorträff", "Julkonsert med kyrkokören", "Sorgegrupp"]
    assert extraction.records[0]["start"] == "2026-12-01T13:00:00+02:00"
    assert extraction.notes == [f"read {site}/parish/kalender/: menu link 'Kalender'"]


def test_wordpress_with_the_events_calendar_is_read_through_its_api(site):
    extraction = extract(f"{site}/wp/", today=TODAY)
    assert titles(extraction) == ["Kuntojumppa & kahvit"]
    assert extraction.kind == "tribe"
    assert extraction.records[0]["location"] == "Rantakeskus"


def test_linked_ical_file_is_read(site):
    extraction = extract(f"{site}/ics/", today=TODAY)
    assert titles(extraction) == ["Kuoroharjoitus"]
    assert extraction.records[0]["rrule"] == "FREQ=WEEKLY;COUNT=4;BYDAY=WE"


def test_a_local_file_is_read_alone_and_names_what_it_links_to():
    extraction = extract(str(SITES / "ics" / "index.html"), url="https://kuoro.example/", today=TODAY)
    assert extraction.records == []
    assert "the page links to https://kuoro.example/kalenteri.ics (link 'Tilaa kalenteri (iCal)' to a calendar file); " \
           "run extract on it" in extraction.notes


def test_the_auto_spider_harvests_each_site_from_its_url_alone(site, tmp_path):
    run, db_path = harvest(f"""
sources:
  - {{id: parish, name: Sandbacka församling, organiser_type: parish, language: sv, kind: auto, url: "{site}/parish/"}}
  - {{id: wp, name: Rannan eläkeläiset, organiser_type: association, language: fi, kind: auto, url: "{site}/wp/"}}
  - {{id: ics, name: Sävel, organiser_type: association, language: fi, kind: auto, url: "{site}/ics/kalenteri.ics"}}
""", tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    with sqlite3.connect(db_path) as connection:
        got = connection.execute("select source_id, title, extraction from events order by source_id, start").fetchall()
    assert got == [
        ("ics", "Kuoroharjoitus", "ical"),
        ("parish", "Seniorträff", "listing"),
        ("parish", "Julkonsert med kyrkokören", "listing"),
        ("parish", "Sorgegrupp", "listing"),
        ("wp", "Kuntojumppa & kahvit", "tribe"),
    ]


def test_an_html_listing_is_followed_over_its_pages_and_completed_from_detail_pages(site, tmp_path):
    run, db_path = harvest(f"""
sources:
  - id: solbacken
    name: Pensionärsklubben Solbacken
    organiser_type: association
    language: sv
    kind: html
    url: "{site}/club/"
    options: {{details: true}}
""", tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    with sqlite3.connect(db_path) as connection:
        got = connection.execute('select title, start, "end", location, description from events order by start').fetchall()
    assert got == [
        ("Dansafton med orkester", "2026-12-05T18:00:00+02:00", "2026-12-05T21:00:00+02:00", "Klubbhuset Solbacken",
         "Levande musik av Solbackens spelmän. Inträde 10 euro, kaffe ingår."),
        ("Bastukväll", "2026-12-11T17:00:00+02:00", "2026-12-11T20:00:00+02:00", "Klubbhuset Solbacken",
         "Vedeldad bastu vid stranden. Ta med handduk."),
        ("Stickcafé", "2027-01-13T13:00:00+02:00", "2027-01-13T15:00:00+02:00", "Klubbhuset Solbacken",
         "Vi stickar sockor till välgörenhet."),
        # its detail page is missing (404): the listing's own record is kept
        ("Vårfest", "2027-04-17T15:00:00+03:00", None, None, ""),
    ]


def test_a_cms_listing_is_read_through_its_event_pages_by_extract_and_by_the_auto_spider(tmp_path):
    with served() as base_url:
        extraction = extract(f"{base_url}/karleby/evenemang/", today=TODAY)
        run, db_path = harvest(f"sources:\n  - {{id: karleby, name: Karleby, organiser_type: municipality, "
                               f"kind: auto, url: '{base_url}/karleby/evenemang/'}}\n", tmp_path)
    assert len(extraction.records) == 14
    assert {r["extraction"] for r in extraction.records} == {"jsonld", "microdata"}
    assert extraction.notes == ["read 15 event pages below the listing"]
    assert run.returncode == 0, run.stdout + run.stderr
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("select count(*) from events").fetchone() == (14,)
