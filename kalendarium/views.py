"""SQL views and read-side indexes for staff pages and analysts, (re)created each time the
database is built (`kalendarium.store.ensure_schema` calls `create_views`).

Columns that other stages add later (`events.duplicate_of`, `status = 'removed'`) are
tolerated: a view only filters on a column that exists when it is created.
"""

from __future__ import annotations

import sqlite_utils

# The wellbeing taxonomy (normalise/taxonomy.yaml): coverage counts every combination, so a
# municipality with nothing for, say, family caregivers shows up as a row with 0 activities.
CATEGORIES = ("exercise", "culture_music", "meeting_places", "peer_support", "learning_digital",
              "outdoors_nature", "spiritual_parish", "food", "volunteering")
AUDIENCES = ("older_people", "family_caregivers", "unemployed", "families_children", "young_people",
             "immigrants", "disabilities", "everyone")
UNCLASSIFIED = "unclassified"

# Looked up by the staff pages and by analysts; `create index if not exists` keeps older files.
INDEXES = {
    "occurrences_event_date": "occurrences(event_id, date)",
    "occurrences_date_start": "occurrences(date, start_utc)",
    "events_municipality_language": "events(municipality, language)",
}


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"pragma table_info([{table}])").fetchall()}


def visible_events_condition(columns: set[str], alias: str = "e") -> str:
    """SQL that keeps the events staff may see: not removed, not a duplicate of another row."""
    condition = f"coalesce({alias}.status, '') != 'removed'"
    if "duplicate_of" in columns:
        condition += f" and {alias}.duplicate_of is null"
    return condition


def upcoming_occurrences_sql(columns: set[str]) -> str:
    return f"""
select o.id as occurrence_id, o.start, o."end", o.date, o.all_day, o.status as occurrence_status,
       e.id as event_id, e.title, e.location, e.address, e.municipality, e.organiser,
       e.organiser_type, e.language, e.url, e.rrule, e.source_id
from occurrences o join events e on e.id = o.event_id
where coalesce(o.end_utc, o.start_utc) >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  and {visible_events_condition(columns)}
order by o.start_utc
"""


def _values(keys: tuple[str, ...]) -> str:
    return " union all ".join(f"select '{key}'" for key in keys + (UNCLASSIFIED,))


def coverage_sql(columns: set[str]) -> str:
    """Municipality × target group × category over the coming four weeks.

    `activities`: distinct events with at least one scheduled occurrence in the next 28 days;
    `weekly_hours`: their scheduled hours in those 28 days divided by 4 (all-day occurrences
    count 0 hours). Events without a category or target group count as 'unclassified'.
    """
    return f"""
with
  category_keys(category) as ({_values(CATEGORIES)}),
  audience_keys(audience) as ({_values(AUDIENCES)}),
  municipalities(municipality) as (
    select distinct municipality from events where municipality is not null and municipality != ''),
  upcoming as (
    select o.event_id,
           sum(case when o.all_day then 0 else
               max(0, (julianday(o.end_utc) - julianday(o.start_utc)) * 24) end) as hours
    from occurrences o
    where o.date >= date('now') and o.date < date('now', '+28 days')
      and coalesce(o.status, 'scheduled') != 'cancelled'
    group by o.event_id),
  tagged as (
    select e.municipality, u.event_id, u.hours,
           coalesce(nullif(nullif(e.categories, ''), '[]'), '["{UNCLASSIFIED}"]') as categories,
           coalesce(nullif(nullif(e.audiences, ''), '[]'), '["{UNCLASSIFIED}"]') as audiences
    from upcoming u join events e on e.id = u.event_id
    where {visible_events_condition(columns)} and json_valid(coalesce(e.categories, '[]'))
      and json_valid(coalesce(e.audiences, '[]'))),
  counted as (
    select t.municipality, a.value as audience, c.value as category,
           count(distinct t.event_id) as activities, sum(t.hours) / 4.0 as weekly_hours
    from tagged t, json_each(t.audiences) a, json_each(t.categories) c
    group by 1, 2, 3)
select m.municipality, ak.audience, ck.category,
       coalesce(counted.activities, 0) as activities,
       round(coalesce(counted.weekly_hours, 0), 1) as weekly_hours
from municipalities m cross join audience_keys ak cross join category_keys ck
left join counted on counted.municipality = m.municipality and counted.audience = ak.audience
                 and counted.category = ck.category
order by m.municipality, ak.audience, ck.category
"""


def create_views(db: sqlite_utils.Database) -> None:
    events = _columns(db, "events")
    views = {
        "upcoming_occurrences": upcoming_occurrences_sql(events),
        "coverage": coverage_sql(events),
    }
    for name, sql in views.items():
        db.create_view(name, sql, replace=True)
    if "occurrences" in db.table_names() and "events" in db.table_names():
        for name, target in INDEXES.items():
            db.execute(f"create index if not exists [{name}] on {target}")
