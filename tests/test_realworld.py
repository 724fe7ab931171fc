"""`kalendarium extract` on real documents from other projects, read in place.

The documents live in /work/shared/realworld (see its MANIFEST.md and nordic/MANIFEST.md); they are
never copied into this project. Every document must either give records or a clear one-line
ExtractError, never a crash; the documents that hold events are checked against expected values
written out here (City Bureau style), so a parser change that moves a time shows up by name.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import feedparser
import pytest

from crawlers.parsers.feed import _description
from kalendarium.extract import ExtractError, extract
from normalise.record import Context, NormaliseError, normalise_item

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
TODAY = date(2026, 11, 25)
FOLDERS = ("ical", "feeds", "html", "json", "nordic")
LIVE_MARKUP = ("<script", "<iframe", "onclick=")

pytestmark = pytest.mark.skipif(not REALWORLD.is_dir(), reason=f"{REALWORLD} is not there")


def documents() -> list[Path]:
    """Every test input: not the manifests, not extruct's expected-output .json/.jsonld files."""
    if not REALWORLD.is_dir():
        return []
    found = []
    for folder in FOLDERS:
        for path in sorted((REALWORLD / folder).iterdir()):
            if path.name == "MANIFEST.md":
                continue
            if folder == "html" and path.suffix not in (".html", ".xml"):
                continue
            found.append(path)
    return found


def doc(name: str) -> str:
    """The path of a document named with its folder ("nordic/…") or by its file name alone."""
    if "/" in name:
        return str(REALWORLD / name)
    return str(next(REALWORLD / folder / name for folder in FOLDERS if (REALWORLD / folder / name).exists()))


def records(name: str, **options) -> list[dict]:
    return extract(doc(name), today=options.pop("today", TODAY), **options).records


def by_title(found: list[dict], title: str) -> dict:
    matches = [record for record in found if record["title"] == title]
    assert matches, f"{title!r} not among {[record['title'] for record in found]}"
    return matches[0]


def starts(record: dict) -> list[str]:
    return [occurrence["start"] for occurrence in record["occurrences"]]


# --- (a) every document: records or a clear error, never a crash ---------------------------------

