"""Copies of one activity across sources are grouped; near misses stay apart."""

import pytest

from normalise.duplicates import group_duplicates, places_match, titles_match


def event(id, source, title, start, location="Seurakuntakoti", municipality="Kokkola", **more):
    return {"id": id, "source_id": source, "title": title, "start": start, "all_day": len(start) == 10,
            "rrule": None, "location": location, "address": None, "municipality": municipality, **more}


def test_the_same_activity_in_two_sources_is_one_group():
    a = event("town:1", "town", "Joulumyyjäiset – Julbasar", "2026-12-05T10:00:00+02:00", "Seurakuntakoti")
    b = event("parish:1", "parish", "Julbasar", "2026-12-05T10:00:00+02:00", "Församlingshemmet")
    groups = group_duplicates([a, b])
    assert groups["town:1"] == groups["parish:1"]


@pytest.mark.parametrize("a, b", [
    # 10 minutes apart, inflected title, place with its room
    (event("a:1", "a", "Seniorträff", "2026-12-01T13:00:00+02:00", "Församlingshemmet"),
     event("b:1", "b", "Seniorträffen", "2026-12-01T13:10:00+02:00", "Församlingshemmet, övre salen")),
    # accents and case
    (event("a:1", "a", "TUOLIJUMPPA", "2026-12-01T10:00:00+02:00", "Palvelukeskus Linnusperä"),
     event("b:1", "b", "Tuolijumppa", "2026-12-01T10:00:00+02:00", "palvelukeskus linnuspera")),
    # all-day on the same date, one of them with a time
    (event("a:1", "a", "Julmarknad på Salutorget", "2026-12-12", "Salutorget"),
     event("b:1", "b", "Julmarknad", "2026-12-12T10:00:00+02:00", "Salutorget")),
    # the municipality's name in one place name, Swedish in the other
    (event("a:1", "a", "Satutunti", "2026-12-03T10:00:00+02:00", "Kokkolan kaupunginkirjasto"),
     event("b:1", "b", "Satutunti – Sagostund", "2026-12-03T10:00:00+02:00", "Karleby stadsbibliotek")),
    # the same weekly series, first dates computed differently
    (dict(event("a:1", "a", "Kuntosaliryhmä", "2026-09-01T09:00:00+03:00", "Uimahalli"),
          rrule="FREQ=WEEKLY;BYDAY=TU"),
     dict(event("b:1", "b", "Kuntosaliryhmä ikäihmisille", "2026-12-01T09:00:00+02:00", "Uimahalli"),
          rrule="FREQ=WEEKLY;BYDAY=TU")),
    # one names no place: near-identical titles are enough
    (event("a:1", "a", "Kauneimmat joululaulut", "2026-12-13T18:00:00+02:00", None),
     event("b:1", "b", "Kauneimmat joululaulut", "2026-12-13T18:00:00+02:00", "Kirkko")),
])
def test_copies_are_grouped(a, b):
    assert group_duplicates([a, b]) == {a["id"]: a["id"], b["id"]: a["id"]}


