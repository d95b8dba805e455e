"""An exclusive lock per record file, held while a record is read and rewritten.

The lock is an advisory ``flock`` on a small side file, ``.<name>.lock`` next to
the record (the record itself is replaced by a rename on every write, so it
cannot carry the lock). The kernel releases the lock when its holder exits,
however it exits, so a writer killed mid-append never leaves the record locked.
On Windows, ``msvcrt.locking`` does the same.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError, Location

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for another writer before giving up."""


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the record at ``path`` for the duration of the block."""
    name = lock_path(path)
    try:
        fd = os.open(name, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(
            f"cannot create the lock file {name.name}: {exc.strerror}",
            location=Location(str(path)),
        ) from None
    try:
        _acquire(fd, path, timeout)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pause = 0.0005
    while not _try(fd):
        if time.monotonic() >= deadline:
            raise InputError(
                f"another writer has held the record's lock for more than {timeout:g} s",
                location=Location(str(path)),
                hint="wait for the other 'sdlc record' command to finish, then try again",
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.005)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
