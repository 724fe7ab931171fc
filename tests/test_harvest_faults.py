"""Nothing is lost under faults: misbehaving sources, kill -9, a held lock, a full disk and a
read-only data/ folder. Each test runs the real `kalendarium harvest` in a subprocess against a
local web server that misbehaves on purpose."""

import ctypes
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kalendarium.lock import harvest_lock

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
FAST = ["-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "HTTPCACHE_ENABLED=False"]


def sources_file(tmp_path, paths):
    entries = "".join(textwrap.dedent(f"""
        - id: {name}
          name: Source {name}
          organiser_type: parish
          kind: ical
          url: ${{base}}{path}
        """) for name, path in paths.items())
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n" + textwrap.indent(entries, "  "), encoding="utf-8")
    return path


def harvest(sources, db, base, *extra, preexec_fn=None, timeout=120):
    command = [sys.executable, "-m", "kalendarium", "harvest", "--sources", str(sources), "--db", str(db),
               "--var", f"base={base}", "--today", TODAY, *FAST, *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, preexec_fn=preexec_fn)


def query(db, sql, params=()):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return connection.execute(sql, params).fetchall()


def good_database(tmp_path, faulty_site):
    db = tmp_path / "data" / "kalendarium.db"
    run = harvest(sources_file(tmp_path, {"good": "/good.ics"}), db, faulty_site)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]
    return db


def test_misbehaving_sources_are_recorded_and_the_rest_completes(tmp_path, faulty_site):
    sources = sources_file(tmp_path, {
        "good": "/good.ics", "slow": "/slow.ics", "error": "/error.ics", "loop": "/loop.ics",
        "big": "/big.ics", "malformed": "/malformed.ics", "missing": "/missing.ics"})
    db = tmp_path / "data" / "kalendarium.db"
    began = time.monotonic()
    run = harvest(sources, db, faulty_site)
    assert time.monotonic() - began < 60
    assert run.returncode == 3, run.stdout + run.stderr[-3000:]
    lines = {line.split()[0]: line for line in run.stdout.splitlines()[1:] if line.strip()}
    assert " ok " in lines["good"] and "FAILED" not in lines["good"]
    expected = {
        "slow": "no answer in time",
        "error": "the page answered 500",
        "loop": "redirects in a loop",
        "big": "too large",
        "malformed": "cut off",
        "missing": "the page answered 404",
    }
    for source_id, words in expected.items():
        assert "FAILED" in lines[source_id] and words in lines[source_id], lines[source_id]
    runs = dict(query(db, "select source_id, status from harvest_runs"))
    assert runs == {"good": "ok", **{source_id: "failed" for source_id in expected}}
    errors = dict(query(db, "select source_id, last_error from source_health where last_status = 'failed'"))
    for source_id, words in expected.items():
        assert words in errors[source_id]
    assert query(db, "select count(*) from events where source_id = 'good'")[0][0] > 0
    # not a terminal: one plain log line per finished source on standard error
    assert sum(line.startswith("[") and "/7] " in line for line in run.stderr.splitlines()) == 7


def test_a_redirect_is_followed_without_scrapy_s_warning_about_the_referer(tmp_path, faulty_site):
    # Scrapy's redirect middlewares warned on every run that the (disabled) Referer middleware
    # was missing: two long lines a newcomer could not act on, before any progress line
    db = tmp_path / "data" / "kalendarium.db"
    run = harvest(sources_file(tmp_path, {"moved": "/moved.ics"}), db, faulty_site)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Referer" not in run.stderr
    assert query(db, "select count(*) from events where source_id = 'moved'")[0][0] > 0


def test_a_refusal_and_a_redirect_to_nowhere_say_what_happened(tmp_path, faulty_site):
    db = good_database(tmp_path, faulty_site)
    sources = sources_file(tmp_path, {"good": "/good.ics", "forbidden": "/forbidden.ics", "https": "/to-https.ics"})
    run = harvest(sources, db, faulty_site)
    assert run.returncode == 3, run.stderr[-2000:]
    lines = {line.split()[0]: line for line in run.stdout.splitlines()[1:] if line.strip()}
    # was "the page answered 403": nothing to say why or what to do
    assert f"{faulty_site}/forbidden.ics: the page answered 403 Forbidden (the site refuses us; some sites " \
           f"turn away programs they do not know, so ask its webmaster" in lines["forbidden"]
    # was only the https address, which the coordinator had never written in the sources file
    assert f"{faulty_site}/to-https.ics (redirected to https://127.0.0.1:" in lines["https"]
    assert "the site refused the connection" in lines["https"]
    assert query(db, "select count(*) from events where source_id = 'good'")[0][0] > 0


def test_a_second_harvest_is_refused_while_one_runs(tmp_path, faulty_site):
    db = tmp_path / "data" / "kalendarium.db"
    with harvest_lock(db.parent / "harvest.lock"):
        run = harvest(sources_file(tmp_path, {"good": "/good.ics"}), db, faulty_site)
    assert run.returncode == 1
    assert f"another harvest is running (pid {os.getpid()})" in run.stderr
    assert not db.exists()


