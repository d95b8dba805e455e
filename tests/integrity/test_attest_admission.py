"""The admission policies in docs/admission/ (Kyverno and Sigstore's
policy-controller) are well-formed for their tools, require what sdlc writes, and
are the ones docs/enforcing.md shows.

No cluster runs here: the YAML is parsed and its key fields checked, and
Kyverno's conditions (plain JMESPath paths with Equals and AnyIn) are evaluated
against real ``sdlc record attest`` output, so a change to the predicate that
would lock every image out, or let a FAILED one in, fails here. The CUE policy is
checked for the exact constraints, which are sdlc's constants.
"""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from sdlc.integrity.attest import (
    DEFAULT_VERIFIER,
    DEPLOYMENT_LEVEL,
    PASSED_LEVEL,
    PREDICATE_TYPE,
)

from ..conftest import EID, EID_ROSTER, ROOT, RunCli

ADMISSION = ROOT / "docs" / "admission"
KYVERNO = ADMISSION / "kyverno-clusterpolicy.yaml"
POLICY_CONTROLLER = ADMISSION / "policy-controller-clusterimagepolicy.yaml"
IMAGE = "registry.example.no/login/eid-gateway"
PROCESS = "eid-gateway@3.0"


def _load(path: Path) -> dict[str, Any]:
    (document,) = list(yaml.safe_load_all(path.read_text("utf-8")))
    assert isinstance(document, dict)
    return document


def _predicate(run_cli: RunCli, record: Path) -> dict[str, Any]:
    _, out, _ = run_cli(
        "record", "attest", str(record), "--process", str(EID), "--roster", str(EID_ROSTER),
        "--image", IMAGE, "--predicate-only",
    )  # fmt: skip
    predicate: dict[str, Any] = json.loads(out)
    return predicate


def _kyverno_holds(condition: dict[str, Any], predicate: dict[str, Any]) -> bool:
    """One Kyverno condition whose key is ``{{ a.b }}`` (a JMESPath path)."""
    path = re.fullmatch(r"\{\{ ([A-Za-z]+(?:\.[A-Za-z]+)*) \}\}", condition["key"])
    assert path is not None, condition["key"]
    value: Any = predicate
    for step in path[1].split("."):
        value = value.get(step) if isinstance(value, dict) else None
    if condition["operator"] == "Equals":
        return bool(value == condition["value"])
    assert condition["operator"] == "AnyIn"
    return isinstance(value, list) and any(v in condition["value"] for v in value)


def _public_key(pem: str) -> None:
    """A cosign public key: ECDSA on P-256, what ``cosign generate-key-pair`` makes."""
    key = load_pem_public_key(pem.encode("ascii"))
    assert isinstance(key, ec.EllipticCurvePublicKey)
    assert key.curve.name == "secp256r1"


def test_the_kyverno_policy_requires_a_passing_summary_from_sdlc() -> None:
    policy = _load(KYVERNO)
    assert (policy["apiVersion"], policy["kind"]) == ("kyverno.io/v1", "ClusterPolicy")
    assert policy["spec"]["validationFailureAction"] == "Enforce"
    assert policy["spec"]["failurePolicy"] == "Fail"
    (rule,) = policy["spec"]["rules"]
    assert rule["match"]["any"][0]["resources"]["kinds"] == ["Pod"]
    (verify,) = rule["verifyImages"]
    assert fnmatch.fnmatchcase(f"{IMAGE}@sha256:{'0' * 64}", verify["imageReferences"][0])
    assert (verify["mutateDigest"], verify["verifyDigest"], verify["required"]) == (True,) * 3
    (attestation,) = verify["attestations"]
    assert attestation["type"] == PREDICATE_TYPE
    (attestor,) = attestation["attestors"]
    _public_key(attestor["entries"][0]["keys"]["publicKeys"])
    conditions = attestation["conditions"][0]["all"]
    assert {c["key"] for c in conditions} == {
        "{{ verificationResult }}",
        "{{ verifiedLevels }}",
        "{{ verifier.id }}",
        "{{ policy.name }}",
    }


@pytest.mark.parametrize(
    ("record", "admitted"),
    [("high-risk-rework.yaml", True), ("incident-2020.yaml", False)],
)
def test_kyverno_admits_the_compliant_change_and_not_the_incident(
    run_cli: RunCli, record: str, admitted: bool
) -> None:
    predicate = _predicate(run_cli, ROOT / "examples" / record)
    attestation = _load(KYVERNO)["spec"]["rules"][0]["verifyImages"][0]["attestations"][0]
    held = [_kyverno_holds(c, predicate) for c in attestation["conditions"][0]["all"]]
    assert all(held) is admitted


def test_the_policy_controller_policy_requires_a_passing_summary_from_sdlc() -> None:
    policy = _load(POLICY_CONTROLLER)
    assert (policy["apiVersion"], policy["kind"]) == (
        "policy.sigstore.dev/v1beta1",
        "ClusterImagePolicy",
    )
    spec = policy["spec"]
    assert spec["mode"] == "enforce"
    assert fnmatch.fnmatchcase(f"{IMAGE}@sha256:{'0' * 64}", spec["images"][0]["glob"])
    (authority,) = spec["authorities"]
    assert authority["key"]["hashAlgorithm"] == "sha256"
    _public_key(authority["key"]["data"])
    (attestation,) = authority["attestations"]
    assert attestation["predicateType"] == PREDICATE_TYPE
    assert attestation["policy"]["type"] == "cue"
    cue = attestation["policy"]["data"]
    assert cue.count("{") == cue.count("}") == 1
    for constraint in (
        f'predicateType: "{PREDICATE_TYPE}"',
        'verificationResult: "PASSED"',
        f'verifiedLevels: ["{DEPLOYMENT_LEVEL}"] | ["{PASSED_LEVEL}"]',
        f'verifier: id: "{DEFAULT_VERIFIER}"',
        f'policy: name: "{PROCESS}"',
    ):
        assert constraint in cue


@pytest.mark.parametrize("path", [KYVERNO, POLICY_CONTROLLER], ids=lambda p: p.name)
def test_the_enforcing_guide_shows_the_policy_file(path: Path) -> None:
    text = path.read_text("utf-8")
    manifest = text[text.index("apiVersion:") :]
    guide = (ROOT / "docs" / "enforcing.md").read_text("utf-8")
    assert f"```yaml\n{manifest}```\n" in guide
    assert f"admission/{path.name}" in guide
