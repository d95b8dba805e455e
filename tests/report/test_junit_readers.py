"""JUnit as CI reads it: real ``sdlc check --format junit`` output is valid against the
Jenkins JUnit schema (tests/data/junit), and junitparser, xunitparser and junit2html
each show every finding of the JSON report of the same check.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import Any

import junitparser
import pytest
import xunitparser
from junit2htmlreport.parser import Junit
from lxml import etree

from sdlc.report.reporters import render_reports
from sdlc.rules.catalogue import Severity
from sdlc.rules.findings import Finding, Report
from tests.conftest import EID, EID_ROSTER, ROOT, RunCli

SCHEMA = Path(__file__).parents[1] / "data" / "junit" / "jenkins-junit.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture
def checked(run_cli: RunCli, tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    """The JUnit file and the JSON reports of one check of the shipped examples and an
    unreadable file."""
    records = tmp_path / "records"
    shutil.copytree(ROOT / "examples", records, ignore=shutil.ignore_patterns("archive"))
    (records / "broken.yaml").write_text("id: [\n", "utf-8")
    reports = []
    for fmt in ("junit", "json"):
        code, _, err = run_cli(
            "check", str(records), "--process", str(EID), "--roster", str(EID_ROSTER),
            "--format", fmt, "--output", str(tmp_path / f"out.{fmt}"),
            "--source-root", str(tmp_path),
        )  # fmt: skip
        assert code == 2, err
    reports = json.loads((tmp_path / "out.json").read_text("utf-8"))
    return tmp_path / "out.junit", reports


def _failing(reports: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(record, "code: message") of each failing finding, as the JSON report has them."""
    return sorted(
        (r["id"], f"{f['code']}: {f['message']}")
        for r in reports
        for f in r["findings"]
        if f["severity"] == "error" and "waived" not in f
    )


def test_the_output_is_valid_against_the_jenkins_schema(
    schema: etree.XMLSchema, checked: tuple[Path, list[dict[str, Any]]]
) -> None:
    junit, _ = checked
    document = etree.parse(str(junit))
    assert schema.validate(document), schema.error_log


def test_the_schema_check_is_not_vacuous(
    schema: etree.XMLSchema, checked: tuple[Path, list[dict[str, Any]]]
) -> None:
    document = etree.parse(str(checked[0]))
    document.getroot().set("skipped", "0")  # what sdlc once wrote: not allowed here
    assert not schema.validate(document)
    assert "The attribute 'skipped' is not allowed" in str(schema.error_log)


def test_junitparser_shows_every_finding(checked: tuple[Path, list[dict[str, Any]]]) -> None:
    junit, reports = checked
    seen, errors, cases = [], [], 0
    for suite in junitparser.JUnitXml.fromfile(str(junit)):
        for case in suite:
            cases += 1
            for result in case.result:
                if isinstance(result, junitparser.Failure):
                    seen.append((case.classname, result.message))
                elif isinstance(result, junitparser.Error):
                    errors.append(case.name)
    assert sorted(seen) == _failing(reports)
    assert len(seen) > 10
    assert errors == ["records/broken.yaml"]
    every = sum(max(1, len(r["findings"])) for r in reports)
    assert cases == every


def test_xunitparser_shows_every_finding(checked: tuple[Path, list[dict[str, Any]]]) -> None:
    junit, reports = checked
    with junit.open("rb") as stream:
        _, result = xunitparser.parse(stream)
    failed = sorted((case.classname, case.message) for case, _ in result.failures)
    assert failed == _failing(reports)
    assert [case.methodname for case, _ in result.errors] == ["records/broken.yaml"]
    waived = sum("waived" in f for r in reports for f in r["findings"])
    assert len(result.skipped) == waived


def test_junit2html_shows_every_finding(checked: tuple[Path, list[dict[str, Any]]]) -> None:
    junit, reports = checked
    report = Junit(filename=str(junit))
    cases = [case for suite in report.suites for case in suite.all()]
    failed = sorted(
        (case.testclass.name, case.failure_msg)
        for case in cases
        if case.failure is not None and case.testclass is not None
    )
    unreadable = (
        "records/broken.yaml",
        "records/broken.yaml:2:1: YAML syntax error: did not find expected node content",
    )
    assert failed == sorted([*_failing(reports), unreadable])  # it counts an error as failed
    shown = html.unescape(report.html())
    for _, message in _failing(reports):
        assert f"<td>{message}</td>" in shown


def test_a_record_s_repair_appears_once(checked: tuple[Path, list[dict[str, Any]]]) -> None:
    junit, reports = checked
    text = junit.read_text("utf-8")
    repaired = [r for r in reports if r["repair"]]
    assert repaired
    assert text.count("smallest repair") == len(repaired)


def test_warnings_and_notes_pass_and_still_show() -> None:
    note = Finding(rule="incomplete", severity=Severity.INFO, message="no deployment", hint="")
    xml = render_reports([Report(record="R", path="r.yaml", findings=[note])], "junit")
    (suite,) = junitparser.JUnitXml.fromstring(xml.encode("utf-8"))
    (case,) = suite
    assert case.is_passed
    assert case.name == "incomplete (C015)"
    assert case.system_out == "info C015 incomplete\nr.yaml\nno deployment"
