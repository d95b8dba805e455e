"""The ``sdlc`` command line: help, explain, severity, output files, batches and bugs."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sdlc import cli
from sdlc.load.source import load_file, parse_yaml
from sdlc.rules.catalogue import RULES

from ..conftest import EID, ROOT, RunCli

EXAMPLES = ROOT / "examples"
TIME_ORDER = "tests/cases/check/time-order/record.yaml"
WEAKER = "tests/cases/lint/weaker-for-higher-risk/triggers.yaml"
CHECK = ("--process", "processes/eid-gateway.yaml", "--roster", "processes/eid-gateway.roster.yaml")
UNEXPECTED = (
    "sdlc: unexpected error (a bug in sdlc); run again with --verbose for the traceback, "
    "and report it\n"
)


NO_ROSTER = (
    "  examples/low-risk-compliant.yaml:1  error C016 unverifiable  record EID-2381: no "
    "roster was given, so who performed each event, the roles they held, segregation of "
    "duties, how many distinct people took part, approver levels and signatures cannot be "
    "checked; the record is not taken as compliant\n"
    "    hint: check with the process's roster (--roster FILE, or roster= in Python)\n"
    "  smallest repair (1 step):\n"
    "    1. check the record again with the process's roster\n"
)


def _commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every subcommand, nested ones included, as the words that name it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from _commands(sub, (*prefix, name))


COMMANDS = sorted(_commands(cli.parser()))


def test_the_core_subcommands_are_there() -> None:
    assert {("lint",), ("check",), ("explain",), ("schema",)} <= set(COMMANDS)


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_help_has_an_example(
    capsys: pytest.CaptureFixture[str], words: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([*words, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "\nexample:\n  sdlc " in out, out


@pytest.mark.parametrize("command", ["check", "stats", "impact"])
def test_the_commands_that_read_the_clock_say_how_to_fix_it(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "--now TIME judge waiver expiry and future timestamps as at this time (ISO 8601 "
        "with zone, e.g. 2026-03-12T07:30:00+01:00); default: the wall clock"
    ) in out


def test_no_command_prints_usage(run_cli: RunCli) -> None:
    code, out, err = run_cli()
    assert (code, out) == (2, "")
    assert err.startswith("usage: sdlc ")


# -- explain -------------------------------------------------------------------------------


def test_explain_lists_every_rule(run_cli: RunCli) -> None:
    code, out, err = run_cli("explain")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(RULES)
    width = max(len(slug) for slug in RULES)
    for line, rule in zip(lines, RULES.values(), strict=True):
        assert line == (
            f"{rule.code}  {rule.slug:<{width}}  {rule.severity.value:<5}  {rule.summary}"
        )
    assert lines[0].startswith("P001  unknown-reference ")


@pytest.mark.parametrize("slug", sorted(RULES))
def test_explain_prints_the_page_by_slug_and_code(run_cli: RunCli, slug: str) -> None:
    rule = RULES[slug]
    by_slug = run_cli("explain", slug)
    by_code = run_cli("explain", rule.code)
    assert by_slug == by_code == (0, rule.page(), "")
    assert rule.page().startswith(f"# {slug} ({rule.code})\n")


def test_explain_unknown_rule(run_cli: RunCli) -> None:
    assert run_cli("explain", "time-ordr") == (
        2,
        "",
        "sdlc: no rule named 'time-ordr'. Did you mean 'time-order'?\n"
        "  hint: run 'sdlc explain' to list every rule\n",
    )


# -- severity and --strict -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (
            "unknown-rule=warn",
            "sdlc: --severity: unknown rule 'unknown-rule'. Did you mean 'unknown-key'?\n"
            "  hint: run 'sdlc explain' to list every rule\n",
        ),
        (
            "time-order=loud",
            "sdlc: --severity time-order: unknown level 'loud' "
            "(expected one of: error, warn, info, off)\n",
        ),
        (
            "time-order",
            "sdlc: --severity 'time-order': expected RULE=LEVEL, e.g. time-order=warn\n",
        ),
    ],
)
@pytest.mark.parametrize("command", ["lint", "check"])
def test_bad_severity_is_a_usage_error(
    run_cli: RunCli, command: str, option: str, message: str
) -> None:
    args = ("lint", WEAKER) if command == "lint" else ("check", TIME_ORDER, *CHECK)
    assert run_cli(*args, "--severity", option) == (2, "", message)


@pytest.mark.parametrize(
    ("options", "exit_code", "severity", "compliant"),
    [
        ((), 1, "error", False),
        (("--severity", "time-order=warn"), 0, "warn", True),
        (("--severity", "time-order=warn", "--strict"), 1, "error", False),
        (("--severity", "time-order=info"), 0, "info", True),
        (("--severity", "time-order=info", "--strict"), 0, "info", True),
        (("--severity", "time-order=off"), 0, None, True),
        (("--severity", "time-order=warn", "--severity", "time-order=error"), 1, "error", False),
    ],
)
def test_severity_changes_a_finding_and_the_exit_code(
    run_cli: RunCli,
    options: tuple[str, ...],
    exit_code: int,
    severity: str | None,
    compliant: bool,
) -> None:
    code, out, err = run_cli("check", TIME_ORDER, *CHECK, "--format", "json", *options)
    assert (code, err) == (exit_code, "")
    (report,) = json.loads(out)
    assert report["compliant"] is compliant
    assert [f["severity"] for f in report["findings"] if f["rule"] == "time-order"] == (
        [severity] if severity else []
    )


def test_strict_turns_a_lint_warning_into_a_failure(run_cli: RunCli) -> None:
    code, out, err = run_cli("lint", WEAKER)
    assert (code, err) == (0, "")
    assert f"{WEAKER}:22:5: warn P006 weaker-for-higher-risk: " in out
    assert out.endswith(f"{WEAKER}: demo@1 is sound (0 errors, 1 warning)\n")

    code, out, err = run_cli("lint", WEAKER, "--strict")
    assert (code, err) == (1, "")
    assert f"{WEAKER}:22:5: error P006 weaker-for-higher-risk: " in out
    assert out.endswith(f"{WEAKER}: demo@1 has findings (1 error, 0 warnings)\n")


def test_severity_off_silences_a_lint_rule(run_cli: RunCli) -> None:
    assert run_cli("lint", WEAKER, "--severity", "weaker-for-higher-risk=off", "--strict") == (
        0,
        f"{WEAKER}: demo@1 is sound (0 errors, 0 warnings)\n",
        "",
    )


# -- output files --------------------------------------------------------------------------


def test_output_file_is_written_whole_and_nothing_is_printed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report\n")
    expected = run_cli("check", "examples", *CHECK, "--format", "json")
    code, out, err = run_cli(
        "check", "examples", *CHECK, "--format", "json", "--output", str(target)
    )
    assert (code, out, err) == (expected[0], "", "")
    assert target.read_text(encoding="utf-8") == expected[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left


def test_failed_output_leaves_the_old_file(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old report\n")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    code, out, err = run_cli(
        "check", "examples", *CHECK, "--format", "sarif", "--output", str(target)
    )
    assert (code, out) == (2, "")
    assert err == f"sdlc: {target}: cannot write: No space left on device\n"
    assert target.read_text() == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.sarif"]


def test_output_into_a_missing_folder(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "report.txt"
    assert run_cli("check", "examples", *CHECK, "--output", str(target)) == (
        2,
        "",
        f"sdlc: {target}: cannot write: No such file or directory\n",
    )


# -- batches -------------------------------------------------------------------------------


def _ids(out: str) -> list[tuple[str, bool, bool]]:
    return [(r["id"], r["compliant"], r["error"] is None) for r in json.loads(out)]


def test_a_directory_of_records_is_read_recursively(run_cli: RunCli, tmp_path: Path) -> None:
    deep = tmp_path / "records" / "2026" / "march"
    deep.mkdir(parents=True)
    shutil.copy(EXAMPLES / "low-risk-compliant.yaml", tmp_path / "records" / "a.yaml")
    shutil.copy(EXAMPLES / "high-risk-rework.yaml", deep / "b.yaml")
    (deep / "README.md").write_text("not a record\n")
    code, out, err = run_cli(
        "check", str(tmp_path / "records"), *CHECK, "--format", "json",
        "--source-root", str(tmp_path),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert [r["path"] for r in json.loads(out)] == ["records/2026/march/b.yaml", "records/a.yaml"]
    assert all(compliant for _, compliant, _ in _ids(out))


def test_one_unreadable_record_does_not_stop_the_others(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "low-risk-compliant.yaml", tmp_path / "a.yaml")
    shutil.copy(EXAMPLES / "incident-2020.yaml", tmp_path / "c.yaml")
    bad = tmp_path / "b.yaml"
    bad.write_text("id: EID-9\nprocess: eid-gateway@3.0\nevents: [\n")
    code, out, err = run_cli(
        "check", str(tmp_path), *CHECK, "--format", "json", "--source-root", str(tmp_path)
    )
    assert (code, err) == (2, "")
    reports = json.loads(out)
    assert [(r["path"], r["compliant"]) for r in reports] == [
        ("a.yaml", True),
        ("b.yaml", False),
        ("c.yaml", False),
    ]
    assert reports[1]["error"] == (
        "b.yaml:4:1: YAML syntax error: did not find expected node content\n"
        "  hint: close the brackets, and quote values that contain ',', '[', ']', '{' or '}'"
    )
    assert {f["rule"] for f in reports[2]["findings"]} >= {"stale-approval", "approval-level"}


# -- bad input: one message, exit 2, never a traceback --------------------------------------


BAD_PROCESS = {
    "tab": (
        "id: demo\nroles:\n\tdev: {}\n",
        "3:1: YAML syntax error: found a tab character where YAML allows only spaces\n"
        "  hint: indent with spaces, not tabs",
    ),
    "tag": (
        "id: !!python/object/apply:os.system [ls]\n",
        "1:5: tag '!!python/object/apply:os.system' is not allowed (expected plain text, "
        "numbers, booleans, lists and mappings)\n"
        "  hint: remove the tag; sdlc never builds objects from YAML",
    ),
    "version": (
        (EID.read_text(encoding="utf-8")).replace('version: "3.0"', "version: 3.0"),
        "3:10: At key: version ==> expected text, found the number 3.0\n"
        '  hint: put quotes around it, "3.0", so YAML reads it as text',
    ),
    "empty": (
        "",
        "1:1: the file is empty (expected a mapping of fields)\n"
        "  hint: write the document's fields; 'sdlc schema' shows which are needed",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_PROCESS))
def test_lint_bad_process_exits_2_with_one_message(
    run_cli: RunCli, tmp_path: Path, case: str
) -> None:
    content, message = BAD_PROCESS[case]
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    assert run_cli("lint", str(bad)) == (2, "", f"sdlc: {bad}:{message}\n")


def test_lint_reports_good_processes_beside_a_bad_one(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xef\xbb\xbfid: demo\n")
    code, out, err = run_cli("lint", str(bad), "processes/baseline.yaml")
    assert code == 2
    assert err == (
        f"sdlc: {bad}:1:1: file starts with a UTF-8 byte-order mark\n"
        "  hint: save the file as UTF-8 without a byte-order mark\n"
    )
    assert out.endswith("processes/baseline.yaml: baseline@1.0 is sound (0 errors, 0 warnings)\n")


def test_check_bad_record_exits_2_and_names_it(run_cli: RunCli, tmp_path: Path) -> None:
    text = (EXAMPLES / "low-risk-compliant.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad-record.yaml"
    bad.write_text(text.replace("at: 2026-03-02T09:15:00+01:00", "at: 2026-03-02T09:15:00"))
    code, out, err = run_cli("check", str(bad), "--process", "processes/eid-gateway.yaml")
    assert (code, err) == (2, "")
    assert (
        f"  {bad}:21:9: At Event(#1, stage='implementation') ==> At key: at ==> expected a time "
        "with a time zone, found '2026-03-02T09:15:00'\n"
        "    hint: add the offset, e.g. 2020-10-01T09:30:00+02:00, or Z for UTC\n"
    ) in out
    assert out.endswith("checked 1 record: 0 compliant, 0 not compliant, 1 unreadable\n")
    assert "Traceback" not in out + err


def test_check_with_a_bad_process_exits_2_on_stderr(run_cli: RunCli, tmp_path: Path) -> None:
    text = EID.read_text(encoding="utf-8")
    assert text.count("performers: [developer]\n") == 1
    bad = tmp_path / "process.yaml"
    bad.write_text(text.replace("performers: [developer]\n", "performers: [devloper]\n"))
    code, out, err = run_cli("check", "examples", "--process", str(bad))
    assert (code, out) == (2, "")
    line = text.splitlines().index("    performers: [developer]") + 1
    assert err == (
        f"sdlc: {bad}:{line}:18: At Stage(id='implementation') ==> At key: performers ==> "
        "unknown role 'devloper' (expected one of: build-system, developer, director, "
        "head-of-department, head-of-section, operations, product-owner, release-manager, "
        "reviewer, security-champion, security-officer, team-lead, tester). "
        "Did you mean 'developer'?\n"
        "  hint: use a defined role, or define 'devloper'\n"
    )


def test_check_with_a_missing_roster(run_cli: RunCli) -> None:
    code, out, err = run_cli("check", "examples", "--process", str(EID), "--roster", "nope.yaml")
    assert code == 2
    assert "nope.yaml: no such file" in out + err
    assert "Traceback" not in out + err


# -- bugs: exit 3, traceback only when asked ------------------------------------------------


def _break_lint(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(sys.modules["sdlc.linting.linter"], "lint", boom)


def test_a_bug_is_exit_3_without_a_traceback(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_lint(monkeypatch)
    assert run_cli("lint", "processes/baseline.yaml") == (3, "", UNEXPECTED)


def test_a_bug_shows_its_traceback_with_verbose(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_lint(monkeypatch)
    code, out, err = run_cli("lint", "processes/baseline.yaml", "--verbose")
    assert (code, out) == (3, "")
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith("RuntimeError: boom\n")


def test_a_bug_in_check_is_exit_3(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("sdlc.report.reporters.open_writer", boom)
    assert run_cli("check", "examples", *CHECK) == (3, "", UNEXPECTED)


# -- pre-commit hooks ----------------------------------------------------------------------

_HOOK_KEYS = {
    "id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or",
    "exclude_types", "additional_dependencies", "args", "always_run", "fail_fast",
    "pass_filenames", "description", "language_version", "log_file", "require_serial",
    "stages", "verbose", "minimum_pre_commit_version",
}  # fmt: skip
"""The keys pre-commit's manifest schema accepts for a hook."""


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = load_file(ROOT / ".pre-commit-hooks.yaml").data
    assert isinstance(hooks, list)
    return {hook["id"]: hook for hook in hooks}


