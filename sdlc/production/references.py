"""Image references and digests as container runtimes write them, and the digest
each one pins (see docs/design.md, "Subjects and lineage").

Kubernetes writes a container's ``imageID`` as ``docker-pullable://repo@sha256:…``,
``docker://sha256:…``, ``repo@sha256:…`` or ``sha256:…``; Docker writes a
repository digest as ``repo@sha256:…`` and an image id as ``sha256:…``. Only a
digest identifies what runs: a reference by tag (``nginx:1.25``) names whatever
the tag pointed at when it was pulled, so it pins nothing.
"""

from __future__ import annotations

import re

DIGEST = re.compile(r"sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}")
"""A content digest as the OCI image specification writes one (lower-case hex)."""
_ALGORITHMS = ("sha256:", "sha512:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_BARE_ID = re.compile(r"[0-9a-f]{64}")


class BadDigest(ValueError):
    """A reference that claims a digest which is not one (``repo@sha256:xyz``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            f"{text!r} is not a digest (expected sha256: and 64 lower-case hex digits)"
        )


def is_digest(text: str) -> bool:
    """Whether ``text`` is a whole digest such as ``sha256:32b8f63…``."""
    return DIGEST.fullmatch(text) is not None


def pinned_digest(reference: str, *, bare_id: bool = False) -> str | None:
    """The digest ``reference`` pins, or ``None`` when it names an image by tag only.

    A runtime prefix (``docker-pullable://``) is dropped first. With ``bare_id``, 64
    hex digits alone are an image id (Podman writes them so) and read as ``sha256:``.
    Raises :class:`BadDigest` when the reference claims a digest that is malformed.
    """
    text = _SCHEME.sub("", reference.strip(), count=1)
    if "@" in text:
        tail = text.rsplit("@", 1)[1]
        if not is_digest(tail):
            raise BadDigest(tail)
        return tail
    if text.startswith(_ALGORITHMS):
        if not is_digest(text):
            raise BadDigest(text)
        return text
    if bare_id and _BARE_ID.fullmatch(text):
        return f"sha256:{text}"
    return None
