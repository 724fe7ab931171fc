"""schema.org details beyond the real-world pages: a recurring Event with an eventSchedule."""

from datetime import date
from pathlib import Path

from kalendarium.extract import extract

FILES = Path(__file__).parent / "files" / "schemaorg"


def test_event_schedule_becomes_a_weekly_series_until_its_end_date():
    (record,) = extract(str(FILES / "event_schedule_fi.html"), today=date(2026, 11, 25)).records
    assert record["title"] == "Kuntosali senioreille"
    assert (record["start"], record["end"]) == ("2026-12-01T10:00:00+02:00", "2026-12-01T11:00:00+02:00")
    assert record["rrule"] == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270531"
    starts = [o["start"] for o in record["occurrences"]]
    assert starts[0] == "2026-12-01T10:00:00+02:00"
    assert starts[-1] == "2027-05-25T10:00:00+03:00"  # local time kept over the spring change
    assert len(starts) == 26


def read(name, **options):
    extraction = extract(str(FILES / name), today=date(2026, 12, 2), **options)
    return extraction.records, extraction.problems


def read_path(path):
    extraction = extract(str(path), today=date(2026, 12, 2))
    return extraction.records, extraction.problems


def place(record):
    return record["location"], record["address"]


def test_graph_references_to_place_and_organisation_are_followed():
    (record,), _ = read("graph_references_fi.html")
    assert record["title"] == "Muistikahvila"
    assert place(record) == ("Kokkolan pääkirjasto", "Isokatu 3, 67100 Kokkola")
    assert record["organiser"] == "Kokkolan kaupunki – Karleby stad"
    assert record["free_of_charge"] is True


def test_rdfa_with_the_https_vocabulary_and_blank_node_place():
    (record,), _ = read("rdfa_https_vocab_fi.html")
    assert record["extraction"] == "rdfa"
    assert (record["title"], record["start"], record["end"]) == (
        "Senioritanssit", "2026-12-17T13:00:00+02:00", "2026-12-17T15:00:00+02:00")
    assert place(record) == ("Kaupungintalo", "Kauppatori 1, Pietarsaari")


def test_offers_and_is_accessible_for_free_say_whether_it_costs():
    records, _ = read("event_subtypes_offers_sv.html")
    assert [(r["title"], r["start"], r["free_of_charge"]) for r in records] == [
        ("Julkonsert med Jakobstads kammarkör", "2026-12-13T18:00:00+02:00", False),  # price 15.00
        ("Dans för seniorer", "2026-12-04T15:00:00+02:00", True),  # isAccessibleForFree, times in Z
        ("Kurs i mobilbank", "2026-12-08", True),  # price "Gratis"
    ]
    assert records[0]["classification"][-1] == {
        "field": "free_of_charge", "value": False, "reason": "the source's field free_of_charge"}


def test_a_block_in_an_html_comment_and_one_with_trailing_commas_are_both_read():
    records, problems = read("lenient_multilingual_sv.html")
    assert problems == []
    assert [(r["title"], r["start"], r["language"]) for r in records] == [
        ("Körsång för alla", "2026-12-09T18:00:00+02:00", "sv"),  # <html lang="sv"> picks the translation
        ("Motionsdans", "2026-12-11T14:00:00+02:00", None),
    ]
    assert records[0]["description"] == "Öppen sångstund."
    (finnish, _), _ = read("lenient_multilingual_sv.html", lang="fi")
    assert (finnish["title"], finnish["description"], finnish["language"]) == (
        "Kuorolaulua kaikille", "Avoin laulutilaisuus.", "fi")


