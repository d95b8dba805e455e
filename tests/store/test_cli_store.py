"""``--store`` on the command line: a record started, appended to, imported into,
listed, verified, checked and gated in a git store, and a folder store that
behaves as the files it holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import EID, EID_ROSTER, RunCli
from .conftest import SUBJECT

JUNIT = """<testsuite name="unit" tests="1" failures="0">
<testcase classname="auth" name="test_level" time="0.1"/></testsuite>
"""


@pytest.fixture
def address(bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SDLC_STORE_CACHE", str(tmp_path / "cache"))
    return f"git+file://{bare}"


def _started(run_cli: RunCli, address: str) -> None:
    code, out, err = run_cli(
        "record", "new", "EID-7", "--id", "EID-7", "--process", "eid-gateway@3.0",
        "--store", address,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"started record EID-7 in {address}#EID-7 (eid-gateway@3.0); head ")


def test_a_record_lives_its_life_in_a_git_store(
    run_cli: RunCli, address: str, tmp_path: Path
) -> None:
    _started(run_cli, address)
    code, out, _ = run_cli(
        "record", "append", "EID-7", "--stage", "implementation", "--actor", "ola-nordmann",
        "--subject", SUBJECT, "--at", "2026-03-09T09:00:00+01:00", "--store", address,
    )  # fmt: skip
    assert code == 0
    assert out.startswith(f"appended event #1 'implementation' by ola-nordmann to {address}#EID-7;")
    report = tmp_path / "junit.xml"
    report.write_text(JUNIT, encoding="utf-8")
    code, out, _ = run_cli(
        "record", "import", "junit", str(report), "--record", "EID-7", "--stage", "unit-tests",
        "--actor", "ci", "--subject", SUBJECT, "--at", "2026-03-09T10:00:00+01:00",
        "--evidence-uri", "https://ci.example.no/junit.xml", "--store", address,
    )  # fmt: skip
    assert code == 0
    assert "appended event #2 'unit-tests' by ci" in out
    code, out, _ = run_cli("record", "list", "--store", address, "--format", "json")
    assert code == 0
    (listed,) = json.loads(out)
    assert (listed["name"], listed["id"], listed["events"]) == ("EID-7.yaml", "EID-7", 2)
    code, out, _ = run_cli("record", "verify", "--store", address, "--require-chain")
    assert (code, out.splitlines()[0]) == (0, "EID-7.yaml: EID-7: compliant")
    code, out, _ = run_cli(
        "check", "--store", address, "--process", str(EID), "--roster", str(EID_ROSTER),
        "--in-flight", "--format", "json",
    )  # fmt: skip
    assert [r["id"] for r in json.loads(out)] == ["EID-7"]
    code, out, _ = run_cli(
        "gate", "EID-7", "--store", address, "--stage", "code-review", "--subject", SUBJECT,
        "--process", str(EID), "--roster", str(EID_ROSTER), "--now", "2026-03-09T11:00:00+01:00",
    )  # fmt: skip
    assert out.startswith("EID-7: ")


def test_check_of_an_empty_store_checks_nothing_and_does_not_pass(
    run_cli: RunCli, address: str
) -> None:
    code, _, err = run_cli("check", "--store", address, "--process", str(EID))
    assert code == 2
    assert err.startswith(f"sdlc: {address}: nothing checked: found no records")


def test_a_command_that_reads_records_needs_some(run_cli: RunCli) -> None:
    code, _, err = run_cli("record", "verify")
    assert code == 2
    assert err == (
        "sdlc: give RECORD_OR_DIR (record files or folders of them), or --store ADDRESS to "
        "read every record of a store\n"
    )


def test_a_folder_store_names_records_by_their_path_in_it(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "changes"
    folder.mkdir()
    code, out, _ = run_cli(
        "record", "new", "EID-8.yaml", "--id", "EID-8", "--process", "eid-gateway@3.0",
        "--store", str(folder),
    )  # fmt: skip
    assert code == 0
    assert out.startswith(f"started record EID-8 in {folder / 'EID-8.yaml'} ")
    assert (folder / "EID-8.yaml").is_file()
    code, out, _ = run_cli("record", "list", "--store", str(folder))
    assert out.splitlines()[-1] == f"1 record in {folder}"


def test_a_git_store_names_a_record_by_its_id(run_cli: RunCli, address: str) -> None:
    code, _, err = run_cli(
        "record", "new", "other", "--id", "EID-9", "--process", "eid-gateway@3.0",
        "--store", address,
    )  # fmt: skip
    assert (code, err) == (
        2,
        "sdlc: other: a git store names a record by its id; give EID-9 (or EID-9.json for JSON)\n",
    )


def test_stats_and_practice_read_every_record_of_a_store(run_cli: RunCli, address: str) -> None:
    _started(run_cli, address)
    code, out, _ = run_cli("stats", "--store", address, "--process", str(EID), "--format", "json")
    assert (code, json.loads(out)["records"]) == (0, 1)
    code, out, _ = run_cli("practice", "--store", address, "--process", str(EID))
    assert code == 0
    assert out.startswith("sdlc practice: 1 change studied (1 record")
