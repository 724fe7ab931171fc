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


def read(name):
    extraction = extract(str(FILES / name), today=date(2026, 12, 2))
    return {record["title"]: record for record in extraction.records}, extraction.problems


def test_outlook_windows_zone_with_its_vtimezone_and_an_html_only_description():
    records, problems = read("outlook_fle_sv.ics")
    assert problems == []
    gym = records["Seniorgympa"]
    assert (gym["start"], gym["end"], gym["timezone"]) == (
        "2026-12-08T10:30:00+02:00", "2026-12-08T12:00:00+02:00", "Europe/Helsinki")
    assert gym["exdates"] == ["2026-12-22T10:30:00+02:00", "2026-12-29T10:30:00+02:00"]
    assert (gym["location"], gym["address"]) == ("Församlingshemmet", "Kyrkoesplanaden 2, Vasa")
    assert [o["start"][:10] for o in gym["occurrences"]] == [
        "2026-12-08", "2026-12-15", "2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26"]
    # Outlook wrote only X-ALT-DESC (HTML with iCal escapes) for this one
    assert records["Samtalsgrupp för närståendevårdare"]["description"] == \
        "Vi träffas i Brändö kyrka – kaffe & samtal."


def test_exchange_windows_zones_are_the_nordic_iana_zones():
    records, _ = read("exchange_w_europe_sv.ics")
    walk = records["Stavgång för alla"]  # W. Europe Standard Time, Haparanda: Swedish time
    assert (walk["start"], walk["timezone"]) == ("2026-11-30T18:00:00+01:00", "Europe/Stockholm")
    assert walk["rrule"] == "FREQ=WEEKLY;UNTIL=20270225T170000Z;INTERVAL=1;BYDAY=MO,TH;WKST=MO"
    assert walk["occurrences"][-1]["start"] == "2027-02-25T18:00:00+01:00"
    # FLE Standard Time without a VTIMEZONE: Finland's zone, not icalendar's Europe/Kiev
    choir = records["Kuorotreenit"]
    assert (choir["start"], choir["timezone"]) == ("2026-12-03T18:00:00+02:00", "Europe/Helsinki")


def test_a_fold_that_splits_a_utf8_character_is_joined_before_decoding():
    records, _ = read("folded_utf8_lf_fi.ics")
    (record,) = records.values()
    assert record["title"] == "Päiväpiiri ikäihmisille – Dagklubb för äldre"
    assert record["description"].startswith("Päiväpiirissä lauletaan, jumpataan")
    assert record["keywords"] == ["Diakonia", "Ikäihmiset"]


@pytest.mark.parametrize("name, title, location", [
    ("latin1_sv.ics", "Högmässa på självständighetsdagen", "Nykarleby kyrka"),
    ("cp1252_sv.ics", "Föreläsning – ”Att åldras väl”", "Stadsbiblioteket, Jakobstad"),
])
def test_latin1_and_windows_1252_calendars_keep_their_letters(name, title, location):
    records, _ = read(name)
    assert list(records) == [title]
    assert records[title]["location"] == location


def test_an_event_without_summary_is_skipped_by_its_uid_and_date():
    records, problems = read("no_summary_fi.ics")
    assert list(records) == ["Lounaskerho"]  # no SUMMARY, but a DESCRIPTION whose first line is the title
    assert problems == [
        "event 'n1@example.fi' on 2026-12-09T12:00:00+02:00: it has no SUMMARY (no title)",
        "event 'Ei aikaa': it has no DTSTART",
    ]


def test_exdate_and_rdate_written_in_utc_are_given_in_the_series_zone():
    records, _ = read("odd_ends_utc_exdate_fi.ics")
    circle = records["Keskustelupiiri"]
    assert circle["exdates"] == ["2026-12-15T13:00:00+02:00"]  # EXDATE:20261215T110000Z
    assert [o["start"] for o in circle["occurrences"]] == [
        "2026-12-01T13:00:00+02:00", "2026-12-08T13:00:00+02:00", "2026-12-22T13:00:00+02:00"]
    films = records["Elokuvailta"]  # RDATE;VALUE=PERIOD, one with a duration
    assert [(o["start"], o["end"]) for o in films["occurrences"]] == [
        ("2026-12-04T18:00:00+02:00", "2026-12-04T20:00:00+02:00"),
        ("2026-12-11T18:00:00+02:00", "2026-12-11T20:00:00+02:00"),
        ("2026-12-18T18:00:00+02:00", "2026-12-18T20:00:00+02:00")]
    assert records["Uudenvuoden tanssit"]["end"] == "2027-01-01T01:00:00+02:00"
    assert records["Loppu ennen alkua"]["end"] is None  # DTEND before DTSTART says nothing
    assert (records["Joulumyyjäiset"]["start"], records["Joulumyyjäiset"]["end"]) == ("2026-12-19", "2026-12-19")


