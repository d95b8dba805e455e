"""The SARIF 2.1.0 reporter: findings as code-scanning results.

Every rule of the catalogue is listed in the driver (:mod:`.sarif_rules`); each
finding is a result at the line it points at, in a file named relative to the
source root, with a partial fingerprint that stays the same while the record,
rule, event and stage do. A run keeps at most GitHub's 25,000 results: the most
severe, and says so.
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
from .audience import Audience
from .sarif_rules import LEVEL, descriptor
from .stream import Spill, Tally, render_with

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/sdlc-dev/sdlc"
"""Where SARIF consumers send people to learn about the tool."""
FINGERPRINT_KEY = "sdlcFindingHash/v1"
"""The ``partialFingerprints`` key; bump the version if the hashed fields change."""
ROOT_ID = "SRCROOT"
"""The ``uriBaseId`` every location is relative to: the source root."""

_RULE_INDEX = {slug: n for n, slug in enumerate(RULES)}
_SEVERITIES = list(Severity)


def _uri(path: str, audience: Audience) -> str:
    """A URI reference relative to the source root (POSIX separators, percent-encoded)."""
    return quote(audience.relative(path), safe="/")


def _artifact(path: str, audience: Audience) -> dict[str, object]:
    return {"artifactLocation": {"uri": _uri(path, audience), "uriBaseId": ROOT_ID}}


def _rank(finding: Finding) -> int:
    """How severe a result is, 0 the most: by level, and a waived one after all others."""
    return _SEVERITIES.index(finding.severity) + (len(_SEVERITIES) if finding.waived else 0)


def _fingerprint(report: Report, finding: Finding) -> str:
    event = "" if finding.event is None else str(finding.event)
    parts = [report.record, finding.rule, event, finding.stage or ""]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _result(report: Report, finding: Finding, audience: Audience) -> dict[str, object]:
    region: dict[str, int] = {"startLine": max(1, line_of(report, finding) or 1)}
    path = report.path or report.record
    if finding.location is not None:
        path = finding.location.path
        if finding.location.line is not None and finding.location.column is not None:
            region["startColumn"] = max(1, finding.location.column)
    text = audience.scrub(finding.message.rstrip(), report.path)
    if finding.hint:  # a sentence of its own: viewers show only the first when short of room
        stop = "" if text.endswith((".", "!", "?")) else "."
        text = f"{text}{stop} {audience.scrub(finding.hint, report.path)}"
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {**_artifact(path, audience), "region": region}}],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(report, finding)},
    }
    if finding.waived is not None:  # a recorded, approved exception: shown, not failing
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": audience.scrub(finding.waived, report.path),
            }
        ]
    about = {"record": report.record, "event": finding.event, "stage": finding.stage}
    result["properties"] = {key: value for key, value in about.items() if value is not None}
    if finding.rule in _RULE_INDEX:
        result["ruleIndex"] = _RULE_INDEX[finding.rule]
    return result


def _notification(report: Report, audience: Audience) -> dict[str, object]:
    text = audience.scrub(report.error or "", report.path)
    note: dict[str, object] = {"level": "error", "message": {"text": text}}
    if report.path is not None:
        note["locations"] = [{"physicalLocation": _artifact(report.path, audience)}]
    return note


def left_out(kept: int, total: int) -> str:
    """What a run that keeps ``kept`` of ``total`` results says about the rest."""
    return (
        f"kept the {kept:,} most severe of {total:,} results and left out {total - kept:,}: "
        f"GitHub code scanning accepts at most {kept:,} in a run; "
        "'sdlc check --format json' lists them all"
    )


def _quotas(ranks: bytearray, limit: int) -> list[int]:
    """How many results of each rank to keep: all of the most severe, up to ``limit``."""
    quotas = []
    room = limit
    for rank in range(2 * len(_SEVERITIES)):
        take = min(room, ranks.count(rank))
        quotas.append(take)
        room -= take
    return quotas


_RESULTS = "\x00results"
_NOTES = "\x00notifications"
"""Stand-ins for the two lists, spliced into the log when it is written."""


def _log(
    driver: dict[str, object], audience: Audience, successful: bool, notes: object
) -> dict[str, object]:
    invocation: dict[str, object] = {"executionSuccessful": successful}
    if notes is not None:
        invocation["toolExecutionNotifications"] = notes
    root = {"description": {"text": "The root of the repository the records are in."}}
    run: dict[str, object] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "originalUriBaseIds": {ROOT_ID: root},
        "columnKind": "unicodeCodePoints",
        "results": _RESULTS,
    }
    checkout = audience.checkout
    if checkout is not None:
        run["automationDetails"] = {"id": f"sdlc/{checkout.revision}"}
        if checkout.repository_uri is not None:
            vcs: dict[str, object] = {
                "repositoryUri": checkout.repository_uri,
                "revisionId": checkout.revision,
                "mappedTo": {"uriBaseId": ROOT_ID},
            }
            if checkout.branch is not None:
                vcs["branch"] = checkout.branch
            run["versionControlProvenance"] = [vcs]
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

    def __init__(
        self, stream: TextIO, *, color: bool, tool_version: str, audience: Audience
    ) -> None:
        del color
        self.stream = stream
        self.audience = audience
        self.tally = Tally()
        self.notices: list[str] = []
        self.ranks = bytearray()
        self.driver: dict[str, object] = {
            "name": "sdlc",
            "informationUri": INFORMATION_URI,
            "version": tool_version,
            "rules": [descriptor(slug, audience.help_uri_base) for slug in RULES],
        }
        layout = _dumps(_log(self.driver, audience, False, _NOTES))
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
            self._keep(_NOTES, _notification(report, self.audience))
            return
        for finding in report.findings:
            self._keep(_RESULTS, _result(report, finding, self.audience))
            self.ranks.append(_rank(finding))

    def _copy_results(self) -> None:
        spill, limit = self.spills[_RESULTS], self.audience.max_results
        if spill.count <= limit:
            spill.copy_to(self.stream)
            return
        quotas = _quotas(self.ranks, limit)
        first = True
        for rank, item in zip(self.ranks, spill.items(), strict=True):
            if quotas[rank] == 0:
                continue
            quotas[rank] -= 1
            text = item.removeprefix(",\n")
            self.stream.write(text if first else ",\n" + text)
            first = False

    def close(self) -> None:
        results, notes = self.spills[_RESULTS], self.spills[_NOTES]
        if results.count > self.audience.max_results:
            said = left_out(self.audience.max_results, results.count)
            self._keep(_NOTES, {"level": "warning", "message": {"text": said}})
            self.notices.append(f"SARIF: {said}")
        successful = self.tally.unreadable == 0
        log = _dumps(_log(self.driver, self.audience, successful, _NOTES if notes.count else None))
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
            if name == _RESULTS:
                self._copy_results()
            else:
                spill.copy_to(self.stream)
            self.stream.write("\n" + self.indents[name] + "]")
        self.stream.write(rest)


def render_sarif(
    reports: Sequence[Report],
    *,
    color: bool,
    tool_version: str,
    audience: Audience | None = None,
) -> str:
    """A SARIF 2.1.0 log with one run, for code scanning.

    The driver lists every rule in the catalogue; each finding is a result at the
    line of the event it is about, with a stable partial fingerprint (record,
    rule, event, stage); a waived finding carries an accepted external
    suppression whose justification is the waiver. Unreadable records are tool
    execution notifications, and make ``executionSuccessful`` false. Paths are
    relative to ``audience.root`` (see :class:`~.audience.Audience`).
    """
    return render_with(
        SarifWriter, reports, color=color, tool_version=tool_version, audience=audience
    )
