"""The harvest's progress display and summary table."""

import io

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
