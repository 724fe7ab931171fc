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