def _doc_config() -> dict[str, Any]:
    """The full .pre-commit-config.yaml example in docs/pre-commit.md."""
    text = (ROOT / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(repos:\n  - repo: https://.*?)```", text, re.DOTALL)
    assert found, "docs/pre-commit.md lost its full configuration example"
    config = parse_yaml(found.group(1), "docs/pre-commit.md").data
    assert isinstance(config, dict)
    return config


def test_pre_commit_hooks_name_real_subcommands() -> None:
    hooks = _hooks()
    assert sorted(hooks) == ["sdlc-check", "sdlc-lint"]
    for hook in hooks.values():
        assert {"id", "name", "entry", "language"} <= set(hook) <= _HOOK_KEYS
        program, subcommand = hook["entry"].split()
        assert (program, hook["language"]) == ("sdlc", "python")
        assert (subcommand,) in COMMANDS
        assert hook.get("pass_filenames", True) is True
    assert hooks["sdlc-lint"]["entry"] == "sdlc lint"
    assert hooks["sdlc-check"]["entry"] == "sdlc check"


@pytest.mark.parametrize(
    ("hook_id", "path", "selected"),
    [
        ("sdlc-lint", "processes/eid-gateway.yaml", True),
        ("sdlc-lint", "processes/eid-gateway/2.0.yaml", True),
        ("sdlc-lint", "processes/eid-gateway.roster.yaml", False),
        ("sdlc-lint", "examples/low-risk-compliant.yaml", False),
        ("sdlc-check", "changes/EID-2417.yaml", True),
        ("sdlc-check", "changes/2026/archive.jsonl", True),
        ("sdlc-check", "changes/notes.md", False),
        ("sdlc-check", "processes/eid-gateway.yaml", False),
    ],
)
def test_pre_commit_hooks_pick_their_files(hook_id: str, path: str, selected: bool) -> None:
    hook = _hooks()[hook_id]
    exclude = hook.get("exclude", "^$")
    assert bool(re.search(hook["files"], path) and not re.search(exclude, path)) is selected


def test_pre_commit_example_config_runs_as_pre_commit_would(run_cli: RunCli) -> None:
    """Each hook runs ``entry + args + files``; the example's args must work."""
    config = _doc_config()
    (repo,) = config["repos"]
    hooks = _hooks()
    used = {hook["id"]: hook.get("args", []) for hook in repo["hooks"]}
    assert sorted(used) == sorted(hooks)
    runs = {
        "sdlc-lint": ["processes/eid-gateway.yaml", "processes/baseline.yaml"],
        "sdlc-check": ["examples/low-risk-compliant.yaml", "examples/high-risk-rework.yaml"],
    }
    for hook_id, files in runs.items():
        entry = hooks[hook_id]["entry"].split()[1:]
        code, out, err = run_cli(*entry, *used[hook_id], *files)
        assert (code, err) == (0, ""), out
    entry = hooks["sdlc-check"]["entry"].split()[1:]
    code, _, _ = run_cli(*entry, *used["sdlc-check"], "examples/incident-2020.yaml")
    assert code == 1


def test_check_without_a_roster_fails_closed(run_cli: RunCli) -> None:
    """What cannot be checked is not compliant: no roster, no passing record."""
    code, out, err = run_cli(
        "check", "examples/low-risk-compliant.yaml", "--process", "processes/eid-gateway.yaml"
    )
    assert (code, err) == (1, "")
    assert out == (
        "examples/low-risk-compliant.yaml: EID-2381 (risk low): not compliant, 1 finding\n"
        + NO_ROSTER
        + "checked 1 record: 0 compliant, 1 not compliant, 0 unreadable\n"
    )


def test_unreadable_roster_is_one_error_not_one_per_record(run_cli: RunCli) -> None:
    code, out, err = run_cli(
        "check", "examples/", "--process", "processes/eid-gateway.yaml", "--roster", "nope.yaml"
    )
    assert (code, out, err) == (2, "", "sdlc: nope.yaml: no such file\n")
