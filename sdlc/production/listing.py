"""Plain snapshots: one running artifact a line, ``NAME DIGEST``, for whatever has no
inventory of its own (virtual machines, functions, appliances). Blank lines and
lines starting with ``#`` are skipped.

DIGEST is a digest (``sha256:…``) or an image reference that pins one
(``registry/repo@sha256:…``); a reference by tag is read, and has no digest.
"""

from __future__ import annotations

from ..errors import InputError, Location
from .references import BadDigest, pinned_digest
from .shapes import EXPECTED
from .snapshot import Running


def read_listing(text: str, name: str) -> tuple[Running, ...]:
    """Every ``NAME DIGEST`` line of ``text`` (the file ``name``), in order."""
    found: list[Running] = []
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if len(words) != 2:
            raise InputError(
                f"expected NAME DIGEST (two words), found {len(words)} "
                f"word{'s' * (len(words) != 1)}",
                location=Location(name, number, 1),
                hint="write one artifact a line: its name, a space, its digest (sha256:…)",
            )
        label, reference = words
        column = line.index(reference, line.index(label) + len(label)) + 1
        where = Location(name, number, column)
        try:
            digest = pinned_digest(reference)
        except BadDigest as exc:
            raise InputError(
                f"{label}: {exc}",
                location=where,
                hint="copy the digest whole, as the registry gives it",
            ) from None
        found.append(
            Running(
                label=label,
                workload=label,
                location=where,
                image=reference,
                digests=() if digest is None else (digest,),
                problem="" if digest else f"runs image {reference!r} by tag, without a digest",
                container=label,
                state="running",
            )
        )
    if not found:
        raise InputError(
            f"the snapshot lists nothing running ({EXPECTED})",
            location=Location(name, 1, 1),
            hint="list one artifact a line: NAME DIGEST",
        )
    return tuple(found)
