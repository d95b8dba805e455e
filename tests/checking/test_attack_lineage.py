"""Attack: laundering an unreviewed artifact into production through ``produces``.

Each test takes the compliant high-risk example (reviewed, tested and approved
commit e16f242…, built into sha256:32b8f63…) and lets someone with write access to
the record deploy an artifact nobody reviewed, sha256:0badc0d…, by making some
event other than a real build claim a lineage. Every variant must be refused by
``sdlc check`` (a false-lineage finding where an event claims what only a build
may, and the deployment reported as not covered by the work it relies on) and by
``sdlc record attest`` (a FAILED verification summary).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.checking import Checker
from sdlc.load import load_process, load_roster
from sdlc.model import Record

from ..conftest import ROOT, RunCli

PROCESS = ROOT / "processes" / "eid-gateway.yaml"
ROSTER = ROOT / "processes" / "eid-gateway.roster.yaml"
EXAMPLE = ROOT / "examples" / "high-risk-rework.yaml"

REVIEWED = "e16f242821aeb85e085c2ec0e67a20b6db30f360"
BUILT = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
UNREVIEWED = "sha256:" + "0badc0de" * 8


def _example() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    return data


def _event(data: dict[str, Any], stage: str) -> dict[str, Any]:
    return next(e for e in data["events"] if e["stage"] == stage)


def _deploy_unreviewed(data: dict[str, Any]) -> None:
    data["subject"]["artifact"] = UNREVIEWED
    for event in data["events"]:
        if event["stage"] in {"deployment", "verification"}:
            event["subject"] = UNREVIEWED


def _deployment_claims_the_commit(data: dict[str, Any]) -> None:
    _deploy_unreviewed(data)
    _event(data, "deployment")["produces"] = [REVIEWED]


def _approval_claims_the_artifact(data: dict[str, Any]) -> None:
    _deploy_unreviewed(data)
    _event(data, "approval")["produces"] = [UNREVIEWED]


def _verification_claims_the_commit(data: dict[str, Any]) -> None:
    _deploy_unreviewed(data)
    _event(data, "verification")["produces"] = [REVIEWED]


def _build_after_the_deployment(data: dict[str, Any]) -> None:
    _deploy_unreviewed(data)
    build = dict(_event(data, "build"))
    build |= {"at": "2026-03-12T09:00:00+01:00", "produces": [UNREVIEWED]}
    data["events"].append(build)


def _build_from_artifact_to_commit(data: dict[str, Any]) -> None:
    """A 'build' whose subject is the unreviewed artifact and whose product is the
    reviewed commit: lineage run backwards."""
    _deploy_unreviewed(data)
    build = dict(_event(data, "build"))
    build |= {"at": "2026-03-11T15:00:00+01:00", "subject": UNREVIEWED, "produces": [REVIEWED]}
    approvals = [i for i, e in enumerate(data["events"]) if e["stage"] == "approval"]
    data["events"].insert(approvals[-1] + 1, build)


ATTACKS = {
    "deployment-claims-the-commit": (_deployment_claims_the_commit, "deployment"),
    "approval-claims-the-artifact": (_approval_claims_the_artifact, "approval"),
    "verification-claims-the-commit": (_verification_claims_the_commit, "verification"),
    "build-after-the-deployment": (_build_after_the_deployment, None),
    "build-from-artifact-to-commit": (_build_from_artifact_to_commit, "build"),
}


def _check(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    process = load_process(PROCESS)
    report = Checker(process, load_roster(ROSTER, process)).check(Record.model_validate(data))
    return [(f.rule, f.stage) for f in report.findings if f.severity == "error"]


def test_the_unaltered_example_is_compliant() -> None:
    assert _check(_example()) == []


def test_simply_deploying_the_unreviewed_artifact_is_refused() -> None:
    data = _example()
    _deploy_unreviewed(data)
    assert ("stale-approval", "deployment") in _check(data)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_laundering_through_produces_is_refused(name: str) -> None:
    data = _example()
    attack, claimant = ATTACKS[name]
    attack(data)
    found = _check(data)
    if claimant is not None:
        assert ("false-lineage", claimant) in found
    assert ("stale-approval", "deployment") in found


def test_the_deployment_claim_reads_as_the_rule_page_says() -> None:
    data = _example()
    _deployment_claims_the_commit(data)
    process = load_process(PROCESS)
    report = Checker(process, load_roster(ROSTER, process)).check(Record.model_validate(data))
    (claim,) = [f for f in report.findings if f.rule == "false-lineage"]
    assert claim.message == (
        "record EID-2417, event #17 'deployment' by nora-bakken: says it produced e16f242…, "
        "but only a build may say what was built from a commit, and 'deployment' is not a "
        "build stage; the claim links nothing"
    )
    assert claim.hint == (
        "record the artifact's build as an event of a build stage, before the deployment "
        "that relies on it, and remove 'produces' from this event"
    )


def test_a_real_rebuild_before_the_deployment_is_still_believed() -> None:
    """The fix must not break lineage: a second build of the reviewed commit, deployed."""
    data = _example()
    rebuilt = "sha256:" + "5eed" * 16
    build = dict(_event(data, "build"))
    build |= {"at": "2026-03-11T15:00:00+01:00", "subject": REVIEWED, "produces": [rebuilt]}
    approvals = [i for i, e in enumerate(data["events"]) if e["stage"] == "approval"]
    data["events"].insert(approvals[-1] + 1, build)
    for event in data["events"]:
        if event["stage"] in {"deployment", "verification"}:
            event["subject"] = rebuilt
    data["subject"]["artifact"] = rebuilt
    # a new build after approval invalidates what depends on the build: the ordinary
    # rework rule, not a lineage finding
    assert ("false-lineage", "build") not in _check(data)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_cli_check_and_attest_refuse_the_laundered_record(
    run_cli: RunCli, tmp_path: Path, name: str
) -> None:
    data = _example()
    ATTACKS[name][0](data)
    record = tmp_path / "EID-2417.yaml"
    record.write_text(yaml.safe_dump(data, sort_keys=False))
    common = ["--process", str(PROCESS), "--roster", str(ROSTER)]
    code, out, _ = run_cli("check", str(record), *common, "--format", "json")
    assert code == 1
    (result,) = json.loads(out)
    assert result["compliant"] is False
    code, out, _ = run_cli("record", "attest", str(record), *common)
    assert code == 1
    statement = json.loads(out)
    assert statement["predicate"]["verificationResult"] == "FAILED"
