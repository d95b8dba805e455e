"""Attacks on what ``sdlc record attest`` puts in an attestation that leaves the
machine: a local path (which leaks where the build ran and names nothing a
consumer can fetch), credentials inside a URI, and an image reference that
carries a digest other than the one the record deployed; each is refused with
exit 2 before anything is checked or written. And the attack admission control
is for: a passing summary asked for an image nobody approved, which is FAILED.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from sdlc.checking.checker import Checker
from sdlc.errors import UsageError
from sdlc.integrity.attest import EXTENSION, statement
from sdlc.model.process import Process
from sdlc.model.roster import Roster

from ..conftest import EID, EID_ROSTER, ROOT, RunCli
from ..signed_records import rework

COMPLIANT = ROOT / "examples" / "high-risk-rework.yaml"
FIX = "give an absolute URI such as https://… (no local path goes into an attestation)"


def _attest(run_cli: RunCli, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    output = tmp_path / "vsa.json"
    code, out, err = run_cli(
        "record", "attest", str(COMPLIANT), "--process", str(EID), "--roster", str(EID_ROSTER),
        "--output", str(output), *extra,
    )  # fmt: skip
    assert not output.exists()
    return code, out, err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--policy-uri",
            "/home/ingrid/work/processes/eid-gateway.yaml",
            "is not a URI: it has no scheme (like https:); " + FIX,
        ),
        (
            "--policy-uri",
            "processes/eid-gateway.yaml",
            "is not a URI: it has no scheme (like https:); " + FIX,
        ),
        (
            "--policy-uri",
            "file:///home/ingrid/processes/eid-gateway.yaml",
            "names a local file; " + FIX,
        ),
        ("--resource-uri", "FILE:/srv/build/eid-gateway.tar", "names a local file; " + FIX),
        ("--verifier", "C:/builds/sdlc", "is not a URI: it has a drive letter; " + FIX),
        (
            "--verifier",
            "C:\\builds\\sdlc",
            "is not a URI: it has a space, control or backslash; " + FIX,
        ),
        (
            "--policy-uri",
            "https://ci:glpat-secret@git.example.no/login/processes",
            "has a user name or password in it; give the URI without them",
        ),
    ],
)
def test_attest_refuses_a_uri_that_is_a_local_path_or_carries_credentials(
    run_cli: RunCli, tmp_path: Path, option: str, value: str, message: str
) -> None:
    code, out, err = _attest(run_cli, tmp_path, option, value)
    assert (code, out) == (2, "")
    assert err == f"sdlc: {option} {value!r} {message}\n"


@pytest.mark.parametrize(
    "image",
    [
        "registry.example.no/login/eid-gateway@sha256:" + "0" * 64,
        "registry.example.no/login/eid-gateway:3.0.1",
    ],
)
def test_attest_refuses_an_image_that_brings_its_own_digest_or_tag(
    run_cli: RunCli, tmp_path: Path, image: str
) -> None:
    code, out, err = _attest(run_cli, tmp_path, "--image", image)
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: --image {image!r} has a tag or digest: give the repository alone, such as "
        "registry.example.no/login/eid-gateway; sdlc adds the digest it attests\n"
    )


@pytest.mark.parametrize("image", ["eid-gateway", "Registry.Example.no/Login/eid", "/srv/oci"])
def test_attest_refuses_an_image_without_its_registry(
    run_cli: RunCli, tmp_path: Path, image: str
) -> None:
    code, _, err = _attest(run_cli, tmp_path, "--image", image)
    assert code == 2
    assert err == (
        f"sdlc: --image {image!r} is not an OCI repository with its registry: expected "
        "lower-case REGISTRY/PATH, such as registry.example.no/login/eid-gateway\n"
    )


def test_the_library_refuses_a_local_policy_path_too(eid: Process, eid_roster: Roster) -> None:
    record = rework()
    report = Checker(eid, eid_roster).check(record)
    with pytest.raises(UsageError, match=r"^policy\.uri '/srv/p\.yaml' is not a URI"):
        statement(
            record,
            report,
            eid,
            policy_uri="/srv/p.yaml",
            policy_sha256="0" * 64,
            time=dt.datetime(2026, 3, 12, tzinfo=dt.UTC),
        )


def _undeployed(tmp_path: Path) -> Path:
    data = yaml.safe_load(COMPLIANT.read_text("utf-8"))
    data["events"] = [e for e in data["events"] if e["stage"] not in {"deployment", "verification"}]
    record = tmp_path / "EID-2417.yaml"
    record.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return record


def test_a_cluster_cannot_be_handed_a_passing_summary_for_an_unapproved_image(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """The attack: push an image nobody reviewed or approved, and ask sdlc, on the
    record of a compliant change, for a summary that admits it."""
    unapproved = "sha256:" + "1" * 64
    code, out, err = run_cli(
        "record", "attest", str(_undeployed(tmp_path)), "--process", str(EID),
        "--roster", str(EID_ROSTER), "--may-deploy", unapproved, "--predicate-only",
    )  # fmt: skip
    assert code == 1
    assert err == (
        "sdlc: EID-2417: refused: 'deployment' of sha256:1111111… may not happen now, "
        f"1 reason: FAILED; the predicate is about {unapproved}\n"
    )
    predicate = json.loads(out)
    assert (predicate["verificationResult"], predicate["verifiedLevels"]) == ("FAILED", ["FAILED"])
    assert predicate["resourceUri"] == unapproved
    assert predicate[EXTENSION]["failedRules"] == ["stale-approval"]


def test_may_deploy_without_a_roster_never_says_passed(run_cli: RunCli, tmp_path: Path) -> None:
    digest = yaml.safe_load(COMPLIANT.read_text("utf-8"))["subject"]["artifact"]
    code, out, _ = run_cli(
        "record", "attest", str(_undeployed(tmp_path)), "--process", str(EID),
        "--may-deploy", digest,
    )  # fmt: skip
    assert code == 1
    assert json.loads(out)["predicate"]["verificationResult"] == "FAILED"
