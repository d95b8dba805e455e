"""in-toto export: a record's check result as an in-toto Statement (v1) carrying a
SLSA verification summary (VSA v1), so supply-chain tools can consume it.

The statement's subjects are the artifacts the record deployed; its predicate says
who verified them (``verifier``), when, against which process (``policy``, with
the process file's SHA-256) and with what result (``PASSED`` when the record is
compliant, ``FAILED`` otherwise). An extension field, named by a URI as the VSA
specification allows, adds the record id, its risk and the rules that failed.
With a key, the statement is wrapped in a signed DSSE envelope.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

from ..errors import InputError
from ..model.process import Process
from ..model.record import Record
from ..model.stage import StageKind
from ..rules.catalogue import Severity
from ..rules.findings import Report
from .canonical_json import canonical
from .chain import head, is_chained
from .signing import SigningKey

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
DEFAULT_VERIFIER = "https://github.com/sdlc-dev/sdlc"
EXTENSION = "https://github.com/sdlc-dev/sdlc/change-record/v1"
"""The name of the predicate's extension field (a URI, as VSA v1 requires)."""
PASSED_LEVEL = "SDLC_PROCESS_COMPLIANT"
"""The ``verifiedLevels`` entry of a passing record (custom values must not start
with ``SLSA_``)."""

_ALGORITHM = re.compile(
    r"^(sha1|sha224|sha256|sha384|sha512|sha512_224|sha512_256|sha3_224|sha3_256|sha3_384"
    r"|sha3_512|shake128|shake256|blake2b|blake2s|ripemd160|sm3|gost|md5):([0-9a-f]{16,256})$"
)
_COMMIT = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


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


def deployed(record: Record, process: Process) -> list[str]:
    """The subjects of the record's completed deployments, first seen first; the
    record's own subject (artifact, else commit) when nothing was deployed."""
    seen: dict[str, None] = {}
    for event in record.events:
        if (
            event.outcome.completes
            and process.has_stage(event.stage)
            and process.stage(event.stage).kind is StageKind.DEPLOYMENT
        ):
            seen.setdefault(event.subject)
    if not seen:
        for own in (record.subject.artifact, record.subject.commit):
            if own is not None:
                seen.setdefault(own)
                break
    return list(seen)


def statement(
    record: Record,
    report: Report,
    process: Process,
    *,
    policy_uri: str,
    policy_sha256: str,
    time: dt.datetime,
    verifier: str = DEFAULT_VERIFIER,
    version: str = "0+unknown",
    resource_uri: str | None = None,
) -> dict[str, Any]:
    """The in-toto Statement v1 with a VSA v1 predicate for one checked record."""
    subjects = []
    for subject in deployed(record, process):
        digests = digest_set(subject)
        if digests is not None:
            subjects.append({"name": subject, "digest": digests})
    if not subjects:
        raise InputError(
            f"record {record.id} names no artifact digest or commit id to attest: nothing "
            "was deployed, and its subject has no artifact or commit"
        )
    passed = report.compliant
    failing = sorted({f.rule for f in report.findings if f.severity is Severity.ERROR})
    change: dict[str, Any] = {
        "record": record.id,
        "process": process.ref,
        "risk": report.risk,
        "failedRules": failing,
    }
    if is_chained(record):
        change["head"] = head(record)
    return {
        "_type": STATEMENT_TYPE,
        "subject": subjects,
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "verifier": {"id": verifier, "version": {"sdlc": version}},
            "timeVerified": rfc3339(time),
            "resourceUri": resource_uri or _resource(record),
            "policy": {
                "name": process.ref,
                "uri": policy_uri,
                "digest": {"sha256": policy_sha256},
            },
            "verificationResult": "PASSED" if passed else "FAILED",
            "verifiedLevels": [PASSED_LEVEL] if passed else ["FAILED"],
            EXTENSION: change,
        },
    }


def _resource(record: Record) -> str:
    repository = record.subject.repository
    if repository is not None and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", repository):
        return repository
    return f"urn:sdlc:change:{record.id}"


def rfc3339(time: dt.datetime) -> str:
    """``time`` in UTC, to the second, as ``2026-03-12T07:30:00Z``."""
    return time.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(payload: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """``payload`` in a DSSE envelope signed with ``key`` (ed25519 over DSSE's PAE)."""
    body = canonical(payload)
    kind = PAYLOAD_TYPE.encode("utf-8")
    pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(body).decode("ascii"),
        "signatures": [{"keyid": key.id, "sig": key.sign(pae)}],
    }
