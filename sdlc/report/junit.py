"""The JUnit XML reporter: a test suite per record and a test case per finding, for CI.

The document follows the Jenkins JUnit schema (``junit-4.xsd``, the one Jenkins,
GitLab and most readers take). Each finding is a test case of its own, so that a
reader that keeps one result per test case still shows every finding: an error is
a ``<failure>``, a waived finding is ``<skipped>``, a warning or note passes with
the finding in its ``<system-out>``. A record without findings is one passing
case; an unreadable file is an ``<error>`` in a case named by its path. The
smallest repair is written once, in the suite's ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from ..rules.findings import Finding, Report
from ._shared import repair_lines, where
from .audience import Audience
from .stream import Spill, Tally, render_with

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def case_name(finding: Finding) -> str:
    """A finding's test case: its rule and code, and the event or stage it is about."""
    name = f"{finding.rule} ({finding.code})"
    if finding.event is not None:
        return f"{name}, event #{finding.event}"
    return name if finding.stage is None else f"{name}, stage '{finding.stage}'"


class _Suite:
    """One record's suite, built a case at a time with its counts."""

    def __init__(self, report: Report, audience: Audience) -> None:
        self.report, self.audience = report, audience
        named = report.record if report.error is None else report.path or report.record
        self.name = _xml(audience.relative(named) if named == report.path else named)
        """The record's id; the file's path when it could not be read."""
        self.element = ET.Element("testsuite", {"name": self.name})
        self.counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def case(self, name: str, outcome: str | None = None) -> ET.Element:
        self.counts["tests"] += 1
        if outcome is not None:
            self.counts[outcome] += 1
        return ET.SubElement(self.element, "testcase", {"classname": self.name, "name": name})

    def text(self, value: str) -> str:
        return _xml(self.audience.scrub(value, self.report.path))

    def finding(self, finding: Finding) -> None:
        said = [self.text(where(self.report, finding)), self.text(finding.message)]
        said += [self.text(f"hint: {finding.hint}")] if finding.hint else []
        if finding.waived is not None:
            case = self.case(self.text(case_name(finding)), "skipped")
            ET.SubElement(case, "skipped").text = self.text(f"waived by {finding.waived}")
            ET.SubElement(case, "system-out").text = "\n".join(said)
        elif finding.failing:
            case = self.case(self.text(case_name(finding)), "failures")
            message = self.text(f"{finding.code}: {finding.message}")
            failure = ET.SubElement(case, "failure", {"type": finding.rule, "message": message})
            failure.text = "\n".join(said)
        else:
            case = self.case(self.text(case_name(finding)))
            ET.SubElement(case, "system-out").text = "\n".join(
                [f"{finding.severity.value} {finding.code} {finding.rule}", *said]
            )

    def build(self, tool_version: str | None) -> ET.Element:
        """The suite; with sdlc's version as a property when given (readers such as
        xunitparser merge the suites' properties, and refuse a name twice)."""
        report = self.report
        if tool_version is not None:
            properties = ET.SubElement(self.element, "properties")
            ET.SubElement(properties, "property", {"name": "sdlc.version", "value": tool_version})
        if report.error is not None:
            error_text = self.text(report.error)
            first = error_text.splitlines()[0] if error_text else ""
            case = self.case(self.name, "errors")
            error = ET.SubElement(case, "error", {"type": "unreadable", "message": first})
            error.text = error_text
        else:
            for finding in report.findings:
                self.finding(finding)
            if not report.findings:
                self.case("compliant")
        repair = repair_lines(report)
        if repair:
            ET.SubElement(self.element, "system-out").text = self.text("\n".join(repair))
        for key, value in self.counts.items():
            self.element.set(key, str(value))
        return self.element


_SUITES = "sdlc-testsuites"
"""A stand-in element for the suites, replaced by them when the document is written."""
_BEFORE_SUITE = "\n  "
"""What comes before each suite: it is at the second level, under ``testsuites``."""


class JUnitWriter:
    """The JUnit document: suites are kept in a spill as the reports come, and the
    root, which must begin with the counts, is written around them at the end."""

    def __init__(
        self, stream: TextIO, *, color: bool, tool_version: str, audience: Audience
    ) -> None:
        del color
        self.stream = stream
        self.tool_version = _xml(tool_version)
        self.audience = audience
        self.tally = Tally()
        self.notices: list[str] = []
        self.counts = {"tests": 0, "failures": 0, "errors": 0}
        self.suites = Spill()

    def add(self, report: Report) -> None:
        self.tally.add(report)
        suite = _Suite(report, self.audience)
        element = suite.build(self.tool_version if self.tally.total == 1 else None)
        for key in self.counts:
            self.counts[key] += suite.counts[key]
        ET.indent(element, level=1)
        self.suites.write(_BEFORE_SUITE + ET.tostring(element, "unicode"))

    def close(self) -> None:
        counts = {key: str(value) for key, value in self.counts.items()}
        root = ET.Element("testsuites", {"name": "sdlc check", **counts})
        ET.SubElement(root, _SUITES)
        ET.indent(root)
        document = ET.tostring(root, "unicode")
        head, tail = document.split(f"{_BEFORE_SUITE}<{_SUITES} />", 1)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head)
        self.suites.copy_to(self.stream)
        self.stream.write(tail + "\n")


def render_junit(
    reports: Sequence[Report],
    *,
    color: bool,
    tool_version: str,
    audience: Audience | None = None,
) -> str:
    """JUnit XML: a ``<testsuite>`` per record, a ``<testcase>`` per finding.

    An error finding is the case's one ``<failure>``, a waived one is ``<skipped>``,
    a warning or note passes and says so in ``<system-out>``; a record without
    findings is one passing case named ``compliant``; an unreadable record is an
    ``<error>`` in a case named by its path. The repair is in the suite's
    ``<system-out>``. The counts are of cases.
    """
    return render_with(
        JUnitWriter, reports, color=color, tool_version=tool_version, audience=audience
    )
