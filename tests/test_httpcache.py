"""The HTTP cache storage: one file per page, read back as stored, a miss for anything it cannot
read, and a 304-confirmed page not written again."""

import os
import pickle

import pytest
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from crawlers import httpcache
from crawlers.httpcache import RevalidatingCacheStorage

HEADERS = {"Content-Type": "text/html; charset=utf-8", "ETag": '"abc123"',
           "Last-Modified": "Tue, 24 Nov 2026 08:00:00 GMT", "Date": "Wed, 25 Nov 2026 02:00:00 GMT",
           "Set-Cookie": ["a=1; Path=/", "b=2; Path=/"]}
BODY = "<html><body><h1>Konsert i kyrkan</h1><p>Lördag 28.11 kl. 18</p></body></html>".encode()


def storage_for(tmp_path, storage_class=RevalidatingCacheStorage, **settings):
    crawler = get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path / "cache"), **settings})
    spider = Spider("demo")
    spider.crawler = crawler
    crawler.spider = spider
    storage = storage_class(crawler.settings)
    storage.open_spider(spider)
    return storage, spider


def page(url="https://example.org/evenemang", body=BODY, **kwargs):
    return HtmlResponse(url, status=200, headers=HEADERS, body=body, **kwargs)


def files_under(folder):
    return sorted(os.path.join(root, name) for root, _, names in os.walk(folder) for name in names)


def entry_path(storage, spider, request):
    key = spider.crawler.request_fingerprinter.fingerprint(request).hex()
    return os.path.join(storage.cachedir, spider.name, key[:2], key)


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_stored_response_comes_back_as_it_was(tmp_path, gzipped):
    storage, spider = storage_for(tmp_path, HTTPCACHE_GZIP=gzipped)
    request = Request("https://example.org/evenemang")
    storage.store_response(spider, request, page("https://example.org/evenemang?sida=1"))

    again = Request("https://example.org/evenemang")
    cached = storage.retrieve_response(spider, again)
    assert isinstance(cached, HtmlResponse)
    assert cached.url == "https://example.org/evenemang?sida=1"
    assert cached.status == 200
    assert cached.body == BODY
    assert cached.text == BODY.decode()
    assert cached.headers.getlist("Set-Cookie") == [b"a=1; Path=/", b"b=2; Path=/"]
    assert cached.headers == page().headers
    assert again.meta["cache_timestamp"] > 0


def test_one_file_per_stored_response(tmp_path):
    storage, spider = storage_for(tmp_path)
    requests = [Request(f"https://example.org/evenemang/{n}") for n in range(5)]
    for request in requests:
        storage.store_response(spider, request, page(request.url))
    storage.store_response(spider, requests[0], page(requests[0].url, body=b"<p>ny</p>"))  # replaced

    assert files_under(storage.cachedir) == sorted(entry_path(storage, spider, r) for r in requests)
    assert storage.retrieve_response(spider, requests[0]).body == b"<p>ny</p>"


def test_an_entry_expires_after_httpcache_expiration_secs(tmp_path, monkeypatch):
    storage, spider = storage_for(tmp_path, HTTPCACHE_EXPIRATION_SECS=60)
    request = Request("https://example.org/evenemang")
    now = 1_800_000_000.0
    monkeypatch.setattr(httpcache, "time", lambda: now)
    storage.store_response(spider, request, page())

    now += 30
    assert storage.retrieve_response(spider, request).body == BODY
    now += 60
    assert storage.retrieve_response(spider, request) is None


def test_no_expiration_by_default(tmp_path, monkeypatch):
    storage, spider = storage_for(tmp_path)
    request = Request("https://example.org/evenemang")
    storage.store_response(spider, request, page())
    monkeypatch.setattr(httpcache, "time", lambda: 4_000_000_000.0)
    assert storage.retrieve_response(spider, request).body == BODY


def test_a_missing_entry_is_a_miss(tmp_path):
    storage, spider = storage_for(tmp_path)
    assert storage.retrieve_response(spider, Request("https://example.org/ingenting")) is None


@pytest.mark.parametrize("content", [
    b"", b"not a pickle at all", b"\x1f\x8b broken gzip",
    pickle.dumps(["a", "list"]), pickle.dumps({"url": "https://example.org/"}),
    pickle.dumps({"stored": 1.0, "url": "https://example.org/", "status": "x"}),
])
def test_a_corrupt_entry_is_a_miss(tmp_path, content):
    storage, spider = storage_for(tmp_path)
    request = Request("https://example.org/evenemang")
    storage.store_response(spider, request, page())
    with open(entry_path(storage, spider, request), "wb") as f:
        f.write(content)
    assert storage.retrieve_response(spider, request) is None


