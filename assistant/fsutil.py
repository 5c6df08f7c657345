"""Files that survive a crash: atomic writes (temp file, fsync, rename), durable folder entries, and
cross-process locks that fail with a message saying who holds them.

Kept free of heavy imports: the CLI's quick commands use it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename over the target."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_temp(path: Path) -> bool:
    """A temporary file of ``atomic_write`` (``.<name>.<random>.tmp``), left behind by a killed write."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def fsync_dir(folder: Path) -> None:
    """Make a folder's entries (a rename into it) durable; a no-op where the platform cannot (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_durably(path: Path, data: bytes) -> None:
    """``atomic_write`` into a folder made if missing, then the folder's entry made durable too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)
    fsync_dir(path.parent)


@contextmanager
def file_lock(path: Path, timeout: float, busy: Callable[[float], Exception]) -> Iterator[None]:
    """Hold a lock file across processes; waiting longer than ``timeout`` seconds (-1: forever) raises
    ``busy(timeout)``, an error that says who holds the lock."""
    from filelock import FileLock, Timeout

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(path)).acquire(timeout=timeout):
            yield
    except Timeout as e:
        raise busy(timeout) from e
