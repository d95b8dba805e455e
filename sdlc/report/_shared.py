"""What the reporters share: where a finding points, plurals, repair steps, and text
from records made safe to show.
"""

from __future__ import annotations

import re

from ..rules.findings import Finding, Report

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control and bidi characters shown as ``\\xNN`` or ``\\uNNNN``."""
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def line_of(report: Report, finding: Finding) -> int | None:
    """The line a finding points at: its own location, its event's line, the record's."""
    if finding.location is not None and finding.location.line is not None:
        return finding.location.line
    if finding.event is not None and 1 <= finding.event <= len(report.event_lines):
        return report.event_lines[finding.event - 1]  # events are numbered from 1
    return report.line


def where(report: Report, finding: Finding) -> str:
    """``path:line`` (or ``path:line:column``) for a finding, as people read it."""
    if finding.location is not None:
        return str(finding.location)
    place = report.path or report.record
    line = line_of(report, finding)
    return place if line is None else f"{place}:{line}"


def repair_lines(report: Report) -> list[str]:
    """The smallest repair as numbered lines under a heading; none when nothing to repair."""
    if not report.repair:
        return []
    lines = [f"smallest repair ({plural(len(report.repair), 'step')}):"]
    lines += [f"  {n}. {step.text}" for n, step in enumerate(report.repair, 1)]
    return lines + ([f"  ({report.repair_note})"] if report.repair_note else [])
