"""Local web servers the tests harvest from (never the internet)."""

from contextlib import contextmanager
from pathlib import Path

import pytest

from kalendarium.demo_server import SITES_DIR, serve_in_background

OFFERS_DIR = Path(__file__).parent / "files" / "offers"


@contextmanager
def served(directory: Path = SITES_DIR):
    """Static sites from `directory` on a free 127.0.0.1 port; yields the base URL."""
    server, base_url = serve_in_background(0, directory=directory)
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()


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
