"""The text of an input file: read within the size limit, and refused unless it
is strict UTF-8 without a byte-order mark, naming the first bad byte's place.
"""

from __future__ import annotations

import os
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
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > limit else _read_capped(handle, limit, size)
    except FileNotFoundError:
        raise InputError("no such file", location=Location(name)) from None
    except IsADirectoryError:
        raise InputError("expected a file, found a directory", location=Location(name)) from None
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
