"""The issues' acceptance criteria, end to end through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from .conftest import EID, ROOT, RunCli

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
CHECK = (
    "--process",
    "processes/eid-gateway.yaml",
    "--roster",
    "processes/eid-gateway.roster.yaml",
)
EXAMPLES = (
    "examples/low-risk-compliant.yaml",
    "examples/high-risk-rework.yaml",
    "examples/incident-2020.yaml",
)


def test_dropping_a_gate_dependency_for_high_risk_is_a_bypassable_gate(
    run_cli: RunCli, tmp_path: Path
) -> None:
    text = EID.read_text(encoding="utf-8")
    old = "    depends_on: [approval, build]\n"
    assert text.count(old) == 1
    dropped = tmp_path / "eid-gateway.yaml"
    dropped.write_text(
        text.replace(
            old, "    depends_on: [{stage: approval, when: {risk_at_most: medium}}, build]\n"
        ),
        encoding="utf-8",
    )
    code, out, err = run_cli("lint", str(dropped))
    assert (code, err) == (1, "")
    line = text.splitlines().index("  - id: approval") + 1
    assert out == (
        f"{dropped}:{line}:5: error P004 bypassable-gate: gate 'approval' is required at risk "
        "high, but 'deployment' can be reached without it: threat-modelling → design-review → "
        "implementation → build → deployment\n"
        "  hint: make 'deployment' (or a stage it depends on) depend on 'approval' at risk high\n"
        f"{dropped}: eid-gateway@3.0 has findings (1 error, 0 warnings)\n"
    )


def test_the_shipped_processes_lint_clean(run_cli: RunCli) -> None:
    code, out, _ = run_cli("lint", "processes/eid-gateway.yaml", "processes/baseline.yaml")
    assert code == 0
    assert out.splitlines() == [
        "processes/eid-gateway.yaml: eid-gateway@3.0 is sound (0 errors, 0 warnings)",
        "processes/baseline.yaml: baseline@1.0 is sound (0 errors, 0 warnings)",
    ]


def test_the_incident_fails_with_its_six_rules_and_a_repair_and_the_others_pass(
    run_cli: RunCli,
) -> None:
    code, out, _ = run_cli("check", *EXAMPLES, *CHECK, "--format", "json")
    assert code == 1
    reports = {r["id"]: r for r in json.loads(out)}
    assert reports["EID-2381"]["compliant"]
    assert reports["EID-2417"]["compliant"]
    incident = reports["EID-1203"]
    assert not incident["compliant"]
    assert {f["rule"] for f in incident["findings"]} == {
        "risk-underdeclared",
        "missing-stage",
        "too-few-actors",
        "coverage-below-profile",
        "approval-level",
        "stale-approval",
    }
    assert incident["repair"][0]["text"] == "declare the risk as high (not low)"
    assert any(
        step["text"].startswith("add 'login-e2e-tests' by a tester covering bankid-mobile")
        for step in incident["repair"]
    )


def test_sarif_of_the_examples_validates_against_the_official_schema(run_cli: RunCli) -> None:
    code, out, _ = run_cli("check", *EXAMPLES, *CHECK, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(log)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"stale-approval", "approval-level"}
    stale = next(r for r in results if r["ruleId"] == "stale-approval")
    region = stale["locations"][0]["physicalLocation"]["region"]
    lines = (ROOT / "examples/incident-2020.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[region["startLine"] - 1].strip() == "- stage: deployment"
