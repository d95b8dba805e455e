"""Reporters: the reports of a check as text, JSON, SARIF 2.1.0 or JUnit XML.

Each reporter takes the reports and returns the whole output as a string; none of
them prints. They are looked up by name in :data:`REPORTERS` (as check-jsonschema
does), and the same reports always give the same output, byte for byte: no
timestamps, records in the order given, keys sorted where order means nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from importlib import metadata
from typing import Protocol
from urllib.parse import quote

from ..errors import UsageError, did_you_mean, one_of
from ..rules.catalogue import RULES, Severity
from ..rules.findings import Finding, Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/sdlc-dev/sdlc"
"""Where SARIF consumers send people to learn about the tool."""
FINGERPRINT_KEY = "sdlcFindingHash/v1"
"""The ``partialFingerprints`` key; bump the version if the hashed fields change."""


def _installed_version() -> str:
    try:
        return metadata.version("sdlc")
    except metadata.PackageNotFoundError:
        return "0+unknown"


TOOL_VERSION = _installed_version()
"""The installed version of sdlc, or ``0+unknown`` when it runs from a plain checkout."""


class Reporter(Protocol):
    """A function that turns reports into one output document."""

    def __call__(self, reports: Sequence[Report], *, color: bool, tool_version: str) -> str: ...


# --- shared helpers ---------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _printable(text: str) -> str:
    """``text`` with control and bidi characters shown as ``\\xNN`` or ``\\uNNNN``."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _line(report: Report, finding: Finding) -> int | None:
    """The line a finding points at: its own location, its event's line, the record's."""
    if finding.location is not None and finding.location.line is not None:
        return finding.location.line
    if finding.event is not None and 1 <= finding.event <= len(report.event_lines):
        return report.event_lines[finding.event - 1]  # events are numbered from 1
    return report.line


def _where(report: Report, finding: Finding) -> str:
    """``path:line`` (or ``path:line:column``) for a finding, as people read it."""
    if finding.location is not None:
        return str(finding.location)
    place = report.path or report.record
    line = _line(report, finding)
    return place if line is None else f"{place}:{line}"


def _counts(reports: Sequence[Report]) -> tuple[int, int, int]:
    """(compliant, not compliant, unreadable)."""
    unreadable = sum(r.error is not None for r in reports)
    compliant = sum(r.compliant for r in reports)
    return compliant, len(reports) - compliant - unreadable, unreadable


def _repair_lines(report: Report) -> list[str]:
    if not report.repair:
        return []
    lines = [f"smallest repair ({_plural(len(report.repair), 'step')}):"]
    lines += [f"  {n}. {step.text}" for n, step in enumerate(report.repair, 1)]
    return lines


# --- text -------------------------------------------------------------------------

_RESET, _GREEN, _RED, _YELLOW, _BLUE, _DIM = (f"\033[{n}m" for n in (0, 32, 31, 33, 34, 2))
_COLORS = {Severity.ERROR: _RED, Severity.WARN: _YELLOW, Severity.INFO: _BLUE, Severity.OFF: _DIM}


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _indented(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in _printable(text).splitlines() or [""]]


def _text_record(report: Report, color: bool) -> list[str]:
    label = _printable(report.record)
    if report.path is not None:
        label = f"{_printable(report.path)}: {label}"
    if report.risk is not None:
        label += f" (risk {_printable(report.risk)})"
    if report.error is not None:
        return [f"{label}: {_paint('unreadable', _RED, color)}", *_indented(report.error, "  ")]
    found = _plural(len(report.findings), "finding")
    waived = sum(f.waived is not None for f in report.findings)
    if waived:
        found += f", {waived} waived"
    if not report.compliant:
        status = _paint(f"not compliant, {found}", _RED, color)
    elif report.findings:
        status = _paint("compliant", _GREEN, color) + f", {found}"
    else:
        status = _paint("compliant", _GREEN, color)
    lines = [f"{label}: {status}"]
    for f in report.findings:
        severity = "waived" if f.waived is not None else f.severity.value
        shade = _DIM if f.waived is not None else _COLORS[f.severity]
        word = _paint(severity, shade, color) + " " * (5 - len(severity))
        first, *rest = _printable(f.message).splitlines() or [""]
        lines.append(f"  {_printable(_where(report, f))}  {word} {f.code} {f.rule}  {first}")
        lines += ["    " + line for line in rest]
        if f.hint:
            lines += _indented(f"hint: {f.hint}", "    ")
        if f.waived is not None:
            lines += _indented(f"waived by {f.waived}", "    ")
    lines += ["  " + _printable(line) for line in _repair_lines(report)]
    return lines


