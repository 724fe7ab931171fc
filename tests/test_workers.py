"""Harvest on every core (kalendarium.workers): the same database as one process, and a
worker that dies loses only its own sources."""

import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from kalendarium.sources import Source, load_sources
from kalendarium.spool import SpooledRecords
import kalendarium.workers
from kalendarium.workers import crawl_in_workers, deal, default_workers

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "HTTPCACHE_ENABLED=False"]
# Columns that say when a run happened, not what it found.
RUN_COLUMNS = {"harvest_run_id", "first_seen", "last_seen", "updated"}


def run_harvest(db_path, base_url, workers):
    command = [sys.executable, "-m", "kalendarium", "harvest", "--sources", str(ROOT / "sources.demo.yaml"),
               "--db", str(db_path), "--var", f"demo={base_url}", "--today", TODAY, "--workers", str(workers), *FAST]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)


def table(db_path, name):
    with sqlite3.connect(db_path) as connection:
        columns = [row[1] for row in connection.execute(f"pragma table_info({name})") if row[1] not in RUN_COLUMNS]
        return sorted(connection.execute(f"select {', '.join(f'[{c}]' for c in columns)} from {name}").fetchall())


def test_two_workers_build_the_same_database_as_one_process(tmp_path, demo_url):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first, second = run_harvest(one, demo_url, 1), run_harvest(two, demo_url, 2)
    assert first.returncode == second.returncode == 3, second.stderr[-3000:]  # the demo's broken source
    events = table(one, "events")
    assert len(events) > 100
    assert table(two, "events") == events
    assert table(two, "occurrences") == table(one, "occurrences")
    failed = [line for line in second.stdout.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and failed[0].startswith("kronoby-bibliotek-broken") and "cut off" in failed[0]
    assert [line.split()[0] for line in second.stdout.splitlines()] == \
        [line.split()[0] for line in first.stdout.splitlines()]  # the report keeps the sources' order


def test_a_worker_that_dies_fails_only_its_own_sources(demo_url, monkeypatch):
    good = [source for source in load_sources(ROOT / "sources.demo.yaml", {"demo": demo_url})
            if source.kind in ("ical", "rss") and "broken" not in source.id][:3]
    doomed = Source(id="doomed", name="Broken worker", organiser_type="association", kind="ical",
                    url=f"{demo_url}/nothing")
    sources = [doomed, good[0], good[1], good[2]]  # dealt: [doomed, good[1]] and [good[0], good[2]]
    start = kalendarium.workers._start

    def start_with_a_broken_job(job):
        """The worker given the doomed source cannot read its job: it stops with a traceback
        before harvesting anything."""
        if any(source["id"] == "doomed" for source in job["sources"]):
            job = dict(job, sources=["not a source"])
        return start(job)

    monkeypatch.setattr(kalendarium.workers, "_start", start_with_a_broken_job)
    seen = []
    results = crawl_in_workers(sources, 2, today=date(2026, 11, 25), horizon_days=365,
                               settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                                         "HTTPCACHE_ENABLED": False},
                               cache_dir=None, run_id="2026-11-25T00:00:00Z",
                               on_source_done=lambda result, done, total: seen.append((done, total)))
    outcome = {result.source["id"]: result for result in results}
    assert [result.source["id"] for result in results] == [source.id for source in sources]
    for lost in (doomed, good[1]):
        assert not outcome[lost.id].ok
        assert "the harvest worker stopped unexpectedly (exit status 1)" in outcome[lost.id].error
    for kept in (good[0], good[2]):
        assert outcome[kept.id].ok and outcome[kept.id].records, outcome[kept.id].error
        # kept on disk until publish, read back whole
        records = outcome[kept.id].records
        assert isinstance(records, SpooledRecords)
        assert len(list(records)) == len(records) and all(record["source_id"] == kept.id for record in records)
    assert sorted(seen) == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_sources_are_dealt_in_turn_and_workers_only_pay_off_with_many_sources():
    sources = [Source(id=f"s{i}", name="S", organiser_type="association", kind="ical", url="http://x")
               for i in range(5)]
    assert [[s.id for s in shard] for shard in deal(sources, 2)] == [["s0", "s2", "s4"], ["s1", "s3"]]
    assert deal(sources[:1], 3) == [[sources[0]]]
    assert default_workers(10) == 1
    assert 1 <= default_workers(1000) <= 64


def calendar_sources(base, *paths):
    return [Source(id=f"source-{n}", name=f"Source {n}", organiser_type="parish", kind="ical", url=base + path)
            for n, path in enumerate(paths)]


ONE_PER_CRAWLER = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "HTTPCACHE_ENABLED": False,
                   "KALENDARIUM_SOURCES_PER_CRAWLER": 1}


def test_while_waiting_works_on_finished_sources_while_the_workers_still_crawl(faulty_site):
    sources = calendar_sources(faulty_site, "/slow.ics", "/good.ics?copy=1", "/good.ics?copy=2", "/good2.ics")
    reported, taken = [], []

    def merge_one() -> bool:
        """What the harvest does here: merge one finished source into the database."""
        if len(taken) == len(reported):
            return False
        taken.append((reported[len(taken)].source["id"], len(reported)))
        return True

    results = crawl_in_workers(sources, 2, today=date(2026, 11, 25), horizon_days=365, settings=ONE_PER_CRAWLER,
                               cache_dir=None, run_id="2026-11-25T00:00:00Z", while_waiting=merge_one,
                               on_source_done=lambda result, done, total: reported.append(result))
    assert all(result.ok for result in results)
    assert reported[-1].source["id"] == "source-0"  # the slow one, five seconds after the others
    # The three fast sources were taken while the slow one was still being crawled.
    assert sorted(source for source, seen in taken if seen < 4) == ["source-1", "source-2", "source-3"]


def test_a_failure_while_waiting_ends_the_crawl_at_once(faulty_site):
    sources = calendar_sources(faulty_site, "/hang.ics", "/good.ics", "/hang.ics?copy=2", "/good2.ics")
    reported = []

    def merge_one() -> bool:
        if reported:
            raise OSError(28, "No space left on device")
        return False

    began = time.monotonic()
    with pytest.raises(OSError, match="No space left"):
        crawl_in_workers(sources, 2, today=date(2026, 11, 25), horizon_days=365, settings=ONE_PER_CRAWLER,
                         cache_dir=None, run_id="2026-11-25T00:00:00Z", while_waiting=merge_one,
                         on_source_done=lambda result, done, total: reported.append(result))
    assert time.monotonic() - began < 15  # not the 30 s of DOWNLOAD_TIMEOUT the hanging ones would take
