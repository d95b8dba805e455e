"""sdlc.load: every invalid process, roster or record is one exact, located, chained message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sdlc.errors import InputError
from sdlc.load.loaders import load_process, load_record, load_roster
from sdlc.load.records import load_records

PROCESS = """\
# yaml-language-server: $schema=../schemas/process.schema.json
id: demo
version: "1"
title: Demo process
owners: [process-owner]
effective: 2026-01-01
roles:
  developer: {title: Developer, level: team}
  reviewer: {title: Reviewer, level: team}
  manager: {title: Manager, level: department}
risk:
  levels: [low, high]
  default: low
  rules:
    - {id: auth, level: high, when: {components_any: [auth]}}
components: [auth, ui]
stages:
  - id: implementation
    title: Implement
    kind: implementation
    performers: [developer]
  - id: code-review
    title: Review
    kind: code-review
    performers: [reviewer]
    actors: {low: 1, high: 2}
    differ_from: [implementation]
    depends_on: [implementation]
  - id: approval
    title: Approve
    kind: approval
    performers: [manager]
    approver_level: {low: team, high: department}
    depends_on: [code-review]
  - id: deploy
    title: Deploy
    kind: deployment
    performers: [developer]
    depends_on: [approval]
"""

ROSTER = """\
people:
  - id: ola
    name: Ola Nordmann
    roles: [developer]
  - id: kari
    name: Kari Larsen
    roles:
      - {role: reviewer, from: 2026-01-01}
"""

RECORD = """\
id: CHG-1
process: demo@1
declared_risk: low
attributes: {components: [ui]}
subject: {commit: 09dec5bbe55d3ab0f7ea7dd3e71792f381be0511}
events:
  - stage: implementation
    actor: ola
    at: 2026-03-02T09:15:00+01:00
    subject: 09dec5bbe55d3ab0f7ea7dd3e71792f381be0511
  - stage: code-review
    actor: kari
    at: 2026-03-02T10:40:00+01:00
    outcome: approved
    subject: 09dec5bbe55d3ab0f7ea7dd3e71792f381be0511
    evidence:
      - {kind: review-link, uri: "https://git.example.no/mr/1874"}
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in an empty folder, so messages name files as ``bad.yaml``."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} is not unique in the base document"
    return text.replace(old, new)


def _message(loader: Callable[[Path], Any], text: str) -> str:
    path = Path("bad.yaml")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loader(path)
    return caught.value.user_message()


def test_the_base_documents_load(here: Path) -> None:
    Path("process.yaml").write_text(PROCESS)
    Path("roster.yaml").write_text(ROSTER)
    Path("record.yaml").write_text(RECORD)
    process = load_process("process.yaml")
    assert load_roster("roster.yaml", process).by_id["kari"].name == "Kari Larsen"
    assert len(load_record("record.yaml").events) == 2


