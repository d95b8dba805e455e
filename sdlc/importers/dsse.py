"""Checking a DSSE envelope's signatures with a public key the user gives.

DSSE (Dead Simple Signing Envelope, v1) signs not the payload itself but its
pre-authentication encoding, ``PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP
LEN(body) SP body`` (lengths in ASCII decimal), so that a payload cannot be
taken for one of another type. A key (PEM, public or private) of the kinds
in-toto and Sigstore sign with is read: Ed25519, ECDSA P-256/P-384 (with
SHA-256/SHA-384, DER or raw r‖s signatures) and RSA (PSS or PKCS#1 v1.5, with
SHA-256). The envelope counts as signed by the key when at least one of its
signatures verifies; otherwise the import is refused (see docs/collecting.md).
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ..errors import InputError, UsageError
from .shape import Node

PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def pae(payload_type: str, body: bytes) -> bytes:
    """DSSE v1's pre-authentication encoding of ``body`` of ``payload_type``."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)


def read_public_key(path: Path, option: str = "--verify-key") -> PublicKey:
    """The public key in the PEM file ``path`` (a private key gives its public half)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot read it ({exc.strerror})") from None
    key: object
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise UsageError(
                f"{option} {path}: not a PEM key (expected -----BEGIN PUBLIC KEY-----, an "
                "Ed25519, ECDSA or RSA key as in-toto and cosign write them)"
            ) from None
    if not isinstance(key, ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise UsageError(f"{option} {path}: a {type(key).__name__}; expected Ed25519, ECDSA or RSA")
    return key


def verify_envelope(envelope: Node, body: bytes, key: PublicKey, key_path: Path) -> int:
    """How many of the envelope's signatures ``key`` verifies (at least one, or an
    :class:`InputError` at the signatures)."""
    message = pae(envelope.text_field("payloadType", "the payload's type"), body)
    signatures = envelope.get("signatures") or Node(envelope.file, [], (*envelope.at, "signatures"))
    return signed_by(signatures, message, key, key_path)


def signed_by(
    signatures: Node, message: bytes, key: PublicKey, key_path: Path, *, hexa: bool = False
) -> int:
    """How many of ``signatures`` (objects with ``sig``, base64 or with ``hexa`` hex)
    ``key`` verifies over ``message``: at least one, or an :class:`InputError`."""
    items = signatures.items()
    good = 0
    for item in items:
        sig = item.field("sig", "the signature")
        try:
            raw = bytes.fromhex(sig.text()) if hexa else base64.b64decode(sig.text(), validate=True)
        except (binascii.Error, ValueError):
            raise sig.expected(f"a signature in {'hex' if hexa else 'base64'}") from None
        good += _verifies(key, raw, message)
    if not good:
        said = f"none of its {len(items)} signatures" if items else "it holds no signature"
        raise InputError(
            f"not signed by the key {key_path}: {said} verifies",
            location=signatures.file.locate(signatures.at),
            hint="import only what its builder signed: check you have the builder's "
            "public key, and that the file was not changed",
        )
    return good


def _verifies(key: PublicKey, signature: bytes, message: bytes) -> bool:
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, message)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            return _verifies_ecdsa(key, signature, message)
        else:
            try:
                key.verify(
                    signature,
                    message,
                    padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO),
                    hashes.SHA256(),
                )
            except InvalidSignature:
                key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _verifies_ecdsa(key: ec.EllipticCurvePublicKey, signature: bytes, message: bytes) -> bool:
    """A DER signature (as in-toto writes), else a raw ``r‖s`` one (as cosign may)."""
    digest = hashes.SHA384() if key.curve.key_size > 256 else hashes.SHA256()
    try:
        key.verify(signature, message, ec.ECDSA(digest))
        return True
    except InvalidSignature:
        size = (key.curve.key_size + 7) // 8
        if len(signature) != 2 * size:
            return False
    r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    try:
        key.verify(encode_dss_signature(r, s), message, ec.ECDSA(digest))
    except InvalidSignature:
        return False
    return True
