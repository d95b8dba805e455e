"""docs/collecting.md's first example prints what the command prints."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT, RunCli
from .conftest import DATA

DOC = ROOT / "docs" / "collecting.md"


def test_the_github_reviews_example_is_what_the_import_prints(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    block = re.search(r"```console\n(.*?)```", DOC.read_text("utf-8"), re.DOTALL)
    assert block is not None
    lines = block.group(1).splitlines()
    words = " ".join(line.strip().rstrip("\\") for line in lines[:2]).split()
    assert words[:5] == ["$", "sdlc", "record", "import", "github-reviews"]
    for name in ("pull.json", "reviews.json", "commits.json"):
        shutil.copyfile(DATA / "github" / name, tmp_path / name)
    shutil.copyfile(DATA / "import-demo.roster.yaml", tmp_path / "roster.yaml")
    (tmp_path / "changes").mkdir()
    monkeypatch.chdir(tmp_path)
    new = ("record", "new", "changes/CH-7.yaml", "--id", "CH-7", "--process", "import-demo@1.0")
    assert run_cli(*new)[0] == 0
    code, out, err = run_cli(*words[2:])
    assert (code, err) == (0, "")
    assert out.splitlines() == lines[2:]