def test_a_truncated_entry_is_a_miss(tmp_path):
    storage, spider = storage_for(tmp_path)
    request = Request("https://example.org/evenemang")
    storage.store_response(spider, request, page(body=BODY * 100))
    path = entry_path(storage, spider, request)
    os.truncate(path, os.path.getsize(path) // 2)
    assert storage.retrieve_response(spider, request) is None


def test_an_entry_of_the_old_layout_is_a_miss_and_is_replaced(tmp_path):
    old, spider = storage_for(tmp_path, FilesystemCacheStorage)
    request = Request("https://example.org/evenemang")
    old.store_response(spider, request, page(body=b"<p>gammal</p>"))
    storage, spider = storage_for(tmp_path)
    assert os.path.isdir(entry_path(storage, spider, request))

    assert storage.retrieve_response(spider, request) is None
    storage.store_response(spider, request, page())
    assert os.path.isfile(entry_path(storage, spider, request))
    assert storage.retrieve_response(spider, request).body == BODY


def test_a_response_confirmed_by_a_304_is_not_written_again(tmp_path):
    storage, spider = storage_for(tmp_path)
    request = Request("https://example.org/evenemang")
    storage.store_response(spider, request, page())
    path = entry_path(storage, spider, request)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))

    storage.store_response(spider, request, page(body=b"<p>annat</p>", flags=["cached"]))
    assert os.stat(path).st_mtime_ns == 1_000_000_000_000_000_000
    assert storage.retrieve_response(spider, request).body == BODY


def test_a_failed_write_leaves_the_old_entry_and_no_temporary_file(tmp_path, monkeypatch):
    storage, spider = storage_for(tmp_path)
    request = Request("https://example.org/evenemang")
    storage.store_response(spider, request, page())

    def no_room(source, target):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(httpcache.os, "replace", no_room)
    with pytest.raises(OSError):
        storage.store_response(spider, request, page(body=b"<p>annat</p>"))
    monkeypatch.undo()

    assert files_under(storage.cachedir) == [entry_path(storage, spider, request)]
    assert storage.retrieve_response(spider, request).body == BODY


def test_through_scrapys_middleware_a_304_gives_the_stored_page(tmp_path):
    """The cache as Scrapy's HttpCacheMiddleware and RFC2616Policy use it each night."""
    crawler = get_crawler(Spider, {"HTTPCACHE_ENABLED": True, "HTTPCACHE_DIR": str(tmp_path / "cache"),
                                   "HTTPCACHE_POLICY": "scrapy.extensions.httpcache.RFC2616Policy",
                                   "HTTPCACHE_STORAGE": "crawlers.httpcache.RevalidatingCacheStorage"})
    spider = Spider("demo")
    spider.crawler = crawler
    crawler.spider = spider
    middleware = HttpCacheMiddleware.from_crawler(crawler)
    middleware.spider_opened(spider)
    url = "https://example.org/evenemang"

    first = Request(url, headers={"Cache-Control": "max-age=0"})
    assert middleware.process_request(first) is None  # a miss: fetched
    assert middleware.process_response(first, page(url)).body == BODY
    path = entry_path(middleware.storage, spider, first)
    mtime = os.stat(path).st_mtime_ns

    second = Request(url, headers={"Cache-Control": "max-age=0"})
    assert middleware.process_request(second) is None  # stale: revalidated
    assert second.headers[b"If-None-Match"] == b'"abc123"'
    confirmed = middleware.process_response(second, Response(url, status=304, headers={"ETag": '"abc123"'}))
    assert confirmed.body == BODY and "cached" in confirmed.flags
    assert os.stat(path).st_mtime_ns == mtime
    assert files_under(middleware.storage.cachedir) == [path]
    middleware.spider_closed(spider)


