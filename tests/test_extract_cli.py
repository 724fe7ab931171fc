"""`kalendarium extract` and `kalendarium parse-date` through the command line (click's CliRunner)."""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kalendarium.cli import cli

TODAY = "2026-11-25"
RECORD_KEYS = {"title", "start", "end", "all_day", "rrule", "status", "location", "address", "url",
               "description", "language"}
CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:seniorgympa-1@example.fi\r
SUMMARY:Seniorgympa\r
DTSTART;TZID=Europe/Helsinki:20261201T100000\r
DTEND;TZID=Europe/Helsinki:20261201T110000\r
RRULE:FREQ=WEEKLY;COUNT=3\r
LOCATION:Idrottsgården\r
DESCRIPTION:Gympa till musik\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:julfest-1@example.fi\r
SUMMARY:Julfest\r
DTSTART;VALUE=DATE:20261213\r
DTEND;VALUE=DATE:20261214\r
STATUS:CANCELLED\r
END:VEVENT\r
END:VCALENDAR\r
"""
JSONLD_PAGE = """<html lang="sv"><head><script type="application/ld+json">
{"@context": "https://schema.org", "@type": "Event", "name": "Stavgång",
 "startDate": "2026-12-02T13:00:00+02:00", "location": {"@type": "Place", "name": "Parken",
 "address": {"streetAddress": "Storgatan 1", "addressLocality": "Nykarleby"}}}
