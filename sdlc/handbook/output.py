"""Publishing a rendered handbook: all or nothing, and never over a person's files.

The pages are written to a fresh folder beside the output folder, which is then
swapped in with renames, so readers and ``mkdocs serve`` see the old handbook or
the new one, whole. An output folder is replaced only when it is empty or holds an
earlier render and nothing else: the manifest of an earlier render
(:mod:`.manifest`) lists every file it wrote with its SHA-256, and any other file,
or a listed file changed since, stops the render before anything is touched.
After the swap only the listed, unchanged files of the old folder are deleted.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError, Location
from .manifest import (
    MARKER,
    audit,
    discard,
    manifest_text,
    old_marker,
    read_manifest,
    valid_path,
)

__all__ = ["MARKER", "RenderError", "inside", "publish"]


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
    earlier = _check_target(out)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(out)}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise _os_error(exc, out) from None
    try:
        targets = {rel: inside(staging, rel) for rel in sorted(pages)}
        # the manifest first: a render killed partway leaves a folder that says what it holds
        (staging / MARKER).write_text(manifest_text(pages), encoding="utf-8", newline="\n")
        for rel, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pages[rel], encoding="utf-8", newline="\n")
        _permissions(staging)
        old = _swap(staging, out.absolute())
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _os_error(exc, out) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if old is not None:
        _retire(old, earlier, out)


def inside(root: Path, rel: str) -> Path:
    """``root / rel``, refusing any path that could land outside ``root``."""
    if not valid_path(rel):
        raise RenderError(f"refusing to write {rel!r}: page paths must stay inside the output")
    target = root.joinpath(*rel.split("/"))
    if not target.resolve().is_relative_to(root.resolve()):
        raise RenderError(f"refusing to write {rel!r}: it resolves outside the output")
    return target


def _check_target(out: Path) -> dict[str, str] | None:
    """Refuse an output that is not new, empty, or an earlier render holding only its
    own unchanged files; return that render's manifest (``None`` when there is none)."""
    where = Location(str(out))
    if out.is_symlink():
        raise RenderError(
            "the output folder is a symbolic link",
            location=where,
            hint="give the real folder, so the render cannot replace something else",
        )
    if not out.exists():
        return None
    if not out.is_dir():
        raise RenderError(
            "the output exists and is not a folder", location=where, hint="choose a new folder"
        )
    try:
        if not any(out.iterdir()):
            return None
        if not (out / MARKER).exists() and not (out / MARKER).is_symlink():
            raise RenderError(
                "refusing to render into a folder that is neither empty nor an earlier "
                f"render (it has no {MARKER} file)",
                location=where,
                hint="choose an empty or new folder; sdlc render replaces the whole folder",
            )
        try:
            files, bad = read_manifest(out)
        except ValueError as exc:
            raise RenderError(
                f"refusing to replace the folder: {exc}",
                location=Location(str(out / MARKER)),
                hint=_FOREIGN_MANIFEST,
            ) from None
        if bad is not None and old_marker(out):
            raise RenderError(
                f"refusing to replace the folder: its {MARKER} file is the list of pages an "
                "earlier sdlc wrote, without the SHA-256 that shows they are unchanged",
                location=Location(str(out / MARKER), bad),
                hint="check that nothing of yours is in the folder, delete it, and render "
                "again: renders now write a manifest with digests",
            )
        if bad is not None:
            raise RenderError(
                f"refusing to replace the folder: this line of its {MARKER} file is not "
                "'<sha256>  <path>' with a path sdlc render writes",
                location=Location(str(out / MARKER), bad),
                hint=_FOREIGN_MANIFEST,
            )
        foreign, changed = audit(out, files)
    except OSError as exc:
        raise _os_error(exc, out) from None
    if foreign:
        raise RenderError(
            "refusing to replace an earlier render that now holds files sdlc did not write: "
            f"{_shown(foreign)}",
            location=where,
            hint="move those files out of the folder, or render into another folder",
        )
    if changed:
        raise RenderError(
            "refusing to replace an earlier render whose files changed after sdlc wrote "
            f"them: {_shown(changed)}",
            location=where,
            hint="sdlc render replaces only the files it wrote, unchanged: keep your edits in "
            "the process file or a --templates folder, then delete the changed files and "
            "render again",
        )
    return files


_FOREIGN_MANIFEST = (
    "sdlc render did not write this manifest, or an older sdlc did: check that nothing "
    "of yours is in the folder, delete it, and render again (or render into another folder)"
)


def _shown(paths: list[str]) -> str:
    more = f" and {len(paths) - 5} more" if len(paths) > 5 else ""
    return ", ".join(paths[:5]) + more


def _retire(old: Path, files: dict[str, str] | None, out: Path) -> None:
    """Delete the old handbook, swapped out of ``out``: only the files its manifest lists,
    unchanged. Anything else (written there while the render ran) is kept, and named."""
    try:
        left = discard(old, files or {})
    except OSError as exc:
        raise _os_error(exc, old) from None
    if left:
        raise RenderError(
            f"the handbook was rendered, but {_shown(left)} appeared in the old handbook "
            f"while it was replaced; kept in {old}",
            location=Location(str(out)),
            hint=f"move what you need out of {old}, then delete that folder",
        )


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
    Of a staging folder only what its manifest lists goes (a render writes the
    manifest first): anything else in it stays, and so does the folder.
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
        elif entry.is_dir() and not entry.is_symlink():
            _clear(entry)


def _clear(staging: Path) -> None:
    """Delete what a killed render's ``staging`` folder holds of its own manifest's files
    (the last may be cut short, so digests are not asked for), and the folder if empty."""
    if not (staging / MARKER).exists():
        if not any(staging.iterdir()):
            staging.rmdir()  # killed before it wrote anything
        return
    try:
        files, _bad = read_manifest(staging, strict=False)
    except ValueError:
        return
    discard(staging, files, check=False)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _swap(staging: Path, out: Path) -> Path | None:
    """Put ``staging`` in the place of ``out``; return where the old ``out`` now is."""
    if not out.exists():
        os.replace(staging, out)
        return None
    if _exchange(staging, out):  # one step: readers see the old folder or the new one
        return staging
    old = staging.with_name(staging.name + ".old")
    os.replace(out, old)
    try:
        os.replace(staging, out)
    except OSError:
        os.replace(old, out)
        raise
    return old


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
