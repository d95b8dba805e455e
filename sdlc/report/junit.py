"""The JUnit XML reporter: one testcase per record, for CI dashboards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from ..rules.findings import Report
from ._shared import repair_lines, where
from .stream import Spill, Tally, render_with

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def _case(report: Report) -> tuple[ET.Element, bool, bool]:
    """One testcase; and whether it failed, and whether it is an error."""
    names = {"classname": _xml(report.path or "records"), "name": _xml(report.record)}
    case = ET.Element("testcase", names)
    if report.error is not None:
        first = report.error.splitlines()[0] if report.error else ""
        error = ET.SubElement(case, "error", {"type": "unreadable", "message": _xml(first)})
        error.text = _xml(report.error)
        return case, False, True
    repair = repair_lines(report)
    out: list[str] = []
    failed = False
    for f in report.findings:
        if f.failing:
            failed = True
            attrs = {"type": f.rule, "message": _xml(f"{f.code}: {f.message}")}
            failure = ET.SubElement(case, "failure", attrs)
            body = [where(report, f), *([f"hint: {f.hint}"] if f.hint else []), *repair]
            failure.text = _xml("\n".join(body))
        else:
            word = "waived" if f.waived is not None else f.severity.value
            out.append(f"{where(report, f)}  {word} {f.code} {f.rule}  {f.message}")
            out += [f"  hint: {f.hint}"] if f.hint else []
            out += [f"  waived by {f.waived}"] if f.waived is not None else []
    if out:
        ET.SubElement(case, "system-out").text = _xml("\n".join(out))
    return case, failed, False


_CASES = "sdlc-testcases"
"""A stand-in element for the testcases, replaced by them when the document is written."""
_BEFORE_CASE = "\n    "
"""What comes before each testcase: it is at the third level, under the suite."""


class JUnitWriter:
    """The JUnit document: testcases are kept in a spill as the reports come, and the
    suites, which must begin with the counts, are written around them at the end."""

    def __init__(self, stream: TextIO, *, color: bool, tool_version: str) -> None:
        del color
        self.stream = stream
        self.tool_version = tool_version
        self.tally = Tally()
        self.failures = 0
        self.errors = 0
        self.cases = Spill()

    def add(self, report: Report) -> None:
        self.tally.add(report)
        case, failed, errored = _case(report)
        self.failures += failed
        self.errors += errored
        ET.indent(case, level=2)
        self.cases.write(_BEFORE_CASE + ET.tostring(case, "unicode"))

    def close(self) -> None:
        counts = {
            "tests": str(self.tally.total),
            "failures": str(self.failures),
            "errors": str(self.errors),
            "skipped": "0",
        }
        root = ET.Element("testsuites", {"name": "sdlc", **counts})
        suite = ET.SubElement(root, "testsuite", {"name": "sdlc check", **counts})
        properties = ET.SubElement(suite, "properties")
        version = {"name": "sdlc.version", "value": _xml(self.tool_version)}
        ET.SubElement(properties, "property", version)
        ET.SubElement(suite, _CASES)
        ET.indent(root)
        document = ET.tostring(root, "unicode")
        head, tail = document.split(f"{_BEFORE_CASE}<{_CASES} />", 1)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head)
        self.cases.copy_to(self.stream)
        self.stream.write(tail + "\n")


def render_junit(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """JUnit XML: one testcase per record, one ``<failure>`` per failing finding.

    Warnings, notes and waived findings go to the testcase's ``<system-out>``; an
    unreadable record is an ``<error>``. The ``failures`` and ``errors`` counts are
    of testcases, so ``tests - failures - errors`` records passed.
    """
    return render_with(JUnitWriter, reports, color=color, tool_version=tool_version)
