"""The HTTP cache: its storage (one file per page, written whole or not at all, and not rewritten
when a 304 confirmed it) and its policy (every page revalidated each night; robots.txt kept for
a day, as RFC 9309 allows)."""

import gzip
import itertools
import logging
import os
import pickle
import shutil
from time import time

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.project import data_path
from scrapy.utils.response import response_from_dict

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
# A temporary file's name is unique among the live processes (pid) and within one (counter).
_temp_numbers = itertools.count()


class RevalidatingCacheStorage:
    """Every night each page is revalidated (see DEFAULT_REQUEST_HEADERS in settings), so most
    answers are "304 Not Modified". Scrapy then stores the cached response again only to
    refresh its Date header; the stored copy and its ETag / Last-Modified are still what the
    server just confirmed, so it is left as it is. A changed page (200) is stored.

    Scrapy's FilesystemCacheStorage makes a folder per page and opens seven files to store it,
    three to read it; on a harvest an open costs more than the writing. Here a page is one file,
    `<HTTPCACHE_DIR>/<spider>/<fp[:2]>/<fp>`, a pickle of Response.to_dict() and the time it was
    stored (gzip'ed with HTTPCACHE_GZIP). It is written to a temporary file in the same folder
    and renamed over the entry, so a crash or two workers storing the same page leave the old
    entry or a whole new one. No fsync: a file cut short by a power cut reads as corrupt.

    Whatever cannot be read as an entry (a missing or corrupt file, a folder of the old
    seven-file layout) is a cache miss, so the page is fetched and stored again."""

    def __init__(self, settings):
        self.cachedir = data_path(settings["HTTPCACHE_DIR"])
        self.expiration_secs = settings.getint("HTTPCACHE_EXPIRATION_SECS")
        self.use_gzip = settings.getbool("HTTPCACHE_GZIP")
        self._fingerprinter = None

    def open_spider(self, spider):
        logger.debug("Using one-file cache storage in %(cachedir)s", {"cachedir": self.cachedir},
                     extra={"spider": spider})
        self._fingerprinter = spider.crawler.request_fingerprinter

    def close_spider(self, spider):
        pass

    def retrieve_response(self, spider, request):
        """The stored response, or None if there is none, it expired or it cannot be read."""
        path = self._entry_path(spider, request)
        try:
            with open(path, "rb") as f:
                payload = f.read()
        except OSError:
            return None  # not stored, or a folder of the old layout
        try:
            if payload[:2] == GZIP_MAGIC:  # read whatever HTTPCACHE_GZIP was when it was stored
                payload = gzip.decompress(payload)
            entry = pickle.loads(payload)  # noqa: S301 (our own files, as in Scrapy's storages)
            stored = float(entry.pop("stored"))
            if 0 < self.expiration_secs < time() - stored:
                return None  # expired
            response = response_from_dict(entry)
        except Exception:
            logger.debug("Unreadable cache entry %(path)s, taken as a miss", {"path": path},
                         exc_info=True, extra={"spider": spider})
            return None
        request.meta["cache_timestamp"] = stored
        return response

    def store_response(self, spider, request, response):
        """Store the response in one file, replacing the page's entry at once. A robots.txt
        confirmed by a 304 is stored again: its stored time is when it was last confirmed,
        which is how long NightlyCachePolicy keeps it."""
        if "cached" in response.flags and not is_robots_txt(request):
            return
        payload = pickle.dumps({**response.to_dict(), "stored": time()}, protocol=pickle.HIGHEST_PROTOCOL)
        if self.use_gzip:
            payload = gzip.compress(payload, mtime=0)
        path = self._entry_path(spider, request)
        folder, name = os.path.split(path)
        temp = os.path.join(folder, f".{name}.{os.getpid()}.{next(_temp_numbers)}.tmp")
        try:
            f = open(temp, "wb")
        except FileNotFoundError:  # the first page in this folder: make it only then
            os.makedirs(folder, exist_ok=True)
            f = open(temp, "wb")
        try:
            with f:
                f.write(payload)
            try:
                os.replace(temp, path)
            except OSError:
                if not os.path.isdir(path):
                    raise
                shutil.rmtree(path, ignore_errors=True)  # the page's folder in the old layout
                os.replace(temp, path)
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise

    def _entry_path(self, spider, request):
        key = self._fingerprinter.fingerprint(request).hex()
        return os.path.join(self.cachedir, spider.name, key[:2], key)


def is_robots_txt(request) -> bool:
    return urlparse_cached(request).path == "/robots.txt"


class NightlyCachePolicy(RFC2616Policy):
    """Scrapy's RFC 2616 policy, with robots.txt kept for a day.

    Every page is asked for again each night (the requests say max-age=0) and most come back
    304. A site's robots.txt is asked for before its first page too: on an unchanged night of
    a thousand sites, a thousand of its requests. RFC 9309 (section 2.4) lets a crawler use
    its cached robots.txt for up to 24 hours, as the big search engines do; so a robots.txt
    stored or confirmed less than KALENDARIUM_ROBOTSTXT_MAX_AGE seconds ago is used without
    asking (0: asked for every time, as any page). That holds whatever the site's own
    Cache-Control says (a CMS often sends max-age=0 on everything), except `no-store`, which
    keeps it out of the cache. An answer of 4xx (no robots.txt: everything allowed) is kept
    the same way, so a site without one is not asked nightly either; 429 (slow down) and 5xx
    are not kept. A nightly harvest thus asks for robots.txt every second night; a run again
    the same day does not ask at all.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.robots_max_age = settings.getint("KALENDARIUM_ROBOTSTXT_MAX_AGE", 24 * 3600)

    def should_cache_response(self, response, request) -> bool:
        if is_robots_txt(request) and self.robots_max_age > 0 and _keepable_robots_answer(response.status) \
                and b"no-store" not in self._parse_cachecontrol(response):
            return True
        return super().should_cache_response(response, request)

    def is_cached_response_fresh(self, cachedresponse, request) -> bool:
        if is_robots_txt(request) and _keepable_robots_answer(cachedresponse.status):
            stored = request.meta.get("cache_timestamp")
            if stored is not None and 0 <= time() - stored < self.robots_max_age:
                return True
            # Older than that: asked again, conditionally, whatever freshness the site's own
            # headers would allow (a Last-Modified of last year gives weeks by RFC 2616).
            for validator, condition in ((b"ETag", b"If-None-Match"), (b"Last-Modified", b"If-Modified-Since")):
                if validator in cachedresponse.headers:
                    request.headers[condition] = cachedresponse.headers[validator]
            return False
        return super().is_cached_response_fresh(cachedresponse, request)


def _keepable_robots_answer(status: int) -> bool:
    return status == 200 or (400 <= status < 500 and status != 429)
