"""The whole slice: demo web server → real Scrapy harvest → SQLite → Datasette over HTTP.

Expected figures per source come from tests/sites/expected.yaml, written with the demo sites.
"""

import json
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import datasette_served

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = yaml.safe_load((ROOT / "tests" / "sites" / "expected.yaml").read_text(encoding="utf-8"))
TODAY = "2026-11-25"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "HTTPCACHE_ENABLED=False",
        "-s", "KALENDARIUM_PARALLEL_SOURCES=4"]  # fewer than the sources: the queue is exercised


def run_harvest(db_path, base_url):
    command = [sys.executable, "-m", "kalendarium", "harvest", "--sources", str(ROOT / "sources.demo.yaml"),
               "--db", str(db_path), "--var", f"demo={base_url}", "--today", TODAY, *FAST]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)


@pytest.fixture(scope="module")
def harvest(tmp_path_factory, demo_url):
    db_path = tmp_path_factory.mktemp("harvest") / "kalendarium.db"
    run = run_harvest(db_path, demo_url)
    return db_path, run


def query(db_path, sql, params=()):
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql, params).fetchall()


def test_harvest_reports_the_broken_source_and_finishes_the_others(harvest):
    db_path, run = harvest
    assert run.returncode == 3, run.stderr[-3000:]
    failed = [line for line in run.stdout.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and failed[0].startswith("kronoby-bibliotek-broken")
    assert "cut off" in failed[0]
    assert query(db_path, "select count(*) from harvest_runs where status = 'ok'") == [(14,)]


@pytest.mark.parametrize("source_id", sorted(EXPECTED["sources"]))
def test_each_source_yields_its_expected_events(harvest, source_id):
    db_path, _ = harvest
    expected = EXPECTED["sources"][source_id]
    events, recurring, cancelled = query(
        db_path, "select count(*), count(rrule), coalesce(sum(status = 'cancelled'), 0) from events "
                 "where source_id = ?", [source_id])[0]
    assert events == expected.get("events", 0)
    assert recurring == expected.get("recurring", 0)
    assert cancelled == expected.get("cancelled", 0)
    for sample in expected.get("samples", []):
        rows = query(db_path, "select start, end, all_day from events where source_id = ? and title = ?",
                     [source_id, sample["title"]])
        assert rows, f"{sample['title']!r} missing from {source_id}"
        start, end, all_day = rows[0]
        if sample.get("start"):
            assert start == sample["start"]
        if sample.get("end"):
            assert end == sample["end"]
        assert bool(all_day) == bool(sample.get("all_day", False))
    for title in expected.get("forbidden_titles", []) + expected.get("not_events", []):
        assert not query(db_path, "select 1 from events where title = ?", [title]), title


def test_total_and_every_event_has_an_occurrence_with_a_zone(harvest):
    db_path, _ = harvest
    assert query(db_path, "select count(*) from events") == [(EXPECTED["total_events"],)]
    assert query(db_path, "select count(*) from events e where not exists "
                          "(select 1 from occurrences o where o.event_id = e.id)") == [(0,)]
    timed = query(db_path, "select start from occurrences where all_day = 0")
    assert timed and all(start[-6] in "+-" for (start,) in timed)


def test_a_failed_rerun_keeps_everything_that_was_harvested(harvest, tmp_path):
    db_path, _ = harvest
    copy = tmp_path / "kalendarium.db"
    copy.write_bytes(db_path.read_bytes())
    before = query(copy, "select count(*) from events")
    run = run_harvest(copy, "http://127.0.0.1:9")  # nothing listens on port 9
    assert run.returncode == 3
    assert query(copy, "select count(*) from events") == before
    assert query(copy, "select count(*) from harvest_runs where status = 'failed'")[0][0] >= 15


@pytest.fixture(scope="module")
def datasette_url(harvest):
    db_path, _ = harvest
    with datasette_served(db_path) as url:
        yield url


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_datasette_serves_the_catalogue_and_finds_compound_words(datasette_url):
    found = json.loads(get(datasette_url + "/kalendarium/events.json?_search=jumppa&_shape=array"))
    assert {"Tuolijumppa", "Tuolijumppa alkaa taas"} <= {row["title"] for row in found}
    swedish = json.loads(get(datasette_url + "/kalendarium/events.json?_search=" +
                             urllib.parse.quote("träff") + "&_shape=array"))
    assert any("träff" in row["title"].lower() for row in swedish)
    assert "Kalendarium" in get(datasette_url + "/")


def test_datasette_refuses_writes(datasette_url):
    sql = urllib.parse.quote("delete from events")
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(datasette_url + f"/kalendarium.json?sql={sql}")
    assert refused.value.code == 400
    assert json.loads(get(datasette_url + "/kalendarium.json?sql=select+count(*)+as+n+from+events&_shape=array"))[0]["n"] > 0


def test_markup_from_a_source_never_reaches_a_page_live(datasette_url):
    page = get(datasette_url + "/kalendarium/events?_search=" + urllib.parse.quote("Öppet hus"))
    assert "Öppet hus i prästgården" in page
    assert "<script>alert" not in page
