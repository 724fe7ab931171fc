"""`kalendarium harvest`: progress while it runs, a summary table per source at the end.

Exit status: 0 every source succeeded, 3 some source failed or was held, 1 the run itself
failed (another harvest holds the lock, data/ not writable, disk full, bad sources file).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_RUN_FAILED, EXIT_SOME_FAILED = 0, 1, 3


def _cli_helpers():
    from kalendarium import cli

    return cli


def _pairs(ctx, param, values):
    return _cli_helpers()._pairs(ctx, param, values)


def _date(ctx, param, value):
    return _cli_helpers()._date(ctx, param, value)


def _scrapyd_urls(ctx, param, value):
    """--scrapyd http://a:6800,http://b:6800 → the list of URLs (None without the option)."""
    if not value:
        return None
    urls = [url.strip() for url in value.split(",") if url.strip()]
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{url!r} is not a Scrapyd URL such as http://10.0.0.5:6800")
    return urls or None


def disabled_note(source, sources_path) -> str:
    from kalendarium.sources_cli import check_command

    reason = f" ({source.disabled_reason})" if source.disabled_reason else ""
    return (f"{source.id} is disabled{reason}, so it is not harvested: set `enabled: true` in "
            f"{source.file or sources_path}, or try it without publishing: {check_command(source.id, sources_path)}")


def status_word(result) -> str:
    return {"ok": "ok", "held": "HELD"}.get(result.status or ("ok" if result.ok else "failed"), "FAILED")


class Progress:
    """One status line rewritten in place on a terminal; one plain log line per source otherwise."""

    def __init__(self, stream=None, total: int = 0):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total, self.events, self.errors = total, 0, 0
        self.width = 0

    def __call__(self, result, done: int, total: int) -> None:
        self.total = total
        self.events += len(result.records)
        self.errors += 0 if result.ok else 1
        seconds = f"{result.seconds:.1f} s" if result.seconds is not None else "?"
        if self.tty:
            line = (f"[{done}/{total} sources] {self.events} events, {self.errors} error(s) · "
                    f"{result.source['id']} {'ok' if result.ok else 'FAILED'}")
            padding = max(0, self.width - len(line))
            self.width = len(line)
            self.stream.write("\r" + line + " " * padding)
            self.stream.flush()
        else:
            outcome = (f"failed: {result.error}" if not result.ok else "ok, unchanged since the last harvest"
                       if result.unchanged else f"ok, {len(result.records)} events")
            self.stream.write(f"[{done}/{total}] {result.source['id']}: {outcome} ({seconds})\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.tty and self.width:
            self.stream.write("\n")
            self.stream.flush()


@click.command("harvest", short_help="Harvest the enabled sources and publish the database.")
@click.option("--sources", "sources_path", default="sources.yaml", show_default=True,
              type=click.Path(), help="The sources file, or a folder of *.yaml (or *.yml) sources files.")
@click.option("--db", "db_path", default="data/kalendarium.db", show_default=True, type=click.Path(dir_okay=False),
              help="The database to publish (replaced atomically).")
@click.option("--only", multiple=True, metavar="ID", help="Harvest only these source ids (repeatable).")
@click.option("--var", "variables", multiple=True, callback=_pairs, metavar="NAME=VALUE",
              help="Set a ${NAME} used in the sources file's urls.")
@click.option("-s", "--setting", "settings", multiple=True, callback=_pairs, metavar="KEY=VALUE",
              help="Override a Scrapy setting for this run, e.g. -s DOWNLOAD_DELAY=0.")
@click.option("--today", callback=_date, metavar="YYYY-MM-DD",
              help="Treat this day as today (year inference, series start). Default: today.")
@click.option("--horizon-days", default=365, show_default=True, help="How far ahead series are unrolled.")
@click.option("--keep-days", default=730, show_default=True, type=click.IntRange(min=0),
              help="Keep past occurrences this many days for analysts (0: keep everything).")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="HTTP cache folder (default data/httpcache).")
@click.option("--workers", type=click.IntRange(min=1), envvar="KALENDARIUM_WORKERS",
              help="Crawl in this many processes, one per core [default: the number of cores, "
                   "but 1 per 25 sources at most; env KALENDARIUM_WORKERS].")
