"""Scrapy settings: every politeness, retry, timeout, size and cache rule lives here.

Spiders never set these themselves; `kalendarium harvest -s KEY=VALUE` overrides any of
them for one run (the demo turns the per-host delay off for its local server).
"""

import os

BOT_NAME = "kalendarium"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Identify ourselves, with a contact address the site owner can write to.
CONTACT = os.environ.get("KALENDARIUM_CONTACT", "kalendarium@example.org")
USER_AGENT = f"Kalendarium/0.1 (wellbeing activity catalogue; +mailto:{CONTACT})"

# Politeness: robots.txt, few parallel requests per site, adaptive delay.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Failures: retry transient errors a little, give up on slow or huge answers.
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
DOWNLOAD_MAXSIZE = MAX_RESPONSE_BYTES
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# Conditional GET (ETag / Last-Modified): an unchanged source costs one cheap request.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "crawlers.httpcache.NightlyCachePolicy"  # RFC 2616, robots.txt kept a day
HTTPCACHE_DIR = os.path.abspath(os.environ.get("KALENDARIUM_HTTPCACHE", "data/httpcache"))
HTTPCACHE_IGNORE_HTTP_CODES = [500, 502, 503, 504, 404, 403]
HTTPCACHE_STORAGE = "crawlers.httpcache.RevalidatingCacheStorage"
# Every night asks again (max-age=0): a cached page is revalidated, never taken as fresh on
# the cache's own guess from Last-Modified, so a change made today is harvested tonight.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/calendar,application/json;q=0.8,*/*;q=0.7",
    "Accept-Language": "sv,fi;q=0.9,en;q=0.8",
    "Cache-Control": "max-age=0",
}

# A site's robots.txt is used this long without asking again (RFC 9309 allows up to 24 h):
# the nightly harvest asks for it every second night. 0: asked for every time.
KALENDARIUM_ROBOTSTXT_MAX_AGE = 24 * 3600

# After a good harvest, the pages a source's documents link to (event pages, next pages)
# are revalidated one night in this many while its documents come back unchanged (304);
# any changed document makes the whole source fetched again (SourceSpider.follow).
# 1: every page every night.
KALENDARIUM_REVALIDATE_DAYS = 7

# How many sources are crawled at once, each with the per-site limits above; the next starts
# when one ends, so memory stays flat however many sources there are.
KALENDARIUM_PARALLEL_SOURCES = 64
# A crawler holds many sites (below): take the next request from the site with the fewest
# requests under way, as Scrapy advises for broad crawls, so that one site's fifty event
# pages do not fill the crawler's CONCURRENT_REQUESTS while the other sites wait.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

# Sources share a crawler this many at a time (crawlers/spiders/batch.py): a crawler costs
# about 14 ms of CPU; its sources' results are reported when the last of them is done.
KALENDARIUM_SOURCES_PER_CRAWLER = 16

# Every parsed document is archived compressed here (crawlers/archive.py); the harvest sets it.
KALENDARIUM_RAW_DIR = None

# Items of one response go through the pipelines a few at a time: the pipelines are plain
# CPU work (no I/O to overlap), and Scrapy starts one asyncio task per slot for every
# response (100 by default), which cost a sixth of a harvest's CPU.
CONCURRENT_ITEMS = 4

# No Referer header: a calendar's pages need none, the sites learn nothing from it, and
# Scrapy's RefererMiddleware parsed the policy headers of every response and request (2 % of
# the CPU of a crawl of CMS event pages, profiled).
REFERER_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.SourceStatsMiddleware": 851,  # beside DownloaderStats (850)
    # Scrapy's redirects, without its warning that the (disabled) Referer middleware is missing
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawlers.middlewares.MetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawlers.middlewares.RedirectMiddleware": 600,
}

ITEM_PIPELINES = {
    "crawlers.pipelines.NormalisePipeline": 300,
    "crawlers.pipelines.CollectPipeline": 800,
    "crawlers.pipelines.OutcomePipeline": 900,  # the outcome as the feed's last line (Scrapyd jobs)
}

TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control starts, for every crawler, an HTTP server on localhost that runs
# Python code sent to it (for its MCP tools) and leaves a job file in ~/.local/state/scrapy: a
# harvest has up to 64 crawlers per worker and no use for either, and a nightly job should not
# open a code endpoint.
REMOTE_CONTROL_ENABLED = False
# Two requests at a time per site even when a run asks for no download delay (crawlers/politeness.py).
ADDONS = {"crawlers.politeness.PerSiteLimit": 0}
# Scrapy checks every callback for a generator that returns a value by reading and parsing its
# source code; the result is cached weakly by the bound method, which is a new object for every
# response, so it parsed the source again for each one (2 % of a harvest's CPU, profiled). The spiders'
# callbacks are covered by tests instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Every source has a crawler of its own: components it does not use are left out, each costs
# its setup per source. Statistics are logged at the end by the harvest, not every minute; the
# memory watchdog would run once per crawler, up to 64 per worker.
EXTENSIONS = {
    "scrapy.extensions.logstats.LogStats": None,
    "scrapy.extensions.memusage.MemoryUsage": None,
}
LOG_LEVEL = "WARNING"
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Requests are told apart by source too: sources sharing a crawler each get their pages.
REQUEST_FINGERPRINTER_CLASS = "crawlers.fingerprint.SourceRequestFingerprinter"
