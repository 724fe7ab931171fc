"""Request fingerprints that tell sources apart: Scrapy's fingerprint of the address, method
and body, plus the source the request is for.

The fingerprint is what Scrapy's duplicate filter and the HTTP cache key on. When several
sources share a crawler (crawlers/spiders/batch.py), two of them may ask for the same page
(one event page in a municipality's and a parish's calendar, or the same feed configured
twice with different options): each must get its answer, and each must see its own cached
copy, or one source's first harvest would look like another's unchanged night.
"""

import hashlib
from weakref import WeakKeyDictionary

from scrapy.utils.request import RequestFingerprinter

from crawlers.spiders.base import source_of_request


class SourceRequestFingerprinter(RequestFingerprinter):
    def __init__(self, crawler=None):
        super().__init__(crawler)
        # Asked three times per request (duplicate filter, cache lookup, cache store), like
        # Scrapy's own fingerprints it is kept as long as the request lives.
        self._with_source = WeakKeyDictionary()

    def fingerprint(self, request) -> bytes:
        known = self._with_source.get(request)
        if known is None:
            known = self._with_source[request] = self._compute(request)
        return known

    def _compute(self, request) -> bytes:
        address = super().fingerprint(request)
        spider = source_of_request(request)
        if spider is None:  # robots.txt and other requests of the crawler itself
            return address
        return hashlib.sha1(address + b"\0" + spider.source.id.encode("utf-8")).digest()
