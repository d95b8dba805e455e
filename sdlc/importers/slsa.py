"""SLSA build provenance (v1) as a build event: which commit was built into which
artifacts, by which builder.

The file holds an in-toto Statement (``_type`` ``https://in-toto.io/Statement/v1``,
``predicateType`` ``https://slsa.dev/provenance/v1``): bare, in a DSSE envelope
(``payloadType`` ``application/vnd.in-toto+json``), or in a Sigstore bundle
(``dsseEnvelope``). The event's subject is the one commit among
``buildDefinition.resolvedDependencies`` (a ``gitCommit`` digest); it
``produces`` the ``sha256`` digest of each subject of the statement; its actor
is the person whose roster ``accounts.builder`` lists ``runDetails.builder.id``.
With a public key (``--verify-key``), the envelope must carry a signature
that key verifies (:mod:`~sdlc.importers.dsse`), or the import is refused;
without one the signatures are not verified here: verify them first (with
``slsa-verifier``, ``gh attestation verify`` or ``cosign``), and import what
passed. The source is the SHA-256 of the statement's canonical JSON, the same
whether it came bare or enveloped (see docs/collecting.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from ..errors import UsageError
from ..integrity.canonical_json import canonical
from ..load.text import decode
from ..model.stage import StageKind
from .dsse import PublicKey, verify_envelope
from .files import EvidenceFile, read_evidence
from .json_input import read_json
from .setting import Setting
from .shape import Node
from .sources import Evidence, Proven, counted, new_event, note, short

STATEMENT = "https://in-toto.io/Statement/v1"
PROVENANCE = "https://slsa.dev/provenance/v1"
PAYLOAD = "application/vnd.in-toto+json"
_HINT = "pass the provenance the builder wrote: a statement, a DSSE envelope or a Sigstore bundle"


Verifier = tuple[PublicKey, Path]
"""A public key the envelope must be signed with, and the file it came from."""


def statement(file: EvidenceFile, verifier: Verifier | None = None) -> tuple[Node, str]:
    """The statement in ``file``, and how it came (bare, or in an envelope); with
    ``verifier``, an envelope one of whose signatures the key verifies."""
    root = Node.root(read_json(file, hint=_HINT))
    envelope = root.get("dsseEnvelope") or (root if root.get("payloadType") else None)
    if envelope is None:
        if verifier is not None:
            raise root.error(
                f"a bare statement carries no signature, so it cannot be signed by {verifier[1]}",
                "import the DSSE envelope (or Sigstore bundle) the builder signed",
            )
        return root, "a bare statement, not signed"
    kind = envelope.text_field("payloadType", "the payload's type")
    if kind != PAYLOAD:
        raise envelope.field("payloadType").expected(f'"{PAYLOAD}"', _HINT)
    payload = envelope.field("payload", "the statement, base64")
    try:
        raw = base64.b64decode(payload.text(), validate=True)
    except (binascii.Error, ValueError):
        raise payload.expected("the statement in base64") from None
    name = f"{file.name} (payload)"
    inner = EvidenceFile(Path(name), decode(raw, name), hashlib.sha256(raw).hexdigest())
    signatures = len((envelope.get("signatures") or Node(envelope.file, [])).items())
    how = f"a DSSE envelope with {counted(signatures, 'signature')}, not verified here"
    if verifier is not None:
        good = verify_envelope(envelope, raw, *verifier)
        how = (
            f"a DSSE envelope with {counted(signatures, 'signature')}, {good} verified with "
            f"the key {verifier[1].name}"
        )
    return Node.root(read_json(inner, hint=_HINT)), how


def prove_build(
    setting: Setting,
    paths: list[Path],
    stage: str,
    subject: str | None,
    kind: str | None,
    extra: tuple[tuple[str, Path], ...] = (),
    verifier: Verifier | None = None,
) -> Evidence:
    """The build events the provenance files at ``paths`` prove; each also carries
    the ``extra`` files (kind, path) as evidence, an SBOM say."""
    stage, evidence = setting.stage(stage, (StageKind.BUILD,), kind, "provenance")
    people = setting.people("slsa-provenance")
    also = [setting.evidence(k, read_evidence(p)) for k, p in extra]
    proven = []
    for path in paths:
        file = read_evidence(path)
        found, how = statement(file, verifier)
        if found.text_field("_type", "the statement's type") != STATEMENT:
            raise found.field("_type").expected(f'"{STATEMENT}"', "only in-toto v1 is read")
        if found.text_field("predicateType", "the predicate's type") != PROVENANCE:
            raise found.field("predicateType").expected(f'"{PROVENANCE}"', "SLSA v1 is read")
        predicate = found.field("predicate", "the provenance")
        definition = predicate.field("buildDefinition", "what was built")
        run = predicate.field("runDetails", "how it was built")
        builder = run.field("builder", "the builder").field("id", "the builder's id")
        actor = people.person(
            "builder", builder.text(), what="the builder", location=builder.file.locate(builder.at)
        )
        commit = _source(definition, subject)
        products = [_digest(s) for s in found.field("subject", "what was built").items()]
        metadata = run.get("metadata")
        ended = None
        if metadata is not None:
            moment = metadata.get("finishedOn") or metadata.get("startedOn")
            ended = moment.moment() if moment is not None else None
        source = f"slsa/{hashlib.sha256(canonical(found.value)).hexdigest()}"
        lines = [
            f"slsa: {definition.text_field('buildType', 'the build type')} by {builder.text()}",
            f"{how}; built {short(commit)} into {', '.join(short(p) for p in products)}",
        ]
        invocation = metadata.get("invocationId") if metadata is not None else None
        if invocation is not None:
            lines.append(f"invocation: {invocation.text()}")
        event = new_event(
            {
                "stage": stage,
                "actor": actor,
                "at": setting.when(ended),
                "subject": commit,
                "produces": products,
                "evidence": [setting.evidence(evidence, file), *also],
                "note": note(lines, source),
            },
            found.file.locate(()),
        )
        summary = f"build of {short(commit)} into {', '.join(short(p) for p in products)}"
        proven.append(Proven(event, source, summary))
    return Evidence("slsa-provenance", tuple(proven))


def _source(definition: Node, chosen: str | None) -> str:
    """The commit built: the one ``gitCommit`` among the resolved dependencies, or
    the one of several that ``--subject`` names."""
    commits = {}
    for dependency in (definition.get("resolvedDependencies") or Node(definition.file, [])).items():
        digest = dependency.get("digest")
        commit = digest.get("gitCommit") if digest is not None else None
        if commit is not None:
            commits[commit.text("a commit id")] = commit
    if chosen is not None:
        if chosen not in commits:
            raise UsageError(
                f"--subject {chosen}: the provenance built {', '.join(commits) or 'no commit'}"
            )
        return chosen
    if len(commits) != 1:
        raise definition.error(
            "the provenance names "
            + ("no source commit" if not commits else f"{len(commits)} commits")
            + " (a resolvedDependencies entry with a gitCommit digest)",
            "choose one of them with --subject" if commits else _HINT,
        )
    return next(iter(commits))


def _digest(subject: Node) -> str:
    """``sha256:<hex>`` of one subject of the statement."""
    digests = subject.field("digest", "the artifact's digests")
    sha = digests.get("sha256")
    if sha is None:
        raise digests.error("no sha256 digest; the record names artifacts by sha256")
    return f"sha256:{sha.text('a hex digest')}"
