"""A gate that passes because it checked nothing: an empty folder, a folder whose
records are named ``.YAML`` or ``.Json``, an empty JSON Lines file. Each used to give
'checked 0 records' and exit 0. Suffixes are matched without regard to case, and a
run that checks nothing is exit 2 with one message, whatever the format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT, RunCli

BASE = ROOT / "tests" / "cases" / "bad-input" / "_base"
CHECK = ("--process", str(BASE / "process.yaml"), "--roster", str(BASE / "roster.yaml"))
HINT = (
    "  hint: give record files (.yaml, .yml, .json or .jsonl, in any case) or folders that "
    "hold them; a JSON Lines file needs at least one record\n"
)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_an_empty_folder_is_not_a_pass(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    for command in (("check", str(tmp_path), *CHECK), ("record", "verify", str(tmp_path))):
        assert run_cli(*command, "--format", fmt) == (
            2,
            "",
            f"sdlc: {tmp_path}: nothing checked: found no records\n{HINT}",
        )


def test_nothing_checked_writes_no_report(run_cli: RunCli, tmp_path: Path) -> None:
    report = tmp_path / "report.sarif"
    report.write_text("the last report\n")
    (tmp_path / "empty.jsonl").write_text("\n\n")
    (tmp_path / "none").mkdir()
    code, out, err = run_cli(
        "check", str(tmp_path / "empty.jsonl"), str(tmp_path / "none"), *CHECK,
        "--format", "sarif", "--output", str(report),
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert err == (
        f"sdlc: nothing checked: found no records in {tmp_path / 'empty.jsonl'}, "
        f"{tmp_path / 'none'}\n{HINT}"
    )
    assert report.read_text() == "the last report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.jsonl", "none", "report.sarif"]


def test_suffixes_are_matched_without_case(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copy(BASE / "record.yaml", tmp_path / "CHG-1.YAML")
    (tmp_path / "CHG-2.Json").write_text('{"id": "CHG-2", "process": "demo@1"}\n')
    (tmp_path / "more.JSONL").write_text('{"id": "CHG-3", "process": "demo@1"}\n')
    (tmp_path / "notes.txt").write_text("not a record\n")
    code, out, err = run_cli("record", "verify", str(tmp_path))
    assert (code, err) == (0, "")
    assert out.endswith("checked 3 records: 3 compliant, 0 not compliant, 0 unreadable\n")
    code, out, _ = run_cli("check", str(tmp_path), *CHECK)
    assert code == 1
    assert "checked 3 records: 1 compliant, 2 not compliant, 0 unreadable\n" in out
