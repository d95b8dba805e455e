"""``sdlc deployed`` as a command: its exit codes, its output file, SARIF that code
scanning accepts, and its help."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sdlc.cli import main

from ..conftest import ROOT, RunCli

DATA = "tests/production/data"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
GATEWAY = "sha256:32b8f63b340ae821db9b6d7dd9ca1b100fb2021189f0de050081d9e7a0a30086"
RECORDS = ["--records", "examples/high-risk-rework.yaml", "examples/low-risk-compliant.yaml"]
PROCESS = ["--process", "processes/", "--roster", "processes/eid-gateway.roster.yaml"]


def test_all_recorded_and_compliant_is_exit_0_even_with_warnings(
    run_cli: RunCli, tmp_path: Path
) -> None:
    listing = tmp_path / "running.txt"
    listing.write_text(f"vm-1 {GATEWAY}\n", encoding="utf-8")
    code, out, err = run_cli("deployed", str(listing), *RECORDS, *PROCESS)
    assert (code, err) == (0, "")
    assert out.endswith(
        "deployed: 1 running: 1 compliant, 0 not compliant, 0 unrecorded, 0 unverifiable; "
        "1 recorded deployment not running\n"
    )
    code, _, _ = run_cli("deployed", str(listing), *RECORDS, *PROCESS, "--strict")
    assert code == 1


def test_several_snapshots_are_judged_together(run_cli: RunCli) -> None:
    code, out, err = run_cli(
        "deployed", f"{DATA}/pods.json", f"{DATA}/docker.json", f"{DATA}/running.txt",
        *RECORDS, *PROCESS, "--format", "json",
    )  # fmt: skip
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert [s["kind"] for s in data["snapshots"]] == ["kubernetes", "docker", "list"]
    assert len(data["artifacts"]) == 11 + 3 + 4
    assert [u["record"] for u in data["undeployed"]] == ["EID-2381"]


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        ("missing.json", "missing.json: no such file"),
        (f"{DATA}/README.md", f"{DATA}/README.md:3:1: expected NAME DIGEST (two words)"),
    ],
)
def test_a_bad_snapshot_is_exit_2_with_one_located_message(
    run_cli: RunCli, snapshot: str, message: str
) -> None:
    code, out, err = run_cli("deployed", snapshot, *RECORDS, *PROCESS)
    assert (code, out) == (2, "")
    assert err.startswith(f"sdlc: {message}")
    assert "Traceback" not in err


def test_a_bad_old_snapshot_is_exit_2_too(run_cli: RunCli) -> None:
    code, _, err = run_cli(
        "deployed", f"{DATA}/pods.json", "--since", f"{DATA}/docker.json", "--kind",
        "kubernetes", *RECORDS, *PROCESS,
    )  # fmt: skip
    assert code == 2
    assert err.startswith(f"sdlc: {DATA}/docker.json:1:1: not a snapshot sdlc can read: ")


def test_the_report_can_go_to_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    out_file = tmp_path / "deployed.json"
    code, out, _ = run_cli(
        "deployed", f"{DATA}/docker.json", *RECORDS, *PROCESS, "--format", "json",
        "--output", str(out_file),
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert json.loads(out_file.read_text(encoding="utf-8"))["snapshots"][0]["kind"] == "docker"


@pytest.fixture(scope="module")
def sarif_schema() -> Any:
    return json.loads(SARIF_SCHEMA.read_text("utf-8"))


def test_sarif_holds_every_finding_at_its_place_and_validates(
    run_cli: RunCli, sarif_schema: Any
) -> None:
    code, out, _ = run_cli(
        "deployed", f"{DATA}/pods.json", *RECORDS, "examples/incident-2020.yaml", *PROCESS,
        "--format", "sarif",
    )  # fmt: skip
    assert code == 1
    log = json.loads(out)
    validator = jsonschema.Draft7Validator(
        sarif_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(log)] == []
    results = log["runs"][0]["results"]
    assert sorted({r["ruleId"] for r in results}) == [
        "non-compliant-artifact",
        "undeployed-record",
        "unrecorded-artifact",
        "unverifiable",
    ]
    canary = next(r for r in results if r["ruleId"] == "non-compliant-artifact")
    assert canary["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": f"{DATA}/pods.json", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 465, "startColumn": 36},
    }
    fingerprints = [r["partialFingerprints"]["sdlcFindingHash/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_help_names_the_kinds_of_snapshot(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["deployed", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for words in ("kubectl get pods -A -o json", "docker inspect", "'NAME DIGEST'", "--since"):
        assert words in out
