"""Discovery: a homepage in, what it offers tried, a ready sources.yaml entry out."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from kalendarium.demo_server import SITES_DIR, serve_in_background
from kalendarium.discover import discover, entry_yaml, source_entry
from kalendarium.sources import add_source, load_sources

OFFERS = Path(__file__).parent / "files" / "offers"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def offers_site():
    server, base_url = serve_in_background(0, directory=OFFERS)
    yield base_url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def demo_site():
    server, base_url = serve_in_background(0, directory=SITES_DIR)
    yield base_url
    server.shutdown()
    server.server_close()


def test_a_news_feed_loses_to_the_calendar_page_in_the_menu(offers_site):
    found = discover(f"{offers_site}/parish/", today=TODAY)
    tried = {(c.offer.kind, c.offer.url): c.events for c in found.candidates}
    assert tried[("rss", f"{offers_site}/parish/nyheter.xml")] == 0
    assert tried[("page", f"{offers_site}/parish/kalender/")] == 3
    entry = source_entry(found)
    assert entry["url"] == f"{offers_site}/parish/kalender/"
    assert (entry["name"], entry["organiser_type"], entry["language"]) == ("Sandbacka församling", "parish", "sv")


def test_the_events_calendar_api_is_recommended_for_a_wordpress_site(offers_site):
    entry = source_entry(discover(f"{offers_site}/wp/", today=TODAY))
    assert (entry["kind"], entry["url"]) == ("tribe", f"{offers_site}/wp/wp-json/tribe/events/v1/events")


def test_a_cms_listing_with_schema_org_detail_pages_becomes_a_jsonld_source(demo_site):
    found = discover(f"{demo_site}/karleby/evenemang/", today=TODAY)
    entry = source_entry(found)
    assert (entry["kind"], entry["url"], entry["organiser_type"]) == (
        "jsonld", f"{demo_site}/karleby/evenemang/", "municipality")


def test_entries_get_unique_ids_and_appending_keeps_comments(tmp_path, offers_site):
    sources = tmp_path / "sources.yaml"
    sources.write_text("# our region\nsources:\n  # the parish\n  - id: 127-0-0-wp\n    name: x\n"
                       "    organiser_type: parish\n    kind: ical\n    url: https://x.example/k.ics\n", encoding="utf-8")
    entry = source_entry(discover(f"{offers_site}/wp/", today=TODAY), {"127-0-0-wp"})
    assert entry["id"] == "127-0-0-wp-2"
    add_source(sources, entry)
    text = sources.read_text(encoding="utf-8")
    assert text.startswith("# our region\nsources:\n  # the parish\n")
    assert [s.id for s in load_sources(sources)] == ["127-0-0-wp", "127-0-0-wp-2"]
    assert yaml.safe_load(entry_yaml(entry))[0]["kind"] == "tribe"
