"""ed25519 keys and signatures, through the ``cryptography`` package.

This is the only module that imports ``cryptography``. Private keys are read from
files in PEM (PKCS #8, unencrypted), or as base64 of the 32-byte seed; public
keys are written as base64 of their 32 raw bytes, the form the roster takes.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import InputError, Location

SIGNATURE_BYTES = 64


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key and the id the roster lists its public key under."""

    id: str
    private: Ed25519PrivateKey

    def sign(self, payload: bytes) -> str:
        """The base64 signature of ``payload``."""
        return base64.b64encode(self.private.sign(payload)).decode("ascii")

    @property
    def public_base64(self) -> str:
        return public_base64(self.private)


def public_base64(private: Ed25519PrivateKey) -> str:
    """The public half of ``private`` as base64 of its 32 raw bytes."""
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return base64.b64encode(raw).decode("ascii")


def verify(public_key: bytes, payload: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is a valid ed25519 signature of ``payload``."""
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) != SIGNATURE_BYTES or base64.b64encode(raw).decode("ascii") != signature:
        return False  # only the one canonical text of a signature counts
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(raw, payload)
    except (InvalidSignature, ValueError):
        return False
    return True


def generate() -> Ed25519PrivateKey:
    """A new random private key."""
    return Ed25519PrivateKey.generate()


def from_seed(seed: bytes) -> Ed25519PrivateKey:
    """The private key with this 32-byte seed (for reproducible examples and tests)."""
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_pem(private: Ed25519PrivateKey) -> str:
    """``private`` as an unencrypted PKCS #8 PEM block."""
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def read_private_key(path: Path | str) -> Ed25519PrivateKey:
    """Read an ed25519 private key file: PEM (PKCS #8), or base64 of the 32-byte seed."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such key file", location=Location(name)) from None
    except OSError as exc:
        raise InputError(f"cannot read the key: {exc.strerror}", location=Location(name)) from None
    if len(data) > 16_384:
        raise InputError("this is too large to be an ed25519 key file", location=Location(name))
    hint = "make one with 'sdlc record keygen', or give a PEM (PKCS #8) ed25519 private key"
    if data.lstrip().startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            encrypted = b"ENCRYPTED" in data
            reason = "it is encrypted with a passphrase" if encrypted else "it cannot be read"
            raise InputError(
                f"not a usable PEM private key: {reason}", location=Location(name), hint=hint
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise InputError(
                f"the key is {type(key).__name__.removeprefix('_')}, not ed25519",
                location=Location(name),
                hint=hint,
            )
        return key
    try:
        seed = base64.b64decode(data.strip(), validate=True)
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise InputError(
            "expected a PEM block or the base64 of a 32-byte ed25519 seed",
            location=Location(name),
            hint=hint,
        )
    return from_seed(seed)
