"""The nightly schedule in deploy/ (and shown in the README) is checked: the systemd units with
`systemd-analyze verify`, the cron line by running its command in a scratch checkout."""

import re
import shutil
import subprocess
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = ["kalendarium-harvest.service", "kalendarium-harvest.timer", "kalendarium-datasette.service"]


def scratch_checkout(tmp_path) -> Path:
    """/srv/kalendarium stand-in: a .venv/bin/kalendarium that works, a data/ folder."""
    checkout = tmp_path / "srv"
    (checkout / ".venv" / "bin").mkdir(parents=True)
    (checkout / "data").mkdir()
    (checkout / ".venv" / "bin" / "kalendarium").symlink_to(ROOT / ".venv" / "bin" / "kalendarium")
    return checkout


def installed_units(tmp_path, checkout) -> Path:
    folder = tmp_path / "units"
    folder.mkdir()
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8").replace("/srv/kalendarium", str(checkout))
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def verify(folder, *names):
    return subprocess.run(["systemd-analyze", "verify", *names], cwd=folder, capture_output=True, text=True,
                          timeout=60)


@pytest.fixture
def systemd_analyze():
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")


def test_the_units_pass_systemd_analyze_verify(tmp_path, systemd_analyze):
    folder = installed_units(tmp_path, scratch_checkout(tmp_path))
    # the check itself works here: a broken unit is refused
    broken = (folder / UNITS[0]).read_text().replace("ExecStart=" + str(tmp_path), "ExecStart=/nonexistent")
    (folder / "broken.service").write_text(broken)
    refused = verify(folder, "broken.service")
    if "Failed to" in refused.stderr and "bus" in refused.stderr.lower():
        pytest.skip(f"systemd-analyze cannot run in this container: {refused.stderr.strip()[:200]}")
    assert refused.returncode != 0 and "is not executable" in refused.stderr
    checked = verify(folder, *UNITS)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == "" and checked.stdout.strip() == ""


def test_the_units_say_what_the_readme_says():
    harvest = (DEPLOY / "kalendarium-harvest.service").read_text()
    timer = (DEPLOY / "kalendarium-harvest.timer").read_text()
    assert "Type=oneshot" in harvest and "SuccessExitStatus=3" in harvest
    assert "ExecStart=/srv/kalendarium/.venv/bin/kalendarium harvest" in harvest
    assert "OnCalendar=*-*-* 02:30:00" in timer and "Persistent=true" in timer
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in UNITS + ["kalendarium.cron"]:
        assert f"deploy/{name}" in readme, name
    cron_line = cron_entry()
    assert cron_line in readme


def cron_entry() -> str:
    lines = [line for line in (DEPLOY / "kalendarium.cron").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == 1
    return lines[0]


def test_the_cron_line_runs_a_harvest(tmp_path):
    fields = cron_entry().split(None, 6)
    minute, hour, day, month, weekday, user, command = fields
    assert (minute, hour, day, month, weekday, user) == ("30", "2", "*", "*", "*", "kalendarium")
    assert "%" not in command  # cron would cut the command at a %
    checkout = scratch_checkout(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "tests" / "files" / "ical" / "seurakunta.ics", site / "parish.ics")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        (checkout / "sources.yaml").write_text(
            "sources:\n  - id: parish\n    name: Parish\n    organiser_type: parish\n    kind: ical\n"
            f"    url: http://127.0.0.1:{server.server_address[1]}/parish.ics\n", encoding="utf-8")
        command = command.replace("/srv/kalendarium", str(checkout))
        command = command.replace("harvest --sources", "harvest -s DOWNLOAD_DELAY=0 -s HTTPCACHE_ENABLED=False "
                                                       "-s AUTOTHROTTLE_ENABLED=False --sources")
        run = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert run.returncode == 0 and run.stdout == "", run.stdout + run.stderr
    log = (checkout / "data" / "harvest.log").read_text()
    assert re.search(r"^parish\s+ok\s", log, re.M), log
    assert (checkout / "data" / "kalendarium.db").exists()