def test_a_timed_series_whose_until_is_a_date_runs_through_that_day():
    # UNTIL=20261221 on a series at 09:00 (Outlook writes a bare date): the Monday of the
    # 21st is its last date, not lost to that day's midnight; floating times alike.
    extraction = extract(str(FILES / "until_date_timed_sv.ics"), today=TODAY)
    assert extraction.problems == []
    prayer, songs = extraction.records
    assert prayer["rrule"] == "FREQ=WEEKLY;UNTIL=20261221T215959Z;BYDAY=MO,WE"
    assert [o["start"] for o in prayer["occurrences"]] == [
        "2026-12-07T09:00:00+02:00", "2026-12-09T09:00:00+02:00", "2026-12-14T09:00:00+02:00",
        "2026-12-16T09:00:00+02:00", "2026-12-21T09:00:00+02:00"]
    assert [o["start"] for o in songs["occurrences"]] == ["2026-12-08T10:00:00+02:00", "2026-12-15T10:00:00+02:00"]


def test_a_vevent_without_its_end_is_named_with_its_lines():
    # icalendar reads such a file as nothing at all, silently
    with pytest.raises(ExtractError, match=r"unclosed_vevent_fi\.ics: the calendar file is broken at line 8: "
                                           r"BEGIN:VEVENT inside the VEVENT begun at line 4, which has no END:VEVENT$"):
        extract(str(FILES / "unclosed_vevent_fi.ics"), today=TODAY)


def test_a_broken_calendar_after_a_good_one_keeps_the_good_ones_events_and_says_what_was_lost():
    extraction = extract(str(FILES / "unclosed_vevent_second_calendar_sv.ics"), today=TODAY)
    assert [r["title"] for r in extraction.records] == ["Babyrytmik"]
    assert extraction.problems == ["the calendar file is broken at line 17: BEGIN:VEVENT inside the VEVENT begun "
                                   "at line 13, which has no END:VEVENT: the events around it are lost"]


def test_xcal_the_xml_form_of_icalendar():
    extraction = extract(str(FILES / "xcal_fi.xml"), today=TODAY)
    assert (extraction.kind, extraction.problems) == ("ical", [])
    gym, market = extraction.records
    assert (gym["title"], gym["start"], gym["end"], gym["location"], gym["address"], gym["keywords"]) == (
        "Kuntosali senioreille; ohjattu", "2027-03-16T10:00:00+02:00", "2027-03-16T11:00:00+02:00",
        "Liikuntahalli", "Urheilutie 3", ["Liikunta", "Seniorit"])
    assert [o["start"] for o in gym["occurrences"]] == [
        "2027-03-16T10:00:00+02:00", "2027-03-18T10:00:00+02:00", "2027-03-23T10:00:00+02:00",
        "2027-03-30T10:00:00+03:00", "2027-04-01T10:00:00+03:00", "2027-04-06T10:00:00+03:00",
        "2027-04-08T10:00:00+03:00"]
    assert (market["title"], market["start"], market["end"], market["all_day"]) == (
        "Joulumyyjäiset", "2026-12-12", "2026-12-13", True)


def test_jcal_the_json_form_of_icalendar():
    extraction = extract(str(FILES / "jcal_sv.json"), today=TODAY)
    assert (extraction.kind, extraction.problems) == ("ical", [])
    cafe, party = extraction.records
    assert (cafe["title"], cafe["rrule"], cafe["exdates"]) == (
        "Stickcafé, öppet för alla", "FREQ=WEEKLY;COUNT=4;BYDAY=TH", ["2026-12-24T13:00:00+02:00"])
    assert [o["start"] for o in cafe["occurrences"]] == [
        "2026-12-03T13:00:00+02:00", "2026-12-10T14:00:00+02:00", "2026-12-17T13:00:00+02:00"]
    assert (party["title"], party["start"], party["end"], party["status"]) == (
        "Julfest", "2026-12-19T14:00:00+02:00", "2026-12-19T17:00:00+02:00", "cancelled")


def test_a_zoned_series_until_in_local_time_is_written_in_utc(tmp_path):
    # Exchange writes UNTIL in the series' local time; RFC 5545 (and dateutil, which the
    # catalogue's readers use) wants UTC for a zoned DTSTART: the same moment, across DST too.
    calendar = tmp_path / "local_until.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:kv@example.fi\r\n"
                         b"SUMMARY:Kuorolaulu\r\nDTSTART;TZID=\"FLE Standard Time\":20270323T170000\r\n"
                         b"DTEND;TZID=\"FLE Standard Time\":20270323T183000\r\n"
                         b"RRULE:FREQ=WEEKLY;UNTIL=20270330T170000;BYDAY=TU\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    (record,) = extract(str(calendar), today=TODAY).records
    assert record["rrule"] == "FREQ=WEEKLY;UNTIL=20270330T140000Z;BYDAY=TU"
    assert [o["start"] for o in record["occurrences"]] == ["2027-03-23T17:00:00+02:00", "2027-03-30T17:00:00+03:00"]


def test_microsoft_365_tzone_names():
    # "TZID=tzone://Microsoft/Utc" unquoted: its colon ended the parameter and the time was lost
    extraction = extract(str(FILES / "microsoft365_tzone_sv.ics"), today=TODAY)
    assert extraction.problems == []
    group, concert = extraction.records
    assert [o["start_utc"] for o in group["occurrences"]] == [
        "2026-12-10T11:00:00Z", "2026-12-17T11:00:00Z", "2026-12-24T11:00:00Z"]
    assert (concert["start"], concert["end"], concert["timezone"]) == (
        "2026-12-20T18:00:00+02:00", "2026-12-20T19:30:00+02:00", "Europe/Helsinki")
