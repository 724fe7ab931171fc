"""What one more crawler costs: N crawlers of a spider that fetches nothing, with the
harvest's settings, 16 at a time as the harvest runs them. Prints CPU milliseconds per crawler.

    .venv/bin/python bench/crawler_cost.py --crawlers 300
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import scrapy  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402

from kalendarium.crawl import scrapy_settings  # noqa: E402


class Nothing(scrapy.Spider):
    name = "nothing"

    async def start(self):
        return
        yield


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--crawlers", type=int, default=300)
    args = parser.parse_args(argv)
    process = CrawlerProcess(scrapy_settings({"HTTPCACHE_ENABLED": False}))
    left = [args.crawlers]

    def next_one(_=None):
        if left[0]:
            left[0] -= 1
            process.crawl(Nothing).addBoth(next_one)

    for _ in range(16):
        next_one()
    cpu, wall = time.process_time(), time.perf_counter()
    process.start()
    print(f"{args.crawlers} crawlers: {(time.process_time() - cpu) / args.crawlers * 1000:.1f} ms of CPU each "
          f"({time.perf_counter() - wall:.1f} s wall)")


if __name__ == "__main__":
    main()
