"""Golden cases of ``sdlc deployed``: tests/cases/deployed/<name>/ holds the whole
command in ``args.txt`` (one word a line after ``#`` comments, paths from the
repository root), the exact output in ``expected.txt`` and ``expected.json``, and the
exit code in ``exit.txt``. (SARIF names every rule of the catalogue, so it is checked
against its schema in test_deployed_cli.py instead of pinned here.)
A case named by a rule must report that rule.

Run with SDLC_REGEN=1 to rewrite the expected files after an intended change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdlc.rules.catalogue import RULES

from ..conftest import ROOT, RunCli, golden

CASES = ROOT / "tests" / "cases" / "deployed"
NAMES = sorted(p.parent.name for p in CASES.glob("*/args.txt"))


def _words(folder: Path) -> list[str]:
    lines = (folder / "args.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_there_are_cases() -> None:
    assert {"kubernetes", "docker", "list", "since"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_deployed_case(run_cli: RunCli, name: str, fmt: str) -> None:
    folder = CASES / name
    code, out, err = run_cli(*_words(folder), "--format", fmt)
    assert err == ""
    golden(folder / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    if fmt == "json" and name in RULES:
        data = json.loads(out)
        found = [f["rule"] for a in data["artifacts"] for f in a["findings"]]
        found += [u["finding"]["rule"] for u in data["undeployed"]]
        assert name in found
    assert code == int((folder / "exit.txt").read_text())
