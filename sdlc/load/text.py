"""The text of an input file: read within the size limit, only from a regular file
(never blocking on a pipe or a device), and refused unless it is strict UTF-8
without a byte-order mark, naming the first bad byte's place.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, Location
from ..limits import FILE_BYTES

_BOMS = {
    b"\xef\xbb\xbf": "UTF-8",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def max_file_bytes() -> int:
    """The size limit in force (``SDLC_MAX_FILE_BYTES``, see :mod:`sdlc.limits`)."""
    return FILE_BYTES.value()


def read_text(path: Path, *, max_bytes: int | None = None) -> str:
    """The file's text, refused unless it is UTF-8, without a byte-order mark, and small."""
    limit = max_file_bytes() if max_bytes is None else max_bytes
    name = str(path)
    handle, size = open_regular(path)
    try:
        with handle:
            raw = b"" if size > limit else _read_capped(handle, limit, size)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=Location(name)) from None
    if size > limit or len(raw) > limit:
        raise InputError(
            f"file is {size:,} bytes, more than the limit of {limit:,}"
            if size > limit
            else f"file is more than the limit of {limit:,} bytes",
            location=Location(name),
            hint="split it, or raise the limit with SDLC_MAX_FILE_BYTES",
        )
    return decode(raw, name)


def open_regular(path: Path) -> tuple[BinaryIO, int]:
    """The regular file at ``path``, open for reading, and its size. It is opened
    without blocking and checked once open, so that a pipe or a device in its place
    is refused, never waited on or read."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError("no such file", location=Location(name)) from None
    except IsADirectoryError:  # where a folder cannot be opened at all
        raise InputError("expected a file, found a directory", location=Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", location=Location(name)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        found = "a directory" if stat.S_ISDIR(info.st_mode) else "a pipe, socket or device"
        raise InputError(f"expected a file, found {found}", location=Location(name))
    return os.fdopen(fd, "rb"), info.st_size


def _read_capped(handle: BinaryIO, limit: int, size: int) -> bytes:
    """At most ``limit + 1`` bytes (the file may grow meanwhile), allocating as it goes."""
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = handle.read(min(max(size + 1, 1 << 16), limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, name: str) -> str:
    """Decode strict UTF-8, naming the line and column of the first bad byte."""
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            raise InputError(
                f"file starts with a {encoding} byte-order mark",
                location=Location(name, 1, 1),
                hint="save the file as UTF-8 without a byte-order mark",
            )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} cannot start or continue a character",
            location=Location(name, line, column),
            hint="save the file as UTF-8",
        ) from None
