"""Sources sharing a crawler (crawlers/spiders/batch.py): each still gets its own pages,
its own statistics and its own result, as when it runs alone."""

import dataclasses
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from kalendarium.sources import load_sources
from kalendarium.workers import crawl_in_workers

ROOT = Path(__file__).resolve().parent.parent
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "HTTPCACHE_ENABLED": False}


def demo_sources(base_url):
    return {source.id: source for source in load_sources(ROOT / "sources.demo.yaml", {"demo": base_url})}


def run(sources, **settings):
    """`kalendarium.crawl.crawl` in a worker process of its own (a Twisted reactor runs once per process)."""
    results = crawl_in_workers(sources, 1, today=date(2026, 11, 25), horizon_days=365, settings={**FAST, **settings},
                               cache_dir=None, run_id="2026-11-25T00:00:00Z")
    return {result.source["id"]: result for result in results}


def test_sources_in_one_crawler_give_what_each_gives_alone(demo_url):
    sources = [source for source in demo_sources(demo_url).values() if source.enabled]
    together = run(sources, KALENDARIUM_SOURCES_PER_CRAWLER=100)
    alone = run(sources, KALENDARIUM_SOURCES_PER_CRAWLER=1)
    assert len(together) == len(sources) > 10
    for source in sources:
        assert (together[source.id].error, together[source.id].problems) == (alone[source.id].error,
                                                                               alone[source.id].problems)
        assert sorted(r["id"] for r in together[source.id].records) == sorted(r["id"] for r in alone[source.id].records)
        assert all(record["source_id"] == source.id for record in together[source.id].records)
        assert together[source.id].seconds is not None
    assert "cut off" in together["kronoby-bibliotek-broken"].error  # the broken one fails alone


def test_two_sources_of_the_same_page_both_get_it(demo_url):
    ical = next(source for source in demo_sources(demo_url).values() if source.kind == "ical" and source.enabled
                and "broken" not in source.id)
    twin = dataclasses.replace(ical, id=ical.id + "-twin", name=ical.name + " (twin)")
    results = run([ical, twin])
    assert results[ical.id].ok and results[twin.id].ok, (results[ical.id].error, results[twin.id].error)
    assert len(results[twin.id].records) == len(results[ical.id].records) > 0
    assert {r["source_id"] for r in results[twin.id].records} == {twin.id}


def test_a_source_whose_spider_cannot_be_made_fails_alone(demo_url):
    ical = next(source for source in demo_sources(demo_url).values() if source.kind == "ical" and source.enabled
                and "broken" not in source.id)
    unknown = dataclasses.replace(ical, id="telepathic", kind="telepathy")
    results = run([unknown, ical])
    assert results[ical.id].ok and results[ical.id].records
    assert not results["telepathic"].ok and "could not start" in results["telepathic"].error


def test_finished_crawlers_are_let_go_with_their_records(demo_url):
    """Memory stays flat however many sources: once a crawler is done and its results are
    taken, nothing holds it (and its sources' records) any more."""
    script = f"""
import gc, json
from datetime import date
from pathlib import Path
from kalendarium.crawl import crawl
from kalendarium.sources import load_sources
from crawlers.spiders.batch import SourcesSpider
sources = [s for s in load_sources(Path({str(ROOT / "sources.demo.yaml")!r}), {{"demo": {demo_url!r}}}) if s.enabled]
results = crawl(sources, today=date(2026, 11, 25), horizon_days=365, cache_dir=None, run_id="r",
                settings={{**{FAST!r}, "KALENDARIUM_SOURCES_PER_CRAWLER": 2, "KALENDARIUM_PARALLEL_SOURCES": 4}})
for result in results:
    result.records = []  # the harvest hands them on as it gets them
gc.collect()
alive = sum(isinstance(thing, SourcesSpider) for thing in gc.get_objects())
print(json.dumps({{"sources": len(results), "ok": sum(r.ok for r in results), "alive": alive}}))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["sources"] > 10 and outcome["ok"] >= outcome["sources"] - 1
    assert outcome["alive"] == 0


def test_an_error_raised_while_parsing_fails_only_its_own_source(demo_url):
    """Scrapy counts a callback's exception per crawler; sharing one, it counts for its source."""
    script = f"""
import dataclasses, json
from datetime import date
from pathlib import Path
from crawlers.spiders import SPIDERS
from crawlers.spiders.ical import IcalSpider
from kalendarium.crawl import crawl
from kalendarium.sources import load_sources

class RaisingSpider(IcalSpider):
    name = "raising"
    def parse(self, response, **kwargs):
        raise RuntimeError("a bug in a parser")

SPIDERS["raising"] = RaisingSpider
ical = [s for s in load_sources(Path({str(ROOT / "sources.demo.yaml")!r}), {{"demo": {demo_url!r}}})
        if s.kind == "ical" and s.enabled and "broken" not in s.id][:2]
ical[0] = dataclasses.replace(ical[0], kind="raising")
results = crawl(ical, today=date(2026, 11, 25), horizon_days=365, cache_dir=None, run_id="r", settings={FAST!r})
print(json.dumps([[r.source["id"], r.error, len(r.records)] for r in results]))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    (_, raised_error, raised_records), (_, good_error, good_records) = json.loads(run.stdout.strip().splitlines()[-1])
    # the error itself, not "see the log": Scrapy's report of it is silenced, there was no log to see
    assert raised_error.startswith("the harvest raised 1 unexpected error(s), the first: http://") and \
        "RuntimeError: a bug in a parser (a fault in Kalendarium: please report it" in raised_error
    assert raised_records == 0
    assert good_error is None and good_records > 0
