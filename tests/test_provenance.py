"""Provenance: the raw pages of the last good harvest are kept, replayed without crawling,
and a source's page is saved as a test file in one command."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawlers import archive
from kalendarium.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "HTTPCACHE_ENABLED=False"]


@pytest.fixture()
def harvested(tmp_path, demo_url):
    db_path = tmp_path / "data" / "kalendarium.db"
    db_path.parent.mkdir()
    run = subprocess.run([sys.executable, "-m", "kalendarium", "harvest", "--sources", str(ROOT / "sources.demo.yaml"),
                          "--db", str(db_path), "--var", f"demo={demo_url}", "--today", "2026-11-25",
                          "--only", "kronoby-samklang", "--only", "karleby-evenemang", "--only", "kronoby-bibliotek-broken",
                          *FAST], capture_output=True, text=True, timeout=120, cwd=ROOT)
    return db_path, demo_url, run


def events(db_path):
    with sqlite3.connect(db_path) as connection:
        return connection.execute("select id, title, start from events order by id").fetchall()


def test_each_harvest_archives_the_pages_of_its_good_sources(harvested):
    db_path, base_url, run = harvested
    assert run.returncode == 3, run.stderr
    raw = db_path.parent / "raw"
    (calendar,) = archive.documents(raw, "kronoby-samklang")
    assert calendar.url == f"{base_url}/samklang/kalender.ics" and calendar.kind == "ical"
    assert calendar.body().startswith(b"BEGIN:VCALENDAR")
    assert len(archive.documents(raw, "karleby-evenemang")) >= 14  # the listing and its event pages
    assert archive.documents(raw, "kronoby-bibliotek-broken") == []
    assert archive.documents(raw, "kronoby-bibliotek-broken", failed=True)


def test_rederive_rebuilds_the_same_events_without_crawling(harvested):
    db_path, base_url, _ = harvested
    before = events(db_path)
    result = CliRunner().invoke(cli, ["sources", "rederive", "kronoby-samklang", "karleby-evenemang",
                                      "--sources", str(ROOT / "sources.demo.yaml"), "--var", "demo=http://127.0.0.1:9",
                                      "--db", str(db_path), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert "kronoby-samklang: 9 event(s) from its archived pages" in result.output
    assert events(db_path) == before


def test_a_failing_sources_page_is_saved_as_a_test_file(harvested, tmp_path):
    db_path, _, _ = harvested
    target = tmp_path / "tests" / "files" / "ical" / "kronoby-bibliotek.ics"
    result = CliRunner().invoke(cli, ["sources", "save-page", "kronoby-bibliotek-broken", str(target),
                                      "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "the failed harvest" in result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR") and b"END:VCALENDAR" not in target.read_bytes()


def test_discover_prints_an_entry_and_adds_it_only_when_asked(tmp_path, offers_url):
    sources = tmp_path / "sources.yaml"
    sources.write_text("# region\nsources: []\n", encoding="utf-8")
    shown = CliRunner().invoke(cli, ["sources", "discover", f"{offers_url}/wp/", "--sources", str(sources),
                                     "--today", "2026-11-25"])
    added = CliRunner().invoke(cli, ["sources", "discover", f"{offers_url}/wp/", "--sources", str(sources),
                                     "--today", "2026-11-25", "--add"])
    assert shown.exit_code == 0, shown.output
    assert "kind: tribe" in shown.output and "Kuntojumppa & kahvit" in shown.output
    assert added.exit_code == 0, added.output
    text = sources.read_text(encoding="utf-8")
    assert text.startswith("# region\n") and "kind: tribe" in text
