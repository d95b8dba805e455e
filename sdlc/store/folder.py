"""The folder store: records as files in a folder, the way sdlc has always kept
them. A write holds the record's lock (:mod:`sdlc.integrity.locking`), checks the
file is still the version read, and replaces it atomically
(:mod:`sdlc.integrity.fileio`); a version is the SHA-256 of the file's text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

from ..errors import InputError, Location
from ..integrity.fileio import atomic_write
from ..integrity.locking import locked
from ..load.folders import find_records, is_json_lines
from ..load.text import read_text
from .stored import Conflict, Stored


class FolderStore:
    """Records kept as files under ``root``, named by their path from it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def address(self) -> str:
        return str(self.root)

    def path(self, name: str) -> Path:
        """The file of the record named ``name``, which must lie under the root."""
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not parts or parts[0] == "/" or ".." in parts or ":" in parts[0]:
            raise InputError(
                f"{name!r} is not a record's name in the store: expected a path inside it",
                location=Location(str(self.root)),
                hint="name the record by its file's path from the store's folder",
            )
        return self.root.joinpath(*parts)

    def where(self, name: str) -> str:
        return str(self.path(name))

    def names(self) -> list[str]:
        found = [f.path for f in find_records([self.root]) if not is_json_lines(f.path)]
        return sorted(p.relative_to(self.root).as_posix() for p in found)

    def read(self, name: str) -> Stored | None:
        path = self.path(name)
        if not path.exists():
            return None
        text = read_text(path)
        return Stored(name, text, _version(text))

    def write(self, name: str, text: str, expected: str | None, note: str) -> str:
        path = self.path(name)
        with locked(path) as target:
            now = _version(read_text(target)) if target.exists() else None
            if now != expected:
                raise Conflict(name)
            atomic_write(target, text)
        return _version(text)


def _version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
