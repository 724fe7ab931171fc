"""One harvest at a time: an advisory lock (fcntl.flock) on data/harvest.lock.

The kernel releases the lock when the process ends, however it ends (also kill -9), so a
stale lock file never blocks the next night's run. The file holds the pid of the holder,
only to say who is running.
"""

from __future__ import annotations

import errno
import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class LockError(RuntimeError):
    """Another harvest holds the lock, or the lock file cannot be created."""


@contextmanager
def harvest_lock(path: Path | str):
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise LockError(f"cannot create the lock file {path}: {os.strerror(error.errno or errno.EIO)}") from error
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise LockError(f"another harvest is running (pid {holder}); {path} is locked") from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield path
        finally:
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
