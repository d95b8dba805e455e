"""in-toto export: a record's check result as an in-toto Statement (v1) carrying a
SLSA verification summary (VSA v1), so supply-chain tools and admission
controllers can consume it.

The statement's subjects are the artifacts the record deployed (or, for a decision
made before a deployment, the artifact about to be deployed); its predicate says
who verified them (``verifier``, with sdlc's version), when, against which process
(``policy``: a URI and the process file's SHA-256), which artifact that is
(``resourceUri``) and with what result (``PASSED`` when the record is compliant or
the deployment allowed, ``FAILED`` otherwise). An extension field, named by a URI
as the VSA specification allows, adds the record id, its risk and the rules that
failed. With a key, the statement is wrapped in a signed DSSE envelope. The names
are made in :mod:`sdlc.integrity.uris`; docs/enforcing.md, "Attestations and
admission", shows a cluster requiring a passing summary.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
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
from .uris import checked_uri, default_policy_uri, digest_set
from .uris import resource_uri as resource_uri_of

__all__ = ["deployed", "deployment_statement", "digest_set", "envelope", "rfc3339", "statement"]

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
DEFAULT_VERIFIER = "https://github.com/sdlc-dev/sdlc"
EXTENSION = "https://github.com/sdlc-dev/sdlc/change-record/v1"
"""The name of the predicate's extension field (a URI, as VSA v1 requires)."""
PASSED_LEVEL = "SDLC_PROCESS_COMPLIANT"
"""The ``verifiedLevels`` entry of a passing record (custom values must not start
with ``SLSA_``)."""
DEPLOYMENT_LEVEL = "SDLC_DEPLOYMENT_ALLOWED"
"""The ``verifiedLevels`` entry of a deployment the gate allowed: everything the
deployment relies on was done, for this subject, before it (the record is not
complete yet: its deployment is what is being asked about)."""
SLSA_VERSION = "1.1"
"""The VSA minor version whose fields the predicate uses (``verifier.version``
came in 1.1). sdlc claims no SLSA track level: ``verifiedLevels`` holds only
:data:`PASSED_LEVEL` or ``FAILED``."""


def deployed(record: Record, process: Process) -> list[str]:
    """The subjects of the record's completed deployments, in the order they were
    last deployed (the one deployed last comes last); the record's own subject
    (artifact, else commit) when nothing was deployed."""
    seen: dict[str, None] = {}
    for event in record.events:
        if (
            event.outcome.completes
            and process.has_stage(event.stage)
            and process.stage(event.stage).kind is StageKind.DEPLOYMENT
        ):
            seen.pop(event.subject, None)
            seen[event.subject] = None
    if not seen:
        for own in (record.subject.artifact, record.subject.commit):
            if own is not None:
                seen[own] = None
                break
    return list(seen)


def statement(
    record: Record,
    report: Report,
    process: Process,
    *,
    policy_sha256: str,
    time: dt.datetime,
    policy_uri: str | None = None,
    verifier: str = DEFAULT_VERIFIER,
    version: str = "0+unknown",
    resource_uri: str | None = None,
    image: str | None = None,
) -> dict[str, Any]:
    """The in-toto Statement v1 with a VSA v1 predicate for one checked record:
    its deployed artifacts, ``PASSED`` when ``report`` is compliant.

    ``policy_uri`` defaults to ``sdlc:process/NAME@VERSION``; ``resource_uri``
    defaults to the artifact deployed last: its image's package URL when ``image``
    (the OCI repository) is given, else its digest. Any URI given must be an
    absolute URI that names no local file.
    """
    names = _Names(policy_sha256, time, policy_uri, verifier, version, resource_uri, image)
    failing = {f.rule for f in report.findings if f.severity is Severity.ERROR}
    return _summary(
        record,
        process,
        deployed(record, process),
        names,
        level=PASSED_LEVEL if report.compliant else None,
        failed_rules=failing,
        risk=report.risk,
    )


