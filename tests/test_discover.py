"""Discovery: a homepage in, what it offers tried, a ready sources.yaml entry out."""

from datetime import date
from http.server import BaseHTTPRequestHandler

import yaml
from click.testing import CliRunner

from kalendarium.cli import cli
from kalendarium.discover import discover, entry_yaml, source_entry
from kalendarium.sources import add_source, load_sources

from conftest import handler_served

TODAY = date(2026, 11, 25)


def test_a_news_feed_loses_to_the_calendar_page_in_the_menu(offers_url):
    found = discover(f"{offers_url}/parish/", today=TODAY)
    tried = {(c.offer.kind, c.offer.url): c.events for c in found.candidates}
    assert tried[("rss", f"{offers_url}/parish/nyheter.xml")] == 0
    assert tried[("page", f"{offers_url}/parish/kalender/")] == 3
    entry = source_entry(found)
    assert entry["url"] == f"{offers_url}/parish/kalender/"
    assert (entry["name"], entry["organiser_type"], entry["language"]) == ("Sandbacka församling", "parish", "sv")


def test_the_events_calendar_api_is_recommended_for_a_wordpress_site(offers_url):
    entry = source_entry(discover(f"{offers_url}/wp/", today=TODAY))
    assert (entry["kind"], entry["url"]) == ("tribe", f"{offers_url}/wp/wp-json/tribe/events/v1/events")


def test_a_cms_listing_with_schema_org_detail_pages_becomes_a_jsonld_source(demo_url):
    found = discover(f"{demo_url}/karleby/evenemang/", today=TODAY)
    entry = source_entry(found)
    assert (entry["kind"], entry["url"], entry["organiser_type"]) == (
        "jsonld", f"{demo_url}/karleby/evenemang/", "municipality")


def test_entries_get_unique_ids_and_appending_keeps_comments(tmp_path, offers_url):
    sources = tmp_path / "sources.yaml"
    sources.write_text("# our region\nsources:\n  # the parish\n  - id: 127-0-0-wp\n    name: x\n"
                       "    organiser_type: parish\n    kind: ical\n    url: https://x.example/k.ics\n", encoding="utf-8")
    entry = source_entry(discover(f"{offers_url}/wp/", today=TODAY), {"127-0-0-wp"})
    assert entry["id"] == "127-0-0-wp-2"
    add_source(sources, entry)
    text = sources.read_text(encoding="utf-8")
    assert text.startswith("# our region\nsources:\n  # the parish\n")
    assert [s.id for s in load_sources(sources)] == ["127-0-0-wp", "127-0-0-wp-2"]
    assert yaml.safe_load(entry_yaml(entry))[0]["kind"] == "tribe"


CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@sandviken\r\nSUMMARY:Seniorträff\r\n"
            "DTSTART;TZID=Europe/Helsinki:20261215T130000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


class ParishWithoutLang(BaseHTTPRequestHandler):
    """A homepage without lang="…" linking to a calendar that its robots.txt forbids."""

    PAGES = {"/": ("text/html", '<html><head><title>Sandvikens församling</title></head><body>'
                               '<a href="/kalender.ics">Prenumerera (iCal)</a> <a href="/evenemang/">Evenemang</a>'
                               '</body></html>'),
             "/kalender.ics": ("text/calendar", CALENDAR),
             "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /kalender.ics\n")}

    def do_GET(self):
        content_type, body = self.PAGES.get(self.path, ("text/plain", None))
        data = (body or "not here").encode("utf-8")
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_discover_leaves_out_a_language_the_page_does_not_declare_and_warns_of_robots_txt():
    # a Swedish parish without lang="…" was suggested as `language: fi`; an entry its robots.txt
    # forbids was suggested without a word, and then every harvest of it failed
    with handler_served(ParishWithoutLang) as base:
        entry = source_entry(discover(f"{base}/", today=TODAY))
        assert "language" not in entry and entry["url"] == f"{base}/kalender.ics"
        result = CliRunner().invoke(cli, ["sources", "discover", f"{base}/", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "check the name and add municipality: and language: (sv, fi or en)" in result.output
    assert (f"Warning: the site's robots.txt does not allow Kalendarium to read {base}/kalender.ics, so its "
            f"harvest would fail") in result.output
    # the problem beside its address, not the address again (cut off before the problem)
    line = next(line for line in result.output.splitlines() if "/evenemang/" in line)
    assert line.endswith(" the page answered 404 Not Found") and line.count("/evenemang/") == 1
