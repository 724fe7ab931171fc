"""A static web server for the bundled demo sites (tests/sites/) on 127.0.0.1.

It behaves like the real sites where that matters to a harvester: content types by file
kind, HTML without a charset header (pages declare their own, some Latin-1), a robots.txt,
ETag and Last-Modified for conditional GET, and query strings mapped to saved answers
(`events?page=2` is the file `events@page=2`), which an API such as WordPress' needs.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import mimetypes
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITES_DIR = Path(__file__).resolve().parent.parent / "tests" / "sites"
DEMO_SOURCES = SITES_DIR.parent.parent / "sources.demo.yaml"
CONTENT_TYPES = {
    ".ics": "text/calendar; charset=utf-8",
    ".xml": "application/rss+xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain; charset=utf-8",
}
JSON_FOLDERS = ("wp-json/", "api/")


class DemoSiteHandler(SimpleHTTPRequestHandler):
    server_version = "KalendariumDemo/1.0"

    def do_GET(self):
        path = self.resolve(self.path)
        if path is None and urlsplit(self.path).path == "/" and Path(self.directory).resolve() == SITES_DIR:
            self.send_page(index_page(f"http://{self.headers.get('Host') or '127.0.0.1'}"))
            return
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "No such page")
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.content_type(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def send_page(self, body: bytes) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def resolve(self, raw_path: str) -> Path | None:
        """The file for a request path: `path@query` first, then `path`, then an index file."""
        parts = urlsplit(raw_path)
        relative = unquote(parts.path).lstrip("/")
        root = Path(self.directory).resolve()
        candidates = []
        if parts.query:
            candidates.append(relative.rstrip("/") + "@" + unquote(parts.query))
        candidates += [relative, relative.rstrip("/") + "/index.html", relative.rstrip("/") + "/index.json"]
        for candidate in candidates:
            path = (root / candidate).resolve()
            if path.is_file() and root in path.parents:
                return path
        return None

    def content_type(self, path: Path) -> str:
        relative = path.relative_to(Path(self.directory).resolve()).as_posix()
        if path.suffix.lower() in CONTENT_TYPES:
            return CONTENT_TYPES[path.suffix.lower()]
        if any(folder in relative for folder in JSON_FOLDERS):
            return CONTENT_TYPES[".json"]
        return mimetypes.guess_type(path.name)[0] or "application/octet-stream"

    def log_message(self, format, *args):  # quiet: the harvest prints what matters
        pass


def index_page(base_url: str) -> bytes:
    """The demo world's home page (the README sends newcomers to it; it answered 404): every
    demo source with its id, kind and address, to try `extract`, `sources discover` and `check` on."""
    from kalendarium.sources import load_sources

    items = "".join(
        f'<li><a href="{html.escape(source.url)}">{html.escape(source.url)}</a>: <b>{html.escape(source.id)}</b> '
        f'({html.escape(source.kind)}) – {html.escape(source.name)}</li>\n'
        for source in load_sources(DEMO_SOURCES, {"demo": base_url}))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Kalendarium demo sites</title>'
            f'</head><body><h1>Kalendarium demo sites</h1><p>Invented sites (tests/sites/), one per source of '
            f'sources.demo.yaml; add <code>--sources sources.demo.yaml</code> to the coordinator\'s commands to '
            f'use their ids.</p>\n<ul>\n{items}</ul></body></html>\n').encode("utf-8")


def make_server(port: int = 8765, host: str = "127.0.0.1", directory: Path = SITES_DIR) -> ThreadingHTTPServer:
    handler = partial(DemoSiteHandler, directory=str(directory))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_background(port: int = 0, directory: Path = SITES_DIR) -> tuple[ThreadingHTTPServer, str]:
    """Start the server on a thread; returns it and its base URL (port 0 picks a free port)."""
    server = make_server(port, directory=directory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, bound_port = server.server_address[:2]
    return server, f"http://{host}:{bound_port}"
