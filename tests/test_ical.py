"""The iCal path, from a saved parish calendar to canonical records (expected items written out)."""

from datetime import date
from pathlib import Path

import pytest

from kalendarium.extract import ExtractError, extract

FILES = Path(__file__).parent / "files" / "ical"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def records():
    extraction = extract(str(FILES / "seurakunta.ics"), today=TODAY)
    assert extraction.kind == "ical"
    assert extraction.problems == []
    return {record["title"]: record for record in extraction.records}


def occurrences(record):
    return [(o["start"], o["end"], o["status"]) for o in record["occurrences"]]


def test_every_event_is_read(records):
    assert sorted(records) == [
        "Joulumyyjäiset – Julbasar", "Kauneimmat joululaulut", "Kirkkokuoron harjoitus",
        "Omaishoitajien virkistysleiri", "Tuolijumppa seniorit",
    ]


def test_weekly_series_keeps_local_time_across_dst_with_exdate_override_and_cancelled_instance(records):
    series = records["Tuolijumppa seniorit"]
    assert series["rrule"] == "FREQ=WEEKLY;COUNT=6;BYDAY=TU"
    assert series["start"] == "2027-03-09T10:00:00+02:00"
    assert series["exdates"] == ["2027-03-23T10:00:00+02:00"]
    assert series["description"] == "Kevyttä liikuntaa tuolilla istuen.\nKaikille avoin, maksuton."
    assert (series["location"], series["address"]) == ("Seurakuntakoti", "Isokatu 1")
    assert series["categories"] == ["exercise"] and series["audiences"] == ["older_people", "everyone"]
    assert series["free_of_charge"] is True
    assert series["keywords"] == ["Liikunta", "Seniorit"]
    assert occurrences(series) == [
        ("2027-03-09T10:00:00+02:00", "2027-03-09T11:00:00+02:00", "scheduled"),
        ("2027-03-16T10:00:00+02:00", "2027-03-16T11:00:00+02:00", "scheduled"),
        # 23.3. is an EXDATE; 30.3. was moved to Wednesday 31.3. at 12 (RECURRENCE-ID)
        ("2027-03-31T12:00:00+03:00", "2027-03-31T13:00:00+03:00", "scheduled"),
        ("2027-04-06T10:00:00+03:00", "2027-04-06T11:00:00+03:00", "cancelled"),
        ("2027-04-13T10:00:00+03:00", "2027-04-13T11:00:00+03:00", "scheduled"),
    ]


def test_all_day_and_multi_day_events_have_an_inclusive_last_day(records):
    bazaar = records["Joulumyyjäiset – Julbasar"]
    assert (bazaar["start"], bazaar["end"], bazaar["all_day"]) == ("2026-12-12", "2026-12-12", True)
    camp = records["Omaishoitajien virkistysleiri"]
    assert (camp["start"], camp["end"], camp["all_day"]) == ("2027-06-07", "2027-06-09", True)
    assert camp["location"] == "Leirikeskus Öja"


def test_cancelled_event_and_utc_time_shown_in_the_local_zone(records):
    concert = records["Kauneimmat joululaulut"]
    assert concert["status"] == "cancelled"
    assert concert["start"] == "2026-12-13T15:00:00+02:00"
    assert occurrences(concert) == [("2026-12-13T15:00:00+02:00", "2026-12-13T16:00:00+02:00", "cancelled")]


def test_floating_time_uses_the_calendars_x_wr_timezone(records):
    choir = records["Kirkkokuoron harjoitus"]
    assert (choir["start"], choir["timezone"]) == ("2026-12-02T18:30:00+02:00", "Europe/Helsinki")


def test_ids_are_stable_and_distinct(records):
    ids = [record["id"] for record in records.values()]
    assert len(set(ids)) == 5
    again = extract(str(FILES / "seurakunta.ics"), today=TODAY)
    assert sorted(ids) == sorted(record["id"] for record in again.records)


def test_a_calendar_cut_off_mid_event_is_a_clear_error(tmp_path):
    text = (FILES / "seurakunta.ics").read_text(encoding="utf-8")
    cut = tmp_path / "cut.ics"
    cut.write_text(text[: text.index("SUMMARY:Omaishoitajien")], encoding="utf-8")
    with pytest.raises(ExtractError, match=r"cut\.ics: the calendar file is cut off at line \d+"):
        extract(str(cut), today=TODAY)
