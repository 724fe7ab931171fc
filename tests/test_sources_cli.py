"""The coordinator's commands: kalendarium sources validate / check / add / disable / accept / status,
and sources split into a folder of files."""

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kalendarium.cli import cli
from kalendarium.sources import SourcesError, load_sources
from kalendarium.store import SourceResult, publish, read_accepted

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
COMMENTED = textwrap.dedent("""\
    # Our region's sources. Keep this comment!
    defaults:
      timezone: Europe/Helsinki

    sources:
      # The parish calendar
      - id: kokkola-parish
        name: Kokkolan seurakunta
        organiser_type: parish
        kind: ical
        url: https://example.org/parish.ics  # the webcal feed

      - id: karleby-events
        name: "Karleby stad"
        organiser_type: municipality
        kind: jsonld
        url: https://example.org/evenemang/
        options:
          follow: a.event-link
    # end of file
    """)


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


@pytest.fixture
def sources(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def test_validate_reports_every_problem_with_lines(tmp_path, sources):
    assert invoke("sources", "validate", sources).exit_code == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(COMMENTED.replace("kind: ical", "kind: icall").replace("organiser_type: municipality",
                                                                               "organizer: x"), encoding="utf-8")
    result = invoke("sources", "validate", sources, broken)
    assert result.exit_code == 1
    assert "source 'kokkola-parish' (line 7): kind 'icall' is not one of" in result.output
    assert "source 'karleby-events' (line 13): unknown key 'organizer'" in result.output


def test_a_folder_of_sources_files_has_unique_ids_and_errors_name_the_file(tmp_path, sources):
    folder = tmp_path / "region"
    folder.mkdir()
    shutil.copy(sources, folder / "a-kokkola.yaml")
    (folder / "b-vaasa.yaml").write_text(textwrap.dedent("""\
        sources:
          - id: vaasa-city
            name: Vaasan kaupunki
            organiser_type: municipality
            kind: linkedevents
            url: https://example.org/v1/event/
        """), encoding="utf-8")
    found = load_sources(folder)
    assert [s.id for s in found] == ["kokkola-parish", "karleby-events", "vaasa-city"]
    assert found[2].file.endswith("b-vaasa.yaml")
    (folder / "c-dup.yaml").write_text(textwrap.dedent("""\
        sources:
          - id: vaasa-city
            name: Again
            organiser_type: municipality
            kind: ical
            url: https://example.org/x.ics
          - id: Bad Id
            name: Bad
            organiser_type: parish
            kind: ical
            url: https://example.org/y.ics
        """), encoding="utf-8")
    with pytest.raises(SourcesError) as raised:
        load_sources(folder)
    message = str(raised.value)
    assert f"{folder / 'c-dup.yaml'}: source 'Bad Id' (line 7): id 'Bad Id' must be lower-case" in message
    (folder / "c-dup.yaml").write_text((folder / "c-dup.yaml").read_text().split("  - id: Bad Id")[0])
    with pytest.raises(SourcesError) as raised:
        load_sources(folder)
    assert f"{folder / 'c-dup.yaml'}: source 'vaasa-city' (line 2): id 'vaasa-city' is also used in " \
           f"{folder / 'b-vaasa.yaml'} (line 2)" in str(raised.value)
    assert invoke("sources", "validate", folder).exit_code == 1


def test_a_folder_reads_its_yml_files_too(tmp_path, sources):
    # a file named .yml was passed over without a word: "all valid", its sources never harvested
    folder = tmp_path / "region"
    folder.mkdir()
    shutil.copy(sources, folder / "kokkola.yml")
    assert [s.id for s in load_sources(folder)] == ["kokkola-parish", "karleby-events"]
    result = invoke("sources", "validate", folder)
    assert result.exit_code == 0 and "2 source(s), all valid" in result.output


def test_add_keeps_a_windows_file_s_line_ends_and_byte_order_mark(sources):
    # the file was written back with LF line ends and no BOM: every line of it changed
    sources.write_bytes(b"\xef\xbb\xbf" + COMMENTED.replace("\n", "\r\n").encode("utf-8"))
    result = invoke("sources", "add", "--sources", sources, "--id", "jakobstad-bibliotek", "--name", "J",
                    "--organiser-type", "municipality", "--kind", "ical", "--url", "https://example.org/j.ics")
    assert result.exit_code == 0, result.output
    data = sources.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + COMMENTED.rsplit("# end of file", 1)[0].replace("\n", "\r\n").encode())
    assert data.count(b"\n") == data.count(b"\r\n") and b"  - id: jakobstad-bibliotek\r\n" in data
    assert invoke("sources", "disable", "kokkola-parish", "--why", "gone", "--sources", sources).exit_code == 0
    data = sources.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\n") == data.count(b"\r\n")


