"""The SQLite store: canonical records in, one published database file out.

The published file is never written in place. `publish` copies the last good database
into a temporary file beside it, replaces the rows of each source that harvested
successfully (a failed source keeps its previous rows), checks the result, and only then
swaps it in with an atomic `os.replace`. A crash at any point leaves the old file served.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import sqlite_utils

from kalendarium.views import create_views
from normalise.duplicates import group_duplicates

SOURCE_COLUMNS = (
    "id", "name", "organiser_type", "municipality", "language", "timezone", "kind", "url", "enabled",
)

EVENT_COLUMNS = {
    "id": str, "source_id": str, "source_event_id": str, "title": str, "description": str,
    "start": str, "end": str, "all_day": int, "timezone": str, "rrule": str, "exdates": str,
    "status": str, "location": str, "address": str, "municipality": str, "url": str,
    "language": str, "organiser": str, "organiser_type": str, "keywords": str,
    "categories": str, "audiences": str, "free_of_charge": int, "registration_required": int,
    "accessibility": str, "classification": str,
    "extraction": str, "harvest_run_id": str, "first_seen": str, "last_seen": str,
}

OCCURRENCE_COLUMNS = {
    "id": str, "event_id": str, "source_id": str, "start": str, "end": str,
    "start_utc": str, "end_utc": str, "date": str, "all_day": int, "status": str,
}

HARVEST_RUN_COLUMNS = {
    "id": int, "run_id": str, "source_id": str, "started": str, "finished": str,
    "status": str, "events": int, "occurrences": int, "error": str,
    "events_new": int, "events_updated": int, "events_removed": int, "seconds": float,
}

# Changes over time: when an event last changed, where a moved event was first planned, and
# one row per changed field per harvest (`event_changes`).
HISTORY_COLUMNS = {"updated": str, "rescheduled_from": str}

EVENT_CHANGE_COLUMNS = {
    "id": int, "event_id": str, "source_id": str, "run_id": str, "field": str, "old": str, "new": str,
    "changed_at": str,
}

# The fields whose changes are kept in event_changes (bookkeeping columns are not).
TRACKED_FIELDS = (
    "title", "description", "start", "end", "all_day", "timezone", "rrule", "exdates", "status",
    "location", "address", "municipality", "url", "language", "organiser", "organiser_type",
    "keywords", "categories", "audiences", "free_of_charge", "registration_required", "accessibility",
)

# A source is held (keeps its previous events) when it suddenly yields nothing or would remove
# more than this share of its upcoming events, until a coordinator accepts the drop.
HOLD_SHARE = 0.2
DEFAULT_KEEP_DAYS = 730

SOURCE_HEALTH = """
select s.id as source_id, s.name, s.enabled,
  (select r.status from harvest_runs r where r.source_id = s.id
    order by r.run_id desc, r.id desc limit 1) as last_status,
  (select max(r.run_id) from harvest_runs r where r.source_id = s.id) as last_run,
  (select max(r.run_id) from harvest_runs r where r.source_id = s.id and r.status = 'ok') as last_success,
  (select count(*) from harvest_runs r where r.source_id = s.id and r.status != 'ok'
     and r.run_id > coalesce((select max(r2.run_id) from harvest_runs r2
                              where r2.source_id = s.id and r2.status = 'ok'), '')) as failures_in_row,
  (select r.events from harvest_runs r where r.source_id = s.id and r.status = 'ok'
    order by r.run_id desc, r.id desc limit 1) as events_now,
  (select r.events from harvest_runs r where r.source_id = s.id and r.status = 'ok'
     and r.run_id <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-7 days')
    order by r.run_id desc, r.id desc limit 1) as events_week_ago,
  (select r.error from harvest_runs r where r.source_id = s.id and r.error is not null
    order by r.run_id desc, r.id desc limit 1) as last_error,
  (select r.run_id from harvest_runs r where r.source_id = s.id and r.error is not null
    order by r.run_id desc, r.id desc limit 1) as last_error_at
