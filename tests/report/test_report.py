"""The reporters: whole outputs pinned, SARIF checked against the official schema."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import sdlc
from sdlc.errors import Location, UsageError
from sdlc.report.audience import Audience
from sdlc.report.reporters import FORMATS, REPORTERS, TOOL_VERSION, render_reports
from sdlc.report.sarif import FINGERPRINT_KEY
from sdlc.rules.catalogue import RULES, Severity
from sdlc.rules.findings import Finding, RepairStep, Report

SARIF_SCHEMA = Path(__file__).parents[1] / "data" / "sarif" / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _compliant() -> Report:
    return Report(
        record="CHG-101", path="records/chg-101.yaml", risk="low", event_lines=(3, 8), line=1
    )


def _failing() -> Report:
    return Report(
        record="CHG-102",
        path="records/chg-102.yaml",
        risk="high",
        line=1,
        event_lines=(4, 9, 14, 19),
        findings=[
            Finding(
                rule="too-few-actors",
                severity=Severity.ERROR,
                message="code-review needs 2 distinct reviewers, got 1 (alice)",
                hint="have a second reviewer who did not write the change review it",
                record="CHG-102",
                event=2,
                stage="code-review",
                actor="alice",
            ),
            Finding(
                rule="stale-approval",
                severity=Severity.WARN,
                message="approved subject 3f2a1c is not the deployed subject 9be004",
                hint="approve the deployed subject again",
                record="CHG-102",
                event=4,
                stage="deploy",
            ),
        ],
        repair=[
            RepairStep(
                "add", "code-review", "add a code-review by a second reviewer (not alice)", 2
            ),
            RepairStep("add", "approval", "add an approval of subject 9be004 before deploy", 3),
        ],
    )


def _unreadable() -> Report:
    return Report(
        record="chg-103",
        path="records/chg-103.yaml",
        error=(
            "records/chg-103.yaml:7:3: At Event(#2) ==> At key: actor ==> field required\n"
            "  hint: name who performed the event"
        ),
    )


def _reports() -> list[Report]:
    return [_compliant(), _failing(), _unreadable()]


EXPECTED_TEXT = """\
records/chg-101.yaml: CHG-101 (risk low): compliant
records/chg-102.yaml: CHG-102 (risk high): not compliant, 2 findings
  records/chg-102.yaml:9  error C005 too-few-actors  code-review needs 2 distinct reviewers, got 1 (alice)
    hint: have a second reviewer who did not write the change review it
  records/chg-102.yaml:19  warn  C009 stale-approval  approved subject 3f2a1c is not the deployed subject 9be004
    hint: approve the deployed subject again
  smallest repair (2 steps):
    1. add a code-review by a second reviewer (not alice)
    2. add an approval of subject 9be004 before deploy
