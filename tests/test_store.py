"""The store: sources replaced as a whole, failures keep old rows, the swap is atomic."""

import sqlite3

import pytest

from kalendarium import store
from kalendarium.store import Publication, SourceResult, publish


def source(source_id="parish", **extra):
    return {"id": source_id, "name": source_id.title(), "organiser_type": "parish", "municipality": "Kokkola",
            "language": "fi", "timezone": "Europe/Helsinki", "kind": "ical", "url": "http://x", "enabled": True,
            **extra}


def record(source_id, key, title, start="2026-12-01T10:00:00+02:00"):
    return {
        "id": f"{source_id}:{key}", "source_id": source_id, "title": title, "description": "Kaikille avoin",
        "start": start, "end": None, "all_day": False, "status": "scheduled", "location": "Seurakuntakoti",
        "keywords": ["liikunta"], "exdates": [],
        "occurrences": [{"start": start, "end": None, "start_utc": "2026-12-01T08:00:00Z", "end_utc": None,
                         "date": "2026-12-01", "all_day": False, "status": "scheduled"}],
    }


def rows(db_path, sql):
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql).fetchall()


def test_publish_writes_events_occurrences_and_a_run_per_source(tmp_path):
    db_path = tmp_path / "k.db"
    summary = publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa")]),
                                SourceResult(source("b"), [record("b", "1", "Seniorträffen")])])
    assert summary["events"] == 2 and summary["occurrences"] == 2 and summary["sources_ok"] == 2
    assert rows(db_path, "select source_id, status, events, occurrences from harvest_runs order by source_id") == [
        ("a", "ok", 1, 1), ("b", "ok", 1, 1)]
    assert rows(db_path, "select keywords from events where id = 'a:1'") == [('["liikunta"]',)]


def test_full_text_search_finds_part_of_a_compound_word(tmp_path):
    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa"), record("a", "2", "Kuoro")])])
    assert rows(db_path, "select title from events_fts where events_fts match 'jumppa'") == [("Tuolijumppa",)]
    assert rows(db_path, "select title from events_fts where events_fts match 'seurakunta'") == [
        ("Tuolijumppa",), ("Kuoro",)]


def test_a_failed_source_keeps_its_previous_rows_and_others_are_replaced(tmp_path):
    db_path = tmp_path / "k.db"
    # `now` is fixed: b:1 (1 December 2026) must still be upcoming when it vanishes.
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Old A")]),
                      SourceResult(source("b"), [record("b", "1", "Old B")])], now="2026-11-25T00:00:00Z")
    store.accept(db_path, "b")  # b drops its only event: held unless a coordinator accepts it
    publish(db_path, [SourceResult(source("a"), error="the page answered 500"),
                      SourceResult(source("b"), [record("b", "2", "New B")])], now="2026-11-25T00:00:00Z")
    assert rows(db_path, "select id, title, status from events order by id") == [
        ("a:1", "Old A", "scheduled"), ("b:1", "Old B", "removed"), ("b:2", "New B", "scheduled")]
    assert rows(db_path, "select source_id, status, error from harvest_runs where status = 'failed'") == [
        ("a", "failed", "the page answered 500")]


def test_first_seen_survives_a_new_harvest(tmp_path):
    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Kuoro")])], run_id="2026-11-01T00:00:00Z")
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Kuoro")])], run_id="2026-11-02T00:00:00Z")
    assert rows(db_path, "select first_seen, last_seen from events") == [
        ("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")]


def test_a_crash_while_building_leaves_the_published_file_untouched(tmp_path, monkeypatch):
    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Kuoro")])])
    before = db_path.read_bytes()

    def crash(db):
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "_check", crash)  # the last step before the swap
    with pytest.raises(RuntimeError):
        publish(db_path, [SourceResult(source("a"), [record("a", "2", "Something else")])])
    assert db_path.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["k.db"]


def test_an_unreadable_published_file_is_reported_not_overwritten(tmp_path):
    db_path = tmp_path / "k.db"
    db_path.write_bytes(b"this is not a database")
    with pytest.raises(store.StoreError, match="cannot be read"):
        publish(db_path, [SourceResult(source("a"), [record("a", "1", "Kuoro")])])
    assert db_path.read_bytes() == b"this is not a database"


def test_the_new_file_is_compacted_only_when_a_tenth_of_it_is_free(tmp_path):
    from kalendarium.store import _compact

    db = store.sqlite_utils.Database(tmp_path / "compact.db")
    db["rows"].insert_all({"id": n, "text": "å" * 2000} for n in range(500))
    db.execute("delete from rows where id < 20")  # 4 % free: left for SQLite to reuse
    db.conn.commit()
    _compact(db)
    assert db.execute("pragma freelist_count").fetchone()[0] > 0
    db.execute("delete from rows where id < 250")  # half free: rewritten
    db.conn.commit()
    _compact(db)
    assert db.execute("pragma freelist_count").fetchone()[0] == 0
    assert db.execute("select count(*) from rows").fetchone()[0] == 250


