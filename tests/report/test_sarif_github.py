"""SARIF as GitHub code scanning takes it: checked with Microsoft's SARIF multitool and
its GitHub ingestion rules, on real ``sdlc check`` output; the 25,000-result limit;
version control provenance from a real git checkout.

The multitool is the ``@microsoft/sarif-multitool`` npm package, which .ci/run
installs into .ci/node; ``SARIF_MULTITOOL`` may name another copy.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sdlc.cli import main
from sdlc.report.audience import MAX_SARIF_RESULTS, Audience, Checkout
from sdlc.report.checkout import read_checkout, remote_uri
from sdlc.report.reporters import open_writer, render_reports
from sdlc.rules.catalogue import Severity
from sdlc.rules.findings import Finding, Report
from tests.conftest import EID, EID_ROSTER, ROOT, RunCli

SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
MULTITOOL = Path(
    os.environ.get(
        "SARIF_MULTITOOL", ROOT / ".ci" / "node" / "node_modules" / ".bin" / "sarif-multitool"
    )
)


def _multitool() -> Path:
    if not MULTITOOL.exists():
        pytest.skip(f"the SARIF multitool is not installed at {MULTITOOL} (.ci/run installs it)")
    return MULTITOOL


def _validate(log: Path, kind: str, tmp_path: Path) -> list[str]:
    """The multitool's error and warning results for ``log`` under rule kind ``kind``."""
    out = tmp_path / f"validation-{kind}.sarif"
    done = subprocess.run(
        [str(_multitool()), "validate", str(log), "--rule-kind", kind, "--output", str(out),
         "--log", "ForceOverwrite"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert out.exists(), done.stdout + done.stderr
    (run,) = json.loads(out.read_text("utf-8"))["runs"]
    assert run["invocations"][0]["executionSuccessful"] is True, done.stdout
    said = []
    for result in run.get("results", []):
        if result.get("level", "warning") in {"error", "warning"}:
            message = result["message"]
            where = (message.get("arguments") or ["?"])[0]
            said.append(f"{result['ruleId']} {message.get('id', message.get('text'))} at {where}")
    return said


@pytest.fixture
def shipped_sarif(run_cli: RunCli, tmp_path: Path) -> Path:
    """``sdlc check --format sarif`` of the shipped examples, with an unreadable one."""
    records = tmp_path / "records"
    shutil.copytree(ROOT / "examples", records, ignore=shutil.ignore_patterns("archive"))
    (records / "broken.yaml").write_text("id: [\n", "utf-8")
    out = tmp_path / "sdlc.sarif"
    code, _, err = run_cli(
        "check", str(records), "--process", str(EID), "--roster", str(EID_ROSTER),
        "--format", "sarif", "--output", str(out), "--source-root", str(tmp_path),
        "--help-uri-base", "https://handbook.example.org/sdlc/",
    )  # fmt: skip
    assert code == 2, err  # the unreadable file
    return out


@pytest.mark.parametrize("kind", ["Gh", "Sarif"])
def test_the_multitool_finds_nothing_wrong(shipped_sarif: Path, tmp_path: Path, kind: str) -> None:
    log = json.loads(shipped_sarif.read_text("utf-8"))
    assert len(log["runs"][0]["results"]) > 10
    assert _validate(shipped_sarif, kind, tmp_path) == []


def test_the_multitool_check_is_not_vacuous(shipped_sarif: Path, tmp_path: Path) -> None:
    log = json.loads(shipped_sarif.read_text("utf-8"))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    del rules[0]["fullDescription"], rules[0]["help"]
    broken = tmp_path / "broken.sarif"
    broken.write_text(json.dumps(log), "utf-8")
    errors = _validate(broken, "Gh", tmp_path)
    assert errors == [
        "GH2012 Error_MissingFullDescription at runs[0].tool.driver.rules[0]",
        "GH2012 Error_MissingHelp at runs[0].tool.driver.rules[0]",
    ]


def test_shipped_sarif_names_files_from_the_source_root(shipped_sarif: Path) -> None:
    (run,) = json.loads(shipped_sarif.read_text("utf-8"))["runs"]
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "records/incident-2020.yaml" in uris
    assert all(uri.startswith("records/") for uri in uris)
    assert run["originalUriBaseIds"] == {
        "SRCROOT": {"description": {"text": "The root of the repository the records are in."}}
    }
    assert "versionControlProvenance" not in run  # the tmp folder is no checkout
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "records/broken.yaml"
    )


def _finding(n: int, severity: Severity, waived: str | None = None) -> Finding:
    return Finding(
        rule="missing-stage", severity=severity, message=f"finding {n}", hint="", waived=waived
    )


def _levels(log: dict[str, Any]) -> list[str]:
    return [
        r["level"] + ("/waived" if "suppressions" in r else "") for r in log["runs"][0]["results"]
    ]


def test_a_run_keeps_the_most_severe_results_and_says_so() -> None:
    findings = [
        _finding(1, Severity.INFO),
        _finding(2, Severity.ERROR, waived="W-1"),
        _finding(3, Severity.WARN),
        _finding(4, Severity.ERROR),
        _finding(5, Severity.WARN),
        _finding(6, Severity.ERROR),
    ]
    report = Report(record="R", path="r.yaml", findings=findings)
    out = io.StringIO()
    writer = open_writer("sarif", out, audience=Audience(max_results=4))
    writer.add(report)
    writer.close()
    log = json.loads(out.getvalue())
    assert _levels(log) == ["warning", "error", "warning", "error"]
    assert [r["message"]["text"] for r in log["runs"][0]["results"]] == [
        "finding 3", "finding 4", "finding 5", "finding 6",
    ]  # fmt: skip
    said = (
        "kept the 4 most severe of 6 results and left out 2: GitHub code scanning accepts at "
        "most 4 in a run; 'sdlc check --format json' lists them all"
    )
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation == {
        "executionSuccessful": True,
        "toolExecutionNotifications": [{"level": "warning", "message": {"text": said}}],
    }
    assert writer.notices == [f"SARIF: {said}"]


def test_github_s_limit_is_the_default() -> None:
    assert MAX_SARIF_RESULTS == Audience().max_results == 25_000
    findings = [_finding(n, Severity.WARN) for n in range(MAX_SARIF_RESULTS)]
    log = json.loads(render_reports([Report(record="R", findings=findings)], "sarif"))
    assert len(log["runs"][0]["results"]) == MAX_SARIF_RESULTS
    assert "toolExecutionNotifications" not in log["runs"][0]["invocations"][0]


def test_the_command_says_on_stderr_what_it_left_out(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sdlc.cli.check.audience", lambda args: Audience(max_results=3))
    code, out, err = run_cli(
        "check", "examples/incident-2020.yaml", "--process", str(EID),
        "--roster", str(EID_ROSTER), "--format", "sarif",
    )  # fmt: skip
    assert code == 1
    assert len(json.loads(out)["runs"][0]["results"]) == 3
    assert err.startswith("sdlc: SARIF: kept the 3 most severe of ")


def _git(folder: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_a_checkout_gives_provenance_and_automation_details(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "changes").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "incident-2020.yaml", repo / "changes")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "remote", "add", "origin", "https://token:secret@github.com/acme/login.git")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "a change")
    head = _git(repo, "rev-parse", "HEAD")
    monkeypatch.chdir(repo / "changes")
    code = main(
        ["check", "incident-2020.yaml", "--process", str(EID), "--roster", str(EID_ROSTER),
         "--format", "sarif", "--output", str(tmp_path / "out.sarif")]
    )  # fmt: skip
    assert code == 1
    (run,) = json.loads((tmp_path / "out.sarif").read_text("utf-8"))["runs"]
    assert run["versionControlProvenance"] == [
        {
            "repositoryUri": "https://github.com/acme/login.git",
            "revisionId": head,
            "branch": "main",
            "mappedTo": {"uriBaseId": "SRCROOT"},
        }
    ]
    assert run["automationDetails"] == {"id": f"sdlc/{head}"}
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "changes/incident-2020.yaml", "uriBaseId": "SRCROOT"}
    assert read_checkout(tmp_path) is None
    _assert_schema_valid(tmp_path / "out.sarif")
    if MULTITOOL.exists():
        assert _validate(tmp_path / "out.sarif", "Gh", tmp_path) == []
        assert _validate(tmp_path / "out.sarif", "Sarif", tmp_path) == []


