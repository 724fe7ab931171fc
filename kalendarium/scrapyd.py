"""Harvest on several machines: the sources as Scrapyd jobs, one job per source.

`crawl_on_scrapyd` is `kalendarium.crawl.crawl` spread over Scrapyd daemons
(https://scrapyd.readthedocs.io): it schedules each source as a job of the project
`kalendarium` (`schedule.json`, the source as JSON text, as `scrapy crawl` takes it), reads
each finished job's item feed (`/items/kalendarium/<spider>/<job>.jl`: the normalised records,
then the source's outcome as the last line, see crawlers/pipelines.py) and returns the same
`SourceResult`s, from which the coordinator publishes the same database a local harvest builds.

The sources are handed out as the daemons take them: a daemon gets a new job while it has
fewer than max(MIN_BACKLOG, its running jobs) waiting, the least busy first, so a faster host
takes more, and a host that goes away takes only the jobs it had with it. Those sources fail
with a plain message naming the daemon (their previous events are kept by the store); a
daemon that cannot be used at all at the start gets no job, and when none can, the run fails
before anything is crawled.

Not shared with the hosts: the HTTP cache (each host has its own, so the no-reparse of
unchanged sources is off) and the raw-page archive (pages are not archived on the hosts; the
coordinator's archive of a source harvested this way is emptied, so `sources rederive` never
replays pages older than the published events). See docs/scrapyd.md.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import deque
from datetime import date, datetime
from pathlib import Path

from crawlers import archive
from crawlers import settings as default_settings
from crawlers.pipelines import CODE_KEY, OUTCOME_KEY, code_fingerprint
from crawlers.spiders import SPIDERS
from kalendarium.crawl import HarvestError, report_progress, result_from_outcome
from kalendarium.sources import Source
from kalendarium.store import SourceResult, utc_now

log = logging.getLogger(__name__)

PROJECT = "kalendarium"
POLL_SECONDS = 0.5  # how often the daemons are asked how their jobs are doing
REQUEST_TIMEOUT = 30  # seconds for one answer from a daemon
GIVE_UP_SECONDS = 120  # a daemon that does not answer this long is given up, with its jobs
MIN_BACKLOG = 4  # jobs a daemon may have waiting, or as many as it runs if that is more
# Settings that name places on the coordinator: the hosts keep their own (see the module doc).
LOCAL_SETTINGS = ("KALENDARIUM_RAW_DIR", "HTTPCACHE_DIR")


class ScrapydError(Exception):
    """A daemon did not answer (unreachable, timed out, not Scrapyd) or refused a request."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # the HTTP status, when it answered one other than 200


class Unreachable(ScrapydError):
    pass


