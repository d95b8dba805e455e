"""Evidence digests: local evidence files against the SHA-256 their events record.

Only local files are read: a plain path, or a ``file:`` URI without a host (or
with ``localhost``). Relative paths are relative to the folder of the record
file. Anything with another scheme (``https:``, ``s3:`` …) is never fetched, and
only regular files are read, so a record cannot make the checker block on a
device or a pipe.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CHUNK = 1 << 20


def local_path(uri: str, base: Path | None) -> Path | None:
    """The local file ``uri`` names, or ``None`` for remote URIs (and for relative
    paths when there is no ``base`` folder to resolve them against)."""
    scheme = _SCHEME.match(uri)
    if scheme and not re.match(r"^[A-Za-z]:[\\/]", uri):
        if scheme.group().lower() != "file:":
            return None  # what urlsplit would say, without its cost (checked per evidence)
        parts = urlsplit(uri)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path))
    else:
        path = Path(uri)
    if path.is_absolute():
        return path
    return None if base is None else base / path


@dataclass(slots=True)
class DigestCache:
    """SHA-256 of files already read in this run (records often share evidence)."""

    known: dict[Path, str | None] = field(default_factory=dict)

    def sha256(self, path: Path) -> str | None:
        """The hex SHA-256 of the regular file at ``path``, or ``None`` if there is none
        (missing, not a regular file, or unreadable)."""
        if path not in self.known:
            self.known[path] = _sha256(path)
        return self.known[path]


def _sha256(path: Path) -> str | None:
    # opened without blocking and checked after opening, so that a pipe or device put
    # in the file's place cannot make the read hang
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            digest = hashlib.sha256()
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()
