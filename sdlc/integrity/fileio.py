"""Writing files safely: a temporary file in the same folder, fsync, then rename; and
which file a write to a record path lands on when that path is a symbolic link.

The temporary file is made by :func:`tempfile.mkstemp`, which opens it with
``O_CREAT | O_EXCL``: a name that already exists, a symbolic link planted there
included, is never opened, so the write cannot be redirected. The rename replaces
the directory entry at the path and never follows a link found there.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..errors import InputError, Location


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[TextIO]:
    """A stream whose text replaces ``path`` when the block ends without an error, so
    that readers see the old or the new file, whole; on an error the old file stays
    and the temporary one is removed."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", location=Location(str(path))) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", location=Location(str(path))) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, whole."""
    with replacing(path) as handle:
        handle.write(text)


def _mode(path: Path) -> int:
    """The mode of the file being replaced, or the one a new file would get (mkstemp
    makes its file readable by its owner only)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def record_target(path: Path) -> Path:
    """The file a write to the record at ``path`` replaces: ``path`` itself, or, when
    ``path`` is a symbolic link, the file the link leads to, which must lie inside the
    link's folder (a record path must not be a way to overwrite any other file).

    Writing the target, not the link, keeps the link in place; the target need not
    exist yet (``sdlc record new`` through a link creates it).
    """
    if not path.is_symlink():
        return path
    folder = path.parent if str(path.parent) else Path(".")
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops where links go round in a circle
        raise InputError(
            "the record is a symbolic link that goes round in a circle of links",
            location=Location(str(path)),
            hint="replace the link with the record file, or point it at the record",
        )
    if not target.is_relative_to(os.path.realpath(folder)):
        raise InputError(
            f"the record is a symbolic link to {target}, outside the link's folder; "
            "expected the record file, or a link to a record in the same folder",
            location=Location(str(path)),
            hint=f"give the record's own path, or move the record into {folder}/ "
            "and link to it there",
        )
    return target
