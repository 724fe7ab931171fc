"""Harvest benchmark: the real `kalendarium harvest` against a synthetic world of N sites.

    python bench/harvest_bench.py --sizes 100,1000 --latency 0.05

For each N: generate the world (bench/world.py; kept in --work and reused), serve it on
loopback with the given latency per request, then

1. a first harvest into an empty database and an empty HTTP cache (wall time, pages/s,
   events/s, peak memory of the harvest (its processes together), database size, bytes the server sent);
2. a second, incremental harvest of the unchanged world with the same cache (every page is
   revalidated with If-None-Match and answered 304): time and bytes as a fraction of the first;
3. the plain sequential baseline (bench/sequential.py) on the same world — on a sample of
   sources for large N, scaled and marked as such — and the ratio.

The server's own capacity is measured first (bench/world.py loadtest), to show that it is not
the bottleneck. Nothing is faked: a run that misses a target is printed as measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
KALENDARIUM = str(Path(PYTHON).parent / "kalendarium")
TARGETS = {"seconds_1000": 180, "ratio": 10, "incremental": 0.15}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raise_open_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants (the harvest's worker processes), from /proc."""
    parents, rss = {}, {}
    page_kb = os.sysconf("SC_PAGE_SIZE") / 1024
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)], rss[int(entry)] = int(fields[1]), int(fields[21]) * page_kb
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree) / 1024


def run_child(command: list[str], log: Path, timeout: float) -> dict:
    """Run a command; its wall time, CPU time, exit status and peak memory: the peak of the
    summed RSS of the process and its workers, sampled every 0.1 s (wait4's ru_maxrss would
    give the largest single process only)."""
    began = time.monotonic()
    peak = 0.0
    with open(log, "wb") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, preexec_fn=raise_open_files, cwd=ROOT)
        deadline = began + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss_mb(child.pid))
            if time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                return {"seconds": time.monotonic() - began, "timed_out": True, "peak_rss_mb": peak,
                        "exit": None, "cpu_seconds": usage.ru_utime + usage.ru_stime}
            time.sleep(0.1)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.monotonic() - began, "timed_out": False, "peak_rss_mb": max(peak, usage.ru_maxrss / 1024),
            "exit": child.returncode, "cpu_seconds": usage.ru_utime + usage.ru_stime}


class World:
    def __init__(self, work: Path, sources: int, latency: float, base: date):
        self.dir = work / f"world-{sources}"
        self.sources, self.latency, self.base = sources, latency, base
        summary = self.dir / "world.json"
        if not summary.exists() or json.loads(summary.read_text()).get("base") != base.isoformat() \
                or json.loads(summary.read_text()).get("sources") != sources:
            subprocess.run([PYTHON, str(HERE / "world.py"), "generate", "--sources", str(sources), "--out", str(self.dir),
                            "--base", base.isoformat()], check=True, stdout=subprocess.DEVNULL)
        self.summary = json.loads(summary.read_text())
        self.port = free_port()
        ready = self.dir / "ready.json"
        ready.unlink(missing_ok=True)
        self.server = subprocess.Popen([PYTHON, str(HERE / "world.py"), "serve", "--root", str(self.dir), "--port",
                                        str(self.port), "--latency", str(latency), "--ready-file", str(ready)],
                                       stderr=subprocess.DEVNULL, preexec_fn=raise_open_files)
        for _ in range(600):
            if ready.exists():
                break
            time.sleep(0.1)
        else:
            raise RuntimeError("the world server did not start")

    def stats(self, reset: bool = False) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__{'reset' if reset else 'stats'}") as answer:
            return json.loads(answer.read())

    def stop(self):
        self.server.terminate()
        self.server.wait(10)


def db_counts(db: Path) -> dict:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return {"events": connection.execute("select count(*) from events").fetchone()[0],
                "occurrences": connection.execute("select count(*) from occurrences").fetchone()[0]}