def test_kill_9_during_the_harvest_keeps_the_served_database_and_the_next_run_succeeds(tmp_path, faulty_site):
    db = good_database(tmp_path, faulty_site)
    before = db.read_bytes()
    sources = sources_file(tmp_path, {"good": "/good2.ics", "hang": "/hang.ics"})
    command = [sys.executable, "-m", "kalendarium", "harvest", "--sources", str(sources), "--db", str(db),
               "--var", f"base={faulty_site}", "--today", TODAY, *FAST, "-s", "DOWNLOAD_TIMEOUT=60"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lock = db.parent / "harvest.lock"
    for _ in range(200):
        if lock.exists() and lock.read_text().strip() == str(process.pid):
            break
        time.sleep(0.05)
    time.sleep(1.0)  # the good source is done, the hanging one is still waiting
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stderr.close()
    assert db.read_bytes() == before
    assert query(db, "pragma integrity_check") == [("ok",)]
    run = harvest(sources_file(tmp_path, {"good": "/good.ics"}), db, faulty_site)
    assert run.returncode == 0, run.stderr[-2000:]


def test_kill_9_while_publishing_keeps_the_served_database(tmp_path, faulty_site):
    db = good_database(tmp_path, faulty_site)
    before = db.read_bytes()
    script = textwrap.dedent(f"""
        from kalendarium.store import SourceResult, publish
        source = {{"id": "good", "name": "Good", "organiser_type": "parish", "kind": "ical", "url": "http://x",
                   "enabled": True}}
        records = [{{"id": f"good:{{n}}", "title": f"Event {{n}} " + "x" * 500, "start": "2027-01-01T10:00:00+02:00",
                    "occurrences": [{{"start": f"2027-01-01T10:00:{{n % 60:02d}}+02:00",
                                      "start_utc": f"2027-01-01T08:{{n // 60 % 60:02d}}:{{n % 60:02d}}Z"}}]}}
                   for n in range(60000)]
        while True:
            publish({str(db)!r}, [SourceResult(source, records)])
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    tmp = db.parent / f".{db.name}.tmp-{process.pid}"
    for _ in range(600):
        if tmp.exists() and tmp.stat().st_size > 0:
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the publishing process never started its temporary database")
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert db.read_bytes() == before
    assert query(db, "pragma integrity_check") == [("ok",)]
    run = harvest(sources_file(tmp_path, {"good": "/good.ics"}), db, faulty_site)
    assert run.returncode == 0, run.stderr[-2000:]
    assert not list(db.parent.glob(".kalendarium.db.tmp-*"))  # the killed run's leftover is cleaned


def small_file_limit(limit):
    def preexec():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def test_a_full_disk_fails_the_run_clearly_and_keeps_the_old_database(tmp_path, faulty_site):
    db = good_database(tmp_path, faulty_site)
    before = db.read_bytes()
    run = harvest(sources_file(tmp_path, {"good": "/good2.ics"}), db, faulty_site,
                  preexec_fn=small_file_limit(len(before) // 2))
    assert run.returncode == 1, run.stdout + run.stderr[-2000:]
    assert "the disk is full" in run.stderr and "is unchanged" in run.stderr, run.stderr[-600:]
    assert "Traceback" not in run.stderr
    assert db.read_bytes() == before
    assert not list(db.parent.glob(".kalendarium.db.tmp-*"))


def test_a_full_disk_while_merging_beside_the_workers_stops_them_and_keeps_the_old_database(tmp_path, faulty_site):
    """With worker processes the coordinator merges each finished source while the others are
    crawled, and keeps their records in a temporary file: the disk filling up under either ends
    the run at once, in the same plain words."""
    db = good_database(tmp_path, faulty_site)
    before = db.read_bytes()
    many = sources_file(tmp_path, {f"parish-{n}": f"/good.ics?copy={n}" for n in range(40)})
    began = time.monotonic()
    run = harvest(many, db, faulty_site, "--workers", "2", preexec_fn=small_file_limit(len(before) + 16 * 1024))
    assert run.returncode == 1, run.stdout + run.stderr[-2000:]
    assert "the disk is full" in run.stderr and "is unchanged" in run.stderr, run.stderr[-600:]
    assert "Traceback" not in run.stderr
    assert db.read_bytes() == before
    assert not list(db.parent.glob(".kalendarium.db.tmp-*"))
    assert time.monotonic() - began < 60


def drop_root_file_override():
    """Tests run as root, for whom chmod does not stop writes: give the child no
    CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH (dropped from the bounding set before exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_data_folder_fails_the_run_clearly_and_keeps_the_old_database(tmp_path, faulty_site):
    db = good_database(tmp_path, faulty_site)
    before = db.read_bytes()
    os.chmod(db.parent, 0o555)
    try:
        if os.geteuid() == 0:
            probe = subprocess.run([sys.executable, "-c", f"open({str(db.parent / 'probe')!r}, 'w')"],
                                   preexec_fn=drop_root_file_override, capture_output=True)
            if probe.returncode == 0:
                pytest.skip("running as root and capabilities cannot be dropped: chmod does not stop writes")
            preexec = drop_root_file_override
        else:
            preexec = None
        run = harvest(sources_file(tmp_path, {"good": "/good2.ics"}), db, faulty_site, preexec_fn=preexec)
    finally:
        os.chmod(db.parent, 0o755)
    assert run.returncode == 1, run.stdout + run.stderr[-2000:]
    assert "not writable" in run.stderr and "Traceback" not in run.stderr
    assert db.read_bytes() == before
