"""The harvest's progress display and summary table."""

import io

import pytest

from kalendarium.harvest import plain_error
from kalendarium.harvest_cli import Progress, print_report
from kalendarium.harvest import HarvestReport
from kalendarium.store import SourceResult


class Terminal(io.StringIO):
    def isatty(self):
        return True


def result(source_id, records=0, error=None, status=None, seconds=1.25):
    outcome = SourceResult({"id": source_id}, [{}] * records, error=error, seconds=seconds)
    outcome.status = status
    return outcome


def test_a_terminal_gets_one_status_line_rewritten_in_place():
    stream = Terminal()
    progress = Progress(stream)
    progress(result("a", 12), 1, 3)
    progress(result("b", error="http://b: the page answered 404"), 2, 3)
    progress(result("c", 3), 3, 3)
    progress.finish()
    text = stream.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    assert "[3/3 sources] 15 events, 1 error(s)" in text


def test_a_log_gets_one_plain_line_per_source():
    stream = io.StringIO()
    progress = Progress(stream)
    progress(result("a", 12), 1, 2)
    progress(result("b", error="http://b: the page answered 404"), 2, 2)
    progress.finish()
    assert stream.getvalue().splitlines() == [
        "[1/2] a: ok, 12 events (1.2 s)", "[2/2] b: failed: http://b: the page answered 404 (1.2 s)"]


def test_the_summary_has_a_line_per_source_starting_with_its_id(capsys):
    ok = result("kronoby-samklang", 9, status="ok")
    ok.new, ok.updated, ok.removed = 1, 2, 0
    held = result("karleby", 0, error="returned no events although it had 14; …", status="held")
    failed = result("broken", error="http://x: the calendar file is cut off at line 19", status="failed")
    summary = {"sources_ok": 1, "sources_failed": 1, "sources_held": 1, "events": 30, "occurrences": 40}
    print_report(HarvestReport([ok, held, failed], summary, 3.0), "data/kalendarium.db")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["source", "status", "new", "updated", "removed", "events", "time", "error"]
    assert lines[1].split()[:7] == ["kronoby-samklang", "ok", "1", "2", "0", "9", "1.2s"]
    assert lines[2].startswith("karleby") and "HELD" in lines[2] and "FAILED" not in lines[2]
    assert lines[3].startswith("broken") and "FAILED" in lines[3] and "cut off at line 19" in lines[3]
    assert lines[4] == ("1 source(s) ok, 1 failed, 1 held; data/kalendarium.db has 30 events and "
                        "40 occurrences (3.0 s).")
    print_report(HarvestReport([ok], summary, 3.0, crawl_seconds=2.25, publish_seconds=0.75), "k.db")
    assert capsys.readouterr().out.splitlines()[-1].endswith("(3.0 s: crawling 2.2 s, publishing 0.8 s).")


def test_library_messages_become_plain_words():
    assert plain_error("http://x/a.ics: Connection was refused by other side: 111: Connection refused.") == \
        "http://x/a.ics: the site refused the connection (is it down?)"
    assert "too large" in plain_error("http://x/big: Cancelling download of http://x/big: expected response "
                                      "size (52428800) larger than download max size (20971520).")
    assert plain_error("http://x/a.ics: the page answered 404") == "http://x/a.ics: the page answered 404"
    assert plain_error("the calendar file is cut off at line 120") == "the calendar file is cut off at line 120"


def test_after_a_redirect_the_source_s_own_address_stays_in_front():
    message = ("http://x/kalender/ (redirected to https://x:8443/kalender/): "
               "Connection was refused by other side: 111: Connection refused.")
    assert plain_error(message) == ("http://x/kalender/ (redirected to https://x:8443/kalender/): "
                                    "the site refused the connection (is it down?)")


def failure_of(error, url="http://x/a.ics", **meta):
    from scrapy import Request
    from twisted.python.failure import Failure

    try:
        raise error
    except type(error):
        failure = Failure()
    failure.request = Request(url, meta=meta)
    return failure


def test_download_failures_in_plain_words():
    from scrapy.exceptions import CannotResolveHostError, DownloadTimeoutError

    from crawlers.spiders.base import describe_failure

    # Scrapy 2.14+ raises its own exceptions, which were passed on in its words ("DNS lookup
    # failed: no results for hostname lookup: …") or without the time waited
    assert describe_failure(failure_of(CannotResolveHostError("DNS lookup failed: no results"))) == \
        "http://x/a.ics: the host name cannot be found (is the address right?)"
    assert describe_failure(failure_of(DownloadTimeoutError("Getting x took longer than 30.0 seconds."),
                                       download_timeout=30.0)) == "http://x/a.ics: no answer in time (waited 30 s)"
    assert describe_failure(failure_of(DownloadTimeoutError("x"), "https://y/a.ics", download_timeout=5,
                                       redirect_urls=["http://x/a.ics"])) == \
        "http://x/a.ics (redirected to https://y/a.ics): no answer in time (waited 5 s)"


@pytest.mark.parametrize("status, words", [
    (403, "the page answered 403 Forbidden (the site refuses us; some sites turn away programs they do not know, "
          "so ask its webmaster to let Kalendarium's user agent in)"),
    (404, "the page answered 404 Not Found (no such page; has it moved? `kalendarium sources discover` on the "
          "site's homepage finds its calendar)"),
    (503, "the page answered 503 Service Unavailable (a fault on the site, which usually passes)"),
    (299, "the page answered 299"),
])
def test_an_http_error_says_what_it_means_for_the_coordinator(status, words):
    from crawlers.plainwords import http_status_words

    assert http_status_words(status) == words
    assert plain_error(f"http://x/a.ics: {words}") == f"http://x/a.ics: {words}"


def test_a_host_name_urllib_cannot_find_is_said_plainly():
    # `extract` and `sources discover` said "[Errno -2] Name or service not known"
    assert plain_error("http://kalender.example.invalid/: [Errno -2] Name or service not known") == \
        "http://kalender.example.invalid/: the host name cannot be found (is the address right?)"


def test_an_unchanged_source_shows_the_events_it_keeps(tmp_path, capsys):
    # its row said "events 0" (it had no records: nothing was parsed) and its log line "ok, 0 events"
    from kalendarium.store import publish

    source = {"id": "kronoby-samklang", "name": "K", "organiser_type": "parish", "kind": "ical", "url": "http://x",
              "enabled": True}
    records = [{"id": f"kronoby-samklang:{n}", "title": f"Körövning {n}", "start": "2030-01-01T10:00:00+02:00",
                "status": "scheduled",
                "occurrences": [{"start": "2030-01-01T10:00:00+02:00", "start_utc": "2030-01-01T08:00:00Z"}]}
               for n in range(9)]
    publish(tmp_path / "k.db", [SourceResult(source, records)], run_id="2026-11-24T01:00:00Z")
    unchanged = SourceResult(source, [], unchanged=True, seconds=0.04)
    summary = publish(tmp_path / "k.db", [unchanged], run_id="2026-11-25T01:00:00Z")
    stream = io.StringIO()
    Progress(stream)(unchanged, 1, 1)
    assert stream.getvalue() == "[1/1] kronoby-samklang: ok, unchanged since the last harvest (0.0 s)\n"
    print_report(HarvestReport([unchanged], summary, 1.0), "k.db")
    assert capsys.readouterr().out.splitlines()[1].split()[:6] == ["kronoby-samklang", "ok", "0", "0", "0", "9"]
