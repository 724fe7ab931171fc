"""Records kept on disk until publish, so a harvest's memory does not grow with its sources.

The harvest's workers send each source's records as one JSON line; the coordinator writes the
line as it is into one temporary file and keeps only where it is. `publish` reads the records
of one source at a time.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence

import orjson


class RecordSpool:
    """An anonymous temporary file (gone when closed or when the process ends)."""

    def __init__(self, folder: str | None = None):
        self.folder = folder
        self.file = tempfile.TemporaryFile(prefix="kalendarium-records-", dir=folder)
        self.size = 0

    def add(self, records_json: bytes, count: int) -> SpooledRecords:
        self.file.seek(self.size)
        self.file.write(records_json)
        spooled = SpooledRecords(self, self.size, len(records_json), count)
        self.size += len(records_json)
        return spooled

    def read(self, offset: int, length: int) -> bytes:
        self.file.flush()
        self.file.seek(offset)
        return self.file.read(length)

    def close(self) -> None:
        self.file.close()


class SpooledRecords(Sequence):
    """A source's records as a read-only list, read from the spool each time it is iterated."""

    def __init__(self, spool: RecordSpool, offset: int, length: int, count: int):
        self.spool, self.offset, self.length, self.count = spool, offset, length, count

    def load(self) -> list[dict]:
        return orjson.loads(self.spool.read(self.offset, self.length))

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        return self.load()[index]

    def __iter__(self):
        return iter(self.load())
