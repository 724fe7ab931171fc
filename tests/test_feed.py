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


def test_the_events_calendar_feed_gives_each_event_its_start_as_pubdate():
    extraction = extract(str(FILES / "tribe_events_fi.rss"), today=date(2026, 12, 2))
    assert extraction.problems == []
    assert [(r["title"], r["start"], r["end"], r["keywords"], r["url"]) for r in extraction.records] == [
        ("Tuolijumppa – kevyttä liikuntaa", "2026-12-08T10:00:00+02:00", None, ["Liikunta"],
         "https://elakeliitto-kokkola.example.fi/tapahtuma/tuolijumppa-kevytta-liikuntaa/"),
        ("Pikkujoulut", "2026-12-12T15:00:00+02:00", None, ["Juhlat"],
         "https://elakeliitto-kokkola.example.fi/tapahtuma/pikkujoulut/"),
    ]
    assert extraction.records[0]["language"] == "fi"


def test_weekdays_and_past_dates_in_news_are_not_events():
    # "valde på måndagen" (a lone weekday), "godkände budgeten den 23 november" (published 24.11.)
    extraction = extract(str(FILES / "news_sv.rss"), today=date(2026, 12, 2))
    assert extraction.records == []
    assert extraction.problems == [
        "feed item 'Ny bibliotekschef vald': no event date in it (news?)",
        "feed item 'Vattenavbrott i centrum': no event date in it (news?)",
        "feed item 'Budgeten för 2027 godkänd': no event date in it (news?)",
    ]


def test_events_manager_feed_dates_in_the_description():
    extraction = extract(str(FILES / "events_manager_sv.rss"), today=date(2026, 12, 2))
    assert [(r["title"], r["start"], r["end"], r["all_day"]) for r in extraction.records] == [
        ("Julfest för medlemmar", "2026-12-12T14:00:00+02:00", "2026-12-12T17:00:00+02:00", False),
        ("Boccia", "2026-12-07T10:00:00+02:00", "2026-12-07T11:30:00+02:00", False),
        ("Resa till Vasa teater", "2027-01-15", "2027-01-17", True),
    ]


def test_each_rule_and_listed_day_of_an_item_becomes_occurrences(tmp_path):
    # the second range and the listed days were dropped by the feed parser
    feed = tmp_path / "kerhot.rss"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kerhot</title>'
        '<link>https://ex.fi</link><description>x</description>'
        '<item><title>Joulupaja</title><link>https://ex.fi/1</link>'
        '<description>Joulupaja 14.–15.12. ja 21.–22.12. klo 17–19 kerhotalolla.</description></item>'
        '<item><title>Muistikahvila</title><link>https://ex.fi/2</link>'
        '<description>Muistikahvila ti 1.12., to 3.12. ja ti 8.12. klo 10–12.</description></item>'
        '</channel></rss>', encoding="utf-8")
    extraction = extract(str(feed), today=TODAY)
    assert [(r["title"], [o["start"] for o in r["occurrences"]]) for r in extraction.records] == [
        ("Joulupaja", ["2026-12-14T17:00:00+02:00", "2026-12-15T17:00:00+02:00",
                       "2026-12-21T17:00:00+02:00", "2026-12-22T17:00:00+02:00"]),
        ("Muistikahvila", ["2026-12-01T10:00:00+02:00", "2026-12-03T10:00:00+02:00",
                           "2026-12-08T10:00:00+02:00"]),
    ]


def test_the_events_calendar_feed_ends_and_whole_days_from_the_schedule_line():
    # The pubDate is the start alone; the description opens with the schedule, so the end
    # (and an all-day event's days: its pubDate is its local midnight) come from there.
    extraction = extract(str(FILES / "tribe_schedule_sv.rss"), today=date(2026, 12, 2))
    assert extraction.problems == []
    assert [(r["title"], r["start"], r["end"], r["all_day"]) for r in extraction.records] == [
        ("Minnescafé", "2026-12-10T18:00:00+02:00", "2026-12-10T20:00:00+02:00", False),
        ("Julgröt i föreningshuset", "2026-12-19", "2026-12-19", True),
        ("Skidresa till Ruka", "2027-02-19T08:00:00+02:00", "2027-02-21T18:00:00+02:00", False),
    ]


