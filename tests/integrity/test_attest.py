"""``sdlc record attest`` output checked by other people's validators.

The DSSE envelope is verified with securesystemslib (the Secure Systems Lab's
library behind in-toto and TUF), the statement with the in-toto attestation
framework's own Python bindings (``Statement.validate()``) and its VSA v1
protobuf, so "an in-toto statement with a SLSA verification summary" is what
those projects say it is, not what sdlc believes. Both are test-only
dependencies (the ``dev`` extra).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from google.protobuf import json_format  # type: ignore[import-untyped]
from in_toto_attestation.predicates.vsa.v1 import vsa_pb2  # type: ignore[import-untyped]
from in_toto_attestation.v1 import statement_pb2  # type: ignore[import-untyped]
from in_toto_attestation.v1.statement import Statement  # type: ignore[import-untyped]
from securesystemslib.dsse import Envelope
from securesystemslib.exceptions import VerificationError
from securesystemslib.signer import SSlibKey  # type: ignore[attr-defined]  # re-exported, no __all__

from sdlc.checking.checker import Checker
from sdlc.integrity.attest import EXTENSION, PAYLOAD_TYPE, PREDICATE_TYPE, statement
from sdlc.integrity.signing import private_pem
from sdlc.model.process import Process
from sdlc.model.roster import Roster

from ..conftest import EID, EID_ROSTER, ROOT, RunCli
from ..signed_records import rework, signing_key

COMPLIANT = ROOT / "examples" / "high-risk-rework.yaml"
FAILING = ROOT / "examples" / "incident-2020.yaml"
IMAGE = "registry.example.no/login/eid-gateway"
KEY_ID = "release-2026"
SDLC_EXTRAS = (("verifier", "version"), ("policy", "name"), (EXTENSION,))
"""Predicate fields the installed VSA protobuf does not know: ``verifier.version``
(VSA 1.1, newer than the bindings), ``policy.name`` (a ResourceDescriptor field)
and sdlc's extension. VSA consumers must ignore unknown fields."""
ARRAY_AS_STRING = ("verifiedLevels",)
"""Fields the VSA spec makes arrays and the bindings' protobuf (0.9.3) a single
string: in-toto/attestation issue #425, where the maintainers named the spec
authoritative (the fix, pull request #429, had not been released). These are
checked here against the spec instead."""


def _attest(run_cli: RunCli, tmp_path: Path, record: Path, *extra: str) -> tuple[int, str]:
    key = tmp_path / "release.pem"
    key.write_text(private_pem(signing_key("thomas-strand").private), "ascii")
    code, out, _ = run_cli(
        "record", "attest", str(record), "--process", str(EID), "--roster", str(EID_ROSTER),
        "--image", IMAGE, "--key", str(key), "--key-id", KEY_ID, *extra,
    )  # fmt: skip
    return code, out


def _public_key(key_id: str = KEY_ID, person: str = "thomas-strand") -> SSlibKey:
    private = signing_key(person).private
    assert isinstance(private, Ed25519PrivateKey)
    return SSlibKey.from_crypto(private.public_key(), keyid=key_id)


def _verified_statement(envelope_json: str, key: SSlibKey) -> dict[str, Any]:
    """The statement in the envelope, after securesystemslib verified its signature."""
    envelope = Envelope.from_dict(json.loads(envelope_json))
    assert envelope.payload_type == PAYLOAD_TYPE
    accepted = envelope.verify([key], threshold=1)
    assert list(accepted) == [key.keyid]
    statement: dict[str, Any] = json.loads(envelope.payload)
    return statement


def _validate_with_in_toto(statement: dict[str, Any]) -> None:
    """The in-toto bindings' checks: a Statement v1 (raises if not), and a VSA v1
    predicate whose every field has the name and type the VSA protobuf gives it."""
    proto = json_format.ParseDict(statement, statement_pb2.Statement())
    Statement.copy_from_pb(proto).validate()
    assert proto.predicate_type == PREDICATE_TYPE
    predicate = copy.deepcopy(statement["predicate"])
    for name in ARRAY_AS_STRING:
        values = predicate.pop(name)
        assert isinstance(values, list), name
        assert values, name
        assert all(isinstance(v, str) and not v.startswith("SLSA_") for v in values), name
    json_format.ParseDict(predicate, vsa_pb2.VerificationSummary(), ignore_unknown_fields=True)
    for path in SDLC_EXTRAS:
        parent = predicate
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
    json_format.ParseDict(predicate, vsa_pb2.VerificationSummary())  # strict: no unknown field


def test_the_compliant_example_passes_both_validators(run_cli: RunCli, tmp_path: Path) -> None:
    code, out = _attest(run_cli, tmp_path, COMPLIANT)
    assert code == 0
    statement = _verified_statement(out, _public_key())
    _validate_with_in_toto(statement)
    predicate = statement["predicate"]
    assert predicate["verificationResult"] == "PASSED"
    assert predicate["verifiedLevels"] == ["SDLC_PROCESS_COMPLIANT"]
    (subject,) = statement["subject"]
    digest = subject["digest"]["sha256"]
    assert subject["name"] == f"sha256:{digest}"
    assert predicate["resourceUri"] == (
        f"pkg:oci/eid-gateway@sha256%3A{digest}?repository_url={IMAGE}"
    )
    assert predicate["verifier"]["version"]["sdlc"]


