"""An unchanged feed costs one conditional request and no re-parse on the next night."""

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
# iCal, RSS, an HTML page without further pages, an API answer without a next page
SINGLE_DOCUMENT = ["kronoby-samklang", "sandviks-forsamling", "nykarleby-kalender", "havsbrisen-pensionarer"]


class CountingHandler(DemoSiteHandler):
    statuses: list = []

    def send_response(self, code, message=None):
        CountingHandler.statuses.append((self.path, int(code)))
        super().send_response(code, message)


def harvest(db_path, cache_dir, base_url):
    return subprocess.run(
        [sys.executable, "-m", "kalendarium", "harvest", "--sources", str(ROOT / "sources.demo.yaml"),
         "--db", str(db_path), "--var", f"demo={base_url}", "--today", "2026-11-25", "--cache-dir", str(cache_dir),
         "--only", "kronoby-samklang", "--only", "sandviks-forsamling", "--only", "karleby-evenemang",
         "--only", "nykarleby-kalender", "--only", "havsbrisen-pensionarer",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        capture_output=True, text=True, timeout=120, cwd=ROOT)


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
        archived = {source: archive.documents(db_path.parent / "raw", source)[0].path.stat().st_mtime_ns
                    for source in SINGLE_DOCUMENT + ["karleby-evenemang"]}
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
    with sqlite3.connect(db_path) as connection:
        after = connection.execute("select id, title, start from events order by id").fetchall()
        runs = connection.execute("select source_id, status, events, events_new, events_updated, events_removed "
                                  "from harvest_runs where run_id = (select max(run_id) from harvest_runs) "
                                  "order by source_id").fetchall()
    assert after == before
    # parsed documents are archived again; unchanged single-document sources were not parsed
    again = {source: archive.documents(db_path.parent / "raw", source)[0].path.stat().st_mtime_ns
             for source in archived}
    assert [source for source in archived if again[source] == archived[source]] == SINGLE_DOCUMENT
    assert runs == [("havsbrisen-pensionarer", "ok", 8, 0, 0, 0), ("karleby-evenemang", "ok", 14, 0, 0, 0),
                    ("kronoby-samklang", "ok", 9, 0, 0, 0), ("nykarleby-kalender", "ok", 13, 0, 0, 0),
                    ("sandviks-forsamling", "ok", 10, 0, 0, 0)]
