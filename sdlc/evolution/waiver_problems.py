"""Why a waiver cannot waive a finding, as a finding of its own.

A waiver that matches a finding waives it only if none of these holds, checked in
this order (the first is reported): it expired (``waiver-expired``); its signature
is missing where the process requires one, or is by a key the roster does not give
its approver, or does not verify (``waiver-signature``); its approver is not in the
roster or held too low a level on the day of approval (``waiver-level``); or it
reaches further than the process's waiver policy allows: approved on a day still
to come, running longer than ``max_days``, or naming records by a pattern where
the policy wants ids, or by one without a fixed prefix (``waiver-scope``). See
docs/design.md, "Evolving the process".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..checking.context import CheckOptions
from ..errors import suggest
from ..model.process import Process
from ..model.roster import Roster
from ..rules.findings import Finding, Report, resolve_severity
from .waiver_file import WILDCARDS, Waiver, waiver_payload


@dataclass(frozen=True, slots=True)
class _Case:
    """One waiver held against one finding of one report."""

    waiver: Waiver
    finding: Finding
    report: Report
    options: CheckOptions

    @property
    def about(self) -> str:
        finding = self.finding
        if finding.event is not None:
            return f"{finding.rule} at event #{finding.event}"
        if finding.stage is not None:
            return f"{finding.rule} at stage '{finding.stage}'"
        return finding.rule

    def problem(self, rule: str, message: str, hint: str) -> Finding:
        return Finding(
            rule,
            resolve_severity(rule, self.options.severity, strict=self.options.strict),
            f"record {self.report.record}, waiver {self.waiver.id}: {message}",
            hint,
            record=self.report.record,
            event=self.finding.event,
            stage=self.finding.stage,
            actor=self.waiver.approver,
        )


def problem(
    waiver: Waiver,
    finding: Finding,
    report: Report,
    process: Process,
    roster: Roster,
    options: CheckOptions,
    today: dt.date,
) -> Finding | None:
    """Why ``waiver`` cannot waive ``finding`` on ``today``, as a finding; ``None`` if
    it can."""
    case = _Case(waiver, finding, report, options)
    risk = report.risk or process.risk.default
    needed = process.waiver_level(finding.rule, risk)
    if today > waiver.expires:
        return case.problem(
            "waiver-expired",
            f"expired on {waiver.expires.isoformat()}, so it no longer waives {case.about}",
            f"fix the finding, or have a new waiver approved at level {needed} or higher",
        )
    return (
        _signature(case, process, roster)
        or _level(case, process, roster, risk, needed)
        or _scope(case, process, today)
    )


def _signature(case: _Case, process: Process, roster: Roster) -> Finding | None:
    waiver = case.waiver
    approver = waiver.approver
    signature = waiver.signature
    rule = "waiver-signature"
    if signature is None:
        if not process.waivers.signed:
            return None
        return case.problem(
            rule,
            f"is not signed, but {process.ref} requires waivers to be signed by their "
            f"approver, so it waives nothing ({case.about})",
            f"have {approver} sign the waiver with their key (see docs/evolution.md)",
        )
    listed = roster.keys.get(signature.key)
    if listed is None:
        return case.problem(
            rule,
            f"is signed with key '{signature.key}', which the roster does not list, so it "
            f"waives nothing ({case.about})",
            f"add {approver}'s public key '{signature.key}' to the roster, or have {approver} "
            "sign with a key it lists",
        )
    owner, key = listed
    if owner.id != approver:
        return case.problem(
            rule,
            f"is signed with key '{signature.key}', which belongs to {owner.id}, not to its "
            f"approver {approver}, so it waives nothing ({case.about})",
            f"find out why {owner.id}'s key signed a waiver approved by {approver}; have "
            f"{approver} sign it",
        )
    day = waiver.approved
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)
    if not (key.valid_at(start) or key.valid_at(end)):
        return case.problem(
            rule,
            f"is signed with key '{signature.key}', valid {key.validity()}, but the waiver "
            f"was approved on {day.isoformat()}, so it waives nothing ({case.about})",
            "sign with a key that was valid on the day of approval, or correct the key's "
            "validity in the roster",
        )
    from ..integrity.signing import verify  # loads cryptography only when needed

    if verify(key.raw, waiver_payload(waiver), signature.value):
        return None
    return case.problem(
        rule,
        f"its signature does not verify with {approver}'s key '{signature.key}': the waiver "
        f"was changed after it was signed, so it waives nothing ({case.about})",
        f"restore the waiver as it was signed, or have {approver} sign the changed waiver",
    )


def _level(case: _Case, process: Process, roster: Roster, risk: str, needed: str) -> Finding | None:
    waiver = case.waiver
    person = roster.by_id.get(waiver.approver)
    if person is None:
        return case.problem(
            "waiver-level",
            suggest(
                f"approver '{waiver.approver}' is not in the roster, so it waives nothing "
                f"({case.about})",
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
    return case.problem(
        "waiver-level",
        f"approved by {waiver.approver}, who held {level} on {waiver.approved.isoformat()}, "
        f"but a waiver of {case.finding.rule} at risk {risk} needs level {needed} or higher, "
        f"so it waives nothing ({case.about})",
        f"have someone at level {needed} or higher approve the waiver",
    )


def _scope(case: _Case, process: Process, today: dt.date) -> Finding | None:
    waiver = case.waiver
    policy = process.waivers
    rule = "waiver-scope"
    if today < waiver.approved:
        return case.problem(
            rule,
            f"was approved on {waiver.approved.isoformat()}, a day still to come, so it "
            f"waives nothing yet ({case.about})",
            "correct the day of approval: a waiver applies from the day it was approved",
        )
    days = (waiver.expires - waiver.approved).days
    if days > policy.max_days:
        last = waiver.approved + dt.timedelta(days=policy.max_days)
        return case.problem(
            rule,
            f"runs {days} days, from {waiver.approved.isoformat()} to "
            f"{waiver.expires.isoformat()}, but {process.ref} allows a waiver at most "
            f"{policy.max_days} days from its approval, so it waives nothing ({case.about})",
            f"have a waiver approved that expires by {last.isoformat()}, and fix the finding "
            "before then",
        )
    if not waiver.is_pattern:
        return None
    if not policy.record_patterns:
        return case.problem(
            rule,
            f"names its records by the pattern '{waiver.record}', but {process.ref} requires "
            f"a waiver to name its record by id, so it waives nothing ({case.about})",
            f"name the record: record: {case.report.record}",
        )
    if waiver.record[0] in WILDCARDS:
        return case.problem(
            rule,
            f"names its records by the pattern '{waiver.record}', which does not start with "
            f"a fixed prefix, and a waiver MUST NOT cover every record, so it waives nothing "
            f"({case.about})",
            f"start the pattern with the records' common prefix, or name the record: record: "
            f"{case.report.record}",
        )
    return None
