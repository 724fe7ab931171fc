"""Raw documents of the last good harvest are kept per source; a failure is kept aside."""

import gzip
import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.archive import BODIES, MANIFEST, STAGING, ArchiveWriter, documents, settle

ROOT = Path(__file__).resolve().parent.parent


def test_a_success_replaces_the_archive_and_a_failure_keeps_it(tmp_path):
    with ArchiveWriter(tmp_path, "parish") as first:
        first.keep("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR first", "ical")
    settle(tmp_path, "parish", succeeded=True)
    (kept,) = documents(tmp_path, "parish")
    assert (kept.url, kept.kind, kept.body()) == ("https://x/kalender.ics", "ical", b"BEGIN:VCALENDAR first")

    with ArchiveWriter(tmp_path, "parish") as broken:
        broken.keep("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR cut", "ical")
    settle(tmp_path, "parish", succeeded=False)
    assert documents(tmp_path, "parish")[0].body() == b"BEGIN:VCALENDAR first"
    assert documents(tmp_path, "parish", failed=True)[0].body() == b"BEGIN:VCALENDAR cut"

    with ArchiveWriter(tmp_path, "parish") as again:
        again.keep("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR fixed", "ical")
    settle(tmp_path, "parish", succeeded=True)
    assert documents(tmp_path, "parish")[0].body() == b"BEGIN:VCALENDAR fixed"
    assert documents(tmp_path, "parish", failed=True) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".staging", "parish"]


def test_without_a_raw_dir_nothing_is_written(tmp_path):
    writer = ArchiveWriter(None, "parish")
    writer.keep("https://x/", "text/html", b"<html>", "html")
    assert list(tmp_path.iterdir()) == []


PAGES = [
    ("https://x/kalender.ics", "text/calendar; charset=utf-8", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "ical"),
    ("https://x/evenemang/", "text/html", "<h1>Julkonsert i kyrkan</h1>".encode() * 200, "html"),
    ("https://x/evenemang/1", "text/html", b"", None),  # an empty body
    ("https://x/bin", "application/octet-stream", bytes(range(256)) * 40, "html"),
]


def archive_of(raw_dir, source_id, pages):
    """Keep `pages` (url, content type, body, kind) as one harvest of the source, settle it as
    a success, and read its documents back."""
    with ArchiveWriter(raw_dir, source_id) as writer:
        for page in pages:
            writer.keep(*page)
    settle(raw_dir, source_id, succeeded=True)
    return documents(raw_dir, source_id)


def test_the_documents_of_a_writer_are_read_back_in_order_byte_exact(tmp_path):
    found = archive_of(tmp_path, "parish", PAGES)
    assert [(d.url, d.content_type, d.body(), d.kind) for d in found] == PAGES
    # one file holds the bodies, one the manifest, however many documents
    assert sorted(p.name for p in (tmp_path / "parish").iterdir()) == [BODIES, MANIFEST]
    assert {d.path for d in found} == {tmp_path / "parish" / BODIES}
    # the members follow each other, and the file is a gzip file of all the bodies in turn
    assert [d.offset for d in found] == [0] + list(itertools.accumulate(d.length for d in found[:-1]))
    assert gzip.decompress((tmp_path / "parish" / BODIES).read_bytes()) == b"".join(page[2] for page in PAGES)


def test_urls_with_swedish_letters_are_kept_as_they_are(tmp_path):
    pages = [("https://kyrkan.fi/händelser/år-2026?plats=Öja", "text/html", "<p>Gudstjänst på svenska</p>".encode(), "html"),
             ("https://xn--kk-via.fi/kalender/sångstund", "text/html", "<p>Sångstund för små</p>".encode("latin-1"), "html")]
    found = archive_of(tmp_path, "åbo-ärkestift", pages)
    assert [(d.url, d.content_type, d.body(), d.kind) for d in found] == pages
    assert "händelser/år-2026?plats=Öja" in (tmp_path / "åbo-ärkestift" / MANIFEST).read_text(encoding="utf-8")