from sources s
"""

FTS_COLUMNS = ["title", "description", "location"]



class StoreError(RuntimeError):
    """The database could not be built; the previously published file is untouched."""


@dataclass
class SourceResult:
    """What one source's harvest produced: its records, or the reason it failed."""

    source: dict
    records: list[dict] = field(default_factory=list)
    error: str | None = None
    started: str | None = None
    finished: str | None = None
    problems: list[str] = field(default_factory=list)  # pages or events skipped, and why
    seconds: float | None = None
    # The source answered "304 Not Modified" to the HTTP cache's conditional GET: its events
    # stand as they are, nothing was parsed again.
    unchanged: bool = False
    # Set by `publish`: ok / failed / held, and how the source's events changed.
    status: str | None = None
    new: int = 0
    updated: int = 0
    removed: int = 0
    kept: int | None = None  # an unchanged source: the events it keeps (it has no records)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status in (None, "ok")


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def publish(db_path: Path | str, results: list[SourceResult], *, sources: list[dict] | None = None,
            run_id: str | None = None, keep_days: int | None = DEFAULT_KEEP_DAYS, now: str | None = None) -> dict:
    """Build the next database from the last good one plus `results`, then swap it in.

    Each result gets its `status` (ok / failed / held) and its new / updated / removed counts.
    Occurrences that ended more than `keep_days` ago are dropped (None keeps everything).
    Returns a summary: {"run_id", "sources_ok", "sources_failed", "events", "occurrences"}.
    """
    with Publication(db_path, sources=sources or [r.source for r in results], run_id=run_id,
                     keep_days=keep_days, now=now) as publication:
        for result in results:
            publication.add(result)
        return publication.finish(results)


class Publication:
    """The next database, built result by result while the harvest runs, swapped in at the end.

    `publish` does it all at once. A harvest with worker processes opens one before crawling
    and `add`s each source's result as it arrives, while the workers crawl the rest; only what
    needs every source (pruning, duplicates across sources, the search index, the checks)
    waits for `finish`. Used as a context manager: on any failure, or if `finish` is never
    reached, the copy being built is removed and the published file is untouched.
    """

    def __init__(self, db_path: Path | str, *, sources: list[dict], run_id: str | None = None,
                 keep_days: int | None = DEFAULT_KEEP_DAYS, now: str | None = None):
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.run_id = run_id or utc_now()
        self.now = now or utc_now()
        self.keep_days = keep_days
        self.accepted = read_accepted(self.db_path)
        self.tmp_path = self.db_path.with_name(f".{self.db_path.name}.tmp-{os.getpid()}")
        self.db: sqlite_utils.Database | None = None
        _remove(self.tmp_path)
        try:
            _copy_previous(self.db_path, self.tmp_path)
            self.db = sqlite_utils.Database(self.tmp_path)
            # The copy being built is thrown away on any failure and fsynced once before the
            # swap: syncing it at every commit (one per source) would only cost time. (Its
            # rollback journal stays on disk: in memory it would grow to the file's size on a
            # VACUUM.)
            self.db.execute("pragma synchronous = off")
            ensure_schema(self.db)
            _upsert_sources(self.db, sources)
        except BaseException:
            self.abandon()
            raise

    def __enter__(self) -> Publication:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.db is not None:  # not finished: failed, or left before `finish`
            self.abandon()

    def add(self, result: SourceResult) -> None:
        """Merge one source's result (sets its status and counts; see _write_result)."""
        _write_result(self.db, result, self.run_id, now=self.now, accepted=result.source["id"] in self.accepted)

    def finish(self, results: list[SourceResult]) -> dict:
        """Everything that needs all the sources, then the checks and the atomic swap.
        `results` are all the results `add`ed. Returns publish's summary."""
        db = self.db
        pruned = prune(db, _shift(self.now, -self.keep_days)) if self.keep_days is not None else 0
        # Unchanged sources only had their events seen again: when no source's events changed
        # and none were pruned, the duplicate groups still hold. The search index is updated
        # for the events written, in one go (see _search_triggers).
        events_changed = pruned or any(r.status == "ok" and not r.unchanged for r in results)
        if events_changed or "duplicate_of" not in db["events"].columns_dict:
            find_duplicates(db, meanwhile=lambda: _update_search_beside(self.tmp_path))
        update_search(db)
        create_views(db)  # again: views may use columns added above
        _check(db)
        db.conn.commit()
        _compact(db)
        db.close()
        self.db = None
        try:
            _fsync(self.tmp_path)
            os.replace(self.tmp_path, self.db_path)
        except BaseException:
            self.abandon()
            raise
        _fsync_dir(self.db_path.parent)
        used = {r.source["id"]: self.accepted[r.source["id"]] for r in results
                if r.status == "ok" and r.source["id"] in self.accepted}
        if used:
            clear_accepted(self.db_path, used)
        return summarise(self.db_path, self.run_id, results)

    def abandon(self) -> None:
        """Close and remove the copy being built (the published file is untouched)."""
        if self.db is not None:
            self.db.close()
            self.db = None
        for leftover in (self.tmp_path, *(self.tmp_path.with_name(self.tmp_path.name + suffix)
                                          for suffix in ("-journal", "-wal", "-shm"))):
            _remove(leftover)


