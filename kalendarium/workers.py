"""Harvest on every core: the sources split over worker processes, one Twisted reactor each.

A harvest is CPU-bound (parsing and normalising, not waiting for sites), and one Python
process uses one core. `crawl_in_workers` starts `workers` processes of
`python -m kalendarium.workers`, deals the sources out to them in turn, and reads each
source's `SourceResult` back as one JSON line as soon as it is done, over a pipe of its own
(stdout and stderr stay free for logs). The records are the same as in one process: the
worker runs `kalendarium.crawl.crawl` on its share.

A worker sends each result as two lines: the result without its records, then the records.
The records line goes as it is to a `RecordSpool` on disk, read again source by source when
the database is published, so the coordinator's memory stays flat however many sources.

A worker that dies takes only its own unfinished sources with it: they are reported failed
(their previous events are kept by the store), every other source's result stands.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import json
import os
import selectors
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Callable

import orjson

from kalendarium.crawl import HarvestError, report_progress
from kalendarium.sources import Source
from kalendarium.spool import RecordSpool
from kalendarium.store import SourceResult, utc_now


def default_workers(sources: int) -> int:
    """One worker per core, but a worker only pays off with a few dozen sources: its start
    (imports, reactor) costs about a second."""
    return max(1, min(os.cpu_count() or 1, sources // 25))


def deal(sources: list[Source], workers: int) -> list[list[Source]]:
    """Deal the sources out in turn, so each worker gets a like mix of kinds and sizes."""
    return [shard for shard in (sources[index::workers] for index in range(workers)) if shard]


def crawl_in_workers(sources: list[Source], workers: int, *, today: date | None, horizon_days: int,
                     settings: dict | None, cache_dir: Path | None, run_id: str, on_source_done=None,
                     last_ok: set[str] = frozenset(), spool: RecordSpool | None = None,
                     while_waiting: Callable[[], bool] | None = None) -> list[SourceResult]:
    """Run `kalendarium.crawl.crawl` over the sources in `workers` processes. The records
    stay in `spool` (a new one by default, which lives as long as the results).

    `while_waiting()`, if given, is called whenever no worker has anything to say: it does a
    little work (the harvest merges one finished source into the database) and returns
    whether it did any; the workers' pipes are always read first. An exception from it ends
    the crawl (the workers are stopped at once) and is raised."""
    spool = spool or RecordSpool()
    results: dict[str, SourceResult] = {}
    children = []
    selector = selectors.DefaultSelector()
    try:
        for shard in deal(sources, workers):
            job = {"sources": [dataclasses.asdict(source) for source in shard],
                   "today": today.isoformat() if today else None, "horizon_days": horizon_days,
                   "settings": settings or {}, "cache_dir": str(cache_dir) if cache_dir else None,
                   "run_id": run_id, "last_ok": sorted(set(last_ok) & {source.id for source in shard})}
            child = _start(job)
            children.append((child, shard))
            selector.register(child.results, selectors.EVENT_READ, data=[b"", None])
        while selector.get_map():
            ready = selector.select(timeout=0 if while_waiting is not None else None)
            if not ready and not (while_waiting is not None and while_waiting()):
                ready = selector.select()
            for key, _ in ready:
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                lines = (key.data[0] + chunk).split(b"\n")
                key.data[0] = lines.pop()
                for line in lines:
                    if key.data[1] is None:  # the result, then its records
                        key.data[1] = orjson.loads(line)
                        continue
                    fields, key.data[1] = key.data[1], None
                    result = SourceResult(records=_spooled(spool, line, fields.pop("record_count")), **fields)
                    results[result.source["id"]] = result
                    report_progress(on_source_done, result, len(results), len(sources))
    except BaseException:
        # The run is over: stop the workers now (Scrapy would take a SIGTERM as a request to
        # finish the downloads under way). Nothing of theirs is published; cache entries are
        # written whole or not at all.
        for child, _ in children:
            child.kill()
        raise
    finally:
        selector.close()
        for child, _ in children:
            child.results.close()
            child.wait()
    for child, shard in children:
        for source in shard:
            if source.id not in results:
                why = (f"the harvest worker stopped unexpectedly (exit status {child.returncode}) "
                       "before this source was done; see the log")
                results[source.id] = SourceResult(source=source.as_row(), error=why, started=run_id,
                                                   finished=utc_now())
                report_progress(on_source_done, results[source.id], len(results), len(sources))
    return [results[source.id] for source in sources]


def _spooled(spool: RecordSpool, records_json: bytes, count: int):
    try:
        return spool.add(records_json, count)
    except OSError as error:
        folder = spool.folder or tempfile.gettempdir()
        full = error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
        raise HarvestError(f"{'the disk is full: ' if full else ''}the harvested records could not be kept in "
                           f"{folder}/ ({os.strerror(error.errno) if error.errno else error}); "
                           "nothing was published, the published database is unchanged") from error


def _start(job: dict) -> subprocess.Popen:
    read_end, write_end = os.pipe()
    _widen(write_end)
    try:
        child = subprocess.Popen([sys.executable, "-m", "kalendarium.workers", str(write_end)],
                                 stdin=subprocess.PIPE, pass_fds=(write_end,))
    finally:
        os.close(write_end)
    child.results = os.fdopen(read_end, "rb", buffering=0)
    child.stdin.write(json.dumps(job).encode())
    child.stdin.close()
    return child


def _widen(pipe_end: int) -> None:
    """A source's records are some 100 kB of JSON: with a 1 MiB pipe (Linux; 64 kB by default)
    a worker seldom waits for the coordinator while it merges a source into the database."""
    try:
        fcntl.fcntl(pipe_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except OSError:
        pass  # not Linux, or above /proc/sys/fs/pipe-max-size: the default will do


def work(job: dict, out) -> None:
    """In the worker: crawl the job's sources, writing each result as soon as it is done
    and then letting its records go (the parent holds them until publish)."""
    from kalendarium.crawl import crawl

    def send(result: SourceResult, done: int, total: int) -> None:
        records, result.records = result.records, []
        fields = dict(dataclasses.asdict(result), record_count=len(records))
        del fields["records"]
        # orjson: the records are most of what a worker writes (~100 kB a source), and the
        # standard library's encoder took 2 % of a harvest's CPU on them (profiled); its
        # output is JSON without raw newlines, as the one-line framing needs.
        out.write(orjson.dumps(fields, option=orjson.OPT_NON_STR_KEYS) + b"\n"
                  + orjson.dumps(records, option=orjson.OPT_NON_STR_KEYS) + b"\n")
        out.flush()

    crawl([Source(**fields) for fields in job["sources"]],
          today=date.fromisoformat(job["today"]) if job["today"] else None, horizon_days=job["horizon_days"],
          settings=job["settings"], cache_dir=Path(job["cache_dir"]) if job["cache_dir"] else None,
          run_id=job["run_id"], on_source_done=send, last_ok=set(job["last_ok"]))


if __name__ == "__main__":
    with os.fdopen(int(sys.argv[1]), "wb") as results_pipe:
        work(json.load(sys.stdin), results_pipe)
