"""Suggestions in the process's words, each with the evidence it rests on and the
share of changes it affects.

Each group of changes (a risk level of a team) is read for:

- a stage skipped, or waived, in at least :data:`AT_LEAST_SHARE` of the changes it
  applies to (and in at least :data:`AT_LEAST_CHANGES` changes);
- an ordering the process forbids, as often;
- the stage with the longest median time, when that is :data:`SLOW` or more, with
  the role it was performed in and how many people hold that role;
- rework back to one stage in at least :data:`REWORK_SHARE` of the changes;
- two stages always done one right after the other that the process does not order.

Over all changes, a conditional stage that always or never applied is one too.
A suggestion that changes the process carries a :class:`~.proposals.Proposal`:
what ``sdlc diff`` says of the change, weakenings named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .applicability import Applicability
from .cases import Case, Selection
from .groups import Group
from .holders import holders
from .proposals import Proposal, Proposals
from .wording import DAY, duration, percent, share

AT_LEAST_SHARE = 0.10
AT_LEAST_CHANGES = 3
REWORK_SHARE = 0.25
SLOW = DAY
"""A median stage time (in seconds) at which the longest one is worth a suggestion."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One thing the process's owners could do, with its evidence."""

    kind: str
    """skipped, waived, out-of-order, slow, rework, together, always-applies or
    never-applies."""
    risk: str | None
    team: str | None
    text: str
    evidence: str
    advice: str
    changes: int
    of: int
    proposal: Proposal | None = None

    @property
    def share(self) -> float:
        return share(self.changes, self.of)

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "risk": self.risk,
            "team": self.team,
            "text": self.text,
            "evidence": self.evidence,
            "advice": self.advice,
            "changes": self.changes,
            "of": self.of,
            "share": self.share,
            "proposal": None if self.proposal is None else self.proposal.as_dict(),
        }


def _enough(part: int, whole: int, least: float = AT_LEAST_SHARE) -> bool:
    return part >= AT_LEAST_CHANGES and share(part, whole) >= least