def find_duplicates(db: sqlite_utils.Database, meanwhile: Callable[[], object] | None = None) -> None:
    """The same activity from several sources: every copy but the canonical one points to it.

    `meanwhile`, if given, runs in a thread while the groups are worked out (pure Python, no
    database): the publication updates the search index there, on a connection of its own,
    which SQLite does without the GIL. Only the events whose group changed are written."""
    _add_missing_columns(db, "events", {"duplicate_of": str, "sources_count": int})
    db["events"].create_index(["duplicate_of"], if_not_exists=True)
    copies = [dict(row) for row in db.query(
        "select e.id, e.source_id, e.title, e.start, e.all_day, e.rrule, e.location, e.address,"
        " e.municipality, e.organiser, e.organiser_type, e.first_seen, s.name as source_name,"
        " e.duplicate_of as was_duplicate_of, e.sources_count as was_sources_count"
        " from events e left join sources s on s.id = e.source_id where e.status != 'removed'")]
    if meanwhile is None:
        groups = group_duplicates(copies)
    else:
        db.conn.commit()  # the other connection writes the same file
        with ThreadPoolExecutor(max_workers=1) as pool:
            beside = pool.submit(meanwhile)
            groups = group_duplicates(copies)
            beside.result()
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    # Removed events are no one's copy (they are not in `copies`).
    db.execute("update events set duplicate_of = null, sources_count = 1 where status = 'removed' "
               "and (duplicate_of is not null or sources_count is not 1)")
    changed = []
    for copy in copies:
        group = groups.get(copy["id"])  # only events with a copy elsewhere have a group
        duplicate_of, count = (None, 1) if group is None else (None if group == copy["id"] else group, sizes[group])
        if (duplicate_of, count) != (copy["was_duplicate_of"], copy["was_sources_count"]):
            changed.append((duplicate_of, count, copy["id"]))
    db.conn.executemany("update events set duplicate_of = ?, sources_count = ? where id = ?", changed)


