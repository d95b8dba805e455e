"""``sdlc record import sarif``: a scan from a real ruff SARIF log, and the SARIF
rules for levels, suppressions, baselines and unfinished runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import COMMIT, HERE, PROCESS, Import, RunCli, events

RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"


def ruff_log(folder: Path, source: str = "import os\n") -> Path:
    """The SARIF log of a real ``ruff check`` of one file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lint_me.py").write_text(source, "utf-8")
    done = subprocess.run(
        [RUFF, "check", "--no-cache", "--isolated", "--output-format", "sarif", "lint_me.py"],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    log = folder / "ruff.sarif"
    log.write_text(done.stdout, "utf-8")
    return log


def ruff_version() -> str:
    done = subprocess.run([RUFF, "--version"], capture_output=True, text=True, check=True)
    return done.stdout.split()[1]


ARGS = ("--stage", "lint", "--actor", "ci", "--subject", COMMIT)


def test_a_real_ruff_log_with_an_error_fails_the_scan(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    log = ruff_log(tmp_path / "scan")
    code, out, err = run_import("sarif", str(log), *ARGS)
    assert (code, err) == (0, "")
    (event,) = events(record)
    version = ruff_version()
    assert (event.stage, event.outcome, event.subject) == ("lint", "failed", COMMIT)
    assert [(e.kind, e.uri) for e in event.evidence] == [
        ("security-test-report", "scan/ruff.sarif")
    ]
    assert event.note.splitlines()[:2] == [
        f"sarif: ruff {version}: 1 result at or above error; 1 error, 0 warnings, 0 notes "
        "(0 suppressed)",
        "at or above error: F401 at lint_me.py:1 (error)",
    ]
    assert out.splitlines()[0] == (
        f"appended event #1 'lint' by ci: ruff {version}: 1 result at or above error; 1 error, "
        "0 warnings, 0 notes (0 suppressed)"
    )
    assert run_import("sarif", str(log), *ARGS)[1].startswith("already in the record as event #1")
    assert len(events(record)) == 1


def test_a_clean_ruff_log_passes(run_import: Import, record: Path, tmp_path: Path) -> None:
    log = ruff_log(tmp_path / "scan", "x = 1\n")
    assert run_import("sarif", str(log), *ARGS)[0] == 0
    assert events(record)[0].outcome == "done"


def edit(log: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(log.read_text("utf-8"))
    change(data)
    log.write_text(json.dumps(data, indent=2), "utf-8")
    return log


def result(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = data["runs"][0]["results"][0]
    return found


CHANGES: dict[str, tuple[Callable[[dict[str, Any]], None], tuple[str, ...], str]] = {
    "accepted suppression": (
        lambda d: result(d).update(suppressions=[{"kind": "inSource", "status": "accepted"}]),
        (),
        "done",
    ),
    "suppression without a status": (
        lambda d: result(d).update(suppressions=[{"kind": "external"}]),
        (),
        "done",
    ),
    "suppression under review": (
        lambda d: result(d).update(suppressions=[{"kind": "external", "status": "underReview"}]),
        (),
        "failed",
    ),
    "a pass, not a failure": (lambda d: result(d).update(kind="pass"), (), "done"),
    "level from the rule's default": (lambda d: result(d).pop("level"), (), "failed"),
    "a warning under the default level": (
        lambda d: result(d).update(level="warning"),
        (),
        "done",
    ),
    "a warning at --fail-level warning": (
        lambda d: result(d).update(level="warning"),
        ("--fail-level", "warning"),
        "failed",
    ),
    "gone since the baseline": (lambda d: result(d).update(baselineState="absent"), (), "done"),
    "an unsuccessful run": (
        lambda d: d["runs"][0].update(results=[], invocations=[{"executionSuccessful": False}]),
        (),
        "failed",
    ),
    "a run without results": (lambda d: d["runs"][0].pop("results"), (), "failed"),
}


@pytest.mark.parametrize("case", sorted(CHANGES))
def test_the_sarif_rules_decide_the_outcome(
    case: str, run_import: Import, record: Path, tmp_path: Path
) -> None:
    change, extra, outcome = CHANGES[case]
    log = edit(ruff_log(tmp_path / "scan"), change)
    assert run_import("sarif", str(log), *ARGS, *extra)[0] == 0
    assert events(record)[0].outcome == outcome


def test_an_unfinished_run_is_named_in_the_note(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    log = edit(ruff_log(tmp_path / "scan"), lambda d: d["runs"][0].pop("results"))
    assert run_import("sarif", str(log), *ARGS)[0] == 0
    assert f"run 1 (ruff {ruff_version()}) has no results: the scan did not finish" in (
        events(record)[0].note.splitlines()
    )


def provenance(revision: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["runs"][0]["versionControlProvenance"] = [
            {"repositoryUri": "https://git.example.no/login/gateway", "revisionId": revision}
        ]
        data["runs"][0]["invocations"] = [
            {"executionSuccessful": True, "endTimeUtc": "2026-03-12T07:31:09.250Z"}
        ]

    return change


def test_the_subject_and_time_come_from_the_log_when_it_names_them(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    log = edit(ruff_log(tmp_path / "scan"), provenance(COMMIT))
    assert run_import("sarif", str(log), "--stage", "lint", "--actor", "ci")[0] == 0
    (event,) = events(record)
    assert (event.subject, event.at.isoformat()) == (COMMIT, "2026-03-12T07:31:09.250000+00:00")


def test_a_log_of_another_revision_is_refused(
    run_import: Import, record: Path, tmp_path: Path
) -> None:
    other = "0" * 40
    log = edit(ruff_log(tmp_path / "scan"), provenance(other))
    code, out, err = run_import("sarif", str(log), *ARGS)
    assert (code, out) == (2, "")
    assert err.endswith(
        f"at runs[0].versionControlProvenance[0].revisionId: the log scanned revision {other}, "
        f"not --subject {COMMIT}\n  hint: import the log of the scan of that commit\n"
    )


BAD = HERE / "bad" / "sarif"
BAD_INPUTS = {
    "truncated": "truncated.sarif:2:1: not valid JSON: Expecting value\n"
    "  hint: pass the SARIF log the scanner wrote",
    "old-version": 'old-version.sarif:2:14: at version: expected "2.1.0", found "2.0.0"\n'
    "  hint: only SARIF 2.1.0 logs are read",
    "no-runs": "no-runs.sarif:4:11: at runs: the log has no runs, so it proves nothing",
    "no-driver-name": "no-driver-name.sarif:5:26: at runs[0].tool.driver: 'name' is missing; "
    "expected the tool's name",
    "bad-level": "bad-level.sarif:7:64: at runs[0].results[0].level: expected a level: none, "
    'note, warning, error, found "critical"',
    "bad-rule-index": "bad-rule-index.sarif:7:38: at runs[0].results[0].ruleIndex: ruleIndex "
    "3, but the tool lists 1 rule",
    "duplicate-key": "duplicate-key.sarif:7:43: the key 'level' is given twice in one object; "
    "which one counts?\n  hint: pass the SARIF log the scanner wrote",
    "results-not-a-list": "results-not-a-list.sarif:6:18: at runs[0].results: expected a "
    "list, found an object",
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_appends_nothing_and_says_exactly_why(
    case: str, run_import: Import, record: Path
) -> None:
    before = record.read_bytes()
    code, out, err = run_import("sarif", str(BAD / f"{case}.sarif"), *ARGS)
    assert (code, out, err) == (2, "", f"sdlc: {BAD}/{BAD_INPUTS[case]}\n")
    assert record.read_bytes() == before


def test_without_a_subject_or_a_revision_the_command_says_what_it_needs(
    run_import: Import, tmp_path: Path
) -> None:
    log = ruff_log(tmp_path / "scan")
    assert run_import("sarif", str(log), "--stage", "lint", "--actor", "ci") == (
        2,
        "",
        "sdlc: --subject is needed: the SARIF log names no revision (versionControlProvenance)\n",
    )


def _process_failing_at(folder: Path, fail_level: object) -> Path:
    """import-demo with a fail_level on its lint stage."""
    data = yaml.safe_load(PROCESS.read_text("utf-8"))
    data["risk"] = {
        "levels": ["low", "high"],
        "default": "low",
        "rules": [{"id": "session", "level": "high", "when": {"components_any": ["session"]}}],
    }
    data["components"] = ["session", "texts"]
    for stage in data["stages"]:
        if stage["id"] == "lint":
            stage["fail_level"] = fail_level
    path = folder / "import-demo.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


@pytest.mark.parametrize(
    ("component", "given", "outcome", "line"),
    [
        ("texts", (), "done", "fail level error: what 'lint' requires at risk low"),
        ("session", (), "failed", "fail level warning: what 'lint' requires at risk high"),
        ("session", ("--fail-level", "error"), "failed", "fail level warning: what 'lint' "
         "requires at risk high"),
        ("session", ("--fail-level", "note"), "failed", None),
    ],
)  # fmt: skip
def test_the_process_sets_the_fail_level_per_risk_and_the_stricter_counts(
    component: str,
    given: tuple[str, ...],
    outcome: str,
    line: str | None,
    run_cli: RunCli,
    tmp_path: Path,
) -> None:
    """A warning fails a high-risk change's scan (the process says so), whatever
    --fail-level says; a low-risk change's passes at the default, error."""
    process = _process_failing_at(tmp_path, {"low": "error", "high": "warning"})
    record = tmp_path / "CH-1.yaml"
    new = ("record", "new", str(record), "--id", "CH-1", "--process", str(process))
    assert run_cli(*new, "--component", component)[0] == 0
    log = edit(ruff_log(tmp_path / "scan"), lambda d: result(d).update(level="warning"))
    code, out, err = run_cli(
        "record", "import", "sarif", str(log), *ARGS, *given, "--record", str(record),
        "--process", str(process),
    )  # fmt: skip
    assert (code, err) == (0, ""), out
    (event,) = events(record)
    assert event.outcome == outcome
    assert (line in event.note.splitlines()) if line else ("fail level" not in event.note)


def test_a_fail_level_of_no_known_risk_level_is_refused_with_the_process(
    run_cli: RunCli, tmp_path: Path
) -> None:
    process = _process_failing_at(tmp_path, {"hgih": "warning"})
    record = tmp_path / "CH-1.yaml"
    code, out, err = run_cli(
        "record", "new", str(record), "--id", "CH-1", "--process", str(process)
    )
    assert (code, out) == (2, "")
    assert err.endswith(
        "At key: fail_level ==> At key: hgih ==> unknown risk level 'hgih' (expected one of: "
        "high, low). Did you mean 'high'?\n  hint: use a defined risk level, or define 'hgih'\n"
    ), err
