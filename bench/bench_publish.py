"""Time publishing an unchanged night (every source's pages answered 304) on a published database.

    .venv/bin/python bench/bench_publish.py /tmp/kalendarium-bench/run-1000/kalendarium.db

Each run copies the database to a temporary folder and publishes one `unchanged` result per
source in it, as the harvest does after a night in which nothing changed: the copy, each
source's events seen again and its run recorded, the checks, the fsync and the swap. Prints
the seconds of each run and the best.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kalendarium.store import SourceResult, publish  # noqa: E402


def unchanged_night(db: Path) -> tuple[list[dict], list[SourceResult]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        sources = [dict(row) for row in connection.execute("select * from sources")]
    return sources, [SourceResult(source=source, unchanged=True, started="2026-11-26T01:00:00Z",
                                  finished="2026-11-26T01:00:01Z") for source in sources]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sources, results = unchanged_night(args.db)
    times = []
    with tempfile.TemporaryDirectory() as work:
        for _ in range(args.repeat):
            copy = Path(work) / "kalendarium.db"
            shutil.copyfile(args.db, copy)
            began = time.perf_counter()
            publish(copy, results, sources=sources, run_id="2026-11-26T01:00:00Z")
            times.append(time.perf_counter() - began)
    print(f"{len(sources)} unchanged sources, {args.db.stat().st_size / 1e6:.1f} MB: publish "
          + ", ".join(f"{seconds:.2f} s" for seconds in times) + f" (best {min(times):.2f} s)")


if __name__ == "__main__":
    main()
