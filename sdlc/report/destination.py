"""Where a report goes: standard output, or a file that is replaced only once the
report is whole, so that a report can be written a record at a time.

The file is written through :func:`sdlc.integrity.fileio.replacing`, as every file
sdlc writes: a reader sees the old report or the new one, whole, and a check that
fails half-way leaves the old one.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def report_destination(output: str | None) -> Iterator[TextIO]:
    """A stream for the report: stdout, or the temporary file that becomes ``output``
    when the block ends without an error (and is removed when it does not)."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    from ..integrity.fileio import replacing  # a temporary file, for --output alone

    with replacing(Path(output)) as stream:
        yield stream
