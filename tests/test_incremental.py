"""An unchanged source costs conditional requests and no re-parse on the next night; a source
of many pages of which one changed is parsed whole."""

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from crawlers import archive
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


def harvest(db_path, cache_dir, base_url, sources=SOURCES):
    only = [argument for source in sources for argument in ("--only", source)]
    return subprocess.run(
        [sys.executable, "-m", "kalendarium", "harvest", "--sources", str(ROOT / "sources.demo.yaml"),
         "--db", str(db_path), "--var", f"demo={base_url}", "--today", "2026-11-25", "--cache-dir", str(cache_dir),
         *only, "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)


def archived(db_path, source):
    """When each archived document of the source was written."""
    return [document.path.stat().st_mtime_ns for document in archive.documents(db_path.parent / "raw", source)]


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
        CountingHandler.statuses.clear()
        second = harvest(db_path, tmp_path / "cache", base_url)
    finally:
        server.shutdown()
        server.server_close()
    assert first.returncode == 0, first.stdout + first.stderr
    assert second.returncode == 0, second.stdout + second.stderr
    answers = dict(CountingHandler.statuses)
    assert answers["/samklang/kalender.ics"] == 304
    assert answers["/sandviks-forsamling/rss.xml"] == 304
    assert answers["/nykarleby/kalender/"] == 304
    assert answers["/havsbrisen/wp-json/tribe/events/v1/events"] == 304
    assert answers["/karleby/evenemang/"] == 304
    pages = [path for path in answers if path.startswith("/karleby/evenemang/") and path != "/karleby/evenemang/"]
    assert len(pages) >= 10 and {answers[path] for path in pages} == {304}
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
        second = harvest(db_path, tmp_path / "cache", base_url, ["karleby-evenemang"])
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
