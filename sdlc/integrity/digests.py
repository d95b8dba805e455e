"""Evidence digests: local evidence files against the SHA-256 their events record,
read within bounds.

Only local files are read: a plain path, or a ``file:`` URI without a host (or
with ``localhost``). Relative paths are relative to the folder of the record
file. Anything with another scheme (``https:``, ``s3:`` …) is never fetched.

A record is input, and may be hostile, so what it can make sdlc read is bounded
(see docs/limits.md, "Links, files and evidence"): a regular file, inside the
record's repository once links are followed (the folder tree of the git top level
of the record's folder, or the record's folder itself when it is not in git), not
under ``/proc``, ``/sys`` or ``/dev``, and at most
:data:`~sdlc.limits.EVIDENCE_BYTES` long. It is opened without blocking, so a
pipe or device cannot make the check hang. The digest of a file is compared with
the one the record holds and never shown: a message must not reveal the digest of
a file the record did not already know.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..limits import EVIDENCE_BYTES

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CHUNK = 1 << 20
_SYSTEM = ("/proc", "/sys", "/dev")
"""Folders of the kernel's own files, which are never evidence (and may never end)."""


def local_path(uri: str, base: Path | None) -> Path | None:
    """The local file ``uri`` names, or ``None`` for remote URIs (and for relative
    paths when there is no ``base`` folder to resolve them against)."""
    if uri.startswith(("https://", "http://")):
        return None  # the usual case, asked per evidence: no pattern needed to say so
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


@dataclass(frozen=True, slots=True)
class Reading:
    """What reading one evidence file gave: its digest, or why it has none.

    ``problem`` follows the evidence's name in a message ("names a file that does
    not exist"), and ``hint`` says how to repair it."""

    sha256: str | None
    problem: str | None = None
    hint: str | None = None


def repository(folder: Path | None) -> Path:
    """The folder tree evidence of a record in ``folder`` must lie in: the git top
    level above it (the nearest folder holding ``.git``), else ``folder`` itself.
    Without a folder (a record checked in memory), the current folder's."""
    start = Path(os.path.realpath(folder if folder is not None else "."))
    for probe in (start, *start.parents):
        if os.path.lexists(probe / ".git"):
            return probe
    return start


@dataclass(slots=True)
class DigestCache:
    """Files already read in this run, by real path (records often share evidence)."""

    known: dict[Path, Reading] = field(default_factory=dict)
    roots: dict[Path | None, Path] = field(default_factory=dict)

    def read(self, path: Path, folder: Path | None) -> Reading:
        """Read the evidence at ``path`` for a record in ``folder``, within the bounds
        of the module's docstring."""
        if folder not in self.roots:
            self.roots[folder] = repository(folder)
        root = self.roots[folder]
        try:
            real = Path(os.path.realpath(path))
        except (OSError, ValueError):
            return _UNREADABLE
        if any(real.is_relative_to(system) for system in _SYSTEM):
            return Reading(
                None,
                "is a file of the operating system, which is never read",
                "point the evidence at a file in the repository",
            )
        if not real.is_relative_to(root):
            return Reading(
                None,
                f"lies outside the repository the record is in ({root}), and is not read",
                "keep evidence inside the repository, or point at it with an https: URI",
            )
        if real not in self.known:
            self.known[real] = _read(real)
        return self.known[real]

    def sha256(self, path: Path) -> str | None:
        """The hex SHA-256 of the regular file at ``path``, or ``None`` if there is none
        (missing, not a regular file, too large, a file of the operating system, or
        unreadable). For a file a person names (``sdlc record append --evidence``)."""
        try:
            real = Path(os.path.realpath(path))
        except (OSError, ValueError):
            return None
        if any(real.is_relative_to(system) for system in _SYSTEM):
            return None
        if real not in self.known:
            self.known[real] = _read(real)
        return self.known[real].sha256


_UNREADABLE = Reading(None, "cannot be read", "check the evidence's path")


def _read(path: Path) -> Reading:
    # opened without blocking and checked after opening, so that a pipe or device put
    # in the file's place cannot make the read hang; read no further than the limit,
    # so that a file that grows, or claims a size it does not have, cannot either
    limit = EVIDENCE_BYTES.value()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return Reading(
            None,
            "names a local file that does not exist",
            "restore the evidence the event was recorded with, or append a new event that "
            "names where the evidence is now",
        )
    except OSError as exc:
        return Reading(None, f"cannot be read ({exc.strerror})", "check the evidence's path")
    too_big = Reading(
        None,
        f"is more than the limit of {limit:,} bytes, and is not read",
        "raise the limit with SDLC_MAX_EVIDENCE_BYTES, or keep large evidence elsewhere "
        "and point at it with an https: URI",
    )
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return Reading(
                None,
                "is not a regular file (a folder, a pipe or a device)",
                "point the evidence at the file itself",
            )
        with os.fdopen(fd, "rb") as handle:
            if info.st_size > limit:
                return too_big
            digest = hashlib.sha256()
            total = 0
            while chunk := handle.read(min(_CHUNK, limit + 1 - total)):
                total += len(chunk)
                if total > limit:
                    return too_big
                digest.update(chunk)
    except OSError as exc:
        return Reading(None, f"cannot be read ({exc.strerror})", "check the evidence's path")
    return Reading(digest.hexdigest())
