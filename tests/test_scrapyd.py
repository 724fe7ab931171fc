"""Harvest on several machines (kalendarium.scrapyd): two real Scrapyd daemons on loopback
ports build the same database as a local harvest; a daemon that cannot be reached, or is lost
during the run, or a job that ends without its outcome, each gives a plain error.

The daemons are set up as docs/scrapyd.md tells: Kalendarium installed in their Python (this
venv) and deploy/scrapyd/scrapy.cfg in the folder they run in, with only their addresses,
passwords and timings changed for the test.
"""

import base64
import configparser
import dataclasses
import json
import logging
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import free_port
from crawlers import archive
from crawlers.pipelines import code_fingerprint
from kalendarium import scrapyd as scrapyd_module
from kalendarium.harvest import HarvestError, harvest
from kalendarium.harvest_cli import harvest_command
from kalendarium.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "HTTPCACHE_ENABLED": False, "RETRY_TIMES": 0}
# One source of each kind the demo has, and its broken one: every spider runs as a Scrapyd job.
# (Each job is a process of its own, ~3 s of CPU: all 15 demo sources would take a minute here.)
SUBSET = ["karleby-evenemang", "storbacka-forsamling", "sandviks-forsamling", "nykarleby-kalender",
          "rannikon-omaishoitajat", "kronoby-bibliotek-broken"]
PASSWORD = "test-secret"


def call(url, endpoint):
    request = urllib.request.Request(f"{url}/{endpoint}")
    request.add_header("Authorization", "Basic " + base64.b64encode(f"kalendarium:{PASSWORD}".encode()).decode())
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


class Daemon:
    """A Scrapyd daemon in its own folder with deploy/scrapyd/scrapy.cfg, on a free port."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True)
        self.folder, self.port = folder, free_port()
        config = configparser.ConfigParser()
        config.read(ROOT / "deploy" / "scrapyd" / "scrapy.cfg")
        config["scrapyd"].update({"bind_address": "127.0.0.1", "http_port": str(self.port), "password": PASSWORD,
                                  "poll_interval": "0.2", "max_proc": "2"})
        with open(folder / "scrapy.cfg", "w") as handle:
            config.write(handle)
        self.log = open(folder / "scrapyd.out", "wb")
        self.process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        self.url_with_password = f"http://kalendarium:{PASSWORD}@127.0.0.1:{self.port}"

    def wait_until_up(self, seconds=30):
        deadline = time.monotonic() + seconds
        while True:
            try:
                return call(self.url, "daemonstatus.json")
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"scrapyd did not start: {(self.folder / 'scrapyd.out').read_text()[-2000:]}")
                time.sleep(0.1)

    def finished_jobs(self):
        return [job["id"] for job in call(self.url, "listjobs.json?project=kalendarium")["finished"]]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def daemons(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scrapyd")
    started = []
    try:
        for name in ("one", "two"):
            started.append(Daemon(folder / name))
        for daemon in started:
            daemon.wait_until_up()
        yield started
    finally:
        for daemon in started:
            daemon.stop()


@pytest.fixture(scope="module")
def sources(demo_url):
    chosen = {source.id: source for source in load_sources(ROOT / "sources.demo.yaml", {"demo": demo_url})}
    return [chosen[source_id] for source_id in SUBSET]


# A harvest in a process of its own (a Twisted reactor runs once per process) with a fixed
# clock, so that the columns saying when a run happened agree between runs too.
HARVEST = """
import json, sys
from datetime import date
from kalendarium import harvest, scrapyd, store
from kalendarium.sources import load_sources
for module in (harvest, scrapyd, store):
    module.utc_now = lambda: "2026-11-25T03:00:00Z"
args = json.loads(sys.argv[1])
sources = [s for s in load_sources(args["sources"], {"demo": args["demo"]}) if s.id in args["only"]]
progress = []
report = harvest.harvest(sources, args["db"], today=date.fromisoformat(args["today"]), settings=args["settings"],
                         workers=1, scrapyd=args["scrapyd"], on_source_done=lambda r, d, t: progress.append([d, t]))