records/chg-103.yaml: chg-103: unreadable
  records/chg-103.yaml:7:3: At Event(#2) ==> At key: actor ==> field required
    hint: name who performed the event
checked 3 records: 1 compliant, 1 not compliant, 1 unreadable
"""  # noqa: E501


# --- registry -----------------------------------------------------------------------


def test_formats_are_the_reporters_by_name() -> None:
    assert FORMATS == ("text", "json", "sarif", "junit")
    assert set(REPORTERS) == set(FORMATS)


def test_unknown_format_is_a_usage_error_with_a_suggestion() -> None:
    with pytest.raises(UsageError) as excinfo:
        render_reports(_reports(), "sarf")
    assert excinfo.value.user_message() == (
        "unknown format 'sarf' (expected one of: json, junit, sarif, text). Did you mean 'sarif'?"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_reports_give_the_same_bytes(fmt: str) -> None:
    first = render_reports(_reports(), fmt, tool_version="1.2.3")
    assert first == render_reports(_reports(), fmt, tool_version="1.2.3")
    assert first.endswith("\n")
    assert "\x1b" not in first


def test_the_tool_version_is_the_packages() -> None:
    assert sdlc.__version__ == TOOL_VERSION
    driver = json.loads(render_reports(_reports(), "sarif"))["runs"][0]["tool"]["driver"]
    assert driver["version"] == sdlc.__version__


# --- text ---------------------------------------------------------------------------


def test_text_is_pinned() -> None:
    assert render_reports(_reports(), "text") == EXPECTED_TEXT


def test_text_counts_warnings_only_as_compliant_and_uses_singulars() -> None:
    only = _failing()
    only.findings = only.findings[1:]
    only.repair = only.repair[:1]
    assert render_reports([only], "text") == (
        "records/chg-102.yaml: CHG-102 (risk high): compliant, 1 finding\n"
        "  records/chg-102.yaml:19  warn  C009 stale-approval  "
        "approved subject 3f2a1c is not the deployed subject 9be004\n"
        "    hint: approve the deployed subject again\n"
        "  smallest repair (1 step):\n"
        "    1. add a code-review by a second reviewer (not alice)\n"
        "checked 1 record: 1 compliant, 0 not compliant, 0 unreadable\n"
    )


def test_text_of_no_records() -> None:
    assert render_reports([], "text") == (
        "checked 0 records: 0 compliant, 0 not compliant, 0 unreadable\n"
    )


def test_text_prefers_the_findings_own_location() -> None:
    finding = Finding(
        rule="approval-level",
        severity=Severity.INFO,
        message="approved by a team lead",
        hint="",
        location=Location("processes/eid.yaml", 41, 7),
    )
    out = render_reports([Report(record="CHG-9", findings=[finding])], "text")
    assert out.splitlines()[:2] == [
        "CHG-9: compliant, 1 finding",
        "  processes/eid.yaml:41:7  info  C008 approval-level  approved by a team lead",
    ]


def test_colour_codes_appear_only_when_asked() -> None:
    plain = render_reports(_reports(), "text")
    coloured = render_reports(_reports(), "text", color=True)
    assert "\x1b" not in plain
    assert "\x1b[31merror\x1b[0m C005" in coloured
    assert "\x1b[33mwarn\x1b[0m  C009" in coloured
    assert "CHG-101 (risk low): \x1b[32mcompliant\x1b[0m" in coloured
    assert "CHG-102 (risk high): \x1b[31mnot compliant, 2 findings\x1b[0m" in coloured
    assert "chg-103: \x1b[31munreadable\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def test_info_is_blue() -> None:
    finding = Finding(rule="incomplete", severity=Severity.INFO, message="no end yet", hint="")
    out = render_reports([Report(record="CHG-7", findings=[finding])], "text", color=True)
    assert "\x1b[34minfo\x1b[0m  C015 incomplete" in out


def test_text_shows_control_characters_from_records_escaped() -> None:
    finding = Finding(
        rule="unknown-stage",
        severity=Severity.ERROR,
        message="unknown stage 'x\x1b[2J\u202e'",
        hint="",
        event=1,
    )
    out = render_reports([Report(record="CHG-8\x07", findings=[finding])], "text")
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "CHG-8\\x07: not compliant, 1 finding" in out
    assert "unknown stage 'x\\x1b[2J\\u202e'" in out


# --- json ---------------------------------------------------------------------------


def test_json_round_trips() -> None:
    out = render_reports(_reports(), "json")
    assert json.loads(out) == [r.as_dict() for r in _reports()]
    assert out.startswith('[\n  {\n    "id": "CHG-101",\n')


def test_json_has_the_keys_design_7_promises() -> None:
    records = json.loads(render_reports(_reports(), "json"))
    required = {"rule", "code", "severity", "message", "event", "stage", "hint"}
    for record in records:
        assert set(record) == {"id", "path", "compliant", "risk", "error", "findings", "repair"}
        for finding in record["findings"]:
            assert required <= set(finding)
            assert set(finding) - required == {"actor", "location"}
    assert records[1]["findings"][0] == {
        "rule": "too-few-actors",
        "code": "C005",
        "severity": "error",
        "message": "code-review needs 2 distinct reviewers, got 1 (alice)",
        "event": 2,
        "stage": "code-review",
        "actor": "alice",
        "hint": "have a second reviewer who did not write the change review it",
        "location": None,
    }
    assert [r["compliant"] for r in records] == [True, False, False]


# --- sarif --------------------------------------------------------------------------


def _sarif(reports: list[Report]) -> Any:
    return json.loads(render_reports(reports, "sarif", tool_version="1.2.3"))


def _run(reports: list[Report]) -> Any:
    (run,) = _sarif(reports)["runs"]
    return run


def _results(reports: list[Report]) -> list[Any]:
    results: list[Any] = _run(reports)["results"]
    return results


@pytest.fixture(scope="module")
def sarif_schema() -> Any:
    return json.loads(SARIF_SCHEMA.read_text("utf-8"))


def test_the_vendored_schema_is_the_official_one(sarif_schema: Any) -> None:
    assert sarif_schema["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )
    jsonschema.Draft7Validator.check_schema(sarif_schema)


@pytest.mark.parametrize(
    "reports",
    [_reports(), [], [_compliant()], [_unreadable()]],
    ids=["mixed", "none", "compliant", "unreadable"],
)
def test_sarif_validates_against_the_official_schema(
    sarif_schema: Any, reports: list[Report]
) -> None:
    validator = jsonschema.Draft7Validator(
        sarif_schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(_sarif(reports))]
    assert errors == []


def test_sarif_driver_lists_every_rule() -> None:
    driver = _run([])["tool"]["driver"]
    assert driver["name"] == "sdlc"
    assert driver["version"] == "1.2.3"
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    rule = driver["rules"][list(RULES).index("too-few-actors")]
    page = RULES["too-few-actors"].page()
    assert {key: rule[key] for key in rule if key not in {"fullDescription", "help"}} == {
        "id": "too-few-actors",
        "name": "TooFewActors",
        "shortDescription": {"text": "Fewer distinct people than required."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"code": "C005", "tags": ["record"]},
    }
    assert rule["fullDescription"]["text"].startswith(
        "Fewer distinct people performed a stage than it requires. A stage's actors gives"
    )
    assert rule["help"]["markdown"] == page.split("\n", 1)[1].strip() + "\n"
    assert "## How to fix it" in rule["help"]["markdown"]
    assert "How to fix it" in rule["help"]["text"]
    assert "##" not in rule["help"]["text"]
    assert "**" not in rule["help"]["text"]


def test_every_sarif_rule_is_described_and_named_apart_from_its_id() -> None:
    for rule in _run([])["tool"]["driver"]["rules"]:
        assert rule["name"].lower() != rule["id"].lower()
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["help"]["markdown"]
        assert "helpUri" not in rule
    names = {r["id"]: r["name"] for r in _run([])["tool"]["driver"]["rules"]}
    assert (names["incomplete"], names["stale-approval"]) == ("IncompleteRecord", "StaleApproval")


def test_sarif_rules_link_to_the_handbook_when_its_address_is_given() -> None:
    audience = Audience(help_uri_base="https://handbook.example.org/sdlc")
    log = json.loads(render_reports([], "sarif", audience=audience))
    rule = log["runs"][0]["tool"]["driver"]["rules"][list(RULES).index("stale-approval")]
    assert rule["helpUri"] == "https://handbook.example.org/sdlc/rules/stale-approval/"


def test_sarif_results_point_at_the_events_line() -> None:
    first, second = _results(_reports())
    assert first == {
        "ruleId": "too-few-actors",
        "ruleIndex": list(RULES).index("too-few-actors"),
        "level": "error",
        "message": {
            "text": "code-review needs 2 distinct reviewers, got 1 (alice). "
            "have a second reviewer who did not write the change review it"
        },
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "records/chg-102.yaml", "uriBaseId": "SRCROOT"},
                    "region": {"startLine": 9},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: first["partialFingerprints"][FINGERPRINT_KEY]},
        "properties": {"record": "CHG-102", "event": 2, "stage": "code-review"},
    }
    assert second["level"] == "warning"
    assert second["locations"][0]["physicalLocation"]["region"] == {"startLine": 19}


@pytest.mark.parametrize(
    ("event", "line", "expected"),
    [(1, 5, 2), (2, 5, 5), (None, 5, 5), (None, None, 1), (0, None, 1)],
)
def test_sarif_start_line_falls_back_to_the_record_then_to_1(
    event: int | None, line: int | None, expected: int
) -> None:
    finding = Finding(rule="incomplete", severity=Severity.INFO, message="m", hint="", event=event)
    report = Report(record="R", path="r.yaml", line=line, event_lines=(2,), findings=[finding])
    (result,) = _results([report])
    assert result["level"] == "note"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": expected}


def test_sarif_uses_the_findings_own_location_and_encodes_the_uri() -> None:
    finding = Finding(
        rule="dead-end",
        severity=Severity.ERROR,
        message="m",
        hint="h",
        location=Location("processes/my process.yaml", 41, 7),
    )
    (result,) = _results([Report(record="p", path="x.yaml", findings=[finding])])
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {
                    "uri": "processes/my%20process.yaml",
                    "uriBaseId": "SRCROOT",
                },
                "region": {"startLine": 41, "startColumn": 7},
            }
        }
    ]


def test_sarif_fingerprints_are_stable_and_distinct() -> None:
    first = [r["partialFingerprints"] for r in _results(_reports())]
    assert first == [r["partialFingerprints"] for r in _results(_reports())]
    moved = _failing()
    moved.event_lines = (40, 50, 60, 70)
    moved.findings = [replace(f, message=f.message + " (reworded)") for f in moved.findings]
    assert [r["partialFingerprints"] for r in _results([moved])] == first
    digest = hashlib.sha256(b"CHG-102\0too-few-actors\x002\0code-review").hexdigest()
    assert first[0] == {FINGERPRINT_KEY: digest}
    assert first[0] != first[1]


def test_sarif_reports_unreadable_records_as_notifications() -> None:
    run = _run(_reports())
    assert run["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": _unreadable().error},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {
                                    "uri": "records/chg-103.yaml",
                                    "uriBaseId": "SRCROOT",
                                }
                            }
                        }
                    ],
                }
            ],
        }
    ]
    assert _run([_compliant()])["invocations"] == [{"executionSuccessful": True}]
    assert _run([_compliant()])["results"] == []


# --- junit --------------------------------------------------------------------------


def _junit(reports: list[Report]) -> ET.Element:
    return ET.fromstring(render_reports(reports, "junit", tool_version="1.2.3"))


def test_junit_counts_and_cases() -> None:
    root = _junit(_reports())
    assert root.attrib == {"name": "sdlc check", "tests": "4", "failures": "1", "errors": "1"}
    suites = root.findall("testsuite")
    assert [
        (s.get("name"), s.get("tests"), s.get("failures"), s.get("errors")) for s in suites
    ] == [
        ("CHG-101", "1", "0", "0"),
        ("CHG-102", "2", "1", "0"),
        ("records/chg-103.yaml", "1", "0", "1"),
    ]
    cases = [c for suite in suites for c in suite.findall("testcase")]
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("CHG-101", "compliant"),
        ("CHG-102", "too-few-actors (C005), event #2"),
        ("CHG-102", "stale-approval (C009), event #4"),
        ("records/chg-103.yaml", "records/chg-103.yaml"),
    ]
    assert list(cases[0]) == []
    (failure,) = cases[1].findall("failure")
    assert failure.attrib == {
        "type": "too-few-actors",
        "message": "C005: code-review needs 2 distinct reviewers, got 1 (alice)",
    }
    assert failure.text == (
        "records/chg-102.yaml:9\n"
        "code-review needs 2 distinct reviewers, got 1 (alice)\n"
        "hint: have a second reviewer who did not write the change review it"
    )
    assert cases[2].findtext("system-out") == (
        "warn C009 stale-approval\n"
        "records/chg-102.yaml:19\n"
        "approved subject 3f2a1c is not the deployed subject 9be004\n"
        "hint: approve the deployed subject again"
    )
    assert suites[1].findtext("system-out") == (
        "smallest repair (2 steps):\n"
        "  1. add a code-review by a second reviewer (not alice)\n"
        "  2. add an approval of subject 9be004 before deploy"
    )
    (error,) = cases[3].findall("error")
    assert error.get("message") == (
        "records/chg-103.yaml:7:3: At Event(#2) ==> At key: actor ==> field required"
    )
    assert error.text == _unreadable().error
    properties = [(p.get("name"), p.get("value")) for p in root.iter("property")]
    assert properties == [("sdlc.version", "1.2.3")]
    assert next(iter(suites[0])).tag == "properties"


def test_junit_has_one_failure_per_testcase_and_the_repair_once() -> None:
    report = _failing()
    report.findings.append(
        Finding(
            rule="approval-level",
            severity=Severity.ERROR,
            message="approved by a team lead; high risk needs a head of section",
            hint="",
            event=2,
        )
    )
    root = _junit([report])
    failures = [[f.get("type") for f in case.findall("failure")] for case in root.iter("testcase")]
    assert failures == [["too-few-actors"], [], ["approval-level"]]
    assert root.get("failures") == "2"
    assert ET.tostring(root, "unicode").count("smallest repair") == 1


def test_junit_shows_a_waived_finding_as_skipped() -> None:
    waived = replace(_failing().findings[0], waived="W-7 (a second reviewer was on leave)")
    root = _junit([Report(record="CHG-9", path="c.yaml", findings=[waived])])
    (case,) = root.iter("testcase")
    assert case.findtext("skipped") == "waived by W-7 (a second reviewer was on leave)"
    assert case.find("failure") is None
    assert (root.find("testsuite") or root).get("skipped") == "1"


def test_junit_escapes_what_xml_cannot_hold() -> None:
    message = "stage <deploy> & \"prod\" 'eu' \x1b[31m"
    finding = Finding(rule="missing-stage", severity=Severity.ERROR, message=message, hint="a<b")
    report = Report(record='R&D "1"', path="records/<odd>.yaml", findings=[finding])
    out = render_reports([report], "junit")
    (case,) = ET.fromstring(out).iter("testcase")
    assert case.attrib == {"classname": 'R&D "1"', "name": "missing-stage (C002)"}
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "C002: stage <deploy> & \"prod\" 'eu' \ufffd[31m"
    assert (
        failure.text == "records/<odd>.yaml\nstage <deploy> & \"prod\" 'eu' \ufffd[31m\nhint: a<b"
    )
    assert "\x1b" not in out


def test_the_schema_check_is_not_vacuous(sarif_schema: Any) -> None:
    log = _sarif(_reports())
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del log["runs"][0]["results"][1]["message"]
    errors = sorted(e.message for e in jsonschema.Draft7Validator(sarif_schema).iter_errors(log))
    assert errors == ["'message' is a required property", "0 is less than the minimum of 1"]
