"""Raw documents of the last good harvest are kept per source; a failure is kept aside."""

from crawlers.archive import ArchiveWriter, documents, settle


def test_a_success_replaces_the_archive_and_a_failure_keeps_it(tmp_path):
    first = ArchiveWriter(tmp_path, "parish")
    first.keep("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR first", "ical")
    settle(tmp_path, "parish", succeeded=True)
    (kept,) = documents(tmp_path, "parish")
    assert (kept.url, kept.kind, kept.body()) == ("https://x/kalender.ics", "ical", b"BEGIN:VCALENDAR first")

    broken = ArchiveWriter(tmp_path, "parish")
    broken.keep("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR cut", "ical")
    settle(tmp_path, "parish", succeeded=False)
    assert documents(tmp_path, "parish")[0].body() == b"BEGIN:VCALENDAR first"
    assert documents(tmp_path, "parish", failed=True)[0].body() == b"BEGIN:VCALENDAR cut"

    again = ArchiveWriter(tmp_path, "parish")
    again.keep("https://x/kalender.ics", "text/calendar", b"BEGIN:VCALENDAR fixed", "ical")
    settle(tmp_path, "parish", succeeded=True)
    assert documents(tmp_path, "parish")[0].body() == b"BEGIN:VCALENDAR fixed"
    assert documents(tmp_path, "parish", failed=True) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [".staging", "parish"]


def test_without_a_raw_dir_nothing_is_written(tmp_path):
    writer = ArchiveWriter(None, "parish")
    writer.keep("https://x/", "text/html", b"<html>", "html")
    assert list(tmp_path.iterdir()) == []
