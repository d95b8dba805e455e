"""The names a verification summary gives: the digests of its subjects, the URI of
the artifact it is about (``resourceUri``), the URI of the process it was checked
against (``policy.uri``), and the check that a URI someone typed is one.

An attestation leaves the machine that made it, so no name in it may be a local
path: every URI is absolute, with a scheme, and never ``file:`` (see
docs/design.md, "Integrity"). How a consumer uses these names is in
docs/enforcing.md, "Attestations and admission".
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..errors import UsageError

POLICY_SCHEME = "sdlc:process/"
"""The prefix of the default ``policy.uri``: ``sdlc:process/eid-gateway@3.0`` names a
process by name and version; its digest pins the exact file."""

_ALGORITHM = re.compile(
    r"^(sha1|sha224|sha256|sha384|sha512|sha512_224|sha512_256|sha3_224|sha3_256|sha3_384"
    r"|sha3_512|shake128|shake256|blake2b|blake2s|ripemd160|sm3|gost|md5):([0-9a-f]{16,256})$"
)
_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")
_MAX_URI = 2000
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_HOST = r"(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+|[a-z0-9-]+(?:\.[a-z0-9-]+)*:[0-9]{1,5})"
_IMAGE = re.compile(rf"^{_HOST}(?:/{_COMPONENT})+$")


def digest_set(subject: str) -> dict[str, str] | None:
    """An in-toto DigestSet for a subject: ``sha256:…`` gives ``{"sha256": …}``, a
    full git commit id gives ``{"gitCommit": …}``; anything else gives ``None``."""
    lowered = subject.lower()
    match = _ALGORITHM.match(lowered)
    if match:
        return {match[1]: match[2]}
    if _COMMIT.match(lowered):
        return {"gitCommit": lowered}
    return None


def checked_uri(value: str, name: str) -> str:
    """``value`` if it is an absolute URI fit to leave this machine, with its scheme
    and host in lower case (as in-toto's ResourceURI requires); otherwise a
    :class:`UsageError` naming ``name`` (the option or field it came from)."""
    fix = "give an absolute URI such as https://… (no local path goes into an attestation)"
    scheme = _SCHEME.match(value)
    if len(value) > _MAX_URI:
        raise UsageError(f"{name}: the URI is longer than {_MAX_URI} characters")
    if _UNSAFE.search(value):
        raise UsageError(
            f"{name} {value!r} is not a URI: it has a space, control or backslash; {fix}"
        )
    if scheme is None or len(scheme[1]) == 1:
        what = "a drive letter" if scheme else "no scheme (like https:)"
        raise UsageError(f"{name} {value!r} is not a URI: it has {what}; {fix}")
    if scheme[1].lower() == "file":
        raise UsageError(f"{name} {value!r} names a local file; {fix}")
    parts = urlsplit(value)
    if "@" in parts.netloc:
        raise UsageError(
            f"{name} {value!r} has a user name or password in it; give the URI without them"
        )
    lowered = f"{parts.scheme.lower()}:"
    rest = value[len(lowered) :]
    if parts.netloc:
        rest = "//" + parts.netloc.lower() + rest[2 + len(parts.netloc) :]
    return lowered + rest


def image_purl(digest: str, image: str) -> str:
    """The package URL of the OCI image ``image`` (a repository, such as
    ``registry.example.no/login/eid-gateway``) at ``digest`` (``sha256:…``):
    ``pkg:oci/eid-gateway@sha256%3A…?repository_url=registry.example.no/login/eid-gateway``.
    """
    checked_image(image)
    algorithm, _, hexdigest = digest.lower().partition(":")
    name = image.rsplit("/", 1)[1]
    return f"pkg:oci/{name}@{algorithm}%3A{hexdigest}?repository_url={image}"


def checked_image(image: str) -> str:
    """``image`` if it names an OCI repository with its registry and no tag or digest."""
    if "@" in image or ":" in image.rsplit("/", 1)[-1]:
        raise UsageError(
            f"--image {image!r} has a tag or digest: give the repository alone, such as "
            "registry.example.no/login/eid-gateway; sdlc adds the digest it attests"
        )
    if not _IMAGE.match(image):
        raise UsageError(
            f"--image {image!r} is not an OCI repository with its registry: expected "
            "lower-case REGISTRY/PATH, such as registry.example.no/login/eid-gateway"
        )
    return image


def resource_uri(artifact: str, *, image: str | None, repository: str | None) -> str:
    """The ``resourceUri`` of ``artifact``, the subject the record deployed last.

    An image digest with ``image`` gives the image's package URL; an image digest
    without it gives the digest itself (``sha256:…``, the subject's name); a commit
    gives ``git+REPOSITORY@COMMIT`` when the repository is a URL.
    """
    digests = digest_set(artifact)
    if digests is None:
        raise UsageError(f"{artifact!r} is neither an artifact digest nor a commit id")
    if "gitCommit" in digests:
        if image is not None:
            raise UsageError(
                f"--image names an image, but what this record attests is commit {artifact}"
            )
        if repository is None or not re.match(r"^https?://", repository, re.IGNORECASE):
            raise UsageError(
                f"the record attests commit {artifact}, and its subject's repository is not "
                "an https URL to name it by; pass --resource-uri URI"
            )
        base = checked_uri(repository, "the record's subject.repository")
        return f"git+{base}@{digests['gitCommit']}"
    ((algorithm, hexdigest),) = digests.items()
    if image is not None:
        return image_purl(f"{algorithm}:{hexdigest}", image)
    return f"{algorithm}:{hexdigest}"


def default_policy_uri(process_ref: str) -> str:
    """The ``policy.uri`` when none is given: ``sdlc:process/NAME@VERSION``."""
    return f"{POLICY_SCHEME}{process_ref}"
