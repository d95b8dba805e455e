"""The published schemas of the JSON report and of waiver files hold for real ones.

``sdlc check --format json`` output (compliant, failing, waived, repaired and
unreadable records) is validated against ``sdlc schema report``, and every
waiver file of the golden cases against ``sdlc schema waivers``, with the
jsonschema library.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from ..conftest import ROOT, RunCli

WAIVER_FILES = sorted((ROOT / "tests" / "cases" / "waivers").rglob("waivers*.yaml"))


def _validator(run_cli: RunCli, kind: str) -> Draft202012Validator:
    code, out, err = run_cli("schema", kind)
    assert (code, err) == (0, "")
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema == json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def test_a_real_report_validates(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    cases = ROOT / "tests" / "cases" / "check"
    code, out, _ = run_cli(
        "check",
        str(cases / "compliant" / "record.yaml"),
        str(cases / "stale-approval" / "record.yaml"),
        str(cases / "now-waiver-in-force" / "record.yaml"),
        str(tmp_path / "broken.yaml"),
        "--process",
        "processes/eid-gateway.yaml",
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--waivers",
        "tests/cases/waivers/waiver-expired/waivers.yaml",
        "--now",
        "2026-03-05T12:00:00+01:00",
        "--format",
        "json",
    )
    assert code == 2
    report = json.loads(out)
    validator = _validator(run_cli, "report")
    assert [e.message for e in validator.iter_errors(report)] == []
    assert [r["compliant"] for r in report] == [True, False, True, False]
    assert any("waived" in f for r in report for f in r["findings"])
    assert report[1]["repair"]
    assert report[3]["error"]


def test_the_report_schema_refuses_what_is_not_a_report(run_cli: RunCli) -> None:
    validator = _validator(run_cli, "report")
    bad = [{"id": "X", "path": None, "compliant": "yes", "risk": None, "error": None}]
    assert sorted(e.message for e in validator.iter_errors(bad)) == [
        "'findings' is a required property",
        "'repair' is a required property",
        "'yes' is not of type 'boolean'",
    ]


@pytest.mark.parametrize("path", WAIVER_FILES, ids=lambda p: p.parent.name)
def test_a_real_waiver_file_validates(run_cli: RunCli, path: Path) -> None:
    from sdlc.load.source import load_file

    validator = _validator(run_cli, "waivers")
    assert [e.message for e in validator.iter_errors(load_file(path).data)] == []