def test_add_appends_a_validated_entry_and_keeps_comments_and_order(sources):
    result = invoke("sources", "add", "--sources", sources, "--id", "jakobstad-bibliotek",
                    "--name", "Jakobstads bibliotek", "--organiser-type", "municipality", "--kind", "html",
                    "--url", "https://example.org/bibliotek/", "--language", "sv",
                    "--option", "max_pages=3")
    assert result.exit_code == 0, result.output
    text = sources.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.rsplit("# end of file", 1)[0])  # everything before is untouched
    assert "# end of file" in text and "# the webcal feed" in text
    assert text.endswith(
        "\n  - id: jakobstad-bibliotek\n    name: Jakobstads bibliotek\n    organiser_type: municipality\n"
        "    language: sv\n    kind: html\n    url: https://example.org/bibliotek/\n    options:\n"
        "      max_pages: 3\n")
    assert [s.id for s in load_sources(sources)][-1] == "jakobstad-bibliotek"


@pytest.mark.parametrize("args, message", [
    (["--id", "kokkola-parish"], "is used by another source"),
    (["--id", "new-one", "--url", "ftp://example.org/"], "must start with http://"),
    (["--id", "new-one", "--option", "folow=a"], "option 'folow' is not known"),
])
def test_add_refuses_an_invalid_entry_and_leaves_the_file_alone(sources, args, message):
    base = {"--id": "x", "--name": "X", "--organiser-type": "parish", "--kind": "jsonld",
            "--url": "https://example.org/"}
    pairs = dict(zip(args[::2], args[1::2]))
    extra = [item for key, value in {**base, **pairs}.items() if key != "--option" for item in (key, value)]
    if "--option" in pairs:
        extra += ["--option", pairs["--option"]]
    result = invoke("sources", "add", "--sources", sources, *extra)
    assert result.exit_code == 1 and message in result.output
    assert sources.read_text(encoding="utf-8") == COMMENTED


def test_disable_sets_enabled_false_with_the_reason_and_changes_nothing_else(sources):
    result = invoke("sources", "disable", "kokkola-parish", "--why", "the feed moved; asked them 2026-11-20",
                    "--sources", sources)
    assert result.exit_code == 0, result.output
    lines = sources.read_text(encoding="utf-8").splitlines()
    original = COMMENTED.splitlines()
    url_line = original.index("    url: https://example.org/parish.ics  # the webcal feed")
    assert lines[: url_line + 1] == original[: url_line + 1]
    assert lines[url_line + 1: url_line + 3] == ["    enabled: false",
                                                 "    disabled_reason: the feed moved; asked them 2026-11-20"]
    assert lines[url_line + 3:] == original[url_line + 1:]
    (parish, _) = load_sources(sources)
    assert parish.enabled is False and parish.disabled_reason.startswith("the feed moved")
    assert invoke("sources", "disable", "nope", "--why", "x", "--sources", sources).exit_code == 1


def test_disable_in_a_folder_edits_the_file_that_holds_the_source(tmp_path, sources):
    folder = tmp_path / "region"
    folder.mkdir()
    shutil.move(sources, folder / "kokkola.yaml")
    assert invoke("sources", "disable", "karleby-events", "--why", "gone", "--sources", folder).exit_code == 0
    assert "disabled_reason: gone" in (folder / "kokkola.yaml").read_text()


def db_with_a_held_source(tmp_path):
    db = tmp_path / "kalendarium.db"
    source = {"id": "kokkola-parish", "name": "K", "organiser_type": "parish", "kind": "ical", "url": "http://x",
              "enabled": True}
    record = {"id": "kokkola-parish:1", "title": "Kuoro", "start": "2030-01-01T10:00:00+02:00",
              "occurrences": [{"start": "2030-01-01T10:00:00+02:00", "start_utc": "2030-01-01T08:00:00Z"}]}
    other = {**source, "id": "broken"}
    publish(db, [SourceResult(source, [record]), SourceResult(other, error="http://x: the page answered 404")],
            run_id="2026-11-20T01:00:00Z")
    publish(db, [SourceResult(source, []), SourceResult(other, error="http://x: the page answered 404")],
            run_id="2026-11-21T01:00:00Z")
    return db