def _update_search_beside(path: Path) -> None:
    """update_search on a connection of its own (see find_duplicates)."""
    connection = sqlite3.connect(path, timeout=60)
    try:
        connection.execute("pragma synchronous = off")
        with connection:
            update_search(sqlite_utils.Database(connection))
    finally:
        connection.close()


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create tables, indexes and views that are missing; keeps existing rows."""
    db.execute("pragma foreign_keys = on")
    if "sources" not in db.table_names():
        db["sources"].create(
            {"id": str, "name": str, "organiser_type": str, "municipality": str, "language": str,
             "timezone": str, "kind": str, "url": str, "enabled": int},
            pk="id",
        )
    if "events" not in db.table_names():
        db["events"].create(EVENT_COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
        db["events"].create_index(["source_id"])
        db["events"].create_index(["municipality"])
    if "occurrences" not in db.table_names():
        db["occurrences"].create(OCCURRENCE_COLUMNS, pk="id",
                                 foreign_keys=[("event_id", "events", "id"), ("source_id", "sources", "id")])
        db["occurrences"].create_index(["event_id"])
        db["occurrences"].create_index(["start_utc"])
        db["occurrences"].create_index(["date"])
    # A source's occurrences are counted and replaced per source on every run.
    db["occurrences"].create_index(["source_id"], if_not_exists=True)
    if "harvest_runs" not in db.table_names():
        db["harvest_runs"].create(HARVEST_RUN_COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
        db["harvest_runs"].create_index(["source_id", "started"])
    if "event_changes" not in db.table_names():
        db["event_changes"].create(EVENT_CHANGE_COLUMNS, pk="id")
        db["event_changes"].create_index(["event_id"])
        db["event_changes"].create_index(["run_id", "source_id"])
    _add_missing_columns(db, "events", {**EVENT_COLUMNS, **HISTORY_COLUMNS})
    _add_missing_columns(db, "occurrences", OCCURRENCE_COLUMNS)
    _add_missing_columns(db, "harvest_runs", HARVEST_RUN_COLUMNS)
    db["harvest_runs"].create_index(["source_id", "run_id"], if_not_exists=True)
    create_views(db)
    db.create_view("source_health", SOURCE_HEALTH, replace=True)
    ensure_search(db)


def _add_missing_columns(db: sqlite_utils.Database, table: str, columns: dict) -> None:
    """Databases published by older versions get the newer columns (empty)."""
    existing = set(db[table].columns_dict)
    for name, kind in columns.items():
        if name not in existing:
            db[table].add_column(name, kind)


def rebuild_search(db: sqlite_utils.Database) -> None:
    """Trigram full-text index: a search for `jumppa` finds `Tuolijumppa` (compound words).
    Made anew from every event, when ensure_search finds it or its triggers missing; from then
    on the triggers note the events that change and `update_search` applies the notes."""
    if "events_fts" in db.table_names():
        db["events_fts"].drop()
    # enable_fts fills the index itself: a populate_fts after it (as before 2026-11-25) indexed
    # every event twice, which FTS5's integrity-check reports as a malformed index.
    db["events"].enable_fts(FTS_COLUMNS, tokenize="trigram", create_triggers=False)


SEARCH_PENDING = "events_fts_pending"


def _search_triggers() -> dict[str, str]:
    """Triggers that note, for each event added, deleted or given a new title, description or
    place, what the search index holds for it (the values it was indexed with, or nothing).
    `update_search` applies the notes to events_fts at the end of a publication, in one go.

    events_fts has external content (its text is read from events by rowid), so taking an
    event out of it needs the values it was indexed with: a delete or update notes the old
    values the first time a row is touched in a run. Indexing in the triggers themselves cost
    4.7 times a bulk update, because the harvest commits once per source and each commit
    writes an index segment (7.6 s against 1.6 s for 50,000 events, measured in one run)."""
    columns = ", ".join(FTS_COLUMNS)
    old = ", ".join(f"old.{column}" for column in FTS_COLUMNS)
    note_old = f"insert or ignore into {SEARCH_PENDING} (rowid, indexed, {columns}) values (old.rowid, 1, {old});"
    changed = " or ".join(f"old.{column} is not new.{column}" for column in FTS_COLUMNS)
    # Written as SQLite keeps them in sqlite_master (the CREATE TRIGGER upper-cased), so that
    # ensure_search can tell this version's triggers from an older one's.
    return {
        "events_fts_insert": f"CREATE TRIGGER events_fts_insert after insert on events begin "
                             f"insert or ignore into {SEARCH_PENDING} (rowid, indexed) values (new.rowid, 0); end",
        "events_fts_delete": f"CREATE TRIGGER events_fts_delete after delete on events begin {note_old} end",
        "events_fts_update": f"CREATE TRIGGER events_fts_update after update of {columns} on events "
                             f"when {changed} begin {note_old} end",
    }


def ensure_search(db: sqlite_utils.Database) -> None:
    """The search index and what keeps it current (see _search_triggers); the index is
    built whole only when it, or the triggers as this version makes them, are missing (a
    new database, or one published by an older version)."""
    if SEARCH_PENDING not in db.table_names():
        db.execute(f"create table {SEARCH_PENDING} (rowid integer primary key, indexed integer, "
                   + ", ".join(f"{column} text" for column in FTS_COLUMNS) + ")")
    existing = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall())
    wanted = _search_triggers()
    if "events_fts" in db.table_names() and all(existing.get(name) == sql for name, sql in wanted.items()):
        return
    for name in wanted:
        db.execute(f"drop trigger if exists {name}")
    for sql in wanted.values():
        db.execute(sql)
    rebuild_search(db)
    db.execute(f"delete from {SEARCH_PENDING}")


def update_search(db: sqlite_utils.Database) -> int:
    """Apply the changes noted since the index was last updated, in one transaction: take out
    what was indexed for each touched event, put in what it holds now. Returns the events
    re-indexed."""
    columns = ", ".join(FTS_COLUMNS)
    touched = db.execute(f"select count(*) from {SEARCH_PENDING}").fetchone()[0]
    if touched:
        db.execute(f"insert into events_fts (events_fts, rowid, {columns}) select 'delete', rowid, {columns} "
                   f"from {SEARCH_PENDING} where indexed = 1")
        db.execute(f"insert into events_fts (rowid, {columns}) select e.rowid, "
                   + ", ".join(f"e.{column}" for column in FTS_COLUMNS)
                   + f" from events e join {SEARCH_PENDING} p on p.rowid = e.rowid")
        db.execute(f"delete from {SEARCH_PENDING}")
    return touched


def prune(db: sqlite_utils.Database, cutoff: str) -> int:
    """Retention: drop occurrences that ended before `cutoff`, then events left with none
    that were last seen before it, with their change history. Returns the rows dropped."""
    occurrences = db.execute("delete from occurrences where coalesce(end_utc, start_utc) < ?", [cutoff]).rowcount
    stale = "select id from events e where e.last_seen < ? and not exists " \
            "(select 1 from occurrences o where o.event_id = e.id)"
    db.execute(f"delete from event_changes where event_id in ({stale})", [cutoff])
    return occurrences + db.execute(f"delete from events where id in ({stale})", [cutoff]).rowcount


def _shift(stamp: str, days: int) -> str:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (moment + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


# A coordinator's acceptance of a held source's drop lives in a small file beside the
# database (the published file itself is never written in place); the next harvest that
# replaces the source's events consumes it.

def accepted_path(db_path: Path | str) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.accepted.json")


def read_accepted(db_path: Path | str) -> dict:
    try:
        return json.loads(accepted_path(db_path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise StoreError(f"{accepted_path(db_path)} cannot be read: {error}") from error


def accept(db_path: Path | str, source_id: str, *, by: str | None = None) -> dict:
    """Let the next harvest replace `source_id`'s events even if it removes many of them."""
    accepted = read_accepted(db_path)
    accepted[source_id] = {"accepted_at": utc_now(), "by": by}
    _write_json(accepted_path(db_path), accepted)
    return accepted[source_id]


