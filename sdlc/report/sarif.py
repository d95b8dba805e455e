"""The SARIF 2.1.0 reporter: findings as code-scanning results.

Every rule of the catalogue is listed in the driver; each finding is a result at
the line it points at, with a partial fingerprint that stays the same while the
record, rule, event and stage do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TextIO
from urllib.parse import quote

from ..rules.catalogue import RULES, Severity
from ..rules.findings import Finding, Report
from ._shared import line_of
from .stream import Spill, Tally, render_with

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/sdlc-dev/sdlc"
"""Where SARIF consumers send people to learn about the tool."""
FINGERPRINT_KEY = "sdlcFindingHash/v1"
"""The ``partialFingerprints`` key; bump the version if the hashed fields change."""

_LEVEL = dict(zip(Severity, ("error", "warning", "note", "none"), strict=True))
"""error, warn, info, off: in the order :class:`Severity` declares them."""
_RULE_INDEX = {slug: n for n, slug in enumerate(RULES)}


def _uri(path: str) -> str:
    """A relative URI reference for a path as given (POSIX separators, percent-encoded)."""
    return quote(path.replace("\\", "/"), safe="/")


def _fingerprint(report: Report, finding: Finding) -> str:
    event = "" if finding.event is None else str(finding.event)
    parts = [report.record, finding.rule, event, finding.stage or ""]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _rule(slug: str) -> dict[str, object]:
    r = RULES[slug]
    return {
        "id": slug,
        "name": "".join(word.capitalize() for word in slug.split("-")),
        "shortDescription": {"text": r.summary},
        "defaultConfiguration": {"level": _LEVEL[r.severity]},
        "properties": {"code": r.code, "tags": [r.area]},
    }


def _result(report: Report, finding: Finding) -> dict[str, object]:
    region: dict[str, int] = {"startLine": max(1, line_of(report, finding) or 1)}
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
        "level": _LEVEL[finding.severity],
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


_RESULTS = "\x00results"
_NOTES = "\x00notifications"
"""Stand-ins for the two lists, spliced into the log when it is written."""


def _log(driver: dict[str, object], successful: bool, notes: object) -> dict[str, object]:
    invocation: dict[str, object] = {"executionSuccessful": successful}
    if notes is not None:
        invocation["toolExecutionNotifications"] = notes
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": _RESULTS,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def _indent(log: str, stand_in: str) -> str:
    """The indentation of the line that holds ``stand_in`` in ``log``."""
    line = next(line for line in log.split("\n") if _dumps(stand_in) in line)
    return " " * (len(line) - len(line.lstrip(" ")))


class SarifWriter:
    """The SARIF log: results and notifications are kept in spills as the reports come,
    and the log is written around them at the end."""

    def __init__(self, stream: TextIO, *, color: bool, tool_version: str) -> None:
        del color
        self.stream = stream
        self.tally = Tally()
        self.driver: dict[str, object] = {
            "name": "sdlc",
            "informationUri": INFORMATION_URI,
            "version": tool_version,
            "rules": [_rule(slug) for slug in RULES],
        }
        layout = _dumps(_log(self.driver, False, _NOTES))
        self.indents = {name: _indent(layout, name) for name in (_RESULTS, _NOTES)}
        self.spills = {_RESULTS: Spill(), _NOTES: Spill()}

    def _keep(self, name: str, item: dict[str, object]) -> None:
        spill = self.spills[name]
        inner = self.indents[name] + "  "
        text = "\n".join(inner + line for line in _dumps(item).split("\n"))
        spill.write(text if spill.count == 0 else ",\n" + text)

    def add(self, report: Report) -> None:
        self.tally.add(report)
        if report.error is not None:
            self._keep(_NOTES, _notification(report))
            return
        for finding in report.findings:
            self._keep(_RESULTS, _result(report, finding))

    def close(self) -> None:
        notes = self.spills[_NOTES]
        log = _dumps(_log(self.driver, notes.count == 0, _NOTES if notes.count else None))
        rest = log + "\n"
        for name in (_NOTES, _RESULTS):
            spill = self.spills[name]
            if name == _NOTES and spill.count == 0:
                continue
            head, rest = rest.split(_dumps(name), 1)
            self.stream.write(head)
            if spill.count == 0:
                self.stream.write("[]")
                continue
            self.stream.write("[\n")
            spill.copy_to(self.stream)
            self.stream.write("\n" + self.indents[name] + "]")
        self.stream.write(rest)


def render_sarif(reports: Sequence[Report], *, color: bool, tool_version: str) -> str:
    """A SARIF 2.1.0 log with one run, for code scanning.

    The driver lists every rule in the catalogue; each finding is a result at the
    line of the event it is about, with a stable partial fingerprint (record,
    rule, event, stage); a waived finding carries an accepted external
    suppression whose justification is the waiver. Unreadable records are tool
    execution notifications, and make ``executionSuccessful`` false.
    """
    return render_with(SarifWriter, reports, color=color, tool_version=tool_version)
