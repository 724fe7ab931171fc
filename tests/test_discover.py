"""Discovery: a homepage in, what it offers tried, a ready sources.yaml entry out."""

from datetime import date

import yaml

from kalendarium.discover import discover, entry_yaml, source_entry
from kalendarium.sources import add_source, load_sources

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
