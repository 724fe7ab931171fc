"""The Events Calendar's REST answer and Linked Events pages, saved as the APIs write them
(expected records written out)."""

from datetime import date
from pathlib import Path

import pytest

from kalendarium.extract import ExtractError, extract

FILES = Path(__file__).parent / "files" / "apis"
TODAY = date(2026, 12, 2)


def read(name, **options):
    extraction = extract(str(FILES / name), today=TODAY, **options)
    return extraction.kind, extraction.records


def test_the_events_calendar_answer_with_entities_venues_and_cost():
    kind, records = read("tribe_events_fi.json")
    assert kind == "tribe"
    assert [(r["title"], r["start"], r["end"], r["all_day"], r["location"], r["address"], r["free_of_charge"])
            for r in records] == [
        ("Tuolijumppa – kevyttä liikuntaa", "2026-12-08T10:00:00+02:00", "2026-12-08T11:00:00+02:00", False,
         "Keräilytalo", "Pitkänsillankatu 24, 67100 Kokkola", True),  # cost "Maksuton"
        ("Pikkujoulut", "2026-12-12T15:00:00+02:00", "2026-12-12T18:00:00+02:00", False,
         None, None, False),  # venue [], cost "15 &euro;"
        ("Joulutori & myyjäiset", "2026-12-19", "2026-12-20", True, "Kauppatori", "Kokkola", None),
        ("Luento: Muisti ja liikunta", "2026-12-15T18:00:00+02:00", "2026-12-15T19:30:00+02:00", False,
         None, None, True),  # timezone "UTC+2": read from utc_start_date; cost "0"
    ]
    assert records[0]["organiser"] == "Eläkeliiton Kokkolan yhdistys"
    assert records[0]["keywords"] == ["Liikunta"]


def test_linked_events_page_with_a_recurring_super_event_and_its_dates():
    kind, records = read("linkedevents_recurring_fi_sv.json", lang="fi")
    assert kind == "linkedevents"
    assert [(r["title"], r["start"], r["status"], r["free_of_charge"]) for r in records] == [
        ("Lukupiiri ikäihmisille", "2026-12-10T13:00:00+02:00", "scheduled", True),
        # the recurring super event is left out: its dates are in the same answer
        ("Vesijumppa", "2026-12-01T10:00:00+02:00", "scheduled", None),
        ("Vesijumppa", "2026-12-08T10:00:00+02:00", "cancelled", None),
        ("Joulumarkkinat", "2026-12-12", "scheduled", None),
    ]
    reading = records[0]
    assert (reading["location"], reading["address"]) == ("Vaasan pääkirjasto", "Kirjastonkatu 13, 65100 Vaasa")
    assert reading["url"] == "https://www.vaasa.example.fi/tapahtuma/lukupiiri"
    assert (reading["organiser"], reading["keywords"]) == ("Vaasan kaupunginkirjasto", ["ikääntyneet"])


def test_one_event_of_the_events_calendar_api_keeps_its_sites_zone():
    kind, (record,) = read("tribe_single_event_stockholm.json")  # /wp-json/tribe/events/v1/events/2211
    assert kind == "tribe"
    assert (record["start"], record["end"], record["timezone"]) == (
        "2026-12-08T10:00:00+01:00", "2026-12-08T11:00:00+01:00", "Europe/Stockholm")
    assert (record["location"], record["organiser"]) == ("Keräilytalo", "Eläkeliiton Kokkolan yhdistys")


def test_one_linked_events_event_is_read_as_linked_events():
    kind, (record,) = read("linkedevents_single_event.json", lang="fi")  # /v1/event/vaasa:agk3p4mzbq/
    assert kind == "linkedevents"
    assert (record["title"], record["language"], record["start"]) == (
        "Lukupiiri ikäihmisille", "fi", "2026-12-10T13:00:00+02:00")
    assert record["source_event_id"] == "vaasa:agk3p4mzbq"


@pytest.mark.parametrize("name, message", [
    ("wp_rest_no_route.json", "404 rest_no_route: No route was found matching the URL and request method."),
    ("linkedevents_not_found.json", "Not found."),
    ("google_calendar_api_error.json", "404: Not Found"),
])
def test_an_api_error_answer_is_an_error_that_says_what_the_api_said(name, message):
    # it was "no object with both a title and a start time", as if the API had no events
    with pytest.raises(ExtractError) as raised:
        extract(str(FILES / name), today=TODAY)
    assert str(raised.value) == f"{FILES / name}: the answer is an error message, not events: {message}"


def test_the_events_calendars_empty_range_and_data_beside_a_message_are_no_errors():
    extraction = extract(str(FILES / "tribe_empty_range.json"), today=TODAY)
    assert (extraction.records, extraction.problems) == (
        [], ["The Events Calendar answers that it has no events in the range asked for"])
    (record,) = extract(str(FILES / "data_beside_a_message.json"), today=TODAY).records
    assert (record["title"], record["start"]) == ("Konsertti", "2026-12-10T18:00:00+02:00")


def test_linked_events_date_only_ends_are_the_last_day_inclusive():
    # Linked Events stores the next midnight and reports the day before (events/api.py,
    # EventSerializer.to_representation): beside a timed start the event ends at that midnight.
    kind, records = read("linkedevents_date_only_ends_fi.json", lang="fi")
    assert [(r["title"], r["start"], r["end"], r["all_day"]) for r in records] == [
        ("Joulunäyttely", "2026-12-01", "2026-12-23", True),
        ("Taidenäyttely", "2026-12-10T10:00:00+02:00", "2026-12-24T00:00:00+02:00", False),
        ("Ulkoilupäivä", "2026-12-05", "2026-12-05", True),
    ]