def _assert_schema_valid(log: Path) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(json.loads(log.read_text("utf-8")))] == []


def test_shipped_sarif_is_valid_against_the_official_schema(shipped_sarif: Path) -> None:
    _assert_schema_valid(shipped_sarif)


@pytest.mark.parametrize(
    ("remote", "uri"),
    [
        ("https://token:x@github.com/acme/login.git", "https://github.com/acme/login.git"),
        ("git@github.com:acme/login.git", "ssh://github.com/acme/login.git"),
        ("ssh://git@gitlab.example.org:2222/a/b", "ssh://git@gitlab.example.org:2222/a/b"),
        ("/srv/git/login.git", None),
        ("file:///srv/git/login.git", None),
        ("../login.git", None),
    ],
)
def test_a_remote_becomes_a_uri_without_credentials_or_local_paths(
    remote: str, uri: str | None
) -> None:
    assert remote_uri(remote) == uri


def test_checkout_fields_are_optional() -> None:
    log = json.loads(
        render_reports([], "sarif", audience=Audience(checkout=Checkout(revision="abc")))
    )
    (run,) = log["runs"]
    assert run["automationDetails"] == {"id": "sdlc/abc"}
    assert "versionControlProvenance" not in run


def test_a_help_uri_base_must_be_an_address(run_cli: RunCli) -> None:
    code, _, err = run_cli(
        "check", "examples", "--process", str(EID), "--format", "sarif",
        "--help-uri-base", "handbook/",
    )  # fmt: skip
    assert code == 2
    assert err == (
        "sdlc: --help-uri-base 'handbook/': expected the handbook's http(s) address, such as "
        "https://handbook.example.org/\n"
    )
