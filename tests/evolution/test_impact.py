"""sdlc impact: which changes under way a new version makes non-compliant, and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdlc.evolution.impacts import impact
from sdlc.evolution.versions import ProcessFolder
from sdlc.load.loaders import load_process
from sdlc.load.records import load_records

from ..conftest import EID, EID_ROSTER, ROOT, RunCli, golden

CASE = ROOT / "tests" / "cases" / "impact"
ARGS = (
    "processes/eid-gateway.yaml",
    "tests/cases/impact/eid-2500.yaml",
    "tests/cases/versions/records",
    "--roster",
    "processes/eid-gateway.roster.yaml",
)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_in_flight_change_gets_what_the_new_version_adds(run_cli: RunCli, fmt: str) -> None:
    code, out, err = run_cli("impact", *ARGS, "--format", fmt)
    assert (code, err) == (1, "")
    golden(CASE / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    if fmt == "json":
        (affected,) = json.loads(out)["affected"]
        assert [f["rule"] for f in affected["findings"]] == ["too-few-actors", "missing-stage"]


def test_the_version_it_follows_adds_nothing() -> None:
    old = load_process(ROOT / "processes" / "eid-gateway" / "2.0.yaml")
    folder = ProcessFolder.open(ROOT / "processes")
    result = impact(old, load_records([CASE / "eid-2500.yaml"]), folder, EID_ROSTER)
    assert (result.affected, result.unaffected) == ([], ["EID-2500"])


def test_deployed_changes_and_other_processes_are_left_alone(tmp_path: Path) -> None:
    other = (ROOT / "examples" / "low-risk-compliant.yaml").read_text(encoding="utf-8")
    (tmp_path / "other.yaml").write_text(
        other.replace("eid-gateway@3.0", "baseline@1.0"), encoding="utf-8"
    )
    records = load_records([tmp_path, ROOT / "tests" / "cases" / "versions" / "records"])
    result = impact(load_process(EID), records, ProcessFolder.open(ROOT / "processes"))
    assert result.deployed == ["EID-2102", "EID-2381"]
    assert result.other == ["EID-2381"]
    assert result.affected == []


def test_an_unknown_own_version_is_reported_not_guessed(run_cli: RunCli) -> None:
    code, out, _ = run_cli(
        "impact", "processes/eid-gateway.yaml", "tests/cases/versions/unknown", "--format", "json"
    )
    assert code == 2
    (unreadable,) = json.loads(out)["unreadable"]
    assert unreadable["error"].startswith(
        "record EID-2990 follows eid-gateway@9.9: no version '9.9' of process 'eid-gateway'"
    )
