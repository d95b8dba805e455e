"""Versions: a folder holds every version, and each record is checked against its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdlc.checking import CheckOptions
from sdlc.errors import InputError
from sdlc.evolution.versions import ProcessFolder, VersionedChecker, version_key
from sdlc.load.records import load_records

from ..conftest import EID, EID_ROSTER, ROOT, RunCli

PROCESSES = ROOT / "processes"
CASES = ROOT / "tests" / "cases" / "versions"


def test_the_folder_holds_every_version_of_every_process() -> None:
    folder = ProcessFolder.open(PROCESSES)
    assert folder.versions("eid-gateway") == ("2.0", "3.0", "3.1")
    assert folder.versions("baseline") == ("1.0",)
    assert folder.latest("eid-gateway").ref == "eid-gateway@3.1"  # announced, from 2027
    assert folder.resolve("eid-gateway@2.0").effective.isoformat() == "2021-06-01"
    assert folder.files["eid-gateway"]["3.0"] == PROCESSES / "eid-gateway.yaml"
    assert folder.files["eid-gateway"]["2.0"] == PROCESSES / "eid-gateway" / "2.0.yaml"
    assert folder.files["eid-gateway"]["3.1"] == PROCESSES / "eid-gateway" / "3.1.yaml"


def test_an_unknown_version_lists_the_versions_available() -> None:
    folder = ProcessFolder.open("processes")
    with pytest.raises(InputError) as caught:
        folder.resolve("eid-gateway@9.9")
    assert caught.value.user_message() == (
        "no version '9.9' of process 'eid-gateway' in processes (versions available: 2.0, "
        "3.0, 3.1)\n  hint: correct the record's 'process', or add that version's file to the "
        "folder"
    )


def test_an_unknown_process_names_the_closest() -> None:
    with pytest.raises(InputError) as caught:
        ProcessFolder.open("processes").resolve("eid-gatewy@3.0")
    assert caught.value.user_message() == (
        "no process 'eid-gatewy' in processes (processes there: baseline, eid-gateway). "
        "Did you mean 'eid-gateway'?\n  hint: correct the record's 'process', or point "
        "--process at the folder that holds it"
    )


def test_versions_sort_by_number() -> None:
    assert sorted(["10.0", "2.10", "2.9", "2.0-rc1", "2.0"], key=version_key) == [
        "2.0",
        "2.0-rc1",
        "2.9",
        "2.10",
        "10.0",
    ]


def test_a_version_defined_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EID.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "b.yaml").write_text(EID.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ProcessFolder.open(tmp_path)
    assert caught.value.message == (
        f"eid-gateway@3.0 is defined twice: in {tmp_path / 'a.yaml'} and in "
        f"{tmp_path / 'old' / 'b.yaml'}"
    )


def test_a_folder_without_processes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.roster.yaml").write_text(EID_ROSTER.read_text(encoding="utf-8"))
    (tmp_path / "notes.yaml").write_text("just: notes\n")
    with pytest.raises(InputError, match="no process files in this folder"):
        ProcessFolder.open(tmp_path)


def test_a_broken_old_version_stops_only_its_own_records(tmp_path: Path) -> None:
    (tmp_path / "current.yaml").write_text(EID.read_text(encoding="utf-8"), encoding="utf-8")
    broken = EID.read_text(encoding="utf-8").replace('version: "3.0"', 'version: "1.0"')
    (tmp_path / "old.yaml").write_text(broken.replace("kind: build", "kind: bild"))
    checker = VersionedChecker.open(tmp_path, EID_ROSTER, CheckOptions())
    reports = list(checker.check_loaded(load_records([CASES / "records" / "eid-2381.yaml"])))
    assert [(r.record, r.compliant) for r in reports] == [("EID-2381", True)]
    with pytest.raises(InputError, match="'bild' is not allowed"):
        checker.checker("eid-gateway@1.0")


def test_each_record_is_checked_against_its_own_version(run_cli: RunCli) -> None:
    code, out, err = run_cli(
        "check",
        "tests/cases/versions/",
        "--process",
        "processes/",
        "--roster",
        "processes/eid-gateway.roster.yaml",
    )
    assert (code, err) == (2, "")
    assert out == (
        "tests/cases/versions/records/eid-2102.yaml: EID-2102 (risk high): compliant\n"
        "tests/cases/versions/records/eid-2381.yaml: EID-2381 (risk low): compliant\n"
        "tests/cases/versions/unknown/eid-2990.yaml: EID-2990: unreadable\n"
        "  record EID-2990 follows eid-gateway@9.9: no version '9.9' of process 'eid-gateway' "
        "in processes (versions available: 2.0, 3.0, 3.1)\n"
        "    hint: correct the record's 'process', or add that version's file to the folder\n"
        "checked 3 records: 2 compliant, 0 not compliant, 1 unreadable\n"
    )


def test_the_same_change_under_the_current_version_is_not_compliant(
    run_cli: RunCli, tmp_path: Path
) -> None:
    text = (CASES / "records" / "eid-2102.yaml").read_text(encoding="utf-8")
    record = tmp_path / "eid-2102.yaml"
    moved = text.replace("at: 2025-", "at: 2026-")  # made in 3.0's time, under 3.0
    record.write_text(moved.replace("eid-gateway@2.0", "eid-gateway@3.0"), encoding="utf-8")
    code, out, _ = run_cli(
        "check", str(record), "--process", "processes", "--roster", str(EID_ROSTER)
    )
    assert code == 1
    assert "EID-2102 (risk high): not compliant, 3 findings" in out


def test_a_single_file_still_refuses_other_versions(run_cli: RunCli) -> None:
    code, out, _ = run_cli(
        "check", "tests/cases/versions/records/eid-2102.yaml", "--process", str(EID)
    )
    assert code == 2
    assert "record EID-2102 follows eid-gateway@2.0, but the process given is eid-gateway@3.0" in (
        out
    )


def test_the_process_may_come_from_git(run_cli: RunCli) -> None:
    code, out, _ = run_cli(
        "check",
        "tests/cases/versions/records/eid-2381.yaml",
        "--process",
        "HEAD:processes/eid-gateway.yaml",
        "--roster",
        "processes/eid-gateway.roster.yaml",
    )
    assert (code, out.splitlines()[-1]) == (
        0,
        "checked 1 record: 1 compliant, 0 not compliant, 0 unreadable",
    )