def render_text(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """One block per record (status, findings with hints, smallest repair), then a summary.

    Finding lines start with two spaces and name where, severity, code and rule;
    the summary reads ``checked N records: X compliant, Y not compliant, Z
    unreadable``. ANSI colour only when ``color`` is true; control characters in
    the input are shown escaped, so a record can never colour the terminal itself.
    """
    del tool_version  # people reading text know which sdlc they ran
    lines: list[str] = []
    for report in reports:
        lines += _text_record(report, color)
    compliant, failing, unreadable = _counts(reports)
    lines.append(
        f"checked {_plural(len(reports), 'record')}: {compliant} compliant, "
        f"{failing} not compliant, {unreadable} unreadable"
    )
    return "\n".join(lines) + "\n"


# --- json -------------------------------------------------------------------------


def render_json(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """A JSON list with :meth:`Report.as_dict` of each record (DESIGN §7), indented by 2."""
    del color, tool_version
    return json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False) + "\n"


# --- sarif ------------------------------------------------------------------------

_SARIF_LEVEL = dict(zip(Severity, ("error", "warning", "note", "none"), strict=True))
"""error, warn, info, off: in the order :class:`Severity` declares them."""
_RULE_INDEX = {slug: n for n, slug in enumerate(RULES)}


def _uri(path: str) -> str:
    """A relative URI reference for a path as given (POSIX separators, percent-encoded)."""
    return quote(path.replace("\\", "/"), safe="/")


def _fingerprint(report: Report, finding: Finding) -> str:
    event = "" if finding.event is None else str(finding.event)
    parts = [report.record, finding.rule, event, finding.stage or ""]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _sarif_rule(slug: str) -> dict[str, object]:
    r = RULES[slug]
    return {
        "id": slug,
        "name": "".join(word.capitalize() for word in slug.split("-")),
        "shortDescription": {"text": r.summary},
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        "properties": {"code": r.code, "tags": [r.area]},
    }


def _sarif_result(report: Report, finding: Finding) -> dict[str, object]:
    region: dict[str, int] = {"startLine": max(1, _line(report, finding) or 1)}
    path = report.path or report.record
    if finding.location is not None:
        path = finding.location.path
        if finding.location.line is not None and finding.location.column is not None:
            region["startColumn"] = max(1, finding.location.column)
    text = finding.message.rstrip()
    if finding.hint:  # a sentence of its own: viewers show only the first when short of room
        stop = "" if text.endswith((".", "!", "?")) else "."
        text = f"{text}{stop} {finding.hint}"
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}
        ],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(report, finding)},
    }
    if finding.waived is not None:  # a recorded, approved exception: shown, not failing
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.waived}
        ]
    about = {"record": report.record, "event": finding.event, "stage": finding.stage}
    result["properties"] = {key: value for key, value in about.items() if value is not None}
    if finding.rule in _RULE_INDEX:
        result["ruleIndex"] = _RULE_INDEX[finding.rule]
    return result


def _notification(report: Report) -> dict[str, object]:
    note: dict[str, object] = {"level": "error", "message": {"text": report.error or ""}}
    if report.path is not None:
        location = {"artifactLocation": {"uri": _uri(report.path)}}
        note["locations"] = [{"physicalLocation": location}]
    return note


def render_sarif(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """A SARIF 2.1.0 log with one run, for code scanning.

    The driver lists every rule in the catalogue; each finding is a result at the
    line of the event it is about, with a stable partial fingerprint (record,
    rule, event, stage); a waived finding carries an accepted external
    suppression whose justification is the waiver. Unreadable records are tool
    execution notifications, and make ``executionSuccessful`` false.
    """
    del color
    results = [_sarif_result(r, f) for r in reports if r.error is None for f in r.findings]
    unreadable = [_notification(r) for r in reports if r.error is not None]
    invocation: dict[str, object] = {"executionSuccessful": not unreadable}
    if unreadable:
        invocation["toolExecutionNotifications"] = unreadable
    driver = {
        "name": "sdlc",
        "informationUri": INFORMATION_URI,
        "version": tool_version,
        "rules": [_sarif_rule(slug) for slug in RULES],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- junit ------------------------------------------------------------------------


def _xml(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry replaced by U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def _junit_case(report: Report, suite: ET.Element) -> tuple[bool, bool]:
    """Add one testcase; return (failed, errored)."""
    names = {"classname": _xml(report.path or "records"), "name": _xml(report.record)}
    case = ET.SubElement(suite, "testcase", names)
    if report.error is not None:
        first = report.error.splitlines()[0] if report.error else ""
        error = ET.SubElement(case, "error", {"type": "unreadable", "message": _xml(first)})
        error.text = _xml(report.error)
        return False, True
    repair = _repair_lines(report)
    out: list[str] = []
    failed = False
    for f in report.findings:
        if f.failing:
            failed = True
            attrs = {"type": f.rule, "message": _xml(f"{f.code}: {f.message}")}
            failure = ET.SubElement(case, "failure", attrs)
            body = [_where(report, f), *([f"hint: {f.hint}"] if f.hint else []), *repair]
            failure.text = _xml("\n".join(body))
        else:
            word = "waived" if f.waived is not None else f.severity.value
            out.append(f"{_where(report, f)}  {word} {f.code} {f.rule}  {f.message}")
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
    outcomes = [_junit_case(r, suite) for r in reports]
    for element in (root, suite):
        element.set("failures", str(sum(failed for failed, _ in outcomes)))
        element.set("errors", str(sum(errored for _, errored in outcomes)))
        element.set("skipped", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


REPORTERS: dict[str, Reporter] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "junit": render_junit,
}
"""The reporters by name: what ``--format`` accepts."""

FORMATS = tuple(REPORTERS)


def render_reports(
    reports: Sequence[Report],
    fmt: str,
    *,
    color: bool = False,
    tool_version: str = TOOL_VERSION,
) -> str:
    """Render ``reports`` in the format named ``fmt`` (one of :data:`FORMATS`).

    ``color`` only affects ``text``; ``tool_version`` is what SARIF and JUnit
    name as the version of sdlc. An unknown ``fmt`` is a :class:`UsageError`.
    """
    reporter = REPORTERS.get(fmt)
    if reporter is None:
        raise UsageError(f"unknown format {fmt!r} ({one_of(FORMATS)}).{did_you_mean(fmt, FORMATS)}")
    return reporter(reports, color=color, tool_version=tool_version)