class Daemon:
    """One Scrapyd daemon, by its URL (credentials for basic auth may be in it: user:pw@host)."""

    def __init__(self, url: str):
        parts = urllib.parse.urlsplit(url.strip().rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HarvestError(f"{url!r} is not a Scrapyd URL such as http://10.0.0.5:6800")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
        self.auth = None
        if parts.username:
            token = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            self.auth = "Basic " + base64.b64encode(token.encode()).decode()
        self.pending = self.running = 0  # this project's jobs there, as last seen
        self.jobs: dict[str, Job] = {}  # ours, not collected yet
        self.failing_since: float | None = None
        self.lost: str | None = None  # why it is no longer used

    def __repr__(self):
        return f"Daemon({self.url})"

    def call(self, endpoint: str, params: list | dict | None = None, *, post: bool = False,
             raw: bool = False):
        """GET (or POST) `endpoint`; the JSON answer, or the bytes with raw=True."""
        query = urllib.parse.urlencode(params or {}, doseq=True)
        url = f"{self.url}/{endpoint}"
        request = urllib.request.Request(url if post or not query else f"{url}?{query}",
                                         data=query.encode() if post else None)
        if self.auth:
            request.add_header("Authorization", self.auth)
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as answer:
                body = answer.read()
        except urllib.error.HTTPError as error:
            if error.code == 401:
                raise ScrapydError(f"Scrapyd at {self.url} wants a user name and password "
                                   "(give them in the URL: http://USER:PASSWORD@host:6800)") from None
            raise ScrapydError(f"Scrapyd at {self.url} answered {error.code} to {endpoint}", error.code) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", None) or error
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                raise Unreachable(f"Scrapyd at {self.url} did not answer within {REQUEST_TIMEOUT:g} s") from None
            raise Unreachable(f"Scrapyd at {self.url} cannot be reached ({reason})") from None
        if raw:
            return body
        try:
            answer = json.loads(body)
        except ValueError:
            raise ScrapydError(f"{self.url}/{endpoint} did not answer like Scrapyd (no JSON): is the URL "
                               "right?") from None
        if answer.get("status") != "ok":
            # A failure of Scrapy on the host comes as its whole traceback: its last line says it.
            lines = str(answer.get("message", answer)).strip().splitlines() or [""]
            raise ScrapydError(f"Scrapyd at {self.url} refused {endpoint}: {lines[-1]}")
        return answer

    def log_url(self, job: Job) -> str:
        return f"{self.url}/logs/{PROJECT}/{job.spider}/{job.id}.log"


@dataclasses.dataclass
class Job:
    source: Source
    daemon: Daemon
    id: str
    spider: str
    started: str | None = None  # the daemon's own times of the job's process
    ended: str | None = None


def crawl_on_scrapyd(sources: list[Source], scrapyd_urls: list[str], *, today: date | None, horizon_days: int,
                     settings: dict | None, cache_dir: Path | None, run_id: str, on_source_done=None,
                     last_ok: set[str] = frozenset()) -> list[SourceResult]:
    """Crawl every source as a Scrapyd job on the daemons at `scrapyd_urls`; never raises
    for a source's failure (nor for a daemon lost during the run). Raises HarvestError when
    no daemon can take the harvest. `cache_dir` and `last_ok` are not used: each host has
    its own HTTP cache, so unchanged sources are parsed again."""
    settings = dict(settings or {})
    raw_dir = settings.get("KALENDARIUM_RAW_DIR")
    daemons = usable_daemons(scrapyd_urls, {SPIDERS[source.kind].name for source in sources})
    arguments = {"today": (today or date.today()).isoformat(), "horizon_days": str(horizon_days),
                 "skip_unchanged": "false"}
    # The hosts crawl in this harvest's name: its User-Agent (with KALENDARIUM_CONTACT) goes along.
    settings.setdefault("USER_AGENT", default_settings.USER_AGENT)
    overrides = [f"{key}={setting_text(value)}" for key, value in settings.items() if key not in LOCAL_SETTINGS]
    results: dict[str, SourceResult] = {}
    waiting = deque(sources)

    def done(source: Source, result: SourceResult) -> None:
        results[source.id] = result
        report_progress(on_source_done, result, len(results), len(sources))

    def fail(source: Source, why: str) -> None:
        done(source, SourceResult(source=source.as_row(), error=why, started=run_id, finished=utc_now()))

    try:
        while waiting or any(daemon.jobs for daemon in daemons):
            for daemon in daemons:
                if not daemon.lost:
                    follow(daemon, run_id, done, fail)
            while waiting:
                daemon = next_daemon(daemons)
                if daemon is None:
                    break
                source = waiting.popleft()
                try:
                    job = schedule(daemon, source, arguments, overrides)
                except Unreachable as error:
                    waiting.appendleft(source)
                    daemon_silent(daemon, str(error), fail)
                except ScrapydError as error:
                    fail(source, str(error))
                else:
                    daemon.jobs[job.id] = job
                    daemon.pending += 1
            if waiting and all(daemon.lost for daemon in daemons):
                why = "; ".join(f"{daemon.lost}" for daemon in daemons)
                for source in waiting:
                    fail(source, f"no Scrapyd daemon was left to crawl it ({why})")
                waiting.clear()
            if waiting or any(daemon.jobs for daemon in daemons):
                time.sleep(POLL_SECONDS)
    finally:
        cancel_unfinished(daemons)
    if raw_dir:
        forget_archived_pages(Path(raw_dir), [results[source.id] for source in sources])
    return [results[source.id] for source in sources]


def usable_daemons(urls: list[str], spiders: set[str]) -> list[Daemon]:
    """The daemons, each checked: it answers and has the project with the spiders needed.
    Those that do not are marked lost (and logged); HarvestError when none is usable."""
    daemons, seen = [], set()
    for url in urls:
        daemon = Daemon(url)
        if daemon.url not in seen:
            seen.add(daemon.url)
            daemons.append(daemon)
    if not daemons:
        raise HarvestError("no Scrapyd URL given")
    for daemon in daemons:
        try:
            listed = set(daemon.call("listspiders.json", {"project": PROJECT})["spiders"])
        except ScrapydError as error:
            text = str(error)
            if f"project '{PROJECT}' not found" in text:
                text = (f"Scrapyd at {daemon.url} has no project {PROJECT}: install Kalendarium there and name "
                        "its settings in scrapy.cfg (docs/scrapyd.md)")
            daemon.lost = text
        else:
            if spiders - listed:
                daemon.lost = (f"Scrapyd at {daemon.url} lacks the spider(s) {', '.join(sorted(spiders - listed))} "
                               f"of project {PROJECT}: install the same Kalendarium version there")
        if daemon.lost:
            log.warning("%s; its share goes to the other daemons", daemon.lost)
    if all(daemon.lost for daemon in daemons):
        raise HarvestError("no Scrapyd daemon can take the harvest: "
                           + "; ".join(daemon.lost for daemon in daemons) + "; nothing was harvested or published")
    return daemons


def setting_text(value) -> str:
    """A setting as `-s KEY=VALUE` text (Scrapy reads dicts and lists given as JSON)."""
    return json.dumps(value) if isinstance(value, (dict, list, tuple)) else str(value)


def next_daemon(daemons: list[Daemon]) -> Daemon | None:
    """The least busy daemon that may take another job now, if any."""
    ready = [daemon for daemon in daemons if not daemon.lost and daemon.failing_since is None
             and daemon.pending < max(MIN_BACKLOG, daemon.running)]
    return min(ready, key=lambda daemon: daemon.pending + daemon.running, default=None)


def schedule(daemon: Daemon, source: Source, arguments: dict, overrides: list[str]) -> Job:
    spider = SPIDERS[source.kind].name
    job_id = f"{source.id}-{uuid.uuid4().hex[:12]}"
    params = [("project", PROJECT), ("spider", spider), ("jobid", job_id),
              ("source", json.dumps(dataclasses.asdict(source), ensure_ascii=False)),
              *arguments.items(), *(("setting", override) for override in overrides)]
    answer = daemon.call("schedule.json", params, post=True)
    return Job(source=source, daemon=daemon, id=answer.get("jobid", job_id), spider=spider)


def follow(daemon: Daemon, run_id: str, done, fail) -> None:
    """Ask the daemon how its jobs are doing; collect the results of those that ended."""
    try:
        jobs = daemon.call("listjobs.json", {"project": PROJECT})
    except ScrapydError as error:
        daemon_silent(daemon, str(error), fail)
        return
    daemon.failing_since = None
    pending = {job["id"] for job in jobs.get("pending", [])}
    running = {job["id"]: job for job in jobs.get("running", [])}
    finished = {job["id"]: job for job in jobs.get("finished", [])}
    daemon.pending, daemon.running = len(pending), len(running)
    for job in list(daemon.jobs.values()):
        seen = running.get(job.id) or finished.get(job.id)
        if seen:
            job.started, job.ended = seen.get("start_time"), seen.get("end_time")
        if job.id in pending or job.id in running:
            continue
        # Ended (a finished job drops off listjobs after Scrapyd's finished_to_keep others).
        try:
            result = collect(job, run_id)
        except Unreachable as error:  # gone just now: asked again on the next round
            daemon_silent(daemon, str(error), fail)
            return
        except ScrapydError as error:
            result = SourceResult(source=job.source.as_row(), error=str(error), started=run_id, finished=utc_now())
        del daemon.jobs[job.id]
        done(job.source, result)


def collect(job: Job, run_id: str) -> SourceResult:
    """The source's result from the job's item feed."""
    daemon = job.daemon
    try:
        feed = daemon.call(f"items/{PROJECT}/{job.spider}/{job.id}.jl", raw=True)
    except ScrapydError as error:
        if error.status != 404:
            raise
        raise ScrapydError(f"Scrapyd job {job.id} at {daemon.url} left no item feed: is items_dir set in the "
                           "daemon's configuration? (Or the feed was removed: raise its jobs_to_keep.) Its log: "
                           f"{daemon.log_url(job)}") from None
    records, outcome, code = [], None, None
    for line in feed.splitlines():
        try:
            item = json.loads(line)
        except ValueError:  # a line cut off by a crash: the outcome is missing then
            continue
        if isinstance(item, dict) and OUTCOME_KEY in item:
            outcome, code = item[OUTCOME_KEY], item.get(CODE_KEY)
        else:
            records.append(item)
    if outcome is None:
        raise ScrapydError(f"Scrapyd job {job.id} at {daemon.url} ended without reporting how the source's "
                           f"harvest went (the crawl stopped unexpectedly); its log: {daemon.log_url(job)}")
    if code != code_fingerprint():
        raise ScrapydError(f"Scrapyd at {daemon.url} runs other Kalendarium code than this machine (crawlers and "
                           f"normalise {code} there, {code_fingerprint()} here): install the same version there "
                           "(docs/scrapyd.md)")
    result = result_from_outcome(job.source, outcome, records, run_id)
    result.seconds = _seconds(job.started, job.ended)
    return result


def daemon_silent(daemon: Daemon, why: str, fail) -> None:
    """A daemon did not answer: wait GIVE_UP_SECONDS for it, then give up its jobs."""
    now = time.monotonic()
    if daemon.failing_since is None:
        daemon.failing_since = now
        log.warning("%s; trying again for %d s", why, GIVE_UP_SECONDS)
    if now - daemon.failing_since >= GIVE_UP_SECONDS:
        daemon.lost = why
        log.warning("%s; gave up on it", why)
        for job in daemon.jobs.values():
            fail(job.source, f"{why}; given up after {GIVE_UP_SECONDS:g} s while it had this source's job {job.id} "
                             f"(its log: {daemon.log_url(job)})")
        daemon.jobs.clear()


def cancel_unfinished(daemons: list[Daemon]) -> None:
    """When the harvest stops early (Ctrl-C, an error), its jobs are cancelled on the daemons."""
    for daemon in daemons:
        for job in list(daemon.jobs.values()):
            try:
                daemon.call("cancel.json", {"project": PROJECT, "job": job.id}, post=True)
            except ScrapydError:
                pass
        daemon.jobs.clear()


def forget_archived_pages(raw_dir: Path, results: list[SourceResult]) -> None:
    """The pages of a source harvested on another host are not here: an empty archive takes
    the place of its old pages (when the harvest settles the archive), so `sources rederive`
    cannot replay pages older than the events it published."""
    for result in results:
        if result.ok:
            archive.ArchiveWriter(raw_dir, result.source["id"])


def _seconds(started: str | None, ended: str | None) -> float | None:
    try:
        return (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()
    except (TypeError, ValueError):
        return None
