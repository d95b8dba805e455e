"""Attack: passing without the facts.

Without a roster nothing about people or signatures can be checked. Before, a
record approved by people in no roster was attested PASSED, and a record whose
signed stages carried garbage signatures was compliant. Both must fail closed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..conftest import ROOT, RunCli

PROCESS = ROOT / "processes" / "eid-gateway.yaml"
EXAMPLE = ROOT / "examples" / "high-risk-rework.yaml"


def _strangers_approve() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    for n, event in enumerate(data["events"]):
        if event["stage"] == "approval":
            event["actor"] = f"nobody-{n}"
    return data


def test_attest_without_a_roster_never_says_passed(run_cli: RunCli, tmp_path: Path) -> None:
    record = tmp_path / "EID-2417.yaml"
    record.write_text(yaml.safe_dump(_strangers_approve(), sort_keys=False))
    code, out, err = run_cli("record", "attest", str(record), "--process", str(PROCESS))
    assert (code, err) == (1, "sdlc: EID-2417: FAILED (1 findings; 'sdlc check' shows them)\n")
    assert json.loads(out)["predicate"]["verificationResult"] == "FAILED"


def test_check_without_a_roster_does_not_pass_garbage_signatures(
    run_cli: RunCli, tmp_path: Path
) -> None:
    process = yaml.safe_load(PROCESS.read_text())
    for stage in process["stages"]:
        if stage["id"] in {"approval", "deployment"}:
            stage["signed"] = True
    signed = tmp_path / "eid-gateway.yaml"
    signed.write_text(yaml.safe_dump(process, sort_keys=False))
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    for event in data["events"]:
        if event["stage"] in {"approval", "deployment"}:
            event["signature"] = {"key": f"{event['actor']}-2026", "value": "Z2FyYmFnZQ=="}
    record = tmp_path / "EID-2417.yaml"
    record.write_text(yaml.safe_dump(data, sort_keys=False))
    code, out, _ = run_cli("check", str(record), "--process", str(signed), "--format", "json")
    assert code == 1
    (result,) = json.loads(out)
    assert result["compliant"] is False
    assert [f["rule"] for f in result["findings"]] == ["unverifiable"]
