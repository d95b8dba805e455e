"""The manifest a render leaves in its folder: every file it wrote, with its SHA-256.

``.sdlc-render`` holds one line per file, ``<sha256>  <path>``, as ``sha256sum``
writes them (so ``sha256sum -c .sdlc-render`` in the folder checks them too). It
is what lets the next render replace the folder without ever destroying a file
that is not its own: the folder may be replaced only when every file in it is
listed and still has the digest it was written with, and afterwards only the
listed, unchanged files are deleted. A manifest that lists files it did not
write gains nothing: a listed file with any other content is a changed file,
which stops the render like a file the manifest does not list.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import re
import stat
from collections.abc import Mapping
from pathlib import Path

MARKER = ".sdlc-render"
"""Name of the manifest file."""

_HEAD = (
    "# Written by 'sdlc render': the SHA-256 of every file it wrote. The next render\n"
    "# replaces these files, and only while they are unchanged.\n"
)
OLD_HEAD = "# Written by 'sdlc render'; the next render replaces this folder."
"""The first line of the marker earlier versions wrote: paths without digests."""
_LINE = re.compile(r"(?P<digest>[0-9a-f]{64})  (?P<path>[^\n]+)")
_LARGEST = 16 * 1024 * 1024
"""A manifest larger than this is refused unread."""


def valid_path(rel: str) -> bool:
    """Whether ``rel`` is a path a render may write: relative, POSIX, no ``..``, nothing
    hidden (so never the manifest itself, or a ``.git`` folder)."""
    parts = rel.split("/")
    return bool(rel) and not (
        posixpath.isabs(rel)
        or "\\" in rel
        or any(p in ("", ".", "..") or p.startswith(".") for p in parts)
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(pages: Mapping[str, str]) -> str:
    """The manifest of ``pages`` (relative path -> text, written as UTF-8)."""
    lines = [f"{sha256(pages[rel].encode('utf-8'))}  {rel}\n" for rel in sorted(pages)]
    return _HEAD + "".join(lines)


def read_manifest(folder: Path, *, strict: bool = True) -> tuple[dict[str, str], int | None]:
    """The files ``folder``'s manifest lists (path -> SHA-256), and the number of its
    first line that is not ``<sha256>  <path>`` with a path a render writes (``None``
    when every line is). ``strict=False`` reads what it can of a manifest cut short.
    Raises :class:`OSError` when it cannot be read, and :class:`ValueError` when it is
    not a regular file or is too large."""
    marker = folder / MARKER
    info = marker.lstat()
    if not stat.S_ISREG(info.st_mode) or info.st_size > _LARGEST:
        raise ValueError(f"{MARKER} is not a regular file of at most {_LARGEST} bytes")
    files: dict[str, str] = {}
    text = marker.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        entry = _LINE.fullmatch(line)
        if entry is None or not valid_path(entry["path"]) or entry["path"] in files:
            if strict:
                return files, number
            continue
        files[entry["path"]] = entry["digest"]
    return files, None


def old_marker(folder: Path) -> bool:
    """Whether ``folder``'s marker is the kind earlier versions wrote, without digests."""
    with (folder / MARKER).open("rb") as handle:
        return handle.read(len(OLD_HEAD) + 1) == (OLD_HEAD + "\n").encode()


def _unchanged(path: Path, digest: str) -> bool:
    """Whether ``path`` is a regular file (not a link) with SHA-256 ``digest``."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == digest
    except FileNotFoundError:
        return False


def audit(folder: Path, files: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """What in ``folder`` its manifest ``files`` does not account for: entries it does not
    list (a folder as ``name/``), and listed files that are links, folders or changed."""
    needed = _ancestors(files)
    foreign: list[str] = []
    changed: list[str] = []
    for top, dirs, names in os.walk(folder):
        base = Path(top).relative_to(folder).as_posix()
        base = "" if base == "." else base + "/"
        for name in sorted(dirs):
            rel = base + name
            if rel in files:
                changed.append(rel)
            elif (Path(top) / name).is_symlink() or rel not in needed:
                foreign.append(rel + "/")
        dirs[:] = [d for d in dirs if base + d in needed and not (Path(top) / d).is_symlink()]
        for name in names:
            rel = base + name
            if rel == MARKER:
                continue
            if rel not in files:
                foreign.append(rel)
            elif not _unchanged(Path(top) / name, files[rel]):
                changed.append(rel)
    return sorted(foreign), sorted(changed)


def _ancestors(files: Mapping[str, str]) -> set[str]:
    """Every folder that holds a listed file, as a relative path."""
    found: set[str] = set()
    for rel in files:
        parts = rel.split("/")[:-1]
        found.update("/".join(parts[: n + 1]) for n in range(len(parts)))
    return found


def discard(folder: Path, files: Mapping[str, str], *, check: bool = True) -> list[str]:
    """Delete from ``folder`` the files ``files`` lists (with ``check``, only those still
    unchanged), then the folders left empty, then the manifest; return what remains,
    as relative paths (nothing when ``folder`` itself is gone)."""
    for rel, digest in files.items():
        path = folder.joinpath(*rel.split("/"))
        if _unchanged(path, digest) or (not check and path.is_file() and not path.is_symlink()):
            path.unlink()
    for top, dirs, _names in os.walk(folder, topdown=False):
        for name in dirs:
            path = Path(top) / name
            if not path.is_symlink():
                with contextlib.suppress(OSError):  # not empty: what the manifest does not list
                    path.rmdir()
    marker = folder / MARKER  # last: until the folder is empty, it says what the folder holds
    if marker.is_file() and not marker.is_symlink():
        marker.unlink()
    try:
        folder.rmdir()
    except OSError:
        return _listing(folder)
    return []


def _listing(folder: Path) -> list[str]:
    """Every entry under ``folder`` but folders, links not followed; the empty folders
    when there is nothing else."""
    found: list[str] = []
    empty: list[str] = []
    for top, dirs, names in os.walk(folder):
        base = Path(top).relative_to(folder)
        links = [d for d in dirs if (Path(top) / d).is_symlink()]
        found += [(base / name).as_posix() for name in [*names, *links]]
        if not dirs and not names:
            empty.append(base.as_posix() + "/")
    return sorted(found) or sorted(empty)