print(json.dumps({"progress": progress, "results": [
    {"id": r.source["id"], "ok": r.ok, "error": r.error, "seconds": r.seconds, "records": len(r.records)}
    for r in report.results]}))
"""


def harvest_in_a_process(db_path, demo_url, scrapyd=None):
    args = {"sources": str(ROOT / "sources.demo.yaml"), "demo": demo_url, "only": SUBSET, "db": str(db_path),
            "today": TODAY.isoformat(), "settings": FAST, "scrapyd": scrapyd}
    began = time.monotonic()
    run = subprocess.run([sys.executable, "-c", HARVEST, json.dumps(args)], capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.splitlines()[-1]), time.monotonic() - began


@pytest.fixture(scope="module")
def runs(tmp_path_factory, daemons, demo_url):
    """The subset harvested here and on the two daemons, each into its own database."""
    local, distributed = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("distributed")
    here, local_seconds = harvest_in_a_process(local / "kalendarium.db", demo_url)
    # An archive left by an earlier harvest made here: replaced by an empty one below.
    shutil.copytree(local / "raw" / "storbacka-forsamling", distributed / "raw" / "storbacka-forsamling")
    there, distributed_seconds = harvest_in_a_process(distributed / "kalendarium.db", demo_url,
                                                      [daemon.url_with_password for daemon in daemons])
    print(f"local harvest {local_seconds:.1f} s, on two Scrapyd daemons {distributed_seconds:.1f} s")
    return {"local": (here, local), "scrapyd": (there, distributed),
            "jobs": [daemon.finished_jobs() for daemon in daemons]}


def table(db_path, name, columns="*"):
    with sqlite3.connect(db_path) as connection:
        return sorted(connection.execute(f"select {columns} from {name}").fetchall(), key=repr)


def test_the_daemons_build_the_same_events_and_occurrences_as_a_local_harvest(runs):
    (_, local), (_, distributed) = runs["local"], runs["scrapyd"]
    events = table(local / "kalendarium.db", "events")
    assert len(events) > 50
    # Every column, also harvest_run_id, first_seen, last_seen and updated: the clock is the same.
    assert table(distributed / "kalendarium.db", "events") == events
    assert table(distributed / "kalendarium.db", "occurrences") == table(local / "kalendarium.db", "occurrences")
    # What each source's run found (not its start, end and duration: those are the crawl's own).
    found = "source_id, status, events, occurrences, error, events_new, events_updated, events_removed"
    assert table(distributed / "kalendarium.db", "harvest_runs", found) == \
        table(local / "kalendarium.db", "harvest_runs", found)


def test_both_daemons_ran_jobs_one_per_source(runs):
    jobs = runs["jobs"]
    assert all(jobs), jobs
    assert sorted(job.rsplit("-", 1)[0] for job in jobs[0] + jobs[1]) == sorted(SUBSET)


def test_the_broken_source_fails_with_the_same_plain_error_as_locally(runs):
    here, there = runs["local"][0], runs["scrapyd"][0]
    assert [result["id"] for result in there["results"]] == [result["id"] for result in here["results"]]
    failed_here = {result["id"]: result["error"] for result in here["results"] if not result["ok"]}
    failed_there = {result["id"]: result["error"] for result in there["results"] if not result["ok"]}
    assert failed_there == failed_here
    assert list(failed_there) == ["kronoby-bibliotek-broken"]
    assert "the calendar file is cut off" in failed_there["kronoby-bibliotek-broken"]
    assert sorted(map(tuple, there["progress"])) == [(done, len(SUBSET)) for done in range(1, len(SUBSET) + 1)]
    assert all(result["seconds"] > 0 for result in there["results"])


def test_pages_crawled_elsewhere_replace_the_archive_here_by_an_empty_one(runs):
    (_, local), (_, distributed) = runs["local"], runs["scrapyd"]
    assert archive.documents(local / "raw", "storbacka-forsamling")
    # `sources rederive` must not replay the older pages over events harvested on a daemon.
    assert archive.documents(distributed / "raw", "storbacka-forsamling") == []


def test_an_unreachable_daemon_is_named_and_nothing_is_published(tmp_path, sources):
    nobody = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(HarvestError) as raised:
        harvest(sources[:1], tmp_path / "kalendarium.db", today=TODAY, settings=FAST, scrapyd=[nobody])
    assert f"Scrapyd at {nobody} cannot be reached" in str(raised.value)
    assert "nothing was harvested or published" in str(raised.value)
    assert not (tmp_path / "kalendarium.db").exists()


def test_a_daemon_that_does_not_answer_in_time_is_named(tmp_path, sources, monkeypatch):
    monkeypatch.setattr(scrapyd_module, "REQUEST_TIMEOUT", 0.3)
    fake = FakeScrapyd(delay=2)
    try:
        with pytest.raises(HarvestError) as raised:
            harvest(sources[:1], tmp_path / "kalendarium.db", today=TODAY, settings=FAST, scrapyd=[fake.url])
    finally:
        fake.close()
    assert f"Scrapyd at {fake.url} did not answer within 0.3 s" in str(raised.value)


def test_the_command_line_names_the_daemon_it_cannot_reach(tmp_path, demo_url):
    nobody = f"http://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(harvest_command, [
        "--sources", str(ROOT / "sources.demo.yaml"), "--var", f"demo={demo_url}", "--db", str(tmp_path / "k.db"),
        "--only", "storbacka-forsamling", "--scrapyd", f"{nobody}, {nobody}/"])
    assert result.exit_code == 1, result.output
    assert f"Scrapyd at {nobody} cannot be reached (" in result.output
    bad = CliRunner().invoke(harvest_command, ["--sources", str(ROOT / "sources.demo.yaml"), "--scrapyd", "host:6800"])
    assert bad.exit_code == 2 and "is not a Scrapyd URL" in bad.output


def test_a_daemon_that_is_down_leaves_its_share_to_the_others(tmp_path, daemons, sources, caplog):
    nobody = f"http://127.0.0.1:{free_port()}"
    chosen = sources[1:2]
    with caplog.at_level(logging.WARNING, logger="kalendarium.scrapyd"):
        report = harvest(chosen, tmp_path / "kalendarium.db", today=TODAY, settings=FAST,
                         scrapyd=[nobody, daemons[0].url_with_password])
    assert report.results[0].ok and report.results[0].records, report.results[0].error
    assert f"Scrapyd at {nobody} cannot be reached" in caplog.text


class FakeScrapyd:
    """Answers like a Scrapyd daemon with the project, for what real ones rarely do: stop
    answering in the middle of a run, or end a job without the outcome line in its feed."""

    def __init__(self, feed=None, delay=0.0):
        self.feed, self.delay, self.jobs, self.up = feed, delay, [], True
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body: bytes):
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    pass

            def do_GET(self):
                time.sleep(fake.delay)
                if not fake.up:
                    return self.answer(503, b"")
                if self.path.startswith("/listspiders.json"):
                    return self.answer(200, json.dumps({"status": "ok", "spiders": [
                        "ical", "rss", "html", "jsonld", "tribe", "linkedevents", "auto"]}).encode())
                if self.path.startswith("/listjobs.json"):
                    return self.answer(200, json.dumps({"status": "ok", "pending": [], "running": [], "finished": [
                        {"id": job, "start_time": "2026-11-25 03:00:00.5", "end_time": "2026-11-25 03:00:02"}
                        for job in fake.jobs]}).encode())
                if self.path.startswith("/items/") and fake.feed is not None:
                    return self.answer(200, fake.feed)
                return self.answer(404, b"")

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                if self.path == "/schedule.json":
                    job = dict(pair.split("=", 1) for pair in body.split("&"))["jobid"]
                    fake.jobs.append(job)
                    if fake.feed is None:  # a daemon that goes away once it has jobs
                        fake.up = False
                    return self.answer(200, json.dumps({"status": "ok", "jobid": job}).encode())
                return self.answer(200, b'{"status": "ok"}')

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_daemon_lost_during_the_run_fails_only_the_sources_it_had(tmp_path, daemons, sources, monkeypatch):
    monkeypatch.setattr(scrapyd_module, "GIVE_UP_SECONDS", 0.5)
    fake = FakeScrapyd()
    try:
        chosen = [sources[1], sources[2]]  # the first goes to the fake daemon (both idle, it comes first)
        report = harvest(chosen, tmp_path / "kalendarium.db", today=TODAY, settings=FAST,
                         scrapyd=[fake.url, daemons[1].url_with_password])
    finally:
        fake.close()
    lost, kept = report.results
    assert lost.error.startswith(f"Scrapyd at {fake.url} answered 503 to listjobs.json; given up after 0.5 s "
                                 f"while it had this source's job {chosen[0].id}-")
    assert f"(its log: {fake.url}/logs/kalendarium/ical/{chosen[0].id}-" in lost.error
    assert kept.ok and kept.records


@pytest.mark.parametrize("feed, words", [
    (b'{"title": "a record"}\n{"kalendarium_outc', "ended without reporting how the source's harvest went"),
    (json.dumps({"kalendarium_outcome": {"source_id": "x", "error": None}, "kalendarium_code": "0ther"}).encode(),
     "runs other Kalendarium code than this machine"),
])
def test_a_job_without_its_outcome_or_from_other_code_fails_its_source_plainly(tmp_path, sources, feed, words):
    fake = FakeScrapyd(feed=feed)
    try:
        report = harvest(sources[1:2], tmp_path / "kalendarium.db", today=TODAY, settings=FAST, scrapyd=[fake.url])
    finally:
        fake.close()
    error = report.results[0].error
    assert words in error
    if "without" in words:
        assert f"Scrapyd job {sources[1].id}-" in error and f"its log: {fake.url}/logs/kalendarium/ical/" in error
    else:
        assert code_fingerprint() in error


def test_a_plain_scrapy_crawl_with_a_feed_ends_it_with_the_outcome(tmp_path, sources):
    """What a Scrapyd job runs: `scrapy crawl` with the source as JSON text and a feed."""
    source = sources[1]
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = crawlers.settings\n")
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", source.kind, "-a",
                    "source=" + json.dumps(dataclasses.asdict(source)), "-a", "today=2026-11-25", "-a",
                    "horizon_days=30", "-s", "DOWNLOAD_DELAY=0", "-s", "HTTPCACHE_ENABLED=False", "-o", "items.jl"],
                   cwd=tmp_path, check=True, capture_output=True, timeout=120)
    lines = [json.loads(line) for line in (tmp_path / "items.jl").read_text().splitlines()]
    assert lines[-1]["kalendarium_outcome"]["source_id"] == source.id
    assert lines[-1]["kalendarium_outcome"]["error"] is None
    assert lines[-1]["kalendarium_code"] == code_fingerprint()
    records = lines[:-1]
    assert records and all("kalendarium_outcome" not in record for record in records)
    # The horizon, given as text, bounds the series: 30 days, not the default year.
    series = [occurrence["date"] for record in records if record.get("rrule") for occurrence in record["occurrences"]]
    assert series and max(series) <= "2026-12-25"


def test_the_host_unit_passes_systemd_analyze_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    host = tmp_path / "srv" / "scrapyd"
    (host / ".venv" / "bin").mkdir(parents=True)
    (host / ".venv" / "bin" / "scrapyd").symlink_to(Path(sys.executable).parent / "scrapyd")
    unit = (ROOT / "deploy" / "scrapyd" / "kalendarium-scrapyd.service").read_text().replace("/srv/scrapyd", str(host))
    (tmp_path / "kalendarium-scrapyd.service").write_text(unit)
    checked = subprocess.run(["systemd-analyze", "verify", "kalendarium-scrapyd.service"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    if "Failed to" in checked.stderr and "bus" in checked.stderr.lower():
        pytest.skip(f"systemd-analyze cannot run in this container: {checked.stderr.strip()[:200]}")
    assert checked.returncode == 0 and not checked.stderr.strip(), checked.stderr