def deployment_statement(
    record: Record,
    process: Process,
    *,
    stage: str,
    subject: str,
    allowed: bool,
    failed_rules: Iterable[str],
    risk: str | None,
    policy_sha256: str,
    time: dt.datetime,
    policy_uri: str | None = None,
    verifier: str = DEFAULT_VERIFIER,
    version: str = "0+unknown",
    resource_uri: str | None = None,
    image: str | None = None,
) -> dict[str, Any]:
    """The statement for a decision made before a deployment: may ``stage`` (a
    deployment) of ``subject`` happen now? Its one subject is ``subject``; it is
    ``PASSED`` (level :data:`DEPLOYMENT_LEVEL`) only when ``allowed``. The decision
    is the gate's (``Checker.may_perform``); this only writes it down."""
    names = _Names(policy_sha256, time, policy_uri, verifier, version, resource_uri, image)
    return _summary(
        record,
        process,
        [subject],
        names,
        level=DEPLOYMENT_LEVEL if allowed else None,
        failed_rules=failed_rules,
        risk=risk,
        asked={"stage": stage, "subject": subject},
    )


@dataclass(frozen=True, slots=True)
class _Names:
    policy_sha256: str
    time: dt.datetime
    policy_uri: str | None
    verifier: str
    version: str
    resource_uri: str | None
    image: str | None


def _summary(
    record: Record,
    process: Process,
    attested: list[str],
    names: _Names,
    *,
    level: str | None,
    failed_rules: Iterable[str],
    risk: str | None,
    asked: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The statement about ``attested``: ``PASSED`` at ``level``, or ``FAILED``
    when ``level`` is ``None``."""
    subjects: list[dict[str, Any]] = []
    for subject in attested:
        digests = digest_set(subject)
        if digests is not None:
            subjects.append({"name": subject, "digest": digests})
    if not subjects:
        raise InputError(
            f"record {record.id} names no artifact digest or commit id to attest: nothing "
            "was deployed, and its subject has no artifact or commit"
        )
    if names.resource_uri is None:
        resource = resource_uri_of(
            subjects[-1]["name"], image=names.image, repository=record.subject.repository
        )
    else:
        resource = checked_uri(names.resource_uri, "resourceUri")
    change: dict[str, Any] = {
        "record": record.id,
        "process": process.ref,
        "risk": risk,
        "failedRules": sorted(set(failed_rules)),
    }
    if asked is not None:
        change["asked"] = asked
    if is_chained(record):
        change["head"] = head(record)
    policy_uri = names.policy_uri or default_policy_uri(process.ref)
    return {
        "_type": STATEMENT_TYPE,
        "subject": subjects,
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "verifier": {
                "id": checked_uri(names.verifier, "verifier.id"),
                "version": {"sdlc": names.version},
            },
            "timeVerified": rfc3339(names.time),
            "resourceUri": resource,
            "policy": {
                "name": process.ref,
                "uri": checked_uri(policy_uri, "policy.uri"),
                "digest": {"sha256": names.policy_sha256},
            },
            "verificationResult": "FAILED" if level is None else "PASSED",
            "verifiedLevels": ["FAILED"] if level is None else [level],
            "slsaVersion": SLSA_VERSION,
            EXTENSION: change,
        },
    }


def rfc3339(time: dt.datetime) -> str:
    """``time`` in UTC, to the second, as ``2026-03-12T07:30:00Z``."""
    return time.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(payload: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """``payload`` in a DSSE envelope signed with ``key``: ed25519 over DSSE's
    pre-authentication encoding (``DSSEv1 LEN(type) type LEN(body) body``) of the
    payload's canonical JSON, as DSSE v1 specifies."""
    body = canonical(payload)
    kind = PAYLOAD_TYPE.encode("utf-8")
    pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)
    return {
        "payloadType": PAYLOAD_TYPE,
        "payload": base64.b64encode(body).decode("ascii"),
        "signatures": [{"keyid": key.id, "sig": key.sign(pae)}],
    }
