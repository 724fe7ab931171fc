"""SQL views for staff pages and analysts, (re)created each time the database is built."""

import sqlite_utils

UPCOMING_OCCURRENCES = """
select o.id as occurrence_id, o.start, o."end", o.date, o.all_day, o.status as occurrence_status,
       e.id as event_id, e.title, e.location, e.address, e.municipality, e.organiser,
       e.organiser_type, e.language, e.url, e.rrule, e.source_id
from occurrences o join events e on e.id = o.event_id
where coalesce(o.end_utc, o.start_utc) >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  and e.status != 'removed'
order by o.start_utc
"""

VIEWS = {
    "upcoming_occurrences": UPCOMING_OCCURRENCES,
}


def create_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)
