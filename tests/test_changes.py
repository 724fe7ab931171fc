"""Changes over time: new / updated / removed / rescheduled, event_changes, held sources,
retention of past occurrences, and the source_health view."""

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from kalendarium import store
from kalendarium.store import SourceResult, publish

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def stamp(days=0, hours=0):
    return (NOW + timedelta(days=days, hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def local(days, hour=10):
    moment = (NOW + timedelta(days=days)).replace(hour=hour, minute=0, second=0)
    return moment.strftime("%Y-%m-%dT%H:%M:00+00:00"), moment.strftime("%Y-%m-%dT%H:%M:00Z")


def source(source_id="parish"):
    return {"id": source_id, "name": source_id.title(), "organiser_type": "parish", "municipality": "Kokkola",
            "language": "fi", "timezone": "UTC", "kind": "ical", "url": "http://x", "enabled": True}


def record(key, title, days=5, hour=10, source_id="parish", **extra):
    start, start_utc = local(days, hour)
    return {"id": f"{source_id}:{key}", "source_id": source_id, "title": title, "start": start, "end": None,
            "all_day": False, "status": "scheduled", "location": "Seurakuntakoti", "exdates": [],
            "occurrences": [{"start": start, "end": None, "start_utc": start_utc, "end_utc": None,
                             "date": start[:10], "all_day": False, "status": "scheduled"}], **extra}


def run(db_path, records, run_id, source_id="parish", **kwargs):
    result = SourceResult(source(source_id), records)
    publish(db_path, [result], run_id=run_id, **kwargs)
    return result


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql, params).fetchall()


FIVE = [record(str(n), f"Kuoro {n}", days=n + 1) for n in range(5)]


def test_first_harvest_counts_everything_as_new(tmp_path):
    db = tmp_path / "k.db"
    result = run(db, FIVE, stamp(-2))
    assert (result.status, result.new, result.updated, result.removed) == ("ok", 5, 0, 0)
    assert rows(db, "select count(*) from event_changes where field = 'event' and new = 'new'") == [(5,)]
    assert rows(db, "select events_new, events_updated, events_removed from harvest_runs") == [(5, 0, 0)]
    assert rows(db, "select distinct first_seen = updated from events") == [(1,)]


def test_an_unchanged_harvest_changes_nothing(tmp_path):
    db = tmp_path / "k.db"
    run(db, FIVE, stamp(-2))
    result = run(db, FIVE, stamp(-1))
    assert (result.new, result.updated, result.removed) == (0, 0, 0)
    assert rows(db, "select count(*) from event_changes where run_id = ?", [stamp(-1)]) == [(0,)]
    assert rows(db, "select distinct first_seen, updated, last_seen from events") == [(stamp(-2), stamp(-2), stamp(-1))]


def test_every_field_change_is_kept_and_a_moved_start_is_rescheduled(tmp_path):
    db = tmp_path / "k.db"
    run(db, FIVE, stamp(-2))
    old_start = FIVE[0]["start"]
    changed = [record("0", "Kuoro 0", days=1, hour=14, location="Kirkko")] + FIVE[1:]
    result = run(db, changed, stamp(-1))
    assert (result.new, result.updated, result.removed) == (0, 1, 0)
    assert rows(db, "select field, old, new from event_changes where run_id = ? order by field", [stamp(-1)]) == [
        ("location", "Seurakuntakoti", "Kirkko"), ("start", old_start, changed[0]["start"])]
    assert rows(db, "select rescheduled_from, updated, first_seen from events where id = 'parish:0'") == [
        (old_start, stamp(-1), stamp(-2))]
    # the old upcoming occurrence is replaced by the moved one
    assert rows(db, "select start from occurrences where event_id = 'parish:0'") == [(changed[0]["start"],)]


def test_a_cancellation_is_the_sources_word_and_a_change_row(tmp_path):
    db = tmp_path / "k.db"
    run(db, FIVE, stamp(-2))
    run(db, [record("0", "Kuoro 0", days=1, status="cancelled")] + FIVE[1:], stamp(-1))
    assert rows(db, "select field, old, new from event_changes where run_id = ?", [stamp(-1)]) == [
        ("status", "scheduled", "cancelled")]


def test_a_vanished_event_is_removed_not_deleted_and_not_cancelled(tmp_path):
    db = tmp_path / "k.db"
    run(db, FIVE, stamp(-2))
    result = run(db, FIVE[1:], stamp(-1))  # one of five gone: a fifth, not more
    assert (result.status, result.new, result.updated, result.removed) == ("ok", 0, 0, 1)
    assert rows(db, "select status, last_seen from events where id = 'parish:0'") == [("removed", stamp(-2))]
    assert rows(db, "select field, old, new from event_changes where run_id = ?", [stamp(-1)]) == [
        ("status", "scheduled", "removed")]
    assert rows(db, "select count(*) from occurrences where event_id = 'parish:0'") == [(1,)]
    assert rows(db, "select count(*) from upcoming_occurrences where event_id = 'parish:0'") == [(0,)]
    assert rows(db, "select count(*) from upcoming_occurrences") == [(4,)]
    # it comes back: scheduled again, and that is a change too
    back = run(db, FIVE, stamp(0))
    assert back.updated == 1 and rows(db, "select status from events where id = 'parish:0'") == [("scheduled",)]


def test_a_past_event_dropping_off_the_listing_is_not_removed(tmp_path):
    db = tmp_path / "k.db"
    past = record("old", "Eilinen kuoro", days=-3)
    run(db, FIVE + [past], stamp(-4))
    result = run(db, FIVE, stamp(-1))
    assert result.removed == 0 and result.status == "ok"
    assert rows(db, "select status from events where id = 'parish:old'") == [("scheduled",)]


def test_a_weekly_series_rolling_forward_is_not_a_reschedule(tmp_path):
    db = tmp_path / "k.db"
    run(db, [record("s", "Jumppa", days=1, rrule="FREQ=WEEKLY")] + FIVE, stamp(-8))
    result = run(db, [record("s", "Jumppa", days=8, rrule="FREQ=WEEKLY")] + FIVE, stamp(-1))
    assert result.updated == 0
    assert rows(db, "select rescheduled_from from events where id = 'parish:s'") == [(None,)]
    moved = run(db, [record("s", "Jumppa", days=8, hour=12, rrule="FREQ=WEEKLY")] + FIVE, stamp(0))
    assert moved.updated == 1


@pytest.mark.parametrize("second, why", [
    ([], "returned no events although it had 5"),
    (FIVE[2:], "would remove 2 of its 5 upcoming events"),
])
def test_a_collapse_is_held_until_a_coordinator_accepts_it(tmp_path, second, why):
    db = tmp_path / "k.db"
    run(db, FIVE, stamp(-2))
    held = run(db, second, stamp(-1))
    assert held.status == "held" and not held.ok and why in held.error and "sources accept parish" in held.error
    assert rows(db, "select count(*) from events where status = 'scheduled'") == [(5,)]
    assert rows(db, "select status, events from harvest_runs where run_id = ?", [stamp(-1)]) == [
        ("held", len(second))]
    assert rows(db, "select last_status, failures_in_row from source_health") == [("held", 1)]
    again = run(db, second, stamp(0, -1))  # still held on the next night
    assert again.status == "held"
    store.accept(db, "parish")
    accepted = run(db, second, stamp(0))
    assert accepted.status == "ok" and accepted.removed == 5 - len(second)
    assert rows(db, "select count(*) from events where status = 'removed'") == [(5 - len(second),)]
    assert store.read_accepted(db) == {}  # used up: the next collapse is held again


def test_a_first_harvest_with_nothing_fails(tmp_path):
    db = tmp_path / "k.db"
    result = run(db, [], stamp(-1))
    assert result.status == "failed" and result.error.startswith("no events were found")


def test_past_occurrences_are_kept_for_analysts_until_keep_days(tmp_path):
    db = tmp_path / "k.db"
    old = record("old", "Vanha", days=-40)
    ancient = record("ancient", "Muinainen", days=-800)
    run(db, FIVE + [old, ancient], stamp(-900), keep_days=None)
    assert rows(db, "select count(*) from events") == [(7,)]
    run(db, FIVE, stamp(0))  # default: 730 days
    assert rows(db, "select id from events where id in ('parish:old', 'parish:ancient')") == [("parish:old",)]
    assert rows(db, "select count(*) from occurrences where event_id = 'parish:old'") == [(1,)]
    assert rows(db, "select count(*) from event_changes where event_id = 'parish:ancient'") == [(0,)]
    run(db, FIVE, stamp(0, 1), keep_days=30)
    assert rows(db, "select count(*) from events where id = 'parish:old'") == [(0,)]


def test_source_health_shows_last_success_failures_in_a_row_and_a_week_ago(tmp_path):
    db = tmp_path / "k.db"
    run(db, FIVE, stamp(-9))
    run(db, FIVE[:4] + [record("x", "Uusi")], stamp(-3))
    for days in (-2, -1):
        publish(db, [SourceResult(source(), error="http://x/a.ics: the page answered 404")], run_id=stamp(days))
    (health,) = rows(db, "select source_id, last_status, last_success, failures_in_row, events_now, "
                         "events_week_ago, last_error from source_health")
    source_id, status, last_success, failures, now, week_ago, error = health
    assert (source_id, status, failures, now, week_ago) == ("parish", "failed", 2, 5, 5)
    assert last_success is not None and error == "http://x/a.ics: the page answered 404"


def test_an_older_database_gets_the_new_columns(tmp_path):
    db = tmp_path / "k.db"
    run(db, FIVE, stamp(-2))
    with sqlite3.connect(db) as connection:
        connection.execute("drop view source_health")
        connection.execute("drop table event_changes")
        connection.execute("alter table events drop column updated")
        connection.execute("alter table harvest_runs drop column events_new")
    result = run(db, FIVE, stamp(-1))
    assert result.status == "ok"
    assert rows(db, "select count(*) from source_health") == [(1,)]
