"""An unchanged source costs conditional requests and no re-parse on the next night; a source
of many pages of which one changed is parsed whole; the pages an unchanged source links to are
revalidated in turn, one night in KALENDARIUM_REVALIDATE_DAYS each."""

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from crawlers import archive
from crawlers.spiders.base import due_for_revalidation
from kalendarium.demo_server import SITES_DIR, DemoSiteHandler

ROOT = Path(__file__).resolve().parent.parent
# iCal, RSS, an HTML page, an API answer, and a CMS listing with an event page per event
SOURCES = ["havsbrisen-pensionarer", "karleby-evenemang", "kronoby-samklang", "nykarleby-kalender",
           "sandviks-forsamling"]


class CountingHandler(DemoSiteHandler):
    statuses: list = []

    def send_response(self, code, message=None):
        CountingHandler.statuses.append((self.path, int(code)))
        super().send_response(code, message)


def harvest(db_path, cache_dir, base_url, sources=SOURCES, today="2026-11-25", settings=(), python=()):
    only = [argument for source in sources for argument in ("--only", source)]
    overrides = [argument for setting in settings for argument in ("-s", setting)]
    return subprocess.run(
        [sys.executable, *python, "-m", "kalendarium", "harvest", "--sources", str(ROOT / "sources.demo.yaml"),
         "--db", str(db_path), "--var", f"demo={base_url}", "--today", today, "--cache-dir", str(cache_dir),
         *only, "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", *overrides],
        capture_output=True, text=True, timeout=120, cwd=ROOT)


def event_pages(statuses, listing="/karleby/evenemang/"):
    return {path for path, _ in statuses if path.startswith(listing) and path != listing}


def archived(db_path, source):
    """Where each archived document of the source is, and when the file it is in was written
    (the source's documents share one file: archiving any of them again writes it anew)."""
    return [(document.path.name, document.offset, document.length, document.path.stat().st_mtime_ns)
            for document in archive.documents(db_path.parent / "raw", source)]