BAD_PROCESSES = {
    "version-as-number": (
        ('version: "1"', "version: 3.1"),
        "bad.yaml:3:10: At key: version ==> expected text, found the number 3.1\n"
        '  hint: put quotes around it, "3.1", so YAML reads it as text',
    ),
    "version-with-trailing-zero": (
        ('version: "1"', "version: 3.10"),
        "bad.yaml:3:10: At key: version ==> expected text, found the number 3.1\n"
        '  hint: put quotes around it, "3.10", so YAML reads it as text',
    ),
    "title-as-boolean": (
        ("title: Implement", "title: yes"),
        "bad.yaml:19:12: At Stage(id='implementation') ==> At key: title ==> expected text, "
        "found the boolean true\n"
        '  hint: put quotes around it, "yes", so YAML reads it as text',
    ),
    "missing-required-field": (
        ("title: Demo process\n", ""),
        "bad.yaml:2:1: missing required field 'title'\n"
        "  hint: add 'title:' to the mapping that starts here",
    ),
    "missing-field-in-stage": (
        ("    title: Approve\n", ""),
        "bad.yaml:29:5: At Stage(id='approval') ==> missing required field 'title'\n"
        "  hint: add 'title:' to the mapping that starts here",
    ),
    "misspelt-role": (
        ("performers: [reviewer]", "performers: [reviwer]"),
        "bad.yaml:25:18: At Stage(id='code-review') ==> At key: performers ==> unknown role "
        "'reviwer' (expected one of: developer, manager, reviewer). Did you mean 'reviewer'?\n"
        "  hint: use a defined role, or define 'reviwer'",
    ),
    "misspelt-dependency": (
        ("depends_on: [code-review]", "depends_on: [code-reveiw]"),
        "bad.yaml:34:18: At Stage(id='approval') ==> At key: depends_on ==> unknown stage "
        "'code-reveiw' (expected one of: approval, code-review, deploy, implementation). "
        "Did you mean 'code-review'?\n"
        "  hint: use a defined stage, or define 'code-reveiw'",
    ),
    "misspelt-risk-level-as-key": (
        ("actors: {low: 1, high: 2}", "actors: {low: 1, hgih: 2}"),
        "bad.yaml:26:22: At Stage(id='code-review') ==> At key: actors ==> At key: hgih ==> "
        "unknown risk level 'hgih' (expected one of: high, low). Did you mean 'high'?\n"
        "  hint: use a defined risk level, or define 'hgih'",
    ),
    "misspelt-component-in-condition": (
        ("components_any: [auth]", "components_any: [atuh]"),
        "bad.yaml:15:55: At key: risk ==> At RiskRule(id='auth') ==> At key: when ==> At key: "
        "components_any ==> unknown component 'atuh' (expected one of: auth, ui). "
        "Did you mean 'auth'?\n"
        "  hint: use a defined component, or define 'atuh'",
    ),
    "misspelt-org-level": (
        ("{title: Manager, level: department}", "{title: Manager, level: departmnet}"),
        "bad.yaml:10:36: At Role(id='manager') ==> At key: level ==> unknown organisational "
        "level 'departmnet' (expected one of: department, director, section, team). "
        "Did you mean 'department'?\n"
        "  hint: use a defined organisational level, or define 'departmnet'",
    ),
    "stage-id-with-slash": (
        ("id: implementation", "id: impl/ementation"),
        "bad.yaml:18:9: At Stage(id='impl/ementation') ==> At key: id ==> expected an "
        "identifier, found 'impl/ementation'\n"
        "  hint: use lower-case letters, digits, '.', '_' and '-', starting with a letter or "
        "digit, at most 64 characters; no spaces, slashes or markup",
    ),
    "stage-id-with-dot-dot": (
        ("id: implementation", "id: ../../etc/passwd"),
        "bad.yaml:18:9: At Stage(id='../../etc/passwd') ==> At key: id ==> expected an "
        "identifier, found '../../etc/passwd'\n"
        "  hint: use lower-case letters, digits, '.', '_' and '-', starting with a letter or "
        "digit, at most 64 characters; no spaces, slashes or markup",
    ),
    "stage-id-with-markup": (
        ("id: deploy", "id: <script>deploy"),
        "bad.yaml:35:9: At Stage(id='<script>deploy') ==> At key: id ==> expected an "
        "identifier, found '<script>deploy'\n"
        "  hint: use lower-case letters, digits, '.', '_' and '-', starting with a letter or "
        "digit, at most 64 characters; no spaces, slashes or markup",
    ),
    "version-with-space": (
        ('version: "1"', 'version: "1 beta"'),
        "bad.yaml:3:10: At key: version ==> expected a version such as \"3.0\", found '1 beta'\n"
        "  hint: use letters, digits, '.', '+' and '-', at most 32 characters, and quote it",
    ),
    "impossible-date": (
        ("effective: 2026-01-01", "effective: 2026-02-30"),
        "bad.yaml:6:12: At key: effective ==> expected a date (YYYY-MM-DD), found "
        "'2026-02-30': there is no such day in that month",
    ),
    "month-thirteen": (
        ("effective: 2026-01-01", "effective: 2026-13-01"),
        "bad.yaml:6:12: At key: effective ==> expected a date (YYYY-MM-DD), found "
        "'2026-13-01': months run from 01 to 12",
    ),
    "date-with-time": (
        ("effective: 2026-01-01", "effective: 2026-01-01T10:00:00"),
        "bad.yaml:6:12: At key: effective ==> expected a date (YYYY-MM-DD), found "
        "'2026-01-01T10:00:00'\n"
        "  hint: give the day alone, without a time",
    ),
    "enum-typo": (
        ("kind: code-review", "kind: code-reveiw"),
        "bad.yaml:24:11: At Stage(id='code-review') ==> At key: kind ==> 'code-reveiw' is not "
        "allowed (expected one of: threat-model, design-review, implementation, code-review, "
        "build, test, security-test, approval, deployment, verification, rollback, other). "
        "Did you mean 'code-review'?",
    ),
    "condition-with-two-tests": (
        ("when: {components_any: [auth]}", "when: {components_any: [auth], risk_at_least: low}"),
        "bad.yaml:15:37: At key: risk ==> At RiskRule(id='auth') ==> At key: when ==> a "
        "condition MUST have exactly one of: risk_at_least, risk_at_most, risk_in, "
        "components_any, data_classes_any, providers_any, flags_any, all, any, not (found 2: "
        "components_any, risk_at_least); combine several with 'all' or 'any'",
    ),
    "condition-with-no-test": (
        ("when: {components_any: [auth]}", "when: {}"),
        "bad.yaml:15:37: At key: risk ==> At RiskRule(id='auth') ==> At key: when ==> a "
        "condition MUST have exactly one of: risk_at_least, risk_at_most, risk_in, "
        "components_any, data_classes_any, providers_any, flags_any, all, any, not (found "
        "none); combine several with 'all' or 'any'",
    ),
    "nested-condition-typo": (
        (
            "when: {components_any: [auth]}",
            "when: {all: [{components_any: [auth]}, {not: {risk_at_lest: low}}]}",
        ),
        "bad.yaml:15:77: At key: risk ==> At RiskRule(id='auth') ==> At key: when ==> At "
        "Condition(#2) ==> At key: not ==> unknown field 'risk_at_lest' (expected one of: all, "
        "any, components_any, data_classes_any, flags_any, not, providers_any, risk_at_least, "
        "risk_at_most, risk_in). Did you mean 'risk_at_least'?\n"
        "  hint: remove it, or correct its spelling",
    ),
    "approval-without-level": (
        ("    approver_level: {low: team, high: department}\n", ""),
        "bad.yaml:29:5: At Stage(id='approval') ==> an approval stage MUST name an approver_level",
    ),
    "duplicate-stage-id": (
        ("id: deploy", "id: approval"),
        "bad.yaml:2:1: stage id 'approval' is defined twice; ids MUST be unique",
    ),
    "actors-as-text": (
        ("actors: {low: 1, high: 2}", 'actors: "2"'),
        "bad.yaml:26:13: At Stage(id='code-review') ==> At key: actors ==> expected a whole "
        "number, found '2'",
    ),
    "text-instead-of-list": (
        ("owners: [process-owner]", "owners: process-owner"),
        "bad.yaml:5:9: At key: owners ==> expected a list, found 'process-owner'",
    ),
    "list-instead-of-mapping": (
        (
            "roles:\n  developer: {title: Developer, level: team}\n"
            "  reviewer: {title: Reviewer, level: team}\n"
            "  manager: {title: Manager, level: department}",
            "roles: [developer, reviewer, manager]",
        ),
        "bad.yaml:7:8: At key: roles ==> expected a mapping, found a list",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_PROCESSES))
