"""Datasette plugin: pick up a newly published database file without a restart.

`kalendarium.store.publish` never writes the served file in place: it builds a new file and
swaps it in with an atomic rename. Datasette opens one SQLite connection per worker thread and
keeps it, so on its own it would keep answering from the old (now unlinked) file forever, or
until restarted. This plugin makes each file-backed database notice the swap: before every
query it compares the file's identity (inode, size, mtime: one stat) with the one its
connections were opened on; after a swap each worker thread closes its old connection and
opens the new file on its next query. A query already running finishes on the old file, which
stays readable until closed, so no request fails during a swap. Immutable mode (`-i`) stays
correct because a published file is never changed after it is swapped in; cached table counts
are dropped on a swap.

Registered through the `datasette` entry point in pyproject.toml, so `kalendarium serve` (and
any Datasette in this environment) loads it.
"""

from __future__ import annotations

import asyncio
import os
import threading

from datasette import hookimpl
from datasette.database import Database, connections

_generations = threading.local()
# Milliseconds a table's count may take. Datasette allows 10, which a busy machine overruns
# (the count shows blank until the next swap); a published file never changes, so its counts
# are taken once per swap and may take longer.
COUNT_LIMIT_MS = 1000


def file_identity(path) -> tuple | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


class ReloadingDatabase(Database):
    """A file-backed Database whose connections follow the file at its path across swaps."""

    _identity: tuple | None = None
    _generation: int = 0

    def notice_swap(self) -> bool:
        identity = file_identity(self.path)
        if identity is None or identity == self._identity:
            return False  # unchanged, or missing for an instant: keep serving what is open
        first = self._identity is None
        self._identity = identity
        if first:
            return False
        self._generation += 1
        self._cached_table_counts = None
        self.cached_hash = None
        self.cached_size = None
        if self._read_connection is not None:  # non-threaded mode
            old, self._read_connection = self._read_connection, None
            self._forget(old)
        return True

    async def table_counts(self, limit=10):
        if not self.is_mutable:
            limit = max(limit, COUNT_LIMIT_MS)
        return await super().table_counts(limit=limit)

    def _forget(self, connection) -> None:
        try:
            self._all_file_connections.remove(connection)
        except ValueError:
            pass
        try:
            connection.close()
        except Exception:
            pass

    async def execute_fn(self, fn):
        self.notice_swap()
        if self.ds.executor is None:
            return await super().execute_fn(fn)
        generation = self._generation
        key = self.name

        def in_thread():
            conn = getattr(connections, key, None)
            if conn is not None and getattr(_generations, key, 0) < generation:
                self._forget(conn)
                conn = None
            if not conn:
                conn = self.connect()
                self.ds._prepare_connection(conn, key)
                setattr(connections, key, conn)
                setattr(_generations, key, generation)
            return fn(conn)

        return await asyncio.get_event_loop().run_in_executor(self.ds.executor, in_thread)


@hookimpl
def startup(datasette):
    for database in datasette.databases.values():
        if type(database) is Database and database.path and not database.is_memory:
            database.__class__ = ReloadingDatabase
            database.notice_swap()