def test_a_deployment_allowed_before_it_happens_passes_both_validators(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """What a cluster is given: the compliant example before its deployment, and the
    digest about to run."""
    data = yaml.safe_load(COMPLIANT.read_text("utf-8"))
    data["events"] = [e for e in data["events"] if e["stage"] not in {"deployment", "verification"}]
    record = tmp_path / "EID-2417.yaml"
    record.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    digest = data["subject"]["artifact"]
    code, out = _attest(run_cli, tmp_path, record, "--may-deploy", digest)
    assert code == 0
    statement = _verified_statement(out, _public_key())
    _validate_with_in_toto(statement)
    assert statement["subject"][0]["name"] == digest
    assert statement["predicate"]["verifiedLevels"] == ["SDLC_DEPLOYMENT_ALLOWED"]


def test_the_bindings_still_take_verified_levels_for_a_string() -> None:
    """When this fails, the bindings follow the spec: empty ``ARRAY_AS_STRING``."""
    with pytest.raises(json_format.ParseError, match="verifiedLevels"):
        json_format.ParseDict({"verifiedLevels": ["FAILED"]}, vsa_pb2.VerificationSummary())


def test_a_failing_record_is_a_valid_statement_that_says_failed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    code, out = _attest(run_cli, tmp_path, FAILING)
    assert code == 1
    statement = _verified_statement(out, _public_key())
    _validate_with_in_toto(statement)
    assert statement["predicate"]["verificationResult"] == "FAILED"
    assert statement["predicate"]["verifiedLevels"] == ["FAILED"]


def test_securesystemslib_refuses_an_envelope_whose_result_was_changed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    _, out = _attest(run_cli, tmp_path, FAILING)
    envelope = json.loads(out)
    statement = json.loads(Envelope.from_dict(copy.deepcopy(envelope)).payload)
    statement["predicate"]["verificationResult"] = "PASSED"
    statement["predicate"]["verifiedLevels"] = ["SDLC_PROCESS_COMPLIANT"]
    forged = Envelope(json.dumps(statement).encode(), PAYLOAD_TYPE, {})
    envelope["payload"] = forged.to_dict()["payload"]
    with pytest.raises(VerificationError, match="Found: 0, Expected 1"):
        Envelope.from_dict(envelope).verify([_public_key()], threshold=1)


def test_securesystemslib_refuses_another_key_under_the_same_id(
    run_cli: RunCli, tmp_path: Path
) -> None:
    _, out = _attest(run_cli, tmp_path, COMPLIANT)
    with pytest.raises(VerificationError, match="Found: 0, Expected 1"):
        Envelope.from_dict(json.loads(out)).verify([_public_key(person="ci")], threshold=1)


def test_the_statement_names_no_local_path(run_cli: RunCli, tmp_path: Path) -> None:
    """Every path given is absolute; none of them, nor the folders they are in,
    appears anywhere in the statement."""
    code, out = _attest(run_cli, tmp_path, COMPLIANT)
    assert code == 0
    text = json.dumps(_verified_statement(out, _public_key()))
    for local in (str(ROOT), str(tmp_path), str(EID), "processes/", ".yaml"):
        assert local not in text
    assert "sdlc:process/eid-gateway@3.0" in text


def test_uris_are_normalised_and_images_named_by_package_url() -> None:
    from sdlc.integrity.uris import checked_uri, image_purl

    assert (
        checked_uri("HTTPS://Git.Example.NO/Login/EID", "x") == "https://git.example.no/Login/EID"
    )
    assert checked_uri("sdlc:process/eid-gateway@3.0", "x") == "sdlc:process/eid-gateway@3.0"
    assert image_purl("sha256:" + "ab" * 32, "localhost:5000/eid") == (
        f"pkg:oci/eid@sha256%3A{'ab' * 32}?repository_url=localhost:5000/eid"
    )


def test_the_resource_is_the_artifact_deployed_last(eid: Process, eid_roster: Roster) -> None:
    """A record that deployed A, rolled out B, then went back to A attests both,
    and its resourceUri names A, which is what runs."""
    record = rework()
    deployment = next(e for e in record.events if e.stage == "deployment")
    other = "sha256:" + "1" * 64
    later = deployment.at + dt.timedelta(hours=1)
    events = (
        *record.events,
        deployment.model_copy(update={"subject": other, "at": later}),
        deployment.model_copy(update={"at": later + dt.timedelta(hours=1)}),
    )
    record = record.model_copy(update={"events": events})
    report = Checker(eid, eid_roster).check(record)
    result = statement(
        record, report, eid, policy_sha256="0" * 64, time=dt.datetime(2026, 3, 12, tzinfo=dt.UTC)
    )
    assert [s["name"] for s in result["subject"]] == [other, deployment.subject]
    assert result["predicate"]["resourceUri"] == deployment.subject
