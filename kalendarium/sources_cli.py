"""`kalendarium sources …`: the data coordinator's commands.

validate  every problem in the sources files at once, with line numbers
check     harvest one source into a throw-away database and show what it yields
add       append a validated entry, keeping the file's comments and order
disable   enabled: false with the reason, keeping the file's comments
accept    let the next harvest replace a held source's events
status    each source's health: last success, failures in a row, events now vs a week ago
discover  what a homepage offers, tried, and a ready entry (appended with --add)
rederive  the events again from the last good harvest's archived pages, without crawling
save-page a source's page as a test file
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from kalendarium.sources import KINDS, ORGANISER_TYPES

DEFAULT_SOURCES = "sources.yaml"
DEFAULT_DB = "data/kalendarium.db"


def _pairs(ctx, param, values):
    from kalendarium.cli import _pairs as pairs

    return pairs(ctx, param, values)


def _date(ctx, param, value):
    from kalendarium.cli import _date as to_date

    return to_date(ctx, param, value)


sources_option = click.option("--sources", "sources_path", default=DEFAULT_SOURCES, show_default=True,
                              type=click.Path(), help="The sources file, or a folder of *.yaml (or *.yml) files.")
var_option = click.option("--var", "variables", multiple=True, callback=_pairs, metavar="NAME=VALUE",
                          help="Set a ${NAME} used in the sources file's urls.")
db_option = click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                         help="The published database.")


def _load(sources_path, variables):
    from kalendarium.sources import SourcesError, load_sources

    try:
        return load_sources(sources_path, variables)
    except SourcesError as error:
        raise click.ClickException(str(error)) from None


def _find(sources, source_id, sources_path):
    for source in sources:
        if source.id == source_id:
            return source
    raise click.ClickException(no_such_source(sources_path, [source_id], sources))


def check_command(source_id: str, sources_path) -> str:
    """The `sources check` command line for a source, with --sources unless it is the default."""
    where = "" if str(sources_path) == DEFAULT_SOURCES else f" --sources {sources_path}"
    return f"kalendarium sources check {source_id}{where}"


def no_such_source(sources_path, source_ids, sources) -> str:
    """'sources.yaml: no source with id 'kronoby-samklng': did you mean 'kronoby-samklang'?'"""
    import difflib

    ids = [source.id for source in sources]
    close = {source_id: difflib.get_close_matches(source_id, ids, n=1, cutoff=0.6) for source_id in source_ids}
    return f"{sources_path}: " + "; ".join(
        f"no source with id {source_id!r}" + (f": did you mean {close[source_id][0]!r}?" if close[source_id] else "")
        for source_id in source_ids)


def _table(rows: list[list], headers: list[str], widths: dict | None = None) -> None:
    widths = widths or {}
    cells = [[_cut(value, widths.get(i)) for i, value in enumerate(row)] for row in rows]
    sizes = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(sizes[i]) for i, h in enumerate(headers)).rstrip())
    for row in cells:
        click.echo("  ".join(value.ljust(sizes[i]) for i, value in enumerate(row)).rstrip())


def _cut(value, width: int | None) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


@click.group("sources", short_help="The coordinator's commands: add, check, follow sources.")
def sources():
    """The coordinator's commands: add, check and follow the sources.

    \b
    Adding a source:
      kalendarium sources discover URL        what the site offers, an entry
      kalendarium sources add --id … --url …  or edit sources.yaml, then
      kalendarium sources validate            every typo, with its line
      kalendarium sources check ID            its events, nothing published
      kalendarium harvest --only ID           publish it
    Later:
      kalendarium sources status              which need care, and what to do

    They read sources.yaml unless given --sources FILE or FOLDER, and the published
    data/kalendarium.db unless given --db.
    """


@sources.command("validate", short_help="Every problem in sources files, with line numbers.")
@click.argument("files", nargs=-1, type=click.Path())
@var_option
def validate(files, variables):
    """Check sources files or folders of them (default: sources.yaml) before anything is fetched.

    Every problem is printed at once, naming the file, the source, its line and what was
    expected. Exit status 0 when all are valid, 1 otherwise.

    \b
    Examples:
      kalendarium sources validate
      kalendarium sources validate sources.yaml sources/ --var demo=http://127.0.0.1:8765
    """
    from kalendarium.sources import SourcesError, load_sources

    failed = False
    for path in files or (DEFAULT_SOURCES,):
        try:
            found = load_sources(path, variables)
        except SourcesError as error:
            click.echo(str(error), err=True)
            failed = True
            continue
        click.echo(f"{path}: {len(found)} source(s), all valid")
    sys.exit(1 if failed else 0)


@sources.command("check", short_help="Harvest one source into a throw-away database: its events.")
@click.argument("source_id", metavar="ID")
@sources_option
@var_option
@click.option("-s", "--setting", "settings", multiple=True, callback=_pairs, metavar="KEY=VALUE",
              help="Override a Scrapy setting, e.g. -s DOWNLOAD_DELAY=0.")
@click.option("--today", callback=_date, metavar="YYYY-MM-DD", help="Treat this day as today.")
@click.option("--horizon-days", default=365, show_default=True, help="How far ahead series are unrolled.")
@click.option("--limit", default=200, show_default=True, help="Show at most this many events.")
def check(source_id, sources_path, variables, settings, today, horizon_days, limit):
    """Harvest one source into a throw-away database and show its events as a table.

    Also a disabled source. Shows what was skipped and why, and the failure if any. The
    published database is not touched. Exit status 0 when events were read, 3 otherwise.

    \b
    Example:
      kalendarium sources check kronoby-samklang -s DOWNLOAD_DELAY=0
    """
    from kalendarium.harvest import HarvestError, LockError, harvest

    source = replace(_find(_load(sources_path, variables), source_id, sources_path), enabled=True)
    scratch = Path(tempfile.mkdtemp(prefix="kalendarium-check-"))
    try:
        click.echo(f"Checking {source.id} ({source.kind}) {source.url} …", err=True)
        settings = {"HTTPCACHE_ENABLED": "False", **settings}
        try:
            report = harvest([source], scratch / "check.db", today=today, horizon_days=horizon_days,
                             settings=settings, keep_days=None)
        except (HarvestError, LockError) as error:
            raise click.ClickException(str(error)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result = report.results[0]
    records = sorted(result.records, key=lambda r: (r.get("start") or "", r.get("title") or ""))
    if records:
        _table([[r.get("start"), r.get("title"), r.get("location"), r.get("status"),
                 r.get("rrule") or "", len(r.get("occurrences") or [])] for r in records[:limit]],
               ["start", "title", "location", "status", "series", "dates"], {1: 50, 2: 30, 4: 24})
        if len(records) > limit:
            click.echo(f"… and {len(records) - limit} more")
    for problem in result.problems:
        click.echo(f"skipped: {problem}")
    if result.error:
        click.echo(f"FAILED: {result.error}")
    click.echo(f"{source.id}: {len(records)} event(s), {len(result.problems)} skipped "
               f"({result.seconds or 0:.1f} s)", err=True)
    sys.exit(0 if records and result.error is None else 3)


@sources.command("add", short_help="Append a validated entry to a sources file.")
@sources_option
@click.option("--to", "target", type=click.Path(dir_okay=False),
              help="The file to append to (default: --sources; required when --sources is a folder).")
@click.option("--id", "source_id", required=True, help="Lower-case letters, digits and '-'; never change it later.")
@click.option("--name", required=True, help="The organiser's name as staff know it.")
@click.option("--organiser-type", required=True, type=click.Choice(list(ORGANISER_TYPES)),
              help="Who publishes the activities.")
@click.option("--kind", required=True, type=click.Choice(list(KINDS)),
              help="How the url is read: auto (the best the page offers), ical, rss (or Atom), jsonld "
                   "(schema.org), html (a plain page), tribe (WordPress' The Events Calendar), linkedevents. "
                   "`sources discover URL` suggests one.")
@click.option("--url", required=True, help="http(s):// or webcal://; ${NAME} from variables.")
@click.option("--municipality", help="The municipality's Finnish name.")
@click.option("--language", type=click.Choice(["sv", "fi", "en"]), help="The main language of the texts.")
@click.option("--timezone", help="IANA zone when not the default (Europe/Helsinki).")
@click.option("--option", "options", multiple=True, callback=_pairs, metavar="KEY=VALUE",
              help="A kind-specific option (value read as YAML), e.g. --option max_pages=5.")
@var_option
def add(sources_path, target, source_id, name, organiser_type, kind, url, municipality, language, timezone,
        options, variables):
    """Append a validated entry to a sources file, keeping its comments and order.

    The entry is refused, and the file left alone, if it would not validate.

    \b
    Example:
      kalendarium sources add --id jakobstad-bibliotek --name "Jakobstads bibliotek" \\
          --organiser-type municipality --kind html --url https://example.fi/bibliotek/ \\
          --language sv --option max_pages=3
    """
    from kalendarium.sources import SourcesError, add_source

    others = _load(sources_path, variables)
    if target is None:
        if Path(sources_path).is_dir():
            raise click.ClickException(f"{sources_path} is a folder: say which file with --to FILE")
        target = sources_path
    target_path = Path(target)
    if Path(sources_path).is_dir() and not _read_with(target_path, Path(sources_path)):
        raise click.ClickException(f"{target} is not read with the folder {sources_path}: the harvest would "
                                   f"never see the source; give --to a *.yaml file in {sources_path}")
    entry = {"id": source_id, "name": name, "organiser_type": organiser_type, "municipality": municipality,
             "language": language, "timezone": timezone, "kind": kind, "url": url,
             "options": {key: _option_value(key, value) for key, value in options.items()}}
    if not target_path.exists():
        target_path.write_text("sources: []\n", encoding="utf-8")
    try:
        add_source(target_path, entry, variables, others=others)
    except SourcesError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{target}: added {source_id}. Try it: {check_command(source_id, sources_path)}")


def _read_with(target: Path, folder: Path) -> bool:
    """Whether `load_sources(folder)` reads `target` (a new file too, once written)."""
    from kalendarium.sources import SOURCES_SUFFIXES

    return (target.resolve().parent == folder.resolve() and target.suffix in SOURCES_SUFFIXES
            and not target.name.startswith("."))


def _option_value(key: str, value: str):
    """--option KEY=VALUE: the value read as YAML, so max_pages=5 is a number and
    selectors={event: .e, title: h3} a mapping."""
    import yaml

    try:
        return yaml.safe_load(value)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at character {mark.column + 1}" if mark is not None else ""
        raise click.BadParameter(f"{key}={value!r} is not a YAML value{where}: "
                                 f"{getattr(error, 'problem', None) or error}", param_hint="'--option'") from None


@sources.command("disable", short_help="Stop harvesting a source, saying why.")
@click.argument("source_id", metavar="ID")
@click.option("--why", required=True, help="Why, for the next coordinator (kept as disabled_reason).")
@sources_option
@var_option
def disable(source_id, why, sources_path, variables):
    """Stop harvesting a source: enabled: false and the reason, keeping the file's comments.

    Its events stay in the catalogue until they pass.

    \b
    Example:
      kalendarium sources disable kronoby-samklang --why "site moved, asked them 2026-11-20"
    """
    from kalendarium.sources import SourcesError, disable_source

    source = _find(_load(sources_path, variables), source_id, sources_path)
    try:
        disable_source(source.file or sources_path, source_id, why, variables)
    except SourcesError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{source.file or sources_path}: {source_id} disabled ({why}). Its events stay in the "
               f"catalogue until they pass; the next harvest skips it.")


@sources.command("accept", short_help="Let a held source's next harvest drop its events.")
@click.argument("source_id", metavar="ID")
@db_option
def accept(source_id, db_path):
    """Accept a held source's drop: the next harvest replaces its events even if many go.

    A source is held when it suddenly yields no events, or would remove more than a fifth of
    its upcoming events; until accepted it keeps its previous events. Look at the site first:
    accept only a drop that is real.

    \b
    Example:
      kalendarium sources accept karleby-evenemang
    """
    from kalendarium.store import accept as record_acceptance

    row = _latest_run(db_path, source_id)
    record_acceptance(db_path, source_id)
    if row and row[0] == "held":
        click.echo(f"{source_id}: accepted ({row[1]}). The next harvest replaces its events.")
    else:
        state = f"its last harvest was {row[0]}" if row else "it has not been harvested yet"
        click.echo(f"{source_id}: accepted, although it is not held ({state}). The next harvest "
                   f"replaces its events whatever it finds.")


def _connect(db_path):
    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist yet: run `kalendarium harvest` first")
    return sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)


def _latest_run(db_path, source_id):
    connection = _connect(db_path)
    try:
        known = connection.execute("select 1 from sources where id = ?", [source_id]).fetchone()
        if not known:
            raise click.ClickException(f"{db_path}: no source with id {source_id!r}")
        return connection.execute("select status, error from harvest_runs where source_id = ? "
                                  "order by run_id desc, id desc limit 1", [source_id]).fetchone()
    finally:
        connection.close()


@sources.command("status", short_help="Each source's health, and what to do about trouble.")
@db_option
@click.option("--sources", "sources_path", default=DEFAULT_SOURCES, show_default=True, type=click.Path(),
              help="The sources file (or folder): its sources not harvested yet are listed too.")
@var_option
@click.option("--all", "show_all", is_flag=True, help="Also sources that are disabled.")
def status(db_path, sources_path, variables, show_all):
    """Each source's health (the source_health view): last success, failures in a row, events
    now vs a week ago, the last error in plain words. Sources needing attention come first,
    and what to do about them is said after the table. A source added to the sources file
    since the last harvest is listed as NEVER.

    \b
    Example:
      kalendarium sources status --db data/kalendarium.db
    """
    connection = _connect(db_path)
    try:
        rows = connection.execute(
            "select source_id, enabled, last_status, last_success, failures_in_row, events_now, events_week_ago, "
            "last_error from source_health "
            "order by (last_status = 'ok') , failures_in_row desc, source_id").fetchall()
    except sqlite3.OperationalError as error:
        raise click.ClickException(f"{db_path} has no source health yet ({error}): run a harvest first") from None
    finally:
        connection.close()
    rows = _not_harvested_yet(sources_path, variables, {row[0] for row in rows}) + rows
    shown = [row for row in rows if show_all or row[1]]
    _table([[source_id, (last_status or "never").upper() if last_status != "ok" else "ok",
             (last_success or "never")[:16].replace("T", " "), failures,
             "-" if now is None else now, "-" if week is None else week,
             error if last_status != "ok" else ""]
            for source_id, enabled, last_status, last_success, failures, now, week, error in shown],
           ["source", "status", "last success", "failures", "events", "week ago", "last error"])  # the error whole
    attention = sum(1 for row in shown if row[2] != "ok")
    click.echo(f"{len(shown)} source(s), {attention} need attention.", err=True)
    for status_name, advice in NEXT_STEPS.items():
        ids = [row[0] for row in shown if (row[2] or "never") == status_name]
        if ids:
            click.echo(f"{status_name.upper()} {', '.join(ids)}: {advice}", err=True)


def _not_harvested_yet(sources_path, variables, known: set[str]) -> list[tuple]:
    """Status rows for the sources file's sources the database has never seen (added since
    the last harvest). None without the sources file, or when the database holds none of its
    sources (it was harvested from another file, such as the demo's)."""
    from kalendarium.sources import SourcesError, load_sources

    if not Path(sources_path).exists():
        return []
    try:
        found = load_sources(sources_path, variables)
    except SourcesError:
        click.echo(f"{sources_path} is not valid (see `kalendarium sources validate`): its new sources are "
                   f"not listed", err=True)
        return []
    if not known & {source.id for source in found}:
        return []
    return [(source.id, source.enabled, None, None, 0, None, None, None) for source in found if source.id not in known]


# What a coordinator does about a source in each state (`sources status` prints the ones present).
NEXT_STEPS = {
    "failed": "the events they had are kept. See why with `kalendarium sources check ID`; a page that moved needs its "
              "new url in the sources file (`kalendarium sources discover` on the site's homepage finds it); "
              "a site that is gone: `kalendarium sources disable ID --why \"…\"`. Short outages pass by themselves.",
    "held": "each suddenly lost most of its events, which are kept. Look at the site; if the drop is real, "
            "`kalendarium sources accept ID` lets the next harvest replace them.",
    "never": "not harvested yet: `kalendarium harvest --only ID`.",
}


@sources.command("discover", short_help="What a homepage offers, and a ready sources entry.")
@click.argument("url")
@click.option("--sources", "sources_path", default=DEFAULT_SOURCES, show_default=True, type=click.Path(),
              help="The sources file: the suggested id is not one of its ids, and --add appends to it.")
@click.option("--add", "add_entry", is_flag=True, help="Append the suggested entry to the sources file.")
@click.option("--today", callback=_date, metavar="YYYY-MM-DD", help="Treat this day as today.")
@click.option("--preview", default=5, show_default=True, help="How many of the events found to show.")
def discover(url, sources_path, add_entry, today, preview):
    """Find what a homepage offers, try each, and print a ready sources.yaml entry.

    Looks for linked feeds (<link rel="alternate">), .ics and webcal: links, The Events
    Calendar and Linked Events APIs, schema.org events, and calendar pages linked from the
    menu (evenemang, kalender, tapahtumat, menot, toiminta …), one level down as well. The
    sources file is only changed with --add.

    \b
    Example:
      kalendarium sources discover https://www.example.fi/
    """
    from kalendarium.discover import discover as find
    from kalendarium.discover import entry_yaml, robots_allows, source_entry
    from kalendarium.extract import ExtractError
    from kalendarium.sources import SourcesError, add_source, load_sources

    try:
        found = find(url, today=today)
    except ExtractError as error:
        raise click.ClickException(str(error)) from None
    _table([[c.kind, c.events, c.upcoming, c.offer.url, _problem(c) if c.error else c.offer.how]
            for c in found.candidates],
           ["read as", "events", "upcoming", "address", "found as / problem"], {3: 70})
    best = found.best
    if best is None:
        raise click.ClickException(f"{url}: no events found in anything the page offers; "
                                   f"try `kind: html` with selectors (see README, Adding a source)")
    path = Path(sources_path)
    existing = set()
    if path.exists():
        try:
            existing = {source.id for source in load_sources(path)}
        except SourcesError:
            pass
    entry = source_entry(found, existing)
    to_add = "municipality:" if entry.get("language") else "municipality: and language: (sv, fi or en)"
    click.echo(f"\nSuggested entry (read as {best.kind}, {best.upcoming} upcoming events; check the name "
               f"and add {to_add}):\n")
    click.echo(entry_yaml(entry))
    if not robots_allows(entry["url"]):
        click.echo(f"Warning: the site's robots.txt does not allow Kalendarium to read {entry['url']}, so its "
                   f"harvest would fail; ask the site's webmaster to let Kalendarium's user agent in.\n")
    records = sorted(best.extraction.records, key=lambda r: r["start"]) if best.extraction else []
    if records:
        click.echo("First events:")
        for record in records[:preview]:
            click.echo(f"  {record['start'][:16].replace('T', ' ')}  {record['title']}")
    if add_entry:
        if path.is_dir():
            raise click.ClickException("--add needs a sources file, not a folder")
        try:
            add_source(path, entry)
        except SourcesError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"\nAdded {entry['id']} to {path}.")


