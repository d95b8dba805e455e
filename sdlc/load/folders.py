"""Which files are records: files named on the command line, and files found in
folders, which are walked with a loop (so no depth of folders exhausts the stack),
in name order, with suffixes matched without regard to case.

Symbolic links are followed only into the link's own folder or below it, the rule
record writers keep too (see docs/limits.md, "Links, files and evidence"). A link
that leads anywhere else is refused before any byte behind it is read, so a record
file that is a link to a secret cannot show the secret in a message. A link to a
folder inside the folder is not followed: its records are read where they are.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Location

RECORD_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")
"""The suffixes of record files, matched without regard to case (``.YAML`` too)."""


def is_record_name(path: Path) -> bool:
    """Whether ``path`` is named like a record file (YAML, JSON or JSON Lines)."""
    return path.suffix.lower() in RECORD_SUFFIXES


def is_json_lines(path: Path) -> bool:
    """Whether ``path`` is named like a JSON Lines file (``.jsonl``, in any case)."""
    return path.suffix.lower() == ".jsonl"


def leaves_folder(path: Path) -> bool:
    """Whether ``path`` is a symbolic link that leads outside the folder that holds it."""
    try:
        if not path.is_symlink():
            return False
        folder = os.path.realpath(path.parent if str(path.parent) else ".")
        target = os.path.realpath(path)
    except (OSError, ValueError):
        return False  # cannot be a link that is followed; opening it says why
    return not Path(target).is_relative_to(folder)


def refuse_leaving_link(path: Path) -> None:
    """Raise :class:`InputError` if ``path`` is a link that leads outside its folder."""
    if leaves_folder(path):
        raise link_refusal(path)


def link_refusal(path: Path) -> InputError:
    """The refusal of a link that leads outside its folder (nothing behind it was read)."""
    return InputError(
        "is a symbolic link that leads outside its folder; sdlc follows a link only into "
        "the link's own folder or below it, so that a record cannot make it read other files",
        location=Location(str(path)),
        hint="give the path of the file or folder itself, or move it into the link's folder",
    )


@dataclass(frozen=True, slots=True)
class Found:
    """A record file to read, or a path that cannot be read and why."""

    path: Path
    error: InputError | None = None


def find_records(paths: Iterable[Path | str]) -> Iterator[Found]:
    """The record files in ``paths``: files as given, folders walked (sorted by name)."""
    for item in paths:
        path = Path(item)
        if leaves_folder(path):
            yield Found(path, link_refusal(path))
            continue
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            mode = 0  # reading it says why
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        else:
            yield Found(path)


def _walk(root: Path) -> Iterator[Found]:
    """Every record file below ``root``, depth first in name order, without recursion."""
    listing = _listing(root)
    if isinstance(listing, Found):
        yield listing
        return
    stack = [listing]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            found = _link(path)
            if found is not None:
                yield found
        elif entry.is_dir(follow_symlinks=False):
            inner = _listing(path)
            if isinstance(inner, Found):
                yield inner
            else:
                stack.append(inner)
        elif entry.is_file(follow_symlinks=False) and is_record_name(path):
            yield Found(path)


def _listing(folder: Path) -> Iterator[os.DirEntry[str]] | Found:
    try:
        with os.scandir(folder) as entries:
            return iter(sorted(entries, key=lambda e: e.name))
    except OSError as exc:
        error = InputError(f"cannot read: {exc.strerror}", location=Location(str(folder)))
        return Found(folder, error)


def _link(path: Path) -> Found | None:
    """A link found in a folder: a record to read, a refusal, or nothing (a link to a
    folder inside, a dangling link, or a link to something that is not a record)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None  # a dangling link, or one that goes round in a circle
    folder = stat.S_ISDIR(mode)
    if not (folder or is_record_name(path)):
        return None
    if leaves_folder(path):
        return Found(path, link_refusal(path))
    return None if folder else Found(path)
