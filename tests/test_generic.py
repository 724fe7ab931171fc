"""The generic reader for event APIs without a parser of their own (JSON and XML)."""

import json
from datetime import date
from pathlib import Path

import pytest

from crawlers.parsers.document import read_document
from normalise.record import Context, normalise_item

TODAY = date(2026, 11, 25)


def read(data, **options) -> list[dict]:
    document = read_document(data if isinstance(data, bytes) else json.dumps(data).encode(), today=TODAY,
                             **options)
    context = Context(source_id="t", today=TODAY, language=options.get("lang"))
    return [normalise_item(item, context) for item in document.items]


def test_finnish_field_names_and_multilingual_values():
    answer = {"tapahtumat": [{"tunniste": 7, "nimi": {"fi": "Tuolijumppa", "sv": "Stolgympa"},
                              "alkaa": "2026-12-01T10:00:00+02:00", "loppuu": "2026-12-01T11:00:00+02:00",
                              "paikka": {"nimi": "Seurakuntakoti", "katuosoite": "Isokatu 1",
                                         "postinumero": "67100", "kaupunki": "Kokkola"}}]}
    (record,) = read(answer, lang="sv")
    assert record["title"] == "Stolgympa"
    assert (record["start"], record["end"]) == ("2026-12-01T10:00:00+02:00", "2026-12-01T11:00:00+02:00")
    assert (record["location"], record["address"]) == ("Seurakuntakoti", "Isokatu 1, 67100 Kokkola")
    assert record["extraction"] == "json"


def test_news_with_a_publication_date_is_not_an_event():
    news = {"items": [{"title": "Kansliet stängt under julen", "date": "2026-12-20"},
                      {"title": "Uusi kirkkoherra valittu", "date": "2026-11-02"}]}
    assert read(news) == []


def test_a_dated_item_with_a_place_is_an_event():
    (record,) = read([{"title": "Julbasar", "date": "12.12.2026", "time": "14.00", "venue": "Församlingshemmet"}])
    assert (record["start"], record["location"]) == ("2026-12-12T14:00:00+02:00", "Församlingshemmet")


def test_epoch_seconds_and_milliseconds():
    found = read([{"name": "A", "start_time": 1796112000}, {"name": "B", "startTime": 1796112000000}])
    assert [r["start"] for r in found] == ["2026-12-01T10:00:00+02:00"] * 2


def test_xml_api_with_date_list():
    xml = """<?xml version="1.0" encoding="utf-8"?>
    <Evenemang><Post><Rubrik>Kyrkokören övar</Rubrik><Plats>Kyrkan</Plats>
      <Tillfallen><Tillfalle><Start>2026-12-02 18:30</Start><Slut>2026-12-02 20:00</Slut></Tillfalle>
      <Tillfalle><Start>2026-12-09 18:30</Start><Slut>2026-12-09 20:00</Slut></Tillfalle></Tillfallen>
    </Post></Evenemang>""".encode("utf-8")
    (record,) = read(xml)
    assert (record["title"], record["location"], record["extraction"]) == ("Kyrkokören övar", "Kyrkan", "xml")
    assert [o["start"] for o in record["occurrences"]] == ["2026-12-02T18:30:00+02:00", "2026-12-09T18:30:00+02:00"]


@pytest.mark.parametrize("document", [{"a": 1}, [], {"title": "No time at all"}, {"name": "x", "start": "soon"}])
def test_documents_without_events_give_none(document):
    assert read(document) == []


def test_linked_events_recurring_super_event_is_not_counted_beside_its_dates():
    def event(event_id, name, start, **extra):
        return {"@id": f"https://api.example/v1/event/{event_id}/", "id": event_id, "name": {"fi": name},
                "start_time": start, "end_time": None, "location": {"name": {"fi": "Kirjasto"}}, **extra}

    page = {"meta": {"count": 3, "next": None}, "data": [
        event("s", "Tuolijumppa", "2026-12-01T08:00:00Z", super_event_type="recurring",
              sub_events=[{"@id": "https://api.example/v1/event/a/"}, {"@id": "https://api.example/v1/event/b/"}]),
        event("a", "Tuolijumppa", "2026-12-01T08:00:00Z", super_event={"@id": "https://api.example/v1/event/s/"}),
        event("b", "Tuolijumppa", "2026-12-08T08:00:00Z", super_event={"@id": "https://api.example/v1/event/s/"}),
    ]}
    found = read(page)
    assert [(r["source_event_id"], r["start"], r["location"]) for r in found] == [
        ("a", "2026-12-01T10:00:00+02:00", "Kirjasto"), ("b", "2026-12-08T10:00:00+02:00", "Kirjasto")]


