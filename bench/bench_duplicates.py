"""Time the duplicate search (normalise.duplicates.group_duplicates) on a published database.

    .venv/bin/python bench/bench_duplicates.py /tmp/kalendarium-bench/run-1000/kalendarium.db

It reads the events as `kalendarium.store.find_duplicates` does and prints how many there are,
how many are in groups of copies, and the seconds the search took (best of --repeat runs,
each in a fresh process state: the caches of folded words are cleared between runs).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normalise import duplicates  # noqa: E402

QUERY = ("select e.id, e.source_id, e.title, e.start, e.all_day, e.rrule, e.location, e.address, e.municipality,"
         " e.organiser, e.organiser_type, e.first_seen, s.name as source_name"
         " from events e left join sources s on s.id = e.source_id where e.status != 'removed'")


def clear_caches() -> None:
    for name in ("fold", "_words", "_words_of_place", "_moment", "_rule", "titles_match", "titles_near_identical"):
        cached = getattr(duplicates, name, None)
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    events = [dict(row) for row in connection.execute(QUERY)]
    times = []
    for _ in range(args.repeat):
        clear_caches()
        began = time.perf_counter()
        groups = duplicates.group_duplicates(events)
        times.append(time.perf_counter() - began)
    print(f"{len(events):,} events, {len(groups):,} in groups of copies: "
          f"{min(times):.1f} s (best of {args.repeat}; all: {', '.join(f'{t:.1f}' for t in times)})")


if __name__ == "__main__":
    main()
