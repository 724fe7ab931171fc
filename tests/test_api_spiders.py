"""The Events Calendar's REST API quirks, through the real harvest against a local server."""

import json
import sqlite3
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

EVENT = {"id": 7, "url": "http://x/e/7", "title": "Kaffe &amp; prat", "description": "<p>Alla välkomna</p>",
         "all_day": False, "start_date": "2026-12-03 13:00:00", "end_date": "2026-12-03 15:00:00",
         "utc_start_date": "2026-12-03 11:00:00", "utc_end_date": "2026-12-03 13:00:00",
         "timezone": "Europe/Helsinki", "venue": {"venue": "Träffpunkten"}, "cost": "Maksuton"}
EXPORT = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:9@x\r\nSUMMARY:Julfest\r\n"
          "DTSTART;TZID=Europe/Helsinki:20261212T140000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
ROUTES = {
    # a calendar with events on page 1 whose page 2 is past the end (404 event-archive-page-not-found)
    "/paged/wp-json/tribe/events/v1/events": (200, {"events": [EVENT], "next_rest_url":
                                                    "http://internal.example/paged/wp-json/tribe/events/v1/events?page=2"}),
    "/paged/wp-json/tribe/events/v1/events?page=2": (404, {"code": "event-archive-page-not-found", "message": "x",
                                                           "data": {"status": 404}}),
    # an empty range: the plugin's 404 is not an error
    "/empty/wp-json/tribe/events/v1/events": (404, {"code": "event-archive-page-not-found", "message": "x",
                                                    "data": {"status": 404}}),
    # the REST API switched off: the iCal export is read instead
    "/norest/wp-json/tribe/events/v1/events": (404, {"code": "rest_no_route", "message": "No route"}),
    "/norest/events/?ical=1": (200, EXPORT),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urlsplit(self.path)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        status, body = ROUTES.get(key, (404, "not here"))
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/calendar" if isinstance(body, str) else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def harvest(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    tmp = tmp_path_factory.mktemp("tribe")
    (tmp / "sources.yaml").write_text("sources:\n" + "".join(
        f"  - {{id: {name}, name: {name}, organiser_type: association, kind: tribe, url: '{base}/{name}/'}}\n"
        for name in ("paged", "empty", "norest", "notwp")), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kalendarium", "harvest", "--sources", str(tmp / "sources.yaml"),
                          "--db", str(tmp / "k.db"), "--today", "2026-11-25", "-s", "DOWNLOAD_DELAY=0",
                          "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "HTTPCACHE_ENABLED=False",
                          "-s", "ROBOTSTXT_OBEY=False"], capture_output=True, text=True, timeout=120)
    server.shutdown()
    with sqlite3.connect(tmp / "k.db") as connection:
        events = connection.execute("select source_id, title, start from events order by source_id").fetchall()
        free = dict(connection.execute("select title, free_of_charge from events").fetchall())
        runs = dict(connection.execute("select source_id, coalesce(error, '') from harvest_runs").fetchall())
    return run, events, runs, free


def test_a_404_past_the_last_page_ends_the_paging_quietly(harvest):
    _, events, runs, _ = harvest
    assert ("paged", "Kaffe & prat", "2026-12-03T13:00:00+02:00") in events
    assert runs["paged"] == ""


def test_an_empty_range_is_not_an_error_of_the_site(harvest):
    _, events, runs, _ = harvest
    assert not [e for e in events if e[0] == "empty"]
    # no events is still reported (the previous events are kept), but as the calendar's own answer
    assert "the calendar has no events in its range" in runs["empty"]
    assert "answered 404" not in runs["empty"]


def test_without_the_rest_api_the_ical_export_is_read(harvest):
    _, events, _, _ = harvest
    assert ("norest", "Julfest", "2026-12-12T14:00:00+02:00") in events


def test_the_api_s_own_cost_reaches_the_catalogue(harvest):
    # the harvest's items carried no free_of_charge field: the API's "Maksuton" was dropped on
    # the way, while `extract` and `sources rederive` kept it (every rederive "updated" it)
    _, _, _, free = harvest
    assert free["Kaffe & prat"] == 1


def test_a_site_without_the_events_calendar_says_so(harvest):
    # was "…/events/?ical=1: the page answered 404", an address the coordinator never wrote
    _, _, runs, _ = harvest
    site = runs["notwp"].split(": neither", 1)[0]
    assert site.startswith("http://127.0.0.1:") and site.endswith("/notwp/")
    assert runs["notwp"] == (f"{site}: neither The Events Calendar's REST API (wp-json/tribe/events/v1/events) nor "
                             f"its iCal export (/events/?ical=1) is here, so the site does not seem to run it; "
                             f"`kalendarium sources discover {site}` tells what it offers")
