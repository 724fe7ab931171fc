"""RSS items: the event time in the item's own words, never the publication date."""

from datetime import date
from pathlib import Path

from kalendarium.extract import extract

FILES = Path(__file__).parent / "files" / "feeds"
TODAY = date(2026, 11, 25)


def summary(name):
    extraction = extract(str(FILES / name), today=TODAY)
    return [(r["title"], r["start"], r["end"], r["status"], r["location"]) for r in extraction.records], extraction


def test_date_in_the_title_time_and_place_in_the_text():
    records, _ = summary("forsamling_sv.rss")
    assert records == [
        ("Sorgegrupp", "2026-12-03T18:00:00+02:00", "2026-12-03T19:30:00+02:00", "scheduled", "prästgården"),
        ("Julkonsert", "2026-12-20T18:00:00+02:00", None, "scheduled", "kyrkan"),
        ("Stickcafé", "2026-12-09", "2026-12-09", "cancelled", None),
    ]


def test_news_items_are_skipped_with_a_reason():
    records, extraction = summary("yhdistys_fi.rss")
    assert [(title, start) for title, start, *_ in records] == [
        ("Syyskokous", "2026-11-26T18:00:00+02:00"), ("Joulujuhla", "2026-12-12T15:00:00+02:00")]
    assert extraction.problems == ["feed item 'Uusi hallitus valittu': no event date in it (news?)"]
