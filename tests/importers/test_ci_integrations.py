"""The GitHub Action (action.yml) and the GitLab CI template
(ci/gitlab/sdlc.gitlab-ci.yml): valid against the schemas check-jsonschema ships
(vendored in the package, so no network is reached: the proxies point nowhere),
and the Action's steps run as GitHub would run them, on a real record."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ..conftest import ROOT
from .conftest import PROCESS, ROSTER, RunCli

ACTION = ROOT / "action.yml"
GITLAB = ROOT / "ci" / "gitlab" / "sdlc.gitlab-ci.yml"
WORKFLOW = ROOT / "ci" / "github" / "change-record.yml"
BIN = Path(sys.executable).parent
OFFLINE = {"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}


def validate(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            schema,
            *(["--data-transform", "gitlab-ci"] if "gitlab" in schema else []),
            str(path),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **OFFLINE, "NO_COLOR": "1"},
        check=False,
    )


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", ACTION),
        ("vendor.gitlab-ci", GITLAB),
        ("vendor.github-workflows", WORKFLOW),
    ],
)
def test_each_integration_is_valid_by_the_vendored_schema(schema: str, path: Path) -> None:
    done = validate(schema, path)
    assert (done.returncode, done.stdout.strip()) == (0, "ok -- validation done"), done.stderr


def test_the_vendored_schema_does_refuse_a_broken_action(tmp_path: Path) -> None:
    action = yaml.safe_load(ACTION.read_text("utf-8"))
    del action["runs"]["steps"][1]["shell"]
    broken = tmp_path / "action.yml"
    broken.write_text(yaml.safe_dump(action), "utf-8")
    done = validate("vendor.github-actions", broken)
    assert done.returncode == 1
    assert "Schema validation errors were encountered." in done.stdout + done.stderr


def test_the_vendored_schema_does_refuse_a_broken_gitlab_job(tmp_path: Path) -> None:
    template = yaml.safe_load(GITLAB.read_text("utf-8"))
    template["sdlc-lint"]["script"] = "sdlc lint"
    template["sdlc-lint"]["when"] = "sometimes"
    broken = tmp_path / "sdlc.gitlab-ci.yml"
    broken.write_text(yaml.safe_dump(template), "utf-8")
    assert validate("vendor.gitlab-ci", broken).returncode == 1


_EXPRESSION = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")


def run_action(inputs: dict[str, str], cwd: Path) -> list[tuple[str, int, str]]:
    """Run the Action's ``run`` steps as GitHub does: each ``if`` and each
    ``${{ … }}`` of an ``env`` value worked out from ``inputs`` (the defaults
    filled in), each script run by ``bash -e {0}`` with that environment. The
    setup and install steps are left out: sdlc is installed here already. Stops at
    the first step that fails; returns each step's name, exit code and output."""
    action = yaml.safe_load(ACTION.read_text("utf-8"))
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    values.update(inputs)
    context = {f"inputs.{k}": v for k, v in values.items()}
    context["github.action_path"] = str(ROOT)
    done = []
    for step in action["runs"]["steps"]:
        if "run" not in step or step["name"] == "Install sdlc":
            continue
        condition = step.get("if")
        if condition is not None:
            match = re.fullmatch(r"inputs\.([a-z-]+) != ''", condition)
            assert match, f"the test cannot work out if: {condition}"
            if values[match[1]] == "":
                continue
        env = {k: v for k, v in os.environ.items() if not k.startswith("SDLC_")}
        env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
        for name, value in step.get("env", {}).items():
            env[name] = _EXPRESSION.sub(lambda m: context[m[1]], str(value))
        script = cwd / "step.sh"
        script.write_text(step["run"], "utf-8")
        ran = subprocess.run(
            ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)],
            cwd=cwd, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        done.append((step["name"], ran.returncode, ran.stdout + ran.stderr))
        if ran.returncode:
            break
    return done


@pytest.fixture
def change(run_cli: RunCli, tmp_path: Path) -> Path:
    folder = tmp_path / "changes"
    folder.mkdir()
    record = folder / "CH-1.yaml"
    code, _, err = run_cli("record", "new", str(record), "--id", "CH-1", "--process", str(PROCESS))
    assert (code, err) == (0, "")
    return record


def test_the_action_imports_checks_and_gates_a_change(change: Path) -> None:
    github = ROOT / "tests" / "importers" / "data" / "github"
    steps = run_action(
        {
            "process": str(PROCESS),
            "roster": str(ROSTER),
            "record": str(change),
            "import": "\n".join(
                [
                    f"github-reviews {github}/pull.json {github}/reviews.json "
                    f"--commits {github}/commits.json",
                    "",
                    f"  github-reviews {github}/pull.json {github}/reviews.json",
                ]
            ),
            "check": str(change),
            "check-options": "--in-flight",
            "sarif": "sdlc.sarif",
            "gate-stage": "deployment",
            "gate-subject": "7638417db6d59f3c431d3e1f261cc637155684cd",
            "gate-actor": "nora-bakken",
        },
        change.parent,
    )
    assert [(name, code) for name, code, _ in steps] == [
        ("Lint the process", 0),
        ("Import the evidence", 0),
        ("Check the records", 0),
        ("Gate the stage", 1),
    ], steps[-1][2]
    out = {name: text.replace(str(change.parent), "<tmp>") for name, _, text in steps}
    imported = out["Import the evidence"].splitlines()
    assert "already in the record as event #2: review 80: approved 6dcb09b5b578" in imported
    assert imported[-1] == (
        "nothing to append: <tmp>/CH-1.yaml holds every event this evidence proves"
    )
    assert out["Check the records"].splitlines()[-1] == (
        "checked 1 record: 1 compliant, 0 not compliant, 0 unreadable"
    )
    gate = out["Gate the stage"].splitlines()
    assert gate[0].startswith(
        "CH-1: refused: 'deployment' of 7638417… by nora-bakken may not happen now"
    )
    assert (
        "  error C002 missing-stage  record CH-1, event #4 'deployment' by nora-bakken: required "
        "stage 'tests' never happened before this deployment (risk low)"
    ) in gate
    sarif = json.loads((change.parent / "sdlc.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"


def test_a_findings_check_fails_the_step_but_still_writes_its_sarif(change: Path) -> None:
    """Exit 1 of the SARIF pass must not stop the step before the readable report."""
    steps = run_action(
        {
            "process": str(PROCESS),
            "roster": str(ROSTER),
            "check": str(change),
            "sarif": "sdlc.sarif",
        },
        change.parent,
    )
    assert [(name, code) for name, code, _ in steps] == [
        ("Lint the process", 0),
        ("Check the records", 1),
    ]
    assert "error C015 incomplete" in steps[-1][2]
    assert (change.parent / "sdlc.sarif").exists()
