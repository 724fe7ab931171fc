"""The per-site limits of a crawl hold whatever delay a run asks for.

Scrapy 2.19's downloader (with the asyncio reactor) starts a site's queued requests in
`Downloader._process_queue` as tasks, and a request counts against the site's
CONCURRENT_REQUESTS_PER_DOMAIN only once its task runs: with no download delay the loop
starts every queued request at once (measured: the ten event pages of one listing, ten at
a time, each on a connection of its own). With any delay the loop starts one request a
turn, and the limit holds. A run asked to go without delay (`-s DOWNLOAD_DELAY=0`: tests,
benchmarks, a source's own server) gets MIN_DOWNLOAD_DELAY instead, which costs nothing
at the latencies of real sites. `PerSiteLimit` is a Scrapy add-on (crawlers/settings.py's
ADDONS), so it holds for every crawler of the project: a harvest's, a Scrapyd job's, a
`scrapy crawl`'s.
"""

from __future__ import annotations

MIN_DOWNLOAD_DELAY = 0.001  # seconds between two requests to one site


class PerSiteLimit:
    """The add-on: Scrapy calls it with each crawler's settings as the crawl starts."""

    def update_settings(self, settings) -> None:
        keep_per_site_limit(settings)


def keep_per_site_limit(settings) -> None:
    """Raise a DOWNLOAD_DELAY below MIN_DOWNLOAD_DELAY to it.

    One priority above the one it was set with, so that a later merge of settings at that
    priority does not undo it (`CrawlerProcess.crawl(crawler)` merges the process's own into
    the crawler's)."""
    if settings.getfloat("DOWNLOAD_DELAY") < MIN_DOWNLOAD_DELAY:
        settings.set("DOWNLOAD_DELAY", MIN_DOWNLOAD_DELAY, priority=(settings.getpriority("DOWNLOAD_DELAY") or 0) + 1)
