"""Waivers: recorded, approved, bounded exceptions to one rule for some changes.

A waiver file (:mod:`sdlc.evolution.waiver_file`) lists waivers;
:func:`apply_waivers` runs after the checker, on its report. A finding a waiver
matches is marked waived (it no longer fails) when the waiver is in force, signed
as the process requires, approved at the level the process requires (per rule and
risk), and within the process's bounds on how long and how widely a waiver may
apply. Otherwise the waiver waives nothing and is itself a finding:
``waiver-expired``, ``waiver-signature``, ``waiver-level`` or ``waiver-scope``
(:mod:`sdlc.evolution.waiver_problems`). Integrity findings, ``unverifiable`` and
``version-not-in-force`` are never waived (see docs/design.md, "Evolving the
process").
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..checking.context import CheckOptions
from ..model.process import Process
from ..model.roster import Roster
from ..rules.catalogue import Severity
from ..rules.findings import Finding, Report
from .waiver_file import WAIVER_RULES, RecordPattern, Waiver, WaiverFile, load_waivers
from .waiver_problems import problem


def apply_waivers(
    report: Report,
    waivers: WaiverFile,
    process: Process,
    roster: Roster,
    options: CheckOptions | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """``report`` with the findings that waivers in force accept marked waived.

    A waiver that matches a finding but cannot waive it on the day of ``now``
    (default: the options' clock, else the current time) waives nothing and adds
    a finding about the waiver after the finding it would have waived (see
    :func:`~sdlc.evolution.waiver_problems.problem`). When some matching waiver
    waives the finding, the others are not reported; each waiver's problem is
    reported once per report.
    """
    if report.error is not None or report.risk is None or not waivers.waivers:
        return report
    options = options or CheckOptions()
    today = (now or options.now or dt.datetime.now(dt.UTC)).date()
    findings: list[Finding] = []
    reported: set[str] = set()
    for finding in report.findings:
        matching = [w for w in waivers.waivers if w.matches(report.record, finding)]
        problems: dict[str, Finding] = {}
        accepted: Waiver | None = None
        for waiver in matching:
            found = problem(waiver, finding, report, process, roster, options, today)
            if found is None:
                accepted = waiver
                break
            if waiver.id not in reported and found.severity is not Severity.OFF:
                problems[waiver.id] = found
        if accepted is not None:
            findings.append(dataclasses.replace(finding, waived=accepted.words()))
            continue
        findings.append(finding)
        findings += problems.values()
        reported.update(problems)
    result = dataclasses.replace(report, findings=findings)
    if result.compliant:
        result.repair = []
    return result


__all__ = [
    "WAIVER_RULES",
    "RecordPattern",
    "Waiver",
    "WaiverFile",
    "apply_waivers",
    "load_waivers",
]