def test_status_prints_the_source_health_table(tmp_path):
    db = db_with_a_held_source(tmp_path)
    result = invoke("sources", "status", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["source", "status", "last", "success", "failures", "events", "week", "ago",
                                "last", "error"]
    broken = next(line for line in lines if line.startswith("broken"))
    assert "FAILED" in broken and " 2 " in broken and "the page answered 404" in broken
    held = next(line for line in lines if line.startswith("kokkola-parish"))
    assert "HELD" in held and "2026-11-20 01:00" in held and "returned no events" in held
    assert invoke("sources", "status", "--db", tmp_path / "nothing.db").exit_code == 1


def test_status_says_what_to_do_about_each_kind_of_trouble(tmp_path):
    # the table named the trouble but not what a coordinator does about it
    db = db_with_a_held_source(tmp_path)
    long_error = "http://x/a (redirected to https://x/a): the page answered 403 Forbidden (the site refuses us; " \
                 "some sites turn away programs they do not know, so ask its webmaster to let Kalendarium's user agent in)"
    other = {"id": "blocked", "name": "B", "organiser_type": "parish", "kind": "ical", "url": "http://x", "enabled": True}
    publish(db, [SourceResult(other, error=long_error)], run_id="2026-11-22T01:00:00Z")
    result = CliRunner().invoke(cli, ["sources", "status", "--db", str(db)])
    assert result.exit_code == 0
    assert long_error in result.stdout  # whole: its end says what to do
    advice = result.stderr.splitlines()
    assert advice[0] == "3 source(s), 3 need attention."
    assert advice[1].startswith("FAILED broken, blocked: the events they had are kept. See why with "
                                "`kalendarium sources check ID`")
    assert "`kalendarium sources disable ID --why" in advice[1]
    assert advice[2].startswith("HELD kokkola-parish: each suddenly lost most of its events, which are kept.")
    assert "`kalendarium sources accept ID`" in advice[2]


def test_accept_records_the_acceptance_for_the_next_harvest(tmp_path):
    db = db_with_a_held_source(tmp_path)
    result = invoke("sources", "accept", "kokkola-parish", "--db", db)
    assert result.exit_code == 0 and "accepted" in result.output and "next harvest" in result.output
    assert "kokkola-parish" in read_accepted(db)
    assert invoke("sources", "accept", "nope", "--db", db).exit_code == 1
    source = {"id": "kokkola-parish", "name": "K", "organiser_type": "parish", "kind": "ical", "url": "http://x",
              "enabled": True}
    (result,) = [SourceResult(source, [])]
    publish(db, [result], run_id="2026-11-22T01:00:00Z")
    with sqlite3.connect(db) as connection:
        assert connection.execute("select status from events").fetchall() == [("removed",)]
    assert result.status == "ok" and read_accepted(db) == {}


def check(source_id, demo_url):
    command = [sys.executable, "-m", "kalendarium", "sources", "check", source_id,
               "--sources", str(ROOT / "sources.demo.yaml"), "--var", f"demo={demo_url}", "--today", TODAY,
               "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0"]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_check_shows_the_records_and_what_was_skipped_without_touching_the_database(demo_url, tmp_path):
    published = ROOT / "data" / "kalendarium.db"
    before = published.stat().st_mtime_ns if published.exists() else None
    run = check("sandviks-forsamling", demo_url)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[0].split()[:4] == ["start", "title", "location", "status"]
    assert any("Seniorcafé" in line and "2026-12-03T13:00:00+02:00" in line for line in lines)
    assert any(line.startswith("skipped:") and "no event date" in line for line in lines)
    assert (published.stat().st_mtime_ns if published.exists() else None) == before


def test_check_of_a_broken_source_says_why(demo_url):
    run = check("kronoby-bibliotek-broken", demo_url)
    assert run.returncode == 3
    assert "FAILED:" in run.stdout and "cut off at line" in run.stdout


def test_an_unknown_id_suggests_the_one_meant(sources):
    result = invoke("sources", "check", "kokkola-parsh", "--sources", sources)
    assert result.exit_code == 1
    assert f"{sources}: no source with id 'kokkola-parsh': did you mean 'kokkola-parish'?" in result.output
    result = invoke("harvest", "--sources", sources, "--only", "karleby-event", "--only", "nothing-like-it")
    assert result.exit_code == 1
    assert ("no source with id 'karleby-event': did you mean 'karleby-events'?; "
            "no source with id 'nothing-like-it'\n") in result.output


def test_harvest_only_a_disabled_source_says_it_is_disabled_and_what_to_do(tmp_path, sources):
    # was only "no enabled source to harvest"
    folder = tmp_path / "region"
    folder.mkdir()
    shutil.move(sources, folder / "kokkola.yaml")
    assert invoke("sources", "disable", "kokkola-parish", "--why", "moved", "--sources", folder).exit_code == 0
    result = CliRunner().invoke(cli, ["harvest", "--sources", str(folder), "--only", "kokkola-parish"])
    assert result.exit_code == 1
    assert (f"kokkola-parish is disabled (moved), so it is not harvested: set `enabled: true` in "
            f"{folder / 'kokkola.yaml'}, or try it without publishing: "
            f"kalendarium sources check kokkola-parish --sources {folder}") in result.stderr


def test_add_s_try_it_command_names_the_sources_it_reads(tmp_path, sources):
    folder = tmp_path / "region"
    folder.mkdir()
    shutil.move(sources, folder / "kokkola.yaml")
    result = invoke("sources", "add", "--sources", folder, "--to", folder / "vaasa.yaml", "--id", "vaasa-city",
                    "--name", "V", "--organiser-type", "municipality", "--kind", "ical", "--url", "https://x.fi/v.ics")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"Try it: kalendarium sources check vaasa-city --sources {folder}")
    assert [s.id for s in load_sources(folder)][-1] == "vaasa-city"


