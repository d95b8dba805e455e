"""Waivers: recorded, approved, expiring exceptions to one rule for some changes.

A waiver file lists waivers; :func:`apply_waivers` runs after the checker, on its
report. A finding a waiver matches is marked waived (it no longer fails) when
the waiver is still in force and its approver held the level the process
requires (``waivers`` in the process, per rule and risk). An expired or
under-approved waiver waives nothing and is itself a finding: ``waiver-expired``
or ``waiver-level``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Annotated

from pydantic import Field, StrictInt, field_validator, model_validator

from ..checking.checker import CheckOptions
from ..errors import suggest
from ..load.loaders import validate
from ..load.source import load_file
from ..model.process import Process
from ..model.roster import Roster
from ..model.types import Model, Slug, Text
from ..rules.catalogue import RULES, Severity
from ..rules.findings import Finding, Report, resolve_severity

WAIVER_RULES = ("waiver-expired", "waiver-level")
"""The rules about waivers themselves; no waiver can waive them."""

RecordPattern = Annotated[str, Field(pattern=r"^[A-Za-z0-9*?\[][A-Za-z0-9*?\[\]!._-]{0,127}$")]
"""A record id, or a pattern over record ids (``*``, ``?`` and ``[...]`` as in fnmatch)."""


class Waiver(Model):
    """One approved exception to one rule, for the records it names, until it expires."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = Field(
        description="Identifier of the waiver, e.g. WV-2026-004; shown with every finding "
        "it waives."
    )
    rule: Slug = Field(description="Slug of the rule waived, e.g. coverage-below-profile.")
    record: RecordPattern = Field(
        description="Id of the record waived, or a pattern over record ids with * and ? "
        "(e.g. EID-24*)."
    )
    stage: Slug | None = Field(
        None, description="Only findings about this stage are waived; any stage when absent."
    )
    event: Annotated[StrictInt, Field(ge=1)] | None = Field(
        None, description="Only findings about this event (1 is the first) are waived."
    )
    reason: Annotated[Text, Field(min_length=1)] = Field(
        description="Why the exception is accepted, and what makes up for it."
    )
    approver: Slug = Field(description="Who approved the waiver, as the roster names them.")
    approved: dt.date = Field(description="Day the waiver was approved (YYYY-MM-DD).")
    expires: dt.date = Field(
        description="Last day the waiver applies (YYYY-MM-DD); from the day after, it waives "
        "nothing and is reported as waiver-expired."
    )

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, rule: str) -> str:
        if rule not in RULES:
            raise ValueError(
                suggest(f"unknown rule {rule!r} ('sdlc explain' lists them)", rule, RULES)
            )
        if rule in WAIVER_RULES:
            raise ValueError(f"a waiver MUST NOT waive {rule}")
        return rule

    @model_validator(mode="after")
    def _sound(self) -> Waiver:
        if self.expires < self.approved:
            raise ValueError("a waiver MUST NOT expire before it was approved")
        return self

    def matches(self, record: str, finding: Finding) -> bool:
        """Whether this waiver names ``finding`` of the record ``record``."""
        return (
            finding.rule == self.rule
            and fnmatchcase(record, self.record)
            and (self.stage is None or self.stage == finding.stage)
            and (self.event is None or self.event == finding.event)
        )

    def words(self) -> str:
        """``WV-2026-004: reason`` as a waived finding shows it."""
        return f"{self.id}: {self.reason.strip()}"


class WaiverFile(Model):
    """A file of waivers, usually kept beside the records, reviewed like code."""

    waivers: tuple[Waiver, ...] = Field(description="The waivers, in any order.")

    @model_validator(mode="after")
    def _unique(self) -> WaiverFile:
        seen: set[str] = set()
        for waiver in self.waivers:
            if waiver.id in seen:
                raise ValueError(f"waiver id {waiver.id!r} is listed twice; ids MUST be unique")
            seen.add(waiver.id)
        return self


def load_waivers(path: Path | str) -> WaiverFile:
    """Load a waiver file; raise a located :class:`~sdlc.errors.InputError` if malformed."""
    return validate(WaiverFile, load_file(path))


def apply_waivers(
    report: Report,
    waivers: WaiverFile,
    process: Process,
    roster: Roster,
    options: CheckOptions | None = None,
    now: dt.datetime | None = None,
) -> Report:
    """``report`` with the findings that waivers in force accept marked waived.

    A waiver that matches a finding but expired before ``now`` (default: the
    options' clock, else the current time), or whose approver held less than the
    level the process requires for the rule at the change's risk, waives nothing
    and adds a ``waiver-expired`` or ``waiver-level`` finding after the finding
    it would have waived. When some matching waiver is in force, the others are
    not reported.
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
            problem = _problem(waiver, finding, report, process, roster, options, today)
            if problem is None:
                accepted = waiver
                break
            if waiver.id not in reported and problem.severity is not Severity.OFF:
                problems[waiver.id] = problem
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


def _problem(
    waiver: Waiver,
    finding: Finding,
    report: Report,
    process: Process,
    roster: Roster,
    options: CheckOptions,
    today: dt.date,
) -> Finding | None:
    """Why ``waiver`` cannot waive ``finding``, as a finding; ``None`` if it can."""
    about = _about(finding)
    risk = report.risk or process.risk.default
    needed = process.waiver_level(finding.rule, risk)
    if today > waiver.expires:
        return _finding(
            "waiver-expired",
            report,
            finding,
            waiver,
            options,
            f"expired on {waiver.expires.isoformat()}, so it no longer waives {about}",
            f"fix the finding, or have a new waiver approved at level {needed} or higher",
        )
    person = roster.by_id.get(waiver.approver)
    if person is None:
        return _finding(
            "waiver-level",
            report,
            finding,
            waiver,
            options,
            suggest(
                f"approver '{waiver.approver}' is not in the roster, so it waives nothing "
                f"({about})",
                waiver.approver,
                roster.by_id,
            ),
            "name the approver by their roster id, or add them to the roster",
        )
    ranks = [
        process.org_rank(process.roles[role].level)
        for role in person.roles_on(waiver.approved)
        if role in process.roles
    ]
    held = max(ranks, default=0)
    if held >= process.org_rank(needed):
        return None
    level = process.org_levels[held - 1] if held else "no level"
    return _finding(
        "waiver-level",
        report,
        finding,
        waiver,
        options,
        f"approved by {waiver.approver}, who held {level} on {waiver.approved.isoformat()}, "
        f"but a waiver of {finding.rule} at risk {risk} needs level {needed} or higher, "
        f"so it waives nothing ({about})",
        f"have someone at level {needed} or higher approve the waiver",
    )


def _about(finding: Finding) -> str:
    if finding.event is not None:
        return f"{finding.rule} at event #{finding.event}"
    if finding.stage is not None:
        return f"{finding.rule} at stage '{finding.stage}'"
    return finding.rule


def _finding(
    rule: str,
    report: Report,
    finding: Finding,
    waiver: Waiver,
    options: CheckOptions,
    message: str,
    hint: str,
) -> Finding:
    return Finding(
        rule,
        resolve_severity(rule, options.severity, strict=options.strict),
        f"record {report.record}, waiver {waiver.id}: {message}",
        hint,
        record=report.record,
        event=finding.event,
        stage=finding.stage,
        actor=waiver.approver,
    )
