"""``sdlc init``: a project from a shipped process, whose every file lints and checks
clean; it never writes over a file. ``sdlc lint`` and ``render`` take a shipped
process by name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sdlc.cli import main

FILES = {
    "eid-gateway": [
        ".github/workflows/sdlc.yml",
        "changes/EID-2381.yaml",
        "docs/assets/javascripts/mermaid.LICENSE.txt",
        "docs/assets/javascripts/mermaid.min.js",
        "docs/index.md",
        "mkdocs.yml",
        "processes/eid-gateway.roster.yaml",
        "processes/eid-gateway.yaml",
        "schemas/process.schema.json",
        "schemas/record.schema.json",
        "schemas/roster.schema.json",
    ],
}
FILES["baseline"] = [
    f.replace("eid-gateway", "baseline").replace("EID-2381", "PLAT-101")
    for f in FILES["eid-gateway"]
]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", ["eid-gateway", "baseline"])
def test_init_writes_a_project_that_lints_and_checks_clean(
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "svc", "--from", name]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (
        "sdlc init: wrote 11 files in svc; from there:\n"
        f"  sdlc lint processes/{name}.yaml\n"
        f"  sdlc check changes --process processes/{name}.yaml "
        f"--roster processes/{name}.roster.yaml\n"
        f"  sdlc render processes/{name}.yaml --out docs/handbook\n"
        "  mkdocs build --strict\n",
        "",
    )
    assert _files(tmp_path / "svc") == sorted(FILES[name])
    monkeypatch.chdir(tmp_path / "svc")
    assert main(["lint", f"processes/{name}.yaml"]) == 0
    process, roster = f"processes/{name}.yaml", f"processes/{name}.roster.yaml"
    assert main(["check", "changes", "--process", process, "--roster", roster]) == 0
    assert main(["check", "changes", "--process", process, "--roster", roster, "--strict"]) == 0
    capsys.readouterr()
    workflow = yaml.safe_load(Path(".github/workflows/sdlc.yml").read_text("utf-8"))
    runs = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert runs[1:] == [
        f"sdlc lint {process}",
        f"sdlc check changes --process {process} --roster {roster} --format sarif "
        "--output sdlc.sarif",
    ]
    site = yaml.load(Path("mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    assert site["extra_javascript"] == ["assets/javascripts/mermaid.min.js"]


def test_init_writes_nothing_when_a_file_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("mine\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", "utf-8")
    assert main(["init", str(tmp_path)]) == 2
    _, err = capsys.readouterr()
    assert err == (
        f"sdlc: {tmp_path}: 2 of the files sdlc init writes already exist: mkdocs.yml, "
        "docs/index.md; nothing was written\n"
        "  hint: give a new or empty folder, or move those files away first\n"
    )
    assert _files(tmp_path) == ["docs/index.md", "mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text("utf-8") == "site_name: mine\n"


def test_init_refuses_a_file_for_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "svc").write_text("", "utf-8")
    assert main(["init", str(tmp_path / "svc")]) == 2
    assert capsys.readouterr().err == f"sdlc: {tmp_path / 'svc'}: not a folder\n"


def test_init_names_the_shipped_processes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["init", "x", "--from", "eid"])
    assert (
        "invalid choice: 'eid' (choose from 'eid-gateway', 'baseline')" in capsys.readouterr().err
    )


def test_lint_and_render_take_a_shipped_process_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "eid-gateway", "baseline"]) == 0
    assert capsys.readouterr().out == (
        "eid-gateway: eid-gateway@3.0 is sound (0 errors, 0 warnings)\n"
        "baseline: baseline@1.0 is sound (0 errors, 0 warnings)\n"
    )
    assert main(["render", "baseline", "--out", "handbook"]) == 0
    assert capsys.readouterr().out.startswith("rendered baseline@1.0: ")
    assert (tmp_path / "handbook" / "baseline" / "index.md").is_file()


def test_a_file_here_wins_over_a_shipped_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("baseline").write_text("id: [\n", "utf-8")
    assert main(["lint", "baseline"]) == 2
    assert capsys.readouterr().err.startswith("sdlc: baseline:2:1: YAML syntax error")