def test_a_publication_built_in_any_order_is_the_same_database(tmp_path):
    """A harvest with workers merges sources as they finish, in no fixed order."""
    def results():
        return [SourceResult(source("a"), [record("a", "1", "Tuolijumppa")]),
                SourceResult(source("b"), [record("b", "1", "Tuolijumppa", start="2026-12-01T10:05:00+02:00")]),
                SourceResult(source("c"), error="http://x: the page answered 500")]

    in_order, reversed_order = tmp_path / "in-order.db", tmp_path / "reversed.db"
    publish(in_order, results(), run_id="2026-11-25T01:00:00Z", now="2026-11-25T01:00:00Z")
    arrived = results()
    with Publication(reversed_order, sources=[r.source for r in arrived], run_id="2026-11-25T01:00:00Z",
                     now="2026-11-25T01:00:00Z") as publication:
        for result in reversed(arrived):
            publication.add(result)
        publication.finish(arrived)
    for sql in ("select * from events order by id", "select * from occurrences order by id",
                "select source_id, status, events, error from harvest_runs order by source_id"):
        assert rows(reversed_order, sql) == rows(in_order, sql)
    assert rows(in_order, "select count(*) from events where duplicate_of is not null") == [(1,)]


def test_a_publication_left_before_it_finishes_leaves_no_trace(tmp_path):
    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Kuoro")])])
    before = db_path.read_bytes()
    with pytest.raises(KeyboardInterrupt):
        with Publication(db_path, sources=[source("a")]) as publication:
            publication.add(SourceResult(source("a"), [record("a", "2", "Something else")]))
            raise KeyboardInterrupt  # the harvest interrupted while crawling
    assert db_path.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["k.db"]


def search(db_path, words):
    return rows(db_path, f"select e.id from events_fts join events e on e.rowid = events_fts.rowid "
                         f"where events_fts match '{words}' order by e.id")