def test_bad_process_gets_one_exact_message(here: Path, case: str) -> None:
    (old, new), expected = BAD_PROCESSES[case]
    assert _message(load_process, _edit(PROCESS, old, new)) == expected


def test_a_process_must_be_a_mapping(here: Path) -> None:
    assert _message(load_process, "- id: demo\n") == (
        "bad.yaml:1:1: expected a mapping, found a list"
    )


BAD_ROSTERS = {
    "unknown-field": (
        ("{role: reviewer, from: 2026-01-01}", "{role: reviewer, form: 2026-01-01}"),
        "bad.yaml:8:26: At Person(id='kari') ==> At RoleGrant(role='reviewer') ==> unknown "
        "field 'form' (expected one of: from, role, until). Did you mean 'from'?\n"
        "  hint: remove it, or correct its spelling",
    ),
    "role-the-process-lacks": (
        ("roles: [developer]", "roles: [develper]"),
        "bad.yaml:4:13: At Person(id='ola') ==> At key: roles ==> unknown role 'develper' "
        "(expected one of: developer, manager, reviewer). Did you mean 'developer'?\n"
        "  hint: use a defined role, or define 'develper'",
    ),
    "person-twice": (
        ("id: kari", "id: ola"),
        "bad.yaml:1:1: person id 'ola' is listed twice; ids MUST be unique",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ROSTERS))
