"""Time the HTTP cache storage: Scrapy's FilesystemCacheStorage against ours (one file a page).

    .venv/bin/python bench/bench_httpcache.py [--responses 2000] [--repeat 3] [--gzip]

Each storage stores the same synthetic responses (HTML bodies of 5-20 kB, a server's usual
headers, requests with the harvest's default headers) into an empty folder under /tmp, then
retrieves every one of them, as the nightly revalidation does. It prints the time per store and
per retrieve of each (best of --repeat rounds, each in a fresh folder, the two in turn first,
pending writes flushed before each timing), the ratios, and the files and bytes a response
takes on disk. The files were just written, so the retrieves read from
the page cache: a cold disk makes every open dearer, which favours the storage with fewer.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapy import Request, Spider  # noqa: E402
from scrapy.extensions.httpcache import FilesystemCacheStorage  # noqa: E402
from scrapy.http import HtmlResponse  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from crawlers.httpcache import RevalidatingCacheStorage  # noqa: E402
from crawlers.settings import DEFAULT_REQUEST_HEADERS  # noqa: E402

WORDS = ("konsert kyrkan lördag söndag kl. utställning bibliotek föreläsning dans seniorer barn familj "
         "musik teater torget marknad anmälan fri entré biljetter konstmuseum kaffe").split()


def synthetic(count: int, seed: int = 1) -> list[tuple[Request, HtmlResponse]]:
    rng = random.Random(seed)
    pages = []
    for n in range(count):
        url = f"https://evenemang{n % 100}.example.fi/kalender/{n}/"
        size = rng.randint(5_000, 20_000)
        text = ""
        while len(text) < size:
            text += f"<p class=\"event\">{' '.join(rng.choices(WORDS, k=12))}</p>\n"
        body = f"<html><head><title>Evenemang {n}</title></head><body>{text}</body></html>".encode()
        headers = {
            "Date": "Wed, 25 Nov 2026 02:00:00 GMT", "Server": "nginx/1.24.0",
            "Content-Type": "text/html; charset=UTF-8", "Content-Length": str(len(body)),
            "Last-Modified": "Tue, 24 Nov 2026 08:00:00 GMT", "ETag": f'"{rng.getrandbits(64):x}"',
            "Cache-Control": "no-cache", "Vary": "Accept-Encoding",
            "Set-Cookie": ["PHPSESSID=0123456789abcdef; path=/", "lang=sv; path=/"],
            "X-Powered-By": "PHP/8.2", "Link": f"<https://evenemang{n % 100}.example.fi/wp-json/>; rel=\"api\"",
        }
        request = Request(url, headers=DEFAULT_REQUEST_HEADERS)
        pages.append((request, HtmlResponse(url, status=200, headers=headers, body=body, request=request)))
    return pages


def run(storage_class, pages, folder: Path, use_gzip: bool) -> tuple[float, float, int, int]:
    """Seconds to store all, seconds to retrieve all, files and bytes on disk."""
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(folder), "HTTPCACHE_GZIP": use_gzip})
    spider = Spider("bench")
    spider.crawler = crawler
    storage = storage_class(crawler.settings)
    storage.open_spider(spider)
    os.sync()  # the previous run's writes are not flushed in this one's time
    began = time.perf_counter()
    for request, response in pages:
        storage.store_response(spider, request, response)
    stored = time.perf_counter() - began
    os.sync()
    began = time.perf_counter()
    for request, response in pages:
        cached = storage.retrieve_response(spider, request)
        assert cached is not None and cached.body == response.body
    retrieved = time.perf_counter() - began
    storage.close_spider(spider)
    files = [Path(root, name) for root, _, names in os.walk(folder) for name in names]
    return stored, retrieved, len(files), sum(f.stat().st_size for f in files)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gzip", action="store_true", help="HTTPCACHE_GZIP for both")
    args = parser.parse_args(argv)
    pages = synthetic(args.responses)
    body_kb = sum(len(response.body) for _, response in pages) / len(pages) / 1000
    storages = {"Scrapy FilesystemCacheStorage": FilesystemCacheStorage, "RevalidatingCacheStorage": RevalidatingCacheStorage}
    best = {}
    scratch = Path(tempfile.mkdtemp(prefix="kalendarium-bench-httpcache-", dir="/tmp"))
    try:
        for round_ in range(args.repeat):
            order = list(storages.items())
            for name, storage_class in order if round_ % 2 == 0 else reversed(order):  # neither always first
                folder = scratch / f"{round_}-{storage_class.__name__}"
                stored, retrieved, files, size = run(storage_class, pages, folder, args.gzip)
                shutil.rmtree(folder)
                previous = best.get(name)
                best[name] = (min(stored, previous[0]) if previous else stored,
                              min(retrieved, previous[1]) if previous else retrieved, files, size)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    n = len(pages)
    print(f"{n:,} responses, bodies {body_kb:.1f} kB on average, gzip {'on' if args.gzip else 'off'}, "
          f"best of {args.repeat} rounds, in {scratch.parent}")
    for name, (stored, retrieved, files, size) in best.items():
        print(f"  {name:30} store {stored / n * 1e6:7.0f} µs   retrieve {retrieved / n * 1e6:7.0f} µs   "
              f"{files / n:.1f} files, {size / n / 1000:.1f} kB a response")
    (old_store, old_retrieve, *_), (new_store, new_retrieve, *_) = best.values()
    print(f"  ratio (Scrapy / ours)          store {old_store / new_store:7.1f} ×    retrieve {old_retrieve / new_retrieve:7.1f} ×")


if __name__ == "__main__":
    main()