def test_second_run_revalidates_and_keeps_the_events_without_parsing(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(CountingHandler, directory=str(SITES_DIR)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    db_path = tmp_path / "data" / "kalendarium.db"
    db_path.parent.mkdir()
    try:
        first = harvest(db_path, tmp_path / "cache", base_url)
        with sqlite3.connect(db_path) as connection:
            before = connection.execute("select id, title, start from events order by id").fetchall()
        written = {source: archived(db_path, source) for source in SOURCES}
        linked = event_pages(CountingHandler.statuses)
        CountingHandler.statuses.clear()
        # -X importtime names every module the run loads (five sources: crawled in-process)
        second = harvest(db_path, tmp_path / "cache", base_url, python=("-X", "importtime"),
                         settings=(f"REMOTE_CONTROL_JOBS_DIR={tmp_path / 'jobs'}",))
    finally:
        server.shutdown()
        server.server_close()
    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    loaded = {line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")}
    assert "scrapy.crawler" in loaded and "crawlers.spiders.base" in loaded
    # Scrapy's remote-control server (code run on request, a job file per crawler) stays off
    assert not (tmp_path / "jobs").exists()
    # nothing was parsed, so neither the document readers nor the normaliser were loaded
    assert sorted(loaded & {"crawlers.parsers.document", "crawlers.parsers.schemaorg", "extruct", "normalise.record",
                            "normalise.dates", "dateparser", "icalendar", "feedparser"}) == []
    answers = dict(CountingHandler.statuses)
    assert answers["/samklang/kalender.ics"] == 304
    assert answers["/sandviks-forsamling/rss.xml"] == 304
    assert answers["/nykarleby/kalender/"] == 304
    assert answers["/havsbrisen/wp-json/tribe/events/v1/events"] == 304
    assert answers["/karleby/evenemang/"] == 304
    # the event pages of the unchanged listing: tonight's share of them is revalidated, the rest not asked for
    due = {path for path in linked if due_for_revalidation(base_url + path, date(2026, 11, 25), 7)}
    assert len(linked) >= 10 and len(due) < len(linked) / 2  # about a seventh (the port changes which)
    assert event_pages(CountingHandler.statuses) == due and all(answers[path] == 304 for path in due)
    with sqlite3.connect(db_path) as connection:
        after = connection.execute("select id, title, start from events order by id").fetchall()
        runs = connection.execute("select source_id, status, events, events_new, events_updated, events_removed "
                                  "from harvest_runs where run_id = (select max(run_id) from harvest_runs) "
                                  "order by source_id").fetchall()
    assert after == before
    # a parsed document is archived again: none was, all of them are as the first run wrote them
    assert {source: archived(db_path, source) for source in SOURCES} == written
    assert len(written["karleby-evenemang"]) > 10
    assert runs == [("havsbrisen-pensionarer", "ok", 8, 0, 0, 0), ("karleby-evenemang", "ok", 14, 0, 0, 0),
                    ("kronoby-samklang", "ok", 9, 0, 0, 0), ("nykarleby-kalender", "ok", 13, 0, 0, 0),
                    ("sandviks-forsamling", "ok", 10, 0, 0, 0)]


def test_one_changed_event_page_makes_the_whole_source_parsed_again(tmp_path):
    sites = tmp_path / "sites"
    shutil.copytree(SITES_DIR / "karleby", sites / "karleby")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(CountingHandler, directory=str(sites)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    db_path = tmp_path / "data" / "kalendarium.db"
    db_path.parent.mkdir()
    page = sites / "karleby" / "evenemang" / "seniorgym-prova-pa" / "index.html"
    try:
        first = harvest(db_path, tmp_path / "cache", base_url, ["karleby-evenemang"])
        with sqlite3.connect(db_path) as connection:
            before = dict(connection.execute("select title, start from events"))
        page.write_text(page.read_text(encoding="utf-8").replace("Seniorgym", "Seniorgym för alla"), encoding="utf-8")
        later = page.stat().st_mtime + 60  # Last-Modified has whole seconds
        os.utime(page, (later, later))
        CountingHandler.statuses.clear()
        # every page revalidated every night: the one changed page is seen tonight
        second = harvest(db_path, tmp_path / "cache", base_url, ["karleby-evenemang"],
                         settings=["KALENDARIUM_REVALIDATE_DAYS=1"])
    finally:
        server.shutdown()
        server.server_close()
    assert first.returncode == 0 and second.returncode == 0, second.stdout + second.stderr
    answers = dict(CountingHandler.statuses)
    assert answers["/karleby/evenemang/seniorgym-prova-pa/"] == 200
    assert answers["/karleby/evenemang/"] == 304
    with sqlite3.connect(db_path) as connection:
        after = dict(connection.execute("select title, start from events"))
        run = connection.execute("select status, events, events_new, events_updated, events_removed from harvest_runs "
                                 "where run_id = (select max(run_id) from harvest_runs)").fetchone()
    renamed = [title for title in before if title.startswith("Seniorgym")]
    assert len(renamed) == 1
    assert {title.replace("Seniorgym", "Seniorgym för alla") if title in renamed else title: start
            for title, start in before.items()} == after
    assert run == ("ok", len(before), 0, 1, 0)  # all its events, the renamed one updated (same page, same id)


def test_an_event_page_changed_alone_is_harvested_on_its_night_with_its_whole_source(tmp_path):
    """The listing stays the same while one event page changes: the page is asked for again on
    its night of the seven, and then every page of the source is fetched and parsed."""
    sites = tmp_path / "sites"
    shutil.copytree(SITES_DIR / "karleby", sites / "karleby")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(CountingHandler, directory=str(sites)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    path = "/karleby/evenemang/seniorgym-prova-pa/"
    nights = [date(2026, 11, 26) + timedelta(days=day) for day in range(7)]
    quiet_night = next(night for night in nights if not due_for_revalidation(base_url + path, night, 7))
    its_night = next(night for night in nights if due_for_revalidation(base_url + path, night, 7))
    db_path = tmp_path / "data" / "kalendarium.db"
    db_path.parent.mkdir()
    page = sites / "karleby" / "evenemang" / "seniorgym-prova-pa" / "index.html"

    def titles():
        with sqlite3.connect(db_path) as connection:
            return {title for (title,) in connection.execute("select title from events")}

    try:
        first = harvest(db_path, tmp_path / "cache", base_url, ["karleby-evenemang"])
        linked = event_pages(CountingHandler.statuses)
        before = titles()
        page.write_text(page.read_text(encoding="utf-8").replace("Seniorgym", "Seniorgym för alla"), encoding="utf-8")
        later = page.stat().st_mtime + 60  # Last-Modified has whole seconds
        os.utime(page, (later, later))
        CountingHandler.statuses.clear()
        quiet = harvest(db_path, tmp_path / "cache", base_url, ["karleby-evenemang"], today=quiet_night.isoformat())
        asked_quiet = dict(CountingHandler.statuses)
        after_quiet = titles()
        CountingHandler.statuses.clear()
        due = harvest(db_path, tmp_path / "cache", base_url, ["karleby-evenemang"], today=its_night.isoformat())
        asked_due = dict(CountingHandler.statuses)
    finally:
        server.shutdown()
        server.server_close()
    assert first.returncode == quiet.returncode == due.returncode == 0, due.stdout + due.stderr
    assert path not in asked_quiet and asked_quiet["/karleby/evenemang/"] == 304
    assert after_quiet == before  # not seen yet: the source looked unchanged
    assert asked_due[path] == 200 and asked_due["/karleby/evenemang/"] == 304
    assert event_pages(asked_due.items()) == linked  # found changed: every page of the source was fetched
    assert any(title.startswith("Seniorgym för alla") for title in titles())


def test_each_page_has_one_night_in_seven_and_the_nights_are_shared_out():
    urls = [f"https://www.kommun{n % 40}.fi/evenemang/event-{n}/" for n in range(2800)]
    nights = [date(2026, 11, 25) + timedelta(days=day) for day in range(7)]
    for url in urls[:50]:
        assert sum(due_for_revalidation(url, night, 7) for night in nights) == 1
        assert due_for_revalidation(url, nights[0], 7) == due_for_revalidation(url, nights[0] + timedelta(days=7), 7)
    per_night = [sum(due_for_revalidation(url, night, 7) for url in urls) for night in nights]
    assert all(300 < count < 500 for count in per_night), per_night  # about 400 each
    assert all(due_for_revalidation(url, nights[3], 1) for url in urls[:50])  # 1: every night