@pytest.mark.parametrize("a, b", [
    # same title, other day
    (event("a:1", "a", "Tuolijumppa", "2026-12-01T10:00:00+02:00"),
     event("b:1", "b", "Tuolijumppa", "2026-12-08T10:00:00+02:00")),
    # same title, same day, other time
    (event("a:1", "a", "Tuolijumppa", "2026-12-01T10:00:00+02:00"),
     event("b:1", "b", "Tuolijumppa", "2026-12-01T13:00:00+02:00")),
    # same time, other place
    (event("a:1", "a", "Tuolijumppa", "2026-12-01T10:00:00+02:00", "Palvelukeskus Linnusperä"),
     event("b:1", "b", "Tuolijumppa", "2026-12-01T10:00:00+02:00", "Kaupunginkirjasto")),
    # same time and place name, other town
    (event("a:1", "a", "Högmässa", "2026-12-06T10:00:00+02:00", "Kyrkan", "Kokkola"),
     event("b:1", "b", "Högmässa", "2026-12-06T10:00:00+02:00", "Kyrkan", "Pietarsaari")),
    # same place and time, clearly different titles
    (event("a:1", "a", "Tuolijumppa", "2026-12-01T10:00:00+02:00"),
     event("b:1", "b", "Digituki senioreille", "2026-12-01T10:00:00+02:00")),
    (event("a:1", "a", "Konsert: Kammarkören", "2026-12-01T19:00:00+02:00", "Kyrkan"),
     event("b:1", "b", "Konsert: Mieskuoro Laulu-Miehet", "2026-12-01T19:00:00+02:00", "Kyrkan")),
    # same street, other number
    (event("a:1", "a", "Öppet hus", "2026-12-01T10:00:00+02:00", None, address="Storgatan 5"),
     event("b:1", "b", "Öppet hus", "2026-12-01T10:00:00+02:00", None, address="Storgatan 7")),
    # a series and a one-off
    (dict(event("a:1", "a", "Seniorträff", "2026-12-01T13:00:00+02:00"), rrule="FREQ=WEEKLY;BYDAY=TU"),
     event("b:1", "b", "Seniorträff", "2026-12-01T13:00:00+02:00")),
    # one source never duplicates itself
    (event("a:1", "a", "Tuolijumppa", "2026-12-01T10:00:00+02:00"),
     event("a:2", "a", "Tuolijumppa", "2026-12-01T10:00:00+02:00")),
    # no place on one side and only similar titles
    (event("a:1", "a", "Joulukonsertti", "2026-12-13T18:00:00+02:00", None),
     event("b:1", "b", "Joulukonsertti ja yhteislaulu", "2026-12-13T18:00:00+02:00", "Kirkko")),
])
def test_near_misses_stay_apart(a, b):
    assert group_duplicates([a, b]) == {}


def test_the_canonical_copy_is_the_organisers_own_then_the_municipalitys_then_the_first_seen():
    own = event("assoc:1", "assoc", "Omaishoitajien kahvila", "2026-12-02T13:00:00+02:00",
                source_name="Rannikon Omaishoitajat ry", organiser="Rannikon Omaishoitajat ry",
                organiser_type="association", first_seen="2026-11-20T00:00:00Z")
    town = event("town:1", "town", "Omaishoitajien kahvila", "2026-12-02T13:00:00+02:00",
                 source_name="Pietarsaaren kaupunki – tapahtumat", organiser="Rannikon Omaishoitajat ry",
                 organiser_type="municipality", first_seen="2026-11-01T00:00:00Z")
    parish = event("parish:1", "parish", "Omaishoitajien kahvila", "2026-12-02T13:00:00+02:00",
                   source_name="Seurakunta", organiser="Seurakunta", organiser_type="parish",
                   first_seen="2026-10-01T00:00:00Z")
    assert set(group_duplicates([town, parish, own]).values()) == {"assoc:1"}
    assert set(group_duplicates([parish, town]).values()) == {"town:1"}
    later = dict(parish, id="parish2:1", source_id="parish2", first_seen="2026-11-24T00:00:00Z")
    assert set(group_duplicates([later, parish]).values()) == {"parish:1"}


def test_a_group_holds_one_event_per_source():
    a1 = event("a:1", "a", "Tuolijumppa", "2026-12-01T10:00:00+02:00")
    a2 = event("a:2", "a", "Tuolijumppa", "2026-12-01T10:05:00+02:00")
    b1 = event("b:1", "b", "Tuolijumppa", "2026-12-01T10:00:00+02:00")
    groups = group_duplicates([a1, a2, b1])
    assert len(groups) == 2 and "b:1" in groups


def test_many_events_are_grouped_quickly():
    import time
    events = [event(f"s{n % 7}:{n}", f"s{n % 7}", f"Aktivitet {n % 50}", f"2026-12-{1 + n % 28:02d}T1{n % 10}:00:00+02:00",
                    f"Plats {n % 13}") for n in range(20000)]
    started = time.perf_counter()
    group_duplicates(events)
    assert time.perf_counter() - started < 30


def test_helpers():
    assert titles_match("Joulumyyjäiset – Julbasar", "Julbasar")
    assert not titles_match("Tuolijumppa", "Kuntosali")
    assert places_match({"location": "Kyrkan"}, {"location": "Kirkko"})
    assert places_match({"location": "Kyrkan"}, {"location": None}) is None


# --- in the published database -------------------------------------------------------------------