@dataclass
class _Reading:
    """The suggestions for one group, as they are found."""

    group: Group
    where: str
    proposals: Proposals
    out: list[Suggestion] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.group.cases)

    def add(self, kind: str, text: str, evidence: str, advice: str, counts: tuple[int, int],
            proposal: Proposal | None = None) -> None:  # fmt: skip
        g = self.group
        self.out.append(Suggestion(kind, g.risk, g.team, text, evidence, advice, *counts, proposal))

    def gaps(self, case: Case) -> None:
        for gap in self.group.deviations.ranked_gaps():
            risk = self.group.risk or case.risk
            drop = f"'{gap.stage}' was {{}} in {{}} of {self.where} ({{}} of {gap.applies})"
            waived, skipped = len(gap.waived), len(gap.skipped)
            if _enough(waived, gap.applies):
                who = ", ".join(
                    f"{'1 waiver' if n == 1 else f'{n} waivers'} approved by {person} ({level})"
                    for person, level, n in gap.approvers()
                )
                rules = ", ".join(f"{rule} {n}" for rule, n in sorted(gap.rules.items()))
                self.add(
                    "waived",
                    drop.format("waived", percent(waived, gap.applies), waived),
                    f"waived findings: {rules}; {who}",
                    "If this is the rule rather than the exception, change the process instead "
                    "of waiving it again and again; otherwise have the stage done.",
                    (waived, gap.applies),
                    self.proposals.not_at_risk(case.process, gap.stage, risk),
                )
            if _enough(skipped, gap.applies):
                self.add(
                    "skipped",
                    drop.format("skipped", percent(skipped, gap.applies), skipped),
                    "missing-stage findings that no waiver accepts",
                    "Have the stage done before the deployment, or change the process.",
                    (skipped, gap.applies),
                    self.proposals.not_at_risk(case.process, gap.stage, risk),
                )

    def orders(self, case: Case) -> None:
        n_all = self.changes
        for stage, before, n in self.group.deviations.ranked_orders(knock_on=False):
            if not _enough(n, n_all):
                continue
            figures = f"in {percent(n, n_all)} of {self.where} ({n} of {n_all})"
            if before:
                self.add(
                    "out-of-order",
                    f"'{stage}' was recorded before '{before[0]}', which it depends on, {figures}",
                    "out-of-order findings",
                    f"Record '{stage}' only once '{before[0]}' is complete for the same "
                    "subject, or change the process.",
                    (n, n_all),
                    self.proposals.without_dependency(case.process, stage, before[0]),
                )
            else:
                self.add(
                    "out-of-order",
                    f"'{stage}' came after what it depends on had been redone or "
                    f"invalidated, and before that was complete again, {figures}",
                    "out-of-order findings",
                    f"Complete what '{stage}' depends on again, for the final subject, first.",
                    (n, n_all),
                )

    def slow(self) -> None:
        longest = self.group.times.longest(1)
        if not longest:
            return
        stage, spread = longest[0]
        if spread.median < SLOW or spread.count < AT_LEAST_CHANGES:
            return
        measured = self.group.times.changes.get(stage, 0)
        evidence = (
            f"{spread.count} completions in {measured} of {self.changes} changes, each "
            "measured from the completion of what it depends on"
        )
        found = holders(self.group.cases, stage)
        if found is not None:
            evidence += f"; {found.words()}"
        self.add(
            "slow",
            f"'{stage}' waits a median of {duration(spread.median)} (90 % within "
            f"{duration(spread.p90)}) in {self.where}, the longest of any stage",
            evidence,
            "More people in that role (a change to the roster, not to the process), or "
            "starting the stage earlier, would shorten the wait.",
            (measured, self.changes),
        )

    def rework(self) -> None:
        for loop in self.group.flow.ranked_loops():
            if not _enough(loop.changes, self.changes, REWORK_SHARE):
                continue
            after = ", ".join(f"'{s}' {n}" for s, n in loop.after.most_common(3))
            self.add(
                "rework",
                f"{percent(loop.changes, self.changes)} of {self.where} went back to "
                f"'{loop.stage}' ({loop.times} times in {loop.changes} of {self.changes})",
                f"the steps back came after {after}",
                f"Rework needs no change to the process (a new event of '{loop.stage}' redoes "
                "what follows it); the notes of the events before it say why it was needed.",
                (loop.changes, self.changes),
            )

    def together(self, case: Case) -> None:
        process, graph = case.process, case.graph
        for first, then, n in self.group.flow.together():
            if not (process.has_stage(first) and process.has_stage(then)):
                continue
            if graph.leads_to(first, then) or graph.leads_to(then, first):
                continue
            with_first = sum(first in c.stages for c in self.group.cases)
            self.add(
                "together",
                f"'{first}' and '{then}' were always done one right after the other in "
                f"{self.where} ({n} times), though the process does not order them",
                f"every event of '{first}' was directly followed by one of '{then}', and "
                f"every event of '{then}' directly followed one of '{first}'",
                "If that is how the work is done, the process can say so.",
                (with_first, self.changes),
                self.proposals.with_dependency(process, then, first),
            )


def suggest(group: Group, selection: Selection, proposals: Proposals) -> list[Suggestion]:
    """The suggestions for one group of changes; see the module docstring. Process
    changes are proposed to the version the group's last change follows."""
    if not group.cases:
        return []
    reading = _Reading(group, f"{group.words}{selection.words()}", proposals)
    case = group.cases[-1]
    reading.gaps(case)
    reading.orders(case)
    reading.slow()
    reading.rework()
    reading.together(case)
    return reading.out


def conditional(
    found: list[Applicability], selection: Selection, proposals: Proposals, cases: list[Case]
) -> list[Suggestion]:
    """Suggestions about conditional stages that always or never applied."""
    out = []
    process = cases[-1].process if cases else None
    for a in found:
        where = ("changes" if a.risk is None else f"{a.risk}-risk changes") + selection.words()
        proposal = None
        if a.always:
            if process is not None:
                proposal = proposals.unconditional(process, a.stage)
            text = f"'{a.stage}' applied to every one of the {a.of} {where}"
            advice = "Its condition decides nothing in practice; the process could drop it."
        else:
            text = f"'{a.stage}' applied to none of the {a.of} {where}"
            advice = (
                "Check that its condition still describes the changes it is meant for, and "
                "that records declare the attributes it tests."
            )
        kind = "always-applies" if a.always else "never-applies"
        evidence = f"its condition: {a.condition}"
        out.append(Suggestion(kind, a.risk, None, text, evidence, advice, a.of, a.of, proposal))
    return out
