"""An evidence file read once: its text and the SHA-256 of exactly those bytes.

The digest recorded as evidence is that of the bytes parsed, read in one go, so a
file replaced while an import runs cannot be parsed as one report and recorded
as another. The file must be a regular file, UTF-8, within the size limit
(``SDLC_MAX_FILE_BYTES``, see docs/limits.md).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location
from ..load.text import decode, max_file_bytes


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """The file at ``path``: its text and the hex SHA-256 of its bytes."""

    path: Path
    text: str
    sha256: str

    @property
    def name(self) -> str:
        return str(self.path)


def read_evidence(path: Path) -> EvidenceFile:
    """Read ``path``; an :class:`InputError` naming it when it cannot be."""
    name = str(path)
    limit = max_file_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError("no such file", location=Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=Location(name)) from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise InputError("expected a regular file", location=Location(name))
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", location=Location(name)) from None
    if len(raw) > limit:
        raise InputError(
            f"file is more than the limit of {limit:,} bytes",
            location=Location(name),
            hint="raise the limit with SDLC_MAX_FILE_BYTES",
        )
    return EvidenceFile(path, decode(raw, name), hashlib.sha256(raw).hexdigest())
