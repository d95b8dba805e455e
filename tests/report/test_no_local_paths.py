"""No output meant for others names a folder of the machine that wrote it: SARIF, JSON
and JUnit of ``sdlc check``, and ``sdlc record attest``'s statement, each run with
absolute paths from a temporary folder, from inside it and from beside it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sdlc.cli import main
from tests.conftest import EID, EID_ROSTER, ROOT


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A process, roster and records (one unreadable) in ``tmp_path/inputs``."""
    folder = tmp_path / "inputs"
    shutil.copytree(ROOT / "examples", folder / "records", ignore=shutil.ignore_patterns("archive"))
    (folder / "records" / "broken.yaml").write_text("id: [\n", "utf-8")
    shutil.copy(EID, folder / "process.yaml")
    shutil.copy(EID_ROSTER, folder / "roster.yaml")
    return folder


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code in {1, 2}, err  # findings, and the unreadable file
    return out


@pytest.mark.parametrize("fmt", ["sarif", "json", "junit"])
@pytest.mark.parametrize("place", ["inside", "beside"])
def test_check_reports_name_no_local_folder(
    inputs: Path,
    tmp_path: Path,
    fmt: str,
    place: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = tmp_path if place == "inside" else tmp_path / "elsewhere"
    here.mkdir(exist_ok=True)
    monkeypatch.chdir(here)
    out = _run(
        ["check", str(inputs / "records"), "--process", str(inputs / "process.yaml"),
         "--roster", str(inputs / "roster.yaml"), "--format", fmt],
        capsys,
    )  # fmt: skip
    assert "broken.yaml" in out
    assert "incident-2020.yaml" in out
    assert str(tmp_path) not in out
    assert str(tmp_path).lstrip("/") not in out


def test_the_check_is_not_vacuous(
    inputs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = _run(
        ["check", str(inputs / "records"), "--process", str(inputs / "process.yaml"),
         "--format", "text"],
        capsys,
    )  # fmt: skip
    assert str(inputs) in out  # text is for the person at this machine: paths as given


@pytest.mark.parametrize("place", ["inside", "beside"])
def test_an_attestation_names_no_local_folder(
    inputs: Path,
    tmp_path: Path,
    place: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = tmp_path if place == "inside" else tmp_path / "elsewhere"
    here.mkdir(exist_ok=True)
    monkeypatch.chdir(here)
    code = main(
        ["record", "attest", str(inputs / "records" / "low-risk-compliant.yaml"),
         "--process", str(inputs / "process.yaml"), "--roster", str(inputs / "roster.yaml")]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    statement = json.loads(out)
    assert statement["predicate"]["verificationResult"] == "PASSED"
    assert str(tmp_path).lstrip("/") not in out
