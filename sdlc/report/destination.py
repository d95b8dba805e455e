"""Where a report goes: standard output, or a file that is replaced only once the
report is whole, so that a report can be written a record at a time.

The file is written as a temporary file in the same folder, made by
:func:`tempfile.mkstemp` (which never opens a name that already exists, a planted
link included), then flushed to disk and renamed over the path. A reader sees the
old report or the new one, whole; a check that fails half-way leaves the old one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..errors import InputError, Location


@contextlib.contextmanager
def report_destination(output: str | None) -> Iterator[TextIO]:
    """A stream for the report: stdout, or the temporary file that becomes ``output``
    when the block ends without an error (and is removed when it does not)."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(output)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", location=Location(output)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, _mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", location=Location(output)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    """The mode of the file being replaced, or the one a new file would get (mkstemp
    makes its file readable by its owner only)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
