"""The raw responses of a harvest, kept compressed, so records can be derived again.

Each spider writes every document it parses into a staging folder for its source,
`<raw dir>/.staging/<source id>/`:

- `documents.gz`: the bodies, one gzip member per document, one after the other (the file
  is itself a valid gzip file: `zcat documents.gz` prints every body in turn);
- `manifest.jsonl`: a line per document, in the order they were kept: the body's `file`,
  its `offset` and `length` (in bytes, of its gzip member in that file), the url, the
  content type, the parser kind used, and when.

Both files are created at the first document and written through handles kept open for the
writer's life (creating a file costs far more than appending to an open one: with a file per
document it was a noticeable share of a large harvest), flushed after each document, so
what was kept is on disk (in the OS) even if the writer is never closed. A spider closes its
writer when its crawl ends (crawlers/spiders/base.py, batch.py).

After the harvest the runner keeps the staging folder as the source's archive only when
the source succeeded (the last good harvest is what a normaliser fix is replayed on), or as
`<source id>.failed` so a failing page can be saved as a test file.

Archives written before are read as well: a gzip file per document (`0001.gz` …) with
manifest lines naming only their `file`; they stay on disk until the source is harvested
again.
"""

from __future__ import annotations

import gzip
import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

MANIFEST = "manifest.jsonl"
BODIES = "documents.gz"
STAGING = ".staging"


@dataclass(frozen=True)
class Document:
    url: str
    content_type: str
    kind: str | None
    path: Path  # the file its body is in (shared by the source's documents, or its own)
    offset: int | None = None  # where its gzip member starts in `path`; None: the whole file
    length: int | None = None

    def body(self) -> bytes:
        if self.offset is None:
            return gzip.decompress(self.path.read_bytes())
        with open(self.path, "rb") as file:
            file.seek(self.offset)
            member = file.read(self.length)
        if len(member) != self.length:
            raise ValueError(f"{self.path} is cut off: the body of {self.url} is not all there")
        return gzip.decompress(member)


class ArchiveWriter:
    """Writes one source's documents during a harvest (a no-op without a raw dir).

    Creating the writer empties the source's staging folder (an empty archive, see
    `kalendarium.scrapyd.forget_archived_pages`); its files are opened at the first
    document. `close` when done (it is idempotent; the writer is a context manager too).
    """

    def __init__(self, raw_dir: str | Path | None, source_id: str):
        self.folder = Path(raw_dir) / STAGING / source_id if raw_dir else None
        self.count = 0
        self.size = 0  # bytes written to the bodies' file so far
        self._bodies = None
        self._manifest = None
        self.closed = False
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)

    def keep(self, url: str, content_type: str, body: bytes, kind: str | None) -> None:
        if self.folder is None:
            return
        if self.closed:
            raise ValueError(f"the archive of {self.folder.name} is closed")
        if self._bodies is None:
            self._bodies = open(self.folder / BODIES, "wb")
            self._manifest = open(self.folder / MANIFEST, "w", encoding="utf-8")
        member = gzip.compress(body, compresslevel=6)
        self._bodies.write(member)
        # the body reaches the OS before the manifest line that points to it
        self._bodies.flush()
        entry = {"file": BODIES, "offset": self.size, "length": len(member), "url": url,
                 "content_type": content_type, "kind": kind,
                 "fetched": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
        self._manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._manifest.flush()
        self.size += len(member)
        self.count += 1

    def close(self) -> None:
        self.closed = True
        for file in (self._bodies, self._manifest):
            if file is not None:
                file.close()

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def settle(raw_dir: str | Path, source_id: str, succeeded: bool) -> None:
    """After the harvest: a success replaces the source's archive, a failure is kept aside."""
    raw_dir = Path(raw_dir)
    staging = raw_dir / STAGING / source_id
    if not staging.exists():
        return
    target = raw_dir / (source_id if succeeded else f"{source_id}.failed")
    old = raw_dir / f".{target.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    if succeeded:
        shutil.rmtree(raw_dir / f"{source_id}.failed", ignore_errors=True)


def documents(raw_dir: str | Path, source_id: str, failed: bool = False) -> list[Document]:
    """The archived documents of a source's last good (or last failed) harvest, in the
    order they were kept."""
    folder = Path(raw_dir) / (f"{source_id}.failed" if failed else source_id)
    manifest = folder / MANIFEST
    if not manifest.exists():
        return []
    found = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        found.append(Document(entry["url"], entry.get("content_type") or "", entry.get("kind"),
                              folder / entry["file"], entry.get("offset"), entry.get("length")))
    return found
