"""Where practice leaves the process: orderings it forbids, and stages skipped or
waived, read off the checker's findings (see docs/design.md, "When each rule
fires").

A finding counts when it fails its record or a waiver accepts it; warnings and
information do not. Each is counted once per change.

- **Out of order**: ``out-of-order`` findings, by stage and by what the event came
  before: the stages it depends on directly that were completed only after it (a
  test recorded before the build it tests). When there are none, the event came
  after its dependencies had been invalidated and before they were done again; a
  deployment's finding is always of that kind.
- **Skipped**: failing ``missing-stage`` findings (and ``incomplete`` ones about a
  stage that should have followed the deployment), by stage.
- **Waived**: every waived finding about a stage, by stage and rule, with the
  waiver, who approved it and the highest organisational level they held on the
  day of approval (from the roster; ``unknown`` without one).

Shares are of the changes to which the stage applies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..evolution.waiver_file import Waiver, WaiverFile
from ..model.stage import StageKind
from ..rules.findings import Finding
from .cases import Case

SKIPPING = frozenset({"missing-stage", "incomplete"})


@dataclass(frozen=True, slots=True)
class Approval:
    """Who approved a waiver, and at which level."""

    waiver: str
    approver: str
    level: str


@dataclass
class Gap:
    """How often one stage was skipped or waived."""

    stage: str
    applies: int = 0
    skipped: set[str] = field(default_factory=set)
    waived: set[str] = field(default_factory=set)
    rules: Counter[str] = field(default_factory=Counter)
    """Rule → waived findings."""
    approvals: Counter[Approval] = field(default_factory=Counter)
    """Who approved the waived findings: approval → findings."""

    def approvers(self) -> list[tuple[str, str, int]]:
        """(approver, level, waivers), most waivers first."""
        counts = Counter((a.approver, a.level) for a in self.approvals)
        return [(who, level, n) for (who, level), n in sorted(
            counts.items(), key=lambda kv: (-kv[1], kv[0]))]  # fmt: skip


@dataclass
class Deviations:
    """The orderings forbidden and stages skipped or waived in some changes."""

    changes: int = 0
    out_of_order: dict[tuple[str, tuple[str, ...]], set[str]] = field(default_factory=dict)
    """(stage, stages it came before) → the changes."""
    gaps: dict[str, Gap] = field(default_factory=dict)

    def ranked_orders(self, *, knock_on: bool = True) -> list[tuple[str, tuple[str, ...], int]]:
        """(stage, stages it came before, changes), most changes first. Without
        ``knock_on``, a finding that names no stage it came before is not counted in a
        change that also has one that does: there it follows from that one (an approval
        after tests that were run before the build)."""
        named = set().union(*(ids for (_, b), ids in self.out_of_order.items() if b))
        found = []
        for (stage, before), ids in self.out_of_order.items():
            count = len(ids) if knock_on or before else len(ids - named)
            if count:
                found.append((stage, before, count))
        return sorted(found, key=lambda item: (-item[2], item[0], item[1]))

    def ranked_gaps(self) -> list[Gap]:
        gaps = [g for g in self.gaps.values() if g.skipped or g.waived]
        return sorted(gaps, key=lambda g: (-len(g.skipped | g.waived), g.stage))


def deviations_of(cases: Iterable[Case], waivers: WaiverFile | None) -> Deviations:
    """The deviations of ``cases``; ``waivers`` names who approved each waiver."""
    approvers = {} if waivers is None else {w.id: w for w in waivers.waivers}
    out = Deviations()
    for case in cases:
        out.changes += 1
        for stage in case.view.stages:
            out.gaps.setdefault(stage, Gap(stage)).applies += 1
        for finding in case.report.findings:
            if not (finding.failing or finding.waived is not None):
                continue
            if finding.rule == "out-of-order" and finding.stage is not None:
                key = (finding.stage, _before(case, finding))
                out.out_of_order.setdefault(key, set()).add(case.record.id)
            if finding.stage is None:
                continue
            gap = out.gaps.setdefault(finding.stage, Gap(finding.stage))
            if finding.waived is not None:
                gap.waived.add(case.record.id)
                gap.rules[finding.rule] += 1
                gap.approvals[_approval(case, finding.waived, approvers)] += 1
            elif finding.rule in SKIPPING and _skips(case, finding):
                gap.skipped.add(case.record.id)
    return out


def _skips(case: Case, finding: Finding) -> bool:
    """Whether the finding says the stage was left out (not: no deployment yet)."""
    if finding.rule == "missing-stage":
        return True
    process = case.process
    stage = finding.stage
    return (
        stage is not None
        and process.has_stage(stage)
        and process.stage(stage).kind is not StageKind.DEPLOYMENT
    )


def _before(case: Case, finding: Finding) -> tuple[str, ...]:
    """The direct dependencies of the finding's event completed only after it."""
    number = finding.event
    stage = finding.stage
    process = case.process
    if number is None or stage is None or not process.has_stage(stage):
        return ()
    if process.stage(stage).kind is StageKind.DEPLOYMENT:
        return ()
    later = {e.stage for e in case.record.events[number:] if e.outcome.completes}
    direct = {s for group in case.view.requires.get(stage, ()) for s in group}
    return tuple(s for s in case.view.order if s in direct and s in later)


def _approval(case: Case, waived: str, waivers: dict[str, Waiver]) -> Approval:
    ident = waived.split(":", 1)[0].strip()
    waiver = waivers.get(ident)
    if waiver is None:
        return Approval(ident, "unknown", "unknown")
    level = "unknown"
    person = None if case.roster is None else case.roster.by_id.get(waiver.approver)
    if person is not None:
        process = case.process
        ranks = [
            process.org_rank(process.roles[r].level)
            for r in person.roles_on(waiver.approved)
            if r in process.roles
        ]
        level = process.org_levels[max(ranks) - 1] if ranks else "no level"
    return Approval(waiver.id, waiver.approver, level)
