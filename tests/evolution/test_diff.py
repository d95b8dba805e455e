"""sdlc diff: golden output for every kind of weakening, and the acceptance case."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from sdlc.errors import InputError, UsageError
from sdlc.evolution.diff_report import render_diff
from sdlc.evolution.differences import diff
from sdlc.evolution.versions import read_process
from sdlc.handbook.history import history_page
from sdlc.load.loaders import load_process
from sdlc.model.process import Process

from ..conftest import EID, ROOT, RunCli, golden

CASES = ROOT / "tests" / "cases" / "diff"
DIFF_CASES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
SUFFIX = {"text": "txt", "json": "json", "markdown": "md"}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("name", DIFF_CASES)
@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diff_case(run_cli: RunCli, name: str, fmt: str) -> None:
    folder = CASES / name
    code, out, err = run_cli(
        "diff", _rel(folder / "old.yaml"), _rel(folder / "new.yaml"), "--format", fmt
    )
    assert err == ""
    golden(folder / f"expected.{SUFFIX[fmt]}", out)
    weakenings = json.loads((folder / "expected.json").read_text())["weakenings"]
    assert code == (1 if weakenings else 0)
    assert (weakenings == 0) == (name == "strengthened")


def test_every_case_flags_only_its_own_kind_of_weakening() -> None:
    """Each case changes one thing; its weakenings are all about that one thing."""
    subjects = {}
    for name in DIFF_CASES:
        data = json.loads((CASES / name / "expected.json").read_text())
        subjects[name] = {c["area"] for c in data["changes"] if c["weakening"]}
    assert subjects == {
        "coverage-dropped": {"stage"},
        "evidence-dropped": {"stage"},
        "fewer-actors": {"stage"},
        "gate-bypassed": {"requirement"},
        "gate-dropped-for-risk": {"requirement"},
        "gate-no-longer-waits": {"requirement"},
        "lower-approver-level": {"gate"},
        "lower-coverage": {"stage"},
        "narrower-risk-rule": {"risk"},
        "no-longer-a-gate": {"gate"},
        "segregation-dropped": {"stage"},
        "stage-dropped-for-attribute": {"requirement"},
        "stage-removed": {"requirement"},
        "strengthened": set(),
        "waiver-level-lowered": {"waiver"},
    }


def _without_threat_modelling(tmp_path: Path) -> Path:
    data: dict[str, Any] = yaml.safe_load(EID.read_text(encoding="utf-8"))
    data["version"] = "3.1"
    data["stages"] = [s for s in data["stages"] if s["id"] != "threat-modelling"]
    for stage in data["stages"]:
        stage["depends_on"] = [d for d in stage.get("depends_on", []) if d != "threat-modelling"]
    path = tmp_path / "eid-gateway.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_dropping_threat_modelling_for_high_risk_is_a_weakening(
    run_cli: RunCli, tmp_path: Path
) -> None:
    new = _without_threat_modelling(tmp_path)
    code, out, err = run_cli("diff", "processes/eid-gateway.yaml", str(new))
    assert (code, err) == (1, "")
    assert out.startswith("eid-gateway 3.0 → 3.1: 1 weakening, 2 other changes\n")
    assert (
        "  ! stage 'threat-modelling': no longer required at risk high (the stage was removed)\n"
    ) in out
    assert "each needs approval at level director" in out


def test_narrowing_threat_modelling_to_one_component_names_the_rest(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(EID.read_text(encoding="utf-8"))
    (stage,) = [s for s in data["stages"] if s["id"] == "threat-modelling"]
    stage["applies_when"] = {"all": [{"risk_at_least": "high"}, {"components_any": ["session"]}]}
    path = tmp_path / "narrow.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = diff(load_process(EID), load_process(path))
    assert [(c.subject, c.text) for c in result.weakenings] == [
        (
            "stage 'threat-modelling'",
            "no longer required for a change at risk high without component session",
        )
    ]


def test_a_process_against_itself_has_no_changes(eid: Process) -> None:
    result = diff(eid, eid)
    assert result.changes == ()
    text = render_diff(result, "text", "a.yaml", "a.yaml")
    assert text == "eid-gateway 3.0 → 3.0: no changes\n  old: a.yaml\n  new: a.yaml\n"


def test_the_shipped_versions_differ_as_documented() -> None:
    old = load_process(ROOT / "processes" / "eid-gateway" / "2.0.yaml")
    new = load_process(EID)
    assert diff(old, new).weakenings == ()
    backwards = [c.text for c in diff(new, old).weakenings]
    assert "needs 1 person at risk high, was 2" in backwards
    assert "no longer requires evidence 'provenance'" in backwards
    assert any(t.startswith("a change with flag cryptography was high") for t in backwards)


def test_unknown_format_is_a_usage_error(eid: Process) -> None:
    with pytest.raises(UsageError, match="unknown format 'md'"):
        render_diff(diff(eid, eid), "md", "a", "b")


def test_markdown_escapes_text_from_yaml(tmp_path: Path) -> None:
    data: dict[str, Any] = yaml.safe_load(EID.read_text(encoding="utf-8"))
    data["title"] = "Login | <script>alert(1)</script> *bold*"
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = diff(load_process(EID), load_process(path))
    out = render_diff(result, "markdown", "a", "b")
    assert "<script>" not in out
    assert "&#124; &lt;script&gt;alert(1)&lt;&#8203;/script&gt; &#42;bold&#42;" in out


def test_history_page_lists_versions_newest_first() -> None:
    old = load_process(ROOT / "processes" / "eid-gateway" / "2.0.yaml")
    page = history_page([old, load_process(EID)])
    assert page.startswith(
        '---\ntitle: "Versions"\n---\n\n'
        "# Versions of Secure development of the national eID login gateway"
    )
    assert "| 3.0 | 2026-01-01 |\n| 2.0 | 2021-06-01 |" in page
    assert "## eid-gateway 2.0 → 3.0" in page
    assert history_page([old]).count("##") == 0


# -- reading versions from git -------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_reads_git_revisions(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.invalid")
    _git(tmp_path, "config", "user.name", "t")
    (tmp_path / "p.yaml").write_text(EID.read_text(encoding="utf-8"), encoding="utf-8")
    _git(tmp_path, "add", "p.yaml")
    _git(tmp_path, "commit", "-q", "-m", "old")
    _without_threat_modelling(tmp_path).rename(tmp_path / "p.yaml")
    monkeypatch.chdir(tmp_path)
    process, label = read_process("HEAD:p.yaml")
    assert (process.ref, label) == ("eid-gateway@3.0", "HEAD:p.yaml")
    code, out, _ = run_cli("diff", "HEAD:p.yaml", "p.yaml", "--format", "json")
    monkeypatch.chdir(tmp_path)  # run_cli moved to the repository root; come back
    assert code == 1
    assert json.loads(out)["old"] == {"process": "eid-gateway@3.0", "source": "HEAD:p.yaml"}


def test_a_missing_revision_says_what_git_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        read_process("HEAD:nothing.yaml")
    message = caught.value.user_message()
    assert message.startswith("HEAD:nothing.yaml: no such file, and git cannot show it: fatal:")
    assert message.endswith(
        "hint: give an existing file, or REV:path with path relative to the top of the "
        "repository (e.g. HEAD~1:processes/eid-gateway.yaml)"
    )


def test_an_option_is_never_passed_to_git() -> None:
    with pytest.raises(InputError, match="expected a file or REV:path"):
        read_process("--output=x:y")


def _doc_block(after: str) -> str:
    doc = (ROOT / "docs" / "evolution.md").read_text(encoding="utf-8")
    return doc.split(after, 1)[1].split("```", 1)[0]


def test_the_docs_show_real_output(run_cli: RunCli) -> None:
    args = ("diff", "processes/eid-gateway.yaml", "processes/eid-gateway/2.0.yaml")
    _, out, _ = run_cli(*args)
    assert _doc_block(f"$ sdlc {' '.join(args)}\n") == out
    _, out, _ = run_cli(
        "impact",
        "processes/eid-gateway.yaml",
        "tests/cases/impact/eid-2500.yaml",
        "tests/cases/versions/records",
        "--roster",
        "processes/eid-gateway.roster.yaml",
    )
    assert (
        _doc_block("```text\neid-gateway@3.0 (processes/eid-gateway.yaml)")
        == out.split("eid-gateway@3.0 (processes/eid-gateway.yaml)", 1)[1]
    )


def test_a_loop_in_a_version_is_said_not_guessed() -> None:
    lint_cases = ROOT / "tests" / "cases" / "lint" / "dependency-cycle"
    from sdlc.load.loaders import load_process_document

    old, _ = load_process_document(lint_cases / "clean.yaml")
    new, _ = load_process_document(lint_cases / "triggers.yaml")
    (loop,) = [c for c in diff(old, new).changes if c.subject == "process"]
    assert loop.text.startswith("the new version has stages that depend on each other in a loop")
    assert not loop.weakening
