"""The GitHub Action with a git store: the record lives on a ref of a real bare
repository, and the Action's steps import into it, check every record of the
store and gate a stage, as GitHub would run them (see
tests/importers/test_ci_integrations.py, whose runner this uses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import ROOT, RunCli
from ..importers.conftest import PROCESS, ROSTER
from ..importers.test_ci_integrations import run_action
from .conftest import git


def test_the_action_imports_checks_and_gates_a_change_in_a_git_store(
    run_cli: RunCli, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the runner's clone
    store = f"git+file://{bare}"
    new = ("record", "new", "CH-1", "--id", "CH-1", "--process", str(PROCESS), "--store", store)
    assert run_cli(*new)[0] == 0
    github = ROOT / "tests" / "importers" / "data" / "github"
    steps = run_action(
        {
            "process": str(PROCESS),
            "roster": str(ROSTER),
            "store": store,
            "record": "CH-1",
            "import": f"github-reviews {github}/pull.json {github}/reviews.json "
            f"--commits {github}/commits.json",
            "check": "all",
            "check-options": "--in-flight",
            "gate-stage": "deployment",
            "gate-subject": "7638417db6d59f3c431d3e1f261cc637155684cd",
            "gate-actor": "nora-bakken",
        },
        tmp_path,
    )
    assert [(name, code) for name, code, _ in steps] == [
        ("Lint the process", 0),
        ("Import the evidence", 0),
        ("Check the records", 0),
        ("Gate the stage", 1),
    ], steps[-1][2]
    out = {name: text for name, _, text in steps}
    assert out["Check the records"].splitlines()[-1] == (
        "checked 1 record: 1 compliant, 0 not compliant, 0 unreadable"
    )
    assert out["Gate the stage"].startswith(
        "CH-1: refused: 'deployment' of 7638417… by nora-bakken may not happen now"
    )
    log = git(bare, "log", "--format=%s", "refs/sdlc/records/CH-1").splitlines()
    assert log[-1] == "CH-1: start the record"
    assert len(log) > 2  # one commit per imported event
