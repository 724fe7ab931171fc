"""Normaliser building blocks: clean text, status words, series expansion, zones."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from normalise.record import Context, NormaliseError, normalise_item, read_status
from normalise.recurrence import expand
from normalise.text import clean_line, html_to_text

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.mark.parametrize("raw, expected", [
    ("<p>Kaffe &amp; prat</p><p>Alla välkomna!</p>", "Kaffe & prat\n\nAlla välkomna!"),
    ("Rad ett<br>Rad två", "Rad ett\nRad två"),
    ("<script>alert('x')</script>Tuolijumppa", "Tuolijumppa"),
    ("<iframe src='http://evil'></iframe><b onclick='x()'>Kuoro</b>", "Kuoro"),
    ("Plain text, no markup: 5 < 6", "Plain text, no markup: 5 < 6"),
    ("Double &amp;auml; escaped", "Double ä escaped"),
    ("  lots\u00a0of   space \r\n\r\n\r\n next  ", "lots of space\n\nnext"),
    (None, ""),
])
def test_html_to_text(raw, expected):
    assert html_to_text(raw) == expected


def test_clean_line_folds_to_one_line():
    assert clean_line("<h3>Senior\ngym</h3>") == "Senior gym"


@pytest.mark.parametrize("status, title, expected", [
    ("CANCELLED", "", "cancelled"),
    ("https://schema.org/EventCancelled", "", "cancelled"),
    ("EventPostponed", "", "postponed"),
    ("EventRescheduled", "", "scheduled"),
    (None, "INSTÄLLT: Seniorträffen", "cancelled"),
    (None, "Peruttu – Tuolijumppa", "cancelled"),
    (None, "Bowlingilta PERUTTU", "cancelled"),
    (None, "Konsert (inställd)", "cancelled"),
    (None, "Seniorträffen", "scheduled"),
    ("CONFIRMED", "", "scheduled"),
])
def test_only_the_sources_own_word_means_cancelled(status, title, expected):
    assert read_status(status, title) == expected


def test_weekly_series_keeps_wall_clock_time_over_dst():
    start = datetime(2027, 3, 23, 13, 0, tzinfo=HELSINKI)
    end = datetime(2027, 3, 23, 15, 0, tzinfo=HELSINKI)
    got = expand(start, end, "FREQ=WEEKLY;BYDAY=TU", tz="Europe/Helsinki",
                 window_start=date(2027, 3, 20), window_end=date(2027, 4, 7),
                 exdates=[date(2027, 3, 30)])
    assert [(s.isoformat(), e.isoformat()) for s, e in got] == [
        ("2027-03-23T13:00:00+02:00", "2027-03-23T15:00:00+02:00"),
        ("2027-04-06T13:00:00+03:00", "2027-04-06T15:00:00+03:00"),
    ]


def test_until_as_a_bare_date_is_inclusive():
    start = datetime(2026, 12, 1, 10, 0, tzinfo=HELSINKI)
    got = expand(start, None, "FREQ=WEEKLY;UNTIL=20261215", tz="Europe/Helsinki",
                 window_start=date(2026, 11, 1), window_end=date(2027, 12, 31))
    assert [s.date().isoformat() for s, _ in got] == ["2026-12-01", "2026-12-08", "2026-12-15"]


def test_single_event_is_kept_whatever_the_horizon():
    start = datetime(2020, 1, 1, 10, 0, tzinfo=HELSINKI)
    assert expand(start, None, None, tz="Europe/Helsinki", window_start=date(2026, 1, 1),
                  window_end=date(2026, 12, 31)) == [(start, None)]


def test_naive_times_are_local_time_of_the_source_zone_and_utc_is_converted():
    context = Context(source_id="s", timezone="Europe/Stockholm", today=date(2026, 11, 25))
    local = normalise_item({"title": "Kyrkokören", "start": "2026-12-02T18:30:00"}, context)
    assert local["start"] == "2026-12-02T18:30:00+01:00"
    assert local["occurrences"][0]["start_utc"] == "2026-12-02T17:30:00Z"
    utc = normalise_item({"title": "Kyrkokören", "start": "2026-12-02T17:30:00Z"}, context)
    assert utc["start"] == "2026-12-02T18:30:00+01:00"


def test_free_text_time_and_weekly_series_from_words():
    context = Context(source_id="s", language="sv", today=date(2026, 11, 25))
    record = normalise_item({"title": "Seniorträffen", "when_text": "varje tisdag kl. 13–15"}, context)
    assert record["rrule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert record["start"] == "2026-12-01T13:00:00+02:00"
    starts = [o["start"] for o in record["occurrences"]]
    assert starts[:2] == ["2026-12-01T13:00:00+02:00", "2026-12-08T13:00:00+02:00"]
    assert len(starts) == 52  # weekly until the 365-day horizon


@pytest.mark.parametrize("title", ["INSTÄLLT: Seniorträffen", "Seniorträffen – inställt", "Seniorträffen (INSTÄLLT)"])
def test_status_word_in_title_is_removed_from_the_title(title):
    record = normalise_item({"title": title, "start": "2026-12-01"}, Context(source_id="s"))
    assert (record["title"], record["status"]) == ("Seniorträffen", "cancelled")


@pytest.mark.parametrize("title, expected", [
    ("Peruttu sarja", "Peruttu sarja"),  # the word is the title's own: iCal STATUS says it is cancelled
    ("Inställt program för hösten", "Inställt program för hösten"),
    ("INSTÄLLT Seniorträffen", "Seniorträffen"),  # capitals set it off
    ("[Peruttu] Kuoro", "Kuoro"),
    ("Cancelled – Yoga", "Yoga"),
    ("Inställd", "Inställd"),  # nothing else to call it
])
def test_an_opening_status_word_is_removed_only_when_set_off(title, expected):
    record = normalise_item({"title": title, "start": "2026-12-01", "status": "cancelled"}, Context(source_id="s"))
    assert (record["title"], record["status"]) == (expected, "cancelled")


@pytest.mark.parametrize("raw, reason", [
    ({"title": "", "start": "2026-12-01"}, "no title"),
    ({"title": "Kuoro"}, "no start time"),
    ({"title": "Kuoro", "when_text": "ring oss"}, "ring oss"),
    ({"title": "Kuoro", "start": "next tuesday"}, "is not ISO 8601"),
])
def test_items_that_cannot_be_records_say_why(raw, reason):
    with pytest.raises(NormaliseError, match=reason):
        normalise_item(raw, Context(source_id="s", today=date(2026, 11, 25)))


def test_listed_days_become_one_occurrence_each_with_the_first_days_times():
    context = Context(source_id="x", source_name="X", organiser_type="association", municipality="Vasa",
                      language="sv", timezone="Europe/Helsinki", url="http://x", today=date(2026, 11, 25),
                      horizon_days=365)
    record = normalise_item({"title": "Minnescafé", "when_text": "ti 1.12., to 3.12. och ti 8.12. kl. 10–12"},
                            context)
    assert [(o["start"], o["end"]) for o in record["occurrences"]] == [
        ("2026-12-01T10:00:00+02:00", "2026-12-01T12:00:00+02:00"),
        ("2026-12-03T10:00:00+02:00", "2026-12-03T12:00:00+02:00"),
        ("2026-12-08T10:00:00+02:00", "2026-12-08T12:00:00+02:00")]


def test_each_rule_of_an_event_becomes_occurrences():
    # "mån–tors 9–15, fre 9–13": Monday to Thursday 9–15 and Friday 9–13 (Friday was lost);
    # 2.12.2026 is a Wednesday
    context = Context(source_id="s", language="sv", today=date(2026, 12, 2), horizon_days=6)
    record = normalise_item({"title": "Simhallen", "when_text": "mån–tors 9–15, fre 9–13"}, context)
    assert (record["start"], record["end"], record["rrule"]) == (
        "2026-12-02T09:00:00+02:00", "2026-12-02T15:00:00+02:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH")
    assert record["also"] == [{"start": "2026-12-04T09:00:00+02:00", "end": "2026-12-04T13:00:00+02:00",
                               "all_day": False, "rrule": "FREQ=WEEKLY;BYDAY=FR", "exdates": [], "rdates": []}]
    assert [(o["start"], o["end"]) for o in record["occurrences"]] == [
        ("2026-12-02T09:00:00+02:00", "2026-12-02T15:00:00+02:00"),
        ("2026-12-03T09:00:00+02:00", "2026-12-03T15:00:00+02:00"),
        ("2026-12-04T09:00:00+02:00", "2026-12-04T13:00:00+02:00"),
        ("2026-12-07T09:00:00+02:00", "2026-12-07T15:00:00+02:00"),
        ("2026-12-08T09:00:00+02:00", "2026-12-08T15:00:00+02:00"),
    ]


def test_further_rules_given_by_a_parser_become_occurrences():
    # a listing or feed parser passes the parsed rules on as `also` (all-day ranges here)
    context = Context(source_id="s", today=date(2026, 12, 2))
    record = normalise_item({"title": "Kurs", "start": date(2026, 12, 5), "end": date(2026, 12, 6), "all_day": True,
                             "also": [{"start": date(2026, 12, 12), "end": date(2026, 12, 13), "all_day": True}]},
                            context)
    assert [(o["start"], o["end"]) for o in record["occurrences"]] == [
        ("2026-12-05", "2026-12-06"), ("2026-12-12", "2026-12-13")]
    assert record["also"][0]["start"] == "2026-12-12"


def test_an_event_with_one_rule_has_no_also():
    record = normalise_item({"title": "Bingo", "when_text": "varje fredag kl. 18"},
                            Context(source_id="s", today=date(2026, 12, 2)))
    assert "also" not in record