def clear_accepted(db_path: Path | str, used: dict) -> None:
    accepted = read_accepted(db_path)
    remaining = {key: value for key, value in accepted.items() if used.get(key) != value}
    if remaining != accepted:
        _write_json(accepted_path(db_path), remaining)


def _write_json(path: Path, value) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def summarise(db_path: Path, run_id: str, results: list[SourceResult]) -> dict:
    db = sqlite_utils.Database(db_path)
    try:
        return {
            "run_id": run_id,
            "sources_ok": sum(r.ok for r in results),
            "sources_failed": sum(r.status == "failed" or (r.status is None and not r.ok) for r in results),
            "sources_held": sum(r.status == "held" for r in results),
            "events": db["events"].count,
            "occurrences": db["occurrences"].count,
        }
    finally:
        db.close()


def _copy_previous(db_path: Path, tmp_path: Path) -> None:
    """Start from the last good database. The published file is only ever replaced whole,
    never written in place (and we hold the harvest lock), so a plain file copy is a
    consistent one: the kernel copies 200 MB in a tenth of a second, SQLite's backup API
    page by page in a second. Whether the copy is sound is checked before it is swapped in."""
    if not db_path.exists():
        return
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        source.execute("select count(*) from sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"the published database {db_path} cannot be read: {error}") from error
    finally:
        source.close()
    shutil.copyfile(db_path, tmp_path)  # an error here is writing the copy: disk full, read-only …


def _upsert_sources(db: sqlite_utils.Database, sources: list[dict]) -> None:
    rows = [{key: _plain(source.get(key)) for key in SOURCE_COLUMNS} for source in sources]
    for row in rows:
        row["enabled"] = 0 if row["enabled"] in (0, False, "false") else 1
    db["sources"].upsert_all(rows, pk="id")


def _write_result(db: sqlite_utils.Database, result: SourceResult, run_id: str, *, now: str,
                  accepted: bool = False) -> None:
    """Merge one source's harvest into the database and record the run.

    Events present before and now are updated in place (every changed field kept in
    event_changes); events that vanished from the source while still upcoming are marked
    `removed`, never deleted; events that simply passed and dropped off the listing are left
    as they were. A collapse (no events at all, or more than a fifth of the upcoming ones
    gone) is held back unless a coordinator accepted it.
    """
    source_id = result.source["id"]
    if result.unchanged and result.error is None:
        _write_unchanged(db, result, run_id)
        return
    events, occurrences = _rows_for(result.records, source_id, run_id, {}) if result.ok else ([], [])
    if result.ok:
        previous = {row["id"]: row for row in db.query("select * from events where source_id = ?", [source_id])}
        active = {event_id for event_id, row in previous.items() if row.get("status") != "removed"}
        upcoming = {row["event_id"] for row in db.query(
            "select distinct e.id as event_id from events e left join occurrences o on o.event_id = e.id "
            "where e.source_id = ? and (o.id is null or coalesce(o.end_utc, o.start_utc, '9999') >= ?)",
            [source_id, now])} & active
        new_ids = {row["id"] for row in events}
        vanishing = sorted(upcoming - new_ids)
        if not events and not active:
            result.error = "no events were found" + (f" ({result.problems[0]})" if result.problems else "")
        elif not accepted and not events:
            result.status, result.error = "held", (
                f"returned no events although it had {len(active)}; its events are kept until a "
                f"coordinator runs `kalendarium sources accept {source_id}`")
        elif not accepted and len(vanishing) > HOLD_SHARE * len(upcoming):
            result.status, result.error = "held", (
                f"would remove {len(vanishing)} of its {len(upcoming)} upcoming events; they are kept "
                f"until a coordinator runs `kalendarium sources accept {source_id}`")
        else:
            result.status = "ok"
            _merge_events(db, result, events, occurrences, previous, vanishing, run_id, now)
    if result.status is None:
        result.status = "failed"
    db["harvest_runs"].insert({
        "run_id": run_id, "source_id": source_id,
        "started": result.started or run_id, "finished": result.finished or utc_now(),
        "status": result.status,
        "events": len(events) if result.status in ("ok", "held") else None,
        "occurrences": len(occurrences) if result.status in ("ok", "held") else None,
        "error": result.error,
        "events_new": result.new if result.status == "ok" else None,
        "events_updated": result.updated if result.status == "ok" else None,
        "events_removed": result.removed if result.status == "ok" else None,
        "seconds": round(result.seconds, 2) if result.seconds is not None else None,
    })


def _write_unchanged(db, result: SourceResult, run_id: str) -> None:
    """An unchanged source: its events were seen again, as they are."""
    source_id = result.source["id"]
    result.status = "ok"
    db.execute("update events set last_seen = ? where source_id = ? and status != 'removed'", [run_id, source_id])
    counts = db.execute("select count(*), (select count(*) from occurrences where source_id = ?) from events "
                        "where source_id = ? and status != 'removed'", [source_id, source_id]).fetchone()
    result.kept = counts[0]
    db["harvest_runs"].insert({
        "run_id": run_id, "source_id": source_id, "started": result.started or run_id,
        "finished": result.finished or utc_now(), "status": "ok", "events": counts[0], "occurrences": counts[1],
        "error": None, "events_new": 0, "events_updated": 0, "events_removed": 0,
        "seconds": round(result.seconds, 2) if result.seconds is not None else None,
    })


def _merge_events(db, result: SourceResult, events: list[dict], occurrences: list[dict], previous: dict,
                  vanishing: list[str], run_id: str, now: str) -> None:
    source_id = result.source["id"]
    changes = []

    def change(event_id, field_name, old, new):
        changes.append({"event_id": event_id, "source_id": source_id, "run_id": run_id, "field": field_name,
                        "old": _text(old), "new": _text(new), "changed_at": run_id})

    for row in events:
        before = previous.get(row["id"])
        if before is None:
            row["first_seen"], row["updated"], row["rescheduled_from"] = run_id, run_id, None
            change(row["id"], "event", None, "new")
            continue
        row["first_seen"] = before.get("first_seen") or run_id
        row["rescheduled_from"] = before.get("rescheduled_from")
        row["updated"] = before.get("updated") or before.get("first_seen")
        rolling = _series_rolled_forward(before, row)
        for name in TRACKED_FIELDS:
            if name in ("start", "end") and rolling:
                continue
            if _same(before.get(name), row.get(name)):
                continue
            change(row["id"], name, before.get(name), row.get(name))
            row["updated"] = run_id
            if name == "start" and before.get(name):
                row["rescheduled_from"] = before[name]
    for event_id in vanishing:
        change(event_id, "status", previous[event_id].get("status"), "removed")
    if events:
        # Upcoming occurrences of the events harvested now are replaced by the new ones; past
        # occurrences stay as history (see prune for how long).
        db.execute("create temp table if not exists harvested_ids (id text primary key)")
        db.execute("delete from harvested_ids")
        db.conn.executemany("insert or ignore into harvested_ids values (?)", [(row["id"],) for row in events])
        db.execute("delete from occurrences where source_id = ? and event_id in (select id from harvested_ids) "
                   "and coalesce(end_utc, start_utc, '9999') >= ?", [source_id, now])
        _write_rows(db, "events", events, update=True)
        _write_rows(db, "occurrences", occurrences, update=False)
    if vanishing:
        db.conn.executemany("update events set status = 'removed', updated = ? where id = ?",
                            [(run_id, event_id) for event_id in vanishing])
    if changes:
        db["event_changes"].insert_all(changes, pk="id", alter=True)
    result.new = sum(1 for c in changes if c["field"] == "event")
    result.removed = len(vanishing)
    result.updated = len({c["event_id"] for c in changes if c["field"] != "event"} - set(vanishing))


def _write_rows(db, table: str, rows: list[dict], *, update: bool) -> None:
    """Write rows of one shape (the same keys, values already SQLite-ready: see _plain) by
    their `id` in one statement: a row already there has the given columns updated (`update`)
    or is replaced. sqlite-utils' upsert_all / insert_all do the same with a type check and a
    JSON test of every value, five times the CPU; a harvest writes every event and
    occurrence of every changed source (the columns exist: see ensure_schema)."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f"[{column}]" for column in columns)
    marks = ", ".join("?" for _ in columns)
    if update:
        assignments = ", ".join(f"[{column}] = excluded.[{column}]" for column in columns if column != "id")
        sql = f"insert into [{table}] ({names}) values ({marks}) on conflict(id) do update set {assignments}"
    else:
        sql = f"insert or replace into [{table}] ({names}) values ({marks})"
    db.conn.executemany(sql, [[row[column] for column in columns] for row in rows])


def _series_rolled_forward(before: dict, row: dict) -> bool:
    """A weekly series read from text starts at its next occurrence: not a reschedule."""
    if not row.get("rrule") or before.get("rrule") != row.get("rrule"):
        return False
    old, new = before.get("start") or "", row.get("start") or ""
    old_end, new_end = before.get("end") or "", row.get("end") or ""
    return old[10:19] == new[10:19] and old[:10] <= new[:10] and old_end[10:19] == new_end[10:19]


def _same(old, new) -> bool:
    return _text(old) == _text(new)


def _text(value) -> str | None:
    value = _plain(value)
    if value is None or value == "":
        return None
    return str(value)


def _rows_for(records: list[dict], source_id: str, run_id: str, first_seen: dict) -> tuple[list, list]:
    events: dict[str, dict] = {}
    occurrences: dict[str, dict] = {}
    for record in records:
        row = {key: _plain(record.get(key)) for key in EVENT_COLUMNS}
        row["source_id"] = source_id
        row["harvest_run_id"] = run_id
        row["first_seen"] = first_seen.get(row["id"], run_id)
        row["last_seen"] = run_id
        events[row["id"]] = row
        for occurrence in record.get("occurrences") or []:
            occurrence_row = {key: _plain(occurrence.get(key)) for key in OCCURRENCE_COLUMNS}
            occurrence_row.update(event_id=row["id"], source_id=source_id)
            occurrence_row["id"] = f"{row['id']}@{occurrence['start']}"
            occurrences[occurrence_row["id"]] = occurrence_row
    return list(events.values()), list(occurrences.values())


def _check(db: sqlite_utils.Database) -> None:
    """The new file is sound before it is swapped in. SQLite's quick_check reads every page
    and b-tree, the free list and the NOT NULL constraints; unlike integrity_check it does not
    compare each index with its table, which only an SQLite bug could make differ in a file
    SQLite wrote itself in this run. It takes a fifth of the time (0.2 s instead of 1.0–1.6 s
    for the 200 MB database of 1,000 sources, measured): paid every night, also on an
    unchanged one. `sqlite3 data/kalendarium.db 'pragma integrity_check'` does the full one."""
    try:
        integrity = db.execute("pragma quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:  # damaged beyond what the check can list
        integrity = str(error)
    if integrity != "ok":
        raise StoreError(f"integrity check of the new database failed: {integrity}")
    broken = db.execute("pragma foreign_key_check").fetchall()
    if broken:
        raise StoreError(f"the new database has {len(broken)} rows with broken foreign keys, e.g. {broken[0]}")


def _plain(value):
    """SQLite-ready value: lists and dicts as JSON text, booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _compact(db: sqlite_utils.Database) -> None:
    """VACUUM rewrites the whole file (seconds at a country's size): only when more than a
    tenth of it is free pages (events rewritten or pruned); SQLite reuses free pages anyway.

    The search index finds events by rowid, and SQLite's documentation allows VACUUM to
    renumber the rowids of a table without an INTEGER PRIMARY KEY (3.40 keeps them). So after
    a VACUUM the index is checked against the events (FTS5's integrity-check, about the cost
    of a rebuild, on those nights only) and rebuilt if it no longer matches."""
    free = db.execute("pragma freelist_count").fetchone()[0]
    if free * 10 > db.execute("pragma page_count").fetchone()[0]:
        db.conn.execute("vacuum")
        if "events_fts" in db.table_names() and not _search_intact(db):
            rebuild_search(db)
            db.conn.commit()


def _search_intact(db: sqlite_utils.Database) -> bool:
    try:
        db.execute("insert into events_fts (events_fts, rank) values ('integrity-check', 1)")
        return True
    except sqlite3.DatabaseError:
        return False


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (a power cut right after publishing keeps the new file)."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
