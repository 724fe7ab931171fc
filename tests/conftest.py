"""Local web servers the tests harvest from (never the internet)."""

import socket
import subprocess
import threading
import time
import urllib.request
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kalendarium.cli import datasette_command
from kalendarium.demo_server import SITES_DIR, serve_in_background

ROOT = Path(__file__).resolve().parent.parent

OFFERS_DIR = Path(__file__).parent / "files" / "offers"
CALENDAR = (ROOT / "tests" / "files" / "ical" / "seurakunta.ics").read_bytes()
BIG = 50 * 1024 * 1024


@contextmanager
def served(directory: Path = SITES_DIR):
    """Static sites from `directory` on a free 127.0.0.1 port; yields the base URL."""
    server, base_url = serve_in_background(0, directory=directory)
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def handler_served(handler):
    """A threaded HTTP server answering with `handler` (a BaseHTTPRequestHandler class) on a
    free 127.0.0.1 port; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def datasette_served(db_path: Path, log=None, timeout: float = 30):
    """`kalendarium serve`'s Datasette (immutable, our plugins) on a free port; yields its base
    URL once it answers. Its output goes to `log` (an open file) or is kept for the error."""
    port = free_port()
    output = {"stdout": log, "stderr": subprocess.STDOUT} if log else {"stdout": subprocess.DEVNULL,
                                                                         "stderr": subprocess.PIPE}
    process = subprocess.Popen(datasette_command(str(db_path), "127.0.0.1", port), cwd=ROOT, **output)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    said = f"see {log.name}" if log else process.stderr.read().decode()[-2000:]
                    raise RuntimeError(f"Datasette did not start: {said}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


class FaultyCalendars(BaseHTTPRequestHandler):
    """A calendar site that misbehaves on purpose, path by path: /good.ics and /good2.ics
    answer at once, /slow.ics after 5 s, /hang.ics not for a minute; /error.ics is a 500,
    /loop.ics redirects to itself, /moved.ics to /good.ics, /to-https.ics to an https address
    nothing answers on, /forbidden.ics is a 403 (a site that turns away programs), /big.ics is 50 MB, /malformed.ics is cut off; anything
    else (robots.txt too) is a 404."""

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/calendar", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        try:
            if path in ("/good.ics", "/good2.ics"):
                self.send(200, CALENDAR)
            elif path == "/slow.ics":
                time.sleep(5)
                self.send(200, CALENDAR)
            elif path == "/hang.ics":
                time.sleep(60)
            elif path == "/error.ics":
                self.send(500, b"Internal Server Error", "text/plain")
            elif path == "/loop.ics":
                self.send(302, b"", headers=[("Location", "/loop.ics")])
            elif path == "/moved.ics":
                self.send(301, b"", headers=[("Location", "/good.ics")])
            elif path == "/to-https.ics":
                self.send(301, b"", headers=[("Location", f"https://127.0.0.1:{free_port()}/to-https.ics")])
            elif path == "/forbidden.ics":
                self.send(403, b"<h1>Access denied</h1>", "text/html")
            elif path == "/big.ics":
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar")
                self.send_header("Content-Length", str(BIG))
                self.end_headers()
                chunk = b"X" * (1024 * 1024)
                for _ in range(50):
                    self.wfile.write(chunk)
            elif path == "/malformed.ics":
                self.send(200, CALENDAR[: len(CALENDAR) // 2])
            else:
                self.send(404, b"not here", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="session")
def faulty_site():
    """FaultyCalendars on a free port: the base URL."""
    with handler_served(FaultyCalendars) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def demo_url():
    """The bundled demo world (tests/sites/)."""
    with served() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def offers_url():
    """Small sites that offer feeds, APIs and calendar pages (tests/files/offers/)."""
    with served(OFFERS_DIR) as base_url:
        yield base_url