def test_an_unreadable_block_is_reported_and_the_others_kept(tmp_path):
    page = (FILES / "lenient_multilingual_sv.html").read_text(encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text(page.replace('"name": "Motionsdans",', '"name": "Motionsdans" "x",'), encoding="utf-8")
    records, problems = read_path(broken)
    assert [r["title"] for r in records] == ["Körsång för alla"]
    assert len(problems) == 1 and problems[0].startswith("JSON-LD block 2 cannot be read: ")


def test_the_events_calendar_json_ld_with_escaped_html_and_entities():
    (record,), _ = read("tribe_single_event_fi.html")
    assert record["title"] == "Tuolijumppa – kevyttä liikuntaa"
    assert record["description"] == "Tuolijumppaa kaikille jäsenille. Ota mukaan vesipullo."
    assert place(record) == ("Keräilytalo", "Pitkänsillankatu 24, 67100 Kokkola")
    assert (record["organiser"], record["free_of_charge"]) == ("Eläkeliiton Kokkolan yhdistys", True)


def test_a_latin1_page_keeps_its_letters_in_json_ld_and_microdata():
    records, _ = read("latin1_jsonld_microdata_sv.html")
    assert [(r["title"], r["location"], r["extraction"]) for r in records] == [
        ("Julgröt för pensionärer", "Föreningshuset Åkerlund", "jsonld"),
        ("Bingo på äldreboendet", "Väståbotten", "microdata"),
    ]


def test_a_yoast_graph_without_events_gives_nothing():
    assert read("yoast_webpage_only_sv.html") == ([], [])


def test_relative_urls_durations_and_a_start_date_written_in_words():
    records, problems = read("dates_durations_relative_urls_fi.html", url="https://www.example.fi/tapahtumat/")
    assert problems == []
    assert [(r["title"], r["start"], r["end"], r["location"], r["url"]) for r in records] == [
        ("Seniorit & lapset – yhteinen leikkipäivä", "2026-12-08T10:00:00+02:00", "2026-12-08T12:00:00+02:00",
         "Perhekeskus", "https://www.example.fi/tapahtumat/leikkipaiva"),  # "+0200", a relative url
        ("Joulukonsertti", "2026-12-20T18:00:00+02:00", "2026-12-20T19:30:00+02:00",  # ".000Z" + PT1H30M
         "Kirkko", "https://www.example.fi/tapahtumat/"),
        ("Lavatanssit", "2026-12-12T19:00:00+02:00", None, "Seurantalo",  # startDate "12.12.2026 klo 19"
         "https://www.example.fi/tapahtumat/"),
        ("Hybridiluento", "2026-12-09T17:00:00+02:00", None, "Kaupunginkirjasto, Auditorio",
         "https://www.example.fi/tapahtumat/"),
        ("Kuntokävely", "2026-12-12T09:00:00+02:00", None, "Urheilupuisto", "https://www.example.fi/tapahtumat/"),
    ]


def test_the_events_calendar_all_day_event_from_midnight_to_23_59_59_is_days():
    market, gym = read("tribe_listing_all_day_sv.html")[0]
    assert (market["title"], market["start"], market["end"], market["all_day"]) == (
        "Julmarknad på torget", "2026-12-19", "2026-12-20", True)
    assert market["description"] == "Julmarknad hela helgen."
    assert (gym["start"], gym["end"], gym["all_day"]) == (
        "2026-12-08T10:00:00+02:00", "2026-12-08T11:00:00+02:00", False)


def test_event_series_with_a_schedule_and_an_event_series_that_lists_its_events():
    # An EventSeries is an event too (its schedule its dates); one that lists its events as
    # subEvent is their container and is not counted beside them.
    records, problems = read("event_series_online_sv.html")
    assert problems == []
    series, first, second, *_ = records
    assert (series["title"], series["start"], series["end"], place(series)) == (
        "Sittgympa för seniorer", "2027-01-12T13:00:00+02:00", "2027-01-12T14:00:00+02:00",
        ("Församlingshemmet", "Kyrkvägen 14, 65610 Korsholm"))
    assert [o["start"][:10] for o in series["occurrences"]] == [
        "2027-01-12", "2027-01-15", "2027-01-19", "2027-01-22", "2027-01-29", "2027-02-02", "2027-02-05",
        "2027-02-09", "2027-02-12"]
    assert [(r["title"], r["start"]) for r in (first, second)] == [
        ("Sorgegrupp, träff 1", "2027-01-14T18:00:00+02:00"), ("Sorgegrupp, träff 2", "2027-01-28T18:00:00+02:00")]
    assert "Sorgegrupp" not in [r["title"] for r in records]


def test_a_virtual_location_keeps_its_address():
    # Online only: the VirtualLocation's url is the location; online and on site: the place
    # is the location and the stream's address is kept in the description.
    records, _ = read("event_series_online_sv.html")
    online, mixed = records[-2:]
    assert (online["title"], place(online)) == (
        "Webbinarium: Att vårda en närstående", ("https://meet.example.fi/narstaende", None))
    assert (mixed["title"], place(mixed)) == ("Andakt i kyrkan och på nätet", ("Korsholms kyrka", "Kyrkvägen 10, Korsholm"))
    assert mixed["description"] == ("Andakt med psalmsång.\n\n"
                                    "Online: Direktsänd på YouTube (https://youtube.example.com/live/andakt)")


def test_a_microdata_time_without_datetime_has_its_text_as_its_value():
    records, _ = read("microdata_time_text_fi.html")
    assert [(r["title"], r["start"], r["end"], r["location"]) for r in records] == [
        ("Satutunti", "2026-12-16T10:00:00+02:00", "2026-12-16T10:45:00+02:00", "Lastenosasto"),
        ("Lukupiiri", "2026-12-17T18:00:00+02:00", None, "Lukusali"),
        ("Joulusatu", "2026-12-21T10:00:00+02:00", None, "Lastenosasto"),
    ]


def test_event_schedule_counts_month_days_month_weeks_and_other_intervals():
    records, _ = read("schedule_counts_months_fi.html", horizon_days=800)
    assert [(r["title"], r["start"], r["rrule"]) for r in records] == [
        ("Lentopallo", "2026-12-01T19:00:00+02:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4"),
        ("Kuukausitapaaminen", "2026-12-15T17:00:00+02:00", "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270315"),
        ("Kuukauden eka tiistai", "2027-01-05T12:00:00+02:00", "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270331"),
        ("Vuosijuhla", "2027-03-08T18:00:00+02:00", "FREQ=YEARLY;BYMONTHDAY=8;BYMONTH=3;COUNT=2"),
    ]
    assert [len(r["occurrences"]) for r in records] == [4, 4, 3, 2]  # repeatCount was dropped: no end


def test_one_event_in_three_syntaxes_is_one_event_completed_from_the_others():
    # each syntax wrote the time its own way, so the three were three events
    records, _ = read("same_event_three_syntaxes_fi.html")
    assert [(r["title"], r["start"], r["end"], r["extraction"]) for r in records] == [
        ("Joulukonsertti", "2026-12-10T18:00:00+02:00", "2026-12-10T19:30:00+02:00", "jsonld"),
        ("Joulukonsertti", "2026-12-11T18:00:00+02:00", None, "hcalendar"),
    ]


def test_schedules_with_a_duration_the_events_own_start_and_several_rules():
    # a Schedule's duration gives its end; one without startDate and times starts as its Event
    # does; several Schedules are several rules of one event (all three were lost but the first)
    records, _ = read("schedules_durations_several_fi.html")
    assert [(r["title"], [(o["start"], o["end"]) for o in r["occurrences"]]) for r in records] == [
        ("Tuolijumppa", [("2027-01-11T10:00:00+02:00", "2027-01-11T11:30:00+02:00"),
                         ("2027-01-18T10:00:00+02:00", "2027-01-18T11:30:00+02:00"),
                         ("2027-01-25T10:00:00+02:00", "2027-01-25T11:30:00+02:00")]),
        ("Lauluryhmä", [("2027-01-12T18:00:00+02:00", "2027-01-12T19:00:00+02:00"),
                        ("2027-01-19T18:00:00+02:00", "2027-01-19T19:00:00+02:00"),
                        ("2027-01-26T18:00:00+02:00", "2027-01-26T19:00:00+02:00")]),
        ("Kuntosali", [("2027-01-11T10:00:00+02:00", "2027-01-11T11:00:00+02:00"),
                       ("2027-01-14T17:00:00+02:00", "2027-01-14T18:00:00+02:00"),
                       ("2027-01-18T10:00:00+02:00", "2027-01-18T11:00:00+02:00"),
                       ("2027-01-21T17:00:00+02:00", "2027-01-21T18:00:00+02:00")]),
    ]