def test_bad_roster_gets_one_exact_message(here: Path, case: str) -> None:
    (old, new), expected = BAD_ROSTERS[case]
    Path("process.yaml").write_text(PROCESS)
    process = load_process("process.yaml")
    message = _message(lambda path: load_roster(path, process), _edit(ROSTER, old, new))
    assert message == expected


BAD_RECORDS = {
    "time-without-zone": (
        ("at: 2026-03-02T09:15:00+01:00", "at: 2026-03-02T09:15:00"),
        "bad.yaml:9:9: At Event(#1, stage='implementation') ==> At key: at ==> expected a time "
        "with a time zone, found '2026-03-02T09:15:00'\n"
        "  hint: add the offset, e.g. 2020-10-01T09:30:00+02:00, or Z for UTC",
    ),
    "impossible-time": (
        ("at: 2026-03-02T10:40:00+01:00", "at: 2026-02-30T10:40:00+01:00"),
        "bad.yaml:13:9: At Event(#2, stage='code-review') ==> At key: at ==> expected a date "
        "and time (ISO 8601, e.g. 2020-10-01T09:30:00+02:00), found "
        "'2026-02-30T10:40:00+01:00': there is no such day in that month",
    ),
    "outcome-typo": (
        ("outcome: approved", "outcome: aproved"),
        "bad.yaml:14:14: At Event(#2, stage='code-review') ==> At key: outcome ==> 'aproved' "
        "is not allowed (expected one of: done, approved, rejected, failed). "
        "Did you mean 'approved'?",
    ),
    "unknown-field": (
        ("subject: {commit:", "subject: {comit:"),
        "bad.yaml:5:11: At key: subject ==> unknown field 'comit' (expected one of: artifact, "
        "commit, repository). Did you mean 'commit'?\n"
        "  hint: remove it, or correct its spelling",
    ),
    "process-without-version": (
        ("process: demo@1", "process: demo"),
        "bad.yaml:2:10: At key: process ==> expected a process as id@version, e.g. "
        "eid-gateway@3.0, found 'demo'\n"
        "  hint: name the process's id and version, joined by '@'",
    ),
    "bad-evidence-digest": (
        ('uri: "https://git.example.no/mr/1874"}', 'uri: "https://x.no/1", sha256: ABC}'),
        "bad.yaml:17:60: At Event(#2, stage='code-review') ==> At Evidence(#1) ==> At key: "
        "sha256 ==> expected a SHA-256 digest (64 lower-case hex digits), found 'ABC'",
    ),
    "subject-with-space": (
        (
            "    subject: 09dec5bbe55d3ab0f7ea7dd3e71792f381be0511\n  - stage: code-review",
            "    subject: main branch\n  - stage: code-review",
        ),
        "bad.yaml:10:14: At Event(#1, stage='implementation') ==> At key: subject ==> expected "
        "a commit id or digest such as sha256:…, found 'main branch'\n"
        "  hint: use 4 to 200 letters, digits, ':', '.', '_' and '-'",
    ),
    "record-id-with-slash": (
        ("id: CHG-1", "id: CHG/1"),
        "bad.yaml:1:5: At key: id ==> expected a change id such as EID-2381, found 'CHG/1'\n"
        "  hint: use letters, digits, '.', '_' and '-', starting with a letter or digit, at "
        "most 128 characters",
    ),
    "event-missing-actor": (
        ("    actor: kari\n", ""),
        "bad.yaml:11:5: At Event(#2, stage='code-review') ==> missing required field 'actor'\n"
        "  hint: add 'actor:' to the mapping that starts here",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_RECORDS))