</script></head><body><h1>Stavgång</h1></body></html>"""


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def calendar_file(tmp_path) -> Path:
    path = tmp_path / "kalender.ics"
    path.write_text(CALENDAR, encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path):
    """A local web server on 127.0.0.1 serving tmp_path, in a thread."""
    (tmp_path / "kalender.ics").write_text(CALENDAR, encoding="utf-8")
    (tmp_path / "evenemang.html").write_text(JSONLD_PAGE, encoding="utf-8")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_extract_prints_one_json_record_per_line(calendar_file):
    result = run("extract", str(calendar_file), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    records = json_lines(result.stdout)
    assert [record["title"] for record in records] == ["Seniorgympa", "Julfest"]
    for record in records:
        assert RECORD_KEYS <= set(record)
        assert "occurrences" not in record
    gympa, julfest = records
    assert (gympa["start"], gympa["end"], gympa["all_day"]) == (
        "2026-12-01T10:00:00+02:00", "2026-12-01T11:00:00+02:00", False)
    assert (gympa["rrule"], gympa["location"], gympa["description"]) == (
        "FREQ=WEEKLY;COUNT=3", "Idrottsgården", "Gympa till musik")
    assert (julfest["start"], julfest["end"], julfest["all_day"], julfest["status"]) == (
        "2026-12-13", "2026-12-13", True, "cancelled")
    assert "2 event(s) read as ical" in result.stderr


def test_extract_with_occurrences(calendar_file):
    result = run("extract", str(calendar_file), "--today", TODAY, "--occurrences")
    gympa = json_lines(result.stdout)[0]
    assert [o["start"] for o in gympa["occurrences"]] == [
        "2026-12-01T10:00:00+02:00", "2026-12-08T10:00:00+02:00", "2026-12-15T10:00:00+02:00"]


def test_extract_lang_and_tz_options(calendar_file):
    result = run("extract", str(calendar_file), "--today", TODAY, "--lang", "sv", "--tz", "Europe/Stockholm")
    gympa = json_lines(result.stdout)[0]
    assert gympa["language"] == "sv"
    assert gympa["start"] == "2026-12-01T10:00:00+02:00"  # the calendar's own zone wins


def test_extract_kind_forcing(tmp_path):
    page = tmp_path / "evenemang.txt"
    page.write_text(JSONLD_PAGE, encoding="utf-8")
    result = run("extract", str(page), "--kind", "jsonld", "--today", TODAY, "--url", "https://example.fi/evenemang/")
    assert result.exit_code == 0, result.stderr
    [record] = json_lines(result.stdout)
    assert (record["title"], record["start"], record["location"], record["address"]) == (
        "Stavgång", "2026-12-02T13:00:00+02:00", "Parken", "Storgatan 1, Nykarleby")
    assert record["url"] == "https://example.fi/evenemang/"
    assert "read as jsonld" in result.stderr


def test_extract_wrong_forced_kind_is_a_clear_error(calendar_file):
    result = run("extract", str(calendar_file), "--kind", "linkedevents", "--today", TODAY)
    assert result.exit_code != 0
    assert "not valid JSON" in result.stderr and str(calendar_file) in result.stderr


def test_extract_a_calendar_forced_as_a_page_says_what_it_is(calendar_file):
    # a source's kind written wrong (kind: html for an .ics) said only "no events were found"
    result = run("extract", str(calendar_file), "--kind", "html")
    assert result.exit_code == 1
    assert f"{calendar_file}: the document is an iCalendar file, not a web page: read it with kind: ical" \
        in result.stderr


def test_extract_forced_json_on_a_page_says_it_is_not_json(tmp_path):
    page = tmp_path / "evenemang.html"
    page.write_text(JSONLD_PAGE, encoding="utf-8")
    result = run("extract", str(page), "--kind", "json")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {page}: the document is not valid JSON: Expecting value: line 1 column 1 (char 0)"]


@pytest.mark.parametrize("kind", [[], ["--kind", "rss"], ["--kind", "html"], ["--kind", "json"]])
def test_extract_empty_document_says_so(tmp_path, kind):
    empty = tmp_path / "tom.xml"
    empty.write_bytes(b"\xef\xbb\xbf \r\n")
    result = run("extract", str(empty), *kind)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {empty}: the document is empty"


@pytest.mark.parametrize("name, data, message", [
    ("program.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n", "the document is a PDF file"),
    ("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the document is a PNG image"),
    ("data.bin", b"\x00\x01\x02 evenemang \x00\xff", "the document is binary"),
])
def test_extract_binary_file_names_what_it_is(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("extract", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: {message}, not a calendar, feed, web page or event API answer")


def test_extract_reads_a_gzip_compressed_calendar(tmp_path):
    import gzip

    packed = tmp_path / "kalender.ics.gz"
    packed.write_bytes(gzip.compress(CALENDAR.encode("utf-8")))
    result = run("extract", str(packed), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert [record["title"] for record in json_lines(result.stdout)] == ["Seniorgympa", "Julfest"]


def test_extract_feed_cut_off_before_its_items_is_an_error(tmp_path):
    feed = tmp_path / "cut.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Föreningen</title>'
                    '<link>https://ex.fi/</link><descr', encoding="utf-8")
    result = run("extract", str(feed))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {feed}: the feed cannot be read: ")


def test_extract_unreadable_dtstart_is_named(tmp_path):
    path = tmp_path / "trasig-tid.ics"
    path.write_text(CALENDAR.replace("DTSTART;VALUE=DATE:20261213", "DTSTART:2026120"), encoding="utf-8")
    result = run("extract", str(path), "--today", TODAY)
    assert result.exit_code == 0
    assert "skipped: event 'Julfest': its DTSTART '2026120' is not a date or time" in result.stderr


def test_extract_unknown_kind_is_refused(calendar_file):
    result = run("extract", str(calendar_file), "--kind", "pdf")
    assert result.exit_code == 2 and "pdf" in result.stderr


def test_extract_missing_file_names_it(tmp_path):
    missing = tmp_path / "finns-inte.ics"
    result = run("extract", str(missing))
    assert result.exit_code != 0
    assert str(missing) in result.stderr and "cannot be read" in result.stderr
    assert result.stdout == ""


def test_extract_over_http(site):
    result = run("extract", f"{site}/kalender.ics", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert [record["title"] for record in json_lines(result.stdout)] == ["Seniorgympa", "Julfest"]


def test_extract_html_over_http_uses_the_fetched_url(site):
    result = run("extract", f"{site}/evenemang.html", "--today", TODAY)
    [record] = json_lines(result.stdout)
    assert record["title"] == "Stavgång"
    assert record["url"] == f"{site}/evenemang.html"


def test_extract_http_404_is_a_clear_error(site):
    result = run("extract", f"{site}/saknas.ics")
    assert result.exit_code != 0
    assert "answered 404" in result.stderr and "saknas.ics" in result.stderr


def test_extract_unreachable_server_is_a_clear_error():
    result = run("extract", "http://127.0.0.1:9/kalender.ics")
    assert result.exit_code != 0 and "cannot be fetched" in result.stderr


def test_extract_unreachable_server_in_plain_words():
    # was "[Errno 111] Connection refused"
    result = run("extract", "http://127.0.0.1:9/kalender.ics")
    assert "Error: http://127.0.0.1:9/kalender.ics: cannot be fetched: the site refused the connection" in result.stderr


def test_extract_a_refusal_and_a_redirect_to_nowhere_say_what_happened(faulty_site):
    # was "the page answered 403 Forbidden", and "cannot be fetched: [Errno 111] Connection refused"
    # for an address that did answer (with a redirect to an https address nothing answers on)
    result = run("extract", f"{faulty_site}/forbidden.ics")
    assert f"{faulty_site}/forbidden.ics: the page answered 403 Forbidden (the site refuses us; some sites turn " \
           f"away programs they do not know, so ask its webmaster" in result.stderr
    result = run("extract", f"{faulty_site}/to-https.ics")
    assert f"Error: {faulty_site}/to-https.ics (redirected to https://127.0.0.1:" in result.stderr
    assert "/to-https.ics): cannot be fetched: the site refused the connection" in result.stderr


def test_extract_webcal_is_fetched_over_https(monkeypatch):
    import kalendarium.extract as extract_module

    fetched = []
    monkeypatch.setattr(extract_module, "_fetch", lambda url: fetched.append(url) or (CALENDAR.encode(), None, url))
    result = run("extract", "webcal://example.fi/kalender.ics", "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    assert fetched == ["https://example.fi/kalender.ics"]
    assert len(json_lines(result.stdout)) == 2


def test_extract_broken_calendar_is_one_line(tmp_path):
    broken = tmp_path / "trasig.ics"
    broken.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Halv\r\n", encoding="utf-8")
    result = run("extract", str(broken))
    assert result.exit_code != 0
    assert "cut off" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_extract_reports_skipped_events_on_stderr(tmp_path):
    path = tmp_path / "utan-start.ics"
    path.write_text(CALENDAR.replace("DTSTART;VALUE=DATE:20261213\r\n", ""), encoding="utf-8")
    result = run("extract", str(path), "--today", TODAY)
    assert result.exit_code == 0
    assert len(json_lines(result.stdout)) == 1
    assert "skipped: event 'Julfest': it has no DTSTART" in result.stderr


def test_parse_date_prints_json():
    result = run("parse-date", "tisdag 4 mars 2025 kl. 13.00–15.00", "--lang", "sv")
    assert result.exit_code == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert parsed == {"start": "2025-03-04T13:00:00+02:00", "end": "2025-03-04T15:00:00+02:00",
                      "all_day": False, "rrule": None, "exdates": []}


def test_parse_date_unreadable_text_names_it():
    result = run("parse-date", "blah blah")
    assert result.exit_code != 0
    assert "blah blah" in result.stderr
    assert result.stdout == ""


def test_parse_date_rejects_a_bad_today():
    result = run("parse-date", "ti 4.3. klo 13", "--today", "igår")
    assert result.exit_code == 2 and "igår" in result.stderr
