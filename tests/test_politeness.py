"""A site gets at most CONCURRENT_REQUESTS_PER_DOMAIN requests at a time, over kept-alive
connections, even when a run asks for no download delay (crawlers/politeness.py)."""

import json
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler

from conftest import handler_served
from crawlers.politeness import MIN_DOWNLOAD_DELAY, keep_per_site_limit
from kalendarium.sources import Source
from kalendarium.workers import crawl_in_workers

EVENT_PAGES = 12


class SlowSite(BaseHTTPRequestHandler):
    """A listing of event pages, each answer 50 ms late; it counts requests in flight and connections."""

    protocol_version = "HTTP/1.1"  # keep-alive
    lock = threading.Lock()
    in_flight = 0
    most_in_flight = 0
    connections = 0

    def setup(self):
        super().setup()
        with SlowSite.lock:
            SlowSite.connections += 1

    def do_GET(self):
        with SlowSite.lock:
            SlowSite.in_flight += 1
            SlowSite.most_in_flight = max(SlowSite.most_in_flight, SlowSite.in_flight)
        try:
            time.sleep(0.05)
            self.answer()
        finally:
            with SlowSite.lock:
                SlowSite.in_flight -= 1

    def answer(self):
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/evenemang/":
            links = "".join(f'<li><a href="/evenemang/{n}/">Seniorgympa {n}</a></li>' for n in range(EVENT_PAGES))
            body, kind = f"<html><body><h1>Evenemang</h1><ul>{links}</ul></body></html>".encode(), "text/html"
        else:
            n = int(self.path.strip("/").split("/")[-1])
            event = {"@context": "https://schema.org", "@type": "Event", "name": f"Seniorgympa {n}",
                     "startDate": f"2026-12-{n + 3:02d}T10:00:00+02:00", "location": {"@type": "Place", "name": "Gymmet"}}
            body = (f'<html><head><script type="application/ld+json">{json.dumps(event)}</script></head>'
                    f"<body><h1>Seniorgympa {n}</h1></body></html>").encode()
            kind = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_no_delay_still_keeps_two_requests_at_a_time_on_two_connections():
    with handler_served(SlowSite) as base:
        source = Source(id="slow-site", name="Slow site", kind="jsonld", organiser_type="municipality",
                        url=f"{base}/evenemang/", municipality="Vasa", language="sv")
        [result] = crawl_in_workers([source], 1, today=date(2026, 12, 2), horizon_days=365, cache_dir=None,
                                    run_id="2026-12-02T00:00:00Z",
                                    settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                                              "HTTPCACHE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 2})
    assert result.ok, result.error
    assert sorted(record["title"] for record in result.records) == sorted(f"Seniorgympa {n}" for n in range(EVENT_PAGES))
    # without the floor on the delay Scrapy 2.19 sent all twelve event pages at once, on twelve connections
    assert SlowSite.most_in_flight == 2
    assert SlowSite.connections <= 3


def test_the_floor_is_kept_above_the_priority_the_delay_was_set_with():
    from scrapy.settings import Settings

    settings = Settings({"DOWNLOAD_DELAY": 1.5})
    keep_per_site_limit(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == 1.5  # a real delay is left alone
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    keep_per_site_limit(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == MIN_DOWNLOAD_DELAY
    assert settings.getpriority("DOWNLOAD_DELAY") > Settings({"X": 1}, priority="cmdline").getpriority("X")
