"""Where a raw item came from: its source's facts, the day of the harvest and its horizon.

A module of its own, with nothing heavy imported: every spider holds a Context from the
start, and a harvest whose pages all came back unchanged never parses one, so it never
loads the normaliser (its date patterns alone take half a second to compile).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Helsinki"
DEFAULT_HORIZON_DAYS = 365


@dataclass(frozen=True)
class Context:
    """What the normaliser knows about where an item came from."""

    source_id: str = "extract"
    source_name: str | None = None
    organiser_type: str | None = None
    municipality: str | None = None
    language: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    url: str | None = None
    today: date | None = None
    horizon_days: int = DEFAULT_HORIZON_DAYS

    @classmethod
    def for_source(cls, source, *, today: date | None = None,
                   horizon_days: int = DEFAULT_HORIZON_DAYS) -> "Context":
        """The context of a configured source (any object with a Source's attributes)."""
        return cls(source_id=source.id, source_name=source.name, organiser_type=source.organiser_type,
                   municipality=source.municipality, language=source.language, timezone=source.timezone,
                   url=source.url, today=today, horizon_days=horizon_days)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def day(self) -> date:
        return self.today or datetime.now(self.zone).date()