@click.option("--scrapyd", "scrapyd_urls", callback=_scrapyd_urls, envvar="KALENDARIUM_SCRAPYD",
              metavar="URL[,URL…]",
              help="Crawl on these Scrapyd daemons instead of here, one job per source, handed out as the "
                   "daemons take them; this machine reads their item feeds and publishes the same database. "
                   "Each daemon needs Kalendarium installed and items_dir set (docs/scrapyd.md). A daemon that "
                   "cannot be used gets no source; one lost during the run fails only the sources it had "
                   "[env KALENDARIUM_SCRAPYD].")
def harvest_command(sources_path, db_path, only, variables, settings, today, horizon_days, keep_days, cache_dir,
                    workers, scrapyd_urls):
    """Harvest the enabled sources and publish the database.

    Shows progress while it runs (a status line on a terminal, a log line per source
    otherwise) and ends with a table per source: status, events new / updated / removed,
    time taken and the error in plain words. A failed source keeps the events it had; a
    source that suddenly yields nothing or would lose more than a fifth of its upcoming
    events is HELD (keeps them) until `kalendarium sources accept ID`.

    \b
    Exit status:
      0  every source succeeded
      3  some source failed or was held (the others were published)
      1  the run itself failed (another harvest running, data/ not writable, disk full …);
         the published database is unchanged

    \b
    Examples:
      kalendarium harvest
      kalendarium harvest --only kronoby-samklang -s DOWNLOAD_DELAY=0
      kalendarium harvest --sources sources/ --workers 4
    """
    from kalendarium.harvest import HarvestError, LockError, harvest
    from kalendarium.sources import SourcesError, load_sources
    from kalendarium.sources_cli import no_such_source
    from kalendarium.workers import default_workers

    try:
        sources = load_sources(sources_path, variables)
    except SourcesError as error:
        raise click.ClickException(str(error)) from None
    if only:
        unknown = set(only) - {source.id for source in sources}
        if unknown:
            raise click.ClickException(no_such_source(sources_path, sorted(unknown), sources))
        sources_to_run = [source for source in sources if source.id in only]
        for source in sources_to_run:
            if not source.enabled:  # --only does not harvest a disabled source: say so, and what does
                click.echo(disabled_note(source, sources_path), err=True)
    else:
        sources_to_run = sources
    enabled = sum(source.enabled for source in sources_to_run)
    if not enabled:
        raise click.ClickException(f"{sources_path}: no enabled source to harvest")
    click.echo(f"Harvesting {enabled} source(s) from {sources_path} …", err=True)
    progress = Progress(total=enabled)
    try:
        report = harvest(sources_to_run, Path(db_path), today=today, horizon_days=horizon_days,
                         settings=settings, cache_dir=Path(cache_dir) if cache_dir else None,
                         keep_days=keep_days or None, on_source_done=progress,
                         workers=workers or default_workers(enabled), scrapyd=scrapyd_urls)
    except (HarvestError, LockError) as error:
        progress.finish()
        raise click.ClickException(str(error)) from None
    progress.finish()
    print_report(report, db_path)
    sys.exit(EXIT_SOME_FAILED if report.failed else EXIT_OK)


def print_report(report, db_path) -> None:
    """One line per source, starting with its id; failures say FAILED, held sources HELD."""
    width = max([len(r.source["id"]) for r in report.results] + [6])
    click.echo(f"{'source':<{width}}  {'status':<6}  {'new':>5}  {'updated':>7}  {'removed':>7}  "
               f"{'events':>6}  {'time':>6}  error")
    for result in report.results:
        status = status_word(result)
        changed = result.status == "ok"
        events = result.kept if result.kept is not None else len(result.records)  # unchanged: what it keeps
        numbers = (f"{result.new if changed else '-':>5}  {result.updated if changed else '-':>7}  "
                   f"{result.removed if changed else '-':>7}  "
                   f"{events if result.status in ('ok', 'held') else '-':>6}")
        seconds = f"{result.seconds:.1f}s" if result.seconds is not None else "-"
        click.echo(f"{result.source['id']:<{width}}  {status:<6}  {numbers}  {seconds:>6}  {result.error or ''}")
    summary = report.summary
    held = f", {summary['sources_held']} held" if summary.get("sources_held") else ""
    click.echo(f"{summary['sources_ok']} source(s) ok, {summary['sources_failed']} failed{held}; "
               f"{db_path} has {summary['events']} events and {summary['occurrences']} occurrences "
               f"({report.seconds:.1f} s{_phases(report)}).")


def _phases(report) -> str:
    if report.crawl_seconds is None or report.publish_seconds is None:
        return ""
    return f": crawling {report.crawl_seconds:.1f} s, publishing {report.publish_seconds:.1f} s"
