"""Integrity: canonical JSON, the hash chain, ed25519 signatures, evidence
digests, the locked record writer and in-toto attestations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._faces import face

if TYPE_CHECKING:
    from .attest import envelope, statement
    from .canonical_json import canonical
    from .chain import head, is_chained
    from .locking import locked
    from .signing import SigningKey, from_seed, generate, read_private_key
    from .verification import IntegrityOptions, verify
    from .writer import Appended, append, create

_EXPORTS = {
    "IntegrityOptions": "verification",
    "verify": "verification",
    "Appended": "writer",
    "append": "writer",
    "create": "writer",
    "SigningKey": "signing",
    "generate": "signing",
    "from_seed": "signing",
    "read_private_key": "signing",
    "canonical": "canonical_json",
    "head": "chain",
    "is_chained": "chain",
    "locked": "locking",
    "statement": "attest",
    "envelope": "attest",
}
__getattr__, __dir__ = face(__name__, _EXPORTS, globals())

__all__ = [
    "Appended",
    "IntegrityOptions",
    "SigningKey",
    "append",
    "canonical",
    "create",
    "envelope",
    "from_seed",
    "generate",
    "head",
    "is_chained",
    "locked",
    "read_private_key",
    "statement",
    "verify",
]
