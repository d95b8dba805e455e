"""Golden cases: tests/cases/<area>/<name>/ holds the input and the exact output.

Lint cases (``lint/<slug>/``) hold a process that triggers the rule and one that
does not; check cases (``check/<slug>/``) a record of the shipped eID process, any
extra words for ``sdlc check`` in ``args.txt``, and the exit code in ``exit.txt``.
Command cases (``record/<slug>/`` and ``waivers/<slug>/``: integrity and waiver
rules) give the whole command in ``args.txt``, one word a line after ``#``
comments, with paths from the repository root; each runs with ``--format text``
and ``--format json`` and exits with the code in ``exit.txt``. Clock cases
(``stats/<slug>/`` and ``impact/<slug>/``) are command cases of the same shape
that pin ``--now``; the cases of one area differ in nothing else. Every case named
by a rule must report that rule. Signed inputs are made by
``tests/integrity_cases.py``, from fixed seeds.

Run with SDLC_REGEN=1 to rewrite the expected files after an intended change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sdlc.rules.catalogue import RULES

from .conftest import REGEN, ROOT, RunCli, golden
from .integrity_cases import MAKERS

CASES = ROOT / "tests" / "cases"
LINT_CASES = sorted(p.name for p in (CASES / "lint").iterdir() if p.is_dir())
CHECK_CASES = sorted(p.name for p in (CASES / "check").iterdir() if p.is_dir())
COMMAND_AREAS = ("record", "waivers")
COMMAND_CASES = sorted(
    p.parent.relative_to(CASES).as_posix()
    for area in COMMAND_AREAS
    for p in (CASES / area).glob("*/args.txt")
)
CLOCK_FORMATS = {"stats": ("json", "csv"), "impact": ("text", "json")}
CLOCK_CASES = sorted(
    p.parent.relative_to(CASES).as_posix()
    for area in CLOCK_FORMATS
    for p in (CASES / area).glob("*/args.txt")
)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("name", LINT_CASES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lint_case_triggers(run_cli: RunCli, name: str, fmt: str) -> None:
    folder = CASES / "lint" / name
    code, out, err = run_cli("lint", _rel(folder / "triggers.yaml"), "--format", fmt)
    assert err == ""
    golden(folder / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    if fmt == "json":
        (result,) = json.loads(out)
        assert name in {f["rule"] for f in result["findings"]}
        errors = [f for f in result["findings"] if f["severity"] == "error"]
        assert code == (1 if errors else 0)


@pytest.mark.parametrize("name", LINT_CASES)
def test_lint_case_clean(run_cli: RunCli, name: str) -> None:
    folder = CASES / "lint" / name
    code, out, _ = run_cli("lint", _rel(folder / "clean.yaml"))
    assert code == 0
    assert out.endswith("demo@1 is sound (0 errors, 0 warnings)\n")


@pytest.mark.parametrize("name", CHECK_CASES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_case(run_cli: RunCli, name: str, fmt: str) -> None:
    folder = CASES / "check" / name
    args_file = folder / "args.txt"
    extra = args_file.read_text().split() if args_file.exists() else []
    code, out, err = run_cli(
        "check",
        _rel(folder / "record.yaml"),
        "--process",
        "processes/eid-gateway.yaml",
        "--roster",
        "processes/eid-gateway.roster.yaml",
        "--format",
        fmt,
        *extra,
    )
    assert err == ""
    golden(folder / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    expected_exit = int((folder / "exit.txt").read_text())
    assert code == expected_exit


def _words(args_file: Path) -> list[str]:
    lines = args_file.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


@pytest.mark.parametrize("case", COMMAND_CASES)
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_command_case(run_cli: RunCli, case: str, fmt: str) -> None:
    folder = CASES / case
    assert folder.name in RULES, f"{case}: a command case is named by the rule it shows"
    code, out, err = run_cli(*_words(folder / "args.txt"), "--format", fmt)
    assert err == ""
    golden(folder / f"expected.{'txt' if fmt == 'text' else 'json'}", out)
    if fmt == "json":
        rules = {f["rule"] for report in json.loads(out) for f in report["findings"]}
        assert folder.name in rules
    assert code == int((folder / "exit.txt").read_text())


@pytest.mark.parametrize("slug", sorted(MAKERS))
def test_integrity_case_inputs_are_current(slug: str, tmp_path: Path) -> None:
    """The signed inputs are made afresh by tests/integrity_cases.py; SDLC_REGEN=1
    writes them."""
    folder = CASES / "record" / slug
    for name, text in MAKERS[slug](tmp_path).items():
        if REGEN:
            (folder / name).write_text(text, encoding="utf-8")
        assert (folder / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize(
    ("case", "fmt"),
    [(case, fmt) for case in CLOCK_CASES for fmt in CLOCK_FORMATS[case.split("/")[0]]],
)
def test_clock_case(run_cli: RunCli, case: str, fmt: str) -> None:
    folder = CASES / case
    code, out, err = run_cli(*_words(folder / "args.txt"), "--format", fmt)
    assert err == ""
    golden(folder / f"expected.{'txt' if fmt == 'text' else fmt}", out)
    assert code == int((folder / "exit.txt").read_text())


def _without_now(words: list[str]) -> list[str]:
    at = words.index("--now")
    return words[:at] + words[at + 2 :]


@pytest.mark.parametrize("area", sorted(CLOCK_FORMATS))
def test_clock_cases_differ_only_in_now(area: str) -> None:
    """Same command, same inputs, another --now: each case's output is its own."""
    cases = [CASES / c for c in CLOCK_CASES if c.startswith(f"{area}/")]
    assert len(cases) >= 2
    words = [_words(folder / "args.txt") for folder in cases]
    assert all(_without_now(w) == _without_now(words[0]) for w in words)
    assert len({w[w.index("--now") + 1] for w in words}) == len(cases)
    fmt = CLOCK_FORMATS[area][0]
    outputs = {
        (folder / f"expected.{'txt' if fmt == 'text' else fmt}").read_text() for folder in cases
    }
    assert len(outputs) == len(cases)
