"""Derive the records again from the archived raw documents, without crawling.

After a fix in a parser or the normaliser, `kalendarium sources rederive` replays each
source's last good harvest (kept by crawlers/archive.py) through the same parsers and
normaliser and publishes the result like a harvest would.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crawlers import archive
from crawlers.parsers import ParseError
from crawlers.parsers.document import read_document
from kalendarium.harvest import raw_dir_for
from kalendarium.lock import harvest_lock
from kalendarium.sources import Source
from kalendarium.store import SourceResult, publish, utc_now
from normalise.record import Context, NormaliseError, normalise_item


def rederive_source(source: Source, raw_dir: Path, *, today: date | None = None,
                    horizon_days: int = 365) -> SourceResult | None:
    """The source's records from its archive; None when nothing is archived for it."""
    documents = archive.documents(raw_dir, source.id)
    if not documents:
        return None
    context = Context.for_source(source, today=today, horizon_days=horizon_days)
    result = SourceResult(source=source.as_row(), started=utc_now())
    for document in documents:
        try:
            read = read_document(document.body(), url=document.url, kind=document.kind,
                                 content_type=document.content_type, lang=source.language,
                                 today=context.day(), tz=source.timezone, horizon_days=horizon_days,
                                 selectors=source.options.get("selectors"))
        except ParseError as error:
            result.problems.append(f"{document.url}: {error}")
            continue
        for item in read.items:
            try:
                result.records.append(normalise_item({"source_id": source.id, **item}, context))
            except NormaliseError as error:
                result.problems.append(f"event {item.get('title')!r} skipped: {error}")
    result.finished = utc_now()
    return result


def rederive(sources: list[Source], db_path: Path, *, today: date | None = None,
             horizon_days: int = 365) -> tuple[list[SourceResult], list[str], dict | None]:
    """Replay every given source that has an archive and publish; returns (results, sources
    without an archive, the publish summary or None when nothing was replayed)."""
    db_path = Path(db_path)
    with harvest_lock(db_path.parent / "harvest.lock"):
        raw_dir = raw_dir_for(db_path)
        results, missing = [], []
        for source in sources:
            result = rederive_source(source, raw_dir, today=today, horizon_days=horizon_days)
            if result is None:
                missing.append(source.id)
            else:
                results.append(result)
        summary = publish(db_path, results, sources=[s.as_row() for s in sources]) if results else None
    return results, missing, summary


def save_page(source_id: str, raw_dir: Path, target: Path) -> tuple[archive.Document, bool]:
    """Write a source's page as a test file: the failed harvest's first document when the
    last harvest failed, else the last good one's. Returns (document, from_failed)."""
    for failed in (True, False):
        found = archive.documents(raw_dir, source_id, failed=failed)
        if found:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            Path(target).write_bytes(found[0].body())
            return found[0], failed
    raise FileNotFoundError(f"no page of {source_id!r} is archived in {raw_dir}/ (harvest it first)")
