"""The JUnit XML reporter: one testcase per record, for CI dashboards."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..rules.findings import Report
from ._shared import repair_lines, where

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def _case(report: Report, suite: ET.Element) -> tuple[bool, bool]:
    """Add one testcase; return (failed, errored)."""
    names = {"classname": _xml(report.path or "records"), "name": _xml(report.record)}
    case = ET.SubElement(suite, "testcase", names)
    if report.error is not None:
        first = report.error.splitlines()[0] if report.error else ""
        error = ET.SubElement(case, "error", {"type": "unreadable", "message": _xml(first)})
        error.text = _xml(report.error)
        return False, True
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
    return failed, False


def render_junit(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """JUnit XML: one testcase per record, one ``<failure>`` per failing finding.

    Warnings, notes and waived findings go to the testcase's ``<system-out>``; an
    unreadable record is an ``<error>``. The ``failures`` and ``errors`` counts are
    of testcases, so ``tests - failures - errors`` records passed.
    """
    del color
    root = ET.Element("testsuites", {"name": "sdlc", "tests": str(len(reports))})
    suite = ET.SubElement(root, "testsuite", {"name": "sdlc check", "tests": str(len(reports))})
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "sdlc.version", "value": _xml(tool_version)})
    outcomes = [_case(r, suite) for r in reports]
    for element in (root, suite):
        element.set("failures", str(sum(failed for failed, _ in outcomes)))
        element.set("errors", str(sum(errored for _, errored in outcomes)))
        element.set("skipped", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
