"""Shared fixtures: the shipped process, its roster, and a way to run the CLI."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sdlc.cli import main
from sdlc.load.loaders import load_process, load_roster
from sdlc.model.process import Process
from sdlc.model.roster import Roster

ROOT = Path(__file__).resolve().parent.parent
EID = ROOT / "processes" / "eid-gateway.yaml"
EID_ROSTER = ROOT / "processes" / "eid-gateway.roster.yaml"
REGEN = os.environ.get("SDLC_REGEN") == "1"
"""Set SDLC_REGEN=1 to rewrite golden files; `git diff` then shows what moved."""


@pytest.fixture(scope="session")
def eid() -> Process:
    return load_process(EID)


@pytest.fixture(scope="session")
def eid_roster(eid: Process) -> Roster:
    return load_roster(EID_ROSTER, eid)


RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Run ``sdlc`` in-process from the repository root; return (exit, stdout, stderr)."""
    monkeypatch.chdir(ROOT)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def golden(path: Path, actual: str) -> None:
    """Compare ``actual`` with the golden file, or rewrite it under SDLC_REGEN=1."""
    if REGEN or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not REGEN:
            pytest.fail(f"golden file {path} was missing and has been written; check it in")
    assert actual == path.read_text(encoding="utf-8")