def test_publish_marks_copies_across_sources(tmp_path):
    import sqlite3

    from kalendarium.store import SourceResult, publish

    def source(source_id, name, organiser_type):
        return {"id": source_id, "name": name, "organiser_type": organiser_type, "municipality": "Kokkola",
                "language": "fi", "timezone": "Europe/Helsinki", "kind": "ical", "url": "http://x", "enabled": True}

    def record(source_id, key, title, start, location, organiser):
        return {"id": f"{source_id}:{key}", "source_id": source_id, "title": title, "start": start, "end": None,
                "all_day": False, "status": "scheduled", "location": location, "municipality": "Kokkola",
                "organiser": organiser, "exdates": [], "keywords": [],
                "occurrences": [{"start": start, "end": None, "start_utc": "2026-12-02T11:00:00Z", "end_utc": None,
                                 "date": "2026-12-02", "all_day": False, "status": "scheduled"}]}

    db_path = tmp_path / "k.db"
    town = SourceResult(source("town", "Kokkolan kaupunki", "municipality"), [
        record("town", "1", "Omaishoitajien kahvila", "2026-12-02T13:00:00+02:00", "Seurakuntakoti",
               "Kokkolanseudun Omaishoitajat ry"),
        record("town", "2", "Tuolijumppa", "2026-12-02T13:00:00+02:00", "Kirjasto", "Kokkolan kaupunki")])
    association = SourceResult(source("assoc", "Kokkolanseudun Omaishoitajat ry", "association"), [
        record("assoc", "1", "Omaishoitajien kahvila", "2026-12-02T13:05:00+02:00", "Seurakuntakoti, sali 2",
               "Kokkolanseudun Omaishoitajat ry")])
    publish(db_path, [town, association])
    with sqlite3.connect(db_path) as connection:
        found = connection.execute("select id, duplicate_of, sources_count from events order by id").fetchall()
    assert found == [("assoc:1", None, 2), ("town:1", "assoc:1", 2), ("town:2", None, 1)]


def test_an_older_database_gains_the_columns(tmp_path):
    import sqlite3

    from kalendarium.store import EVENT_COLUMNS, SourceResult, publish

    db_path = tmp_path / "old.db"
    with sqlite3.connect(db_path) as connection:
        connection.execute("create table sources (id text primary key, name text, organiser_type text, "
                           "municipality text, language text, timezone text, kind text, url text, enabled integer)")
        columns = ", ".join(f'"{name}"' for name in EVENT_COLUMNS if name != "id")
        connection.execute(f"create table events (id text primary key, {columns})")  # before duplicate_of
    publish(db_path, [SourceResult({"id": "a", "name": "A", "organiser_type": "parish", "kind": "ical",
                                    "url": "http://x"}, [])])
    with sqlite3.connect(db_path) as connection:
        columns = {row[1] for row in connection.execute("pragma table_info(events)")}
    assert {"duplicate_of", "sources_count"} <= columns


def test_an_event_of_no_known_town_is_compared_with_every_town_and_with_its_like():
    """Copies are looked for town by town; an event whose municipality is unknown is
    compared with the events of every town, and with the other events of no known town."""
    kokkola = event("town:1", "town", "Satutunti", "2026-12-03T10:00:00+02:00", "Kirjasto", "Kokkola")
    unknown = event("assoc:1", "assoc", "Satutunti", "2026-12-03T10:05:00+02:00", "Kirjasto", None)
    vaasa = event("vaasa:1", "vaasa", "Joulukonsertti", "2026-12-03T18:00:00+02:00", "Kirkko", "Vaasa")
    unknown_too = event("club:1", "club", "Joulukonsertti", "2026-12-03T18:00:00+02:00", "Kirkko", "")
    other_unknown = event("choir:1", "choir", "Joulukonsertti", "2026-12-03T18:10:00+02:00", "Kirkko", None)
    groups = group_duplicates([kokkola, unknown, vaasa, unknown_too, other_unknown])
    assert groups["town:1"] == groups["assoc:1"]
    assert groups["vaasa:1"] == groups["club:1"] == groups["choir:1"] != groups["town:1"]
    # with no town on either side, two events are still compared
    alone = group_duplicates([unknown_too, other_unknown])
    assert set(alone) == {"club:1", "choir:1"} and alone["club:1"] == alone["choir:1"]