def test_bad_record_gets_one_exact_message(here: Path, case: str) -> None:
    (old, new), expected = BAD_RECORDS[case]
    assert _message(load_record, _edit(RECORD, old, new)) == expected


# -- many records -------------------------------------------------------------------------


def _record_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "CHG-1",
        "process": "demo@1",
        "events": [
            {
                "stage": "implementation",
                "actor": "ola",
                "at": "2026-03-02T09:15:00+01:00",
                "subject": "09dec5bbe55d3ab0f7ea7dd3e71792f381be0511",
            }
        ],
    }
    data.update(changes)
    return data


def test_json_lines_bad_line_among_good_ones(here: Path) -> None:
    bad = _record_data(id="CHG-2")
    bad["events"][0]["at"] = "2026-03-02T09:15:00"
    lines = [
        json.dumps(_record_data(id="CHG-1")),
        json.dumps(bad),
        json.dumps(_record_data(id="CHG-3")),
        '{"id": "CHG-4", "process": "demo@1", "events": [}',
        json.dumps(_record_data(id="CHG-5", declared_risk=3)),
        json.dumps(_record_data(id="CHG-6")),
    ]
    Path("batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(load_records(["batch.jsonl"]))
    assert [(r.line, r.label, r.record is not None) for r in results] == [
        (1, "CHG-1", True),
        (2, "line 2", False),
        (3, "CHG-3", True),
        (4, "line 4", False),
        (5, "line 5", False),
        (6, "CHG-6", True),
    ]
    errors = {r.line: r.error.user_message() for r in results if r.error is not None}
    assert errors == {
        2: "batch.jsonl:2:99: At Event(#1, stage='implementation') ==> At key: at ==> expected "
        "a time with a time zone, found '2026-03-02T09:15:00'\n"
        "  hint: add the offset, e.g. 2020-10-01T09:30:00+02:00, or Z for UTC",
        4: "batch.jsonl:4:49: JSON syntax error: expecting value\n"
        "  hint: each line must hold one complete JSON object",
        5: "batch.jsonl:5:202: At key: declared_risk ==> expected text, found the number 3\n"
        '  hint: put quotes around it, "3", so YAML reads it as text',
    }
    assert results[0].event_lines == (1,)


def test_directory_is_read_recursively_and_a_bad_file_does_not_stop_the_rest(
    here: Path,
) -> None:
    (here / "records" / "2026" / "03").mkdir(parents=True)
    Path("records/a.yaml").write_text(RECORD)
    Path("records/2026/03/b.json").write_text(json.dumps(_record_data(id="CHG-2")))
    Path("records/2026/c.yaml").write_text(_edit(RECORD, "outcome: approved", "outcome: ok"))
    Path("records/2026/notes.txt").write_text("not a record")
    results = list(load_records(["records", "missing.yaml"]))
    assert [(r.path, r.label) for r in results] == [
        ("records/2026/03/b.json", "CHG-2"),
        ("records/2026/c.yaml", "line 14"),
        ("records/a.yaml", "CHG-1"),
        ("missing.yaml", "line 1"),
    ]
    assert results[1].error is not None
    assert results[1].error.user_message() == (
        "records/2026/c.yaml:14:14: At Event(#2, stage='code-review') ==> At key: outcome ==> "
        "'ok' is not allowed (expected one of: done, approved, rejected, failed)"
    )
    assert results[3].error is not None
    assert results[3].error.user_message() == "missing.yaml: no such file"
    assert results[2].event_lines == (7, 11)