def harvest(world: World, run_dir: Path, concurrency: int, timeout: float, label: str) -> dict:
    world.stats(reset=True)
    command = [KALENDARIUM, "harvest", "--sources", str(world.dir / "sources.yaml"), "--var", f"port={world.port}",
               "--db", str(run_dir / "kalendarium.db"), "--cache-dir", str(run_dir / "httpcache"),
               "--today", world.base.isoformat(), "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", f"CONCURRENT_REQUESTS={concurrency}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
    result = run_child(command, run_dir / f"{label}.log", timeout)
    served = world.stats()
    result.update(pages=served["requests"], not_modified=served["not_modified"], bytes=served["bytes_sent"])
    db = run_dir / "kalendarium.db"
    if db.exists() and not result["timed_out"]:
        result.update(db_counts(db), db_mb=db.stat().st_size / 1e6)
    return result


def sequential(world: World, run_dir: Path, sample: int, timeout: float) -> dict:
    world.stats(reset=True)
    log = run_dir / "sequential.log"
    result = run_child([PYTHON, str(HERE / "sequential.py"), "--sources", str(world.dir / "sources.yaml"), "--var",
                        f"port={world.port}", "--db", str(run_dir / "sequential.db"), "--sample", str(sample)],
                       log, timeout)
    lines = [line for line in log.read_text().splitlines() if line.startswith("{")]
    if lines:
        result.update(json.loads(lines[-1]))
        result["scale"] = result["of_sources"] / max(result["sources"], 1)
        result["scaled_seconds"] = result["seconds"] * result["scale"]
    return result


def fmt(value, unit="", digits=1):
    return "-" if value is None else f"{value:,.{digits}f}{unit}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kalendarium-bench"))
    parser.add_argument("--concurrency", type=int, default=32, help="CONCURRENT_REQUESTS of each crawler (KALENDARIUM_SOURCES_PER_CRAWLER sources share one)")
    parser.add_argument("--timeout", type=float, default=1800, help="give up a harvest after this many seconds")
    parser.add_argument("--sample-above", type=int, default=100,
                        help="above this many sources the sequential baseline runs on a sample of 100 and is scaled")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(size) for size in args.sizes.split(",")]
    base = date.today()
    figures = {"latency_ms": args.latency * 1000, "cpus": os.cpu_count(), "runs": {}}
    print(f"Harvest benchmark: {args.latency * 1000:.0f} ms per request, {os.cpu_count()} CPUs, "
          f"CONCURRENT_REQUESTS={args.concurrency} per crawler, 2 per host, each site on its own 127.1.x.y address",
          flush=True)
    for n in sizes:
        world = World(args.work, n, args.latency, base)
        try:
            if n == max(sizes):
                paths = subprocess.run([PYTHON, str(HERE / "world.py"), "loadtest", "--root", str(world.dir), "--port",
                                        str(world.port), "--connections", "400", "--seconds", "4"],
                                       capture_output=True, text=True, check=True, preexec_fn=raise_open_files)
                figures["server"] = json.loads(paths.stdout)
                print(f"world server alone (400 keep-alive clients, {args.latency * 1000:.0f} ms latency): "
                      f"{figures['server']['requests_per_second']:,.0f} requests/s, "
                      f"{figures['server']['megabytes_per_second']:.1f} MB/s", flush=True)
            run_dir = args.work / f"run-{n}"
            subprocess.run(["rm", "-rf", str(run_dir)], check=True)
            run_dir.mkdir(parents=True)
            print(f"\nN = {n}: {world.summary['events']:,} events in {world.summary['documents']:,} documents "
                  f"({world.summary['bytes'] / 1e6:.1f} MB)", flush=True)
            first = harvest(world, run_dir, args.concurrency, args.timeout, "first")
            report("first harvest", first)
            second = harvest(world, run_dir, args.concurrency, args.timeout, "incremental")
            report("incremental harvest", second)
            sample = 1 if n <= args.sample_above else max(1, n // args.sample_above)
            seq = sequential(world, run_dir, sample, args.timeout)
            scaled = seq.get("scaled_seconds")
            note = f" (measured on {seq.get('sources')} of {n} sources, ×{seq.get('scale', 1):.0f})" if sample > 1 else ""
            print(f"  sequential baseline: {fmt(scaled, ' s')}{note}, {seq.get('pages', 0) * seq.get('scale', 1):,.0f} pages, "
                  f"{seq.get('events', 0) * seq.get('scale', 1):,.0f} events, peak RSS {fmt(seq['peak_rss_mb'], ' MB', 0)}",
                  flush=True)
            figures["runs"][n] = {"first": first, "incremental": second, "sequential": seq}
            if not first["timed_out"] and scaled:
                ratio = scaled / first["seconds"]
                figures["runs"][n]["ratio"] = ratio
                print(f"  speed-up over the sequential baseline: {ratio:.1f}× (target ≥ {TARGETS['ratio']}×)")
            if not first["timed_out"] and not second["timed_out"]:
                time_fraction, byte_fraction = second["seconds"] / first["seconds"], second["bytes"] / max(first["bytes"], 1)
                figures["runs"][n].update(incremental_time=time_fraction, incremental_bytes=byte_fraction)
                print(f"  incremental run: {time_fraction:.0%} of the first run's time (target < "
                      f"{TARGETS['incremental']:.0%}), {byte_fraction:.1%} of its bytes on the wire", flush=True)
        finally:
            world.stop()
    if len(figures["runs"]) > 1:
        small, large = min(figures["runs"]), max(figures["runs"])
        a, b = figures["runs"][small]["first"], figures["runs"][large]["first"]
        print(f"\nmemory: peak RSS {fmt(a['peak_rss_mb'], ' MB', 0)} at N={small}, {fmt(b['peak_rss_mb'], ' MB', 0)} at "
              f"N={large} (databases {fmt(a.get('db_mb'), ' MB')} and {fmt(b.get('db_mb'), ' MB')})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str))


def report(label: str, run: dict) -> None:
    if run["timed_out"]:
        print(f"  {label}: DID NOT FINISH within {run['seconds']:.0f} s (peak RSS {run['peak_rss_mb']:.0f} MB, "
              f"{run['pages']:,} pages served)", flush=True)
        return
    seconds = run["seconds"]
    print(f"  {label}: {seconds:.1f} s wall ({run['cpu_seconds']:.0f} s CPU), {run['pages']:,} pages "
          f"({run['pages'] / seconds:.0f}/s, {run['not_modified']:,} answered 304), "
          f"{run.get('events', 0):,} events ({run.get('events', 0) / seconds:.0f}/s), "
          f"{run.get('occurrences', 0):,} occurrences, peak RSS {run['peak_rss_mb']:.0f} MB, "
          f"database {fmt(run.get('db_mb'), ' MB')}, {run['bytes'] / 1e6:.1f} MB sent by the server, exit {run['exit']}",
          flush=True)


if __name__ == "__main__":
    main()