@pytest.mark.parametrize("path", documents(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_document_gives_records_or_a_clear_error(path):
    try:
        extraction = extract(str(path), today=TODAY)
    except ExtractError as error:
        message = str(error)
        assert message and "\n" not in message, message
        assert path.name in message  # the message says which document
        return
    for record in extraction.records:
        assert record["title"].strip()
        assert record["start"] and date.fromisoformat(record["start"][:10])
        for key in ("title", "description", "location"):
            text = (record[key] or "").lower()
            assert not any(marker in text for marker in LIVE_MARKUP), (key, record[key])
    for problem in extraction.problems:
        assert problem and "\n" not in problem


def test_the_corpus_is_all_there():
    assert len(documents()) > 250


# --- (b) iCalendar ---------------------------------------------------------------------------

def test_calagator_apple_export_keeps_its_pacific_offset():
    [record] = records("calagator__ical_apple.ics")
    assert (record["title"], record["start"], record["end"]) == (
        "Coffee with Jason", "2002-11-28T14:00:00-08:00", "2002-11-28T15:00:00-08:00")
    assert record["timezone"] == "US/Pacific"


def test_calagator_apple_v3():
    [record] = records("calagator__ical_apple_v3.ics")
    assert (record["start"], record["end"]) == ("2010-04-08T00:00:00-07:00", "2010-04-08T01:00:00-07:00")


def test_calagator_basic_all_day_event_titled_from_its_description():
    [record] = records("calagator__ical_basic.ics")
    assert record["title"] == "with http://dclicio.us"
    assert (record["start"], record["end"], record["all_day"]) == ("2007-01-17", "2007-01-17", True)


def test_calagator_duration_gives_the_end():
    [record] = records("calagator__ical_basic_with_duration.ics")
    assert (record["start"], record["end"]) == ("2010-04-08T00:00:00-04:00", "2010-04-08T01:00:00-04:00")
    assert record["timezone"] == "US/Eastern"


@pytest.mark.parametrize("name, start, end", [
    ("calagator__ical_gmt.ics", "2020-05-07T11:00:00+03:00", "2020-05-07T12:00:00+03:00"),
    ("calagator__ical_z.ics", "2010-07-01T11:00:00+03:00", "2010-07-01T12:00:00+03:00"),
])
def test_calagator_utc_times_become_local_time(name, start, end):
    [record] = records(name)
    assert record["title"] == "Time 0800-0900 GMT"
    assert (record["start"], record["end"], record["timezone"]) == (start, end, "Europe/Helsinki")


def test_calagator_multiple_calendars_in_one_file():
    found = records("calagator__ical_multiple_calendars.ics")
    assert [record["title"] for record in found] == ["Coffee with Jason", "Coffee with Mike", "Coffee with Kim"]
    assert {record["start"] for record in found} == {"2010-04-08T00:00:00-07:00"}


def test_calagator_google_export_series_and_exdates():
    found = records("calagator__ical_google.ics")
    assert len(found) == 41  # 47 VEVENTs, the RECURRENCE-ID overrides ride on their masters
    xpdx = by_title(found, "XPDX (eXtreme Programming) at CubeSpace")
    assert xpdx["start"] == "2007-10-24T18:30:00-07:00"
    assert xpdx["rrule"] == "FREQ=MONTHLY;UNTIL=20080124T033000Z;BYDAY=4WE;WKST=SU"
    python = by_title(extract(doc("calagator__ical_google.ics"), today=date(2007, 11, 15)).records,
                      "Python Users Group")
    assert python["exdates"] == ["2007-12-11T19:00:00-08:00"]
    assert starts(python)[:3] == ["2007-11-13T19:00:00-08:00", "2008-01-08T19:00:00-08:00",
                                  "2008-02-12T19:00:00-08:00"]  # 11 December is excluded


def test_calagator_upcoming_many_all_day_ranges():
    found = records("calagator__ical_upcoming_many.ics")
    assert len(found) == 20
    oscon = by_title(found, "OSCON")
    assert (oscon["start"], oscon["end"], oscon["all_day"]) == ("2008-07-21", "2008-07-25", True)
    assert by_title(found, "Mobile Love, Android Style #4")["start"] == "2008-07-14T18:00:00+03:00"


def test_calagator_eventful_export():
    found = records("calagator__ical_eventful_many.ics")
    assert len(found) == 15
    assert by_title(found, "Portland Macintosh Users Group (PMUG)")["start"] == "2008-07-08T04:30:00+03:00"


def test_calagator_meetup_all_day_takes_the_calendars_zone():
    [record] = records("calagator__meetup.ics")
    assert (record["title"], record["start"], record["all_day"]) == ("eLearning Network Meetup", "3011-08-11", True)
    assert record["timezone"] == "US/Eastern"  # X-WR-TIMEZONE


def test_cityscrapers_calendar_with_a_broken_vtimezone():
    found = records("cityscrapers__chi_low_income_housing_trust_fund.ics")
    assert len(found) == 30
    assert Counter(record["title"] for record in found) == {
        "Administrative Day": 23, "Outreach Meeting": 2, "Finance Meeting": 2,
        "Executive Committee Meeting": 2, "Allocations Meeting": 1}
    outreach = by_title(found, "Outreach Meeting")
    assert (outreach["start"], outreach["end"]) == ("2024-05-09T08:30:00-05:00", "2024-05-09T09:30:00-05:00")
    assert outreach["timezone"] == "America/Chicago"
    admin = by_title(found, "Administrative Day")
    assert (admin["start"], admin["end"], admin["all_day"]) == ("2024-05-08", "2024-05-08", True)
    assert admin["timezone"] == "America/Chicago"  # the calendar's one zone, not the default
    assert admin["url"] == "https://clihtf.org/event/administrative-day-2-2/2024-05-08/"


def test_icalendar_example_holidays():
    found = records("icalendar__example.ics")
    assert [(r["title"], r["start"], r["end"], r["all_day"]) for r in found] == [
        ("New Year's Day", "2022-01-01", "2022-01-01", True),
        ("Orthodox Christmas", "2022-01-07", "2022-01-07", True),
        ("International Women's Day", "2022-03-08", "2022-03-08", True)]
    assert found[1]["location"] == "Russia"


@pytest.mark.parametrize("name, zone, start, end", [
    ("icalendar__america_new_york.ics", "America/New_York", "2014-08-29T08:00:00-04:00", "2014-08-29T10:00:00-04:00"),
    ("icalendar__america_new_york_forward_reference.ics", "America/New_York", "2014-08-29T08:00:00-04:00", None),
    ("icalendar__pacific_fiji.ics", "Pacific/Fiji", "2014-08-29T08:00:00+12:00", None),
    ("icalendar__timezoned.ics", "Europe/Vienna", "2012-02-13T10:00:00+01:00", "2012-02-17T18:00:00+01:00"),
])
def test_vendor_tzids_keep_the_events_own_offset(name, zone, start, end):
    [record] = records(name)
    assert (record["timezone"], record["start"], record["end"]) == (zone, start, end)


def test_globally_unique_tzids():
    found = records("icalendar__issue_313_globally_unique_tzid.ics")
    assert [(r["timezone"], r["start"]) for r in found] == [
        ("Europe/Berlin", "2020-04-26T14:00:00+02:00"),
        ("America/New_York", "2020-04-26T14:00:00-04:00"),
        ("America/Argentina/Buenos_Aires", "2020-04-26T14:00:00-03:00")]


def test_rrule_with_exdate_and_rdate_period():
    [record] = records("icalendar__period_with_timezone.ics", today=date(2023, 9, 1))
    assert record["rrule"].startswith("FREQ=MONTHLY;COUNT=9;INTERVAL=1;BYDAY=+3WE")
    assert record["exdates"] == ["2023-12-20T12:00:00-08:00"]
    assert starts(record) == [
        "2023-09-20T12:00:00-07:00", "2023-10-18T12:00:00-07:00", "2023-11-15T12:00:00-08:00",
        "2023-12-13T12:00:00-08:00",  # the RDATE period replaces the excluded 20 December
        "2024-01-17T12:00:00-08:00", "2024-02-21T12:00:00-08:00", "2024-03-20T12:00:00-07:00",
        "2024-04-17T12:00:00-07:00", "2024-05-15T12:00:00-07:00"]
    assert record["occurrences"][3]["end"] == "2023-12-13T15:00:00-08:00"


def test_rdate_periods_with_a_windows_tzid():
    [record] = records("icalendar__issue_156_RDATE_with_PERIOD_TZID_khal.ics", today=date(2018, 3, 1))
    assert record["start"] == "2018-03-27T08:00:00-05:00"
    assert len(record["occurrences"]) == 19
    assert starts(record)[-1] == "2018-07-31T08:00:00-05:00"


def test_daily_count_series():
    [record] = records("icalendar__issue_1081_event_with_rrule.ics", today=date(2025, 1, 1))
    assert record["rrule"] == "FREQ=DAILY;COUNT=10"
    assert starts(record)[0] == "2025-01-01T12:00:00+02:00" and len(starts(record)) == 10


def test_past_series_keeps_its_record_without_occurrences():
    [record] = records("icalendar__issue_1081_event_with_rrule.ics")
    assert record["start"] == "2025-01-01T12:00:00+02:00" and record["occurrences"] == []


def test_exchange_rrule_with_spaces_is_read():
    [record] = records("icalendar__issue_165_missing_event.ics", today=date(2015, 7, 1))
    assert record["title"] == "Sprint 25 Daily Standup"
    assert record["rrule"] == "FREQ=DAILY;UNTIL=20150722T080000Z;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR;WKST=SU"
    assert record["start"] == "2015-07-03T11:00:00+03:00"  # 10:00 at +02:00, in the source's zone
    assert len(record["occurrences"]) == 14 and starts(record)[-1] == "2015-07-22T11:00:00+03:00"


@pytest.mark.parametrize("name", ["icalendar__bom_calendar.ics", "icalendar__empty.ics",
                                  "icalendar__issue_1050_timezone_only_calendar.ics"])
def test_calendars_without_events_give_none(name):
    assert records(name) == []


# --- broken documents ------------------------------------------------------------------------

@pytest.mark.parametrize("name, reason", [
    ("icalendar__big_bad_calendar.ics", "cut off at line 41"),
    ("icalendar__small_bad_calendar.ics", "cut off"),
    ("icalendar__fuzz_testcase_0_char_in_component_name.ics", "not an iCalendar file"),
    ("icalendar__fuzz_testcase_invalid_month.ics", "not an iCalendar file"),
    ("icalendar__fuzz_testcase_vtimezone_lone_cr.ics", "not an iCalendar file"),
    ("icalendar__issue_104_broken_calendar.ics", "cannot be read"),
    ("feeds/feedparser__illformed__aaa_illformed.xml", "the feed cannot be read"),
])
def test_broken_documents_give_a_one_line_error(name, reason):
    with pytest.raises(ExtractError) as raised:
        records(name)
    assert reason in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("name, reason", [
    ("icalendar__broken_ical.ics", "it has no DTSTART"),
    ("icalendar__broken_dtstart.ics", "INVALID-DATE"),
    ("icalendar__invalid_duration.ics", "Impractical iCalendar duration"),
    ("icalendar__issue_1081_invalid_rrule_freq.ics", "cannot be read"),
])
def test_broken_events_are_skipped_with_a_reason(name, reason):
    extraction = extract(doc(name), today=TODAY)
    assert extraction.records == []
    assert any(reason in problem for problem in extraction.problems), extraction.problems


# --- feeds: injected markup never survives ---------------------------------------------------

SANITIZE = sorted(REALWORLD.glob("feeds/feedparser__wellformed__sanitize__*.xml")) if REALWORLD.is_dir() else []


@pytest.mark.parametrize("path", SANITIZE, ids=lambda path: path.name)
def test_feed_injection_never_reaches_a_record(path):
    """Feed items without an event date are skipped, so each entry is given one here."""
    feed = feedparser.parse(path.read_bytes())
    for entry in feed.entries:
        raw = {"title": entry.get("title") or "Event", "description": _description(entry),
               "location": entry.get("title"), "start": "2026-12-01T18:00:00"}
        try:
            record = normalise_item(raw, Context(today=TODAY))
        except NormaliseError:  # a title that was only markup: nothing is stored at all
            continue
        for key in ("title", "description", "location"):
            text = (record[key] or "").lower()
            assert not any(marker in text for marker in LIVE_MARKUP + ("<style", "javascript:")), record[key]


def test_feeds_that_start_with_a_comment_are_read_as_feeds():
    extraction = extract(doc("feeds/feedparser__wellformed__rss__item_guid.xml"), today=TODAY)
    assert extraction.kind == "rss" and extraction.records == []
    assert extraction.problems == ["feed item '': no event date in it (news?)"]


# --- schema.org and hCalendar ----------------------------------------------------------------

def expected_events(name: str) -> list[tuple[str, str]]:
    """(name, startDate) of every Event in extruct's own expected output."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            types = node.get("@type") or node.get("type") or []
            types = types if isinstance(types, list) else [types]
            if any(str(t).endswith("Event") for t in types) or ("startDate" in node and "name" in node):
                name_value = node.get("name")
                start = node.get("startDate")
                first = lambda value: value[0] if isinstance(value, list) else value  # noqa: E731
                if first(name_value) and first(start):
                    found.append((str(first(name_value)).strip(), str(first(start)).strip()))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(json.loads((REALWORLD / "html" / name.replace(".html", ".json")).read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("name", ["extruct__schema.org__Event.001.html", "extruct__schema.org__Event.002.html",
                                  "extruct__schema.org__Event.003.html", "extruct__schema.org__Event.008.html"])
def test_schemaorg_events_match_extructs_expected_output(name):
    found = records(name)
    expected = sorted(set(expected_events(name)))
    assert expected
    assert sorted((r["title"], r["start"][:16]) for r in found) == [(title, start[:16]) for title, start in expected]


def test_schemaorg_event_details():
    [record] = records("extruct__schema.org__Event.003.html")
    assert (record["title"], record["start"], record["location"], record["address"]) == (
        "Typhoon with Radiation City", "2013-09-14T21:30:00+03:00", "The Hi-Dive", "7 S. Broadway, 80209 Denver")


def test_schemaorg_cancelled_word_in_the_name():
    """extruct's expected name is 'CANCELLED - Typhoon …': the word becomes the status."""
    assert expected_events("extruct__schema.org__Event.004.html")[0][0].startswith("CANCELLED - ")
    [record] = records("extruct__schema.org__Event.004.html")
    assert (record["title"], record["status"]) == ("Typhoon with Radiation City", "cancelled")


@pytest.mark.parametrize("name, title, start, end", [
    ("calagator__hcal_single.xml", "Calendar event", "2008-01-19", "2008-01-19"),  # dtend is exclusive
    ("calagator__hcal_basic.xml", "Web 2.0 Conference", "2007-10-05", "2007-10-05"),
    ("calagator__hcal_two_identical_events.xml", "Bastille Day", "2008-07-14", "2008-07-14"),
    ("calagator__hcal_dup_event_dup_venue.xml", "Web 2.0 Conference", "2007-10-05T00:00:00+03:00", None),
    ("calagator__hcal_upcoming_v1.html", "February BarCamp Portland Informal Tech Meetup",
     "2008-02-28T17:30:00+02:00", "2008-02-28T19:30:00+02:00"),
    ("calagator__hcal_upcoming_v3.html", "Ignite Portland 5", "2009-02-19T19:00:00+02:00", None),
    ("calagator__hcal_event_wo_lat_and_long.xml", "Ignite Portland 2010",
     "2010-06-18T18:00:00+03:00", "2010-06-18T21:00:00+03:00"),
])
def test_hcalendar_events(name, title, start, end):
    [record] = records(name)  # a page's duplicate copies of one event count once
    assert (record["title"], record["start"], record["end"]) == (title, start, end)
    assert record["extraction"] == "hcalendar"


def test_hcalendar_page_with_two_events():
    found = records("calagator__hcal_multiple.xml")
    assert [(r["start"], r["all_day"]) for r in found] == [("2008-01-19", True), ("2008-02-02", True)]
    assert (found[0]["location"], found[0]["address"]) == ("Cubespace", "622 SE Grand Ave. Portland, OR 97214")


# --- Nordic documents ------------------------------------------------------------------------

def test_linked_events_page_with_helsinki_offsets():
    found = records("nordic/City-of-Helsinki__drupal-helfi-platform-config__linkedevents-3-events.json")
    assert [(r["title"], r["start"], r["end"]) for r in found] == [
        ("Slangiopastus Katse Helsinkiin -näyttelyssä", "2024-06-01T14:00:00+03:00", "2024-06-01T15:00:00+03:00"),
        ("Musiikkia naamioiden takaa", "2024-06-02T14:00:00+03:00", "2024-06-02T15:00:00+03:00"),
        ("Puhu tuuli purteheni", "2024-06-09T14:00:00+03:00", "2024-06-09T15:00:00+03:00")]
    assert {r["extraction"] for r in found} == {"linkedevents"}
    assert found[0]["location"] == "Testipaikka"


def test_linked_events_without_swedish_names_fall_back_to_finnish():
    found = records("nordic/City-of-Helsinki__drupal-helfi-platform-config__linkedevents-3-events.json", lang="sv")
    assert found[0]["title"] == "Slangiopastus Katse Helsinkiin -näyttelyssä"
    assert found[0]["language"] == "fi"


def test_helsingborg_snapshot_local_time_written_as_utc():
    found = records("nordic/helsingborg-stad__schema.org-transformer__schemaorg-events-snapshot.json",
                    tz="Europe/Stockholm")
    assert [(r["start"], r["end"], r["status"]) for r in found] == [
        ("2030-02-11T15:15:00+01:00", "2030-02-11T16:30:00+01:00", "scheduled"),
        ("2040-02-18T15:15:00+01:00", "2040-02-18T16:30:00+01:00", "scheduled"),  # EventRescheduled
        ("2030-03-04T15:15:00+01:00", "2030-03-04T16:30:00+01:00", "cancelled")]
    assert {r["title"] for r in found} == {"Idrottsaktiviteter frö Årskurs 4-6"}
    assert found[0]["location"] == "Rydebäcks idrottshall"


# Other event APIs are read by the generic JSON/XML reader (crawlers/parsers/generic.py).

def occurrence_starts(record: dict) -> list[str]:
    return [o["start"] for o in record.get("occurrences") or []]


def test_visit_tampere_epoch_milliseconds_and_contact_address():
    found = records("nordic/jazmon__tampereen-tapahtumat-server__visittampere-events.json")
    assert len(found) == 10
    concert = by_title(found, "Heavy Christmas - Concert")
    assert (concert["start"], concert["end"]) == ("2016-12-11T19:00:00+02:00", "2016-12-11T23:59:59+02:00")
    assert concert["address"] == "Yliopistonkatu 55, 33100 Tampere"
    assert concert["description"] == "Hard Rock / Metal / Progressive.\nIn Tampere Hall."
    assert concert["extraction"] == "json"
    # one event gives a list of times instead of a single start
    assert {r["title"] for r in found if len(r.get("occurrences") or []) > 1} == {"Joulu soikoon! (sound of christmas)"}


def test_espoo_opennc_name_value_properties_and_naive_local_time():
    (guided_tour,) = records("nordic/City-of-Helsinki__linkedevents__espoo-opennc-event.json")
    assert guided_tour["title"] == "Yleisöopastus KAMUssa: Lasin aika - Kauklahden lasitehdas 1923-1952"
    assert (guided_tour["start"], guided_tour["end"]) == ("2017-09-03T14:00:00+03:00", "2017-09-03T15:00:00+03:00")
    assert guided_tour["address"] == "Ahertajantie 5, 02100 Espoo"


def test_helsingborg_event_manager_occasions_with_their_own_status():
    (activity,) = records("nordic/helsingborg-stad__schema.org-transformer__wp-legacy-event.json",
                          tz="Europe/Stockholm")
    assert activity["title"] == "Idrottsaktiviteter frö Årskurs 4-6"
    assert activity["location"] == "Rydebäcks idrottshall"
    assert activity["address"] == "Frösögatan 15, 25730 Rydebäck"
    assert [(o["start"], o["status"]) for o in activity["occurrences"]] == [
        ("2030-02-11T15:15:00+01:00", "scheduled"),
        ("2030-03-04T15:15:00+01:00", "cancelled"),
        ("2040-02-18T15:15:00+01:00", "scheduled"),  # "rescheduled": it happens, at the new time
    ]


def test_lippupiste_date_and_time_in_separate_fields():
    (play,) = records("json/linkedevents__lippupiste_response.json", lang="fi")
    assert (play["title"], play["start"]) == ("PIENET JUHLAT", "2020-04-24T19:00:00+03:00")
    assert play["location"] == "Testi Teatteri, Suuri näyttämö"
    assert play["url"].endswith("language=fi")


@pytest.mark.parametrize("name", [
    "nordic/City-of-Helsinki__unified-search__tpr-unit-sports-park.json",
    "nordic/City-of-Helsinki__hauki__tpr-connections-opening-hours.json",
    "nordic/City-of-Helsinki__hauki__kirkanta-library-schedules.json",
])
def test_opening_hours_are_not_events(name):
    """Opening-hour records (a library's daily schedules, a sports park) give no records and a reason."""
    extraction = extract(doc(name), today=TODAY)
    assert extraction.records == []
    assert any("no object with both a title and a start time" in problem for problem in extraction.problems)


def test_osterbotten_event_service_xml_with_two_dates():
    (event,) = records("nordic/City-of-Helsinki__linkedevents__osterbotten-eventservice-event-sv.xml")
    assert (event["title"], event["extraction"]) == ("Testa", "xml")
    assert event["description"] == "Detta är en testhändelse"
    assert (event["location"], event["address"]) == ("Testipaikka", "Testitie 1, 12345 Testila")
    assert event["url"] == "https://events.osterbotten.fi/evenemang/visa/123456"
    assert [(o["start"], o["end"]) for o in event["occurrences"]] == [
        ("2030-10-05T08:00:00+03:00", "2030-10-05T20:00:00+03:00"),
        ("2030-10-06T08:00:00+03:00", "2030-10-06T20:00:00+03:00")]


def test_eventor_date_and_clock_elements_and_race_days():
    (series,) = records("nordic/stunor92__OriGo-EventorApi__eventor-multiday-event.xml", tz="Europe/Oslo")
    assert series["title"] == "Skagemarken rundt"
    assert series["start"] == "2023-06-27T18:00:00+02:00"
    assert occurrence_starts(series) == ["2023-06-27T18:00:00+02:00", "2023-07-11T18:00:00+02:00",
                                         "2023-07-25T18:00:00+02:00"]


@pytest.mark.parametrize("name", ["nordic/City-of-Turku__elamyskalanteri__demo-listing-js-embed.html",
                                  "nordic/City-of-Turku__elamyskalanteri__demo-detail-js-embed.html"])
def test_js_rendered_pages_hold_no_events(name):
    assert records(name) == []