def test_events_manager_feed_place_lines_under_the_date_line():
    # Events Manager's feed writes the date line, then the place's name, street and town,
    # one a line; a greeting or a sentence under the date is no place, nor is a line after
    # a date inside a sentence.
    extraction = extract(str(FILES / "events_manager_places_fi.rss"), today=date(2026, 12, 2))
    assert [(r["title"], r["start"], r["location"], r["address"]) for r in extraction.records] == [
        ("Joulupullaleivonta", "2026-12-09T17:00:00+02:00", "Marttala", "Pitkänsillankatu 20, Kokkola"),
        ("Syyskokous", "2026-12-14T18:00:00+02:00", None, None),
        ("Kevätretki", "2027-05-22", "Tammisaari", None),
        ("Käsityöilta", "2026-12-16T18:00:00+02:00", None, None),
    ]


def test_a_cut_off_feed_says_so_beside_the_items_before_the_cut():
    extraction = extract(str(FILES / "cut_off_fi.rss"), today=date(2026, 12, 2))
    assert [(r["title"], r["start"], r["end"]) for r in extraction.records] == [
        ("Kävelyretki", "2026-12-12T10:00:00+02:00", "2026-12-12T12:00:00+02:00")]
    assert extraction.problems == [
        "the feed is cut off at line 15: only the items before it were read",
        "feed item 'Joulukonsertti': no event date in it (news?)",
    ]


def test_a_feed_that_is_not_well_formed_is_read_leniently_and_says_where(tmp_path):
    feed = tmp_path / "entity.rss"
    feed.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>\n'
                    '<link>https://ex.fi</link><description>x</description>\n'
                    '<item><title>Julfest</title><link>https://ex.fi/1</link>\n'
                    '<description>Lördag 12.12.2026 kl. 14&nbsp;i föreningshuset.</description></item>\n'
                    '</channel></rss>', encoding="utf-8")
    extraction = extract(str(feed), today=date(2026, 12, 2))
    assert [(r["title"], r["start"]) for r in extraction.records] == [("Julfest", "2026-12-12T14:00:00+02:00")]
    assert extraction.problems == ["the feed is not well-formed XML at line 4 (undefined entity): its items were "
                                   "read leniently, some may be missing"]


def test_event_module_times_written_as_rfc_822(tmp_path):
    feed = tmp_path / "ev.rss"
    feed.write_text('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
                    'xmlns:ev="http://purl.org/rss/1.0/modules/event/"><channel><title>Tapahtumat</title>'
                    '<link>https://ex.fi</link><description>x</description>\n'
                    '<item><title>Tanssi-ilta</title><link>https://ex.fi/1</link>'
                    '<ev:startdate>Thu, 10 Dec 2026 18:00:00 +0200</ev:startdate>'
                    '<ev:enddate>Thu, 10 Dec 2026 21:00:00 +0200</ev:enddate></item>\n'
                    '<item><title>Pilkkikisa</title><link>https://ex.fi/2</link>'
                    '<ev:startdate>Sat, 20 Feb 2027 09:00:00</ev:startdate></item>\n'
                    '</channel></rss>', encoding="utf-8")
    extraction = extract(str(feed), today=date(2026, 12, 2))
    assert extraction.problems == []
    assert [(r["title"], r["start"], r["end"]) for r in extraction.records] == [
        ("Tanssi-ilta", "2026-12-10T18:00:00+02:00", "2026-12-10T21:00:00+02:00"),
        ("Pilkkikisa", "2027-02-20T09:00:00+02:00", None),
    ]


def test_modern_events_calendar_feed_days_and_hours():
    # mec:startDate / mec:endDate (the last day) and the hours as the site writes them
    # ("6:00 pm" or "18:00"); without hours the event takes whole days. It was skipped as news.
    extraction = extract(str(FILES / "mec_sv.rss"), today=date(2026, 12, 2))
    assert extraction.problems == []
    assert [(r["title"], r["start"], r["end"], r["all_day"], r["location"]) for r in extraction.records] == [
        ("Julkonsert", "2026-12-13T18:00:00+02:00", "2026-12-13T19:30:00+02:00", False, "Kyrkan"),
        ("Vinterläger", "2027-01-08", "2027-01-10", True, "Lägergården"),
        ("Seniorgympa", "2026-12-08T10:00:00+02:00", "2026-12-08T11:00:00+02:00", False, None),
    ]
    assert extraction.records[0]["keywords"] == ["Musik"]
