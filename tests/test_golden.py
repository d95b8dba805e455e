"""Golden cases: tests/cases/<area>/<name>/ holds the input and the exact output.

Run with SDLC_REGEN=1 to rewrite the expected files after an intended change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ROOT, RunCli, golden

CASES = ROOT / "tests" / "cases"
LINT_CASES = sorted(p.name for p in (CASES / "lint").iterdir() if p.is_dir())
CHECK_CASES = sorted(p.name for p in (CASES / "check").iterdir() if p.is_dir())


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("name", LINT_CASES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lint_case_triggers(run_cli: RunCli, name: str, fmt: str) -> None:
    folder = CASES / "lint" / name
    code, out, err = run_cli("lint", _rel(folder / "triggers.yaml"), "--format", fmt)
    assert err == ""
    golden(folder / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    if fmt == "json":
        (result,) = json.loads(out)
        assert name in {f["rule"] for f in result["findings"]}
        errors = [f for f in result["findings"] if f["severity"] == "error"]
        assert code == (1 if errors else 0)


@pytest.mark.parametrize("name", LINT_CASES)
def test_lint_case_clean(run_cli: RunCli, name: str) -> None:
    folder = CASES / "lint" / name
    code, out, _ = run_cli("lint", _rel(folder / "clean.yaml"))
    assert code == 0
    assert out.endswith("demo@1 is sound (0 errors, 0 warnings)\n")


@pytest.mark.parametrize("name", CHECK_CASES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_case(run_cli: RunCli, name: str, fmt: str) -> None:
    folder = CASES / "check" / name
    args_file = folder / "args.txt"
    extra = args_file.read_text().split() if args_file.exists() else []
    code, out, err = run_cli(
        "check",
        _rel(folder / "record.yaml"),
        "--process",
        "processes/eid-gateway.yaml",
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--format",
        fmt,
        *extra,
    )
    assert err == ""
    golden(folder / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    expected_exit = int((folder / "exit.txt").read_text())
    assert code == expected_exit
