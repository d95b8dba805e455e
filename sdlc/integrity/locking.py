"""The lock of a record, held while it is read and rewritten: an exclusive ``flock``
on the folder that holds the record's file.

Why the folder, and why that is safe:

- Every write renames a new file over the record, so the record's inode changes
  each time; a lock on the record file would stay behind on the replaced inode.
- A side lock file can be deleted while a writer holds its lock; the next writer
  then creates a new file of that name, locks it at once, and two writers are
  inside together, so one acknowledged append is lost.
- The folder cannot be deleted while it holds the record (a folder that is not
  empty cannot be removed), and creating, deleting or renaming files in it leaves
  the folder's inode as it is. So every writer of the record locks the same
  object, and nothing done to the files in the folder can take the lock away.
  Once the lock is held, the folder at the path is checked to still be the one
  locked (same device, same inode); if it was renamed away and replaced in the
  meantime, the lock is dropped and taken again on the folder now there.
- The record path is resolved first (:func:`~sdlc.integrity.fileio.record_target`):
  the lock is that of the folder of the file actually replaced, so writers that
  come through a symbolic link and writers that name the file take the same lock.
- The kernel releases a ``flock`` when its holder exits, however it exits, so a
  writer killed mid-append never leaves the record locked.

The lock is advisory: it makes writers that take it (``sdlc record``, and
:mod:`sdlc.integrity.writer`) take turns; it does not hold back an editor. The
records of one folder share the lock, so their writers take turns too, each for
the milliseconds an append takes.

On Windows, where a folder cannot be opened, the lock is ``msvcrt.locking`` on a
side file ``.<name>.lock``; Windows refuses to delete a file while it is open, so
the lock file cannot be deleted while a writer holds it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError, Location
from .fileio import record_target

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for another writer before giving up."""


@contextmanager
def locked(path: Path, timeout: float = DEFAULT_TIMEOUT) -> Iterator[Path]:
    """Hold the lock of the record at ``path`` for the duration of the block, and give
    the file to read and replace: ``path``, or the file a symbolic link at ``path``
    leads to (see :func:`~sdlc.integrity.fileio.record_target`)."""
    target = record_target(path)
    deadline = time.monotonic() + timeout
    while True:
        fd = _open(target, path)
        try:
            _acquire(fd, path, timeout, deadline)
            if _still_there(fd, target):
                break
            _release(fd)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield target
    finally:
        try:
            _release(fd)
        finally:
            os.close(fd)


def _acquire(fd: int, path: Path, timeout: float, deadline: float) -> None:
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


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _open(target: Path, path: Path) -> int:
        name = target.with_name(f".{target.name}.lock")
        try:
            return os.open(name, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise InputError(
                f"cannot create the lock file {name.name}: {exc.strerror}",
                location=Location(str(path)),
            ) from None

    def _still_there(fd: int, target: Path) -> bool:
        return True  # an open file cannot be deleted or replaced on Windows

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

    def _open(target: Path, path: Path) -> int:
        try:
            return os.open(_folder(target), os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            raise InputError(
                f"cannot write: {exc.strerror}", location=Location(str(path))
            ) from None

    def _still_there(fd: int, target: Path) -> bool:
        """Whether the folder locked through ``fd`` is still the one at the path."""
        try:
            now = os.stat(_folder(target))
        except OSError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def _try(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
