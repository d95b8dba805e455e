"""docs/collecting.md: its first example prints what the command prints, its
pipeline is the workflow the CI tests check, and its CI snippets are valid."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
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


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text("utf-8"), re.DOTALL)


def test_the_pipeline_in_the_docs_is_the_workflow_that_is_tested() -> None:
    workflow = (ROOT / "ci" / "github" / "change-record.yml").read_text("utf-8")
    assert workflow in _blocks("yaml")


@pytest.mark.parametrize(
    ("starts", "schema"),
    [("- uses: your-org/sdlc@v1", "vendor.github-workflows"), ("include:", "vendor.gitlab-ci")],
)
def test_the_ci_snippets_in_the_docs_are_valid(starts: str, schema: str, tmp_path: Path) -> None:
    (block,) = [b for b in _blocks("yaml") if b.startswith(starts)]
    if schema == "vendor.github-workflows":
        block = "on: pull_request\njobs:\n  record:\n    runs-on: ubuntu-latest\n    steps:\n" + (
            "".join(f"      {line}\n" for line in block.splitlines())
        )
    path = tmp_path / "snippet.yml"
    path.write_text(block, "utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", schema,
         *(["--data-transform", "gitlab-ci"] if "gitlab" in schema else []), str(path)],
        capture_output=True, text=True, check=False,
        env={**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_cli_reference_shows_every_kind_of_import_and_its_options() -> None:
    from sdlc.handbook.reference import cli_reference

    page = cli_reference()
    kinds = re.findall(r"^### sdlc record import (\S+)$", page, re.MULTILINE)
    assert kinds == [
        "junit", "sarif", "git", "github-reviews", "gitlab-approvals", "slsa-provenance",
        "in-toto-link",
    ]  # fmt: skip
    assert "$ sdlc record import gitlab-approvals --help" in page
    assert "  --verify-key FILE" in page
