"""The HTTP cache's storage: Scrapy's file-system storage, without rewriting what a 304 confirmed."""

from scrapy.extensions.httpcache import FilesystemCacheStorage


class RevalidatingCacheStorage(FilesystemCacheStorage):
    """Every night each page is revalidated (see DEFAULT_REQUEST_HEADERS in settings), so most
    answers are "304 Not Modified". Scrapy then stores the cached response again, seven files
    per page, only to refresh its Date header; the stored copy and its ETag / Last-Modified
    are still what the server just confirmed, so it is left as it is. A changed page (200)
    is stored as usual."""

    def store_response(self, spider, request, response):
        if "cached" in response.flags:
            return
        super().store_response(spider, request, response)