def test_finnish_and_swedish_field_names_epoch_times_and_dates_lists():
    data = (Path(__file__).parent / "files" / "json" / "yhdistys_fi_sv.json").read_bytes()
    records = read(data)
    assert [(r["source_event_id"], r["title"], r["start"], r["end"], r["location"], r["url"]) for r in records] == [
        ("501", "Kävelylenkki", "2026-12-05T10:00:00+02:00",
         "2026-12-05T11:30:00+02:00", "Tervahovi", "https://yhdistys.example.fi/t/501"),  # päättyy, linkki
        ("502", "Bingo", "2026-12-02T14:00:00+02:00", "2026-12-02T16:00:00+02:00", "Kerhohuone", None),  # seconds
        ("503", "Joululounas", "2026-12-15T13:00:00+02:00", None, "Ravintola Meri", None),  # milliseconds
        ("sv-1", "Sångstund", "2026-12-09T14:00:00+02:00", "2026-12-09T15:00:00+02:00", "Servicehuset", None),
        ("sv-2", "Handarbetscafé", "2026-12-03T13:00:00+02:00", "2026-12-03T15:00:00+02:00", "Biblioteket", None),
    ]
    assert [(o["start"], o["status"]) for o in records[-1]["occurrences"]] == [
        ("2026-12-03T13:00:00+02:00", "scheduled"), ("2026-12-10T13:00:00+02:00", "scheduled"),
        ("2026-12-17T13:00:00+02:00", "cancelled")]


def saved(name: str) -> bytes:
    return (Path(__file__).parent / "files" / "json" / name).read_bytes()


def test_google_calendar_api_events_with_recurrence_and_an_exclusive_all_day_end():
    group, week, party = read(saved("google_calendar_api_fi.json"))
    assert (group["title"], group["start"], group["end"], group["timezone"]) == (
        "Omaisten vertaistukiryhmä", "2026-12-08T13:00:00+02:00", "2026-12-08T14:30:00+02:00", "Europe/Helsinki")
    assert group["rrule"] == "FREQ=WEEKLY;UNTIL=20270330T215959Z;BYDAY=TU"
    assert group["exdates"] == ["2026-12-22T13:00:00+02:00"]
    assert "2026-12-22T13:00:00+02:00" not in [o["start"] for o in group["occurrences"]]
    assert group["url"] == "https://www.google.com/calendar/event?eid=NWtxMGQz"
    assert (week["start"], week["end"], week["all_day"]) == ("2027-01-15", "2027-01-17", True)  # end.date 18th
    assert (party["title"], party["status"]) == ("Pikkujoulut", "cancelled")


def test_microsoft_graph_events_with_windows_zones_and_flags():
    gym, market = read(saved("ms_graph_events_sv.json"))
    assert (gym["title"], gym["start"], gym["end"], gym["timezone"]) == (
        "Seniorgympa", "2026-12-08T10:30:00+02:00", "2026-12-08T12:00:00+02:00", "Europe/Helsinki")
    assert (gym["location"], gym["address"], gym["description"]) == (
        "Församlingshemmet", "Kyrkoesplanaden 2, 65100 Vasa", "Lätt gympa för seniorer.")
    # isAllDay from midnight to midnight UTC, isCancelled
    assert (market["start"], market["end"], market["all_day"], market["status"]) == (
        "2026-12-12", "2026-12-12", True, "cancelled")


@pytest.mark.parametrize("flag", ["isAllDay", "allDay", "koko_päivä"])
def test_an_all_day_flag_makes_a_midnight_end_the_day_before(flag):
    answer = {"events": [{"title": "Joulumarkkinat", "start": "2026-12-12T00:00:00", "end": "2026-12-14T00:00:00",
                          flag: True}]}
    (record,) = read(answer)
    assert (record["start"], record["end"], record["all_day"]) == ("2026-12-12", "2026-12-13", True)


def test_google_calendar_api_changed_and_cancelled_dates_of_a_series():
    # events.list gives a series' cancelled date (no title) and its moved date as events of
    # their own, with recurringEventId and originalStartTime: both dates leave the series,
    # the moved one stays an event of its own.
    series, moved = read(saved("google_calendar_exceptions_sv.json"))
    assert series["exdates"] == ["2026-12-17T10:00:00+02:00", "2026-12-24T10:00:00+02:00"]
    assert [o["start"] for o in series["occurrences"]] == [
        "2026-12-03T10:00:00+02:00", "2026-12-10T10:00:00+02:00", "2026-12-31T10:00:00+02:00"]
    assert (moved["title"], moved["start"], moved["end"]) == (
        "Boccia", "2026-12-23T10:00:00+02:00", "2026-12-23T11:30:00+02:00")