@pytest.mark.parametrize("target", ["elsewhere.yaml", "region/notes.txt", "region/.hidden.yaml"])
def test_add_to_a_file_the_folder_does_not_read_is_refused(tmp_path, sources, target):
    # the entry was written where no harvest would ever read it
    folder = tmp_path / "region"
    folder.mkdir()
    shutil.move(sources, folder / "kokkola.yaml")
    result = invoke("sources", "add", "--sources", folder, "--to", tmp_path / target, "--id", "vaasa-city",
                    "--name", "V", "--organiser-type", "municipality", "--kind", "ical", "--url", "https://x.fi/v.ics")
    assert result.exit_code == 1 and "is not read with the folder" in result.output
    assert not (tmp_path / target).exists()


def test_add_with_an_option_that_is_not_yaml_is_a_clear_error(sources):
    # was a traceback from the YAML parser
    result = CliRunner().invoke(cli, ["sources", "add", "--sources", str(sources), "--id", "x", "--name", "X",
                                      "--organiser-type", "parish", "--kind", "html", "--url", "https://x.fi/",
                                      "--option", "selectors={event: .e, title: h3"])
    assert result.exit_code == 2, result.exception  # a usage error, not an exception
    assert "Invalid value for '--option': selectors='{event: .e, title: h3' is not a YAML value" in result.output
    assert sources.read_text(encoding="utf-8") == COMMENTED


def test_status_lists_a_source_added_since_the_last_harvest(tmp_path, sources):
    # a source just added was missing from status until a harvest had run
    db = db_with_a_held_source(tmp_path)
    assert invoke("sources", "add", "--sources", sources, "--id", "vaasa-city", "--name", "V", "--organiser-type",
                  "municipality", "--kind", "ical", "--url", "https://x.fi/v.ics").exit_code == 0
    result = CliRunner().invoke(cli, ["sources", "status", "--db", str(db), "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("vaasa-city"))
    assert row.split()[:3] == ["vaasa-city", "NEVER", "never"]
    assert "NEVER karleby-events, vaasa-city: not harvested yet: `kalendarium harvest --only ID`." in result.stderr
    # karleby-events is in the file but not in this database either: both listed, the rest as before
    assert "karleby-events" in result.stdout and "broken" in result.stdout
    other = tmp_path / "other.yaml"
    other.write_text(COMMENTED.replace("kokkola-parish", "somewhere-else"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["sources", "status", "--db", str(db), "--sources", str(other)])
    assert "NEVER" not in result.stdout  # a database harvested from another file (the demo's, say)
