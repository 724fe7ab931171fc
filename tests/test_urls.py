"""Every stored url is absolute, whichever parser read the document.

Documents write their links relative to themselves (`/karleby/evenemang/seniorgym-prova-pa/`,
`anmalan/?aktivitet=1`): a record that kept one had no "organiser's page" link in the catalogue.
`read_document` joins them to the document's address (or, for a saved page read without one,
to its canonical link), and the normaliser joins what is still relative to the source's.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from crawlers.parsers.document import read_document
from kalendarium.extract import extract
from normalise.record import Context, normalise_item

TODAY = date(2026, 12, 2)
PAGE = "https://www.example.fi/evenemang/"

ICAL = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:a@example.fi\r
SUMMARY:Seniorgympa\r
DTSTART;TZID=Europe/Helsinki:20261208T100000\r
URL:/evenemang/seniorgympa/\r
END:VEVENT\r
END:VCALENDAR\r
"""
RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Evenemang</title><link>/evenemang/</link>
<item><title>Julfest tisdag 8.12.2026 kl. 13</title><link>/evenemang/julfest/</link>
<description>Julfest i f\xc3\xb6rsamlingshemmet.</description></item>
</channel></rss>"""
JSONLD = json.dumps({"@context": "https://schema.org", "@type": "Event", "name": "Julkonsert",
                     "startDate": "2026-12-13T18:00:00+02:00", "url": "/evenemang/julkonsert/"}).encode()
HTML_JSONLD = (b'<html><head><link rel="canonical" href="https://www.example.fi/evenemang/julkonsert/">'
               b'<script type="application/ld+json">' + JSONLD + b'</script></head><body></body></html>')
LISTING = """<html lang="sv"><head><link rel="canonical" href="https://www.example.fi/evenemang/"></head><body>
<ul class="events">
<li class="event"><a href="seniorgym-prova-pa/">Seniorgym – prova på</a> <span>tisdag 8.12.2026 kl. 10</span></li>
<li class="event"><a href="/evenemang/minnescafe/">Minnescafé</a> <span>torsdag 10.12.2026 kl. 14</span></li>
</ul></body></html>""".encode()
TRIBE = json.dumps({"events": [{"id": 7, "title": "Stickcafé", "url": "/event/stickcafe/",
                                "start_date": "2026-12-09 14:00:00", "end_date": "2026-12-09 16:00:00",
                                "utc_start_date": "2026-12-09 12:00:00", "utc_end_date": "2026-12-09 14:00:00",
                                "timezone": "Europe/Helsinki"}], "rest_url": "https://www.example.fi/wp-json/"}).encode()
LINKED = json.dumps({"meta": {"count": 1, "next": None}, "data": [{
    "id": "kulke:1", "@type": "LinkedEvent", "name": {"fi": "Tuolijumppa"}, "start_time": "2026-12-09T10:00:00+02:00",
    "info_url": {"fi": "/tapahtumat/tuolijumppa"}}]}).encode()
JSON = json.dumps([{"title": "Boccia", "start": "2026-12-10T10:00:00+02:00", "url": "/aktiviteter/boccia"}]).encode()
XML = b"""<?xml version="1.0"?><Events><Event><Title>Boccia</Title><Start>2026-12-10T10:00:00+02:00</Start>
<Link>aktiviteter/boccia</Link></Event></Events>"""


@pytest.mark.parametrize("kind, data, url, expected", [
    ("ical", ICAL, "https://www.example.fi/evenemang.ics", ["https://www.example.fi/evenemang/seniorgympa/"]),
    ("rss", RSS, "https://www.example.fi/evenemang/feed/", ["https://www.example.fi/evenemang/julfest/"]),
    ("jsonld", JSONLD, "https://www.example.fi/evenemang/julkonsert.json",
     ["https://www.example.fi/evenemang/julkonsert/"]),
    ("jsonld", HTML_JSONLD, None, ["https://www.example.fi/evenemang/julkonsert/"]),   # a saved page
    ("html", LISTING, PAGE, ["https://www.example.fi/evenemang/seniorgym-prova-pa/",
                             "https://www.example.fi/evenemang/minnescafe/"]),
    ("html", LISTING, None, ["https://www.example.fi/evenemang/seniorgym-prova-pa/",
                             "https://www.example.fi/evenemang/minnescafe/"]),
    ("tribe", TRIBE, "https://www.example.fi/wp-json/tribe/events/v1/events",
     ["https://www.example.fi/event/stickcafe/"]),
    ("linkedevents", LINKED, "https://api.example.fi/v1/event/", ["https://api.example.fi/tapahtumat/tuolijumppa"]),
    ("json", JSON, "https://www.example.fi/api/events.json", ["https://www.example.fi/aktiviteter/boccia"]),
    ("xml", XML, "https://www.example.fi/api/events.xml", ["https://www.example.fi/api/aktiviteter/boccia"]),
])
def test_every_parser_gives_absolute_urls_through_read_document(kind, data, url, expected):
    document = read_document(data, url=url, kind=kind, today=TODAY)
    assert [item["url"] for item in document.items] == expected


def test_a_relative_link_nothing_resolves_is_dropped_for_the_sources_address():
    document = read_document(LISTING.replace(b'<link rel="canonical" href="https://www.example.fi/evenemang/">', b""),
                             url=None, kind="html", today=TODAY)
    assert [item["url"] for item in document.items] == [None, None]


def test_a_base_href_over_the_canonical_link_as_in_a_browser():
    page = HTML_JSONLD.replace(b"</head>", b'<base href="https://cdn.example.fi/sv/"></head>')
    assert [item["url"] for item in read_document(page, kind="jsonld", today=TODAY).items] == [
        "https://cdn.example.fi/evenemang/julkonsert/"]


def test_the_normaliser_joins_an_api_spiders_relative_url_to_the_sources_address():
    context = Context(url="https://www.example.fi/wp-json/tribe/events/v1/events", today=TODAY)
    raw = {"title": "Stickcafé", "start": "2026-12-09T14:00:00+02:00", "url": "/event/stickcafe/"}
    assert normalise_item(raw, context)["url"] == "https://www.example.fi/event/stickcafe/"
    assert normalise_item({**raw, "url": "/event/stickcafe/"}, Context(today=TODAY))["url"] is None
    assert normalise_item({**raw, "url": None}, context)["url"] == context.url


def test_extract_of_a_saved_demo_event_page_links_to_the_event(tmp_path):
    # the demo site's event pages carry JSON-LD with "url": "/karleby/evenemang/seniorgym-prova-pa/"
    page = Path(__file__).parent / "sites" / "karleby" / "evenemang" / "seniorgym-prova-pa" / "index.html"
    saved = tmp_path / "seniorgym.html"
    saved.write_bytes(page.read_bytes().replace(
        b"<head>", b'<head><link rel="canonical" href="https://www.karleby.fi/karleby/evenemang/seniorgym-prova-pa/">', 1))
    records = extract(str(saved), today=TODAY).records
    assert [record["url"] for record in records] == ["https://www.karleby.fi/karleby/evenemang/seniorgym-prova-pa/"]