def nightly_middleware(tmp_path, **settings):
    """Scrapy's cache middleware with the project's storage and policy (crawlers/settings.py)."""
    crawler = get_crawler(Spider, {"HTTPCACHE_ENABLED": True, "HTTPCACHE_DIR": str(tmp_path / "cache"),
                                   "HTTPCACHE_POLICY": "crawlers.httpcache.NightlyCachePolicy",
                                   "HTTPCACHE_STORAGE": "crawlers.httpcache.RevalidatingCacheStorage", **settings})
    spider = Spider("demo")
    spider.crawler = crawler
    crawler.spider = spider
    middleware = HttpCacheMiddleware.from_crawler(crawler)
    middleware.spider_opened(spider)
    return middleware


ROBOTS = "https://example.org/robots.txt"
# What a CMS sends on everything, robots.txt included.
ROBOTS_HEADERS = {"Content-Type": "text/plain", "ETag": '"r1"', "Cache-Control": "max-age=0"}


def ask(middleware, url, answer):
    """One request through the middleware as the downloader would see it: the response it
    gets, and whether it went to the site (False: answered from the cache alone)."""
    request = Request(url, headers={"Cache-Control": "max-age=0"})
    cached = middleware.process_request(request)
    if cached is not None:
        return middleware.process_response(request, cached), False
    return middleware.process_response(request, answer(request)), True


def test_robots_txt_is_used_for_a_day_without_asking_then_revalidated(tmp_path, monkeypatch):
    middleware = nightly_middleware(tmp_path)
    now = 1_800_000_000.0
    monkeypatch.setattr(httpcache, "time", lambda: now)
    sent = []

    def site(request):
        sent.append(request.headers.get(b"If-None-Match"))
        if request.headers.get(b"If-None-Match") == b'"r1"':
            return Response(ROBOTS, status=304, headers={"ETag": '"r1"'})
        return Response(ROBOTS, status=200, headers=ROBOTS_HEADERS, body=b"User-agent: *\nDisallow: /admin\n")

    response, asked = ask(middleware, ROBOTS, site)
    assert asked and response.status == 200

    now += 23 * 3600  # the next night, a little earlier
    response, asked = ask(middleware, ROBOTS, site)
    assert not asked and b"Disallow: /admin" in response.body

    now += 2 * 3600  # over a day since it was fetched: asked again, conditionally
    response, asked = ask(middleware, ROBOTS, site)
    assert asked and sent[-1] == b'"r1"' and b"Disallow: /admin" in response.body

    now += 23 * 3600  # the 304 counts as a fresh confirmation
    response, asked = ask(middleware, ROBOTS, site)
    assert not asked and sent == [None, b'"r1"']
    middleware.spider_closed(middleware.crawler.spider)


def test_pages_are_still_revalidated_every_time(tmp_path):
    middleware = nightly_middleware(tmp_path)
    url = "https://example.org/evenemang"
    answers = iter([page(url), Response(url, status=304, headers={"ETag": '"abc123"'})])
    assert ask(middleware, url, lambda request: next(answers))[1]
    response, asked = ask(middleware, url, lambda request: next(answers))
    assert asked and response.body == BODY and "cached" in response.flags


@pytest.mark.parametrize("status, kept", [(404, True), (403, True), (429, False), (503, False)])
def test_a_missing_robots_txt_is_kept_too_but_not_a_slow_down_or_an_error(tmp_path, status, kept):
    middleware = nightly_middleware(tmp_path)

    def site(request):
        return Response(ROBOTS, status=status, headers={"Content-Type": "text/html"}, body=b"<h1>Not here</h1>")

    assert ask(middleware, ROBOTS, site)[1]
    assert ask(middleware, ROBOTS, site)[1] is not kept


def test_robots_txt_marked_no_store_is_asked_for_every_time(tmp_path):
    middleware = nightly_middleware(tmp_path)

    def site(request):
        return Response(ROBOTS, status=200, headers={**ROBOTS_HEADERS, "Cache-Control": "no-store"}, body=b"")

    assert ask(middleware, ROBOTS, site)[1]
    assert ask(middleware, ROBOTS, site)[1]


def test_a_max_age_of_zero_asks_for_robots_txt_every_time(tmp_path):
    middleware = nightly_middleware(tmp_path, KALENDARIUM_ROBOTSTXT_MAX_AGE=0)

    def site(request):
        if request.headers.get(b"If-None-Match"):
            return Response(ROBOTS, status=304, headers={"ETag": '"r1"'})
        return Response(ROBOTS, status=200, headers=ROBOTS_HEADERS, body=b"User-agent: *\n")

    assert ask(middleware, ROBOTS, site)[1]
    assert ask(middleware, ROBOTS, site)[1]