def _problem(candidate) -> str:
    """A candidate's error without its address (beside it in the table) nor, for an HTTP
    status, the advice meant for a source (most candidates are guesses, such as /events/)."""
    problem = candidate.error.removeprefix(f"{candidate.offer.url}: ")
    return problem.split(" (", 1)[0] if problem.startswith("the page answered") else problem


@sources.command("rederive", short_help="Events again from the last good harvest's pages, no crawl.")
@click.argument("source_ids", nargs=-1, metavar="[ID]…")
@sources_option
@var_option
@db_option
@click.option("--today", callback=_date, metavar="YYYY-MM-DD", help="Treat this day as today.")
@click.option("--horizon-days", default=365, show_default=True, help="How far ahead series are unrolled.")
def rederive(source_ids, sources_path, variables, db_path, today, horizon_days):
    """Derive the events again from the raw pages of the last good harvest, without crawling.

    Use it after a fix in a parser or the normaliser. The pages are kept compressed in
    data/raw/ by every harvest; the result is published like a harvest's. Without ids, every
    source is derived again.

    \b
    Example:
      kalendarium sources rederive kronoby-samklang
    """
    from kalendarium.replay import rederive as replay

    sources = _load(sources_path, variables)
    chosen = [_find(sources, source_id, sources_path) for source_id in source_ids] or sources
    results, missing, summary = replay(chosen, Path(db_path), today=today, horizon_days=horizon_days)
    for result in results:
        click.echo(f"{result.source['id']}: {len(result.records)} event(s) from its archived pages"
                   + (f", {len(result.problems)} skipped" if result.problems else ""))
    for source_id in missing:
        click.echo(f"{source_id}: nothing archived yet (harvest it first)", err=True)
    if summary:
        click.echo(f"{db_path} has {summary['events']} events and {summary['occurrences']} occurrences.")
    sys.exit(0 if results else 3)


@sources.command("save-page", short_help="Save a source's harvested page as a test file.")
@click.argument("source_id", metavar="ID")
@click.argument("target", type=click.Path(dir_okay=False))
@db_option
def save_page(source_id, target, db_path):
    """Save a source's page as a test file, e.g. tests/files/<kind>/<id>.html.

    Takes the page of its last failed harvest when it failed last, else of its last good one.

    \b
    Example:
      kalendarium sources save-page kronoby-samklang tests/files/ical/kronoby-samklang.ics
    """
    from kalendarium.harvest import raw_dir_for
    from kalendarium.replay import save_page as save

    try:
        document, failed = save(source_id, raw_dir_for(Path(db_path)), Path(target))
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{target}: {document.url} ({'the failed' if failed else 'the last good'} harvest, "
               f"{Path(target).stat().st_size} bytes)")
