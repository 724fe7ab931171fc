"""Zero-downtime publishing: a running Datasette (started exactly as `kalendarium serve` starts
it, immutable mode included) keeps answering while new databases are swapped in, and shows
the new data right after each swap, without a restart (kalendarium/datasette_reload.py)."""

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import datasette_served
from kalendarium.cli import datasette_command
from kalendarium.store import SourceResult, publish

ROOT = Path(__file__).resolve().parent.parent


def source():
    return {"id": "parish", "name": "Parish", "organiser_type": "parish", "municipality": "Kokkola",
            "language": "fi", "timezone": "Europe/Helsinki", "kind": "ical", "url": "http://x", "enabled": True}


def records(version: int, count: int = 200):
    return [{"id": f"parish:{n}", "title": f"Version {version} event {n}", "start": "2030-01-01T10:00:00+02:00",
             "status": "scheduled",
             "occurrences": [{"start": "2030-01-01T10:00:00+02:00", "start_utc": "2030-01-01T08:00:00Z",
                              "date": "2030-01-01", "status": "scheduled"}]}
            for n in range(count)]


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture
def served(tmp_path):
    db_path = tmp_path / "kalendarium.db"
    publish(db_path, [SourceResult(source(), records(1))], keep_days=None)
    assert "-i" in datasette_command(str(db_path), "127.0.0.1", 8001)  # served immutable, as in production
    with datasette_served(db_path) as base:
        yield db_path, base


def titles(base):
    sql = urllib.parse.quote("select distinct substr(title, 1, 9) as v from events")
    return {row["v"] for row in get_json(f"{base}/kalendarium.json?sql={sql}&_shape=array")}


def test_queries_keep_answering_during_swaps_and_see_the_new_data(served):
    db_path, base = served
    assert titles(base) == {"Version 1"}
    failures, answers = [], []
    stop = threading.Event()
    urls = [base + "/kalendarium/events.json?_shape=array&_size=50",
            base + "/kalendarium.json?sql=" + urllib.parse.quote("select count(*) as n from events") + "&_shape=array",
            base + "/kalendarium/events?_search=Version",
            base + "/kalendarium"]

    def hammer():
        while not stop.is_set():
            for url in urls:
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:
                        answers.append(response.status)
                except Exception as error:  # any error at all is a failure of the swap
                    failures.append(f"{url}: {error!r}")

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for version in range(2, 7):
            time.sleep(0.3)
            publish(db_path, [SourceResult(source(), records(version))], keep_days=None)
            # the very next query sees the new file
            assert titles(base) == {f"Version {version}"}
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not failures, failures[:5]
    assert len(answers) > 20 and set(answers) == {200}
    counts = get_json(base + "/kalendarium.json?sql=" + urllib.parse.quote("select count(*) as n from events")
                      + "&_shape=array")
    assert counts == [{"n": 200}]
    # table counts on the database page are not stale either
    assert get_json(base + "/kalendarium.json")["tables"][0]["count"] is not None


def test_a_new_column_after_a_swap_is_visible(served):
    db_path, base = served
    import sqlite3

    publish(db_path, [SourceResult(source(), records(2))], keep_days=None)
    with sqlite3.connect(db_path) as connection:
        columns = [row[1] for row in connection.execute("pragma table_info(events)")]
    data = get_json(base + "/kalendarium/events.json?_size=1")
    assert set(columns) <= set(data["columns"])
