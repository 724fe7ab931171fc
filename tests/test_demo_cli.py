"""`kalendarium demo`, `demo-server` and `serve`: a taken port is refused in plain words before
anything starts, and the demo sites' home page lists them."""

import socket
import urllib.request
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from kalendarium.cli import cli


@contextmanager
def taken_port():
    """A port something listens on (another engineer's demo, say)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def invoke(*args):
    return CliRunner().invoke(cli, [str(arg) for arg in args])


@pytest.mark.parametrize("option, make", [("--port", "make demo PORT"), ("--demo-port", "make demo DEMO_PORT")])
def test_demo_refuses_a_taken_port_before_harvesting(tmp_path, option, make):
    # a taken catalogue port printed "Catalogue on http://127.0.0.1:PORT/" over another server
    # and exited 0; a taken demo port ended in a traceback
    db = tmp_path / "demo.db"
    with taken_port() as port:
        other = "--demo-port" if option == "--port" else "--port"
        result = invoke("demo", option, port, other, 0, "--db", db)
    assert result.exit_code == 1
    assert f"port {port} is already in use, perhaps by another demo or catalogue: choose another with {option}" \
        in result.output
    assert f"({make}=" in result.output
    assert "Traceback" not in result.output and not db.exists()


def test_demo_server_refuses_a_taken_port():
    with taken_port() as port:
        result = invoke("demo-server", "--port", port)
    assert result.exit_code == 1 and f"port {port} is already in use" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_serve_refuses_a_taken_port(tmp_path):
    db = tmp_path / "k.db"
    db.write_bytes(b"")
    with taken_port() as port:
        result = invoke("serve", "--db", db, "--port", port)
    assert result.exit_code == 1 and "(make serve PORT=" in result.output


def test_the_demo_sites_home_page_lists_every_demo_source(demo_url):
    # the README points at http://127.0.0.1:8765/, which answered 404
    with urllib.request.urlopen(demo_url + "/") as response:
        page = response.read().decode("utf-8")
    assert f'<a href="{demo_url}/samklang/kalender.ics">' in page
    assert "<b>kronoby-samklang</b> (ical)" in page and "<b>havsbrisen-pensionarer</b> (tribe)" in page
