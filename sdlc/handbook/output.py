"""Publishing a rendered handbook: all or nothing, and never over a person's files.

The pages are written to a fresh folder beside the output folder, which is then
swapped in with renames, so readers and ``mkdocs serve`` see the old handbook or
the new one, whole. An output folder is replaced only when it is empty or holds an
earlier render and nothing else: the marker file of an earlier render lists every
file it wrote, and any other file stops the render before anything is touched.
"""

from __future__ import annotations

import ctypes
import errno
import os
import posixpath
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError, Location

MARKER = ".sdlc-render"
"""Name of the marker file listing what a render wrote."""

_MARKER_HEAD = "# Written by 'sdlc render'; the next render replaces this folder.\n"


class RenderError(InputError):
    """The handbook cannot be rendered or written where asked."""


def publish(pages: Mapping[str, str], out: Path) -> None:
    """Write ``pages`` (relative POSIX path -> text) as the folder ``out``."""
    out = Path(out)
    parent = out.absolute().parent
    try:
        _recover(out.absolute())
    except OSError as exc:
        raise _os_error(exc, out) from None
    _check_target(out)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(out)}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise _os_error(exc, out) from None
    try:
        for rel in sorted(pages):
            target = inside(staging, rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pages[rel], encoding="utf-8", newline="\n")
        listing = "".join(f"{rel}\n" for rel in sorted(pages))
        (staging / MARKER).write_text(_MARKER_HEAD + listing, encoding="utf-8", newline="\n")
        _permissions(staging)
        _swap(staging, out.absolute())
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _os_error(exc, out) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def inside(root: Path, rel: str) -> Path:
    """``root / rel``, refusing any path that could land outside ``root``."""
    parts = rel.split("/")
    if (
        not rel
        or posixpath.isabs(rel)
        or "\\" in rel
        or any(p in ("", ".", "..") or p.startswith(".") for p in parts)
    ):
        raise RenderError(f"refusing to write {rel!r}: page paths must stay inside the output")
    target = root.joinpath(*parts)
    if not target.resolve().is_relative_to(root.resolve()):
        raise RenderError(f"refusing to write {rel!r}: it resolves outside the output")
    return target


def _check_target(out: Path) -> None:
    where = Location(str(out))
    if out.is_symlink():
        raise RenderError(
            "the output folder is a symbolic link",
            location=where,
            hint="give the real folder, so the render cannot replace something else",
        )
    if not out.exists():
        return
    if not out.is_dir():
        raise RenderError(
            "the output exists and is not a folder", location=where, hint="choose a new folder"
        )
    try:
        entries = list(out.iterdir())
        if not entries:
            return
        marker = out / MARKER
        if not marker.is_file():
            raise RenderError(
                "refusing to render into a folder that is neither empty nor an earlier "
                f"render (it has no {MARKER} file)",
                location=where,
                hint="choose an empty or new folder; sdlc render replaces the whole folder",
            )
        written = {
            line
            for line in marker.read_text(encoding="utf-8", errors="replace").splitlines()
            if line and not line.startswith("#")
        }
        foreign = sorted(rel for rel in _files(out) if rel != MARKER and rel not in written)
    except OSError as exc:
        raise _os_error(exc, out) from None
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise RenderError(
            f"refusing to replace an earlier render that now holds files sdlc did not write: "
            f"{shown}",
            location=where,
            hint="move those files out of the folder, or render into another folder",
        )


def _files(root: Path) -> list[str]:
    """Every non-folder entry under ``root``, as relative POSIX paths (links not followed)."""
    found = []
    for folder, dirs, files in os.walk(root):
        base = Path(folder).relative_to(root)
        for name in files + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            found.append((base / name).as_posix())
    return found


def _permissions(staging: Path) -> None:
    """mkdtemp makes a private folder; give it the usual permissions for a docs folder."""
    mode = stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    staging.chmod(mode)


def _staging_prefix(out: Path) -> str:
    return f".{out.name}.render-"


def _recover(out: Path) -> None:
    """Clear what renders killed partway left beside ``out``: their staging folders
    go, and an old handbook moved aside for a swap that never finished goes back.

    A staging folder is named after the process that made it, and only those of
    processes no longer running are touched, so a render under way is left alone.
    """
    if os.name != "posix" or not out.parent.is_dir():
        return
    prefix = _staging_prefix(out)
    for entry in sorted(out.parent.iterdir()):
        pid = entry.name.removeprefix(prefix).split("-", 1)[0]
        if not entry.name.startswith(prefix) or not pid.isdigit() or _running(int(pid)):
            continue
        if entry.name.endswith(".old") and not out.exists() and not out.is_symlink():
            os.replace(entry, out)  # the old handbook, back where it was
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    if _exchange(staging, out):  # one step: readers see the old folder or the new one
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = staging.with_name(staging.name + ".old")
    os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux's ``renameat2`` with
    ``RENAME_EXCHANGE``); ``False`` where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _os_error(exc: OSError, out: Path) -> RenderError:
    return RenderError(
        f"cannot write the handbook: {exc.strerror or exc}",
        location=Location(str(exc.filename or out)),
    )
