"""The golden case of ``rewritten-history`` (tests/cases/record/rewritten-history/):
a record's versions committed to a real repository with fixed names and dates, a
forged version pushed on top, and ``sdlc record verify --store`` on it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sdlc.integrity.chain import head
from sdlc.model.record import Record
from sdlc.store.appending import note

from ..conftest import ROOT, RunCli, golden

CASE = ROOT / "tests" / "cases" / "record" / "rewritten-history"
NAME = "CASE-rewritten-history.json"
WHEN = "1773043200 +0000"  # 2026-03-09, so that the commit ids are the same every run


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(repo), "LC_ALL": "C"}
    for part in ("AUTHOR", "COMMITTER"):
        env |= {f"GIT_{part}_NAME": "ci", f"GIT_{part}_EMAIL": "ci@example.no"}
        env[f"GIT_{part}_DATE"] = WHEN
    done = subprocess.run(
        ["git", "--git-dir", str(repo), *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout.strip()


def _commit(repo: Path, text: str, parent: str | None, message: str) -> str:
    blob = _git(repo, "hash-object", "-w", "--stdin", stdin=text)
    tree = _git(repo, "mktree", stdin=f"100644 blob {blob}\t{NAME}\n")
    parents = ["-p", parent] if parent else []
    return _git(repo, "commit-tree", tree, *parents, stdin=message)


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "records.git"
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    data = json.loads((CASE / "record.json").read_text(encoding="utf-8"))
    tip = None
    for count in range(len(data["events"]) + 1):
        version = {**data, "events": data["events"][:count]}
        text = json.dumps(version, indent=2) + "\n"
        what = "" if count == 0 else f"{version['events'][-1]['stage']} by ci"
        message = note(data["id"], count, head(Record.model_validate(version)), what)
        tip = _commit(repo, text, tip, message)
    forged = (CASE / "forged.json").read_text(encoding="utf-8")
    tip = _commit(repo, forged, tip, "Tidy up the record\n")
    _git(repo, "update-ref", f"refs/sdlc/records/{data['id']}", tip)
    return repo


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rewritten_history_case(run_cli: RunCli, tmp_path: Path, fmt: str) -> None:
    repo = _repository(tmp_path)
    code, out, err = run_cli("record", "verify", "--store", f"git+{repo}", "--format", fmt)
    assert err == ""
    golden(CASE / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    assert code == 1
    if fmt == "json":
        assert {f["rule"] for r in json.loads(out) for f in r["findings"]} == {"rewritten-history"}