def test_an_archive_of_the_old_layout_a_file_per_document_is_still_read(tmp_path):
    """Archives from before documents.gz stay on disk until the source is harvested again."""
    folder = tmp_path / "parish"
    folder.mkdir()
    (folder / "0001.gz").write_bytes(gzip.compress(b"BEGIN:VCALENDAR old"))
    (folder / "0002.gz").write_bytes(gzip.compress("<p>Mässa i Öja</p>".encode()))
    (folder / MANIFEST).write_text(
        json.dumps({"file": "0001.gz", "url": "https://x/kalender.ics", "content_type": "text/calendar",
                    "kind": "ical", "fetched": "2026-11-24T01:00:00Z"}) + "\n"
        + json.dumps({"file": "0002.gz", "url": "https://x/händelser/", "content_type": "text/html",
                      "kind": "html", "fetched": "2026-11-24T01:00:01Z"}, ensure_ascii=False) + "\n", encoding="utf-8")
    first, second = documents(tmp_path, "parish")
    assert (first.url, first.kind, first.path, first.body()) == ("https://x/kalender.ics", "ical", folder / "0001.gz",
                                                                  b"BEGIN:VCALENDAR old")
    assert (second.url, second.content_type, second.body()) == ("https://x/händelser/", "text/html",
                                                                 "<p>Mässa i Öja</p>".encode())
    assert first.offset is None and second.length is None
    # the next good harvest replaces it by the new layout
    found = archive_of(tmp_path, "parish", [("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR new", "ical")])
    assert [d.body() for d in found] == [b"BEGIN:VCALENDAR new"]
    assert sorted(p.name for p in folder.iterdir()) == [BODIES, MANIFEST]


def test_close_is_idempotent_and_an_empty_writer_opens_no_file(tmp_path):
    empty = ArchiveWriter(tmp_path, "parish")
    empty.close()
    empty.close()
    assert list((tmp_path / STAGING / "parish").iterdir()) == []  # an empty archive (see forget_archived_pages)
    writer = ArchiveWriter(tmp_path, "choir")
    writer.keep("https://x/", "text/html", b"<html>", "html")
    writer.close()
    writer.close()
    with pytest.raises(ValueError):
        writer.keep("https://x/2", "text/html", b"<html>", "html")
    settle(tmp_path, "choir", succeeded=True)
    assert [d.body() for d in documents(tmp_path, "choir")] == [b"<html>"]
    ArchiveWriter(None, "parish").close()


def test_a_writer_never_closed_leaves_a_readable_archive(tmp_path):
    """Each document is flushed as it is kept: a crawl that ends without closing its writer
    (killed, or an error on the way out) still leaves what it kept readable."""
    writer = ArchiveWriter(tmp_path, "parish")
    try:
        writer.keep("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR first", "ical")
        writer.keep("https://x/händelser/", "text/html", b"<p>second</p>", "html")
        settle(tmp_path, "parish", succeeded=True)  # renamed while still open, as a harvest would
        assert [(d.url, d.body()) for d in documents(tmp_path, "parish")] == [
            ("https://x/kalender.ics", b"BEGIN:VCALENDAR first"), ("https://x/händelser/", b"<p>second</p>")]
    finally:
        writer.close()  # only so that the test suite leaves no file open


def test_a_body_cut_off_is_told_not_misread(tmp_path):
    archive_of(tmp_path, "parish", [("https://x/1", "text/html", b"<p>one</p>", "html"),
                                    ("https://x/2", "text/html", b"<p>two</p>" * 100, "html")])
    bodies = tmp_path / "parish" / BODIES
    bodies.write_bytes(bodies.read_bytes()[:-5])
    first, second = documents(tmp_path, "parish")
    assert first.body() == b"<p>one</p>"
    with pytest.raises(ValueError, match="cut off"):
        second.body()


CRAWL = """
import json, sys
from datetime import date
from scrapy.crawler import CrawlerProcess
from crawlers import archive
from crawlers.spiders import SPIDERS
from crawlers.spiders.batch import SourcesSpider
from kalendarium.crawl import scrapy_settings
from kalendarium.sources import load_sources

writers = []
class Recorded(archive.ArchiveWriter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        writers.append(self)
import crawlers.spiders.base
crawlers.spiders.base.ArchiveWriter = Recorded

raw, sources_path, demo = sys.argv[1:]
sources = [s for s in load_sources(sources_path, {"demo": demo}) if s.enabled and s.kind in ("ical", "rss")]
process = CrawlerProcess(scrapy_settings({"KALENDARIUM_RAW_DIR": raw, "DOWNLOAD_DELAY": 0, "HTTPCACHE_ENABLED": False,
                                          "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "ERROR"}))
process.crawl(SourcesSpider, sources=sources[1:], today=date(2026, 11, 25))  # sharing a crawler
process.crawl(SPIDERS[sources[0].kind], source=sources[0], today=date(2026, 11, 25))  # alone, as on Scrapyd
process.start()
print(json.dumps({"sources": len(sources), "writers": len(writers), "closed": sum(w.closed for w in writers)}))
"""


def test_every_sources_archive_is_closed_when_its_crawl_ends(tmp_path, demo_url):
    run = subprocess.run([sys.executable, "-c", CRAWL, str(tmp_path), str(ROOT / "sources.demo.yaml"), demo_url],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    assert counts["sources"] >= 3
    assert counts["closed"] == counts["writers"] >= counts["sources"] - 1  # a broken source may keep nothing
