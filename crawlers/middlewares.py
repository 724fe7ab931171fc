"""Downloader middlewares of the project."""

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirectMiddleware

from crawlers.spiders.base import source_of_request


class SourceStatsMiddleware:
    """Counts each source's responses by status, as Scrapy's DownloaderStats counts the
    crawl's (same place in the chain: redirects and cached copies are seen as it sees them),
    for sources that share a crawler (crawlers/spiders/batch.py). `SourceSpider.outcome`
    reads them, e.g. to tell a redirect loop from a page without events."""

    def process_response(self, request, response, spider=None):
        source = source_of_request(request)
        if source is not None and source.own_stats is not None:
            source.count(f"downloader/response_status_count/{response.status}")
        return response


class _WithoutReferer:
    """A redirect sends no Referer header, as no request does (REFERER_ENABLED = False).
    Scrapy's own redirect middlewares look for the Referer middleware when the engine starts
    and, not finding it, print a two-line warning on every harvest; these do not look."""

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    def handle_referer(self, request, response):
        request.headers.pop("Referer", None)


class RedirectMiddleware(_WithoutReferer, ScrapyRedirectMiddleware):
    """HTTP 3xx redirects, without a Referer."""


class MetaRefreshMiddleware(_WithoutReferer, ScrapyMetaRefreshMiddleware):
    """<meta http-equiv="refresh"> redirects, without a Referer."""
