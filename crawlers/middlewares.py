"""Downloader middlewares of the project."""

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
