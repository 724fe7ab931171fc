"""The raw responses of a harvest, kept compressed, so records can be derived again.

Each spider writes every document it parses into a staging folder for its source:
`<raw dir>/.staging/<source id>/0001.gz …` plus `manifest.jsonl` (url, content type, the
parser kind used, when). After the harvest the runner keeps the staging folder as the
source's archive only when the source succeeded (the last good harvest is what a
normaliser fix is replayed on), or as `<source id>.failed` so a failing page can be saved
as a test file.
"""

from __future__ import annotations

import gzip
import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

MANIFEST = "manifest.jsonl"
STAGING = ".staging"


@dataclass(frozen=True)
class Document:
    url: str
    content_type: str
    kind: str | None
    path: Path

    def body(self) -> bytes:
        return gzip.decompress(self.path.read_bytes())


class ArchiveWriter:
    """Writes one source's documents during a harvest (a no-op without a raw dir)."""

    def __init__(self, raw_dir: str | Path | None, source_id: str):
        self.folder = Path(raw_dir) / STAGING / source_id if raw_dir else None
        self.count = 0
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)

    def keep(self, url: str, content_type: str, body: bytes, kind: str | None) -> None:
        if self.folder is None:
            return
        self.count += 1
        name = f"{self.count:04d}.gz"
        (self.folder / name).write_bytes(gzip.compress(body, compresslevel=6))
        entry = {"file": name, "url": url, "content_type": content_type, "kind": kind,
                 "fetched": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
        with open(self.folder / MANIFEST, "a", encoding="utf-8") as manifest:
            manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")


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
    """The archived documents of a source's last good (or last failed) harvest."""
    folder = Path(raw_dir) / (f"{source_id}.failed" if failed else source_id)
    manifest = folder / MANIFEST
    if not manifest.exists():
        return []
    found = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        found.append(Document(entry["url"], entry.get("content_type") or "", entry.get("kind"),
                              folder / entry["file"]))
    return found
