"""The SQLite store: canonical records in, one published database file out.

The published file is never written in place. `publish` copies the last good database
into a temporary file beside it, replaces the rows of each source that harvested
successfully (a failed source keeps its previous rows), checks the result, and only then
swaps it in with an atomic `os.replace`. A crash at any point leaves the old file served.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from kalendarium.views import create_views

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
}

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

    @property
    def ok(self) -> bool:
        return self.error is None


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def publish(db_path: Path | str, results: list[SourceResult], *, sources: list[dict] | None = None,
            run_id: str | None = None) -> dict:
    """Build the next database from the last good one plus `results`, then swap it in.

    Returns a summary: {"run_id", "sources_ok", "sources_failed", "events", "occurrences"}.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    run_id = run_id or utc_now()
    tmp_path = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    _remove(tmp_path)
    try:
        _copy_previous(db_path, tmp_path)
        db = sqlite_utils.Database(tmp_path)
        ensure_schema(db)
        _upsert_sources(db, sources or [r.source for r in results])
        for result in results:
            _write_result(db, result, run_id)
        rebuild_search(db)
        _check(db)
        db.conn.commit()
        db.conn.execute("vacuum")
        db.close()
        _fsync(tmp_path)
        os.replace(tmp_path, db_path)
    except BaseException:
        _remove(tmp_path)
        raise
    return summarise(db_path, run_id, results)


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
    if "harvest_runs" not in db.table_names():
        db["harvest_runs"].create(HARVEST_RUN_COLUMNS, pk="id", foreign_keys=[("source_id", "sources", "id")])
        db["harvest_runs"].create_index(["source_id", "started"])
    create_views(db)


def rebuild_search(db: sqlite_utils.Database) -> None:
    """Trigram full-text index: a search for `jumppa` finds `Tuolijumppa` (compound words)."""
    if "events_fts" in db.table_names():
        db["events_fts"].drop()
    db["events"].enable_fts(FTS_COLUMNS, tokenize="trigram", create_triggers=False)
    db["events"].populate_fts(FTS_COLUMNS)


def summarise(db_path: Path, run_id: str, results: list[SourceResult]) -> dict:
    db = sqlite_utils.Database(db_path)
    try:
        return {
            "run_id": run_id,
            "sources_ok": sum(r.ok for r in results),
            "sources_failed": sum(not r.ok for r in results),
            "events": db["events"].count,
            "occurrences": db["occurrences"].count,
        }
    finally:
        db.close()


def _copy_previous(db_path: Path, tmp_path: Path) -> None:
    """Start from the last good database (a consistent copy via SQLite's backup API)."""
    if not db_path.exists():
        return
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    target = sqlite3.connect(tmp_path)
    try:
        source.backup(target)
    except sqlite3.DatabaseError as error:
        raise StoreError(f"the published database {db_path} cannot be read: {error}") from error
    finally:
        source.close()
        target.close()


def _upsert_sources(db: sqlite_utils.Database, sources: list[dict]) -> None:
    rows = [{key: _plain(source.get(key)) for key in SOURCE_COLUMNS} for source in sources]
    for row in rows:
        row["enabled"] = 0 if row["enabled"] in (0, False, "false") else 1
    db["sources"].upsert_all(rows, pk="id")


def _write_result(db: sqlite_utils.Database, result: SourceResult, run_id: str) -> None:
    source_id = result.source["id"]
    occurrence_count = 0
    if result.ok:
        first_seen = {row["id"]: row["first_seen"] for row in
                      db.query("select id, first_seen from events where source_id = ?", [source_id])}
        db.execute("delete from occurrences where source_id = ?", [source_id])
        db.execute("delete from events where source_id = ?", [source_id])
        events, occurrences = _rows_for(result.records, source_id, run_id, first_seen)
        db["events"].insert_all(events, pk="id", replace=True, alter=True)
        db["occurrences"].insert_all(occurrences, pk="id", replace=True, alter=True)
        occurrence_count = len(occurrences)
    db["harvest_runs"].insert({
        "run_id": run_id, "source_id": source_id,
        "started": result.started or run_id, "finished": result.finished or utc_now(),
        "status": "ok" if result.ok else "failed",
        "events": len(result.records) if result.ok else None,
        "occurrences": occurrence_count if result.ok else None,
        "error": result.error,
    })


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
    integrity = db.execute("pragma integrity_check").fetchone()[0]
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


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