def check_search_index(db_path):
    """FTS5's own check of the index against the events it was made from (raises if stale)."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("insert into events_fts (events_fts, rank) values ('integrity-check', 1)")


def test_the_search_index_follows_every_change_without_being_rebuilt(tmp_path):
    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa"), record("a", "2", "Kuoro")]),
                      SourceResult(source("b"), [record("b", "1", "Seniorträffen")])], run_id="2026-11-01T00:00:00Z")
    assert search(db_path, "jumppa") == [("a:1",)]

    # a renamed event, a new one, and an unchanged source
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Vesijumppa"), record("a", "2", "Kuoro"),
                                                 record("a", "3", "Käsityökerho")]),
                      SourceResult(source("b"), [], unchanged=True)], run_id="2026-11-02T00:00:00Z")
    assert rows(db_path, "select status from harvest_runs where run_id = '2026-11-02T00:00:00Z'") == [("ok",), ("ok",)]
    assert search(db_path, "vesijumppa") == [("a:1",)]
    assert search(db_path, "tuolijumppa") == []
    assert search(db_path, "käsityö") == [("a:3",)]
    assert search(db_path, "träffen") == [("b:1",)]
    check_search_index(db_path)

    # events pruned from the database leave the index too
    publish(db_path, [SourceResult(source("a"), error="http://x: the page answered 500")],
            run_id="2030-01-01T00:00:00Z", now="2030-01-01T00:00:00Z", keep_days=30)
    assert rows(db_path, "select count(*) from events") == [(0,)]
    assert search(db_path, "jumppa") == []
    check_search_index(db_path)


def test_an_unchanged_night_leaves_the_search_index_as_it_was(tmp_path, monkeypatch):
    db_path = tmp_path / "k.db"
    events = [record("a", str(n), f"Kuoro {n}") for n in range(20)]
    publish(db_path, [SourceResult(source("a"), events)], run_id="2026-11-01T00:00:00Z")
    index = rows(db_path, "select * from events_fts_data order by id")

    def no_rebuild(db):
        raise AssertionError("the search index was rebuilt whole")
    monkeypatch.setattr(store, "rebuild_search", no_rebuild)
    publish(db_path, [SourceResult(source("a"), [], unchanged=True)], run_id="2026-11-02T00:00:00Z")
    assert rows(db_path, "select count(*) from events where last_seen = '2026-11-02T00:00:00Z'") == [(20,)]
    assert rows(db_path, "select * from events_fts_data order by id") == index


def test_a_database_of_an_older_version_gets_the_index_triggers_and_a_whole_index(tmp_path):
    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa")])])
    with sqlite3.connect(db_path) as connection:  # as published before the triggers existed
        for name in store._search_triggers():
            connection.execute(f"drop trigger {name}")
        connection.execute("update events set title = 'Lukupiiri'")  # the index no longer matches
    publish(db_path, [SourceResult(source("b"), [record("b", "1", "Kuoro")])])
    assert search(db_path, "lukupiiri") == [("a:1",)] and search(db_path, "kuoro") == [("b:1",)]
    assert search(db_path, "jumppa") == []
    assert {name for (name,) in rows(db_path, "select name from sqlite_master where type = 'trigger'")} >= \
        set(store._search_triggers())
    check_search_index(db_path)


def test_an_event_added_and_deleted_in_one_run_never_reaches_the_search_index(tmp_path):
    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Kuoro"), record("a", "2", "Lukupiiri")])],
            run_id="2026-11-01T00:00:00Z")
    results = [SourceResult(source("b"), [record("b", "1", "Vesijumppa")])]
    with Publication(db_path, sources=[source("a"), source("b")], run_id="2026-11-02T00:00:00Z") as publication:
        publication.add(results[0])
        for event_id in ("b:1", "a:2"):  # one added in this run, one indexed before it
            publication.db.execute("delete from occurrences where event_id = ?", [event_id])
            publication.db.execute("delete from events where id = ?", [event_id])
        publication.finish(results)
    assert search(db_path, "jumppa") == [] and search(db_path, "lukupiiri") == []
    assert search(db_path, "kuoro") == [("a:1",)]
    assert rows(db_path, f"select count(*) from {store.SEARCH_PENDING}") == [(0,)]
    check_search_index(db_path)


def test_a_damaged_page_fails_the_check_before_the_swap(tmp_path):
    import sqlite_utils

    db_path = tmp_path / "k.db"
    publish(db_path, [SourceResult(source("a"), [record("a", str(n), f"Kuoro {n} " + "ö" * 300) for n in range(200)])])
    page_size = rows(db_path, "pragma page_size")[0][0]
    (root,) = rows(db_path, "select rootpage from sqlite_master where name = 'events'")[0]
    with open(db_path, "r+b") as damaged:  # the events table's root page: its b-tree header
        damaged.seek((root - 1) * page_size)
        damaged.write(b"\x00\xff" * 16)
    with pytest.raises(store.StoreError, match="integrity check of the new database failed"):
        store._check(sqlite_utils.Database(db_path))


def test_after_a_vacuum_the_search_index_is_checked_and_rebuilt_if_it_no_longer_matches(tmp_path, monkeypatch):
    db_path = tmp_path / "k.db"
    old = [record("b", str(n), f"Vanha kerho {n} " + "ä" * 400, start="2020-01-01T10:00:00+02:00") for n in range(300)]
    for event in old:
        event["occurrences"][0].update(start_utc="2020-01-01T08:00:00Z", date="2020-01-01")
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa")]), SourceResult(source("b"), old)],
            run_id="2020-01-01T00:00:00Z", now="2020-01-01T00:00:00Z", keep_days=None)
    rebuilt = []
    rebuild = store.rebuild_search
    monkeypatch.setattr(store, "rebuild_search", lambda db: (rebuilt.append(1), rebuild(db)))

    # source b's events ended years ago: pruned, most of the file is free, it is vacuumed
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa")])],
            run_id="2026-11-25T00:00:00Z", now="2026-11-25T00:00:00Z", keep_days=30)
    assert rows(db_path, "select count(*) from events") == [(1,)]
    assert rebuilt == []  # the index still matched (SQLite kept the rowids)
    assert search(db_path, "jumppa") == [("a:1",)]
    check_search_index(db_path)

    # were the rowids renumbered, the check would fail and the index be made anew
    publish(db_path, [SourceResult(source("b"), old)], run_id="2020-01-02T00:00:00Z", now="2020-01-02T00:00:00Z",
            keep_days=None, sources=[source("a"), source("b")])
    monkeypatch.setattr(store, "_search_intact", lambda db: False)
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa")])],
            run_id="2026-11-27T00:00:00Z", now="2026-11-27T00:00:00Z", keep_days=30)
    assert rebuilt == [1]
    check_search_index(db_path)


def test_duplicate_groups_are_written_only_where_they_changed_and_the_index_is_updated_beside(tmp_path):
    db_path = tmp_path / "k.db"
    same = dict(start="2026-12-01T10:00:00+02:00")
    publish(db_path, [SourceResult(source("a"), [record("a", "1", "Tuolijumppa", **same), record("a", "2", "Kuoro")]),
                      SourceResult(source("b"), [record("b", "1", "Tuolijumppa", **same)])], now="2026-11-25T00:00:00Z")
    assert rows(db_path, "select id, duplicate_of, sources_count from events order by id") == [
        ("a:1", None, 2), ("a:2", None, 1), ("b:1", "a:1", 2)]
    db = store.sqlite_utils.Database(db_path)
    before = db.conn.total_changes
    store.find_duplicates(db)  # nothing changed since: nothing is written
    assert db.conn.total_changes == before
    beside = []
    store.find_duplicates(db, meanwhile=lambda: beside.append("ran"))
    assert beside == ["ran"] and db.conn.total_changes == before
    db.close()


def test_a_failure_beside_the_duplicate_search_fails_the_publication(tmp_path):
    db = store.sqlite_utils.Database(tmp_path / "k.db")
    store.ensure_schema(db)

    def broken():
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        store.find_duplicates(db, meanwhile=broken)
