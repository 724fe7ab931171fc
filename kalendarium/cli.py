"""The `kalendarium` command line."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from datetime import date
from pathlib import Path

import click

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("data/kalendarium.db")
DATASETTE_DIR = PROJECT_ROOT / "datasette"
LANGUAGES = ["sv", "fi", "en"]


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-03-04") from None


def _zone(ctx, param, value):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"{value!r} is not a time zone such as Europe/Helsinki") from None
    return value


def _pairs(ctx, param, values) -> dict:
    pairs = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{value!r} should look like NAME=VALUE")
        pairs[key] = setting
    return pairs


today_option = click.option("--today", callback=_date, metavar="YYYY-MM-DD",
                            help="Treat this day as today (year inference, series start). Default: today.")
tz_option = click.option("--tz", default="Europe/Helsinki", show_default=True, callback=_zone,
                         help="Time zone for times that do not give one.")
lang_option = click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the text (a hint).")


@click.group()
@click.version_option(package_name="kalendarium")
def cli():
    """Kalendarium: harvest wellbeing activities from Nordic websites into one catalogue.

    \b
    Typical use:
      kalendarium demo                  try it all on the bundled demo sites
      kalendarium sources --help        adding sources and following them
      kalendarium harvest               sources.yaml into data/kalendarium.db
      kalendarium sources status        which sources need care, and what to do
      kalendarium serve                 the catalogue on http://127.0.0.1:8001/
      kalendarium extract URL           what one page, feed or calendar holds
      kalendarium parse-date "ti 4.3. klo 13–15"   how a time in words is read

    Every command has --help, with examples.
    """


@cli.command("parse-date", short_help="Read a time written in words, as JSON.")
@click.argument("text")
@lang_option
@today_option
@tz_option
def parse_date(text, lang, today, tz):
    """Read a free-text time such as "ti 4.3. klo 13–15" or "varje tisdag kl. 13–15".

    Prints one JSON object {start, end, all_day, rrule, exdates}, with "rdates" when the
    text lists further days at the same time and "also" (a list of such objects) when it
    gives further rules: other days at other times ("mån–tors 9–15, fre 9–13"), further
    ranges ("8.–9.12. och 15.–16.12."). A series starts at its first occurrence on or after
    --today. Exits with status 1 if the text cannot be read.

    \b
    Examples:
      kalendarium parse-date "La 12.12. klo 14" --today 2026-11-25
      kalendarium parse-date "joka tiistai klo 10–11"
      kalendarium parse-date "tisdag 4 mars 2025 kl. 13.00–15.00"
      kalendarium parse-date "mån–tors 9–15, fre 9–13"
    """
    from normalise.dates import DateParseError, parse_when

    try:
        parsed = parse_when(text, lang=lang, today=today, tz=tz)
    except DateParseError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(parsed.to_json(), ensure_ascii=False))


@cli.command(short_help="Every event in one page, feed or calendar, as JSON lines.")
@click.argument("source")
@click.option("--kind", type=click.Choice(["ical", "rss", "jsonld", "html", "tribe", "linkedevents", "json", "xml"]),
              help="What the document is. Default: detected from its content.")
@click.option("--url", help="The address the document came from (for relative links), when SOURCE is a file.")
@today_option
@lang_option
@tz_option
@click.option("--horizon-days", default=365, show_default=True, help="How far ahead series are unrolled.")
@click.option("--occurrences/--no-occurrences", default=False, show_default=True,
              help="Include each record's expanded occurrences.")
def extract(source, kind, url, today, lang, tz, horizon_days, occurrences):
    """Print every event in one document (a file or an http(s)/webcal URL), one JSON per line.

    Past events are printed too; the horizon only limits how far series are unrolled.
    Events that cannot be read are listed on standard error with the reason.

    \b
    Examples:
      kalendarium extract calendar.ics
      kalendarium extract page.html --url https://www.example.fi/evenemang/ --lang sv
    """
    from kalendarium.extract import ExtractError
    from kalendarium.extract import extract as run_extract

    try:
        extraction = run_extract(source, kind=kind, url=url, today=today, lang=lang, tz=tz,
                                 horizon_days=horizon_days)
    except ExtractError as error:
        raise click.ClickException(str(error)) from None
    for record in extraction.records:
        if not occurrences:
            record = {key: value for key, value in record.items() if key != "occurrences"}
        click.echo(json.dumps(record, ensure_ascii=False))
    for note in extraction.notes:
        click.echo(f"note: {note}", err=True)
    for problem in extraction.problems:
        click.echo(f"skipped: {problem}", err=True)
    click.echo(f"{len(extraction.records)} event(s) read as {extraction.kind} from {source}", err=True)


def datasette_command(db_path: str, host: str, port: int) -> list[str]:
    """The read-only Datasette server for the catalogue (immutable file, time-limited SQL)."""
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(db_path),
               "--host", host, "--port", str(port),
               "--setting", "sql_time_limit_ms", "3000", "--setting", "max_returned_rows", "1000"]
    if (DATASETTE_DIR / "metadata.yml").exists():
        command += ["--metadata", str(DATASETTE_DIR / "metadata.yml")]
    if (DATASETTE_DIR / "templates").is_dir():
        command += ["--template-dir", str(DATASETTE_DIR / "templates")]
    if (DATASETTE_DIR / "plugins").is_dir():
        command += ["--plugins-dir", str(DATASETTE_DIR / "plugins")]
    return command


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something listens on the port already (tested as the servers bind: SO_REUSEADDR)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def require_free_port(port: int, option: str, make: str | None = None, host: str = "127.0.0.1") -> None:
    """Refuse a taken port before anything starts, naming the option (and `make` variable,
    e.g. "make demo PORT") that picks another."""
    if not port_in_use(port, host):
        return
    free = next((other for other in range(port + 1, port + 100) if not port_in_use(other, host)), None)
    example = (f", e.g. {option} {free}" + (f" ({make}={free})" if make else "")) if free else ""
    raise click.ClickException(f"port {port} is already in use, perhaps by another demo or catalogue: "
                               f"choose another with {option}{example}")


@cli.command(short_help="Serve the catalogue read-only with Datasette.")
@click.option("--db", "db_path", default=str(DEFAULT_DB), show_default=True, type=click.Path(dir_okay=False),
              help="The database to serve (written by `kalendarium harvest`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 0.0.0.0 for every network interface (put a web server in front).")
@click.option("--port", default=8001, show_default=True, type=int, help="The port to listen on.")
def serve(db_path, host, port):
    """Serve the catalogue read-only with Datasette: the staff's search page at / and SQL for analysts.

    It needs no restart after a harvest: the new database is picked up by itself.

    \b
    Example:
      kalendarium serve --db data/kalendarium.db --port 8001
    """
    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist yet: run `kalendarium harvest` first")
    require_free_port(port, "--port", "make serve PORT", host)
    os.execv(sys.executable, datasette_command(db_path, host, port))


@cli.command("demo-server", short_help="Serve the bundled demo sites until Ctrl-C.")
@click.option("--port", default=8765, show_default=True, type=int,
              help="The port; the demo's sources file expects 8765, else add --var demo=http://127.0.0.1:PORT.")
def demo_server(port):
    """Serve the bundled demo sites (tests/sites/) on 127.0.0.1 until Ctrl-C.

    To try the coordinator's commands on them, leave it running and add `--sources
    sources.demo.yaml` to the command (its home page lists the sites and their kinds).

    \b
    Example:
      kalendarium demo-server &
      kalendarium sources check kronoby-samklang --sources sources.demo.yaml
    """
    from kalendarium.demo_server import make_server

    require_free_port(port, "--port")
    server = make_server(port)
    click.echo(f"Demo sites on http://127.0.0.1:{port}/ (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command(short_help="Demo sites, their harvest and the catalogue (make demo).")
@click.option("--port", default=8001, show_default=True, type=int, help="The catalogue's (Datasette's) port.")
@click.option("--demo-port", default=8765, show_default=True, type=int, help="The demo sites' port.")
@click.option("--db", "db_path", default=str(DEFAULT_DB), show_default=True, type=click.Path(dir_okay=False),
              help="The database the demo harvest writes.")
@click.option("--sources", "sources_path", default="sources.demo.yaml", show_default=True,
              help="The demo's sources file; its urls start with ${demo}, the demo sites' address.")
def demo(port, demo_port, db_path, sources_path):
    """Serve the demo sites, harvest them, and serve the catalogue until Ctrl-C (`make demo`).

    \b
    Example:
      kalendarium demo --port 8010 --demo-port 8766
    """
    from kalendarium.demo_server import serve_in_background

    # both ports before the harvest: the catalogue's address was printed although another
    # server held it, and a taken demo port ended in a traceback
    require_free_port(demo_port, "--demo-port", "make demo DEMO_PORT")
    require_free_port(port, "--port", "make demo PORT")
    _stop_on_signals()
    server, base_url = serve_in_background(demo_port)
    click.echo(f"Demo sites on {base_url}/", err=True)
    try:
        harvest_run = subprocess.run(
            [sys.executable, "-m", "kalendarium", "harvest", "--sources", sources_path, "--db", db_path,
             "--var", f"demo={base_url}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "HTTPCACHE_ENABLED=False"], check=False)
        if harvest_run.returncode not in (0, 3):
            raise click.ClickException("the demo harvest failed; see the messages above")
        click.echo(f"Catalogue on http://127.0.0.1:{port}/ (Ctrl-C stops)", err=True)
        datasette = subprocess.Popen(datasette_command(db_path, "127.0.0.1", port))
        try:
            datasette.wait()
        except KeyboardInterrupt:
            datasette.terminate()
            datasette.wait(timeout=15)
            click.echo("Stopped the catalogue and the demo sites.", err=True)
    finally:
        server.shutdown()
        server.server_close()


def _stop_on_signals() -> None:
    """Ctrl-C and `kill` both stop the demo cleanly, also when started from a script."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, interrupt)


from kalendarium.harvest_cli import harvest_command  # noqa: E402  (progress, summary, exit codes)
from kalendarium.sources_cli import sources  # noqa: E402  (validate, check, add, disable, accept, status)

cli.add_command(harvest_command)
cli.add_command(sources)


def main():
    cli()


if __name__ == "__main__":
    main()
