"""The benchmark world (bench/world.py): every kind is generated, served with validators and
304s on its own loopback address, and the real harvest reads every event of it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
WORLD = ROOT / "bench" / "world.py"
TODAY = date(2026, 11, 25)


def test_world_is_served_and_harvested(tmp_path):
    out = tmp_path / "world"
    summary = json.loads(subprocess.run(
        [sys.executable, str(WORLD), "generate", "--sources", "5", "--events", "12", "--out", str(out),
         "--base", TODAY.isoformat()], check=True, capture_output=True, text=True).stdout)
    assert summary["events"] == 60
    kinds = [line.split(":")[1].strip() for line in (out / "sources.yaml").read_text().splitlines()
             if line.strip().startswith("kind:")]
    assert kinds == ["ical", "rss", "jsonld", "html", "tribe"]

    port = free_port()
    ready = tmp_path / "ready.json"
    server = subprocess.Popen([sys.executable, str(WORLD), "serve", "--root", str(out), "--port", str(port),
                               "--latency", "0.01", "--ready-file", str(ready)], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if ready.exists():
                break
            time.sleep(0.1)
        # each site answers on its own loopback address, with validators
        url = f"http://127.1.0.1:{port}/s00000/kalender.ics"
        with urllib.request.urlopen(url) as answer:
            body, etag = answer.read(), answer.headers["ETag"]
            assert b"EXDATE" in body and b"RRULE:FREQ=WEEKLY" in body
            assert answer.headers["Last-Modified"]
        request = urllib.request.Request(url, headers={"If-None-Match": etag})
        try:
            urllib.request.urlopen(request)
            raise AssertionError("expected 304")
        except urllib.error.HTTPError as error:
            assert error.code == 304
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__stats") as answer:
            stats = json.loads(answer.read())
        assert stats["requests"] == 2 and stats["not_modified"] == 1

        db = tmp_path / "data" / "kalendarium.db"
        run = subprocess.run(
            [sys.executable, "-m", "kalendarium", "harvest", "--sources", str(out / "sources.yaml"),
             "--var", f"port={port}", "--db", str(db), "--cache-dir", str(tmp_path / "cache"),
             "--today", TODAY.isoformat(), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
            capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr
        with sqlite3.connect(db) as connection:
            per_source = dict(connection.execute("select source_id, count(*) from events group by source_id"))
            series = connection.execute("select count(*) from events where rrule is not null").fetchone()[0]
        assert sorted(per_source.values()) == [12] * 5, per_source
        assert series == 3  # every fifth iCal event is a weekly series
    finally:
        server.terminate()
        server.wait(10)
